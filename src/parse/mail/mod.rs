//! The mail reader: one email message (from an `.eml`, an mbox or a Maildir, see [`parts`]) in,
//! an issue's header fields and body out, made into documents by the shared stage
//! ([`crate::parse::issue::documents`]).
//!
//! - Body: the HTML part through the HTML reader ([`crate::parse::html::read_fragment`]); a text-only message is
//!   read as plain text (bare URLs, `Title <https://...>`, paragraphs as descriptions). A forward
//!   whose issue is an attached `message/rfc822` is read from the attached message.
//! - Date: the `Date:` header's day in the header's own offset (what the sender saw).
//! - Title: the subject without `[List]` tags and `Re:` / `Fwd:` prefixes; the issue number comes
//!   from it by the usual number rules (`Issue 154`, `#154`, `No. 154`), or is the bare number
//!   after the newsletter's name (`Text Weekly 22`).
//! - Newsletter (unless `--newsletter`): named as a reader says it ([`names`]).
//! - Privacy: only bulk mail (List-Id, List-Unsubscribe, `Precedence: bulk|list`, or, in a
//!   message that is no reply, an unsubscribe link or footer line: [`bulk`]) is an issue; other
//!   messages are personal and skipped unless `--all-mail`. The subscriber (To:, Delivered-To:, X-Original-To:, the unsubscribe link's
//!   address) never reaches the index: the mail's own chrome is no document ([`chrome`]) and no
//!   link, URL or text keeps their identity in any encoding ([`identity`], [`links`]).
//! - Tracked links: unwrapped offline ([`tracking`]); the written URL is kept as `written_url`.

mod bulk;
mod chrome;
pub mod identity;
mod links;
mod names;
pub(crate) mod parts;
mod reader;
mod recipient;
mod subscriber;
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
    let newsletter = bulk::is_newsletter(&outer, message, html.as_deref(), text.as_deref());
    if !options.all_mail && !newsletter {
        return Ok(PartIssue::Personal);
    }
    let subject = clean_subject(message.subject().unwrap_or_default());
    let newsletter = options
        .newsletter
        .map(str::to_string)
        .unwrap_or_else(|| names::newsletter_name(message, message.subject().unwrap_or_default()));
    let header = header(message, &subject, &newsletter);
    let context = IssueContext {
        newsletter: &newsletter,
        ..*context
    };
    let read = |body: &Body| issue::documents(source, &header, body, &context);
    let plain = || {
        text.as_deref()
            .map(|plain| tree::read(&text::to_markdown(plain), 1))
    };
    let mut parsed = match html.as_deref().map(html::read_fragment) {
        Some(body) => read(&body),
        None => read(&plain().unwrap_or_default()),
    };
    if parsed.docs.is_empty() && html.is_some() {
        // An HTML part without links (a banner) beside the plain part that carries them.
        if let Some(body) = plain() {
            parsed = read(&body);
        }
    }
    let subscriber = recipient::subscriber(&outer, message, &parsed.docs, [html, text]);
    let from = message.from().and_then(|from| from.first());
    let domain = from
        .and_then(|addr| addr.address())
        .and_then(|address| address.rsplit_once('@'))
        .map(|(_, domain)| domain.to_ascii_lowercase())
        .unwrap_or_default();
    let sender = chrome::Sender {
        newsletter: &newsletter,
        domain: &domain,
    };
    let (docs, personal) = links::finish(std::mem::take(&mut parsed.docs), &subscriber, &sender);
    parsed.docs = docs;
    parsed.personal = personal;
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

