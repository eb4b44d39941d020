//! Click-tracking links, unwrapped offline: a tracker that carries its destination in a query
//! parameter (`url=`, `u=`, `redirect=`, ...; percent-encoded or base64) is replaced by the
//! destination, the written URL kept as `written_url`. A link on a known tracker pattern whose
//! destination is not in it is kept as written and marked `tracked`. Nothing is fetched here
//! (`ingest --resolve-links` is the opt-in that may).

use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use base64::Engine;
use url::Url;

use crate::model::LinkDoc;

/// Query parameters that carry a redirect's destination.
const DESTINATION_PARAMS: &[&str] = &[
    "url",
    "u",
    "redirect",
    "redirect_url",
    "redirect_uri",
    "target",
    "dest",
    "destination",
    "link",
];

/// Host or path pieces of click trackers whose destination is not in the link.
const TRACKER_MARKS: &[&str] = &[
    "list-manage.com/track",
    "/track/click",
    "/ls/click",
    "/click?",
    "click.",
    "links.",
    "trk.",
    "email.mg.",
    "ct.sendgrid.net",
];

/// What is known of one written link.
#[derive(Debug, PartialEq, Eq)]
pub enum Unwrapped {
    /// A redirect whose destination is in the link.
    Destination(String),
    /// A click tracker that cannot be unwrapped offline.
    Tracked,
    /// An ordinary link.
    Plain,
}

/// Unwraps `written` (see the module documentation).
pub fn unwrap(written: &str) -> Unwrapped {
    let Ok(parsed) = Url::parse(written) else {
        return Unwrapped::Plain;
    };
    let destination = parsed
        .query_pairs()
        .filter(|(name, _)| DESTINATION_PARAMS.contains(&name.to_ascii_lowercase().as_str()))
        .find_map(|(_, value)| web_url(&value).or_else(|| base64_url(&value)));
    if let Some(destination) = destination {
        return Unwrapped::Destination(destination);
    }
    let lower = written.to_ascii_lowercase();
    if TRACKER_MARKS.iter().any(|mark| lower.contains(mark)) {
        return Unwrapped::Tracked;
    }
    Unwrapped::Plain
}

/// `value` when it is an http(s) URL.
fn web_url(value: &str) -> Option<String> {
    let value = value.trim();
    let lower = value.to_ascii_lowercase();
    let web = lower.starts_with("https://") || lower.starts_with("http://");
    (web && Url::parse(value).is_ok()).then(|| value.to_string())
}

/// The http(s) URL `value` holds in base64 (standard or URL-safe, padded or not).
fn base64_url(value: &str) -> Option<String> {
    let trimmed = value.trim().trim_end_matches('=');
    let bytes = URL_SAFE_NO_PAD
        .decode(trimmed)
        .or_else(|_| STANDARD_NO_PAD.decode(trimmed))
        .ok()?;
    web_url(std::str::from_utf8(&bytes).ok()?)
}

/// Unwraps every document's URL: the destination becomes `url` (and `domain`), the written URL
/// `written_url`; an opaque tracker is marked `tracked`.
pub fn unwrap_all(docs: &mut [LinkDoc]) {
    for doc in docs {
        match unwrap(&doc.url) {
            Unwrapped::Destination(destination) => {
                doc.domain = crate::urls::host(&destination);
                doc.written_url = Some(std::mem::replace(&mut doc.url, destination));
            }
            Unwrapped::Tracked => doc.tracked = true,
            Unwrapped::Plain => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destinations_are_read_from_percent_or_base64_parameters() {
        assert_eq!(
            unwrap("https://t.example/r?id=9&url=https%3A%2F%2Fa.example%2Fx%3Fq%3D1"),
            Unwrapped::Destination("https://a.example/x?q=1".into())
        );
        assert_eq!(
            unwrap("https://t.example/r?u=aHR0cHM6Ly9iLmV4YW1wbGUveQ"),
            Unwrapped::Destination("https://b.example/y".into())
        );
        assert_eq!(
            unwrap("https://news.us1.list-manage.com/track/click?u=abc123&id=def"),
            Unwrapped::Tracked
        );
        assert_eq!(unwrap("https://a.example/?u=42"), Unwrapped::Plain);
        assert_eq!(
            unwrap("https://t.example/r?url=javascript:alert(1)"),
            Unwrapped::Plain
        );
    }
}
