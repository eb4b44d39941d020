//! `backissues ingest PATH...`: wiring for the ingest [`pipeline`](crate::pipeline), the progress
//! bar and the summary line. Unchanged files (same path, same content hash) are skipped unparsed;
//! changed ones are replaced; the same issue in two files is kept once (the later path wins).

use std::io::{self, IsTerminal};
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::bail;
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::{IngestArgs, IngestFormat};
use crate::exit::ExitCode;
use crate::pipeline::{self, Options, Progress};
use crate::render::text::printable;
use crate::sync::Counts;

use super::output;

/// Runs an ingest of `args.paths` into the index at `index_dir`; returns the exit code.
pub fn run(args: &IngestArgs, index_dir: &Path) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let options = Options {
        newsletter: args.newsletter.clone(),
        rebuild: args.rebuild,
        prune: args.prune,
        dry_run: args.dry_run,
        strict: args.strict,
        jsonl: args.format == IngestFormat::Jsonl,
        all_mail: args.all_mail,
        resolve_links: args.resolve_links,
        verbose: args.verbose,
    };
    let bar = Bar::new();
    let report = output::to_stdout(|out| {
        Ok(pipeline::ingest(
            &args.paths,
            index_dir,
            options,
            out,
            &bar,
        )?)
    })?;
    eprintln!(
        "backissues: {}",
        summary(&report.counts, report.docs, started.elapsed(), args.dry_run)
    );
    if report.counts.ingested_or_unchanged() == 0 {
        bail!("no issue file could be ingested; see the warnings above");
    }
    Ok(ExitCode::Found)
}

/// A progress bar on stderr, drawn only when stderr is a terminal; warnings are printed around it.
struct Bar(ProgressBar);

impl Bar {
    fn new() -> Self {
        Self(ProgressBar::hidden())
    }
}

impl Progress for Bar {
    fn start(&self, files: usize) {
        if !io::stderr().is_terminal() {
            return;
        }
        let style = ProgressStyle::with_template("{bar:30} {pos}/{len} files {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        self.0.set_style(style);
        self.0.set_length(u64::try_from(files).unwrap_or(u64::MAX));
        self.0
            .set_draw_target(indicatif::ProgressDrawTarget::stderr());
    }

    fn file(&self, path: &Path) {
        if self.0.is_hidden() {
            return;
        }
        self.0.set_message(printable(&path.display().to_string()));
    }

    fn done(&self) {
        self.0.inc(1);
    }

    fn warn(&self, message: &str) {
        let message = printable(message);
        self.0
            .suspend(|| eprintln!("backissues: warning: {message}"));
    }

    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

/// `1 file` / `2 files`.
fn plural(count: impl Into<u64>, one: &str, many: &str) -> String {
    let count = count.into();
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

/// The one summary line of a run.
pub fn summary(counts: &Counts, docs: u64, took: Duration, dry_run: bool) -> String {
    let as_u64 = |n: usize| u64::try_from(n).unwrap_or(u64::MAX);
    let mut line = String::new();
    if dry_run {
        line.push_str("dry run, nothing written: ");
    }
    line.push_str(&format!(
        "{} read: {} added, {} replaced, {} unchanged, {} skipped with errors",
        plural(as_u64(counts.read), "file", "files"),
        plural(as_u64(counts.added), "issue", "issues"),
        counts.replaced,
        counts.unchanged,
        counts.errors,
    ));
    if counts.undated > 0 {
        line.push_str(&format!(
            ", {} without a date",
            plural(as_u64(counts.undated), "issue", "issues")
        ));
    }
    if counts.duplicates > 0 {
        line.push_str(&format!(
            ", {} (later path kept)",
            plural(
                as_u64(counts.duplicates),
                "duplicate issue",
                "duplicate issues"
            )
        ));
    }
    if counts.duplicate_messages > 0 {
        line.push_str(&format!(
            ", {} kept once",
            plural(
                as_u64(counts.duplicate_messages),
                "duplicate message",
                "duplicate messages"
            )
        ));
    }
    if counts.pruned > 0 {
        line.push_str(&format!(", {} pruned", counts.pruned));
    }
    if counts.personal > 0 {
        line.push_str(&format!(
            ", {} skipped (--all-mail takes them)",
            plural(
                as_u64(counts.personal),
                "personal message",
                "personal messages"
            )
        ));
    }
    line.push_str(&format!(
        "; {} {} in the index",
        plural(docs, "link document", "link documents"),
        if dry_run { "would be" } else { "now" }
    ));
    if counts.missing > 0 {
        line.push_str(&format!(
            "; {} no longer found (--prune removes them)",
            plural(as_u64(counts.missing), "indexed file", "indexed files")
        ));
    }
    line.push_str(&format!("; took {:.2}s", took.as_secs_f64()));
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_is_one_line_with_every_count() {
        let counts = Counts {
            read: 7,
            added: 1,
            replaced: 2,
            unchanged: 3,
            errors: 1,
            duplicates: 1,
            duplicate_messages: 4,
            pruned: 2,
            missing: 0,
            undated: 2,
            personal: 3,
        };
        assert_eq!(
            summary(&counts, 1, Duration::from_millis(1234), false),
            "7 files read: 1 issue added, 2 replaced, 3 unchanged, 1 skipped with errors, \
             2 issues without a date, 1 duplicate issue (later path kept), 4 duplicate messages kept once, 2 pruned, \
             3 personal messages skipped (--all-mail takes them); 1 link document now in the index; \
             took 1.23s"
        );
        let quiet = Counts {
            read: 1,
            unchanged: 1,
            missing: 2,
            ..Counts::default()
        };
        assert_eq!(
            summary(&quiet, 10, Duration::ZERO, true),
            "dry run, nothing written: 1 file read: 0 issues added, 0 replaced, 1 unchanged, \
             0 skipped with errors; 10 link documents would be in the index; \
             2 indexed files no longer found (--prune removes them); took 0.00s"
        );
    }
}
