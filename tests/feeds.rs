//! End-to-end tests of feeds (fixtures/feeds/): each entry is an issue with its own source, and
//! re-ingesting a feed that grew adds only its new entries.

use std::path::Path;

use serde_json::Value;

mod common;

const CRATE_DIR: &str = env!("CARGO_MANIFEST_DIR");

fn backissues(dir: &Path, args: &[&str]) -> (i32, String, String) {
    common::run_in(dir, args)
}

fn copy_fixture(dir: &Path, name: &str, to: &str) {
    std::fs::create_dir_all(dir.join(to).parent().unwrap()).unwrap();
    std::fs::copy(
        Path::new(CRATE_DIR).join("fixtures/feeds").join(name),
        dir.join(to),
    )
    .unwrap();
}

fn docs(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// (source, issue, date, section, url) of each document.
fn rows(docs: &[Value]) -> Vec<(String, Option<u64>, String, String, String)> {
    docs.iter()
        .map(|d| {
            (
                d["source"].as_str().unwrap().to_string(),
                d["issue"].as_u64(),
                d["date"].as_str().unwrap_or_default().to_string(),
                d["section"].as_str().unwrap().to_string(),
                d["url"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn row(
    source: &str,
    issue: Option<u64>,
    date: &str,
    section: &str,
    url: &str,
) -> (String, Option<u64>, String, String, String) {
    (
        source.into(),
        issue,
        date.into(),
        section.into(),
        url.into(),
    )
}

#[test]
fn an_rss_feed_with_content_encoded_is_one_issue_per_item() {
    let dir = tempfile::tempdir().unwrap();
    copy_fixture(dir.path(), "rss2.xml", "feeds/rss2.xml");
    let (code, stdout, stderr) = backissues(dir.path(), &["parse", "feeds/rss2.xml"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    let docs = docs(&stdout);
    assert_eq!(
        rows(&docs),
        [
            row(
                "feeds/rss2.xml#notes-7",
                Some(7),
                "2020-11-02",
                "news",
                "https://www.example.com/envoy-control-plane"
            ),
            row(
                "feeds/rss2.xml#notes-7",
                Some(7),
                "2020-11-02",
                "news",
                "https://istio.example.io/blog/ambient"
            ),
            row(
                "feeds/rss2.xml#notes-7",
                Some(7),
                "2020-11-02",
                "tools",
                "https://github.com/example/meshctl"
            ),
            row(
                "feeds/rss2.xml#notes-6",
                Some(6),
                "2020-10-26",
                "news",
                "https://blog.example.org/operator-patterns"
            ),
            row(
                "feeds/rss2.xml#notes-6",
                Some(6),
                "2020-10-26",
                "news",
                "https://kube.example.io/crd-versioning"
            ),
        ]
    );
    assert_eq!(docs[0]["title"], "Building an Envoy control plane");
    assert_eq!(
        docs[0]["description"],
        "A step by step guide to xDS with a small Go server."
    );
    assert_eq!(docs[0]["issue_title"], "Issue 7: Service meshes, again");
    assert_eq!(docs[0]["newsletter"], "Cloud Native Notes");
    assert_eq!(docs[3]["position"], 1);
}

#[test]
fn a_json_feed_and_an_atom_feed_are_read_like_rss() {
    let dir = tempfile::tempdir().unwrap();
    copy_fixture(dir.path(), "feed.json", "f/feed.json");
    copy_fixture(dir.path(), "atom.xml", "f/atom.xml");
    let (code, stdout, _) = backissues(dir.path(), &["parse", "f/feed.json", "f/atom.xml"]);
    assert_eq!(code, 0);
    let docs = docs(&stdout);
    let json: Vec<_> = rows(&docs).into_iter().take(2).collect();
    assert_eq!(
        json,
        [
            row(
                "f/feed.json#https://fortnight.example.com/issues/12",
                Some(12),
                "2023-01-20",
                "news",
                "https://css.example.com/container-queries"
            ),
            row(
                "f/feed.json#https://fortnight.example.com/issues/12",
                Some(12),
                "2023-01-20",
                "news",
                "https://web.example.dev/view-transitions"
            ),
        ]
    );
    assert_eq!(docs[2]["newsletter"], "Ops Digest");
    assert_eq!(docs[2]["issue"], 42);
    assert_eq!(docs.len(), 2 + 5);
}

#[test]
fn an_rdf_feed_of_single_links_files_each_under_its_subject() {
    let dir = tempfile::tempdir().unwrap();
    copy_fixture(dir.path(), "links.rdf", "links.rdf");
    let (code, stdout, _) = backissues(dir.path(), &["parse", "--newsletter", "roll", "links.rdf"]);
    assert_eq!(code, 0);
    let docs = docs(&stdout);
    assert_eq!(
        rows(&docs),
        [
            row(
                "links.rdf#https://postgres.example.com/vacuum-explained",
                None,
                "2022-05-04",
                "databases",
                "https://postgres.example.com/vacuum-explained"
            ),
            row(
                "links.rdf#https://rust.example.org/async-closures",
                None,
                "2022-05-05",
                "programming",
                "https://rust.example.org/async-closures"
            ),
        ]
    );
    assert_eq!(docs[0]["newsletter"], "roll");
    assert_eq!(docs[1]["title"], "Async closures are stable");
    assert_eq!(docs[1]["description"], "A tour of the new syntax.");
}

#[test]
fn a_grown_feed_adds_only_its_new_entries_and_an_edited_one_replaces_its_documents() {
    let dir = tempfile::tempdir().unwrap();
    let full =
        std::fs::read_to_string(Path::new(CRATE_DIR).join("fixtures/feeds/rss2.xml")).unwrap();
    let first_item = full.find("  <item>").unwrap();
    let second_item = full[first_item + 1..].find("  <item>").unwrap() + first_item + 1;
    // The older feed: only issue 6.
    let older = format!("{}{}", &full[..first_item], &full[second_item..]);
    std::fs::write(dir.path().join("notes.xml"), &older).unwrap();
    let (code, _, stderr) = backissues(dir.path(), &["--index", "idx", "ingest", "notes.xml"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("1 file read: 1 issue added, 0 replaced, 0 unchanged"),
        "{stderr}"
    );
    assert!(
        stderr.contains("2 link documents now in the index"),
        "{stderr}"
    );

    std::fs::write(dir.path().join("notes.xml"), &full).unwrap();
    let (code, _, stderr) = backissues(dir.path(), &["--index", "idx", "ingest", "notes.xml"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("2 files read: 1 issue added, 0 replaced, 1 unchanged"),
        "{stderr}"
    );
    assert!(
        stderr.contains("5 link documents now in the index"),
        "{stderr}"
    );

    let edited = full.replace("Versioning your CRDs", "Versioning CRDs, revised");
    std::fs::write(dir.path().join("notes.xml"), &edited).unwrap();
    let (code, _, stderr) = backissues(dir.path(), &["--index", "idx", "ingest", "notes.xml"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("2 files read: 0 issues added, 1 replaced, 1 unchanged"),
        "{stderr}"
    );
    assert!(
        stderr.contains("5 link documents now in the index"),
        "{stderr}"
    );

    // Issue 6 rolls off the feed: kept, unless --prune.
    let rolled = format!("{}</channel>\n</rss>\n", &full[..second_item]);
    std::fs::write(dir.path().join("notes.xml"), &rolled).unwrap();
    let (_, _, stderr) = backissues(dir.path(), &["--index", "idx", "ingest", "notes.xml"]);
    assert!(
        stderr.contains("5 link documents now in the index"),
        "{stderr}"
    );
    let (_, _, stderr) = backissues(
        dir.path(),
        &["--index", "idx", "ingest", "--prune", "notes.xml"],
    );
    assert!(
        stderr.contains("3 link documents now in the index"),
        "{stderr}"
    );
    let (code, _, _) = backissues(
        dir.path(),
        &["--index", "idx", "query", "operator", "--format", "json"],
    );
    assert_eq!(code, 1);
}
