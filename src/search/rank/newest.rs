//! The newest-first ranking of matching links: date descending, then position in the issue, then
//! index order.
//!
//! Tantivy's top-k collector keeps a threshold that only prunes documents worse than those
//! already seen. Archives are ingested oldest file first, so in index order every matching link
//! is newer than the last and nothing is pruned: `--section news` at 1M links took 48 ms newest
//! first against 16 ms oldest first. This collector gathers each segment's matches and ranks them
//! from the end, where the newest are, so the threshold prunes almost everything.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::ops::Bound;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::{BooleanQuery, InvertedIndexRangeQuery, Query};
use tantivy::{DateTime, DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader, Term};

use crate::model::field;

/// Where a link sorts: smaller is newer (date descending, then position, then index order).
type Rank = (Reverse<i64>, u64, DocAddress);

/// [`newest_first`] first looks among the links of the newest dates only, a span of dates that
/// holds, if links were spread evenly over the archive's dates, this many times the links asked
/// for.
const RECENT_SHARE: usize = 64;

/// The `limit` newest links `query` matches, newest first: first among the links of the newest
/// dates alone (through the date's terms, so the search visits those links only), then, if they
/// hold fewer than `limit` matches, among all. `--section news` matches 555k of 1M links; its 20
/// newest are among the few thousand links of the newest days. Exact: every link dated on or
/// after the cut-off is ranked, and every other link is older than all of them.
pub(crate) fn newest_first(
    searcher: &Searcher,
    query: &dyn Query,
    limit: usize,
) -> tantivy::Result<Vec<DocAddress>> {
    if let Some(cutoff) = recent_cutoff(searcher, limit)? {
        let date = searcher.schema().get_field(field::DATE)?;
        let recent = BooleanQuery::intersection(vec![
            query.box_clone(),
            Box::new(InvertedIndexRangeQuery::new(
                Bound::Included(Term::from_field_date(date, cutoff)),
                Bound::Unbounded,
            )),
        ]);
        let found = searcher.search(&recent, &NewestFirst { limit })?;
        if found.len() >= limit {
            return Ok(found);
        }
    }
    searcher.search(query, &NewestFirst { limit })
}

/// The date from which the newest dates hold about [`RECENT_SHARE`] × `limit` links, on an even
/// spread of the index's links over its span of dates; `None` when that is the whole index.
fn recent_cutoff(searcher: &Searcher, limit: usize) -> tantivy::Result<Option<DateTime>> {
    let wanted = limit.saturating_mul(RECENT_SHARE) as u64;
    let total = searcher.num_docs();
    if limit == 0 || wanted >= total {
        return Ok(None);
    }
    let mut span: Option<(i64, i64)> = None;
    for reader in searcher.segment_readers() {
        let dates = reader.fast_fields().date(field::DATE)?;
        if dates.values.num_vals() == 0 {
            continue;
        }
        let (oldest, newest) = (
            dates.min_value().into_timestamp_secs(),
            dates.max_value().into_timestamp_secs(),
        );
        span = Some(span.map_or((oldest, newest), |(o, n)| (o.min(oldest), n.max(newest))));
    }
    let Some((oldest, newest)) = span else {
        return Ok(None);
    };
    let window = (newest - oldest) as f64 * wanted as f64 / total as f64;
    Ok(Some(DateTime::from_timestamp_secs(
        newest - window.ceil() as i64,
    )))
}

/// How many dates [`SegmentNewestFirst::harvest`] reads at once.
const DATE_BATCH: usize = 4096;

/// Collects the `limit` newest matching links, newest first.
pub(crate) struct NewestFirst {
    /// How many links to keep.
    pub limit: usize,
}

/// [`NewestFirst`] for one segment: its matching documents, ranked at harvest.
pub(crate) struct SegmentNewestFirst {
    segment: SegmentOrdinal,
    limit: usize,
    dates: Column<DateTime>,
    positions: Column<u64>,
    matches: Vec<DocId>,
}

