//! The issue parser: the bytes of an issue file in, link documents out. A file is one issue
//! (a markdown file, an HTML page) or a container of many (a feed's entries, an mbox's or a
//! Maildir's messages, each a [`Part`] tracked on its own).
//!
//! Parsing never touches the index; its only output type is [`LinkDoc`]. [`format`] says which
//! reader a file goes to; each reader ([`markdown`], [`html`], [`feed`], [`mail`]) makes header
//! fields and blocks of it, and the shared [`issue`] stage makes those documents by one set of
//! rules. Arrows run one way: markdown → html → issue; feed → html, issue; mail → markdown (a
//! plain-text message is read as markdown), html, issue. The issue stage and the errors import no
//! reader.

mod error;
mod feed;
pub mod format;
mod html;
mod issue;
pub mod mail;
mod markdown;
mod part;
#[cfg(test)]
mod robustness;

use std::path::Path;

use crate::model::LinkDoc;

/// What the parser may know beyond the bytes (git dates), and a date it could not use.
pub use issue::meta::{DateWarning, IssueContext};
/// Section slug and title of the links that come before any heading.
pub use issue::outline::{INTRO, INTRO_TITLE};
/// A parsed issue: its documents and warnings.
pub use issue::Parsed;

/// Why a parse failed, and what did not stop it.
pub use error::{ParseError, ParseErrorKind, ParseWarning};
/// One issue of a container file, and what it is to the index.
pub use part::{Part, PartIssue};

/// File extensions (lowercase, without the dot) of the issue files the parser reads.
pub use format::EXTENSIONS;

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
            entry: Some(Box::new(part::FeedEntry {
                entry,
                feed_title: feed.title.clone(),
                notes: std::mem::take(&mut notes),
            })),
        })
        .collect();
    Ok(parts)
}

/// Parses one part of a container, named `source` in its documents and messages. A feed
/// entry's newsletter is `--newsletter`, else the feed's title, else the folder's name; its date
/// is never the git date of the feed file (the day the file was first committed is no entry's).
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
        git_date: IssueContext::default().git_date,
        ..*context
    };
    let parsed = issue::documents(source, &feed.entry.header, &feed.entry.body, &context);
    let parsed = feed::finish(&feed.entry, parsed);
    Ok(PartIssue::Issue(parsed, feed.notes.clone()))
}

/// The source of the part `key` of the container `source`: `inbox.mbox#<message-id>`,
/// `feed.xml#<entry id>`. The one rule parts are named by.
pub fn part_source(container: &str, key: &str) -> String {
    format!("{container}#{key}")
}

/// One issue of a file, parsed: what `parse` prints for it.
#[derive(Debug)]
pub struct ParsedPart {
    /// The `source` of its documents: the file's, or [`part_source`] for a part of a container.
    pub source: String,
    /// The format of its file (a container's, for a part).
    pub format: format::Format,
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
            format,
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
            format,
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

/// The URL a page named `source` was fetched from: `source` itself, for a fetched page.
fn fetched_from(source: &str) -> Option<&str> {
    let web = ["http://", "https://"]
        .iter()
        .any(|scheme| crate::urls::strip_prefix_ignore_case(source, scheme).is_some());
    web.then_some(source)
}

/// A page's documents with its own URL as their `issue_url`, the base its relative links
/// resolved against, and one warning when relative links were left out for want of a base and
/// are at least as many as its documents (a page saved without its address: a few relative nav
/// links beside absolute items say nothing worth a line).
fn with_address(mut parsed: Parsed, page: html::Page, source: &str) -> Parsed {
    for doc in &mut parsed.docs {
        doc.issue_url.clone_from(&page.own_url);
    }
    parsed.address = Some(Box::new(issue::PageAddress {
        base: page.base,
        hosts: page.hosts,
    }));
    if page.unresolved > 0 && page.unresolved >= parsed.docs.len() {
        parsed.warnings.push(ParseWarning {
            path: source.to_string(),
            line: None,
            message: format!(
                "{} relative link(s) left out: the page states no URL of its own to resolve them \
                 against (`<base href>`, `<link rel=\"canonical\">` or `og:url`)",
                page.unresolved
            ),
        });
    }
    parsed
}

/// Reads and parses the issue file at `path`, named `source` in its documents and errors (see
/// [`parse_issue`]).
pub fn parse_file(path: &Path, source: &str) -> Result<Vec<LinkDoc>, ParseError> {
    let bytes = std::fs::read(path).map_err(|err| ParseError {
        path: source.to_string(),
        line: None,
        reason: ParseErrorKind::Io(err),
    })?;
    parse_issue(source, &bytes)
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
    if !format.is_container() && format::is_binary(bytes) {
        return Err(ParseError {
            path: source.to_string(),
            line: None,
            reason: ParseErrorKind::Binary,
        });
    }
    match format {
        format::Format::Markdown => markdown::parse(source, bytes, context),
        format::Format::Html => {
            let page = html::read_page(bytes, fetched_from(source));
            let site = page.header.field(&["site_name"]).map(|f| f.value.clone());
            let context = self_named(context, site.as_deref());
            let parsed = issue::documents(source, &page.header, &page.body, &context);
            Ok(with_address(parsed, page, source))
        }
        _ => {
            let options = mail::MailOptions::default();
            let parts =
                container_parts(Path::new(source), source, format, bytes, context, options)?;
            let mut all = Parsed {
                docs: Vec::new(),
                warnings: Vec::new(),
                personal: Default::default(),
                address: None,
            };
            for part in parts {
                all.docs.extend(part.parsed.docs);
                all.warnings.extend(part.parsed.warnings);
            }
            Ok(all)
        }
    }
}
