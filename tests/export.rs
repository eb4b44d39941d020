//! `backissues export` and `docs/quickwit-index.yaml`: the real binary streams every document of
//! an index of the fixtures; the Quickwit config is held to the index schema field by field.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;
use backissues::index::schema::build_schema;
use backissues::search::{EXPORTED_AS, NOT_EXPORTED, RECURRING};
use serde_json::Value;
use tantivy::schema::FieldType;

mod common;
use common::{fixture_index, json_lines};

/// The Quickwit index config shipped in `docs/`.
const QUICKWIT_CONFIG: &str = "docs/quickwit-index.yaml";

/// The five fixtures, ingested once.
fn index() -> &'static Path {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| fixture_index::build("export-tests", &[]))
}

/// `backissues --index INDEX ARGS`.
fn backissues(args: &[&str]) -> Command {
    let mut cmd = common::on_index(index());
    cmd.args(args);
    cmd
}

/// Stdout of a successful run.
fn stdout(args: &[&str]) -> String {
    common::stdout_of(&mut backissues(args))
}

/// `(source, position)` of each document, sorted: what identifies a link document.
fn identities(docs: &[Value]) -> Vec<(String, u64)> {
    let mut ids: Vec<(String, u64)> = docs
        .iter()
        .map(|d| {
            (
                d["source"].as_str().unwrap().to_string(),
                d["position"].as_u64().unwrap(),
            )
        })
        .collect();
    ids.sort();
    ids
}

#[test]
fn export_emits_exactly_the_index_documents() {
    let exported = json_lines(&stdout(&["export"]));
    let stats: Value = serde_json::from_str(&stdout(&["stats", "--format", "json"])).unwrap();
    assert_eq!(exported.len() as u64, stats["links"].as_u64().unwrap());
    assert_eq!(exported.len(), 61);
    let everything = json_lines(&stdout(&[
        "query",
        "--include-sponsors",
        "-n",
        "1000",
        "--format",
        "jsonl",
    ]));
    assert_eq!(identities(&exported), identities(&everything));
    let sponsors = exported
        .iter()
        .filter(|d| d["section"] == "sponsor")
        .count();
    assert_eq!(sponsors, 5);
}

#[test]
fn an_exported_document_carries_the_derived_fields() {
    let exported = json_lines(&stdout(&["export", "--domain", "medium.com"]));
    let post = exported
        .iter()
        .find(|d| d["domain"] == "mhausenblas.medium.com")
        .unwrap();
    assert_eq!(
        post["canonical_url"],
        "mhausenblas.medium.com/reminiscing-control-theory-and-the-future-of-observability-ba947f6da7b0"
    );
    assert_eq!(
        post["domains"],
        serde_json::json!(["mhausenblas.medium.com", "medium.com"])
    );
    assert_eq!(post["date"], "2020-11-08");
}

#[test]
fn filters_narrow_the_export_as_they_narrow_a_query() {
    for filters in [
        &["--year", "2019", "--section", "tools"][..],
        &["--since", "2020-07-01", "--until", "2020-11-30"],
        &["--domain", "github.com"],
        &["--issue", "515"],
        &["--newsletter", "archive"],
    ] {
        let exported = json_lines(&stdout(&[&["export"], filters].concat()));
        let queried = json_lines(&stdout(
            &[
                &[
                    "query",
                    "--include-sponsors",
                    "-n",
                    "1000",
                    "--format",
                    "jsonl",
                ],
                filters,
            ]
            .concat(),
        ));
        assert!(!exported.is_empty(), "{filters:?}");
        assert_eq!(identities(&exported), identities(&queried), "{filters:?}");
    }
    backissues(&["export", "--year", "2030"])
        .assert()
        .code(1)
        .stdout("")
        .stderr("backissues: no documents pass the filters\n");
}

/// One field mapping of the Quickwit config.
#[derive(Debug)]
struct Mapping {
    kind: String,
    tokenizer: Option<String>,
    fast: bool,
    indexed: bool,
}

