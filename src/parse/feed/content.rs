//! What an entry holds, as blocks: its content (or summary) as HTML, a one-link entry's heading,
//! lead and description, and the plain text of feed texts. Links that are the entry's
//! furniture ([`Own`]) and the trailing footer count for nothing and describe nothing.

use feed_rs::model::{Entry as FeedEntry, Text};

use super::furniture::Own;
use crate::parse::issue::blocks::{Block, Body, Located};
use crate::parse::issue::clean::{collapse, plain_text};
use crate::parse::issue::footer::before_footer;
use crate::parse::issue::line::{Line, LineBuilder, Link};

/// The HTML an entry holds: its content, else its summary.
pub(super) fn entry_html(entry: &FeedEntry) -> Option<String> {
    entry
        .content
        .as_ref()
        .and_then(|content| content.body.clone())
        .filter(|body| !body.trim().is_empty())
        .or_else(|| {
            entry
                .summary
                .as_ref()
                .map(|summary| summary.content.clone())
        })
}

/// The blocks of a one-link entry: its section heading, then its link (`url`) as a lead with
/// the words of its content under it.
pub(super) fn link_body(
    url: &str,
    title: &str,
    section: Option<&str>,
    content: &Body,
    own: &Own,
) -> Body {
    let mut blocks = Vec::new();
    if let Some(section) = section.map(collapse).filter(|s| !s.is_empty()) {
        blocks.push(located(Block::Heading {
            level: 2,
            text: section,
            links: Vec::new(),
        }));
    }
    let mut builder = LineBuilder::default();
    builder.open_link(url);
    builder.text(if title.is_empty() { url } else { title });
    let line = builder.finish();
    let links: Vec<Link> = line.links;
    if links.is_empty() {
        return Body::default();
    }
    blocks.push(located(Block::Heading {
        level: 3,
        text: collapse(title),
        links,
    }));
    let description = words_of(content, own);
    if !description.is_empty() {
        let mut words = LineBuilder::default();
        words.code(&description);
        blocks.push(located(Block::Paragraph(vec![words.finish()])));
    }
    Body { blocks }
}

/// The lines of `body` before its footer ([`before_footer`]).
fn lines_before_footer(body: &Body) -> Vec<Line> {
    before_footer(&body.blocks)
        .flat_map(|located| match located.block.clone() {
            Block::Paragraph(lines) => lines,
            Block::Item(item) => item.lines,
            Block::Row(line) => vec![line],
            _ => Vec::new(),
        })
        .collect()
}

/// The words of `body` before its footer, whitespace collapsed (a summary read as words only),
/// without the text of the entry's furniture links (`Read more »` gives none).
fn words_of(body: &Body, own: &Own) -> String {
    let mut text = String::new();
    for line in &lines_before_footer(body) {
        text.push_str(&line.without(|link| own.is_furniture(&link.url, link.title.as_deref())));
        text.push(' ');
    }
    collapse(&text)
}

fn located(block: Block) -> Located {
    Located { line: 1, block }
}

/// Web links in `body`'s blocks before its footer ([`before_footer`]) that are not the entry's
/// furniture: the items an entry's content holds.
pub(super) fn item_links(body: &Body, own: &Own) -> usize {
    let items = |links: &[Link]| {
        links
            .iter()
            .filter(|link| !own.is_furniture(&link.url, link.title.as_deref()))
            .count()
    };
    before_footer(&body.blocks)
        .map(|located| match &located.block {
            Block::Heading { links, .. } => items(links),
            Block::Paragraph(lines) => lines.iter().map(|line| items(&line.links)).sum(),
            Block::Item(item) => item.lines.iter().map(|line| items(&line.links)).sum(),
            Block::Row(line) => items(&line.links),
            _ => 0,
        })
        .sum()
}

/// Plain text of a feed text (HTML or plain), whitespace collapsed.
pub(super) fn text_of(text: &Text) -> String {
    collapse(&plain_text(&text.content))
}
