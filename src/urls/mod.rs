//! What makes two URLs the same link, and what a link's host is: the one canonical-URL function
//! ([`canonical_url`]) and the one host normaliser ([`host`]), both on the `url` crate (WHATWG
//! parsing: IDN hosts to punycode, default ports dropped, percent-encoding normalized).
//!
//! Ingest stores [`host`] as a link's `domain` and hashes [`canonical_url`] for grouping;
//! `--domain`, `domain:`, facets, stats, one-row-per-link and recurring links all go through
//! these two functions, so they can never disagree. A link kept by a web archive is the link it
//! captured ([`unarchived`]), and a relative link resolves against its page's base ([`resolve`]).

use std::borrow::Cow;

use url::{form_urlencoded, Host, Url};

mod archive;
mod donation;

pub use archive::{archived, is_web, resolve, resolve_web, unarchived, Archived};
pub use donation::is_donation_link;

/// Query parameters that only say where a click came from, removed by [`canonical_url`]
/// (compared without case). Every parameter starting with [`TRACKING_PREFIX`] is removed too.
pub const TRACKING_PARAMS: [&str; 14] = [
    "ref", "ref_src", "source", "fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "mc_cid",
    "mc_eid", "_hsenc", "_hsmi", "mkt_tok",
];

/// Prefix of the tracking parameters of Google Analytics campaigns (`utm_source`,
/// `utm_medium`, `utm_campaign`, ...), removed by [`canonical_url`].
pub const TRACKING_PREFIX: &str = "utm_";

/// Share and follow endpoints (and a feed proxy's share and ad widgets): a link to one of these
/// shares the page rather than being an item of it. Each is a host and the start of a path: a
/// link matches when its host is that host or below it (`www.`, `m.`) and its path starts so,
/// both without ASCII case.
pub const SHARE_PATTERNS: &[&str] = &[
    "twitter.com/intent/",
    "twitter.com/share",
    "x.com/intent/",
    "x.com/share",
    "facebook.com/sharer",
    "facebook.com/share.php",
    "facebook.com/dialog/share",
    "linkedin.com/sharearticle",
    "linkedin.com/share",
    "linkedin.com/cws/share",
    "reddit.com/submit",
    "news.ycombinator.com/submitlink",
    "pinterest.com/pin/create",
    "tumblr.com/share",
    "tumblr.com/widgets/share",
    "bsky.app/intent/compose",
    "mastodon.social/share",
    "getpocket.com/save",
    "getpocket.com/edit",
    "api.whatsapp.com/send",
    "wa.me/?text",
    "t.me/share",
    "telegram.me/share",
    "buffer.com/add",
    "bufferapp.com/add",
    "plus.google.com/share",
    "vk.com/share.php",
    "weibo.com/share",
    "service.weibo.com/share",
    "line.me/r/msg",
    "flipboard.com/bookmarklet",
    "addtoany.com/share",
    "addtoany.com/add_to/",
    "addthis.com/bookmark",
    "sharethis.com/share",
    "linkedin.com/sharing/",
    "xing.com/spi/shares",
    "xing.com/social/share",
    "threads.net/intent/",
    "digg.com/submit",
    "stumbleupon.com/submit",
    "mix.com/add",
    "del.icio.us/post",
    "delicious.com/save",
    "blogger.com/blog-this",
    "evernote.com/clip",
    "instapaper.com/hello",
    "instapaper.com/edit",
    "twitter.com/home?status=",
    "news.ycombinator.com/submit?",
    "lobste.rs/stories/new?",
    // A feed proxy's widgets: FeedFlare's share flares and the ads it puts in each entry.
    "feeds.feedburner.com/~ff/",
    "feeds.feedburner.com/~a/",
    "feedads.g.doubleclick.net/",
];

