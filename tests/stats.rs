//! End-to-end tests of `backissues stats`: the real binary ingests the fixtures into a temp dir,
//! then reports what the index holds.

use assert_cmd::Command;
use serde_json::{json, Value};
use tempfile::TempDir;

mod common;

/// A temp dir whose `index/` holds the five fixtures, ingested by the real binary.
fn ingested() -> TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let fixtures = std::fs::canonicalize("fixtures/devopsweekly").unwrap();
    backissues(&tmp)
        .arg("ingest")
        .arg(fixtures)
        .assert()
        .success();
    tmp
}

/// The binary, run in `tmp` (so the default `./index` is `tmp/index`).
fn backissues(tmp: &TempDir) -> Command {
    let mut cmd = common::backissues();
    cmd.current_dir(tmp.path());
    cmd
}

#[test]
fn json_stats_describe_the_fixtures() {
    let tmp = ingested();
    let out = backissues(&tmp)
        .args(["stats", "--format", "json"])
        .assert()
        .success();
    let stats: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(stats["issues"], 5);
    assert_eq!(stats["links"], 61);
    assert_eq!(stats["urls"], 61);
    assert_eq!(stats["first_issue"], "2019-04-28");
    assert_eq!(stats["last_issue"], "2020-12-06");
    assert_eq!(
        stats["years"],
        json!([{"value": "2019", "count": 16}, {"value": "2020", "count": 45}])
    );
    assert_eq!(
        stats["sections"],
        json!([
            {"value": "news", "count": 37},
            {"value": "tools", "count": 14},
            {"value": "sponsor", "count": 5},
            {"value": "events", "count": 4},
            {"value": "books", "count": 1},
        ])
    );
    let domains = stats["top_domains"].as_array().unwrap();
    assert_eq!(domains.len(), 10);
    assert_eq!(domains[0], json!({"value": "github.com", "count": 11}));
    assert_eq!(domains[1], json!({"value": "medium.com", "count": 3}));
}

#[test]
fn the_stats_table_lists_totals_then_counts() {
    let tmp = ingested();
    let out = backissues(&tmp).arg("stats").assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        text.starts_with(concat!(
            " issues          5\n",
            " links           61\n",
            " distinct links  61\n",
            " first issue     2019-04-28\n",
            " last issue      2020-12-06\n",
            "\n",
            " newsletter    issues  links  first issue  last issue  undated\n",
            " devopsweekly  5       61     2019-04-28   2020-12-06  0\n",
            "\n",
            " year  links\n",
            " 2019     16\n",
            " 2020     45\n",
            "\n",
            " section  links\n",
            " news        37\n",
        )),
        "{text}"
    );
    assert!(text.contains(" github.com                 11\n"), "{text}");
}

#[test]
fn stats_count_what_query_counts_with_sponsors() {
    let tmp = ingested();
    let count = |args: &[&str]| -> String {
        let out = backissues(&tmp)
            .arg("query")
            .args(args)
            .args(["--count", "--include-sponsors", "--include-recurring"])
            .assert()
            .success();
        String::from_utf8_lossy(&out.get_output().stdout).into_owned()
    };
    assert_eq!(count(&["--all"]), "61\n", "stats links");
    assert_eq!(count(&[]), "61\n", "stats urls");
}

#[test]
fn stats_without_an_index_says_to_ingest_first() {
    let tmp = tempfile::tempdir().unwrap();
    backissues(&tmp)
        .arg("stats")
        .assert()
        .code(2)
        .stdout("")
        .stderr("backissues: error: no index at ./index: run `backissues ingest PATH` first\n");
}
