//! Printing search results: a table for people, JSON or JSON Lines for programs; and the ingest's
//! summary line. Renderers read [`crate::search`] results (and an ingest's counts) only; they
//! never touch the parser or the index.

mod chart;
mod export;
mod json;
mod seen;
mod summary;
mod table;
pub mod text;
pub mod tsv;

use std::io::{self, IsTerminal, Write};

pub use chart::{trend, TrendFormat};
pub use export::export_line;
pub use seen::seen;
pub use summary::ingest_summary;

use crate::model::{day, DatePrecision, LinkDoc};
use crate::search::{FacetField, Hit, IndexStats, Outcome};

/// Width used when the terminal's is unknown (piped output, no `COLUMNS`).
pub const DEFAULT_WIDTH: usize = 80;

/// Output format of `query`, `stats` and `seen`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A table sized to the terminal (the default, also when piped).
    Table,
    /// One JSON array (one object for `stats`).
    Json,
    /// One JSON object per line.
    Jsonl,
    /// Tab-separated values, one line per hit (columns and escaping in docs/reference.md).
    Tsv,
}

/// When to colour highlights.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorWhen {
    /// When stdout is a terminal and `NO_COLOR` is not set.
    Auto,
    /// Always (still never with `NO_COLOR`).
    Always,
    /// Never.
    Never,
}

/// How the table looks: its width and whether highlights are coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Total width in columns.
    pub width: usize,
    /// Bold/colour highlights.
    pub color: bool,
}

impl Style {
    /// Looks at the environment: `COLUMNS` (a number) sets the width, else the terminal's width
    /// when stdout is one, else [`DEFAULT_WIDTH`]. Colour needs a terminal (or `--color
    /// always`) and no `NO_COLOR`.
    pub fn detect(color: ColorWhen) -> Self {
        let terminal = io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = !no_color
            && match color {
                ColorWhen::Auto => terminal,
                ColorWhen::Always => true,
                ColorWhen::Never => false,
            };
        let from_env = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<usize>().ok())
            .filter(|w| *w > 0);
        let from_terminal = || {
            terminal
                .then(|| comfy_table::Table::new().width())
                .flatten()
                .map(usize::from)
        };
        let width = from_env.or_else(from_terminal).unwrap_or(DEFAULT_WIDTH);
        Self { width, color }
    }
}

/// Writes a search outcome in `format`.
pub fn outcome(
    out: &mut dyn Write,
    outcome: &Outcome,
    format: Format,
    style: Style,
) -> io::Result<()> {
    match outcome {
        Outcome::Hits(hits) => self::hits(out, hits, format, style),
        Outcome::Count(count) => writeln!(out, "{count}"),
        Outcome::Facet { field, counts, .. } => match format {
            Format::Table => table::facet(out, facet_name(*field), counts),
            Format::Json => json::facet_array(out, counts),
            Format::Jsonl => json::facet_lines(out, counts),
            Format::Tsv => tsv::facet(out, counts),
        },
    }
}

/// Writes hits in `format`.
pub fn hits(out: &mut dyn Write, hits: &[Hit], format: Format, style: Style) -> io::Result<()> {
    match format {
        Format::Table => table::hits(out, hits, style),
        Format::Json => json::hit_array(out, hits),
        Format::Jsonl => json::hit_lines(out, hits),
        Format::Tsv => tsv::hits(out, hits),
    }
}

/// Writes index statistics in `format` (JSON Lines prints the one object on one line); the table
/// lists the `sections` largest sections when given (JSON and TSV list every one).
pub fn stats(
    out: &mut dyn Write,
    stats: &IndexStats,
    format: Format,
    sections: Option<usize>,
) -> io::Result<()> {
    match format {
        Format::Table => table::stats(out, stats, sections),
        Format::Json => json::stats(out, stats, true),
        Format::Jsonl => json::stats(out, stats, false),
        Format::Tsv => tsv::stats(out, stats),
    }
}

/// Writes the TSV header line that names the columns of `outcome` (`--header`).
pub fn tsv_header(out: &mut dyn Write, outcome: &Outcome) -> io::Result<()> {
    match outcome {
        Outcome::Hits(_) => tsv::line(out, &tsv::HIT_COLUMNS),
        Outcome::Count(_) => tsv::line(out, &["count"]),
        Outcome::Facet { field, .. } => tsv::line(out, &facet_columns(*field)),
    }
}

/// A hit's date as far as it is known (`2024-06-15`, `2024-06`, `2016`), `-` when it has none:
/// the table's and the finder's date column.
pub fn shown_date(doc: &LinkDoc) -> String {
    match doc.date {
        Some(date) => day::format_as(date, doc.date_precision.unwrap_or(DatePrecision::Day)),
        None => "-".to_string(),
    }
}

/// `×3` for a link that three issues featured; empty for a link seen once (and with `--all`,
/// where every appearance is a row): the table's and the finder's mark.
pub fn appearances_mark(hit: &Hit) -> String {
    match hit.appearances.as_deref() {
        Some(issues) if issues.len() > 1 => format!("×{}", issues.len()),
        _ => String::new(),
    }
}

/// The TSV columns of a facet: the value, `links`, and for domains `tracked` (how many of the
/// links go through a tracker, [`crate::search::FacetCount::tracked`]).
fn facet_columns(field: FacetField) -> Vec<&'static str> {
    let mut columns = vec![facet_name(field), "links"];
    if field == FacetField::Domain {
        columns.push("tracked");
    }
    columns
}

/// The header of a facet's value column.
fn facet_name(field: FacetField) -> &'static str {
    match field {
        FacetField::Section => "section",
        FacetField::Year => "year",
        FacetField::Domain => "domain",
        FacetField::Newsletter => "newsletter",
    }
}
