//! Inline scanning: one line of markdown in, its links and its plain text out.
//!
//! Recognised links: inline `[text](url "title")` (also around an image, `[![alt](src)](url)`),
//! reference `[text][ref]`, `[text][]` and `[ref]` (with a `[ref]: url` definition elsewhere),
//! autolinks `<https://...>`, and bare `http(s)://` URLs. Escaped brackets and code spans hold no
//! links. Every scan is bounded or remembered so that one line is scanned in linear time, however
//! hostile (`[[[[...`, `](](](...`, endless backticks).

use std::collections::{HashMap, HashSet};

use super::clean::{self, plain_text};

/// Reference definitions of an issue: normalized label → URL.
pub type RefMap = HashMap<String, String>;

/// One link found in a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The destination as written (angle brackets removed), trimmed.
    pub url: String,
    /// The link text when it says more than the URL, as plain text.
    pub title: Option<String>,
}

/// A scanned line.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Line {
    /// The line as plain text. In a line with prose every link shows its text (a bare URL is its
    /// own text); in a link line only titles show, so `<br>[url](url)` adds nothing.
    pub text: String,
    /// True when the line has words of its own besides its links (so it is description, not a
    /// link line like `<br>[url](url)`).
    pub has_prose: bool,
    /// The web links of the line, in order.
    pub links: Vec<Link>,
}

/// Normalizes a reference label the way markdown compares them: case-insensitive, whitespace
/// collapsed.
pub fn ref_label(label: &str) -> String {
    clean::collapse(label).to_lowercase()
}

/// Scans one line for links and plain text.
pub fn scan(line: &str, refs: &RefMap) -> Line {
    let mut scanner = Scanner::new(line, refs);
    scanner.run();
    let has_prose = has_words(&scanner.prose);
    let text = plain_text(if has_prose {
        &scanner.text
    } else {
        &scanner.titles
    });
    Line {
        has_prose,
        text,
        links: scanner.links,
    }
}

/// True when the plain text of the markdown `raw` has a letter or digit. Cleaning only removes
/// characters that are not letters or digits, except inside HTML tags (`<br>`) and entities
/// (`&#65;`): without `<` or `&` the raw text answers, without cleaning a copy.
fn has_words(raw: &str) -> bool {
    if raw.contains(['<', '&']) {
        plain_text(raw).chars().any(char::is_alphanumeric)
    } else {
        raw.chars().any(char::is_alphanumeric)
    }
}

/// A link candidate parsed at some position: its destination, its raw text, and where it ends.
struct Parsed {
    url: String,
    text: String,
    end: usize,
    /// A bare URL or `<autolink>`: its text is the URL itself.
    autolink: bool,
}

/// The state of one line's scan.
struct Scanner<'a> {
    src: &'a str,
    bytes: &'a [u8],
    refs: &'a RefMap,
    /// Raw markdown of the line with every link replaced by its (escaped) text.
    text: String,
    /// Raw markdown of the line with links replaced by their titles only.
    titles: String,
    /// Raw markdown of the line without the text of web links (to tell prose from link lines).
    prose: String,
    links: Vec<Link>,
    /// A link destination scan that failed reached this far: later ones starting before it fail.
    dest_fail_until: usize,
    /// Backtick run lengths known to have no closing run further on.
    unclosed_code: HashSet<usize>,
}

impl<'a> Scanner<'a> {
    fn new(src: &'a str, refs: &'a RefMap) -> Self {
        Self {
            src,
            bytes: src.as_bytes(),
            refs,
            text: String::with_capacity(src.len()),
            titles: String::with_capacity(src.len()),
            prose: String::with_capacity(src.len()),
            links: Vec::new(),
            dest_fail_until: 0,
            unclosed_code: HashSet::new(),
        }
    }

    fn run(&mut self) {
        let mut i = 0;
        let mut plain_from = 0;
        while i < self.bytes.len() {
            let found = match self.bytes[i] {
                b'\\' => {
                    i += if self.bytes.get(i + 1).is_some_and(u8::is_ascii_punctuation) {
                        2
                    } else {
                        1
                    };
                    continue;
                }
                b'`' => {
                    i = self.code_span_end(i);
                    continue;
                }
                b'!' if self.bytes.get(i + 1) == Some(&b'[') => self.image(i + 1),
                b'[' => self.bracket_link(i),
                b'<' => self.autolink(i).or_else(|| self.html_anchor(i)),
                b'h' | b'H' if self.bare_url_can_start(i) => self.bare_url(i),
                _ => None,
            };
            match found {
                Some(Found::Link(parsed)) => {
                    self.plain(plain_from, i);
                    self.add_link(&parsed);
                    i = parsed.end;
                    plain_from = i;
                }
                Some(Found::Image { alt, end }) => {
                    self.plain(plain_from, i);
                    self.text.push_str(&alt);
                    self.titles.push_str(&alt);
                    self.prose.push_str(&alt);
                    i = end;
                    plain_from = i;
                }
                None => i += 1,
            }
        }
        self.plain(plain_from, self.bytes.len());
    }

