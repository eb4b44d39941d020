//! End-to-end tests of `query --format tsv`: the real binary over an index of the fixtures plus
//! an issue whose description holds backslashes; lines are checked field by field, through `cut`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::OnceLock;

use assert_cmd::Command;
use serde_json::Value;

mod common;
use common::fixture_index;

/// An issue whose one link has a description with backslashes (Windows paths).
const BACKSLASH_ISSUE: &str = "---
title: \"DEVOPS WEEKLY ISSUE #525 - 7th February 2021\"
date: 2021-02-07
---

News
----

Escaping paths on Windows: C:\\\\Users\\\\ops\\\\config, said the post.

[https://example.com/windows-paths](https://example.com/windows-paths)
";

/// The fixtures plus [`BACKSLASH_ISSUE`], ingested once.
fn index() -> &'static Path {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| {
        fixture_index::build(
            "tsv-tests",
            &[("2021-02-07-issue-525.md", BACKSLASH_ISSUE.to_string())],
        )
    })
}

/// `backissues --index INDEX query ARGS`.
fn query(args: &[&str]) -> Command {
    common::query(index(), args)
}

/// Stdout of a successful query.
fn stdout(args: &[&str]) -> String {
    common::stdout_of(&mut query(args))
}

/// `text | cut -f FIELDS`.
fn cut(text: &str, fields: &str) -> String {
    let mut child = std::process::Command::new("cut")
        .args(["-f", fields])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap()
}

/// Undoes the TSV escaping the README documents.
fn unescape(value: &str) -> String {
    let mut out = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            other => panic!("bad escape \\{other:?} in {value}"),
        }
    }
    out
}

/// A JSON value as the TSV writes it: strings as they are, null as empty.
fn as_cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[test]
fn every_hit_is_one_line_whose_fields_round_trip_through_cut() {
    let args = ["--sort", "oldest", "-n", "1000"];
    let tsv = stdout(&[&args[..], &["--format", "tsv"]].concat());
    let jsonl = stdout(&[&args[..], &["--format", "jsonl"]].concat());
    let hits: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(hits.len(), 57);
    assert_eq!(tsv.lines().count(), hits.len());
    assert!(tsv.lines().all(|l| l.split('\t').count() == 15));
    let columns = [
        (1, "url"),
        (2, "date"),
        (3, "issue"),
        (4, "section"),
        (5, "domain"),
        (6, "title"),
        (7, "description"),
        (8, "issue_title"),
        (9, "source"),
        (10, "position"),
        (12, "newsletter"),
        (13, "appearances"),
        (14, "first"),
        (15, "last"),
    ];
    for (number, name) in columns {
        let cells: Vec<String> = cut(&tsv, &number.to_string())
            .lines()
            .map(unescape)
            .collect();
        let expected: Vec<String> = hits.iter().map(|hit| as_cell(&hit[name])).collect();
        assert_eq!(cells, expected, "column {number} ({name})");
    }
    let scores = cut(&tsv, "11");
    assert!(scores.lines().all(str::is_empty), "{scores}");
}

#[test]
fn backslashes_are_escaped_and_the_line_is_exact() {
    let tsv = stdout(&["windows", "--format", "tsv"]);
    let source = index()
        .parent()
        .unwrap()
        .join("archive/2021-02-07-issue-525.md");
    let fields: Vec<&str> = tsv.trim_end_matches('\n').split('\t').collect();
    let score = fields[10].parse::<f32>().unwrap();
    assert!(score > 0.0, "{score}");
    assert_eq!(fields[11..], ["archive", "1", "2021-02-07", "2021-02-07"]);
    let every = stdout(&["windows", "--all", "--format", "tsv"]);
    let fields: Vec<&str> = every.trim_end_matches('\n').split('\t').collect();
    assert_eq!(fields[11..], ["archive", "", "", ""]);
    assert_eq!(
        fields[..10],
        [
            "https://example.com/windows-paths",
            "2021-02-07",
            "525",
            "news",
            "example.com",
            "",
            "Escaping paths on Windows: C:\\\\Users\\\\ops\\\\config, said the post.",
            "DEVOPS WEEKLY ISSUE #525 - 7th February 2021",
            source.to_str().unwrap(),
            "1",
        ]
    );
}

#[test]
fn a_header_comes_only_when_asked_for() {
    let with = stdout(&["windows", "--format", "tsv", "--header"]);
    assert_eq!(
        with.lines().next().unwrap(),
        "url\tdate\tissue\tsection\tdomain\ttitle\tdescription\tissue_title\tsource\tposition\tscore\tnewsletter\tappearances\tfirst\tlast"
    );
    assert_eq!(with.lines().count(), 2);
    let without = stdout(&["windows", "--format", "tsv"]);
    assert_eq!(without.lines().count(), 1);
    assert!(without.starts_with("https://example.com/windows-paths\t"));
    let facet = stdout(&[
        "--facet", "year", "--format", "tsv", "--header", "-n", "1000",
    ]);
    assert_eq!(facet, "year\tlinks\n2019\t15\n2020\t41\n2021\t1\n");
}

#[test]
fn header_without_tsv_is_an_error() {
    query(&["windows", "--header"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "backissues: error: --header names the columns of --format tsv; add `--format tsv`\n",
        );
}

#[test]
fn no_match_prints_nothing_and_exits_1() {
    query(&["zzzznothing", "--format", "tsv"])
        .assert()
        .code(1)
        .stdout("");
}

#[test]
fn stats_as_tsv_are_group_value_count_lines() {
    let output = Command::cargo_bin("backissues")
        .unwrap()
        .arg("--index")
        .arg(index())
        .args(["stats", "--format", "tsv"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(output).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[..9],
        [
            "issues\t\t6",
            "links\t\t62",
            "urls\t\t62",
            "first_issue\t\t2019-04-28",
            "last_issue\t\t2021-02-07",
            "newsletter\tarchive\t62",
            "year\t2019\t16",
            "year\t2020\t45",
            "year\t2021\t1",
        ]
    );
    assert!(lines.contains(&"section\tnews\t38"), "{text}");
    assert!(lines.contains(&"top_domain\tgithub.com\t11"), "{text}");
    assert!(lines.iter().all(|l| l.split('\t').count() == 3));
}
