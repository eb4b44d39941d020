//! The ranking a sort asks for: by relevance (with sponsor and recurring links left out after
//! ranking, so Tantivy can still skip blocks of postings), newest first or oldest first.

use std::collections::HashSet;
use std::ops::Range;

use tantivy::collector::sort_key::SortByStaticFastValue;
use tantivy::collector::TopDocs;
use tantivy::query::{EnableScoring, Query};
use tantivy::DocSet;
use tantivy::{DateTime, DocAddress, Order, Searcher};

use super::fill::fill_page;
use super::newest::newest_first;
use crate::model::field;
use crate::search::config::Sort;
use crate::search::query::Compiled;

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
/// leave the range short ([`fill_page`]): an exclusion inside the query would stop Tantivy from skipping blocks
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
    fill_page(
        range.clone(),
        range.end.saturating_add(LEFT_OUT_ROOM),
        usize::MAX,
        |fetch| {
            let top = searcher.search(
                &*compiled.included,
                &TopDocs::with_limit(fetch).order_by_score(),
            )?;
            let count = top.len();
            let left_out = matching(searcher, &**excluded, &top)?;
            let kept = scored(top)
                .filter(|(_, address)| !left_out.contains(address))
                .collect();
            Ok((kept, count))
        },
    )
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
