//! The issue parser: one newsletter issue (a markdown file) in, link documents out.
//!
//! Parsing never touches the index; its only output type is [`LinkDoc`]. The work is split in
//! stages, one module each: [`header`] (front matter or Pelican headers), [`habits`] (archive
//! habits CommonMark reads differently), [`tree`] (the body read by pulldown-cmark, as blocks),
//! [`line`] and [`html`] (text and links of one line), [`items`] (items and their sections),
//! [`clean`] (plain text, domains, titles), [`date`] (dates and issue numbers) and [`meta`] (the
//! issue-level fields).

mod clean;
mod date;
mod feed;
pub mod format;
mod habits;
mod header;
mod html;
mod items;
mod line;
pub mod mail;
mod meta;
#[cfg(test)]
mod robustness;
mod tree;

use std::path::Path;

use crate::model::LinkDoc;

/// The `domain` of a URL, as every document has it.
pub use clean::domain;
/// Section slug and title of the links that come before any heading.
pub use items::{INTRO, INTRO_TITLE};
/// What the parser may know beyond the bytes (git dates), and a date it could not use.
pub use meta::{DateWarning, IssueContext};

/// File extensions (lowercase, without the dot) of the issue files the parser reads.
pub use format::EXTENSIONS;

/// One issue of a file that holds many (a feed entry, a message of an mbox or a Maildir),
/// tracked on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// Its stable key in the file (an entry's id; a Message-ID, or a hash of the headers of a
    /// message without).
    pub key: String,
    /// Its 1-based number in the file.
    pub number: usize,
    /// Its bytes: what its content hash comes from (and a message's documents).
    pub bytes: Vec<u8>,
    /// A feed entry, already read by the feed reader; `None` for a message.
    entry: Option<Box<FeedEntry>>,
}

/// A feed entry as a part: what the feed reader made of it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FeedEntry {
    /// The entry's header fields and blocks.
    entry: feed::Entry,
    /// The feed's title, the name of its newsletter unless `--newsletter` says otherwise.
    feed_title: Option<String>,
    /// What the reader had to work around (a feed read after repair), on its first entry.
    notes: Vec<String>,
}

impl Part {
    /// A message of a mail container: its key, number and bytes.
    pub fn message(key: String, number: usize, bytes: Vec<u8>) -> Self {
        Self {
            key,
            number,
            bytes,
            entry: None,
        }
    }
}

/// What one part is to the index.
#[derive(Debug)]
pub enum PartIssue {
    /// An issue, parsed, with what the reader had to work around (broken MIME, a message too
    /// large, a feed that was not well-formed), one message each.
    Issue(Parsed, Vec<String>),
    /// A personal message, skipped for privacy (`--all-mail` takes them).
    Personal,
}

/// The parts of the container file `source` at `path` (see [`format::Format::is_container`])
/// whose bytes are `bytes` (a Maildir folder's messages are read here), in file order; a
/// message met twice is there twice, with one key.
pub fn read_parts(
    path: &Path,
    source: &str,
    format: format::Format,
    bytes: &[u8],
) -> Result<Vec<Part>, ParseError> {
    let error = |reason| ParseError {
        path: source.to_string(),
        line: None,
        reason,
    };
    if format != format::Format::Feed {
        return mail::parts::read(path, format, bytes)
            .map_err(|err| error(ParseErrorKind::Io(err)));
    }
    let feed = feed::read(bytes).map_err(|err| error(ParseErrorKind::Feed(err.to_string())))?;
    let mut notes = feed
        .repaired
        .then(|| "not well-formed XML; read what a lenient XML parser could recover".to_string())
        .into_iter()
        .collect::<Vec<_>>();
    let mut seen = std::collections::HashSet::new();
    let parts = feed
        .entries
        .into_iter()
        .zip(1..)
        .filter(|(entry, _)| seen.insert(entry.key.clone()))
        .map(|(entry, number)| Part {
            key: entry.key.clone(),
            number,
            bytes: entry.hash.to_le_bytes().to_vec(),
            entry: Some(Box::new(FeedEntry {
                entry,
                feed_title: feed.title.clone(),
                notes: std::mem::take(&mut notes),
            })),
        })
        .collect();
    Ok(parts)
}

