//! The feed reader: RSS 2.0, RSS 1.0 (RDF), Atom and JSON Feed files, read by feed-rs, each entry
//! one issue for the shared item stage.
//!
//! - An entry whose content (`content:encoded`, Atom `content` of any type, JSON Feed
//!   `content_html`, else the summary) holds two or more web links besides its furniture and
//!   footer ([`furniture`]) is a whole issue: its content goes through the HTML reader
//!   ([`html::read_fragment_at`]; its relative links resolve against the content's `xml:base`,
//!   else the entry's page, else the feed's site), its title is the issue title (and gives its
//!   number), and its documents carry the entry's own page (`feedburner:origLink`, else its
//!   link) as `issue_url`; its furniture gives no document ([`finish`]).
//! - Any other entry is one link: a document for the link it points to (`feedburner:origLink`,
//!   JSON Feed `external_url`, else its `alternate` link), titled with the entry's title,
//!   described by its content's words (furniture and footer aside), in the section its first
//!   category names (`category`, Atom `category term`, JSON Feed `tags`, RSS 1.0 `dc:subject`).
//!   Its issue title is the feed's title.
//!
//! Dates are the day the publisher wrote, in the offset they wrote it in (`published`, `pubDate`,
//! `dc:date`, `updated`, `atom:updated`, JSON Feed `date_published` / `date_modified`, read from
//! the entry's own text in any spelling [`super::issue::date::written_day`] reads; feed-rs turns
//! them into UTC instants and reads fewer). A date that cannot be read is handed on as written,
//! so the issue stage warns (with its line) and asks its next sources; an entry that states no
//! date is not given the feed's `lastBuildDate` / `updated`, which say when the file was built.
//! Each entry is known by its id (`guid`, Atom `id`, JSON Feed `id`; for RSS 1.0 the item's
//! `rdf:about`, else its link, else its title) and its content by a hash of what the entry
//! holds, so a grown feed adds only its new entries and an edited entry replaces its documents.

mod content;
mod furniture;
mod repair;
mod written;

use feed_rs::model::{Entry as FeedEntry, Link as FeedLink, Text};

use super::html;
use super::issue::clean::collapse;
use super::issue::fields::{Field, Header};
use super::issue::{blocks::Body, Parsed};
use content::{entry_html, item_links, link_body, text_of};
use furniture::Own;
use repair::{atom_03_as_10, repaired_xml};
use written::{entry_date, written, Written};

/// Web links an entry's content must hold (its furniture and footer aside) to be read as a
/// whole issue rather than one link.
const ISSUE_LINKS: usize = 2;

/// A feed read into issues.
#[derive(Debug)]
pub struct Feed {
    /// The feed's own title (a name for its newsletter), when it has one.
    pub title: Option<String>,
    /// One issue per entry, in the feed's order.
    pub entries: Vec<Entry>,
    /// True when the file was not well-formed XML and was read after repair by a lenient XML
    /// parser (what could be read was kept; the caller warns).
    pub repaired: bool,
}

/// One entry of a feed, ready for the shared item stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The entry's id: stable across fetches of the feed, unique within it.
    pub key: String,
    /// XXH3-64 of what the entry holds (id, title, dates, links, content): tells an edited
    /// entry from an unchanged one.
    pub hash: u64,
    /// `title` and `date` fields, as a front matter would give them.
    pub header: Header,
    /// The entry as blocks.
    pub body: Body,
    /// True when the entry is a whole issue (its content's links are its items); false for a
    /// one-link entry.
    pub is_issue: bool,
    /// The entry's own page (`feedburner:origLink`, else its link): its issue's `issue_url`.
    pub page: Option<String>,
    /// What the entry's furniture points to.
    own: Own,
}

/// Why a file could not be read as a feed.
#[derive(Debug, thiserror::Error)]
#[error("not a readable feed ({0}); check that the file is RSS, Atom or JSON Feed")]
pub struct FeedError(String);

