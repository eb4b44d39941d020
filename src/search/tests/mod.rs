//! Search behaviour on a small in-memory index, by layer: building a query, ranking and paging,
//! counting. This module holds the index and configurations they share.

use super::*;
use crate::index::schema::build_schema;
use crate::model::{day, LinkDoc};
use tantivy::Index;

fn link(url: &str, section: &str, date: &str, issue: u64, description: &str) -> LinkDoc {
    let domain = crate::urls::host(url);
    LinkDoc {
        url: url.into(),
        domain,
        section: section.into(),
        section_title: section.into(),
        date: day::parse(date),
        year: date[..4].parse().ok(),
        date_precision: Some(crate::model::DatePrecision::Day),
        issue: Some(issue),
        issue_title: format!("Issue {issue}"),
        title: None,
        description: description.into(),
        source: format!("{date}-issue-{issue}.md"),
        position: 1,
        newsletter: "weekly".into(),
        written_url: None,
        tracked: false,
    }
}

fn engine() -> Engine {
    let docs = [
        link(
            "https://github.com/a/kube-tool",
            "tools",
            "2020-11-08",
            515,
            "A tool to manage Kubernetes clusters.",
        ),
        link(
            "https://blog.example.com/deploys",
            "news",
            "2020-11-08",
            515,
            "Deploying services with canary deployments.",
        ),
        link(
            "https://sponsor.example.com/",
            "sponsor",
            "2020-11-08",
            515,
            "Kubernetes security for everyone.",
        ),
        link(
            "https://docs.github.com/actions",
            "news",
            "2019-04-28",
            435,
            "Continuous integration with GitHub Actions.",
        ),
        link(
            "https://github.com/a/kube-tool",
            "tools",
            "2019-04-28",
            435,
            "An earlier look at the Kubernetes tool.",
        ),
        link(
            "https://example.org/terraform-kubernetes",
            "news",
            "2020-03-22",
            482,
            "Infrastructure as code with Terraform.",
        ),
    ];
    engine_of(&docs)
}

fn engine_of(docs: &[LinkDoc]) -> Engine {
    engine_committing_every(docs, docs.len())
}

/// An engine whose index commits every `docs_per_segment` documents: one segment each.
fn engine_committing_every(docs: &[LinkDoc], docs_per_segment: usize) -> Engine {
    let schema = build_schema();
    let fields = IndexFields::new(&schema).unwrap();
    let index = Index::create_in_ram(schema);
    crate::index::analyzer::register(&index);
    let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
    for (i, doc) in docs.iter().enumerate() {
        let mut doc = doc.clone();
        doc.position = i as u32 + 1;
        writer
            .add_document(fields.to_document(&doc, Some(0)).unwrap())
            .unwrap();
        if (i + 1) % docs_per_segment.max(1) == 0 {
            writer.commit().unwrap();
        }
    }
    writer.commit().unwrap();
    Engine::new(index).unwrap()
}

fn urls(engine: &Engine, config: &QueryConfig) -> Vec<(String, String)> {
    match engine.search(config).unwrap() {
        Outcome::Hits(hits) => hits
            .into_iter()
            .map(|h| (h.doc.date.map(day::format).unwrap_or_default(), h.doc.url))
            .collect(),
        other => panic!("expected hits, got {other:?}"),
    }
}

/// Every appearance of each link as a hit (`--all`).
fn every() -> QueryConfig {
    QueryConfig {
        all: true,
        ..QueryConfig::default()
    }
}

fn words(text: &str) -> QueryConfig {
    QueryConfig {
        words: text.into(),
        ..every()
    }
}

/// One row per link (the default).
fn words_by_link(text: &str) -> QueryConfig {
    QueryConfig {
        words: text.into(),
        ..QueryConfig::default()
    }
}

mod count;
mod query;
mod rank;
