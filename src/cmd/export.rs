//! `backissues export [FILTERS]`: every document of the index as NDJSON on stdout.

use std::path::Path;

use anyhow::Context;

use crate::cli::ExportArgs;
use crate::exit::ExitCode;
use crate::render;
use crate::search::Engine;

use super::{filters, output};

/// Streams the documents of the index at `index_dir` that pass the filters; exit code 0 when
/// any did, 1 when none did.
pub fn run(index_dir: &Path, args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let filters = filters::config(&args.filters)?;
    let engine = Engine::open(index_dir)?;
    let exported = output::to_stdout(|out| {
        engine.export(&filters, &mut |doc| {
            render::export_line(out, &doc).context(output::WRITING)
        })
    })?;
    if exported == 0 {
        eprintln!("backissues: no documents pass the filters");
        return Ok(ExitCode::NotFound);
    }
    Ok(ExitCode::Found)
}
