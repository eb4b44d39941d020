//! The subscriber's identity in a mail's links, found and taken out by one rule (docs/formats.md, "Mail").
//!
//! Who the subscriber is comes from the message ([`Subscriber`]: To:, Delivered-To:,
//! X-Original-To:, the unsubscribe link's `email=` and the reader ids it carries). A query value, a path segment, the user
//! or the fragment of a link identifies them when it is, or holds in one of its encodings
//! (percent, base64 standard or URL-safe at any of the three byte alignments, hex,
//! quoted-printable leftovers, a bounce address's `name=domain`), one of their addresses or any
//! e-mail address; when it is a signed token (a JWT); or when it is a per-recipient part of a
//! sending service's links ([`PER_RECIPIENT`], [`PER_RECIPIENT_PATHS`],
//! [`DASHED_RECIPIENT_PATHS`]).
//!
//! [`scrub`] takes it out: a query parameter is dropped when the link still reaches its
//! destination without it (any parameter of a link that is no click tracker, a tracking
//! parameter, a [`PerRecipient::droppable`] one of a tracker); anything else is replaced by
//! [`PERSONAL_MARKER`], and the link is personal. A link that would still carry an address after
//! that is no document.

use std::collections::HashMap;
use std::fmt;

use url::Url;

use super::reader;
pub use super::subscriber::Subscriber;
use super::subscriber::{holds_any_address, percent_decoded};

use crate::model::PERSONAL_MARKER;
use crate::urls::{TRACKING_PARAMS, TRACKING_PREFIX};

/// One per-recipient query parameter of a sending service's links.
#[derive(Debug, Clone, Copy)]
pub struct PerRecipient {
    /// The sending service (for the table in docs/formats.md).
    pub service: &'static str,
    /// Texts one of which the link's host must contain (`list-manage.com`); none for any host.
    pub hosts: &'static [&'static str],
    /// The parameter's name, lowercase.
    pub param: &'static str,
    /// True when a tracker still leads to its destination without it (it is then dropped);
    /// otherwise it is replaced by [`PERSONAL_MARKER`].
    pub droppable: bool,
}

/// The per-recipient query parameters we know, one table for every sending service.
pub const PER_RECIPIENT: &[PerRecipient] = &[
    PerRecipient {
        service: "Mailchimp",
        hosts: &["list-manage.com", "campaign-archive.com", "mailchi.mp"],
        param: "e",
        droppable: true,
    },
    PerRecipient {
        service: "Mailchimp",
        hosts: &[],
        param: "mc_eid",
        droppable: true,
    },
    PerRecipient {
        service: "Substack",
        hosts: &[],
        param: "token",
        droppable: false,
    },
    PerRecipient {
        service: "Substack",
        hosts: &["substack.com"],
        param: "j",
        droppable: false,
    },
    PerRecipient {
        service: "Substack",
        hosts: &["substack.com"],
        param: "r",
        droppable: true,
    },
    PerRecipient {
        service: "SendGrid",
        hosts: &[],
        param: "upn",
        droppable: false,
    },
    PerRecipient {
        service: "Beehiiv",
        hosts: &[],
        param: "_bhlid",
        droppable: true,
    },
    PerRecipient {
        service: "ConvertKit",
        hosts: &[],
        param: "ck_subscriber_id",
        droppable: true,
    },
    PerRecipient {
        service: "Buttondown",
        hosts: &["buttondown"],
        param: "subscriber_id",
        droppable: false,
    },
    PerRecipient {
        service: "Letterhead",
        hosts: &[],
        param: "lh_aid",
        droppable: true,
    },
    PerRecipient {
        service: "Letterhead",
        hosts: &[],
        param: "lh_em",
        droppable: true,
    },
    PerRecipient {
        service: "HubSpot",
        hosts: &[],
        param: "_hsenc",
        droppable: true,
    },
    PerRecipient {
        service: "HubSpot",
        hosts: &[],
        param: "_hsmi",
        droppable: true,
    },
    PerRecipient {
        service: "Marketo",
        hosts: &[],
        param: "mkt_tok",
        droppable: true,
    },
    PerRecipient {
        service: "Klaviyo",
        hosts: &[],
        param: "_kx",
        droppable: true,
    },
    PerRecipient {
        service: "Drip",
        hosts: &[],
        param: "__s",
        droppable: true,
    },
    PerRecipient {
        service: "Vero",
        hosts: &[],
        param: "vero_id",
        droppable: true,
    },
    PerRecipient {
        service: "Vero",
        hosts: &[],
        param: "vero_conv",
        droppable: true,
    },
    PerRecipient {
        service: "Omeda",
        hosts: &[],
        param: "oly_enc_id",
        droppable: true,
    },
    PerRecipient {
        service: "Omeda",
        hosts: &[],
        param: "oly_anon_id",
        droppable: true,
    },
];

