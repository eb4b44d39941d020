//! Pages as people keep them (fixtures/html/kept/): each page as served, as a Wayback Machine
//! capture (its toolbar, every link rewritten to a capture) and as a browser's "Save page as"
//! (a `saved from url=` comment, links left relative) gives the same exact documents: links are
//! the captured originals, relative links resolve against the page's base or own URL, the
//! archive's chrome is no document and its capture date no issue date.

use std::path::Path;

use assert_cmd::Command;
use backissues::model::LinkDoc;

mod common;

use common::markup::{one_line, reindented, saved_page, wayback_capture};

const CRATE_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// The text of `fixtures/html/kept/<name>`.
fn fixture(name: &str) -> String {
    std::fs::read_to_string(Path::new(CRATE_DIR).join("fixtures/html/kept").join(name)).unwrap()
}

/// (section, url, title, description) of one document.
type Row = (String, String, String, String);

fn row(section: &str, url: &str, title: &str, description: &str) -> Row {
    (section.into(), url.into(), title.into(), description.into())
}

fn docs_of(html: &str) -> Vec<LinkDoc> {
    backissues::parse::parse_issue("kept/page.html", html.as_bytes()).unwrap()
}

fn rows_of(docs: &[LinkDoc]) -> Vec<Row> {
    docs.iter()
        .map(|doc| {
            (
                doc.section.clone(),
                doc.url.clone(),
                doc.title.clone().unwrap_or_default(),
                doc.description.clone(),
            )
        })
        .collect()
}

/// A family: its fixtures' stem, its own URL, its date and its exact documents.
struct Family {
    stem: &'static str,
    own: &'static str,
    date: Option<&'static str>,
    rows: Vec<Row>,
}

fn families() -> Vec<Family> {
    vec![
        Family {
            stem: "divs",
            own: "https://weekly.example/issues/12/",
            date: Some("2020-01-03"),
            rows: vec![
                row(
                    "news",
                    "https://blog.one.example/caching",
                    "Caching at scale",
                    "How a read-through cache cut our database load in half.",
                ),
                row(
                    "news",
                    "https://weekly.example/notes/queues/",
                    "Queues are not free",
                    "Our own notes on backpressure and what it costs.",
                ),
                row(
                    "news",
                    "https://weekly.example/issues/11/#tools",
                    "Last week's tools, revisited",
                    "Three tools from issue 11 that readers asked about again.",
                ),
                row(
                    "tools",
                    "https://github.com/example/graphtop",
                    "graphtop",
                    "Top for your dependency graph. Back to top",
                ),
                row(
                    "tools",
                    "https://logsift.example/",
                    "logsift",
                    "Sift structured logs from the terminal, tell us what you think.",
                ),
            ],
        },
        Family {
            stem: "table",
            own: "https://digest.example/issues/48.html",
            date: Some("2019-07-02"),
            rows: vec![
                row(
                    "news",
                    "https://sre.example/blog/error-budgets",
                    "Error budgets in practice",
                    "A team's first year of spending and saving its error budget.",
                ),
                row(
                    "news",
                    "http://news.example/item/2",
                    "Postmortems nobody reads",
                    "Why reports go unread, and a shorter format that gets read.",
                ),
                row(
                    "news",
                    "https://digest.example/issues/47.html#postgres",
                    "More on last issue's Postgres story",
                    "The author answered our questions about the failover.",
                ),
                row(
                    "tools",
                    "https://github.com/example/kubeprobe",
                    "kubeprobe",
                    "Probe every readiness endpoint of a cluster at once.",
                ),
            ],
        },
        Family {
            stem: "list",
            own: "https://picks.example/2021/03/",
            date: None,
            rows: vec![
                row(
                    "news",
                    "http://css.example/articles/container-queries",
                    "Container queries, finally",
                    "Container queries, finally - what changes for component libraries.",
                ),
                row(
                    "news",
                    "https://picks.example/2021/03/notes.html",
                    "Our notes from the meetup",
                    "Our notes from the meetup - slides and the questions people asked.",
                ),
                row(
                    "news",
                    "https://talks.example/v/42",
                    "Shipping less JavaScript",
                    "Shipping less JavaScript - a talk on budgets that stuck.",
                ),
                row(
                    "tools",
                    "https://github.com/example/lintfix",
                    "lintfix",
                    "lintfix - fixes what the linter only reports.",
                ),
                row(
                    "tools",
                    "https://picks.example/tools/",
                    "Every tool we have linked",
                    "Every tool we have linked - the list, kept up to date.",
                ),
            ],
        },
    ]
}

