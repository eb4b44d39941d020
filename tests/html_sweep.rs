//! The metamorphic sweep: every web page among the fixtures (every `.html` file under
//! `fixtures/`), read alone, gives the same documents (url, title, description, section, and the
//! issue's date, number and title) after each rewrite of its markup that a reader does not see
//! ([`common::markup::SWEEP`]: other class names, wrappers, indentation, tables for divs,
//! attribute order and quoting, tag case, line ends, character references, comments, optional end
//! tags, other tags for bold, lists and sections, a form around the page). A rewrite that
//! changes what a page says is excluded for that page in [`EXCLUDED`], with its reason; a
//! divergence left open is listed in [`GAPS`].

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

mod common;

use common::markup::{Rewrite, SWEEP};

/// What a reader sees of one document.
#[derive(Debug, PartialEq)]
struct Doc {
    url: String,
    title: Option<String>,
    description: String,
    section: String,
    date: Option<String>,
    issue: Option<u64>,
    issue_title: String,
}

/// A page's documents, or its error's message.
type Reading = Result<Vec<Doc>, String>;

/// (page, rewrite, why the rewrite changes what the page says).
const EXCLUDED: &[(&str, &str, &str)] = &[
    (
        "fixtures/page-dates/markup/hatom-abbr.html",
        "renamed",
        "`published` is hAtom's word for the post's date, not a theme's class name: renamed, the page states no date",
    ),
    (
        "fixtures/site-builds/pelican/output/issues/",
        "renamed",
        "Pelican dates a post by hAtom's `<abbr class=\"published\">`, not a theme's class name: renamed, the page states no date",
    ),
    (
        "fixtures/html/labels.html",
        "lists as divs",
        "its sections are list items over nested lists (`Emacs Lisp:`): as divs the nesting a reader sees, bullets and indent, is gone",
    ),
];

/// (page, or a folder of pages ending in `/`, rewrite, what a reader sees that the page readers
/// miss): divergences found by the sweep and left open, each still diverging (a fix moves it out
/// of this list).
const GAPS: &[(&str, &str, &str)] = &[
    (
        "fixtures/page-dates/heading/",
        "headings all lowered",
        "the issue's heading is looked for among `<h1>` and `<h2>` only: a page whose top heading is an `<h3>` loses the issue's date, number and title",
    ),
    (
        "fixtures/page-facts/heading-date.html",
        "headings all lowered",
        "the issue's heading is looked for among `<h1>` and `<h2>` only: as an `<h3>` under the site's `<h1>`, the site's name titles the issue",
    ),
    (
        "fixtures/html/families-2/sponsor-div.html",
        "headings all lowered",
        "a bold label (`Sponsored`) is a heading of level 2 whatever the page's headings are: over `<h3>` sections it takes the entries under them",
    ),
    (
        "fixtures/html/templates/toc-anchors.html",
        "headings all lowered",
        "a bold label (`In this issue`) is a heading of level 2 whatever the page's headings are: over `<h3>` sections it joins their names",
    ),
];

/// True when `entry` (a page, or a folder ending in `/`) names `source`.
fn names(entry: &str, source: &str) -> bool {
    match entry.ends_with('/') {
        true => source.starts_with(entry),
        false => source == entry,
    }
}

/// A page fixture: its path from the crate's root, its text and its reading.
struct Page {
    source: String,
    html: String,
    reading: Reading,
}

/// `source`'s bytes read alone, as `parse` reads a page.
fn read(source: &str, bytes: &[u8]) -> Reading {
    backissues::parse::parse_issue(source, bytes)
        .map(|docs| {
            docs.into_iter()
                .map(|doc| Doc {
                    url: doc.url,
                    title: doc.title,
                    description: doc.description,
                    section: doc.section,
                    date: doc.date.map(|date| date.to_string()),
                    issue: doc.issue,
                    issue_title: doc.issue_title,
                })
                .collect()
        })
        .map_err(|err| err.to_string())
}

/// Every `.html` or `.htm` file under `dir`, sorted.
fn html_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            html_files(&path, out);
        } else if path
            .extension()
            .is_some_and(|ext| ext == "html" || ext == "htm")
        {
            out.push(path);
        }
    }
}

/// A page's text for the rewrites: a page in windows-1252 (the one charset of the fixtures
/// besides UTF-8) decoded and declared UTF-8, which must change nothing either.
fn utf8(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252
            .decode(bytes)
            .0
            .replace("charset=\"windows-1252\"", "charset=\"utf-8\""),
    }
}

/// The listing pages of the site-build fixtures (home, archive, tags, pagination, 404): in a
/// run they give no documents (their links lead to the build's own pages, which the pipeline's
/// own-pages rule drops, and a page read alone does not), so the sweep reads the builds' issue
/// pages only.
const LISTING_PAGES: &[&str] = &[
    "fixtures/site-builds/hugo/public/404.html",
    "fixtures/site-builds/hugo/public/archive/",
    "fixtures/site-builds/hugo/public/index.html",
    "fixtures/site-builds/hugo/public/page/",
    "fixtures/site-builds/hugo/public/tags/",
    "fixtures/site-builds/jekyll/_site/404.html",
    "fixtures/site-builds/jekyll/_site/about/",
    "fixtures/site-builds/jekyll/_site/archive/",
    "fixtures/site-builds/jekyll/_site/index.html",
    "fixtures/site-builds/jekyll/_site/page2/",
    "fixtures/site-builds/jekyll/_site/tag/",
    "fixtures/site-builds/pelican/output/404.html",
    "fixtures/site-builds/pelican/output/archives.html",
    "fixtures/site-builds/pelican/output/author/",
    "fixtures/site-builds/pelican/output/category/",
    "fixtures/site-builds/pelican/output/index.html",
    "fixtures/site-builds/pelican/output/index2.html",
    "fixtures/site-builds/pelican/output/tag/",
];

