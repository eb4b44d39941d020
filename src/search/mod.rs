//! The search side: a [`QueryConfig`] in, narrow results out ([`Hit`]s, a count, facet counts,
//! index statistics, a trend, seen links or an export). Renderers print these; nothing here
//! prints or parses issue files.
//!
//! Three layers, arrows one way: [`query`] builds one Tantivy query from a configuration;
//! [`rank`] ranks and pages the hits of that query; [`count`] counts its matches (by field, per
//! period, or over the whole index). Beside them: [`config`] (what a search asks for, read by
//! all three), [`advice`] (what to try when nothing matched), [`seen`] (a draft's links the
//! index holds) and [`export`] (every matching document). [`Engine`] holds the index and its
//! public methods, each a call into one of these.

mod advice;
mod config;
mod count;
mod export;
mod query;
mod rank;
mod seen;

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{bail, Context};
use tantivy::{Index, IndexReader, ReloadPolicy};

pub use advice::{with_prefix, Advice};
pub use config::{FacetField, Mode, QueryConfig, Sort, YearRange, DEFAULT_LIMIT};
pub use count::{FacetCount, IndexStats, NewsletterStats, Period, RecurringCount, Series, Trend};
pub use export::{ExportDoc, CANONICAL_URL, DOMAINS, EXPORTED_AS, NOT_EXPORTED, RECURRING};
pub use query::nested_sections::leaf as section_leaf;
pub use rank::{Appearance, Hit};
pub use seen::{DraftLink, SeenLink};

use crate::index::recurring::RecurringLinks;
use crate::index::schema::IndexFields;
use crate::index::store::open_for_reading;
use query::nested_sections::indexed_values;
use query::Compiler;

/// What a search produced, by [`Mode`].
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The page of hits asked for.
    Hits(Vec<Hit>),
    /// The number of matching links.
    Count(u64),
    /// Counts per value, for `field`.
    Facet {
        /// The field counted by.
        field: FacetField,
        /// The values and their counts.
        counts: Vec<FacetCount>,
        /// How many of all the matching links are tracked (by domain; 0 for the other fields).
        tracked: u64,
    },
}

impl Outcome {
    /// True when nothing matched (exit code 1).
    pub fn is_empty(&self) -> bool {
        match self {
            Outcome::Hits(hits) => hits.is_empty(),
            Outcome::Count(count) => *count == 0,
            Outcome::Facet { counts, .. } => counts.is_empty(),
        }
    }
}

/// What the search step gives `query` and the finder: the outcome and, when nothing matched,
/// what to tell the user.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// The hits, count or facet counts.
    pub outcome: Outcome,
    /// Set when [`Outcome::is_empty`].
    pub advice: Option<Advice>,
}

/// A searchable index: its reader, fields and query compiler.
pub struct Engine {
    reader: IndexReader,
    fields: IndexFields,
    compiler: Compiler,
    recurring: RecurringLinks,
}

impl Engine {
    /// Opens the index at `index_dir` for searching, with its recurring links; an index without
    /// documents is reported like a missing one.
    pub fn open(index_dir: &Path) -> anyhow::Result<Self> {
        let (index, reader) = open_for_reading(index_dir)?;
        let engine =
            Self::with_reader(&index, reader)?.with_recurring(RecurringLinks::load(index_dir)?);
        if engine.is_empty() {
            bail!(
                "the index at {} holds no links: run `backissues ingest PATH` first",
                index_dir.display()
            );
        }
        Ok(engine)
    }

    /// Prepares `index` for searching; fails if it is not a backissues index.
    pub fn new(index: Index) -> anyhow::Result<Self> {
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .context("opening the index for reading")?;
        Self::with_reader(&index, reader)
    }

    /// Searches `index` through `reader` (opened once, by the checks of
    /// [`crate::index::store::open_for_reading`]).
    pub fn with_reader(index: &Index, reader: IndexReader) -> anyhow::Result<Self> {
        let fields = IndexFields::new(&index.schema())?;
        // Never reloaded: the searcher the compiler sees is the one every search uses.
        let compiler = Compiler::new(index, &fields, &reader.searcher())?;
        Ok(Self {
            reader,
            fields,
            compiler,
            recurring: RecurringLinks::default(),
        })
    }