/// The ways a page is kept, by fixture suffix.
const KEPT: [&str; 3] = ["served", "wayback", "saved"];

#[test]
fn every_family_gives_exact_documents_however_the_page_was_kept() {
    for family in families() {
        for kept in KEPT {
            let name = format!("{}-{kept}.html", family.stem);
            let docs = docs_of(&fixture(&name));
            assert_eq!(rows_of(&docs), family.rows, "{name}");
            for doc in &docs {
                assert_eq!(doc.issue_url.as_deref(), Some(family.own), "{name}");
                let date = doc.date.map(backissues::model::day::format);
                assert_eq!(
                    date.as_deref(),
                    family.date,
                    "{name}: a capture's date is no issue's"
                );
                assert_ne!(doc.domain, "web.archive.org", "{name}");
            }
        }
    }
}

/// A document as JSON, without its `source`.
fn without_source(doc: &LinkDoc) -> serde_json::Value {
    let mut value = serde_json::to_value(doc).unwrap();
    value.as_object_mut().unwrap().remove("source");
    value
}

#[test]
fn a_page_served_captured_or_saved_gives_the_same_documents_but_source() {
    for family in families() {
        let served = fixture(&format!("{}-served.html", family.stem));
        let expected: Vec<serde_json::Value> =
            docs_of(&served).iter().map(without_source).collect();
        assert_eq!(expected.len(), family.rows.len(), "{}", family.stem);
        let kept = [
            (
                "captured",
                wayback_capture(&served, family.own, "20210320101010"),
            ),
            ("saved", saved_page(&served, family.own)),
        ];
        for (how, page) in kept {
            for (markup, page) in [
                ("as is", page.clone()),
                ("one line", one_line(&page)),
                ("re-indented", reindented(&page)),
            ] {
                let docs = backissues::parse::parse_issue("elsewhere/other.html", page.as_bytes())
                    .unwrap();
                let got: Vec<serde_json::Value> = docs.iter().map(without_source).collect();
                assert_eq!(got, expected, "{} {how}, {markup}", family.stem);
                assert!(docs.iter().all(|doc| doc.source == "elsewhere/other.html"));
            }
        }
    }
}

#[test]
fn today_a_capture_was_read_as_links_into_the_archive() {
    // What the capture fixtures guard against: with no unwrapping every link's domain was the
    // archive's, and host-relative rewrites (`/web/…`) were no links at all.
    let page = fixture("table-wayback.html");
    assert!(page.contains("href=\"/web/20190702083010/https:/sre.example/blog/error-budgets\""));
    assert!(page.contains("href=\"/web/20190702083010/news.example/item/2\""));
    assert!(
        !page.contains("WAYBACK TOOLBAR INSERT"),
        "the toolbar goes by its links here"
    );
    let page = fixture("divs-wayback.html");
    assert!(page.contains("<!-- BEGIN WAYBACK TOOLBAR INSERT -->"));
    assert!(page.contains("05 Jan 2020"));
}

