//! End-to-end tests of `query --like URL`: the real binary over the fixtures plus a sixth issue
//! that repeats issue 515's links, so the seed link is in the index twice.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;
use serde_json::Value;

mod common;
use common::{field, fixture_index};

/// A link of issue 515, repeated in issue 520.
const SPEAKERDECK: &str =
    "https://speakerdeck.com/garethr/configuration-security-is-a-developer-problem";

/// The five fixtures and issue 520 (a copy of 515), ingested once.
fn index() -> &'static Path {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| {
        fixture_index::build("like-tests", &[fixture_index::issue_520_repeating_515()])
    })
}

/// `backissues --index INDEX query ARGS`.
fn query(args: &[&str]) -> Command {
    common::query(index(), args)
}

/// The hits of a successful query, from JSON Lines.
fn hits(args: &[&str]) -> Vec<Value> {
    common::json_lines(&common::stdout_of(&mut query(
        &[args, &["--format", "jsonl"]].concat(),
    )))
}

#[test]
fn the_most_alike_link_comes_first_and_the_link_itself_never() {
    let kiali = hits(&["--like", "https://github.com/kiali", "-n", "1000"]);
    let urls = field(&kiali, "url");
    assert_eq!(
        urls[..2],
        [
            "https://www.kiali.io/",
            "https://medium.com/@michael_87395/benchmarking-istio-linkerd-cpu-c36287e32781",
        ]
    );
    assert!(!urls.contains(&"https://github.com/kiali".to_string()));
    let scores: Vec<f64> = kiali.iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
}

#[test]
fn a_link_in_two_issues_is_left_out_in_both() {
    let alike = hits(&["--like", SPEAKERDECK, "-n", "1000"]);
    let urls = field(&alike, "url");
    assert!(!urls.is_empty());
    assert!(!urls.iter().any(|u| u == SPEAKERDECK), "{urls:?}");
    let all = hits(&["-n", "1000", "--all"]);
    assert_eq!(
        field(&all, "url")
            .iter()
            .filter(|u| *u == SPEAKERDECK)
            .count(),
        2
    );
    let count = query(&["--like", SPEAKERDECK, "--count"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        String::from_utf8(count).unwrap(),
        format!("{}\n", urls.len())
    );
}

#[test]
fn filters_narrow_the_alike_links() {
    let all = hits(&["--like", SPEAKERDECK, "-n", "1000"]);
    let filtered = hits(&[
        "--like",
        SPEAKERDECK,
        "--year",
        "2020",
        "--section",
        "tools",
        "-n",
        "1000",
    ]);
    let expected: Vec<String> = all
        .iter()
        .filter(|h| h["year"] == 2020 && h["section"] == "tools")
        .map(|h| h["url"].as_str().unwrap().to_string())
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(field(&filtered, "url"), expected);
}

#[test]
fn a_url_not_in_the_index_is_an_error() {
    query(&["--like", "https://nowhere.example/post"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "backissues: error: `https://nowhere.example/post` is not in the index: \
             --like takes the URL of an indexed link, as `query` prints it\n",
        );
}
