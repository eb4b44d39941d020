//! Writing link documents: per-source replace and delete, one commit per run, then segment
//! merging and garbage collection so queries open a handful of segments.

use std::sync::Arc;

use anyhow::{anyhow, Context};
use tantivy::indexer::{NoMergePolicy, UserOperation};
use tantivy::{Index, IndexWriter, ReloadPolicy, Term};

use super::queue::{InFlight, QueuedDoc};
use super::schema::IndexFields;
use super::store::WritableIndex;
use crate::model::LinkDoc;
use crate::timings::{self, Stage};

/// Above this many segments, a run merges. Each segment a query opens costs it about 0.3 ms at
/// 1M links (its files mapped and their pages faulted in): a 1M-link rebuild that ended in its
/// 8 unmerged segments made the first hit 3.9 -> 5.6 ms and a domain facet 6.7 -> 8.6 ms.
pub const MAX_SEGMENTS: usize = 4;

/// At most this many segments are merged into one.
const MAX_MERGED_AT_ONCE: usize = 8;

/// Merges run at once (one per core of a small machine).
const PARALLEL_MERGES: usize = 2;

/// Above this share of deleted documents (in percent), a run merges to purge them.
const MAX_DELETED_PERCENT: u64 = 20;

/// The writing side of one ingest run. Nothing is visible to readers until [`Ingester::finish`];
/// dropping it without committing leaves the index as of its last commit.
pub struct Ingester {
    index: Index,
    writer: IndexWriter<QueuedDoc>,
    fields: IndexFields,
    in_flight: Arc<InFlight>,
}

impl Ingester {
    /// Wraps an index opened for writing. Merges are done once, at the end of the run.
    pub fn new(writable: WritableIndex) -> anyhow::Result<Self> {
        let WritableIndex { index, writer } = writable;
        writer.set_merge_policy(Box::new(NoMergePolicy));
        let fields = IndexFields::new(&index.schema())?;
        Ok(Self {
            index,
            writer,
            fields,
            in_flight: InFlight::new(),
        })
    }

    /// The index being written.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Deletes every document of `source` (effective at commit; documents added afterwards for
    /// the same source are kept).
    pub fn delete_source(&self, source: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.fields.source, source));
    }

    /// Adds the documents of one file, the first carrying the file's content hash, as one batch
    /// (one message to Tantivy's indexing threads, see [`super::queue`]); waits first while too
    /// many links are waiting to be indexed.
    pub fn add(&self, docs: &[LinkDoc], source_hash: u64) -> anyhow::Result<()> {
        let documents = timings::time(Stage::Documents, || {
            docs.iter()
                .enumerate()
                .map(|(nth, doc)| {
                    self.fields
                        .to_document(doc, (nth == 0).then_some(source_hash))
                })
                .collect::<anyhow::Result<Vec<_>>>()
        })?;
        let queued = timings::time(Stage::Add, || self.in_flight.admit(documents));
        let batch: Vec<_> = queued.into_iter().map(UserOperation::Add).collect();
        // A failed write stops Tantivy's indexing threads; the error it returns only says so.
        timings::time(Stage::Add, || self.writer.run(batch)).map_err(|_| {
            anyhow!(
                "cannot add documents to the index: a write to the index folder failed (is the \
                 disk full, or the folder read-only?); nothing of this run was saved"
            )
        })?;
        Ok(())
    }

    /// Ends the run: when `changed`, commits everything at once and merges segments if there are
    /// too many (or too many deleted documents); in every case removes files no longer used (such
    /// as those of an interrupted run). Returns the number of documents now in the index.
    pub fn finish(mut self, changed: bool) -> anyhow::Result<u64> {
        if changed {
            timings::time(Stage::Commit, || self.writer.commit())
                .context("cannot commit to the index (nothing of this run was saved)")?;
            timings::time(Stage::Merge, || self.merge_if_needed())?;
        }
        let cleanup = std::time::Instant::now();
        self.writer
            .garbage_collect_files()
            .wait()
            .context("cannot remove old index files")?;
        self.writer
            .wait_merging_threads()
            .context("cannot finish merging index segments")?;
        timings::add(Stage::Cleanup, cleanup.elapsed());
        count_docs(&self.index)
    }

    /// Merges segments when there are more than [`MAX_SEGMENTS`] or many deletes: the small ones
    /// alone when that is enough ([`small_tail`]: an incremental run on a large index does not
    /// rewrite it), otherwise all of them, in even groups of at most [`MAX_MERGED_AT_ONCE`],
    /// [`PARALLEL_MERGES`] groups at a time, so that each merge reads a bounded part of the index
    /// (peak memory) and the merges share the cores.
    fn merge_if_needed(&mut self) -> anyhow::Result<()> {
        let metas = self
            .index
            .searchable_segment_metas()
            .context("cannot list the index segments")?;
        let max_doc: u64 = metas.iter().map(|meta| u64::from(meta.max_doc())).sum();
        let deleted: u64 = metas
            .iter()
            .map(|meta| u64::from(meta.num_deleted_docs()))
            .sum();
        let many_deleted = deleted * 100 > max_doc * MAX_DELETED_PERCENT;
        if metas.is_empty() || (metas.len() <= MAX_SEGMENTS && !many_deleted) {
            return Ok(());
        }
        let sized: Vec<_> = metas
            .iter()
            .map(|meta| (meta.id(), meta.num_docs()))
            .collect();
        let ids = match small_tail(&sized) {
            Some(small) if !many_deleted => small,
            _ => sized.iter().map(|&(id, _)| id).collect(),
        };
        let groups: Vec<_> = merge_groups(&ids).collect();
        for round in groups.chunks(PARALLEL_MERGES) {
            let merges: Vec<_> = round.iter().map(|group| self.writer.merge(group)).collect();
            for merge in merges {
                merge
                    .wait()
                    .map_err(|err| anyhow!("cannot merge index segments: {err}"))?;
            }
        }
        Ok(())
    }
}

