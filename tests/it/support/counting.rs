//! A global allocator that counts, on the calling thread only, the allocations, reallocations
//! and bytes requested while a closure runs, and a poller for futures that never wait. Shared by
//! `tests/it/allocation_budget.rs` and `benches/allocations.rs` (`#[path]`); each program that
//! includes it counts with it.

// A global allocator is `unsafe` to implement; this one only forwards to the system's.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

/// What was counted, in total.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    allocs: u64,
    reallocs: u64,
    bytes: u64,
}

thread_local! {
    /// Counts on this thread while counting; `None` when not counting.
    static COUNTS: Cell<Option<Counts>> = const { Cell::new(None) };
}

fn record(add: impl FnOnce(&mut Counts)) {
    // `try_with`: the allocator may run while the thread's locals are being torn down.
    let _ = COUNTS.try_with(|counts| {
        if let Some(mut now) = counts.get() {
            add(&mut now);
            counts.set(Some(now));
        }
    });
}

struct Counting;

// SAFETY: every call is forwarded to the system allocator unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        record(|c| {
            c.allocs += 1;
            c.bytes += layout.size() as u64;
        });
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        record(|c| {
            c.allocs += 1;
            c.bytes += layout.size() as u64;
        });
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        record(|c| {
            c.reallocs += 1;
            c.bytes += new_size.saturating_sub(layout.size()) as u64;
        });
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Per run of `f`, averaged over `runs` runs on this thread: (allocations, reallocations,
/// bytes requested). What `f` returns is kept until counting stops, so that freeing it is not
/// interleaved with the measured work.
pub(crate) fn per_run<T>(runs: u64, mut f: impl FnMut() -> T) -> (f64, f64, f64) {
    let mut kept = Vec::with_capacity(runs as usize);
    COUNTS.with(|counts| counts.set(Some(Counts::default())));
    for _ in 0..runs {
        kept.push(std::hint::black_box(f()));
    }
    let total = COUNTS
        .with(|counts| counts.replace(None))
        .unwrap_or_default();
    drop(kept);
    let per = |n: u64| n as f64 / runs as f64;
    (per(total.allocs), per(total.reallocs), per(total.bytes))
}

/// Polls a future that never waits (a fixed credential) to completion on this thread, without
/// a runtime.
pub(crate) fn ready<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("the future waited; it cannot be measured without a runtime"),
    }
}