/// The issue's header fields: `date` (the Date header's day as written, in its own offset:
/// [`date::written_day`], else mail-parser's reading of an obsolete form), `title`, and `issue`
/// when the subject is the newsletter's name and a bare number ([`names::number_after_name`]).
fn header(message: &Message<'_>, subject: &str, newsletter: &str) -> Header {
    let mut fields = Vec::new();
    let written = message
        .header_raw("Date")
        .and_then(date::written_day)
        .map(crate::model::day::format);
    let parsed = || {
        let date = message.date()?;
        Some(format!(
            "{:04}-{:02}-{:02}",
            date.year, date.month, date.day
        ))
    };
    if let Some(date) = written.or_else(parsed) {
        fields.push(Field {
            key: "date".into(),
            value: date,
            line: 0,
        });
    }
    fields.push(Field {
        key: "title".into(),
        value: subject.to_string(),
        line: 0,
    });
    if let Some(number) = names::number_after_name(subject, newsletter) {
        fields.push(Field {
            key: "issue".into(),
            value: number.to_string(),
            line: 0,
        });
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LinkDoc;

    /// A newsletter message to `reader@home.example` with `body` as its `content_type` part.
    fn message(content_type: &str, body: &str) -> String {
        format!(
            "From: Test Weekly <news@test.example>\nTo: Reader <reader@home.example>\n\
             Subject: Test Weekly Issue 3\nDate: Mon, 2 Nov 2026 09:00:00 +0000\n\
             List-Id: Test Weekly <test.example>\nContent-Type: {content_type}\n\n{body}"
        )
    }

    /// The documents and notes of one message.
    fn parse(bytes: &[u8]) -> (Vec<LinkDoc>, Vec<String>) {
        match parse_message(
            "t.eml",
            bytes,
            &IssueContext::default(),
            MailOptions::default(),
        ) {
            Ok(PartIssue::Issue(parsed, notes)) => (parsed.docs, notes),
            other => panic!("not an issue: {other:?}"),
        }
    }

    #[test]
    fn the_subscriber_is_known_from_the_headers() {
        // `v1-` puts the base64 of the address off its alignment: only the forms made from the
        // To: address find it, not a decoding of the segment.
        let link = "https://t.example/c/v1-cmVhZGVyQGhvbWUuZXhhbXBsZQ/9";
        let (docs, _) =
            parse(message("text/html", &format!("<a href=\"{link}\">Read</a> it.")).as_bytes());
        assert_eq!(docs[0].url, "https://t.example/c/SUBSCRIBER-REMOVED/9");
        assert_eq!(docs[0].tracked, crate::model::Tracked::Personal);
    }

    #[test]
    fn a_text_only_message_is_read_from_its_text_part() {
        let (docs, notes) =
            parse(message("text/plain", "Read https://a.example/x today.\n").as_bytes());
        assert_eq!(docs[0].url, "https://a.example/x");
        assert!(notes.is_empty(), "{notes:?}");
    }

    #[test]
    fn the_raw_body_starts_after_the_blank_line() {
        assert_eq!(raw_body(b"A: b\n\nbody\n").as_deref(), Some("body\n"));
        assert_eq!(raw_body(b"A: b\n\n  \n"), None);
        assert_eq!(raw_body(b"A: b\n"), None);
    }

    #[test]
    fn only_a_message_over_the_limit_is_cut() {
        let sized = |size: usize| {
            let head = message(
                "multipart/mixed; boundary=\"b\"",
                "--b\nContent-Type: text/html\n\n<a href=\"https://a.example/x\">X</a> text.\n\
                 --b\nContent-Type: application/octet-stream\n\n",
            );
            let tail = "\n--b--\n";
            let padding = "A".repeat(size - head.len() - tail.len());
            format!("{head}{padding}{tail}").into_bytes()
        };
        let (docs, notes) = parse(&sized(MAX_MESSAGE_BYTES));
        assert_eq!((docs.len(), notes.len()), (1, 0), "{notes:?}");
        let (_, notes) = parse(&sized(MAX_MESSAGE_BYTES + 1));
        assert_eq!(notes.len(), 1);
        assert!(
            notes[0].starts_with("message larger than 4 MiB"),
            "{notes:?}"
        );
    }

    #[test]
    fn one_of_from_subject_and_date_makes_a_message() {
        let only_subject = "Subject: Test Weekly Issue 3\nList-Id: Test Weekly <test.example>\n\
                            Content-Type: text/html\n\n<a href=\"https://a.example/x\">X</a> text.\n";
        let (docs, notes) = parse(only_subject.as_bytes());
        assert_eq!(
            (docs.len(), docs[0].url.as_str(), notes.len()),
            (1, "https://a.example/x", 0)
        );
        let none = parse_message(
            "t.eml",
            b"X-Note: 1\n\nhello https://a.example/x\n",
            &IssueContext::default(),
            MailOptions::default(),
        );
        let Err(error) = none else {
            panic!("read as mail: {none:?}")
        };
        assert_eq!(
            error.to_string(),
            "t.eml: not an email message (no From, Subject or Date header); skipped"
        );
    }

    #[test]
    fn subjects_lose_tags_and_reply_prefixes() {
        assert_eq!(
            clean_subject("Fwd: [ops-list] Re:  SRE Weekly Issue #154"),
            "SRE Weekly Issue #154"
        );
        assert_eq!(clean_subject("[x]"), "");
    }
}
