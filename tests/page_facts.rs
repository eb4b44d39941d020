//! What a page says of its own issue, and what is the site's rather than the issue's, end to end
//! (fixtures/page-facts/, fixtures/page-chrome/), each family in several markups (divs, tables,
//! lists, one-line inline styles, pretty-printed wrappers):
//!
//! - the issue's title is the heading that is not the site's name (a banner `<h1>`, the
//!   `og:site_name`, the `<title>`'s suffix), its number comes from it, its date from the
//!   `<title>`, the issue heading or a header row, and it is never a section;
//! - the masthead's links, a supporters line, a share widget, a subscribe / follow box and a
//!   tagline are no documents and no section names.
//!
//! Each page is parsed alone (copied into a folder of its own), so the folder rule plays no part;
//! metamorphic tests check that class names, wrappers and indentation change nothing.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

mod common;

use common::markup::{one_line, reindented, wrapped};

/// (issue_title, issue, date) of a page's documents (all the same).
type Facts = (String, Option<u64>, Option<String>);
/// (section, url, title, description) of one document.
type Row = (String, String, String, String);

/// The documents `parse` prints for `html`, saved as `pages/<name>` in a folder of its own.
fn parse_html(name: &str, html: &str) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("pages")).unwrap();
    std::fs::write(dir.path().join("pages").join(name), html).unwrap();
    let output = Command::cargo_bin("backissues")
        .unwrap()
        .current_dir(dir.path())
        .args(["parse", &format!("pages/{name}")])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_eq!(stderr, "", "{name}");
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

fn fixture(family: &str, name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(family)
            .join(name),
    )
    .unwrap()
}

fn parse(family: &str, name: &str) -> Vec<Value> {
    parse_html(name, &fixture(family, name))
}

/// The issue facts of a page's documents, checked to be the same on each.
fn facts(docs: &[Value]) -> Facts {
    let all: Vec<Facts> = docs
        .iter()
        .map(|d| {
            (
                d["issue_title"].as_str().unwrap().to_string(),
                d["issue"].as_u64(),
                d["date"].as_str().map(str::to_string),
            )
        })
        .collect();
    assert!(all.windows(2).all(|pair| pair[0] == pair[1]), "{all:?}");
    all[0].clone()
}

