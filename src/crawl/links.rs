//! What an HTML page links to, as the crawler reads it: the same-site page links grouped by their
//! path shape, and where the page's pagination goes next.

use std::collections::{BTreeMap, HashSet};

use regex::Regex;
use scraper::{Html, Selector};
use url::Url;

/// Extensions of links that are never pages (assets, downloads, feeds).
const NOT_PAGES: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "css", "js", "pdf", "zip", "gz", "mp3",
    "mp4", "xml", "rss", "atom", "json", "txt",
];

/// The links of one page.
#[derive(Debug, Default, Clone)]
pub struct Links {
    /// Same-site page links, in page order, each once, without fragments.
    pub same_site: Vec<Url>,
    /// Where the pagination goes next (`rel="next"`, or a link reading "Older", "Next page",
    /// "Previous issues", "»"), when the page has one.
    pub next: Option<Url>,
}

/// The links of the HTML page `body` whose URL is `base`.
pub fn read(base: &Url, body: &[u8]) -> Links {
    let html = Html::parse_document(&String::from_utf8_lossy(body));
    let base = document_base(&html, base);
    let mut seen = HashSet::new();
    let mut links = Links::default();
    let anchors = selector("a[href], link[rel][href]");
    for element in html.select(&anchors) {
        let Some(url) = element.attr("href").and_then(|href| resolve(&base, href)) else {
            continue;
        };
        let rel = element.attr("rel").unwrap_or_default();
        if element.value().name() == "link" {
            if links.next.is_none() && has_word(rel, "next") && same_site(&base, &url) {
                links.next = Some(url);
            }
            continue;
        }
        let text: String = element.text().collect();
        if links.next.is_none()
            && same_site(&base, &url)
            && (has_word(rel, "next") || reads_as_older(&text))
        {
            links.next = Some(url.clone());
        }
        if same_site(&base, &url) && is_page(&url) && url != base && seen.insert(url.clone()) {
            links.same_site.push(url);
        }
    }
    links
}

/// The page's `<base href>`, else its URL.
fn document_base(html: &Html, url: &Url) -> Url {
    html.select(&selector("base[href]"))
        .next()
        .and_then(|base| base.attr("href"))
        .and_then(|href| url.join(href).ok())
        .unwrap_or_else(|| url.clone())
}

/// A CSS selector known to be valid.
fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|_| unreachable!("a fixed, valid selector"))
}

/// `href` resolved against `base`, without its fragment, when it is http(s).
fn resolve(base: &Url, href: &str) -> Option<Url> {
    let mut url = base.join(href.trim()).ok()?;
    url.set_fragment(None);
    matches!(url.scheme(), "http" | "https").then_some(url)
}

/// True when `a` and `b` are on the same site (scheme, host and port).
pub fn same_site(a: &Url, b: &Url) -> bool {
    a.origin() == b.origin()
}

/// True when `words` (a `rel` value) holds `word`.
fn has_word(words: &str, word: &str) -> bool {
    words
        .split_ascii_whitespace()
        .any(|w| w.eq_ignore_ascii_case(word))
}

/// True for a link text that means "the next page of this list".
fn reads_as_older(text: &str) -> bool {
    static PATTERN: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    let pattern = PATTERN.get_or_init(|| {
        Regex::new(r"(?i)^\W*(older( issues| posts| entries)?|next page|previous issues|earlier issues|more issues|»|→)\W*$")
            .unwrap_or_else(|_| unreachable!("a fixed, valid pattern"))
    });
    pattern.is_match(text.trim())
}

/// True when `url` may be a page (not an asset, a feed or robots.txt by its extension).
fn is_page(url: &Url) -> bool {
    let last = url.path().rsplit('/').next().unwrap_or_default();
    let extension = last
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase());
    !extension.is_some_and(|ext| NOT_PAGES.contains(&ext.as_str()))
}

