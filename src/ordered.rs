//! A bounded, order-preserving parallel map: the pool's threads map items
//! while the calling thread consumes the results in input order.
//!
//! Workers never run more than `window` items ahead of the consumer, nor
//! hold more than `budget` units of input in flight (a single item larger
//! than the budget still runs, alone), so memory stays bounded however
//! long the input is. Results are consumed in input order, so the output
//! does not depend on the number of threads or on scheduling.

use std::collections::BTreeMap;
use std::sync::{mpsc, Condvar, Mutex, PoisonError};

/// Where the workers are.
struct State {
    /// Next item to start.
    next: usize,
    /// Items consumed so far.
    consumed: usize,
    /// Cost of items started and not yet consumed.
    in_flight: u64,
    /// Set when the consumer stops early (an error).
    abort: bool,
}

/// Limits on work in flight.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    /// Most items started ahead of the consumer.
    pub window: usize,
    /// Most cost (e.g. bytes) in flight.
    pub budget: u64,
    /// Cost a worker claims at once: consecutive items up to it (at least
    /// one) are mapped and handed over together, so the consumer is woken
    /// once per batch, not once per small item.
    pub batch: u64,
}

/// Maps `items` on `pool`, calling `consume` on the calling thread with
/// each result in input order. `map` is given each batch a worker claims
/// (consecutive items) and returns one result per item, in order: a
/// mapper may then share work across the batch. Stops at the first error
/// of `consume` and returns it.
pub fn ordered_map<T, R, E>(
    pool: &rayon::ThreadPool,
    items: &[T],
    bounds: Bounds,
    cost: impl Fn(&T) -> u64 + Sync,
    map: impl Fn(&[T]) -> Vec<R> + Sync,
    mut consume: impl FnMut(usize, R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Sync,
    R: Send,
{
    let window = bounds.window.max(1);
    let state = Mutex::new(State {
        next: 0,
        consumed: 0,
        in_flight: 0,
        abort: false,
    });
    let wake = Condvar::new();
    let lock = || state.lock().unwrap_or_else(PoisonError::into_inner);
    let (tx, rx) = mpsc::channel::<(usize, Vec<R>)>();
    let workers = pool.current_num_threads().max(1);
    let mut result = Ok(());
    pool.in_place_scope(|scope| {
        for _ in 0..workers {
            let tx = tx.clone();
            let (state, wake, cost, map) = (&state, &wake, &cost, &map);
            scope.spawn(move |_| {
                // A panicking map stops the others too: left waiting for
                // the window to move, they would keep the channel open and
                // the consumer waiting for ever. The scope re-raises it.
                let _stop = StopOnPanic { state, wake };
                loop {
                    let claimed = {
                        let mut s = state.lock().unwrap_or_else(PoisonError::into_inner);
                        loop {
                            if s.abort || s.next >= items.len() {
                                return;
                            }
                            let claimed = claim(&mut s, items, window, bounds, cost);
                            if !claimed.is_empty() {
                                break claimed;
                            }
                            s = wake.wait(s).unwrap_or_else(PoisonError::into_inner);
                        }
                    };
                    let start = claimed.start;
                    let mapped: Vec<R> = map(&items[claimed.clone()]);
                    assert_eq!(mapped.len(), claimed.len(), "one result per item");
                    if tx.send((start, mapped)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(tx);
        // Batches waiting for the ones before them, by their first item:
        // claims are consecutive, so the next batch starts where the
        // consumed ones end. Whole batches are kept, not their results
        // one by one (a result is hundreds of bytes, and a tree of them
        // shifts results within its nodes at every insert and remove).
        let mut pending: BTreeMap<usize, Vec<R>> = BTreeMap::new();
        let mut k = 0;
        while k < items.len() {
            let Ok((start, batch)) = rx.recv() else {
                break; // every worker is gone (a panic, re-raised by the scope)
            };
            pending.insert(start, batch);
            let (from, mut freed) = (k, 0);
            while let Some(batch) = pending.remove(&k) {
                for r in batch {
                    if let Err(e) = consume(k, r) {
                        result = Err(e);
                        lock().abort = true;
                        wake.notify_all();
                        return;
                    }
                    freed += cost(&items[k]);
                    k += 1;
                }
            }
            if k > from {
                {
                    let mut s = lock();
                    s.consumed = k;
                    s.in_flight -= freed;
                }
                wake.notify_all();
            }
        }
    });
    result
}

/// Sets `abort` and wakes every worker when dropped by a panic.
struct StopOnPanic<'a> {
    state: &'a Mutex<State>,
    wake: &'a Condvar,
}

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.state
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .abort = true;
            self.wake.notify_all();
        }
    }
}

/// The next items a worker may start: consecutive, within the window
/// ahead of the consumer and the budget in flight (the first item alone
/// may exceed the budget when nothing else is in flight), up to the batch
/// cost. Empty when none may start yet.
fn claim<T>(
    s: &mut State,
    items: &[T],
    window: usize,
    bounds: Bounds,
    cost: &impl Fn(&T) -> u64,
) -> std::ops::Range<usize> {
    let start = s.next;
    let mut taken = 0;
    while s.next < items.len() && s.next < s.consumed + window {
        let c = cost(&items[s.next]);
        let fits = s.in_flight == 0 || s.in_flight + c <= bounds.budget;
        let more = s.next == start || taken + c <= bounds.batch;
        if !(fits && more) {
            break;
        }
        s.next += 1;
        s.in_flight += c;
        taken += c;
    }
    start..s.next
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A batch mapper made of a per-item one.
    fn each<T, R>(f: impl Fn(&T) -> R) -> impl Fn(&[T]) -> Vec<R> {
        move |batch| batch.iter().map(&f).collect()
    }
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn pool(n: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .unwrap()
    }

    #[test]
    fn results_come_in_input_order_for_any_thread_count() {
        let items: Vec<u64> = (0..500).collect();
        for threads in [1, 2, 7] {
            let mut got = Vec::new();
            let bounds = Bounds {
                window: 5,
                budget: 1000,
                batch: 1,
            };
            ordered_map(
                &pool(threads),
                &items,
                bounds,
                |_| 1,
                each(|x| x * 2),
                |i, r| {
                    assert_eq!(r, i as u64 * 2);
                    got.push(r);
                    Ok::<(), ()>(())
                },
            )
            .unwrap();
            assert_eq!(got, items.iter().map(|x| x * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn batches_keep_input_order_and_the_budget() {
        let items: Vec<u64> = (0..300).map(|i| i % 7 + 1).collect();
        let in_flight = AtomicUsize::new(0);
        for (threads, batch) in [(1, 1), (2, 5), (3, 20), (4, 1000)] {
            let mut got = Vec::new();
            let bounds = Bounds {
                window: 12,
                budget: 30,
                batch,
            };
            ordered_map(
                &pool(threads),
                &items,
                bounds,
                |&c| c,
                each(|&c| {
                    let now = in_flight.fetch_add(c as usize, Ordering::SeqCst) + c as usize;
                    assert!(now <= 30, "over the budget: {now}");
                    c
                }),
                |i, r| {
                    in_flight.fetch_sub(r as usize, Ordering::SeqCst);
                    assert_eq!(r, items[i]);
                    got.push(r);
                    Ok::<(), ()>(())
                },
            )
            .unwrap();
            assert_eq!(got, items, "threads {threads}, batch {batch}");
        }
    }

    #[test]
    fn a_panicking_map_ends_the_run_instead_of_hanging() {
        let items: Vec<u64> = (0..100).collect();
        let bounds = Bounds {
            window: 4,
            budget: u64::MAX,
            batch: 1,
        };
        let run = std::panic::catch_unwind(|| {
            ordered_map(
                &pool(3),
                &items,
                bounds,
                |_| 1,
                each(|&x| assert!(x != 0, "the first item fails")),
                |_, ()| Ok::<(), ()>(()),
            )
        });
        assert!(run.is_err(), "the panic reaches the caller");
    }

    #[test]
    fn a_claim_takes_consecutive_items_up_to_the_batch_window_and_budget() {
        let costs: Vec<u64> = vec![3, 3, 3, 10, 1, 1, 1, 1];
        let state = |next, consumed, in_flight| State {
            next,
            consumed,
            in_flight,
            abort: false,
        };
        let bounds = |batch| Bounds {
            window: 6,
            budget: 12,
            batch,
        };
        let take = |s: &mut State, batch| claim(s, &costs, 6, bounds(batch), &|&c| c);
        // Up to the batch cost, at least one item.
        assert_eq!(take(&mut state(0, 0, 0), 6), 0..2);
        assert_eq!(take(&mut state(0, 0, 0), 1), 0..1);
        // The budget stops a batch (3 + 3 + 3 in flight, 10 more is over)...
        let mut s = state(3, 0, 9);
        assert_eq!(take(&mut s, 100), 3..3);
        // ...but not a lone item with nothing in flight.
        let mut s = state(3, 3, 0);
        assert_eq!(take(&mut s, 1), 3..4);
        assert_eq!(s.in_flight, 10);
        // The window: at most 6 items ahead of the consumer.
        let mut s = state(4, 0, 0);
        assert_eq!(take(&mut s, 100), 4..6);
        assert_eq!((s.next, s.in_flight), (6, 2));
    }

    #[test]
    fn never_runs_more_than_the_window_ahead() {
        let items: Vec<u64> = (0..200).collect();
        let started = AtomicUsize::new(0);
        let consumed = AtomicUsize::new(0);
        let bounds = Bounds {
            window: 3,
            budget: u64::MAX,
            batch: 2,
        };
        ordered_map(
            &pool(4),
            &items,
            bounds,
            |_| 1,
            each(|_| {
                let s = started.fetch_add(1, Ordering::SeqCst) + 1;
                assert!(s <= consumed.load(Ordering::SeqCst) + 3, "ran ahead");
            }),
            |_, ()| {
                consumed.fetch_add(1, Ordering::SeqCst);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        assert_eq!(consumed.load(Ordering::SeqCst), 200);
    }

    #[test]
    fn an_item_over_budget_runs_alone_and_errors_stop_the_run() {
        let items: Vec<u64> = vec![1, 50, 1, 1];
        let bounds = Bounds {
            window: 10,
            budget: 10,
            batch: 1,
        };
        let mut seen = Vec::new();
        ordered_map(
            &pool(2),
            &items,
            bounds,
            |&c| c,
            each(|&x| x),
            |_, r| {
                seen.push(r);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        assert_eq!(seen, items);
        let stopped = ordered_map(
            &pool(2),
            &items,
            bounds,
            |_| 1,
            each(|&x| x),
            |i, _| {
                if i == 1 {
                    Err("disk full")
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(stopped, Err("disk full"));
    }
}
