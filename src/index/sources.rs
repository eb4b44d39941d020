//! What an index already holds, per source file: content hash, issue identity and document count.
//! Read from fast fields at the start of an ingest, so unchanged files are skipped unparsed.

use std::collections::BTreeMap;

use anyhow::{anyhow, Context};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Index, ReloadPolicy, SegmentReader};

use time::Date;

use super::schema::{tantivy_to_date, SOURCE_HASH};
use crate::model::field;

/// The identity of an issue across files: its number and date. Two files with the same key are
/// the same issue, and only one of them may be in the index.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IssueKey {
    /// The newsletter it belongs to.
    pub newsletter: String,
    /// The issue number.
    pub number: u64,
    /// The issue date, when it has one.
    pub date: Option<Date>,
}

/// What the index holds for one source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedSource {
    /// Content hash of the file when it was ingested ([`super::schema::content_hash`]); `None`
    /// only if the document carrying it is missing, which makes the file count as changed.
    pub hash: Option<u64>,
    /// The issue it holds, when the issue has a number.
    pub issue: Option<IssueKey>,
    /// Number of link documents from this file.
    pub docs: u64,
    /// The newsletter it was ingested as.
    pub newsletter: String,
}

/// Every source in the index (as of its last commit), by source path.
pub fn indexed_sources(index: &Index) -> anyhow::Result<BTreeMap<String, IndexedSource>> {
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .context(super::UNREADABLE)?;
    let searcher = reader.searcher();
    let mut sources = BTreeMap::new();
    for segment in searcher.segment_readers() {
        merge_segment(segment, &mut sources).context(
            "cannot read the source list of the index; run `backissues ingest --rebuild PATH`",
        )?;
    }
    Ok(sources)
}

/// The terms of sorted, distinct `ords` of a string column, in the same order. One pass over the
/// dictionary: looking ords up one by one decompresses a dictionary block per lookup, which took
/// most of an unchanged re-ingest of a large archive.
fn terms_of(column: &StrColumn, ords: &[u64]) -> anyhow::Result<Vec<String>> {
    let mut terms = Vec::with_capacity(ords.len());
    let complete = column.dictionary().sorted_ords_to_term_cb(ords, |bytes| {
        terms.push(String::from_utf8_lossy(bytes).into_owned())
    })?;
    if !complete {
        return Err(anyhow!("a term ordinal is missing from its dictionary"));
    }
    Ok(terms)
}

/// Every term of a string column with few terms (the newsletters), by ordinal.
fn all_terms(column: &StrColumn) -> anyhow::Result<Vec<String>> {
    let ords: Vec<u64> = (0..column.num_terms() as u64).collect();
    terms_of(column, &ords)
}

/// One source as seen in one segment (a file's documents may be spread over segments; only one
/// of them carries the content hash).
struct SegmentSource {
    /// Its first document in the segment.
    doc: DocId,
    /// Its documents in the segment.
    count: u64,
    /// The content hash, if one of those documents carries it.
    hash: Option<u64>,
}

/// Adds one segment's sources into `sources`.
fn merge_segment(
    segment: &SegmentReader,
    sources: &mut BTreeMap<String, IndexedSource>,
) -> anyhow::Result<()> {
    let fast = segment.fast_fields();
    let missing = |name: &str| anyhow!("no `{name}` fast field");
    let source_col = fast
        .str(field::SOURCE)?
        .ok_or_else(|| missing(field::SOURCE))?;
    let hash_col = fast.u64(SOURCE_HASH)?;
    let issue_col = fast.u64(field::ISSUE)?;
    let date_col = fast.date(field::DATE)?;
    let newsletter_col = fast
        .str(field::NEWSLETTER)?
        .ok_or_else(|| missing(field::NEWSLETTER))?;

    let mut per_ord: BTreeMap<u64, SegmentSource> = BTreeMap::new();
    for doc in segment.doc_ids_alive() {
        let Some(ord) = source_col.term_ords(doc).next() else {
            continue;
        };
        let seen = per_ord.entry(ord).or_insert(SegmentSource {
            doc,
            count: 0,
            hash: None,
        });
        seen.count += 1;
        if seen.hash.is_none() {
            seen.hash = hash_col.first(doc);
        }
    }
    let source_ords: Vec<u64> = per_ord.keys().copied().collect();
    let names = terms_of(&source_col, &source_ords)?;
    let newsletters = all_terms(&newsletter_col)?;
    for (source, seen) in names.into_iter().zip(per_ord.into_values()) {
        let SegmentSource { doc, count, hash } = seen;
        let newsletter = newsletter_col
            .term_ords(doc)
            .next()
            .and_then(|ord| newsletters.get(usize::try_from(ord).ok()?))
            .cloned()
            .unwrap_or_default();
        let issue = issue_col.first(doc).map(|number| IssueKey {
            newsletter: newsletter.clone(),
            number,
            date: date_col.first(doc).map(tantivy_to_date),
        });
        sources
            .entry(source)
            .and_modify(|known: &mut IndexedSource| {
                known.docs += count;
                known.hash = known.hash.or(hash);
            })
            .or_insert(IndexedSource {
                hash,
                issue,
                docs: count,
                newsletter,
            });
    }
    Ok(())
}
