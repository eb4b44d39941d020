//! Entries whose link is not their title: the editor's words come first and the link after them,
//! as its own words (`Read more`, `(link)`, `→`: [`super::line::Link::is_generic`]) or as the
//! names inside running sentences. The item stage asks these rules what each link's title and
//! description are:
//!
//! - **A title without a link** ([`untitled`], [`titles_entry`]): lines (or the blocks under a
//!   heading) whose links are all generic words to one URL are one entry, titled by their first
//!   line when that is a short line of words (`Passkeys at work<br>How one team ... →`), else by
//!   the bold words they open with (`<b>Anchor positioning</b> — tooltips ... (link)`), else by
//!   the heading above them (`<h3>Vacuum, explained</h3><p>Why ... Read more</p>`), else by
//!   nothing (`Jane Doe's take on Postgres. Read it`): a generic word is never a title.
//!   An email template's rows are one entry so ([`entry_rows`]): its title row, words row and
//!   button row.
//! - **Links in running sentences** ([`clauses`]): a line of three links or more, each in a
//!   clause of its own (`Also: A ships v2, B explains X, and C wrote Y.`), describes each link by
//!   its clause; a line where two links share a clause, or one has no words beside it, describes
//!   every link by the whole line, as any item.
//! - **A source named after `via`** ([`via_source`]): `What it is, via <a>Example Blog</a>`,
//!   the line's one link at its end, names the site, not the page: no title.

use std::ops::Range;

use super::blocks::{Block, Located};
use super::date;
use super::line::Line;
use crate::sections::{self, SPONSOR};

/// Most words of a line that titles the entry under it.
const TITLE_WORDS: usize = 12;
/// Most words of a line that is a date (`Tuesday, May 3, 2024`) rather than a title.
const DATE_WORDS: usize = 4;
/// Fewest links of a line read clause by clause.
const BRIEF_LINKS: usize = 3;
/// Words that join a clause to the one before it (`, and C wrote Y`), lowercase with their space.
const JOINING_WORDS: &[&str] = &["and also ", "and ", "or ", "plus "];

/// An entry whose links are generic words to one URL: its title, and the first of its lines that
/// describe it.
#[derive(Debug, PartialEq, Eq)]
pub struct Untitled<'a> {
    /// The editor's title, when the lines set one.
    pub title: Option<&'a str>,
    /// The lines from this one on are its description.
    pub from: usize,
}

/// The entry of `lines` when all their links are generic words to one URL (see the module doc).
pub fn untitled(lines: &[Line]) -> Option<Untitled<'_>> {
    let mut links = lines.iter().flat_map(|line| &line.links);
    let first = links.next()?;
    if !first.is_generic() || !links.all(|link| link.is_generic() && link.url == first.url) {
        return None;
    }
    if let [title, next, ..] = lines {
        if title.links.is_empty() && next.has_prose() && is_title_words(&title.text) {
            return Some(Untitled {
                title: Some(title.text.trim()),
                from: 1,
            });
        }
    }
    let title = lines.first().and_then(|line| {
        let label = line.lead_label()?;
        // The bold words are a title only with words of the editor after them.
        (line.prose().trim().len() > label.len()).then_some(label)
    });
    Some(Untitled { title, from: 0 })
}

/// True for a short line of words that can title an entry: not a sentence that ends in a stop,
/// nor the entry's date (`May 3, 2024`, `Tue 2024-05-03`).
pub fn is_title_words(text: &str) -> bool {
    let text = text.trim();
    let words = text.split_whitespace().count();
    (1..=TITLE_WORDS).contains(&words)
        && text.chars().any(char::is_alphanumeric)
        && !text.ends_with(['.', '!', '?', ':', ','])
        && !(words <= DATE_WORDS && date::find(text).is_some_and(|day| day.is_ok()))
}

