//! `stats`: what the whole index holds, counted in one pass over its fast fields.

use serde::Serialize;
use tantivy::query::{AllQuery, BooleanQuery, ExistsQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;
use tantivy::{DateTime, Searcher};

use super::counts::{CountBy, Counter, FastMap, Key};
use super::facets::{by_count, by_key, FacetCount};
use crate::index::recurring::RecurringLinks;
use crate::index::schema::{tantivy_to_date, IndexFields, HOST, URL_HASH};
use crate::model::day;
use crate::model::field;

/// How many domains `stats` lists.
const STATS_TOP_DOMAINS: usize = 10;

/// How many recurring links `stats` lists.
const STATS_TOP_RECURRING: usize = 10;

/// What `backissues stats` reports about an index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndexStats {
    /// Number of issues (distinct source files).
    pub issues: u64,
    /// Number of link documents: every appearance of every link (what `query --all --count`
    /// counts, sponsor links included).
    pub links: u64,
    /// Number of distinct links (canonical URLs): what `query --count` counts.
    pub urls: u64,
    /// Date of the oldest issue.
    pub first_issue: Option<String>,
    /// Date of the newest issue.
    pub last_issue: Option<String>,
    /// Number of issues without a date (no source had one).
    pub undated_issues: u64,
    /// Links per year, in year order.
    pub years: Vec<FacetCount>,
    /// Links per section, most first.
    pub sections: Vec<FacetCount>,
    /// The domains with the most links, most first.
    pub top_domains: Vec<FacetCount>,
    /// The same totals for each newsletter, by name.
    pub newsletters: Vec<NewsletterStats>,
    /// The recurring links (left out of queries by default) in the most issues, most first.
    pub top_recurring: Vec<RecurringCount>,
}

/// A recurring link and the number of issues that feature it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecurringCount {
    /// The link, as written in its oldest issue.
    pub url: String,
    /// How many issues feature it.
    pub issues: u64,
    /// How many issues its newsletter has.
    pub of_issues: u64,
}

/// The totals of one newsletter in the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewsletterStats {
    /// The newsletter's name.
    pub name: String,
    /// Number of issues (distinct source files).
    pub issues: u64,
    /// Number of link documents.
    pub links: u64,
    /// Date of the oldest issue.
    pub first_issue: Option<String>,
    /// Date of the newest issue.
    pub last_issue: Option<String>,
    /// Number of issues without a date.
    pub undated_issues: u64,
}

/// How many link documents hold each value of the fields `stats` reports.
struct IndexTallies {
    /// Per source file (one per issue).
    sources: FastMap<Key, u64>,
    /// Per canonical-URL hash (one per link).
    urls: FastMap<Key, u64>,
    /// Per year.
    years: FastMap<Key, u64>,
    /// Per section slug.
    sections: FastMap<Key, u64>,
    /// Per host.
    hosts: FastMap<Key, u64>,
    /// Per issue date (timestamp in seconds).
    dates: FastMap<Key, u64>,
}

impl IndexTallies {
    /// Tallies every document of the index in one pass.
    fn count(searcher: &Searcher) -> anyhow::Result<Self> {
        let counter = Counter {
            fields: [
                CountBy::Text(field::SOURCE),
                CountBy::Unsigned(URL_HASH),
                CountBy::Int(field::YEAR),
                CountBy::Text(field::SECTION),
                CountBy::Text(HOST),
                CountBy::Date(field::DATE),
            ],
        };
        let [sources, urls, years, sections, hosts, dates] =
            searcher.search(&AllQuery, &counter)?;
        Ok(Self {
            sources,
            urls,
            years,
            sections,
            hosts,
            dates,
        })
    }
}

/// Counts the whole index for `stats`, with its `recurring` links.
pub(crate) fn stats(
    searcher: &Searcher,
    fields: &IndexFields,
    recurring: &RecurringLinks,
) -> anyhow::Result<IndexStats> {
    let tallies = IndexTallies::count(searcher)?;
    Ok(IndexStats {
        issues: tallies.sources.len() as u64,
        links: searcher.num_docs(),
        urls: tallies.urls.len() as u64,
        first_issue: day(tallies.dates.keys().min()),
        last_issue: day(tallies.dates.keys().max()),
        undated_issues: undated_issues(searcher, Box::new(AllQuery))?,
        years: by_key(tallies.years),
        sections: by_count(tallies.sections, usize::MAX),
        top_domains: by_count(tallies.hosts, STATS_TOP_DOMAINS),
        newsletters: newsletters(searcher, fields.newsletter)?,
        top_recurring: recurring
            .links
            .iter()
            .take(STATS_TOP_RECURRING)
            .map(|link| RecurringCount {
                url: link.url.clone(),
                issues: link.issues,
                of_issues: link.of_issues,
            })
            .collect(),
    })
}

/// The totals of each newsletter, by name.
fn newsletters(searcher: &Searcher, field: Field) -> anyhow::Result<Vec<NewsletterStats>> {
    let counter = Counter {
        fields: [CountBy::Text(field::NEWSLETTER)],
    };
    let [names] = searcher.search(&AllQuery, &counter)?;
    let mut names: Vec<(String, u64)> = names
        .into_iter()
        .filter_map(|(key, links)| match key {
            Key::Text(name) => Some((name, links)),
            _ => None,
        })
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|(name, links)| {
            let only = || -> Box<dyn Query> {
                Box::new(TermQuery::new(
                    Term::from_field_text(field, &name),
                    IndexRecordOption::Basic,
                ))
            };
            let counter = Counter {
                fields: [CountBy::Text(field::SOURCE), CountBy::Date(field::DATE)],
            };
            let [sources, dates] = searcher.search(&*only(), &counter)?;
            Ok(NewsletterStats {
                issues: sources.len() as u64,
                links,
                first_issue: day(dates.keys().min()),
                last_issue: day(dates.keys().max()),
                undated_issues: undated_issues(searcher, only())?,
                name,
            })
        })
        .collect()
}

/// The number of issues (source files) matching `within` whose links have no date.
fn undated_issues(searcher: &Searcher, within: Box<dyn Query>) -> anyhow::Result<u64> {
    let undated = BooleanQuery::new(vec![
        (Occur::Must, within),
        (
            Occur::MustNot,
            Box::new(ExistsQuery::new(field::DATE.to_string(), false)),
        ),
    ]);
    let counter = Counter {
        fields: [CountBy::Text(field::SOURCE)],
    };
    let [sources] = searcher.search(&undated, &counter)?;
    Ok(sources.len() as u64)
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
