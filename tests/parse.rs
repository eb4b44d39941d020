//! End-to-end tests of `backissues parse`: the real binary on the fixture files (copied into a
//! temporary folder), checking the JSON Lines it prints, its exit codes and its messages.

use std::collections::BTreeMap;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

const FIXTURES: &str = env!("CARGO_MANIFEST_DIR");

/// Copies `fixtures/<rel>` into a fresh temporary folder under the same relative path.
fn copy_fixtures(rels: &[&str]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for rel in rels {
        let from = Path::new(FIXTURES).join("fixtures").join(rel);
        let to = dir.path().join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&from, &to).unwrap();
    }
    dir
}

/// Runs `backissues parse <args>` in `dir`; returns exit code, stdout documents and stderr.
fn parse_in(dir: &Path, args: &[&str]) -> (i32, Vec<Value>, String) {
    let output = Command::cargo_bin("backissues")
        .unwrap()
        .current_dir(dir)
        .arg("parse")
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let docs = stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let stderr = String::from_utf8(output.stderr).unwrap();
    (output.status.code().unwrap(), docs, stderr)
}

/// Parses one fixture (relative to `fixtures/`) and returns its documents; the run must succeed.
fn parse_fixture(rel: &str) -> Vec<Value> {
    let dir = copy_fixtures(&[rel]);
    let (code, docs, stderr) = parse_in(dir.path(), &[rel]);
    assert_eq!(code, 0, "stderr: {stderr}");
    assert_eq!(stderr, "");
    docs
}

fn section_counts(docs: &[Value]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for doc in docs {
        *counts
            .entry(doc["section"].as_str().unwrap().to_string())
            .or_insert(0) += 1;
    }
    counts
}

fn counts(pairs: &[(&str, usize)]) -> BTreeMap<String, usize> {
    pairs.iter().map(|(s, n)| (s.to_string(), *n)).collect()
}

fn doc_with_url<'a>(docs: &'a [Value], url: &str) -> &'a Value {
    docs.iter()
        .find(|doc| doc["url"] == url)
        .unwrap_or_else(|| panic!("no document for {url}"))
}

#[test]
fn seed_515_counts_and_fields() {
    let docs = parse_fixture("devopsweekly/2020-11-08-issue-515.md");
    assert_eq!(
        section_counts(&docs),
        counts(&[("sponsor", 1), ("news", 7), ("events", 1), ("books", 1)])
    );
    let doc = doc_with_url(
        &docs,
        "https://mhausenblas.medium.com/reminiscing-control-theory-and-the-future-of-observability-ba947f6da7b0",
    );
    assert_eq!(doc["domain"], "mhausenblas.medium.com");
    assert_eq!(doc["section"], "news");
    assert_eq!(doc["section_title"], "News");
    assert_eq!(doc["date"], "2020-11-08");
    assert_eq!(doc["year"], 2020);
    assert_eq!(doc["issue"], 515);
    assert_eq!(
        doc["issue_title"],
        "DEVOPS WEEKLY ISSUE #515 - 8th November 2020"
    );
    assert_eq!(doc["title"], Value::Null);
    assert_eq!(
        doc["description"],
        "A quick look at the future of OpenTelemetry and the place of open standards in advancing the state of the art of the observability and monitoring tool."
    );
    assert_eq!(doc["source"], "devopsweekly/2020-11-08-issue-515.md");
    assert_eq!(doc["position"], 5);
    let sponsor = &docs[0];
    assert_eq!(sponsor["url"], "https://sthwk.com/app-sec-in-pipeline");
    assert_eq!(sponsor["section"], "sponsor");
    assert_eq!(sponsor["section_title"], "StackHawk sponsors Devops Weekly");
    let positions: Vec<u64> = docs
        .iter()
        .map(|d| d["position"].as_u64().unwrap())
        .collect();
    assert_eq!(positions, (1..=10).collect::<Vec<_>>());
}

#[test]
fn seed_498_two_link_item_shares_its_description() {
    let docs = parse_fixture("devopsweekly/2020-07-12-issue-498.md");
    assert_eq!(
        section_counts(&docs),
        counts(&[("sponsor", 1), ("news", 9), ("tools", 2)])
    );
    let first = doc_with_url(
        &docs,
        "https://choria.io/blog/post/2020/07/02/choria_scout/",
    );
    let second = doc_with_url(
        &docs,
        "https://choria.io/blog/post/2020/07/03/scout_components/",
    );
    let description = "A new Choria subproject called Scout, focused on components for building system health monitoring systems.";
    assert_eq!(first["description"], description);
    assert_eq!(second["description"], description);
    assert_eq!(first["domain"], "choria.io");
    assert_eq!(
        (first["position"].as_u64(), second["position"].as_u64()),
        (Some(9), Some(10))
    );
    assert_eq!(
        doc_with_url(&docs, "https://www.env0.com/devops-pull-requests")["domain"],
        "env0.com"
    );
}

