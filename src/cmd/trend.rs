//! `backissues trend QUERY...`: matching links per period, one series per query, drawn or
//! printed for plotting.

use std::path::Path;

use anyhow::Context;

use crate::cli::{TrendArgs, TrendFormatArg};
use crate::exit::ExitCode;
use crate::render::{self, Style};
use crate::search::{Engine, QueryConfig};

use super::{filters, output};

/// Counts each query's links per period in the index at `index_dir`; exit code 0 when any query
/// matched, 1 when none did.
pub fn run(index_dir: &Path, args: &TrendArgs) -> anyhow::Result<ExitCode> {
    let filters = QueryConfig {
        all: args.all,
        ..filters::scope_config(&args.scope)?
    };
    let engine = Engine::open(index_dir)?;
    let trend = engine.trend(&filters, &args.queries, args.by.into())?;
    if trend.periods.is_empty() {
        eprintln!("backissues: no links pass the filters");
        return Ok(ExitCode::NotFound);
    }
    let style = Style::detect(args.color.into());
    output::to_stdout(|out| {
        render::trend(out, &trend, args.format.into(), style, args.share).context(output::WRITING)
    })?;
    if trend.is_empty() {
        if args.format == TrendFormatArg::Table {
            eprintln!("backissues: no links match");
        }
        return Ok(ExitCode::NotFound);
    }
    Ok(ExitCode::Found)
}
