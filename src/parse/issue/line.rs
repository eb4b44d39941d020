//! Lines: the inline content of one line of a paragraph, heading, table row or list item, built
//! by every reader through [`LineBuilder`] (from pulldown-cmark's inline events, the HTML
//! reader's DOM text, a feed entry's title and link): its visible text, its
//! links, and whether it has words of its own besides its links (prose) or is only a link line
//! like `<br>[url](url)`.
//!
//! Bare `http(s)://` and `www.` addresses in text are links too, as GitHub, Hugo (linkify) and
//! most archive renderers show them, though CommonMark itself does not.

use std::borrow::Cow;
use std::ops::Range;

use super::bare_urls::bare_urls;
use super::clean::{self, collapse};

/// One link found in a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The destination as written (angle brackets removed), whitespace collapsed.
    pub url: String,
    /// The link text when it says more than the URL, as plain text.
    pub title: Option<String>,
}

/// One finished line.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Line {
    /// Everything a reader sees on the line: prose and link texts (a bare URL is its own text).
    pub text: String,
    /// The web links of the line, in order.
    pub links: Vec<Link>,
    /// How many of the links sit inside `**strong**` emphasis.
    pub strong_links: usize,
    /// The parts of `text` that are link texts, in order.
    marks: Vec<Mark>,
    /// Where the bold words the line opens with end (`<b>Title</b> — what it is`), 0 when it
    /// opens with none.
    strong_lead: usize,
}

impl Link {
    /// True when the link's text names no page ([`clean::is_generic_link_text`]: `Read more`,
    /// `(link)`, `→`): the words around it say what it is.
    pub fn is_generic(&self) -> bool {
        self.title
            .as_deref()
            .is_some_and(clean::is_generic_link_text)
    }
}

/// A link's text in a [`Line`]: where it is, and what stands for it in [`Line::titles`].
#[derive(Debug, Clone, PartialEq, Eq)]
struct Mark {
    /// Byte range in the line's text.
    range: Range<usize>,
    /// The link's title: that of `links[n]` for a web link, its own for any other link.
    title: MarkTitle,
}

/// Where a [`Mark`]'s title is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum MarkTitle {
    /// A web link: the title of the line's link at this index (left out of the prose).
    Web(usize),
    /// Any other link (`mailto:`, `#anchor`): its title; its text is prose.
    Other(Option<String>),
}

impl Line {
    /// A line of links whose text was not kept (an item over its text budget).
    pub fn links_only(links: Vec<Link>) -> Self {
        Self {
            links,
            ..Self::default()
        }
    }

    /// True for a line of titled links only (`[Title](url)`, no words of its own): a title, which
    /// the words after it describe.
    pub fn is_titled_links_only(&self) -> bool {
        !self.links.is_empty()
            && !self.has_prose()
            && self
                .links
                .iter()
                .all(|link| link.title.is_some() && !link.is_generic())
    }

    /// The bold words the line opens with, without links and without the mark that sets them
    /// apart (`<b>Anchor positioning</b> — ...` gives `Anchor positioning`), when it has some.
    pub fn lead_label(&self) -> Option<&str> {
        let end = self.strong_lead;
        if end == 0
            || self
                .marks
                .first()
                .is_some_and(|mark| mark.range.start < end)
        {
            return None;
        }
        let label = self.text.get(..end)?.trim();
        let label = label.trim_end_matches(LABEL_MARKS).trim_end();
        label.chars().any(char::is_alphanumeric).then_some(label)
    }

    /// True when the line has words of its own besides its links.
    pub fn has_prose(&self) -> bool {
        self.prose_parts()
            .any(|part| part.chars().any(char::is_alphanumeric))
    }

