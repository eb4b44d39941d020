//! Text cleaning: markdown fragments to plain text, and the per-link facts derived from a URL
//! (whether its text is a real title, whether it is a web link).

/// Longest HTML entity name we decode (`&hellip;`); longer `&...;` runs stay as written.
const MAX_ENTITY: usize = 10;

/// Turns a markdown fragment into plain text: markdown escapes (`\#`) unescaped, emphasis and
/// code markers (`*`, `_` at word edges, `~~`, `` ` ``) removed, HTML tags (`<br>`) removed,
/// common HTML entities decoded, control characters dropped and whitespace collapsed to single
/// spaces. One pass over the input, so linear in its length.
pub fn plain_text(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Spaced::with_capacity(raw.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if bytes.get(i + 1).is_some_and(u8::is_ascii_punctuation) => {
                out.push(char::from(bytes[i + 1]));
                i += 2;
            }
            b'*' | b'`' => i += 1,
            b'~' if bytes.get(i + 1) == Some(&b'~') => i += 2,
            b'_' if at_word_edge(bytes, i) => i += 1,
            b'<' => match html_tag_end(bytes, i) {
                Some(end) => {
                    out.space();
                    i = end;
                }
                None => {
                    out.push('<');
                    i += 1;
                }
            },
            b'&' => match entity(raw, i) {
                Some((ch, end)) => {
                    out.push(ch);
                    i = end;
                }
                None => {
                    out.push('&');
                    i += 1;
                }
            },
            byte if byte.is_ascii_alphanumeric() => {
                let end = run_end(bytes, i, u8::is_ascii_alphanumeric);
                out.push_visible(&raw[i..end]);
                i = end;
            }
            byte if byte.is_ascii() => {
                out.push(char::from(byte));
                i += 1;
            }
            _ => {
                let ch = raw[i..].chars().next().unwrap_or(' ');
                out.push(ch);
                i += ch.len_utf8();
            }
        }
    }
    out.finish()
}

/// Drops control characters and collapses whitespace, without touching markdown. For text that
/// is already plain (YAML values, URLs).
pub fn collapse(text: &str) -> String {
    let mut out = Spaced::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        let end = clean_run_end(text, i);
        if end > i {
            out.push_visible(&text[i..end]);
            i = end;
            continue;
        }
        let ch = text[i..].chars().next().unwrap_or(' ');
        out.push(ch);
        i += ch.len_utf8();
    }
    out.finish()
}

/// [`collapse`] of an owned text: the text itself, without a copy, when it is already clean
/// (the common case for descriptions and link texts).
pub fn collapse_owned(text: String) -> String {
    if clean_run_end(&text, 0) == text.len() {
        return text;
    }
    collapse(&text)
}

/// The end of the run from `start` that [`collapse`] copies unchanged: visible characters with
/// single spaces between them (a space neither first nor last). Copying such runs whole (most
/// text is one run a sentence long) is several times faster than a character at a time.
fn clean_run_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    if bytes.get(start).is_some_and(|&b| b != b' ') {
        i = clean_words_end(bytes, start);
    }
    while i < bytes.len() {
        let byte = bytes[i];
        if byte.is_ascii_graphic() {
            i += 1;
        } else if byte == b' ' && i > start && bytes.get(i + 1).is_some_and(u8::is_ascii_graphic) {
            i += 2;
        } else if byte >= 0x80 {
            let ch = text[i..].chars().next().unwrap_or(' ');
            if !is_visible(ch) {
                break;
            }
            i += ch.len_utf8();
        } else {
            break;
        }
    }
    i
}

/// Eight bytes in every lane of a `u64`.
const LANES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every lane.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// [`clean_run_end`] eight bytes at a time, over printable ASCII with single spaces; `start` is
/// not a space. Stops before a chunk that needs a closer look, and never ends on a space (the
/// byte-wise loop decides whether a space belongs to the run).
fn clean_words_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        let below_space = word.wrapping_sub(LANES * 0x20) & !word & HIGH_BITS;
        let above_tilde = (word.wrapping_add(LANES) | word) & HIGH_BITS;
        if below_space | above_tilde != 0 {
            break;
        }
        let spaces = space_lanes(word);
        let doubled = spaces & (spaces >> 8) != 0;
        let after_space = spaces & 0x80 != 0 && i > start && bytes[i - 1] == b' ';
        if doubled || after_space {
            break;
        }
        i += 8;
    }
    if i > start && bytes[i - 1] == b' ' {
        i -= 1;
    }
    i
}

