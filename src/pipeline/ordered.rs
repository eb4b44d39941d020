//! Work on all cores, results in order: items are processed by a few threads, and handed to one
//! consumer in their original order, so output stays deterministic. At most `window` items are
//! in flight (being worked on, queued or waiting for an earlier one), which bounds memory.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex, PoisonError};

/// Runs `work` on every item on `threads` threads and `consume`s each result on the calling
/// thread, in item order. The first error of `consume` stops the workers and is returned.
pub fn for_each_ordered<T, R, E>(
    items: &[T],
    threads: usize,
    window: usize,
    work: impl Fn(&T) -> R + Sync,
    mut consume: impl FnMut(usize, R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Sync,
    R: Send,
{
    let window = window.max(1);
    if threads <= 1 || items.len() <= 1 {
        for (index, item) in items.iter().enumerate() {
            consume(index, work(item))?;
        }
        return Ok(());
    }
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let consumed = Mutex::new(0usize);
    let progressed = Condvar::new();
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::sync_channel::<(usize, R)>(window);
        for _ in 0..threads {
            let sender = sender.clone();
            let (next, stop, consumed, progressed, work) =
                (&next, &stop, &consumed, &progressed, &work);
            scope.spawn(move || loop {
                let index = next.fetch_add(1, Ordering::SeqCst);
                if index >= items.len() || stop.load(Ordering::SeqCst) {
                    break;
                }
                let mut done = consumed.lock().unwrap_or_else(PoisonError::into_inner);
                while index >= *done + window && !stop.load(Ordering::SeqCst) {
                    done = progressed
                        .wait(done)
                        .unwrap_or_else(PoisonError::into_inner);
                }
                drop(done);
                if stop.load(Ordering::SeqCst) || sender.send((index, work(&items[index]))).is_err()
                {
                    break;
                }
            });
        }
        drop(sender);
        let mut waiting = BTreeMap::new();
        let mut expected = 0;
        let mut outcome = Ok(());
        'receive: for (index, result) in &receiver {
            waiting.insert(index, result);
            while let Some(result) = waiting.remove(&expected) {
                if let Err(err) = consume(expected, result) {
                    outcome = Err(err);
                    break 'receive;
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
        for (threads, window) in [(1, 1), (2, 1), (4, 3), (8, 64)] {
            let mut seen = Vec::new();
            let result: Result<(), ()> = for_each_ordered(
                &items,
                threads,
                window,
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
            assert_eq!(seen, expected, "{threads} threads, window {window}");
        }
    }

    #[test]
    fn the_first_error_stops_the_run() {
        let items: Vec<u32> = (0..10_000).collect();
        let mut consumed = 0;
        let result = for_each_ordered(
            &items,
            4,
            8,
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
