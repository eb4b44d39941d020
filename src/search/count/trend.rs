//! Counting matching links per period (year or month) for `trend`: one series per query, all on
//! the same run of periods, a period without matches counted as zero.

use std::collections::BTreeMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::Query;
use tantivy::{DateTime, DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use crate::index::schema::{tantivy_to_date, URL_HASH};
use crate::model::field;
use crate::search::config::QueryConfig;
use crate::search::query::Compiler;

/// How long one period of a trend is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// Counts, per `period`, the links that pass the filters of `filters` and match each of
/// `queries` (its words are ignored): distinct links, as `query --count` does, or every
/// appearance with `filters.all`. Links without a date are not counted. The periods run
/// from the first to the last that holds any link passing the filters.
pub(crate) fn trend(
    searcher: &Searcher,
    compiler: &Compiler,
    filters: &QueryConfig,
    queries: &[String],
    period: Period,
) -> anyhow::Result<Trend> {
    let per_period = |words: &str| -> anyhow::Result<BTreeMap<i64, u64>> {
        let config = QueryConfig {
            words: words.to_string(),
            ..filters.clone()
        };
        let compiled = compiler.compile(&config)?;
        by_period(searcher, &*compiled.query, period, filters.all)
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

/// The matching links of `query` per period, keyed by [`period_key`]: distinct links (canonical
/// URLs), or every appearance when `all`.
fn by_period(
    searcher: &Searcher,
    query: &dyn Query,
    period: Period,
    all: bool,
) -> anyhow::Result<BTreeMap<i64, u64>> {
    Ok(searcher.search(query, &PeriodLinks { period, all })?)
}

/// A collector of the links per period: the (period, link) pairs of the matching documents,
/// counted once each. A link is its URL hash, or with `all` the document itself.
struct PeriodLinks {
    period: Period,
    all: bool,
}

/// [`PeriodLinks`] for one segment.
struct SegmentPeriodLinks {
    segment: SegmentOrdinal,
    period: Period,
    all: bool,
    dates: Column<DateTime>,
    hashes: Column<u64>,
    pairs: Vec<(i64, u64)>,
}

impl Collector for PeriodLinks {
    type Fruit = BTreeMap<i64, u64>;
    type Child = SegmentPeriodLinks;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentPeriodLinks> {
        let fast = reader.fast_fields();
        Ok(SegmentPeriodLinks {
            segment,
            period: self.period,
            all: self.all,
            dates: fast.date(field::DATE)?,
            hashes: fast.u64(URL_HASH)?,
            pairs: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<(i64, u64)>>) -> tantivy::Result<BTreeMap<i64, u64>> {
        let mut pairs: Vec<(i64, u64)> = fruits.into_iter().flatten().collect();
        pairs.sort_unstable();
        pairs.dedup();
        let mut counts = BTreeMap::new();
        for (key, _) in pairs {
            *counts.entry(key).or_default() += 1;
        }
        Ok(counts)
    }
}

impl SegmentCollector for SegmentPeriodLinks {
    type Fruit = Vec<(i64, u64)>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let Some(date) = self.dates.first(doc) else {
            return;
        };
        let link = if self.all {
            (u64::from(self.segment) << 32) | u64::from(doc)
        } else {
            match self.hashes.first(doc) {
                Some(hash) => hash,
                None => return,
            }
        };
        let key = period_key(date.into_timestamp_secs(), self.period);
        self.pairs.push((key, link));
    }

    fn harvest(self) -> Self::Fruit {
        self.pairs
    }
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
