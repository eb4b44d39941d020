//! Counting matching documents by the values of fast fields, in one pass: the tallies of
//! `stats` and `--all` facets, and distinct links per value for one-row-per-link facets.

use std::collections::HashMap;

use rustc_hash::{FxBuildHasher, FxHashSet};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DateTime, DocId, Score, SegmentOrdinal, SegmentReader};

/// A fast field to count by, and how to read it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum CountBy {
    /// A string fast field (section, host, source).
    Text(&'static str),
    /// An i64 fast field (year).
    Int(&'static str),
    /// A u64 fast field (the URL hash).
    Unsigned(&'static str),
    /// A date fast field, counted by its timestamp in seconds.
    Date(&'static str),
}

/// One counted value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Key {
    /// A string value.
    Text(String),
    /// A number (a year, or a date's timestamp in seconds).
    Int(i64),
    /// An unsigned number (a URL hash).
    Unsigned(u64),
}

/// A hash map with the Fx hash: counting tens of thousands of URL hashes with the standard
/// SipHash took about a fifth of a 1M-link `--count` (perf).
pub(crate) type FastMap<K, V> = HashMap<K, V, FxBuildHasher>;

/// How many matching documents hold each value, per counted field (`N` fields).
pub(crate) type Tallies<const N: usize> = [FastMap<Key, u64>; N];

/// A collector that tallies the values of `N` fast fields at once.
pub(crate) struct Counter<const N: usize> {
    /// The fields to tally, in the order of the resulting [`Tallies`].
    pub fields: [CountBy; N],
}

/// The readers of one segment's columns, with per-segment tallies.
pub(crate) enum SegmentColumn {
    Text(Option<StrColumn>, Vec<u64>),
    Int(Column<i64>, FastMap<i64, u64>),
    Unsigned(Column<u64>, FastMap<u64, u64>),
    Date(Column<DateTime>, FastMap<i64, u64>),
}

/// [`Counter`] for one segment.
pub(crate) struct SegmentCounter {
    columns: Vec<SegmentColumn>,
}

impl<const N: usize> Collector for Counter<N> {
    type Fruit = Tallies<N>;
    type Child = SegmentCounter;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentCounter> {
        let fast = reader.fast_fields();
        let columns = self
            .fields
            .iter()
            .map(|by| {
                Ok(match *by {
                    CountBy::Text(name) => {
                        let column = fast.str(name)?;
                        let terms = column.as_ref().map_or(0, |c| c.num_terms());
                        SegmentColumn::Text(column, vec![0; terms])
                    }
                    CountBy::Int(name) => SegmentColumn::Int(fast.i64(name)?, FastMap::default()),
                    CountBy::Unsigned(name) => {
                        SegmentColumn::Unsigned(fast.u64(name)?, FastMap::default())
                    }
                    CountBy::Date(name) => {
                        SegmentColumn::Date(fast.date(name)?, FastMap::default())
                    }
                })
            })
            .collect::<tantivy::Result<_>>()?;
        Ok(SegmentCounter { columns })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<SegmentColumn>>) -> tantivy::Result<Tallies<N>> {
        let mut merged: Tallies<N> = std::array::from_fn(|_| FastMap::default());
        for fruit in fruits {
            for (total, column) in merged.iter_mut().zip(fruit) {
                column.add_to(total)?;
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for SegmentCounter {
    type Fruit = Vec<SegmentColumn>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        for column in &mut self.columns {
            match column {
                SegmentColumn::Text(Some(column), counts) => {
                    if let Some(ord) = column.term_ords(doc).next() {
                        if let Some(count) =
                            usize::try_from(ord).ok().and_then(|o| counts.get_mut(o))
                        {
                            *count += 1;
                        }
                    }
                }
                SegmentColumn::Text(None, _) => {}
                SegmentColumn::Int(column, counts) => {
                    if let Some(value) = column.first(doc) {
                        *counts.entry(value).or_default() += 1;
                    }
                }
                SegmentColumn::Unsigned(column, counts) => {
                    if let Some(value) = column.first(doc) {
                        *counts.entry(value).or_default() += 1;
                    }
                }
                SegmentColumn::Date(column, counts) => {
                    if let Some(value) = column.first(doc) {
                        *counts.entry(value.into_timestamp_secs()).or_default() += 1;
                    }
                }
            }
        }
    }

    fn harvest(self) -> Vec<SegmentColumn> {
        self.columns
    }
}

impl SegmentColumn {
    /// Adds this segment's counts to `total`, keyed by value. A string column's dictionary is
    /// read once, in order (looking ordinals up one by one decodes a block each time).
    fn add_to(self, total: &mut FastMap<Key, u64>) -> tantivy::Result<()> {
        match self {
            SegmentColumn::Text(Some(column), counts) => {
                let (ords, counts): (Vec<u64>, Vec<u64>) = counts
                    .into_iter()
                    .enumerate()
                    .filter(|(_, count)| *count > 0)
                    .map(|(ord, count)| (ord as u64, count))
                    .unzip();
                let mut counts = counts.into_iter();
                column.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
                    let key = Key::Text(text_of(bytes));
                    *total.entry(key).or_default() += counts.next().unwrap_or_default();
                })?;
            }
            SegmentColumn::Text(None, _) => {}
            SegmentColumn::Int(_, counts) | SegmentColumn::Date(_, counts) => {
                for (value, count) in counts {
                    *total.entry(Key::Int(value)).or_default() += count;
                }
            }
            SegmentColumn::Unsigned(_, counts) => {
                for (value, count) in counts {
                    *total.entry(Key::Unsigned(value)).or_default() += count;
                }
            }
        }
        Ok(())
    }
}

/// How many column values the collectors below read at once (a batched read is several times
/// cheaper than one read per document; a fixed buffer keeps clear of fresh pages).
const READ_BATCH: usize = 4096;

/// Reads `column`'s first value for each of `docs` in batches, handing each present value to
/// `each` with its document.
fn for_each_first<T: PartialOrd + Copy + std::fmt::Debug + Send + Sync + 'static>(
    column: &Column<T>,
    docs: &[DocId],
    mut each: impl FnMut(DocId, T),
) {
    let mut values = vec![None; READ_BATCH.min(docs.len())];
    for batch in docs.chunks(READ_BATCH) {
        let values = &mut values[..batch.len()];
        column.first_vals(batch, values);
        for (&doc, value) in batch.iter().zip(values.iter()) {
            if let Some(value) = value {
                each(doc, *value);
            }
        }
    }
}

/// A collector that counts the distinct links (canonical-URL hashes) among the matching
/// documents: `--count`'s one row per link. Each segment gathers its matches and reads their
/// hashes in batches; the hashes are counted once, in a set sized for them (a set grown hash by
/// hash, then merged into a map of keys, was most of a 1M-link `--count`).
pub(crate) struct DistinctCount;

/// [`DistinctCount`] for one segment: its matching documents.
pub(crate) struct SegmentDistinctCount {
    hashes: Column<u64>,
    matches: Vec<DocId>,
}

impl Collector for DistinctCount {
    type Fruit = u64;
    type Child = SegmentDistinctCount;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentDistinctCount> {
        Ok(SegmentDistinctCount {
            hashes: reader.fast_fields().u64(crate::index::schema::URL_HASH)?,
            matches: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<u64>>) -> tantivy::Result<u64> {
        let total = fruits.iter().map(Vec::len).sum();
        let mut links = FxHashSet::with_capacity_and_hasher(total, FxBuildHasher);
        links.extend(fruits.into_iter().flatten());
        Ok(links.len() as u64)
    }
}

impl SegmentCollector for SegmentDistinctCount {
    type Fruit = Vec<u64>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.matches.push(doc);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        self.matches.extend_from_slice(docs);
    }

    fn harvest(self) -> Vec<u64> {
        let mut hashes = Vec::with_capacity(self.matches.len());
        for_each_first(&self.hashes, &self.matches, |_, hash| hashes.push(hash));
        hashes
    }
}

/// A collector that counts, for each value of one fast field, the distinct links (canonical-URL
/// hashes) among the matching documents: the unit of `--facet` and of one row per link.
pub(crate) struct DistinctLinks {
    /// The field to count by.
    pub by: CountBy,
}

/// One segment's column of the counted field.
pub(crate) enum ValueColumn {
    Text(Option<StrColumn>),
    Int(Column<i64>),
    Unsigned(Column<u64>),
    Date(Column<DateTime>),
}

/// [`DistinctLinks`] for one segment: the matching documents, read at harvest into (value, URL
/// hash) pairs, a string value as its segment ordinal, a number as its bits.
pub(crate) struct SegmentDistinct {
    values: ValueColumn,
    hashes: Column<u64>,
    matches: Vec<DocId>,
}

impl Collector for DistinctLinks {
    type Fruit = FastMap<Key, u64>;
    type Child = SegmentDistinct;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentDistinct> {
        let fast = reader.fast_fields();
        let values = match self.by {
            CountBy::Text(name) => ValueColumn::Text(fast.str(name)?),
            CountBy::Int(name) => ValueColumn::Int(fast.i64(name)?),
            CountBy::Unsigned(name) => ValueColumn::Unsigned(fast.u64(name)?),
            CountBy::Date(name) => ValueColumn::Date(fast.date(name)?),
        };
        Ok(SegmentDistinct {
            values,
            hashes: fast.u64(crate::index::schema::URL_HASH)?,
            matches: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    /// Gives each value a dense number, then counts each (number, hash) pair once, in one set
    /// sized for every pair: no set per value and no sort (a set per host, then sorting the
    /// pairs, cost more than the search at 1M links).
    fn merge_fruits(
        &self,
        fruits: Vec<(ValueColumn, Vec<(u64, u64)>)>,
    ) -> tantivy::Result<FastMap<Key, u64>> {
        let total = fruits.iter().map(|(_, pairs)| pairs.len()).sum();
        let mut numbers: FastMap<Key, usize> = FastMap::default();
        let mut links: Vec<u64> = Vec::new();
        let mut seen: FxHashSet<(usize, u64)> =
            FxHashSet::with_capacity_and_hasher(total, FxBuildHasher);
        for (values, pairs) in fruits {
            let local: FastMap<u64, usize> = keys_of(&values, &pairs)?
                .into_iter()
                .map(|(value, key)| {
                    let number = *numbers.entry(key).or_insert_with(|| {
                        links.push(0);
                        links.len() - 1
                    });
                    (value, number)
                })
                .collect();
            for (value, hash) in pairs {
                if let Some(&number) = local.get(&value) {
                    if seen.insert((number, hash)) {
                        links[number] += 1;
                    }
                }
            }
        }
        Ok(numbers
            .into_iter()
            .map(|(key, number)| (key, links[number]))
            .collect())
    }
}

/// The key of each value in `pairs`: a string column's dictionary is read once, in ordinal
/// order.
fn keys_of(values: &ValueColumn, pairs: &[(u64, u64)]) -> tantivy::Result<FastMap<u64, Key>> {
    let distinct: FxHashSet<u64> = pairs.iter().map(|(value, _)| *value).collect();
    let mut distinct: Vec<u64> = distinct.into_iter().collect();
    distinct.sort_unstable();
    let mut keys = FastMap::with_capacity_and_hasher(distinct.len(), FxBuildHasher);
    match values {
        ValueColumn::Text(Some(column)) => {
            let mut ords = distinct.iter();
            column
                .dictionary()
                .sorted_ords_to_term_cb(&distinct, |bytes| {
                    if let Some(ord) = ords.next() {
                        keys.insert(*ord, Key::Text(text_of(bytes)));
                    }
                })?;
        }
        ValueColumn::Text(None) => {}
        ValueColumn::Int(_) | ValueColumn::Date(_) => {
            for bits in distinct {
                keys.insert(bits, Key::Int(bits as i64));
            }
        }
        ValueColumn::Unsigned(_) => {
            for value in distinct {
                keys.insert(value, Key::Unsigned(value));
            }
        }
    }
    Ok(keys)
}

/// A dictionary value as text (lossy only if it is not UTF-8, which ingest never writes).
fn text_of(bytes: &[u8]) -> String {
    std::str::from_utf8(bytes).map_or_else(
        |_| String::from_utf8_lossy(bytes).into_owned(),
        str::to_string,
    )
}

impl SegmentCollector for SegmentDistinct {
    type Fruit = (ValueColumn, Vec<(u64, u64)>);

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.matches.push(doc);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        self.matches.extend_from_slice(docs);
    }

    /// The (value, hash) pair of every match that has both, both columns read in batches.
    fn harvest(self) -> Self::Fruit {
        let mut hashes: Vec<(DocId, u64)> = Vec::with_capacity(self.matches.len());
        for_each_first(&self.hashes, &self.matches, |doc, hash| {
            hashes.push((doc, hash))
        });
        let docs: Vec<DocId> = hashes.iter().map(|(doc, _)| *doc).collect();
        let mut pairs = Vec::with_capacity(hashes.len());
        let mut hashes = hashes.into_iter();
        // Both lists are in document order, so each value finds its hash by walking forward.
        let mut pair = |doc: DocId, value: u64| {
            if let Some((_, hash)) = hashes.find(|(with_hash, _)| *with_hash == doc) {
                pairs.push((value, hash));
            }
        };
        match &self.values {
            ValueColumn::Text(Some(column)) => for_each_first(column.ords(), &docs, &mut pair),
            ValueColumn::Text(None) => {}
            ValueColumn::Int(column) => for_each_first(column, &docs, |doc, v| pair(doc, v as u64)),
            ValueColumn::Unsigned(column) => for_each_first(column, &docs, &mut pair),
            ValueColumn::Date(column) => for_each_first(column, &docs, |doc, date| {
                pair(doc, date.into_timestamp_secs() as u64)
            }),
        }
        (self.values, pairs)
    }
}
