//! `backissues stats`: what the index holds.

use std::io::{self, Write};
use std::path::Path;

use anyhow::Context;

use crate::cli::StatsArgs;
use crate::exit::ExitCode;
use crate::render::{self, Format};

use super::query::open_engine;

/// Prints the statistics of the index at `index_dir`.
pub fn run(index_dir: &Path, args: &StatsArgs) -> anyhow::Result<ExitCode> {
    let stats = open_engine(index_dir)?.stats()?;
    let format = if args.json {
        Format::Json
    } else {
        args.format.into()
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    render::stats(&mut out, &stats, format).context("writing to stdout")?;
    out.flush().context("writing to stdout")?;
    Ok(ExitCode::Found)
}