    /// The line without the text of its web links.
    pub fn prose(&self) -> Cow<'_, str> {
        let mut parts = self.prose_parts();
        match parts.next() {
            None => Cow::Borrowed(""),
            Some(first) if first.len() == self.text.len() => Cow::Borrowed(first),
            Some(first) => Cow::Owned(std::iter::once(first).chain(parts).collect()),
        }
    }

    /// The line's text without the text of the web links `drop` picks (a post's `Read more…`
    /// link in the sentence it ends).
    pub fn without(&self, drop: impl Fn(&Link) -> bool) -> String {
        let mut out = String::with_capacity(self.text.len());
        let mut from = 0;
        for mark in &self.marks {
            if let MarkTitle::Web(index) = mark.title {
                if drop(&self.links[index]) {
                    out.push_str(&self.text[from..mark.range.start]);
                    from = mark.range.end;
                }
            }
        }
        out.push_str(&self.text[from..]);
        out
    }

    /// The line with each link replaced by its title (nothing for a link without one).
    pub fn titles(&self) -> String {
        let mut out = String::with_capacity(self.text.len());
        let mut from = 0;
        for mark in &self.marks {
            out.push_str(&self.text[from..mark.range.start]);
            let title = match &mark.title {
                MarkTitle::Web(index) => self.links[*index].title.as_deref(),
                MarkTitle::Other(title) => title.as_deref(),
            };
            out.push_str(title.unwrap_or_default());
            from = mark.range.end;
        }
        out.push_str(&self.text[from..]);
        out
    }

    /// The line's contribution to a description: all its text when it has prose, else only its
    /// links' titles (so `<br>[url](url)` adds nothing). The text of a link that names no page
    /// (`Read more`, `(link)`: [`Link::is_generic`]) is no part of it.
    pub fn description(&self) -> Cow<'_, str> {
        let generic = self.links.iter().any(Link::is_generic);
        match (self.has_prose(), generic) {
            (true, false) => Cow::Borrowed(&self.text),
            (true, true) => Cow::Owned(self.without_generic()),
            (false, false) => Cow::Owned(self.titles()),
            (false, true) => Cow::Borrowed(""),
        }
    }

    /// The line's text without the text of its generic links ([`Link::is_generic`]) that are
    /// set apart from its sentences (after a stop or a dash, in brackets, or no words at all:
    /// `... growth. Read it`, `[Read it]`, `(link)`, `→`; `links [here](...)` keeps its word), the
    /// brackets around one, and a stop left alone after one (`... fixes it. Read the post.`).
    fn without_generic(&self) -> String {
        let mut out = String::with_capacity(self.text.len());
        let mut from = 0;
        for (index, range) in self.link_ranges() {
            if !self.links[index].is_generic() {
                continue;
            }
            let before = self.text[from..range.start].trim_end();
            let after = &self.text[range.end..];
            let close = match before.chars().next_back() {
                Some('(') => Some(')'),
                Some('[') => Some(']'),
                _ => None,
            };
            if let Some(close) = close.filter(|close| after.starts_with(*close)) {
                out.push_str(&before[..before.len() - 1]);
                from = range.end + close.len_utf8();
                continue;
            }
            let own = &self.text[range.clone()];
            let apart = before.is_empty()
                || before.ends_with(['.', '!', '?', ':', ';', '—', '–', '-', '|', '·', ')'])
                || own.starts_with(['(', '['])
                || !own.chars().any(char::is_alphanumeric);
            if apart {
                out.push_str(&self.text[from..range.start]);
                from = range.end;
            }
        }
        out.push_str(&self.text[from..]);
        let kept = out.trim_end();
        let stop = kept
            .chars()
            .next_back()
            .filter(|c| matches!(c, '.' | '!' | ',' | ';' | ':'));
        let Some(stop) = stop else {
            out.truncate(kept.len());
            return out;
        };
        let head = kept[..kept.len() - 1].trim_end();
        if head.len() == kept.len() - 1 {
            out.truncate(kept.len());
            return out;
        }
        let ended = head.ends_with(['.', '!', '?', ':', ';', ',']);
        let mut text = head.to_string();
        if !ended {
            text.push(stop);
        }
        text
    }

    /// True when the line is empty of text and links.
    pub fn is_empty(&self) -> bool {
        self.links.is_empty() && self.text.trim().is_empty()
    }

    /// True for a lead line: one link alone on its line, in bold (`**[Title](url)**`) or after an
    /// enumerator (`3、[Title](url)`), with at most a short parenthetical after it
    /// (`（英文）`, `(video)`).
    pub fn is_lead(&self) -> bool {
        if self.links.len() != 1 {
            return false;
        }
        let prose = self.prose();
        let prose = prose.trim();
        let (rest, enumerated) = match strip_enumerator(prose) {
            Some(rest) => (rest, true),
            None => (prose, false),
        };
        (enumerated || self.strong_links == 1) && is_aside(rest)
    }

    /// The byte range in [`Line::text`] of each web link's text, with the link's index, in order.
    pub fn link_ranges(&self) -> impl Iterator<Item = (usize, Range<usize>)> + '_ {
        self.marks.iter().filter_map(|mark| match mark.title {
            MarkTitle::Web(index) => Some((index, mark.range.clone())),
            MarkTitle::Other(_) => None,
        })
    }

    /// The byte range in [`Line::text`] of every link's text (web or not), and whether it is a
    /// web link, in order.
    pub fn mark_ranges(&self) -> impl Iterator<Item = (Range<usize>, bool)> + '_ {
        self.marks
            .iter()
            .map(|mark| (mark.range.clone(), matches!(mark.title, MarkTitle::Web(_))))
    }

    /// The line with the links `dropped[i]` read as words: their text stays, they are no links.
    pub fn without_links(&self, dropped: &[bool]) -> Line {
        let mut kept = Vec::with_capacity(self.links.len());
        let mut index_of = Vec::with_capacity(self.links.len());
        for (index, link) in self.links.iter().enumerate() {
            if dropped.get(index).copied().unwrap_or(false) {
                index_of.push(None);
            } else {
                index_of.push(Some(kept.len()));
                kept.push(link.clone());
            }
        }
        let marks = self
            .marks
            .iter()
            .map(|mark| {
                let title = match &mark.title {
                    MarkTitle::Web(index) => match index_of.get(*index).copied().flatten() {
                        Some(new) => MarkTitle::Web(new),
                        None => MarkTitle::Other(self.links[*index].title.clone()),
                    },
                    other => other.clone(),
                };
                Mark {
                    range: mark.range.clone(),
                    title,
                }
            })
            .collect();
        Line {
            text: self.text.clone(),
            strong_links: self.strong_links.min(kept.len()),
            links: kept,
            marks,
            strong_lead: self.strong_lead,
        }
    }

    /// The parts of the text outside web links, in order.
    fn prose_parts(&self) -> impl Iterator<Item = &str> {
        let mut from = 0;
        let web = self
            .marks
            .iter()
            .filter(|mark| matches!(mark.title, MarkTitle::Web(_)));
        web.map(Some)
            .chain(std::iter::once(None))
            .map(move |mark| {
                let end = mark.map_or(self.text.len(), |mark| mark.range.start);
                let part = &self.text[from..end];
                if let Some(mark) = mark {
                    from = mark.range.end;
                }
                part
            })
            .filter(|part| !part.is_empty())
    }
}

