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
}

/// Maps `items` with `map` on `pool`, calling `consume` on the calling
/// thread with each result in input order. Stops at the first error of
/// `consume` and returns it.
pub fn ordered_map<T, R, E>(
    pool: &rayon::ThreadPool,
    items: &[T],
    bounds: Bounds,
    cost: impl Fn(&T) -> u64 + Sync,
    map: impl Fn(&T) -> R + Sync,
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
    let (tx, rx) = mpsc::channel::<(usize, R)>();
    let workers = pool.current_num_threads().max(1);
    let mut result = Ok(());
    pool.in_place_scope(|scope| {
        for _ in 0..workers {
            let tx = tx.clone();
            let (state, wake, cost, map) = (&state, &wake, &cost, &map);
            scope.spawn(move |_| loop {
                let i = {
                    let mut s = state.lock().unwrap_or_else(PoisonError::into_inner);
                    loop {
                        if s.abort || s.next >= items.len() {
                            return;
                        }
                        let c = cost(&items[s.next]);
                        let ahead = s.next < s.consumed + window;
                        let fits = s.in_flight == 0 || s.in_flight + c <= bounds.budget;
                        if ahead && fits {
                            s.next += 1;
                            s.in_flight += c;
                            break s.next - 1;
                        }
                        s = wake.wait(s).unwrap_or_else(PoisonError::into_inner);
                    }
                };
                if tx.send((i, map(&items[i]))).is_err() {
                    return;
                }
            });
        }
        drop(tx);
        let mut pending: BTreeMap<usize, R> = BTreeMap::new();
        let mut k = 0;
        while k < items.len() {
            let Ok((i, r)) = rx.recv() else {
                break; // every worker is gone (a panic, re-raised by the scope)
            };
            pending.insert(i, r);
            while let Some(r) = pending.remove(&k) {
                let c = cost(&items[k]);
                if let Err(e) = consume(k, r) {
                    result = Err(e);
                    lock().abort = true;
                    wake.notify_all();
                    return;
                }
                {
                    let mut s = lock();
                    s.consumed = k + 1;
                    s.in_flight -= c;
                }
                wake.notify_all();
                k += 1;
            }
        }
    });
    result
}

#[cfg(test)]
mod tests {
    use super::*;
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
            };
            ordered_map(
                &pool(threads),
                &items,
                bounds,
                |_| 1,
                |x| x * 2,
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
    fn never_runs_more_than_the_window_ahead() {
        let items: Vec<u64> = (0..200).collect();
        let started = AtomicUsize::new(0);
        let consumed = AtomicUsize::new(0);
        let bounds = Bounds {
            window: 3,
            budget: u64::MAX,
        };
        ordered_map(
            &pool(4),
            &items,
            bounds,
            |_| 1,
            |_| {
                let s = started.fetch_add(1, Ordering::SeqCst) + 1;
                assert!(s <= consumed.load(Ordering::SeqCst) + 3, "ran ahead");
            },
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
        };
        let mut seen = Vec::new();
        ordered_map(
            &pool(2),
            &items,
            bounds,
            |&c| c,
            |&x| x,
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
            |&x| x,
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
