//! A bound on element nesting before html5ever sees a document. html5ever has no depth limit, and
//! its scope checks walk the stack of open elements for every start tag, so a hostile page of a
//! million nested `<div>`s takes time in the square of its depth. Start tags past
//! [`MAX_NESTING`] open elements are dropped (their text stays), which no real page reaches:
//! elements the HTML parser closes by itself (`<p>`, `<li>`, `<td>`, ...) and void elements
//! (`<br>`, `<img>`, ...) are not counted, and script, style and comment text is skipped.

use std::borrow::Cow;

/// Open elements kept; deeper start tags are dropped.
pub const MAX_NESTING: usize = 512;

/// Elements that never nest: void elements, and those an HTML parser closes when the next of
/// their kind (or their parent's end) comes (`<a>` among them: a link is never dropped).
const UNCOUNTED: &[&str] = &[
    "a", "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr", "param", "keygen", "p", "li", "dt", "dd", "tr", "td", "th", "option",
    "optgroup", "thead", "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rp", "!doctype",
];

/// Elements whose content is raw text (a `<` in it is no tag).
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp", "plaintext"];

/// `html` with start tags beyond [`MAX_NESTING`] open elements dropped; borrowed when none is.
pub fn bounded(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    let mut dropped: Vec<(usize, usize)> = Vec::new();
    let mut at = 0;
    while let Some(found) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + found;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            at = rest.find("-->").map_or(bytes.len(), |end| start + end + 3);
            continue;
        }
        let closing = rest.starts_with("</");
        let name = tag_name(&rest[1 + usize::from(closing)..]);
        if name.is_empty() {
            at = start + 1;
            continue;
        }
        let end = memchr::memchr(b'>', &bytes[start..]).map_or(bytes.len(), |end| start + end + 1);
        let counted = !is_one_of(name, UNCOUNTED);
        if closing {
            depth = depth.saturating_sub(usize::from(counted));
        } else if is_one_of(name, RAW_TEXT) {
            let close = format!("</{name}");
            at = find_ignore_case(html, end, &close).unwrap_or(bytes.len());
            continue;
        } else if counted && !bytes[..end].ends_with(b"/>") {
            if depth >= MAX_NESTING {
                dropped.push((start, end));
            } else {
                depth += 1;
            }
        }
        at = end;
    }
    if dropped.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut from = 0;
    for (start, end) in dropped {
        out.push_str(&html[from..start]);
        from = end;
    }
    out.push_str(&html[from..]);
    Cow::Owned(out)
}

/// The tag name at the start of `text` (empty when it is no tag name), as written.
fn tag_name(text: &str) -> &str {
    let end = text
        .bytes()
        .take(32)
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b':' | b'!')))
        .unwrap_or(text.len().min(32));
    let name = &text[..end];
    if name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '!') {
        name
    } else {
        ""
    }
}

/// True when `name` is one of `names` (lowercase), ignoring ASCII case.
fn is_one_of(name: &str, names: &[&str]) -> bool {
    names.iter().any(|known| name.eq_ignore_ascii_case(known))
}

/// Byte offset of `needle` (ASCII, starting `</`) in `haystack` from `from`, ignoring ASCII
/// case: each `</` is compared in place, nothing is copied.
fn find_ignore_case(haystack: &str, from: usize, needle: &str) -> Option<usize> {
    let bytes = haystack.as_bytes();
    memchr::memmem::find_iter(&bytes[from..], b"</")
        .map(|at| from + at)
        .find(|&at| {
            bytes
                .get(at..at + needle.len())
                .is_some_and(|candidate| candidate.eq_ignore_ascii_case(needle.as_bytes()))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_pages_are_left_as_they_are() {
        let page = "<html><body><script>if (a<b && c<d) {}</script><ul><li>a<li>b</ul><p>x<p>y<br><img src=x></body></html>";
        assert!(matches!(bounded(page), Cow::Borrowed(_)));
        let many_paragraphs = "<p>text".repeat(5_000);
        assert!(matches!(bounded(&many_paragraphs), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_nesting_is_cut_at_the_limit() {
        let deep = "<div>".repeat(MAX_NESTING + 100) + "deep text" + &"</div>".repeat(10);
        let bounded = bounded(&deep);
        assert_eq!(bounded.matches("<div>").count(), MAX_NESTING);
        assert!(bounded.ends_with(&("deep text".to_string() + &"</div>".repeat(10))));
    }
}
