//! The ingest pipeline: issue files in, index changes out. It walks the paths, reads and hashes
//! each file, parses the new and changed ones, asks the [`sync`](crate::sync) policy what to
//! change, and writes it with the index [`Ingester`]; everything is committed once, at the end.
//! What a person sees (progress, warnings, the summary line) is left to the caller.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::crawl::Input;
use crate::git::GitDates;
use crate::index::schema::content_hash;
use crate::index::sources::{indexed_sources, IndexedSource, IssueKey};
use crate::index::store::{open_for_writing, open_if_present};
use crate::index::writer::Ingester;
use crate::model::LinkDoc;
use crate::parse::format::{self, Format};
use crate::parse::mail::MailOptions;
use crate::parse::{
    self, IssueContext, ParseError, ParseErrorKind, Parsed, Part, PartIssue, EXTENSIONS,
};
use crate::sync::{Counts, ParsedFile, Policy};
use crate::timings::Stage;
use crate::walk;

mod ordered;
pub mod own_pages;
pub mod resolve;
pub mod site;

/// How a run behaves (the `ingest` flags).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// The newsletter of every file; `None` names each after the folder given (see
    /// [`walk::newsletter_name`]).
    pub newsletter: Option<String>,
    /// Start from an empty index.
    pub rebuild: bool,
    /// Remove indexed files no longer found under the paths.
    pub prune: bool,
    /// Parse and count, write nothing.
    pub dry_run: bool,
    /// Any file error fails the run and nothing is written.
    pub strict: bool,
    /// Write every parsed document to the output as JSON Lines.
    pub jsonl: bool,
    /// Read personal messages too, not only newsletters (privacy: off by default).
    pub all_mail: bool,
    /// Ask the network where tracked links lead ([`resolve`]; off by default).
    pub resolve_links: bool,
    /// Warn about each duplicate message (the summary counts them either way).
    pub verbose: bool,
}

/// Why a run stopped.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The paths hold no issue files at all.
    #[error("no issue files (.{}) or Maildir folders found in {}", EXTENSIONS.join(", ."), display_paths(.0))]
    NoIssueFiles(Vec<PathBuf>),
    /// A file error under `--strict`.
    #[error("{0}; nothing was written (--strict)")]
    Strict(String),
    /// The index or the output failed.
    #[error(transparent)]
    Index(#[from] anyhow::Error),
}

/// Where a run reports what it is doing; the command layer draws it.
pub trait Progress {
    /// The run found `files` issue files.
    fn start(&self, files: usize);
    /// The run starts on `path`.
    fn file(&self, path: &Path);
    /// The run is done with the current file.
    fn done(&self);
    /// A file could not be ingested, or something else the user should know.
    fn warn(&self, message: &str);
    /// The run is over (before the summary).
    fn finish(&self);
}

/// What a run did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The counts of the summary line.
    pub counts: Counts,
    /// Documents in the index after the run (for a dry run, the number there would be).
    pub docs: u64,
}

/// Ingests `paths` into the index at `index_dir`; parsed documents go to `out` with
/// [`Options::jsonl`].
pub fn ingest(
    paths: &[PathBuf],
    index_dir: &Path,
    options: Options,
    out: &mut dyn Write,
    progress: &dyn Progress,
) -> Result<Report, IngestError> {
    ingest_with_pages(paths, &[], index_dir, options, out, progress)
}