/// Marks that set a line's bold opening words apart from what follows (`<b>Title</b>: ...`).
const LABEL_MARKS: &[char] = &[':', '-', '–', '—', '|', '·'];

/// `3、`, `12.`, `(3)`, `3）` at the start of `text`: what follows it.
fn strip_enumerator(text: &str) -> Option<&str> {
    let text = text.strip_prefix(['(', '（']).unwrap_or(text);
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let rest = text[digits..].trim_start();
    let mark = rest.chars().next()?;
    matches!(mark, '、' | '.' | '．' | ')' | '）' | ':' | '：').then(|| &rest[mark.len_utf8()..])
}

/// True when `text` (what a lead line holds besides its link) is only punctuation or one short
/// parenthetical such as `（英文）`.
fn is_aside(text: &str) -> bool {
    let text = text
        .trim()
        .trim_end_matches(['.', '。', ',', '，', ':', '：']);
    if !text.chars().any(char::is_alphanumeric) {
        return true;
    }
    let inner = text
        .strip_prefix(['(', '（'])
        .and_then(|t| t.strip_suffix([')', '）']));
    inner.is_some_and(|inner| inner.chars().count() <= 24 && !inner.contains(['(', '（']))
}

/// A link being read: its destination and the text seen so far.
struct OpenLink {
    url: String,
    text: String,
    web: bool,
    strong: bool,
}

