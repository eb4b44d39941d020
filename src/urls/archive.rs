//! Links as a page kept in a web archive writes them: the Wayback Machine rewrites every link of
//! a capture to a capture of its own (`https://web.archive.org/web/20200105120000/https://x.example/p`,
//! `/web/2020id_/http:/x.example/p`), and links to its own pages (its calendar, its search). The
//! link a reader meant is the captured original ([`archived`]); a relative link resolves against
//! the page's own base ([`resolve`]).

use std::borrow::Cow;

use url::Url;

use super::{decode_escapes, has_scheme, is_opaque, strip_prefix_ignore_case};

/// Hosts of the Wayback Machine.
const ARCHIVE_HOSTS: &[&str] = &["web.archive.org", "wayback.archive.org"];

/// Captures inside captures unwrapped at most (`/web/1/https://web.archive.org/web/2/…`).
const MAX_NESTED: usize = 4;

/// What a link is to a web archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Archived<'a> {
    /// Not a link into a web archive.
    No,
    /// A capture: the URL it captured (its scheme repaired: `http:/x` and `x.example/p` are
    /// `http://x…`).
    Capture(Cow<'a, str>),
    /// A page of the archive itself: its home, its calendar of a URL, its search
    /// (`/web/*/x.example*`).
    Archive,
}

/// What `url` is to the Wayback Machine (see [`Archived`]). A capture is
/// `[scheme:][//web.archive.org]/web/<timestamp>/<original>`: the timestamp up to 14 digits,
/// shortened or with a `*` (`2020`, `2*`), with or without a capture modifier (`id_`, `im_`,
/// `if_`, `js_`, `cs_`, `oe_`, `fw_`, …); an original with a `*` is a search, not a capture.
/// A cheap check first: only a URL starting with `/` or `h` and naming the archive is looked at.
pub fn archived(url: &str) -> Archived<'_> {
    let Some(path) = archive_path(url) else {
        return Archived::No;
    };
    match strip_prefix_ignore_case(path, "/web/").and_then(original) {
        Some(original) => Archived::Capture(original),
        None => Archived::Archive,
    }
}

/// `url` as the link it stands for: the original of a capture (of a capture inside it too),
/// else `url` itself. The one function every reader's links go through.
pub fn unarchived(url: &str) -> Cow<'_, str> {
    let mut current = Cow::Borrowed(url);
    for _ in 0..MAX_NESTED {
        let Archived::Capture(original) = archived(&current) else {
            break;
        };
        current = Cow::Owned(original.into_owned());
    }
    current
}

/// The link `href` (an attribute as written, trimmed) leads to, for a page whose relative links
/// resolve against `base`: a capture's original ([`unarchived`]); a URL with a scheme as it is
/// (`mailto:`, `javascript:` stay what they are: no web links); an in-page anchor or an empty
/// `href` as it is; a protocol-relative `//host/p` with the base's scheme (`https:` with no
/// base); any other relative reference joined to `base`. `None` for a relative reference with
/// no base to resolve it against.
pub fn resolve<'a>(href: &'a str, base: Option<&Url>) -> Option<Cow<'a, str>> {
    if let Archived::Capture(_) = archived(href) {
        return Some(unarchived(href));
    }
    if href.is_empty() || href.starts_with('#') || has_scheme(href) {
        return Some(Cow::Borrowed(href));
    }
    if let Some(rest) = href.strip_prefix("//") {
        let scheme = base.map_or("https", Url::scheme);
        return Some(Cow::Owned(format!("{scheme}://{rest}")));
    }
    let joined = base?.join(href).ok()?;
    Some(Cow::Owned(unarchived(joined.as_str()).into_owned()))
}

/// `href` as an absolute `http://` or `https://` URL: a capture's original, a relative reference
/// joined to `base` ([`resolve`]); `None` for any other scheme or a relative reference with no
/// base. How a page's own URL and a feed entry's base are read.
pub fn resolve_web<'a>(href: &'a str, base: Option<&Url>) -> Option<Cow<'a, str>> {
    let url = resolve(href.trim(), base)?;
    is_web(&url).then_some(url)
}

/// True for text that starts with `http://` or `https://` (any case).
pub fn is_web(url: &str) -> bool {
    strip_prefix_ignore_case(url, "https://").is_some()
        || strip_prefix_ignore_case(url, "http://").is_some()
}