/// The high bit of each lane of `word` that holds a space.
fn space_lanes(word: u64) -> u64 {
    let diff = word ^ (LANES * 0x20);
    let nonzero = ((diff & !HIGH_BITS).wrapping_add(!HIGH_BITS) | diff) & HIGH_BITS;
    !nonzero & HIGH_BITS
}

/// True for a character kept as it is: not whitespace, not a control or invisible format
/// character.
fn is_visible(ch: char) -> bool {
    !ch.is_whitespace() && !ch.is_control() && !is_invisible_format(ch)
}

/// The end of the run of bytes from `start` that satisfy `keep` (ASCII classes only, so the end
/// is always a character boundary). Copying such runs whole, rather than a character at a time,
/// halves the cost of cleaning text.
fn run_end(bytes: &[u8], start: usize, keep: fn(&u8) -> bool) -> usize {
    bytes[start..]
        .iter()
        .position(|byte| !keep(byte))
        .map_or(bytes.len(), |offset| start + offset)
}

/// Cuts `text` to at most `max` bytes (plus a closing `…`), at the last space before the limit
/// when there is one, never inside a character.
pub fn truncate(text: String, max: usize) -> String {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = text[..end].rfind(' ').filter(|&at| at > 0).unwrap_or(end);
    format!("{}…", text[..cut].trim_end())
}

/// A string builder that turns whitespace runs into one space, drops control characters, and
/// trims both ends.
struct Spaced {
    text: String,
    pending_space: bool,
}

impl Spaced {
    fn with_capacity(capacity: usize) -> Self {
        Self {
            text: String::with_capacity(capacity),
            pending_space: false,
        }
    }

    #[inline]
    fn push(&mut self, ch: char) {
        if ch.is_ascii_graphic() {
            if self.pending_space {
                self.flush_space();
            }
            self.text.push(ch);
        } else if ch.is_whitespace() {
            self.space();
        } else if !ch.is_control() && !is_invisible_format(ch) {
            if self.pending_space {
                self.flush_space();
            }
            self.text.push(ch);
        }
    }

    /// Appends `run`, which holds only visible ASCII characters.
    #[inline]
    fn push_visible(&mut self, run: &str) {
        if self.pending_space {
            self.flush_space();
        }
        self.text.push_str(run);
    }

    /// Writes the space owed before the next visible character (none at the start).
    fn flush_space(&mut self) {
        if !self.text.is_empty() {
            self.text.push(' ');
        }
        self.pending_space = false;
    }

    fn space(&mut self) {
        self.pending_space = true;
    }

    fn finish(self) -> String {
        self.text
    }
}

/// Bidirectional overrides and similar format characters that could reorder terminal output.
fn is_invisible_format(ch: char) -> bool {
    matches!(ch, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// True when the `_` at `i` touches a non-word character (so it is emphasis, not `snake_case`).
fn at_word_edge(bytes: &[u8], i: usize) -> bool {
    let word = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || *b >= 0x80);
    !(i > 0 && word(bytes.get(i - 1)) && word(bytes.get(i + 1)))
}

/// When an HTML tag (`<br>`, `</a>`, `<img src=...>`) starts at `start`, the index just past its
/// `>`. The scan stops at the next `<`, so repeated calls over one line stay linear.
fn html_tag_end(bytes: &[u8], start: usize) -> Option<usize> {
    let first = *bytes.get(start + 1)?;
    if !(first.is_ascii_alphabetic() || first == b'/' || first == b'!') {
        return None;
    }
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'>' => return Some(i + 1),
            b'<' | b'\n' => return None,
            _ => i += 1,
        }
    }
    None
}

/// Decodes the HTML entity starting at `start` (`&amp;`, `&#8217;`, `&#x2019;`): the character and
/// the index just past the `;`.
fn entity(raw: &str, start: usize) -> Option<(char, usize)> {
    let rest = &raw.as_bytes()[start + 1..];
    let len = rest.iter().take(MAX_ENTITY).position(|&b| b == b';')?;
    let name = std::str::from_utf8(&rest[..len]).ok()?;
    let ch = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "hellip" => '…',
        "mdash" => '—',
        "ndash" => '–',
        "rsquo" => '\u{2019}',
        "lsquo" => '\u{2018}',
        "rdquo" => '\u{201d}',
        "ldquo" => '\u{201c}',
        _ => numeric_entity(name)?,
    };
    Some((ch, start + len + 2))
}

