//! Messages that say what happened (issue 32), end to end with the real binary: the exact text on
//! stderr (or stdout, for a table) and the exit code of each.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use tempfile::TempDir;

/// The binary, run in `dir` (so the default `./index` is `dir/index`).
fn backissues(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("backissues").unwrap();
    cmd.current_dir(dir).env_remove("BACKISSUES_INDEX");
    cmd
}

/// An issue of `sections` sections (`Section 1` ... with `links` links in section `i` being
/// `sections - i + 1`, so that they are ordered by size), dated 2024-01-07.
fn issue_with_sections(sections: usize) -> String {
    let mut text = String::from("---\ntitle: Issue 1\ndate: 2024-01-07\n---\n\n");
    for section in 1..=sections {
        text.push_str(&format!("## Section {section:02}\n\n"));
        for link in 0..=(sections - section) {
            text.push_str(&format!(
                "- [Link {section}-{link}](https://s{section}.example/{link}) about it\n"
            ));
        }
        text.push('\n');
    }
    text
}

/// A temp dir whose `index/` holds one issue of 23 sections.
fn index_of_23_sections() -> TempDir {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir(tmp.path().join("weekly")).unwrap();
    fs::write(
        tmp.path().join("weekly/2024-01-07-issue-1.md"),
        issue_with_sections(23),
    )
    .unwrap();
    backissues(tmp.path())
        .args(["ingest", "weekly"])
        .assert()
        .success();
    tmp
}

/// The section table of `stats` output: from its header to the blank line after it.
fn section_table(stdout: &[u8]) -> String {
    let text = String::from_utf8(stdout.to_vec()).unwrap();
    let start = text.find(" section").unwrap();
    let end = text[start..].find("\n\n").unwrap();
    text[start..start + end].to_string()
}

#[test]
fn stats_lists_the_20_largest_sections_and_how_many_more() {
    let tmp = index_of_23_sections();
    let out = backissues(tmp.path()).arg("stats").assert().success();
    let table = section_table(&out.get_output().stdout);
    let rows: Vec<&str> = table.lines().collect();
    assert_eq!(rows.len(), 22, "{table}");
    assert_eq!(rows[1], " section-01     23");
    assert_eq!(rows[20], " section-20      4");
    assert_eq!(rows[21], " … 3 more (`--sections all`)");
}

#[test]
fn stats_sections_all_and_n_choose_the_rows() {
    let tmp = index_of_23_sections();
    let out = backissues(tmp.path())
        .args(["stats", "--sections", "all"])
        .assert()
        .success();
    let table = section_table(&out.get_output().stdout);
    assert_eq!(table.lines().count(), 24, "{table}");
    assert!(table.ends_with(" section-23      1"), "{table}");
    let out = backissues(tmp.path())
        .args(["stats", "--sections", "2"])
        .assert()
        .success();
    assert_eq!(
        section_table(&out.get_output().stdout),
        " section     links\n section-01     23\n section-02     22\n … 21 more (`--sections all`)"
    );
}

#[test]
fn stats_json_lists_every_section_whatever_the_table_shows() {
    let tmp = index_of_23_sections();
    let out = backissues(tmp.path())
        .args(["stats", "--format", "json"])
        .assert()
        .success();
    let stats: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(stats["sections"].as_array().unwrap().len(), 23);
}

