//! Who the reader of a message is: their addresses, name and ids, from the recipient headers,
//! the links made for them, and the links of the whole message ([`subscriber`]), so that none
//! of it reaches the index ([`super::identity`]).

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::LazyLock;

use mail_parser::Message;
use regex::Regex;

use super::identity::Subscriber;
use super::{chrome, reader, tracking};
use crate::model::LinkDoc;

/// The subscriber's addresses: every To:, Delivered-To: and X-Original-To: address of the
/// message and of a forward's outer message (with a `+tag` address, also the address without
/// it), and the address a link made for the reader carries ([`reader_links`]).
fn subscriber_addresses(outer: &Message<'_>, message: &Message<'_>, links: &[Link]) -> Vec<String> {
    let mut addresses = Vec::new();
    for message in [outer, message] {
        let to = message.to().into_iter().flat_map(|to| to.iter());
        addresses.extend(to.filter_map(|addr| addr.address()).map(str::to_string));
        for name in ["Delivered-To", "X-Original-To"] {
            let values = message
                .header_values(name)
                .filter_map(|value| value.as_text());
            addresses.extend(values.map(|text| text.trim().trim_matches(['<', '>']).to_string()));
        }
    }
    let links = reader_links(outer, message, links);
    addresses.extend(links.iter().flat_map(|(link, _)| query_addresses(link)));
    let untagged: Vec<String> = addresses
        .iter()
        .filter_map(|address| {
            let (local, domain) = address.rsplit_once('@')?;
            let (base, _) = local.split_once('+')?;
            Some(format!("{base}@{domain}"))
        })
        .collect();
    addresses.extend(untagged);
    addresses.retain(|address| address.contains('@'));
    addresses
}

/// The links of a message (and of a forward's outer message) made for its one reader, each
/// with whether it is an unsubscribe or preferences page: each of `List-Unsubscribe`, and
/// each link of the body that is the mail's chrome ([`chrome::chrome`]).
fn reader_links(outer: &Message<'_>, message: &Message<'_>, links: &[Link]) -> Vec<(String, bool)> {
    let mut made: Vec<(String, bool)> = [outer, message]
        .iter()
        .filter_map(|message| message.header_raw("List-Unsubscribe"))
        .flat_map(|list| list.split(','))
        .map(|link| (link.trim().trim_matches(['<', '>']).to_string(), true))
        .collect();
    let chrome = links
        .iter()
        .filter(|(url, title)| chrome::chrome(url, title.as_deref()).is_some());
    made.extend(chrome.map(|(url, _)| {
        let lower = url.to_ascii_lowercase();
        let page = SUBSCRIPTION_PAGES.iter().any(|word| lower.contains(word));
        (url.clone(), page)
    }));
    made
}

/// URL pieces of a subscription's own pages (lowercase): their path segments are the reader's.
const SUBSCRIPTION_PAGES: &[&str] = &[
    "unsubscribe",
    "preferences",
    "profile",
    "manage",
    "optout",
    "opt-out",
];

