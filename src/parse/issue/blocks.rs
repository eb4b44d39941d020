//! The block model every reader produces and the item stage reads: a body as located blocks
//! (headings, paragraphs, list items, rows, breaks, code), and the rules blocks are built by
//! whatever the reader (nested-list folding, headings made of lines).

use super::clean::collapse_owned;
use super::line::{Line, LineBuilder, Link};

/// Text kept per list item while reading, in bytes: descriptions are cut far below this anyway.
const MAX_ITEM_TEXT: usize = 16 * 1024;

/// One block of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A heading (ATX or setext): its level, plain text and links.
    Heading {
        /// 1 for `#` and `===`, 2 for `##` and `---`, and so on.
        level: usize,
        /// The heading as plain text.
        text: String,
        /// Web links in the heading.
        links: Vec<Link>,
    },
    /// A paragraph or HTML block: its lines.
    Paragraph(Vec<Line>),
    /// A list item: its whole text and its links.
    Item(ListItem),
    /// A table row (also the header row).
    Row(Line),
    /// A thematic break.
    Break,
    /// A fenced or indented code block (no text, no links).
    Code,
    /// A nested list item whose text went to its parent: nothing.
    Empty,
}

impl Block {
    /// The lines of a paragraph, list item or row (none for a heading, break or code block).
    pub fn lines(&self) -> &[Line] {
        match self {
            Block::Paragraph(lines) => lines,
            Block::Item(item) => &item.lines,
            Block::Row(line) => std::slice::from_ref(line),
            Block::Heading { .. } | Block::Break | Block::Code | Block::Empty => &[],
        }
    }
}

/// A list item's content.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListItem {
    /// The item's lines, nested link-less items included.
    pub lines: Vec<Line>,
    /// Bytes of text held (bounded by [`MAX_ITEM_TEXT`]).
    size: usize,
    /// An entry of a page: its first line is its title, the lines under it describe it.
    pub titled: bool,
}

impl ListItem {
    /// An item of one line (a table row).
    pub fn from_line(line: Line) -> Self {
        Self::from_lines([line])
    }

    /// An item of these lines (an HTML list item, a quote), kept within [`MAX_ITEM_TEXT`].
    pub fn from_lines(lines: impl IntoIterator<Item = Line>) -> Self {
        let mut item = Self::default();
        lines.into_iter().for_each(|line| item.push(line));
        item
    }

    /// An entry of a page ([`ListItem::titled`]): its title line, then the lines under it.
    pub fn entry(lines: impl IntoIterator<Item = Line>) -> Self {
        Self {
            titled: true,
            ..Self::from_lines(lines)
        }
    }

    /// True when a line of the item holds a web link.
    pub fn has_links(&self) -> bool {
        self.lines.iter().any(|line| !line.links.is_empty())
    }

    /// Nested-list folding, as markdown and HTML lists both read: a nested item without links of
    /// its own joins its `parent`'s text (`None`); one with links is returned, to be a block of
    /// its own after its parent.
    pub fn fold_into(self, parent: &mut ListItem) -> Option<ListItem> {
        if self.has_links() {
            return Some(self);
        }
        self.lines.into_iter().for_each(|line| parent.push(line));
        None
    }

    /// Adds a line (empty ones are left out; past [`MAX_ITEM_TEXT`], only its links are kept).
    pub fn push(&mut self, line: Line) {
        if line.is_empty() {
            return;
        }
        if self.size > MAX_ITEM_TEXT {
            if line.links.is_empty() {
                return;
            }
            self.lines.push(Line::links_only(line.links));
            return;
        }
        self.size += line.text.len();
        self.lines.push(line);
    }
}

/// A block and its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The 1-based line number in the file: where a heading starts; for other blocks, a line
    /// near their end.
    pub line: usize,
    /// The block.
    pub block: Block,
}

/// The body as blocks, in document order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Body {
    /// Blocks in document order.
    pub blocks: Vec<Located>,
}

/// A heading of `level` whose text and links are those of `lines`. Credits after its title link
/// (`### [Title](url) Maintained by [@x](...)`) are words of the heading, not links
/// ([`super::credits`]).
pub fn heading_block(level: usize, lines: Vec<Line>) -> Block {
    let lines = match super::credits::demote(&lines, false) {
        std::borrow::Cow::Owned(demoted) => demoted,
        std::borrow::Cow::Borrowed(_) => lines,
    };
    let mut text = String::new();
    let mut links = Vec::new();
    for line in lines {
        text.push_str(&line.text);
        text.push(' ');
        links.extend(line.links);
    }
    let text = collapse_owned(text);
    Block::Heading { level, text, links }
}

/// The lines of a block (a heading's as one line), for a list item that holds it.
pub fn block_lines(block: Block) -> Vec<Line> {
    match block {
        Block::Heading { text, links, .. } => {
            // The heading's words as plain text (a URL among them is no second link: the line's
            // links are the heading's own), so no mark points past them.
            let mut builder = LineBuilder::default();
            builder.code(&text);
            let mut line = builder.finish();
            line.links = links;
            vec![line]
        }
        Block::Paragraph(lines) => lines,
        Block::Item(item) => item.lines,
        Block::Row(line) => vec![line],
        Block::Break | Block::Code | Block::Empty => Vec::new(),
    }
}
