//! The reader's ids by shape, whatever a sender names them: what in a message's links is made
//! for this one reader (docs/formats.md, "Mail"). Two copies of one issue sent to two readers
//! differ in these parts only, so they are found by where they stand and how they look:
//!
//! - in the links made for one reader (the unsubscribe and preferences links, the mail's other
//!   chrome): every query value that is an id ([`is_id`]), and every path segment of an
//!   unsubscribe or preferences link that is an opaque one ([`is_opaque_id`]);
//! - a query value that is an id and stands in two or more links to different pages (the reader's
//!   id on every link, where an article's own id is on its one link);
//! - a query value that is an id under a name that says "reader" ([`READER_PARAMS`]: `uid`,
//!   `rcpt`, `subscriber_hash`, ...);
//! - in a click tracker whose destination is not in the link, a long opaque token ([`is_blob`]:
//!   such trackers encode who clicks).
//!
//! Never the reader's: the values of campaign, list and issue parameters ([`SHARED_PARAMS`]) and
//! of tracking parameters, the same in every reader's copy, wherever else in the message they
//! stand ([`shared_values`]).

use std::collections::{HashMap, HashSet};

use url::Url;

use crate::urls::{TRACKING_PARAMS, TRACKING_PREFIX};

/// Query parameter names (lowercase, `-` read as `_`) that say their value is the reader's: a
/// name that is one of these, starts with one followed by `_`, or holds one of
/// [`CONTAINED_NAME`] or more letters (`user_email`, `subscriber_hash`).
pub const READER_PARAMS: &[&str] = &[
    "e",
    "s",
    "r",
    "m",
    "uid",
    "uuid",
    "user",
    "userid",
    "sub",
    "subid",
    "subscriber",
    "sid",
    "member",
    "contact",
    "cid_r",
    "recipient",
    "rcpt",
    "rid",
    "key",
    "token",
    "tok",
    "hash",
    "email",
    "mail",
    "reader",
    "profile",
    "person",
    "lead",
    "customer",
    "sig",
    "signature",
    "hem",
];

/// Names of query parameters whose value is the same in every reader's copy (campaign, list,
/// issue, link), lowercase: never the reader's, wherever they stand. `(hosts, name)`: on any
/// host when `hosts` is empty, else only on a host containing one of them (Mailchimp's `u`, its
/// account, and `id`, its list or link).
pub const SHARED_PARAMS: &[(&[&str], &str)] = &[
    (&[], "c"),
    (&[], "cid"),
    (&[], "campaign"),
    (&[], "campaign_id"),
    (&[], "list"),
    (&[], "list_id"),
    (&[], "listid"),
    (&[], "l"),
    (&[], "newsletter"),
    (&[], "nl"),
    (&[], "issue"),
    (&[], "edition"),
    (&[], "publication"),
    (&[], "pub"),
    (&[], "post"),
    (&[], "poll"),
    (&[], "answer"),
    (&[], "lang"),
    (&[], "v"),
    (&[], "link"),
    (&[], "link_id"),
    (
        &[MAILCHIMP_HOSTS[0], MAILCHIMP_HOSTS[1], MAILCHIMP_HOSTS[2]],
        "u",
    ),
    (
        &[MAILCHIMP_HOSTS[0], MAILCHIMP_HOSTS[1], MAILCHIMP_HOSTS[2]],
        "id",
    ),
];

/// Mailchimp's hosts (its `u` is the account, its `id` the list or link: the same for everyone).
pub const MAILCHIMP_HOSTS: [&str; 3] = ["list-manage.com", "campaign-archive.com", "mailchi.mp"];

/// The shortest [`READER_PARAMS`] name that counts anywhere inside a longer name.
const CONTAINED_NAME: usize = 5;

/// The shortest id ([`is_opaque_id`]); numbers need [`SHORTEST_NUMBER`] digits.
pub const SHORTEST_ID: usize = 8;
/// The fewest digits of a number that is an id (`uid=48151623`; not `id=42` or a year).
const SHORTEST_NUMBER: usize = 6;
/// The shortest opaque token of a click tracker ([`is_blob`]).
const SHORTEST_BLOB: usize = 24;