/// [`ingest`], with pages fetched from the web ([`crate::crawl`]) after the files: each is read
/// from the web cache and parsed as a file of its format would be, named by its URL.
pub fn ingest_with_pages(
    paths: &[PathBuf],
    pages: &[Input],
    index_dir: &Path,
    options: Options,
    out: &mut dyn Write,
    progress: &dyn Progress,
) -> Result<Report, IngestError> {
    crate::timings::init_from_env();
    let opening = std::time::Instant::now();
    let found = match paths {
        [] => walk::Found::default(),
        _ => walk::issue_files(paths, index_dir)?,
    };
    if found.files.is_empty() && found.problems.is_empty() && pages.is_empty() {
        return Err(IngestError::NoIssueFiles(paths.to_vec()));
    }
    let (ingester, indexed) = open(&options, index_dir)?;
    crate::timings::add(Stage::Open, opening.elapsed());
    let resolver = options
        .resolve_links
        .then(|| resolve::Resolver::new(index_dir));
    let mut run = Run {
        options,
        ingester,
        policy: Policy::new(indexed),
        progress,
        parts: PartsSeen::default(),
        resolver,
    };
    progress.start(found.files.len() + pages.len());
    for problem in &found.problems {
        run.file_error(problem)?;
    }
    for source in run.policy.stale(paths, &found.files, run.options.prune) {
        run.delete(&source);
    }
    let mut jobs: Vec<Job> = found
        .files
        .iter()
        .zip(&found.newsletters)
        .map(|(path, default_name)| run.job(path, default_name))
        .collect();
    jobs.extend(pages.iter().map(|page| run.page_job(page)));
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let git = GitDates::new();
    let sites = site::SiteLinks::default();
    let jsonl = run.options.jsonl;
    let forced_newsletter = run.options.newsletter.clone();
    let mail = MailOptions {
        newsletter: forced_newsletter.as_deref(),
        all_mail: run.options.all_mail,
    };
    let sharing = ordered::Sharing {
        threads,
        chunk: FILES_PER_CHUNK,
        window: CHUNKS_PER_THREAD * threads,
    };
    let looping = std::time::Instant::now();
    ordered::for_each_ordered(
        &jobs,
        sharing,
        |job| crate::timings::time(Stage::Parse, || prepare(job, jsonl, &git, &sites, mail)),
        |index, prepared| {
            let job = &jobs[index];
            progress.file(Path::new(&job.source));
            run.apply(job, prepared, (&git, &sites), mail, out)?;
            progress.done();
            Ok::<(), IngestError>(())
        },
    )?;
    crate::timings::add(Stage::Files, looping.elapsed());
    out.flush().context("writing to stdout")?;
    let prune = run.options.prune;
    let stale = run
        .policy
        .stale_parts(&run.parts.containers, &run.parts.sources, prune);
    for source in stale {
        run.delete(&source);
    }
    progress.finish();
    let dry_run = run.options.dry_run;
    if let (Some(resolver), false) = (&run.resolver, dry_run) {
        resolver.save()?;
    }
    let report = run.finish()?;
    if !dry_run {
        crate::timings::time(Stage::Recurring, || {
            crate::index::recurring::rebuild(index_dir)
        })?;
    }
    crate::timings::report();
    Ok(report)
}

/// Opens the index for this run: for writing (taking the lock), or read-only for `--dry-run`,
/// with what it already holds (nothing, for `--rebuild`).
fn open(
    options: &Options,
    index_dir: &Path,
) -> anyhow::Result<(Option<Ingester>, BTreeMap<String, IndexedSource>)> {
    if options.dry_run {
        if options.rebuild {
            return Ok((None, BTreeMap::new()));
        }
        let indexed = match open_if_present(index_dir)? {
            Some(index) => in_index(indexed_sources(&index), index_dir)?,
            None => BTreeMap::new(),
        };
        return Ok((None, indexed));
    }
    let ingester = Ingester::new(open_for_writing(index_dir, options.rebuild)?)?;
    let indexed = if options.rebuild {
        BTreeMap::new()
    } else {
        in_index(indexed_sources(ingester.index()), index_dir)?
    };
    Ok((Some(ingester), indexed))
}

/// `result`, its error prefixed with the index folder it is about.
fn in_index<T>(result: anyhow::Result<T>, index_dir: &Path) -> anyhow::Result<T> {
    result.with_context(|| index_dir.display().to_string())
}

/// The state of one ingest run.
struct Run<'a> {
    options: Options,
    ingester: Option<Ingester>,
    policy: Policy,
    progress: &'a dyn Progress,
    parts: PartsSeen,
    /// The tracked-link resolver, with `--resolve-links`.
    resolver: Option<resolve::Resolver>,
}

/// The parts of container files this run has met, for duplicates across containers and for
/// [`Policy::stale_parts`].
#[derive(Default)]
struct PartsSeen {
    /// Containers read (a container that could not be read is not here).
    containers: HashSet<String>,
    /// Sources of the parts met in them.
    sources: HashSet<String>,
    /// The first copy of each key: the same message in two mailboxes is one issue.
    keys: HashMap<String, FirstCopy>,
}

