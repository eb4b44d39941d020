//! Recurring links: the newsletter's own furniture (its events calendar, contributing guide,
//! editor's profile, subscribe and social links), found by recurrence instead of by a list of
//! phrases, and kept in a small side table in the index folder.
//!
//! **The rule.** A link (canonical URL, see [`crate::urls::canonical_url`]) is recurring when
//! it appears in at least [`MIN_ISSUES`] issues and in at least [`MIN_SHARE_PERCENT`] % of the
//! issues of its newsletter (issues are source files; newsletters are told apart by the
//! `newsletter` field, see [`GROUP_FIELD`]). An article is featured in one to three issues;
//! furniture is in most of them. The floor of five issues
//! keeps a small archive's repeated articles: in ten issues, a link in two of them is an
//! article featured twice, not furniture.
//!
//! The table is rebuilt from the index after each ingest ([`rebuild`]) and written atomically
//! (a temporary file renamed over it), so a reader sees the old table or the new one, never a
//! half-written one. Queries leave these links out by default, like sponsor links.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::Write;
use std::path::Path;

use anyhow::{anyhow, Context};
use serde::{Deserialize, Serialize};
use tantivy::collector::sort_key::SortByStaticFastValue;
use tantivy::collector::{Collector, SegmentCollector, TopDocs};
use tantivy::columnar::{Column, StrColumn};
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Schema, Value};
use tantivy::{
    DateTime, DocId, Index, Order, Score, SegmentOrdinal, SegmentReader, TantivyDocument, Term,
};

use super::schema::{IndexFields, URL_HASH};
use crate::model::field;

/// Name of the side table in the index folder.
pub const RECURRING_FILE: &str = "recurring.json";

/// A recurring link appears in at least this many issues of its newsletter...
pub const MIN_ISSUES: u64 = 5;

/// ...and in at least this share of them, in percent.
pub const MIN_SHARE_PERCENT: u64 = 20;

/// The field that tells newsletters apart: recurrence is counted per newsletter (`None` would
/// count the whole index as one).
const GROUP_FIELD: Option<&str> = Some(field::NEWSLETTER);

/// Version of the side table's layout.
const TABLE_VERSION: u32 = 1;

/// One recurring link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecurringLink {
    /// The newsletter it recurs in (`None` when recurrence is counted over the whole index).
    pub newsletter: Option<String>,
    /// The hash of its canonical URL ([`super::schema::url_hash`]).
    pub url_hash: u64,
    /// One of the URLs it was written as.
    pub url: String,
    /// How many issues of the newsletter feature it.
    pub issues: u64,
    /// How many issues the newsletter has.
    pub of_issues: u64,
}

/// The side table: every recurring link, most issues first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecurringLinks {
    /// Layout version ([`TABLE_VERSION`]).
    version: u32,
    /// The field newsletters are told apart by, when any.
    group_field: Option<String>,
    /// The recurring links.
    pub links: Vec<RecurringLink>,
}