/// True for an id made for a machine: [`SHORTEST_ID`] or more letters, digits, `-` and `_`,
/// with both a letter and a digit in it (`77c0ffee42`, a UUID; not `unsubscribe`, `2026`).
pub fn is_opaque_id(text: &str) -> bool {
    text.len() >= SHORTEST_ID
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
        && text.bytes().any(|b| b.is_ascii_digit())
        && text.bytes().any(|b| b.is_ascii_alphabetic())
}

/// True for an id of either kind: an opaque one ([`is_opaque_id`]) or a number of
/// [`SHORTEST_NUMBER`] or more digits (`48151623`).
pub fn is_id(text: &str) -> bool {
    is_opaque_id(text)
        || (text.len() >= SHORTEST_NUMBER && text.bytes().all(|b| b.is_ascii_digit()))
}

/// The shortest value under a name that says "reader" ([`READER_PARAMS`]) that is their id,
/// with a letter and a digit (a referral code such as `r=2bx7q`).
const SHORTEST_NAMED: usize = 5;

/// True for a value that is the reader's under a name that says so ([`names_reader`]): an id
/// ([`is_id`]), a token ([`is_blob`]), or [`SHORTEST_NAMED`] or more letters and digits with
/// both among them (`hem` is the ad trade's hashed e-mail address).
pub fn is_reader_value(value: &str) -> bool {
    is_id(value)
        || is_blob(value)
        || (value.len() >= SHORTEST_NAMED
            && value.bytes().all(|b| b.is_ascii_alphanumeric())
            && value.bytes().any(|b| b.is_ascii_digit())
            && value.bytes().any(|b| b.is_ascii_alphabetic()))
}

/// True for a tracker's opaque token: [`SHORTEST_BLOB`] or more characters of base64 or hex
/// (letters, digits, `-`, `_`, `+`, `/`, `=`, `.`), with a letter and a digit, as a click
/// tracker puts in its links to say who clicked which link (`qs=8f0e...`, `/c/eJxVjE...`).
pub fn is_blob(text: &str) -> bool {
    text.len() >= SHORTEST_BLOB
        && text.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'+' | b'/' | b'=' | b'.')
        })
        && text.bytes().any(|b| b.is_ascii_digit())
        && text.bytes().any(|b| b.is_ascii_alphabetic())
}

/// True when a query parameter named `name` (any case) on `host` holds what is the same in
/// every reader's copy: a [`SHARED_PARAMS`] one (or, for the names of four or more letters,
/// one followed by `_`: `campaign_uuid`, `list_id`) or a tracking one (`utm_*`, `mc_cid`).
pub fn is_shared(name: &str, host: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.starts_with(TRACKING_PREFIX)
        || TRACKING_PARAMS.contains(&name.as_str())
        || SHARED_PARAMS.iter().any(|(hosts, shared)| {
            let named = *shared == name
                || (shared.len() >= CONTAINED_NAME - 1
                    && name
                        .strip_prefix(shared)
                        .is_some_and(|rest| rest.starts_with('_')));
            named && (hosts.is_empty() || hosts.iter().any(|on| host.contains(on)))
        })
}

/// True when a query parameter named `name` says its value is the reader's ([`READER_PARAMS`]).
pub fn names_reader(name: &str) -> bool {
    let name = name.to_ascii_lowercase().replace('-', "_");
    READER_PARAMS.iter().any(|reader| {
        name == *reader
            || name.starts_with(&format!("{reader}_"))
            || (reader.len() >= CONTAINED_NAME && name.contains(reader))
    })
}

/// The reader's ids in links made for one reader (`links`: the unsubscribe link, the
/// preferences link, the mail's other chrome): every query value that is an id ([`is_id`]) and
/// not a shared one ([`is_shared`]), and, of the links that `personal` says are an unsubscribe
/// or preferences page, every path segment that is an opaque id (Beehiiv's
/// `/subscribe/<uuid>/unsubscribe`, ConvertKit's `unsubscribe.../<token>`, Ghost's `uuid=`).
pub fn ids_in(links: &[(String, bool)]) -> Vec<String> {
    let mut ids = Vec::new();
    for (link, personal) in links {
        let Some(url) = web_link(link) else {
            ids.extend(mailto_ids(link));
            continue;
        };
        let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
        if *personal {
            let segments = url.path_segments().into_iter().flatten();
            ids.extend(segments.filter(|s| is_opaque_id(s)).map(str::to_string));
        }
        let values = url
            .query_pairs()
            .filter(|(name, value)| !is_shared(name, &host) && is_id(value))
            .map(|(_, value)| value.into_owned());
        ids.extend(values);
    }
    ids
}

