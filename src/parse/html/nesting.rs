//! A bound on element nesting before html5ever sees a document. html5ever has no depth limit, and
//! its scope checks walk the stack of open elements for every start tag, so a hostile page of a
//! million nested `<div>`s takes time in the square of its depth. Start tags past
//! [`MAX_NESTING`] open elements are dropped (their text stays), which no real page reaches:
//! elements the HTML parser closes by itself (`<p>`, `<li>`, `<td>`, ...) and void elements
//! (`<br>`, `<img>`, ...) are not counted, and script, style and comment text is skipped.

use std::borrow::Cow;

/// Open elements kept; deeper start tags are dropped.
pub const MAX_NESTING: usize = 512;

/// True for an element that never nests, by its lowercase name: void elements, and those an
/// HTML parser closes when the next of their kind (or their parent's end) comes (`<a>` among
/// them: a link is never dropped). A `match`, not a list scanned with a case-blind compare per
/// entry: every tag of every page is asked (the scan was most of this module's cost).
fn never_nests(name: &[u8]) -> bool {
    matches!(
        name,
        b"a" | b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"source"
            | b"track"
            | b"wbr"
            | b"param"
            | b"keygen"
            | b"p"
            | b"li"
            | b"dt"
            | b"dd"
            | b"tr"
            | b"td"
            | b"th"
            | b"option"
            | b"optgroup"
            | b"thead"
            | b"tbody"
            | b"tfoot"
            | b"colgroup"
            | b"caption"
            | b"rb"
            | b"rt"
            | b"rp"
            | b"!doctype"
    )
}

/// True for an element whose content is raw text (a `<` in it is no tag), by its lowercase name.
fn is_raw_text(name: &[u8]) -> bool {
    matches!(
        name,
        b"script" | b"style" | b"textarea" | b"title" | b"xmp" | b"plaintext"
    )
}

/// `html` with start tags beyond [`MAX_NESTING`] open elements dropped; borrowed when none is.
pub fn bounded(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    // Each open element took a `<`: a page with no more of them than the bound cannot pass it,
    // and is not scanned tag by tag (one vectorised count instead).
    if memchr::memchr_iter(b'<', bytes).nth(MAX_NESTING).is_none() {
        return Cow::Borrowed(html);
    }
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
        let mut buffer = [0; TAG_NAME_BYTES];
        let lower = lowercase(name, &mut buffer);
        let counted = !never_nests(lower);
        if closing {
            depth = depth.saturating_sub(usize::from(counted));
        } else if is_raw_text(lower) {
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

/// Longest tag name read, in bytes.
const TAG_NAME_BYTES: usize = 32;

/// The tag name at the start of `text` (empty when it is no tag name), as written.
fn tag_name(text: &str) -> &str {
    let end = text
        .bytes()
        .take(TAG_NAME_BYTES)
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b':' | b'!')))
        .unwrap_or(text.len().min(TAG_NAME_BYTES));
    let name = &text[..end];
    if name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '!') {
        name
    } else {
        ""
    }
}

/// `name` (a [`tag_name`], at most [`TAG_NAME_BYTES`] long) in ASCII lowercase, in `buffer`.
fn lowercase<'b>(name: &str, buffer: &'b mut [u8; TAG_NAME_BYTES]) -> &'b [u8] {
    let lower = &mut buffer[..name.len().min(TAG_NAME_BYTES)];
    lower.copy_from_slice(&name.as_bytes()[..lower.len()]);
    lower.make_ascii_lowercase();
    lower
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

    #[test]
    fn the_limit_is_the_same_with_and_without_the_count() {
        let at_limit = "<div>".repeat(MAX_NESTING) + "text";
        assert!(matches!(bounded(&at_limit), Cow::Borrowed(_)));
        let one_over = "<div>".repeat(MAX_NESTING + 1) + "text";
        assert_eq!(bounded(&one_over), at_limit);
        let many_closed = "<div>a</div>".repeat(MAX_NESTING);
        assert!(matches!(bounded(&many_closed), Cow::Borrowed(_)));
    }
}
