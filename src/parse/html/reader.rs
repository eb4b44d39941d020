//! The walk over the DOM: text and links into lines, lines into blocks, by the rules in the
//! HTML reader's module doc (headings, list items and labels, rows, styled blocks, title then
//! description).

pub mod entry;

use ego_tree::{NodeId, NodeRef};
use scraper::node::Element;
use scraper::Node;

use super::kept::Address;
use super::layout::{Layout, Mark};
use super::roles::{
    attr, is_emphasized, is_share_anchor, role_of, Role, MAX_LABEL_WORDS, STYLED_LEVEL,
};
use crate::parse::issue::blocks::{heading_block, Block, Body, ListItem, Located};
use crate::parse::issue::line::{Line, LineBuilder};

/// Level of a list label heading nested `depth` lists deep: below every `<h1>`-`<h6>`.
const LABEL_LEVEL: usize = 7;

/// An element being read: its role and what it opened.
struct Open {
    id: NodeId,
    role: Role,
    /// It is a section heading by the page's own heading style (`true`: a linked one).
    heading: Option<bool>,
    /// It is a link around a block.
    block_link: bool,
    /// The element raised the emphasis count (bold or large text).
    emphasized: bool,
    /// The element is an `<article>`.
    article: bool,
    /// The element is a card ([`Mark::card`]): its end ends the entry in it.
    card: bool,
}

/// A list item being read.
struct OpenItem {
    /// Where its block goes.
    slot: usize,
    item: ListItem,
    /// A nested list item with links was read inside it.
    nested_links: bool,
}

/// A table row being read.
#[derive(Default)]
struct OpenRow {
    /// A cell of it is a section heading by the page's heading style (`true`: a linked one).
    heading: Option<bool>,
    /// It has a cell that is not a header cell.
    data_cells: bool,
    /// Its cells.
    cells: usize,
}

/// The walk over the DOM: text and links into lines, lines into blocks.
#[derive(Default)]
pub struct Reader {
    blocks: Vec<Located>,
    builder: LineBuilder,
    /// Finished lines of the block being read.
    lines: Vec<Line>,
    items: Vec<OpenItem>,
    rows: Vec<OpenRow>,
    /// Open elements that set text in bold or large.
    emphasis: usize,
    /// Open `<article>` elements.
    articles: usize,
    /// Characters of text read in the current block, and how many of them emphasized.
    chars: (usize, usize),
    /// Share links left out of the current block.
    shares: usize,
    /// Open headings (their level) and code blocks.
    heading: Option<usize>,
    code: usize,
    /// Open inline code elements: their text holds no links.
    inline_code: usize,
    /// Titles and their descriptions are left apart ([`Reader::read_unjoined`]).
    unjoined: bool,
    /// What the page's repetition says of its elements.
    layout: Layout,
    /// The entry being read.
    entry: Option<entry::OpenEntry>,
    /// Open links around blocks.
    block_links: usize,
    /// Linked section headings: their block and their link's line.
    section_links: Vec<(usize, Line)>,
    /// Elements entered so far (their roles are the layout's, in the same order).
    elements: usize,
}

