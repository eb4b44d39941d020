//! Page furniture on single pages (fixtures/html/furniture/), each family in three markups: an
//! author bio box, support and donation buttons, listen/print/language links, page tools
//! (breadcrumbs, tags, edit and report links, cookie banners) and the editor's closing lines
//! (call for links, forward it, contributors: credits, not picks). Every page gives exactly the
//! editor's entries, and an entry about a donation service stays.

use std::path::Path;

mod common;

use common::markup::rewrites;

/// (section, url, title, description) of one document.
type Row = (String, String, String, String);

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
const CLEAN: [&str; 12] = [
    "bio-divs.html",
    "bio-table.html",
    "bio-list.html",
    "support-list.html",
    "listen-divs.html",
    "listen-list.html",
    "listen-table.html",
    "tools-divs.html",
    "tools-list.html",
    "house-divs.html",
    "house-table.html",
    "house-list.html",
];

/// The text of `fixtures/html/furniture/<name>`.
fn fixture(name: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/html/furniture");
    std::fs::read_to_string(dir.join(name)).unwrap()
}

/// The documents of a page's text read alone, as rows.
fn rows_of(html: &str) -> Vec<Row> {
    backissues::parse::parse_issue("pages/page.html", html.as_bytes())
        .unwrap()
        .into_iter()
        .map(|doc| {
            (
                doc.section,
                doc.url,
                doc.title.unwrap_or_default(),
                doc.description,
            )
        })
        .collect()
}

#[test]
fn furniture_gives_no_document_and_every_entry_stays() {
    for name in CLEAN {
        assert_eq!(rows_of(&fixture(name)), entries(), "{name}");
    }
}

#[test]
fn an_entry_about_a_donation_service_stays_beside_its_buttons() {
    let mut expected = entries();
    expected.push((
        "tools".to_string(),
        "https://opencollective.com/blog/open-budgets".to_string(),
        "the announcement".to_string(),
        "Open Collective publishes its fiscal hosts' budgets: the announcement".to_string(),
    ));
    assert_eq!(rows_of(&fixture("support-table.html")), expected);
}

#[test]
fn rewriting_the_markup_changes_no_document() {
    for name in CLEAN {
        let html = fixture(name);
        for (how, rewritten) in rewrites(&html) {
            assert_eq!(rows_of(&rewritten), entries(), "{name}, {how}");
        }
    }
}
