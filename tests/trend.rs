//! End-to-end tests of `backissues trend`: the real binary over an index of the five fixtures;
//! every count is checked against `query --count` for the same period.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;
use serde_json::Value;

mod common;
use common::fixture_index;

/// The five fixtures, ingested once.
fn index() -> &'static Path {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| fixture_index::build("trend-tests", &[]))
}

/// `backissues --index INDEX ARGS`, with a clean environment for colours and width.
fn backissues(args: &[&str]) -> Command {
    let mut cmd = common::on_index(index());
    cmd.args(args);
    cmd
}

/// Stdout of a successful run.
fn stdout(args: &[&str]) -> String {
    common::stdout_of(&mut backissues(args))
}

/// `trend ARGS --format jsonl`, parsed.
fn rows(args: &[&str]) -> Vec<Value> {
    common::json_lines(&stdout(
        &[&["trend"], args, &["--format", "jsonl"]].concat(),
    ))
}

/// `query ARGS --count`.
fn count(args: &[&str]) -> u64 {
    let out = backissues(&[&["query"], args, &["--count"]].concat())
        .output()
        .unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn yearly_counts_equal_query_count_per_year() {
    let queries = [
        "kubernetes",
        "docker",
        "\"infrastructure as code\"",
        "rust OR go",
    ];
    let found = rows(&queries);
    assert_eq!(found.len(), 2 * queries.len());
    for row in &found {
        let period = row["period"].as_str().unwrap();
        let query = row["query"].as_str().unwrap();
        assert_eq!(
            row["count"].as_u64().unwrap(),
            count(&[query, "--year", period]),
            "{query} in {period}"
        );
        assert_eq!(
            row["total"].as_u64().unwrap(),
            count(&["--year", period]),
            "{period}"
        );
    }
    let periods: Vec<&str> = found
        .iter()
        .map(|r| r["period"].as_str().unwrap())
        .collect();
    assert_eq!(periods[0], "2019");
    assert_eq!(periods[queries.len()], "2020");
}

#[test]
fn monthly_counts_equal_query_count_per_month_and_empty_months_are_zero() {
    let csv = stdout(&[
        "trend",
        "kubernetes",
        "--by",
        "month",
        "--year",
        "2020",
        "--format",
        "csv",
    ]);
    assert_eq!(
        csv,
        "period,kubernetes\n2020-03,1\n2020-04,0\n2020-05,0\n2020-06,0\n2020-07,3\n\
         2020-08,0\n2020-09,0\n2020-10,0\n2020-11,0\n2020-12,3\n"
    );
    for (month, last_day) in [("2020-03", 31), ("2020-07", 31), ("2020-12", 31)] {
        let since = format!("{month}-01");
        let until = format!("{month}-{last_day}");
        let expected = csv
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{month},")))
            .unwrap();
        assert_eq!(
            count(&["kubernetes", "--since", &since, "--until", &until]).to_string(),
            expected
        );
    }
}

#[test]
fn filters_apply_to_every_series_and_to_the_totals() {
    let found = rows(&["kubernetes", "--section", "tools"]);
    for row in &found {
        let period = row["period"].as_str().unwrap();
        assert_eq!(
            row["count"].as_u64().unwrap(),
            count(&["kubernetes", "--section", "tools", "--year", period])
        );
        assert_eq!(
            row["total"].as_u64().unwrap(),
            count(&["--section", "tools", "--year", period])
        );
    }
}

#[test]
fn shares_of_series_that_split_the_links_sum_to_one() {
    let sections = [
        "section:news",
        "section:tools",
        "section:events",
        "section:books",
    ];
    let found = rows(&[&sections[..], &["--share"]].concat());
    for period in ["2019", "2020"] {
        let of_period: Vec<&Value> = found.iter().filter(|r| r["period"] == period).collect();
        assert_eq!(of_period.len(), sections.len());
        let sum: f64 = of_period.iter().map(|r| r["share"].as_f64().unwrap()).sum();
        assert!((sum - 1.0).abs() < 1e-9, "{period}: {sum}");
        for row in of_period {
            let share = row["count"].as_f64().unwrap() / row["total"].as_f64().unwrap();
            assert!((row["share"].as_f64().unwrap() - share).abs() < 1e-12);
        }
    }
    let csv = stdout(&["trend", "kubernetes", "--share", "--format", "csv"]);
    assert_eq!(
        csv,
        "period,kubernetes\n2019,0.2\n2020,0.17073170731707318\n"
    );
}

#[test]
fn the_chart_has_a_bar_and_a_count_per_period_and_query() {
    let chart = backissues(&["trend", "kubernetes", "docker"])
        .env("COLUMNS", "50")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        String::from_utf8(chart).unwrap(),
        concat!(
            "year  kubernetes             docker\n",
            "2019  ████████▏           3  ██▊                 1\n",
            "2020  ███████████████████ 7  █████▍              2\n",
        )
    );
    let shares = backissues(&["trend", "kubernetes", "--share", "--color", "always"])
        .env("COLUMNS", "40")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        String::from_utf8(shares).unwrap(),
        concat!(
            "year  kubernetes\n",
            "2019  \u{1b}[36m████████████████████████████\u{1b}[0m 20.0%\n",
            "2020  \u{1b}[36m███████████████████████▉\u{1b}[0m     17.1%\n",
        )
    );
    let no_color = backissues(&["trend", "kubernetes", "--color", "always"])
        .env("NO_COLOR", "1")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(!no_color.contains(&0x1b));
}

