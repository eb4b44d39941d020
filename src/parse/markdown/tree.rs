//! The markdown walk: the body read by pulldown-cmark (CommonMark with the GitHub extensions a
//! reader's renderer has: tables, footnotes, strikethrough, task lists, heading attributes and
//! alert quotes) and flattened into the issue stage's blocks ([`crate::parse::issue::blocks`]).
//!
//! Block quotes and footnote definitions are transparent (their paragraphs are blocks of their
//! own). A list item is one block holding its whole text: continuation lines, paragraphs, nested
//! quotes and nested list items without links of their own; a nested list item with links is a
//! block of its own, after its parent.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::habits;
use super::inline_html;
use crate::parse::html;
use crate::parse::issue::blocks::{block_lines, heading_block, Block, Body, ListItem, Located};
use crate::parse::issue::line::{Line, LineBuilder};

/// Nesting of list items beyond this depth is read as part of the deepest item kept, so that the
/// text of deeply nested items is not copied up through every level.
const MAX_ITEM_DEPTH: usize = 16;

/// The markdown extensions read: those GitHub, Hugo, Zola, Jekyll (kramdown) and Docusaurus
/// agree on. Not smart punctuation (it would change the text), not math (`$5 ... $10` is
/// money), not metadata blocks (the header module reads front matter).
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// Reads `body` (the file after its header; `first_line` is the 1-based line it starts on).
pub fn read(body: &str, first_line: usize) -> Body {
    let text = habits::normalize(body);
    let mut walk = Walk::new(&text, first_line);
    for (event, range) in Parser::new_ext(&text, options()).into_offset_iter() {
        walk.event(event, range.start);
    }
    walk.finish()
}

/// A list item being read: where its block goes and its content so far.
struct OpenItem {
    slot: usize,
    item: ListItem,
}

/// The walk over pulldown-cmark's events.
struct Walk<'t> {
    text: &'t str,
    /// Line counting: the last offset seen and its 1-based line.
    counted: (usize, usize),
    blocks: Vec<Located>,
    builder: LineBuilder,
    /// Finished lines of the current paragraph, heading, HTML block or tight list item text.
    lines: Vec<Line>,
    items: Vec<OpenItem>,
    /// List items nested deeper than [`MAX_ITEM_DEPTH`] (read into the deepest kept).
    deep_items: usize,
    heading: Option<(usize, usize)>,
    code: bool,
    html: Option<String>,
    /// Block quotes open, and where the outermost one's blocks start (when it is not in a list
    /// item).
    quotes: (usize, Option<usize>),
}

impl<'t> Walk<'t> {
    fn new(text: &'t str, first_line: usize) -> Self {
        Self {
            text,
            counted: (0, first_line),
            blocks: Vec::new(),
            builder: LineBuilder::default(),
            lines: Vec::new(),
            items: Vec::new(),
            deep_items: 0,
            heading: None,
            code: false,
            html: None,
            quotes: (0, None),
        }
    }

    /// The 1-based line of byte `offset` (offsets mostly grow, so counting goes on from the
    /// last one).
    fn line_of(&mut self, offset: usize) -> usize {
        let (from, line) = self.counted;
        let line = if offset >= from {
            line + memchr_count(&self.text.as_bytes()[from..offset])
        } else {
            line - memchr_count(&self.text.as_bytes()[offset..from])
        };
        self.counted = (offset, line);
        line
    }

