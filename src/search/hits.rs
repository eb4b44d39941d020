//! Hits and paging: the ranking a sort asks for, cut to the page (one row per link unless
//! `--all`), with snippets and each link's appearances.

use std::collections::HashMap;
use std::ops::Range;

use tantivy::collector::sort_key::SortByStaticFastValue;
use tantivy::collector::TopDocs;
use tantivy::query::Query;
use tantivy::{DateTime, DocAddress, Order, Searcher, TantivyDocument};

use super::config::{QueryConfig, Sort};
use super::newest::newest_first;
use super::query::Compiled;
use super::snippets::Snippets;
use super::unique::{Appearance, UrlHashes};
use super::Engine;
use crate::model::{field, LinkDoc};

/// One matching link, ready to render.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The stored document.
    pub doc: LinkDoc,
    /// BM25 score; `None` when hits are sorted by date.
    pub score: Option<f32>,
    /// A short fragment of the description (or of the title when there is no description).
    pub snippet: String,
    /// Byte ranges of `snippet` that matched the query words.
    pub highlights: Vec<Range<usize>>,
    /// Every issue that featured this link (same canonical URL), oldest first; `None` with
    /// `--all`, where each appearance is a hit of its own.
    pub appearances: Option<Vec<Appearance>>,
    /// True for a recurring link (shown only with `--include-recurring`).
    pub recurring: bool,
}

impl Engine {
    /// The page of hits, ranked, with snippets (and appearances unless `--all`).
    pub(super) fn hits(
        &self,
        searcher: &Searcher,
        config: &QueryConfig,
        compiled: &Compiled,
    ) -> anyhow::Result<Vec<Hit>> {
        let total = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        if config.offset >= total || config.limit == 0 {
            return Ok(Vec::new());
        }
        let limit = config.limit.min(total);
        let sort = config.effective_sort();
        let range = config.offset..config.offset + limit;
        let page = if config.all {
            ranked(searcher, &*compiled.query, sort, range)?
        } else {
            self.unique_page(searcher, &*compiled.query, sort, range, total)?
        };
        let mut url_hashes = UrlHashes::new(searcher);
        let hashes = page
            .iter()
            .map(|&(_, address)| url_hashes.get(address))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let appearances = if config.all {
            HashMap::new()
        } else {
            self.appearances(
                searcher,
                &hashes.iter().flatten().copied().collect::<Vec<_>>(),
            )?
        };
        let snippets = Snippets::new(searcher, compiled.words.as_deref(), &self.fields)?;
        page.into_iter()
            .zip(hashes)
            .map(|((score, address), hash)| {
                let stored: TantivyDocument = searcher.doc(address)?;
                let doc = self.fields.to_link_doc(&stored)?;
                let (snippet, highlights) = snippets.make(&doc);
                let appearances = hash
                    .filter(|_| !config.all)
                    .map(|hash| appearances.get(&hash).cloned().unwrap_or_default());
                let recurring =
                    hash.is_some_and(|hash| self.recurring.contains(Some(&doc.newsletter), hash));
                Ok(Hit {
                    doc,
                    score,
                    snippet,
                    highlights,
                    appearances,
                    recurring,
                })
            })
            .collect()
    }
}

/// The hits in `range` of the ranking `sort` asks for. Date orders break ties by position in
/// the issue.
pub(super) fn ranked(
    searcher: &Searcher,
    query: &dyn Query,
    sort: Sort,
    range: Range<usize>,
) -> anyhow::Result<Vec<(Option<f32>, DocAddress)>> {
    Ok(match sort {
        Sort::Relevance => searcher
            .search(query, &TopDocs::for_doc_range(range).order_by_score())?
            .into_iter()
            .map(|(score, address)| (Some(score), address))
            .collect(),
        Sort::Newest => {
            let newest = newest_first(searcher, query, range.end)?;
            newest
                .into_iter()
                .skip(range.start)
                .map(|address| (None, address))
                .collect()
        }
        Sort::Oldest => {
            let oldest = TopDocs::for_doc_range(range).order_by((
                (
                    SortByStaticFastValue::<DateTime>::for_field(field::DATE),
                    Order::Asc,
                ),
                (
                    SortByStaticFastValue::<u64>::for_field(field::POSITION),
                    Order::Asc,
                ),
            ));
            searcher
                .search(query, &oldest)?
                .into_iter()
                .map(|(_, address)| (None, address))
                .collect()
        }
    })
}
