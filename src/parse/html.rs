//! Raw HTML, in HTML blocks and inline: `<a href>` opens and closes links, `<br>` breaks lines,
//! block tags (`<li>`, `<p>`, `<tr>`, `<div>`, ...) end a block of text, comments
//! (`<!-- more -->`) and other tags (JSX components such as `<Support />`, table cells) give no
//! text. In an HTML block, each block of text between two block tags is one item, as a reader
//! sees it rendered. Every scan stops at the next `<`, so a run of hostile HTML is read in linear
//! time.

use super::clean::plain_text;
use super::line::{Line, LineBuilder};

/// What one tag does to the text around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tag<'a> {
    /// `<a href="url">`: opens a link.
    OpenLink(&'a str),
    /// `</a>`: closes the open link.
    CloseLink,
    /// `<br>`: the text after it is a new line.
    Break,
    /// `<li>`, `<p>`, `</div>` and other block tags: the text after it is a new block (inline,
    /// in a markdown paragraph, a new line).
    Block,
    /// `<h1>` to `<h6>` (the level): a new block that is a heading, up to the next block tag.
    Heading(usize),
    /// Any other tag (`<b>`, `<td>`, `<Support />`): a word boundary.
    Other,
    /// A comment: nothing.
    Comment,
}

/// Tags that start or end a block of text (one item, in an HTML block).
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "tr",
    "table",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "nav",
    "figure",
    "figcaption",
    "details",
    "summary",
    "hr",
];

/// Reads the tag `raw` (from `<` to `>`, as pulldown-cmark's inline HTML events hold them).
pub fn classify(raw: &str) -> Tag<'_> {
    if raw.starts_with("<!--") || raw.starts_with("<?") || raw.starts_with("<!") {
        return Tag::Comment;
    }
    let inner = raw.trim_start_matches('<');
    let closing = inner.starts_with('/');
    let name_start = usize::from(closing);
    let name_len = inner[name_start..]
        .find(|c: char| !c.is_ascii_alphanumeric() && c != '-' && c != '.')
        .unwrap_or(inner.len() - name_start);
    let name = &inner[name_start..name_start + name_len];
    if name.eq_ignore_ascii_case("a") {
        if closing {
            return Tag::CloseLink;
        }
        return href(raw).map_or(Tag::Other, Tag::OpenLink);
    }
    if name.eq_ignore_ascii_case("br") {
        return Tag::Break;
    }
    if let [b'h' | b'H', level @ b'1'..=b'6'] = name.as_bytes() {
        if !closing {
            return Tag::Heading(usize::from(level - b'0'));
        }
    }
    if BLOCK_TAGS.iter().any(|tag| name.eq_ignore_ascii_case(tag)) {
        return Tag::Block;
    }
    Tag::Other
}

/// A block of text of an HTML block: its lines, and its level when it is a heading.
#[derive(Debug, Default)]
pub struct HtmlBlock {
    /// 1 to 6 for the text of `<h1>` to `<h6>`; `None` for any other block.
    pub heading: Option<usize>,
    /// The block's lines.
    pub lines: Vec<Line>,
}

/// The blocks of text of an HTML block: text between tags, `<a href>` links, a new line at each
/// line end and `<br>`, a new block at each block tag. Blocks without text are left out.
pub fn blocks(html: &str) -> Vec<HtmlBlock> {
    let mut blocks = Vec::new();
    let mut block = HtmlBlock::default();
    let mut builder = LineBuilder::default();
    let bytes = html.as_bytes();
    let mut i = 0;
    let mut text_from = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                push_text(&mut builder, &html[text_from..i]);
                block.lines.push(builder.finish());
                i += 1;
                text_from = i;
            }
            b'<' => match tag_end(html, i) {
                Some(end) => {
                    push_text(&mut builder, &html[text_from..i]);
                    match classify(&html[i..end]) {
                        Tag::Block => end_block(&mut blocks, &mut block, &mut builder, None),
                        Tag::Heading(level) => {
                            end_block(&mut blocks, &mut block, &mut builder, Some(level));
                        }
                        tag => apply(&mut builder, &mut block.lines, tag),
                    }
                    i = end;
                    text_from = i;
                }
                None => i += 1,
            },
            _ => i += 1,
        }
    }
    push_text(&mut builder, &html[text_from..]);
    end_block(&mut blocks, &mut block, &mut builder, None);
    blocks
}

/// Ends the block being read (kept in `blocks` when any of its lines holds text) and starts the
/// next, a heading of level `next_heading` or not.
fn end_block(
    blocks: &mut Vec<HtmlBlock>,
    block: &mut HtmlBlock,
    builder: &mut LineBuilder,
    next_heading: Option<usize>,
) {
    block.lines.push(builder.finish());
    block.lines.retain(|line| !line.is_empty());
    let next = HtmlBlock {
        heading: next_heading,
        lines: Vec::new(),
    };
    let ended = std::mem::replace(block, next);
    if !ended.lines.is_empty() {
        blocks.push(ended);
    }
}