/// The first copy of a message met in this run.
struct FirstCopy {
    /// Its source.
    source: String,
    /// Its number in its container.
    number: usize,
    /// True when it is an issue new or changed in this run: only then are its copies reported,
    /// so an unchanged mailbox does not report them again on every run (nor the copies of a
    /// personal message, which is not indexed).
    fresh: bool,
}

/// Consecutive files a parsing thread reads and parses at once.
const FILES_PER_CHUNK: usize = 8;

/// Chunks read and parsed ahead of the index writer, per parsing thread: with
/// [`FILES_PER_CHUNK`], bounds the parsed documents held in memory at once (16 files a thread).
const CHUNKS_PER_THREAD: usize = 2;

/// One file to ingest, as decided before the parsing threads start.
struct Job {
    /// The file.
    path: PathBuf,
    /// Its path as a source (`path` as text).
    source: String,
    /// The newsletter it is ingested as.
    newsletter: String,
    /// True when a file that names its newsletter (a page's `og:site_name`) is filed under that
    /// name: no `--newsletter`, and not indexed under another name before.
    names_itself: bool,
    /// Its content hash in the index when the run started, if it was indexed.
    known_hash: Option<u64>,
    /// The content hashes of its indexed parts, when it is a container (by part source).
    known_parts: HashMap<String, u64>,
    /// For a page fetched from the web, its format: `path` is then its web cache file.
    fetched: Option<Format>,
    /// Its newsletter without `--newsletter` or an indexed name: a file that names itself
    /// (`og:site_name`) was hashed with this name when first ingested, so that hash is unchanged.
    default_name: String,
}

/// What a parsing thread made of one file.
enum Prepared {
    /// The file cannot be read: the message.
    Unreadable(String),
    /// The file's content is already indexed (not parsed): its hash.
    Unchanged(u64),
    /// The file was parsed: its hash, its format and what the parser said.
    Parsed(u64, Format, Result<Parsed, ParseError>),
    /// The file holds many issues (a feed, mail): its format, and each issue, hashed and (unless
    /// unchanged) parsed.
    Parts(Format, Vec<PreparedPart>),
}

/// One part of a container file, as a parsing thread left it.
struct PreparedPart {
    /// Its source ([`parse::part_source`]).
    source: String,
    /// Its content hash.
    hash: u64,
    /// The part.
    part: Part,
    /// What the parser said; `None` when it is unchanged (and no documents are printed).
    parsed: Option<Result<PartIssue, ParseError>>,
}

/// Reads, hashes and (unless it is unchanged and no documents are printed) parses one file, or
/// each part of a container; runs on the parsing threads.
fn prepare(
    job: &Job,
    jsonl: bool,
    git: &GitDates,
    sites: &site::SiteLinks,
    mail: MailOptions<'_>,
) -> Prepared {
    let (bytes, hash) = match read(job, sites) {
        Ok(read) => read,
        Err(message) => return Prepared::Unreadable(message),
    };
    let format = job
        .fetched
        .unwrap_or_else(|| format::detect(&job.path, &bytes));
    if format.is_container() {
        return prepare_parts(job, format, &bytes, jsonl, git, mail);
    }
    let hash = job
        .known_hash
        .filter(|&known| known != hash && known == content_hash(&job.default_name, &bytes))
        .unwrap_or(hash);
    let held = site_links(job, format, &bytes, sites);
    let hash = held.mix_into(hash);
    if job.known_hash == Some(hash) && !jsonl {
        return Prepared::Unchanged(hash);
    }
    Prepared::Parsed(hash, format, parse_bytes(job, &bytes, git, &held))
}

/// The site links an HTML page on disk (of `format`) holds ([`site`]); none for any other file, nor for a
/// fetched page (its folder is the fetch cache).
fn site_links(
    job: &Job,
    format: Format,
    bytes: &[u8],
    sites: &site::SiteLinks,
) -> site::PageSiteLinks {
    if job.fetched.is_none() && format == Format::Html {
        sites.of_page(&job.path, bytes)
    } else {
        site::PageSiteLinks::default()
    }
}

