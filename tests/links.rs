//! End-to-end tests of what makes links the same link, on `fixtures/recurring/` (eight issues of
//! one newsletter, each with the same furniture links: an events calendar, a contributing guide,
//! the editor's profile): canonical URLs and hosts, one row per link with its appearances, and
//! recurring links left out by default.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;
use serde_json::Value;

mod common;

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
        common::on_index(&index)
            .args(["ingest", "fixtures/recurring"])
            .assert()
            .success();
        index
    })
}

/// `backissues query ARGS` on the shared index.
fn query(args: &[&str]) -> Command {
    common::query(index(), args)
}

/// The hits of a query in JSON Lines.
fn hits(args: &[&str]) -> Vec<Value> {
    common::hits(index(), args)
}

/// The `url` of every hit, as written in the issue.
fn urls(args: &[&str]) -> Vec<String> {
    common::urls(&hits(args))
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
            " #  date        issue  section            domain            link\n",
            " 1  2024-01-28    104  rust-walkthroughs  blog.example.com  The async executors walkthrough, now\n",
            "                                                            with a part on timers.\n",
            "    ×3                                                      https://blog.example.com/walkthroughs/async-executors?utm_source=weekly&utm_medium=email\n",
        )
    );
}

#[test]
fn recurring_links_are_left_out_unless_asked_for() {
    // The two hits score exactly alike, so their order is the index's (segments fill in
    // parallel): compare them as a set.
    let mut found = urls(&["calendar"]);
    found.sort();
    assert_eq!(
        found,
        [
            "https://deadlines.example.net/cfp.ics",
            "https://github.com/someone/termcal",
        ]
    );
    let with = hits(&["calendar", "--include-recurring"]);
    let calendar: Vec<&Value> = with.iter().filter(|hit| hit["recurring"] == true).collect();
    assert_eq!(calendar.len(), 1, "{with:?}");
    assert_eq!(calendar[0]["domain"], "community.example.org");
    assert_eq!(calendar[0]["appearances"], 8);
    assert_eq!(with.len(), 3);
    assert!(with
        .iter()
        .filter(|hit| hit["recurring"] != true)
        .all(|hit| hit["recurring"] == false));
    assert!(urls(&["contributing"]).is_empty());
    assert_eq!(
        urls(&["contributing", "--include-recurring"]),
        ["https://github.com/example-weekly/site/blob/main/CONTRIBUTING.md"]
    );
    query(&["contributing"]).assert().code(1);
}

#[test]
fn counts_and_facets_leave_recurring_links_out_too() {
    let count = |args: &[&str]| -> String {
        let out = query(args).arg("--count").output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert_eq!(count(&[]), "14\n");
    assert_eq!(count(&["--include-recurring"]), "17\n");
    assert_eq!(count(&["--all"]), "16\n");
    assert_eq!(count(&["--all", "--include-recurring"]), "38\n");
    let out = query(&["--facet", "section"]).output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        concat!(
            " section                                       links\n",
            " news                                              8\n",
            " tools                                             5\n",
            " updates-from-the-community/rust-walkthroughs      1\n",
        )
    );
    let out = query(&[
        "--facet",
        "section",
        "--include-recurring",
        "--format",
        "json",
    ])
    .output()
    .unwrap();
    let facets: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(facets[0], serde_json::json!({"value": "news", "count": 8}));
    assert!(facets
        .as_array()
        .unwrap()
        .contains(&serde_json::json!({"value": "get-involved", "count": 2})));
}

#[test]
fn stats_list_the_recurring_links_with_their_issues() {
    let out = common::on_index(index())
        .args(["stats", "--format", "json"])
        .output()
        .unwrap();
    let stats: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(stats["issues"], 8);
    assert_eq!(stats["links"], 38);
    assert_eq!(stats["urls"], 17);
    assert_eq!(
        stats["top_recurring"],
        serde_json::json!([
            {"url": "https://community.example.org/events-calendar?utm_source=weekly-101", "issues": 8, "of_issues": 8},
            {"url": "https://github.com/example-weekly/site/blob/main/CONTRIBUTING.md", "issues": 8, "of_issues": 8},
            {"url": "https://social.example.net/@editor", "issues": 6, "of_issues": 8},
        ])
    );
}

#[test]
fn the_recurring_table_is_rebuilt_at_each_ingest_and_never_left_half_written() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    std::fs::create_dir(&archive).unwrap();
    let mut issues: Vec<PathBuf> = std::fs::read_dir("fixtures/recurring")
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    issues.sort();
    let index = tmp.path().join("index");
    let recurring = |expected: &[&str]| {
        let out = common::on_index(&index)
            .args(["stats", "--format", "json"])
            .output()
            .unwrap();
        let stats: Value = serde_json::from_slice(&out.stdout).unwrap();
        let found: Vec<&str> = stats["top_recurring"]
            .as_array()
            .unwrap()
            .iter()
            .map(|link| link["url"].as_str().unwrap())
            .collect();
        assert_eq!(found, expected);
    };
    // Four issues: the furniture is in all of them, but four is under the floor of five.
    for issue in &issues[..4] {
        std::fs::copy(issue, archive.join(issue.file_name().unwrap())).unwrap();
    }
    common::on_index(&index)
        .arg("ingest")
        .arg(&archive)
        .assert()
        .success();
    recurring(&[]);
    // Five issues: the calendar and the guide (in all five) are recurring, the editor's
    // profile (in four of five: issue 103 leaves it out) is not yet.
    std::fs::copy(&issues[4], archive.join(issues[4].file_name().unwrap())).unwrap();
    common::on_index(&index)
        .arg("ingest")
        .arg(&archive)
        .assert()
        .success();
    recurring(&[
        "https://community.example.org/events-calendar?utm_source=weekly-101",
        "https://github.com/example-weekly/site/blob/main/CONTRIBUTING.md",
    ]);
    let names: Vec<String> = std::fs::read_dir(&index)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("recurring"))
        .collect();
    assert_eq!(names, ["recurring.json"]);
}

#[test]
fn a_nested_section_shows_its_last_part_and_is_found_by_it() {
    let found = hits(&["--section", "rust-walkthroughs"]);
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0]["section"],
        "updates-from-the-community/rust-walkthroughs"
    );
    assert_eq!(urls(&["--section", "Rust walkthroughs", "--all"]).len(), 3);
    assert_eq!(
        urls(&["--section", "updates-from-the-community/rust-walkthroughs"]).len(),
        1
    );
    assert!(urls(&["--section", "walkthroughs"]).is_empty());
}
