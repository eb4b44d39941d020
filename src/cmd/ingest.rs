//! `backissues ingest PATH...`: parse issue files into the index, incrementally. Unchanged files
//! (same path, same content hash) are skipped unparsed; changed ones are replaced; the same issue
//! in two files is kept once (the later path wins). Everything is committed once, at the end.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context};
use indicatif::{ProgressBar, ProgressStyle};

use super::parse::write_jsonl;
use crate::cli::{IngestArgs, IngestFormat};
use crate::exit::ExitCode;
use crate::index::schema::content_hash;
use crate::index::sources::{indexed_sources, IndexedSource, IssueKey};
use crate::index::store::{open_for_writing, open_if_present};
use crate::index::writer::Ingester;
use crate::model::LinkDoc;
use crate::parse::{self, ParseError, ParseErrorKind, EXTENSIONS};
use crate::render::text::printable;
use crate::walk;

/// Runs an ingest of `args.paths` into the index at `index_dir`; returns the exit code.
pub fn run(args: &IngestArgs, index_dir: &Path) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let found = walk::issue_files(&args.paths, index_dir)?;
    if found.files.is_empty() && found.problems.is_empty() {
        bail!(
            "no issue files (.{}) found in {}",
            EXTENSIONS.join(", ."),
            display_paths(&args.paths)
        );
    }
    let (ingester, indexed) = open(args, index_dir)?;
    let mut run = Run::new(args, ingester, indexed, progress_bar(found.files.len()));
    for problem in &found.problems {
        run.file_error(problem)?;
    }
    run.handle_stale(&args.paths, &found.files);

    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    for path in &found.files {
        run.bar.set_message(printable(&path.display().to_string()));
        run.ingest_file(path, &mut out)?;
        run.bar.inc(1);
    }
    out.flush().context("writing to stdout")?;
    run.bar.finish_and_clear();

    let counts = run.counts.clone();
    let docs = run.finish()?;
    eprintln!(
        "backissues: {}",
        summary(&counts, docs, started.elapsed(), args.dry_run)
    );
    if counts.ingested_or_unchanged() == 0 {
        bail!("no issue file could be ingested; see the warnings above");
    }
    Ok(ExitCode::Found)
}

/// Opens the index for this run: for writing (taking the lock), or read-only for `--dry-run`,
/// with what it already holds (nothing, for `--rebuild`).
fn open(
    args: &IngestArgs,
    index_dir: &Path,
) -> anyhow::Result<(Option<Ingester>, BTreeMap<String, IndexedSource>)> {
    if args.dry_run {
        if args.rebuild {
            return Ok((None, BTreeMap::new()));
        }
        let indexed = match open_if_present(index_dir)? {
            Some(index) => indexed_sources(&index)?,
            None => BTreeMap::new(),
        };
        return Ok((None, indexed));
    }
    let ingester = Ingester::new(open_for_writing(index_dir, args.rebuild)?)?;
    let indexed = if args.rebuild {
        BTreeMap::new()
    } else {
        indexed_sources(ingester.index())?
    };
    Ok((Some(ingester), indexed))
}

/// A progress bar on stderr, only when stderr is a terminal.
fn progress_bar(files: usize) -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let style = ProgressStyle::with_template("{bar:30} {pos}/{len} files {wide_msg}")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    ProgressBar::new(u64::try_from(files).unwrap_or(u64::MAX)).with_style(style)
}

/// What a run did, for the summary line and the exit code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Issue files read.
    pub read: usize,
    /// Files whose documents were added (new paths).
    pub added: usize,
    /// Files whose documents replaced older ones (changed content).
    pub replaced: usize,
    /// Files skipped because their content is already indexed.
    pub unchanged: usize,
    /// Files (or walk entries) skipped with an error.
    pub errors: usize,
    /// Files skipped or removed because a later path holds the same issue.
    pub duplicates: usize,
    /// Indexed files removed by `--prune`.
    pub pruned: usize,
    /// Indexed files no longer found under the paths, kept because `--prune` was not given.
    pub missing: usize,
}

