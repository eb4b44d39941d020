//! What an entry holds, as blocks: its content (or summary) as HTML, a one-link entry's heading,
//! lead and description, and the plain text of feed texts.

use feed_rs::model::{Entry as FeedEntry, Text};

use crate::parse::issue::blocks::{Block, Body, Located};
use crate::parse::issue::clean::{collapse, plain_text};
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

/// The blocks of a one-link entry: its section heading, then its link as a lead with the
/// summary's text under it.
pub(super) fn link_body(
    entry: &FeedEntry,
    title: &str,
    section: Option<&str>,
    content: &Body,
) -> Body {
    let Some(url) = entry.links.first().map(|link| link.href.trim().to_string()) else {
        return Body::default();
    };
    let mut blocks = Vec::new();
    if let Some(section) = section.map(collapse).filter(|s| !s.is_empty()) {
        blocks.push(located(Block::Heading {
            level: 2,
            text: section,
            links: Vec::new(),
        }));
    }
    let mut builder = LineBuilder::default();
    builder.open_link(&url);
    builder.text(if title.is_empty() { &url } else { title });
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
    let description = plain_text_of(content);
    if !description.is_empty() {
        let mut words = LineBuilder::default();
        words.code(&description);
        blocks.push(located(Block::Paragraph(vec![words.finish()])));
    }
    Body { blocks }
}

/// The text of every line of `body`, whitespace collapsed (a summary read as words only).
fn plain_text_of(body: &Body) -> String {
    let mut text = String::new();
    for located in &body.blocks {
        let lines: &[Line] = match &located.block {
            Block::Paragraph(lines) => lines,
            Block::Item(item) => &item.lines,
            Block::Row(line) => std::slice::from_ref(line),
            _ => &[],
        };
        for line in lines {
            text.push_str(&line.text);
            text.push(' ');
        }
    }
    collapse(&text)
}

fn located(block: Block) -> Located {
    Located { line: 1, block }
}

/// Web links in `body`'s blocks.
pub(super) fn web_links(body: &Body) -> usize {
    body.blocks
        .iter()
        .map(|located| match &located.block {
            Block::Heading { links, .. } => links.len(),
            Block::Paragraph(lines) => lines.iter().map(|line| line.links.len()).sum(),
            Block::Item(item) => item.lines.iter().map(|line| line.links.len()).sum(),
            Block::Row(line) => line.links.len(),
            _ => 0,
        })
        .sum()
}

/// Plain text of a feed text (HTML or plain), whitespace collapsed.
pub(super) fn text_of(text: &Text) -> String {
    collapse(&plain_text(&text.content))
}
