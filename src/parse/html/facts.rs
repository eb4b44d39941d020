//! What an HTML page says of itself: its charset (to decode it), and its date, title and site
//! name as header fields for the shared issue stage.
//!
//! - **Charset**: a byte-order mark, else the `<meta charset>` or `http-equiv="Content-Type"`
//!   declaration in the first 1024 bytes (the HTML standard's prescan), else UTF-8 when the bytes
//!   are valid UTF-8, else windows-1252 (what browsers assume); decoded by encoding_rs.
//! - **Site names**: `og:site_name`, `application-name`, and the site's part of `<title>`
//!   ([`title_site`]: `#07 - Title | Example Weekly` → `Example Weekly`).
//! - **Title**: the first `<h1>` or `<h2>` (of the first [`MAX_HEADINGS`]) that is not the site's
//!   (one of its names, or a banner whose links lead to a home page) and has an issue number or a
//!   date; else the page's one such `<h1>` (several are sections); else `<title>` without the
//!   site's name (`Issue 42 | Ops Digest` → `Issue 42`).
//! - **The site's own hosts**: of `og:url`, `<link rel="canonical">` and the page's first
//!   [`MAX_HOME_LINKS`] absolute links to a home page (the banner's): links there from the byline
//!   (author, tags, likes) are the site's, not the issue's.
//! - **Number**: from the title heading, else `<title>` (`#07`, `Issue 100`, `No. 12`).
//! - **Date**: a date written in the title heading, else in `<title>` (the issue's own name for
//!   its day: a CMS's publication date may be an import's or a re-post's), else the date the
//!   markup states ([`super::stated`]: what it marks as published, `article:published_time`, date
//!   metas, JSON-LD, a `<time>` that is not an update's; each as written, in its own offset:
//!   [`date::written_day`]). The issue stage reads it as a `date` header, so the usual chain (a
//!   header row, file name, folders, git) follows when the page has none.
//! - **Where it was kept**: its base, its own URL and a web archive's toolbar, noted in the same
//!   pass ([`Hints`]).

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use scraper::{ElementRef, Html, Node};

use super::kept::Hints;
use super::roles::{attr, text_without_permalinks};
use super::stated::Stated;
use crate::parse::issue::clean::collapse;
use crate::parse::issue::date;
use crate::parse::issue::fields::{Field, Header};

/// Bytes searched for a charset declaration, as the HTML standard's prescan.
const PRESCAN_BYTES: usize = 1024;

/// The text of an HTML file's bytes, decoded from the charset it declares (see the module doc).
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return encoding.decode_without_bom_handling(&bytes[bom..]).0;
    }
    let declared = declared_charset(&bytes[..bytes.len().min(PRESCAN_BYTES)]);
    let encoding = match declared {
        // A page that says UTF-16 in ASCII is not UTF-16: browsers read it as UTF-8.
        Some(encoding) if encoding != UTF_8 && !encoding.name().starts_with("UTF-16") => encoding,
        _ if std::str::from_utf8(bytes).is_ok() => UTF_8,
        Some(encoding) if encoding == UTF_8 => UTF_8,
        _ => WINDOWS_1252,
    };
    encoding.decode_without_bom_handling(bytes).0
}

/// The encoding named by a `charset=` in `head` (a `<meta charset>` or an `http-equiv`
/// content type), if it names one encoding_rs knows.
fn declared_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower = head.to_ascii_lowercase();
    let at = memchr::memmem::find(&lower, b"charset")?;
    let rest = &head[at + b"charset".len()..];
    let rest = trim_ascii_start(rest).strip_prefix(b"=")?;
    let rest = trim_ascii_start(rest);
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|&b| matches!(b, b'"' | b'\'' | b';' | b'>' | b'/') || b.is_ascii_whitespace())
        .unwrap_or(rest.len());
    Encoding::for_label(&rest[..end])
}

