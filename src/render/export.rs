//! `export` output: one compact JSON object per document, one per line (NDJSON).

use std::io::{self, Write};

use crate::search::ExportDoc;

/// Writes `doc` as one line of JSON.
pub fn export_line(out: &mut dyn Write, doc: &ExportDoc) -> io::Result<()> {
    serde_json::to_writer(&mut *out, doc)?;
    writeln!(out)
}
