//! Making untrusted text safe and short for a terminal: escape sequences and control characters
//! removed, whitespace collapsed, width measured in terminal columns.

use std::ops::Range;

use unicode_width::UnicodeWidthChar;

/// One character of cleaned text, with whether it belongs to a highlighted match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marked {
    /// The character.
    pub c: char,
    /// True when it is part of a query match.
    pub highlighted: bool,
}

/// Removes escape sequences, control and bidirectional-override characters from `text` and
/// collapses whitespace runs to one space, so that nothing from an issue file can move the
/// cursor, change colours or reorder what the terminal shows.
pub fn clean(text: &str) -> String {
    clean_marked(text, &[]).into_iter().map(|m| m.c).collect()
}

/// A message (an error, a warning, a file name) made safe for a terminal without changing its
/// layout: line breaks stay, every other control character (so the ESC that starts an escape
/// sequence) becomes U+FFFD.
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

/// [`clean`], keeping track of which characters fall in the byte ranges `highlights`.
pub fn clean_marked(text: &str, highlights: &[Range<usize>]) -> Vec<Marked> {
    let mut out: Vec<Marked> = Vec::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c == '\u{1b}' || c == '\u{9b}' {
            skip_escape(c, &mut chars);
            continue;
        }
        let c = if c.is_whitespace() { ' ' } else { c };
        if c.is_control() || is_invisible_format(c) {
            continue;
        }
        if c == ' ' && out.last().is_none_or(|m| m.c == ' ') {
            continue;
        }
        let highlighted = highlights.iter().any(|range| range.contains(&at));
        out.push(Marked { c, highlighted });
    }
    while out.last().is_some_and(|m| m.c == ' ') {
        out.pop();
    }
    out
}

/// Skips the rest of an escape sequence that started with `first` (ESC or the one-byte CSI).
fn skip_escape(first: char, chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>) {
    let kind = if first == '\u{9b}' {
        '['
    } else {
        match chars.next() {
            Some((_, kind)) => kind,
            None => return,
        }
    };
    match kind {
        // CSI: parameters and intermediates, then one final byte in @..~.
        '[' => {
            for (_, c) in chars.by_ref() {
                if ('@'..='~').contains(&c) {
                    break;
                }
            }
        }
        // OSC, DCS, APC, PM, SOS: a string ended by BEL or ESC \.
        ']' | 'P' | '_' | '^' | 'X' => {
            while let Some((_, c)) = chars.next() {
                if c == '\u{7}' {
                    break;
                }
                if c == '\u{1b}' {
                    chars.next_if(|(_, c)| *c == '\\');
                    break;
                }
            }
        }
        _ => {}
    }
}

/// Zero-width and direction-changing format characters that could disguise text.
fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{feff}'
        | '\u{ad}')
}

/// Terminal columns one character takes.
pub fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// Terminal columns `text` takes.
pub fn width(text: &str) -> usize {
    text.chars().map(char_width).sum()
}

/// Cuts `text` to at most `max` columns, ending with `…` when it was cut.
pub fn truncate(text: &str, max: usize) -> String {
    let marked: Vec<Marked> = text
        .chars()
        .map(|c| Marked {
            c,
            highlighted: false,
        })
        .collect();
    fit(&marked, max).into_iter().map(|m| m.c).collect()
}

/// Fits marked text into `max` columns. When the first highlight would fall beyond the cut, the
/// window starts a little before it (with a leading `…`) so the match stays visible; text cut
/// at the end gets a trailing `…`.
pub fn fit(text: &[Marked], max: usize) -> Vec<Marked> {
    let total: usize = text.iter().map(|m| char_width(m.c)).sum();
    if total <= max {
        return text.to_vec();
    }
    if max == 0 {
        return Vec::new();
    }
    let ellipsis = Marked {
        c: '…',
        highlighted: false,
    };
    let mut out = Vec::new();
    let mut start = 0;
    if let Some(first) = text.iter().position(|m| m.highlighted) {
        let before: usize = text[..first].iter().map(|m| char_width(m.c)).sum();
        if before > max * 2 / 3 {
            let lead = max / 4;
            let mut kept = 0;
            start = first;
            while start > 0 && kept + char_width(text[start - 1].c) <= lead {
                start -= 1;
                kept += char_width(text[start].c);
            }
            if let Some(space) = text[start..first].iter().position(|m| m.c == ' ') {
                start += space + 1;
            }
            out.push(ellipsis);
        }
    }
    let lead = out.len();
    out.extend(cut_end(&text[start..], max - lead));
    out
}

/// Cuts marked text at the end to at most `max` columns, ending with `…` when it was cut.
fn cut_end(text: &[Marked], max: usize) -> Vec<Marked> {
    let total: usize = text.iter().map(|m| char_width(m.c)).sum();
    if total <= max {
        return text.to_vec();
    }
    let mut out = Vec::new();
    let mut used = 0;
    for m in text {
        let w = char_width(m.c);
        if used + w > max.saturating_sub(1) {
            break;
        }
        used += w;
        out.push(*m);
    }
    if max > 0 {
        out.push(Marked {
            c: '…',
            highlighted: false,
        });
    }
    out
}

