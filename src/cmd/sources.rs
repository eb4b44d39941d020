//! `backissues sources`: the URLs the index remembers (URL, kind, issues, pages, last checked,
//! last change), and `sources remove URL`, which forgets one and removes its documents.

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::Path;

use anyhow::{bail, Context};

use crate::cli::{SourcesAction, SourcesArgs};
use crate::crawl::sources::{Source, Sources};
use crate::exit::ExitCode;
use crate::index::sources::indexed_sources;
use crate::index::store::open_for_writing;
use crate::index::writer::Ingester;
use crate::render::text::printable;

use super::output::{self, WRITING};

/// Runs `sources`; returns the exit code (1 when the index remembers no URL).
pub fn run(args: &SourcesArgs, index_dir: &Path) -> anyhow::Result<ExitCode> {
    match &args.action {
        None => list(index_dir),
        Some(SourcesAction::Remove { url, yes }) => remove(index_dir, url, *yes),
    }
}

/// Prints the remembered sources, one a line, tab-separated under a header.
fn list(index_dir: &Path) -> anyhow::Result<ExitCode> {
    let sources = Sources::load(index_dir)?;
    if sources.list.is_empty() {
        eprintln!("backissues: the index remembers no URL; `backissues ingest URL` adds one");
        return Ok(ExitCode::NotFound);
    }
    output::to_stdout(|out| {
        writeln!(out, "URL\tKIND\tISSUES\tPAGES\tLAST CHECKED\tLAST CHANGE").context(WRITING)?;
        for source in &sources.list {
            writeln!(out, "{}", row(source)).context(WRITING)?;
        }
        Ok(())
    })?;
    Ok(ExitCode::Found)
}

/// One source as a line of the listing.
fn row(source: &Source) -> String {
    format!(
        "{}\t{}\t{}\t{}\t{}\t{}",
        printable(&source.url),
        source.kind.name(),
        source.issues.len(),
        source.pages,
        when(Some(source.checked_ms)),
        when(source.changed_ms),
    )
}

/// A time in milliseconds since the Unix epoch as `YYYY-MM-DD HH:MM UTC` (`-` for none).
fn when(ms: Option<u64>) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    ms.and_then(|ms| i64::try_from(ms / 1000).ok())
        .and_then(|secs| time::OffsetDateTime::from_unix_timestamp(secs).ok())
        .and_then(|at| at.format(&format).ok())
        .unwrap_or_else(|| "-".to_string())
}

/// Forgets `url` and removes its documents, after a confirmation (or `--yes`).
fn remove(index_dir: &Path, url: &str, yes: bool) -> anyhow::Result<ExitCode> {
    let mut sources = Sources::load(index_dir)?;
    let Some(source) = sources.get(url).cloned() else {
        bail!("{url}: not a remembered source; `backissues sources` lists them");
    };
    if !yes && !confirm(&source)? {
        eprintln!("backissues: nothing removed");
        return Ok(ExitCode::NotFound);
    }
    let ingester = Ingester::new(open_for_writing(index_dir, false)?)?;
    let indexed = indexed_sources(ingester.index())?;
    let mut removed = 0;
    for indexed in indexed.keys().filter(|indexed| belongs(indexed, &source)) {
        ingester.delete_source(indexed);
        removed += 1;
    }
    let docs = ingester.finish(removed > 0)?;
    crate::index::recurring::rebuild(index_dir)?;
    sources.remove(url);
    sources.save()?;
    eprintln!(
        "backissues: forgot {}; removed the documents of {removed} issues; {docs} link documents now in the index",
        printable(url)
    );
    Ok(ExitCode::Found)
}

/// True when the indexed source `indexed` came from `source`: one of its issue URLs, or an
/// entry (`URL#id`) of one.
fn belongs(indexed: &str, source: &Source) -> bool {
    let page = indexed.split_once('#').map_or(indexed, |(page, _)| page);
    source
        .issues
        .iter()
        .any(|issue| issue == indexed || issue == page)
}

/// Asks on the terminal whether to remove `source`; without a terminal, says to add `--yes`.
fn confirm(source: &Source) -> anyhow::Result<bool> {
    if !io::stdin().is_terminal() {
        bail!(
            "{}: removing a source needs a confirmation; add --yes",
            printable(&source.url)
        );
    }
    eprint!(
        "backissues: forget {} and remove the documents of its {} issues? [y/N] ",
        printable(&source.url),
        source.issues.len()
    );
    io::stderr().flush().context("writing to stderr")?;
    let mut answer = String::new();
    io::stdin()
        .lock()
        .read_line(&mut answer)
        .context("reading the answer")?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes"))
}
