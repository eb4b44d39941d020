//! The own-pages rule end to end (fixtures/site-builds/: a static site build of a newsletter in
//! three generators' shapes, each with issue pages, a home page, an archive, tag or category
//! pages, pagination, a 404 page and a feed): links to the build's own pages (cards, archive
//! rows, pagination, prev/next, a 404's home link) are navigation, not documents, so `parse DIR`
//! and `ingest DIR` give the issues' entries only.
//!
//! - `hugo/public/`: page bundles, absolute permalinks, no canonical (the site's host is its
//!   banner's home link; the 404 page has a canonical);
//! - `jekyll/_site/`: `/YYYY/MM/DD/slug.html` posts, root-relative links resolved against
//!   `<link rel="canonical">`, prev/next links under each post;
//! - `pelican/output/`: `.html` files, not folders (`issues/issue-1.html`, `tag/tools.html`,
//!   `index2.html`), relative links (`../issues/…`) resolved against `og:url`.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

mod common;

/// The issues' entries of the Hugo-like build, as (source, url, position): the link to another
/// newsletter's issue whose path (`/posts/issue-3/`) is also one of this build's is kept.
const HUGO: [Doc; 9] = [
    (
        "public/posts/issue-1/index.html",
        "https://queues.example.com/backpressure",
        1,
    ),
    (
        "public/posts/issue-1/index.html",
        "https://blog.example.org/retry-storms",
        2,
    ),
    (
        "public/posts/issue-1/index.html",
        "https://github.com/example/qstat",
        3,
    ),
    (
        "public/posts/issue-2/index.html",
        "https://tracing.example.net/sampling",
        1,
    ),
    (
        "public/posts/issue-2/index.html",
        "https://github.com/example/spanview",
        2,
    ),
    (
        "public/posts/issue-3/index.html",
        "https://eng.example.com/idempotency",
        1,
    ),
    (
        "public/posts/issue-3/index.html",
        "https://github.com/example/tracetail",
        2,
    ),
    (
        "public/posts/issue-4/index.html",
        "https://sre.example.com/blameless",
        1,
    ),
    (
        "public/posts/issue-4/index.html",
        "https://otherdigest.example/posts/issue-3/",
        2,
    ),
];

/// The issues' entries of the Jekyll-like build: each post's prev/next links are gone.
const JEKYLL: [Doc; 6] = [
    (
        "_site/2024/05/06/issue-1.html",
        "https://cache.example.org/remote-caches",
        1,
    ),
    (
        "_site/2024/05/06/issue-1.html",
        "https://blog.example.net/hermetic",
        2,
    ),
    (
        "_site/2024/05/13/issue-2.html",
        "https://testing.example.com/flaky",
        1,
    ),
    (
        "_site/2024/05/13/issue-2.html",
        "https://github.com/example/retest",
        2,
    ),
    (
        "_site/2024/05/20/issue-3.html",
        "https://scale.example.io/monorepo",
        1,
    ),
    (
        "_site/2024/05/20/issue-3.html",
        "https://blog.example.net/sparse-checkout",
        2,
    ),
];

/// The issues' entries of the Pelican-like build.
const PELICAN: [Doc; 5] = [
    (
        "output/issues/issue-1.html",
        "https://parsing.example.org/pratt",
        1,
    ),
    (
        "output/issues/issue-1.html",
        "https://github.com/example/tinyparse",
        2,
    ),
    (
        "output/issues/issue-2.html",
        "https://linkers.example.com/lld",
        1,
    ),
    (
        "output/issues/issue-3.html",
        "https://debug.example.com/rr",
        1,
    ),
    (
        "output/issues/issue-3.html",
        "https://blog.example.org/dwarf",
        2,
    ),
];

/// A document as (source, url, position).
type Doc = (&'static str, &'static str, u64);

/// A site build: its folder below fixtures/site-builds/, its root, its documents, and its pages
/// that give none (listing pages, 404, feed, a tags index).
struct Build {
    name: &'static str,
    root: &'static str,
    docs: &'static [Doc],
    empty: &'static [&'static str],
}

const BUILDS: [Build; 3] = [
    Build {
        name: "hugo",
        root: "public",
        docs: &HUGO,
        empty: &[
            "public/404.html",
            "public/archive/index.html",
            "public/index.html",
            "public/index.xml",
            "public/page/2/index.html",
            "public/tags/index.html",
            "public/tags/ops/index.html",
        ],
    },
    Build {
        name: "jekyll",
        root: "_site",
        docs: &JEKYLL,
        empty: &[
            "_site/404.html",
            "_site/about/index.html",
            "_site/archive/index.html",
            "_site/feed.xml",
            "_site/index.html",
            "_site/page2/index.html",
            "_site/tag/testing/index.html",
        ],
    },
    Build {
        name: "pelican",
        root: "output",
        docs: &PELICAN,
        empty: &[
            "output/404.html",
            "output/archives.html",
            "output/author/ana.html",
            "output/category/newsletter.html",
            "output/feeds/all.atom.xml",
            "output/index.html",
            "output/index2.html",
            "output/tag/tools.html",
        ],
    },
];

fn build_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/site-builds")
        .join(name)
}

