//! `backissues parse FILE...`: print each file's link documents as JSON Lines, for inspection and
//! piping. Files that fail are reported on stderr; the others are still printed. Dates that could
//! not be used, and issues with no date at all, are warnings.

use std::io::{self, Write};

use anyhow::Context;

use crate::cli::ParseArgs;
use crate::exit::ExitCode;
use crate::git::GitDates;
use crate::parse::{self, IssueContext};
use crate::pipeline::{no_date_error, write_jsonl};
use crate::render::text::printable;
use crate::walk;

/// Parses every file and writes one JSON object per document to stdout.
/// Exit code: 0 when every file parsed, 2 when any failed.
pub fn run(args: &ParseArgs) -> anyhow::Result<ExitCode> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    let git = GitDates::new();
    for path in &args.files {
        let git_date = || git.first_added(path);
        let newsletter = args
            .newsletter
            .clone()
            .unwrap_or_else(|| walk::newsletter_name(path));
        let context = IssueContext {
            newsletter: &newsletter,
            git_date: &git_date,
        };
        match parse::parse_file_with(path, &walk::source_name(path), &context) {
            Ok(parsed) => {
                for warning in &parsed.warnings {
                    eprintln!("backissues: warning: {}", printable(&warning.to_string()));
                }
                if parsed.docs.first().is_some_and(|doc| doc.date.is_none()) {
                    let message = no_date_error(&path.display().to_string());
                    eprintln!("backissues: warning: {}", printable(&message));
                }
                write_jsonl(&mut out, &parsed.docs)?;
            }
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
