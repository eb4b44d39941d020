//! End-to-end tests of `backissues parse`: the real binary on the fixture files (copied into a
//! temporary folder), checking the JSON Lines it prints, its exit codes and its messages.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;
use tempfile::TempDir;

mod common;

const CRATE_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// Copies `fixtures/<rel>` into a fresh temporary folder under the same relative path.
fn copy_fixtures(rels: &[&str]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for rel in rels {
        let from = Path::new(CRATE_DIR).join("fixtures").join(rel);
        let to = dir.path().join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&from, &to).unwrap();
    }
    dir
}

/// Runs `backissues parse <args>` in `dir`; returns exit code, stdout documents and stderr.
fn parse_in(dir: &Path, args: &[&str]) -> (i32, Vec<Value>, String) {
    let (code, stdout, stderr) = common::run_in(dir, &[&["parse"], args].concat());
    (code, common::json_lines(&stdout), stderr)
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
    let rels: Vec<String> = std::fs::read_dir(Path::new(CRATE_DIR).join("fixtures/devopsweekly"))
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
        "backissues: error: bad.md:5: not UTF-8 text; convert the file to UTF-8 (e.g. with iconv)\n"
    );
}

#[test]
fn failing_file_does_not_stop_the_others() {
    let dir = copy_fixtures(&["devopsweekly/2020-11-08-issue-515.md"]);
    std::fs::write(
        dir.path().join("unclosed.md"),
        "---\ntitle: x\n# News\n\nA post.\nhttps://a.io\n",
    )
    .unwrap();
    let (code, docs, stderr) = parse_in(
        dir.path(),
        &["unclosed.md", "devopsweekly/2020-11-08-issue-515.md"],
    );
    assert_eq!(code, 2);
    assert_eq!(docs.len(), 10);
    assert_eq!(
        stderr,
        "backissues: error: unclosed.md:1: front matter opened with `---` is never closed; add a `---` line after it\n"
    );
}

