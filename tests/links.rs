//! End-to-end tests of what makes links the same link, on `fixtures/recurring/` (eight issues of
//! one newsletter, each with the same furniture links: an events calendar, a contributing guide,
//! the editor's profile): canonical URLs and hosts, one row per link with its appearances, and
//! recurring links left out by default.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;
use serde_json::Value;

/// The index of `fixtures/recurring/`, built once by the real `ingest` and only read.
fn index() -> &'static Path {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| {
        let tmp = tempfile::Builder::new()
            .prefix("links-tests")
            .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
            .unwrap()
            .keep();
        let index = tmp.join("index");
        backissues(&index)
            .args(["ingest", "fixtures/recurring"])
            .assert()
            .success();
        index
    })
}

/// `backissues --index INDEX` with a clean environment.
fn backissues(index: &Path) -> Command {
    let mut cmd = Command::cargo_bin("backissues").unwrap();
    cmd.env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .env_remove("BACKISSUES_INDEX")
        .arg("--index")
        .arg(index);
    cmd
}

/// `backissues query ARGS` on the shared index.
fn query(args: &[&str]) -> Command {
    let mut cmd = backissues(index());
    cmd.arg("query").args(args);
    cmd
}

/// The hits of a query in JSON Lines.
fn hits(args: &[&str]) -> Vec<Value> {
    let output = query(args).args(["--format", "jsonl"]).output().unwrap();
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// The `url` of every hit, as written in the issue.
fn urls(args: &[&str]) -> Vec<String> {
    hits(args)
        .iter()
        .map(|hit| hit["url"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn an_internationalized_domain_is_found_as_typed_or_in_punycode() {
    let katalog = ["https://bücher.example/katalog"];
    assert_eq!(urls(&["--domain", "bücher.example"]), katalog);
    assert_eq!(urls(&["--domain", "xn--bcher-kva.example"]), katalog);
    assert_eq!(urls(&["--domain", "https://BÜCHER.example/other"]), katalog);
    assert_eq!(urls(&["domain:bücher.example"]), katalog);
    let hit = &hits(&["--domain", "bücher.example"])[0];
    assert_eq!(hit["domain"], "xn--bcher-kva.example");
}

#[test]
fn a_domain_with_a_scheme_port_and_path_is_its_host() {
    let proxy = ["https://proxy.example:8080/b"];
    assert_eq!(urls(&["--domain", "https://proxy.example:8080/b"]), proxy);
    assert_eq!(urls(&["--domain", "proxy.example:8080"]), proxy);
    assert_eq!(urls(&["--domain", "http://www.Proxy.example"]), proxy);
    assert_eq!(urls(&["domain:\"https://proxy.example:8080/b\""]), proxy);
}

#[test]
fn a_link_featured_in_three_issues_is_one_row_with_its_three_appearances() {
    let found = hits(&["executors"]);
    assert_eq!(found.len(), 1, "{found:?}");
    let hit = &found[0];
    assert_eq!(hit["appearances"], 3);
    assert_eq!(hit["first"], "2024-01-14");
    assert_eq!(hit["last"], "2024-02-18");
    assert_eq!(
        hit["issues"],
        serde_json::json!([
            {"date": "2024-01-14", "issue": 102},
            {"date": "2024-01-28", "issue": 104},
            {"date": "2024-02-18", "issue": 107},
        ])
    );
    query(&["executors", "--count"])
        .assert()
        .success()
        .stdout("1\n");
}

#[test]
fn all_lists_every_appearance_with_its_url_as_written() {
    assert_eq!(
        urls(&["executors", "--all", "--sort", "oldest"]),
        [
            "https://blog.example.com/walkthroughs/async-executors",
            "https://blog.example.com/walkthroughs/async-executors?utm_source=weekly&utm_medium=email",
            "https://www.blog.example.com/walkthroughs/async-executors/",
        ]
    );
    query(&["executors", "--count", "--all"])
        .assert()
        .success()
        .stdout("3\n");
}

#[test]
fn the_table_marks_a_link_seen_in_three_issues() {
    let out = query(&["executors", "timers"])
        .env("COLUMNS", "100")
        .assert()
        .success();
    assert_eq!(
        String::from_utf8_lossy(&out.get_output().stdout),
        concat!(
            " #  date        issue  section       domain            link\n",
            " 1  2024-01-28    104  updates-fro…  blog.example.com  The async executors walkthrough, now with a\n",
            "                                                       part on timers.\n",
            "    ×3                                                 https://blog.example.com/walkthroughs/async-executors?utm_source=weekly&utm_medium=email\n",
        )
    );
}
