//! The issue stage every reader feeds: the block model ([`blocks`], [`line`]) and header fields
//! ([`fields`]) a reader makes of a markdown file, an HTML page, a feed entry or a message, and
//! the one set of rules that makes them documents: [`items`] (items under their sections, as the
//! [`outline`] of headings says; the [`footer`] left out), [`meta`] (the issue-level fields),
//! [`date`] (dates and issue numbers) and [`clean`] (plain text, titles).

mod bare_urls;
pub mod blocks;
pub mod clean;
pub mod credits;
pub mod date;
pub mod fields;
pub mod footer;
pub mod items;
pub mod later;
pub mod line;
pub mod meta;
pub mod outline;

use crate::model::{LinkDoc, Tracked};

use super::error::ParseWarning;
use super::mail::identity::PersonalLinks;
use blocks::Body;
use fields::Header;
use meta::IssueContext;

/// A parsed issue: its documents, and the dates it could not use.
#[derive(Debug)]
pub struct Parsed {
    /// The link documents.
    pub docs: Vec<LinkDoc>,
    /// One warning per date that was impossible or unreadable, saying what was used instead.
    pub warnings: Vec<ParseWarning>,
    /// A message's links that identified the subscriber, as written (in memory only, for
    /// `ingest --resolve-links`).
    pub personal: PersonalLinks,
    /// Where a page says it is served (pages only). Boxed: a pointer keeps every part's issue
    /// small.
    pub address: Option<Box<PageAddress>>,
}

/// Where a page says it is served: what the folder rule and the own-pages rule compare its
/// links with.
#[derive(Debug, Default)]
pub struct PageAddress {
    /// The URL its relative links resolved against: the folder rule resolves the site's
    /// relative links against it too.
    pub base: Option<String>,
    /// The site's own hosts the page states (`og:url`, canonical, home links): the own-pages
    /// rule looks up links to them in the site build.
    pub hosts: Vec<String>,
}

/// The shared stage every format's reader ends in: an issue's header fields (front matter, or
/// what a page, a feed entry or a message says of itself as `date`, `title`, `issue` fields) and
/// its body as blocks, made into documents by the one set of item, section and footer rules.
pub fn documents(source: &str, header: &Header, body: &Body, context: &IssueContext<'_>) -> Parsed {
    let meta = meta::resolve(source, header, body, context);
    let raw = items::collect(body, meta.title_heading);
    let warnings = meta
        .warnings
        .iter()
        .map(|date| ParseWarning {
            path: source.to_string(),
            line: date.line,
            message: date.to_string(),
        })
        .collect();
    Parsed {
        docs: numbered(raw, &meta, source, context.newsletter),
        warnings,
        personal: PersonalLinks::default(),
        address: None,
    }
}

/// Final documents: positions numbered from 1 and the issue-level fields filled in (the raw
/// documents are already distinct).
fn numbered(
    raw: Vec<items::RawDoc>,
    meta: &meta::Meta,
    source: &str,
    newsletter: &str,
) -> Vec<LinkDoc> {
    raw.into_iter()
        .zip(1u32..)
        .map(|(doc, position)| LinkDoc {
            domain: crate::urls::host(&doc.link.url),
            url: doc.link.url,
            section: doc.section,
            section_title: doc.section_title,
            date: meta.date,
            year: meta.date.map(time::Date::year),
            date_precision: meta.precision,
            issue: meta.issue,
            issue_title: meta.title.clone(),
            title: doc.link.title,
            description: doc.description,
            source: source.to_string(),
            position,
            newsletter: newsletter.to_string(),
            written_url: None,
            tracked: Tracked::No,
            issue_url: None,
        })
        .collect()
}