/// The field mappings of `docs/quickwit-index.yaml`, by name.
fn quickwit_mappings() -> BTreeMap<String, Mapping> {
    let text = std::fs::read_to_string(QUICKWIT_CONFIG).unwrap();
    let config: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    assert_eq!(config["doc_mapping"]["mode"], "strict");
    config["doc_mapping"]["field_mappings"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|m| {
            let name = m["name"].as_str().unwrap().to_string();
            let mapping = Mapping {
                kind: m["type"].as_str().unwrap().to_string(),
                tokenizer: m["tokenizer"].as_str().map(str::to_string),
                fast: m["fast"].as_bool().unwrap_or(false),
                indexed: m["indexed"].as_bool().unwrap_or(true),
            };
            (name, mapping)
        })
        .collect()
}

/// The Quickwit tokenizer that does what a backissues tokenizer does.
fn quickwit_tokenizer(ours: &str) -> &'static str {
    match ours {
        // Quickwit has no CJK bigram tokenizer: its en_stem matches backissues' text analyzer on
        // Latin text.
        "backissues_text" => "en_stem",
        "raw" => "raw",
        other => panic!("no Quickwit tokenizer is chosen for backissues' `{other}`"),
    }
}

#[test]
fn the_quickwit_config_maps_every_index_field_alike() {
    let mappings = quickwit_mappings();
    let schema = build_schema();
    let mut mapped = BTreeSet::from([RECURRING.to_string()]);
    assert_eq!(mappings[RECURRING].kind, "bool");
    for (_, entry) in schema.fields() {
        let name = entry.name();
        if NOT_EXPORTED.contains(&name) {
            continue;
        }
        let target = EXPORTED_AS
            .iter()
            .find(|(field, _)| *field == name)
            .map_or(name, |(_, exported)| *exported);
        let Some(mapping) = mappings.get(target) else {
            panic!("index field `{name}` is not mapped in {QUICKWIT_CONFIG} (as `{target}`)");
        };
        mapped.insert(target.to_string());
        if entry.is_fast() {
            assert!(
                mapping.fast,
                "`{name}` is fast in the index, `{target}` is not"
            );
        }
        if entry.is_indexed() {
            assert!(mapping.indexed, "`{name}` is indexed, `{target}` is not");
        }
        if let FieldType::Str(options) = entry.field_type() {
            if let Some(indexing) = options.get_indexing_options() {
                assert_eq!(
                    mapping.tokenizer.as_deref(),
                    Some(quickwit_tokenizer(indexing.tokenizer())),
                    "tokenizer of `{name}` (as `{target}`)"
                );
            }
        }
        if target == name {
            let kind = match entry.field_type() {
                FieldType::Str(_) => "text",
                FieldType::U64(_) => "u64",
                FieldType::I64(_) => "i64",
                FieldType::Date(_) => "datetime",
                FieldType::Bool(_) => "bool",
                other => panic!("`{name}` has a type the test does not know: {other:?}"),
            };
            assert_eq!(mapping.kind, kind, "type of `{name}`");
        }
    }
    let unmapped: Vec<&String> = mappings.keys().filter(|k| !mapped.contains(*k)).collect();
    assert!(
        unmapped.is_empty(),
        "{QUICKWIT_CONFIG} maps fields the index does not have: {unmapped:?}"
    );
}

#[test]
fn exported_documents_have_exactly_the_mapped_fields() {
    let mapped: BTreeSet<String> = quickwit_mappings().into_keys().collect();
    for doc in json_lines(&stdout(&["export"])) {
        let mut keys: BTreeSet<String> = doc.as_object().unwrap().keys().cloned().collect();
        // The mail-only fields are absent from documents of other issues.
        keys.extend(backissues::model::field::MAIL_ONLY.map(String::from));
        assert_eq!(keys, mapped);
    }
}

#[test]
fn help_shows_an_example() {
    let help = stdout(&["export", "--help"]);
    assert!(help.contains("backissues export > links.ndjson"), "{help}");
}