/// Runs backissues in `dir`: (exit code, stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::cargo_bin("backissues")
        .unwrap()
        .current_dir(dir)
        .env_remove("BACKISSUES_INDEX")
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn owned(expected: &[(&str, &str, u64)]) -> Vec<(String, String, u64)> {
    expected
        .iter()
        .map(|(source, url, position)| (source.to_string(), url.to_string(), *position))
        .collect()
}

/// The lines `parse` writes for pages that gave nothing, in walk order.
fn no_links(pages: &[&str]) -> String {
    pages
        .iter()
        .map(|page| format!("backissues: {page}: no links found\n"))
        .collect()
}

#[test]
fn a_site_build_gives_its_issues_entries_and_no_listing_page_documents() {
    for Build {
        name,
        root,
        docs: expected,
        empty,
    } in BUILDS
    {
        let (code, out, err) = run(&build_dir(name), &["parse", root]);
        assert_eq!(code, 0, "{name}: {err}");
        assert_eq!(
            common::source_url_positions(&out),
            owned(expected),
            "{name}"
        );
        let err: String = err
            .lines()
            .filter(|line| !line.contains("no issue date found"))
            .map(|line| format!("{line}\n"))
            .collect();
        assert_eq!(err, no_links(empty), "{name}");
    }
}

#[test]
fn a_page_parsed_alone_from_its_own_folder_agrees_with_its_build() {
    for Build {
        name,
        docs: expected,
        empty,
        ..
    } in BUILDS
    {
        let dir = build_dir(name);
        let mut alone = Vec::new();
        for page in expected
            .iter()
            .map(|row| row.0)
            .chain(empty.iter().copied())
        {
            let path = dir.join(page);
            let file = path.file_name().unwrap().to_str().unwrap();
            let (code, out, _) = run(path.parent().unwrap(), &["parse", file]);
            let docs = common::source_url_positions(&out);
            assert_eq!(code, if docs.is_empty() { 1 } else { 0 }, "{page}");
            alone.extend(
                docs.into_iter()
                    .map(|(_, url, position)| (page, url, position)),
            );
        }
        alone.sort();
        alone.dedup();
        let mut whole: Vec<(&str, String, u64)> = expected
            .iter()
            .map(|(page, url, position)| (*page, url.to_string(), *position))
            .collect();
        whole.sort();
        assert_eq!(alone, whole, "{name}");
    }
}

#[test]
fn ingest_of_a_site_build_exits_0_with_the_issues_entries() {
    for Build {
        name,
        root,
        docs: expected,
        empty,
    } in BUILDS
    {
        let index = tempfile::tempdir().unwrap();
        let index = index.path().join("index");
        let index = index.to_str().unwrap();
        let dry = [
            "--index",
            index,
            "ingest",
            "--dry-run",
            "--format",
            "jsonl",
            root,
        ];
        let (code, out, _) = run(&build_dir(name), &dry);
        assert_eq!(code, 0, "{name}");
        assert_eq!(
            common::source_url_positions(&out),
            owned(expected),
            "{name}"
        );
        let (code, _, err) = run(&build_dir(name), &["--index", index, "ingest", root]);
        assert_eq!(code, 0, "{name}: {err}");
        let stored = format!("; {} link documents now in the index", expected.len());
        assert!(err.contains(&stored), "{name}: {err}");
        let pages = empty.iter().filter(|page| !page.ends_with(".xml"));
        for page in pages {
            let line = format!("backissues: warning: {page}: no links found; nothing to index");
            assert!(err.contains(&line), "{name}: {page}: {err}");
        }
    }
}

#[test]
fn a_link_leaves_only_for_a_page_of_the_build_on_the_sites_own_host() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    fs::create_dir_all(site.join("posts")).unwrap();
    fs::write(site.join("index.html"), "<p>home</p>").unwrap();
    fs::write(site.join("posts/a.html"), "<p>a</p>").unwrap();
    let links = [
        "https://other.example/posts/a.html",
        "https://mine.example/posts/a.html",
        "https://mine.example/posts/missing.html",
        "https://mine.example/files/deck.pdf",
        "https://mine.example/",
    ];
    let items: String = links
        .iter()
        .enumerate()
        .map(|(n, url)| format!("<li><a href=\"{url}\">Entry number {n}</a> about queues.</li>\n"))
        .collect();
    let page = format!(
        "<html><head><title>Issue 2</title>\
         <link rel=\"canonical\" href=\"https://mine.example/posts/b.html\"></head>\
         <body><h1>Issue 2</h1><time datetime=\"2024-01-08\">Jan 8</time>\
         <h2>Reading</h2><ul>\n{items}</ul></body></html>"
    );
    fs::write(site.join("posts/b.html"), page).unwrap();
    let (code, out, err) = run(tmp.path(), &["parse", "site/posts/b.html"]);
    assert_eq!(code, 0, "{err}");
    let urls: Vec<(String, u64)> = common::source_url_positions(&out)
        .into_iter()
        .map(|(_, url, position)| (url, position))
        .collect();
    assert_eq!(
        urls,
        [
            ("https://other.example/posts/a.html".to_string(), 1),
            ("https://mine.example/posts/missing.html".to_string(), 2),
            ("https://mine.example/files/deck.pdf".to_string(), 3),
        ]
    );
}