/// The path shape of `url`: folders kept as written (a number as `#`), the last segment (before
/// a trailing slash) as runs of digits (`#`) and of other characters (`*`) with its extension
/// kept, the query's keys kept and their values shaped the same way. `/archive/12.html` is
/// `/archive/#.html`, `/2019/03-some-title.html` is `/#/#*.html`, `/issues/123` is `/issues/#`,
/// `/tag/rust` is `/tag/*`, `/some-title/` is `/*/`.
pub fn shape(url: &Url) -> String {
    let path = url.path();
    let slash = path.len() > 1 && path.ends_with('/');
    let trimmed = if slash { &path[..path.len() - 1] } else { path };
    let (folders, last) = trimmed.rsplit_once('/').unwrap_or(("", trimmed));
    let mut shape = String::new();
    for folder in folders.split('/').filter(|folder| !folder.is_empty()) {
        shape.push('/');
        if folder.bytes().all(|b| b.is_ascii_digit()) {
            shape.push('#');
        } else {
            shape.push_str(&folder.to_ascii_lowercase());
        }
    }
    shape.push('/');
    let (stem, extension) = match last.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.len() <= 5 => (stem, Some(ext)),
        _ => (last, None),
    };
    shape.push_str(&runs(stem));
    if let Some(ext) = extension {
        shape.push('.');
        shape.push_str(&ext.to_ascii_lowercase());
    }
    if slash {
        shape.push('/');
    }
    let mut keys: Vec<String> = url
        .query_pairs()
        .map(|(key, value)| format!("{key}={}", runs(&value)))
        .collect();
    keys.sort();
    if !keys.is_empty() {
        shape.push('?');
        shape.push_str(&keys.join("&"));
    }
    shape
}

/// `text` as runs: each run of digits `#`, each run of other characters `*`.
fn runs(text: &str) -> String {
    let mut out = String::new();
    let mut last = None;
    for c in text.chars() {
        let class = if c.is_ascii_digit() { '#' } else { '*' };
        if last != Some(class) {
            out.push(class);
            last = Some(class);
        }
    }
    out
}

/// `urls` grouped by [`shape`], each group in first-seen order.
pub fn groups<'a>(urls: impl IntoIterator<Item = &'a Url>) -> BTreeMap<String, Vec<Url>> {
    let mut groups: BTreeMap<String, Vec<Url>> = BTreeMap::new();
    for url in urls {
        let members = groups.entry(shape(url)).or_default();
        if !members.contains(url) {
            members.push(url.clone());
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape_of(url: &str) -> String {
        shape(&Url::parse(url).unwrap())
    }

    #[test]
    fn siblings_share_a_shape_and_other_pages_do_not() {
        assert_eq!(
            shape_of("https://a.example/archive/12.html"),
            "/archive/#.html"
        );
        assert_eq!(
            shape_of("https://a.example/archive/7.html"),
            "/archive/#.html"
        );
        assert_eq!(
            shape_of("https://a.example/2019/03-some-title.html"),
            "/#/#*.html"
        );
        assert_eq!(
            shape_of("https://a.example/2020/11-other.html"),
            "/#/#*.html"
        );
        assert_eq!(shape_of("https://a.example/issues/123"), "/issues/#");
        assert_eq!(shape_of("https://a.example/tag/rust"), "/tag/*");
        assert_eq!(shape_of("https://a.example/about/"), "/*/");
        assert_eq!(shape_of("https://a.example/the-rust-edition/"), "/*/");
        assert_eq!(shape_of("https://a.example/2019/"), "/#/");
        assert_eq!(shape_of("https://a.example/"), "/");
        assert_eq!(shape_of("https://a.example/?p=12"), "/?p=#");
    }

    #[test]
    fn links_are_same_site_pages_once_and_the_next_page_is_found() {
        let base = Url::parse("http://127.0.0.1:8/archive/").unwrap();
        let body = br#"<html><body>
            <a href="/issues/1">One</a> <a href="/issues/1#top">One again</a>
            <a href="https://other.example/x">Elsewhere</a> <a href="/feed.xml">Feed</a>
            <a href="mailto:a@b.c">Mail</a> <a href="?page=2">Older issues</a>
        </body></html>"#;
        let links = read(&base, body);
        let urls: Vec<&str> = links.same_site.iter().map(Url::as_str).collect();
        assert_eq!(
            urls,
            [
                "http://127.0.0.1:8/issues/1",
                "http://127.0.0.1:8/archive/?page=2"
            ]
        );
        assert_eq!(
            links.next.map(String::from).as_deref(),
            Some("http://127.0.0.1:8/archive/?page=2")
        );
    }
}