/// Reads `bytes` (an RSS, Atom or JSON Feed document) into one issue per entry.
pub fn read(bytes: &[u8]) -> Result<Feed, FeedError> {
    let bytes = &*atom_03_as_10(bytes);
    let (model, repaired) = match parser().parse(bytes) {
        Ok(model) => (model, None),
        Err(err) => repaired_xml(bytes)
            .and_then(|xml| Some((parser().parse(xml.as_slice()).ok()?, Some(xml))))
            .filter(|(model, _)| !model.entries.is_empty())
            .ok_or_else(|| FeedError(err.to_string()))?,
    };
    let mut written = written(repaired.as_deref().unwrap_or(bytes));
    // What was read beside feed-rs goes with its entries only when both saw the same entries.
    if written.len() != model.entries.len() {
        written = vec![Written::default(); model.entries.len()];
    }
    let feed_title = model.title.as_ref().map(text_of).filter(|t| !t.is_empty());
    let sites: Vec<&str> = model
        .links
        .iter()
        .filter(|link| !matches!(link.rel.as_deref(), Some("self" | "hub" | "next")))
        .map(|link| link.href.as_str())
        .collect();
    let feed = FeedFacts {
        title: feed_title.as_deref(),
        sites: &sites,
    };
    let entries = model
        .entries
        .iter()
        .zip(&written)
        .map(|(entry, written)| read_entry(entry, written, &feed))
        .collect();
    Ok(Feed {
        title: feed_title.clone(),
        entries,
        repaired: repaired.is_some(),
    })
}

/// The documents of an entry's issue as the item stage made them, the entry's furniture out
/// (`Continue reading`, `View in browser`, comment links, `Subscribe now`: [`furniture`]),
/// numbered from 1 again, each with the entry's own page as its `issue_url`.
pub fn finish(entry: &Entry, mut parsed: Parsed) -> Parsed {
    parsed
        .docs
        .retain(|doc| !entry.is_issue || !entry.own.is_furniture(&doc.url, doc.title.as_deref()));
    for (doc, position) in parsed.docs.iter_mut().zip(1u32..) {
        doc.position = position;
        doc.issue_url = entry.page.clone().filter(|page| *page != doc.url);
    }
    parsed
}

/// What an entry needs to know of its feed.
struct FeedFacts<'a> {
    /// The feed's title.
    title: Option<&'a str>,
    /// The feed's site (its links other than `self`).
    sites: &'a [&'a str],
}

/// A feed-rs parser with [`entry_id`] ids. One per parse: a parser that failed midway keeps
/// state that makes its next parse panic.
fn parser() -> feed_rs::parser::Parser {
    feed_rs::parser::Builder::new()
        .id_generator(entry_id)
        .build()
}

/// The id of an entry that gives none (RSS 1.0 items, RSS 2.0 items without a `guid`): its
/// link, else its title, so that it stays the same when the feed is fetched again.
fn entry_id(links: &[feed_rs::model::Link], title: &Option<Text>, _base: Option<&str>) -> String {
    links
        .first()
        .map(|link| link.href.trim().to_string())
        .or_else(|| title.as_ref().map(|title| collapse(&title.content)))
        .unwrap_or_default()
}

/// One entry as an issue: a whole issue when its content holds [`ISSUE_LINKS`] items, else one
/// link (see the module doc).
fn read_entry(entry: &FeedEntry, written: &Written, feed: &FeedFacts<'_>) -> Entry {
    let site = feed.sites.first().copied();
    let alternate = alternate(&entry.links)
        .map(|link| absolute(&link, site).unwrap_or(link))
        .or_else(|| permalink_id(&entry.id));
    let page = written.original.clone().or_else(|| alternate.clone());
    let base = content_base(entry.base.as_deref(), page.as_deref(), site);
    let html = entry_html(entry);
    let content = html
        .as_deref()
        .map(|html| html::read_fragment_at(html, base.as_deref()))
        .unwrap_or_default();
    let title = entry.title.as_ref().map(text_of).unwrap_or_default();
    let pages = entry.links.iter().map(|link| link.href.as_str());
    let pages = pages
        .chain(written.original.as_deref())
        .chain(written.comments.iter().map(String::as_str));
    let own = Own::new(pages, feed.sites.iter().copied().chain(page.as_deref()));
    let is_issue = item_links(&content, &own) >= ISSUE_LINKS;
    let (issue_title, body) = if is_issue {
        (title.clone(), content)
    } else {
        let section = entry
            .categories
            .first()
            .map(|category| category.label.clone().unwrap_or(category.term.clone()))
            .or(written.subject.clone());
        let target = written.original.as_ref().or(written.external.as_ref());
        let body = target
            .or(alternate.as_ref())
            .map(|url| link_body(url, &title, section.as_deref(), &content, &own))
            .unwrap_or_default();
        (feed.title.unwrap_or(&title).to_string(), body)
    };
    let mut fields = vec![field("title", issue_title, 1)];
    if let Some((date, line)) = entry_date(entry, written) {
        fields.push(field("date", date, line));
    }
    Entry {
        key: entry.id.clone(),
        hash: entry_hash(entry, html.as_deref(), written),
        header: Header { fields },
        body,
        is_issue,
        page,
        own,
    }
}

