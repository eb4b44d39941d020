//! What a fetched page is to the crawler: its format, whether it reads as an issue, a feed's
//! teaser entries, a sitemap's URLs.

use std::path::Path;

use regex::Regex;
use url::Url;

use super::links::same_site;
use crate::fetch::Page;
use crate::parse::format::{self, Format};

/// The format of a fetched page, from its Content-Type and its bytes.
pub fn format_of(page: &Page) -> Format {
    let content_type = page.content_type.as_deref().unwrap_or_default();
    let name = if content_type.contains("markdown") {
        "page.md"
    } else if content_type.contains("text/plain") {
        "page.txt"
    } else {
        "page"
    };
    match format::detect(Path::new(name), &page.body) {
        Format::Feed => Format::Feed,
        Format::Html => Format::Html,
        _ if content_type.contains("html") => Format::Html,
        _ => Format::Markdown,
    }
}

/// Links to other sites an issue page has at least.
const MIN_ISSUE_LINKS: usize = 2;

/// True when a page reads as an issue: the parser finds at least [`MIN_ISSUE_LINKS`] links to
/// other sites in it, and no more to its own (a tag, author or about page links mostly to its
/// own site, to one profile, or to nothing).
pub fn reads_as_issue(page: &Page) -> bool {
    let Ok(docs) = crate::parse::parse_issue(&page.final_url, &page.body) else {
        return false;
    };
    let Ok(base) = Url::parse(&page.final_url) else {
        return false;
    };
    let external = docs
        .iter()
        .filter(|doc| Url::parse(&doc.url).is_ok_and(|url| !same_site(&base, &url)))
        .count();
    external >= MIN_ISSUE_LINKS && external * 2 >= docs.len()
}

/// The entry pages of a feed whose entries are mostly teasers: entries the reader finds at most
/// one link in, whose own link is a page of the feed's site. Empty for a feed of whole issues
/// (or of links to other sites).
pub(super) fn teaser_pages(feed: &Page) -> Vec<String> {
    let Ok(base) = Url::parse(&feed.final_url) else {
        return Vec::new();
    };
    let Ok(read) = feed_rs::parser::parse(feed.body.as_slice()) else {
        return Vec::new();
    };
    let counts = links_per_entry(feed);
    if counts.len() != read.entries.len() {
        return Vec::new();
    }
    let pages: Vec<String> = read
        .entries
        .iter()
        .zip(counts)
        .filter(|(_, links)| *links <= 1)
        .filter_map(|(entry, _)| {
            let link = base.join(entry.links.first()?.href.trim()).ok()?;
            same_site(&base, &link).then(|| link.to_string())
        })
        .collect();
    if pages.len() * 2 > read.entries.len() {
        pages
    } else {
        Vec::new()
    }
}

/// The number of links the feed reader finds in each entry of a feed, in feed order.
fn links_per_entry(feed: &Page) -> Vec<usize> {
    let source = feed.url.as_str();
    let Ok(parts) = crate::parse::read_parts(Path::new(""), source, Format::Feed, &feed.body)
    else {
        return Vec::new();
    };
    let no_git = || None;
    let context = crate::parse::IssueContext {
        newsletter: "",
        git_date: &no_git,
        names_itself: false,
    };
    let options = crate::parse::mail::MailOptions::default();
    parts
        .iter()
        .map(|part| {
            let part_source = crate::parse::part_source(source, &part.key);
            match crate::parse::parse_part(&part_source, part, &context, options) {
                Ok(crate::parse::PartIssue::Issue(parsed, _)) => parsed.docs.len(),
                _ => 0,
            }
        })
        .collect()
}

/// The `<loc>` values of a sitemap.
pub(super) fn sitemap_locs(text: &str) -> Vec<String> {
    static PATTERN: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    let pattern = PATTERN.get_or_init(|| {
        Regex::new(r"(?is)<loc>\s*(?:<!\[CDATA\[)?\s*(.*?)\s*(?:\]\]>)?\s*</loc>")
            .unwrap_or_else(|_| unreachable!("a fixed, valid pattern"))
    });
    pattern
        .captures_iter(text)
        .map(|caps| caps[1].replace("&amp;", "&"))
        .collect()
}