#[test]
fn nothing_matching_exits_1_and_errors_exit_2() {
    backissues(&["trend", "zzznothing", "--format", "csv"])
        .assert()
        .code(1)
        .stdout("period,zzznothing\n2019,0\n2020,0\n");
    backissues(&["trend", "kubernetes", "--year", "2030"])
        .assert()
        .code(1)
        .stdout("")
        .stderr("backissues: no links pass the filters\n");
    backissues(&["trend", "title:"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("cannot read the query"));
    backissues(&["trend"]).assert().code(2);
}

#[test]
fn help_shows_an_example() {
    let help = stdout(&["trend", "--help"]);
    assert!(
        help.contains("backissues trend docker kubernetes --share"),
        "{help}"
    );
}

/// The five fixtures and a copy of issue 515 dated a month later, in the same year: every link
/// of 515 appears twice in 2020.
fn repeat_index() -> &'static Path {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| {
        let repeat = std::fs::read_to_string("fixtures/devopsweekly/2020-11-08-issue-515.md")
            .unwrap()
            .replace(
                "ISSUE \\#515 - 8th November 2020",
                "ISSUE \\#518 - 13th December 2020",
            )
            .replace("date: 2020-11-08", "date: 2020-12-13");
        fixture_index::build("trend-repeat-tests", &[("2020-12-13-issue-518.md", repeat)])
    })
}

/// `backissues --index REPEAT_INDEX ARGS`, stdout as text (exit 0 or 1).
fn on_repeats(args: &[&str]) -> String {
    let out = Command::cargo_bin("backissues")
        .unwrap()
        .arg("--index")
        .arg(repeat_index())
        .args(args)
        .output()
        .unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{args:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_link_counts_once_per_period_unless_all() {
    let queries = ["\"infrastructure as code\"", "rust OR go", "kubernetes"];
    for all in [false, true] {
        let flag: &[&str] = if all { &["--all"] } else { &[] };
        let trend = on_repeats(&[&["trend"], &queries[..], flag, &["--format", "jsonl"]].concat());
        for row in trend
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
        {
            let period = row["period"].as_str().unwrap();
            let query = row["query"].as_str().unwrap();
            let count: u64 =
                on_repeats(&[&["query", query, "--year", period, "--count"], flag].concat())
                    .trim()
                    .parse()
                    .unwrap();
            assert_eq!(
                row["count"].as_u64().unwrap(),
                count,
                "{query} {period} all={all}"
            );
        }
    }
    let once = on_repeats(&["trend", "\"infrastructure as code\"", "--format", "csv"]);
    let every = on_repeats(&[
        "trend",
        "\"infrastructure as code\"",
        "--all",
        "--format",
        "csv",
    ]);
    assert_eq!(
        once,
        "period,\"\"\"infrastructure as code\"\"\"\n2019,0\n2020,1\n"
    );
    assert_eq!(
        every,
        "period,\"\"\"infrastructure as code\"\"\"\n2019,0\n2020,2\n"
    );
}