/// Tracker paths whose long segments (from [`LONG_SEGMENT`] characters) are per-recipient
/// tokens: `(service, text the host contains, path prefix)`.
pub const PER_RECIPIENT_PATHS: &[(&str, &str, &str)] = &[
    ("Beehiiv", "beehiiv.com", "/ss/c/"),
    ("ConvertKit", "convertkit-mail", "/"),
    ("Buttondown", "buttondown", "/emails/"),
];

/// Trackers whose path segments are dash-separated ids with the reader's id fourth:
/// `(service, text the host contains)`. Campaign Monitor's `/t/r-l-<campaign>-<reader>-<link>/`;
/// only the reader's part is replaced, so each link stays its own.
pub const DASHED_RECIPIENT_PATHS: &[(&str, &str)] = &[
    ("Campaign Monitor", "cmail"),
    ("Campaign Monitor", "createsend"),
];

/// `segment` with its reader id (the fourth dash-separated part) replaced by
/// [`PERSONAL_MARKER`], when it has the shape `x-y-<campaign>-<reader>...`.
fn dashed_reader(segment: &str) -> Option<String> {
    let parts: Vec<&str> = segment.split('-').collect();
    let shaped = parts.len() >= 4
        && parts[..2].iter().all(|part| (1..=2).contains(&part.len()))
        && parts[2..4].iter().all(|part| part.len() >= 4);
    shaped.then(|| {
        let mut parts = parts;
        parts[3] = PERSONAL_MARKER;
        parts.join("-")
    })
}

/// The length from which a segment of a [`PER_RECIPIENT_PATHS`] path is a token.
const LONG_SEGMENT: usize = 16;

/// The links of one message that identified the subscriber, as written, by the form they are
/// stored in (the identifying part replaced by [`PERSONAL_MARKER`]); and the subscriber, so that
/// a destination found for one is checked too. In memory only: what is written here is never
/// stored, printed or cached, only requested by `ingest --resolve-links`.
#[derive(Clone, Default)]
pub struct PersonalLinks {
    /// Each link as written, by its stored form.
    written: HashMap<String, String>,
    /// Who the subscriber is (boxed: every parsed issue carries this).
    subscriber: Box<Subscriber>,
}

impl fmt::Debug for PersonalLinks {
    /// How many links, never which (a debug print must not leak them).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PersonalLinks({} links)", self.written.len())
    }
}

impl PersonalLinks {
    /// No links yet, for `subscriber`'s message.
    pub fn new(subscriber: Subscriber) -> Self {
        Self {
            written: HashMap::new(),
            subscriber: Box::new(subscriber),
        }
    }

    /// Records that a link written as `written` is stored as `stored`, and returns the form it
    /// is stored in: `stored`, or, when another link of the message is already stored so (two
    /// trackers that differ only in their per-reader parts), `stored#2`, `stored#3`, ... so that
    /// each link stays its own document and is resolved on its own.
    pub fn insert(&mut self, stored: String, written: String) -> String {
        let mut key = stored.clone();
        for nth in 2.. {
            match self.written.get(&key) {
                Some(known) if *known != written => key = format!("{stored}#{nth}"),
                _ => break,
            }
        }
        self.written.insert(key.clone(), written);
        key
    }

    /// The URL to request for a tracked link stored as `stored`: the link as written when it is
    /// a personal one of this message, else `stored` itself; `None` for a personal link whose
    /// written form is not known here.
    pub fn request_url<'a>(&'a self, stored: &'a str) -> Option<&'a str> {
        match self.written.get(stored) {
            Some(written) => Some(written),
            None => (!stored.contains(PERSONAL_MARKER)).then_some(stored),
        }
    }

    /// A destination found by requesting a link, without what identifies the subscriber
    /// (identifying parameters dropped); `None` when that cannot be done.
    pub fn clean_destination(&self, found: &str) -> Option<String> {
        match scrub(found, &self.subscriber, false) {
            Scrubbed::Clean => Some(found.to_string()),
            Scrubbed::Dropped(clean) => Some(clean),
            Scrubbed::Marked(_) | Scrubbed::Unusable => None,
        }
    }
}

/// What [`scrub`] made of a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scrubbed {
    /// Nothing in it identifies the subscriber.
    Clean,
    /// Identifying query parameters dropped: the link, which still reaches its destination.
    Dropped(String),
    /// Identifying parts replaced by [`PERSONAL_MARKER`]: the link, which leads nowhere now.
    Marked(String),
    /// The identity could not be taken out: no document.
    Unusable,
}