/// True for a link that shares the page rather than being one of its items: a
/// [`SHARE_PATTERNS`] endpoint, a `whatsapp:` link, or a `mailto:` or `sms:` link with no
/// recipient (`mailto:?subject=…&body=<page URL>`, a widget's "send by email"). The one list of
/// share endpoints: every reader asks it.
pub fn is_share_link(url: &str) -> bool {
    let url = url.trim();
    let opens_with = |scheme: &str| strip_prefix_ignore_case(url, scheme);
    let blank_message = opens_with("mailto:")
        .or_else(|| opens_with("sms:"))
        .is_some_and(|rest| rest.trim_start().starts_with('?'));
    if blank_message || opens_with("whatsapp:").is_some() {
        return true;
    }
    let Some((host, rest)) = web_host_and_rest(url) else {
        return false;
    };
    let mut buffer = [0u8; 256];
    let Some(lower) = buffer.get_mut(..host.len()) else {
        return false;
    };
    lower.copy_from_slice(host.as_bytes());
    lower.make_ascii_lowercase();
    let Ok(host) = std::str::from_utf8(lower) else {
        return false;
    };
    let shared = host_and_parents(host).any(|name| {
        SHARE_ENDPOINTS.get(name).is_some_and(|paths| {
            paths.iter().any(|path| {
                rest.get(..path.len())
                    .is_some_and(|start| start.eq_ignore_ascii_case(path))
            })
        })
    });
    shared
}

/// [`SHARE_PATTERNS`] by host: the start of the rest of the URL (path and query) each asks for.
/// A link matches on its host or a parent domain of it (`www.`, `m.`), so that one map lookup
/// per domain level replaces a search of every link for every pattern.
static SHARE_ENDPOINTS: std::sync::LazyLock<rustc_hash::FxHashMap<&str, Vec<&str>>> =
    std::sync::LazyLock::new(|| {
        let mut endpoints: rustc_hash::FxHashMap<&str, Vec<&str>> = Default::default();
        for pattern in SHARE_PATTERNS {
            let at = pattern.find('/').unwrap_or(pattern.len());
            endpoints
                .entry(&pattern[..at])
                .or_default()
                .push(&pattern[at..]);
        }
        endpoints
    });

/// The host (as written: no user, no port) and the rest (path, query, fragment) of a web link:
/// `http(s)://` or `//` before it, or no scheme at all (`twitter.com/share`). `None` for other
/// schemes (`mailto:`).
fn web_host_and_rest(url: &str) -> Option<(&str, &str)> {
    let after = strip_prefix_ignore_case(url, "https://")
        .or_else(|| strip_prefix_ignore_case(url, "http://"))
        .or_else(|| url.strip_prefix("//"));
    let after = match after {
        Some(after) => after,
        None if is_opaque(url) => return None,
        None => url,
    };
    // One pass over the authority (every link of a page is asked, most more than once): where
    // it ends, where its user part ends (the last `@`) and where its port starts (the first `:`
    // after that).
    let bytes = after.as_bytes();
    let (mut end, mut user_end, mut port) = (bytes.len(), 0, None);
    for (at, &byte) in bytes.iter().enumerate() {
        match byte {
            b'/' | b'?' | b'#' => {
                end = at;
                break;
            }
            b'@' => {
                user_end = at + 1;
                port = None;
            }
            b':' if port.is_none() => port = Some(at),
            _ => {}
        }
    }
    let port = port.unwrap_or(end);
    Some((after[user_end..port].trim_end_matches('.'), &after[end..]))
}

/// `host` and each parent domain of it (`www.a.example`, `a.example`, `example`).
fn host_and_parents(host: &str) -> impl Iterator<Item = &str> {
    std::iter::successors(Some(host), |name| {
        name.split_once('.').map(|(_, parent)| parent)
    })
}

/// The host of `text` in the form the index stores as a link's `domain`: lowercase ASCII
/// (an internationalized name in punycode: `bücher.example` → `xn--bcher-kva.example`), without
/// a leading `www.` or a trailing dot; scheme, user, port, path, query and fragment ignored.
/// Empty when `text` names no host (`mailto:a@b.c`, `not a url`).
///
/// `text` may be a URL (`https://example.org:8080/b`) or start at the host (`github.com`,
/// `www.kiali.io/docs`, `localhost:8080`), as a person types it after `--domain`.
pub fn host(text: &str) -> String {
    let host: Cow<'_, str> = match plain_web_host(text) {
        Some(name) if is_final_domain(name) => {
            return without_www(name.trim_end_matches('.')).into()
        }
        Some(name) => Host::parse(name).map_or(Cow::Borrowed(""), |host| host.to_string().into()),
        None => parse_lenient(text)
            .and_then(|parsed| parsed.host_str().map(str::to_string))
            .map_or(Cow::Borrowed(""), Cow::Owned),
    };
    without_www(&host.trim_end_matches('.').to_ascii_lowercase()).into()
}

/// `host` without a leading `www.`.
fn without_www(host: &str) -> &str {
    host.strip_prefix("www.").unwrap_or(host)
}