/// `#8217` or `#x2019` to its character.
fn numeric_entity(name: &str) -> Option<char> {
    let digits = name.strip_prefix('#')?;
    let code = match digits.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => digits.parse().ok()?,
    };
    char::from_u32(code)
}

/// The link's title: its plain text when that says more than the URL itself, else `None`
/// (`[https://x.io/](https://x.io/)`, `[x.io](https://x.io)` and empty texts have no title). A
/// button's arrow after the words is no part of them (`Latency budgets →`).
pub fn link_title(text: &str, url: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() || looks_like_url(text) || bare(text) == bare(url) {
        return None;
    }
    // The arrows are all outside ASCII: a title ending in an ASCII byte (most) is not asked.
    if text.as_bytes().last().is_some_and(|&byte| byte >= 0x80) {
        let words = text.trim_end_matches(ARROWS).trim_end();
        if !words.is_empty() {
            return Some(words.to_string());
        }
    }
    Some(text.to_string())
}

/// Arrows a link's text ends with when it is set as a button (`Read more →`, `Next »`).
const ARROWS: &[char] = &['→', '»', '›', '↗', '⟶', '➔', '➜', '▸', '►'];

/// Link texts (lowercase, without their punctuation and arrows) that name no page: the "more"
/// link of an entry whose title is set without a link (`Read more`, `(link)`, `→`), which the
/// editor's words around it describe. A document is never titled by one.
const GENERIC_LINK_TEXTS: &[&str] = &[
    "read more",
    "read it",
    "read",
    "read the post",
    "read the article",
    "read the story",
    "read the full post",
    "read the full article",
    "read the full story",
    "read full story",
    "full story",
    "continue reading",
    "keep reading",
    "more",
    "more info",
    "learn more",
    "see more",
    "find out more",
    "details",
    "link",
    "here",
    "click here",
    "open",
    "view",
    "visit",
    "watch",
    "watch it",
    "listen",
];

/// Longest generic link text, in bytes: a longer one is never asked for its words.
const GENERIC_LINK_BYTES: usize = 24;

/// True for a link text that names no page ([`GENERIC_LINK_TEXTS`], or no words at all: `→`).
pub fn is_generic_link_text(text: &str) -> bool {
    let words = text.trim_matches(|c: char| !c.is_alphanumeric());
    if words.is_empty() {
        return !text.trim().is_empty();
    }
    words.len() <= GENERIC_LINK_BYTES
        && GENERIC_LINK_TEXTS
            .iter()
            .any(|generic| words.eq_ignore_ascii_case(generic))
}

/// True when `text` starts with a URL scheme the parser links (`http://`, `https://`, `ftp://`).
pub fn looks_like_url(text: &str) -> bool {
    ["http://", "https://", "ftp://"]
        .iter()
        .any(|scheme| starts_with_ignore_case(text, scheme))
}

/// True when `url` is a web link worth a document: an http(s) or ftp URL, or a scheme-less
/// `www.` address. Anchors, relative paths, `mailto:` and the like are not.
pub fn is_web_link(url: &str) -> bool {
    let host_start = url.find("://").map(|at| at + 3).unwrap_or(0);
    let has_host = url[host_start..]
        .chars()
        .next()
        .is_some_and(|ch| ch.is_alphanumeric() || ch == '[');
    (looks_like_url(url) || starts_with_ignore_case(url, "www.")) && has_host
}

/// `url` lowercased, without scheme, `www.` and trailing `/`, for comparing a link text with it.
fn bare(url: &str) -> String {
    let lower = url.trim().to_lowercase();
    let rest = lower.split_once("://").map_or(lower.as_str(), |(_, r)| r);
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    rest.trim_end_matches('/').to_string()
}

/// ASCII case-insensitive prefix test that never slices inside a character.
pub fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    crate::urls::strip_prefix_ignore_case(text, prefix).is_some()
}

/// Extensions (lowercase) of an image file.
const IMAGE_EXTENSIONS: &[&str] = &[".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg"];

