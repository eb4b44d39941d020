//! `backissues stats`: what the index holds.

use std::path::Path;

use anyhow::Context;

use crate::cli::StatsArgs;
use crate::exit::ExitCode;
use crate::render;
use crate::search::Engine;

use super::output;

/// Prints the statistics of the index at `index_dir`.
pub fn run(index_dir: &Path, args: &StatsArgs) -> anyhow::Result<ExitCode> {
    let stats = Engine::open(index_dir)?.stats()?;
    let format = output::format(args.json, args.format);
    output::to_stdout(|out| {
        render::stats(out, &stats, format, args.sections.0).context(output::WRITING)
    })?;
    Ok(ExitCode::Found)
}
