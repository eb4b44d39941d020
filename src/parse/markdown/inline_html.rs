//! Inline HTML in a markdown paragraph, one tag at a time as pulldown-cmark hands them over
//! (`<a href="...">`, then markdown text, then `</a>`): `<a href>` opens and closes links, `<br>`
//! and block tags break lines, comments (`<!-- more -->`) and other tags (JSX components such as
//! `<Support />`) give no text. Whole HTML blocks are read by the HTML reader
//! ([`crate::parse::html::read_fragment`]).

use crate::parse::issue::line::{Line, LineBuilder};

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
}