/// Takes the subscriber out of `link` (see the module documentation). `tracker` says whether
/// the link is a click tracker (then only the parameters known to be droppable are dropped).
pub fn scrub(link: &str, subscriber: &Subscriber, tracker: bool) -> Scrubbed {
    let Ok(mut url) = Url::parse(link) else {
        return if subscriber.carries(link) || holds_any_address(link) {
            Scrubbed::Unusable
        } else {
            Scrubbed::Clean
        };
    };
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let mut changed = false;
    if subscriber.identified_by(url.username())
        || url.password().is_some_and(|p| subscriber.identified_by(p))
    {
        let _ = url.set_username("");
        let _ = url.set_password(None);
        changed = true;
    }
    let mut marked = mark_path(&mut url, &host, subscriber, tracker);
    if let Some(query) = url.query().map(str::to_string) {
        let (kept, query_changed, query_marked) = scrub_query(&query, &host, subscriber, tracker);
        url.set_query((!kept.is_empty()).then_some(kept.as_str()));
        changed |= query_changed;
        marked |= query_marked;
    }
    if url.fragment().is_some_and(|f| subscriber.identified_by(f)) {
        url.set_fragment(None);
        changed = true;
    }
    let out = url.to_string();
    if subscriber.carries(&out) {
        return Scrubbed::Unusable;
    }
    match (marked, changed) {
        (true, _) => Scrubbed::Marked(out),
        (false, true) => Scrubbed::Dropped(out),
        (false, false) => Scrubbed::Clean,
    }
}

/// Replaces each identifying path segment of `url` by [`PERSONAL_MARKER`] (in a click
/// `tracker`, a long opaque token too, [`reader::is_blob`]); true if any was.
fn mark_path(url: &mut Url, host: &str, subscriber: &Subscriber, tracker: bool) -> bool {
    let path = url.path().to_string();
    let tokens = PER_RECIPIENT_PATHS
        .iter()
        .find(|(_, on, prefix)| host.contains(on) && path.starts_with(prefix));
    let dashed = DASHED_RECIPIENT_PATHS
        .iter()
        .any(|(_, on)| host.contains(on));
    let mut marked = false;
    let segments: Vec<String> = path
        .split('/')
        .enumerate()
        .map(|(at, segment)| {
            let token = tokens.is_some_and(|(_, _, prefix)| {
                at >= prefix.matches('/').count() && segment.len() >= LONG_SEGMENT
            });
            if token || subscriber.identified_by(segment) || (tracker && token_of(segment)) {
                marked = true;
                return PERSONAL_MARKER.to_string();
            }
            match dashed.then(|| dashed_reader(segment)).flatten() {
                Some(kept) => {
                    marked = true;
                    kept
                }
                None => segment.to_string(),
            }
        })
        .collect();
    if marked {
        url.set_path(&segments.join("/"));
    }
    marked
}

/// True when `host` contains one of `hosts`, or `hosts` is empty (any host).
fn on_host(hosts: &[&str], host: &str) -> bool {
    hosts.is_empty() || hosts.iter().any(|on| host.contains(on))
}

/// True when the query value `value` of the parameter `name` identifies the reader: it holds
/// them ([`Subscriber::identified_by`]) or their name ([`Subscriber::named_by`]); or, unless the
/// parameter is one every reader's copy shares ([`reader::is_shared`]), it is an id under a name
/// that says "reader" ([`reader::names_reader`]), or, in a click `tracker`, a long opaque token.
fn readers(name: &str, value: &str, host: &str, subscriber: &Subscriber, tracker: bool) -> bool {
    if subscriber.identified_by(value) || subscriber.named_by(value) {
        return true;
    }
    let name = percent_decoded(name);
    let value = percent_decoded(value);
    !reader::is_shared(&name, host)
        && ((reader::names_reader(&name) && reader::is_reader_value(&value))
            || (tracker && token_of(&value)))
}

/// True when a piece of a click tracker is an opaque token ([`reader::is_blob`],
/// [`reader::is_opaque_id`]: a number is its link's id) rather than its destination written in
/// base64 ([`tracking::is_destination`]).
fn token_of(piece: &str) -> bool {
    (reader::is_blob(piece) || reader::is_opaque_id(piece))
        && !super::tracking::is_destination(piece)
}

