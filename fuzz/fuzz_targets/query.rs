//! Fuzz target: no query a user can type may panic or hang the search side or its output. The
//! input is the query text (words, field terms, ranges, URLs, symbol words, prefixes); its first
//! two bytes pick the flags: `--fuzzy`, `--all`, hits / `--count` / every `--facet`, every
//! output format, colour and width, sponsors, recurring links and the sort. Every outcome is
//! rendered. The index (the fixtures, parsed and ingested once) lives in a temp folder for the
//! whole run.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use backissues::index::open_existing;
use backissues::index::schema::content_hash;
use backissues::index::store::open_for_writing;
use backissues::index::writer::Ingester;
use backissues::parse::parse_issue;
use backissues::render::{self, Format, Style};
use backissues::search::{Engine, FacetField, Mode, QueryConfig, Sort};
use libfuzzer_sys::fuzz_target;

/// The fixtures, compiled in so the target runs from any folder.
const FIXTURES: [(&str, &str); 5] = [
    (
        "2019-04-28-issue-435.md",
        include_str!("../../fixtures/devopsweekly/2019-04-28-issue-435.md"),
    ),
    (
        "2020-03-22-issue-482.md",
        include_str!("../../fixtures/devopsweekly/2020-03-22-issue-482.md"),
    ),
    (
        "2020-07-12-issue-498.md",
        include_str!("../../fixtures/devopsweekly/2020-07-12-issue-498.md"),
    ),
    (
        "2020-11-08-issue-515.md",
        include_str!("../../fixtures/devopsweekly/2020-11-08-issue-515.md"),
    ),
    (
        "2020-12-06-issue-519.md",
        include_str!("../../fixtures/devopsweekly/2020-12-06-issue-519.md"),
    ),
];

/// The search engine over an index of the fixtures, built on first use.
fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let dir: PathBuf =
            std::env::temp_dir().join(format!("backissues-fuzz-query-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let ingester = Ingester::new(open_for_writing(&dir, false).unwrap()).unwrap();
        for (name, text) in FIXTURES {
            let docs = parse_issue(name, text.as_bytes()).unwrap();
            ingester
                .add(&docs, content_hash("", text.as_bytes()))
                .unwrap();
        }
        ingester.finish(true).unwrap();
        Engine::new(open_existing(&dir).unwrap()).unwrap()
    })
}

/// Picks the output format from two bits of the flag byte.
fn format(bits: u8) -> Format {
    match bits & 3 {
        0 => Format::Table,
        1 => Format::Json,
        2 => Format::Jsonl,
        _ => Format::Tsv,
    }
}

/// Picks hits, a count or one of the facets from three bits of the flag byte.
fn mode(bits: u8) -> Mode {
    match bits & 7 {
        0 | 1 | 2 => Mode::Hits,
        3 => Mode::Count,
        4 => Mode::Facet(FacetField::Domain),
        5 => Mode::Facet(FacetField::Year),
        6 => Mode::Facet(FacetField::Section),
        _ => Mode::Facet(FacetField::Newsletter),
    }
}

fuzz_target!(|data: &[u8]| {
    // Byte 0: --fuzzy, --all, the mode (3 bits), the output format (2 bits), colour.
    // Byte 1: --include-sponsors, --include-recurring, the sort (2 bits), the table width.
    let [flags, more, query @ ..] = data else {
        return;
    };
    let sort = match more >> 2 & 3 {
        0 => None,
        1 => Some(Sort::Relevance),
        2 => Some(Sort::Newest),
        _ => Some(Sort::Oldest),
    };
    let config = QueryConfig {
        words: String::from_utf8_lossy(query).into_owned(),
        fuzzy: flags & 1 == 1,
        all: flags & 2 == 2,
        mode: mode(flags >> 2),
        include_sponsors: more & 1 == 1,
        include_recurring: more & 2 == 2,
        sort,
        ..QueryConfig::default()
    };
    let Ok(outcome) = engine().search(&config) else {
        return;
    };
    let style = Style {
        width: usize::from(more >> 4) * 10,
        color: flags & 0x80 != 0,
    };
    let mut out = Vec::new();
    render::outcome(&mut out, &outcome, format(flags >> 5), style)
        .expect("writing to memory cannot fail");
});
