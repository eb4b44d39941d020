//! `backissues parse PATH...`: print each file's link documents as JSON Lines, for inspection and
//! piping. Folders are walked as `ingest` walks them (and their files named after the folder
//! given, as `ingest` names them), and an HTML page loses the links most pages of its folder share
//! ([`crate::pipeline::site`]), so `parse DIR` prints what `ingest DIR` indexes. Files that fail
//! are reported on stderr; the others are still printed. Dates that could not be used, and issues
//! with no date at all, are warnings.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::ParseArgs;
use crate::exit::ExitCode;
use crate::git::GitDates;
use crate::parse::format::Format;
use crate::parse::mail::MailOptions;
use crate::parse::{self, IssueContext};
use crate::pipeline::own_pages;
use crate::pipeline::site::SiteLinks;
use crate::pipeline::{no_date_error, write_jsonl};
use crate::render::text::printable;
use crate::walk;

use super::output;

/// Parses every file and writes one JSON object per document to stdout.
/// Exit code: 0 when every file parsed, 2 when any failed.
pub fn run(args: &ParseArgs) -> anyhow::Result<ExitCode> {
    let found = files(&args.files)?;
    let (failed, printed) = output::to_stdout(|out| {
        let git = GitDates::new();
        let sites = SiteLinks::default();
        let mut failed = found.problems.len();
        let mut printed = 0;
        for problem in &found.problems {
            eprintln!("backissues: error: {}", printable(problem));
        }
        for (path, folder_name) in found.files.iter().zip(&found.newsletters) {
            let newsletter = args.newsletter.as_deref().unwrap_or(folder_name);
            let named = Named {
                newsletter,
                given: args.newsletter.is_some(),
            };
            match print_file(out, path, named, &git, &sites)? {
                Some(docs) => printed += docs,
                None => failed += 1,
            }
        }
        Ok((failed, printed))
    })?;
    Ok(match failed {
        0 if printed == 0 => ExitCode::NotFound,
        0 => ExitCode::Found,
        _ => ExitCode::Error,
    })
}

/// The files to parse: each folder among `paths` walked as `ingest` walks it, each file as
/// given (a missing one is reported when it is read), with their default newsletter names.
fn files(paths: &[PathBuf]) -> anyhow::Result<walk::Found> {
    let mut found = walk::Found::default();
    for path in paths {
        if path.is_dir() {
            let walked = walk::issue_files(std::slice::from_ref(path), Path::new(""))?;
            found.files.extend(walked.files);
            found.newsletters.extend(walked.newsletters);
            found.problems.extend(walked.problems);
        } else {
            found.files.push(path.clone());
            found.newsletters.push(walk::newsletter_name(path));
        }
    }
    Ok(found)
}

/// The newsletter a file is parsed as, and whether `--newsletter` gave it.
#[derive(Clone, Copy)]
struct Named<'a> {
    newsletter: &'a str,
    given: bool,
}

/// Parses the file at `path` and writes its documents to `out`, its warnings and any error to
/// stderr: how many documents it gave (a file that gave none is said on stderr, as `ingest`
/// says it), or `None` when it could not be parsed.
fn print_file(
    out: &mut dyn Write,
    path: &Path,
    named: Named<'_>,
    git: &GitDates,
    sites: &SiteLinks,
) -> anyhow::Result<Option<usize>> {
    let git_date = || git.first_added(path);
    let context = IssueContext {
        newsletter: named.newsletter,
        git_date: &git_date,
        names_itself: !named.given,
    };
    let mail = MailOptions {
        newsletter: named.given.then_some(named.newsletter),
        all_mail: false,
    };
    let mut parts = match parse::parse_file_parts(path, &walk::source_name(path), &context, mail) {
        Ok(parts) => parts,
        Err(err) => {
            eprintln!("backissues: error: {}", printable(&err.to_string()));
            return Ok(None);
        }
    };
    // Only a page has site links: other files (an mbox can be large) are not read again.
    let is_page = parts.iter().any(|part| part.format == Format::Html);
    let bytes = is_page.then(|| {
        sites
            .take_bytes(path)
            .map_or_else(|| std::fs::read(path), Ok)
    });
    let held = match bytes {
        Some(Ok(bytes)) => sites.of_page(path, &bytes),
        _ => Default::default(),
    };
    for part in &mut parts {
        let address = part.parsed.address.as_deref();
        let base = address.and_then(|at| at.base.as_deref());
        held.remove_from(&mut part.parsed.docs, base);
        own_pages::remove_from(path, &mut part.parsed);
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
    let docs: usize = parts.iter().map(|part| part.parsed.docs.len()).sum();
    if docs == 0 {
        let source = walk::source_name(path);
        eprintln!("backissues: {}: no links found", printable(&source));
    }
    Ok(Some(docs))
}
