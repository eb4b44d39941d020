//! The HTML reader: a page (an archive page, a saved issue, a site build's output), a feed entry's
//! content, a mail's HTML part or a markdown HTML block, parsed by html5ever (through `scraper`,
//! as a browser parses it, broken markup included) and flattened into the blocks the item stage
//! reads, as a reader sees the page:
//!
//! - **The issue, not the page.** `<main>`, `role="main"` or `<article>` (the one holding the most
//!   links) is read when there is one, else the body. Never read: scripts, styles, templates,
//!   forms, `<nav>`, `<aside>`, `<footer>`, a `<header>` outside an article, hidden elements
//!   (`hidden`, `aria-hidden="true"`, `display:none`, `visibility:hidden`, `mso-hide:all`, email
//!   preheaders) and share links ([`crate::urls::is_share_link`]).
//! - **Blocks.** `<h1>`-`<h6>` are headings; each `<li>` is a list item (a nested one without
//!   links joins its parent, as in markdown); each `<tr>` a row (its cells are words of one line);
//!   `<p>`, `<div>`, `<blockquote>`, `<dd>` and other block elements end a block of text, which
//!   is an item when it holds links and a paragraph otherwise; `<br>` breaks a line; `<hr>` is a
//!   break; `<pre>` is code.
//! - **Sections as a reader sees them.** A short link-less block set in bold or in a larger font
//!   (`<p><strong>Reading</strong></p>`, `<div style="font-size:18px">Articles</div>`), or a row
//!   of one header cell (`<th>`), is a heading; so is a list item whose own text is a short label
//!   ending in a colon (`Emacs Lisp:`) with its links in a nested list (a level below every heading tag, so labels
//!   nest under the page's sections).
//! - **Title then description.** A block that is only a titled link (a lone link in a `<p>`, a
//!   table row, a list item), followed by a block of words without links, is a lead: the words
//!   describe it.

mod facts;
mod nesting;

use ego_tree::NodeRef;
use scraper::node::Element;
use scraper::{Html, Node};

use super::issue::blocks::{heading_block, Block, Body, ListItem, Located};
use super::issue::date;
use super::issue::fields::{Field, Header};
use super::issue::line::{Line, LineBuilder};
use crate::urls;

pub use facts::decode;

/// Longest heading made of a styled block or a list label, in words.
const MAX_LABEL_WORDS: usize = 8;
/// Font size (CSS pixels) from which a short link-less block reads as a heading.
const HEADING_FONT_PX: f32 = 17.0;
/// Level of a list label heading nested `depth` lists deep: below every `<h1>`-`<h6>`.
const LABEL_LEVEL: usize = 7;
/// Level of a heading made of a styled block or a row of header cells.
const STYLED_LEVEL: usize = 2;

/// A whole HTML file read: the facts it states of itself as header fields (`date`, `title`,
/// `site_name`), and its body as blocks.
#[derive(Debug)]
pub struct Page {
    /// `date`, `title` and `site_name` fields, as a front matter would give them.
    pub header: Header,
    /// The issue's blocks.
    pub body: Body,
}

/// Reads the bytes of an HTML file (any charset its BOM or `<meta charset>` names, else UTF-8,
/// else windows-1252).
pub fn read_page(bytes: &[u8]) -> Page {
    let text = decode(bytes);
    let document = Html::parse_document(&nesting::bounded(&text));
    let header = facts::header(&document);
    let root = content_root(&document);
    let body = Reader::default().read(root);
    Page {
        header: with_lead_date(header, &body),
        body,
    }
}

/// Blocks read for a date at the top of a page that states none in its markup (an email's
/// `May 3, 2023` row): those before the first block with links, at most this many.
const LEAD_DATE_BLOCKS: usize = 8;

/// `header` with a `date` field from the first date written in the page's leading link-less
/// blocks, when it has none.
fn with_lead_date(mut header: Header, body: &Body) -> Header {
    if header.field(&["date"]).is_some() {
        return header;
    }
    let mut lead = body
        .blocks
        .iter()
        .take(LEAD_DATE_BLOCKS)
        .take_while(|located| block_links(&located.block) == 0);
    let found = lead.find_map(|located| match &located.block {
        Block::Heading { text, .. } => date::find(text).and_then(Result::ok),
        Block::Paragraph(lines) | Block::Item(ListItem { lines, .. }) => lines
            .iter()
            .find_map(|line| date::find(&line.text).and_then(Result::ok)),
        Block::Row(line) => date::find(&line.text).and_then(Result::ok),
        _ => None,
    });
    if let Some(date) = found {
        header.fields.push(Field {
            key: "date".to_string(),
            value: crate::model::day::format(date),
            line: 1,
        });
    }
    header
}