fn trim_ascii_start(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

/// What a page says of itself: its header fields (`date`, `issue`, `title`, `site_name`), and the
/// names its site goes by (the HTML reader takes the site's banner out by them).
pub struct Facts {
    /// The fields, as a front matter would give them.
    pub header: Header,
    /// The names the site goes by (see the module doc).
    pub sites: Vec<String>,
    /// The hosts the site is served from (see the module doc), as [`crate::urls::host`] gives them.
    pub hosts: Vec<String>,
    /// Where the page was kept: its base, its own URL, an archive's toolbar ([`super::kept`]).
    pub kept: Hints,
}

/// The page's facts (see the module doc).
pub fn facts(document: &Html) -> Facts {
    let found = Found::of(document);
    let sites = found.sites();
    let heading = found.issue_heading(&sites);
    let page_title = found.title.as_deref();
    let texts = [heading, page_title];
    let mut fields = Vec::new();
    let date = texts
        .iter()
        .flatten()
        .find_map(|text| written_date(text))
        .or_else(|| found.dates.date());
    if let Some(date) = date {
        fields.push(field("date", date));
    }
    if let Some(number) = texts
        .iter()
        .flatten()
        .find_map(|text| date::issue_number(text))
    {
        fields.push(field("issue", number.to_string()));
    }
    let title = heading
        .map(str::to_string)
        .or_else(|| page_title.map(|title| without_sites(title, &sites)))
        .filter(|title| !title.is_empty());
    if let Some(title) = title {
        fields.push(field("title", title));
    }
    if let Some(site) = found.site_name() {
        fields.push(field("site_name", site));
    }
    let header = Header { fields };
    Facts {
        header,
        sites,
        hosts: found.hosts,
        kept: found.kept,
    }
}

/// The day a title writes (`October 12, 2012`), as a `date` field value.
fn written_date(text: &str) -> Option<String> {
    date::find(text)?.ok().map(crate::model::day::format)
}

fn field(key: &str, value: String) -> Field {
    Field {
        key: key.to_string(),
        value,
        line: 1,
    }
}

/// What the page's elements say, gathered in one pass over the DOM (a selector pass per fact
/// took a tenth of reading a page).
#[derive(Default)]
struct Found {
    /// The dates the markup states.
    dates: Stated,
    site_name: Option<String>,
    application_name: Option<String>,
    headings: Vec<Heading>,
    title: Option<String>,
    /// The site's own hosts (see the module doc).
    hosts: Vec<String>,
    /// Absolute links to a home page seen so far.
    home_links: usize,
    kept: Hints,
}

/// One of the page's first `<h1>` and `<h2>` headings.
struct Heading {
    level: u8,
    text: String,
    /// Its links all lead to a site's home page (a banner: `<h1><a href="/">Weekly</a></h1>`).
    banner: bool,
}

/// Absolute links to a home page whose hosts are the site's own (the banner's and the nav's
/// first): later ones may be a footer's `Powered by` link.
const MAX_HOME_LINKS: usize = 2;

/// `<h1>` and `<h2>` headings looked at for the issue's title.
const MAX_HEADINGS: usize = 6;

impl Found {
    fn of(document: &Html) -> Self {
        let mut found = Self::default();
        for node in document.tree.root().descendants() {
            match node.value() {
                Node::Element(_) => {
                    if let Some(element) = ElementRef::wrap(node) {
                        found.element(element);
                    }
                }
                Node::Comment(comment) => found.kept.comment(node.id(), comment),
                _ => {}
            }
        }
        found
    }

    fn element(&mut self, element: ElementRef<'_>) {
        let value = element.value();
        let nonempty = |text: Option<&str>| text.map(collapse).filter(|t| !t.is_empty());
        self.dates.element(element);
        match value.name() {
            "meta" => {
                self.kept.element(element);
                self.meta(value);
            }
            "a" if self.home_links < MAX_HOME_LINKS => {
                if let Some(href) = attr(value, "href").filter(|href| is_absolute_home(href)) {
                    self.home_links += 1;
                    self.own_host(href);
                }
            }
            "link" => {
                self.kept.element(element);
                if attr(value, "rel") == Some("canonical") {
                    if let Some(href) = attr(value, "href") {
                        self.own_host(href);
                    }
                }
            }
            "base" | "input" => self.kept.element(element),
            "h1" | "h2" if self.headings.len() < MAX_HEADINGS => {
                if let Some(text) = nonempty(Some(&text_without_permalinks(element))) {
                    self.headings.push(Heading {
                        level: if value.name() == "h1" { 1 } else { 2 },
                        text,
                        banner: is_banner(element),
                    });
                }
            }
            "title" if self.title.is_none() => {
                self.title = nonempty(Some(&element.text().collect::<String>()));
            }
            "script" if attr(value, "type") != Some("application/ld+json") => {
                self.kept.element(element);
            }
            _ => {}
        }
    }

    fn meta(&mut self, meta: &scraper::node::Element) {
        let Some(content) = attr(meta, "content")
            .map(collapse)
            .filter(|c| !c.is_empty())
        else {
            return;
        };
        let property = attr(meta, "property").unwrap_or_default();
        if property == "og:url" {
            self.own_host(&content);
        }
        let name = attr(meta, "name").unwrap_or_default().to_ascii_lowercase();
        let slot = if property == "og:site_name" {
            &mut self.site_name
        } else if name == "application-name" {
            &mut self.application_name
        } else {
            return;
        };
        slot.get_or_insert(content);
    }

    /// Notes the host of `url` as one of the site's own.
    fn own_host(&mut self, url: &str) {
        let host = crate::urls::host(url.trim());
        if !host.is_empty() && !self.hosts.contains(&host) {
            self.hosts.push(host);
        }
    }

    fn site_name(&self) -> Option<String> {
        self.site_name
            .clone()
            .or_else(|| self.application_name.clone())
    }

    /// The names the site goes by: its declared name, and the `<title>`'s site part.
    fn sites(&self) -> Vec<String> {
        let declared = [&self.site_name, &self.application_name];
        let mut sites: Vec<String> = declared.into_iter().flatten().cloned().collect();
        sites.extend(self.title.as_deref().and_then(title_site));
        sites
    }

    /// The heading that titles the issue (see the module doc).
    fn issue_heading(&self, sites: &[String]) -> Option<&str> {
        let own: Vec<&Heading> = self
            .headings
            .iter()
            .filter(|heading| !heading.banner && !is_site_name(&heading.text, sites))
            .collect();
        let titled = own.iter().find(|heading| {
            date::issue_number(&heading.text).is_some() || date::find(&heading.text).is_some()
        });
        let only_h1 = || match own.iter().filter(|h| h.level == 1).collect::<Vec<_>>()[..] {
            [one] => Some(one),
            _ => None,
        };
        titled.or_else(only_h1).map(|heading| heading.text.as_str())
    }
}

/// True for a heading whose links all lead to a site's home page, or that holds only an image
/// link.
fn is_banner(element: ElementRef<'_>) -> bool {
    let links: Vec<&str> = element
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|e| e.value().name() == "a")
        .filter_map(|e| attr(e.value(), "href"))
        // A permalink to the heading itself (`#edition-12`) leads nowhere else.
        .filter(|href| !href.trim_start().starts_with('#'))
        .collect();
    !links.is_empty() && links.iter().all(|href| is_home(href))
}