/// The entry's main link: its first `alternate` link (or link without a `rel`), else its
/// first link (an Atom link post's `related` link is its permalink, not what it links to).
fn alternate(links: &[FeedLink]) -> Option<String> {
    links
        .iter()
        .find(|link| matches!(link.rel.as_deref(), None | Some("alternate")))
        .or(links.first())
        .map(|link| link.href.trim().to_string())
}

/// What the relative links of an entry's content resolve against: the content's own `xml:base`
/// (itself resolved against the entry's page), else the entry's page (feed-rs has resolved its
/// link against the `xml:base` of the entry and its feed), else the feed's site (an RSS
/// channel's `<link>`). `None` when none of them is a web address.
fn content_base(xml_base: Option<&str>, page: Option<&str>, site: Option<&str>) -> Option<String> {
    let page = page.and_then(|page| absolute(page, site));
    xml_base
        .and_then(|xml_base| absolute(xml_base, page.as_deref().or(site)))
        .or(page)
        .or_else(|| site.and_then(|site| absolute(site, None)))
}

/// `href` as an absolute web address, a relative one joined to `base` (when that is one).
fn absolute(href: &str, base: Option<&str>) -> Option<String> {
    let base = base.and_then(|base| url::Url::parse(base.trim()).ok());
    let url = crate::urls::resolve_web(href, base.as_ref())?;
    url::Url::parse(&url).ok().map(|_| url.into_owned())
}

/// The id of an entry without links when it is a web address: an RSS `guid` is a permalink
/// unless it says otherwise, and some generators give the item's address only there.
fn permalink_id(id: &str) -> Option<String> {
    let id = id.trim();
    (id.starts_with("https://") || id.starts_with("http://")).then(|| id.to_string())
}

/// A header field as a front matter line would give it.
fn field(key: &str, value: String, line: usize) -> Field {
    Field {
        key: key.to_string(),
        value,
        line,
    }
}

/// XXH3-64 of what an entry holds.
fn entry_hash(entry: &FeedEntry, html: Option<&str>, written: &Written) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for part in [
        entry.id.as_str(),
        entry.title.as_ref().map_or("", |t| t.content.as_str()),
        html.unwrap_or_default(),
        written.subject.as_deref().unwrap_or_default(),
    ] {
        hasher.update(part.as_bytes());
        hasher.update(&[0]);
    }
    for link in &entry.links {
        hasher.update(link.href.as_bytes());
        hasher.update(&[0]);
    }
    for category in &entry.categories {
        hasher.update(category.term.as_bytes());
        hasher.update(&[0]);
    }
    // Added only when present, so that the hash of an entry without them stays what it was.
    for part in [&written.original, &written.external].into_iter().flatten() {
        hasher.update(part.as_bytes());
        hasher.update(&[0]);
    }
    if entry.published.or(entry.updated).is_none() {
        if let Some((date, _)) = entry_date(entry, written) {
            hasher.update(date.as_bytes());
        }
    }
    let date = entry.published.or(entry.updated).map(|at| at.timestamp());
    hasher.update(&date.unwrap_or_default().to_le_bytes());
    hasher.digest()
}

