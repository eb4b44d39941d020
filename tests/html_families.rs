//! Link roundups in template styles written for these tests (fixtures/html/families-2/), each
//! family in three markups: cards in `<article>`s, `<dl>` pairs, table rows, `<h4>` + `<p>`,
//! list items with a bold title, numbered entries, titles with their credit on the same line,
//! section headings set by a class only, sponsor and quick-links blocks, page chrome (banner,
//! nav, issue heading, share widget, follow and subscribe boxes), entries whose picture links
//! to the entry above its title, old email markup (`<font size>` headings, `bgcolor` cells), and
//! cards with a date above each title. The editor's entries, with the
//! words the editor wrote about each, and the section the editor put it in, are written down
//! here; every page gives exactly those documents, and rewriting its markup without changing what
//! a reader sees (classes renamed, wrappers, indentation, one line, `<div>` rows as tables)
//! changes none of them.

mod common;

use common::markup::rewrites;
use common::pages::{self, row, rows_of, Row};

/// One entry as the editor wrote it: section, url, title and the words about it.
struct Entry {
    section: &'static str,
    url: &'static str,
    title: &'static str,
    words: &'static str,
}

/// The editor's entries shared by every family but the sponsor one.
const ENTRIES: [Entry; 4] = [
    Entry {
        section: "news",
        url: "https://blog.a.example/slow-queries",
        title: "Finding slow queries",
        words: "A walk through pg_stat_statements and what it hides.",
    },
    Entry {
        section: "news",
        url: "https://b.example/posts/retry-budgets",
        title: "Retry budgets",
        words: "Why a fixed retry count melts a service under load.",
    },
    Entry {
        section: "tools",
        url: "https://github.com/x/kubetail",
        title: "kubetail",
        words: "Tail logs from many pods at once.",
    },
    Entry {
        section: "tools",
        url: "https://github.com/y/planlint",
        title: "planlint",
        words: "Static analysis for Terraform plans.",
    },
];

/// The credit written beside each entry's title in the credit family.
const CREDITS: [&str; 4] = ["by Ann Lee", "(b.example)", "by Ken", "via Lobsters"];

/// How a page's markup sets an entry's description: from its number (1-based), its title and
/// the editor's words.
type Describe = fn(usize, &Entry) -> String;

/// The editor's words alone.
fn words(_: usize, entry: &Entry) -> String {
    entry.words.to_string()
}

/// Title and words on one line, as `Title — words`.
fn dash(_: usize, entry: &Entry) -> String {
    format!("{} — {}", entry.title, entry.words)
}

/// `Title: words`.
fn colon(_: usize, entry: &Entry) -> String {
    format!("{}: {}", entry.title, entry.words)
}

/// `Title - words`.
fn hyphen(_: usize, entry: &Entry) -> String {
    format!("{} - {}", entry.title, entry.words)
}

/// A table row's cells: `Title words`.
fn cells(_: usize, entry: &Entry) -> String {
    format!("{} {}", entry.title, entry.words)
}

/// A numbered heading's number, then the words under it.
fn numbered(n: usize, entry: &Entry) -> String {
    format!("{n}. {}", entry.words)
}

/// Title, credit and words on one line.
fn credited_line(n: usize, entry: &Entry) -> String {
    format!("{} {} — {}", entry.title, CREDITS[n - 1], entry.words)
}

/// The credit line under the title, then the words.
fn credit_then_words(n: usize, entry: &Entry) -> String {
    format!("{} {}", CREDITS[n - 1], entry.words)
}

/// Every page of the shared entries, with how it describes them.
const PAGES: [(&str, Describe); 36] = [
    ("cards-article.html", words),
    ("cards-div.html", words),
    ("cards-list.html", words),
    ("dl-plain.html", words),
    ("dl-strong.html", words),
    ("dl-single.html", words),
    ("table-cells.html", cells),
    ("table-styled.html", cells),
    ("table-nested.html", words),
    ("h4-plain.html", words),
    ("h4-wrapped.html", words),
    ("h4-styled.html", words),
    ("li-strong-dash.html", dash),
    ("li-b-colon.html", colon),
    ("li-a-strong.html", hyphen),
    ("num-p.html", words),
    ("num-h3.html", numbered),
    ("num-br.html", words),
    ("credit-inline.html", credited_line),
    ("credit-under.html", credit_then_words),
    ("credit-share.html", credit_then_words),
    ("classhead-inline.html", dash),
    ("classhead-list.html", colon),
    ("classhead-td.html", hyphen),
    ("chrome-divs.html", words),
    ("chrome-table.html", words),
    ("chrome-list.html", words),
    ("picture-p.html", words),
    ("picture-table.html", words),
    ("picture-cards.html", words),
    ("font-table.html", words),
    ("font-p.html", words),
    ("font-div.html", words),
    ("dated-divs.html", words),
    ("dated-table.html", words),
    ("dated-list.html", words),
];