/// `backissues parse FILE` run in a folder holding `files`: exit code, stdout lines, stderr.
fn parse_in_folder(files: &[(&str, &str)], target: &str) -> (i32, Vec<serde_json::Value>, String) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let output = Command::cargo_bin("backissues")
        .unwrap()
        .current_dir(dir.path())
        .args(["parse", target])
        .output()
        .unwrap();
    let docs = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    (
        output.status.code().unwrap(),
        docs,
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn urls(docs: &[serde_json::Value]) -> Vec<&str> {
    docs.iter()
        .map(|doc| doc["url"].as_str().unwrap())
        .collect()
}

#[test]
fn relative_links_with_no_base_are_left_out_with_one_line_saying_why() {
    let page = "<!DOCTYPE html><html><head><title>Picks</title></head><body><h2>Reading</h2>\
        <p><a href=\"/notes/one.html\">Our first note</a> on caches.</p>\
        <p><a href=\"notes/two.html\">Our second note</a> on queues.</p>\
        <p><a href=\"https://a.example/post\">A post</a> elsewhere.</p>\
        <p><a href=\"#top\">top</a> <a href=\"mailto:e@x.example\">mail us</a></p></body></html>";
    let (code, docs, stderr) =
        parse_in_folder(&[("2021-03-01-picks.html", page)], "2021-03-01-picks.html");
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(urls(&docs), ["https://a.example/post"]);
    assert!(docs.iter().all(|doc| doc.get("issue_url").is_none()));
    assert_eq!(
        stderr,
        "backissues: warning: 2021-03-01-picks.html: 2 relative link(s) left out: the page states \
         no URL of its own to resolve them against (`<base href>`, `<link rel=\"canonical\">` or \
         `og:url`)\n"
    );
    // A relative nav link beside the page's absolute items says nothing worth a line.
    let items = "<!DOCTYPE html><html><head><title>Picks</title></head><body><h2>Reading</h2>\
        <p><a href=\"https://a.example/post\">A post</a> on caches.</p>\
        <p><a href=\"https://b.example/post\">B post</a> on queues.</p>\
        <p><a href=\"/archive/\">Archive</a></p></body></html>";
    let (code, docs, stderr) =
        parse_in_folder(&[("2021-03-01-picks.html", items)], "2021-03-01-picks.html");
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(
        urls(&docs),
        ["https://a.example/post", "https://b.example/post"]
    );
}

#[test]
fn ingest_says_why_a_page_of_relative_links_gave_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let page = "<!DOCTYPE html><html><head><title>Picks</title></head><body><h2>Reading</h2>\
        <p><a href=\"/notes/one.html\">Our first note</a> on caches.</p>\
        <p><a href=\"notes/two.html\">Our second note</a> on queues.</p></body></html>";
    std::fs::write(dir.path().join("2021-03-01-picks.html"), page).unwrap();
    let output = Command::cargo_bin("backissues")
        .unwrap()
        .current_dir(dir.path())
        .args(["--index", "index", "ingest", "2021-03-01-picks.html"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines[..2],
        [
            "backissues: warning: 2021-03-01-picks.html: 2 relative link(s) left out: the page \
             states no URL of its own to resolve them against (`<base href>`, \
             `<link rel=\"canonical\">` or `og:url`)",
            "backissues: warning: 2021-03-01-picks.html: no links found; nothing to index",
        ],
        "{stderr}"
    );
}

#[test]
fn the_folder_rule_drops_resolved_site_links_and_keeps_an_article_on_two_pages() {
    let page = |n: usize, extra: &str| {
        format!(
            "<!DOCTYPE html><html><head><title>Issue {n}</title>\
             <link rel=\"canonical\" href=\"https://weekly.example/issues/{n}.html\"></head><body>\
             <h2>Reading</h2><p><a href=\"https://a.example/{n}\">Post {n}</a> on caches.</p>{extra}\
             <p>Elsewhere: <a href=\"/about.html\">About this newsletter</a> and \
             <a href=\"https://web.archive.org/web/2020{n}/https://weekly.example/archive.html\">every issue</a>.</p>\
             </body></html>"
        )
    };
    let shared = "<p><a href=\"../issues/shared.html\">A note we ran twice</a> on queues.</p>";
    let pages: Vec<(String, String)> = (1..=5)
        .map(|n| {
            (
                format!("issues/{n}.html"),
                page(n, if n <= 2 { shared } else { "" }),
            )
        })
        .collect();
    let files: Vec<(&str, &str)> = pages
        .iter()
        .map(|(name, text)| (name.as_str(), text.as_str()))
        .collect();
    let (code, docs, stderr) = parse_in_folder(&files, "issues/1.html");
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        urls(&docs),
        [
            "https://a.example/1",
            "https://weekly.example/issues/shared.html"
        ]
    );
}

