//! Property tests: whatever the bytes, parsing returns documents or an error (never a panic),
//! and the documents it returns keep the parser's invariants.

use proptest::prelude::*;

use super::{parse_issue, LinkDoc};

const SEEDS: [&str; 5] = [
    include_str!("../../fixtures/devopsweekly/2019-04-28-issue-435.md"),
    include_str!("../../fixtures/devopsweekly/2020-03-22-issue-482.md"),
    include_str!("../../fixtures/devopsweekly/2020-07-12-issue-498.md"),
    include_str!("../../fixtures/devopsweekly/2020-11-08-issue-515.md"),
    include_str!("../../fixtures/devopsweekly/2020-12-06-issue-519.md"),
];

/// Markdown-ish fragments that exercise every rule when shuffled together.
const FRAGMENTS: &[&str] = &[
    "---\n",
    "...\n",
    "title: Issue \\#12\n",
    "date: 2020-11-08\n",
    "date: 2020-13-45\n",
    "Title: x\nDate: 2020-01-01\n\n",
    "Number: 7\n",
    "\n",
    "\r\n",
    "News\n",
    "====\n",
    "----\n",
    "## Updates\n",
    "### Newsletters\n",
    "# Issue 5 - 8th November 2020\n",
    ">From our sponsor\n",
    "> quote\n",
    "<br>[https://a.io](https://a.io)\n",
    "[https://b.io](https://b.io)\n",
    "* [Post](https://c.io) - text\n",
    "- <https://d.io>\n",
    "see https://e.io/x_(y)).\n",
    "[t][r]\n",
    "[r]: https://f.io\n",
    "[t][]",
    "<!--",
    "-->",
    "```\n",
    "~~~\n",
    "`",
    "``",
    "![i](https://g.io/i.png)",
    "[![i](s)](https://h.io)",
    "](",
    "[",
    "]",
    "(",
    ")",
    "\\",
    "&amp;",
    "&#x1F600;",
    "<b>",
    "\u{1b}[31m",
    "\u{feff}",
    "é",
    "If you received this email directly ",
    "unsubscribe",
    "http://",
    "https://",
    "www.i.io",
    "*",
    "_",
    "~~",
    "\t",
    " ",
];

/// Checks what every successful parse must hold.
fn check(docs: &[LinkDoc]) {
    let mut seen = std::collections::HashSet::new();
    for (index, doc) in docs.iter().enumerate() {
        assert_eq!(doc.position as usize, index + 1);
        assert!(seen.insert(doc.url.as_str()), "duplicate url {}", doc.url);
        assert_eq!(doc.date.map(time::Date::year), doc.year);
        assert!(!doc.section.is_empty());
        for text in [
            &doc.description,
            &doc.section_title,
            &doc.issue_title,
            &doc.url,
        ] {
            assert!(
                !text.chars().any(char::is_control),
                "control char in {text:?}"
            );
        }
        assert_eq!(doc.domain, doc.domain.to_lowercase());
    }
}

/// Replaces, inserts or deletes bytes of `text` at the given (wrapped) positions.
fn mutate(text: &str, edits: &[(usize, u8, u8)]) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for &(at, op, byte) in edits {
        let at = at % (bytes.len() + 1);
        match op % 3 {
            0 if at < bytes.len() => bytes[at] = byte,
            1 => bytes.insert(at, byte),
            _ if at < bytes.len() => {
                bytes.remove(at);
            }
            _ => {}
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        if let Ok(docs) = parse_issue("2020-01-01-1.md", &bytes) {
            check(&docs);
        }
    }

    #[test]
    fn mutated_seeds_never_panic(
        seed in 0..SEEDS.len(),
        edits in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 0..40),
    ) {
        let bytes = mutate(SEEDS[seed], &edits);
        if let Ok(docs) = parse_issue("seed.md", &bytes) {
            check(&docs);
        }
    }

    #[test]
    fn shuffled_markdown_never_panics(
        picks in proptest::collection::vec(0..FRAGMENTS.len(), 0..80),
    ) {
        let text: String = picks.iter().map(|&i| FRAGMENTS[i]).collect();
        if let Ok(docs) = parse_issue("2021-05-06-issue-9.md", text.as_bytes()) {
            check(&docs);
        }
    }
}

/// Hostile bodies that are deep or long: each parses (in linear time: a quadratic step would
/// take minutes at these sizes) and keeps every link it can.
#[test]
fn deep_and_long_bodies_parse() {
    let header = "---\ndate: 2021-01-01\n---\n";
    let cases: [(String, usize); 9] = [
        (">".repeat(100_000) + " [q](https://q.io)", 1),
        ("- ".repeat(50_000) + "[l](https://l.io)", 1),
        ("1. ".repeat(30_000) + "x", 0),
        ("[".repeat(200_000), 0),
        ("*a".repeat(100_000), 0),
        ("<a ".repeat(100_000), 0),
        ("`".repeat(100_000), 0),
        ("](".repeat(100_000), 0),
        (
            (0..100_000)
                .map(|n| format!("[a](https://a.io/{n}) "))
                .collect(),
            100_000,
        ),
    ];
    for (body, links) in cases {
        let text = format!("{header}{body}\n");
        let docs = parse_issue("x.md", text.as_bytes()).unwrap();
        assert_eq!(docs.len(), links, "{}", &body[..20]);
        check(&docs);
    }
}
