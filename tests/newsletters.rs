//! End-to-end tests of the newsletter field: two archives in one index give the same filters,
//! facets and stats as each archive alone, and never touch each other.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

mod common;

/// A temp dir holding `devops/` (the DevOps Weekly seeds) and `frontend/` (fixtures/dates/us-dates).
fn two_archives() -> TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for (from, to) in [
        ("fixtures/devopsweekly", "devops"),
        ("fixtures/dates/us-dates", "frontend"),
    ] {
        let target = tmp.path().join(to);
        fs::create_dir(&target).unwrap();
        for entry in fs::read_dir(from).unwrap() {
            let path = entry.unwrap().path();
            fs::copy(&path, target.join(path.file_name().unwrap())).unwrap();
        }
    }
    tmp
}

/// Runs the binary in `dir` with `--index INDEX`; returns stdout, failing on a non-zero exit.
fn run(dir: &Path, index: &str, args: &[&str]) -> String {
    let (code, stdout, stderr) = common::run_in(dir, &[&["--index", index], args].concat());
    assert_eq!(code, 0, "{args:?}: {stderr}");
    stdout
}

fn json(dir: &Path, index: &str, args: &[&str]) -> Value {
    serde_json::from_str(&run(dir, index, args)).unwrap()
}

/// (newsletter, date, url) of every hit of a JSON query.
fn hits(dir: &Path, index: &str, args: &[&str]) -> Vec<(String, String, String)> {
    let mut all = vec!["query", "--format", "json", "-n", "1000"];
    all.extend_from_slice(args);
    json(dir, index, &all)
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| {
            let text = |key: &str| hit[key].as_str().unwrap_or_default().to_string();
            (text("newsletter"), text("date"), text("url"))
        })
        .collect()
}

#[test]
fn two_archives_in_one_index_agree_with_each_alone() {
    let tmp = two_archives();
    let dir = tmp.path();
    run(dir, "both", &["ingest", "devops"]);
    run(dir, "both", &["ingest", "frontend"]);
    run(dir, "devops-only", &["ingest", "devops"]);
    run(dir, "frontend-only", &["ingest", "frontend"]);

    for (name, alone) in [("devops", "devops-only"), ("frontend", "frontend-only")] {
        let filtered = hits(dir, "both", &["--newsletter", name]);
        assert_eq!(filtered, hits(dir, alone, &[]), "{name}");
        assert!(filtered.iter().all(|(newsletter, _, _)| newsletter == name));
        let term = format!("newsletter:{name}");
        assert_eq!(
            hits(dir, "both", &[&term, "--sort", "newest"]),
            filtered,
            "{name}"
        );

        let alone_stats = json(dir, alone, &["stats", "--format", "json"]);
        let both_stats = json(dir, "both", &["stats", "--format", "json"]);
        let block = both_stats["newsletters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|block| block["name"] == name)
            .unwrap()
            .clone();
        for key in [
            "issues",
            "links",
            "first_issue",
            "last_issue",
            "undated_issues",
        ] {
            assert_eq!(block[key], alone_stats[key], "{name} {key}");
        }
        assert_eq!(alone_stats["newsletters"][0], block);
    }

    let facet = json(
        dir,
        "both",
        &["query", "--facet", "newsletter", "--format", "json"],
    );
    assert_eq!(
        facet,
        serde_json::json!([
            {"value": "devops", "count": 56},
            {"value": "frontend", "count": 3},
        ])
    );
    let either = hits(
        dir,
        "both",
        &["--newsletter", "devops", "--newsletter", "frontend"],
    );
    assert_eq!(either.len(), 59);
}

#[test]
fn a_second_archive_never_touches_the_first() {
    let tmp = two_archives();
    let dir = tmp.path();
    run(dir, "index", &["ingest", "devops"]);
    let before = json(dir, "index", &["stats", "--format", "json"]);
    assert_eq!(before["links"], 61);
    fs::remove_file(dir.join("frontend/issue-7.md")).unwrap();
    run(dir, "index", &["ingest", "--prune", "frontend"]);
    run(dir, "index", &["ingest", "--prune", "frontend"]);
    let after = json(dir, "index", &["stats", "--format", "json"]);
    assert_eq!(after["links"], 63);
    assert_eq!(after["newsletters"][0], before["newsletters"][0]);

    fs::create_dir(dir.join("work")).unwrap();
    let inside = dir.join("work");
    let output = Command::cargo_bin("backissues")
        .unwrap()
        .current_dir(&inside)
        .env_remove("BACKISSUES_INDEX")
        .args([
            "--index",
            "../index",
            "ingest",
            "--prune",
            "--newsletter",
            "notes",
            ".",
        ])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(2),
        "an empty folder holds no issues"
    );
    let same = json(dir, "index", &["stats", "--format", "json"]);
    assert_eq!(same["links"], 63);
}

#[test]
fn the_default_name_is_the_folder_given_and_newsletter_sets_it() {
    let tmp = two_archives();
    let dir = tmp.path();
    let dot = Command::cargo_bin("backissues")
        .unwrap()
        .current_dir(dir.join("frontend"))
        .args(["ingest", "--dry-run", "--format", "jsonl", "."])
        .output()
        .unwrap();
    let first: Value = serde_json::from_str(
        String::from_utf8(dot.stdout)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(first["newsletter"], "frontend");
    assert_eq!(first["source"], "issue-5.md");

    let file = run(dir, "index", &["parse", "frontend/issue-5.md"]);
    assert!(file.contains("\"newsletter\":\"frontend\""), "{file}");
    let named = run(
        dir,
        "index",
        &[
            "parse",
            "--newsletter",
            "Frontend Notes",
            "frontend/issue-5.md",
        ],
    );
    assert!(
        named.contains("\"newsletter\":\"Frontend Notes\""),
        "{named}"
    );

    run(
        dir,
        "index",
        &["ingest", "--newsletter", "Frontend Notes", "frontend"],
    );
    let found = hits(dir, "index", &["--newsletter", "Frontend Notes"]);
    assert_eq!(found.len(), 3);
    let summary = |args: &[&str]| {
        let output = Command::cargo_bin("backissues")
            .unwrap()
            .current_dir(dir)
            .args(["--index", "index", "ingest"])
            .args(args)
            .output()
            .unwrap();
        String::from_utf8(output.stderr).unwrap()
    };
    let again = summary(&["frontend"]);
    assert!(
        again.contains("0 issues added, 0 replaced, 3 unchanged"),
        "{again}"
    );
    let parent = summary(&["."]);
    assert!(parent.contains("5 issues added"), "{parent}");
    assert!(parent.contains("3 unchanged"), "{parent}");
    let renamed = summary(&["--newsletter", "frontend", "frontend"]);
    assert!(renamed.contains("0 issues added, 3 replaced"), "{renamed}");
    let facet = json(
        dir,
        "index",
        &["query", "--facet", "newsletter", "--format", "json"],
    );
    let parent_name = dir.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(
        facet,
        serde_json::json!([
            {"value": parent_name, "count": 56},
            {"value": "frontend", "count": 3},
        ])
    );
}
