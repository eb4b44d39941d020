//! Hits and paging: the ranking a sort asks for, cut to the page (one row per link unless
//! `--all`), with snippets and each link's appearances.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use tantivy::collector::sort_key::SortByStaticFastValue;
use tantivy::collector::TopDocs;
use tantivy::query::{EnableScoring, Query};
use tantivy::DocSet;
use tantivy::{DateTime, DocAddress, Order, Searcher};

use super::config::{QueryConfig, Sort};
use super::newest::newest_first;
use super::query::Compiled;
use super::snippets::Snippets;
use super::unique::{Appearance, UrlHashes};
use super::Engine;
use crate::index::documents::LinkReader;
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
            ranked(searcher, compiled, sort, range)?
        } else {
            self.unique_page(searcher, compiled, sort, range, total)?
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
        let mut links = LinkReader::new(searcher, &self.fields);
        page.into_iter()
            .zip(hashes)
            .map(|((score, address), hash)| {
                let doc = links.get(address)?;
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
    compiled: &Compiled,
    sort: Sort,
    range: Range<usize>,
) -> anyhow::Result<Vec<(Option<f32>, DocAddress)>> {
    let query = &*compiled.query;
    Ok(match sort {
        Sort::Relevance => by_relevance(searcher, compiled, range)?,
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

/// The hits in `range` by relevance. When something is left out (sponsor or recurring links),
/// ranks what is included and drops the left-out links from the top, fetching more while they
/// leave the range short: an exclusion inside the query would stop Tantivy from skipping blocks
/// of postings that cannot reach the top, and the left-out links are few. The scores and the
/// order are those of the whole query: leaving a link out changes no other link's score.
fn by_relevance(
    searcher: &Searcher,
    compiled: &Compiled,
    range: Range<usize>,
) -> anyhow::Result<Vec<(Option<f32>, DocAddress)>> {
    let scored = |top: Vec<(f32, DocAddress)>| top.into_iter().map(|(s, a)| (Some(s), a));
    let Some(excluded) = &compiled.excluded else {
        let top = searcher.search(
            &*compiled.query,
            &TopDocs::for_doc_range(range).order_by_score(),
        )?;
        return Ok(scored(top).collect());
    };
    let mut fetch = range.end.saturating_add(LEFT_OUT_ROOM);
    loop {
        let top = searcher.search(
            &*compiled.included,
            &TopDocs::with_limit(fetch).order_by_score(),
        )?;
        let exhausted = top.len() < fetch;
        let left_out = matching(searcher, &**excluded, &top)?;
        let kept: Vec<_> = scored(top)
            .filter(|(_, address)| !left_out.contains(address))
            .collect();
        if kept.len() >= range.end || exhausted {
            return Ok(kept.into_iter().take(range.end).skip(range.start).collect());
        }
        fetch = fetch.saturating_mul(4);
    }
}

/// How many more hits than the range [`by_relevance`] fetches at first, for left-out links.
const LEFT_OUT_ROOM: usize = 16;

/// Which of `candidates` `query` matches, by moving its matches forward to each candidate in
/// turn (no search over all of its matches).
fn matching(
    searcher: &Searcher,
    query: &dyn Query,
    candidates: &[(f32, DocAddress)],
) -> tantivy::Result<HashSet<DocAddress>> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut by_segment: Vec<DocAddress> = candidates.iter().map(|(_, a)| *a).collect();
    by_segment.sort_unstable();
    let mut found = HashSet::new();
    for segment in by_segment.chunk_by(|a, b| a.segment_ord == b.segment_ord) {
        let reader = searcher.segment_reader(segment[0].segment_ord);
        let mut docs = weight.scorer(reader, 1.0)?;
        for address in segment {
            if docs.doc() < address.doc_id {
                docs.seek(address.doc_id);
            }
            if docs.doc() == address.doc_id {
                found.insert(*address);
            }
        }
    }
    Ok(found)
}
