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