/// Web links in a block.
fn block_links(block: &Block) -> usize {
    match block {
        Block::Heading { links, .. } => links.len(),
        Block::Paragraph(lines) => lines.iter().map(|line| line.links.len()).sum(),
        Block::Item(item) => item.lines.iter().map(|line| line.links.len()).sum(),
        Block::Row(line) => line.links.len(),
        Block::Break | Block::Code | Block::Empty => 0,
    }
}

/// Reads an HTML fragment or document already decoded (a feed entry's content, a mail's HTML
/// part, a markdown HTML block) into blocks.
pub fn read_fragment(html: &str) -> Body {
    let html = nesting::bounded(html);
    let document = if looks_like_document(&html) {
        Html::parse_document(&html)
    } else {
        Html::parse_fragment(&html)
    };
    let root = content_root(&document);
    Reader::default().read(root)
}

/// True when `text` starts (after whitespace and comments) like a whole HTML document.
pub fn looks_like_document(text: &str) -> bool {
    let head: String = text
        .trim_start_matches('\u{feff}')
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    let head = head.trim_start();
    let head = strip_leading_comments(head);
    [
        "<!doctype html",
        "<html",
        "<head",
        "<body",
        "<meta",
        "<title",
    ]
    .iter()
    .any(|start| head.starts_with(start))
}

fn strip_leading_comments(mut text: &str) -> &str {
    while let Some(rest) = text.strip_prefix("<!--") {
        text = rest
            .find("-->")
            .map_or("", |end| &rest[end + 3..])
            .trim_start();
    }
    if let Some(rest) = text.strip_prefix("<?xml") {
        text = rest
            .find("?>")
            .map_or("", |end| &rest[end + 2..])
            .trim_start();
    }
    text
}

/// The element whose content is the issue: the `<main>`, `role="main"` or `<article>` holding
/// the most links, else the document itself. A candidate inside another holds no more links
/// than it (and a tie keeps the first, the outer one), so only outermost candidates are counted,
/// and a page with one needs no counting at all.
fn content_root(document: &Html) -> NodeRef<'_, Node> {
    let root = document.tree.root();
    let mut outermost: Vec<NodeRef<'_, Node>> = Vec::new();
    for node in root.descendants() {
        let is_candidate = node.value().as_element().is_some_and(|element| {
            matches!(element.name(), "main" | "article") || element.attr("role") == Some("main")
        });
        if is_candidate && !node.ancestors().any(|up| outermost.contains(&up)) {
            outermost.push(node);
        }
    }
    if let [only] = outermost.as_slice() {
        return if count_links(*only) > 0 { *only } else { root };
    }
    let mut best: Option<(usize, NodeRef<'_, Node>)> = None;
    for candidate in outermost {
        let links = count_links(candidate);
        if links > 0 && best.is_none_or(|(most, _)| links > most) {
            best = Some((links, candidate));
        }
    }
    best.map_or(root, |(_, node)| node)
}

/// `<a href>` elements under `node`.
fn count_links(node: NodeRef<'_, Node>) -> usize {
    node.descendants()
        .filter(|node| {
            node.value()
                .as_element()
                .is_some_and(|element| element.name() == "a" && element.attr("href").is_some())
        })
        .count()
}

/// What an element does to the blocks being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Never read (with everything in it).
    Skip,
    /// A heading of this level.
    Heading(usize),
    /// A list item.
    ListItem,
    /// A table row.
    Row,
    /// A table cell (`true` for a header cell): words of its row.
    Cell(bool),
    /// Any other element that ends a block of text.
    Block,
    /// A line break.
    Break,
    /// A thematic break.
    Rule,
    /// Preformatted text: a code block.
    Code,
    /// A link.
    Link,
    /// Bold text.
    Strong,
    /// An image (its alt text is a link's title inside a link).
    Image,
    /// Inline code.
    InlineCode,
    /// Anything else: its text is read in line.
    Inline,
}

/// Elements whose content is never the issue's.
const SKIPPED: &[&str] = &[
    "script", "style", "template", "noscript", "head", "nav", "aside", "form", "footer", "button",
    "select", "textarea", "iframe", "object", "svg", "canvas", "video", "audio", "map", "dialog",
];

/// Elements that end a block of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "blockquote",
    "section",
    "article",
    "main",
    "header",
    "figure",
    "figcaption",
    "details",
    "summary",
    "center",
    "address",
    "body",
    "html",
    "caption",
    "fieldset",
    "hgroup",
];