/// True for a host name that the WHATWG host parser returns unchanged: lowercase ASCII letters,
/// digits, `-` and `.`, no punycode label (`xn--`, which must be checked), and a last label that
/// does not start with a digit (which could make it an IPv4 address: `1.2.3`, `0x7f.1`). One
/// pass over the bytes: this runs for every link.
fn is_final_domain(name: &str) -> bool {
    let bytes = name.as_bytes();
    let mut label_start = 0;
    let mut last_label = 0;
    for (at, &byte) in bytes.iter().enumerate() {
        match byte {
            b'.' => label_start = at + 1,
            b'a'..=b'z' | b'0'..=b'9' | b'-' => {
                if at == label_start {
                    if bytes[at..].starts_with(b"xn--") {
                        return false;
                    }
                    last_label = at;
                }
            }
            _ => return false,
        }
    }
    !bytes.get(last_label).is_some_and(u8::is_ascii_digit)
}

/// The form that decides whether two URLs are the same link: the [`host`] (with a port other
/// than the scheme's default), the path without a trailing `/`, and the query without tracking
/// parameters ([`TRACKING_PARAMS`], [`TRACKING_PREFIX`]); the scheme, a leading `www.`, user
/// info and the fragment are left out. `HTTPS://www.Example.com/a/?utm_source=x#top` and
/// `http://example.com/a` are both `example.com/a`.
///
/// Text that is not a URL with a host comes back trimmed, without its fragment.
pub fn canonical_url(url: &str) -> String {
    let parsed = parse_lenient(url).filter(|parsed| parsed.host_str().is_some());
    let Some(parsed) = parsed else {
        let trimmed = url.trim();
        return trimmed
            .split_once('#')
            .map_or(trimmed, |(before, _)| before)
            .trim_end()
            .to_string();
    };
    let mut canonical = host(parsed.as_str());
    if let Some(port) = parsed.port() {
        canonical.push(':');
        canonical.push_str(&port.to_string());
    }
    canonical.push_str(parsed.path().trim_end_matches('/'));
    let kept: Vec<&str> = parsed
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty() && !is_tracking(pair))
        .collect();
    if !kept.is_empty() {
        canonical.push('?');
        canonical.push_str(&kept.join("&"));
    }
    canonical
}

/// The host that starts [`canonical_url`]`(url)`, when it can be told without parsing `url`: a
/// plain lowercase `http(s)://` host (see [`is_final_domain`]), without `www.`. `None` when only
/// the full parse can tell. Lets a caller that holds a few canonical URLs skip parsing every
/// link whose host none of them has.
pub fn canonical_host(url: &str) -> Option<&str> {
    let name = plain_web_host(url.trim())?;
    is_final_domain(name).then(|| without_www(name.trim_end_matches('.')))
}

