//! `seen` output: each draft link the index already holds, how many times it was featured, and
//! each earlier appearance, as a table, JSON, JSON Lines or TSV.

use std::io::{self, Write};

use comfy_table::{presets, CellAlignment, ContentArrangement, Table};
use serde::Serialize;

use super::text::clean;
use super::{tsv, Format};
use crate::model::{day, LinkDoc};
use crate::search::{section_leaf, SeenLink};

/// The TSV columns of `seen`: one line per appearance, `when` saying whether it is `before` the
/// draft or `later` (on or after a dated draft's day). New columns are only ever added at the
/// end.
pub const TSV_COLUMNS: [&str; 10] = [
    "url",
    "featured",
    "date",
    "issue",
    "section",
    "earlier_url",
    "issue_title",
    "source",
    "newsletter",
    "when",
];

/// A seen link as JSON: `featured` counts the earlier appearances; `later` lists those on or
/// after the draft's date.
#[derive(Serialize)]
struct JsonSeen<'a> {
    url: &'a str,
    featured: usize,
    appearances: &'a [LinkDoc],
    later: &'a [LinkDoc],
}

impl<'a> From<&'a SeenLink> for JsonSeen<'a> {
    fn from(link: &'a SeenLink) -> Self {
        Self {
            url: &link.url,
            featured: link.appearances.len(),
            appearances: &link.appearances,
            later: &link.later,
        }
    }
}

/// Writes the seen links in `format`; `header` adds the column names to TSV.
pub fn seen(
    out: &mut dyn Write,
    seen: &[SeenLink],
    format: Format,
    header: bool,
) -> io::Result<()> {
    match format {
        Format::Table => table(out, seen),
        Format::Json => {
            let all: Vec<JsonSeen> = seen.iter().map(JsonSeen::from).collect();
            serde_json::to_writer_pretty(&mut *out, &all)?;
            writeln!(out)
        }
        Format::Jsonl => {
            for link in seen {
                serde_json::to_writer(&mut *out, &JsonSeen::from(link))?;
                writeln!(out)?;
            }
            Ok(())
        }
        Format::Tsv => {
            if header {
                tsv::line(out, &TSV_COLUMNS)?;
            }
            tsv_lines(out, seen)
        }
    }
}

/// One TSV line per appearance, earlier ones first, columns as [`TSV_COLUMNS`].
fn tsv_lines(out: &mut dyn Write, seen: &[SeenLink]) -> io::Result<()> {
    for link in seen {
        let featured = link.appearances.len().to_string();
        let before = link.appearances.iter().map(|doc| (doc, "before"));
        let later = link.later.iter().map(|doc| (doc, "later"));
        for (doc, when) in before.chain(later) {
            let issue = doc.issue.map(|n| n.to_string()).unwrap_or_default();
            tsv::line(
                out,
                &[
                    link.url.as_str(),
                    &featured,
                    &doc.date.map(day::format).unwrap_or_default(),
                    &issue,
                    &doc.section,
                    &doc.url,
                    &doc.issue_title,
                    &doc.source,
                    &doc.newsletter,
                    when,
                ],
            )?;
        }
    }
    Ok(())
}

/// The table: per appearance, newest first, its date, issue, section (its most specific part,
/// as `query` shows it) and newsletter; the first row of each link also says how many times it
/// was featured and, last so that a long URL never pushes the other columns, the link as the
/// draft writes it. Appearances on or after a dated draft follow in a second table of their own.
fn table(out: &mut dyn Write, seen: &[SeenLink]) -> io::Result<()> {
    let earlier: Vec<(&str, &[LinkDoc])> = seen
        .iter()
        .filter(|link| link.featured_before())
        .map(|link| (link.url.as_str(), link.appearances.as_slice()))
        .collect();
    let later: Vec<(&str, &[LinkDoc])> = seen
        .iter()
        .filter(|link| !link.later.is_empty())
        .map(|link| (link.url.as_str(), link.later.as_slice()))
        .collect();
    if !earlier.is_empty() {
        appearance_table(out, &earlier)?;
    }
    if !later.is_empty() {
        if !earlier.is_empty() {
            writeln!(out)?;
        }
        writeln!(out, "Featured again later (on or after the draft's date):")?;
        appearance_table(out, &later)?;
    }
    Ok(())
}

/// One table of links and their appearances (see [`table`]).
fn appearance_table(out: &mut dyn Write, links: &[(&str, &[LinkDoc])]) -> io::Result<()> {
    let mut table = Table::new();
    table
        .load_preset(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled)
        .force_no_tty()
        .set_header(vec![
            "times",
            "date",
            "issue",
            "section",
            "newsletter",
            "link",
        ]);
    for (url, appearances) in links {
        for (i, doc) in appearances.iter().enumerate() {
            let (times, url) = if i == 0 {
                (appearances.len().to_string(), clean(url))
            } else {
                (String::new(), String::new())
            };
            table.add_row(vec![
                times,
                doc.date.map_or_else(|| "-".to_string(), day::format),
                doc.issue.map_or_else(|| "-".to_string(), |n| n.to_string()),
                clean(section_leaf(&doc.section)),
                clean(&doc.newsletter),
                url,
            ]);
        }
    }
    for col in [0, 2] {
        if let Some(column) = table.column_mut(col) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    for line in table.lines() {
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}
