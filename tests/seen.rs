//! End-to-end tests of `backissues seen`: the real binary over the fixtures plus issue 520 (a
//! copy of issue 515), with draft issues written to temp dirs.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;
use serde_json::{json, Value};

mod common;
use common::fixture_index;

/// A link of issue 515, repeated in issue 520.
const SPEAKERDECK: &str =
    "https://speakerdeck.com/garethr/configuration-security-is-a-developer-problem";

/// The five fixtures and issue 520, ingested once.
fn index() -> &'static Path {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| {
        fixture_index::build("seen-tests", &[fixture_index::issue_520_repeating_515()])
    })
}

/// A draft issue 521 whose items link to `urls`, in a new temp dir.
fn draft(urls: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "---\ntitle: \"DEVOPS WEEKLY ISSUE #521 - 10th January 2021\"\ndate: 2021-01-10\n---\n\nNews\n----\n",
    );
    for (i, url) in urls.iter().enumerate() {
        text.push_str(&format!(
            "\nItem number {i} of the draft.\n\n[{url}]({url})\n"
        ));
    }
    let path = dir.path().join("2021-01-10-issue-521.md");
    fs::write(&path, text).unwrap();
    (dir, path)
}

/// `backissues --index INDEX seen ARGS`.
fn seen(args: &[&str]) -> Command {
    let mut cmd = common::on_index(index());
    cmd.arg("seen").args(args);
    cmd
}

/// The JSON Lines of a `seen` run that exits 0.
fn found(args: &[&str]) -> Vec<Value> {
    let out = seen(&[args, &["--format", "jsonl"]].concat())
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    common::json_lines(&String::from_utf8(out).unwrap())
}