#[test]
fn archive_links_are_their_originals_in_markdown_feeds_and_mail() {
    let markdown = "# Issue 3\n\n## Reading\n\n- [A post](https://web.archive.org/web/2019/https://a.example/post) on caches.\n- Bare: https://web.archive.org/web/20190101000000id_/http:/b.example/post\n";
    let docs = backissues::parse::parse_issue("2019-01-07-issue.md", markdown.as_bytes()).unwrap();
    assert_eq!(
        docs.iter()
            .map(|doc| (doc.url.as_str(), doc.domain.as_str()))
            .collect::<Vec<_>>(),
        [
            ("https://a.example/post", "a.example"),
            ("http://b.example/post", "b.example")
        ]
    );
    let feed = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Weekly</title>\
        <item><title>Issue 3</title><link>https://weekly.example/3</link><guid>w-3</guid>\
        <pubDate>Mon, 07 Jan 2019 09:00:00 +0000</pubDate><description><![CDATA[<p>\
        <a href=\"https://web.archive.org/web/2019/https://a.example/post\">A post</a> on caches.</p>\
        <p><a href=\"/web/2019/https://c.example/tool\">A tool</a> for queues.</p>]]></description>\
        </item></channel></rss>";
    let docs = backissues::parse::parse_issue("weekly.xml", feed.as_bytes()).unwrap();
    assert_eq!(
        docs.iter().map(|doc| doc.url.as_str()).collect::<Vec<_>>(),
        ["https://a.example/post", "https://c.example/tool"]
    );
    let mail = "From: Weekly <editor@weekly.example>\r\nTo: reader@example.org\r\nSubject: Issue 3\r\n\
        List-Id: Weekly <weekly.example>\r\n\
        Date: Mon, 07 Jan 2019 09:00:00 +0000\r\nMessage-ID: <w3@weekly.example>\r\nMIME-Version: 1.0\r\n\
        Content-Type: text/html; charset=utf-8\r\n\r\n<html><body><h2>Reading</h2>\
        <p><a href=\"https://web.archive.org/web/2019/https://a.example/post\">A post</a> on caches.</p>\
        </body></html>\r\n";
    let docs = backissues::parse::parse_issue("issue-3.eml", mail.as_bytes()).unwrap();
    assert_eq!(
        docs.iter().map(|doc| doc.url.as_str()).collect::<Vec<_>>(),
        ["https://a.example/post"]
    );
}

#[test]
fn a_captures_toolbar_without_its_comments_goes_by_its_links_and_its_dates_stay_out() {
    let page = "<!DOCTYPE html><html><head><script src=\"/_static/js/wombat.js\"></script>\
        <title>Issue 7</title></head><body>\
        <div class=\"bar\" style=\"position:fixed\"><a href=\"/web/\">Wayback Machine</a>\
        <p>Captured 15 Dec 2019</p><p><a href=\"/web/20191215000000/https://weekly.example/7\">DEC</a> \
        <a href=\"https://web.archive.org/web/2019*/https://weekly.example/7\">27 captures</a> \
        <a href=\"https://archive.org/donate/\">Donate</a></p></div>\
        <div class=\"page\"><h2>Reading</h2>\
        <p><a href=\"/web/20200105120000/https://a.example/post\">A post</a> on caches.</p>\
        <p><a href=\"/web/20200105120000/https://b.example/post\">B post</a> on queues.</p></div>\
        </body></html>";
    let docs = docs_of(page);
    assert_eq!(
        rows_of(&docs),
        [
            row(
                "news",
                "https://a.example/post",
                "A post",
                "A post on caches."
            ),
            row(
                "news",
                "https://b.example/post",
                "B post",
                "B post on queues."
            ),
        ]
    );
    assert!(docs
        .iter()
        .all(|doc| doc.date.is_none() && doc.issue_url.is_none()));
}
