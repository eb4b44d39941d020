//! The mail reader: one email message (from an `.eml`, an mbox or a Maildir, see [`parts`]) in,
//! an issue's header fields and body out, made into documents by the shared stage
//! ([`crate::parse::issue::documents`]).
//!
//! - Body: the HTML part through the HTML reader ([`crate::parse::html::read_fragment`]); a text-only message is
//!   read as plain text (bare URLs, `Title <https://...>`, paragraphs as descriptions). A forward
//!   whose issue is an attached `message/rfc822` is read from the attached message.
//! - Date: the `Date:` header's day in the header's own offset (what the sender saw).
//! - Title: the subject without `[List]` tags and `Re:` / `Fwd:` prefixes; the issue number comes
//!   from it by the usual number rules (`Issue 154`, `#154`, `No. 154`).
//! - Newsletter (unless `--newsletter`): the subject's words before its issue number
//!   (`SRE Weekly Issue #154` → `SRE Weekly`), else the List-Id's display name, else the From
//!   display name, else the sender's domain.
//! - Privacy: only bulk mail (List-Id, List-Unsubscribe, `Precedence: bulk|list`, or an
//!   "unsubscribe" footer) is an issue; other messages are personal and skipped unless
//!   `--all-mail`. The subscriber's addresses (To:, Delivered-To:) never reach the index: links
//!   carrying them and personal links (unsubscribe, preferences, view in browser) are dropped,
//!   and the addresses are removed from the kept text.
//! - Tracked links: unwrapped offline ([`tracking`]); the written URL is kept as `written_url`.

pub(crate) mod parts;
mod text;
mod tracking;

use std::borrow::Cow;

use mail_parser::{Message, MessageParser, PartType};

use super::error::{ParseError, ParseErrorKind};
use super::html;
use super::issue::fields::{Field, Header};
use super::issue::meta::IssueContext;
use super::issue::{self, blocks::Body, date};
use super::markdown::tree;
use super::part::PartIssue;
use crate::model::LinkDoc;

/// What the caller decides for every message of a run.
#[derive(Debug, Clone, Copy, Default)]
pub struct MailOptions<'a> {
    /// `--newsletter`: the name of every message's newsletter, instead of the sender rule.
    pub newsletter: Option<&'a str>,
    /// `--all-mail`: read personal messages too.
    pub all_mail: bool,
}

/// Reads one message named `source`; an unreadable one is an error naming it.
pub fn parse_message(
    source: &str,
    bytes: &[u8],
    context: &IssueContext<'_>,
    options: MailOptions<'_>,
) -> Result<PartIssue, ParseError> {
    let mut notes = Vec::new();
    let bytes = match bytes.get(..MAX_MESSAGE_BYTES) {
        Some(head) if bytes.len() > MAX_MESSAGE_BYTES => {
            notes.push(format!(
                "message larger than {} MiB; only its first {} MiB read (attachments past it skipped, not decoded)",
                MAX_MESSAGE_BYTES >> 20,
                MAX_MESSAGE_BYTES >> 20
            ));
            head
        }
        _ => bytes,
    };
    let not_mail = || ParseError {
        path: source.to_string(),
        line: None,
        reason: ParseErrorKind::Mail(
            "not an email message (no From, Subject or Date header); skipped",
        ),
    };
    let outer = MessageParser::default().parse(bytes).ok_or_else(not_mail)?;
    if outer.from().is_none() && outer.subject().is_none() && outer.date().is_none() {
        return Err(not_mail());
    }
    let message = forwarded(&outer).unwrap_or(&outer);
    let (html, text) = bodies(message, &mut notes);
    let footer = [html.as_deref(), text.as_deref()]
        .into_iter()
        .flatten()
        .any(|body| body.to_ascii_lowercase().contains("unsubscribe"));
    if !options.all_mail && !is_bulk(message) && !is_bulk(&outer) && !footer {
        return Ok(PartIssue::Personal);
    }
    let subject = clean_subject(message.subject().unwrap_or_default());
    let header = header(message, &subject);
    let body = match (&html, &text) {
        (Some(html), _) => html::read_fragment(html),
        (None, Some(plain)) => tree::read(&text::to_markdown(plain), 1),
        (None, None) => Body::default(),
    };
    let newsletter = options
        .newsletter
        .map(str::to_string)
        .unwrap_or_else(|| newsletter_name(message, &subject));
    let context = IssueContext {
        newsletter: &newsletter,
        ..*context
    };
    let mut parsed = issue::documents(source, &header, &body, &context);
    tracking::unwrap_all(&mut parsed.docs);
    parsed.docs = private_removed(parsed.docs, &subscriber_addresses(&outer));
    Ok(PartIssue::Issue(parsed, notes))
}

