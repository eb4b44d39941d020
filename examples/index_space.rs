//! Where an index's bytes go: per component (terms, postings, positions, fast columns, norms,
//! stored documents) and per field, summed over segments, as a markdown table on stdout.
//!
//! `cargo run --release --example index_space -- INDEX_DIR` (bench/run.sh prints it per size).

use std::collections::BTreeMap;

use anyhow::Context;
use tantivy::space_usage::PerFieldSpaceUsage;
use tantivy::Index;

fn main() -> anyhow::Result<()> {
    let dir = std::env::args()
        .nth(1)
        .context("usage: index_space INDEX_DIR")?;
    let index = Index::open_in_dir(&dir).with_context(|| format!("cannot open {dir}"))?;
    let searcher = index.reader()?.searcher();
    let usage = searcher.space_usage()?;
    let mut rows: BTreeMap<(String, &str), u64> = BTreeMap::new();
    let mut store = 0u64;
    for segment in usage.segments() {
        let components: [(&str, &PerFieldSpaceUsage); 5] = [
            ("terms", segment.termdict()),
            ("postings", segment.postings()),
            ("positions", segment.positions()),
            ("fast", segment.fast_fields()),
            ("norms", segment.fieldnorms()),
        ];
        for (component, per_field) in components {
            for field in per_field.fields() {
                *rows
                    .entry((field.field_name().to_string(), component))
                    .or_default() += field.total().get_bytes();
            }
        }
        store += segment.store().total().get_bytes();
    }
    let total = usage.total().get_bytes();
    println!(
        "{} segments, {} documents, {:.1} MB",
        usage.segments().len(),
        searcher.num_docs(),
        mb(total)
    );
    println!("| field | component | MB | share |");
    println!("|---|---|---|---|");
    let mut sorted: Vec<_> = rows.into_iter().collect();
    sorted.push((("(all)".to_string(), "stored docs"), store));
    sorted.sort_by_key(|(_, bytes)| std::cmp::Reverse(*bytes));
    for ((name, component), bytes) in sorted.into_iter().filter(|(_, b)| *b > 0) {
        println!(
            "| {name} | {component} | {:.2} | {:.1}% |",
            mb(bytes),
            bytes as f64 * 100.0 / total as f64
        );
    }
    Ok(())
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}
