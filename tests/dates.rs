//! End-to-end tests of issue dates: every habit of `fixtures/dates/` (TOML front matter, US and
//! European dates, `.mdx` files, dates only in folders, a damaged date with a good file name), a
//! no-date archive dated by the git history the test creates, and undated issues.

use std::fs;
use std::path::Path;
use std::process::Command as Process;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

mod common;

/// Copies `fixtures/dates/NAME` into a temp dir as `NAME/`.
fn copy_fixture(name: &str) -> TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new("fixtures/dates").join(name),
        &tmp.path().join(name),
    );
    tmp
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The binary, run in `dir` with the index in `dir/index`.
fn backissues(dir: &Path) -> Command {
    let mut cmd = common::backissues();
    cmd.current_dir(dir).args(["--index", "index"]);
    cmd
}

/// Runs the binary; returns (exit code, stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    common::run(backissues(dir).args(args))
}

/// (source, date, year, date_precision, issue, newsletter, url) of one document.
type Row = (String, Value, Value, Value, Value, String, String);

/// The documents `ingest --dry-run --format jsonl ARGS` prints, as rows; and its stderr.
fn dry_run(dir: &Path, args: &[&str]) -> (Vec<Row>, String) {
    let mut all = vec!["ingest", "--dry-run", "--format", "jsonl"];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = run(dir, &all);
    assert_eq!(code, 0, "{stderr}");
    let rows = stdout
        .lines()
        .map(|line| {
            let doc: Value = serde_json::from_str(line).unwrap();
            (
                doc["source"].as_str().unwrap().to_string(),
                doc["date"].clone(),
                doc["year"].clone(),
                doc["date_precision"].clone(),
                doc["issue"].clone(),
                doc["newsletter"].as_str().unwrap().to_string(),
                doc["url"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (rows, stderr)
}

fn row(
    source: &str,
    date: Option<&str>,
    precision: Option<&str>,
    issue: Option<u64>,
    newsletter: &str,
    url: &str,
) -> Row {
    let year = date.map_or(Value::Null, |d| Value::from(d[..4].parse::<i64>().unwrap()));
    (
        source.to_string(),
        date.map_or(Value::Null, Value::from),
        year,
        precision.map_or(Value::Null, Value::from),
        issue.map_or(Value::Null, Value::from),
        newsletter.to_string(),
        url.to_string(),
    )
}

#[test]
fn toml_front_matter_gives_the_date_and_title() {
    let tmp = copy_fixture("hugo-toml");
    let (rows, stderr) = dry_run(tmp.path(), &["hugo-toml"]);
    assert_eq!(
        rows,
        [
            row(
                "hugo-toml/issue-12.md",
                Some("2024-07-10"),
                Some("day"),
                Some(12),
                "hugo-toml",
                "https://www.getzola.org/blog/zola-0-19/"
            ),
            row(
                "hugo-toml/issue-12.md",
                Some("2024-07-10"),
                Some("day"),
                Some(12),
                "hugo-toml",
                "https://gohugo.io/hugo-modules/"
            ),
            row(
                "hugo-toml/issue-13.md",
                Some("2024-07-17"),
                Some("day"),
                Some(13),
                "hugo-toml",
                "https://toml.io/en/v1.0.0"
            ),
        ]
    );
    assert!(!stderr.contains("warning"), "{stderr}");
}

#[test]
fn us_and_european_dates_in_front_matter() {
    let tmp = copy_fixture("us-dates");
    let (rows, _) = dry_run(tmp.path(), &["us-dates"]);
    let dates: Vec<(&str, &Value)> = rows.iter().map(|r| (r.0.as_str(), &r.1)).collect();
    assert_eq!(
        dates,
        [
            ("us-dates/issue-5.md", &Value::from("2025-09-17")),
            ("us-dates/issue-6.md", &Value::from("2025-09-24")),
            ("us-dates/issue-7.md", &Value::from("2025-10-01")),
        ]
    );
}

#[test]
fn mdx_files_are_issues_numbered_by_their_file_or_folder_name() {
    let tmp = copy_fixture("mdx");
    let (rows, _) = dry_run(tmp.path(), &["mdx"]);
    assert_eq!(
        rows,
        [
            row(
                "mdx/250.mdx",
                Some("2023-05-01"),
                Some("day"),
                Some(250),
                "mdx",
                "https://docusaurus.example.org/migration"
            ),
            row(
                "mdx/251/index.mdx",
                Some("2023-05-08"),
                Some("day"),
                Some(251),
                "mdx",
                "https://mdx.example.org/blog/v3"
            ),
        ]
    );
}

#[test]
fn dates_only_in_folders_have_month_or_year_precision() {
    let tmp = copy_fixture("folders");
    let (rows, _) = dry_run(tmp.path(), &["folders"]);
    assert_eq!(
        rows,
        [
            row(
                "folders/2016/issue-1.markdown",
                Some("2016-01-01"),
                Some("year"),
                Some(1),
                "folders",
                "https://make.example.com/"
            ),
            row(
                "folders/this-month/2024-06/index.md",
                Some("2024-06-01"),
                Some("month"),
                None,
                "folders",
                "https://linker.example.com/"
            ),
        ]
    );
    let (code, _, stderr) = run(tmp.path(), &["ingest", "folders"]);
    assert_eq!(code, 0, "{stderr}");
    let (code, table, _) = run(tmp.path(), &["query", "--year", "2016"]);
    assert_eq!(code, 0);
    assert!(table.contains("  2016  "), "{table}");
    assert!(table.contains("https://make.example.com/"), "{table}");
    assert!(!table.contains("2016-01-01"), "{table}");
    let (_, table, _) = run(tmp.path(), &["query", "linker"]);
    assert!(table.contains("  2024-06  "), "{table}");
}

#[test]
fn a_damaged_front_matter_date_falls_back_to_the_file_name_with_a_warning() {
    let tmp = copy_fixture("damaged");
    let (rows, stderr) = dry_run(tmp.path(), &["damaged"]);
    assert_eq!(
        rows,
        [
            row(
                "damaged/2015-1-6-twis-18.md",
                Some("2015-01-06"),
                Some("day"),
                Some(18),
                "damaged",
                "https://dates.example.com/unpadded"
            ),
            row(
                "damaged/2022-02-27-update.md",
                Some("2022-02-27"),
                Some("day"),
                None,
                "damaged",
                "https://time.example.com/leap"
            ),
        ]
    );
    assert!(
        stderr.starts_with(
            "backissues: warning: damaged/2022-02-27-update.md:3: `2022-02-29` is not a real \
             date; using 2022-02-27 from the file name\n"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("2 issues added"), "{stderr}");
}

/// Runs git in `dir` with fixed author and committer dates; false when it fails.
fn git(dir: &Path, date: &str, args: &[&str]) -> bool {
    Process::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args(args)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .is_ok_and(|output| output.status.success())
}

#[test]
fn a_no_date_archive_in_git_is_dated_by_the_commit_that_added_each_file() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("weekly");
    fs::create_dir_all(repo.join("issues")).unwrap();
    if Process::new("git").arg("--version").output().is_err() {
        eprintln!("skipped: git is not installed");
        return;
    }
    assert!(git(&repo, "2021-01-01T00:00:00Z", &["init", "-q"]));
    let issue = |number: u32, topic: &str| {
        format!(
            "# 科技爱好者周刊（第 {number} 期）：{topic}\n\n\
             - [{topic}](https://example.com/{number}) 值得一读。\n"
        )
    };
    fs::write(repo.join("issues/300.md"), issue(300, "金属轮胎")).unwrap();
    assert!(git(&repo, "2024-05-10T08:00:00+08:00", &["add", "."]));
    assert!(git(
        &repo,
        "2024-05-10T08:00:00+08:00",
        &["commit", "-qm", "300"]
    ));
    fs::write(repo.join("issues/301.md"), issue(301, "自行车")).unwrap();
    assert!(git(&repo, "2024-05-17T08:00:00+08:00", &["add", "."]));
    assert!(git(
        &repo,
        "2024-05-17T08:00:00+08:00",
        &["commit", "-qm", "301"]
    ));
    fs::rename(repo.join("issues/300.md"), repo.join("issues/0300.md")).unwrap();
    fs::write(repo.join("issues/302.md"), issue(302, "未提交")).unwrap();
    assert!(git(
        &repo,
        "2024-06-01T08:00:00Z",
        &["add", "issues/0300.md", "issues/300.md"]
    ));
    assert!(git(
        &repo,
        "2024-06-01T08:00:00Z",
        &["commit", "-qm", "rename"]
    ));

    let (rows, stderr) = dry_run(tmp.path(), &["weekly"]);
    let found: Vec<(&str, &Value, &Value)> =
        rows.iter().map(|r| (r.0.as_str(), &r.1, &r.4)).collect();
    assert_eq!(
        found,
        [
            (
                "weekly/issues/0300.md",
                &Value::from("2024-05-10"),
                &Value::from(300)
            ),
            (
                "weekly/issues/301.md",
                &Value::from("2024-05-17"),
                &Value::from(301)
            ),
            ("weekly/issues/302.md", &Value::Null, &Value::from(302)),
        ],
        "{stderr}"
    );
    assert!(stderr.contains("1 issue without a date"), "{stderr}");

    let outside = tmp.path().join("elsewhere");
    fs::create_dir(&outside).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(repo.join("issues/301.md"), outside.join("link.md")).unwrap();
    #[cfg(unix)]
    {
        let (rows, _) = dry_run(&outside, &["link.md", "../weekly/issues/../issues/0300.md"]);
        let dates: Vec<&Value> = rows.iter().map(|r| &r.1).collect();
        assert_eq!(
            dates,
            [&Value::from("2024-05-17"), &Value::from("2024-05-10")]
        );
    }
}

#[test]
fn undated_issues_are_indexed_found_by_words_and_left_out_of_date_filters() {
    let tmp = copy_fixture("us-dates");
    fs::write(
        tmp.path().join("us-dates/notes.md"),
        "# Notes\n\n- [Undated nesting notes](https://undated.example.com/nesting) on CSS nesting.\n",
    )
    .unwrap();
    let (code, _, stderr) = run(tmp.path(), &["ingest", "us-dates"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("4 issues added, 0 replaced, 0 unchanged, 0 skipped with errors, 1 issue without a date;"),
        "{stderr}"
    );
    let urls = |args: &[&str]| -> Vec<(Value, String)> {
        let mut all = vec!["query", "--format", "json"];
        all.extend_from_slice(args);
        let (_, stdout, stderr) = run(tmp.path(), &all);
        let hits: Value = serde_json::from_str(&stdout).unwrap_or_else(|_| panic!("{stderr}"));
        hits.as_array()
            .unwrap()
            .iter()
            .map(|hit| {
                (
                    hit["date"].clone(),
                    hit["url"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let undated = (
        Value::Null,
        "https://undated.example.com/nesting".to_string(),
    );
    assert!(urls(&["nesting"]).contains(&undated));
    assert!(!urls(&["nesting", "--year", "2025"]).contains(&undated));
    assert!(!urls(&["nesting", "--since", "2000-01-01"]).contains(&undated));
    let oldest = urls(&["--sort", "oldest"]);
    assert_eq!(oldest.last(), Some(&undated));
    assert_eq!(oldest[0].0, Value::from("2025-09-17"));
    let newest = urls(&[]);
    assert_eq!(newest.last(), Some(&undated));
    assert_eq!(newest[0].0, Value::from("2025-10-01"));

    let (_, stats, _) = run(tmp.path(), &["stats", "--format", "json"]);
    let stats: Value = serde_json::from_str(&stats).unwrap();
    assert_eq!(stats["issues"], 4);
    assert_eq!(stats["undated_issues"], 1);
    assert_eq!(stats["first_issue"], "2025-09-17");
    let (_, table, _) = run(tmp.path(), &["stats"]);
    assert!(table.contains("issues without a date  1"), "{table}");

    let (code, _, stderr) = run(tmp.path(), &["ingest", "--strict", "--rebuild", "us-dates"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains(
            "us-dates/notes.md: no issue date found in front matter, headers, title, file name, \
             folders or git history; add a `date: YYYY-MM-DD` line"
        ),
        "{stderr}"
    );
}
