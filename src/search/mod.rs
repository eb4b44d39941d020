//! The search side: a [`QueryConfig`] in, narrow results out ([`Hit`]s, a count, facet counts,
//! or index statistics). Renderers print these; nothing here prints or parses issue files.
//!
//! By concern: [`hits`] ranks and pages, [`unique`] keeps one row per link and lists its
//! appearances, [`snippets`] cuts the fragment shown, [`facets`] counts by a field, [`stats`]
//! summarizes the whole index.

mod advice;
mod config;
mod counts;
mod export;
mod facets;
mod forward_only;
mod hits;
mod like;
mod newest;
mod newsletters;
mod query;
mod sections;
mod seen;
mod snippets;
mod stats;
mod trend;
mod unique;

use std::path::Path;

use anyhow::{bail, Context};
use tantivy::collector::Count;
use tantivy::{Index, IndexReader, ReloadPolicy};

pub use advice::{with_prefix, Advice};
pub use config::{FacetField, Mode, QueryConfig, Sort, YearRange, DEFAULT_LIMIT};
pub use export::{ExportDoc, CANONICAL_URL, DOMAINS, EXPORTED_AS, NOT_EXPORTED, RECURRING};
pub use facets::FacetCount;
pub use hits::Hit;
pub use sections::leaf as section_leaf;
pub use seen::{DraftLink, SeenLink};
pub use stats::{IndexStats, NewsletterStats, RecurringCount};
pub use trend::{Period, Series, Trend};
pub use unique::Appearance;

use crate::index::recurring::RecurringLinks;
use crate::index::schema::IndexFields;
use crate::index::store::open_for_reading;
use counts::DistinctCount;
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
        let named;
        let config = if config.sections.is_empty() && config.newsletters.is_empty() {
            config
        } else {
            named = QueryConfig {
                sections: sections::with_nested(&searcher, self.fields.section, &config.sections)?,
                newsletters: newsletters::with_same_names(
                    &searcher,
                    self.fields.newsletter,
                    &config.newsletters,
                )?,
                ..config.clone()
            };
            &named
        };
        let compiled = self.compiler.compile(config)?;
        let compiled = match &config.like {
            Some(url) => self.like(&searcher, compiled, url)?,
            None => compiled,
        };
        match config.mode {
            Mode::Count if !config.all => Ok(Outcome::Count(
                searcher.search(&*compiled.query, &DistinctCount)?,
            )),
            Mode::Count => Ok(Outcome::Count(
                searcher.search(&*compiled.query, &Count)? as u64
            )),
            Mode::Facet(field) => Ok(Outcome::Facet {
                field,
                counts: facets::facet(&searcher, &*compiled.query, field, config.all)?,
            }),
            Mode::Hits => Ok(Outcome::Hits(self.hits(&searcher, config, &compiled)?)),
        }
    }
}

#[cfg(test)]
mod tests;
