//! What an HTML page says of itself: its charset (to decode it), and its date, title and site
//! name as header fields for the shared issue stage.
//!
//! - **Charset**: a byte-order mark, else the `<meta charset>` or `http-equiv="Content-Type"`
//!   declaration in the first 1024 bytes (the HTML standard's prescan), else UTF-8 when the bytes
//!   are valid UTF-8, else windows-1252 (what browsers assume); decoded by encoding_rs.
//! - **Date**: the first of `<time datetime>`, `<meta property="article:published_time">`,
//!   `<meta name="date">` (also `dc.date`, `pubdate`, `publish-date`), and JSON-LD
//!   `datePublished`. The issue stage reads it as a `date` header, so the usual chain (title, file
//!   name, folders, git) follows when the page has none.
//! - **Title**: the page's one `<h1>` (several are sections), else `<title>` without the site's name (`Issue 42 | Ops Digest`
//!   → `Issue 42` when `og:site_name` is `Ops Digest`).
//! - **Site name**: `og:site_name` or `application-name`.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use scraper::{ElementRef, Html};

use crate::parse::issue::clean::collapse;
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

/// The page's `date`, `title` and `site_name` as header fields.
pub fn header(document: &Html) -> Header {
    let found = Found::of(document);
    let site = found.site_name();
    let mut fields = Vec::new();
    if let Some(date) = found.date() {
        fields.push(field("date", date));
    }
    if let Some(title) = found.title(site.as_deref()) {
        fields.push(field("title", title));
    }
    if let Some(site) = site {
        fields.push(field("site_name", site));
    }
    Header { fields }
}

fn field(key: &str, value: String) -> Field {
    Field {
        key: key.to_string(),
        value,
        line: 1,
    }
}

/// `<meta>` names (lowercase) that hold the page's date.
const DATE_METAS: &[&str] = &["date", "dc.date", "pubdate", "publish-date"];

/// What the page's elements say, gathered in one pass over the DOM (a selector pass per fact
/// took a tenth of reading a page).
#[derive(Default)]
struct Found {
    time: Option<String>,
    published: Option<String>,
    date_meta: Option<String>,
    json_ld: Vec<String>,
    site_name: Option<String>,
    application_name: Option<String>,
    headings: Vec<String>,
    title: Option<String>,
}

impl Found {
    fn of(document: &Html) -> Self {
        let mut found = Self::default();
        for element in document
            .root_element()
            .descendants()
            .filter_map(ElementRef::wrap)
        {
            found.element(element);
        }
        found
    }

    fn element(&mut self, element: ElementRef<'_>) {
        let value = element.value();
        let nonempty = |text: Option<&str>| text.map(collapse).filter(|t| !t.is_empty());
        match value.name() {
            "time" if self.time.is_none() => self.time = nonempty(value.attr("datetime")),
            "meta" => self.meta(value),
            "h1" if self.headings.len() < 2 => {
                if let Some(text) = nonempty(Some(&element.text().collect::<String>())) {
                    self.headings.push(text);
                }
            }
            "title" if self.title.is_none() => {
                self.title = nonempty(Some(&element.text().collect::<String>()));
            }
            "script" if value.attr("type") == Some("application/ld+json") => {
                self.json_ld.push(element.text().collect());
            }
            _ => {}
        }
    }

    fn meta(&mut self, meta: &scraper::node::Element) {
        let Some(content) = meta.attr("content").map(collapse).filter(|c| !c.is_empty()) else {
            return;
        };
        let property = meta.attr("property").unwrap_or_default();
        let name = meta.attr("name").unwrap_or_default().to_ascii_lowercase();
        let slot = if property == "article:published_time" {
            &mut self.published
        } else if property == "og:site_name" {
            &mut self.site_name
        } else if DATE_METAS.contains(&name.as_str())
            || meta.attr("itemprop") == Some("datePublished")
        {
            &mut self.date_meta
        } else if name == "application-name" {
            &mut self.application_name
        } else {
            return;
        };
        slot.get_or_insert(content);
    }

    fn date(&self) -> Option<String> {
        self.time
            .clone()
            .or_else(|| self.published.clone())
            .or_else(|| self.date_meta.clone())
            .or_else(|| {
                self.json_ld
                    .iter()
                    .filter_map(|text| serde_json::from_str::<serde_json::Value>(text).ok())
                    .find_map(|value| find_key(&value, "datePublished", 0))
            })
    }

    fn site_name(&self) -> Option<String> {
        self.site_name
            .clone()
            .or_else(|| self.application_name.clone())
    }

    /// The one `<h1>` (several are sections, as markdown's `===` headings render), else
    /// `<title>` without the site's name.
    fn title(&self, site: Option<&str>) -> Option<String> {
        if let [title] = self.headings.as_slice() {
            return Some(title.clone());
        }
        let title = self.title.as_deref()?;
        Some(without_site_name(title, site)).filter(|title| !title.is_empty())
    }
}

/// The first string value of `key` anywhere in `value` (at most 16 levels deep).
fn find_key(value: &serde_json::Value, key: &str, depth: usize) -> Option<String> {
    if depth > 16 {
        return None;
    }
    match value {
        serde_json::Value::Object(map) => map
            .get(key)
            .and_then(serde_json::Value::as_str)
            .map(str::to_string)
            .or_else(|| map.values().find_map(|v| find_key(v, key, depth + 1))),
        serde_json::Value::Array(items) => items.iter().find_map(|v| find_key(v, key, depth + 1)),
        _ => None,
    }
}

/// `title` without the site's name and the separator next to it.
fn without_site_name(title: &str, site: Option<&str>) -> String {
    let Some(site) = site.filter(|site| !site.is_empty() && *site != title) else {
        return title.to_string();
    };
    let separators = [" | ", " - ", " – ", " — ", " · ", " :: ", " » ", ": "];
    for separator in separators {
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
        assert_eq!(
            without_site_name("Issue 42 | Ops Digest", Some("Ops Digest")),
            "Issue 42"
        );
        assert_eq!(
            without_site_name("Ops Digest - Issue 42", Some("Ops Digest")),
            "Issue 42"
        );
        assert_eq!(without_site_name("Issue 42", None), "Issue 42");
    }

    #[test]
    fn dates_come_from_time_meta_or_json_ld() {
        let doc = |html: &str| Found::of(&Html::parse_document(html)).date();
        assert_eq!(
            doc("<time datetime='2021-03-15T08:00:00Z'>March</time>").as_deref(),
            Some("2021-03-15T08:00:00Z")
        );
        assert_eq!(
            doc("<meta property='article:published_time' content='2020-01-02'>").as_deref(),
            Some("2020-01-02")
        );
        assert_eq!(
            doc("<meta name='Date' content='2019-05-06'>").as_deref(),
            Some("2019-05-06")
        );
        assert_eq!(
            doc("<script type='application/ld+json'>{\"@graph\":[{\"datePublished\":\"2018-07-08\"}]}</script>").as_deref(),
            Some("2018-07-08")
        );
    }
}
