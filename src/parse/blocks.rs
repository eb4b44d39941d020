//! Block scanning: the body's lines in, a flat list of blocks out (headings, text lines, blank
//! separators), with HTML comments and fenced code blocks removed and reference definitions
//! collected. Each line is looked at a bounded number of times, so this is linear.

use std::borrow::Cow;

use super::inline::{self, ref_label, RefMap};

/// One block of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block<'a> {
    /// A blank line (or a reference definition): ends an item that has links.
    Blank,
    /// A fence, thematic break or stray underline: always ends the current item.
    Break,
    /// An ATX (`## News`) or setext (`News` over `====`) heading; `text` is plain text.
    Heading {
        /// 1 for `#` and `===`, 2 for `##` and `---`, and so on.
        level: usize,
        /// The heading as plain text.
        text: String,
    },
    /// A line of text (markdown, not yet scanned for links).
    Text {
        /// The line without its list marker or blockquote markers.
        content: Cow<'a, str>,
        /// True for a list item (`* `, `- `, `+ `, `1. `).
        list: bool,
        /// True when the line is indented (a continuation of a list item).
        indented: bool,
    },
}

/// A block and the 1-based line it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<'a> {
    /// The 1-based line number in the file.
    pub line: usize,
    /// The block.
    pub block: Block<'a>,
}

/// The scanned body: its blocks and its reference definitions.
#[derive(Debug, Default)]
pub struct Body<'a> {
    /// Blocks in file order.
    pub blocks: Vec<Located<'a>>,
    /// `[label]: url` definitions (first definition of a label wins).
    pub refs: RefMap,
}

/// An open fenced code block: its fence character and length.
struct Fence {
    ch: u8,
    len: usize,
}

/// Scans `lines` (the body; `first_line` is the 1-based number of its first line).
pub fn scan<'a>(lines: &[&'a str], first_line: usize) -> Body<'a> {
    let mut body = Body::default();
    let mut fence: Option<Fence> = None;
    let mut in_comment = false;
    for (offset, &raw) in lines.iter().enumerate() {
        let line = first_line + offset;
        if let Some(open) = &fence {
            if closes_fence(raw, open) {
                fence = None;
            }
            continue;
        }
        if !in_comment {
            if let Some(open) = opens_fence(raw) {
                fence = Some(open);
                body.push(line, Block::Break);
                continue;
            }
        }
        let had_text = !raw.trim().is_empty();
        let text = strip_comments(raw, &mut in_comment);
        if had_text && text.trim().is_empty() {
            continue;
        }
        body.classify(line, text);
    }
    body
}

impl<'a> Body<'a> {
    fn push(&mut self, line: usize, block: Block<'a>) {
        self.blocks.push(Located { line, block });
    }

    /// Turns one comment-free line into a block.
    fn classify(&mut self, line: usize, text: Cow<'a, str>) {
        if text.trim().is_empty() {
            return self.push(line, Block::Blank);
        }
        let text = unquote(text);
        if let Some(underline) = setext_underline(&text) {
            return self.underline(line, underline);
        }
        if is_thematic_break(&text) {
            return self.push(line, Block::Break);
        }
        if let Some((level, heading)) = atx_heading(&text) {
            let text = heading_text(heading);
            return self.push(line, Block::Heading { level, text });
        }
        if let Some((label, url)) = reference_definition(&text) {
            self.refs.entry(ref_label(label)).or_insert(url);
            return self.push(line, Block::Blank);
        }
        let indented = text.starts_with("  ") || text.starts_with('\t');
        let (content, list) = match list_item_content(&text) {
            Some(start) => (slice_cow(text, start), true),
            None => (text, false),
        };
        self.push(
            line,
            Block::Text {
                content,
                list,
                indented,
            },
        );
    }

    /// A `===` or `---` line: turns the text line just above into a heading; with no text line
    /// just above it is only a separator.
    fn underline(&mut self, line: usize, level: usize) {
        if let Some(last) = self.blocks.last_mut() {
            if let Block::Text {
                content,
                list: false,
                ..
            } = &last.block
            {
                let link_line = level == 2 && content.contains("://");
                if last.line + 1 == line && !link_line {
                    let text = heading_text(content);
                    last.block = Block::Heading { level, text };
                    return;
                }
            }
        }
        self.push(line, Block::Break);
    }
}

/// A heading's plain text: markup removed and links replaced by their text
/// (`## [Tools](https://x.io)` is `Tools`).
fn heading_text(raw: &str) -> String {
    inline::scan(raw, &RefMap::new()).text
}

