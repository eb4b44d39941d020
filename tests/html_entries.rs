//! Entry shapes of web pages as a reader sees them (fixtures/html/entries/): each family in three
//! markups gives the same exact documents, and rewriting a page without changing what a reader
//! sees (classes renamed, blocks wrapped in extra `<div>`s, re-indented or on one line) changes
//! none of them.

use std::path::Path;

use assert_cmd::Command;
use backissues::model::LinkDoc;

mod common;

use common::markup::{one_line, reindented, renamed_classes, rewrites};

const CRATE_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// (section, url, title, description) of one document.
type Row = (String, String, Option<String>, String);

/// The text of `fixtures/html/entries/<name>`.
fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(CRATE_DIR)
            .join("fixtures/html/entries")
            .join(name),
    )
    .unwrap()
}

/// The documents of a page's text, as rows.
fn rows_of(html: &str) -> Vec<Row> {
    let docs = backissues::parse::parse_issue("pages/page.html", html.as_bytes()).unwrap();
    docs.iter().map(row_of).collect()
}

fn row_of(doc: &LinkDoc) -> Row {
    (
        doc.section.clone(),
        doc.url.clone(),
        doc.title.clone(),
        doc.description.clone(),
    )
}

fn row(section: &str, url: &str, title: &str, description: &str) -> Row {
    (
        section.into(),
        url.into(),
        Some(title.to_string()),
        description.into(),
    )
}

