//! The newsletter's subscription footer, which yields nothing: it is recognised by its shape, the
//! trailing run of blocks at the end of the issue that each hold a footer phrase in their
//! prose (or a short link labelled with one, `[Unsubscribe](...)`), with only breaks between
//! them. A footer word in a link's title, or anywhere before the last content block, never
//! drops anything.

use super::blocks::{Block, Located};
use super::line::Line;

/// Phrases (lowercase) that mark the newsletter's own subscription footer, in its prose or in a
/// short link label.
const FOOTER_PHRASES: &[&str] = &[
    "received this email",
    "forwarded this email",
    "forwarded this newsletter",
    "unsubscribe",
    "view in your browser",
    "view this email in",
    "view it in your browser",
    "update your preferences",
    "manage your subscription",
    "you are receiving this",
    "you're receiving this",
    "because you subscribed",
    "because you signed up",
    "all rights reserved",
    "our mailing address is",
    "取消订阅",
    "退订",
    "配信停止",
    "配信解除",
    "購読解除",
];
/// Link labels (lowercase) that are footer labels only as a short link's whole text
/// (`[View online](...)`), never as words in prose.
const FOOTER_LABELS: &[&str] = &[
    "view online",
    "view in browser",
    "web version",
    "read online",
    "preferences",
];
/// Longest link text (in words) that reads as a footer label (`[Unsubscribe](...)`).
const FOOTER_LABEL_WORDS: usize = 4;
/// Where the subscription footer starts: the start of the trailing run of footer blocks
/// (with only breaks, empty blocks and link-less text between and after them: a sign-off or a
/// note below the footer gives no document either way), or the end when there is none.
pub fn footer_start(blocks: &[Located]) -> usize {
    let mut start = blocks.len();
    for (index, located) in blocks.iter().enumerate().rev() {
        match &located.block {
            block if is_footer_block(block) => start = index,
            block if !holds_links(block) => {}
            _ => break,
        }
    }
    start
}

/// True when a block holds at least one web link.
fn holds_links(block: &Block) -> bool {
    let any = |lines: &[Line]| lines.iter().any(|line| !line.links.is_empty());
    match block {
        Block::Heading { links, .. } => !links.is_empty(),
        Block::Paragraph(lines) => any(lines),
        Block::Item(item) => any(&item.lines),
        Block::Row(row) => !row.links.is_empty(),
        Block::Break | Block::Code | Block::Empty => false,
    }
}

/// True for a block of subscription boilerplate.
fn is_footer_block(block: &Block) -> bool {
    match block {
        Block::Heading { text, .. } => is_footer_text(text),
        Block::Paragraph(lines) => lines.iter().any(is_footer_line),
        Block::Item(item) => item.lines.iter().any(is_footer_line),
        Block::Row(row) => is_footer_line(row),
        Block::Break | Block::Code | Block::Empty => false,
    }
}

/// A line whose prose holds a footer phrase, a link line whose one link is a footer label, or a
/// line whose links are two or more footer labels and nothing else (`© 2025 ·
/// [Unsubscribe](...) · [Preferences](...)`). A lone article link with prose is never a footer
/// for its title (`[Unsubscribe flows done right](...) by A. Author`).
fn is_footer_line(line: &Line) -> bool {
    if is_footer_text(&line.prose()) {
        return true;
    }
    let labels = line
        .links
        .iter()
        .filter(|link| link.title.as_deref().is_some_and(is_footer_label))
        .count();
    labels > 0 && labels == line.links.len() && (labels > 1 || !line.has_prose())
}

/// True for a short link text that is a footer label (`Unsubscribe`, `View online`).
fn is_footer_label(title: &str) -> bool {
    if title.split_whitespace().count() > FOOTER_LABEL_WORDS {
        return false;
    }
    let lower = title.to_lowercase();
    is_footer_text(&lower) || FOOTER_LABELS.iter().any(|label| lower.trim() == *label)
}

/// True when `text` holds a footer phrase ("If you received this email directly ...").
fn is_footer_text(text: &str) -> bool {
    let lower = text.to_lowercase().replace('\u{2019}', "'");
    FOOTER_PHRASES.iter().any(|phrase| lower.contains(phrase))
}