/// Parses one part of a container, named `source` in its documents and messages. A feed
/// entry's newsletter is `--newsletter`, else the feed's title, else the folder's name.
pub fn parse_part(
    source: &str,
    part: &Part,
    context: &IssueContext<'_>,
    options: mail::MailOptions<'_>,
) -> Result<PartIssue, ParseError> {
    let Some(feed) = &part.entry else {
        return mail::parse_message(source, &part.bytes, context, options);
    };
    let name = options.newsletter.or(feed.feed_title.as_deref());
    let context = IssueContext {
        newsletter: name.unwrap_or(context.newsletter),
        ..*context
    };
    let parsed = issue_documents(source, &feed.entry.header, &feed.entry.body, &context);
    Ok(PartIssue::Issue(parsed, feed.notes.clone()))
}

/// The source of the part `key` of the container `source`: `inbox.mbox#<message-id>`,
/// `feed.xml#<entry id>`. The one rule parts are named by.
pub fn part_source(container: &str, key: &str) -> String {
    format!("{container}#{key}")
}

/// True when a folder walk takes `path`: one of the [`EXTENSIONS`] (case-insensitive), and for
/// a feed extension, content that opens a feed ([`format::is_issue_file`]).
pub fn has_issue_extension(path: &Path) -> bool {
    format::is_issue_file(path)
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
    #[error("cannot read the file: {0}; check the path and that you may read it")]
    Io(#[from] std::io::Error),
    /// The bytes are not UTF-8 text.
    #[error("not UTF-8 text; convert the file to UTF-8 (e.g. with iconv)")]
    NotUtf8,
    /// No usable date in any source (reported as an error only by `ingest --strict`).
    #[error(
        "no issue date found in front matter, headers, title, file name, folders or git history; add a `date: YYYY-MM-DD` line or start the file name with YYYY-MM-DD"
    )]
    NoDate,
    /// Front matter opened with its fence (`---`, `+++`) but never closed.
    #[error("front matter opened with `{0}` is never closed; add a `{0}` line after it")]
    UnterminatedFrontMatter(&'static str),
    /// A feed that could not be read, even after repair.
    #[error("{0}")]
    Feed(String),
    /// Front matter larger than [`header::MAX_FRONT_MATTER`] bytes.
    #[error(
        "front matter is larger than {} KiB; is the closing `---` (or `+++`) missing?",
        header::MAX_FRONT_MATTER / 1024
    )]
    FrontMatterTooLarge,
    /// A message that mail-parser cannot read.
    #[error("{0}")]
    Mail(&'static str),
}

