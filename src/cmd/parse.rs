//! `backissues parse FILE...`: print each file's link documents as JSON Lines, for inspection and
//! piping. Files that fail are reported on stderr; the others are still printed. Dates that could
//! not be used, and issues with no date at all, are warnings.

use std::io::Write;
use std::path::Path;

use crate::cli::ParseArgs;
use crate::exit::ExitCode;
use crate::git::GitDates;
use crate::parse::mail::MailOptions;
use crate::parse::{self, IssueContext};
use crate::pipeline::{no_date_error, write_jsonl};
use crate::render::text::printable;
use crate::walk;

use super::output;

/// Parses every file and writes one JSON object per document to stdout.
/// Exit code: 0 when every file parsed, 2 when any failed.
pub fn run(args: &ParseArgs) -> anyhow::Result<ExitCode> {
    let failed = output::to_stdout(|out| {
        let git = GitDates::new();
        let mut failed = 0usize;
        for path in &args.files {
            if !print_file(out, path, args.newsletter.as_deref(), &git)? {
                failed += 1;
            }
        }
        Ok(failed)
    })?;
    Ok(if failed == 0 {
        ExitCode::Found
    } else {
        ExitCode::Error
    })
}

/// Parses the file at `path` and writes its documents to `out`, its warnings and any error to
/// stderr; false when it could not be parsed.
fn print_file(
    out: &mut dyn Write,
    path: &Path,
    given: Option<&str>,
    git: &GitDates,
) -> anyhow::Result<bool> {
    let git_date = || git.first_added(path);
    let newsletter = given.map_or_else(|| walk::newsletter_name(path), str::to_string);
    let context = IssueContext {
        newsletter: &newsletter,
        git_date: &git_date,
        names_itself: given.is_none(),
    };
    let mail = MailOptions {
        newsletter: given,
        all_mail: false,
    };
    let parts = match parse::parse_file_parts(path, &walk::source_name(path), &context, mail) {
        Ok(parts) => parts,
        Err(err) => {
            eprintln!("backissues: error: {}", printable(&err.to_string()));
            return Ok(false);
        }
    };
    for part in &parts {
        for warning in &part.parsed.warnings {
            eprintln!("backissues: warning: {}", printable(&warning.to_string()));
        }
        if part
            .parsed
            .docs
            .first()
            .is_some_and(|doc| doc.date.is_none())
        {
            let message = no_date_error(&part.source, part.format);
            eprintln!("backissues: warning: {}", printable(&message));
        }
        write_jsonl(out, &part.parsed.docs)?;
    }
    Ok(true)
}
