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
    assert!(
        stderr.starts_with(
            "backissues: 4 files read (7 feed entries): 7 issues added, 0 replaced, 0 unchanged, 0 skipped with errors; 14 link documents now in the index; took "
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
