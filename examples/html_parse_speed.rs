//! The reference for the HTML bench row: html5ever (through scraper) parsing every `.html` file
//! under a folder into a DOM and nothing else, on one thread. Prints MB/s (best of `--runs`).
//!
//! `cargo run --release --example html_parse_speed -- DIR [--runs N]`

use std::path::PathBuf;
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let runs: usize = match (args.next().as_deref(), args.next()) {
        (Some("--runs"), Some(n)) => n.parse()?,
        _ => 3,
    };
    let files: Vec<Vec<u8>> = walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "html"))
        .map(|entry| std::fs::read(entry.path()))
        .collect::<Result<_, _>>()?;
    let bytes: usize = files.iter().map(Vec::len).sum();
    let mut best = f64::MAX;
    for _ in 0..runs {
        let started = Instant::now();
        let mut nodes = 0usize;
        for file in &files {
            let text = String::from_utf8_lossy(file);
            nodes += scraper::Html::parse_document(&text).tree.nodes().count();
        }
        best = best.min(started.elapsed().as_secs_f64());
        std::hint::black_box(nodes);
    }
    println!(
        "{} files, {:.1} MB, best of {runs}: {:.3} s = {:.1} MB/s",
        files.len(),
        bytes as f64 / 1e6,
        best,
        bytes as f64 / 1e6 / best
    );
    Ok(())
}