/// Splits a container into its parts, each hashed and (unless unchanged) parsed.
fn prepare_parts(
    job: &Job,
    format: Format,
    bytes: &[u8],
    jsonl: bool,
    git: &GitDates,
    mail: MailOptions<'_>,
) -> Prepared {
    let parts = match parse::read_parts(&job.path, &job.source, format, bytes) {
        Ok(parts) => parts,
        Err(err) => return Prepared::Unreadable(err.to_string()),
    };
    let prepared = parts
        .into_iter()
        .map(|part| {
            let source = parse::part_source(&job.source, &part.key);
            let hash = content_hash(&job.newsletter, &part.bytes);
            let known = job.known_parts.get(&source) == Some(&hash);
            let parsed = (!known || jsonl).then(|| parse_part(job, &source, &part, git, mail));
            PreparedPart {
                source,
                hash,
                part,
                parsed,
            }
        })
        .collect();
    Prepared::Parts(format, prepared)
}

/// Parses one part of a job's container, with its newsletter and git dates.
fn parse_part(
    job: &Job,
    source: &str,
    part: &Part,
    git: &GitDates,
    mail: MailOptions<'_>,
) -> Result<PartIssue, ParseError> {
    let git_date = || git_date(job, git);
    let context = IssueContext {
        newsletter: &job.newsletter,
        git_date: &git_date,
        names_itself: job.names_itself,
    };
    parse::parse_part(source, part, &context, mail)
}

/// The bytes of a job's file and their content hash, or the message for a file that cannot be
/// read (an HTML page the folder rule already read is taken from it, not read again). A folder
/// (a Maildir) has no bytes of its own: its parts are read by the mail reader.
fn read(job: &Job, sites: &site::SiteLinks) -> Result<(Vec<u8>, u64), String> {
    let bytes = match job.fetched {
        Some(_) => crate::fetch::cache::body(&job.path),
        None => match sites.take_bytes(&job.path) {
            Some(bytes) => Ok(bytes),
            None => fs::read(&job.path),
        },
    };
    // A maildir is a folder: told by the read failing, not by a `stat` before every file.
    let bytes = match bytes {
        Err(err) if err.kind() == io::ErrorKind::IsADirectory => return Ok((Vec::new(), 0)),
        bytes => bytes.map_err(|err| read_error(&job.source, err))?,
    };
    let hash = content_hash(&job.newsletter, &bytes);
    Ok((bytes, hash))
}

/// The date git knows for a job's file (none for a fetched page).
fn git_date(job: &Job, git: &GitDates) -> Option<time::Date> {
    match job.fetched {
        Some(_) => None,
        None => git.first_added(&job.path),
    }
}

/// Parses a job's bytes, with its newsletter and git dates, without the site links it holds
/// nor (a page on disk) its links to the other pages of its site build ([`own_pages`]).
fn parse_bytes(
    job: &Job,
    bytes: &[u8],
    git: &GitDates,
    held: &site::PageSiteLinks,
) -> Result<Parsed, ParseError> {
    let git_date = || git_date(job, git);
    let context = IssueContext {
        newsletter: &job.newsletter,
        git_date: &git_date,
        names_itself: job.names_itself,
    };
    let mut parsed = parse::parse_issue_with(&job.source, bytes, &context)?;
    let base = parsed.address.as_deref().and_then(|at| at.base.as_deref());
    held.remove_from(&mut parsed.docs, base);
    if job.fetched.is_none() {
        own_pages::remove_from(&job.path, &mut parsed);
    }
    Ok(parsed)
}

