//! The folder rule end to end (fixtures/site-folder/: five pages of one site in five markups,
//! divs, tables, lists, one-line inline styles, wrappers): links on at least half of a folder's
//! pages (and three of them) are the site's and no page's documents, even set in the body as an
//! entry (the job board link, which no rule of one page could tell from an article); `parse DIR`,
//! `parse FILE` and `ingest DIR` agree, and an incremental ingest ends where a rebuild would.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use backissues::index::documents::LinkReader;
use backissues::index::open_existing;
use backissues::index::schema::IndexFields;
use tantivy::DocAddress;
use tempfile::TempDir;

mod common;

const PAGES: [&str; 5] = [
    "2019-02-04-issue-1.html",
    "2019-02-11-issue-2.html",
    "2019-02-18-issue-3.html",
    "2019-02-25-issue-4.html",
    "2019-03-04-issue-5.html",
];

/// (source, url) of every document the five pages give: the site's nav, subscribe, Twitter and
/// feed links and its job board are gone; the article link two pages share is kept on both.
const EXPECTED: [(&str, &str); 8] = [
    (
        "pages/2019-02-04-issue-1.html",
        "https://blog.example.org/canary-releases",
    ),
    (
        "pages/2019-02-04-issue-1.html",
        "https://shared.example/kept-article",
    ),
    (
        "pages/2019-02-11-issue-2.html",
        "https://github.com/example/queue-depth",
    ),
    (
        "pages/2019-02-11-issue-2.html",
        "https://shared.example/kept-article",
    ),
    (
        "pages/2019-02-18-issue-3.html",
        "https://engineering.example.com/postmortems",
    ),
    (
        "pages/2019-02-18-issue-3.html",
        "https://engineering.example.com/on-call",
    ),
    (
        "pages/2019-02-25-issue-4.html",
        "https://postgres.example.com/vacuum",
    ),
    (
        "pages/2019-03-04-issue-5.html",
        "https://security.example.net/secrets-rotation",
    ),
];

/// A temp dir with `pages/` holding the named fixture pages.
fn folder(pages: &[&str]) -> TempDir {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir(tmp.path().join("pages")).unwrap();
    copy(&tmp, pages);
    tmp
}

fn copy(tmp: &TempDir, pages: &[&str]) {
    for page in pages {
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/site-folder")
            .join(page);
        fs::copy(from, tmp.path().join("pages").join(page)).unwrap();
    }
}

fn backissues(tmp: &TempDir, args: &[&str]) -> (String, String) {
    let output = Command::cargo_bin("backissues")
        .unwrap()
        .current_dir(tmp.path())
        .env_remove("BACKISSUES_INDEX")
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    (String::from_utf8(output.stdout).unwrap(), stderr)
}

fn expected() -> Vec<(String, String)> {
    EXPECTED
        .iter()
        .map(|(source, url)| (source.to_string(), url.to_string()))
        .collect()
}

fn without_positions(rows: Vec<(String, String, u64)>) -> Vec<(String, String)> {
    rows.into_iter().map(|(s, u, _)| (s, u)).collect()
}

/// (source, url) of every stored document, sorted.
fn stored(tmp: &TempDir) -> Vec<(String, String)> {
    let index = open_existing(&tmp.path().join("index")).unwrap();
    let fields = IndexFields::new(&index.schema()).unwrap();
    let searcher = index.reader().unwrap().searcher();
    let mut links = LinkReader::new(&searcher, &fields);
    let mut docs = Vec::new();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        for doc in segment.doc_ids_alive() {
            let address = DocAddress::new(u32::try_from(ord).unwrap(), doc);
            let doc = links.get(address).unwrap();
            docs.push((doc.source, doc.url));
        }
    }
    docs.sort();
    docs
}

#[test]
fn links_most_pages_share_are_the_sites_and_an_article_two_share_is_kept() {
    let tmp = folder(&PAGES);
    let (out, stderr) = backissues(&tmp, &["parse", "pages"]);
    assert_eq!(stderr, "");
    let rows = common::source_url_positions(&out);
    let positions: Vec<u64> = rows.iter().map(|row| row.2).collect();
    assert_eq!(positions, [1, 2, 1, 2, 1, 2, 1, 1]);
    assert_eq!(without_positions(rows), expected());
}

#[test]
fn one_page_parsed_alone_is_compared_with_its_folder() {
    let tmp = folder(&PAGES);
    let (out, _) = backissues(&tmp, &["parse", "pages/2019-02-11-issue-2.html"]);
    assert_eq!(
        without_positions(common::source_url_positions(&out)),
        expected()[2..4]
    );
}

#[test]
fn ingest_indexes_what_parse_prints() {
    let tmp = folder(&PAGES);
    let (out, _) = backissues(
        &tmp,
        &[
            "--index",
            "index",
            "ingest",
            "--dry-run",
            "--format",
            "jsonl",
            "pages",
        ],
    );
    assert_eq!(
        without_positions(common::source_url_positions(&out)),
        expected()
    );
    backissues(&tmp, &["--index", "index", "ingest", "pages"]);
    let mut sorted = expected();
    sorted.sort();
    assert_eq!(stored(&tmp), sorted);
}

#[test]
fn an_incremental_ingest_ends_where_a_rebuild_would() {
    let tmp = folder(&PAGES[..2]);
    backissues(&tmp, &["--index", "index", "ingest", "pages"]);
    // Two pages: too few for the rule, the job board in their bodies is kept.
    let jobs = |docs: &[(String, String)]| {
        docs.iter()
            .filter(|(_, url)| url == "https://weekly.example/jobs")
            .count()
    };
    assert_eq!(stored(&tmp).len(), 6);
    assert_eq!(jobs(&stored(&tmp)), 2);
    copy(&tmp, &PAGES[2..]);
    let (_, stderr) = backissues(&tmp, &["--index", "index", "ingest", "pages"]);
    assert!(
        stderr.contains("3 issues added, 2 replaced, 0 unchanged"),
        "{stderr}"
    );
    let mut sorted = expected();
    sorted.sort();
    assert_eq!(stored(&tmp), sorted);
    let (_, stderr) = backissues(&tmp, &["--index", "index", "ingest", "pages"]);
    assert!(stderr.contains("0 replaced, 5 unchanged"), "{stderr}");
}

#[test]
fn markdown_in_the_folder_keeps_every_link() {
    let tmp = folder(&PAGES);
    let note = "---\ndate: 2019-03-05\n---\n# Notes\n\n- [The job board](https://weekly.example/jobs): teams hiring.\n- [The archive](https://weekly.example/archive): every issue.\n";
    fs::write(tmp.path().join("pages/2019-03-05-notes.md"), note).unwrap();
    let (out, _) = backissues(&tmp, &["parse", "pages/2019-03-05-notes.md"]);
    let urls: Vec<String> = common::source_url_positions(&out)
        .into_iter()
        .map(|row| row.1)
        .collect();
    assert_eq!(
        urls,
        [
            "https://weekly.example/jobs",
            "https://weekly.example/archive"
        ]
    );
}
