//! End-to-end tests of paths and queries as people type them: one name per source file however
//! its path is written; programming-language names with symbols (`c++`) are not the letter
//! alone; a query word starting with `-` gets the command to type; a pasted URL finds that link.

use std::path::Path;

use assert_cmd::Command;
use tempfile::TempDir;

mod common;

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
    let (code, stdout, _) = common::run_in(dir, args);
    (code, stdout)
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

/// An index of `fixtures/<fixture>` built by the real `ingest` in a temporary folder.
fn index_of(fixture: &str) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("archive");
    std::fs::create_dir(&archive).unwrap();
    for entry in std::fs::read_dir(Path::new(CRATE_DIR).join("fixtures").join(fixture)).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, archive.join(path.file_name().unwrap())).unwrap();
    }
    let (code, _) = run_in(dir.path(), &["ingest", "archive"]);
    assert_eq!(code, 0);
    dir
}

/// Runs `backissues query <args> --format json` on the index in `dir`; returns the exit code
/// and the URLs of the hits.
fn query_urls(dir: &Path, args: &[&str]) -> (i32, Vec<String>) {
    let (code, stdout) = run_in(dir, &[&["query", "--format", "json"][..], args].concat());
    if code != 0 {
        return (code, Vec::new());
    }
    let hits: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    let mut urls: Vec<String> = hits
        .iter()
        .map(|hit| hit["url"].as_str().unwrap().to_string())
        .collect();
    urls.sort();
    (code, urls)
}

#[test]
fn programming_language_names_are_not_the_letter_alone() {
    let dir = index_of("languages");
    let found = |query: &str| query_urls(dir.path(), &[query]);
    let hit = |url: &str| (0, vec![format!("https://example.com/{url}")]);
    assert_eq!(found("c++"), hit("cpp-ranges"));
    assert_eq!(found("C++"), hit("cpp-ranges"));
    assert_eq!(found("c"), hit("c-pointers"));
    assert_eq!(found("c#"), hit("csharp-records"));
    assert_eq!(found("F#"), hit("fsharp-data"));
    assert_eq!(found(".net"), hit("dotnet-8"));
    assert_eq!(found("net"), hit("networking"));
    assert_eq!(found("node.js"), hit("node-streams"));
    assert_eq!(found("\"c++ ranges\""), hit("cpp-ranges"));
}

#[test]
fn a_language_name_is_highlighted_with_its_symbols() {
    let dir = index_of("languages");
    let (code, stdout) = run_in(dir.path(), &["query", "--format", "json", "c++"]);
    assert_eq!(code, 0);
    let hits: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let snippet = "Modern C++ ranges - A tour of C++20 ranges and views.";
    assert_eq!(hits[0]["snippet"], snippet);
    assert_eq!(
        hits[0]["highlights"],
        serde_json::json!([[7, 10], [30, 33]])
    );
    assert_eq!(&snippet[30..33], "C++");
}