/// A parsed issue: its documents, and the dates it could not use.
#[derive(Debug)]
pub struct Parsed {
    /// The link documents.
    pub docs: Vec<LinkDoc>,
    /// One warning per date that was impossible or unreadable, saying what was used instead.
    pub warnings: Vec<ParseWarning>,
    /// A message's links that identified the subscriber, as written (in memory only, for
    /// `ingest --resolve-links`).
    pub personal: mail::identity::PersonalLinks,
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

/// One issue of a file, parsed: what `parse` prints for it.
#[derive(Debug)]
pub struct ParsedPart {
    /// The `source` of its documents: the file's, or [`part_source`] for a part of a container.
    pub source: String,
    /// Its documents, and its warnings (dates, and what a reader had to work around).
    pub parsed: Parsed,
}

/// Reads and parses the file (or Maildir folder) at `path` into its issues, personal messages
/// left out: one for a markdown or HTML file, one per entry or message of a container.
pub fn parse_file_parts(
    path: &Path,
    source: &str,
    context: &IssueContext<'_>,
    options: mail::MailOptions<'_>,
) -> Result<Vec<ParsedPart>, ParseError> {
    let bytes = if path.is_dir() {
        Vec::new()
    } else {
        std::fs::read(path).map_err(|err| ParseError {
            path: source.to_string(),
            line: None,
            reason: ParseErrorKind::Io(err),
        })?
    };
    let format = format::detect(path, &bytes);
    if !format.is_container() {
        let parsed = parse_issue_with(source, &bytes, context)?;
        return Ok(vec![ParsedPart {
            source: source.to_string(),
            parsed,
        }]);
    }
    container_parts(path, source, format, &bytes, context, options)
}

/// The issues of a container (personal messages left out), each with the notes its reader made
/// as warnings.
fn container_parts(
    path: &Path,
    source: &str,
    format: format::Format,
    bytes: &[u8],
    context: &IssueContext<'_>,
    options: mail::MailOptions<'_>,
) -> Result<Vec<ParsedPart>, ParseError> {
    let mut parsed_parts = Vec::new();
    let mut keys = std::collections::HashSet::new();
    for part in read_parts(path, source, format, bytes)? {
        if !keys.insert(part.key.clone()) {
            continue;
        }
        let part_source = part_source(source, &part.key);
        let PartIssue::Issue(mut parsed, notes) =
            parse_part(&part_source, &part, context, options)?
        else {
            continue;
        };
        parsed
            .warnings
            .extend(notes.into_iter().map(|message| ParseWarning {
                path: part_source.clone(),
                line: None,
                message,
            }));
        parsed_parts.push(ParsedPart {
            source: part_source,
            parsed,
        });
    }
    Ok(parsed_parts)
}

/// `context` with the newsletter `name` when the file may name itself and does.
fn self_named<'a>(context: &IssueContext<'a>, name: Option<&'a str>) -> IssueContext<'a> {
    let mut context = *context;
    if let Some(name) = name.filter(|name| context.names_itself && !name.trim().is_empty()) {
        context.newsletter = name;
    }
    context
}

/// Reads and parses the issue file at `path`, named `source` in its documents and errors (see
/// [`parse_issue`]).
pub fn parse_file(path: &Path, source: &str) -> Result<Vec<LinkDoc>, ParseError> {
    parse_file_with(path, source, &IssueContext::default()).map(|parsed| parsed.docs)
}

/// [`parse_file`] with what the caller knows beyond the bytes, keeping the warnings.
pub fn parse_file_with(
    path: &Path,
    source: &str,
    context: &IssueContext<'_>,
) -> Result<Parsed, ParseError> {
    let bytes = std::fs::read(path).map_err(|err| ParseError {
        path: source.to_string(),
        line: None,
        reason: ParseErrorKind::Io(err),
    })?;
    parse_issue_with(source, &bytes, context)
}

/// Parses the bytes of one file (every issue in it, for a container). `source` is the file's
/// path as given (used for `source`, for the date-from-file-name rule, and in error messages).
pub fn parse_issue(source: &str, bytes: &[u8]) -> Result<Vec<LinkDoc>, ParseError> {
    parse_issue_with(source, bytes, &IssueContext::default()).map(|parsed| parsed.docs)
}

/// [`parse_issue`] with what the caller knows beyond the bytes, keeping the warnings: a markdown
/// or HTML file's documents, or those of every part of a container (newsletters only).
pub fn parse_issue_with(
    source: &str,
    bytes: &[u8],
    context: &IssueContext<'_>,
) -> Result<Parsed, ParseError> {
    let format = format::detect(Path::new(source), bytes);
    match format {
        format::Format::Markdown => parse_markdown(source, bytes, context),
        format::Format::Html => {
            let page = html::read_page(bytes);
            let site = page.header.field(&["site_name"]).map(|f| f.value.clone());
            let context = self_named(context, site.as_deref());
            Ok(issue_documents(source, &page.header, &page.body, &context))
        }
        _ => {
            let options = mail::MailOptions::default();
            let parts =
                container_parts(Path::new(source), source, format, bytes, context, options)?;
            let mut all = Parsed {
                docs: Vec::new(),
                warnings: Vec::new(),
                personal: Default::default(),
            };
            for part in parts {
                all.docs.extend(part.parsed.docs);
                all.warnings.extend(part.parsed.warnings);
            }
            Ok(all)
        }
    }
}

/// The markdown reader: header (front matter or Pelican) and body blocks, then the shared stage.
fn parse_markdown(
    source: &str,
    bytes: &[u8],
    context: &IssueContext<'_>,
) -> Result<Parsed, ParseError> {
    let error = |line: Option<usize>, reason| ParseError {
        path: source.to_string(),
        line,
        reason,
    };
    let text = decode(bytes).map_err(|line| error(Some(line), ParseErrorKind::NotUtf8))?;
    let (lines, header) = read_header(text);
    let header = header.map_err(|(line, kind)| error(Some(line), kind))?;
    let body_offset = lines.get(header.body_start).map_or(text.len(), |first| {
        first.as_ptr() as usize - text.as_ptr() as usize
    });
    let body = tree::read(&text[body_offset..], header.body_start + 1);
    Ok(issue_documents(source, &header, &body, context))
}

/// The shared stage every format's reader ends in: an issue's header fields (front matter, or
/// what a page, a feed entry or a message says of itself as `date`, `title`, `issue` fields) and
/// its body as blocks, made into documents by the one set of item, section and footer rules.
pub(crate) fn issue_documents(
    source: &str,
    header: &header::Header,
    body: &tree::Body,
    context: &IssueContext<'_>,
) -> Parsed {
    let meta = meta::resolve(source, header, body, context);
    let raw = items::collect(body, meta.title_heading);
    let warnings = meta
        .warnings
        .iter()
        .map(|date| ParseWarning {
            path: source.to_string(),
            line: date.line,
            message: date.to_string(),
        })
        .collect();
    Parsed {
        docs: documents(raw, &meta, source, context.newsletter),
        warnings,
        personal: Default::default(),
    }
}

/// The blocks of an HTML document or fragment (a page, a feed entry's content, a mail's HTML
/// part), as the HTML reader sees them: the one entry point other readers use for HTML.
pub(crate) fn html_body(html: &str) -> tree::Body {
    html::read_fragment(html)
}

/// Bytes from the top of a file whose lines the header is first looked for in.
const HEAD_BYTES: usize = 2048;

/// The file's header, and its lines up to at least the body's first: read from the lines that
/// start in the first [`HEAD_BYTES`] bytes, and again from all lines only when the header runs to
/// the end of those (an unclosed or long front matter, a long Pelican header). Splitting a whole
/// issue into lines only to read its first few cost 3% of parsing.
fn read_header(text: &str) -> (Vec<&str>, Result<header::Header, header::HeaderError>) {
    let head = lines(text, HEAD_BYTES);
    let header = header::read(&head);
    let reaches_end = match &header {
        Ok(header) => header.body_start >= head.len(),
        Err(_) => true,
    };
    if !reaches_end || all_lines_start_before(text, HEAD_BYTES) {
        return (head, header);
    }
    let all = lines(text, usize::MAX);
    let header = header::read(&all);
    (all, header)
}

/// True when no line of `text` starts at byte `limit` or later.
fn all_lines_start_before(text: &str, limit: usize) -> bool {
    text.as_bytes()
        .get(limit.saturating_sub(1)..)
        .is_none_or(|rest| !rest.contains(&b'\n'))
}

/// The lines of `text` that start before byte `limit`, without their line endings.
fn lines(text: &str, limit: usize) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', text.as_bytes()) {
        if start >= limit {
            return lines;
        }
        lines.push(without_cr(&text[start..end]));
        start = end + 1;
    }
    if start < limit {
        lines.push(without_cr(&text[start..]));
    }
    lines
}