/// Removes `<!-- ... -->` spans (which may run over several lines) from one line.
fn strip_comments<'a>(line: &'a str, in_comment: &mut bool) -> Cow<'a, str> {
    if !*in_comment && !line.contains("<!--") {
        return Cow::Borrowed(line);
    }
    let mut kept = String::new();
    let mut rest = line;
    loop {
        if *in_comment {
            match rest.find("-->") {
                Some(end) => {
                    *in_comment = false;
                    rest = &rest[end + 3..];
                }
                None => break,
            }
        } else {
            match rest.find("<!--") {
                Some(start) => {
                    kept.push_str(&rest[..start]);
                    kept.push(' ');
                    *in_comment = true;
                    rest = &rest[start + 4..];
                }
                None => {
                    kept.push_str(rest);
                    break;
                }
            }
        }
    }
    Cow::Owned(kept)
}

/// Strips blockquote markers. `>From ` is the mbox escape of `From ` (not a quote): only the
/// escaping `>` goes.
fn unquote(text: Cow<'_, str>) -> Cow<'_, str> {
    let trimmed = text.trim_start();
    let quotes = trimmed.bytes().take_while(|&b| b == b'>').count();
    if quotes == 0 {
        return text;
    }
    if trimmed[quotes..].starts_with("From ") {
        let start = text.len() - trimmed.len() + 1;
        return slice_cow(text, start);
    }
    let mut start = text.len() - trimmed.len();
    let bytes = text.as_bytes();
    while start < bytes.len() && (bytes[start] == b'>' || bytes[start] == b' ') {
        start += 1;
    }
    slice_cow(text, start)
}

/// `text[start..]` without copying when borrowed.
fn slice_cow(text: Cow<'_, str>, start: usize) -> Cow<'_, str> {
    match text {
        Cow::Borrowed(s) => Cow::Borrowed(&s[start..]),
        Cow::Owned(s) => Cow::Owned(s[start..].to_string()),
    }
}

/// At most three leading spaces, as markdown allows before block markers.
fn strip_indent(text: &str) -> Option<&str> {
    let spaces = text.bytes().take_while(|&b| b == b' ').count();
    (spaces <= 3).then(|| &text[spaces..])
}

/// A code fence opener (three or more backticks or tildes).
fn opens_fence(line: &str) -> Option<Fence> {
    let text = strip_indent(line)?;
    let ch = *text.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = text.bytes().take_while(|&b| b == ch).count();
    let info = &text[len..];
    (len >= 3 && !(ch == b'`' && info.contains('`'))).then_some(Fence { ch, len })
}

/// True when `line` closes the open `fence`.
fn closes_fence(line: &str, fence: &Fence) -> bool {
    strip_indent(line).is_some_and(|text| {
        let len = text.bytes().take_while(|&b| b == fence.ch).count();
        len >= fence.len && text[len..].trim().is_empty()
    })
}

/// `Some(1)` for a line of `=`, `Some(2)` for a line of `-` (setext underlines).
fn setext_underline(text: &str) -> Option<usize> {
    let text = strip_indent(text)?.trim_end();
    let ch = text.chars().next()?;
    let level = match ch {
        '=' => 1,
        '-' => 2,
        _ => return None,
    };
    text.chars().all(|c| c == ch).then_some(level)
}

/// `***`, `___`, `- - -` and the like.
fn is_thematic_break(text: &str) -> bool {
    let Some(text) = strip_indent(text) else {
        return false;
    };
    let Some(ch) = text.chars().next().filter(|c| matches!(c, '*' | '_' | '-')) else {
        return false;
    };
    let marks = text.chars().filter(|&c| c == ch).count();
    marks >= 3 && text.chars().all(|c| c == ch || c == ' ' || c == '\t')
}

/// `## Heading ##` → `(2, "Heading")`. A `#` glued to a word (`#hashtag`) is not a heading.
fn atx_heading(text: &str) -> Option<(usize, &str)> {
    let text = strip_indent(text)?;
    let level = text.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &text[level..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let rest = rest.trim();
    let without_closing = rest.trim_end_matches('#');
    let heading = if without_closing.is_empty() || without_closing.ends_with([' ', '\t']) {
        without_closing.trim_end()
    } else {
        rest
    };
    Some((level, heading))
}

/// `[label]: url "title"` → `(label, url)`.
fn reference_definition(text: &str) -> Option<(&str, String)> {
    let text = strip_indent(text)?;
    let rest = text.strip_prefix('[')?;
    let close = rest.find(']')?;
    let label = &rest[..close];
    let after = rest[close + 1..].strip_prefix(':')?.trim_start();
    let url = after.split_whitespace().next()?;
    let url = url.strip_prefix('<').unwrap_or(url);
    let url = url.strip_suffix('>').unwrap_or(url);
    (!label.trim().is_empty() && !label.contains('[')).then(|| (label, url.to_string()))
}

/// Where a list item's content starts (`* `, `- `, `+ `, `12. `, `3) `), if `text` is one.
fn list_item_content(text: &str) -> Option<usize> {
    let indent = text.bytes().take_while(|&b| b == b' ').count();
    let rest = &text.as_bytes()[indent..];
    let marker = match rest.first()? {
        b'*' | b'-' | b'+' => 1,
        b'0'..=b'9' => {
            let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
            if digits > 9 || !matches!(rest.get(digits), Some(b'.' | b')')) {
                return None;
            }
            digits + 1
        }
        _ => return None,
    };
    match rest.get(marker) {
        Some(b' ' | b'\t') => Some(indent + marker + 1),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(text: &str) -> Vec<Block<'_>> {
        let lines: Vec<&str> = text.lines().collect();
        scan(&lines, 1)
            .blocks
            .into_iter()
            .map(|b| b.block)
            .collect()
    }

    fn heading(level: usize, text: &str) -> Block<'static> {
        Block::Heading {
            level,
            text: text.to_string(),
        }
    }

    fn text(content: &str) -> Block<'_> {
        Block::Text {
            content: Cow::Borrowed(content),
            list: false,
            indented: false,
        }
    }

    #[test]
    fn setext_headings_of_any_length() {
        assert_eq!(
            blocks("News\n====\n\nTools\n=====================\nSub\n---"),
            [
                heading(1, "News"),
                Block::Blank,
                heading(1, "Tools"),
                heading(2, "Sub")
            ]
        );
    }

    #[test]
    fn headings_are_plain_text() {
        assert_eq!(
            blocks("## [Tools](https://x.io) **now**\n*Sponsor*: [Acme](https://a.io)\n==="),
            [heading(2, "Tools now"), heading(1, "Sponsor: Acme")]
        );
    }

    #[test]
    fn mbox_from_escape_is_not_a_blockquote() {
        assert_eq!(
            blocks(">From our sponsor, VictorOps\n======"),
            [heading(1, "From our sponsor, VictorOps")]
        );
        assert_eq!(blocks("> quoted > text"), [text("quoted > text")]);
    }

    #[test]
    fn underline_without_text_above_is_not_a_heading() {
        assert_eq!(
            blocks("\n====\ntext"),
            [Block::Blank, Block::Break, text("text")]
        );
    }

    #[test]
    fn atx_headings_and_hashtags() {
        assert_eq!(
            blocks("## Updates ##\n### \\#1 News\n#hashtag"),
            [
                heading(2, "Updates"),
                heading(3, "#1 News"),
                text("#hashtag")
            ]
        );
    }

    #[test]
    fn comments_and_fences_vanish() {
        let got = blocks("a <!-- x\n[l](https://x.io)\n--> b\n```sh\nhttps://in.code\n```\nc");
        assert_eq!(got.len(), 4);
        assert!(matches!(&got[0], Block::Text { content, .. } if content.trim() == "a"));
        assert!(matches!(&got[1], Block::Text { content, .. } if content.trim() == "b"));
        assert_eq!(got[2], Block::Break);
        assert!(matches!(&got[3], Block::Text { content, .. } if content == "c"));
    }

    #[test]
    fn reference_definitions_are_collected() {
        let lines = ["[One]: <https://one.io> \"t\"", "[one]: https://two.io"];
        let body = scan(&lines, 1);
        assert_eq!(
            body.refs.get("one").map(String::as_str),
            Some("https://one.io")
        );
        assert_eq!(body.blocks.len(), 2);
    }

    #[test]
    fn list_items_lose_their_marker() {
        assert_eq!(
            blocks("* [a](https://a.io)\n12. b\n-not a list"),
            [
                Block::Text {
                    content: Cow::Borrowed("[a](https://a.io)"),
                    list: true,
                    indented: false
                },
                Block::Text {
                    content: Cow::Borrowed("b"),
                    list: true,
                    indented: false
                },
                text("-not a list"),
            ]
        );
    }
}