/// `text` with every `{escape}XX` (two hex digits) replaced by that byte, invalid UTF-8
/// replaced: `%XX` in URLs, `=XX` in quoted-printable mail text.
pub fn decode_escapes(text: &str, escape: u8) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let pair = bytes.get(at + 1..at + 3).and_then(|pair| {
            let pair = std::str::from_utf8(pair).ok()?;
            u8::from_str_radix(pair, 16).ok()
        });
        match (bytes[at] == escape, pair) {
            (true, Some(byte)) => {
                out.push(byte);
                at += 3;
            }
            _ => {
                out.push(bytes[at]);
                at += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The URL that query text is, when it is one, trimmed: a single word that names a host and
/// either starts with a web scheme (`http://`, `https://`, any case) or starts with a host that
/// has a dot, followed by `/` (`github.com/tokio-rs/tokio`, `bücher.example/katalog`,
/// `example.org:8080/b`). Anything else (`node.js`, `url:github.com`, `rust go`) is `None`: query
/// language.
pub fn typed_url(text: &str) -> Option<&str> {
    let text = text.trim();
    if text.is_empty() || text.contains(char::is_whitespace) {
        return None;
    }
    let web = ["http://", "https://"]
        .iter()
        .any(|scheme| strip_prefix_ignore_case(text, scheme).is_some());
    let host_path = text
        .split_once('/')
        .is_some_and(|(start, _)| is_dotted_host(start));
    ((web || host_path) && !host(text).is_empty()).then_some(text)
}

/// True for `host` or `host:port` where the host has a dot between two of its characters and
/// only letters, digits, `-` and `.` (`github.com`, `bücher.example`, `example.org:8080`).
fn is_dotted_host(text: &str) -> bool {
    let name = match text.split_once(':') {
        Some((name, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => name,
        Some(_) => return false,
        None => text,
    };
    name.chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.'))
        && name.trim_matches('.').contains('.')
}

/// True when the query pair `key=value` is a tracking parameter.
fn is_tracking(pair: &str) -> bool {
    let key = form_urlencoded::parse(pair.as_bytes())
        .next()
        .map(|(key, _)| key.to_ascii_lowercase())
        .unwrap_or_default();
    key.starts_with(TRACKING_PREFIX) || TRACKING_PARAMS.contains(&key.as_str())
}

/// The host of an `http(s)://` URL whose authority is a plain name (ASCII letters, digits, `-`
/// and `.`, then an optional port, then `/`, `?`, `#` or the end): the common case, where
/// [`Host::parse`] on the name gives what parsing the whole URL would, without parsing its path
/// and query (a tenth of the parser's time). Anything else (user info, IP literals, non-ASCII,
/// escapes, odd spacing) is `None` and goes through the full WHATWG parse.
fn plain_web_host(text: &str) -> Option<&str> {
    let rest = strip_prefix_ignore_case(text, "https://")
        .or_else(|| strip_prefix_ignore_case(text, "http://"))?;
    let mut name_end = None;
    let mut end = rest.len();
    for (at, &byte) in rest.as_bytes().iter().enumerate() {
        match byte {
            b'/' | b'?' | b'#' => {
                end = at;
                break;
            }
            b':' if name_end.is_none() => name_end = Some(at),
            _ => {}
        }
    }
    let name = &rest[..name_end.unwrap_or(end)];
    let port = name_end.map(|at| &rest[at + 1..end]);
    let plain_name = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    let plain_port = port.is_none_or(|port| {
        port.is_empty() || (port.bytes().all(|b| b.is_ascii_digit()) && port.parse::<u16>().is_ok())
    });
    (plain_name && plain_port).then_some(name)
}

/// `text` after `prefix` when it starts with it, compared without ASCII case (never slicing
/// inside a character).
pub fn strip_prefix_ignore_case<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let start = text.get(..prefix.len())?;
    start
        .eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// Parses `text` as a URL; text without a `scheme://` is read as `http://text`, unless it is an
/// opaque URL such as `mailto:a@b.c` (a scheme and a colon not followed by a port number).
fn parse_lenient(text: &str) -> Option<Url> {
    let text = text.trim();
    if text.contains("://") || is_opaque(text) {
        return Url::parse(text).ok();
    }
    Url::parse(&format!("http://{text}")).ok()
}

/// True for `scheme:rest` where `rest` does not start with a digit: `mailto:a@b.c`, `news:x`
/// (but not `localhost:8080`, a host and a port).
fn is_opaque(text: &str) -> bool {
    has_scheme(text)
        && text
            .split_once(':')
            .is_some_and(|(_, rest)| !rest.starts_with(|c: char| c.is_ascii_digit()))
}

/// True when `text` starts with a URL scheme and its colon (`https:`, `mailto:`, `javascript:`,
/// but also `localhost:` before a port: see [`is_opaque`]).
fn has_scheme(text: &str) -> bool {
    let Some((scheme, _)) = text.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn hosts_are_normalized_whatever_the_spelling() {
        assert_eq!(host("https://WWW.Example.COM/a"), "example.com");
        assert_eq!(
            host("https://mhausenblas.medium.com/x"),
            "mhausenblas.medium.com"
        );
        assert_eq!(host("www.kiali.io/docs"), "kiali.io");
        assert_eq!(host("GitHub.com"), "github.com");
        assert_eq!(host("https://www.github.com/a/b"), "github.com");
        assert_eq!(host("medium.com."), "medium.com");
        assert_eq!(host("https://example.org:8080/b"), "example.org");
        assert_eq!(host("example.org:8080/b?x=1#y"), "example.org");
        assert_eq!(host("localhost:8080"), "localhost");
        assert_eq!(
            host("  ftp://user:pw@Files.Example.net/x  "),
            "files.example.net"
        );
    }

    #[test]
    fn internationalized_hosts_are_punycode() {
        assert_eq!(host("bücher.example"), "xn--bcher-kva.example");
        assert_eq!(host("https://BÜCHER.example/a"), "xn--bcher-kva.example");
        assert_eq!(host("xn--bcher-kva.example"), "xn--bcher-kva.example");
    }

    #[test]
    fn text_without_a_host_has_none() {
        assert_eq!(host("http://"), "");
        assert_eq!(host("not a url"), "");
        assert_eq!(host("mailto:a@b.c"), "");
        assert_eq!(host(""), "");
    }

    #[test]
    fn share_endpoints_are_one_list() {
        let shares = [
            "https://www.addtoany.com/share#url=https%3A%2F%2Fweekly.example%2F7",
            "https://twitter.com/intent/tweet?url=x",
            "https://www.facebook.com/sharer/sharer.php?u=x",
            "https://www.linkedin.com/shareArticle?mini=true&url=x",
            "https://www.linkedin.com/sharing/share-offsite/?url=x",
            "https://www.reddit.com/submit?url=x",
            "mailto:?subject=Issue%207&body=x",
            "whatsapp://send?text=x",
            "WhatsApp://send?text=x",
            "SMS: ?body=x",
            "https://mobile.twitter.com/intent/tweet?text=café",
            "//www.facebook.com/sharer.php?u=x",
            "HTTPS://WWW.REDDIT.COM/SUBMIT?url=x",
            "https://user@wa.me:443/?text=x",
            "twitter.com/share?url=x",
        ];
        for url in shares {
            assert!(is_share_link(url), "{url}");
        }
        // Hosts are lowercased and looked up as the patterns write them.
        assert!(SHARE_PATTERNS
            .iter()
            .all(|pattern| *pattern == pattern.to_ascii_lowercase()));
        let items = [
            "mailto:editor@weekly.example",
            "https://twitter.com/weeklyexample",
            "https://www.reddit.com/r/devops/comments/abc/share_your_setup/",
            "https://blog.example.org/how-we-share-state",
            "https://blog.example.org/café/share",
            // A host that only ends with an endpoint's letters, and an endpoint in a query.
            "https://box.com/intent/x",
            "https://blog.example.org/?via=twitter.com/intent/tweet",
            "news:twitter.com/share",
        ];
        for url in items {
            assert!(!is_share_link(url), "{url}");
        }
    }

    #[test]
    fn canonical_urls_drop_what_does_not_change_the_page() {
        let same = [
            "https://example.com/a",
            "http://example.com/a",
            "HTTPS://www.Example.com/a/",
            "https://example.com/a#section-2",
            "https://example.com/a?utm_source=news&utm_medium=email",
            "https://example.com/a?UTM_Campaign=x&ref=weekly&fbclid=1&gclid=2&mc_cid=3&mc_eid=4",
            "https://example.com:443/a?source=rss",
            "example.com/a",
        ];
        for url in same {
            assert_eq!(canonical_url(url), "example.com/a", "{url}");
        }
    }

    #[test]
    fn canonical_urls_keep_what_does() {
        assert_eq!(canonical_url("https://example.com/A"), "example.com/A");
        assert_eq!(
            canonical_url("https://example.com/watch?v=42&utm_source=x&t=10"),
            "example.com/watch?v=42&t=10"
        );
        assert_eq!(
            canonical_url("https://example.com:8080/a/"),
            "example.com:8080/a"
        );
        assert_eq!(canonical_url("https://example.com/"), "example.com");
        assert_eq!(
            canonical_url("https://bücher.example/ü"),
            "xn--bcher-kva.example/%C3%BC"
        );
        assert_eq!(
            canonical_url("https://example.com/a?reference=1"),
            "example.com/a?reference=1"
        );
        assert_eq!(canonical_url("not a url #x"), "not a url");
    }

    #[test]
    fn typed_urls_are_one_word_with_a_scheme_or_a_dotted_host_and_a_path() {
        for url in [
            "https://github.com/tokio-rs/tokio",
            "HTTP://Example.com",
            "  http://example.com/a?utm_source=x  ",
            "github.com/tokio-rs/tokio",
            "www.kiali.io/",
            "bücher.example/katalog",
            "proxy.example:8080/b",
        ] {
            assert_eq!(typed_url(url), Some(url.trim()), "{url}");
        }
        for words in [
            "",
            "kubernetes",
            "node.js",
            ".net/core",
            "github.com",
            "url:github.com/kiali",
            "domain:github.com",
            "title:\"a/b\"",
            "c++/c#",
            "localhost/x",
            "https://",
            "https://github.com/tokio-rs/tokio rust",
            "ftp://files.example.net/x",
            "mailto:a@example.com",
        ] {
            assert_eq!(typed_url(words), None, "{words}");
        }
    }

    /// [`host`] the slow way: the whole URL through the WHATWG parser.
    fn host_by_full_parse(text: &str) -> String {
        let host = parse_lenient(text)
            .and_then(|parsed| parsed.host_str().map(str::to_string))
            .unwrap_or_default()
            .trim_end_matches('.')
            .to_ascii_lowercase();
        host.strip_prefix("www.")
            .map_or(host.clone(), str::to_string)
    }

    #[test]
    fn the_plain_host_shortcut_agrees_with_the_full_parse_on_edge_cases() {
        for url in [
            "https://a.io:",
            "https://a.io:65535/x",
            "https://a.io:65536/x",
            "https:///a.io",
            "http://0x7f.1/",
            "http://1.2.3/",
            "https://a..io/",
            "https://-a.io/",
            "https://xn--bcher-kva.example/",
            "https://xn--a.io/",
            "HTTPS://WWW.A.IO?x#y",
            "https://a.io.#x",
            "https://.",
            "https://...",
            "https://a.1",
            "https://a.io.1.",
            "https://a.0x1f/",
            "https://www.example.com./",
            "https://xn--bcher-kva.example.",
        ] {
            assert_eq!(host(url), host_by_full_parse(url), "{url}");
        }
    }

    /// [`web_host_and_rest`]'s authority split as three searches (the one-pass loop's reference).
    fn host_and_rest_by_searches(after: &str) -> (&str, &str) {
        let bytes = after.as_bytes();
        let end = bytes
            .iter()
            .position(|&b| matches!(b, b'/' | b'?' | b'#'))
            .unwrap_or(bytes.len());
        let user_end = memchr::memrchr(b'@', &bytes[..end]).map_or(0, |at| at + 1);
        let port = memchr::memchr(b':', &bytes[user_end..end]).map_or(end, |at| user_end + at);
        (after[user_end..port].trim_end_matches('.'), &after[end..])
    }

    proptest! {
        #[test]
        fn the_one_pass_authority_split_agrees_with_three_searches(
            after in "[a-z@:./?#]{0,12}",
        ) {
            let url = format!("https://{after}");
            prop_assert_eq!(web_host_and_rest(&url), Some(host_and_rest_by_searches(&after)));
        }

        #[test]
        fn the_plain_host_shortcut_agrees_with_the_full_parse(
            url in "(?i)(https?://)(www\\.|xn--)?[a-z0-9.:-]{0,14}[/?#\\@% ]?[a-z0-9/.:]{0,6}",
        ) {
            prop_assert_eq!(host(&url), host_by_full_parse(&url));
        }

        #[test]
        fn the_canonical_host_shortcut_starts_the_canonical_url(
            url in "(?i) ?(https?://)(www\\.|xn--)?[a-z0-9.:-]{0,14}[/?#\\@% ]?[a-z0-9/.:?&=]{0,8} ?",
        ) {
            if let Some(host) = canonical_host(&url) {
                let canonical = canonical_url(&url);
                let rest = canonical.strip_prefix(host);
                prop_assert!(
                    rest.is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?', ':'])),
                    "{url:?}: {canonical:?} does not start with {host:?}"
                );
            }
        }

        #[test]
        fn canonical_is_idempotent_and_ignores_decorations(
            host_part in "[a-z][a-z0-9]{0,8}\\.(com|org|io)",
            path in "(/[a-zA-Z0-9_-]{1,6}){0,3}",
            keep in proptest::option::of("[a-z]{1,4}=[a-z0-9]{1,4}"),
            tracking in proptest::sample::select(vec!["utm_source=x", "ref=y", "fbclid=z", "utm_campaign=w"]),
            fragment in "[a-z]{0,5}",
        ) {
            let query = keep.clone().map_or(String::new(), |k| format!("?{k}"));
            let plain = format!("https://{host_part}{path}{query}");
            let separator = if keep.is_some() { '&' } else { '?' };
            let decorated = format!("http://www.{host_part}{path}/{query}{separator}{tracking}#{fragment}");
            let canonical = canonical_url(&plain);
            prop_assert_eq!(&canonical_url(&decorated), &canonical);
            prop_assert_eq!(&canonical_url(&canonical), &canonical);
            prop_assert_eq!(host(&decorated), host_part);
        }
    }
}