/// Who the reader of a message is ([`Subscriber`]): their addresses
/// ([`subscriber_addresses`]), their name (a recipient header's display name), and their ids
/// ([`reader`]): those of the links made for them ([`reader_links`]), those that stand on two
/// or more links to different pages (their links unwrapped too), and the local part of the
/// message's own Message-ID when it is an opaque id (Amazon SES puts it in every tracked link);
/// never a value the message also gives under a shared name (a campaign's or account's). The
/// links are the documents' and every link written in the bodies ([`written_links`]): the
/// reader of the body leaves out footers, whose links carry the reader most.
pub fn subscriber(
    outer: &Message<'_>,
    message: &Message<'_>,
    docs: &[LinkDoc],
    bodies: [Option<Cow<'_, str>>; 2],
) -> Subscriber {
    let mut seen = HashSet::new();
    let documents = docs.iter().map(|doc| (doc.url.clone(), doc.title.clone()));
    let written = bodies
        .iter()
        .flatten()
        .flat_map(|body| written_links(body))
        .map(|url| (url, None));
    let links: Vec<Link> = documents
        .chain(written)
        .filter(|(url, _)| seen.insert(url.clone()))
        .collect();
    let addresses = subscriber_addresses(outer, message, &links);
    let mut ids = reader::ids_in(&reader_links(outer, message, &links));
    let chains: Vec<Vec<String>> = links.iter().map(|(url, _)| tracking::chain(url)).collect();
    ids.extend(reader::repeated_ids(&chains));
    let own_id = message.message_id().and_then(|id| id.split('@').next());
    ids.extend(
        own_id
            .filter(|id| reader::is_opaque_id(id))
            .map(str::to_string),
    );
    let shared = reader::shared_values(chains.iter().flatten());
    ids.retain(|id| !shared.contains(&id.to_lowercase()));
    let names = [outer, message]
        .into_iter()
        .flat_map(|message| message.to().into_iter().flat_map(|to| to.iter()))
        .filter_map(|addr| addr.name());
    names.fold(
        Subscriber::new(addresses.iter().map(String::as_str)).with_ids(ids),
        Subscriber::with_name,
    )
}

/// A link of a message: its URL and, when the reader of its body kept it, its text.
type Link = (String, Option<String>);

/// The most links read from one body by [`written_links`].
const MAX_WRITTEN: usize = 4096;

/// A link in HTML (`href="..."`, `&amp;` read as `&`) or a bare web URL in text.
static WRITTEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)href\s*=\s*["']([^"']+)["']|(https?://[^\s<>"'\])]+)"#)
        .expect("a literal pattern")
});

/// Every link written in a body, as written (at most [`MAX_WRITTEN`]).
fn written_links(body: &str) -> Vec<String> {
    WRITTEN
        .captures_iter(body)
        .filter_map(|found| found.get(1).or_else(|| found.get(2)))
        .map(|link| {
            link.as_str()
                .trim()
                .replace("&amp;", "&")
                .replace("&#38;", "&")
        })
        .take(MAX_WRITTEN)
        .collect()
}

/// The e-mail addresses among the query values and path segments of the web link `text`
/// (`<https://...?email=a%40b.example>`), percent-decoded.
fn query_addresses(text: &str) -> Vec<String> {
    let text = text.trim().trim_matches(['<', '>']);
    let Ok(url) = url::Url::parse(text) else {
        return Vec::new();
    };
    if !matches!(url.scheme(), "http" | "https") {
        return Vec::new();
    }
    let segments = url.path_segments().into_iter().flatten().map(|segment| {
        url::form_urlencoded::parse(format!("x={segment}").as_bytes())
            .map(|(_, value)| value.into_owned())
            .collect::<String>()
    });
    let values = url.query_pairs().map(|(_, value)| value.into_owned());
    segments
        .chain(values)
        .filter(|value| value.contains('@') && !value.contains(char::is_whitespace))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use mail_parser::MessageParser;

    #[test]
    fn subscriber_addresses_come_from_every_recipient_header_and_the_unsubscribe_link() {
        let raw = "From: n@w.example\nTo: A <a@to.example>\nDelivered-To: d@to.example\n\
                   X-Original-To: <x+news@to.example>\n\
                   List-Unsubscribe: <mailto:u@w.example>, <https://w.example/u?email=e%40to.example>\n\n\
                   body";
        let message = MessageParser::default().parse(raw.as_bytes()).unwrap();
        let link = (
            "https://w.example/unsubscribe/f@to.example".to_string(),
            None,
        );
        let mut addresses = subscriber_addresses(&message, &message, &[link]);
        addresses.sort();
        addresses.dedup();
        assert_eq!(
            addresses,
            [
                "a@to.example",
                "d@to.example",
                "e@to.example",
                "f@to.example",
                "x+news@to.example",
                "x@to.example"
            ]
        );
    }

    #[test]
    fn links_are_read_as_written_in_html_and_text() {
        let html =
            "<a HREF='https://a.example/x?u=1&amp;e=2'>x</a> <a href=\"mailto:m@a.example\">m</a>";
        assert_eq!(
            written_links(html),
            ["https://a.example/x?u=1&e=2", "mailto:m@a.example"]
        );
        assert_eq!(
            written_links("see https://b.example/y), or <https://c.example/z>"),
            ["https://b.example/y", "https://c.example/z"]
        );
    }
}