/// The rows `backissues parse` prints for `fixtures/html/entries/<name>` (the command, end to
/// end, quietly).
fn parsed(name: &str) -> Vec<Row> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, fixture(name)).unwrap();
    let output = Command::cargo_bin("backissues")
        .unwrap()
        .current_dir(dir.path())
        .args(["parse", name])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let doc: serde_json::Value = serde_json::from_str(line).unwrap();
            (
                doc["section"].as_str().unwrap().to_string(),
                doc["url"].as_str().unwrap().to_string(),
                doc["title"].as_str().map(str::to_string),
                doc["description"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The archive entries of every markup of the entry family: title block, credit line and
/// description under it, a trailing "comments" link sharing the entry's description.
fn archive_rows() -> Vec<Row> {
    vec![
        row(
            "news",
            "https://blog.one.example/caching-at-scale",
            "Caching at scale",
            "by Ann Author (@annauthor) How a read-through cache cut our database load in half.",
        ),
        row(
            "news",
            "https://two.example/queues",
            "Queues are not free",
            "by Bob Writer A look at backpressure and what it costs.",
        ),
        row(
            "news",
            "https://news.example/item/2",
            "comments",
            "by Bob Writer A look at backpressure and what it costs.",
        ),
        row(
            "tools",
            "https://github.com/example/graphtop",
            "graphtop",
            "via Carol Top for your dependency graph.",
        ),
        row(
            "tools",
            "https://github.com/example/logsift",
            "logsift",
            "Sift structured logs from the terminal.",
        ),
    ]
}

/// The markups of the entry family: a `<p>` the title `<div>` closes, email-style table rows, and
/// list items on one line.
const ARCHIVES: &[&str] = &[
    "archive-implied-p.html",
    "archive-table.html",
    "archive-list.html",
];

#[test]
fn each_description_stays_with_its_own_title_in_every_markup() {
    for name in ARCHIVES {
        assert_eq!(rows_of(&fixture(name)), archive_rows(), "{name}");
    }
    assert_eq!(parsed("archive-implied-p.html"), archive_rows());
}

#[test]
fn rewriting_the_markup_changes_no_document() {
    for name in ARCHIVES {
        let html = fixture(name);
        let expected = rows_of(&html);
        for (how, rewritten) in rewrites(&html) {
            assert_eq!(rows_of(&rewritten), expected, "{name}, {how}");
        }
    }
}

/// The sections of the linked-heading family: a heading styled like its siblings whose text is
/// a link opens its section; the link is not a document unless it is the section's only one.
fn linked_heading_rows() -> Vec<Row> {
    vec![
        row(
            "news",
            "https://news.example.org/outage-report",
            "The outage report",
            "What one bad deploy taught a whole team.",
        ),
        row(
            "news",
            "https://news.example.org/sre-book",
            "A second SRE book",
            "Chapters on toil and on-call.",
        ),
        row(
            "jobs-by-example-careers",
            "https://careers.example.com/jobs/1",
            "Platform engineer at Acme",
            "Remote, Europe time zones.",
        ),
        row(
            "jobs-by-example-careers",
            "https://careers.example.com/jobs/2",
            "SRE at Globex",
            "On-site in Lisbon.",
        ),
        row(
            "meetup-by-example-org",
            "https://meetup.example.net/ops",
            "Meetup by Example Org",
            "Tickets for the spring meetup are on sale now.",
        ),
        row(
            "tools",
            "https://github.com/example/pagerlint",
            "pagerlint",
            "Lints your alert rules.",
        ),
    ]
}

const LINKED_HEADINGS: &[&str] = &[
    "linked-heading-div.html",
    "linked-heading-table.html",
    "linked-heading-class.html",
];

#[test]
fn a_heading_styled_like_its_siblings_is_a_section_even_as_a_link() {
    for name in LINKED_HEADINGS {
        assert_eq!(rows_of(&fixture(name)), linked_heading_rows(), "{name}");
        let docs =
            backissues::parse::parse_issue("pages/page.html", fixture(name).as_bytes()).unwrap();
        assert_eq!(docs[2].section_title, "Jobs by Example Careers", "{name}");
    }
    for name in LINKED_HEADINGS {
        let html = fixture(name);
        for rewritten in [renamed_classes(&html), one_line(&html), reindented(&html)] {
            assert_eq!(rows_of(&rewritten), linked_heading_rows(), "{name}");
        }
    }
}

/// The documents of the block-link family: a link around a heading or a `<div>` is a titled
/// link described by what follows, and opens no section.
fn block_link_rows() -> Vec<Row> {
    vec![
        row(
            "news",
            "https://css.example.com/container-queries",
            "Container queries in practice",
            "Three layouts that finally need no media queries.",
        ),
        row(
            "news",
            "https://js.example.org/signals",
            "Signals, explained",
            "Where fine-grained reactivity comes from.",
        ),
        row(
            "tools",
            "https://github.com/example/bundlecheck",
            "bundlecheck",
            "Fails the build when a bundle grows.",
        ),
    ]
}

#[test]
fn a_link_around_a_block_is_a_titled_link_described_by_what_follows() {
    for name in [
        "block-link-headings.html",
        "block-link-table.html",
        "block-link-cards.html",
    ] {
        let html = fixture(name);
        assert_eq!(rows_of(&html), block_link_rows(), "{name}");
        for rewritten in [renamed_classes(&html), one_line(&html), reindented(&html)] {
            assert_eq!(rows_of(&rewritten), block_link_rows(), "{name}");
        }
    }
}

/// The credit family in HTML: `by X (Y)`, `(thanks @x)`, `via X`, `h/t X`, `thanks to X`,
/// `(@x)` and `Maintained by @x` (in a heading's trailing span and on the line under it) are
/// words of their item; a `by` inside a sentence and a thank-you without a title keep their
/// links.
#[test]
fn credits_are_words_of_their_item() {
    let expected = [
        row(
            "tools",
            "https://github.com/a/fastgrep",
            "fastgrep",
            "Maintained by @alice A grep that stays fast on huge monorepos.",
        ),
        row(
            "tools",
            "https://github.com/b/slowcat",
            "slowcat",
            "Maintained by @bob Cat, but slow on purpose.",
        ),
        row(
            "news",
            "https://p.example/retries",
            "Why retries hurt",
            "Why retries hurt by Dee (@dee) - what backoff is for.",
        ),
        row(
            "news",
            "https://p.example/shedding",
            "Load shedding",
            "Load shedding (thanks @eve) - dropping work on purpose.",
        ),
        row(
            "news",
            "https://p.example/postmortems",
            "Postmortem culture",
            "Postmortem culture via Lobsters - blameless, for real.",
        ),
        row(
            "news",
            "https://p.example/pages",
            "The cost of a page",
            "The cost of a page h/t Frank - counting the hours.",
        ),
        row(
            "news",
            "https://p.example/chaos",
            "Chaos days",
            "Chaos days thanks to Gina - a playbook.",
        ),
        row(
            "news",
            "https://p.example/idempotency",
            "Idempotency keys",
            "Idempotency keys (@hank) - one header, fewer duplicates.",
        ),
        row(
            "news",
            "https://p.example/traces",
            "A CLI for traces",
            "A CLI for traces - built by the team at Acme with OpenTelemetry.",
        ),
        row(
            "news",
            "https://acme.example/",
            "Acme",
            "A CLI for traces - built by the team at Acme with OpenTelemetry.",
        ),
        row(
            "news",
            "https://opentelemetry.io/",
            "OpenTelemetry",
            "A CLI for traces - built by the team at Acme with OpenTelemetry.",
        ),
        row(
            "news",
            "https://sponsor.example/",
            "our sponsor",
            "Thanks to our sponsor for keeping this free.",
        ),
    ];
    let html = fixture("credits-list.html");
    assert_eq!(rows_of(&html), expected);
    assert_eq!(rows_of(&one_line(&html)), expected);
}

#[test]
fn entries_in_one_paragraph_keep_their_own_descriptions() {
    let html = "<html><body><h2>News</h2><p><a href=\"https://a.example/one\">First title</a><br>What the first is about.<br><a href=\"https://b.example/two\">Second title</a><br>by <a href=\"https://b.example/\">Bea</a> What the second is about.</p></body></html>";
    assert_eq!(
        rows_of(html),
        [
            row(
                "news",
                "https://a.example/one",
                "First title",
                "What the first is about."
            ),
            row(
                "news",
                "https://b.example/two",
                "Second title",
                "by Bea What the second is about."
            ),
        ]
    );
}

/// A paragraph that opens with words and ends in its links (the shape markdown issues render
/// to) is no run of entries: its words describe every link, as before (a link's generic words,
/// `Read the post`, are no part of them).
#[test]
fn a_description_before_its_links_stays_with_them() {
    let html = "<html><body><h2>News</h2><p>Desc one.<br><a href=\"https://a.example/post\">Read the post</a><br><a href=\"https://github.com/a/repo\">The repo</a></p><p>K3OS is new.<br><a href=\"https://k3os.io/\">https://k3os.io/</a><br><a href=\"https://github.com/k\">https://github.com/k</a></p></body></html>";
    let described: Vec<(String, String)> = rows_of(html)
        .into_iter()
        .map(|(_, url, _, description)| (url, description))
        .collect();
    let pair = |url: &str, description: &str| (url.to_string(), description.to_string());
    assert_eq!(
        described,
        [
            pair("https://a.example/post", "Desc one. The repo"),
            pair("https://github.com/a/repo", "Desc one. The repo"),
            pair("https://k3os.io/", "K3OS is new."),
            pair("https://github.com/k", "K3OS is new."),
        ]
    );
}

/// Tens of thousands of entries, and entries nested hundreds deep, read in one pass each.
#[test]
fn many_entries_and_deep_entries_are_read_in_linear_time() {
    let entry = |n: usize| {
        format!(
            "<div class=\"t\"><a href=\"https://e.example/{n}\">Entry {n}</a></div><br><span>by <a href=\"https://who.example/{n}\">Who</a> words of {n}.</span><p></p>"
        )
    };
    let many: String = (0..20_000).map(entry).collect();
    let docs =
        backissues::parse::parse_issue("many.html", format!("<body>{many}</body>").as_bytes())
            .unwrap();
    assert_eq!(docs.len(), 20_000);
    assert_eq!(docs[1234].url, "https://e.example/1234");
    assert_eq!(docs[1234].description, "by Who words of 1234.");
    let deep = "<div class=\"w\">".repeat(400) + &(0..50).map(entry).collect::<String>();
    let docs = backissues::parse::parse_issue("deep.html", deep.as_bytes()).unwrap();
    assert_eq!(docs.len(), 50);
    assert_eq!(docs[49].description, "by Who words of 49.");
}

/// A title block with its credit on the same line, then a block of words: the words and the
/// credit describe the title.
#[test]
fn a_title_with_its_credit_is_described_by_the_block_under_it() {
    let html = "<html><body><h2>Talks</h2><div class=\"post-title\"><a href=\"https://talks.example/monolith\">Scaling the monolith</a> by <a href=\"https://ivy.example/\">Ivy</a></div><div class=\"post-text\">Why one deployable can still grow.</div></body></html>";
    assert_eq!(
        rows_of(html),
        [row(
            "videos",
            "https://talks.example/monolith",
            "Scaling the monolith",
            "by Ivy Why one deployable can still grow."
        )]
    );
}

/// Pages (three markups) where one entry shape is met twice, with a list of items of their own
/// and a section heading between: no entry runs over either.
const RUNS: [&str; 3] = ["runs-tables.html", "runs-divs.html", "runs-paragraphs.html"];

#[test]
fn an_entry_runs_over_no_list_of_items_and_no_section_heading() {
    for (name, joint) in RUNS.iter().zip([" ", " — ", ": "]) {
        let html = fixture(name);
        let expected = vec![
            row(
                "news",
                "https://flags.example/scale",
                "Flags at scale",
                "Feature flags, with numbers.",
            ),
            row(
                "news",
                "https://books.example/sre",
                "SRE reading list",
                &format!("SRE reading list{joint}Ten books for the shelf."),
            ),
            row(
                "news",
                "https://queues.example/article",
                "Queue article",
                &format!("Queue article{joint}about backpressure."),
            ),
            row(
                "jobs",
                "https://jobs.example/sre",
                "SRE at Example",
                "Remote, Europe.",
            ),
        ];
        assert_eq!(rows_of(&html), expected, "{name}");
        for (how, rewritten) in rewrites(&html) {
            assert_eq!(rows_of(&rewritten), expected, "{name}, {how}");
        }
    }
}

#[test]
fn a_title_line_a_url_line_and_a_description_line_are_one_item() {
    let html = fixture("title-url-description.html");
    let expected = vec![
        (
            "news".to_string(),
            "https://caches.example/layers".to_string(),
            None,
            "Layers of caches Where each cache sits and why.".to_string(),
        ),
        (
            "news".to_string(),
            "https://dns.example/ttl".to_string(),
            None,
            "DNS TTLs in practice Shorter is not always better.".to_string(),
        ),
    ];
    assert_eq!(rows_of(&html), expected);
    assert_eq!(rows_of(&reindented(&html)), expected);
}

#[test]
fn lines_that_each_open_with_title_dash_text_are_an_item_each() {
    let row = |url: &str, description: &str| {
        let title = description.split(" — ").next().unwrap();
        let title = title.split(" - ").next().unwrap().to_string();
        (
            "intro".to_string(),
            url.to_string(),
            Some(title),
            description.to_string(),
        )
    };
    assert_eq!(
        rows_of(&fixture("title-dash-div.html")),
        [
            row(
                "https://a.example/one",
                "First post — what the first one says."
            ),
            row(
                "https://b.example/two",
                "Second post — what the second one says."
            ),
            row("https://c.example/tool", "A tool — a tool for things."),
            row("https://d.example/other", "Other tool — another tool."),
        ]
    );
}

#[test]
fn a_bold_label_opening_a_block_of_title_dash_lines_is_its_section() {
    for (name, joint) in [
        ("title-dash-br.html", " - "),
        ("bold-label-div.html", ": "),
        ("bold-label-styled.html", " | "),
    ] {
        let row = |section: &str, url: &str, title: &str, words: &str| {
            (
                section.to_string(),
                url.to_string(),
                Some(title.to_string()),
                format!("{title}{joint}{words}"),
            )
        };
        let expected = [
            row(
                "news",
                "https://a.example/one",
                "First post",
                "what the first one says.",
            ),
            row(
                "news",
                "https://b.example/two",
                "Second post",
                "what the second one says.",
            ),
            row(
                "tools",
                "https://c.example/tool",
                "A tool",
                "a tool for things.",
            ),
            row(
                "tools",
                "https://d.example/other",
                "Other tool",
                "another tool.",
            ),
        ];
        let html = fixture(name);
        assert_eq!(rows_of(&html), expected, "{name}");
        for (how, rewritten) in rewrites(&html) {
            assert_eq!(rows_of(&rewritten), expected, "{name}, {how}");
        }
    }
}