/// `line` without a trailing `\r`.
fn without_cr(line: &str) -> &str {
    line.strip_suffix('\r').unwrap_or(line)
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

/// Final documents: positions numbered from 1 and the issue-level fields filled in (the raw
/// documents are already distinct).
fn documents(
    raw: Vec<items::RawDoc>,
    meta: &meta::Meta,
    source: &str,
    newsletter: &str,
) -> Vec<LinkDoc> {
    raw.into_iter()
        .zip(1u32..)
        .map(|(doc, position)| LinkDoc {
            domain: clean::domain(&doc.link.url),
            url: doc.link.url,
            section: doc.section,
            section_title: doc.section_title,
            date: meta.date,
            year: meta.date.map(time::Date::year),
            date_precision: meta.precision,
            issue: meta.issue,
            issue_title: meta.title.clone(),
            title: doc.link.title,
            description: doc.description,
            source: source.to_string(),
            position,
            newsletter: newsletter.to_string(),
            written_url: None,
            tracked: crate::model::Tracked::No,
            issue_url: None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED_515: &str = include_str!("../../fixtures/devopsweekly/2020-11-08-issue-515.md");

    fn urls(docs: &[LinkDoc]) -> Vec<&str> {
        docs.iter().map(|doc| doc.url.as_str()).collect()
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let plain = parse_issue("515.md", SEED_515.as_bytes()).unwrap();
        let crlf = format!("\u{feff}{}", SEED_515.replace('\n', "\r\n"));
        let converted = parse_issue("515.md", crlf.as_bytes()).unwrap();
        assert_eq!(plain.len(), 10);
        assert_eq!(converted, plain);
    }

    #[test]
    fn non_utf8_names_file_and_line() {
        let err = parse_issue("x.md", b"---\ndate: 2020-01-01\n---\n\xc3\x28").unwrap_err();
        assert_eq!(err.path, "x.md");
        assert_eq!(err.line, Some(4));
        assert!(matches!(err.reason, ParseErrorKind::NotUtf8));
        assert_eq!(
            err.to_string(),
            "x.md:4: not UTF-8 text; convert the file to UTF-8 (e.g. with iconv)"
        );
    }

    #[test]
    fn same_url_twice_is_one_document_first_wins() {
        let text = "---\ndate: 2020-01-02\n---\nSponsor\n===\nBuy it.\nhttps://s.io\n\nNews\n====\nA post.\nhttps://a.io\n\nBuy it.\nhttps://s.io\n";
        let docs = parse_issue("x.md", text.as_bytes()).unwrap();
        assert_eq!(urls(&docs), ["https://s.io", "https://a.io"]);
        assert_eq!(docs[0].section, "sponsor");
        assert_eq!(docs.iter().map(|d| d.position).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(docs[0].issue, None);
        assert_eq!(docs[0].issue_title, "x");
    }

    #[test]
    fn links_before_any_heading_are_intro() {
        let text = "Date: 2021-02-03\nTitle: T\n\nSee https://a.io/x.\n";
        let docs = parse_issue("t.txt", text.as_bytes()).unwrap();
        assert_eq!(urls(&docs), ["https://a.io/x"]);
        assert_eq!(
            (docs[0].section.as_str(), docs[0].section_title.as_str()),
            (INTRO, INTRO_TITLE)
        );
        assert_eq!(docs[0].date, crate::model::day::parse("2021-02-03"));
        assert_eq!(docs[0].year, Some(2021));
    }

    #[test]
    fn front_matter_errors_name_the_file() {
        let err = parse_issue("f.md", b"---\ntitle: x\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "f.md:1: front matter opened with `---` is never closed; add a `---` line after it"
        );
    }

    #[test]
    fn headers_longer_than_the_head_are_read_from_all_lines() {
        let long_yaml = format!(
            "---\ntitle: Issue 7\nnote: {}\n---\nBody\n",
            "x".repeat(5000)
        );
        let (lines, header) = read_header(&long_yaml);
        let header = header.unwrap();
        assert_eq!(header.body_start, 4);
        assert_eq!(lines[header.body_start], "Body");

        let pelican: String = (0..400).map(|n| format!("Title: issue {n}\n")).collect();
        let (_, header) = read_header(&(pelican + "\nBody\n"));
        assert_eq!(header.unwrap().body_start, 400);

        let unclosed = format!("---\ntitle: x\n{}", "body line\n".repeat(1000));
        let (_, header) = read_header(&unclosed);
        assert!(matches!(
            header,
            Err((1, ParseErrorKind::UnterminatedFrontMatter("---")))
        ));
    }

    #[test]
    fn short_headers_are_read_from_the_head_alone() {
        let text = format!("---\ntitle: Issue 7\n---\n{}", "text\n".repeat(5000));
        let (lines, header) = read_header(&text);
        assert_eq!(header.unwrap().body_start, 3);
        assert!(lines.len() < 1000);
        assert!(all_lines_start_before("a\nb", 3));
        assert!(!all_lines_start_before("a\nb\nc", 3));
        assert!(!all_lines_start_before("ab\nc", 3));
        assert!(all_lines_start_before("abcd", 3));
        assert_eq!(super::lines("ab\ncd", 3), ["ab"]);
        assert_eq!(super::lines("ab\ncd", 4), ["ab", "cd"]);
    }

    /// The front matter's closing line starts exactly at [`HEAD_BYTES`] and is the file's last:
    /// it is past the head, so the header must be read again from all lines.
    #[test]
    fn a_front_matter_closed_exactly_at_the_head_limit_is_closed() {
        let opening = "---\ntitle: Issue 7\nnote: ";
        let note = "x".repeat(HEAD_BYTES - opening.len() - 1);
        let text = format!("{opening}{note}\n---");
        assert_eq!(text.find("\n---").map(|at| at + 1), Some(HEAD_BYTES));
        let (lines, header) = read_header(&text);
        assert_eq!(header.unwrap().body_start, 4);
        assert_eq!(lines.len(), 4);
        assert_eq!(parse_issue("f.md", text.as_bytes()).unwrap(), []);
        let unclosed = format!("{opening}{note}\nlast");
        let err = parse_issue("f.md", unclosed.as_bytes()).unwrap_err();
        assert!(matches!(
            err.reason,
            ParseErrorKind::UnterminatedFrontMatter("---")
        ));
    }
}