#[test]
fn seed_519_counts_and_footer_yields_nothing() {
    let docs = parse_fixture("devopsweekly/2020-12-06-issue-519.md");
    assert_eq!(
        section_counts(&docs),
        counts(&[("sponsor", 1), ("news", 7), ("tools", 4)])
    );
    assert!(docs.iter().all(|d| d["url"] != "http://devopsweekly.com"));
    assert!(docs.iter().all(|d| !d["description"]
        .as_str()
        .unwrap()
        .contains("received this email")));
    let replicate = doc_with_url(&docs, "https://github.com/replicate/replicate");
    assert_eq!(replicate["section"], "tools");
    assert!(replicate["description"]
        .as_str()
        .unwrap()
        .starts_with("Replicate is a new tool"));
}

#[test]
fn seed_482_repeated_sponsor_stays_sponsor() {
    let docs = parse_fixture("devopsweekly/2020-03-22-issue-482.md");
    assert_eq!(
        section_counts(&docs),
        counts(&[("sponsor", 1), ("news", 7), ("tools", 3)])
    );
    let sponsor = doc_with_url(
        &docs,
        "https://go.victorops.com/devopsweekly-data-and-automation-for-remote-teams",
    );
    assert_eq!(sponsor["section"], "sponsor");
    assert_eq!(sponsor["section_title"], "From our sponsor, VictorOps");
    assert_eq!(sponsor["position"], 1);
}

#[test]
fn seed_435_kiali_nemu_split_events_and_sponsor() {
    let docs = parse_fixture("devopsweekly/2019-04-28-issue-435.md");
    assert_eq!(
        section_counts(&docs),
        counts(&[("sponsor", 1), ("news", 7), ("tools", 5), ("events", 3)])
    );
    let kiali = doc_with_url(&docs, "https://github.com/kiali");
    assert_eq!(
        kiali["description"],
        "Kiali provides observability of services within Istio, showing a useful visualisation of the service topology and individual service metrics."
    );
    assert_eq!(
        doc_with_url(&docs, "https://www.kiali.io/")["domain"],
        "kiali.io"
    );
    let nemu = doc_with_url(&docs, "https://github.com/intel/nemu");
    assert!(nemu["description"]
        .as_str()
        .unwrap()
        .starts_with("NEMU is a new hypervisor"));
    assert_eq!(nemu["section"], "tools");
    let sponsor = doc_with_url(
        &docs,
        "http://try.victorops.com/devopsweekly/why-devops-matters-guide",
    );
    assert_eq!(sponsor["section"], "sponsor");
    let workshop = doc_with_url(
        &docs,
        "https://www.eventbrite.com/e/workshop-your-path-to-production-ready-kubernetes-tickets-59200887448",
    );
    assert!(workshop["description"]
        .as_str()
        .unwrap()
        .starts_with("Your path to production ready Kubernetes This workshop is for"));
    assert_eq!(workshop["section"], "events");
    assert_eq!(docs.len(), 16);
}

#[test]
fn all_seeds_in_one_run() {
    let rels: Vec<String> = std::fs::read_dir(Path::new(FIXTURES).join("fixtures/devopsweekly"))
        .unwrap()
        .map(|e| format!("devopsweekly/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    let rels: Vec<&str> = rels.iter().map(String::as_str).collect();
    let dir = copy_fixtures(&rels);
    let (code, docs, _) = parse_in(dir.path(), &rels);
    assert_eq!(code, 0);
    assert_eq!(docs.len(), 10 + 12 + 12 + 11 + 16);
}

#[test]
fn non_utf8_file_is_an_error_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.md"),
        b"---\ndate: 2020-01-01\n---\nok\n\xff\xfe\n",
    )
    .unwrap();
    let (code, docs, stderr) = parse_in(dir.path(), &["bad.md"]);
    assert_eq!(code, 2);
    assert!(docs.is_empty());
    assert_eq!(
        stderr,
        "backissues: bad.md:5: not UTF-8 text; convert the file to UTF-8 (e.g. with iconv)\n"
    );
}

#[test]
fn failing_file_does_not_stop_the_others() {
    let dir = copy_fixtures(&["devopsweekly/2020-11-08-issue-515.md"]);
    std::fs::write(
        dir.path().join("undated.md"),
        "# News\n\nA post.\nhttps://a.io\n",
    )
    .unwrap();
    let (code, docs, stderr) = parse_in(
        dir.path(),
        &["undated.md", "devopsweekly/2020-11-08-issue-515.md"],
    );
    assert_eq!(code, 2);
    assert_eq!(docs.len(), 10);
    assert_eq!(
        stderr,
        "backissues: undated.md: no issue date found in front matter, headers or file name; add a `date: YYYY-MM-DD` line\n"
    );
}