impl RecurringLinks {
    /// The table of the index folder `dir`; an index without one (nothing ingested since it was
    /// made) has no recurring links.
    pub fn load(dir: &Path) -> anyhow::Result<Self> {
        let path = dir.join(RECURRING_FILE);
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(err) => return Err(anyhow!("cannot read {}: {err}", path.display())),
        };
        let table: Self = serde_json::from_str(&text).map_err(|err| {
            anyhow!(
                "{} is damaged ({err}); run `backissues ingest PATH` again to rebuild it",
                path.display()
            )
        })?;
        if table.version != TABLE_VERSION {
            return Err(anyhow!(
                "{} was written by another version of backissues; run `backissues ingest PATH` again",
                path.display()
            ));
        }
        Ok(table)
    }

    /// True when the link of `url_hash` recurs in `newsletter` (or in the whole index).
    pub fn contains(&self, newsletter: Option<&str>, url_hash: u64) -> bool {
        self.links.iter().any(|link| {
            link.url_hash == url_hash
                && (link.newsletter.is_none() || link.newsletter.as_deref() == newsletter)
        })
    }

    /// A query matching every appearance of a recurring link in the newsletter it recurs in;
    /// `None` when there is none.
    pub fn matching(&self, schema: &Schema) -> Option<Box<dyn Query>> {
        let url_hash = schema.get_field(URL_HASH).ok()?;
        let mut by_group: HashMap<Option<&str>, Vec<Term>> = HashMap::new();
        for link in &self.links {
            by_group
                .entry(link.newsletter.as_deref())
                .or_default()
                .push(Term::from_field_u64(url_hash, link.url_hash));
        }
        let group_field = self
            .group_field
            .as_deref()
            .and_then(|name| schema.get_field(name).ok());
        let clauses: Vec<(Occur, Box<dyn Query>)> = by_group
            .into_iter()
            .map(|(group, terms)| {
                let links: Box<dyn Query> = Box::new(BooleanQuery::new_multiterms_query(terms));
                let query = match (group, group_field) {
                    (Some(group), Some(field)) => Box::new(BooleanQuery::new(vec![
                        (Occur::Must, links),
                        (
                            Occur::Must,
                            Box::new(TermQuery::new(
                                Term::from_field_text(field, group),
                                IndexRecordOption::Basic,
                            )),
                        ),
                    ])),
                    _ => links,
                };
                (Occur::Should, query)
            })
            .collect();
        (!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
    }
}

/// Recomputes the recurring links of the index in `dir` from its last commit and writes the
/// table atomically. Called at the end of every ingest that writes.
pub fn rebuild(dir: &Path) -> anyhow::Result<RecurringLinks> {
    let table = compute(&super::open_existing(dir)?)?;
    write_atomically(dir, &table)?;
    Ok(table)
}

/// The recurring links of `index`, by the rule of this module.
pub fn compute(index: &Index) -> anyhow::Result<RecurringLinks> {
    let fields = IndexFields::new(&index.schema())?;
    let reader = index
        .reader()
        .context("cannot read the index to find recurring links")?;
    let searcher = reader.searcher();
    let (mut triples, group_names) = searcher.search(&AllQuery, &Appearances)?;
    triples.sort_unstable();
    triples.dedup();
    let mut issues: HashMap<u64, HashSet<u64>> = HashMap::new();
    let mut featured: HashMap<(u64, u64), u64> = HashMap::new();
    for &(group, source, hash) in &triples {
        issues.entry(group).or_default().insert(source);
        *featured.entry((group, hash)).or_default() += 1;
    }
    let mut links = Vec::new();
    for ((group, hash), count) in featured {
        let of_issues = issues.get(&group).map_or(0, |sources| sources.len() as u64);
        if count >= MIN_ISSUES && count * 100 >= of_issues * MIN_SHARE_PERCENT {
            links.push(RecurringLink {
                newsletter: GROUP_FIELD.and(group_names.get(&group).cloned()),
                url_hash: hash,
                url: written_url(&searcher, &fields, hash)?,
                issues: count,
                of_issues,
            });
        }
    }
    links.sort_by(|a, b| {
        b.issues
            .cmp(&a.issues)
            .then_with(|| a.url.cmp(&b.url))
            .then_with(|| a.newsletter.cmp(&b.newsletter))
    });
    Ok(RecurringLinks {
        version: TABLE_VERSION,
        group_field: GROUP_FIELD.map(str::to_string),
        links,
    })
}

/// One URL the link of `hash` was written as (in its oldest issue).
fn written_url(
    searcher: &tantivy::Searcher,
    fields: &IndexFields,
    hash: u64,
) -> anyhow::Result<String> {
    let query = TermQuery::new(
        Term::from_field_u64(fields.url_hash, hash),
        IndexRecordOption::Basic,
    );
    let oldest = TopDocs::with_limit(1).order_by((
        SortByStaticFastValue::<DateTime>::for_field(field::DATE),
        Order::Asc,
    ));
    let Some((_, address)) = searcher.search(&query, &oldest)?.into_iter().next() else {
        return Ok(String::new());
    };
    let doc: TantivyDocument = searcher.doc(address)?;
    Ok(doc
        .get_first(fields.url)
        .and_then(|value| value.as_str())
        .unwrap_or_default()
        .to_string())
}