impl Reader {
    /// A reader of the nodes under `root`, their layout worked out first, their links read at
    /// `address`.
    pub fn new<'a>(root: NodeRef<'a, Node>, address: &'a Address) -> Self {
        Self {
            layout: Layout::of(root, address),
            ..Self::default()
        }
    }

    /// Relative links left out for want of a base.
    pub fn unresolved(&self) -> usize {
        self.layout.leads().unresolved()
    }

    /// Reads like [`Reader::read`], each title and its description left apart: a page takes its
    /// masthead out first ([`super::chrome`]), then joins them ([`entry::join_title_lines`]).
    pub fn read_unjoined(mut self, root: NodeRef<'_, Node>) -> Vec<Located> {
        self.unjoined = true;
        self.read(root).blocks
    }

    /// Reads the subtree under `root` (without recursion: million-deep nesting is fine).
    pub fn read(mut self, root: NodeRef<'_, Node>) -> Body {
        let mut stack: Vec<Option<Open>> = Vec::new();
        let mut node = root;
        loop {
            let open = self.enter(node);
            let descend = open.as_ref().is_none_or(|open| open.role != Role::Skip);
            stack.push(open);
            if descend {
                if let Some(child) = node.first_child() {
                    node = child;
                    continue;
                }
            }
            loop {
                if let Some(open) = stack.pop().flatten() {
                    self.leave(open);
                }
                if node == root {
                    return self.finish();
                }
                if let Some(next) = node.next_sibling() {
                    node = next;
                    break;
                }
                match node.parent() {
                    Some(parent) => node = parent,
                    None => return self.finish(),
                }
            }
        }
    }

    /// Enters `node`: text is read, an element opened (its role returned).
    fn enter(&mut self, node: NodeRef<'_, Node>) -> Option<Open> {
        let mark = self.reach(node.id());
        match node.value() {
            Node::Text(text) => {
                self.text(&text.text);
                None
            }
            Node::Element(element) => Some(self.open(node.id(), element, mark)),
            _ => None,
        }
    }

    fn text(&mut self, text: &str) {
        if self.code > 0 {
            return;
        }
        // One pass for both: its visible bytes, and whether it holds a line break or a tab (the
        // ASCII whitespace other than a space).
        let (mut visible, mut breaks) = (0usize, false);
        for byte in text.bytes() {
            if byte.is_ascii_whitespace() {
                breaks |= byte != b' ';
            } else {
                visible += 1;
            }
        }
        self.chars.0 += visible;
        if self.emphasis > 0 {
            self.chars.1 += visible;
        }
        // Whitespace between tags (`\n    `) is one space, without a copy of it made (in code,
        // where spaces are kept, it is copied as it is).
        let flat = match (breaks, visible) {
            (true, 0) if self.inline_code == 0 => std::borrow::Cow::Borrowed(" "),
            (true, _) => std::borrow::Cow::Owned(flatten(text)),
            (false, _) => std::borrow::Cow::Borrowed(text),
        };
        if self.inline_code > 0 {
            self.builder.code(&flat);
        } else {
            self.builder.text(&flat);
        }
    }

    fn open(&mut self, id: NodeId, element: &Element, mark: Mark) -> Open {
        let known = self.layout.role(self.elements);
        self.elements += 1;
        let role = known.unwrap_or_else(|| role_of(element, self.articles > 0));
        let role = match role {
            Role::Heading(_) if self.block_links > 0 => Role::Block,
            role => role,
        };
        if role == Role::Skip && is_share_anchor(element) {
            self.shares += 1;
        }
        let emphasized = role != Role::Skip && is_emphasized(element);
        let article = element.name() == "article";
        self.articles += usize::from(article);
        match role {
            Role::Heading(level) => {
                self.end_block();
                self.heading = Some(level);
            }
            Role::ListItem => {
                self.end_block();
                let slot = self.blocks.len();
                self.push(Block::Empty);
                self.items.push(OpenItem {
                    slot,
                    item: ListItem::default(),
                    nested_links: false,
                });
            }
            Role::Row => {
                self.end_block();
                self.rows.push(OpenRow::default());
            }
            Role::Cell(header) => {
                if let Some(row) = self.rows.last_mut() {
                    row.data_cells |= !header;
                    row.cells += 1;
                    row.heading = row.heading.or(mark.heading);
                }
                self.builder.space();
            }
            Role::Block => self.end_block(),
            Role::Break if !self.builder.link_is_blank() => self.end_line_at_break(),
            Role::Rule => {
                self.end_block();
                self.push(Block::Break);
            }
            Role::Code => {
                self.end_block();
                self.code += 1;
            }
            Role::Link => {
                if mark.block_link {
                    self.end_block();
                    self.block_links += 1;
                }
                let href = match self.layout.leads().href(id) {
                    Some(resolved) => resolved,
                    None => attr(element, "href").unwrap_or_default(),
                };
                self.builder.open_link(href.trim());
            }
            Role::Strong => {
                self.builder.open_strong();
                self.emphasis += 1;
            }
            Role::Image => {
                self.builder.open_image();
                if let Some(alt) = attr(element, "alt") {
                    self.builder.text(alt);
                }
            }
            Role::InlineCode => self.inline_code += 1,
            Role::Inline | Role::Skip | Role::Break => {}
        }
        if emphasized && role != Role::Strong {
            self.emphasis += 1;
        }
        Open {
            id,
            heading: mark.heading,
            block_link: mark.block_link && role == Role::Link,
            card: mark.card && role == Role::Block,
            role,
            emphasized,
            article,
        }
    }

    fn leave(&mut self, open: Open) {
        if open.emphasized && open.role != Role::Strong {
            self.emphasis = self.emphasis.saturating_sub(1);
        }
        self.articles -= usize::from(open.article);
        match open.role {
            Role::Heading(level) => {
                let lines = self.take_lines();
                self.heading = None;
                self.block_of(lines, Some(level));
            }
            Role::ListItem => self.close_item(),
            Role::Row => self.close_row(),
            Role::Cell(_) => self.builder.space(),
            Role::Block => match open.heading {
                Some(linked) => {
                    let (lines, _) = self.take_lines();
                    self.section_heading(lines, linked);
                }
                None => {
                    self.end_block();
                    if open.card && self.items.is_empty() {
                        self.push(Block::Break);
                    }
                }
            },
            Role::Code => {
                self.code = self.code.saturating_sub(1);
                if self.code == 0 && self.items.is_empty() {
                    self.push(Block::Code);
                }
            }
            Role::Link => {
                self.builder.close_link();
                self.block_links -= usize::from(open.block_link);
            }
            Role::Strong => {
                self.builder.close_strong();
                self.emphasis = self.emphasis.saturating_sub(1);
            }
            Role::Image => self.builder.close_image(),
            Role::InlineCode => self.inline_code = self.inline_code.saturating_sub(1),
            Role::Inline if open.heading.is_some() => {
                let (lines, _) = self.take_lines();
                self.section_heading(lines, false);
            }
            Role::Break | Role::Rule | Role::Inline | Role::Skip => {}
        }
        self.left(open.id);
    }

    /// Ends the line being read: into the block's lines unless it is empty.
    fn end_line(&mut self) {
        if let Some(line) = self.builder.finish_nonempty() {
            self.lines.push(line);
        }
    }

    /// Ends a line at a `<br>`. The block's first line, all of it in bold or large type and a
    /// label (`<p><b>Articles</b><br><a>..</a> - ..`), is a section heading of its own: the
    /// lines after it are the block or row (outside lists, headings and entries).
    fn end_line_at_break(&mut self) {
        let first = self.lines.is_empty();
        self.end_line();
        let (all, emphasized) = self.chars;
        let plain_block = self.items.is_empty()
            && self.heading.is_none()
            && self.entry.is_none()
            && self.block_links == 0;
        if !(first && plain_block && all > 0 && emphasized == all) {
            return;
        }
        if is_label(&self.lines) && !is_sentence(&self.lines) {
            let lines = std::mem::take(&mut self.lines);
            self.chars = (0, 0);
            self.push(heading_block(STYLED_LEVEL, lines));
        }
    }

    /// The lines of the block being read, without empty ones, and whether all their text was
    /// emphasized. A block whose only links were share links (`Share this issue: Twitter ...`)
    /// is share furniture: no lines.
    fn take_lines(&mut self) -> (Vec<Line>, bool) {
        self.end_line();
        let mut lines: Vec<Line> = std::mem::take(&mut self.lines);
        let (all, emphasized) = std::mem::take(&mut self.chars);
        let shares = std::mem::take(&mut self.shares);
        if shares > 0 && lines.iter().all(|line| line.links.is_empty()) {
            lines.clear();
        }
        (lines, all > 0 && emphasized == all)
    }

    /// Ends the block of text being read: into the open list item, or a block of its own.
    fn end_block(&mut self) {
        if self.builder.link_is_blank() {
            // A link around a block, before its words: its title is still to come.
            return;
        }
        if self.heading.is_some() {
            // A block element inside a heading: the heading goes on, on a new line.
            self.end_line();
            return;
        }
        let lines = self.take_lines();
        self.block_of(lines, None);
    }

    /// Makes a block of `lines`: a heading of `heading` level, else by its content.
    fn block_of(&mut self, (lines, emphasized): (Vec<Line>, bool), heading: Option<usize>) {
        if lines.is_empty() {
            return;
        }
        if let Some(open) = self.items.last_mut() {
            lines.into_iter().for_each(|line| open.item.push(line));
            return;
        }
        let title = self.block_links > 0 || self.in_entry_title();
        let block = match heading {
            Some(_) if title => Block::Paragraph(lines),
            Some(level) => heading_block(level, lines),
            None if emphasized && !title && is_label(&lines) && !is_sentence(&lines) => {
                heading_block(STYLED_LEVEL, lines)
            }
            None => Block::Paragraph(lines),
        };
        self.push(block);
    }

    fn close_row(&mut self) {
        let (lines, emphasized) = self.take_lines();
        let row = self.rows.pop().unwrap_or_default();
        if lines.is_empty() {
            return;
        }
        if let Some(open) = self.items.last_mut() {
            lines.into_iter().for_each(|line| open.item.push(line));
            return;
        }
        if let Some(linked) = row.heading {
            return self.section_heading(lines, linked);
        }
        let header_label = !row.data_cells && row.cells == 1;
        if (header_label || emphasized)
            && !self.in_entry_title()
            && is_label(&lines)
            && !is_sentence(&lines)
        {
            self.push(heading_block(STYLED_LEVEL, lines));
            return;
        }
        let block = match <[Line; 1]>::try_from(lines) {
            Ok([line]) => Block::Row(line),
            Err(lines) => Block::Item(ListItem::from_lines(lines)),
        };
        self.push(block);
    }

    /// Ends a list item: a block of its own when it has links or is not nested (a label heading
    /// when its own text is a short label and its links are in its nested list); otherwise its
    /// text joins its parent's.
    fn close_item(&mut self) {
        let (lines, _) = self.take_lines();
        let Some(mut open) = self.items.pop() else {
            return;
        };
        lines.into_iter().for_each(|line| open.item.push(line));
        if let Some(parent) = self.items.last_mut() {
            let Some(item) = open.item.fold_into(&mut parent.item) else {
                return;
            };
            parent.nested_links = true;
            open.item = item;
        }
        let has_links = open.item.has_links();
        let depth = self.items.len();
        self.blocks[open.slot].block = if !has_links && open.nested_links {
            if is_label(&open.item.lines) && ends_with_colon(&open.item.lines) {
                heading_block(LABEL_LEVEL + depth, open.item.lines)
            } else {
                Block::Paragraph(open.item.lines)
            }
        } else if open.item.lines.is_empty() {
            Block::Empty
        } else {
            Block::Item(open.item)
        };
    }

    /// Adds a block; a section heading first ends the entry being read.
    fn push(&mut self, block: Block) {
        if matches!(block, Block::Heading { .. }) && !self.in_entry_title() {
            self.close_entry();
        }
        self.blocks.push(Located { line: 1, block });
    }

    fn finish(mut self) -> Body {
        self.heading = None;
        self.end_block();
        while !self.items.is_empty() {
            self.close_item();
        }
        self.close_entry();
        let blocks = entry::place_section_links(self.blocks, self.section_links);
        let blocks = if self.unjoined {
            blocks
        } else {
            entry::join_title_lines(blocks)
        };
        Body { blocks }
    }
}

