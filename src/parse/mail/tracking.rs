//! Click-tracking links, unwrapped offline: a tracker that carries its destination in a query
//! parameter (`url=`, `u=`, `redirect=`, ...; percent-encoded or base64), in a base64 path
//! segment (ConvertKit), in a signed token's payload (Substack's `/redirect/2/<token>`) or
//! in a percent-encoded path segment (Amazon SES's `awstrack.me/L0/https:%2F%2F...`), or in a
//! mail security gateway's rewrite (Proofpoint's `urldefense`) is
//! replaced by the destination, the written URL kept as `written_url`. A link on a known tracker
//! pattern whose destination is not in it (a `click.` or `links.` host, a newsletter's own
//! `/link/58219/web` redirect) is kept as written and marked `tracked`. Nothing is fetched here
//! (`ingest --resolve-links` is the opt-in that may).

use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use base64::Engine;
use url::Url;

use crate::model::{LinkDoc, Tracked};

/// Query parameters that carry a redirect's destination (on any link; on a link shaped as a
/// redirect, [`redirect_shaped`], any parameter whose value is a web URL does).
const DESTINATION_PARAMS: &[&str] = &[
    "url",
    "u",
    "r",
    "q",
    "to",
    "go",
    "goto",
    "next",
    "out",
    "href",
    "redirect",
    "redirect_url",
    "redirect_uri",
    "redirect_to",
    "redir",
    "target",
    "target_url",
    "dest",
    "dest_url",
    "destination",
    "destination_url",
    "link",
];

/// First path segments that make a link a redirect (lowercase): `/r/...`, `/out?...`.
const REDIRECT_STARTS: &[&str] = &[
    "r", "c", "l", "t", "e", "link", "links", "out", "go", "goto", "away", "exit", "url",
];

/// Path segments that make a link a redirect wherever they stand (lowercase): `/wf/click?...`.
const REDIRECT_SEGMENTS: &[&str] = &["click", "redirect", "redir", "track", "tracking"];

/// How many redirects inside redirects are unwrapped at most.
const MAX_DEPTH: usize = 5;

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

/// Unwraps `written` once (see the module documentation).
pub fn unwrap(written: &str) -> Unwrapped {
    let Ok(parsed) = Url::parse(written) else {
        return Unwrapped::Plain;
    };
    let shaped = redirect_shaped(&parsed);
    let destination = parsed
        .query_pairs()
        .filter(|(name, _)| {
            shaped || DESTINATION_PARAMS.contains(&name.to_ascii_lowercase().as_str())
        })
        .find_map(|(_, value)| web_url(&value).or_else(|| base64_url(&value)));
    let destination = destination.or_else(|| {
        let segments = parsed.path_segments().into_iter().flatten();
        let values = parsed.query_pairs().map(|(_, value)| value.into_owned());
        segments
            .map(str::to_string)
            .chain(values)
            .find_map(|piece| token_url(&piece).or_else(|| encoded_url(&piece)))
    });
    let destination = destination
        .or_else(|| path_url(written, &parsed))
        .or_else(|| url_defense(written, &parsed));
    if let Some(destination) = destination {
        return Unwrapped::Destination(destination);
    }
    let lower = written.to_ascii_lowercase();
    if TRACKER_MARKS.iter().any(|mark| lower.contains(mark)) || own_redirect(&parsed) {
        return Unwrapped::Tracked;
    }
    Unwrapped::Plain
}

/// `written`, then each destination unwrapped from the one before (a redirect inside a
/// redirect), at most [`MAX_DEPTH`]; and whether the last is a tracker that cannot be unwrapped.
pub fn unwrapped_chain(written: &str) -> (Vec<String>, bool) {
    let mut chain = vec![written.to_string()];
    while chain.len() <= MAX_DEPTH {
        match unwrap(chain.last().map_or("", String::as_str)) {
            Unwrapped::Destination(next) if !chain.contains(&next) => chain.push(next),
            Unwrapped::Tracked => return (chain, true),
            _ => break,
        }
    }
    (chain, false)
}

/// `written` and every destination inside it ([`unwrapped_chain`]).
pub fn chain(written: &str) -> Vec<String> {
    unwrapped_chain(written).0
}

/// The link a mail security gateway's rewrite wraps (Proofpoint's `urldefense`): version 2's
/// `u=https-3A__a.example_x` (`-XX` escapes, `_` for `/`) and version 3's
/// `/v3/__https://a.example/x__;<base64>!!...` (each `*` one character of the base64 text).
fn url_defense(written: &str, parsed: &Url) -> Option<String> {
    if !parsed.host_str()?.contains("urldefense") {
        return None;
    }
    if let Some((_, encoded)) = parsed.query_pairs().find(|(name, _)| name == "u") {
        return web_url(&super::subscriber::percent_decoded(
            &encoded.replace('_', "/").replace('-', "%"),
        ));
    }
    let (_, rest) = written.split_once("/v3/__")?;
    let (url, rest) = rest.split_once("__;")?;
    let extra = rest.split("!!").next().unwrap_or_default();
    let extra = URL_SAFE_NO_PAD
        .decode(extra.trim_end_matches('='))
        .unwrap_or_default();
    let mut extra = String::from_utf8_lossy(&extra)
        .chars()
        .collect::<Vec<_>>()
        .into_iter();
    let url: String = url
        .chars()
        .map(|c| match c {
            '*' => extra.next().unwrap_or(c),
            c => c,
        })
        .collect();
    web_url(&url)
}