impl Collector for NewestFirst {
    type Fruit = Vec<DocAddress>;
    type Child = SegmentNewestFirst;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentNewestFirst> {
        let fast = reader.fast_fields();
        Ok(SegmentNewestFirst {
            segment,
            limit: self.limit,
            dates: fast.date(field::DATE)?,
            positions: fast.u64(field::POSITION)?,
            matches: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Rank>>) -> tantivy::Result<Vec<DocAddress>> {
        let mut all: Vec<Rank> = fruits.into_iter().flatten().collect();
        all.sort_unstable();
        Ok(all
            .into_iter()
            .take(self.limit)
            .map(|(_, _, address)| address)
            .collect())
    }
}

impl SegmentCollector for SegmentNewestFirst {
    type Fruit = Vec<Rank>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.matches.push(doc);
    }

    /// Whole blocks of matches at once (Tantivy hands them so when nothing is scored or
    /// deleted): one copy instead of a call and a push per document (`--section news` at 1M
    /// links matches 555k of them).
    fn collect_block(&mut self, docs: &[DocId]) {
        self.matches.extend_from_slice(docs);
    }

    fn harvest(self) -> Vec<Rank> {
        if self.limit == 0 {
            return Vec::new();
        }
        let mut kept: BinaryHeap<Rank> = BinaryHeap::with_capacity(self.limit + 1);
        // The dates are read in batches (a column read per document took a third of a 1M-link
        // `--section news`), into one small buffer: a buffer for every match (555k of them)
        // cost more in fresh pages the kernel had to zero than the reads themselves. The
        // position is read only for a link not already older than the worst kept one, which it
        // could not displace.
        let mut dates = vec![None; DATE_BATCH];
        for batch in self.matches.rchunks(DATE_BATCH) {
            let dates = &mut dates[..batch.len()];
            self.dates.first_vals(batch, dates);
            for (&doc, date) in batch.iter().zip(dates.iter()).rev() {
                let date = Reverse(date.map_or(i64::MIN, DateTime::into_timestamp_secs));
                if kept.len() >= self.limit && kept.peek().is_some_and(|worst| date > worst.0) {
                    continue;
                }
                let rank = (
                    date,
                    self.positions.first(doc).unwrap_or(u64::MAX),
                    DocAddress::new(self.segment, doc),
                );
                if kept.len() < self.limit {
                    kept.push(rank);
                } else if kept.peek().is_some_and(|worst| rank < *worst) {
                    kept.pop();
                    kept.push(rank);
                }
            }
        }
        kept.into_vec()
    }
}

#[cfg(test)]
mod tests {
    use tantivy::query::AllQuery;
    use tantivy::{Index, TantivyDocument};

    use super::*;
    use crate::index::schema::{build_schema, date_to_tantivy, IndexFields};
    use crate::model::day;

    /// An index of `count` links over three segments, dates and positions repeating so that
    /// there are ties on both, in an order that is neither sorted nor reversed.
    fn index(count: u64) -> Index {
        let schema = build_schema();
        let fields = IndexFields::new(&schema).unwrap();
        let index = Index::create_in_ram(schema);
        crate::index::analyzer::register(&index);
        let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
        for n in 0..count {
            let mut doc = TantivyDocument::default();
            let date = day::parse(&format!("2020-01-{:02}", 1 + (n * 7) % 5)).unwrap();
            doc.add_date(fields.date, date_to_tantivy(date));
            doc.add_u64(fields.position, 1 + (n * 13) % 4);
            writer.add_document(doc).unwrap();
            if n % 20 == 19 {
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        index
    }

    /// Every document's (date, position, address), sorted the slow way.
    fn sorted_by_hand(index: &Index) -> Vec<DocAddress> {
        let searcher = index.reader().unwrap().searcher();
        let mut all = Vec::new();
        for (ord, reader) in searcher.segment_readers().iter().enumerate() {
            let dates = reader.fast_fields().date(field::DATE).unwrap();
            let positions = reader.fast_fields().u64(field::POSITION).unwrap();
            for doc in reader.doc_ids_alive() {
                let date = dates.first(doc).unwrap().into_timestamp_secs();
                let position = positions.first(doc).unwrap();
                let address = DocAddress::new(u32::try_from(ord).unwrap(), doc);
                all.push((Reverse(date), position, address));
            }
        }
        all.sort();
        all.into_iter().map(|(_, _, address)| address).collect()
    }

    #[test]
    fn the_newest_are_found_among_recent_dates_or_else_among_all() {
        let index = index(70);
        let searcher = index.reader().unwrap().searcher();
        let expected = sorted_by_hand(&index);
        // One link asked for: 64 links' worth of dates, fewer than the 70, so the newest dates
        // are searched first; they hold a match.
        assert!(recent_cutoff(&searcher, 1).unwrap().is_some());
        assert_eq!(
            newest_first(&searcher, &AllQuery, 1).unwrap(),
            expected[..1]
        );
        assert!(recent_cutoff(&searcher, 2).unwrap().is_none());
        assert_eq!(
            newest_first(&searcher, &AllQuery, 5).unwrap(),
            expected[..5]
        );
        // Matches only on the oldest date: none among the newest dates, so all are searched.
        let date = searcher.schema().get_field(field::DATE).unwrap();
        let oldest = date_to_tantivy(day::parse("2020-01-01").unwrap());
        let old_only = InvertedIndexRangeQuery::new(
            Bound::Unbounded,
            Bound::Included(Term::from_field_date(date, oldest)),
        );
        let found = newest_first(&searcher, &old_only, 1).unwrap();
        let first_old = expected
            .iter()
            .find(|address| {
                let reader = searcher.segment_reader(address.segment_ord);
                let dates = reader.fast_fields().date(field::DATE).unwrap();
                dates.first(address.doc_id) == Some(oldest)
            })
            .unwrap();
        assert_eq!(found, [*first_old]);
    }

    #[test]
    fn ranks_newest_first_then_by_position_across_segments() {
        let index = index(70);
        let searcher = index.reader().unwrap().searcher();
        assert!(searcher.segment_readers().len() >= 3);
        let expected = sorted_by_hand(&index);
        assert_eq!(expected.len(), 70);
        for limit in [0, 1, 7, 20, 69, 70, 500] {
            let found = searcher.search(&AllQuery, &NewestFirst { limit }).unwrap();
            assert_eq!(found, expected[..limit.min(70)], "limit {limit}");
        }
    }
}