/// True for a URL whose path names an image file (`https://cdn.example/chart.png?w=600`): a
/// picture's link to itself (a lightbox), not to an article.
pub fn is_image_file(url: &str) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    IMAGE_EXTENSIONS.iter().any(|extension| {
        path.len() > extension.len()
            && path
                .get(path.len() - extension.len()..)
                .is_some_and(|end| end.eq_ignore_ascii_case(extension))
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::urls::host as domain;

    /// [`collapse`] a character at a time: what the whole-run copies must reproduce.
    fn collapse_by_char(text: &str) -> String {
        let mut out = Spaced::with_capacity(text.len());
        text.chars().for_each(|ch| out.push(ch));
        out.finish()
    }

    proptest! {
        #[test]
        fn collapsing_by_runs_equals_by_character(text in "(\\PC|[ \t\r\n\u{0}-\u{1f}\u{200b}\u{202e}])*") {
            prop_assert_eq!(collapse(&text), collapse_by_char(&text));
        }

        #[test]
        fn collapsing_mostly_ascii_by_runs_equals_by_character(
            text in "([a-z.,]{1,9}[ ]{1,3}|[\\x00-\\x7f]|é){0,80}",
        ) {
            prop_assert_eq!(collapse(&text), collapse_by_char(&text));
        }

        #[test]
        fn collapsing_an_owned_text_is_collapsing_it(text in "(\\PC|[ \t\r\n\u{0}-\u{1f}\u{200b}\u{202e}])*") {
            prop_assert_eq!(collapse_owned(text.clone()), collapse(&text));
        }

        #[test]
        fn text_without_markdown_is_only_collapsed(text in "[^\\\\*`~_<&]*") {
            prop_assert_eq!(plain_text(&text), collapse_by_char(&text));
        }
    }

    #[test]
    fn markdown_is_stripped_to_plain_text() {
        assert_eq!(
            plain_text("**Bold** and _em_ and `code` and ~~gone~~"),
            "Bold and em and code and gone"
        );
        assert_eq!(plain_text("snake_case stays"), "snake_case stays");
        assert_eq!(
            plain_text("DEVOPS WEEKLY ISSUE \\#515 "),
            "DEVOPS WEEKLY ISSUE #515"
        );
    }

    #[test]
    fn html_tags_entities_controls_and_whitespace_are_cleaned() {
        assert_eq!(plain_text("a<br>b <b>c</b>"), "a b c");
        assert_eq!(plain_text("x < y and 1<2"), "x < y and 1<2");
        assert_eq!(
            plain_text("Tom &amp; Jerry&#8217;s &bogus;"),
            "Tom & Jerry\u{2019}s &bogus;"
        );
        assert_eq!(plain_text("a\u{1b}[31m\t\tb\r\n  c\u{202e}"), "a[31m b c");
    }

    #[test]
    fn truncate_cuts_at_a_word_and_never_inside_a_character() {
        assert_eq!(truncate("short".into(), 10), "short");
        assert_eq!(truncate("one two three".into(), 9), "one two…");
        assert_eq!(truncate("ééééé".into(), 5), "éé…");
    }

    #[test]
    fn domain_is_lowercased_without_www() {
        assert_eq!(domain("https://WWW.Example.COM/a"), "example.com");
        assert_eq!(
            domain("https://mhausenblas.medium.com/x"),
            "mhausenblas.medium.com"
        );
        assert_eq!(domain("www.kiali.io/docs"), "kiali.io");
        assert_eq!(domain("http://"), "");
        assert_eq!(domain("not a url"), "");
        assert_eq!(domain("mailto:a@b.c"), "");
    }

    #[test]
    fn title_only_when_it_says_more_than_the_url() {
        let url = "https://www.kiali.io/";
        assert_eq!(link_title(url, url), None);
        assert_eq!(link_title("kiali.io", url), None);
        assert_eq!(link_title("", url), None);
        assert_eq!(link_title("http://other.example", url), None);
        assert_eq!(link_title("Kiali", url), Some("Kiali".to_string()));
    }

    #[test]
    fn only_web_links_count() {
        assert!(is_web_link("https://a.b/c"));
        assert!(is_web_link("www.a.b"));
        assert!(!is_web_link("#top"));
        assert!(!is_web_link("/about"));
        assert!(!is_web_link("mailto:a@b.c"));
        assert!(!is_web_link("https://"));
    }
}