/// The opaque ids ([`is_opaque_id`]) in the address and subject of a `mailto:` link made for
/// one reader (`mailto:unsub-7f3e9a1c4b2d@list.example?subject=unsubscribe`).
fn mailto_ids(link: &str) -> Vec<String> {
    let link = link.trim().trim_matches(['<', '>']);
    let Some(rest) = link
        .get(..7)
        .filter(|scheme| scheme.eq_ignore_ascii_case("mailto:"))
        .map(|_| &link[7..])
    else {
        return Vec::new();
    };
    let (local, query) = rest.split_once('@').unwrap_or((rest, ""));
    let subject = query.split_once('?').map_or("", |(_, query)| query);
    let subject = super::subscriber::percent_decoded(subject);
    local
        .split(['+', '.', '=', '-'])
        .chain(subject.split(|c: char| !c.is_ascii_alphanumeric() && c != '-' && c != '_'))
        .filter(|word| is_opaque_id(word))
        .map(str::to_string)
        .collect()
}

/// The ids that stand in two or more links to different pages (host and path, and for a
/// redirect where it leads): the reader's id, which a sender puts on every link, where an
/// article's own id is on its one link. Each of `chains` is a link as written, then each
/// redirect's destination inside it. An id counts as a query value ([`is_id`]) under a name that
/// is not a shared one ([`is_shared`]), or as an opaque path segment ([`is_opaque_id`]); one
/// only ever in paths counts only in redirects' paths (two links into one repository may well
/// share a commit id).
pub fn repeated_ids(chains: &[Vec<String>]) -> Vec<String> {
    #[derive(Default)]
    struct Seen {
        pages: HashSet<String>,
        as_value: bool,
        redirect_pages: HashSet<String>,
    }
    let mut seen: HashMap<String, Seen> = HashMap::new();
    for chain in chains {
        for (at, link) in chain.iter().enumerate() {
            let Some(url) = web_link(link) else {
                continue;
            };
            let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
            let leads = chain.get(at + 1).map_or("", String::as_str);
            let page = format!("{host}{} {leads}", url.path());
            let redirect = !leads.is_empty() || super::tracking::redirect_shaped(&url);
            for (name, value) in url.query_pairs() {
                if !is_shared(&name, &host) && is_id(&value) {
                    let entry = seen.entry(value.to_lowercase()).or_default();
                    entry.pages.insert(page.clone());
                    entry.as_value = true;
                }
            }
            for segment in url.path_segments().into_iter().flatten() {
                if is_opaque_id(segment) {
                    let entry = seen.entry(segment.to_lowercase()).or_default();
                    entry.pages.insert(page.clone());
                    if redirect {
                        entry.redirect_pages.insert(page.clone());
                    }
                }
            }
        }
    }
    let mut ids: Vec<String> = seen
        .into_iter()
        .filter(|(_, seen)| {
            (seen.as_value && seen.pages.len() >= 2) || seen.redirect_pages.len() >= 2
        })
        .map(|(id, _)| id)
        .collect();
    ids.sort_unstable();
    ids
}

/// The values (lowercase) that `links` hold under a shared name ([`is_shared`]): the same in
/// every reader's copy wherever else they stand (Mailchimp's account id is its `u` and, in its
/// referral badge, an `aid`), so never the reader's.
pub fn shared_values<S: AsRef<str>>(links: impl IntoIterator<Item = S>) -> HashSet<String> {
    let mut values = HashSet::new();
    for link in links {
        let Some(url) = web_link(link.as_ref()) else {
            continue;
        };
        let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
        let shared = url
            .query_pairs()
            .filter(|(name, value)| is_shared(name, &host) && is_id(value))
            .map(|(_, value)| value.to_lowercase());
        values.extend(shared);
    }
    values
}

