//! `export`: every document of the index that passes the filters, read back in index order,
//! with the fields another engine needs to rebuild what the index derives (the canonical URL,
//! the domain and its parents).
//!
//! Which index field travels in which exported field is written down here once, for the export
//! itself and for the test that holds `docs/quickwit-index.yaml` to the schema.

use serde::Serialize;
use tantivy::query::EnableScoring;
use tantivy::{DocAddress, DocId, Searcher};

use super::config::QueryConfig;
use super::query::Compiler;
use crate::index::documents::LinkReader;
use crate::index::recurring::RecurringLinks;
use crate::index::schema::{
    domain_and_parents, url_hash, IndexFields, HOST, SOURCE_HASH, URL_HASH, URL_WORDS,
};
use crate::model::{field, LinkDoc};
use crate::urls::canonical_url;

/// Exported field: the link's canonical URL (what the index's URL hash is a hash of).
pub const CANONICAL_URL: &str = "canonical_url";
/// Exported field: the host and every parent domain (what `domain:` matches in the index).
pub const DOMAINS: &str = "domains";

/// Index fields that reach the export under another field, which carries the same value or the
/// value they are derived from: `(index field, exported field)`.
pub const EXPORTED_AS: [(&str, &str); 4] = [
    (URL_WORDS, field::URL),
    (URL_HASH, CANONICAL_URL),
    (HOST, field::DOMAIN),
    (field::DOMAIN, DOMAINS),
];

/// Exported field: whether the link is recurring (from the index's recurring-links side table,
/// not a schema field).
pub const RECURRING: &str = "recurring";

/// Index fields that are not exported: ingest's own bookkeeping.
pub const NOT_EXPORTED: [&str; 1] = [SOURCE_HASH];

/// One exported document: every field of the link, then the derived ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportDoc {
    /// The link document, as `query` prints it.
    #[serde(flatten)]
    pub doc: LinkDoc,
    /// See [`CANONICAL_URL`].
    pub canonical_url: String,
    /// See [`DOMAINS`].
    pub domains: Vec<String>,
    /// True for a recurring link (the newsletter's furniture), which `query` leaves out unless
    /// `--include-recurring`.
    pub recurring: bool,
}

impl ExportDoc {
    /// The export form of `doc`; `recurring` says whether it is a recurring link.
    pub fn new(doc: LinkDoc, recurring: bool) -> Self {
        Self {
            recurring,
            canonical_url: canonical_url(&doc.url),
            domains: domain_and_parents(&doc.domain)
                .map(str::to_string)
                .collect(),
            doc,
        }
    }
}

/// Calls `each` with every document that passes the filters of `filters` (its words, sort
/// and paging are ignored; sponsor and recurring links are included), segment by segment in index order.
/// Returns how many there were.
pub(crate) fn export(
    searcher: &Searcher,
    fields: &IndexFields,
    compiler: &Compiler,
    recurring: &RecurringLinks,
    filters: &QueryConfig,
    each: &mut dyn FnMut(ExportDoc) -> anyhow::Result<()>,
) -> anyhow::Result<u64> {
    let config = QueryConfig {
        words: String::new(),
        include_sponsors: true,
        include_recurring: true,
        ..filters.clone()
    };
    let compiled = compiler.compile(&config)?;
    let weight = compiled
        .query
        .weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut exported = 0;
    let mut links = LinkReader::new(searcher, fields);
    for (ordinal, segment) in (0..).zip(searcher.segment_readers()) {
        let mut matching: Vec<DocId> = Vec::new();
        weight.for_each_no_score(segment, &mut |docs| matching.extend_from_slice(docs))?;
        if let Some(alive) = segment.alive_bitset() {
            matching.retain(|doc| alive.is_alive(*doc));
        }
        for doc in matching {
            let doc = links.get(DocAddress::new(ordinal, doc))?;
            let recurs = recurring.contains(Some(&doc.newsletter), url_hash(&doc.url));
            each(ExportDoc::new(doc, recurs))?;
            exported += 1;
        }
    }
    Ok(exported)
}
