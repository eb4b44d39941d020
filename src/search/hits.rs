//! Hits and paging: the ranking a sort asks for, cut to the page (one row per link unless
//! `--all`), with snippets and each link's appearances.

use std::ops::Range;

use tantivy::collector::sort_key::SortByStaticFastValue;
use tantivy::collector::TopDocs;
use tantivy::query::Query;
use tantivy::{DateTime, DocAddress, Order, Searcher, TantivyDocument};

use super::config::{QueryConfig, Sort};
use super::newest::NewestFirst;
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
        let mut hashes = UrlHashes::new(searcher);
        let snippets = Snippets::new(searcher, compiled.words.as_deref(), &self.fields)?;
        page.into_iter()
            .map(|(score, address)| {
                let stored: TantivyDocument = searcher.doc(address)?;
                let doc = self.fields.to_link_doc(&stored)?;
                let (snippet, highlights) = snippets.make(&doc);
                let appearances = match hashes.get(address)? {
                    Some(hash) if !config.all => Some(self.appearances(searcher, hash)?),
                    _ => None,
                };
                Ok(Hit {
                    doc,
                    score,
                    snippet,
                    highlights,
                    appearances,
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
            let newest = searcher.search(query, &NewestFirst { limit: range.end })?;
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
