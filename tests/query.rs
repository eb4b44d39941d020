//! End-to-end tests of `backissues query`: the real binary ingests the fixtures into a temp dir,
//! then answers queries; results are checked as exact URLs, fields, counts and exit codes.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;

mod common;
use common::{field, fixture_index};
use serde_json::Value;

/// Link documents in the five fixtures.
const FIXTURE_DOCS: usize = 61;
/// Of which sponsor links.
const SPONSOR_DOCS: usize = 5;

/// An index of the five fixtures plus a sixth issue (#520) that repeats issue 515's links, built
/// once by the real `ingest` and shared by every test (it is only read).
fn index() -> &'static Path {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| {
        fixture_index::build("query-tests", &[fixture_index::issue_520_repeating_515()])
    })
}

/// `backissues --index INDEX query ARGS`, with a clean environment for colours and width.
fn query(args: &[&str]) -> Command {
    common::query(index(), args)
}

/// Runs a query with `--format jsonl` and parses every line.
fn hits(args: &[&str]) -> Vec<Value> {
    common::hits(index(), args)
}

/// The `url` of every hit.
fn urls(args: &[&str]) -> Vec<String> {
    common::urls(&hits(args))
}

#[test]
fn a_single_word_ranks_description_matches_first() {
    assert_eq!(
        urls(&["kubernetes", "-n", "3"]),
        [
            "https://rancher.com/blog/2019/announcing-k3os-kubernetes-operating-system/",
            "https://itnext.io/porter-an-open-source-load-balancer-designed-for-bare-metal-kubernetes-clusters-870e1313b7f0",
            "https://www.eventbrite.com/e/workshop-your-path-to-production-ready-kubernetes-tickets-59200887448",
        ]
    );
}

#[test]
fn a_phrase_matches_only_the_exact_words_in_order() {
    let found = urls(&["\"infrastructure as code\"", "--year", "2020"]);
    assert_eq!(
        found,
        ["https://speakerdeck.com/garethr/configuration-security-is-a-developer-problem"]
    );
    assert!(urls(&["\"code as infrastructure\""]).is_empty());
}

#[test]
fn a_stemmed_word_finds_its_other_forms() {
    let found = hits(&["deploy", "--year", "2020", "-n", "2"]);
    assert_eq!(
        field(&found, "url"),
        [
            "https://iximiuz.com/en/posts/traefik-canary-deployments-with-weighted-load-balancing",
            "https://timewitch.net/post/2019-12-30-pinneddeployments/",
        ]
    );
    let snippet = found[0]["snippet"].as_str().unwrap();
    let [start, end] = [&found[0]["highlights"][0][0], &found[0]["highlights"][0][1]]
        .map(|v| v.as_u64().unwrap() as usize);
    assert_eq!(&snippet[start..end], "deployments");
}

#[test]
fn field_terms_work_in_the_query() {
    assert_eq!(
        urls(&["rust", "domain:bitfieldconsulting.com", "--year", "2020"]),
        ["https://bitfieldconsulting.com/golang/rust-vs-go"]
    );
    let tools = hits(&["section:Tools", "year:2019", "-n", "100"]);
    assert_eq!(tools.len(), 5);
    assert!(field(&tools, "section").iter().all(|s| s == "tools"));
    let in_515 = hits(&["issue:515", "-n", "100"]);
    assert_eq!(in_515.len(), 9);
    assert!(in_515.iter().all(|hit| hit["issue"] == 515));
}

#[test]
fn or_and_exclusion_change_the_matches() {
    assert_eq!(urls(&["rust", "go", "--year", "2020"]).len(), 1);
    assert_eq!(urls(&["rust OR traefik", "--year", "2020"]).len(), 2);
    let kube = urls(&["kubernetes", "-n", "100"]).len();
    let without = urls(&["kubernetes -rancher", "-n", "100"]).len();
    assert_eq!(without, kube - 2);
    assert_eq!(
        urls(&["kubernetes NOT rancher", "-n", "100"]).len(),
        without
    );
}