/// The role of `element` (inside an `<article>` when `in_article`).
fn role_of(element: &Element, in_article: bool) -> Role {
    let name = element.name();
    if SKIPPED.contains(&name) || (name == "header" && !in_article) || is_hidden(element) {
        return Role::Skip;
    }
    match name {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            Role::Heading(usize::from(name.as_bytes()[1] - b'0'))
        }
        "li" => Role::ListItem,
        "tr" => Role::Row,
        "td" => Role::Cell(false),
        "th" => Role::Cell(true),
        "br" => Role::Break,
        "hr" => Role::Rule,
        "pre" => Role::Code,
        "a" => match element.attr("href") {
            Some(href) if urls::is_share_link(href.trim()) => Role::Skip,
            Some(_) => Role::Link,
            None => Role::Inline,
        },
        "strong" | "b" => Role::Strong,
        "img" => Role::Image,
        "code" | "kbd" | "samp" => Role::InlineCode,
        _ if BLOCKS.contains(&name) => Role::Block,
        _ => Role::Inline,
    }
}

/// True for an element a reader never sees.
fn is_hidden(element: &Element) -> bool {
    if element.attr("hidden").is_some() || element.attr("aria-hidden") == Some("true") {
        return true;
    }
    let marked_preheader = ["class", "id"].iter().any(|attr| {
        element.attr(attr).is_some_and(|value| {
            value
                .as_bytes()
                .windows(b"preheader".len())
                .any(|window| window.eq_ignore_ascii_case(b"preheader"))
        })
    });
    if marked_preheader {
        return true;
    }
    let Some(style) = element.attr("style") else {
        return false;
    };
    let style = compact_style(style);
    style.contains("display:none")
        || style.contains("visibility:hidden")
        || style.contains("mso-hide:all")
        || (style.contains("max-height:0") && style.contains("overflow:hidden"))
}