    /// Uses `recurring` (the index's side table) to leave recurring links out by default and to
    /// mark them when asked for.
    pub fn with_recurring(mut self, recurring: RecurringLinks) -> Self {
        self.compiler
            .exclude_recurring(recurring.matching(self.reader.searcher().schema()));
        self.recurring = recurring;
        self
    }

    /// True when the index holds no documents.
    pub fn is_empty(&self) -> bool {
        self.reader.searcher().num_docs() == 0
    }

    /// The one search step of `query` and the finder: [`Self::search`], then
    /// [`Self::advise`] when nothing matched, so both commands rank and advise alike.
    pub fn find(&self, config: &QueryConfig) -> anyhow::Result<Found> {
        let outcome = self.search(config)?;
        let advice = if outcome.is_empty() {
            Some(self.advise(config)?)
        } else {
            None
        };
        Ok(Found { outcome, advice })
    }

    /// Runs the search `config` describes.
    pub fn search(&self, config: &QueryConfig) -> anyhow::Result<Outcome> {
        let searcher = self.reader.searcher();
        let compiled = self.compiler.build(&searcher, config)?;
        let query = &*compiled.query;
        Ok(match config.mode {
            Mode::Count => Outcome::Count(count::links(&searcher, query, config.all)?),
            Mode::Facet(field) => {
                let count::Facet { counts, tracked } =
                    count::facet(&searcher, query, field, config.all, self.fields.tracked)?;
                Outcome::Facet {
                    field,
                    counts,
                    tracked,
                }
            }
            Mode::Hits => Outcome::Hits(rank::hits(
                &searcher,
                &self.fields,
                &self.recurring,
                config,
                &compiled,
            )?),
        })
    }

    /// What to tell a user whose search `config` found nothing (an unknown filter value or URL,
    /// a filter that excludes everything, a prefix that finds links, `--fuzzy`).
    pub fn advise(&self, config: &QueryConfig) -> anyhow::Result<Advice> {
        advice::advise(&self.reader.searcher(), &self.fields, config, |config| {
            self.search(config)
        })
    }

    /// The newsletters the index holds, by name (from the term dictionary: no document is
    /// read), so the finder knows at start whether rows must name theirs.
    pub fn newsletters(&self) -> anyhow::Result<BTreeSet<String>> {
        indexed_values(&self.reader.searcher(), self.fields.newsletter)
    }

    /// The links of `links` that the index already holds, in the order given, each with its
    /// earlier and later appearances; recurring links count only with `include_recurring`.
    pub fn seen(
        &self,
        links: &[DraftLink],
        include_recurring: bool,
    ) -> anyhow::Result<Vec<SeenLink>> {
        seen::seen(
            &self.reader.searcher(),
            &self.fields,
            &self.compiler,
            &self.recurring,
            links,
            include_recurring,
        )
    }

    /// Calls `each` with every document that passes the filters of `filters` (its words, sort
    /// and paging are ignored; sponsor and recurring links are included), segment by segment in
    /// index order. Returns how many there were.
    pub fn export(
        &self,
        filters: &QueryConfig,
        each: &mut dyn FnMut(ExportDoc) -> anyhow::Result<()>,
    ) -> anyhow::Result<u64> {
        export::export(
            &self.reader.searcher(),
            &self.fields,
            &self.compiler,
            &self.recurring,
            filters,
            each,
        )
    }

    /// Counts the whole index for `stats`.
    pub fn stats(&self) -> anyhow::Result<IndexStats> {
        count::stats(&self.reader.searcher(), &self.fields, &self.recurring)
    }

    /// Counts, per `period`, the links that pass the filters of `filters` and match each of
    /// `queries` (distinct links, or every appearance with `filters.all`).
    pub fn trend(
        &self,
        filters: &QueryConfig,
        queries: &[String],
        period: Period,
    ) -> anyhow::Result<Trend> {
        count::trend(
            &self.reader.searcher(),
            &self.compiler,
            filters,
            queries,
            period,
        )
    }
}

#[cfg(test)]
mod tests;
