//! Habits real archives have that CommonMark reads differently from the renderers these archives
//! were written for. The body is rewritten before pulldown-cmark reads it, only within lines (no
//! line is added or removed, so line numbers stay true), and only when a rule applies:
//!
//! - `###Heading` (two to six `#` glued to a word) is a heading, as kramdown and most archive
//!   renderers read it; a single `#` glued to a word stays text (`#hashtag`, `#12`).
//! - `>From our sponsor` at the start of a line is the mbox escape of `From `, not a quote.
//! - MDX: `import` / `export` statements (up to the next blank line), `{/* comments */}` and lines
//!   that are only a JSX component tag (`<Support />`, `<Callout type="tip">`, `</Callout>`: tag
//!   names start with a capital letter, HTML's do not) give no text; the markdown between a
//!   component's tags is read as markdown, as MDX does.
//!
//! Fenced code blocks are left as they are.

use std::borrow::Cow;

/// The body with the habits above rewritten (borrowed when nothing applies).
pub fn normalize(body: &str) -> Cow<'_, str> {
    let mut out: Option<String> = None;
    let mut fence: Option<(u8, usize)> = None;
    let mut in_esm = false;
    let mut start = 0;
    while start < body.len() {
        let end = memchr::memchr(b'\n', &body.as_bytes()[start..])
            .map_or(body.len(), |at| start + at + 1);
        let line = &body[start..end];
        let rewrite = rewrite_line(line, &mut fence, &mut in_esm);
        match (rewrite, &mut out) {
            (Some(new), Some(out)) => out.push_str(&new),
            (Some(new), None) => {
                let mut copy = String::with_capacity(body.len() + 64);
                copy.push_str(&body[..start]);
                copy.push_str(&new);
                out = Some(copy);
            }
            (None, Some(out)) => out.push_str(line),
            (None, None) => {}
        }
        start = end;
    }
    out.map_or(Cow::Borrowed(body), Cow::Owned)
}

/// The rewritten `line` (with its line ending), or `None` to keep it.
fn rewrite_line(line: &str, fence: &mut Option<(u8, usize)>, in_esm: &mut bool) -> Option<String> {
    let content = line.trim_end_matches(['\n', '\r']);
    let ending = &line[content.len()..];
    if let Some((ch, len)) = *fence {
        if closes_fence(content, ch, len) {
            *fence = None;
        }
        return None;
    }
    if *in_esm {
        *in_esm = !content.trim().is_empty();
        return Some(ending.to_string());
    }
    if let Some(open) = opens_fence(content) {
        *fence = Some(open);
        return None;
    }
    let first = *content.as_bytes().first()?;
    match first {
        b'#' | b' ' => glued_heading(content).map(|fixed| fixed + ending),
        b'>' => content
            .starts_with(">From ")
            .then(|| format!(" {}{ending}", &content[1..])),
        b'i' | b'e' if is_esm(content) => {
            *in_esm = true;
            Some(ending.to_string())
        }
        b'{' | b'<' if is_mdx_only(content) => Some(ending.to_string()),
        _ => None,
    }
}

/// `###Heading` → `### Heading`: two to six `#` (after up to three spaces) glued to a word.
fn glued_heading(content: &str) -> Option<String> {
    let indent = content.bytes().take_while(|&b| b == b' ').count();
    if indent > 3 {
        return None;
    }
    let rest = &content[indent..];
    let hashes = rest.bytes().take_while(|&b| b == b'#').count();
    let next = *rest.as_bytes().get(hashes)?;
    if !(2..=6).contains(&hashes) || matches!(next, b' ' | b'\t') {
        return None;
    }
    let at = indent + hashes;
    Some(format!("{} {}", &content[..at], &content[at..]))
}

/// An MDX `import` or `export` statement at the start of a line.
fn is_esm(content: &str) -> bool {
    if let Some(rest) = content.strip_prefix("import") {
        let rest = rest.trim_start();
        let spaced = content.len() > "import".len() + rest.len();
        return (spaced || rest.starts_with('{'))
            && (rest.starts_with(['\'', '"'])
                || rest.contains(" from '")
                || rest.contains(" from \"")
                || rest.contains("from'")
                || rest.contains("from\""));
    }
    content.strip_prefix("export ").is_some_and(|rest| {
        [
            "const ",
            "let ",
            "var ",
            "default ",
            "function ",
            "class ",
            "async ",
            "{",
            "*",
        ]
        .iter()
        .any(|word| rest.trim_start().starts_with(word))
    })
}

/// A line that is only an MDX comment `{/* ... */}` or one JSX component tag.
fn is_mdx_only(content: &str) -> bool {
    let text = content.trim();
    if text.starts_with("{/*") && text.ends_with("*/}") {
        return true;
    }
    let Some(inner) = text.strip_prefix('<').and_then(|t| t.strip_suffix('>')) else {
        return false;
    };
    let name = inner.strip_prefix('/').unwrap_or(inner);
    name.starts_with(|c: char| c.is_ascii_uppercase()) && !inner.contains(['<', '>'])
}

/// A code fence opener: its character and length.
fn opens_fence(content: &str) -> Option<(u8, usize)> {
    let text = content.trim_start_matches(' ');
    if content.len() - text.len() > 3 {
        return None;
    }
    let ch = *text.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = text.bytes().take_while(|&b| b == ch).count();
    (len >= 3 && !(ch == b'`' && text[len..].contains('`'))).then_some((ch, len))
}

/// True when `content` closes a fence of `len` `ch`s.
fn closes_fence(content: &str, ch: u8, len: usize) -> bool {
    let text = content.trim_start_matches(' ');
    let run = text.bytes().take_while(|&b| b == ch).count();
    content.len() - text.len() <= 3 && run >= len && text[run..].trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untouched_bodies_are_borrowed() {
        let body = "# Title\n\n## News\n#hashtag and #12\n";
        assert!(matches!(normalize(body), Cow::Borrowed(_)));
    }

    #[test]
    fn glued_headings_get_their_space() {
        assert_eq!(normalize("###Heading\n##News"), "### Heading\n## News");
        assert_eq!(normalize("```\n###not\n```\n"), "```\n###not\n```\n");
    }

    #[test]
    fn mbox_from_escape_is_not_a_quote() {
        assert_eq!(
            normalize(">From our sponsor\n> quoted"),
            " From our sponsor\n> quoted"
        );
    }

    #[test]
    fn mdx_statements_and_components_vanish_keeping_lines() {
        let body = "import Support from '@site/Support';\nexport const meta = {\n  a: 1,\n};\n\nText\n<Support />\n<Callout type=\"tip\">\nInside\n</Callout>\n{/* note */}\nimport this, said Tim\n";
        assert_eq!(
            normalize(body),
            "\n\n\n\n\nText\n\n\nInside\n\n\nimport this, said Tim\n"
        );
    }
}