    fn event(&mut self, event: Event<'_>, offset: usize) {
        if self.code && !matches!(event, Event::End(TagEnd::CodeBlock)) {
            return;
        }
        if let Some(html) = &mut self.html {
            match event {
                Event::Html(raw) | Event::Text(raw) => html.push_str(&raw),
                _ => self.close_html(),
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag, offset),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.builder.text(&text),
            Event::Code(code) => self.builder.code(&code),
            Event::InlineMath(text) | Event::DisplayMath(text) => self.builder.text(&text),
            Event::SoftBreak | Event::HardBreak => self.break_line(),
            Event::InlineHtml(raw) | Event::Html(raw) => {
                inline_html::apply(
                    &mut self.builder,
                    &mut self.lines,
                    inline_html::classify(&raw),
                );
            }
            Event::Rule => self.push_block(offset, Block::Break),
            Event::FootnoteReference(_) | Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, offset: usize) {
        match tag {
            Tag::BlockQuote(_) => {
                self.close_lines(offset);
                if self.quotes.0 == 0 && self.items.is_empty() {
                    self.quotes.1 = Some(self.blocks.len());
                }
                self.quotes.0 += 1;
            }
            Tag::Paragraph | Tag::FootnoteDefinition(_) => self.close_lines(offset),
            Tag::Heading { level, .. } => {
                self.close_lines(offset);
                self.heading = Some((level as usize, self.line_of(offset)));
            }
            Tag::CodeBlock(_) => {
                self.close_lines(offset);
                self.code = true;
            }
            Tag::HtmlBlock => {
                self.close_lines(offset);
                self.html = Some(String::new());
            }
            Tag::List(_) | Tag::Table(_) | Tag::DefinitionList => self.close_lines(offset),
            Tag::Item => self.open_item(offset),
            Tag::TableHead | Tag::TableRow => self.close_lines(offset),
            Tag::TableCell => self.builder.space(),
            Tag::Strong => self.builder.open_strong(),
            Tag::Image { .. } => self.builder.open_image(),
            Tag::Link { dest_url, .. } => self.builder.open_link(&dest_url),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::BlockQuote(_) => {
                self.close_lines(self.counted.0);
                self.quotes.0 = self.quotes.0.saturating_sub(1);
                if self.quotes.0 == 0 {
                    if let Some(start) = self.quotes.1.take() {
                        self.join_quote(start);
                    }
                }
            }
            TagEnd::Paragraph | TagEnd::FootnoteDefinition => self.close_lines(self.counted.0),
            TagEnd::Heading(_) => self.close_heading(),
            TagEnd::CodeBlock => {
                self.code = false;
                if self.items.is_empty() {
                    self.push_block(self.counted.0, Block::Code);
                }
            }
            TagEnd::Item => self.close_item(),
            TagEnd::TableHead | TagEnd::TableRow => self.close_row(),
            TagEnd::Strong => self.builder.close_strong(),
            TagEnd::Image => self.builder.close_image(),
            TagEnd::Link => self.builder.close_link(),
            _ => {}
        }
    }

    fn break_line(&mut self) {
        let line = self.builder.finish();
        self.lines.push(line);
    }

    /// Ends the open lines: into the open list item, or a paragraph block of their own.
    fn close_lines(&mut self, offset: usize) {
        self.break_line();
        let lines: Vec<Line> = self.lines.drain(..).filter(|l| !l.is_empty()).collect();
        if lines.is_empty() {
            return;
        }
        match self.items.last_mut() {
            Some(open) => lines.into_iter().for_each(|line| open.item.push(line)),
            None => self.push_block(offset, Block::Paragraph(lines)),
        }
    }

    fn close_html(&mut self) {
        let Some(html) = self.html.take() else {
            return;
        };
        let offset = self.counted.0;
        let body = html::read_fragment(&html);
        let blocks = body.blocks.into_iter().map(|located| located.block);
        if let Some(open) = self.items.last_mut() {
            for block in blocks {
                block_lines(block)
                    .into_iter()
                    .for_each(|line| open.item.push(line));
            }
            return;
        }
        for block in blocks {
            self.push_block(offset, block);
        }
    }

    fn close_heading(&mut self) {
        let Some((level, line)) = self.heading.take() else {
            return;
        };
        self.break_line();
        let lines: Vec<Line> = std::mem::take(&mut self.lines);
        if let Some(open) = self.items.last_mut() {
            lines.into_iter().for_each(|line| open.item.push(line));
            return;
        }
        self.blocks.push(Located {
            line,
            block: heading_block(level, lines),
        });
    }

    fn close_row(&mut self) {
        let row = self.builder.finish();
        self.lines.clear();
        match self.items.last_mut() {
            Some(open) => open.item.push(row),
            None if !row.is_empty() => {
                let offset = self.counted.0;
                self.push_block(offset, Block::Row(row));
            }
            None => {}
        }
    }

    fn open_item(&mut self, offset: usize) {
        self.close_lines(offset);
        if self.items.len() >= MAX_ITEM_DEPTH {
            self.deep_items += 1;
            return;
        }
        let slot = self.blocks.len();
        self.push_block(offset, Block::Empty);
        self.items.push(OpenItem {
            slot,
            item: ListItem::default(),
        });
    }

    /// Ends a list item: a block of its own when it has links or is not nested; otherwise its
    /// text joins its parent's.
    fn close_item(&mut self) {
        self.close_lines(self.counted.0);
        if self.deep_items > 0 {
            self.deep_items -= 1;
            return;
        }
        let Some(open) = self.items.pop() else {
            return;
        };
        let item = match self.items.last_mut() {
            Some(parent) => open.item.fold_into(&mut parent.item),
            None => Some(open.item),
        };
        if let Some(item) = item {
            self.blocks[open.slot].block = Block::Item(item);
        }
    }

    /// Ends a block quote whose blocks start at `start`: paragraphs of which exactly one holds
    /// links become one item, so the quote's other paragraphs describe its link (`> [Title](url)
    /// says` / `>` / `> And more.`). Any other quote keeps its blocks.
    fn join_quote(&mut self, start: usize) {
        let quoted = &self.blocks[start..];
        let paragraphs = quoted
            .iter()
            .all(|located| matches!(located.block, Block::Paragraph(_)));
        let with_links = quoted
            .iter()
            .filter(|located| match &located.block {
                Block::Paragraph(lines) => lines.iter().any(|line| !line.links.is_empty()),
                _ => false,
            })
            .count();
        if quoted.len() < 2 || !paragraphs || with_links != 1 {
            return;
        }
        let line = self.blocks[start].line;
        let lines = self
            .blocks
            .drain(start..)
            .flat_map(|located| match located.block {
                Block::Paragraph(lines) => lines,
                _ => Vec::new(),
            })
            .collect::<Vec<_>>();
        self.blocks.push(Located {
            line,
            block: Block::Item(ListItem::from_lines(lines)),
        });
    }

    fn push_block(&mut self, offset: usize, block: Block) {
        let line = self.line_of(offset);
        self.blocks.push(Located { line, block });
    }

    fn finish(mut self) -> Body {
        self.close_html();
        self.close_lines(self.text.len());
        while !self.items.is_empty() {
            self.close_item();
        }
        Body {
            blocks: self.blocks,
        }
    }
}

/// Number of `\n` in `bytes`.
fn memchr_count(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', bytes).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<String> {
        read(text, 1)
            .blocks
            .into_iter()
            .map(|located| match located.block {
                Block::Heading { level, text, .. } => format!("h{level} {text}@{}", located.line),
                Block::Paragraph(lines) => format!("p{}", lines.len()),
                Block::Item(item) => format!(
                    "li{}/{}",
                    item.lines.len(),
                    item.lines.iter().map(|l| l.links.len()).sum::<usize>()
                ),
                Block::Row(row) => format!("row{}", row.links.len()),
                Block::Break => "break".into(),
                Block::Code => "code".into(),
                Block::Empty => "empty".into(),
            })
            .collect()
    }

    #[test]
    fn headings_know_their_lines() {
        assert_eq!(
            kinds("News\n====\n\ntext\n\n###Glued {#id}\n"),
            ["h1 News@1", "p1", "h3 Glued@6"]
        );
    }

    #[test]
    fn nested_items_without_links_join_their_parent() {
        assert_eq!(
            kinds("- [a](https://a.io)\n  - more on a\n  - [b](https://b.io)\n"),
            ["li2/1", "empty", "li1/1"]
        );
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let deep = "- a\n".to_string()
            + &(1..5000)
                .map(|n| format!("{}- [x](https://x.io/{n})\n", "  ".repeat(n)))
                .collect::<String>();
        let got = read(&deep, 1);
        let links: usize = got
            .blocks
            .iter()
            .map(|b| match &b.block {
                Block::Item(item) => item.lines.iter().map(|l| l.links.len()).sum::<usize>(),
                _ => 0,
            })
            .sum();
        assert_eq!(links, 4999);
        let quotes = ">".repeat(100_000) + " [q](https://q.io)";
        assert_eq!(kinds(&quotes), ["p1"]);
    }
}