/// Runs `backissues <args>` (no index needed); returns exit code, stdout and stderr.
fn run_plain(args: &[&str]) -> (i32, String, String) {
    common::run(common::backissues().args(args))
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

#[test]
fn the_hinted_command_leaves_the_dash_words_out() {
    let dir = index_of("languages");
    let (code, urls) = query_urls(dir.path(), &["--", "-c++", "-c", "-.net"]);
    assert_eq!(code, 0);
    assert_eq!(
        urls,
        [
            "https://example.com/csharp-records",
            "https://example.com/fsharp-data",
            "https://example.com/networking",
            "https://example.com/node-streams"
        ]
    );
}

/// Runs `backissues query <args> --format json` on the index in `dir`; returns the exit code,
/// the parsed hits and stderr.
fn query_json(dir: &Path, args: &[&str]) -> (i32, serde_json::Value, String) {
    let output = Command::cargo_bin("backissues")
        .unwrap()
        .current_dir(dir)
        .env_remove("BACKISSUES_INDEX")
        .args([&["query", "--format", "json"][..], args].concat())
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        serde_json::from_slice(&output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn a_url_query_finds_that_link_however_it_is_written() {
    let dir = index_of("recurring");
    let newest = "https://www.blog.example.com/walkthroughs/async-executors/";
    for typed in [
        "https://blog.example.com/walkthroughs/async-executors",
        "http://www.blog.example.com/walkthroughs/async-executors/?utm_source=x&utm_campaign=y#z",
        "HTTPS://Blog.Example.com/walkthroughs/async-executors?ref=weekly",
        "blog.example.com/walkthroughs/async-executors",
        "www.blog.example.com/walkthroughs/async-executors/",
    ] {
        let (code, hits, _) = query_json(dir.path(), &[typed]);
        assert_eq!(code, 0, "{typed}");
        assert_eq!(hits.as_array().unwrap().len(), 1, "{typed}");
        assert_eq!(hits[0]["url"], newest, "{typed}");
        assert_eq!(hits[0]["appearances"], 3, "{typed}");
        assert_eq!(
            hits[0]["issues"],
            serde_json::json!([
                {"date": "2024-01-14", "issue": 102},
                {"date": "2024-01-28", "issue": 104},
                {"date": "2024-02-18", "issue": 107}
            ])
        );
    }
    let (code, urls) = query_urls(
        dir.path(),
        &["--all", "blog.example.com/walkthroughs/async-executors/"],
    );
    assert_eq!(code, 0);
    assert_eq!(
        urls,
        [
            "https://blog.example.com/walkthroughs/async-executors",
            "https://blog.example.com/walkthroughs/async-executors?utm_source=weekly&utm_medium=email",
            newest,
        ]
    );
}

#[test]
fn a_url_query_keeps_the_filters_and_names_recurring_links_too() {
    let dir = index_of("recurring");
    let url = "https://blog.example.com/walkthroughs/async-executors";
    let (code, urls) = query_urls(dir.path(), &["--all", "--issue", "104", url]);
    assert_eq!(code, 0);
    assert_eq!(
        urls,
        ["https://blog.example.com/walkthroughs/async-executors?utm_source=weekly&utm_medium=email"]
    );
    let (code, _) = query_urls(dir.path(), &["--year", "2023", url]);
    assert_eq!(code, 1);
    let contributing = "https://github.com/example-weekly/site/blob/main/CONTRIBUTING.md";
    let (code, stdout) = run_in(dir.path(), &["query", "--count", "--all", contributing]);
    assert_eq!((code, stdout.as_str()), (0, "8\n"));
    assert_eq!(
        query_urls(dir.path(), &["bücher.example/katalog"]),
        (0, vec!["https://bücher.example/katalog".to_string()])
    );
    assert_eq!(
        query_urls(dir.path(), &["proxy.example:8080/b"]),
        (0, vec!["https://proxy.example:8080/b".to_string()])
    );
}

#[test]
fn a_url_not_in_the_index_finds_nothing_and_says_so() {
    let dir = index_of("devopsweekly");
    let (code, hits, stderr) = query_json(dir.path(), &["https://github.com/tokio-rs/tokio"]);
    assert_eq!((code, hits), (1, serde_json::json!([])));
    assert_eq!(
        stderr,
        "backissues: no link matches the URL `https://github.com/tokio-rs/tokio`\n"
    );
    // Another port is another link.
    let dir = index_of("recurring");
    let (code, _) = query_urls(dir.path(), &["https://proxy.example/b"]);
    assert_eq!(code, 1);
}

#[test]
fn a_pasted_github_url_is_one_link_not_query_language() {
    let dir = index_of("devopsweekly");
    let backstage = "https://github.com/spotify/backstage";
    for typed in [
        backstage,
        "github.com/spotify/backstage",
        "github.com/spotify/backstage/",
    ] {
        assert_eq!(
            query_urls(dir.path(), &[typed]),
            (0, vec![backstage.to_string()]),
            "{typed}"
        );
    }
    // Field terms still read as query language.
    let (code, urls) = query_urls(dir.path(), &["-n", "100", "url:\"github.com/spotify\""]);
    assert_eq!((code, urls), (0, vec![backstage.to_string()]));
}
