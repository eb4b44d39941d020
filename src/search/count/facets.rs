//! Facets: the matching links counted by section, year or domain: distinct links (canonical
//! URLs) per value by default, every appearance with `--all`, as `--count` counts.

use serde::Serialize;
use tantivy::query::Query;
use tantivy::Searcher;

use super::counts::{CountBy, Counter, DistinctLinks, FastMap, Key};
use crate::index::schema::HOST;
use crate::model::field;
use crate::search::config::FacetField;

/// How many values a facet lists at most.
const FACET_TOP: usize = 20;

/// How many matching links hold one value of a facet field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    /// The value (a section slug, a year, a host).
    pub value: String,
    /// The number of matching links (distinct links, or appearances with `--all`).
    pub count: u64,
}

/// Counts the matching links by `field` (their appearances when `all`): the top values by
/// count, or every year in year order.
pub(crate) fn facet(
    searcher: &Searcher,
    query: &dyn Query,
    field: FacetField,
    all: bool,
) -> anyhow::Result<Vec<FacetCount>> {
    let by = match field {
        FacetField::Section => CountBy::Text(field::SECTION),
        FacetField::Year => CountBy::Int(field::YEAR),
        FacetField::Domain => CountBy::Text(HOST),
        FacetField::Newsletter => CountBy::Text(field::NEWSLETTER),
    };
    let tally = if all {
        let [tally] = searcher.search(query, &Counter { fields: [by] })?;
        tally
    } else {
        searcher.search(query, &DistinctLinks { by })?
    };
    Ok(match field {
        FacetField::Year => by_key(tally),
        FacetField::Section | FacetField::Domain | FacetField::Newsletter => {
            by_count(tally, FACET_TOP)
        }
    })
}

/// The `top` values with the most documents, most first (ties by value).
pub(super) fn by_count(tally: FastMap<Key, u64>, top: usize) -> Vec<FacetCount> {
    let mut counts: Vec<(Key, u64)> = tally.into_iter().collect();
    let order = |(ka, ca): &(Key, u64), (kb, cb): &(Key, u64)| cb.cmp(ca).then_with(|| ka.cmp(kb));
    // The top values first, then only those sorted: a 1M-link `--facet domain` has thousands
    // of hosts, and sorting them all was a fortieth of the query.
    if top < counts.len() {
        counts.select_nth_unstable_by(top, order);
        counts.truncate(top);
    }
    counts.sort_unstable_by(order);
    counts.into_iter().map(facet_count).collect()
}

/// Every value in value order.
pub(super) fn by_key(tally: FastMap<Key, u64>) -> Vec<FacetCount> {
    let mut counts: Vec<(Key, u64)> = tally.into_iter().collect();
    counts.sort();
    counts.into_iter().map(facet_count).collect()
}

/// A tallied value as a [`FacetCount`].
fn facet_count((key, count): (Key, u64)) -> FacetCount {
    let value = match key {
        Key::Text(text) => text,
        Key::Int(number) => number.to_string(),
        Key::Unsigned(number) => number.to_string(),
    };
    FacetCount { value, count }
}