/// True for an absolute web link to a site's home page (`https://weekly.example/`).
fn is_absolute_home(href: &str) -> bool {
    let href = href.trim();
    let web = href
        .get(..8)
        .is_some_and(|head| head.eq_ignore_ascii_case("https://") || head.starts_with("http://"));
    web && is_home(href)
}

/// True for a link to a site's home page (`/`, `https://weekly.example/`, `index.html`).
pub fn is_home(href: &str) -> bool {
    // Every link of a page's top is asked: bytes compared in place, no searcher built.
    let href = href.trim().as_bytes();
    let scheme_end = memchr::memchr(b':', href)
        .filter(|&colon| href[colon..].starts_with(b"://"))
        .or_else(|| href.windows(3).position(|three| three == b"://"));
    let path = match scheme_end {
        Some(at) => {
            let rest = &href[at + 3..];
            memchr::memchr(b'/', rest).map_or(&[][..], |slash| &rest[slash + 1..])
        }
        None => &href[href.iter().take_while(|&&b| b == b'/').count()..],
    };
    let end = path
        .iter()
        .position(|&b| b == b'?' || b == b'#')
        .unwrap_or(path.len());
    matches!(&path[..end], b"" | b"index.html" | b"index.htm")
}

/// True when `text` is one of the names the site goes by (words compared without case).
pub fn is_site_name(text: &str, sites: &[String]) -> bool {
    sites.iter().any(|site| same_words(site, text))
}

/// True when two texts have the same words, case and the punctuation around words aside.
pub fn same_words(a: &str, b: &str) -> bool {
    // Compared in place, word by word (every heading of a page's top is compared with each of
    // the site's names: lowercase copies of both were most of reading its facts).
    let words = |text| {
        str::split_whitespace(text)
            .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric()))
            .filter(|word| !word.is_empty())
    };
    let (mut a, mut b) = (words(a), words(b));
    let mut any = false;
    loop {
        match (a.next(), b.next()) {
            (Some(x), Some(y)) if same_word(x, y) => any = true,
            (None, None) => return any,
            _ => return false,
        }
    }
}

