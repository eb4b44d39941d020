//! Fuzz target: no query text, fuzzy or not, may panic or hang the search side. The input is
//! the query; its first byte picks `--fuzzy`, `--unique` and the output mode. The index (the
//! fixtures, parsed and ingested once) lives in a temp folder for the whole run.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use backissues::index::open_existing;
use backissues::index::store::open_for_writing;
use backissues::index::writer::Ingester;
use backissues::parse::parse_issue;
use backissues::search::{Engine, FacetField, Mode, QueryConfig};
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
            ingester.add(&docs, name).unwrap();
        }
        ingester.finish(true).unwrap();
        Engine::new(open_existing(&dir).unwrap()).unwrap()
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, query)) = data.split_first() else {
        return;
    };
    let mode = match flags >> 2 & 3 {
        0 => Mode::Hits,
        1 => Mode::Count,
        2 => Mode::Facet(FacetField::Domain),
        _ => Mode::Facet(FacetField::Year),
    };
    let config = QueryConfig {
        words: String::from_utf8_lossy(query).into_owned(),
        fuzzy: flags & 1 == 1,
        unique: flags & 2 == 2,
        mode,
        ..QueryConfig::default()
    };
    let _ = engine().search(&config);
});
