//! Parse throughput on one core: reads every issue file under a folder into memory, then parses
//! them all with `parse_issue` (no walking, hashing or indexing in the timed part) and prints
//! MB/s and links/s, best of `--runs`.
//!
//! `cargo run --release --example parse_speed -- DIR [RUNS]`

use std::time::Instant;

use anyhow::Context;
use backissues::parse::format::is_issue_file;
use backissues::parse::parse_issue;

/// The binary's allocator (src/main.rs), so the figure is the parser as `ingest` runs it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().context("usage: parse_speed DIR [RUNS]")?;
    let runs: usize = args.next().map_or(Ok(5), |n| n.parse())?;
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&dir) {
        let entry = entry?;
        if entry.file_type().is_file() && is_issue_file(entry.path()) {
            let source = entry.path().display().to_string();
            files.push((source, std::fs::read(entry.path())?));
        }
    }
    let bytes: usize = files.iter().map(|(_, data)| data.len()).sum();
    let mut best = f64::MAX;
    let mut links = 0;
    for _ in 0..runs {
        let start = Instant::now();
        links = files
            .iter()
            .map(|(source, data)| parse_issue(source, data).map_or(0, |docs| docs.len()))
            .sum::<usize>();
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!(
        "{} files, {:.1} MB, {links} links: best of {runs} {best:.3} s, {:.1} MB/s, {:.0} links/s",
        files.len(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / best,
        links as f64 / best
    );
    Ok(())
}