/// True when two words are the same but for case (Unicode lowercase, as `str::to_lowercase`
/// gives it; ASCII words without a copy).
fn same_word(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

/// Separators between a page's title and its site's name, strongest first.
const SEPARATORS: [&str; 8] = [" | ", " – ", " — ", " - ", " · ", " :: ", " » ", ": "];

/// The site's part of a `<title>`: beside the strongest separator it holds, the part without
/// digits when the other has some (`#07 - Title | Example Weekly`, `Café Ops – Issue 9`), else
/// the last part after ` | `, ` · ` or ` » ` (`Title of the issue | Example Weekly`).
fn title_site(title: &str) -> Option<String> {
    let digitless = |part: &str| !part.is_empty() && !part.chars().any(|c| c.is_ascii_digit());
    let separator = SEPARATORS.iter().find(|s| title.contains(*s))?;
    let first = title.split(separator).next()?.trim();
    let last = title.rsplit(separator).next()?.trim();
    let site = match (digitless(first), digitless(last)) {
        (true, false) => first,
        (false, true) => last,
        (true, true) if matches!(*separator, " | " | " · " | " » ") => last,
        _ => return None,
    };
    Some(site.to_string())
}

/// `title` without the site's names and the separators next to them (unchanged when nothing
/// else would be left).
fn without_sites(title: &str, sites: &[String]) -> String {
    sites.iter().fold(title.to_string(), |title, site| {
        without_site_name(&title, site)
    })
}

/// `title` without the site's name `site` and the separator next to it.
fn without_site_name(title: &str, site: &str) -> String {
    if site.is_empty() || site == title {
        return title.to_string();
    }
    for separator in SEPARATORS {
        if let Some(rest) = title.strip_suffix(&format!("{separator}{site}")) {
            return rest.trim().to_string();
        }
        if let Some(rest) = title.strip_prefix(&format!("{site}{separator}")) {
            return rest.trim().to_string();
        }
    }
    title.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charsets_are_found_and_decoded() {
        let latin = b"<html><head><meta charset=\"iso-8859-1\"></head><body>caf\xe9</body></html>";
        assert!(decode(latin).contains("café"));
        let equiv = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">\x93quoted\x94";
        assert!(decode(equiv).contains("\u{201c}quoted\u{201d}"));
        assert!(decode("<p>naïve</p>".as_bytes()).contains("naïve"));
        assert!(decode(b"<p>caf\xe9</p>").contains("café"));
        assert!(decode(b"\xef\xbb\xbf<p>x</p>").starts_with("<p>"));
    }

    #[test]
    fn titles_lose_the_site_name() {
        let site = ["Ops Digest".to_string()];
        assert_eq!(without_sites("Issue 42 | Ops Digest", &site), "Issue 42");
        assert_eq!(without_sites("Ops Digest - Issue 42", &site), "Issue 42");
        assert_eq!(without_sites("Issue 42", &[]), "Issue 42");
        assert_eq!(without_sites("Ops Digest", &site), "Ops Digest");
    }

    #[test]
    fn the_sites_part_of_a_title() {
        let site = |title: &str| title_site(title);
        assert_eq!(
            site("#07 - Title | Example Weekly").as_deref(),
            Some("Example Weekly")
        );
        assert_eq!(
            site("Example Weekly - Issue 7").as_deref(),
            Some("Example Weekly")
        );
        assert_eq!(site("Example Weekly Issue 100 - October 12, 2012"), None);
        assert_eq!(site("Example Weekly"), None);
        assert_eq!(
            site("Title of it | Example Weekly").as_deref(),
            Some("Example Weekly")
        );
        assert_eq!(site("Kubernetes - the hard way"), None);
        assert_eq!(site("Issue 7"), None);
        assert!(is_home("https://weekly.example/"));
        assert!(is_home("/index.html"));
        assert!(!is_home("https://weekly.example/archive"));
        for home in [
            "https://weekly.example",
            "https://weekly.example/?ref=nav",
            "/",
            " index.htm#top",
            "HTTP://weekly.example/index.html?x",
        ] {
            assert!(is_home(home), "{home}");
        }
        for page in [
            "https://weekly.example/a/index.html",
            "//cdn.example/x",
            "index.php",
        ] {
            assert!(!is_home(page), "{page}");
        }
        assert!(same_words("Example  weekly!", "example Weekly"));
    }

    #[test]
    fn the_issue_heading_is_not_the_sites() {
        let facts = |html: &str| facts(&Html::parse_document(html)).header;
        let title = |html: &str| facts(html).field(&["title"]).map(|f| f.value.clone());
        let banner = "<title>#07 - Title | Example Weekly</title><h1>Example Weekly</h1><h1>#07 - Title</h1>";
        assert_eq!(title(banner).as_deref(), Some("#07 - Title"));
        let home = "<title>Weekly</title><h1><a href='/'>Weekly News</a></h1><h1>Caching</h1>";
        assert_eq!(title(home).as_deref(), Some("Caching"));
        let sections = "<title>Issue 3 | Weekly</title><h1>News</h1><h1>Tools</h1>";
        assert_eq!(title(sections).as_deref(), Some("Issue 3"));
        let dated = facts("<title>Example Weekly Issue 100 - October 12, 2012</title>");
        assert_eq!(
            dated.field(&["date"]).map(|f| f.value.as_str()),
            Some("2012-10-12")
        );
        assert_eq!(
            dated.field(&["issue"]).map(|f| f.value.as_str()),
            Some("100")
        );
    }
}
