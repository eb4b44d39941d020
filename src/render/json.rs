//! JSON and JSON Lines output: each hit is every document field plus `score`, `snippet`,
//! `highlights`, and (unless `--all`) the link's `appearances`, `first`, `last` and `issues`.

use std::io::{self, Write};

use serde::Serialize;

use crate::model::LinkDoc;
use crate::search::{Appearance, FacetCount, Hit, IndexStats};

/// A hit as JSON: the document's fields first, in [`crate::model::field::ALL`] order.
#[derive(Serialize)]
struct JsonHit<'a> {
    #[serde(flatten)]
    doc: &'a LinkDoc,
    score: Option<f32>,
    snippet: &'a str,
    highlights: Vec<[usize; 2]>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    appearances: Option<JsonAppearances<'a>>,
}

/// A link's appearances as JSON: how many issues featured it, the first and last dates, and
/// every issue, oldest first.
#[derive(Serialize)]
struct JsonAppearances<'a> {
    appearances: usize,
    first: Option<&'a str>,
    last: Option<&'a str>,
    issues: &'a [Appearance],
}

impl<'a> JsonAppearances<'a> {
    fn new(issues: &'a [Appearance]) -> Self {
        Self {
            appearances: issues.len(),
            first: issues.iter().find_map(|a| a.date.as_deref()),
            last: issues.iter().rev().find_map(|a| a.date.as_deref()),
            issues,
        }
    }
}

impl<'a> From<&'a Hit> for JsonHit<'a> {
    fn from(hit: &'a Hit) -> Self {
        Self {
            doc: &hit.doc,
            score: hit.score,
            snippet: &hit.snippet,
            highlights: hit.highlights.iter().map(|r| [r.start, r.end]).collect(),
            appearances: hit.appearances.as_deref().map(JsonAppearances::new),
        }
    }
}

/// All hits as one pretty-printed JSON array.
pub fn hit_array(out: &mut dyn Write, hits: &[Hit]) -> io::Result<()> {
    let hits: Vec<JsonHit> = hits.iter().map(JsonHit::from).collect();
    serde_json::to_writer_pretty(&mut *out, &hits)?;
    writeln!(out)
}

/// One compact JSON object per hit, one per line.
pub fn hit_lines(out: &mut dyn Write, hits: &[Hit]) -> io::Result<()> {
    for hit in hits {
        serde_json::to_writer(&mut *out, &JsonHit::from(hit))?;
        writeln!(out)?;
    }
    Ok(())
}

/// Facet counts as one JSON array of `{"value", "count"}` objects.
pub fn facet_array(out: &mut dyn Write, counts: &[FacetCount]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, counts)?;
    writeln!(out)
}

/// Facet counts, one `{"value", "count"}` object per line.
pub fn facet_lines(out: &mut dyn Write, counts: &[FacetCount]) -> io::Result<()> {
    for count in counts {
        serde_json::to_writer(&mut *out, count)?;
        writeln!(out)?;
    }
    Ok(())
}

/// Index statistics as one JSON object, pretty or on one line.
pub fn stats(out: &mut dyn Write, stats: &IndexStats, pretty: bool) -> io::Result<()> {
    if pretty {
        serde_json::to_writer_pretty(&mut *out, stats)?;
    } else {
        serde_json::to_writer(&mut *out, stats)?;
    }
    writeln!(out)
}