/// True when the link-less heading at `at` of `blocks` (of `level`, set under a section
/// heading when `under_section`) titles the one entry under it ([`heads_entry`]), and the page
/// sets its entries so: the heading is below a section's, or the heading next to it (before or
/// after) is of its level and heads an entry too. A section of its own with one such entry
/// (`<h2>Podcast</h2><p>Episode 12 is out. <a>Listen</a></p>` between sections of several
/// items) stays a section.
pub fn titles_entry<B: AsRef<Located>>(
    blocks: &[B],
    at: usize,
    level: usize,
    under_section: bool,
) -> bool {
    // A sponsor's heading is its own section, whatever is under it (its slug is asked last:
    // most headings head no entry).
    let titles = |index: usize| match &blocks[index].as_ref().block {
        Block::Heading {
            level: at_level,
            text,
            ..
        } => {
            *at_level == level
                && heads_entry(blocks, index)
                && sections::slug_for_heading(text) != SPONSOR
        }
        _ => false,
    };
    if !titles(at) {
        return false;
    }
    let is_heading = |index: usize| matches!(blocks[index].as_ref().block, Block::Heading { .. });
    let before = (0..at).rev().find(|&index| is_heading(index));
    let after = (at + 1..blocks.len()).find(|&index| is_heading(index));
    under_section || [before, after].into_iter().flatten().any(titles)
}

/// Most rows of words an entry set in rows sets above its link row.
const ENTRY_ROWS: usize = 4;

/// The end of the entry set in rows from `at` (an email template's title row, words row and
/// `Read more` row): rows of words without links, then a row whose links are all generic words
/// to one URL or one title alone (the words come before their title).
pub fn entry_rows<B: AsRef<Located>>(blocks: &[B], at: usize) -> Option<usize> {
    let row = |index: usize| match &blocks.get(index)?.as_ref().block {
        Block::Row(line) => Some(line),
        _ => None,
    };
    if !row(at)?.has_prose() {
        return None;
    }
    for index in at..at + ENTRY_ROWS {
        let line = row(index)?;
        if line.links.is_empty() {
            continue;
        }
        let later = untitled(std::slice::from_ref(line)).is_some() || line.is_titled_links_only();
        return later.then_some(index + 1);
    }
    None
}

/// True when the link-less heading at `at` of `blocks` heads one entry: the blocks after it, up
/// to the next heading or break, hold links, all of them generic words to one URL.
fn heads_entry<B: AsRef<Located>>(blocks: &[B], at: usize) -> bool {
    let mut url: Option<&str> = None;
    for located in blocks.iter().skip(at + 1) {
        let block = &located.as_ref().block;
        if matches!(block, Block::Heading { .. } | Block::Break) {
            break;
        }
        for link in block.lines().iter().flat_map(|line| &line.links) {
            if !link.is_generic() || url.is_some_and(|url| url != link.url) {
                return false;
            }
            url = Some(&link.url);
        }
    }
    url.is_some()
}

/// One description per link of `line` when it sets [`BRIEF_LINKS`] titled links or more each in
/// a clause of its own (see the module doc): each link's clause runs from the last `,`, `;` or
/// `. ` before it (the line's start for the first) to the one before the next link.
pub fn clauses(line: &Line) -> Option<Vec<String>> {
    if line.links.len() < BRIEF_LINKS
        || line
            .links
            .iter()
            .any(|link| link.title.is_none() || link.is_generic())
    {
        return None;
    }
    let ranges: Vec<Range<usize>> = line.link_ranges().map(|(_, range)| range).collect();
    let text = &line.text;
    let mut cuts = Vec::with_capacity(ranges.len() + 1);
    cuts.push(0);
    for pair in ranges.windows(2) {
        let gap = &text[pair[0].end..pair[1].start];
        cuts.push(pair[0].end + clause_end(gap)?);
    }
    cuts.push(text.len());
    ranges
        .iter()
        .zip(cuts.windows(2))
        .map(|(link, cut)| {
            let own_words =
                has_words(&text[cut[0]..link.start]) || has_words(&text[link.end..cut[1]]);
            own_words.then(|| tidy_clause(&text[cut[0]..cut[1]]))
        })
        .collect()
}

