//! Counting matching links per period (year or month) for `trend`: one series per query, all on
//! the same run of periods, a period without matches counted as zero.

use std::collections::BTreeMap;

use clap::ValueEnum;
use tantivy::query::Query;
use tantivy::{DateTime, Searcher};

use super::counts::{CountBy, Counter, Key};
use super::{Engine, QueryConfig};
use crate::index::schema::tantivy_to_date;
use crate::model::field;

/// How long one period of a trend is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Period {
    /// Calendar years (`2020`).
    Year,
    /// Calendar months (`2020-11`).
    Month,
}

/// One query's counts, one per period of its [`Trend`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    /// The query as the user typed it.
    pub query: String,
    /// Matching links per period.
    pub counts: Vec<u64>,
}

/// Matching links per period for several queries, side by side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trend {
    /// Each period's label (`2020` or `2020-11`), oldest first, with no gaps.
    pub periods: Vec<String>,
    /// The links of each period that pass the filters, whatever the words (what `share` divides
    /// by).
    pub totals: Vec<u64>,
    /// One series per query, in the order given.
    pub series: Vec<Series>,
}

impl Trend {
    /// True when no query matched anything.
    pub fn is_empty(&self) -> bool {
        self.series.iter().all(|s| s.counts.iter().all(|c| *c == 0))
    }

    /// The share of period `period`'s links that `series` matched (0 for a period with none).
    pub fn share(&self, series: &Series, period: usize) -> f64 {
        match self.totals[period] {
            0 => 0.0,
            total => series.counts[period] as f64 / total as f64,
        }
    }
}

impl Engine {
    /// Counts, per `period`, the links that pass the filters of `filters` and match each of
    /// `queries` (its words are ignored). Links without a date are not counted. The periods run
    /// from the first to the last that holds any link passing the filters.
    pub fn trend(
        &self,
        filters: &QueryConfig,
        queries: &[String],
        period: Period,
    ) -> anyhow::Result<Trend> {
        let searcher = self.reader.searcher();
        let per_period = |words: &str| -> anyhow::Result<BTreeMap<i64, u64>> {
            let config = QueryConfig {
                words: words.to_string(),
                ..filters.clone()
            };
            let compiled = self.compiler.compile(&config)?;
            by_period(&searcher, &*compiled.query, period)
        };
        let totals = per_period("")?;
        let counted = queries
            .iter()
            .map(|query| per_period(query))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let keys = || totals.keys().chain(counted.iter().flat_map(|c| c.keys()));
        let (Some(first), Some(last)) = (keys().min().copied(), keys().max().copied()) else {
            return Ok(Trend {
                periods: Vec::new(),
                totals: Vec::new(),
                series: queries
                    .iter()
                    .map(|query| Series {
                        query: query.clone(),
                        counts: Vec::new(),
                    })
                    .collect(),
            });
        };
        let run = |counts: &BTreeMap<i64, u64>| -> Vec<u64> {
            (first..=last)
                .map(|key| counts.get(&key).copied().unwrap_or(0))
                .collect()
        };
        Ok(Trend {
            periods: (first..=last).map(|key| label(key, period)).collect(),
            totals: run(&totals),
            series: queries
                .iter()
                .zip(&counted)
                .map(|(query, counts)| Series {
                    query: query.clone(),
                    counts: run(counts),
                })
                .collect(),
        })
    }
}

/// The matching links of `query` per period, keyed by [`period_key`].
fn by_period(
    searcher: &Searcher,
    query: &dyn Query,
    period: Period,
) -> anyhow::Result<BTreeMap<i64, u64>> {
    let counter = Counter {
        fields: [CountBy::Date(field::DATE)],
    };
    let [by_day] = searcher.search(query, &counter)?;
    let mut out = BTreeMap::new();
    for (key, count) in by_day {
        if let Key::Int(seconds) = key {
            *out.entry(period_key(seconds, period)).or_default() += count;
        }
    }
    Ok(out)
}

/// A day (seconds since the epoch) as a number that counts periods: the year, or the year times
/// twelve plus the month's index, so consecutive periods are consecutive numbers.
fn period_key(seconds: i64, period: Period) -> i64 {
    let date = tantivy_to_date(DateTime::from_timestamp_secs(seconds));
    let year = i64::from(date.year());
    match period {
        Period::Year => year,
        Period::Month => year * 12 + i64::from(u8::from(date.month())) - 1,
    }
}

/// A [`period_key`] as `2020` or `2020-11`.
fn label(key: i64, period: Period) -> String {
    match period {
        Period::Year => format!("{key:04}"),
        Period::Month => format!("{:04}-{:02}", key.div_euclid(12), key.rem_euclid(12) + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_consecutive_numbers_with_labels() {
        let day = |y: i32, m: u8, d: u8| {
            let date =
                time::Date::from_calendar_date(y, time::Month::try_from(m).unwrap(), d).unwrap();
            date.midnight().assume_utc().unix_timestamp()
        };
        let december = period_key(day(2019, 12, 31), Period::Month);
        let january = period_key(day(2020, 1, 1), Period::Month);
        assert_eq!(january, december + 1);
        assert_eq!(label(december, Period::Month), "2019-12");
        assert_eq!(label(january, Period::Month), "2020-01");
        assert_eq!(period_key(day(2020, 11, 8), Period::Year), 2020);
        assert_eq!(label(2020, Period::Year), "2020");
    }
}
