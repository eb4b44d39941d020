//! `seen` output: each draft link the index already holds, how many times it was featured, and
//! each earlier appearance, as a table, JSON, JSON Lines or TSV.

use std::io::{self, Write};

use comfy_table::{presets, CellAlignment, ContentArrangement, Table};
use serde::Serialize;

use super::text::clean;
use super::{tsv, Format};
use crate::model::{day, LinkDoc};
use crate::search::SeenLink;

/// The TSV columns of `seen`: one line per earlier appearance. New columns are only ever added
/// at the end.
pub const TSV_COLUMNS: [&str; 8] = [
    "url",
    "featured",
    "date",
    "issue",
    "section",
    "earlier_url",
    "issue_title",
    "source",
];

/// A seen link as JSON.
#[derive(Serialize)]
struct JsonSeen<'a> {
    url: &'a str,
    featured: usize,
    appearances: &'a [LinkDoc],
}

impl<'a> From<&'a SeenLink> for JsonSeen<'a> {
    fn from(link: &'a SeenLink) -> Self {
        Self {
            url: &link.url,
            featured: link.appearances.len(),
            appearances: &link.appearances,
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

/// One TSV line per earlier appearance, columns as [`TSV_COLUMNS`].
fn tsv_lines(out: &mut dyn Write, seen: &[SeenLink]) -> io::Result<()> {
    for link in seen {
        let featured = link.appearances.len().to_string();
        for doc in &link.appearances {
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
                ],
            )?;
        }
    }
    Ok(())
}

/// The table: per appearance, newest first, its date, issue and section; the first row of each
/// link also says how many times it was featured and, last so that a long URL never pushes the
/// other columns, the link as the draft writes it.
fn table(out: &mut dyn Write, seen: &[SeenLink]) -> io::Result<()> {
    let mut table = Table::new();
    table
        .load_preset(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled)
        .force_no_tty()
        .set_header(vec!["times", "date", "issue", "section", "link"]);
    for link in seen {
        for (i, doc) in link.appearances.iter().enumerate() {
            let (times, url) = if i == 0 {
                (link.appearances.len().to_string(), clean(&link.url))
            } else {
                (String::new(), String::new())
            };
            table.add_row(vec![
                times,
                doc.date.map_or_else(|| "-".to_string(), day::format),
                doc.issue.map_or_else(|| "-".to_string(), |n| n.to_string()),
                clean(&doc.section),
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