/// `text` with each whitespace character a space (the line breaks and tabs of a page's source
/// break no line of its text).
fn flatten(text: &str) -> String {
    if text.is_ascii() {
        // Byte by byte: ASCII stays ASCII, and a character at a time cost a tenth of the reader.
        let bytes: Vec<u8> = text
            .bytes()
            .map(|b| match b {
                b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r' => b' ',
                b => b,
            })
            .collect();
        if let Ok(flat) = String::from_utf8(bytes) {
            return flat;
        }
    }
    text.chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect()
}

/// True for lines that read as a label: no links, words, and few of them.
fn is_label(lines: &[Line]) -> bool {
    let words: usize = lines
        .iter()
        .map(|line| line.text.split_whitespace().count())
        .sum();
    lines.iter().all(|line| line.links.is_empty())
        && (1..=MAX_LABEL_WORDS).contains(&words)
        && lines
            .iter()
            .any(|line| line.text.chars().any(char::is_alphanumeric))
}

/// True for lines set as a sentence ([`super::chrome::is_sentence`]).
fn is_sentence(lines: &[Line]) -> bool {
    let text: Vec<&str> = lines.iter().map(|line| line.text.trim()).collect();
    super::chrome::is_sentence(&text.join(" "))
}

/// True when the last words of `lines` end with a colon (`Emacs Lisp:`, `Rust：`).
fn ends_with_colon(lines: &[Line]) -> bool {
    lines
        .last()
        .is_some_and(|line| line.text.trim_end().ends_with([':', '：']))
}

#[cfg(test)]
mod tests {
    use super::flatten;

    #[test]
    fn whitespace_becomes_spaces_one_for_one() {
        let flat = |text: &str| -> String {
            text.chars()
                .map(|c| if c.is_whitespace() { ' ' } else { c })
                .collect()
        };
        for text in [
            "a\nb\tc\x0bd\x0ce\rf",
            "keep\x1fcontrols\n",
            "café\n\u{a0}au\u{2028}lait",
        ] {
            assert_eq!(flatten(text), flat(text), "{text:?}");
        }
        assert_eq!(flatten("a\r\nb"), "a  b");
    }
}