/// Builds [`Line`]s from inline events.
#[derive(Default)]
pub struct LineBuilder {
    line: Line,
    /// Text not yet scanned for bare URLs (consecutive text events are scanned together).
    pending: String,
    link: Option<OpenLink>,
    strong: usize,
    /// The bold opened at the line's start is still open ([`Line::lead_label`]).
    strong_at_start: bool,
    image: usize,
}

impl LineBuilder {
    /// Adds visible text (a text event or a code span).
    pub fn text(&mut self, text: &str) {
        if self.image > 0 && self.link.is_none() {
            return;
        }
        match &mut self.link {
            Some(link) => link.text.push_str(text),
            None => self.pending.push_str(text),
        }
    }

    /// Adds a code span: visible text that never holds a link.
    pub fn code(&mut self, code: &str) {
        if self.link.is_some() || self.image > 0 {
            return self.text(code);
        }
        self.scan_pending();
        self.plain(code);
    }

    /// A space between words that markup separated (`a<b>c`, table cells).
    pub fn space(&mut self) {
        self.text(" ");
    }

    /// Opens `**strong**` emphasis.
    pub fn open_strong(&mut self) {
        if self.strong == 0 && self.link.is_none() && self.is_at_start() {
            self.strong_at_start = true;
        }
        self.strong += 1;
    }

    /// True when nothing but whitespace was read on the line yet.
    fn is_at_start(&self) -> bool {
        self.line.marks.is_empty()
            && self.line.text.trim().is_empty()
            && self.pending.trim().is_empty()
    }

    /// Closes `**strong**` emphasis.
    pub fn close_strong(&mut self) {
        self.strong = self.strong.saturating_sub(1);
        if self.strong == 0 && std::mem::take(&mut self.strong_at_start) && self.link.is_none() {
            self.scan_pending();
            self.line.strong_lead = self.line.text.len();
        }
    }

    /// Opens an image: its alt text is text only inside a link (`[![logo](src)](url)`).
    pub fn open_image(&mut self) {
        self.image += 1;
    }

    /// Closes an image.
    pub fn close_image(&mut self) {
        self.image = self.image.saturating_sub(1);
    }

    /// Opens a link to `url` (markdown, autolink or `<a href>`; a web archive's capture is the
    /// link it captured: [`crate::urls::unarchived`]). A link inside a link (only possible with
    /// HTML) is read as text of the outer one.
    pub fn open_link(&mut self, url: &str) {
        if self.link.is_some() {
            return;
        }
        self.scan_pending();
        let url = crate::urls::unarchived(url.trim());
        self.link = Some(OpenLink {
            url: collapse(&url),
            text: String::new(),
            web: clean::is_web_link(url.trim()),
            strong: self.strong > 0,
        });
    }

    /// Closes the open link: a web link becomes one of the line's links; the text of any other
    /// link (`mailto:`, `#anchor`, a picture's link to its own image file) is prose, but for a
    /// permalink's glyph (an in-page link of no words: a heading's `¶`, `#` or `🔗`), which is
    /// dropped.
    pub fn close_link(&mut self) {
        let Some(link) = self.link.take() else {
            return;
        };
        let visible = clean::collapse_owned(link.text);
        if link.url.starts_with('#') && !visible.chars().any(char::is_alphanumeric) {
            return;
        }
        let title = clean::link_title(&visible, &link.url);
        let line = &mut self.line;
        let start = line.text.len();
        line.text.push_str(&visible);
        let range = start..line.text.len();
        if !link.web || (visible.is_empty() && clean::is_image_file(&link.url)) {
            line.marks.push(Mark {
                range,
                title: MarkTitle::Other(title),
            });
            return;
        }
        line.strong_links += usize::from(link.strong);
        line.marks.push(Mark {
            range,
            title: MarkTitle::Web(line.links.len()),
        });
        line.links.push(Link {
            url: link.url,
            title,
        });
    }

    /// True while a link is open with no words yet (a link around a block, before its text).
    pub fn link_is_blank(&self) -> bool {
        self.link
            .as_ref()
            .is_some_and(|link| link.text.trim().is_empty())
    }

    /// Ends the current line and returns it (an open link is closed first).
    pub fn finish(&mut self) -> Line {
        self.close_link();
        self.scan_pending();
        self.strong_at_start = false;
        std::mem::take(&mut self.line)
    }