fn rows(docs: &[Value]) -> Vec<Row> {
    docs.iter()
        .map(|d| {
            (
                d["section"].as_str().unwrap().to_string(),
                d["url"].as_str().unwrap().to_string(),
                d["title"].as_str().unwrap_or_default().to_string(),
                d["description"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn row(section: &str, url: &str, title: &str, description: &str) -> Row {
    (section.into(), url.into(), title.into(), description.into())
}

fn issue(title: &str, number: u64, date: &str) -> Facts {
    (title.into(), Some(number), Some(date.into()))
}

#[test]
fn a_banner_h1_is_the_site_and_the_issue_h1_titles_and_numbers_the_issue() {
    let docs = parse("page-facts", "banner-divs.html");
    assert_eq!(
        facts(&docs),
        issue("#07 - Title of the issue", 7, "2012-10-12")
    );
    assert_eq!(
        rows(&docs),
        [
            row(
                "news",
                "https://news.example/caches",
                "Caches everywhere",
                "Where the layers of caching in a web stack hide."
            ),
            row(
                "tools",
                "https://tools.example/tracer",
                "tracer",
                "A tracing proxy for local development."
            ),
        ]
    );
}

#[test]
fn a_logo_banner_in_a_table_is_the_site_and_a_date_row_dates_the_issue() {
    let docs = parse("page-facts", "banner-table.html");
    assert_eq!(
        facts(&docs),
        issue("Issue 8: Queues and their depths", 8, "2012-10-19")
    );
    assert_eq!(
        rows(&docs),
        [
            row(
                "news",
                "https://reading.example/queue-depth",
                "Alerting on queue depth",
                "Why age beats depth as a signal."
            ),
            row(
                "tools",
                "https://tools.example/backpressure",
                "backpressure",
                "A library that says no before it falls over."
            ),
        ]
    );
}

#[test]
fn the_site_name_h1_in_a_list_is_not_the_issue() {
    let docs = parse("page-facts", "brand-list.html");
    assert_eq!(
        facts(&docs),
        issue("No. 12 — Logs at scale", 12, "2012-10-26")
    );
    let urls: Vec<String> = rows(&docs).into_iter().map(|r| r.1).collect();
    assert_eq!(
        urls,
        [
            "https://logs.example/sampling",
            "https://logs.example/retention"
        ]
    );
}

#[test]
fn a_us_date_in_the_title_dates_the_page() {
    let docs = parse("page-facts", "title-date.html");
    assert_eq!(
        facts(&docs),
        issue(
            "Example Weekly Issue 100 - October 12, 2012",
            100,
            "2012-10-12"
        )
    );
    assert_eq!(
        rows(&docs),
        [
            row(
                "news",
                "https://articles.example/deploys",
                "Deploys on Fridays",
                "A team that ships every day of the week, and how."
            ),
            row(
                "tools",
                "https://tools.example/flagger",
                "flagger",
                "Feature flags in one binary."
            ),
        ]
    );
    let docs = parse("page-facts", "title-only.html");
    assert_eq!(
        facts(&docs),
        issue(
            "Example Weekly Issue 99 - October 5, 2012",
            99,
            "2012-10-05"
        )
    );
    assert_eq!(
        rows(&docs),
        [
            row(
                "news",
                "https://articles.example/rollbacks",
                "Rollbacks you can trust",
                "Practise the way back before you need it."
            ),
            row(
                "tools",
                "https://tools.example/snapper",
                "snapper",
                "Snapshots of a database before each migration."
            ),
        ]
    );
}

#[test]
fn an_issue_heading_below_a_site_header_titles_and_dates_the_issue() {
    let docs = parse("page-facts", "heading-date.html");
    assert_eq!(
        facts(&docs),
        issue("Issue 101 — 2012-11-02", 101, "2012-11-02")
    );
    assert_eq!(
        rows(&docs),
        [row(
            "security",
            "https://sec.example/rotation",
            "Rotating secrets",
            "Short-lived credentials beat long audits."
        )]
    );
}

/// The two entries of each masthead page, by (section, url, title).
fn entries(docs: &[Value]) -> Vec<(String, String, String)> {
    rows(docs)
        .into_iter()
        .map(|(section, url, title, _)| (section, url, title))
        .collect()
}

fn entry(section: &str, url: &str, title: &str) -> (String, String, String) {
    (section.into(), url.into(), title.into())
}

#[test]
fn masthead_tagline_supporters_share_and_follow_boxes_are_not_documents() {
    let docs = parse("page-chrome", "masthead-divs.html");
    assert_eq!(facts(&docs), issue("Issue 21", 21, "2012-11-04"));
    assert_eq!(
        rows(&docs),
        [
            row(
                "news",
                "https://news.example/incident-review",
                "An incident review worth copying",
                "Timelines, not blame: the format one team settled on."
            ),
            row(
                "tools",
                "https://tools.example/logcat",
                "logcat",
                "Tail every pod's logs in one terminal."
            ),
        ]
    );
    let docs = parse("page-chrome", "masthead-table.html");
    assert_eq!(facts(&docs), issue("Issue 22", 22, "2012-11-11"));
    assert_eq!(
        rows(&docs),
        [
            row(
                "news",
                "https://news.example/capacity",
                "Capacity planning for people",
                "On-call load is capacity too."
            ),
            row(
                "tools",
                "https://tools.example/dashdiff",
                "dashdiff",
                "Diff two dashboards before a deploy."
            ),
        ]
    );
    let docs = parse("page-chrome", "masthead-list.html");
    assert_eq!(facts(&docs), issue("Issue 23", 23, "2012-11-18"));
    assert_eq!(
        entries(&docs),
        [
            entry(
                "news",
                "https://news.example/slo-budgets",
                "SLO budgets in practice"
            ),
            entry("tools", "https://tools.example/kubediff", "kubediff"),
        ]
    );
}

#[test]
fn the_posts_tags_and_comments_box_after_the_last_entry_are_not_documents() {
    let pages = [
        ("trailing-tags-comments.html", " — ", "2024-02-04", 100),
        ("trailing-filed-under.html", ": ", "2024-02-11", 101),
        ("trailing-tagged-table.html", " - ", "2024-02-18", 102),
    ];
    for (name, joint, date, number) in pages {
        let docs = parse("page-chrome", name);
        assert_eq!(
            rows(&docs),
            [
                row(
                    "news",
                    "https://caches.example/layers",
                    "Layers of caches",
                    &format!("Layers of caches{joint}where each cache sits and why.")
                ),
                row(
                    "news",
                    "https://dns.example/ttl",
                    "DNS TTLs in practice",
                    &format!("DNS TTLs in practice{joint}shorter is not always better.")
                ),
                row(
                    "tools",
                    "https://github.com/x/k9s",
                    "k9s",
                    &format!("k9s{joint}a terminal UI for clusters.")
                ),
            ],
            "{name}"
        );
        let (_, issue, day) = facts(&docs);
        assert_eq!(
            (issue, day.as_deref()),
            (Some(number), Some(date)),
            "{name}"
        );
    }
}

/// Every fixture page of both families.
const PAGES: [(&str, &str); 12] = [
    ("page-facts", "banner-divs.html"),
    ("page-facts", "banner-table.html"),
    ("page-facts", "brand-list.html"),
    ("page-facts", "title-date.html"),
    ("page-facts", "title-only.html"),
    ("page-facts", "heading-date.html"),
    ("page-chrome", "masthead-divs.html"),
    ("page-chrome", "masthead-table.html"),
    ("page-chrome", "masthead-list.html"),
    ("page-chrome", "trailing-tags-comments.html"),
    ("page-chrome", "trailing-filed-under.html"),
    ("page-chrome", "trailing-tagged-table.html"),
];

/// `html` with every class renamed (`class="x"` → `class="c1"`, ...).
fn classes_renamed(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    let mut n = 0;
    while let Some(at) = rest.find("class=\"") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "class=\"".len()..];
        let end = after.find('"').unwrap();
        n += 1;
        out.push_str(&format!("class=\"c{n} renamed\""));
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

#[test]
fn class_names_wrappers_and_indentation_change_nothing() {
    for (family, name) in PAGES {
        let html = fixture(family, name);
        let expected = (
            facts(&parse_html(name, &html)),
            rows(&parse_html(name, &html)),
        );
        let variants: [(&str, String); 4] = [
            ("classes renamed", classes_renamed(&html)),
            ("wrapped", wrapped(&html)),
            ("reindented", reindented(&html)),
            ("one line", one_line(&html)),
        ];
        for (how, variant) in variants {
            let docs = parse_html(name, &variant);
            assert_eq!((facts(&docs), rows(&docs)), expected, "{name}, {how}");
        }
    }
}
