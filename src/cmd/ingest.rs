//! `backissues ingest PATH...`: wiring for the ingest [`pipeline`](crate::pipeline), the progress
//! bar and the summary line ([`render::ingest_summary`]). Unchanged files (same path, same content hash) are skipped unparsed;
//! changed ones are replaced; the same issue in two files is kept once (the later path wins).

use std::io::{self, IsTerminal};
use std::path::Path;
use std::time::Instant;

use anyhow::bail;
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::{IngestArgs, IngestFormat};
use crate::exit::ExitCode;
use crate::pipeline::{self, Options, Progress};
use crate::render::{self, text::printable};

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
        render::ingest_summary(&report.counts, report.docs, started.elapsed(), args.dry_run)
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
