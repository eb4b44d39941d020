//! Feeds of newsletters in their real families, each in the styles of several generators
//! (fixtures/feeds/): one entry per issue whose content is the whole issue (WordPress-like RSS
//! with CDATA and with escaped HTML, Jekyll/Ghost-like Atom with `type="html"` and
//! `type="xhtml"`, Substack-like and Buttondown-like RSS, JSON Feed), and one entry per link (a
//! feed proxy's RSS with `feedburner:origLink`, Hugo-like Atom, JSON Feed with `external_url`).
//! Each test states every document: the entry's furniture (links back to itself, comment links,
//! subscribe and share links, FeedFlare, feed ads, "appeared first on") gives none.

use std::path::Path;

use serde_json::Value;

mod common;

const CRATE_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// What a test states of a document: entry key (after `FILE#`), date, issue number, section,
/// title, URL, description, issue URL (empty when absent).
type Row = [String; 8];

/// `parse` of the fixture `name`, in a folder of its own: exit code, the rows of its documents
/// (positions checked to run from 1 in each entry), the newsletter of the first and stderr.
fn parse(name: &str) -> (i32, Vec<Row>, String, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        Path::new(CRATE_DIR).join("fixtures/feeds").join(name),
        dir.path().join(name),
    )
    .unwrap();
    let (code, stdout, stderr) = common::run_in(dir.path(), &["parse", name]);
    let docs: Vec<Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let text = |doc: &Value, key: &str| match &doc[key] {
        Value::String(text) => text.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    };
    let mut expected_position = 0;
    let mut last_source = String::new();
    let rows = docs
        .iter()
        .map(|doc| {
            let source = text(doc, "source");
            expected_position = if source == last_source {
                expected_position + 1
            } else {
                1
            };
            last_source.clone_from(&source);
            assert_eq!(doc["position"], expected_position, "{doc}");
            let key = source.split_once('#').unwrap().1.to_string();
            [
                "date",
                "issue",
                "section",
                "title",
                "url",
                "description",
                "issue_url",
            ]
            .map(|field| text(doc, field))
            .iter()
            .fold(vec![key], |mut row, value| {
                row.push(value.clone());
                row
            })
            .try_into()
            .unwrap()
        })
        .collect();
    let newsletter = docs
        .first()
        .map(|doc| text(doc, "newsletter"))
        .unwrap_or_default();
    (code, rows, newsletter, stderr)
}

fn row(fields: [&str; 8]) -> Row {
    fields.map(str::to_string)
}

#[test]
fn wordpress_issues_lose_their_furniture_in_cdata_and_in_escaped_html() {
    let (code, rows, newsletter, stderr) = parse("wordpress-issues.rss");
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(newsletter, "Backend Brief");
    let p88 = "https://backendbrief.example.com/?p=1088";
    let i88 = "https://backendbrief.example.com/2024/03/08/issue-88/";
    let p87 = "https://backendbrief.example.com/?p=1087";
    let i87 = "https://backendbrief.example.com/2024/03/01/issue-87/";
    assert_eq!(
        rows,
        [
            row([
                p88,
                "2024-03-08",
                "88",
                "news",
                "Backpressure, explained",
                "https://queues.example.net/backpressure",
                "What happens when the consumer cannot keep up, and three ways to cope.",
                i88
            ]),
            row([
                p88,
                "2024-03-08",
                "88",
                "news",
                "Idempotency keys in practice",
                "https://retry.example.org/idempotency-keys",
                "Retries that do not charge a card twice.",
                i88
            ]),
            row([
                p88,
                "2024-03-08",
                "88",
                "releases",
                "PostgreSQL 17",
                "https://www.postgresql.example/about/news/17",
                "PostgreSQL 17 – incremental backups and faster vacuum.",
                i88
            ]),
            row([
                p87,
                "2024-02-29",
                "87",
                "news",
                "Cache stampedes",
                "https://cache.example.io/stampede",
                "Why every key expiring at once hurts, and jitter as the cure.",
                i87
            ]),
            row([
                p87,
                "2024-02-29",
                "87",
                "news",
                "Write-through or write-behind?",
                "https://blog.example.dev/write-through",
                "A decision table for the two.",
                i87
            ]),
        ]
    );
}