#[cfg(test)]
mod tests {
    use super::repair::nesting_depth;
    use super::*;
    use crate::parse::issue::{self, meta::IssueContext};

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!(
            "{}/fixtures/feeds/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    /// (key, issue title, date, [(url, section, title, description)]) per entry.
    fn read_all(name: &str) -> Vec<(String, Vec<crate::model::LinkDoc>)> {
        let feed = read(&fixture(name)).unwrap();
        feed.entries
            .iter()
            .map(|entry| {
                let source = format!("{name}#{}", entry.key);
                let parsed = issue::documents(
                    &source,
                    &entry.header,
                    &entry.body,
                    &IssueContext::default(),
                );
                (entry.key.clone(), parsed.docs)
            })
            .collect()
    }

    #[test]
    fn atom_entries_are_issues() {
        let entries = read_all("atom.xml");
        let keys: Vec<&str> = entries.iter().map(|(key, _)| key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "https://opsdigest.example/issues/42",
                "https://opsdigest.example/issues/41"
            ]
        );
        let docs = &entries[0].1;
        let rows: Vec<(&str, &str, Option<&str>)> = docs
            .iter()
            .map(|d| (d.url.as_str(), d.section.as_str(), d.title.as_deref()))
            .collect();
        assert_eq!(
            rows,
            [
                (
                    "https://blog.example.org/canary-releases",
                    "news",
                    Some("Canary releases without tears")
                ),
                (
                    "https://engineering.example.com/queue-depth",
                    "news",
                    Some("Alerting on queue depth")
                ),
                (
                    "https://github.com/example/kubeshark-lite",
                    "tools",
                    Some("kubeshark-lite")
                ),
            ]
        );
        assert_eq!(docs[0].issue, Some(42));
        assert_eq!(docs[0].issue_title, "Ops Digest #42");
        assert_eq!(
            docs[0].date.map(crate::model::day::format).as_deref(),
            Some("2021-03-15")
        );
        // No `published`: the date is `updated`.
        let older = &entries[1].1;
        assert_eq!(
            older[0].date.map(crate::model::day::format).as_deref(),
            Some("2021-03-08")
        );
        assert_eq!(older.len(), 2);
    }

    #[test]
    fn rdf_items_are_one_link_each_in_their_subject() {
        let entries = read_all("links.rdf");
        assert_eq!(entries.len(), 2);
        let doc = &entries[0].1[0];
        assert_eq!(entries[0].1.len(), 1);
        assert_eq!(doc.url, "https://postgres.example.com/vacuum-explained");
        assert_eq!(doc.title.as_deref(), Some("Vacuum, explained"));
        assert_eq!(doc.section, "databases");
        assert_eq!(doc.section_title, "Databases");
        assert_eq!(
            doc.description,
            "What autovacuum does while you sleep, and the two settings to change first."
        );
        assert_eq!(doc.issue_title, "Linkroll");
        assert_eq!(
            doc.date.map(crate::model::day::format).as_deref(),
            Some("2022-05-04")
        );
        assert_eq!(entries[1].1[0].section, "programming");
    }

    #[test]
    fn broken_xml_is_read_as_far_as_it_goes() {
        let whole = String::from_utf8(fixture("rss2.xml")).unwrap();
        let cut = &whole[..whole.find("<title>Issue 6").unwrap() + 40];
        let feed = read(cut.as_bytes()).unwrap();
        assert!(feed.repaired);
        assert_eq!(feed.entries[0].key, "notes-7");
        let stray = whole.replace("Service meshes, again", "Meshes & more <b>again");
        let feed = read(stray.as_bytes()).unwrap();
        assert!(feed.repaired);
        assert_eq!(feed.entries.len(), 2);
    }

    #[test]
    fn hostile_feeds_end_in_bounded_time() {
        let deep = format!(
            "<rss version=\"2.0\"><channel><title>x</title><item><title>{}</title></item></channel></rss>",
            "<x>".repeat(1_000_000)
        );
        assert!(repaired_xml(deep.as_bytes()).is_none());
        assert!(read(deep.as_bytes()).is_err());
        assert_eq!(nesting_depth(b"<a><b/><c></c><d><e>"), 3);
        let bomb = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><rss version=\"2.0\"><channel><title>&c;</title><item><title>&c;</title><link>https://a.example/x</link></item></channel></rss>";
        let feed = read(bomb.as_bytes()).unwrap();
        assert_eq!(feed.entries.len(), 1);
        assert!(feed.title.unwrap_or_default().len() < 100);
    }

    #[test]
    fn not_a_feed_is_an_error() {
        let err = read(b"<html><body>hello</body></html>").unwrap_err();
        assert!(
            err.to_string().starts_with("not a readable feed ("),
            "{err}"
        );
    }
}
