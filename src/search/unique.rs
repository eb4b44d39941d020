//! One hit per URL (`--unique`) and every issue a URL appeared in, from the URL hash column.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::ops::{Bound, Range};

use serde::Serialize;
use tantivy::collector::DocSetCollector;
use tantivy::query::{Query, RangeQuery};
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

use super::config::Sort;
use super::hits::ranked;
use super::Engine;
use crate::index::schema::{url_hash, URL_HASH};
use crate::model::day;

/// One issue a URL appeared in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Appearance {
    /// The issue's date, `YYYY-MM-DD` (`None` for an undated issue).
    pub date: Option<String>,
    /// The issue number, when it has one.
    pub issue: Option<u64>,
}

impl Engine {
    /// The `page` of the ranking with only the best hit of each URL. Fetches a few times more
    /// hits than the page needs, and more only when repeated URLs leave it short.
    pub(super) fn unique_page(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        sort: Sort,
        page: Range<usize>,
        total: usize,
    ) -> anyhow::Result<Vec<(Option<f32>, DocAddress)>> {
        let mut fetch = page.end.saturating_mul(4).min(total);
        loop {
            let hits = ranked(searcher, query, sort, 0..fetch)?;
            let exhausted = hits.len() < fetch || fetch == total;
            let kept = self.best_per_url(searcher, hits, page.end)?;
            if kept.len() >= page.end || exhausted {
                return Ok(kept.into_iter().skip(page.start).collect());
            }
            fetch = fetch.saturating_mul(4).min(total);
        }
    }

    /// Keeps the first (best) hit of each URL from `ranked`, at most `wanted` of them.
    fn best_per_url(
        &self,
        searcher: &Searcher,
        ranked: Vec<(Option<f32>, DocAddress)>,
        wanted: usize,
    ) -> anyhow::Result<Vec<(Option<f32>, DocAddress)>> {
        let mut columns = HashMap::new();
        let mut seen = HashSet::new();
        let mut kept = Vec::new();
        for (score, address) in ranked {
            let column = match columns.entry(address.segment_ord) {
                Entry::Occupied(entry) => entry.into_mut(),
                Entry::Vacant(entry) => entry.insert(
                    searcher
                        .segment_reader(address.segment_ord)
                        .fast_fields()
                        .u64(URL_HASH)?,
                ),
            };
            if seen.insert(column.first(address.doc_id)) {
                kept.push((score, address));
                if kept.len() >= wanted {
                    break;
                }
            }
        }
        Ok(kept)
    }

    /// Every issue that features `url`, oldest first.
    pub(super) fn appearances(
        &self,
        searcher: &Searcher,
        url: &str,
    ) -> anyhow::Result<Vec<Appearance>> {
        let hash = Term::from_field_u64(self.fields.url_hash, url_hash(url));
        let query = RangeQuery::new(Bound::Included(hash.clone()), Bound::Included(hash));
        let mut found = Vec::new();
        for address in searcher.search(&query, &DocSetCollector)? {
            let stored: TantivyDocument = searcher.doc(address)?;
            let doc = self.fields.to_link_doc(&stored)?;
            found.push(Appearance {
                date: doc.date.map(day::format),
                issue: doc.issue,
            });
        }
        found.sort();
        found.dedup();
        Ok(found)
    }
}