/// The path of a URL into the archive: a host-relative `/web/…` as it is, or what follows an
/// archive host (`https://web.archive.org`, `//web.archive.org`) up to its path.
fn archive_path(url: &str) -> Option<&str> {
    let rest = match url.as_bytes() {
        [b'/', b'/', ..] => &url[2..],
        [b'/', ..] => return strip_prefix_ignore_case(url, "/web/").map(|_| url),
        [b'h' | b'H', ..] => strip_prefix_ignore_case(url, "https://")
            .or_else(|| strip_prefix_ignore_case(url, "http://"))?,
        _ => return None,
    };
    // Every archive host starts with a `w`: most links are told apart by one byte.
    if !rest.starts_with(['w', 'W']) {
        return None;
    }
    ARCHIVE_HOSTS.iter().find_map(|host| {
        let after = strip_prefix_ignore_case(rest, host)?;
        match after.as_bytes().first() {
            None => Some(after),
            Some(b'/' | b'?' | b'#') => Some(after),
            Some(b':') => after.find('/').map(|at| &after[at..]).or(Some("")),
            Some(_) => None,
        }
    })
}

/// The original URL of the capture path `rest` (what follows `/web/`), its scheme repaired;
/// `None` when `rest` is no capture (`submit`, `*/x.example*`, an empty original).
fn original(rest: &str) -> Option<Cow<'_, str>> {
    let original = if starts_with_web_scheme(rest) {
        rest
    } else {
        let (stamp, original) = rest.split_once('/')?;
        is_timestamp(stamp).then_some(original)?
    };
    if original.is_empty() || original.contains('*') {
        return None;
    }
    if is_escaped_web_url(original) {
        let decoded = decode_escapes(original, b'%');
        return with_scheme(&decoded).map(|url| Cow::Owned(url.into_owned()));
    }
    with_scheme(original)
}

/// True for an original written percent-encoded whole (`https%3A%2F%2Fx.example%2Fp`), as a
/// link that passed through a form or a redirect is.
fn is_escaped_web_url(original: &str) -> bool {
    ["http%3a", "https%3a"]
        .iter()
        .any(|scheme| strip_prefix_ignore_case(original, scheme).is_some())
}

/// True for `http:` or `https:` at the start of `text` (any case).
fn starts_with_web_scheme(text: &str) -> bool {
    strip_prefix_ignore_case(text, "http:").is_some()
        || strip_prefix_ignore_case(text, "https:").is_some()
}

/// True for a capture's timestamp: up to 14 digits, then an optional `*`, then an optional
/// modifier of two lowercase letters and `_` (`20200105120000`, `2020`, `2*`, `*`, `2020id_`).
fn is_timestamp(stamp: &str) -> bool {
    let digits = stamp.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &stamp[digits..];
    let rest = rest.strip_prefix('*').unwrap_or(rest);
    let modifier = rest.as_bytes();
    let modifier_ok = modifier.is_empty()
        || matches!(modifier, [a, b, b'_'] if a.is_ascii_lowercase() && b.is_ascii_lowercase());
    digits <= 14 && !stamp.is_empty() && modifier_ok
}