/// Where the last clause in `gap` (the words between two links) ends: after its last `,` or `;`,
/// or a `.` before a space.
fn clause_end(gap: &str) -> Option<usize> {
    gap.char_indices().rev().find_map(|(at, c)| {
        let stop = c == '.' && gap[at + 1..].starts_with(char::is_whitespace);
        (c == ',' || c == ';' || stop).then_some(at + c.len_utf8())
    })
}

/// A clause as a description: without the word that joined it to the one before and the mark
/// that ended it.
fn tidy_clause(clause: &str) -> String {
    let mut clause = clause.trim();
    for word in JOINING_WORDS {
        if clause
            .get(..word.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(word))
        {
            clause = &clause[word.len()..];
            break;
        }
    }
    clause.trim_end_matches([',', ';']).trim().to_string()
}

/// True for a line whose one link comes last, right after `via`, with words before it (`What
/// it is, via <a>Example Blog</a>.`): the link's text names the site the page is on, not the
/// page.
pub fn via_source(line: &Line) -> bool {
    let ([_], Some((_, range))) = (&line.links[..], line.link_ranges().next()) else {
        return false;
    };
    let before = line.text[..range.start].trim_end();
    let Some(head) = before.len().checked_sub(3).and_then(|at| before.get(..at)) else {
        return false;
    };
    let via = before[head.len()..].eq_ignore_ascii_case("via")
        && head.ends_with(|c: char| !c.is_alphanumeric());
    via && has_words(head) && !has_words(&line.text[range.end..])
}

/// True when `text` has a letter or digit.
fn has_words(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::super::blocks::block_lines;
    use super::*;
    use crate::parse::markdown::tree;

    /// The lines of the first block of `markdown`.
    fn lines(markdown: &str) -> Vec<Line> {
        let body = tree::read(markdown, 1);
        block_lines(body.blocks[0].block.clone())
    }

    #[test]
    fn a_line_of_clauses_describes_each_link_by_its_own() {
        let line = &lines("Also: [A](https://a.io) ships v2, [B](https://b.io) explains X; and [C](https://c.io) wrote Y.")[0];
        assert_eq!(
            clauses(line).unwrap(),
            ["Also: A ships v2", "B explains X", "C wrote Y."]
        );
    }

    #[test]
    fn links_sharing_a_clause_or_without_words_are_no_clauses() {
        for text in [
            "[A](https://a.io) and [B](https://b.io) ship, [C](https://c.io) waits.",
            "Tools: [A](https://a.io), [B](https://b.io), [C](https://c.io).",
            "[A](https://a.io) ships, [B](https://b.io) too.",
        ] {
            assert_eq!(clauses(&lines(text)[0]), None, "{text}");
        }
    }

    #[test]
    fn generic_links_take_the_first_line_or_the_bold_words_as_title() {
        let br = lines("Passkeys at work  \nHow one team did it. [→](https://p.io)");
        assert_eq!(
            untitled(&br),
            Some(Untitled {
                title: Some("Passkeys at work"),
                from: 1
            })
        );
        let bold = lines("**Subgrid** — aligning footers. [(link)](https://s.io)");
        assert_eq!(
            untitled(&bold),
            Some(Untitled {
                title: Some("Subgrid"),
                from: 0
            })
        );
        let plain = lines("Jane's take on Postgres. [Read it](https://j.io)");
        assert_eq!(
            untitled(&plain),
            Some(Untitled {
                title: None,
                from: 0
            })
        );
        let two = lines("Words [Read it](https://j.io) and [more](https://k.io)");
        assert_eq!(untitled(&two), None);
        let titled = lines("Words [Postgres](https://j.io)");
        assert_eq!(untitled(&titled), None);
        let dated = lines("May 3, 2024  \nHow one team did it. [→](https://p.io)");
        assert_eq!(
            untitled(&dated),
            Some(Untitled {
                title: None,
                from: 0
            })
        );
    }
}
