//! Click-tracking links, unwrapped offline: a tracker that carries its destination in a query
//! parameter (`url=`, `u=`, `redirect=`, ...; percent-encoded or base64), in a base64 path
//! segment (ConvertKit), in a signed token's payload (Substack's `/redirect/2/<token>`) or
//! in a percent-encoded path segment (Amazon SES's `awstrack.me/L0/https:%2F%2F...`) is
//! replaced by the destination, the written URL kept as `written_url`. A link on a known tracker
//! pattern whose destination is not in it (a `click.` or `links.` host, a newsletter's own
//! `/link/58219/web` redirect) is kept as written and marked `tracked`. Nothing is fetched here
//! (`ingest --resolve-links` is the opt-in that may).

use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use base64::Engine;
use url::Url;

use crate::model::{LinkDoc, Tracked};

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
    let destination = destination.or_else(|| {
        let segments = parsed.path_segments().into_iter().flatten();
        let values = parsed.query_pairs().map(|(_, value)| value.into_owned());
        segments
            .map(str::to_string)
            .chain(values)
            .find_map(|piece| token_url(&piece).or_else(|| encoded_url(&piece)))
    });
    if let Some(destination) = destination {
        return Unwrapped::Destination(destination);
    }
    let lower = written.to_ascii_lowercase();
    if TRACKER_MARKS.iter().any(|mark| lower.contains(mark)) || own_redirect(&parsed) {
        return Unwrapped::Tracked;
    }
    Unwrapped::Plain
}

/// True for a newsletter's own redirect: a path `/link/<number>/...` (Cooper Press).
fn own_redirect(parsed: &Url) -> bool {
    let mut segments = parsed.path_segments().into_iter().flatten();
    segments.next() == Some("link")
        && segments
            .next()
            .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
}

/// The http(s) URL a piece of a link carries: a signed token (JWT) whose payload names it, or a
/// long base64 text that is one.
fn token_url(piece: &str) -> Option<String> {
    let mut parts = piece.split('.');
    if let (Some(head), Some(payload), Some(_)) = (parts.next(), parts.next(), parts.next()) {
        if head.starts_with("eyJ") {
            let json = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
            let value: serde_json::Value = serde_json::from_slice(&json).ok()?;
            return value
                .as_object()?
                .values()
                .find_map(|field| field.as_str().and_then(web_url));
        }
    }
    (piece.len() >= MIN_BASE64_URL)
        .then(|| base64_url(piece))
        .flatten()
}

/// The http(s) URL a percent-encoded path segment is (Amazon SES's
/// `awstrack.me/L0/https:%2F%2Fa.example%2Fpost/1/...`).
fn encoded_url(piece: &str) -> Option<String> {
    (piece.contains("%2F") || piece.contains("%2f"))
        .then(|| web_url(&super::subscriber::percent_decoded(piece)))
        .flatten()
}

/// The shortest base64 text that can hold an http URL (`http://a.bc`).
const MIN_BASE64_URL: usize = 14;

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

/// Unwraps a document's URL: the destination (a web archive's capture: the link it captured)
/// becomes `url` (and `domain`), the written URL `written_url`; an opaque tracker is marked `tracked`.
pub fn unwrap_one(doc: &mut LinkDoc) {
    match unwrap(&doc.url) {
        Unwrapped::Destination(destination) => {
            let destination = crate::urls::unarchived(&destination).into_owned();
            doc.domain = crate::urls::host(&destination);
            doc.written_url = Some(std::mem::replace(&mut doc.url, destination));
        }
        Unwrapped::Tracked => doc.tracked = Tracked::Redirect,
        Unwrapped::Plain => {}
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
            unwrap("https://javascriptweekly.com/link/58219/web"),
            Unwrapped::Tracked
        );
        assert_eq!(unwrap("https://a.example/link/abc/web"), Unwrapped::Plain);
        let token = format!(
            "eyJhbGciOiJIUzI1NiJ9.{}.c2ln",
            URL_SAFE_NO_PAD.encode(r#"{"e":"https://a.example/post","u":7}"#)
        );
        assert_eq!(
            unwrap(&format!("https://substack.com/redirect/2/{token}?j=x")),
            Unwrapped::Destination("https://a.example/post".into())
        );
        assert_eq!(
            unwrap("https://click.convertkit-mail2.com/abc123/def456/aHR0cHM6Ly9iLmV4YW1wbGUveQ=="),
            Unwrapped::Destination("https://b.example/y".into())
        );
        assert_eq!(
            unwrap("https://x1.r.us-east-1.awstrack.me/L0/https:%2F%2Fa.example%2Fp%3Fq=1/1/0100-000000/Ab=351"),
            Unwrapped::Destination("https://a.example/p?q=1".into())
        );
        assert_eq!(
            unwrap("https://t.example/r?url=javascript:alert(1)"),
            Unwrapped::Plain
        );
    }
}
