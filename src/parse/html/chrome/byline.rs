//! The post's byline, before the issue's first section: by the site's own hosts, by `by`
//! (`Posted on March 3, 2021 by <a>Jane</a>`), or by a person's name beside the date alone
//! (`<a>Jane Doe</a> · March 3, 2021`).

use super::{
    has_date, is_on, is_short, lines_of, links_in, prose_words, MASTHEAD_BLOCKS, NAV_PROSE_WORDS,
    NAV_WORDS,
};
use crate::parse::issue::blocks::{Block, Located};
use crate::parse::issue::clean::is_generic_link_text;
use crate::parse::issue::date;
use crate::parse::issue::line::{Line, Link};

/// True for the post's byline (see the module doc): links all to the site's `hosts`, each a few
/// words, and a date or at most [`NAV_PROSE_WORDS`] words of its own; or, on a page that names
/// no host of its own, a dated line crediting its author ([`is_credited_byline`]).
pub(super) fn is_byline(block: &Block, hosts: &[String]) -> bool {
    let own = |link: &Link| is_short(link) && is_on(link, hosts);
    match block {
        Block::Heading { links, .. } => !links.is_empty() && links.iter().all(own),
        block => {
            let by_hosts = links_in(block).next().is_some()
                && links_in(block).all(own)
                && (prose_words(block) <= NAV_PROSE_WORDS || has_date(block));
            by_hosts || is_credited_byline(block)
        }
    }
}

/// Most links of a byline told by its words (an author, a co-author).
const BYLINE_LINKS: usize = 2;

/// True for a dated block whose links are each a short name credited by `by`
/// (`Posted on March 3, 2021 by <a>Jane</a>`, `By <a>Jane</a> and <a>Ken</a>, 3 March 2021`):
/// the post's byline, told by its words where the page does not say which hosts are its own.
pub(super) fn is_credited_byline(block: &Block) -> bool {
    let lines = lines_of(block);
    let links: usize = lines.iter().map(|line| line.links.len()).sum();
    (1..=BYLINE_LINKS).contains(&links)
        && links_in(block).all(is_short)
        && lines.iter().all(is_credited_line)
        && has_date(block)
}

/// Most words of a dated byline outside its names and its date (`5 min read`).
const BYLINE_EXTRA_WORDS: usize = 3;

/// The index of a block among the page's first [`MASTHEAD_BLOCKS`] that is a byline crediting
/// its author without `by` ([`is_named_date_line`]), when no other block of the page has that
/// shape: a list of dated entries (`<a>Edge Caching</a> · March 10, 2021`, one per post)
/// repeats it. (It counts only before the first section: [`strip`] asks it of leading blocks.)
pub(super) fn lone_named_byline(blocks: &[Located]) -> Option<usize> {
    let named = |located: &Located| is_named_date_line(&located.block);
    let first = blocks.iter().take(MASTHEAD_BLOCKS).position(named)?;
    (!blocks[first + 1..].iter().any(named)).then_some(first)
}

/// True for a dated block of one or two links, each a person's name, whose own words are the
/// date and at most [`BYLINE_EXTRA_WORDS`] more (`<a>Jane Doe</a> · March 3, 2021 · 5 min
/// read`).
fn is_named_date_line(block: &Block) -> bool {
    let links = links_in(block).count();
    if !(1..=BYLINE_LINKS).contains(&links)
        || !links_in(block).all(|link| link.title.as_deref().is_some_and(is_person_name))
    {
        return false;
    }
    let extra: usize = lines_of(block)
        .iter()
        .map(|line| {
            line.prose()
                .split_whitespace()
                .filter(|word| is_extra_word(word))
                .count()
        })
        .sum();
    extra <= BYLINE_EXTRA_WORDS && has_date(block)
}

/// True for a word of a byline's own text that is neither punctuation nor part of a date.
fn is_extra_word(word: &str) -> bool {
    let letters: String = word
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    !letters.is_empty()
        && !word.chars().any(|c| c.is_ascii_digit())
        && !date::is_month_or_weekday(&letters)
}

/// True for a link text shaped as a person's name: one to four words, each capitalized, no
/// digits (`Jane Doe`, `Ken O'Neil`); or one `@handle`.
fn is_person_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    if let [handle] = words.as_slice() {
        if handle.len() > 1 && handle.starts_with('@') {
            return true;
        }
    }
    (1..=NAV_WORDS).contains(&words.len())
        && !is_generic_link_text(text)
        && words.iter().all(|word| {
            word.chars().next().is_some_and(char::is_uppercase)
                && !word.chars().any(|c| c.is_ascii_digit())
        })
}

/// True when every link of `line` comes right after the word `by`, or after `and`, `&` or a
/// comma following a link that does (`by A and B`).
fn is_credited_line(line: &Line) -> bool {
    let mut previous_end = None;
    line.link_ranges().all(|(_, range)| {
        let joined = previous_end.is_some_and(|end| {
            matches!(
                line.text[end..range.start]
                    .trim()
                    .to_ascii_lowercase()
                    .as_str(),
                "and" | "&" | ","
            )
        });
        previous_end = Some(range.end);
        joined || ends_with_by(&line.text[..range.start])
    })
}

/// True when `text` ends with the word `by` (whitespace after it aside).
fn ends_with_by(text: &str) -> bool {
    let text = text.trim_end();
    let Some(cut) = text.len().checked_sub(2) else {
        return false;
    };
    text.as_bytes()[cut..].eq_ignore_ascii_case(b"by")
        && text[..cut]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
}
