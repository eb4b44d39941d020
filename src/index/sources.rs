//! What an index already holds, per source file: content hash, issue identity and document count.
//! Read from fast fields at the start of an ingest, so unchanged files are skipped unparsed.

use std::collections::{BTreeMap, HashMap};

use anyhow::{anyhow, Context};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Index, ReloadPolicy, SegmentReader};

use super::schema::{format_ymd, tantivy_to_date, SOURCE_HASH};
use crate::model::field;

/// The identity of an issue across files: its number and date. Two files with the same key are
/// the same issue, and only one of them may be in the index.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IssueKey {
    /// The issue number.
    pub number: u64,
    /// The issue date, `YYYY-MM-DD`.
    pub date: String,
}

/// What the index holds for one source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedSource {
    /// Content hash of the file when it was ingested.
    pub hash: String,
    /// The issue it holds, when the issue has a number.
    pub issue: Option<IssueKey>,
    /// Number of link documents from this file.
    pub docs: u64,
}

/// Every source in the index (as of its last commit), by source path.
pub fn indexed_sources(index: &Index) -> anyhow::Result<BTreeMap<String, IndexedSource>> {
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .context("cannot read the index")?;
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
    let hash_col = fast.str(SOURCE_HASH)?.ok_or_else(|| missing(SOURCE_HASH))?;
    let issue_col = fast.u64(field::ISSUE)?;
    let date_col = fast.date(field::DATE)?;

    let mut per_ord: BTreeMap<u64, (DocId, u64)> = BTreeMap::new();
    for doc in segment.doc_ids_alive() {
        let Some(ord) = source_col.term_ords(doc).next() else {
            continue;
        };
        per_ord.entry(ord).or_insert((doc, 0)).1 += 1;
    }
    let source_ords: Vec<u64> = per_ord.keys().copied().collect();
    let names = terms_of(&source_col, &source_ords)?;
    let hash_ord_of: Vec<Option<u64>> = per_ord
        .values()
        .map(|(doc, _)| hash_col.term_ords(*doc).next())
        .collect();
    let mut hash_ords: Vec<u64> = hash_ord_of.iter().flatten().copied().collect();
    hash_ords.sort_unstable();
    hash_ords.dedup();
    let hashes: HashMap<u64, String> = hash_ords
        .iter()
        .copied()
        .zip(terms_of(&hash_col, &hash_ords)?)
        .collect();
    for ((source, (doc, count)), hash_ord) in names
        .into_iter()
        .zip(per_ord.into_values())
        .zip(hash_ord_of)
    {
        let hash = hash_ord
            .and_then(|ord| hashes.get(&ord).cloned())
            .unwrap_or_default();
        let issue = issue_col
            .first(doc)
            .zip(date_col.first(doc))
            .map(|(number, date)| IssueKey {
                number,
                date: format_ymd(tantivy_to_date(date)),
            });
        sources
            .entry(source)
            .and_modify(|known: &mut IndexedSource| known.docs += count)
            .or_insert(IndexedSource {
                hash,
                issue,
                docs: count,
            });
    }
    Ok(())
}