/// A `style` attribute lowercased without whitespace (`display: none` → `display:none`).
fn compact_style(style: &str) -> String {
    style
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// True for an element whose style sets its text in bold or in a heading's font size.
fn is_emphasized(element: &Element) -> bool {
    let Some(style) = element.attr("style") else {
        return false;
    };
    let style = compact_style(style);
    let bold = ["font-weight:bold", "font-weight:bolder"]
        .iter()
        .any(|rule| style.contains(rule))
        || style_number(&style, "font-weight:").is_some_and(|weight| weight >= 600.0);
    let large = style_number(&style, "font-size:").is_some_and(|size| {
        let px = if style.contains("font-size:") && size_unit_is_em(&style) {
            size * 16.0
        } else {
            size
        };
        px >= HEADING_FONT_PX
    });
    bold || large
}

/// The number after `property` in a compact style.
fn style_number(style: &str, property: &str) -> Option<f32> {
    let at = style.find(property)? + property.len();
    let digits: String = style[at..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    digits.parse().ok()
}

/// True when the font size is given in `em` or `rem`.
fn size_unit_is_em(style: &str) -> bool {
    let Some(at) = style.find("font-size:") else {
        return false;
    };
    let rest = &style[at + "font-size:".len()..];
    let unit: String = rest
        .chars()
        .skip_while(|c| c.is_ascii_digit() || *c == '.')
        .take_while(char::is_ascii_alphabetic)
        .collect();
    unit == "em" || unit == "rem"
}

/// An element being read: its role and what it opened.
struct Open {
    role: Role,
    /// The element raised the emphasis count (bold or large text).
    emphasized: bool,
    /// The element is an `<article>`.
    article: bool,
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
    /// It has a cell that is not a header cell.
    data_cells: bool,
    /// Its cells.
    cells: usize,
}

/// The walk over the DOM: text and links into lines, lines into blocks.
#[derive(Default)]
struct Reader {
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
}

impl Reader {
    /// Reads the subtree under `root` (without recursion: million-deep nesting is fine).
    fn read(mut self, root: NodeRef<'_, Node>) -> Body {
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
        match node.value() {
            Node::Text(text) => {
                self.text(&text.text);
                None
            }
            Node::Element(element) => Some(self.open(element)),
            _ => None,
        }
    }

    fn text(&mut self, text: &str) {
        if self.code > 0 {
            return;
        }
        let visible = text.bytes().filter(|b| !b.is_ascii_whitespace()).count();
        self.chars.0 += visible;
        if self.emphasis > 0 {
            self.chars.1 += visible;
        }
        let breaks = text
            .bytes()
            .any(|b| matches!(b, b'\n' | b'\r' | b'\t' | b'\x0c'));
        let flat = if breaks {
            std::borrow::Cow::Owned(
                text.chars()
                    .map(|c| if c.is_whitespace() { ' ' } else { c })
                    .collect(),
            )
        } else {
            std::borrow::Cow::Borrowed(text)
        };
        if self.inline_code > 0 {
            self.builder.code(&flat);
        } else {
            self.builder.text(&flat);
        }
    }

    fn open(&mut self, element: &Element) -> Open {
        let role = role_of(element, self.articles > 0);
        if role == Role::Skip && element.name() == "a" {
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
                }
                self.builder.space();
            }
            Role::Block => self.end_block(),
            Role::Break => self.lines.push(self.builder.finish()),
            Role::Rule => {
                self.end_block();
                self.push(Block::Break);
            }
            Role::Code => {
                self.end_block();
                self.code += 1;
            }
            Role::Link => {
                let href = element.attr("href").unwrap_or_default();
                self.builder.open_link(href.trim());
            }
            Role::Strong => {
                self.builder.open_strong();
                self.emphasis += 1;
            }
            Role::Image => {
                self.builder.open_image();
                if let Some(alt) = element.attr("alt") {
                    self.builder.text(alt);
                }
            }
            Role::InlineCode => self.inline_code += 1,
            Role::Inline | Role::Skip => {}
        }
        if emphasized && role != Role::Strong {
            self.emphasis += 1;
        }
        Open {
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
            Role::Block => self.end_block(),
            Role::Code => {
                self.code = self.code.saturating_sub(1);
                if self.code == 0 && self.items.is_empty() {
                    self.push(Block::Code);
                }
            }
            Role::Link => self.builder.close_link(),
            Role::Strong => {
                self.builder.close_strong();
                self.emphasis = self.emphasis.saturating_sub(1);
            }
            Role::Image => self.builder.close_image(),
            Role::InlineCode => self.inline_code = self.inline_code.saturating_sub(1),
            Role::Break | Role::Rule | Role::Inline | Role::Skip => {}
        }
    }

    /// The lines of the block being read, without empty ones, and whether all their text was
    /// emphasized. A block whose only links were share links (`Share this issue: Twitter ...`)
    /// is share furniture: no lines.
    fn take_lines(&mut self) -> (Vec<Line>, bool) {
        self.lines.push(self.builder.finish());
        let mut lines: Vec<Line> = self.lines.drain(..).filter(|l| !l.is_empty()).collect();
        let (all, emphasized) = std::mem::take(&mut self.chars);
        let shares = std::mem::take(&mut self.shares);
        if shares > 0 && lines.iter().all(|line| line.links.is_empty()) {
            lines.clear();
        }
        (lines, all > 0 && emphasized == all)
    }

    /// Ends the block of text being read: into the open list item, or a block of its own.
    fn end_block(&mut self) {
        if self.heading.is_some() {
            // A block element inside a heading: the heading goes on, on a new line.
            self.lines.push(self.builder.finish());
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
        let block = match heading {
            Some(level) => heading_block(level, lines),
            None if emphasized && is_label(&lines) => heading_block(STYLED_LEVEL, lines),
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
        let header_label = !row.data_cells && row.cells == 1;
        if (header_label || emphasized) && is_label(&lines) {
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

    fn push(&mut self, block: Block) {
        self.blocks.push(Located { line: 1, block });
    }

    fn finish(mut self) -> Body {
        self.heading = None;
        self.end_block();
        while !self.items.is_empty() {
            self.close_item();
        }
        Body {
            blocks: join_title_lines(self.blocks),
        }
    }
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

/// True when the last words of `lines` end with a colon (`Emacs Lisp:`, `Rust：`).
fn ends_with_colon(lines: &[Line]) -> bool {
    lines
        .last()
        .is_some_and(|line| line.text.trim_end().ends_with([':', '：']))
}

/// A block that is only titled links (`<p><a>Title</a></p>`, a title row) followed by a block of
/// words without links: one paragraph, the title then its description, which the item stage
/// reads as a lead.
fn join_title_lines(blocks: Vec<Located>) -> Vec<Located> {
    let mut out: Vec<Located> = Vec::with_capacity(blocks.len());
    for located in blocks {
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

/// The lines of a paragraph or row of words without links, which can describe a title above it.
fn description_lines(block: &Block) -> Option<Vec<Line>> {
    let lines = match block {
        Block::Paragraph(lines) => lines.clone(),
        Block::Row(line) => vec![line.clone()],
        _ => return None,
    };
    let words = lines.iter().all(|line| line.links.is_empty()) && lines.iter().any(Line::has_prose);
    words.then_some(lines)
}

/// True for a block of one line holding only titled links.
fn is_title_only(block: &Block) -> bool {
    let line = match block {
        Block::Item(item) if item.lines.len() == 1 => &item.lines[0],
        Block::Row(line) => line,
        Block::Paragraph(lines) if lines.len() == 1 => &lines[0],
        _ => return false,
    };
    !line.links.is_empty()
        && !line.has_prose()
        && line.links.iter().all(|link| link.title.is_some())
}
