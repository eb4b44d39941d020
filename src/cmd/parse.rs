//! `backissues parse FILE...`: print each file's link documents as JSON Lines, for inspection and
//! piping. Files that fail are reported on stderr; the others are still printed.

use std::io::{self, Write};

use anyhow::Context;

use crate::cli::ParseArgs;
use crate::exit::ExitCode;
use crate::parse;
use crate::pipeline::write_jsonl;
use crate::render::text::printable;
use crate::walk;

/// Parses every file and writes one JSON object per document to stdout.
/// Exit code: 0 when every file parsed, 2 when any failed.
pub fn run(args: &ParseArgs) -> anyhow::Result<ExitCode> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    for path in &args.files {
        match parse::parse_file(path, &walk::source_name(path)) {
            Ok(docs) => write_jsonl(&mut out, &docs)?,
            Err(err) => {
                failed += 1;
                eprintln!("backissues: {}", printable(&err.to_string()));
            }
        }
    }
    out.flush().context("writing to stdout")?;
    Ok(if failed == 0 {
        ExitCode::Found
    } else {
        ExitCode::Error
    })
}