/// Fits marked text into at most `lines` lines of `max` columns, breaking at spaces (long words
/// are split); the window and ellipses are those of [`fit`] over the whole area.
pub fn wrap(text: &[Marked], max: usize, lines: usize) -> Vec<Vec<Marked>> {
    let max = max.max(1);
    let lines = lines.max(1);
    let window = fit(text, max * lines);
    let mut out: Vec<Vec<Marked>> = Vec::new();
    let mut line: Vec<Marked> = Vec::new();
    let mut used = 0;
    for word in window.split_inclusive(|m| m.c == ' ') {
        let word_width: usize = word.iter().map(|m| char_width(m.c)).sum();
        let visible = word_width - usize::from(word.last().is_some_and(|m| m.c == ' '));
        if used + visible > max && !line.is_empty() {
            out.push(std::mem::take(&mut line));
            used = 0;
        }
        for m in word {
            let w = char_width(m.c);
            if used + w > max && m.c != ' ' {
                out.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(*m);
            used += w;
        }
    }
    out.push(line);
    for line in &mut out {
        while line.last().is_some_and(|m| m.c == ' ') {
            line.pop();
        }
    }
    if out.len() > lines {
        let space = Marked {
            c: ' ',
            highlighted: false,
        };
        let mut rest = Vec::new();
        for line in out.drain(lines - 1..) {
            if !rest.is_empty() {
                rest.push(space);
            }
            rest.extend(line);
        }
        out.push(cut_end(&rest, max));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_keeps_lines_and_neutralizes_controls() {
        assert_eq!(printable("a\x1b[2Jb\tc\nd"), "a\u{fffd}[2Jb\u{fffd}c\nd");
    }

    #[test]
    fn escape_sequences_and_controls_are_removed() {
        assert_eq!(clean("a\u{1b}[31mred\u{1b}[0m b"), "ared b");
        assert_eq!(clean("x\u{1b}]0;title\u{7}y"), "xy");
        assert_eq!(clean("x\u{1b}]8;;http://e\u{1b}\\link"), "xlink");
        assert_eq!(clean("bell\u{7} back\u{8}space\u{0}"), "bell backspace");
        assert_eq!(clean("rtl\u{202e}gnirts"), "rtlgnirts");
        assert_eq!(clean("  many \n\t lines  "), "many lines");
        assert_eq!(clean("c1\u{9b}2Jx"), "c1x");
        assert_eq!(clean("trailing\u{1b}"), "trailing");
    }

    #[test]
    fn highlights_survive_cleaning() {
        let marked = clean_marked("a \u{1b}[1mbc", std::slice::from_ref(&(6..8)));
        let flags: Vec<(char, bool)> = marked.iter().map(|m| (m.c, m.highlighted)).collect();
        assert_eq!(
            flags,
            [('a', false), (' ', false), ('b', true), ('c', true)]
        );
    }

    #[test]
    fn truncation_counts_columns() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("a longer text", 8), "a longe…");
        assert_eq!(truncate("日本語テキスト", 7), "日本語…");
        assert_eq!(width(&truncate("日本語テキスト", 7)), 7);
    }

    #[test]
    fn wrapping_breaks_at_spaces() {
        let marked = clean_marked("one two three four five six", &[]);
        let lines: Vec<String> = wrap(&marked, 10, 2)
            .into_iter()
            .map(|line| line.into_iter().map(|m| m.c).collect())
            .collect();
        assert_eq!(lines, ["one two", "three fou…"]);
        let marked = clean_marked("aaa bbb ccc ddd eee", &[]);
        let lines: Vec<String> = wrap(&marked, 7, 2)
            .into_iter()
            .map(|line| line.into_iter().map(|m| m.c).collect())
            .collect();
        assert_eq!(lines, ["aaa bbb", "ccc d…"]);
        let lines = wrap(&clean_marked("short", &[]), 10, 2);
        assert_eq!(lines.len(), 1);
    }

    #[test]
    fn fitting_keeps_the_first_match_visible() {
        let text = "x".repeat(40) + "match" + &"y".repeat(40);
        let marked = clean_marked(&text, std::slice::from_ref(&(40..45)));
        let fitted: String = fit(&marked, 20).into_iter().map(|m| m.c).collect();
        assert_eq!(fitted, "…xxxxxmatchyyyyyyyy…");
        let text = "aaaa bbbb cccc dddd eeee match ffff gggg hhhh";
        let marked = clean_marked(text, std::slice::from_ref(&(25..30)));
        let fitted: String = fit(&marked, 24).into_iter().map(|m| m.c).collect();
        assert_eq!(fitted, "…eeee match ffff gggg h…");
    }
}
