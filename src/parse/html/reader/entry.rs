//! Entries and section headings as the page's repetition gives them ([`super::super::layout`]),
//! read into blocks: an entry's blocks become one titled item (its title line, then what is set
//! under it up to the next entry's title); a section heading in the page's heading style opens
//! its section even when its text is a link; a title block followed by a block of words is one
//! paragraph, title then description.

use ego_tree::NodeId;

use super::super::layout::Mark;
use super::{heading_block, Reader, STYLED_LEVEL};
use crate::parse::issue::blocks::{Block, ListItem, Located};
use crate::parse::issue::clean::collapse;
use crate::parse::issue::credits;
use crate::parse::issue::line::Line;

/// An entry being read.
pub struct OpenEntry {
    /// Its start element, and whether the walk is still inside it (its title).
    start: NodeId,
    in_start: bool,
    /// Where it ends: when its parent ends, or at this sibling.
    parent: NodeId,
    end: Option<NodeId>,
    /// Its first block.
    first_block: usize,
}

impl Reader {
    /// Reaches the node `id`: ends the entry being read when its end is reached, opens the entry
    /// `id` starts. Returns the node's mark.
    pub(super) fn reach(&mut self, id: NodeId) -> Mark {
        if self
            .entry
            .as_ref()
            .is_some_and(|entry| entry.end == Some(id))
        {
            self.end_block();
            self.close_entry();
        }
        let mark = self.layout.mark(id).unwrap_or_default();
        if let Some(entry) = mark.entry {
            self.end_block();
            self.close_entry();
            self.entry = Some(OpenEntry {
                start: id,
                in_start: true,
                parent: entry.parent,
                end: entry.end,
                first_block: self.blocks.len(),
            });
        }
        mark
    }

    /// Leaves the element `id`: the title of the entry being read ends with its start element,
    /// the entry with its parent.
    pub(super) fn left(&mut self, id: NodeId) {
        let Some(entry) = &mut self.entry else {
            return;
        };
        if entry.start == id {
            entry.in_start = false;
        } else if entry.parent == id {
            self.end_block();
            self.close_entry();
        }
    }

    /// True while the walk is inside the start element of an entry (its title: headings there
    /// are its title, not sections).
    pub(super) fn in_entry_title(&self) -> bool {
        self.entry.as_ref().is_some_and(|entry| entry.in_start)
    }

    /// Ends the entry being read: its blocks become one titled item when they start with a title
    /// line and say more; otherwise they stay as they are. A list item still open in them keeps
    /// them too.
    pub(super) fn close_entry(&mut self) {
        let Some(entry) = self.entry.take() else {
            return;
        };
        let first = entry.first_block.min(self.blocks.len());
        if self.items.iter().any(|open| open.slot >= first) {
            return;
        }
        let blocks = &self.blocks[first..];
        let titled = blocks
            .iter()
            .find_map(|located| block_lines(&located.block).first())
            .is_some_and(is_title_line);
        let lines: usize = blocks
            .iter()
            .map(|located| block_lines(&located.block).len())
            .sum();
        if !titled || lines < 2 {
            return;
        }
        let lines: Vec<Line> = self
            .blocks
            .drain(first..)
            .flat_map(|located| into_lines(located.block))
            .collect();
        self.blocks.push(Located {
            line: 1,
            block: Block::Item(ListItem::entry(lines)),
        });
    }

    /// A block in the page's section heading style: a heading of its words, or for a linked one
    /// a heading of its link's text whose link is kept aside ([`place_section_links`]).
    pub(super) fn section_heading(&mut self, lines: Vec<Line>, linked: bool) {
        if lines.is_empty() {
            return;
        }
        if let Some(open) = self.items.last_mut() {
            lines.into_iter().for_each(|line| open.item.push(line));
            return;
        }
        let link_line = lines.iter().position(|line| !line.links.is_empty());
        match link_line.filter(|_| linked) {
            Some(at) => {
                let text = collapse(&lines[at].titles());
                self.push(Block::Heading {
                    level: STYLED_LEVEL,
                    text,
                    links: Vec::new(),
                });
                let line = lines.into_iter().nth(at).unwrap_or_default();
                self.section_links.push((self.blocks.len() - 1, line));
            }
            None => self.push(heading_block(STYLED_LEVEL, lines)),
        }
    }
}

/// The lines of a block read into an entry.
fn block_lines(block: &Block) -> &[Line] {
    match block {
        Block::Paragraph(lines) => lines,
        Block::Item(item) => &item.lines,
        Block::Row(line) => std::slice::from_ref(line),
        Block::Heading { .. } | Block::Break | Block::Code | Block::Empty => &[],
    }
}

/// [`block_lines`], owned.
fn into_lines(block: Block) -> Vec<Line> {
    match block {
        Block::Paragraph(lines) => lines,
        Block::Item(item) => item.lines,
        Block::Row(line) => vec![line],
        Block::Heading { .. } | Block::Break | Block::Code | Block::Empty => Vec::new(),
    }
}

/// `blocks` with the link of each linked section heading (`links`: its block and line) placed
/// under it when its section has no other link: a sponsor's or a credit's link is not a document
/// of the section's items, but it is the section's own when it has nothing else.
pub fn place_section_links(blocks: Vec<Located>, links: Vec<(usize, Line)>) -> Vec<Located> {
    if links.is_empty() {
        return blocks;
    }
    let lonely: Vec<bool> = links
        .iter()
        .map(|(at, _)| !section_has_links(&blocks, *at))
        .collect();
    let mut placed = links.into_iter().zip(lonely).peekable();
    let mut out = Vec::with_capacity(blocks.len() + placed.len());
    for (index, located) in blocks.into_iter().enumerate() {
        out.push(located);
        while let Some(((_, line), lonely)) = placed.next_if(|((at, _), _)| *at <= index) {
            if lonely {
                out.push(Located {
                    line: 1,
                    block: Block::Paragraph(vec![line]),
                });
            }
        }
    }
    out
}