/// The text of `fixtures/html/families-2/<name>`.
fn fixture(name: &str) -> String {
    pages::fixture("html/families-2", name)
}

/// The rows of the shared entries as a page describes them.
fn expected(describe: Describe) -> Vec<Row> {
    ENTRIES
        .iter()
        .enumerate()
        .map(|(at, entry)| {
            row(
                entry.section,
                entry.url,
                entry.title,
                &describe(at + 1, entry),
            )
        })
        .collect()
}

#[test]
fn every_entry_has_its_own_words_in_its_section_and_nothing_else_is_a_document() {
    for (name, describe) in PAGES {
        assert_eq!(rows_of(&fixture(name)), expected(describe), "{name}");
    }
}

/// The sponsor family: a sponsor block before the first section, then a section of entries, then
/// a "quick links" or "in brief" section of bare links.
#[test]
fn sponsors_and_quick_links_are_documents_of_their_own_blocks() {
    let entries = || expected(words).into_iter().take(2);
    let quick = |section: &str, described: &dyn Fn(&str) -> String| {
        [
            ("https://q.example/one", "Postgres 17 released"),
            ("https://q.example/two", "The state of eBPF"),
            ("https://q.example/three", "A tiny Raft in Go"),
        ]
        .map(|(url, title)| row(section, url, title, &described(title)))
    };
    let cloud = "https://acme.example/cloud";
    let mut div = vec![row(
        "sponsor",
        cloud,
        "Acme Cloud",
        "Acme Cloud — Deploy a container in seconds, free for a month.",
    )];
    div.extend(entries());
    div.extend(quick("quick-links", &|title| title.to_string()));
    assert_eq!(rows_of(&fixture("sponsor-div.html")), div);
    let mut table = vec![row(
        "sponsor",
        cloud,
        "Acme Cloud",
        "Sponsor Acme Cloud Deploy a container in seconds, free for a month.",
    )];
    table.extend(entries());
    let line = "Postgres 17 released · The state of eBPF · A tiny Raft in Go";
    table.extend(quick("quick-links", &|_| line.to_string()));
    assert_eq!(rows_of(&fixture("sponsor-table.html")), table);
    let mut list = vec![row(
        "sponsor",
        cloud,
        "Acme Cloud",
        "Sponsored by Acme Cloud: deploy a container in seconds, free for a month.",
    )];
    list.extend(entries());
    list.extend(quick("in-brief", &|title| title.to_string()));
    assert_eq!(rows_of(&fixture("sponsor-list.html")), list);
}

/// The chrome family's pages state their issue: number and date from the heading under the
/// banner, not the banner.
#[test]
fn the_issue_heading_not_the_banner_names_the_issue() {
    for name in ["chrome-divs.html", "chrome-table.html", "chrome-list.html"] {
        let html = fixture(name);
        let docs = backissues::parse::parse_issue("pages/page.html", html.as_bytes()).unwrap();
        let facts: Vec<(Option<String>, Option<u64>, String)> = docs
            .iter()
            .map(|doc| {
                (
                    doc.date.map(|date| date.to_string()),
                    doc.issue,
                    doc.issue_title.clone(),
                )
            })
            .collect();
        let one = (
            Some("2024-03-03".to_string()),
            Some(12),
            "Issue 12".to_string(),
        );
        assert_eq!(facts, vec![one; 4], "{name}");
    }
}

#[test]
fn rewriting_the_markup_changes_no_document() {
    let names = PAGES.iter().map(|(name, _)| *name).chain([
        "sponsor-div.html",
        "sponsor-table.html",
        "sponsor-list.html",
    ]);
    for name in names {
        let html = fixture(name);
        let expected = rows_of(&html);
        for (how, rewritten) in rewrites(&html) {
            assert_eq!(rows_of(&rewritten), expected, "{name}, {how}");
        }
    }
}