/// The segments (id, documents) smaller than half the largest, when merging them into one leaves
/// at most [`MAX_SEGMENTS`] (and there are at least two of them and no more than
/// [`MAX_MERGED_AT_ONCE`]); `None` when the large ones must be merged too.
fn small_tail<T: Copy>(segments: &[(T, u32)]) -> Option<Vec<T>> {
    let largest = segments.iter().map(|&(_, docs)| docs).max()?;
    let small: Vec<T> = segments
        .iter()
        .filter(|&&(_, docs)| docs < largest / 2)
        .map(|&(id, _)| id)
        .collect();
    let left = segments.len() - small.len() + 1;
    (small.len() >= 2 && small.len() <= MAX_MERGED_AT_ONCE && left <= MAX_SEGMENTS).then_some(small)
}

/// Splits segments into the fewest groups of at most [`MAX_MERGED_AT_ONCE`], of even sizes, and
/// at least [`PARALLEL_MERGES`] of them when there are enough segments, so that every core
/// merges.
fn merge_groups<T>(segments: &[T]) -> std::slice::Chunks<'_, T> {
    let fewest = segments.len().div_ceil(MAX_MERGED_AT_ONCE);
    let groups = fewest.max(PARALLEL_MERGES.min(segments.len() / 2)).max(1);
    segments.chunks(segments.len().div_ceil(groups).max(1))
}

/// The number of documents in the index as of its last commit.
pub fn count_docs(index: &Index) -> anyhow::Result<u64> {
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .context(super::UNREADABLE)?;
    Ok(reader.searcher().num_docs())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sizes(count: usize) -> Vec<usize> {
        let segments: Vec<usize> = (0..count).collect();
        merge_groups(&segments).map(<[usize]>::len).collect()
    }

    #[test]
    fn segments_merge_in_even_groups_of_at_most_eight_one_per_core() {
        assert_eq!(sizes(29), [8, 8, 8, 5]);
        assert_eq!(sizes(9), [5, 4]);
        assert_eq!(sizes(16), [8, 8]);
        assert_eq!(sizes(5), [3, 2]);
        assert_eq!(sizes(4), [2, 2]);
        assert_eq!(sizes(3), [3]);
        assert_eq!(sizes(2), [2]);
        assert_eq!(sizes(1), [1]);
        assert!(sizes(0).is_empty());
    }

    #[test]
    fn only_the_small_segments_merge_when_that_is_enough() {
        // An incremental run on a large index: its new small segments merge, the large stay.
        assert_eq!(
            small_tail(&[(1, 600_000), (2, 400_000), (3, 50), (4, 30), (5, 10)]),
            Some(vec![3, 4, 5])
        );
        // A rebuild's segments of one size: all of them must merge.
        assert_eq!(
            small_tail(&[
                (1, 128_000),
                (2, 127_000),
                (3, 126_000),
                (4, 125_000),
                (5, 10_000)
            ]),
            None
        );
        // One small segment alone is no merge.
        assert_eq!(
            small_tail(&[(1, 100), (2, 90), (3, 80), (4, 70), (5, 1)]),
            None
        );
        assert_eq!(small_tail::<u8>(&[]), None);
    }
}
