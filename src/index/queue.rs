//! The documents between ingest and Tantivy's indexing threads, counted.
//!
//! Ingest handed Tantivy one document per call: a message on its channel per link, and the
//! channel (10,000 messages) always full, since indexing is slower than parsing. A file's links
//! now go as one message ([`super::writer::Ingester::add`]: 100k links 1.80 -> 1.73 s of CPU,
//! medians of 10). Since 10,000 messages of a dozen links each would let parsing run ~120k links
//! ahead of indexing (+45 MB peak RSS at 100k links, over 400 MB at 1M), [`InFlight`] bounds the
//! links waiting instead: each [`QueuedDoc`] is counted until Tantivy drops it after indexing,
//! and the writing thread waits before a file's batch, when the count has reached
//! [`MAX_IN_FLIGHT`], until half of them are indexed (never within a batch: a file of more links
//! than that would wait for itself). Should Tantivy's indexing threads stop, their queue is
//! dropped with them, so the count falls and the writer gets Tantivy's error instead of waiting.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};

use tantivy::schema::Document;
use tantivy::TantivyDocument;

/// At most this many links are handed to Tantivy and not yet indexed (what its queue held when
/// links went one by one).
pub const MAX_IN_FLIGHT: usize = 10_000;

/// The writing thread, once stopped at [`MAX_IN_FLIGHT`], goes on when this many are left.
const RESUME_AT: usize = MAX_IN_FLIGHT / 2;

/// The number of links handed to Tantivy and not yet indexed, and a way to wait for it to fall.
#[derive(Debug, Default)]
pub struct InFlight {
    count: AtomicUsize,
    lock: Mutex<()>,
    drained: Condvar,
}

impl InFlight {
    /// A new, shared count at zero.
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    /// Counts each of `documents` as in flight until Tantivy drops it, first waiting (when
    /// [`MAX_IN_FLIGHT`] are) until no more than [`RESUME_AT`] are.
    pub fn admit(self: &Arc<Self>, documents: Vec<TantivyDocument>) -> Vec<QueuedDoc> {
        if self.count.load(Ordering::Acquire) >= MAX_IN_FLIGHT {
            let guard = self
                .lock
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            drop(
                self.drained
                    .wait_while(guard, |()| self.count.load(Ordering::Acquire) > RESUME_AT)
                    .unwrap_or_else(|poisoned| poisoned.into_inner()),
            );
        }
        self.count.fetch_add(documents.len(), Ordering::AcqRel);
        documents
            .into_iter()
            .map(|document| QueuedDoc {
                document,
                _ticket: Ticket(Arc::clone(self)),
            })
            .collect()
    }

    /// The number of links in flight now.
    #[cfg(test)]
    fn count(&self) -> usize {
        self.count.load(Ordering::Acquire)
    }

    fn release(&self) {
        if self.count.fetch_sub(1, Ordering::AcqRel) == RESUME_AT + 1 {
            // Taking the lock orders this after a waiter's last check of the count.
            let _guard = self
                .lock
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            self.drained.notify_all();
        }
    }
}

/// Takes one link off [`InFlight`] when dropped.
#[derive(Debug)]
struct Ticket(Arc<InFlight>);

impl Drop for Ticket {
    fn drop(&mut self) {
        self.0.release();
    }
}

/// A Tantivy document counted in [`InFlight`] until it is dropped (after indexing, or with the
/// writer's queue if the writer stops).
#[derive(Debug)]
pub struct QueuedDoc {
    document: TantivyDocument,
    _ticket: Ticket,
}

impl Document for QueuedDoc {
    type Value<'a> = <TantivyDocument as Document>::Value<'a>;
    type FieldsValuesIter<'a> = <TantivyDocument as Document>::FieldsValuesIter<'a>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.document.iter_fields_and_values()
    }

    fn into_tantivy_document(self) -> TantivyDocument {
        self.document
    }
}

#[cfg(test)]
mod tests {
    use std::thread;
    use std::time::Duration;

    use super::*;

    fn documents(count: usize) -> Vec<TantivyDocument> {
        (0..count).map(|_| TantivyDocument::default()).collect()
    }

    #[test]
    fn a_link_is_in_flight_until_its_document_is_dropped() {
        let in_flight = InFlight::new();
        let mut queued = in_flight.admit(documents(2));
        assert_eq!(in_flight.count(), 2);
        let second = queued.pop().unwrap();
        drop(queued);
        assert_eq!(in_flight.count(), 1);
        let _ = second.into_tantivy_document();
        assert_eq!(in_flight.count(), 0);
    }

    #[test]
    fn a_batch_larger_than_the_bound_is_admitted_whole() {
        let in_flight = InFlight::new();
        let queued = in_flight.admit(documents(MAX_IN_FLIGHT + 5));
        assert_eq!(in_flight.count(), MAX_IN_FLIGHT + 5);
        drop(queued);
        assert_eq!(in_flight.count(), 0);
    }

    #[test]
    fn a_full_queue_waits_until_half_is_indexed() {
        let in_flight = InFlight::new();
        let queued = in_flight.admit(documents(MAX_IN_FLIGHT));
        let indexer = thread::spawn(move || {
            thread::sleep(Duration::from_millis(50));
            // Drop all but RESUME_AT; the waiting writer goes on only after the last of them.
            let mut queued = queued;
            queued.truncate(RESUME_AT);
            queued
        });
        // Admitted at once (no wait), this would make MAX_IN_FLIGHT + 1.
        let next = in_flight.admit(documents(1));
        assert_eq!(in_flight.count(), RESUME_AT + 1);
        drop(next);
        drop(indexer.join().unwrap());
        assert_eq!(in_flight.count(), 0);
    }
}
