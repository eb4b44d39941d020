//! The issue's own date and number on a page (fixtures/page-dates/), end to end: each spelling
//! of a title in three markups (`<title>` only, an issue heading in wrapped divs on one line, an
//! email header row), the dates the markup states (`<time>`, metas, JSON-LD, microdata,
//! microformats) and which wins, and bylines; a footer's `Last updated` and an entry's own date
//! are never the issue's.
//!
//! Each folder is parsed whole, copied out of the repository (so no page is dated by git): every
//! page links to URLs of its own, so the folder rule (links on half a folder's pages are chrome)
//! plays no part.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

mod common;

const CRATE_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// (date, issue, documents) of each page, by file name.
type Pages = BTreeMap<String, (Option<String>, Option<u64>, usize)>;

/// The [`Pages`] of `fixtures/page-dates/FOLDER`, and the pages warned of for having no date.
fn parse(folder: &str) -> (Pages, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(folder)).unwrap();
    let from = Path::new(CRATE_DIR)
        .join("fixtures/page-dates")
        .join(folder);
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(
            entry.path(),
            dir.path().join(folder).join(entry.file_name()),
        )
        .unwrap();
    }
    let (code, stdout, stderr) = common::run_in(dir.path(), &["parse", folder]);
    assert_eq!(code, 0, "{stderr}");
    let mut pages = BTreeMap::new();
    for doc in stdout
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).unwrap())
    {
        let source = doc["source"].as_str().unwrap();
        let name = source.rsplit('/').next().unwrap().to_string();
        let page = pages.entry(name).or_insert((
            doc["date"].as_str().map(str::to_string),
            doc["issue"].as_u64(),
            0,
        ));
        assert_eq!(
            (page.0.as_deref(), page.1),
            (doc["date"].as_str(), doc["issue"].as_u64()),
            "{source}"
        );
        page.2 += 1;
    }
    let undated = stderr
        .lines()
        .filter(|line| line.contains("no issue date found"))
        .map(|line| {
            line.split(": ")
                .nth(2)
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    (pages, undated)
}

/// The expected pages: (file stem, date, issue, documents).
fn expected(rows: &[(&str, Option<&str>, Option<u64>, usize)]) -> Pages {
    rows.iter()
        .map(|&(stem, date, issue, docs)| {
            (
                format!("{stem}.html"),
                (date.map(str::to_string), issue, docs),
            )
        })
        .collect()
}

const DAY: Option<&str> = Some("2021-03-03");

/// Every title spelling: the same answer whatever the markup. `3. März 2021` and `3 mars 2021`
/// are read (months of six languages beside English); `Week 9, 2021` is not (a week names no
/// day); `03/04/2021` is US order (March 4), as in markdown.
const SPELLINGS: &[(&str, Option<&str>, Option<u64>, usize)] = &[
    ("ambiguous-slashes", Some("2021-03-04"), Some(12), 2),
    ("day-month-abbr", DAY, None, 2),
    ("day-month-hyphens", DAY, None, 2),
    ("edition", DAY, Some(12), 2),
    ("european-dots", DAY, None, 2),
    ("french", DAY, None, 2),
    ("german", DAY, None, 2),
    ("hash-padded", DAY, Some(12), 2),
    ("iso-dots", DAY, None, 2),
    ("iso-slashes", DAY, None, 2),
    ("issue-paren-iso", DAY, Some(12), 2),
    ("month-abbr-dot", DAY, None, 2),
    ("month-day-ordinal", DAY, None, 2),
    ("name-hash-day-month", DAY, Some(12), 2),
    ("number-no", DAY, Some(12), 2),
    ("ordinal-of", DAY, Some(12), 2),
    ("thousands", DAY, Some(1024), 2),
    ("volume-number", DAY, Some(12), 2),
    ("week-of-year", None, None, 2),
    ("weekday-day-month", DAY, None, 2),
    ("weekday-month-day", DAY, None, 2),
];

fn undated_spellings() -> Vec<String> {
    ["week-of-year"].map(|stem| format!("{stem}.html")).to_vec()
}

#[test]
fn title_spellings_in_the_head_title() {
    let (pages, undated) = parse("title");
    assert_eq!(pages, expected(SPELLINGS));
    assert_eq!(undated, undated_spellings());
}

#[test]
fn title_spellings_in_an_issue_heading_under_a_banner() {
    let (pages, undated) = parse("heading");
    assert_eq!(pages, expected(SPELLINGS));
    assert_eq!(undated, undated_spellings());
}

#[test]
fn title_spellings_in_an_email_header_row() {
    let (pages, undated) = parse("row");
    assert_eq!(pages, expected(SPELLINGS));
    assert_eq!(undated, undated_spellings());
}

#[test]
fn dates_the_markup_states_on_the_writers_day_and_never_an_update() {
    let (pages, undated) = parse("markup");
    assert_eq!(
        pages,
        expected(&[
            ("dc-date", DAY, None, 2),
            ("dcterms-issued", DAY, None, 2),
            ("h-entry", DAY, None, 2),
            ("hatom-abbr", DAY, None, 2),
            // The issue's own name for its day wins over a CMS's date (an import's, a re-post's).
            ("heading-over-time", DAY, Some(12), 2),
            ("itemprop-span-content", DAY, None, 2),
            ("itemprop-span-text", DAY, None, 2),
            ("json-ld-graph", DAY, None, 2),
            ("meta-date", DAY, None, 2),
            ("modified-only", None, None, 2),
            ("published-time-offset", DAY, None, 2),
            ("published-time-z", DAY, None, 2),
            ("time-early-positive-offset", DAY, None, 2),
            ("time-late-negative-offset", DAY, None, 2),
            ("time-text", DAY, None, 2),
            ("title-over-published-time", DAY, Some(12), 2),
            ("updated-then-published", DAY, None, 2),
            ("wordpress-classes", DAY, None, 2),
        ])
    );
    assert_eq!(undated, ["modified-only.html"]);
}

#[test]
fn bylines_date_the_issue_and_footers_and_entries_do_not() {
    let (pages, undated) = parse("byline");
    assert_eq!(
        pages,
        expected(&[
            // A byline crediting its author without `by`: a name beside the date (and a read
            // time), in a paragraph, in spans around a `<time>`, in a table cell with two names.
            // Its links are no documents.
            ("author-then-date", DAY, None, 2),
            ("by-and-cells", DAY, None, 2),
            ("by-span-list", DAY, None, 2),
            ("byline-cells", DAY, None, 2),
            ("copyright-year", None, None, 2),
            // Titles beside dates on every line are the page's entries, not a byline: each is
            // a document (the page takes the first one's date, as a byline's).
            ("dated-entries-list", Some("2021-03-10"), None, 3),
            ("dates-only-below", None, None, 2),
            // A block with a link that is no byline ends the page's top: the date after it is
            // not read (it could be an entry's).
            ("intro-link-then-date", None, None, 3),
            ("name-date-read-time", DAY, None, 2),
            ("name-time-spans", DAY, None, 2),
            ("names-date-cells", DAY, None, 1),
            ("nav-then-date", DAY, None, 2),
            // Credited after `by` on a page naming no host of its own: the author's link is
            // no document.
            ("posted-on-by-link", DAY, None, 2),
            ("posted-on-by-text", DAY, None, 2),
            ("published-colon", DAY, None, 2),
            ("sent-on", DAY, None, 2),
        ])
    );
    assert_eq!(
        undated,
        [
            "copyright-year.html",
            "dates-only-below.html",
            "intro-link-then-date.html"
        ]
    );
}