    /// Copies the raw text between two links.
    fn plain(&mut self, from: usize, to: usize) {
        if from < to {
            let piece = &self.src[from..to];
            self.text.push_str(piece);
            self.titles.push_str(piece);
            self.prose.push_str(piece);
        }
    }

    /// Records a link and its text. Texts go into the raw buffers markdown-escaped, so the final
    /// plain-text pass leaves them (and URLs with `_` or `*`) as they are.
    fn add_link(&mut self, parsed: &Parsed) {
        let url = parsed.url.trim();
        let visible = if parsed.autolink {
            url.to_string()
        } else {
            plain_text(&parsed.text)
        };
        let title = clean::link_title(&visible, url);
        push_escaped(&mut self.text, &visible);
        if let Some(title) = &title {
            push_escaped(&mut self.titles, title);
        }
        if !clean::is_web_link(url) {
            push_escaped(&mut self.prose, &visible);
            return;
        }
        self.links.push(Link {
            url: clean::collapse(url),
            title,
        });
    }

    /// Skips a code span (or a lone backtick run) starting at `start`; returns where to go on.
    /// Code spans are copied as text and hold no links.
    fn code_span_end(&mut self, start: usize) -> usize {
        let run = run_length(self.bytes, start, b'`');
        let after = start + run;
        if self.unclosed_code.contains(&run) {
            return after;
        }
        let mut i = after;
        while i < self.bytes.len() {
            if self.bytes[i] == b'`' {
                let len = run_length(self.bytes, i, b'`');
                if len == run {
                    return i + len;
                }
                i += len;
            } else {
                i += 1;
            }
        }
        self.unclosed_code.insert(run);
        after
    }

    /// `![alt](src)` at `open` (the `[`): an image, not a link; its alt text is kept as text.
    fn image(&mut self, open: usize) -> Option<Found> {
        let close = self.simple_text_end(open)?;
        let dest = self.inline_destination(close + 1)?;
        Some(Found::Image {
            alt: self.src[open + 1..close].to_string(),
            end: dest.end,
        })
    }

    /// A link starting with `[` at `open`: inline, reference, or shortcut reference.
    fn bracket_link(&mut self, open: usize) -> Option<Found> {
        let close = self.link_text_end(open)?;
        let text = &self.src[open + 1..close];
        let parsed = match self.bytes.get(close + 1) {
            Some(b'(') => self.inline_destination(close + 1).map(|dest| Parsed {
                text: text.to_string(),
                ..dest
            }),
            Some(b'[') => self.full_reference(text, close + 1),
            _ => self.shortcut_reference(text, close + 1),
        }?;
        Some(Found::Link(parsed))
    }

    /// The `]` closing the link text that opens at `open`. Link text holds no brackets, except
    /// one image at its start (`[![alt](src)](url)`). Stops at the next bracket, so linear.
    fn link_text_end(&mut self, open: usize) -> Option<usize> {
        if self.bytes.get(open + 1) == Some(&b'!') && self.bytes.get(open + 2) == Some(&b'[') {
            if let Some(Found::Image { end, .. }) = self.image(open + 2) {
                return self.simple_text_end_from(end);
            }
        }
        self.simple_text_end(open)
    }

    /// The `]` matching the `[` at `open`, when no other bracket comes first.
    fn simple_text_end(&self, open: usize) -> Option<usize> {
        self.simple_text_end_from(open + 1)
    }

    fn simple_text_end_from(&self, from: usize) -> Option<usize> {
        let mut i = from;
        while i < self.bytes.len() {
            match self.bytes[i] {
                b'\\' => i += 2,
                b']' => return Some(i),
                b'[' => return None,
                _ => i += 1,
            }
        }
        None
    }