/// The largest message read whole: past it, the rest (in practice a large attachment) is cut
/// before MIME decoding, so time and memory stay bounded.
const MAX_MESSAGE_BYTES: usize = 4 << 20;

/// The HTML and plain-text bodies of a message. When its MIME structure names neither (a
/// truncated message, a multipart without a boundary), the first text part, else the raw body
/// after the headers, is read instead, with a note.
fn bodies<'a>(
    message: &'a Message<'a>,
    notes: &mut Vec<String>,
) -> (Option<Cow<'a, str>>, Option<Cow<'a, str>>) {
    let (html, text) = (html_part(message), text_part(message));
    if html.is_some() || text.is_some() {
        return (html, text);
    }
    let fallback = message
        .attachments()
        .find_map(|part| match &part.body {
            PartType::Html(body) | PartType::Text(body) => Some(Cow::Borrowed(body.as_ref())),
            _ => None,
        })
        .filter(|body| !body.trim().is_empty())
        .or_else(|| raw_body(message.raw_message()));
    let Some(body) = fallback else {
        return (None, None);
    };
    notes.push("broken MIME structure (no readable body part); read its raw text".into());
    if body.contains("<a ") || body.contains("<A ") {
        (Some(body), None)
    } else {
        (None, Some(body))
    }
}

/// The bytes after a message's header block, as text (lossy).
fn raw_body(raw: &[u8]) -> Option<Cow<'_, str>> {
    let start = memchr::memmem::find(raw, b"\n\n")? + 2;
    let body = String::from_utf8_lossy(&raw[start..]);
    (!body.trim().is_empty()).then_some(body)
}

/// The attached message of a forward (the first `message/rfc822` part), if any.
fn forwarded<'a>(message: &'a Message<'a>) -> Option<&'a Message<'a>> {
    message.attachments().find_map(|part| match &part.body {
        PartType::Message(inner) => Some(inner),
        _ => None,
    })
}

/// The first HTML body part, as written (not converted from text).
fn html_part<'a>(message: &'a Message<'a>) -> Option<Cow<'a, str>> {
    message.html_bodies().find_map(|part| match &part.body {
        PartType::Html(html) => Some(Cow::Borrowed(html.as_ref())),
        _ => None,
    })
}

/// The first plain-text body part, as written (not converted from HTML).
fn text_part<'a>(message: &'a Message<'a>) -> Option<Cow<'a, str>> {
    message.text_bodies().find_map(|part| match &part.body {
        PartType::Text(text) => Some(Cow::Borrowed(text.as_ref())),
        _ => None,
    })
}

/// True for mail sent to a list: List-Id, List-Unsubscribe or `Precedence: bulk|list`.
fn is_bulk(message: &Message<'_>) -> bool {
    let precedence = message
        .header_raw("Precedence")
        .is_some_and(|value| matches!(value.trim().to_ascii_lowercase().as_str(), "bulk" | "list"));
    precedence
        || message.header_raw("List-Id").is_some()
        || message.header_raw("List-Unsubscribe").is_some()
}

/// The issue's header fields: `date` (the Date header's day in its own offset) and `title`.
fn header(message: &Message<'_>, subject: &str) -> Header {
    let mut fields = Vec::new();
    if let Some(date) = message.date() {
        fields.push(Field {
            key: "date".into(),
            value: format!("{:04}-{:02}-{:02}", date.year, date.month, date.day),
            line: 0,
        });
    }
    fields.push(Field {
        key: "title".into(),
        value: subject.to_string(),
        line: 0,
    });
    Header { fields }
}