    /// Ends the current line like [`LineBuilder::finish`], `None` for an empty one
    /// ([`Line::is_empty`]). A blank line (no link, only whitespace: the source's breaks between
    /// blocks) is dropped without being built: the HTML reader ends a block at every block
    /// element, most of them with nothing but whitespace read.
    pub fn finish_nonempty(&mut self) -> Option<Line> {
        let blank = self.link.is_none()
            && self.line.links.is_empty()
            && self.line.text.trim().is_empty()
            && self.pending.trim().is_empty();
        if blank {
            self.line = Line::default();
            self.pending.clear();
            return None;
        }
        Some(self.finish()).filter(|line| !line.is_empty())
    }

    /// Moves pending text into the line, turning bare URLs into links.
    fn scan_pending(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let pending = std::mem::take(&mut self.pending);
        let mut from = 0;
        for (start, end) in bare_urls(&pending) {
            self.plain(&pending[from..start]);
            let url = &pending[start..end];
            let line = &mut self.line;
            let at = line.text.len();
            line.text.push_str(url);
            line.strong_links += usize::from(self.strong > 0);
            line.marks.push(Mark {
                range: at..line.text.len(),
                title: MarkTitle::Web(line.links.len()),
            });
            line.links.push(Link {
                url: crate::urls::unarchived(url).into_owned(),
                title: None,
            });
            from = end;
        }
        self.plain(&pending[from..]);
        self.pending = pending;
        self.pending.clear();
    }

    fn plain(&mut self, text: &str) {
        if has_double_star(text) {
            return self.plain(&without_stray_emphasis(text));
        }
        self.line.text.push_str(text);
    }
}

/// True when `text` holds `**`. Asked of every run of text a page or issue has: a byte search
/// for `*` (most texts hold none) instead of a substring searcher built at each call.
fn has_double_star(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'*', bytes).any(|at| bytes.get(at + 1) == Some(&b'*'))
}

/// `text` without runs of two or more `*`: bold markers CommonMark left as text because they
/// touch CJK punctuation (`另见**[文章](url)**，值得一读`). They are markup, not words.
fn without_stray_emphasis(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut stars = 0;
    for ch in text.chars() {
        if ch == '*' {
            stars += 1;
            continue;
        }
        if stars == 1 {
            out.push('*');
        }
        stars = 0;
        out.push(ch);
    }
    if stars == 1 {
        out.push('*');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn double_stars_are_found_anywhere_and_single_ones_are_not() {
        for (text, holds) in [
            ("", false),
            ("*", false),
            ("a * b * c", false),
            ("**", true),
            ("a*b**", true),
            ("**a", true),
            ("値得*一读**，", true),
            ("*é*", false),
        ] {
            assert_eq!(super::has_double_star(text), holds, "{text:?}");
        }
    }

    #[test]
    fn a_pictures_link_to_its_own_image_file_is_no_link() {
        let linked = |url: &str, text: &str| {
            let mut builder = LineBuilder::default();
            builder.open_link(url);
            builder.text(text);
            builder.finish().links.len()
        };
        assert_eq!(linked("https://cdn.example/w_1456/chart.PNG?x=1", ""), 0);
        assert_eq!(linked("https://cdn.example/chart.png", "The chart"), 1);
        assert_eq!(linked("https://a.example/post", ""), 1);
        assert!(clean::is_image_file("https://a.example/a.webp#top"));
        assert!(!clean::is_image_file("https://a.example/png"));
    }

    #[test]
    fn lead_lines_are_one_bold_or_enumerated_link() {
        let line = |prose: &str, strong| Line {
            text: prose.into(),
            links: vec![Link {
                url: "https://a.io".into(),
                title: None,
            }],
            strong_links: strong,
            ..Line::default()
        };
        assert!(line("", 1).is_lead());
        assert!(line("3、（英文）", 0).is_lead());
        assert!(line("12. ", 0).is_lead());
        assert!(!line("", 0).is_lead());
        assert!(!line("3、 and a long sentence of prose", 0).is_lead());
        assert!(!line("Read this", 1).is_lead());
    }
}