/// Applies one tag to the line being built.
pub fn apply(builder: &mut LineBuilder, lines: &mut Vec<Line>, tag: Tag<'_>) {
    match tag {
        Tag::OpenLink(url) => builder.open_link(url),
        Tag::CloseLink => builder.close_link(),
        Tag::Break | Tag::Block | Tag::Heading(_) => lines.push(builder.finish()),
        Tag::Other => builder.space(),
        Tag::Comment => {}
    }
}

/// Adds the text between two tags (entities decoded).
fn push_text(builder: &mut LineBuilder, text: &str) {
    if text.contains('&') {
        if text.starts_with(char::is_whitespace) {
            builder.space();
        }
        builder.text(&plain_text(text));
        if text.ends_with(char::is_whitespace) {
            builder.space();
        }
    } else {
        builder.text(text);
    }
}

/// Where the tag or comment starting at `start` ends (just past `>`), when it is one. A comment
/// runs to its `-->` (at most to the end of the block); other tags stop at the next `<`.
fn tag_end(html: &str, start: usize) -> Option<usize> {
    let rest = &html[start..];
    if let Some(comment) = rest.strip_prefix("<!--") {
        return Some(
            comment
                .find("-->")
                .map_or(html.len(), |at| start + 4 + at + 3),
        );
    }
    let first = *rest.as_bytes().get(1)?;
    if !(first.is_ascii_alphabetic() || first == b'/' || first == b'!') {
        return None;
    }
    let end = rest[1..].find(['<', '>'])? + 1;
    (rest.as_bytes()[end] == b'>').then_some(start + end + 1)
}

/// The `href` value of an `<a ...>` tag (double, single or no quotes).
fn href(tag: &str) -> Option<&str> {
    let lower = tag.to_ascii_lowercase();
    let at = lower.find("href")?;
    let value = tag[at + 4..].trim_start().strip_prefix('=')?.trim_start();
    let (quote, body) = match value.chars().next()? {
        q @ ('"' | '\'') => (Some(q), &value[1..]),
        _ => (None, value),
    };
    let end = match quote {
        Some(q) => body.find(q)?,
        None => body
            .find(|c: char| c.is_whitespace() || c == '>')
            .unwrap_or(body.len()),
    };
    Some(body[..end].trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_classified() {
        assert_eq!(
            classify("<a href=\"https://a.io\" target=_blank>"),
            Tag::OpenLink("https://a.io")
        );
        assert_eq!(
            classify("<A HREF='https://b.io'>"),
            Tag::OpenLink("https://b.io")
        );
        assert_eq!(classify("</a>"), Tag::CloseLink);
        assert_eq!(classify("<br/>"), Tag::Break);
        assert_eq!(classify("<LI class=x>"), Tag::Block);
        assert_eq!(classify("</p>"), Tag::Block);
        assert_eq!(classify("<td>"), Tag::Other);
        assert_eq!(classify("<H3 id=x>"), Tag::Heading(3));
        assert_eq!(classify("</h3>"), Tag::Block);
        assert_eq!(classify("<Support />"), Tag::Other);
        assert_eq!(classify("<abbr>"), Tag::Other);
        assert_eq!(classify("<!-- more -->"), Tag::Comment);
    }

    #[test]
    fn html_block_lines_hold_anchors_and_text() {
        let blocks = blocks(
            "<p>Read <a href=\"https://a.io/p\">the <b>post</b></a> &amp; more</p>\n<!-- x\n<a href=\"https://no.io\">no</a> -->\n<Support />\n",
        );
        assert_eq!(blocks.len(), 1);
        let lines = &blocks[0].lines;
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].links[0].url, "https://a.io/p");
        assert_eq!(lines[0].links[0].title.as_deref(), Some("the post"));
        assert_eq!(clean_text(&lines[0].text), "Read the post & more");
    }

    #[test]
    fn html_blocks_split_at_block_tags_and_lines_at_br() {
        let blocks = blocks(
            "<h2>Tools</h2><ul>\n<li><a href=\"https://a.io\">A</a> first<br>more on A</li>\n<li><a href='https://b.io'>B</a></li>\n</ul>\n<table><tr><td>Tool</td><td><a href=\"https://c.io\">c</a></td><td>Fast</td></tr></table>",
        );
        let texts: Vec<(Option<usize>, Vec<String>)> = blocks
            .iter()
            .map(|block| {
                let lines = block.lines.iter().map(|line| clean_text(&line.text));
                (block.heading, lines.collect())
            })
            .collect();
        let text = |lines: &[&str]| lines.iter().map(|line| line.to_string()).collect();
        assert_eq!(
            texts,
            [
                (Some(2), text(&["Tools"])),
                (None, text(&["A first", "more on A"])),
                (None, text(&["B"])),
                (None, text(&["Tool c Fast"]))
            ]
        );
        assert_eq!(blocks[3].lines[0].links[0].url, "https://c.io");
    }

    fn clean_text(text: &str) -> String {
        crate::parse::clean::collapse(text)
    }

    #[test]
    fn hostile_html_is_linear() {
        let html = "<a ".repeat(100_000) + &"<".repeat(100_000) + &"<!--".repeat(10);
        assert!(blocks(&html)
            .iter()
            .flat_map(|block| &block.lines)
            .all(|l| l.links.is_empty()));
    }
}
