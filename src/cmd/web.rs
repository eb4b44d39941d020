//! `ingest URL...`: each URL is crawled ([`crate::crawl`]) before the file pipeline runs, which
//! then parses the fetched pages from the web cache; afterwards the URLs are remembered
//! ([`crate::crawl::sources`]) so that `ingest` with no arguments brings them up to date.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context};
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::IngestArgs;
use crate::crawl::sources::{Source, Sources};
use crate::crawl::{Crawl, Crawler, Input, Report, Settings};
use crate::fetch::cache::now_ms;
use crate::fetch::Stats;
use crate::render::text::printable;

use super::output::WRITING;

/// What crawling the URLs of one run found.
pub(super) struct Web {
    /// The fetched pages, for the pipeline.
    pub inputs: Vec<Input>,
    /// Each source URL's crawl.
    crawls: Vec<Crawl>,
    /// What the client did.
    stats: Stats,
}

/// How long the pages of a run that never finished count as fresh for a URL not remembered yet
/// (an interrupted first run): a day, in milliseconds.
const RESUME_WINDOW_MS: u64 = 24 * 3600 * 1000;

/// The arguments split into URLs and paths; an argument with another scheme is an error.
pub(super) fn split(args: &[PathBuf]) -> anyhow::Result<(Vec<String>, Vec<PathBuf>)> {
    let mut urls = Vec::new();
    let mut paths = Vec::new();
    for arg in args {
        let text = arg.to_string_lossy();
        let lower = text.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            urls.push(text.into_owned());
        } else if text.contains("://") && !arg.exists() {
            bail!("{text}: only http and https URLs can be ingested");
        } else {
            paths.push(arg.clone());
        }
    }
    Ok((urls, paths))
}

/// The URLs the index at `index_dir` remembers.
pub(super) fn remembered(index_dir: &Path) -> anyhow::Result<Vec<String>> {
    let sources = Sources::load(index_dir)?;
    Ok(sources.list.into_iter().map(|source| source.url).collect())
}

/// Crawls `urls`; with `--dry-run`, prints each issue URL found to `out` instead of fetching it.
pub(super) fn crawl(
    args: &IngestArgs,
    index_dir: &Path,
    urls: &[String],
    out: &mut dyn Write,
) -> anyhow::Result<Web> {
    let settings = settings(args)?;
    let sources = Sources::load(index_dir)?;
    let spinner = Spinner::new();
    let mut crawler = Crawler::new(index_dir, settings, &spinner);
    let mut web = Web {
        inputs: Vec::new(),
        crawls: Vec::new(),
        stats: Stats::default(),
    };
    for url in urls {
        let fresh_since = Some(
            sources
                .get(url)
                .map_or(now_ms().saturating_sub(RESUME_WINDOW_MS), |known| {
                    known.checked_ms
                }),
        );
        let crawl = match crawler.crawl(url, fresh_since) {
            Ok(crawl) => crawl,
            Err(err) => {
                spinner.warn(&err.to_string());
                continue;
            }
        };
        if args.dry_run {
            for issue in &crawl.issues {
                writeln!(out, "{issue}").context(WRITING)?;
            }
        }
        web.inputs.extend(crawl.inputs.iter().cloned());
        web.crawls.push(crawl);
    }
    web.stats = crawler.stats();
    spinner.0.finish_and_clear();
    if web.crawls.is_empty() {
        bail!("no URL could be read; see the warnings above");
    }
    Ok(web)
}

/// The crawl's progress on stderr: a spinner with the page being read, drawn only when stderr
/// is a terminal; warnings are printed around it.
struct Spinner(ProgressBar);

impl Spinner {
    fn new() -> Self {
        if !io::stderr().is_terminal() {
            return Self(ProgressBar::hidden());
        }
        let style = ProgressStyle::with_template("{spinner} {pos} pages {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
        Self(ProgressBar::new_spinner().with_style(style))
    }
}

impl Report for Spinner {
    fn fetching(&self, url: &str) {
        self.0.inc(1);
        if !self.0.is_hidden() {
            self.0.set_message(printable(url));
        }
    }

    fn warn(&self, message: &str) {
        let message = printable(message);
        self.0
            .suspend(|| eprintln!("backissues: warning: {message}"));
    }
}

/// The crawl settings of the `ingest` flags.
fn settings(args: &IngestArgs) -> anyhow::Result<Settings> {
    if !args.delay.is_finite() || args.delay < 0.0 {
        bail!(
            "--delay {}: give a number of seconds, 0 or more",
            args.delay
        );
    }
    let follow = args
        .follow
        .as_deref()
        .map(regex::Regex::new)
        .transpose()
        .context("--follow: not a valid regular expression")?;
    Ok(Settings {
        delay: Duration::from_secs_f64(args.delay.min(3600.0)),
        max_pages: args.max_pages,
        follow,
        rebuild: args.rebuild,
        dry_run: args.dry_run,
    })
}

impl Web {
    /// The issue URLs found, over every source.
    pub fn issues(&self) -> usize {
        self.crawls.iter().map(|crawl| crawl.issues.len()).sum()
    }

    /// One line per source and one for the requests, for stderr.
    pub fn summary(&self, index_dir: &Path) -> anyhow::Result<Vec<String>> {
        let sources = Sources::load(index_dir)?;
        let mut lines = Vec::new();
        for crawl in &self.crawls {
            let mut line = format!(
                "{}: {}, {} found, {} read",
                crawl.url,
                crawl.kind.name(),
                count(crawl.issues.len(), "issue", "issues"),
                count(crawl.pages, "page", "pages"),
            );
            let missing = self.missing(crawl, sources.get(&crawl.url));
            if missing > 0 {
                line.push_str(&format!(
                    "; {} no longer on the site (kept in the index)",
                    count(missing, "issue", "issues")
                ));
            }
            lines.push(line);
        }
        let stats = self.stats;
        lines.push(format!(
            "{}: {} downloaded, {} unchanged (304), {} from the cache",
            count(
                usize::try_from(stats.requests).unwrap_or(usize::MAX),
                "request",
                "requests"
            ),
            stats.downloaded,
            stats.not_modified,
            stats.from_cache
        ));
        Ok(lines)
    }

    /// Issues of a crawl's source that are gone or no longer linked since the last run.
    fn missing(&self, crawl: &Crawl, known: Option<&Source>) -> usize {
        let before = known.map_or(0, |known| {
            known
                .issues
                .iter()
                .filter(|issue| !crawl.issues.contains(issue))
                .count()
        });
        before + crawl.gone.len()
    }

    /// Remembers every crawled source in `index_dir`, as checked now; issues no longer found
    /// stay listed (their documents stay in the index).
    pub fn remember(&self, index_dir: &Path) -> anyhow::Result<()> {
        let mut sources = Sources::load(index_dir)?;
        let now = now_ms();
        for crawl in &self.crawls {
            let known = sources.get(&crawl.url);
            let mut issues = crawl.issues.clone();
            if let Some(known) = known {
                let kept = known.issues.iter().filter(|issue| !issues.contains(issue));
                issues.extend(kept.cloned().collect::<Vec<_>>());
            }
            let changed_ms = match known {
                Some(known) if !crawl.changed => known.changed_ms,
                _ => Some(now),
            };
            sources.put(Source {
                url: crawl.url.clone(),
                kind: crawl.kind,
                issues,
                pages: crawl.pages,
                checked_ms: now,
                changed_ms,
            });
        }
        sources.save()
    }
}

/// `1 issue` / `2 issues`.
fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}