/// Every page fixture, read once for every rewrite's test.
fn pages() -> &'static [Page] {
    static PAGES: OnceLock<Vec<Page>> = OnceLock::new();
    PAGES.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        html_files(&root.join("fixtures"), &mut files);
        files
            .into_iter()
            .map(|path| path.strip_prefix(root).unwrap().display().to_string())
            .filter(|source| !LISTING_PAGES.iter().any(|listing| names(listing, source)))
            .map(|source| {
                let path = root.join(&source);
                let bytes = std::fs::read(&path).unwrap();
                let reading = read(&source, &bytes);
                let html = utf8(&bytes);
                Page {
                    source,
                    html,
                    reading,
                }
            })
            .collect()
    })
}

/// The first place two readings part, told for a failure message.
fn first_difference(before: &Reading, after: &Reading) -> String {
    let (Ok(before), Ok(after)) = (before, after) else {
        return format!("{before:?}\n    now {after:?}");
    };
    let differing = before.iter().zip(after).position(|(a, b)| a != b);
    match differing {
        Some(at) => format!("document {at}: {:?}\n    now {:?}", before[at], after[at]),
        None => format!("{} documents, now {}", before.len(), after.len()),
    }
}

/// Runs the rewrite named `name` over every page: no reading moves but the excluded ones, and
/// each exclusion of one page (not a folder's) still moves its reading.
fn sweep(name: &str) {
    let (_, rewrite): &Rewrite = SWEEP.iter().find(|(n, _)| *n == name).unwrap();
    let mut moved = Vec::new();
    for page in pages() {
        let after = read(&page.source, rewrite(&page.html).as_bytes());
        let entry = EXCLUDED
            .iter()
            .chain(GAPS)
            .find(|&&(entry, how, _)| names(entry, &page.source) && how == name);
        match (after == page.reading, entry) {
            (false, None) => moved.push(format!(
                "{}: {}",
                page.source,
                first_difference(&page.reading, &after)
            )),
            (true, Some((entry, ..))) if !entry.ends_with('/') => {
                moved.push(format!("{}: excluded, but reads the same", page.source))
            }
            _ => {}
        }
    }

    assert!(
        moved.is_empty(),
        "{name}: {} of {} pages\n{}",
        moved.len(),
        pages().len(),
        moved.join("\n")
    );
}

/// A test per rewrite, so they run side by side.
macro_rules! sweeps {
    ($($test:ident: $name:literal,)*) => {
        $(
            #[test]
            fn $test() {
                sweep($name);
            }
        )*

        /// Every rewrite of the sweep has its test.
        #[test]
        fn every_rewrite_is_swept() {
            let tested = [$($name),*];
            let all: Vec<&str> = SWEEP.iter().map(|(name, _)| *name).collect();
            assert_eq!(tested.to_vec(), all);
        }
    };
}

sweeps! {
    renamed: "renamed",
    wrapped: "wrapped",
    one_line: "one line",
    reindented: "re-indented",
    divs_as_tables: "divs as tables",
    spaced: "spaced",
    bold_swapped: "bold swapped",
    attributes_reversed: "attributes reversed",
    single_quoted: "single-quoted",
    unquoted: "unquoted",
    upper_case_tags: "upper-case tags",
    crlf: "crlf",
    sections_as_divs: "sections as divs",
    in_article: "in an article",
    bold_as_style: "bold as style",
    lists_as_divs: "lists as divs",
    entities: "entities",
    non_breaking: "non-breaking spaces",
    commented: "commented",
    blank_between_blocks: "blank lines between blocks",
    voids_closed: "voids closed",
    optional_ends_dropped: "optional end tags dropped",
    in_form: "in a form",
    in_layout_table: "in a layout table",
    centered: "centered",
    paragraphs_as_divs: "paragraphs as divs",
    header_as_div: "header as div",
    italics_swapped: "italics swapped",
    link_text_in_spans: "link text in spans",
    links_targeted: "links targeted",
    ids_added: "ids added",
    headings_lowered: "headings lowered",
    headings_all_lowered: "headings all lowered",
    hrefs_padded: "hrefs padded",
    hidden_furniture: "hidden furniture",
    scripts_between_blocks: "scripts between blocks",
    icons_in_links: "icons in links",
    heading_anchors: "heading anchors",
    heading_permalinks: "heading permalinks",
    crlf_upper_unquoted: "crlf, upper-case, unquoted",
}

/// Every page fixture is swept, and each one is read: most into documents (the crawl's
/// archive, tag and subscribe pages, relative links without a base, into none).
#[test]
fn every_page_fixture_is_read() {
    let pages = pages();
    let read = pages.iter().filter(|page| page.reading.is_ok()).count();
    let with_documents = pages
        .iter()
        .filter(|page| page.reading.as_ref().is_ok_and(|docs| !docs.is_empty()))
        .count();
    assert!(pages.len() >= 273, "{} pages", pages.len());
    assert_eq!(read, pages.len());
    assert!(
        with_documents >= 250,
        "{with_documents} pages with documents"
    );
}
