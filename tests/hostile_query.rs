//! Malformed and hostile queries, end to end: every one gets a clear error (exit 2) or a sensible
//! result (exit 0 or 1), never a panic or a hang, and nothing it prints holds control characters.
//! One index of the fixtures is built once and only read.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

mod common;
use common::fixture_index;

/// Longer than this is a hang (debug build on a shared CPU; performance is not asserted here).
const HANG: Duration = Duration::from_secs(10);

/// Link documents of the fixtures outside the sponsor sections (what `*` matches).
const NON_SPONSOR_DOCS: &str = "56";

/// The fixtures' index, built once by the real `ingest`.
fn index() -> &'static Path {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| fixture_index::build("hostile-query", &[]))
}

/// What a query must do: exit with `code`, and print `expected` (on stderr for errors, on stdout
/// otherwise).
struct Case {
    args: Vec<String>,
    code: i32,
    expected: String,
}

fn case(args: &[&str], code: i32, expected: &str) -> Case {
    Case {
        args: args.iter().map(|arg| (*arg).to_string()).collect(),
        code,
        expected: expected.to_string(),
    }
}

/// `query --count -- QUERY`: the query as one word, whatever it starts with.
fn count(query: &str, code: i32, expected: &str) -> Case {
    case(&["--count", "--", query], code, expected)
}

/// True when `bytes` hold a control character other than newline.
fn has_control(bytes: &[u8]) -> bool {
    String::from_utf8_lossy(bytes)
        .chars()
        .any(|c| c.is_control() && c != '\n')
}

