//! Per-stage wall-clock timings of an ingest, for performance work: set `BACKISSUES_TIMINGS=1`
//! and `ingest` prints, on stderr after its summary, where its time went (parse on the parsing
//! threads, summed over them; building Tantivy documents and handing them to the writer on the
//! writing thread; commit, merge, clean-up and the recurring-link table after the last file).
//! Off, each stage costs one relaxed atomic load.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// A measured part of an ingest.
#[derive(Debug, Clone, Copy)]
pub enum Stage {
    /// Walking the paths and opening the index.
    Open,
    /// Reading, hashing and parsing files (on the parsing threads: the sum over them).
    Parse,
    /// The whole ordered loop over the files, as the writing thread sees it (wall).
    Files,
    /// Turning link documents into Tantivy documents (writing thread).
    Documents,
    /// Handing documents to Tantivy's indexing threads (writing thread; blocks while they are
    /// behind).
    Add,
    /// Tantivy's commit: the indexing threads finish and write their segments.
    Commit,
    /// Merging segments after the commit.
    Merge,
    /// Removing unused files and waiting for merges.
    Cleanup,
    /// Computing and writing the recurring-link table.
    Recurring,
}

const STAGES: [(Stage, &str); 9] = [
    (Stage::Open, "open"),
    (Stage::Parse, "parse (threads, summed)"),
    (Stage::Files, "files loop (wall)"),
    (Stage::Documents, "build documents"),
    (Stage::Add, "add to writer"),
    (Stage::Commit, "commit"),
    (Stage::Merge, "merge"),
    (Stage::Cleanup, "gc + wait merges"),
    (Stage::Recurring, "recurring-link table"),
];

static NANOS: [AtomicU64; 9] = [const { AtomicU64::new(0) }; 9];
static ON: AtomicBool = AtomicBool::new(false);
static STARTED: OnceLock<Instant> = OnceLock::new();

/// Turns timings on when `BACKISSUES_TIMINGS` is set (non-empty, not `0`).
pub fn init_from_env() {
    let on = std::env::var("BACKISSUES_TIMINGS").is_ok_and(|v| !v.is_empty() && v != "0");
    ON.store(on, Ordering::Relaxed);
    if on {
        STARTED.get_or_init(Instant::now);
    }
}

/// True when timings are collected.
pub fn enabled() -> bool {
    ON.load(Ordering::Relaxed)
}

/// Adds `elapsed` to `stage`.
pub fn add(stage: Stage, elapsed: Duration) {
    let nanos = u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX);
    NANOS[stage as usize].fetch_add(nanos, Ordering::Relaxed);
}

/// Runs `work`, adding its time to `stage` when timings are on.
pub fn time<R>(stage: Stage, work: impl FnOnce() -> R) -> R {
    if !enabled() {
        return work();
    }
    let start = Instant::now();
    let result = work();
    add(stage, start.elapsed());
    result
}

/// Prints every stage's time to stderr, when timings are on.
pub fn report() {
    if !enabled() {
        return;
    }
    let mut lines = String::from("timings (s):\n");
    for (stage, name) in STAGES {
        let secs = Duration::from_nanos(NANOS[stage as usize].load(Ordering::Relaxed));
        lines.push_str(&format!("  {name:<24} {:>8.3}\n", secs.as_secs_f64()));
    }
    if let Some(start) = STARTED.get() {
        lines.push_str(&format!(
            "  {:<24} {:>8.3}\n",
            "total (wall)",
            start.elapsed().as_secs_f64()
        ));
    }
    eprint!("{lines}");
}