/// Writes `table` to a temporary file in `dir`, flushed to disk, then renames it over
/// [`RECURRING_FILE`].
fn write_atomically(dir: &Path, table: &RecurringLinks) -> anyhow::Result<()> {
    let target = dir.join(RECURRING_FILE);
    let temporary = dir.join(format!("{RECURRING_FILE}.tmp-{}", std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut file = fs::File::create(&temporary)?;
        serde_json::to_writer(&mut file, table)?;
        file.write_all(b"\n")?;
        file.sync_all()?;
        fs::rename(&temporary, &target)
    };
    write().map_err(|err| {
        let _ = fs::remove_file(&temporary);
        anyhow!(
            "cannot write the table of recurring links {}: {err}",
            target.display()
        )
    })
}

/// (newsletter, source file, URL hash) of every document, names as 64-bit hashes, and the
/// name of each newsletter hash.
type Found = (Vec<(u64, u64, u64)>, HashMap<u64, String>);

/// Collects (newsletter, source file, URL hash) of every document.
struct Appearances;

/// [`Appearances`] for one segment: the ordinals and hash of each document, names resolved at
/// harvest (each dictionary read once).
struct SegmentAppearances {
    groups: Option<StrColumn>,
    sources: Option<StrColumn>,
    hashes: Column<u64>,
    found: Vec<(u64, u64, u64)>,
}

impl Collector for Appearances {
    type Fruit = Found;
    type Child = SegmentAppearances;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentAppearances> {
        let fast = reader.fast_fields();
        Ok(SegmentAppearances {
            groups: match GROUP_FIELD {
                Some(name) => fast.str(name)?,
                None => None,
            },
            sources: fast.str(field::SOURCE)?,
            hashes: fast.u64(URL_HASH)?,
            found: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Found>) -> tantivy::Result<Found> {
        let mut all = (Vec::new(), HashMap::new());
        for (found, names) in fruits {
            all.0.extend(found);
            all.1.extend(names);
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentAppearances {
    type Fruit = Found;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let ord = |column: &Option<StrColumn>| {
            column
                .as_ref()
                .and_then(|c| c.term_ords(doc).next())
                .unwrap_or(0)
        };
        if let Some(hash) = self.hashes.first(doc) {
            self.found
                .push((ord(&self.groups), ord(&self.sources), hash));
        }
    }

    fn harvest(self) -> Found {
        let source_names = names(&self.sources);
        let group_names = names(&self.groups);
        let name_hash = |names: &[String], ord: u64| {
            usize::try_from(ord)
                .ok()
                .and_then(|i| names.get(i))
                .map_or(0, |name| name_hash_of(name))
        };
        let found = self
            .found
            .into_iter()
            .map(|(group, source, hash)| {
                (
                    name_hash(&group_names, group),
                    name_hash(&source_names, source),
                    hash,
                )
            })
            .collect();
        let groups = group_names
            .into_iter()
            .map(|name| (name_hash_of(&name), name))
            .collect();
        (found, groups)
    }
}

/// Every term of a string column's dictionary, by ordinal.
fn names(column: &Option<StrColumn>) -> Vec<String> {
    let Some(column) = column else {
        return Vec::new();
    };
    let ords: Vec<u64> = (0..column.num_terms() as u64).collect();
    let mut names = Vec::with_capacity(ords.len());
    let _ = column.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
        names.push(String::from_utf8_lossy(bytes).into_owned());
    });
    names
}

/// A 64-bit hash of a newsletter or source name.
fn name_hash_of(name: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = rustc_hash::FxHasher::default();
    name.hash(&mut hasher);
    hasher.finish()
}
