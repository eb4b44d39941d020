//! The same documents and the same ranking, whatever the index layout: an index built from the
//! fixture archives answers a fixed set of queries (relevance, phrases, fuzzy, filters, newest
//! first, counts and facets) with exactly the rows of `tests/ranking_expected.txt`, which was
//! written by the index layout before issue 22 (stored fields, scores and order, as `--format
//! tsv` prints them). A change to the schema, the analyzer or the writer that moves a hit, a
//! score or a stored value fails here.
//!
//! Links of equal rank are compared in text order (see [`ties_in_text_order`]).
//!
//! After an intended ranking change, rewrite the expectation and review its diff:
//! `UPDATE_RANKING=1 cargo test --test ranking`.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use tempfile::TempDir;

mod common;

/// The archives indexed (markdown newsletters of several families, dates, recurring links).
const ARCHIVES: &[&str] = &[
    "fixtures/devopsweekly",
    "fixtures/devopsweekly-2014",
    "fixtures/pelican",
    "fixtures/families",
    "fixtures/dates",
    "fixtures/recurring",
];

/// The queries, as `query` arguments.
const QUERIES: &[&[&str]] = &[
    &["kubernetes", "-n", "1000"],
    &["monitoring", "-n", "1000"],
    &["\"service mesh\""],
    &["kubernetes security"],
    &["docker OR terraform", "-n", "1000"],
    &["kubernets", "--fuzzy", "-n", "1000"],
    &["url:github", "-n", "1000"],
    &["cloud", "--section", "tools"],
    &["--facet", "section"],
    &["--section", "news", "-n", "1000"],
    &["-n", "1000"],
    &["kubernetes", "--sort", "newest", "-n", "1000"],
    &["kubernetes", "--count"],
    &["kubernetes", "--facet", "domain"],
    &["--facet", "year"],
    &["--include-recurring", "-n", "1000"],
];

/// The rows with rows of equal rank sorted by their text. Two indexing threads share the
/// documents out as they come, so which of two links with the same score (or the same date and
/// position) has the lower document address, and is shown first, changes from one ingest to the
/// next; the ranks themselves, and the order between different ranks, must not.
fn ties_in_text_order(tsv: &str) -> String {
    let rank = |row: &str| {
        let columns: Vec<&str> = row.split('\t').collect();
        if columns.len() < 11 {
            return row.to_string();
        }
        match columns[10] {
            "" => format!("{} {}", columns[1], columns[9]),
            score => score.to_string(),
        }
    };
    let rows: Vec<&str> = tsv.lines().collect();
    let mut out = String::new();
    for group in rows.chunk_by(|a, b| rank(a) == rank(b)) {
        let mut group = group.to_vec();
        group.sort_unstable();
        for row in group {
            out.push_str(row);
            out.push('\n');
        }
    }
    out
}

fn backissues(index: &Path) -> Command {
    common::on_index(index)
}

#[test]
fn queries_return_the_same_rows_as_before() {
    let dir = TempDir::new().unwrap();
    let index = dir.path().join("index");
    backissues(&index)
        .arg("ingest")
        .args(ARCHIVES)
        .assert()
        .success();
    let mut actual = String::new();
    for query in QUERIES {
        let output = backissues(&index)
            .arg("query")
            .args(*query)
            .args(["--format", "tsv"])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "query {query:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        actual.push_str(&format!("## query {}\n", query.join(" ")));
        actual.push_str(&ties_in_text_order(
            &String::from_utf8(output.stdout).unwrap(),
        ));
    }
    let expected_path = Path::new("tests/ranking_expected.txt");
    if std::env::var_os("UPDATE_RANKING").is_some() {
        fs::write(expected_path, &actual).unwrap();
        return;
    }
    let expected = fs::read_to_string(expected_path).unwrap();
    if actual != expected {
        let first_difference = actual
            .lines()
            .zip(expected.lines())
            .enumerate()
            .find(|(_, (a, e))| a != e)
            .map_or_else(
                || "one output is a prefix of the other".to_string(),
                |(line, (a, e))| format!("line {}:\n  now:      {a}\n  expected: {e}", line + 1),
            );
        panic!("query rows changed (UPDATE_RANKING=1 to accept): {first_difference}");
    }
}