/// `(issue, date, section)` of each appearance of a seen link.
fn appearances(link: &Value) -> Vec<(u64, String, String)> {
    link["appearances"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["issue"].as_u64().unwrap(),
                a["date"].as_str().unwrap().to_string(),
                a["section"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_draft_repeating_two_links_reports_exactly_those_with_their_issues() {
    let tracked = format!("{SPEAKERDECK}?utm_source=devopsweekly&utm_medium=email");
    let (_dir, path) = draft(&[
        "https://example.com/a-brand-new-post",
        "https://github.com/kiali",
        &tracked,
        "https://example.org/another-new-tool",
    ]);
    let links = found(&[path.to_str().unwrap()]);
    assert_eq!(links.len(), 2, "{links:?}");
    assert_eq!(links[0]["url"], "https://github.com/kiali");
    assert_eq!(links[0]["featured"], 1);
    assert_eq!(
        appearances(&links[0]),
        [(435, "2019-04-28".into(), "tools".into())]
    );
    assert_eq!(links[1]["url"], tracked.as_str());
    assert_eq!(links[1]["featured"], 2);
    assert_eq!(
        appearances(&links[1]),
        [
            (520, "2021-01-03".into(), "news".into()),
            (515, "2020-11-08".into(), "news".into()),
        ]
    );
    assert_eq!(links[1]["appearances"][0]["url"], SPEAKERDECK);
}

#[test]
fn the_table_lists_each_appearance_newest_first() {
    let tracked = format!("{SPEAKERDECK}?utm_campaign=x");
    let (_dir, path) = draft(&["https://github.com/kiali", &tracked]);
    seen(&[path.to_str().unwrap()])
        .assert()
        .code(0)
        .stdout(format!(
            concat!(
                " times  date        issue  section  newsletter  link\n",
                "     1  2019-04-28    435  tools    archive     https://github.com/kiali\n",
                "     2  2021-01-03    520  news     archive     {tracked}\n",
                "        2020-11-08    515  news     archive\n",
            ),
            tracked = tracked,
        ));
}

#[test]
fn a_draft_without_a_date_yet_is_checked_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("next.md");
    fs::write(
        &path,
        "# Next issue\n\n## Tools\n\nKiali again.\n\n[Kiali](https://github.com/kiali)\n",
    )
    .unwrap();
    let links = found(&[path.to_str().unwrap()]);
    assert_eq!(links.len(), 1);
    assert_eq!(links[0]["url"], "https://github.com/kiali");
    assert_eq!(
        appearances(&links[0]),
        [(435, "2019-04-28".into(), "tools".into())]
    );
}

#[test]
fn a_draft_of_new_links_exits_1() {
    let (_dir, path) = draft(&[
        "https://example.com/a-brand-new-post",
        "https://example.org/another-new-tool",
    ]);
    seen(&[path.to_str().unwrap()])
        .assert()
        .code(1)
        .stdout("")
        .stderr("backissues: no link was featured before (2 looked up)\n");
    seen(&[path.to_str().unwrap(), "--format", "json"])
        .assert()
        .code(1)
        .stdout("[]\n");
}

#[test]
fn urls_compare_by_their_canonical_form() {
    let links = found(&[
        "https://WWW.Kiali.io/#features",
        "http://github.com/kiali/",
        "https://example.com/never-featured",
    ]);
    let urls: Vec<&str> = links.iter().map(|l| l["url"].as_str().unwrap()).collect();
    assert_eq!(
        urls,
        ["https://WWW.Kiali.io/#features", "http://github.com/kiali/"]
    );
    assert_eq!(
        links[0]["appearances"][0]["url"],
        json!("https://www.kiali.io/")
    );
}

#[test]
fn the_drafts_own_issue_is_not_before() {
    let archive = index().parent().unwrap();
    let relative = Path::new("archive/2021-01-03-issue-520.md");
    let out = Command::cargo_bin("backissues")
        .unwrap()
        .current_dir(archive)
        .arg("--index")
        .arg(index())
        .args(["seen", "--format", "jsonl"])
        .arg(relative)
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let links = common::json_lines(&String::from_utf8(out).unwrap());
    assert_eq!(links.len(), 10, "every link of issue 515, its sponsor too");
    for link in &links {
        let issues: Vec<u64> = appearances(link).into_iter().map(|a| a.0).collect();
        assert_eq!(issues, [515], "{}", link["url"]);
    }
}

#[test]
fn tsv_has_one_line_per_appearance() {
    let out = seen(&[SPEAKERDECK, "--format", "tsv", "--header"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let source = |n: &str| {
        index()
            .parent()
            .unwrap()
            .join(format!("archive/{n}"))
            .display()
            .to_string()
    };
    assert_eq!(
        String::from_utf8(out).unwrap(),
        format!(
            "url\tfeatured\tdate\tissue\tsection\tearlier_url\tissue_title\tsource\tnewsletter\twhen\n\
             {SPEAKERDECK}\t2\t2021-01-03\t520\tnews\t{SPEAKERDECK}\tDEVOPS WEEKLY ISSUE #520 - 3rd January 2021\t{}\tarchive\tbefore\n\
             {SPEAKERDECK}\t2\t2020-11-08\t515\tnews\t{SPEAKERDECK}\tDEVOPS WEEKLY ISSUE #515 - 8th November 2020\t{}\tarchive\tbefore\n",
            source("2021-01-03-issue-520.md"),
            source("2020-11-08-issue-515.md"),
        )
    );
}

#[test]
fn bad_inputs_are_errors() {
    seen(&["not-a-file-or-url"]).assert().code(2).stderr(
        "backissues: error: `not-a-file-or-url` is neither a file nor a web URL: \
             give a draft issue file or a URL such as https://example.com/post\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let latin1 = dir.path().join("latin1.md");
    fs::write(
        &latin1,
        b"---\ndate: 2021-01-01\n---\ncaf\xe9 https://a.example/x\n",
    )
    .unwrap();
    let latin1 = latin1.display().to_string();
    seen(&[&latin1])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(format!(
            "{latin1}:4: not UTF-8 text; convert the file to UTF-8"
        )));
    seen(&[SPEAKERDECK, "--header"]).assert().code(2);
}

#[test]
fn recurring_links_are_not_repeats_unless_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    Command::cargo_bin("backissues")
        .unwrap()
        .arg("--index")
        .arg(&index)
        .args(["ingest", "fixtures/recurring"])
        .assert()
        .success();
    let calendar = "https://community.example.org/events-calendar?utm_source=weekly-109";
    let run = |extra: &[&str]| {
        let mut cmd = Command::cargo_bin("backissues").unwrap();
        cmd.arg("--index")
            .arg(&index)
            .args([
                "seen",
                calendar,
                "https://new.example.com/post",
                "--format",
                "jsonl",
            ])
            .args(extra);
        cmd.assert()
    };
    run(&[])
        .code(1)
        .stdout("")
        .stderr("backissues: no link was featured before (2 looked up)\n");
    let out = run(&["--include-recurring"]).code(0);
    let lines: Vec<Value> = String::from_utf8_lossy(&out.get_output().stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["url"], calendar);
    assert_eq!(lines[0]["featured"], 8, "{}", lines[0]);
}

/// A draft like [`draft`], dated `date` (`YYYY-MM-DD`).
fn dated_draft(date: &str, urls: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let (dir, path) = draft(urls);
    let text = fs::read_to_string(&path)
        .unwrap()
        .replace("date: 2021-01-10", &format!("date: {date}"));
    let renamed = dir.path().join(format!("{date}-draft.md"));
    fs::write(&renamed, text).unwrap();
    fs::remove_file(&path).unwrap();
    (dir, renamed)
}

#[test]
fn a_dated_draft_counts_only_earlier_appearances_and_lists_later_ones_apart() {
    // SPEAKERDECK is in issue 515 (2020-11-08) and issue 520 (2021-01-03).
    let (_dir, path) = dated_draft("2020-12-01", &[SPEAKERDECK]);
    let links = found(&[path.to_str().unwrap()]);
    assert_eq!(links.len(), 1, "{links:?}");
    assert_eq!(links[0]["featured"], 1);
    assert_eq!(
        appearances(&links[0]),
        [(515, "2020-11-08".into(), "news".into())]
    );
    let later = links[0]["later"].as_array().unwrap();
    assert_eq!(later.len(), 1);
    assert_eq!(later[0]["issue"], 520);
    // The table shows the later appearance in a table of its own.
    seen(&[path.to_str().unwrap()])
        .assert()
        .code(0)
        .stdout(predicates::str::contains(
            "Featured again later (on or after the draft's date):",
        ));
}

#[test]
fn a_draft_older_than_every_appearance_was_not_featured_before() {
    let (_dir, path) = dated_draft("2019-01-06", &[SPEAKERDECK, "https://github.com/kiali"]);
    let out = seen(&[path.to_str().unwrap(), "--format", "jsonl"])
        .assert()
        .code(1)
        .stderr("backissues: no link was featured before (2 looked up)\n")
        .get_output()
        .stdout
        .clone();
    let links = common::json_lines(&String::from_utf8(out).unwrap());
    assert_eq!(links.len(), 2);
    for link in &links {
        assert_eq!(link["featured"], 0, "{link}");
        assert!(!link["later"].as_array().unwrap().is_empty(), "{link}");
    }
}