/// True for a link shaped as a redirect: a known tracker ([`TRACKER_MARKS`]), a first path
/// segment that names one ([`REDIRECT_STARTS`]: `/r/`, `/out`), or a path segment that does
/// wherever it stands ([`REDIRECT_SEGMENTS`]: `/wf/click`).
pub(super) fn redirect_shaped(parsed: &Url) -> bool {
    let lower = parsed.as_str().to_ascii_lowercase();
    let mut segments = parsed
        .path_segments()
        .into_iter()
        .flatten()
        .map(str::to_ascii_lowercase);
    TRACKER_MARKS.iter().any(|mark| lower.contains(mark))
        || segments.next().is_some_and(|first| {
            REDIRECT_STARTS.contains(&first.as_str()) || REDIRECT_SEGMENTS.contains(&first.as_str())
        })
        || segments.any(|segment| REDIRECT_SEGMENTS.contains(&segment.as_str()))
}

/// The web URL written as is in the path of a redirect (`https://t.example/r/https://a.example/x`):
/// everything from the `http` after a path `/`.
fn path_url(written: &str, parsed: &Url) -> Option<String> {
    if !redirect_shaped(parsed) {
        return None;
    }
    let lower = written.to_ascii_lowercase();
    let after_host = lower.find("://").map(|at| at + 3)?;
    let at = ["/https://", "/http://"]
        .iter()
        .filter_map(|mark| lower[after_host..].find(mark))
        .min()?;
    web_url(&written[after_host + at + 1..])
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
            return json_url(&json);
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

/// The http(s) URL `value` holds in base64 (standard or URL-safe, padded or not): the decoded
/// text, or, when that is zlib data, the first web URL among the values of the JSON object it
/// inflates to.
fn base64_url(value: &str) -> Option<String> {
    let trimmed = value.trim().trim_end_matches('=');
    let bytes = URL_SAFE_NO_PAD
        .decode(trimmed)
        .or_else(|_| STANDARD_NO_PAD.decode(trimmed))
        .ok()?;
    match super::subscriber::inflated(&bytes) {
        Some(json) => json_url(&json),
        None => web_url(std::str::from_utf8(&bytes).ok()?),
    }
}

/// True when `piece` (a query value or path segment) is a web URL or its base64, as written
/// (not inflated): a redirect's destination, which is no token of the reader's.
pub(super) fn is_destination(piece: &str) -> bool {
    let decoded = super::subscriber::percent_decoded(piece);
    web_url(&decoded).is_some() || {
        let trimmed = decoded.trim().trim_end_matches('=');
        URL_SAFE_NO_PAD
            .decode(trimmed)
            .or_else(|_| STANDARD_NO_PAD.decode(trimmed))
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .is_some_and(|text| web_url(&text).is_some())
    }
}

/// The first web URL among the values of the JSON object `json`.
fn json_url(json: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(json).ok()?;
    value
        .as_object()?
        .values()
        .find_map(|field| field.as_str().and_then(web_url))
}

/// Unwraps a document's URL: the destination (a web archive's capture: the link it captured)
/// becomes `url` (and `domain`), the written URL `written_url`; an opaque tracker is marked `tracked`.
/// A redirect inside a redirect is unwrapped to the innermost destination; when that is a
/// tracker which cannot be unwrapped, the document is `tracked` with it as `url`.
pub fn unwrap_one(doc: &mut LinkDoc) {
    let (mut chain, tracked) = unwrapped_chain(&doc.url);
    if tracked {
        doc.tracked = Tracked::Redirect;
    }
    if chain.len() > 1 {
        let destination = chain.pop().unwrap_or_default();
        let destination = crate::urls::unarchived(&destination).into_owned();
        doc.domain = crate::urls::host(&destination);
        doc.written_url = Some(std::mem::replace(&mut doc.url, destination));
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
        assert_eq!(
            unwrap(
                "https://urldefense.proofpoint.com/v2/url?u=https-3A__a.example_p-3Fq-3D1&d=x&r=y"
            ),
            Unwrapped::Destination("https://a.example/p?q=1".into())
        );
        assert_eq!(
            unwrap("https://urldefense.com/v3/__https://a.example/p*q=1__;Pw!!Ab1!Cd2$"),
            Unwrapped::Destination("https://a.example/p?q=1".into())
        );
    }
}
