//! The same documents and the same ranking, whatever the index layout: an index built from the
//! fixture archives answers a fixed set of queries (relevance, phrases, fuzzy, filters, newest
//! first, counts and facets) with exactly the rows of `tests/ranking_expected.txt`, which was
//! written by the index layout before issue 22 (stored fields, scores and order, as `--format
//! tsv` prints them). A change to the schema, the analyzer or the writer that moves a hit, a
//! score or a stored value fails here.
//!
//! After an intended ranking change, rewrite the expectation and review its diff:
//! `UPDATE_RANKING=1 cargo test --test ranking`.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use tempfile::TempDir;

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
    &["kubernetes", "-n", "15"],
    &["monitoring", "-n", "15"],
    &["\"service mesh\""],
    &["kubernetes security"],
    &["docker OR terraform", "-n", "15"],
    &["kubernets", "--fuzzy", "-n", "10"],
    &["url:github", "-n", "10"],
    &["cloud", "--section", "tools"],
    &["--facet", "section"],
    &["--section", "news", "-n", "15"],
    &["-n", "15"],
    &["kubernetes", "--sort", "newest", "-n", "10"],
    &["kubernetes", "--count"],
    &["kubernetes", "--facet", "domain"],
    &["--facet", "year"],
    &["--include-recurring", "-n", "10"],
];

fn backissues(index: &Path) -> Command {
    let mut command = Command::cargo_bin("backissues").unwrap();
    command.arg("--index").arg(index);
    command
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
        actual.push_str(&String::from_utf8(output.stdout).unwrap());
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
