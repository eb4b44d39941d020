//! `stats`: what the whole index holds, counted in one pass over its fast fields.

use std::collections::HashMap;

use serde::Serialize;
use tantivy::query::AllQuery;
use tantivy::{DateTime, Searcher};

use super::counts::{CountBy, Counter, Key};
use super::facets::{by_count, by_key, FacetCount};
use super::Engine;
use crate::index::schema::{tantivy_to_date, HOST};
use crate::model::day;
use crate::model::field;

/// How many domains `stats` lists.
const STATS_TOP_DOMAINS: usize = 10;

/// What `backissues stats` reports about an index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndexStats {
    /// Number of issues (distinct source files).
    pub issues: u64,
    /// Number of link documents.
    pub links: u64,
    /// Date of the oldest issue.
    pub first_issue: Option<String>,
    /// Date of the newest issue.
    pub last_issue: Option<String>,
    /// Links per year, in year order.
    pub years: Vec<FacetCount>,
    /// Links per section, most first.
    pub sections: Vec<FacetCount>,
    /// The domains with the most links, most first.
    pub top_domains: Vec<FacetCount>,
}

/// How many link documents hold each value of the fields `stats` reports.
struct IndexTallies {
    /// Per source file (one per issue).
    sources: HashMap<Key, u64>,
    /// Per year.
    years: HashMap<Key, u64>,
    /// Per section slug.
    sections: HashMap<Key, u64>,
    /// Per host.
    hosts: HashMap<Key, u64>,
    /// Per issue date (timestamp in seconds).
    dates: HashMap<Key, u64>,
}

impl IndexTallies {
    /// Tallies every document of the index in one pass.
    fn count(searcher: &Searcher) -> anyhow::Result<Self> {
        let counter = Counter {
            fields: [
                CountBy::Text(field::SOURCE),
                CountBy::Int(field::YEAR),
                CountBy::Text(field::SECTION),
                CountBy::Text(HOST),
                CountBy::Date(field::DATE),
            ],
        };
        let [sources, years, sections, hosts, dates] = searcher.search(&AllQuery, &counter)?;
        Ok(Self {
            sources,
            years,
            sections,
            hosts,
            dates,
        })
    }
}

impl Engine {
    /// Counts the whole index for `stats`.
    pub fn stats(&self) -> anyhow::Result<IndexStats> {
        let searcher = self.reader.searcher();
        let tallies = IndexTallies::count(&searcher)?;
        Ok(IndexStats {
            issues: tallies.sources.len() as u64,
            links: searcher.num_docs(),
            first_issue: day(tallies.dates.keys().min()),
            last_issue: day(tallies.dates.keys().max()),
            years: by_key(tallies.years),
            sections: by_count(tallies.sections, usize::MAX),
            top_domains: by_count(tallies.hosts, STATS_TOP_DOMAINS),
        })
    }
}

/// A tallied date key as `YYYY-MM-DD`.
fn day(key: Option<&Key>) -> Option<String> {
    match key {
        Some(Key::Int(secs)) => Some(day::format(tantivy_to_date(DateTime::from_timestamp_secs(
            *secs,
        )))),
        _ => None,
    }
}