    /// `(url "title")` starting at `paren`. Remembers how far a failed scan went so that a run of
    /// `](](](` is not rescanned.
    fn inline_destination(&mut self, paren: usize) -> Option<Parsed> {
        if paren < self.dest_fail_until {
            return None;
        }
        match destination(self.bytes, paren) {
            Ok((url_from, url_to, end)) => Some(Parsed {
                url: self.src[url_from..url_to].to_string(),
                text: String::new(),
                end,
                autolink: false,
            }),
            Err(reached) => {
                self.dest_fail_until = reached.max(paren + 1);
                None
            }
        }
    }

    /// `[text][ref]` or `[text][]` with the label at `open`.
    fn full_reference(&self, text: &str, open: usize) -> Option<Parsed> {
        let close = self.simple_text_end(open)?;
        let label = &self.src[open + 1..close];
        let key = if label.trim().is_empty() { text } else { label };
        let url = self.refs.get(&ref_label(key))?;
        Some(Parsed {
            url: url.clone(),
            text: text.to_string(),
            end: close + 1,
            autolink: false,
        })
    }

    /// `[ref]` alone, when `ref` is defined (and this is not the definition itself).
    fn shortcut_reference(&self, text: &str, after: usize) -> Option<Parsed> {
        if self.bytes.get(after) == Some(&b':') || self.refs.is_empty() {
            return None;
        }
        let url = self.refs.get(&ref_label(text))?;
        Some(Parsed {
            url: url.clone(),
            text: text.to_string(),
            end: after,
            autolink: false,
        })
    }

    /// `<https://...>` at `open`. Other `<...>` (HTML tags) are left to the text cleaner.
    fn autolink(&self, open: usize) -> Option<Found> {
        let mut i = open + 1;
        while i < self.bytes.len() {
            match self.bytes[i] {
                b'>' => break,
                b'<' => return None,
                b if b.is_ascii_whitespace() || b.is_ascii_control() => return None,
                _ => i += 1,
            }
        }
        let inner = self.src.get(open + 1..i)?;
        if i >= self.bytes.len() || !clean::looks_like_url(inner) {
            return None;
        }
        Some(Found::Link(Parsed {
            url: inner.to_string(),
            text: String::new(),
            end: i + 1,
            autolink: true,
        }))
    }

    /// `<a href="url">text</a>` at `open`: a link whose title is its text. The tag and the text
    /// each end at the next `<`, so the scan stays linear.
    fn html_anchor(&self, open: usize) -> Option<Found> {
        let rest = &self.bytes[open..];
        if rest.len() < 3
            || !rest[..2].eq_ignore_ascii_case(b"<a")
            || !rest[2].is_ascii_whitespace()
        {
            return None;
        }
        let tag_end = open + 1 + position_before_next(&self.bytes[open + 1..], b'>', b'<')?;
        let url = href(&self.src[open..tag_end])?;
        let text_end = tag_end + 1 + position_before_next(&self.bytes[tag_end + 1..], b'<', 0)?;
        let closing = self.bytes.get(text_end..text_end + 4)?;
        if !closing.eq_ignore_ascii_case(b"</a>") {
            return None;
        }
        Some(Found::Link(Parsed {
            url: url.to_string(),
            text: self.src[tag_end + 1..text_end].to_string(),
            end: text_end + 4,
            autolink: false,
        }))
    }

    /// True at the start of a bare `http://` / `https://` URL that is not glued to a word.
    fn bare_url_can_start(&self, i: usize) -> bool {
        let rest = &self.src[i..];
        let scheme = clean::starts_with_ignore_case(rest, "http://")
            || clean::starts_with_ignore_case(rest, "https://");
        scheme && (i == 0 || !self.bytes[i - 1].is_ascii_alphanumeric())
    }

    /// A bare URL at `start`: up to whitespace or a character that cannot be in one, minus the
    /// trailing punctuation of the sentence around it.
    fn bare_url(&self, start: usize) -> Option<Found> {
        let mut end = start;
        while end < self.bytes.len() && !ends_bare_url(self.bytes[end]) {
            end += 1;
        }
        let end = trim_url_tail(self.bytes, start, end);
        let url = &self.src[start..end];
        let host_at = url.find("://")? + 3;
        (url.len() > host_at).then(|| {
            Found::Link(Parsed {
                url: url.to_string(),
                text: String::new(),
                end,
                autolink: true,
            })
        })
    }
}