/// (section, url, title, description) of each document, for exact comparisons.
fn rows(docs: &[Value]) -> Vec<(String, String, Option<String>, String)> {
    docs.iter()
        .map(|d| {
            (
                d["section"].as_str().unwrap().to_string(),
                d["url"].as_str().unwrap().to_string(),
                d["title"].as_str().map(str::to_string),
                d["description"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn row(
    section: &str,
    url: &str,
    title: Option<&str>,
    description: &str,
) -> (String, String, Option<String>, String) {
    (
        section.into(),
        url.into(),
        title.map(str::to_string),
        description.into(),
    )
}

#[test]
fn jekyll_issue_with_bare_urls_and_date_in_file_name() {
    let docs = parse_fixture("devopsweekly-2014/2014-11-30-204.markdown");
    let trial = "Acme Cloud gives you hosted build agents for every branch. Start your trial now: http://acme.example.com/trial?ref=devopsweekly.";
    let two = "Two posts on monitoring philosophy, one on alerting and one on dashboards.";
    assert_eq!(
        rows(&docs),
        [
            row("sponsor", "http://acme.example.com/trial?ref=devopsweekly", None, trial),
            row("news", "http://blog.example.org/docker-in-production", None, "A look at running Docker in production, with some hard-won lessons about logging."),
            row("news", "http://monitoring.example.net/alerting", None, two),
            row("news", "http://monitoring.example.net/dashboards", None, two),
            row("news", "http://www.cfgmgmt.example/interview", None, "An interview about the history of configuration management (http://www.cfgmgmt.example/interview), worth a read."),
            row("tools", "https://github.com/mitchellh/packer", None, "Packer builds machine images for multiple platforms from one configuration."),
            row("events", "http://devopsdays.org/events/2015-london/", None, "DevOpsDays London is on the 12th of March."),
        ]
    );
    for doc in &docs {
        assert_eq!(doc["date"], "2014-11-30");
        assert_eq!(doc["issue"], 204);
        assert_eq!(doc["issue_title"], "Issue 204 - 30th November 2014");
    }
    assert_eq!(docs[0]["section_title"], "Sponsored by Acme Cloud");
    assert_eq!(docs[4]["domain"], "cfgmgmt.example");
}

#[test]
fn pelican_issue_with_nested_sections_lists_and_reference_links() {
    let docs = parse_fixture("pelican/weekly-500.md");
    let postgres = "The Postgres team wrote up how they run failover drills, and a follow-up on backup verification.";
    assert_eq!(
        rows(&docs),
        [
            row(
                "intro",
                "https://platform.example.com/blog/500",
                Some("our anniversary post"),
                "Welcome to issue 500! This week: our anniversary post and a round-up below."
            ),
            row(
                "updates/newsletters",
                "https://sreweekly.example.com/400",
                Some("SRE Weekly turns 400"),
                "SRE Weekly turns 400 - a milestone for a fellow newsletter"
            ),
            row(
                "updates/newsletters",
                "https://lastweek.example.org/ops/",
                Some("Last Week in Ops"),
                "Last Week in Ops - a new weekly round-up of operations news"
            ),
            row(
                "updates/events",
                "https://events.example.com/kubecon-paris",
                Some("KubeCon Paris schedule"),
                "KubeCon Paris schedule - the full schedule is out"
            ),
            row(
                "news",
                "https://db.example.com/blog/failover-drills",
                Some("how they run failover drills"),
                postgres
            ),
            row(
                "news",
                "https://db.example.com/blog/backup-verification",
                Some("backup verification"),
                postgres
            ),
            row(
                "tools",
                "https://github.com/derailed/k9s",
                Some("k9s"),
                "k9s: a terminal UI for Kubernetes clusters"
            ),
            row(
                "tools",
                "https://github.com/charmbracelet/gum",
                None,
                "https://github.com/charmbracelet/gum makes shell scripts glamorous"
            ),
            row(
                "tools",
                "https://github.com/casey/just",
                Some("just"),
                "just saves and runs project commands"
            ),
        ]
    );
    assert_eq!(docs[1]["section_title"], "Updates / Newsletters");
    assert_eq!(docs[3]["section_title"], "Updates / Conferences");
    assert_eq!(docs[4]["section_title"], "Articles");
    for doc in &docs {
        assert_eq!(doc["date"], "2023-06-28");
        assert_eq!(doc["year"], 2023);
        assert_eq!(doc["issue"], 500);
        assert_eq!(doc["issue_title"], "The Platform Weekly, No. 500");
    }
}

#[test]
fn plain_text_issue_dated_by_its_title_heading() {
    let docs = parse_fixture("plaintext/ops-digest-12.txt");
    assert_eq!(
        rows(&docs),
        [
            row(
                "news",
                "https://oncall.example.com/burnout",
                None,
                "Why on-call rotations burn people out, and what to do about it"
            ),
            row(
                "news",
                "https://reviews.example.org/readable",
                None,
                "Incident reviews that people actually read."
            ),
            row(
                "jobs",
                "https://jobs.example.com/platform-engineer",
                None,
                "Example Corp is hiring a platform engineer (remote, EU)."
            ),
        ]
    );
    assert_eq!(docs[0]["section_title"], "Reading");
    assert_eq!(docs[0]["date"], "2020-11-08");
    assert_eq!(docs[0]["issue"], 12);
    assert_eq!(
        docs[0]["issue_title"],
        "Ops Digest No. 12 - November 8, 2020"
    );
}

#[test]
fn bad_dates_are_warnings_and_the_links_are_kept_undated() {
    let dir = copy_fixtures(&["bad/no-date.md", "bad/impossible-date.md"]);
    let (code, docs, stderr) = parse_in(dir.path(), &["bad/no-date.md", "bad/impossible-date.md"]);
    assert_eq!(code, 0);
    assert_eq!(docs.len(), 2);
    assert!(docs
        .iter()
        .all(|doc| doc["date"].is_null() && doc["year"].is_null()));
    let no_date = "no issue date found in front matter, headers, title, file name, folders or git history; add a `date: YYYY-MM-DD` line or start the file name with YYYY-MM-DD";
    assert_eq!(
        stderr,
        format!(
            "backissues: warning: bad/no-date.md: {no_date}\n\
             backissues: warning: bad/impossible-date.md:3: `2020-13-45` is not a real date; the issue has no date\n\
             backissues: warning: bad/impossible-date.md: {no_date}\n"
        )
    );
}

#[test]
fn escape_sequences_in_a_file_name_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let (code, docs, stderr) = parse_in(dir.path(), &["evil\x1b[2J\x1b]0;owned\x07.md"]);
    assert_eq!(code, 2);
    assert!(docs.is_empty());
    assert_eq!(
        stderr,
        "backissues: error: evil\u{fffd}[2J\u{fffd}]0;owned\u{fffd}.md: cannot read the file: No such file or directory (os error 2); check the path and that you may read it\n"
    );
}

#[test]
fn a_file_without_links_is_named_and_nothing_found_exits_one() {
    let dir = copy_fixtures(&["devopsweekly/2020-03-22-issue-482.md"]);
    std::fs::write(
        dir.path().join("2020-03-01-about.html"),
        "<html><body><h1>About</h1><p>A weekly letter, no links here.</p></body></html>",
    )
    .unwrap();
    let (code, docs, stderr) = parse_in(dir.path(), &["2020-03-01-about.html"]);
    assert_eq!((code, docs.len()), (1, 0));
    assert_eq!(
        stderr,
        "backissues: 2020-03-01-about.html: no links found\n"
    );
    let (code, docs, stderr) = parse_in(
        dir.path(),
        &[
            "2020-03-01-about.html",
            "devopsweekly/2020-03-22-issue-482.md",
        ],
    );
    assert_eq!(code, 0);
    assert!(!docs.is_empty());
    assert_eq!(
        stderr,
        "backissues: 2020-03-01-about.html: no links found\n"
    );
}