/// The query `query` without what identifies the subscriber: the query kept, whether anything
/// changed, and whether anything was marked rather than dropped.
fn scrub_query(
    query: &str,
    host: &str,
    subscriber: &Subscriber,
    tracker: bool,
) -> (String, bool, bool) {
    let (mut changed, mut marked) = (false, false);
    let mut kept = Vec::new();
    for pair in query.split('&') {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let lower = percent_decoded(name).to_ascii_lowercase();
        let rule = PER_RECIPIENT
            .iter()
            .find(|rule| rule.param == lower && on_host(rule.hosts, host));
        let by_name = subscriber.identified_by(name);
        if rule.is_none() && !by_name && !readers(name, value, host, subscriber, tracker) {
            kept.push(pair.to_string());
            continue;
        }
        changed = true;
        let tracking =
            lower.starts_with(TRACKING_PREFIX) || TRACKING_PARAMS.contains(&lower.as_str());
        if !tracker || tracking || rule.is_some_and(|rule| rule.droppable) {
            continue;
        }
        marked = true;
        let name = if by_name { PERSONAL_MARKER } else { name };
        kept.push(format!("{name}={PERSONAL_MARKER}"));
    }
    (kept.join("&"), changed, marked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_formats_table_lists_every_rule() {
        let readme = include_str!("../../../docs/formats.md");
        for rule in PER_RECIPIENT {
            let row = readme
                .lines()
                .find(|line| line.starts_with(&format!("  | {} |", rule.service)));
            let row = row.unwrap_or_else(|| panic!("no docs/formats.md row for {}", rule.service));
            assert!(row.contains(&format!("`{}`", rule.param)), "{row}");
        }
        for (service, _, _) in PER_RECIPIENT_PATHS {
            assert!(readme.contains(&format!("  | {service} |")), "{service}");
        }
        for (service, _) in DASHED_RECIPIENT_PATHS {
            assert!(readme.contains(&format!("  | {service} |")), "{service}");
        }
    }

    const ADDRESS: &str = "reader@home.example";

    #[test]
    fn two_links_stored_alike_stay_apart_and_one_link_twice_is_one() {
        let mut personal = PersonalLinks::new(subscriber());
        let stored = "https://t.example/c/SUBSCRIBER-REMOVED";
        assert_eq!(
            personal.insert(stored.into(), "https://t.example/c/a1".into()),
            stored
        );
        assert_eq!(
            personal.insert(stored.into(), "https://t.example/c/b2".into()),
            format!("{stored}#2")
        );
        assert_eq!(
            personal.insert(stored.into(), "https://t.example/c/a1".into()),
            stored
        );
        assert_eq!(
            personal.request_url(&format!("{stored}#2")),
            Some("https://t.example/c/b2")
        );
    }

    fn subscriber() -> Subscriber {
        Subscriber::new([ADDRESS])
    }

    #[test]
    fn mailchimp_e_is_dropped_from_a_tracker_and_other_ids_are_marked() {
        let s = subscriber();
        assert_eq!(
            scrub(
                "https://x.us1.list-manage.com/track/click?u=abc&id=f00&e=0123abcdef",
                &s,
                true
            ),
            Scrubbed::Dropped("https://x.us1.list-manage.com/track/click?u=abc&id=f00".into())
        );
        assert_eq!(
            scrub(
                "https://u1.ct.sendgrid.net/ls/click?upn=abc-def_123",
                &s,
                true
            ),
            Scrubbed::Marked(format!(
                "https://u1.ct.sendgrid.net/ls/click?upn={PERSONAL_MARKER}"
            ))
        );
        assert_eq!(
            scrub(
                "https://n.cmail20.com/t/r-l-abcdkltd-kyldjlkfu-j/",
                &s,
                true
            ),
            Scrubbed::Marked(format!(
                "https://n.cmail20.com/t/r-l-abcdkltd-{PERSONAL_MARKER}-j/"
            ))
        );
        assert_eq!(
            scrub("https://links.n.example/ls/click?upn=u001.abc", &s, true),
            Scrubbed::Marked(format!(
                "https://links.n.example/ls/click?upn={PERSONAL_MARKER}"
            ))
        );
        let b64 = "NDEwOUByZWFkZXJAaG9tZS5leGFtcGxl";
        assert_eq!(
            scrub(&format!("https://news.example.net/i/{b64}/3273"), &s, false),
            Scrubbed::Marked(format!("https://news.example.net/i/{PERSONAL_MARKER}/3273"))
        );
        assert_eq!(
            scrub(
                "https://a.example/post?token=eyJhbGciOi.eyJ1c2VyX2lkIjo.sig&x=1",
                &s,
                false
            ),
            Scrubbed::Dropped("https://a.example/post?x=1".into())
        );
        assert_eq!(
            scrub(
                "https://a.example/p?utm_term=reader%40home.example",
                &s,
                true
            ),
            Scrubbed::Dropped("https://a.example/p".into())
        );
        assert_eq!(
            scrub("https://a.example/p?id=42", &s, true),
            Scrubbed::Clean
        );
        assert_eq!(
            scrub("https://medium.com/@jane.doe/post", &s, false),
            Scrubbed::Clean
        );
    }
}