/// True when a block after the heading at `at` and before the next heading of its level or
/// above holds a link.
fn section_has_links(blocks: &[Located], at: usize) -> bool {
    let level = match blocks.get(at).map(|located| &located.block) {
        Some(Block::Heading { level, .. }) => *level,
        _ => return true,
    };
    blocks[at + 1..]
        .iter()
        .take_while(
            |located| !matches!(located.block, Block::Heading { level: l, .. } if l <= level),
        )
        .any(|located| match &located.block {
            Block::Heading { links, .. } => !links.is_empty(),
            block => block_lines(block).iter().any(|line| !line.links.is_empty()),
        })
}

/// A block that is only titled links (`<p><a>Title</a></p>`, a title row) followed by a block of
/// words without links: one paragraph, the title then its description, which the item stage
/// reads as a lead. A block of nothing but a link (an entry's picture: `<a><img></a>`) right
/// above a block that opens with a link to the same URL is that entry's, and goes: the entry is
/// read from its title.
pub fn join_title_lines(blocks: Vec<Located>) -> Vec<Located> {
    let words_first = words_before_titles(&blocks);
    let mut out: Vec<Located> = Vec::with_capacity(blocks.len());
    for (index, located) in blocks.into_iter().enumerate() {
        if words_first.get(index).copied().unwrap_or(false) {
            out.push(located);
            continue;
        }
        let opening = block_lines(&located.block)
            .first()
            .and_then(|line| line.links.first());
        if opening.is_some_and(|link| {
            out.last().and_then(|last| lone_link(&last.block)) == Some(&link.url)
        }) {
            out.pop();
        }
        let title = out.last().filter(|last| is_title_only(&last.block));
        let Some(description) = title.and_then(|_| description_lines(&located.block)) else {
            out.push(located);
            continue;
        };
        let mut lines = match out.pop().map(|last| last.block) {
            Some(Block::Item(item)) => item.lines,
            Some(Block::Row(line)) => vec![line],
            Some(Block::Paragraph(lines)) => lines,
            _ => Vec::new(),
        };
        lines.extend(description);
        out.push(Located {
            line: located.line,
            block: Block::Paragraph(lines),
        });
    }
    out
}

/// Which blocks are words that must not join the title above them: in a run of table rows
/// that alternate words and a title alone (`<tr><td>What it is.</td></tr><tr><td><a>Title</a>
/// →</td></tr>`, again and again), opening with words and ending with a title, each title's
/// words are the row before it, so the words after a title are the next entry's. Only rows:
/// paragraphs in this shape are read right by their entry blocks, and a section's intro
/// paragraph over titles and words whose last title has none is the same run. Empty when the
/// page has no such run (most pages: no allocation then).
fn words_before_titles(blocks: &[Located]) -> Vec<bool> {
    let mut marked: Vec<bool> = Vec::new();
    let mut at = 0;
    while at + 1 < blocks.len() {
        let row = |index: usize| matches!(blocks[index].block, Block::Row(_));
        let words = |index: usize| row(index) && is_words(&blocks[index].block);
        let title = |index: usize| row(index) && is_title_only(&blocks[index].block);
        if !(words(at) && title(at + 1)) {
            at += 1;
            continue;
        }
        let mut end = at + 2;
        while end + 1 < blocks.len() && words(end) && title(end + 1) {
            end += 2;
        }
        let ends_with_title = end >= blocks.len() || !words(end);
        if ends_with_title && end - at > 2 {
            marked.resize(blocks.len(), false);
            (at + 2..end)
                .step_by(2)
                .for_each(|index| marked[index] = true);
        }
        at = end;
    }
    marked
}

/// The URL of a block that is one line of links to one URL and no words of its own.
fn lone_link(block: &Block) -> Option<&str> {
    let [line] = block_lines(block) else {
        return None;
    };
    let first = line.links.first()?;
    let one = line.links.iter().all(|link| link.url == first.url);
    (one && !line.has_prose()).then_some(first.url.as_str())
}

/// The lines of a paragraph or row of words without links, which can describe a title above it.
fn description_lines(block: &Block) -> Option<Vec<Line>> {
    is_words(block).then(|| block.lines().to_vec())
}

/// True for a paragraph or row of words without links ([`description_lines`]).
fn is_words(block: &Block) -> bool {
    let lines = match block {
        Block::Paragraph(lines) => lines,
        Block::Row(line) => std::slice::from_ref(line),
        _ => return false,
    };
    lines.iter().all(|line| line.links.is_empty()) && lines.iter().any(Line::has_prose)
}

/// True for a block of one line holding only a title (see [`is_title_line`]).
fn is_title_only(block: &Block) -> bool {
    match block {
        Block::Item(item) if item.lines.len() == 1 && !item.titled => is_title_line(&item.lines[0]),
        Block::Row(line) => is_title_line(line),
        Block::Paragraph(lines) if lines.len() == 1 => is_title_line(&lines[0]),
        _ => false,
    }
}

/// True for a line of titled links only, or of titled links and their credits
/// (`<a>Title</a> by <a>Author</a>`).
fn is_title_line(line: &Line) -> bool {
    line.is_titled_links_only()
        || credits::demote(std::slice::from_ref(line), false)
            .first()
            .is_some_and(credits::is_credited_title)
}
