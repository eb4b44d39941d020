//! One row per link: the best hit of each canonical URL, and every issue that featured it, read
//! from fast fields (the URL hash, date and issue columns; no stored document is opened).

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::BooleanQuery;
use tantivy::{DateTime, DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader, Term};

use super::fill::fill_page;
use super::order::ranked;
use crate::index::schema::{tantivy_to_date, IndexFields, URL_HASH};
use crate::model::{day, field};
use crate::search::config::Sort;
use crate::search::query::Compiled;

/// One issue a link appeared in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Appearance {
    /// The issue's date, `YYYY-MM-DD` (`None` for an undated issue).
    pub date: Option<String>,
    /// The issue number, when it has one.
    pub issue: Option<u64>,
}

/// The URL hash column of each segment, opened on first use.
pub(super) struct UrlHashes<'a> {
    searcher: &'a Searcher,
    columns: HashMap<SegmentOrdinal, Column<u64>>,
}

impl<'a> UrlHashes<'a> {
    /// No column opened yet.
    pub(super) fn new(searcher: &'a Searcher) -> Self {
        Self {
            searcher,
            columns: HashMap::new(),
        }
    }

    /// The canonical-URL hash of the document at `address`.
    pub(super) fn get(&mut self, address: DocAddress) -> anyhow::Result<Option<u64>> {
        let column = match self.columns.entry(address.segment_ord) {
            std::collections::hash_map::Entry::Occupied(entry) => entry.into_mut(),
            std::collections::hash_map::Entry::Vacant(entry) => entry.insert(
                self.searcher
                    .segment_reader(address.segment_ord)
                    .fast_fields()
                    .u64(URL_HASH)?,
            ),
        };
        Ok(column.first(address.doc_id))
    }
}

/// The `page` of the ranking with only the best hit of each canonical URL. Fetches twice the
/// hits the page needs, and four times more each time repeated URLs leave it short ([`fill_page`]; a first
/// fetch of four times the page made a 1M-link first hit 0.2 ms slower: the top-k search
/// prunes less the more it keeps).
pub(super) fn unique_page(
    searcher: &Searcher,
    compiled: &Compiled,
    sort: Sort,
    page: Range<usize>,
    total: usize,
) -> anyhow::Result<Vec<(Option<f32>, DocAddress)>> {
    fill_page(page.clone(), page.end.saturating_mul(2), total, |fetch| {
        let hits = ranked(searcher, compiled, sort, 0..fetch)?;
        let count = hits.len();
        Ok((best_per_url(searcher, hits, page.end)?, count))
    })
}

/// Every issue that featured each link whose canonical URL hashes to one of `hashes`,
/// oldest first, by hash: one search for the whole page, a term query per link (Tantivy's
/// `TermSetQuery` was twice as slow here as ten separate searches).
pub(super) fn appearances(
    searcher: &Searcher,
    fields: &IndexFields,
    hashes: &[u64],
) -> anyhow::Result<HashMap<u64, Vec<Appearance>>> {
    if hashes.is_empty() {
        return Ok(HashMap::new());
    }
    let terms = hashes
        .iter()
        .map(|&hash| Term::from_field_u64(fields.url_hash, hash))
        .collect();
    let any = BooleanQuery::new_multiterms_query(terms);
    let found = searcher.search(&any, &AppearanceCollector)?;
    let mut by_hash: HashMap<u64, Vec<Appearance>> = HashMap::new();
    for (hash, appearance) in found {
        by_hash.entry(hash).or_default().push(appearance);
    }
    for appearances in by_hash.values_mut() {
        appearances.sort();
        appearances.dedup();
    }
    Ok(by_hash)
}

/// Keeps the first (best) hit of each URL from `ranked`, at most `wanted` of them.
fn best_per_url(
    searcher: &Searcher,
    ranked: Vec<(Option<f32>, DocAddress)>,
    wanted: usize,
) -> anyhow::Result<Vec<(Option<f32>, DocAddress)>> {
    let mut hashes = UrlHashes::new(searcher);
    let mut seen = HashSet::new();
    let mut kept = Vec::new();
    for (score, address) in ranked {
        if seen.insert(hashes.get(address)?) {
            kept.push((score, address));
            if kept.len() >= wanted {
                break;
            }
        }
    }
    Ok(kept)
}

/// Collects the URL hash, date and issue number of every matching document from their fast
/// columns.
struct AppearanceCollector;

/// [`AppearanceCollector`] for one segment.
struct SegmentAppearances {
    hashes: Column<u64>,
    dates: Column<DateTime>,
    issues: Column<u64>,
    found: Vec<(u64, Appearance)>,
}

impl Collector for AppearanceCollector {
    type Fruit = Vec<(u64, Appearance)>;
    type Child = SegmentAppearances;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentAppearances> {
        let fast = reader.fast_fields();
        Ok(SegmentAppearances {
            hashes: fast.u64(URL_HASH)?,
            dates: fast.date(field::DATE)?,
            issues: fast.u64(field::ISSUE)?,
            found: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        fruits: Vec<Vec<(u64, Appearance)>>,
    ) -> tantivy::Result<Vec<(u64, Appearance)>> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for SegmentAppearances {
    type Fruit = Vec<(u64, Appearance)>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let Some(hash) = self.hashes.first(doc) else {
            return;
        };
        self.found.push((
            hash,
            Appearance {
                date: self
                    .dates
                    .first(doc)
                    .map(|date| day::format(tantivy_to_date(date))),
                issue: self.issues.first(doc),
            },
        ));
    }

    fn harvest(self) -> Vec<(u64, Appearance)> {
        self.found
    }
}