impl Run<'_> {
    /// The job of one walked file. Its newsletter is `--newsletter`, else the one it is indexed
    /// as (so ingesting a parent folder keeps names), else the default name of the path it was
    /// found under.
    fn job(&self, path: &Path, default_name: &str) -> Job {
        self.job_named(path, walk::source_name(path), default_name, None)
    }

    /// The job of one fetched page: read from its web cache file, named by its URL, its
    /// newsletter by default the site's host.
    fn page_job(&self, page: &Input) -> Job {
        let host = url::Url::parse(&page.source)
            .ok()
            .and_then(|url| {
                url.host_str()
                    .map(|host| host.trim_start_matches("www.").to_string())
            })
            .unwrap_or_default();
        self.job_named(&page.file, page.source.clone(), &host, Some(page.format))
    }

    /// The job of the file at `path` named `source`.
    fn job_named(
        &self,
        path: &Path,
        source: String,
        default_name: &str,
        fetched: Option<Format>,
    ) -> Job {
        let indexed_as = self.policy.newsletter_of(&source);
        let newsletter = self
            .options
            .newsletter
            .as_deref()
            .or(indexed_as)
            .unwrap_or(default_name)
            .to_string();
        Job {
            path: path.to_path_buf(),
            names_itself: self.options.newsletter.is_none() && indexed_as.is_none(),
            known_hash: self.policy.indexed_hash(&source),
            known_parts: self.policy.part_hashes(&source),
            source,
            newsletter,
            fetched,
            default_name: default_name.to_string(),
        }
    }

    /// Records a file that cannot be ingested: a warning, or with `--strict` the end of the run
    /// (the writer is dropped uncommitted, so nothing is written).
    fn file_error(&mut self, message: &str) -> Result<(), IngestError> {
        if self.options.strict {
            self.progress.finish();
            return Err(IngestError::Strict(message.to_string()));
        }
        self.policy.error();
        self.progress.warn(message);
        Ok(())
    }

    /// Applies one prepared file, in walk order: skipped when unchanged, otherwise added or
    /// replaced as the sync policy decides; a container's parts one by one.
    fn apply(
        &mut self,
        job: &Job,
        prepared: Prepared,
        (git, sites): (&GitDates, &site::SiteLinks),
        mail: MailOptions<'_>,
        out: &mut dyn Write,
    ) -> Result<(), IngestError> {
        // A Maildir is a folder: its messages are the files read.
        if !matches!(prepared, Prepared::Parts(Format::Maildir, _)) {
            self.policy.read();
        }
        let source = job.source.as_str();
        let (hash, format, result) = match prepared {
            Prepared::Parts(format, parts) => {
                self.parts.containers.insert(job.source.clone());
                for part in parts {
                    self.apply_part(job, format, part, git, mail, out)?;
                }
                return Ok(());
            }
            Prepared::Unreadable(message) => return self.file_error(&message),
            Prepared::Unchanged(hash) if self.policy.is_unchanged(source, hash) => {
                self.policy.unchanged();
                return Ok(());
            }
            // An earlier file of this run took this one's issue and removed it: parse it now.
            Prepared::Unchanged(_) => match read(job, sites) {
                Ok((bytes, hash)) => {
                    let format = format::detect(&job.path, &bytes);
                    let held = site_links(job, format, &bytes, sites);
                    let parsed = parse_bytes(job, &bytes, git, &held);
                    (held.mix_into(hash), format, parsed)
                }
                Err(message) => return self.file_error(&message),
            },
            Prepared::Parsed(hash, format, result) => (hash, format, result),
        };
        self.apply_parsed(source, format, hash, result, out)
    }

    /// Applies one part of a container: skipped when its key was met in another container of
    /// this run, when it is unchanged or personal; otherwise added or replaced.
    fn apply_part(
        &mut self,
        job: &Job,
        format: Format,
        prepared: PreparedPart,
        git: &GitDates,
        mail: MailOptions<'_>,
        out: &mut dyn Write,
    ) -> Result<(), IngestError> {
        match format {
            Format::Feed => self.policy.entry(),
            Format::Maildir => {
                self.policy.read();
                self.policy.message();
            }
            _ => self.policy.message(),
        }
        let PreparedPart {
            source,
            hash,
            part,
            parsed,
        } = prepared;
        if let Some(first) = self.parts.keys.get(&part.key) {
            if first.fresh {
                self.policy.duplicate_message();
                if self.options.verbose {
                    let message = format!(
                        "{source} (message {}) is a copy of {} (message {}); kept once",
                        part.number, first.source, first.number
                    );
                    self.progress.warn(&message);
                }
            }
            return Ok(());
        }
        let first = FirstCopy {
            source: source.clone(),
            number: part.number,
            fresh: !self.policy.is_unchanged(&source, hash),
        };
        self.parts.keys.insert(part.key.clone(), first);
        self.parts.sources.insert(source.clone());
        let result = match parsed {
            None if self.policy.is_unchanged(&source, hash) => {
                self.policy.unchanged();
                return Ok(());
            }
            None => parse_part(job, &source, &part, git, mail),
            Some(result) => result,
        };
        match result {
            Ok(PartIssue::Personal) => {
                if let Some(first) = self.parts.keys.get_mut(&part.key) {
                    first.fresh = false;
                }
                self.policy.personal();
                Ok(())
            }
            Ok(PartIssue::Issue(parsed, notes)) => {
                for note in notes {
                    let message = format!("{source} (message {}): {note}", part.number);
                    self.progress.warn(&message);
                }
                self.apply_parsed(&source, format, hash, Ok(parsed), out)
            }
            Err(err) => self.file_error(&format!("{err} (message {})", part.number)),
        }
    }

    /// Applies one parsed issue (a file's or a part's): added or replaced as the sync policy
    /// decides, or skipped when its content is already indexed.
    fn apply_parsed(
        &mut self,
        source: &str,
        format: Format,
        hash: u64,
        result: Result<Parsed, ParseError>,
        out: &mut dyn Write,
    ) -> Result<(), IngestError> {
        let unchanged = self.policy.is_unchanged(source, hash);
        let parsed = match result {
            Ok(parsed) => parsed,
            Err(err) => return self.file_error(&err.to_string()),
        };
        // Before "no links found": a page's warning may say why it gave none (its relative
        // links, with no URL to resolve them against).
        for warning in &parsed.warnings {
            self.progress.warn(&warning.to_string());
        }
        if parsed.docs.is_empty() {
            return self.file_error(&format!("{source}: no links found; nothing to index"));
        }
        let mut docs = parsed.docs;
        if let Some(resolver) = &mut self.resolver {
            resolver.resolve(&mut docs, &parsed.personal);
        }
        let dated = docs.first().is_some_and(|doc| doc.date.is_some());
        if !dated && self.options.strict {
            return self.file_error(&no_date_error(source, format));
        }
        if self.options.jsonl {
            write_jsonl(out, &docs)?;
        }
        if unchanged {
            self.policy.unchanged();
            return Ok(());
        }
        let file = ParsedFile {
            hash,
            newsletter: docs[0].newsletter.clone(),
            issue: issue_key(&docs),
            docs: u64::try_from(docs.len()).unwrap_or(u64::MAX),
            dated,
        };
        let changes = self.policy.accept(source, file);
        if let Some(duplicate) = &changes.duplicate {
            self.progress.warn(&duplicate.to_string());
        }
        for deleted in &changes.delete {
            self.delete(deleted);
        }
        if changes.add {
            if let Some(ingester) = &self.ingester {
                ingester.add(&docs, hash)?;
            }
        }
        Ok(())
    }

    /// Deletes a source's documents (at commit).
    fn delete(&self, source: &str) {
        if let Some(ingester) = &self.ingester {
            ingester.delete_source(source);
        }
    }

    /// Commits (when anything changed) and reports; for a dry run, what there would be.
    fn finish(self) -> Result<Report, IngestError> {
        let counts = self.policy.counts().clone();
        let docs = match self.ingester {
            Some(ingester) => ingester.finish(self.policy.changed() || self.options.rebuild)?,
            None => self.policy.docs(),
        };
        Ok(Report { counts, docs })
    }
}

/// Writes documents as JSON Lines, one object per line: the one JSON Lines encoding, shared by
/// `parse` and `ingest --dry-run --format jsonl`.
pub fn write_jsonl(out: &mut dyn Write, docs: &[LinkDoc]) -> anyhow::Result<()> {
    for doc in docs {
        let line = serde_json::to_string(doc).context("encoding a document as JSON")?;
        writeln!(out, "{line}").context("writing to stdout")?;
    }
    Ok(())
}

/// The issue identity of a parsed file, when it has a number.
fn issue_key(docs: &[LinkDoc]) -> Option<IssueKey> {
    let first = docs.first()?;
    Some(IssueKey {
        newsletter: first.newsletter.clone(),
        number: first.issue?,
        date: first.date,
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

/// The parser's message for an issue of `format` with no date, an error under `--strict`.
pub fn no_date_error(source: &str, format: Format) -> String {
    ParseError {
        path: source.to_string(),
        line: None,
        reason: ParseErrorKind::NoDate(format),
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
