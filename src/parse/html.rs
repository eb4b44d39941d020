//! Raw HTML, in HTML blocks and inline: `<a href>` opens and closes links, `<br>` and block
//! tags break lines, comments (`<!-- more -->`) and other tags (JSX components such as
//! `<Support />`) give no text. Every scan stops at the next `<`, so a run of hostile HTML is
//! read in linear time.

use super::clean::plain_text;
use super::line::{Line, LineBuilder};

/// What one tag does to the text around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tag<'a> {
    /// `<a href="url">`: opens a link.
    OpenLink(&'a str),
    /// `</a>`: closes the open link.
    CloseLink,
    /// `<br>`, `<p>`, `</div>` and other block tags: the text after it is a new line.
    Break,
    /// Any other tag (`<b>`, `<Support />`): a word boundary.
    Other,
    /// A comment: nothing.
    Comment,
}

/// Tags that start a new line of text.
const BLOCK_TAGS: &[&str] = &[
    "br",
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "tr",
    "td",
    "th",
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
    if BLOCK_TAGS.iter().any(|tag| name.eq_ignore_ascii_case(tag)) {
        return Tag::Break;
    }
    Tag::Other
}

/// The lines of an HTML block: text between tags, `<a href>` links, a new line at each line end
/// and block tag.
pub fn block_lines(html: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut builder = LineBuilder::default();
    let bytes = html.as_bytes();
    let mut i = 0;
    let mut text_from = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                push_text(&mut builder, &html[text_from..i]);
                lines.push(builder.finish());
                i += 1;
                text_from = i;
            }
            b'<' => match tag_end(html, i) {
                Some(end) => {
                    push_text(&mut builder, &html[text_from..i]);
                    apply(&mut builder, &mut lines, classify(&html[i..end]));
                    i = end;
                    text_from = i;
                }
                None => i += 1,
            },
            _ => i += 1,
        }
    }
    push_text(&mut builder, &html[text_from..]);
    lines.push(builder.finish());
    lines.retain(|line| !line.is_empty());
    lines
}

/// Applies one tag to the line being built.
pub fn apply(builder: &mut LineBuilder, lines: &mut Vec<Line>, tag: Tag<'_>) {
    match tag {
        Tag::OpenLink(url) => builder.open_link(url),
        Tag::CloseLink => builder.close_link(),
        Tag::Break => lines.push(builder.finish()),
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
        assert_eq!(classify("<Support />"), Tag::Other);
        assert_eq!(classify("<abbr>"), Tag::Other);
        assert_eq!(classify("<!-- more -->"), Tag::Comment);
    }

    #[test]
    fn html_block_lines_hold_anchors_and_text() {
        let lines = block_lines(
            "<p>Read <a href=\"https://a.io/p\">the <b>post</b></a> &amp; more</p>\n<!-- x\n<a href=\"https://no.io\">no</a> -->\n<Support />\n",
        );
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].links[0].url, "https://a.io/p");
        assert_eq!(lines[0].links[0].title.as_deref(), Some("the post"));
        assert_eq!(clean_text(&lines[0].text), "Read the post & more");
    }

    fn clean_text(text: &str) -> String {
        crate::parse::clean::collapse(text)
    }

    #[test]
    fn hostile_html_is_linear() {
        let html = "<a ".repeat(100_000) + &"<".repeat(100_000) + &"<!--".repeat(10);
        assert!(block_lines(&html).iter().all(|l| l.links.is_empty()));
    }
}
