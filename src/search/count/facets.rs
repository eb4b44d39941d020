//! Facets: the matching links counted by section, year or domain: distinct links (canonical
//! URLs) per value by default, every appearance with `--all`, as `--count` counts.

use serde::Serialize;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

use super::counts::{CountBy, Counter, DistinctLinks, FastMap, Key};
use crate::index::schema::HOST;
use crate::model::{field, Tracked};
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
    /// `--facet domain` only: how many of `count` are tracked (a click tracker or a
    /// newsletter's own redirect, counted under its own host until `ingest --resolve-links`
    /// finds where it leads).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracked: Option<u64>,
}

/// A facet's rows, and how many of all the matching links are tracked (`--facet domain`; 0 for
/// the other fields).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Facet {
    /// The top values and their counts.
    pub counts: Vec<FacetCount>,
    /// Tracked links among every match, in the facet's unit (rows past the top included).
    pub tracked: u64,
}

/// Counts the matching links by `field` (their appearances when `all`): the top values by
/// count, or every year in year order. By domain, each row also says how many of its links are
/// `tracked` (the index's `tracked` field, when it has one).
pub(crate) fn facet(
    searcher: &Searcher,
    query: &dyn Query,
    field: FacetField,
    all: bool,
    tracked_field: Option<Field>,
) -> anyhow::Result<Facet> {
    let by = match field {
        FacetField::Section => CountBy::Text(field::SECTION),
        FacetField::Year => CountBy::Int(field::YEAR),
        FacetField::Domain => CountBy::Text(HOST),
        FacetField::Newsletter => CountBy::Text(field::NEWSLETTER),
    };
    let tally = count_by(searcher, query, by, all)?;
    let mut counts = match field {
        FacetField::Year => by_key(tally),
        FacetField::Section | FacetField::Domain | FacetField::Newsletter => {
            by_count(tally, FACET_TOP)
        }
    };
    if field != FacetField::Domain {
        return Ok(Facet { counts, tracked: 0 });
    }
    let tracked = match tracked_field {
        Some(tracked_field) => count_by(searcher, &tracked_only(query, tracked_field), by, all)?,
        None => FastMap::default(),
    };
    for row in &mut counts {
        let key = Key::Text(row.value.clone());
        row.tracked = Some(tracked.get(&key).copied().unwrap_or_default());
    }
    Ok(Facet {
        counts,
        tracked: tracked.values().sum(),
    })
}

/// How many matching links hold each value of `by`: distinct links, or appearances when `all`.
fn count_by(
    searcher: &Searcher,
    query: &dyn Query,
    by: CountBy,
    all: bool,
) -> anyhow::Result<FastMap<Key, u64>> {
    Ok(if all {
        let [tally] = searcher.search(query, &Counter { fields: [by] })?;
        tally
    } else {
        searcher.search(query, &DistinctLinks { by })?
    })
}

/// The links of `query` that are tracked, as a redirect or as a personal link.
fn tracked_only(query: &dyn Query, field: Field) -> BooleanQuery {
    let kinds = [Tracked::Redirect, Tracked::Personal].map(|kind| {
        let term = Term::from_field_text(field, kind.as_str());
        let query: Box<dyn Query> = Box::new(TermQuery::new(term, IndexRecordOption::Basic));
        (Occur::Should, query)
    });
    BooleanQuery::new(vec![
        (Occur::Must, query.box_clone()),
        (Occur::Must, Box::new(BooleanQuery::new(kinds.into()))),
    ])
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
    FacetCount {
        value,
        count,
        tracked: None,
    }
}