#[test]
fn stats_sections_must_be_a_number_or_all() {
    let tmp = tempfile::tempdir().unwrap();
    backissues(tmp.path())
        .args(["stats", "--sections", "0"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "invalid value '0' for '--sections <N|all>': `0` is not a number of rows (1 or more) or `all`",
        ));
}
/// Runs `backissues ARGS` in `dir` and returns (exit code, stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = backissues(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn the_summary_counts_feed_entries_apart_from_files() {
    let tmp = tempfile::tempdir().unwrap();
    let feeds = fs::canonicalize("fixtures/feeds").unwrap();
    let (code, _, stderr) = run(tmp.path(), &["ingest", feeds.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    // The summary is the last line, after the warnings for the dates fixtures' bad dates.
    assert!(
        stderr.lines().last().unwrap().starts_with(
            "backissues: 26 files read (94 feed entries): 94 issues added, 0 replaced, 0 unchanged, 0 skipped with errors, 6 issues without a date; 137 link documents now in the index; took "
        ),
        "{stderr}"
    );
}

#[test]
fn the_summary_counts_messages_apart_from_files() {
    let tmp = tempfile::tempdir().unwrap();
    let mbox = fs::canonicalize("fixtures/mail/weekly.mbox").unwrap();
    let maildir = fs::canonicalize("fixtures/mail/maildir").unwrap();
    let (code, _, stderr) = run(
        tmp.path(),
        &["ingest", mbox.to_str().unwrap(), maildir.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.starts_with(
            "backissues: 2 files read (5 messages): 4 issues added, 0 replaced, 0 unchanged, 0 skipped with errors, 1 personal message skipped (--all-mail takes them); 6 link documents now in the index; took "
        ),
        "{stderr}"
    );
}
/// A temp dir with `name` holding `bytes`.
fn dir_with(name: &str, bytes: &[u8]) -> TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
    tmp
}

#[test]
fn a_file_with_nul_bytes_is_not_an_issue_file() {
    let tmp = dir_with("image.md", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01");
    assert_eq!(
        run(tmp.path(), &["parse", "image.md"]),
        (
            2,
            String::new(),
            "backissues: error: image.md: not an issue file (binary data)\n".into()
        )
    );
}

#[test]
fn a_file_of_control_bytes_without_text_is_not_an_issue_file() {
    let noise: Vec<u8> = (0..2048u32)
        .map(|i| [0x01, 0x02, 0x9c, 0x1b, 0xff, 0x03][i as usize % 6])
        .collect();
    let tmp = dir_with("noise.html", &noise);
    assert_eq!(
        run(tmp.path(), &["parse", "noise.html"]),
        (
            2,
            String::new(),
            "backissues: error: noise.html: not an issue file (binary data)\n".into()
        )
    );
}

#[test]
fn latin1_text_is_still_asked_to_be_converted() {
    let tmp = dir_with(
        "latin1.md",
        b"# Caf\xe9\n\n- [x](https://a.example/) caf\xe9\n",
    );
    let (code, _, stderr) = run(tmp.path(), &["parse", "latin1.md"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "backissues: error: latin1.md:1: not UTF-8 text; convert the file to UTF-8 (e.g. with iconv)\n"
    );
}

#[test]
fn ingest_skips_a_binary_file_with_that_warning_and_keeps_the_others() {
    let tmp = dir_with("archive/image.md", b"GIF89a\0\x01\0\x01\0");
    fs::copy(
        "fixtures/devopsweekly/2020-11-08-issue-515.md",
        tmp.path().join("archive/2020-11-08-issue-515.md"),
    )
    .unwrap();
    let (code, _, stderr) = run(tmp.path(), &["ingest", "archive"]);
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines[0],
        "backissues: warning: archive/image.md: not an issue file (binary data)"
    );
    assert!(
        lines[1].starts_with(
            "backissues: 2 files read: 1 issue added, 0 replaced, 0 unchanged, 1 skipped with errors; 10 link documents now in the index; took "
        ),
        "{stderr}"
    );
}

/// The warning `parse FILE` prints for an undated `file` holding `bytes`.
fn undated_warning(file: &str, bytes: &[u8]) -> String {
    let tmp = dir_with(file, bytes);
    let (code, stdout, stderr) = run(tmp.path(), &["parse", file]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stdout.is_empty());
    stderr
}

#[test]
fn an_undated_page_is_told_of_time_and_meta_dates() {
    let page = b"<html><body><ul><li><a href=\"https://a.example/x\">A thing</a> about it</li></ul></body></html>";
    assert_eq!(
        undated_warning("page.html", page),
        "backissues: warning: page.html: no issue date found in the page (`<time datetime>`, \
         `<meta>` dates, JSON-LD), its file name, folders or git history; add a \
         `<time datetime=\"YYYY-MM-DD\">` or `<meta name=\"date\" content=\"YYYY-MM-DD\">` to the \
         page, or start the file name with YYYY-MM-DD\n"
    );
}

#[test]
fn an_undated_message_is_told_of_the_date_header() {
    let mail = fs::read_to_string("fixtures/mail/plaintext.eml").unwrap();
    let undated: String = mail
        .lines()
        .filter(|line| !line.starts_with("Date:"))
        .map(|line| format!("{line}\n"))
        .collect();
    let stderr = undated_warning("message.eml", undated.as_bytes());
    assert_eq!(
        stderr,
        "backissues: warning: message.eml#kl-12@kernel-letters.example: no issue date found in the \
         message's `Date:` header, its file name, folders or git history; add a `Date:` header, or \
         start the file name with YYYY-MM-DD\n"
    );
}

#[test]
fn an_undated_markdown_file_is_told_of_the_date_line() {
    assert_eq!(
        undated_warning("notes.md", b"# Notes\n\n- [A](https://a.example/) text\n"),
        "backissues: warning: notes.md: no issue date found in front matter, headers, title, file \
         name, folders or git history; add a `date: YYYY-MM-DD` line or start the file name with \
         YYYY-MM-DD\n"
    );
}

/// A temp dir whose `index/` holds the DevOps Weekly fixtures (2019 and 2020 issues).
fn devopsweekly_index() -> TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let fixtures = fs::canonicalize("fixtures/devopsweekly").unwrap();
    backissues(tmp.path())
        .arg("ingest")
        .arg(fixtures)
        .assert()
        .success();
    tmp
}

#[test]
fn a_year_the_index_does_not_hold_is_named_with_the_years_it_does() {
    let tmp = devopsweekly_index();
    for args in [
        &["query", "kubernetes", "--year", "2030"][..],
        &["query", "--year", "2030"],
    ] {
        assert_eq!(
            run(tmp.path(), args),
            (
                1,
                String::new(),
                "backissues: no links in 2030; the index holds 2019-2020\n".into()
            ),
            "{args:?}"
        );
    }
    let (_, _, stderr) = run(tmp.path(), &["query", "kubernetes", "--year", "2010..2012"]);
    assert_eq!(
        stderr,
        "backissues: no links in 2010-2012; the index holds 2019-2020\n"
    );
}

#[test]
fn days_outside_the_index_are_named_with_its_first_and_last_issue() {
    let tmp = devopsweekly_index();
    assert_eq!(
        run(
            tmp.path(),
            &["query", "kubernetes", "--since", "2030-01-01"]
        )
        .2,
        "backissues: no links since 2030-01-01; the index holds 2019-04-28 to 2020-12-06\n"
    );
    assert_eq!(
        run(
            tmp.path(),
            &["query", "kubernetes", "--until", "2000-01-01"]
        )
        .2,
        "backissues: no links until 2000-01-01; the index holds 2019-04-28 to 2020-12-06\n"
    );
}

#[test]
fn an_unknown_domain_or_issue_is_named() {
    let tmp = devopsweekly_index();
    assert_eq!(
        run(
            tmp.path(),
            &["query", "kubernetes", "--domain", "nowhere.example"]
        ),
        (
            1,
            String::new(),
            "backissues: no links to nowhere.example in the index\n".into()
        )
    );
    assert_eq!(
        run(tmp.path(), &["query", "kubernetes", "--issue", "999"]).2,
        "backissues: no issue 999 in the index\n"
    );
}

#[test]
fn filters_that_together_exclude_the_words_matches_are_named_without_fuzzy() {
    let tmp = devopsweekly_index();
    assert_eq!(
        run(tmp.path(), &["query", "kubernetes", "--section", "books"]),
        (
            1,
            String::new(),
            "backissues: no links match with --section books; without the filters, 10 links match\n"
                .into()
        )
    );
}

#[test]
fn fuzzy_is_suggested_only_when_the_words_find_nothing() {
    let tmp = devopsweekly_index();
    assert_eq!(
        run(tmp.path(), &["query", "kubrnetes", "--year", "2020"]).2,
        "backissues: no links match; to allow typos, run the query again with --fuzzy\n"
    );
}