/// Runs every case; collects all failures so one run shows them all.
fn check(cases: &[Case]) {
    let mut failures = Vec::new();
    for case in cases {
        let started = Instant::now();
        let output = common::on_index(index())
            .env("NO_COLOR", "1")
            .timeout(HANG)
            .arg("query")
            .args(&case.args)
            .output()
            .unwrap();
        let took = started.elapsed();
        let shown: String = case.args.join(" ").chars().take(60).collect();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let code = output.status.code();
        let printed = if case.code == 2 { &stderr } else { &stdout };
        let problem = if took >= HANG || code.is_none() {
            Some(format!("hung ({took:?})"))
        } else if stderr.contains("panicked") || stderr.contains("internal error") {
            Some(format!("panicked: {stderr}"))
        } else if code != Some(case.code) {
            Some(format!("exit {code:?}, not {}: {stderr}", case.code))
        } else if !printed.contains(&case.expected) {
            Some(format!("no `{}` in: {printed}", case.expected))
        } else if has_control(&output.stdout) || has_control(&output.stderr) {
            Some(format!("control characters in: {stdout:?} {stderr:?}"))
        } else {
            None
        };
        if let Some(problem) = problem {
            failures.push(format!("`{shown}`: {problem}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn malformed_syntax_is_a_clear_error() {
    let read = "backissues: error: cannot read the query: ";
    check(&[
        count("\"unbalanced", 2, &format!("{read}missing delimiter")),
        count("title:\"half", 2, &format!("{read}missing delimiter")),
        count("\"", 2, &format!("{read}missing delimiter")),
        count(
            "(kubernetes",
            2,
            &format!("{read}expected ')' at character 12"),
        ),
        count("kubernetes)", 2, read),
        count("()", 2, read),
        count("-", 2, read),
        count("+", 2, read),
        count(":", 2, read),
        count("^", 2, read),
        count("^2", 2, read),
        count("kubernetes^abc", 2, read),
        count("\\", 2, read),
        count("[", 2, read),
        count("{", 2, read),
        count("AND", 2, read),
        count("OR OR", 2, read),
        count("NOT", 2, read),
        count("section:", 2, read),
        count("year:[2019 TO", 2, read),
    ]);
}

#[test]
fn unknown_fields_and_bad_values_are_a_clear_error() {
    let number = "`year:` and `issue:` take a whole number";
    check(&[
        count(
            "foo:bar",
            2,
            "backissues: error: unknown field `foo` in `foo:bar`",
        ),
        count("year:abc", 2, number),
        count("year:99999999999999999999", 2, number),
        count("issue:-1", 2, number),
        count("issue:99999999999999999999999999", 2, number),
        count("date:2020-13-45", 2, "`date:` takes a day as YYYY-MM-DD"),
        count("date:yesterday", 2, "`date:` takes a day as YYYY-MM-DD"),
    ]);
}

#[test]
fn odd_but_valid_queries_give_sensible_results() {
    check(&[
        count("*", 0, NON_SPONSOR_DOCS),
        count("~", 1, "0"),
        count("!", 1, "0"),
        count("$", 1, "0"),
        count("kub~5", 1, "0"),
        count("日本語 ü 🦀", 1, "0"),
        count("year:[0 TO 99999999]", 0, NON_SPONSOR_DOCS),
        count("issue:[18446744073709551615 TO 0]", 1, "0"),
        count("date:>9999-12-31", 1, "0"),
        count("year:>2019", 0, "41"),
        count("domain:github.com", 0, "11"),
        case(&["--", "-kubernetes"], 0, "link"),
        case(&["kubernetes", "--", "-docker"], 0, "link"),
        case(
            &["\u{1b}[2J\u{1b}]0;owned\u{7} kubernetes"],
            2,
            "cannot read the query",
        ),
        case(&["--offset", "18446744073709551615", "kubernetes"], 1, ""),
        case(
            &["--limit", "18446744073709551615", "kubernetes"],
            0,
            "link",
        ),
        case(&["--issue", "18446744073709551615"], 1, ""),
        case(&["--section", "\u{1b}[31mnews"], 1, ""),
        case(
            &["--unique", "--offset", "5", "--limit", "1000000", "--count"],
            0,
            NON_SPONSOR_DOCS,
        ),
        case(&["--facet", "domain", "--unique"], 0, "github.com"),
        case(&["--fuzzy", "kubernetse"], 0, "link"),
        case(&["--fuzzy", "\u{1b}[2J", "*"], 2, "cannot read the query"),
        case(&["--fuzzy", "kubernetes\u{7}\u{8}"], 0, "link"),
        count("zzzznotaword", 1, "0"),
    ]);
}

#[test]
fn excluded_phrases_work() {
    // Found by the `query` fuzz target: an excluded phrase (here `softwaremill.com`, which
    // tokenizes into one) panicked inside Tantivy in debug builds (tantivy issue #2811).
    check(&[
        count("-softwaremill.com -o", 0, "54"),
        count("-\"configuration security\"", 0, "55"),
        count("\"configuration security\"", 0, "1"),
        count("kubernetes -github.com", 0, "8"),
        count("kubernetes NOT \"github com\"", 0, "8"),
        count("kubernetes github.com", 0, "2"),
        count("kubernetes", 0, "10"),
        case(&["--fuzzy", "--", "-softwaremill.com -o"], 1, ""),
    ]);
}

#[test]
fn bad_flags_are_a_clear_error() {
    check(&[
        case(&["--limit", "0", "kubernetes"], 2, "'--limit <N>'"),
        case(&["--limit", "-1", "kubernetes"], 2, "error:"),
        case(
            &["--year", "99999..0"],
            2,
            "is not a year (2020) or a range of years",
        ),
        case(
            &["--year", "abc"],
            2,
            "is not a year (2020) or a range of years",
        ),
        case(
            &["--year", "2020.."],
            2,
            "is not a year (2020) or a range of years",
        ),
        case(
            &["--since", "2020-13-45"],
            2,
            "is not a date: use YYYY-MM-DD",
        ),
        case(
            &["--until", "\u{1b}[2J"],
            2,
            "is not a date: use YYYY-MM-DD",
        ),
        case(&["--domain", ""], 2, "names no domain"),
        case(&["--sort", "sideways"], 2, "error:"),
    ]);
}

#[test]
fn huge_queries_end_quickly() {
    let words: Vec<String> = (0..10_000).map(|n| format!("word{n}")).collect();
    let and = words.join(" ");
    let or = words.join(" OR ");
    let phrase = format!("\"{}\"", vec!["kubernetes"; 10_000].join(" "));
    let nested = "(".repeat(10_000) + "x" + &")".repeat(10_000);
    let opened = "(".repeat(100_000);
    let long_word = "a".repeat(100_000);
    let fuzzy_few = words[..32].join(" ");
    check(&[
        count(&and, 1, "0"),
        count(&or, 1, "0"),
        count(&phrase, 1, "0"),
        count(
            &nested,
            2,
            "the query nests parentheses more than 32 levels deep",
        ),
        count(
            &opened,
            2,
            "the query nests parentheses more than 32 levels deep",
        ),
        count(&long_word, 1, "0"),
        case(
            &["--fuzzy", "--count", &and],
            2,
            "backissues: error: --fuzzy takes at most 32 words (each one expands to many terms); this query has 10000",
        ),
        case(&["--fuzzy", "--count", &fuzzy_few], 1, "0"),
        case(&["--fuzzy", "--count", &long_word], 1, "0"),
    ]);
}