impl Counts {
    /// Files that are, after this run, represented in the index.
    fn ingested_or_unchanged(&self) -> usize {
        self.added + self.replaced + self.unchanged + self.duplicates
    }
}

/// The state of one ingest run.
struct Run {
    strict: bool,
    rebuild: bool,
    prune: bool,
    jsonl: bool,
    ingester: Option<Ingester>,
    /// What the index holds (or will hold at commit), by source path.
    indexed: BTreeMap<String, IndexedSource>,
    /// Which source holds each numbered issue.
    owners: HashMap<IssueKey, String>,
    /// True once anything was added or deleted.
    changed: bool,
    counts: Counts,
    bar: ProgressBar,
}

impl Run {
    fn new(
        args: &IngestArgs,
        ingester: Option<Ingester>,
        indexed: BTreeMap<String, IndexedSource>,
        bar: ProgressBar,
    ) -> Self {
        let owners = indexed
            .iter()
            .filter_map(|(source, known)| Some((known.issue.clone()?, source.clone())))
            .collect();
        Self {
            strict: args.strict,
            rebuild: args.rebuild,
            prune: args.prune,
            jsonl: args.format == IngestFormat::Jsonl,
            ingester,
            indexed,
            owners,
            changed: false,
            counts: Counts::default(),
            bar,
        }
    }

    /// Prints a warning on stderr without garbling the progress bar.
    fn warn(&self, message: &str) {
        let message = printable(message);
        self.bar
            .suspend(|| eprintln!("backissues: warning: {message}"));
    }

    /// Records a file that cannot be ingested: a warning, or with `--strict` the end of the run
    /// (the writer is dropped uncommitted, so nothing is written).
    fn file_error(&mut self, message: &str) -> anyhow::Result<()> {
        if self.strict {
            self.bar.finish_and_clear();
            return Err(anyhow!("{message}; nothing was written (--strict)"));
        }
        self.counts.errors += 1;
        self.warn(message);
        Ok(())
    }

    /// Indexed sources under the given paths that the walk no longer found: removed with
    /// `--prune`, otherwise counted for a hint in the summary.
    fn handle_stale(&mut self, paths: &[PathBuf], files: &[PathBuf]) {
        let walked: HashSet<String> = files
            .iter()
            .map(|path| path.display().to_string())
            .collect();
        let stale: Vec<String> = self
            .indexed
            .keys()
            .filter(|source| !walked.contains(*source))
            .filter(|source| {
                paths
                    .iter()
                    .any(|path| Path::new(source).starts_with(walk::tidy(path)))
            })
            .cloned()
            .collect();
        if !self.prune {
            self.counts.missing = stale.len();
            return;
        }
        for source in &stale {
            self.remove(source);
        }
        self.counts.pruned = stale.len();
    }

    /// Ingests one file: skipped when unchanged, otherwise parsed and added or replaced.
    fn ingest_file(&mut self, path: &Path, out: &mut impl Write) -> anyhow::Result<()> {
        self.counts.read += 1;
        let source = walk::source_name(path);
        let bytes = match fs::read(path) {
            Ok(bytes) => bytes,
            Err(err) => return self.file_error(&read_error(&source, err)),
        };
        let hash = content_hash(&bytes);
        let unchanged = self
            .indexed
            .get(&source)
            .is_some_and(|known| known.hash == Some(hash));
        if unchanged && !self.jsonl {
            self.counts.unchanged += 1;
            return Ok(());
        }
        let docs = match parse::parse_issue(&source, &bytes) {
            Ok(docs) if docs.is_empty() => {
                return self.file_error(&format!("{source}: no links found; nothing to index"))
            }
            Ok(docs) => docs,
            Err(err) => return self.file_error(&err.to_string()),
        };
        if self.jsonl {
            write_jsonl(out, &docs)?;
        }
        if unchanged {
            self.counts.unchanged += 1;
            return Ok(());
        }
        self.replace(&source, &docs, hash)
    }

