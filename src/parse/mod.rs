//! The issue parser: one newsletter issue (a markdown file) in, link documents out.
//!
//! Parsing never touches the index; its only output type is [`LinkDoc`].

use std::path::Path;

use crate::model::LinkDoc;

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
    let _text = std::str::from_utf8(bytes).map_err(|_| ParseError {
        path: source.to_string(),
        line: None,
        reason: ParseErrorKind::NotUtf8,
    })?;
    Ok(Vec::new())
}