/// Appends plain `text` to a raw markdown buffer, escaping ASCII punctuation so that it reads
/// back as the same text.
fn push_escaped(buffer: &mut String, text: &str) {
    for ch in text.chars() {
        if ch.is_ascii_punctuation() {
            buffer.push('\\');
        }
        buffer.push(ch);
    }
}

/// What a scan at one position found.
enum Found {
    Link(Parsed),
    Image { alt: String, end: usize },
}

/// Offset of the first `wanted` in `bytes`, unless `stop` (when not 0) comes first.
fn position_before_next(bytes: &[u8], wanted: u8, stop: u8) -> Option<usize> {
    let at = bytes
        .iter()
        .position(|&b| b == wanted || (stop != 0 && b == stop))?;
    (bytes[at] == wanted).then_some(at)
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

/// Parses `(dest "title")` at `paren`: `Ok((url_from, url_to, end))` or `Err(position reached)`.
fn destination(bytes: &[u8], paren: usize) -> Result<(usize, usize, usize), usize> {
    let mut i = skip_spaces(bytes, paren + 1);
    let (from, to);
    if bytes.get(i) == Some(&b'<') {
        from = i + 1;
        i = from;
        while i < bytes.len() && !matches!(bytes[i], b'>' | b'<' | b'\n') {
            i += 1;
        }
        if bytes.get(i) != Some(&b'>') {
            return Err(i);
        }
        to = i;
        i += 1;
    } else {
        from = i;
        let mut depth = 0usize;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' => i += 1,
                b'(' => depth += 1,
                b')' if depth == 0 => break,
                b')' => depth -= 1,
                b if b.is_ascii_whitespace() || b.is_ascii_control() => break,
                _ => {}
            }
            i += 1;
        }
        to = i.min(bytes.len());
        i = to;
    }
    i = skip_spaces(bytes, i);
    if let Some(&quote @ (b'"' | b'\'' | b'(')) = bytes.get(i) {
        let closing = if quote == b'(' { b')' } else { quote };
        i += 1;
        while i < bytes.len() && bytes[i] != closing {
            i += if bytes[i] == b'\\' { 2 } else { 1 };
        }
        i = skip_spaces(bytes, i + 1);
    }
    match bytes.get(i) {
        Some(b')') => Ok((from, to, i + 1)),
        _ => Err(i.min(bytes.len())),
    }
}

fn skip_spaces(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && matches!(bytes[i], b' ' | b'\t') {
        i += 1;
    }
    i
}

/// Length of the run of `byte` starting at `start`.
fn run_length(bytes: &[u8], start: usize, byte: u8) -> usize {
    bytes[start..].iter().take_while(|&&b| b == byte).count()
}

/// Bytes that end a bare URL.
fn ends_bare_url(byte: u8) -> bool {
    byte.is_ascii_whitespace()
        || byte.is_ascii_control()
        || matches!(
            byte,
            b'<' | b'>' | b'"' | b'`' | b'[' | b']' | b'{' | b'}' | b'|'
        )
}