    /// Puts a changed or new file's documents in place of its old ones, unless a later path
    /// holds the same issue.
    fn replace(&mut self, source: &str, docs: &[LinkDoc], hash: u64) -> anyhow::Result<()> {
        let was_indexed = self.remove(source);
        let issue = issue_key(docs);
        if let Some(key) = &issue {
            if !self.claim(key, source) {
                return Ok(());
            }
        }
        if let Some(ingester) = &self.ingester {
            ingester.add(docs, hash)?;
        }
        self.changed = true;
        let count = u64::try_from(docs.len()).unwrap_or(u64::MAX);
        self.indexed.insert(
            source.to_string(),
            IndexedSource {
                hash: Some(hash),
                issue,
                docs: count,
            },
        );
        if was_indexed {
            self.counts.replaced += 1;
        } else {
            self.counts.added += 1;
        }
        Ok(())
    }

    /// Decides which file holds a numbered issue: the later path. Returns false when `source`
    /// loses to a file already seen (or indexed); removes the earlier file when `source` wins.
    fn claim(&mut self, key: &IssueKey, source: &str) -> bool {
        let Some(owner) = self.owners.get(key).cloned() else {
            self.owners.insert(key.clone(), source.to_string());
            return true;
        };
        if owner == source {
            return true;
        }
        self.counts.duplicates += 1;
        let (kept, dropped) = if owner.as_str() > source {
            (owner.as_str(), source)
        } else {
            (source, owner.as_str())
        };
        self.warn(&format!(
            "{dropped}: issue {} of {} is also in {kept}; keeping {kept} (the later path)",
            key.number, key.date
        ));
        if kept == owner {
            return false;
        }
        self.remove(&owner);
        self.owners.insert(key.clone(), source.to_string());
        true
    }

    /// Deletes a source's documents (at commit); returns whether it had any.
    fn remove(&mut self, source: &str) -> bool {
        let Some(known) = self.indexed.remove(source) else {
            return false;
        };
        if let Some(key) = known.issue {
            if self.owners.get(&key).is_some_and(|owner| owner == source) {
                self.owners.remove(&key);
            }
        }
        if let Some(ingester) = &self.ingester {
            ingester.delete_source(source);
        }
        self.changed = true;
        true
    }

    /// Commits (when anything changed) and returns the number of documents in the index; for a
    /// dry run, the number there would be.
    fn finish(self) -> anyhow::Result<u64> {
        let Some(ingester) = self.ingester else {
            return Ok(self.indexed.values().map(|known| known.docs).sum());
        };
        ingester.finish(self.changed || self.rebuild)
    }
}

/// The issue identity of a parsed file, when it has a number.
fn issue_key(docs: &[LinkDoc]) -> Option<IssueKey> {
    let first = docs.first()?;
    Some(IssueKey {
        number: first.issue?,
        date: first.date.clone(),
    })
}

/// The parser's message for a file that cannot be read.
fn read_error(source: &str, err: io::Error) -> String {
    ParseError {
        path: source.to_string(),
        line: None,
        reason: ParseErrorKind::Io(err),
    }
    .to_string()
}

/// Paths for a message: `a, b, c`.
fn display_paths(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|path| path.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
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
    if counts.pruned > 0 {
        line.push_str(&format!(", {} pruned", counts.pruned));
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
            pruned: 2,
            missing: 0,
        };
        assert_eq!(
            summary(&counts, 1, Duration::from_millis(1234), false),
            "7 files read: 1 issue added, 2 replaced, 3 unchanged, 1 skipped with errors, \
             1 duplicate issue (later path kept), 2 pruned; 1 link document now in the index; \
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