/// `link` parsed, when it is an http(s) URL.
fn web_link(link: &str) -> Option<Url> {
    let url = Url::parse(link.trim().trim_matches(['<', '>'])).ok()?;
    matches!(url.scheme(), "http" | "https").then_some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_told_by_shape() {
        for id in [
            "77c0ffee42",
            "3b1f9c2e-8d47-4a6b-9e10-5c2d7f8a9b01",
            "48151623",
            "u8Kq2Zp4Xw",
        ] {
            assert!(is_id(id), "{id}");
        }
        for word in ["unsubscribe", "2026", "12345", "k8s", "ops-weekly", "a%40b"] {
            assert!(!is_id(word), "{word}");
        }
        assert!(is_reader_value("2bx7q") && !is_reader_value("2bx7") && !is_reader_value("hello"));
        assert!(is_blob("eJxVjEEOgiAQRc_iLhsYNEuwV9Gq2vS6xGXKD47"));
        assert!(!is_blob("7f3e9a1c4b2d6e8f0a1b"));
        assert!(!is_blob("https:%2F%2Fa.example%2Fa-long-article-slug-2026"));
    }

    #[test]
    fn reader_names_and_shared_names() {
        for name in [
            "uid",
            "RCPT",
            "subscriber_hash",
            "recipient_token",
            "sub-id",
            "e",
            "user_key",
        ] {
            assert!(names_reader(name), "{name}");
        }
        for name in ["id", "q", "page", "utm_source", "ref", "issue", "v", "tab"] {
            assert!(!names_reader(name), "{name}");
        }
        assert!(is_shared("u", "x.us1.list-manage.com"));
        assert!(!is_shared("u", "t.example"));
        assert!(is_shared("utm_campaign", "t.example"));
        assert!(is_shared("List_ID", "t.example"));
        assert!(is_shared("campaign_uuid", "t.example") && is_shared("post_id", "t.example"));
        assert!(!is_shared("c_rid", "t.example"));
    }

    #[test]
    fn ids_come_from_links_made_for_one_reader() {
        let links = [
            (
                "https://a.example/unsubscribe/9f8e7d6c5b4a/ops?rcpt=7f3e9a1c4b2d&list=ab12cd34ef&uid=48151623".to_string(),
                true,
            ),
            ("https://x.us1.list-manage.com/profile?u=abc123def456&id=0a1b2c3d4e&e=77c0ffee42".to_string(), false),
            ("<mailto:unsub+ab12cd34ef@a.example?subject=stop%20u8Kq2Zp4Xw>".to_string(), true),
            ("mailto:editor@a.example".to_string(), false),
        ];
        assert_eq!(
            ids_in(&links),
            [
                "9f8e7d6c5b4a",
                "7f3e9a1c4b2d",
                "48151623",
                "77c0ffee42",
                "ab12cd34ef",
                "u8Kq2Zp4Xw"
            ]
        );
    }

    #[test]
    fn an_id_on_two_pages_is_the_readers_and_one_on_one_page_is_not() {
        let chains: Vec<Vec<String>> = [
            "https://a.example/one?zq=Qm9vX3R5cGU5&v=dQw4w9WgXcQ1",
            "https://b.example/two?k=qm9vx3r5cgu5&utm_campaign=abc12345",
            "https://b.example/two?page=2&n=555555",
            "https://b.example/two?n=555555&utm_campaign=abc12345",
            "https://c.example/three?v=dQw4w9WgXcQ1x&utm_campaign=abc12345",
            "https://git.example/o/r/commit/a1b2c3d4e5f6",
            "https://git.example/o/r/tree/a1b2c3d4e5f6",
            "https://d.example/v/3b1f9c2e-8d47/a11",
            "https://d.example/a2?s=3b1f9c2e-8d47",
            "https://t.example/c/991/u8Kq2Zp4Xw",
            "https://t.example/c/992/u8Kq2Zp4Xw",
        ]
        .iter()
        .map(|link| vec![link.to_string()])
        .collect();
        assert_eq!(
            repeated_ids(&chains),
            ["3b1f9c2e-8d47", "qm9vx3r5cgu5", "u8kq2zp4xw"]
        );
        let tracked = |to: &str| {
            vec![
                format!("https://t.example/c?url=https%3A%2F%2F{to}&sid=z3Rt7Yq1Lm"),
                format!("https://{to}"),
            ]
        };
        assert_eq!(
            repeated_ids(&[tracked("a.example/x"), tracked("b.example/y")]),
            ["z3rt7yq1lm"]
        );
    }
}
