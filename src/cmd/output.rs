//! Standard output for every command (xsv's `io_writer`): locked and buffered once, flushed at
//! the end, write errors named as such (so a closed pipe is recognized and ends quietly); and
//! the one reading of `--json` and of `--header`.

use std::io::{self, Write};

use anyhow::{bail, Context};

use crate::cli::FormatArg;
use crate::render::Format;

/// How a failed write to stdout is reported.
pub(super) const WRITING: &str = "writing to stdout";

/// Runs `write` on standard output, locked and buffered, then flushes it; returns what `write`
/// returned.
pub(super) fn to_stdout<T>(
    write: impl FnOnce(&mut dyn Write) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    let value = write(&mut out)?;
    out.flush().context(WRITING)?;
    Ok(value)
}

/// The output format asked for: `--json` is `--format json`.
pub(super) fn format(json: bool, format: FormatArg) -> Format {
    if json {
        Format::Json
    } else {
        format.into()
    }
}

/// Refuses `--header` without `--format tsv` (`query` and `seen`): the header names the TSV
/// columns, and other formats have their own.
pub(super) fn check_header(header: bool, format: FormatArg) -> anyhow::Result<()> {
    if header && format != FormatArg::Tsv {
        bail!("--header names the columns of --format tsv; add `--format tsv`");
    }
    Ok(())
}