#[test]
fn an_unquoted_exclusion_is_an_error_never_a_silent_filter() {
    // `-docker` must not be read as `-d ocker` (a domain filter that finds nothing).
    query(&["kubernetes", "-docker"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains(
            "backissues: error: a word starting with `-` is read as an option; to leave words out, put the query after `--`\n",
        ))
        .stderr(predicates::str::contains("query -- kubernetes -docker\n"));
    let after_separator = query(&[
        "--format",
        "jsonl",
        "-n",
        "100",
        "--",
        "kubernetes",
        "-rancher",
    ])
    .assert()
    .success()
    .get_output()
    .stdout
    .clone();
    assert_eq!(
        String::from_utf8(after_separator).unwrap().lines().count(),
        urls(&["kubernetes NOT rancher", "-n", "100"]).len()
    );
}

#[test]
fn each_filter_narrows_alone() {
    assert_eq!(
        hits(&["-n", "1000"]).len(),
        FIXTURE_DOCS - SPONSOR_DOCS,
        "one row per link: issue 520 repeats issue 515's nine links"
    );
    let all = hits(&["-n", "1000", "--all"]);
    assert_eq!(all.len(), FIXTURE_DOCS + 9 - SPONSOR_DOCS);
    let tools = hits(&["--section", "Tools", "-n", "1000"]);
    assert_eq!(tools.len(), 14);
    let years = hits(&["--year", "2019", "-n", "1000"]);
    assert_eq!(years.len(), 15);
    assert!(years.iter().all(|hit| hit["year"] == 2019));
    let range = hits(&["--year", "2020..2021", "-n", "1000", "--all"]);
    assert_eq!(range.len(), all.len() - 15);
    let since = hits(&["--since", "2020-11-08", "-n", "1000", "--all"]);
    assert!(field(&since, "date")
        .iter()
        .all(|d| d.as_str() >= "2020-11-08"));
    assert_eq!(since.len(), 9 + 11 + 9);
    let until = hits(&["--until", "2020-03-22", "-n", "1000"]);
    assert!(field(&until, "date")
        .iter()
        .all(|d| d.as_str() <= "2020-03-22"));
    let medium = hits(&["--domain", "medium.com", "-n", "1000"]);
    let domains = field(&medium, "domain");
    assert!(
        domains.contains(&"mhausenblas.medium.com".to_string()),
        "{domains:?}"
    );
    assert!(domains.iter().all(|d| d.ends_with("medium.com")));
    let issue = hits(&["--issue", "498", "-n", "1000"]);
    assert!(issue.iter().all(|hit| hit["issue"] == 498));
    assert_eq!(issue.len(), 11);
}

#[test]
fn filters_combine_with_each_other_and_with_words() {
    let found = hits(&[
        "--section",
        "tools",
        "--year",
        "2020",
        "--domain",
        "github.com",
        "-n",
        "100",
    ]);
    assert!(!found.is_empty());
    for hit in &found {
        assert_eq!(hit["section"], "tools");
        assert_eq!(hit["year"], 2020);
        assert!(hit["domain"].as_str().unwrap().ends_with("github.com"));
    }
    assert_eq!(
        urls(&["kubernetes", "--section", "tools", "--year", "2019"]),
        [
            "https://rancher.com/blog/2019/announcing-k3os-kubernetes-operating-system/",
            "https://github.com/rancher/k3os",
        ]
    );
}

#[test]
fn sponsors_appear_only_when_asked_for() {
    let sponsors = |args: &[&str]| {
        field(&hits(args), "section")
            .iter()
            .filter(|s| *s == "sponsor")
            .count()
    };
    assert_eq!(sponsors(&["-n", "1000"]), 0);
    assert_eq!(
        sponsors(&["-n", "1000", "--include-sponsors"]),
        SPONSOR_DOCS
    );
    assert_eq!(
        sponsors(&["-n", "1000", "--include-sponsors", "--all"]),
        SPONSOR_DOCS + 1
    );
    assert_eq!(
        sponsors(&["--section", "sponsor", "-n", "1000", "--all"]),
        SPONSOR_DOCS + 1
    );
    assert_eq!(
        sponsors(&["section:sponsor", "-n", "1000", "--all"]),
        SPONSOR_DOCS + 1
    );
}

#[test]
fn without_words_the_newest_come_first() {
    let found = hits(&["--section", "tools", "--year", "2020", "-n", "100"]);
    let dates = field(&found, "date");
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    assert!(found.iter().all(|hit| hit["score"].is_null()));
    assert_eq!(dates.first().map(String::as_str), Some("2020-12-06"));
}

#[test]
fn each_sort_orders_the_hits() {
    let relevance = hits(&["security", "-n", "100"]);
    let scores: Vec<f64> = relevance
        .iter()
        .map(|hit| hit["score"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    let newest = field(
        &hits(&["security", "--sort", "newest", "-n", "100"]),
        "date",
    );
    assert!(newest.windows(2).all(|w| w[0] >= w[1]), "{newest:?}");
    let oldest = hits(&["security", "--sort", "oldest", "-n", "100"]);
    let dates = field(&oldest, "date");
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
    assert!(oldest.iter().all(|hit| hit["score"].is_null()));
    assert_eq!(oldest.len(), relevance.len());
    assert_eq!(newest.len(), relevance.len());
}

#[test]
fn limit_and_offset_page_through_the_same_ranking() {
    let all = urls(&["--year", "2020", "-n", "1000"]);
    assert_eq!(urls(&["--year", "2020"]).len(), 10);
    assert_eq!(urls(&["--year", "2020", "-n", "3"]), all[..3]);
    assert_eq!(
        urls(&["--year", "2020", "--limit", "3", "--offset", "2"]),
        all[2..5]
    );
    assert!(urls(&["--year", "2020", "--offset", "1000"]).is_empty());
    query(&["--limit", "0"]).assert().code(2);
}

#[test]
fn one_row_per_link_with_its_appearances_and_all_lists_each() {
    let found = hits(&["rust"]);
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0]["url"],
        "https://bitfieldconsulting.com/golang/rust-vs-go"
    );
    assert_eq!(found[0]["appearances"], 2);
    assert_eq!(found[0]["first"], "2020-11-08");
    assert_eq!(found[0]["last"], "2021-01-03");
    assert_eq!(
        found[0]["issues"],
        serde_json::json!([
            {"date": "2020-11-08", "issue": 515},
            {"date": "2021-01-03", "issue": 520},
        ])
    );
    assert_eq!(hits(&["rust", "--unique"]), found, "--unique is an alias");
    let every = hits(&["rust", "--all", "--sort", "oldest"]);
    assert_eq!(field(&every, "date"), ["2020-11-08", "2021-01-03"]);
    assert!(every[0].get("appearances").is_none());
    assert!(every[0].get("issues").is_none());
    let since_515 = urls(&["--since", "2020-11-08", "-n", "100"]);
    assert_eq!(since_515.len(), 9 + 11);
    query(&["rust", "--all", "--unique"]).assert().code(2);
}

#[test]
fn count_prints_the_number_of_matches() {
    let out = query(&["kubernetes", "--count"]).assert().success();
    let count: usize = String::from_utf8_lossy(&out.get_output().stdout)
        .trim()
        .parse()
        .unwrap();
    assert_eq!(count, urls(&["kubernetes", "-n", "1000"]).len());
    query(&["rust", "--count"]).assert().success().stdout("1\n");
    query(&["rust", "--count", "--all"])
        .assert()
        .success()
        .stdout("2\n");
    query(&["--year", "2018", "--count"])
        .assert()
        .code(1)
        .stdout("0\n");
}

/// `(value, count)` pairs of a facet, from its JSON output.
fn facet(args: &[&str]) -> Vec<(String, u64)> {
    let out = query(args).args(["--format", "json"]).output().unwrap();
    let value: Value = serde_json::from_slice(&out.stdout).unwrap();
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["value"].as_str().unwrap().to_string(),
                c["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn facets_count_by_section_year_and_domain() {
    let pairs = |list: &[(&str, u64)]| -> Vec<(String, u64)> {
        list.iter().map(|(v, c)| (v.to_string(), *c)).collect()
    };
    assert_eq!(
        facet(&["--facet", "section"]),
        pairs(&[("news", 37), ("tools", 14), ("events", 4), ("books", 1)])
    );
    assert_eq!(
        facet(&["--facet", "section", "--all"]),
        pairs(&[("news", 44), ("tools", 14), ("events", 5), ("books", 2)])
    );
    // Distinct links per year: issue 520 (2021) repeats nine links of 2020, which count in both.
    assert_eq!(
        facet(&["--facet", "year"]),
        pairs(&[("2019", 15), ("2020", 41), ("2021", 9)])
    );
    let domains = facet(&["--facet", "domain", "--section", "tools"]);
    assert_eq!(domains[0], ("github.com".to_string(), 10));
    let table = query(&["--facet", "year"]).assert().success();
    assert_eq!(
        String::from_utf8_lossy(&table.get_output().stdout),
        " year  links\n 2019     15\n 2020     41\n 2021      9\n"
    );
}

#[test]
fn the_table_fits_the_given_width_and_keeps_urls_whole() {
    let out = query(&["rust", "--year", "2020"])
        .env("COLUMNS", "80")
        .assert()
        .success();
    assert_eq!(
        String::from_utf8_lossy(&out.get_output().stdout),
        concat!(
            " #  date        issue  section  domain                link\n",
            " 1  2020-11-08    515  news     bitfieldconsulting.…  Both Go, and more\n",
            "                                                      recently Rust, are incre…\n",
            "    ×2                                                https://bitfieldconsulting.com/golang/rust-vs-go\n",
        )
    );
    let out = query(&["kubernetes", "-n", "100"])
        .env("COLUMNS", "60")
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    for url in urls(&["kubernetes", "-n", "100"]) {
        assert!(text.contains(&url), "{url} cut in\n{text}");
    }
    for line in text.lines().filter(|l| !l.contains("://")) {
        assert!(line.chars().count() <= 60, "too wide: {line:?}");
    }
}

#[test]
fn json_hits_carry_every_document_field() {
    let out = query(&["\"infrastructure as code\"", "--year", "2020", "--json"])
        .assert()
        .success();
    let value: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let hits = value.as_array().unwrap();
    assert_eq!(hits.len(), 1);
    let hit = &hits[0];
    let keys: Vec<&str> = hit
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = backissues::model::field::ALL.to_vec();
    expected.extend([
        "score",
        "snippet",
        "highlights",
        "appearances",
        "first",
        "last",
        "issues",
        "recurring",
    ]);
    let (mut keys, mut expected) = (keys, expected);
    keys.sort_unstable();
    expected.sort_unstable();
    assert_eq!(keys, expected);
    assert_eq!(
        hit["url"],
        "https://speakerdeck.com/garethr/configuration-security-is-a-developer-problem"
    );
    assert_eq!(hit["domain"], "speakerdeck.com");
    assert_eq!(hit["section"], "news");
    assert_eq!(hit["section_title"], "News");
    assert_eq!(hit["date"], "2020-11-08");
    assert_eq!(hit["year"], 2020);
    assert_eq!(hit["issue"], 515);
    assert_eq!(
        hit["issue_title"],
        "DEVOPS WEEKLY ISSUE #515 - 8th November 2020"
    );
    assert_eq!(hit["title"], Value::Null);
    assert!(hit["description"]
        .as_str()
        .unwrap()
        .starts_with("A talk I gave recently about configuration security."));
    assert!(hit["source"]
        .as_str()
        .unwrap()
        .ends_with("2020-11-08-issue-515.md"));
    assert_eq!(hit["position"], 4);
    assert!(hit["score"].as_f64().unwrap() > 0.0);
    let snippet = hit["snippet"].as_str().unwrap();
    let marked: Vec<&str> = hit["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &snippet[r[0].as_u64().unwrap() as usize..r[1].as_u64().unwrap() as usize])
        .collect();
    assert_eq!(marked, ["infrastructure", "as", "code"]);
}

#[test]
fn jsonl_prints_one_hit_per_line() {
    let out = query(&["--year", "2019", "-n", "7", "--format", "jsonl"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert_eq!(text.lines().count(), 7);
    for line in text.lines() {
        let hit: Value = serde_json::from_str(line).unwrap();
        assert_eq!(hit["year"], 2019);
    }
}

#[test]
fn exit_codes_follow_grep() {
    query(&["kubernetes"]).assert().code(0);
    query(&["kubrnetes"])
        .assert()
        .code(1)
        .stdout("")
        .stderr("backissues: no links match; to allow typos, run the query again with --fuzzy\n");
    query(&["kubrnetes", "--json"])
        .assert()
        .code(1)
        .stdout("[]\n");
    query(&["--section", "nosuchsection"]).assert().code(1);
    query(&["--year", "twenty"]).assert().code(2);
}

#[test]
fn fuzzy_matches_within_an_edit_or_two() {
    let found = urls(&["kubrnetes", "--fuzzy", "-n", "1000"]);
    assert_eq!(found.len(), urls(&["kubernetes", "-n", "1000"]).len());
    assert_eq!(
        urls(&["obsevability", "--fuzzy", "--year", "2020", "-n", "1"]),
        urls(&["observability", "--year", "2020", "-n", "1"])
    );
}

#[test]
fn a_malformed_query_says_where_and_why() {
    let out = query(&["title:"]).assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        stderr
            .starts_with("backissues: error: cannot read the query: expected word at character 7"),
        "{stderr}"
    );
    assert!(!stderr.contains("SyntaxError"), "{stderr}");
    let out = query(&["nosuchfield:x"]).assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        stderr.starts_with("backissues: error: unknown field `nosuchfield` in `nosuchfield:x`"),
        "{stderr}"
    );
    query(&["year:soon"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("take a whole number"));
}

#[test]
fn huge_queries_are_answered() {
    let words = vec!["kubernetes"; 10_000].join(" ");
    query(&[&words, "--count"]).assert().success();
    let nested = "(".repeat(5_000) + "x" + &")".repeat(5_000);
    query(&[&nested])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("parentheses"));
}

#[test]
fn a_missing_index_says_to_ingest_first() {
    let tmp = tempfile::tempdir().unwrap();
    Command::cargo_bin("backissues")
        .unwrap()
        .current_dir(tmp.path())
        .env_remove("BACKISSUES_INDEX")
        .args(["query", "kubernetes"])
        .assert()
        .code(2)
        .stdout("")
        .stderr("backissues: error: no index at ./index: run `backissues ingest PATH` first\n");
}

#[test]
fn colour_only_when_asked_and_never_with_no_color() {
    let coloured = query(&["rust", "--color", "always"]).assert().success();
    assert!(String::from_utf8_lossy(&coloured.get_output().stdout).contains("\u{1b}[1;31m"));
    let piped = query(&["rust"]).assert().success();
    assert!(!String::from_utf8_lossy(&piped.get_output().stdout).contains('\u{1b}'));
    let no_color = query(&["rust", "--color", "always"])
        .env("NO_COLOR", "1")
        .assert()
        .success();
    assert!(!String::from_utf8_lossy(&no_color.get_output().stdout).contains('\u{1b}'));
}

#[test]
fn escape_sequences_from_issue_files_never_reach_the_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    fs::create_dir(&archive).unwrap();
    fs::write(
        archive.join("2021-02-07-issue-525.md"),
        "---\ntitle: DEVOPS WEEKLY ISSUE \\#525 - 7th February 2021\ndate: 2021-02-07\n---\n\nNews\n====\n\nA hostile \u{1b}[2J\u{1b}]0;pwned\u{7}description about clearing screens.\n<br>[https://example.com/hostile](https://example.com/hostile)\n",
    )
    .unwrap();
    let index = tmp.path().join("index");
    let run = |args: &[&str]| {
        let mut cmd = Command::cargo_bin("backissues").unwrap();
        cmd.env_remove("NO_COLOR")
            .arg("--index")
            .arg(&index)
            .args(args);
        cmd
    };
    run(&["ingest", archive.to_str().unwrap()])
        .assert()
        .success();
    let out = run(&["query", "hostile", "--color", "always"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(text.contains("https://example.com/hostile"), "{text}");
    let escapes = text.matches('\u{1b}').count();
    assert_eq!(
        escapes,
        2 * text.matches("\u{1b}[1;31m").count(),
        "{text:?}"
    );
}

#[test]
fn help_shows_examples() {
    for command in ["query", "stats", "completions"] {
        Command::cargo_bin("backissues")
            .unwrap()
            .args([command, "--help"])
            .assert()
            .success()
            .stdout(predicates::str::contains("Examples:"));
    }
}

#[test]
fn completions_are_generated_for_each_shell() {
    for (shell, marker) in [
        ("bash", "complete"),
        ("zsh", "#compdef"),
        ("fish", "complete -c"),
    ] {
        Command::cargo_bin("backissues")
            .unwrap()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicates::str::contains(marker))
            .stdout(predicates::str::contains("include-sponsors"));
    }
}

#[test]
fn a_word_with_a_star_is_a_prefix() {
    let sorted = |args: &[&str]| {
        let mut found = urls(args);
        found.sort();
        found
    };
    let full = sorted(&["kubernetes", "--all", "-n", "100"]);
    assert!(full.len() > 5);
    assert_eq!(
        sorted(&["kuber*", "--all", "-n", "100"]),
        full,
        "kuber* finds what kubernetes finds here"
    );
    assert_eq!(
        urls(&["title:kuber*"]).len(),
        0,
        "a field prefix looks in that field only (no title has the word)"
    );
    assert_eq!(sorted(&["\"kuber\"*", "--all", "-n", "100"]), full);
    // One letter is not a prefix (it would match nearly everything): the word `k` itself.
    query(&["k*"]).assert().code(1);
}

#[test]
fn a_cut_off_word_suggests_its_prefix() {
    query(&["kuber"])
        .assert()
        .code(1)
        .stdout("")
        .stderr("backissues: no links match; `kuber*` finds words that start with the last one\n");
}

#[test]
fn a_section_or_newsletter_that_is_not_in_the_index_suggests_the_nearest() {
    query(&["--section", "tolls"])
        .assert()
        .code(1)
        .stdout("")
        .stderr("backissues: no section `tolls` in the index; did you mean: tools?\n");
    query(&["--newsletter", "archiv", "kubernetes"])
        .assert()
        .code(1)
        .stderr("backissues: no newsletter `archiv` in the index; did you mean: archive?\n");
    query(&["--section", "nosuchsection", "--json"])
        .assert()
        .code(1)
        .stdout("[]\n")
        .stderr("backissues: no section `nosuchsection` in the index\n");
}
