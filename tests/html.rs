//! End-to-end tests of HTML issues (fixtures/html/): `backissues parse` gives the exact documents
//! of each page family, and `ingest` takes a folder of pages.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

mod common;

const CRATE_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// (section, url, title, description) of one document.
type Row = (String, String, Option<String>, String);

/// Copies `fixtures/html/<name>` into a temporary folder `pages/`, runs `backissues parse` on it
/// there and returns its documents and stderr; the run must succeed.
fn parse_page(name: &str) -> (Vec<Value>, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("pages")).unwrap();
    let from = Path::new(CRATE_DIR).join("fixtures/html").join(name);
    std::fs::copy(&from, dir.path().join("pages").join(name)).unwrap();
    let (code, stdout, stderr) = common::run_in(dir.path(), &["parse", &format!("pages/{name}")]);
    assert_eq!(code, 0, "stderr: {stderr}");
    (common::json_lines(&stdout), stderr)
}

fn rows(docs: &[Value]) -> Vec<Row> {
    docs.iter()
        .map(|d| {
            (
                d["section"].as_str().unwrap().to_string(),
                d["url"].as_str().unwrap().to_string(),
                d["title"].as_str().map(str::to_string),
                d["description"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn row(section: &str, url: &str, title: &str, description: &str) -> Row {
    (
        section.into(),
        url.into(),
        Some(title.to_string()),
        description.into(),
    )
}

/// (issue_title, issue, date, newsletter) of the first document.
fn issue_facts(docs: &[Value]) -> (String, Option<u64>, Option<String>, String) {
    let d = &docs[0];
    (
        d["issue_title"].as_str().unwrap().to_string(),
        d["issue"].as_u64(),
        d["date"].as_str().map(str::to_string),
        d["newsletter"].as_str().unwrap().to_string(),
    )
}

#[test]
fn an_archive_page_gives_the_issue_not_the_page() {
    let (docs, stderr) = parse_page("archive-page.html");
    assert_eq!(stderr, "");
    assert_eq!(
        rows(&docs),
        [
            row(
                "news",
                "https://blog.example.org/zero-downtime-postgres",
                "Zero downtime Postgres upgrades",
                "Zero downtime Postgres upgrades How logical replication makes a major version upgrade a non-event."
            ),
            row(
                "news",
                "https://eng.example.com/cost-of-kubernetes",
                "What our Kubernetes bill taught us",
                "What our Kubernetes bill taught us A line-by-line look at a year of cloud invoices."
            ),
            row(
                "tools",
                "https://github.com/example/tracetop",
                "tracetop",
                "A top-like view of distributed traces, straight from your OTLP collector."
            ),
        ]
    );
    assert_eq!(
        issue_facts(&docs),
        (
            "Issue 118".to_string(),
            Some(118),
            Some("2022-09-12".to_string()),
            "Infra Letter".to_string()
        )
    );
}

#[test]
fn an_email_layout_reads_styled_labels_and_title_rows() {
    let (docs, stderr) = parse_page("email-table.html");
    assert_eq!(stderr, "");
    assert_eq!(
        rows(&docs),
        [
            row(
                "in-the-news",
                "https://streams.example.com/joins",
                "Streaming joins, explained with trains",
                "Windowed joins are easier to reason about once you picture two railway lines."
            ),
            row(
                "in-the-news",
                "https://columns.example.org/format-v2",
                "A second version of the columnar format",
                "Smaller files, faster scans and a migration guide."
            ),
            row(
                "tools",
                "https://github.com/example/dbt-lint",
                "dbt-lint",
                "Checks your models for the mistakes code review misses."
            ),
        ]
    );
    assert_eq!(
        issue_facts(&docs),
        (
            "Data Engineering Dispatch #57".to_string(),
            Some(57),
            Some("2023-05-03".to_string()),
            "pages".to_string()
        )
    );
}

#[test]
fn list_labels_with_nested_lists_are_sections() {
    let (docs, _) = parse_page("labels.html");
    assert_eq!(
        rows(&docs),
        [
            row(
                "emacs-lisp",
                "https://elisp.example.net/native-comp",
                "Native compilation in practice",
                "Native compilation in practice - benchmarks from a big config."
            ),
            row(
                "emacs-lisp",
                "https://elisp.example.net/transient",
                "Writing a transient menu",
                "Writing a transient menu"
            ),
            row(
                "common-lisp",
                "https://cl.example.org/sbcl-2-1",
                "SBCL 2.1 released",
                "SBCL 2.1 released with a faster garbage collector."
            ),
        ]
    );
    assert_eq!(docs[0]["section_title"], "Emacs Lisp:");
    assert_eq!(docs[0]["date"], "2021-08-02");
}

#[test]
fn a_windows_1252_page_is_decoded() {
    let (docs, _) = parse_page("2020-02-03-cp1252.html");
    assert_eq!(
        rows(&docs),
        [
            row(
                "lectures",
                "https://café.example.fr/réseau",
                "Réseau et “latence”",
                "Réseau et “latence” – un guide pour les débutants."
            ),
            row(
                "lectures",
                "https://ops.example.fr/naïve",
                "Naïve caching",
                "Naïve caching … et ses pièges."
            ),
        ]
    );
    assert_eq!(docs[0]["issue_title"], "Café Ops – Issue 9");
    assert_eq!(docs[0]["domain"], "xn--caf-dma.example.fr");
    assert_eq!(docs[0]["date"], "2020-02-03");
}

#[test]
fn bold_and_large_blocks_are_sections_and_json_ld_dates() {
    let (docs, _) = parse_page("json-ld.html");
    assert_eq!(
        rows(&docs),
        [
            row(
                "news",
                "https://read.example.com/one",
                "The first read",
                "The first read is about caches."
            ),
            row(
                "watching",
                "https://video.example.com/talk",
                "A talk on queues",
                "A talk on queues from a conference."
            ),
        ]
    );
    assert_eq!(docs[0]["date"], "2024-01-19");
    assert_eq!(docs[0]["issue_title"], "Weekly Wrap");
}

#[test]
fn a_page_without_items_is_skipped_with_a_warning_and_the_rest_is_ingested() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    std::fs::copy(
        Path::new(CRATE_DIR).join("fixtures/html/labels.html"),
        pages.join("labels.html"),
    )
    .unwrap();
    std::fs::write(
        pages.join("about.html"),
        "<html><body><nav><a href='https://x.example/'>Home</a></nav><p>About us.</p></body></html>",
    )
    .unwrap();
    let output = Command::cargo_bin("backissues")
        .unwrap()
        .current_dir(dir.path())
        .args(["--index", "idx", "ingest", "pages"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("pages/about.html: no links found; nothing to index"),
        "{stderr}"
    );
    assert!(stderr.contains("2 files read: 1 issue added"), "{stderr}");
}

#[test]
fn hostile_pages_end_and_keep_their_links() {
    let deep = format!(
        "<html><body>{}<p><a href='https://deep.example/x'>Deep link</a> at the bottom.</p></body></html>",
        "<div>".repeat(200_000)
    );
    let docs = backissues::parse::parse_issue("deep.html", deep.as_bytes()).unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].url, "https://deep.example/x");
    let junk: Vec<u8> = (0..200_000u32).map(|n| (n * 7919 % 251) as u8).collect();
    let mut page = b"<!doctype html><html><body>".to_vec();
    page.extend(&junk);
    assert!(backissues::parse::parse_issue("junk.html", &page).is_ok());
}
