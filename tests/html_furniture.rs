//! Page furniture on single pages (fixtures/html/furniture/), each family in three markups: an
//! author bio box, support and donation buttons, listen/print/language links, page tools
//! (breadcrumbs, tags, edit and report links, cookie banners) and the editor's closing lines
//! (call for links, forward it, contributors: credits, not picks). Every page gives exactly the
//! editor's entries, and an entry about a donation service stays.

mod common;

use common::markup::rewrites;
use common::pages::{self, row, rows_of, Row};

/// The editor's four entries every page holds, as rows.
fn entries() -> Vec<Row> {
    [
        (
            "news",
            "https://blog.a.example/slow-queries",
            "Finding slow queries",
            "A walk through pg_stat_statements and what it hides.",
        ),
        (
            "news",
            "https://b.example/posts/retry-budgets",
            "Retry budgets",
            "Why a fixed retry count melts a service under load.",
        ),
        (
            "tools",
            "https://github.com/x/kubetail",
            "kubetail",
            "Tail logs from many pods at once.",
        ),
        (
            "tools",
            "https://github.com/y/planlint",
            "planlint",
            "Static analysis for Terraform plans.",
        ),
    ]
    .map(|(s, u, t, d)| (s.to_string(), u.to_string(), t.to_string(), d.to_string()))
    .to_vec()
}

/// Pages that give the four entries and nothing else.
const CLEAN: [&str; 13] = [
    "bio-divs.html",
    "bio-table.html",
    "bio-list.html",
    "support-list.html",
    "listen-divs.html",
    "listen-list.html",
    "listen-table.html",
    "tools-divs.html",
    "tools-table.html",
    "tools-list.html",
    "house-divs.html",
    "house-table.html",
    "house-list.html",
];

/// The text of `fixtures/html/furniture/<name>`.
fn fixture(name: &str) -> String {
    pages::fixture("html/furniture", name)
}

#[test]
fn furniture_gives_no_document_and_every_entry_stays() {
    for name in CLEAN {
        assert_eq!(rows_of(&fixture(name)), entries(), "{name}");
    }
}

/// The support pages that also hold an entry about a donation service: the entries, with it.
fn support_pages() -> [(&'static str, Vec<Row>); 2] {
    let mut divs = entries();
    divs.insert(
        2,
        row(
            "news",
            "https://github.blog/changelog/2024-03-01-sponsors-one-time",
            "GitHub Sponsors now supports one-time payments",
            "Sponsors can now pay once instead of monthly, in 30 more countries.",
        ),
    );
    let mut table = entries();
    table.push(row(
        "tools",
        "https://opencollective.com/blog/open-budgets",
        "the announcement",
        "Open Collective publishes its fiscal hosts' budgets: the announcement",
    ));
    [("support-divs.html", divs), ("support-table.html", table)]
}

#[test]
fn an_entry_about_a_donation_service_stays_beside_its_buttons() {
    for (name, expected) in support_pages() {
        assert_eq!(rows_of(&fixture(name)), expected, "{name}");
    }
}

#[test]
fn rewriting_the_markup_changes_no_document() {
    let pages = CLEAN
        .iter()
        .map(|name| (*name, entries()))
        .chain(support_pages());
    for (name, expected) in pages {
        let html = fixture(name);
        for (how, rewritten) in rewrites(&html) {
            assert_eq!(rows_of(&rewritten), expected, "{name}, {how}");
        }
    }
}

/// Entries titled like the site's labels (`GitHub Sponsors`, `Print`, `Spotify`, `Patreon`) are
/// the editor's when the editor wrote words about them; the support line beside them is not.
#[test]
fn entries_titled_like_labels_stay() {
    let expected = vec![
        row(
            "news",
            "https://github.blog/2024-sponsors",
            "GitHub Sponsors",
            "Now supports one-time payments.",
        ),
        row(
            "news",
            "https://blog.b.example/print",
            "Print",
            "A tiny library for printing structured logs.",
        ),
        row(
            "news",
            "https://engineering.atspotify.com/backstage",
            "Spotify",
            "Spotify — how they run Backstage at scale.",
        ),
        row(
            "tools",
            "https://www.patreon.com/posts/new-api-123",
            "Patreon",
            "Patreon's new creator API is out.",
        ),
        row(
            "tools",
            "https://github.com/z/pdfgrep",
            "pdfgrep",
            "Grep inside PDFs.",
        ),
    ];
    let html = fixture("kept-labels.html");
    assert_eq!(rows_of(&html), expected);
    for (how, rewritten) in rewrites(&html) {
        assert_eq!(rows_of(&rewritten), expected, "{how}");
    }
}
