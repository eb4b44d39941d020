//! What goes wrong in a parse: errors that stop it ([`ParseError`]) and warnings that do not
//! ([`ParseWarning`]), each naming the file (and line, where known).

use super::format::Format;

/// Front matter larger than this is refused rather than parsed (bounds YAML work, including
/// alias expansion, whatever the file holds); kept here, with the error that names it, so that
/// errors import no reader.
pub const MAX_FRONT_MATTER: usize = 64 * 1024;

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
    #[error("cannot read the file: {0}; check the path and that you may read it")]
    Io(#[from] std::io::Error),
    /// The bytes are not UTF-8 text.
    #[error("not UTF-8 text; convert the file to UTF-8 (e.g. with iconv)")]
    NotUtf8,
    /// The bytes are no text at all: NUL bytes, or mostly control bytes ([`super::format::is_binary`]).
    #[error("not an issue file (binary data)")]
    Binary,
    /// No usable date in any source (reported as an error only by `ingest --strict`), with the
    /// advice that fits the format.
    #[error("{}", no_date_advice(*.0))]
    NoDate(Format),
    /// Front matter opened with its fence (`---`, `+++`) but never closed.
    #[error("front matter opened with `{0}` is never closed; add a `{0}` line after it")]
    UnterminatedFrontMatter(&'static str),
    /// A feed that could not be read, even after repair.
    #[error("{0}")]
    Feed(String),
    /// Front matter larger than [`MAX_FRONT_MATTER`] bytes.
    #[error(
        "front matter is larger than {} KiB; is the closing `---` (or `+++`) missing?",
        MAX_FRONT_MATTER / 1024
    )]
    FrontMatterTooLarge,
    /// A message that mail-parser cannot read.
    #[error("{0}")]
    Mail(&'static str),
}

/// Where an issue of `format` was looked for a date, and what to add: what fits the format
/// (a date line for markdown, a `<time>` or `<meta>` date for a page, an entry's date, a `Date:`
/// header), or a file name for any.
fn no_date_advice(format: Format) -> &'static str {
    match format {
        Format::Markdown => {
            "no issue date found in front matter, headers, title, file name, folders or git \
             history; add a `date: YYYY-MM-DD` line or start the file name with YYYY-MM-DD"
        }
        Format::Html => {
            "no issue date found in the page (`<time datetime>`, `<meta>` dates, JSON-LD), its \
             file name, folders or git history; add a `<time datetime=\"YYYY-MM-DD\">` or \
             `<meta name=\"date\" content=\"YYYY-MM-DD\">` to the page, or start the file name \
             with YYYY-MM-DD"
        }
        Format::Feed => {
            "no issue date found in the entry (`published`, `updated`), its file name or \
             folders; add a `<pubDate>` (RSS) or `<published>` (Atom) to the entry, or start the \
             file name with YYYY-MM-DD"
        }
        Format::Message | Format::Mbox | Format::Maildir => {
            "no issue date found in the message's `Date:` header, its file name, folders or git \
             history; add a `Date:` header, or start the file name with YYYY-MM-DD"
        }
    }
}

/// A problem that did not stop the parse, with the file (and line, where known).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseWarning {
    /// The file's path as given (for a feed entry, `file#entry`).
    pub path: String,
    /// 1-based line of the problem, when it has one.
    pub line: Option<usize>,
    /// What is wrong and what was done instead (a date that could not be used, a feed read
    /// after repair).
    pub message: String,
}

impl std::fmt::Display for ParseWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let line = self.line.map(|n| format!(":{n}")).unwrap_or_default();
        write!(f, "{}{line}: {}", self.path, self.message)
    }
}