#[test]
fn atom_issues_in_html_and_xhtml_content_lose_their_web_version_and_footer() {
    let (code, rows, newsletter, stderr) = parse("ghost-issues.atom");
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(newsletter, "Frontend Field Notes");
    let k45 = "https://fieldnotes.example.dev/issues/45";
    let i45 = "https://fieldnotes.example.dev/issues/45/";
    let k44 = "https://fieldnotes.example.dev/issues/44";
    let i44 = "https://fieldnotes.example.dev/issues/44/";
    assert_eq!(
        rows,
        [
            row([
                k45,
                "2023-06-01",
                "45",
                "news",
                "Container queries, for real",
                "https://css.example.org/container-queries",
                "Container queries, for real by Ana — five layouts that needed them.",
                i45
            ]),
            row([
                k45,
                "2023-06-01",
                "45",
                "news",
                "The :has() selector",
                "https://web.example.com/has-selector",
                "The :has() selector — a parent selector at last.",
                i45
            ]),
            row([
                k45,
                "2023-06-01",
                "45",
                "tools",
                "cq-polyfill",
                "https://github.com/example/cq-polyfill",
                "cq-polyfill — for the browsers that lag.",
                i45
            ]),
            row([
                k44,
                "2023-05-19",
                "44",
                "news",
                "Shadow DOM without fear",
                "https://components.example.net/shadow-dom",
                "Styling across the boundary.",
                i44
            ]),
            row([
                k44,
                "2023-05-19",
                "44",
                "news",
                "Signals in Lit",
                "https://lit.example.dev/signals",
                "Fine-grained updates come to components.",
                i44
            ]),
        ]
    );
}

#[test]
fn substack_issues_lose_their_subscribe_share_and_comment_buttons() {
    let (code, rows, newsletter, stderr) = parse("substack-issues.rss");
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(newsletter, "Data Engineering Digest");
    let k123 = "https://dedigest.example.com/p/issue-123-streaming-joins";
    let k122 = "https://dedigest.example.com/p/issue-122-orchestrators";
    assert_eq!(
        rows,
        [
            row([k123, "2023-11-14", "123", "deep-dives", "Streaming joins without tears", "https://stream.example.io/streaming-joins", "Streaming joins without tears — windowed joins, late data and watermarks, with diagrams.", k123]),
            row([k123, "2023-11-14", "123", "deep-dives", "The 2023 warehouse bake-off", "https://warehouse.example.com/bake-off", "The 2023 warehouse bake-off — four engines, one benchmark, no sponsors.", k123]),
            row([k123, "2023-11-14", "123", "releases", "dbt 1.7", "https://dbt.example.com/blog/1-7", "dbt 1.7 — semantic layer improvements.", k123]),
            row([k122, "2023-11-07", "122", "orchestration", "Assets, not tasks", "https://dagster.example.io/assets", "Assets, not tasks: a different way to model pipelines.", k122]),
            row([k122, "2023-11-07", "122", "orchestration", "Flows in plain Python", "https://prefect.example.io/flows", "Flows in plain Python: no DAG file needed.", k122]),
        ]
    );
}

#[test]
fn json_feed_issues_lose_their_read_on_the_web_and_tweet_links() {
    let (code, rows, newsletter, stderr) = parse("issues.json");
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(newsletter, "Rustacean Roundup");
    let k210 = "https://roundup.example.rs/issues/210/";
    let k209 = "https://roundup.example.rs/issues/209/";
    assert_eq!(
        rows,
        [
            row([
                k210,
                "2024-01-10",
                "210",
                "news",
                "Async fn in traits",
                "https://blog.example.rs/async-fn-in-traits",
                "What stabilised, and what still needs boxing.",
                k210
            ]),
            row([
                k210,
                "2024-01-10",
                "210",
                "news",
                "Error handling in 2024",
                "https://rust.example.org/error-handling",
                "thiserror, anyhow, or neither.",
                k210
            ]),
            row([
                k210,
                "2024-01-10",
                "210",
                "crates",
                "tokio-console",
                "https://crates.example.io/crates/tokio-console",
                "tokio-console: a top for your async tasks.",
                k210
            ]),
            row([
                k209,
                "2024-01-03",
                "209",
                "news",
                "Rust in 2023",
                "https://review.example.org/rust-2023",
                "Rust in 2023: the year's releases in one page.",
                k209
            ]),
            row([
                k209,
                "2024-01-03",
                "209",
                "news",
                "Survey results",
                "https://survey.example.rs/results",
                "Survey results: who uses Rust, and for what.",
                k209
            ]),
        ]
    );
}