/// `original` with a whole scheme: `http:/x` (the archive collapses a scheme's slashes) is
/// `http://x`, `x.example/p` is `http://x.example/p`; `None` for text that names no host.
fn with_scheme(original: &str) -> Option<Cow<'_, str>> {
    for scheme in ["https:", "http:"] {
        if let Some(rest) = strip_prefix_ignore_case(original, scheme) {
            if rest.starts_with("//") {
                return Some(Cow::Borrowed(original));
            }
            let path = rest.trim_start_matches('/');
            return (!path.is_empty()).then(|| Cow::Owned(format!("{scheme}//{path}")));
        }
    }
    if is_opaque(original) {
        return Some(Cow::Borrowed(original));
    }
    let host = original
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default()
        .split(':')
        .next()
        .unwrap_or_default();
    let named = host.trim_matches('.').contains('.')
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.'));
    named.then(|| Cow::Owned(format!("http://{original}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGINAL: &str = "https://x.example/p";

    #[test]
    fn every_form_of_a_capture_is_its_original() {
        for url in [
            "https://web.archive.org/web/20200105120000/https://x.example/p",
            "http://web.archive.org/web/20200105120000/https://x.example/p",
            "HTTPS://Web.Archive.org/web/20200105120000/https://x.example/p",
            "//web.archive.org/web/20200105120000/https://x.example/p",
            "https://web.archive.org:443/web/20200105120000/https://x.example/p",
            "https://wayback.archive.org/web/20200105120000/https://x.example/p",
            "/web/20200105120000/https://x.example/p",
            "/web/20200105120000id_/https://x.example/p",
            "/web/2020/https%3A%2F%2Fx.example%2Fp",
            "https://web.archive.org/web/20200105120000/https%3a%2f%2fx.example%2fp",
            "/web/20200105120000im_/https://x.example/p",
            "/web/20200105120000if_/https://x.example/p",
            "/web/20200105120000js_/https://x.example/p",
            "/web/20200105120000cs_/https://x.example/p",
            "/web/20200105120000oe_/https://x.example/p",
            "/web/20200105120000fw_/https://x.example/p",
            "/web/2020/https://x.example/p",
            "/web/2*/https://x.example/p",
            "/web/20200105120000*/https://x.example/p",
            "/web/20200105120000/https:/x.example/p",
            "/web/https://x.example/p",
            "https://web.archive.org/web/2019/https://web.archive.org/web/2020/https://x.example/p",
        ] {
            assert_eq!(unarchived(url), ORIGINAL, "{url}");
        }
        assert_eq!(
            unarchived("/web/20200105120000/x.example/p?q=1#top"),
            "http://x.example/p?q=1#top"
        );
        assert_eq!(
            unarchived("/web/2020/http:/x.example:8080/p"),
            "http://x.example:8080/p"
        );
        assert_eq!(
            unarchived("/web/2020/x.example:8080/p"),
            "http://x.example:8080/p"
        );
    }

    #[test]
    fn the_archives_own_pages_are_no_captures() {
        for url in [
            "https://web.archive.org/",
            "https://web.archive.org/web/",
            "/web/",
            "/web/submit",
            "/web/*/x.example*",
            "https://web.archive.org/web/2020*/https://x.example/p*",
            "/web/2020/",
            "/web/notastamp/https://x.example/p",
            "/web/2020XX_/https://x.example/p",
            "/web/2020/about",
        ] {
            assert_eq!(archived(url), Archived::Archive, "{url}");
        }
        for url in [
            "https://x.example/web/2020/https://y.example/p",
            "https://web.archive.org.evil.example/web/2020/https://x.example/p",
            "/blog/web/2020/https://x.example/p",
            "https://archive.org/details/book",
            "mailto:a@b.example",
            "",
        ] {
            assert_eq!(archived(url), Archived::No, "{url}");
            assert_eq!(unarchived(url), url);
        }
    }

    #[test]
    fn relative_links_resolve_against_the_base_and_others_stay() {
        let base = Url::parse("https://blog.example.org/2020/post/").unwrap();
        let base = Some(&base);
        let resolved = |href| resolve(href, base).map(Cow::into_owned);
        assert_eq!(
            resolved("next"),
            Some("https://blog.example.org/2020/post/next".into())
        );
        assert_eq!(
            resolved("/about"),
            Some("https://blog.example.org/about".into())
        );
        assert_eq!(
            resolved("../"),
            Some("https://blog.example.org/2020/".into())
        );
        assert_eq!(
            resolved("//cdn.example/x"),
            Some("https://cdn.example/x".into())
        );
        assert_eq!(
            resolved("/web/2020/https://x.example/p"),
            Some(ORIGINAL.into())
        );
        for kept in [
            "#top",
            "",
            "mailto:a@b.example",
            "javascript:void(0)",
            ORIGINAL,
        ] {
            assert_eq!(resolved(kept), Some(kept.into()), "{kept}");
        }
        assert_eq!(resolve("next", None), None);
        assert_eq!(
            resolve("//cdn.example/x", None).unwrap(),
            "https://cdn.example/x"
        );
        assert_eq!(
            resolve("/web/2020/https://x.example/p", None).unwrap(),
            ORIGINAL
        );
    }
}
