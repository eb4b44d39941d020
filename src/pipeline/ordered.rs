//! Work on all cores, results in order: items are processed by a few threads, a chunk of
//! consecutive items at a time, and handed to one consumer in their original order, so output
//! stays deterministic. At most `window` chunks are in flight (being worked on, queued or waiting
//! for an earlier one), which bounds memory. Chunks keep the threads' hand-offs (a lock, a channel
//! send, a wake-up) to one per chunk: one per file made a two-core ingest spend a third of its
//! time in the kernel.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex, PoisonError};

/// How the work is shared out.
#[derive(Debug, Clone, Copy)]
pub struct Sharing {
    /// Worker threads (1 works on the calling thread, with no hand-offs).
    pub threads: usize,
    /// Consecutive items a thread takes at once.
    pub chunk: usize,
    /// Chunks in flight at most.
    pub window: usize,
}

/// Runs `work` on every item as `sharing` says and `consume`s each result on the calling thread,
/// in item order. The first error of `consume` stops the workers and is returned.
pub fn for_each_ordered<T, R, E>(
    items: &[T],
    sharing: Sharing,
    work: impl Fn(&T) -> R + Sync,
    mut consume: impl FnMut(usize, R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Sync,
    R: Send,
{
    let chunk = sharing.chunk.max(1);
    let window = sharing.window.max(1);
    if sharing.threads <= 1 || items.len() <= 1 {
        for (index, item) in items.iter().enumerate() {
            consume(index, work(item))?;
        }
        return Ok(());
    }
    let chunks = items.len().div_ceil(chunk);
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let consumed = Mutex::new(0usize);
    let progressed = Condvar::new();
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::sync_channel::<(usize, Vec<R>)>(window);
        for _ in 0..sharing.threads {
            let sender = sender.clone();
            let (next, stop, consumed, progressed, work) =
                (&next, &stop, &consumed, &progressed, &work);
            scope.spawn(move || loop {
                let index = next.fetch_add(1, Ordering::SeqCst);
                if index >= chunks || stop.load(Ordering::SeqCst) {
                    break;
                }
                let mut done = consumed.lock().unwrap_or_else(PoisonError::into_inner);
                while index >= *done + window && !stop.load(Ordering::SeqCst) {
                    done = progressed
                        .wait(done)
                        .unwrap_or_else(PoisonError::into_inner);
                }
                drop(done);
                let start = index * chunk;
                let end = (start + chunk).min(items.len());
                let results = items[start..end].iter().map(work).collect();
                if stop.load(Ordering::SeqCst) || sender.send((index, results)).is_err() {
                    break;
                }
            });
        }
        drop(sender);
        let mut waiting = BTreeMap::new();
        let mut expected = 0;
        let mut outcome = Ok(());
        'receive: for (index, results) in &receiver {
            waiting.insert(index, results);
            while let Some(results) = waiting.remove(&expected) {
                for (offset, result) in results.into_iter().enumerate() {
                    if let Err(err) = consume(expected * chunk + offset, result) {
                        outcome = Err(err);
                        break 'receive;
                    }
                }
                expected += 1;
                *consumed.lock().unwrap_or_else(PoisonError::into_inner) = expected;
                progressed.notify_all();
            }
        }
        stop.store(true, Ordering::SeqCst);
        progressed.notify_all();
        drop(receiver);
        outcome
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_item_order_whatever_the_threads() {
        let items: Vec<u64> = (0..500).collect();
        for (threads, chunk, window) in [
            (1, 1, 1),
            (2, 1, 1),
            (4, 1, 3),
            (8, 1, 64),
            (2, 7, 1),
            (3, 16, 4),
        ] {
            let mut seen = Vec::new();
            let sharing = Sharing {
                threads,
                chunk,
                window,
            };
            let result: Result<(), ()> = for_each_ordered(
                &items,
                sharing,
                |n| {
                    if n % 7 == 0 {
                        std::thread::yield_now();
                    }
                    n * 2
                },
                |index, doubled| {
                    seen.push((index, doubled));
                    Ok(())
                },
            );
            assert_eq!(result, Ok(()));
            let expected: Vec<(usize, u64)> = (0..500).map(|n| (n as usize, n * 2)).collect();
            assert_eq!(seen, expected, "{sharing:?}");
        }
    }

    #[test]
    fn the_first_error_stops_the_run() {
        let items: Vec<u32> = (0..10_000).collect();
        let mut consumed = 0;
        let sharing = Sharing {
            threads: 4,
            chunk: 8,
            window: 8,
        };
        let result = for_each_ordered(
            &items,
            sharing,
            |n| *n,
            |index, _| {
                consumed += 1;
                if index == 42 {
                    Err("stop")
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(result, Err("stop"));
        assert_eq!(consumed, 43);
    }
}
