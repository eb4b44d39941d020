//! End-to-end tests of paths and queries as people type them: one name per source file however
//! its path is written; a query word starting with `-` gets the command to type.

use std::path::Path;

use assert_cmd::Command;
use tempfile::TempDir;

const CRATE_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// A temporary folder holding `fixtures/devopsweekly` as `archive/`.
fn archive() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("archive");
    std::fs::create_dir(&archive).unwrap();
    for entry in std::fs::read_dir(Path::new(CRATE_DIR).join("fixtures/devopsweekly")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, archive.join(path.file_name().unwrap())).unwrap();
    }
    dir
}

/// Runs `backissues <args>` in `dir`; returns the exit code and stdout.
fn run_in(dir: &Path, args: &[&str]) -> (i32, String) {
    let output = Command::cargo_bin("backissues")
        .unwrap()
        .current_dir(dir)
        .env_remove("BACKISSUES_INDEX")
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
    )
}

/// `source` of every JSON Lines document in `jsonl`.
fn sources(jsonl: &str) -> Vec<String> {
    jsonl
        .lines()
        .map(|line| {
            let doc: serde_json::Value = serde_json::from_str(line).unwrap();
            doc["source"].as_str().unwrap().to_string()
        })
        .collect()
}

#[test]
fn parse_prints_what_ingest_dry_run_prints_for_dotted_paths() {
    let dir = archive();
    let files = [
        "./archive/2019-04-28-issue-435.md",
        "archive/./2020-11-08-issue-515.md",
        "./archive/././2020-12-06-issue-519.md",
    ];
    let (code, parsed) = run_in(dir.path(), &[&["parse"][..], &files].concat());
    assert_eq!(code, 0);
    let (code, ingested) = run_in(
        dir.path(),
        &[&["ingest", "--dry-run", "--format", "jsonl"][..], &files].concat(),
    );
    assert_eq!(code, 0);
    assert_eq!(parsed, ingested);
    let mut names = sources(&parsed);
    names.dedup();
    assert_eq!(
        names,
        [
            "archive/2019-04-28-issue-435.md",
            "archive/2020-11-08-issue-515.md",
            "archive/2020-12-06-issue-519.md"
        ]
    );
}

#[test]
fn a_folder_given_with_a_dot_is_the_files_parse_prints() {
    let dir = archive();
    let (code, ingested) = run_in(
        dir.path(),
        &["ingest", "--dry-run", "--format", "jsonl", "./archive"],
    );
    assert_eq!(code, 0);
    let mut files: Vec<String> = std::fs::read_dir(dir.path().join("archive"))
        .unwrap()
        .map(|entry| format!("./archive/{}", entry.unwrap().file_name().to_string_lossy()))
        .collect();
    files.sort();
    let args: Vec<&str> = ["parse"]
        .into_iter()
        .chain(files.iter().map(String::as_str))
        .collect();
    let (code, parsed) = run_in(dir.path(), &args);
    assert_eq!(code, 0);
    assert_eq!(parsed, ingested);
    assert_eq!(sources(&parsed).len(), 61);
}

/// Runs `backissues <args>` (no index needed); returns exit code, stdout and stderr.
fn run_plain(args: &[&str]) -> (i32, String, String) {
    let output = Command::cargo_bin("backissues")
        .unwrap()
        .env_remove("BACKISSUES_INDEX")
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

const DASH_ERROR: &str = "backissues: error: a word starting with `-` is read as an option; to leave words out, put the query after `--`\n  did you mean: ";

#[test]
fn a_dash_word_after_the_query_words_gets_a_specific_hint() {
    let (code, stdout, stderr) = run_plain(&["query", "kubernetes", "-nginx"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert_eq!(
        stderr,
        format!("{DASH_ERROR}backissues query -- kubernetes -nginx\n")
    );
    // Flags keep their place before `--`, with their values; `-helm` is not a request for help.
    let (code, _, stderr) = run_plain(&[
        "--index",
        "my index",
        "query",
        "--year",
        "2020",
        "kubernetes",
        "-helm",
        "-n5",
        "--json",
    ]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        format!(
            "{DASH_ERROR}backissues --index 'my index' query --year 2020 -n5 --json -- kubernetes -helm\n"
        )
    );
    let (code, _, stderr) = run_plain(&["query", "-docker"]);
    assert_eq!(code, 2);
    assert_eq!(stderr, format!("{DASH_ERROR}backissues query -- -docker\n"));
}

#[test]
fn options_and_help_are_not_taken_for_dash_words() {
    let (code, stdout, _) = run_plain(&["query", "kubernetes", "-h"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("Usage: backissues query"), "{stdout}");
    let (code, _, stderr) = run_plain(&["query", "--limit", "-1", "kubernetes"]);
    assert_eq!(code, 2);
    assert!(!stderr.contains("did you mean"), "{stderr}");
}