/// A subject without `[List]` tags and `Re:` / `Fwd:` / `Fw:` prefixes, spaces collapsed.
pub fn clean_subject(subject: &str) -> String {
    let mut rest = subject.trim();
    loop {
        let before = rest;
        if rest.starts_with('[') {
            if let Some(end) = rest.find(']') {
                rest = rest[end + 1..].trim_start();
            }
        }
        for prefix in ["re:", "fwd:", "fw:"] {
            if rest
                .get(..prefix.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
            {
                rest = rest[prefix.len()..].trim_start();
            }
        }
        if rest == before {
            break;
        }
    }
    rest.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The newsletter a message belongs to (see the module documentation for the rule).
fn newsletter_name(message: &Message<'_>, subject: &str) -> String {
    if let Some(name) = subject_name(subject) {
        return name;
    }
    if let Some(name) = list_name(message) {
        return name;
    }
    let from = message.from().and_then(|from| from.first());
    if let Some(name) = from.and_then(|addr| addr.name()).map(str::trim) {
        if !name.is_empty() {
            return name.to_string();
        }
    }
    from.and_then(|addr| addr.address())
        .and_then(|address| address.rsplit_once('@'))
        .map(|(_, domain)| domain.to_string())
        .unwrap_or_default()
}

/// The words of a subject before its issue number (`SRE Weekly Issue #154` → `SRE Weekly`).
fn subject_name(subject: &str) -> Option<String> {
    date::issue_number(subject)?;
    let lower = subject.to_ascii_lowercase();
    let cut = [" issue", " no.", " #", " №", " - #", ": issue"]
        .iter()
        .filter_map(|marker| lower.find(marker))
        .min()?;
    let name = subject[..cut]
        .trim()
        .trim_end_matches([':', '-', '–', '|'])
        .trim();
    (!name.is_empty() && name.chars().any(char::is_alphabetic)).then(|| name.to_string())
}

/// The List-Id's display name, unless it is missing or opaque (no letters, or a bare id).
fn list_name(message: &Message<'_>) -> Option<String> {
    let raw = message.header_raw("List-Id")?;
    let name = raw.split('<').next()?.trim().trim_matches('"').trim();
    let opaque = name.is_empty()
        || !name.contains(' ') && name.chars().filter(char::is_ascii_digit).count() > 3;
    (!opaque).then(|| name.to_string())
}

/// The subscriber's addresses: every To: and Delivered-To: address, lowercase.
fn subscriber_addresses(message: &Message<'_>) -> Vec<String> {
    let mut addresses: Vec<String> = message
        .to()
        .into_iter()
        .flat_map(|to| to.iter())
        .filter_map(|addr| addr.address())
        .map(str::to_ascii_lowercase)
        .collect();
    for value in message.header_values("Delivered-To") {
        if let Some(text) = value.as_text() {
            addresses.push(text.trim().trim_matches(['<', '>']).to_ascii_lowercase());
        }
    }
    addresses.retain(|address| address.contains('@'));
    addresses
}

/// Words of a link's URL or title that mark it as the subscriber's own (footer furniture).
const PERSONAL_LINKS: &[&str] = &[
    "unsubscribe",
    "preferences",
    "view in browser",
    "view this email",
    "view it in your browser",
    "view online",
    "update your profile",
    "manage your subscription",
    "mailto:",
];

/// The documents without personal links and without a second link to one destination, with
/// the subscriber's addresses removed from the kept text (a written tracker URL carrying one is
/// dropped), numbered again from 1.
fn private_removed(docs: Vec<LinkDoc>, addresses: &[String]) -> Vec<LinkDoc> {
    let carries = |text: &str| {
        let lower = text.to_ascii_lowercase();
        addresses.iter().any(|address| {
            lower.contains(address.as_str()) || lower.contains(&address.replace('@', "%40"))
        })
    };
    let scrub = |text: &mut String| {
        for address in addresses {
            while let Some(at) = text.to_ascii_lowercase().find(address.as_str()) {
                text.replace_range(at..at + address.len(), "");
            }
        }
    };
    let mut urls = std::collections::HashSet::new();
    docs.into_iter()
        .filter(|doc| {
            let words = format!("{} {}", doc.url, doc.title.as_deref().unwrap_or_default())
                .to_ascii_lowercase();
            !carries(&doc.url) && !PERSONAL_LINKS.iter().any(|word| words.contains(word))
        })
        .filter(|doc| urls.insert(doc.url.clone()))
        .zip(1u32..)
        .map(|(mut doc, position)| {
            doc.position = position;
            if doc.written_url.as_deref().is_some_and(carries) {
                doc.written_url = None;
            }
            if let Some(title) = &mut doc.title {
                scrub(title);
            }
            scrub(&mut doc.description);
            scrub(&mut doc.issue_title);
            doc
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_lose_tags_and_reply_prefixes() {
        assert_eq!(
            clean_subject("Fwd: [ops-list] Re:  SRE Weekly Issue #154"),
            "SRE Weekly Issue #154"
        );
        assert_eq!(clean_subject("[x]"), "");
        assert_eq!(
            subject_name("SRE Weekly Issue #154").as_deref(),
            Some("SRE Weekly")
        );
        assert_eq!(subject_name("Issue 3: news"), None);
        assert_eq!(subject_name("Hello"), None);
    }
}
