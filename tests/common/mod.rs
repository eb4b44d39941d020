//! Shared by the integration tests: the binary run with a clean environment and what it prints
//! read back; the fixture index the query-side suites build ([`fixture_index`]) and the
//! synthetic archives of the reliability suites ([`reliability`]); the mail sender fixtures'
//! documents ([`senders`]); the markup rewrites of the metamorphic page tests ([`markup`]); a page read alone as
//! rows ([`pages`]).

// Each test crate that includes this module uses a different part of it.
#![allow(dead_code)]

pub mod fixture_index;
pub mod markup;
pub mod pages;
pub mod reliability;
pub mod senders;

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// The binary with a clean environment: no index from `BACKISSUES_INDEX`, no `NO_COLOR`, no
/// `COLUMNS` (a test that needs one sets it).
pub fn backissues() -> Command {
    let mut cmd = Command::cargo_bin("backissues").unwrap();
    cmd.env_remove("BACKISSUES_INDEX")
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS");
    cmd
}

/// `backissues --index INDEX`.
pub fn on_index(index: &Path) -> Command {
    let mut cmd = backissues();
    cmd.arg("--index").arg(index);
    cmd
}

/// `backissues --index INDEX query ARGS`.
pub fn query(index: &Path, args: &[&str]) -> Command {
    let mut cmd = on_index(index);
    cmd.arg("query").args(args);
    cmd
}

/// Runs `cmd`; returns the exit code, stdout and stderr.
pub fn run(cmd: &mut Command) -> (i32, String, String) {
    let output = cmd.output().unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// Runs `backissues ARGS` in `dir`; returns the exit code, stdout and stderr.
pub fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    run(backissues().current_dir(dir).args(args))
}

/// Stdout of `cmd`, which must succeed.
pub fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

/// Every line of `text`, parsed as JSON.
pub fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// The hits of `query ARGS --format jsonl` on `index`; the query must exit 0 (hits) or 1 (none).
pub fn hits(index: &Path, args: &[&str]) -> Vec<Value> {
    let output = query(index, args)
        .args(["--format", "jsonl"])
        .output()
        .unwrap();
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    json_lines(&String::from_utf8(output.stdout).unwrap())
}

/// The `url` of every hit.
pub fn urls(hits: &[Value]) -> Vec<String> {
    hits.iter()
        .map(|hit| hit["url"].as_str().unwrap().to_string())
        .collect()
}

/// A field of every hit as a string (a string as it is, anything else as JSON).
pub fn field(hits: &[Value], name: &str) -> Vec<String> {
    hits.iter()
        .map(|hit| match &hit[name] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect()
}

/// (source, url, position) of each document of `parse`'s JSON Lines.
pub fn source_url_positions(jsonl: &str) -> Vec<(String, String, u64)> {
    jsonl
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).unwrap())
        .map(|doc| {
            (
                doc["source"].as_str().unwrap().to_string(),
                doc["url"].as_str().unwrap().to_string(),
                doc["position"].as_u64().unwrap(),
            )
        })
        .collect()
}