/// Trims sentence punctuation off the end of a bare URL (`http://x.io).` → `http://x.io`); a
/// closing parenthesis stays when the URL opened one (`.../Foo_(bar)`).
fn trim_url_tail(bytes: &[u8], start: usize, mut end: usize) -> usize {
    let url = &bytes[start..end];
    let opens = url.iter().filter(|&&b| b == b'(').count();
    let mut closes = url.iter().filter(|&&b| b == b')').count();
    while end > start {
        let trim = match bytes[end - 1] {
            b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'' | b'*' | b'_' => true,
            b')' if closes > opens => {
                closes -= 1;
                true
            }
            _ => false,
        };
        if !trim {
            break;
        }
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn words_are_found_as_in_the_cleaned_text(raw in "([a-zé0-9 <>&#;/*_`~\\\\]|&amp;|&#65;|<br>|\\PC)*") {
            prop_assert_eq!(
                has_words(&raw),
                plain_text(&raw).chars().any(char::is_alphanumeric)
            );
        }
    }

    fn links(line: &str) -> Vec<String> {
        scan(line, &RefMap::new())
            .links
            .into_iter()
            .map(|l| l.url)
            .collect()
    }

    #[test]
    fn br_link_line_is_a_link_line() {
        let line = scan("<br>[https://a.io/x](https://a.io/x)", &RefMap::new());
        assert!(!line.has_prose);
        assert_eq!(line.text, "");
        assert_eq!(
            line.links,
            vec![Link {
                url: "https://a.io/x".into(),
                title: None
            }]
        );
    }

    #[test]
    fn inline_links_in_prose_keep_their_text() {
        let line = scan(
            "Read [the *post*](https://a.io/p \"t\") and <https://b.io>.",
            &RefMap::new(),
        );
        assert!(line.has_prose);
        assert_eq!(line.text, "Read the post and https://b.io.");
        assert_eq!(line.links[0].title.as_deref(), Some("the post"));
        assert_eq!(line.links[1].url, "https://b.io");
        assert_eq!(line.links[1].title, None);
    }

    #[test]
    fn link_texts_are_kept_as_written() {
        let line = scan(
            "Now: http://x.io/a_b_c and [*x*\\_y](https://y.io).",
            &RefMap::new(),
        );
        assert_eq!(line.text, "Now: http://x.io/a_b_c and x_y.");
        let line = scan(
            "[Post](https://p.io) [https://q.io](https://q.io)",
            &RefMap::new(),
        );
        assert!(!line.has_prose);
        assert_eq!(line.text, "Post");
    }

    #[test]
    fn bare_urls_are_trimmed_of_sentence_punctuation() {
        assert_eq!(
            links("Start your trial now: http://x.io/t?a=1."),
            ["http://x.io/t?a=1"]
        );
        assert_eq!(links("(see https://x.io/a)."), ["https://x.io/a"]);
        assert_eq!(
            links("https://en.wikipedia.org/wiki/Foo_(bar),"),
            ["https://en.wikipedia.org/wiki/Foo_(bar)"]
        );
        assert_eq!(links("xhttp://no.io and http://"), Vec::<String>::new());
    }

    #[test]
    fn reference_links_resolve_through_definitions() {
        let mut refs = RefMap::new();
        refs.insert("one".into(), "https://one.io".into());
        let line = scan("See [First][One], [one][] and [one].", &refs);
        assert_eq!(line.links.len(), 3);
        assert!(line.links.iter().all(|l| l.url == "https://one.io"));
        assert_eq!(line.links[0].title.as_deref(), Some("First"));
        assert!(scan("[missing][nope]", &refs).links.is_empty());
    }

    #[test]
    fn escapes_code_spans_and_images_hold_no_links() {
        assert!(links("\\[x](not-a-url)").is_empty());
        assert_eq!(links("\\[x](https://a.io)"), ["https://a.io"]);
        assert!(links("`https://a.io` and ``[a](https://b.io)``").is_empty());
        assert!(links("![logo](https://a.io/logo.png)").is_empty());
        assert_eq!(
            links("[![logo](https://a.io/l.png)](https://a.io)"),
            ["https://a.io"]
        );
    }

    #[test]
    fn html_anchors_are_links_with_their_text() {
        let line = scan(
            "Read <a href=\"https://a.io/p\" target=_blank>the <b>post</b></a> and <A HREF='https://b.io'>https://b.io</a>.",
            &RefMap::new(),
        );
        assert_eq!(
            line.links,
            [
                Link {
                    url: "https://a.io/p".into(),
                    title: None
                },
                Link {
                    url: "https://b.io".into(),
                    title: None
                },
            ]
        );
        let line = scan("<a href=\"https://c.io\">C post</a>", &RefMap::new());
        assert!(!line.has_prose);
        assert_eq!(line.links[0].title.as_deref(), Some("C post"));
        assert_eq!(line.text, "C post");
        assert_eq!(links("<a href=\"https://d.io\">unclosed"), ["https://d.io"]);
    }

    #[test]
    fn non_web_links_are_text_only() {
        let line = scan("[mail me](mailto:a@b.c) or [top](#top)", &RefMap::new());
        assert!(line.links.is_empty());
        assert_eq!(line.text, "mail me or top");
    }

    #[test]
    fn hostile_lines_scan_quickly() {
        for unit in [
            "[", "](", "[a](b", "`", "<", "<a ", "[a][", "![", "_*~", "\\",
        ] {
            let line = unit.repeat(200_000);
            assert!(scan(&line, &RefMap::new()).links.is_empty(), "{unit}");
        }
        let line = "http://".repeat(200_000);
        assert_eq!(scan(&line, &RefMap::new()).links.len(), 1);
        let line = "[a](https://a.io/x) ".repeat(100_000);
        assert_eq!(scan(&line, &RefMap::new()).links.len(), 100_000);
    }
}