#[test]
fn buttondown_issues_lose_their_title_heading_web_version_and_footer() {
    let (code, rows, newsletter, stderr) = parse("buttondown-issues.rss");
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(newsletter, "Infra Weekly");
    let k12 = "https://buttondown.example.com/infraweekly/archive/infra-weekly-12-terraform-forks/";
    assert_eq!(
        rows,
        [
            row([
                k12,
                "2024-01-15",
                "12",
                "news",
                "OpenTofu 1.6 is out",
                "https://iac.example.org/opentofu-1-6",
                "OpenTofu 1.6 is out: the first stable release of the fork.",
                k12
            ]),
            row([
                k12,
                "2024-01-15",
                "12",
                "news",
                "Paying for IPv4",
                "https://cloud.example.com/blog/ipv4-pricing",
                "Paying for IPv4: what the new charges cost a small fleet.",
                k12
            ]),
            row([
                k12,
                "2024-01-15",
                "12",
                "tools",
                "tfdrift",
                "https://github.com/example/tfdrift",
                "tfdrift: find drift before it finds you.",
                k12
            ]),
        ]
    );
}

#[test]
fn a_feed_proxy_s_link_entries_are_their_original_links_without_flares_or_ads() {
    // The third item gives its address only as its `guid`.
    let (code, rows, newsletter, stderr) = parse("feedburner-links.rss");
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(newsletter, "Sysadmin Linklog");
    assert_eq!(
        rows,
        [
            row([
                "https://linklog.example.net/?p=501",
                "2023-09-04",
                "",
                "storage",
                "The case for boring backups",
                "https://backups.example.org/boring",
                "Why the dullest backup tool is the one you can restore from at 3am.",
                ""
            ]),
            row([
                "https://linklog.example.net/?p=500",
                "2023-09-03",
                "",
                "security",
                "SSH certificates, step by step",
                "https://ssh.example.com/certificates",
                "Stop distributing authorized_keys files: a short guide to signing user keys.",
                ""
            ]),
            row([
                "https://dns.example.org/ttl-measured",
                "2023-09-02",
                "",
                "networking",
                "DNS TTLs, measured",
                "https://dns.example.org/ttl-measured",
                "How long resolvers really cache, from a week of queries.",
                ""
            ]),
        ]
    );
}

#[test]
fn atom_link_entries_are_their_alternate_links_in_their_category() {
    let (code, rows, newsletter, stderr) = parse("links.atom");
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(newsletter, "Bookmarks of a Go Programmer");
    assert_eq!(
        rows,
        [
            row([
                "https://gobookmarks.example.org/links/pprof/",
                "2022-10-12",
                "",
                "performance",
                "Profiling Go with pprof",
                "https://go.example.dev/blog/pprof",
                "CPU and heap profiles, read the right way round.",
                ""
            ]),
            row([
                "tag:gobookmarks.example.org,2022:generics",
                "2022-10-10",
                "",
                "language",
                "Generics, two years on",
                "https://generics.example.com/two-years",
                "What people built with type parameters, and what they avoided.",
                ""
            ]),
        ]
    );
}

#[test]
fn json_feed_link_entries_are_their_external_urls_and_their_permalink_is_the_issue_url() {
    let (code, rows, newsletter, stderr) = parse("links.json");
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(newsletter, "Design Links Daily");
    assert_eq!(
        rows,
        [
            row([
                "designlinks-1001",
                "2021-04-01",
                "",
                "typography",
                "Variable fonts in production",
                "https://type.example.org/variable-fonts-in-production",
                "One file, every weight: what it saved and what it cost.",
                "https://designlinks.example.com/2021/04/01/variable-fonts"
            ]),
            row([
                "designlinks-1000",
                "2021-03-31",
                "",
                "color",
                "OKLCH for designers",
                "https://color.example.net/oklch",
                "A colour space where lightness means what it says.",
                ""
            ]),
        ]
    );
}
