//! The man page and the help texts come from the one clap definition, and the help's list of
//! formats from the one list of formats (`parse::EXTENSIONS`).

use assert_cmd::Command;
use backissues::parse::EXTENSIONS;

/// Stdout of `backissues ARGS`, which must succeed.
fn stdout(args: &[&str]) -> String {
    let out = Command::cargo_bin("backissues")
        .unwrap()
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

/// The extensions a help text lists between `before` and `after`, whitespace collapsed (clap
/// wraps the text), without their dots.
fn listed(help: &str, before: &str, after: &str) -> Vec<String> {
    let flat = help.split_whitespace().collect::<Vec<_>>().join(" ");
    let start = flat
        .find(before)
        .unwrap_or_else(|| panic!("{before:?} in {flat}"))
        + before.len();
    let list = &flat[start..];
    let list = &list[..list.find(after).unwrap()];
    list.split(", ")
        .flat_map(|part| part.split(" and "))
        .map(|ext| ext.strip_prefix('.').unwrap().to_string())
        .collect()
}

#[test]
fn ingest_help_lists_every_format_the_reader_knows() {
    let help = stdout(&["ingest", "--help"]);
    assert_eq!(
        listed(&help, "walked recursively for ", " files"),
        EXTENSIONS
    );
    assert!(help.contains("Maildir folders"), "{help}");
}

#[test]
fn parse_help_lists_every_format_the_reader_knows() {
    let help = stdout(&["parse", "--help"]);
    assert_eq!(listed(&help, "feeds and mail (", ");"), EXTENSIONS);
}

#[test]
fn man_prints_the_main_page_in_roff() {
    let page = stdout(&["man"]);
    assert!(page.starts_with(".ie \\n(.g .ds Aq \\(aq"), "{page}");
    assert!(page.contains(".TH backissues 1 "), "{page}");
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH OPTIONS",
        ".SH SUBCOMMANDS",
        ".SH VERSION",
    ] {
        assert!(page.contains(section), "{section} in {page}");
    }
    for command in [
        "parse",
        "ingest",
        "query",
        "search",
        "stats",
        "trend",
        "seen",
        "export",
        "completions",
        "man",
    ] {
        assert!(
            page.contains(&format!("backissues\\-{command}(1)")),
            "{command} in {page}"
        );
    }
}

#[test]
fn man_dir_writes_one_page_per_command() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("man1");
    Command::cargo_bin("backissues")
        .unwrap()
        .arg("man")
        .arg("--dir")
        .arg(&pages)
        .assert()
        .success()
        .stdout("")
        .stderr(format!(
            "backissues: man pages written to {}\n",
            pages.display()
        ));
    let mut written: Vec<String> = std::fs::read_dir(&pages)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    written.sort();
    assert_eq!(
        written,
        [
            "backissues-completions.1",
            "backissues-export.1",
            "backissues-ingest.1",
            "backissues-man.1",
            "backissues-parse.1",
            "backissues-query.1",
            "backissues-search.1",
            "backissues-seen.1",
            "backissues-sources-remove.1",
            "backissues-sources.1",
            "backissues-stats.1",
            "backissues-trend.1",
            "backissues.1",
        ]
    );
    let query = std::fs::read_to_string(pages.join("backissues-query.1")).unwrap();
    assert!(query.contains("\\-\\-fuzzy"), "{query}");
    assert!(query.contains("Query language:"), "{query}");
}

#[test]
fn man_dir_that_cannot_be_made_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file");
    std::fs::write(&file, "").unwrap();
    Command::cargo_bin("backissues")
        .unwrap()
        .arg("man")
        .arg("--dir")
        .arg(file.join("man1"))
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::starts_with(format!(
            "backissues: error: cannot create {}/man1: ",
            file.display()
        )));
}
