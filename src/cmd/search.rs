//! `backissues search` (and `backissues` alone on a terminal): the finder, wired to the
//! command line; the chosen links are printed here, on stdout, as URLs or JSON Lines.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use crate::cli::{ColorArg, PrintArg, SearchArgs};
use crate::exit::ExitCode;
use crate::finder::{self, Choice, Options};
use crate::render::{self, text::clean, Format, Style};
use crate::search::Engine;

use super::{filters, output};

/// Opens the finder on the index at `index_dir`; prints what was chosen. Exit code 0 for a
/// choice, 1 for Enter on no link, 130 when cancelled.
pub fn run(index_dir: &Path, args: &SearchArgs) -> anyhow::Result<ExitCode> {
    let base = filters::scope_config(&args.scope)?;
    let engine = Engine::open(index_dir)?;
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let options = Options {
        words: args.words.join(" "),
        base,
        height: args.height,
        mouse: args.mouse,
        color: !no_color && args.color != ColorArg::Never,
    };
    match finder::run(engine, options)? {
        Choice::Picked(hits) => {
            output::to_stdout(|out| print(out, &hits, args.print))?;
            Ok(ExitCode::Found)
        }
        Choice::Nothing => Ok(ExitCode::NotFound),
        Choice::Cancelled => Ok(ExitCode::Cancelled),
    }
}

/// Writes the chosen links: one URL per line, or one JSON object per line.
fn print(out: &mut dyn Write, hits: &[crate::search::Hit], print: PrintArg) -> anyhow::Result<()> {
    match print {
        PrintArg::Url => {
            for hit in hits {
                writeln!(out, "{}", clean(&hit.doc.url)).context(output::WRITING)?;
            }
        }
        PrintArg::Json => {
            let style = Style {
                width: render::DEFAULT_WIDTH,
                color: false,
            };
            render::hits(out, hits, Format::Jsonl, style).context(output::WRITING)?;
        }
    }
    Ok(())
}
