//! The issue parser: one newsletter issue (a markdown file) in, link documents out.
//!
//! Parsing never touches the index; its only output type is [`LinkDoc`]. The work is split in
//! stages, one module each: [`header`] (front matter or Pelican headers), [`blocks`] (headings,
//! comments, code fences, reference definitions), [`items`] (items and their sections),
//! [`inline`] (links in a line), [`clean`] (plain text, domains, titles), [`date`] (dates and
//! issue numbers) and [`meta`] (the issue-level fields).

mod blocks;
mod clean;
mod date;
mod header;
mod inline;
mod items;
mod meta;

use std::collections::HashSet;
use std::path::Path;

use crate::model::LinkDoc;

pub use items::{INTRO, INTRO_TITLE};

/// File extensions (lowercase, without the dot) of the issue files the parser reads.
pub const EXTENSIONS: &[&str] = &["md", "markdown", "txt"];

/// True when `path` has one of the [`EXTENSIONS`] (case-insensitive).
pub fn has_issue_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| {
            EXTENSIONS
                .iter()
                .any(|known| ext.eq_ignore_ascii_case(known))
        })
}

/// Why an issue file could not be parsed, with the file (and line, where known).
#[derive(Debug, thiserror::Error)]
#[error("{path}{}: {reason}", line.map(|n| format!(":{n}")).unwrap_or_default())]
pub struct ParseError {
    /// The file's path as given.
    pub path: String,
    /// 1-based line of the problem, when it has one.
    pub line: Option<usize>,
    /// What went wrong, phrased for a person, with what to do about it.
    pub reason: ParseErrorKind,
}

/// The kinds of parse failure.
#[derive(Debug, thiserror::Error)]
pub enum ParseErrorKind {
    /// The file could not be read.
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    /// The bytes are not UTF-8 text.
    #[error("not UTF-8 text; convert the file to UTF-8 (e.g. with iconv)")]
    NotUtf8,
    /// No date in front matter, headers or file name.
    #[error(
        "no issue date found in front matter, headers or file name; add a `date: YYYY-MM-DD` line"
    )]
    NoDate,
    /// A date that is not a real calendar date.
    #[error("`{0}` is not a real date; write the issue date as YYYY-MM-DD")]
    ImpossibleDate(String),
    /// A date header whose value cannot be read as a date.
    #[error("cannot read the date `{0}`; write the issue date as YYYY-MM-DD")]
    UnreadableDate(String),
    /// Front matter opened with `---` but never closed.
    #[error("front matter opened with `---` is never closed; add a `---` line after it")]
    UnterminatedFrontMatter,
    /// Front matter larger than [`header::MAX_FRONT_MATTER`] bytes.
    #[error(
        "front matter is larger than {} KiB; is the closing `---` missing?",
        header::MAX_FRONT_MATTER / 1024
    )]
    FrontMatterTooLarge,
}

/// Reads and parses one issue file. `path` is recorded, as given, in each document's `source`.
pub fn parse_file(path: &Path) -> Result<Vec<LinkDoc>, ParseError> {
    let source = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|err| ParseError {
        path: source.clone(),
        line: None,
        reason: ParseErrorKind::Io(err),
    })?;
    parse_issue(&source, &bytes)
}

/// Parses the bytes of one issue. `source` is the file's path as given (used for `source`, for
/// the date-from-file-name rule, and in error messages).
pub fn parse_issue(source: &str, bytes: &[u8]) -> Result<Vec<LinkDoc>, ParseError> {
    let error = |line: Option<usize>, reason| ParseError {
        path: source.to_string(),
        line,
        reason,
    };
    let text = decode(bytes).map_err(|line| error(Some(line), ParseErrorKind::NotUtf8))?;
    let lines: Vec<&str> = text
        .split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line))
        .collect();
    let header = header::read(&lines).map_err(|(line, kind)| error(Some(line), kind))?;
    let body = blocks::scan(&lines[header.body_start..], header.body_start + 1);
    let meta = meta::resolve(source, &header, &body).map_err(|(line, kind)| error(line, kind))?;
    let raw = items::collect(&body, meta.title_heading);
    Ok(documents(raw, &meta, source))
}

/// The text of `bytes` without a UTF-8 BOM; on invalid UTF-8, the 1-based line of the first bad
/// byte.
fn decode(bytes: &[u8]) -> Result<&str, usize> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|err| {
        let valid = &bytes[..err.valid_up_to()];
        valid.iter().filter(|&&b| b == b'\n').count() + 1
    })
}

/// Final documents: duplicates of a URL dropped (the first occurrence wins), positions numbered
/// from 1, and the issue-level fields filled in.
fn documents(raw: Vec<items::RawDoc>, meta: &meta::Meta, source: &str) -> Vec<LinkDoc> {
    let mut seen = HashSet::new();
    raw.into_iter()
        .filter(|doc| seen.insert(doc.link.url.clone()))
        .zip(1u32..)
        .map(|(doc, position)| LinkDoc {
            domain: clean::domain(&doc.link.url),
            url: doc.link.url,
            section: doc.section,
            section_title: doc.section_title,
            date: meta.date.clone(),
            year: meta.year,
            issue: meta.issue,
            issue_title: meta.title.clone(),
            title: doc.link.title,
            description: doc.description,
            source: source.to_string(),
            position,
        })
        .collect()
}
