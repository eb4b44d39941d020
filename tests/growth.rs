//! Linear time on hostile markup, measured as growth: each hostile input is parsed at size n and
//! at 8n, and the slower size may take at most [`MAX_RATIO`] times as long. Linear work gives a
//! ratio near 8; quadratic work near 64. A ratio, never an absolute time, so a slow or busy
//! machine does not fail it. The inputs go through the public parser (`parse_issue`), inside a
//! markdown body and as an HTML document, so the check holds for whatever HTML reader sits
//! behind it. One test function: the sizes are timed one after the other, not in parallel.

use std::time::{Duration, Instant};

use backissues::parse::parse_issue;

/// The large size is this many times the small one.
const GROWTH: usize = 8;
/// Largest accepted ratio of the large size's time to the small one's: linear (8) with room
/// for noise and caches (a busy 2-core machine measured up to 16.5), half of quadratic (64).
const MAX_RATIO: f64 = 32.0;
/// Timed runs per size; the fastest counts (the least disturbed by other processes).
const RUNS: usize = 3;

/// Hostile HTML shapes, by name: a unit, and how many times it is repeated at the small size
/// (a few milliseconds of work in a debug build, well above the timer's noise).
const SHAPES: [(&str, &str, usize); 6] = [
    ("tag openings without an end", "<a ", 20_000),
    ("lone angle brackets", "<", 40_000),
    ("unclosed comments", "<!--", 200_000),
    (
        "unclosed attribute quotes",
        "<a href=\"https://x.io/",
        4_000,
    ),
    ("nested elements never closed", "<div><span><b>", 4_000),
    ("entities", "&amp;&#x41;&lt;&nbsp;", 8_000),
];

/// The fastest of [`RUNS`] parses of `bytes` under the name `source`; the parse must succeed.
fn fastest(source: &str, bytes: &[u8]) -> Duration {
    (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            let parsed = parse_issue(source, bytes);
            let elapsed = start.elapsed();
            assert!(parsed.is_ok(), "{source}: {parsed:?}");
            elapsed
        })
        .min()
        .expect("RUNS is not zero")
}

/// A markdown issue whose body holds `hostile` at the end of an HTML block. Nothing closes it:
/// a later `>` would end the first broken tag there and hide a scan that restarts at every `<`.
fn in_markdown(hostile: &str) -> Vec<u8> {
    format!("---\ntitle: Issue 1\ndate: 2020-01-01\n---\n\n<div>\n{hostile}\n\nAfter.\nhttps://after.io\n")
        .into_bytes()
}

/// An HTML page whose body is `hostile`, left unclosed for the same reason.
fn as_html(hostile: &str) -> Vec<u8> {
    format!("<html><head><title>Issue 1</title></head><body>{hostile}").into_bytes()
}

#[test]
fn hostile_html_takes_linear_time_and_loses_no_link_around_it() {
    let bytes = in_markdown(&"<a ".repeat(10_000));
    let docs = parse_issue("2020-01-01-issue-1.md", &bytes).unwrap();
    let urls: Vec<&str> = docs.iter().map(|doc| doc.url.as_str()).collect();
    assert_eq!(urls, ["https://after.io"]);

    let mut failures = Vec::new();
    for (shape, unit, n) in SHAPES {
        for (source, wrap) in [
            ("2020-01-01-issue-1.md", in_markdown as fn(&str) -> Vec<u8>),
            ("2020-01-01-issue-1.html", as_html),
        ] {
            let small = fastest(source, &wrap(&unit.repeat(n)));
            let large = fastest(source, &wrap(&unit.repeat(n * GROWTH)));
            let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-6);
            eprintln!("{shape} in {source}: {small:?} → {large:?} (×{ratio:.1})");
            if ratio > MAX_RATIO {
                failures.push(format!(
                    "{shape} in {source}: {GROWTH}× the input took {ratio:.1}× the time ({small:?} → {large:?})"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "superlinear: {failures:#?}");
}
