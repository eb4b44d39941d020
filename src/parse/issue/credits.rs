//! Credits: `by X`, `by X (Y)`, `by X on Y`, `via X`, `Source: X`, `Maintained by X`,
//! `thanks to X`, `h/t X`, `(@x)` and `(thanks @x)` after an item's title. Their links say who
//! wrote, made or pointed to the item; they are not documents of it. They are read as words of
//! their item, so their text stays in its description (no field of their own: the words are
//! searchable there). Markdown and HTML items go through this one rule.
//!
//! A link is a credit when the item already has a title link before it and either a credit word
//! starts the clause right before it (at the start of the text since the previous link, after
//! punctuation such as `(` or `—`, or after one word: `Maintained by`, `Slides by`), or it
//! follows a credit with only joining punctuation or words between (`by X (Y)`, `by X and Y`,
//! `by X on Y`), or it is an `@handle` right after its title (`(@x)`, `- @x`), or its own bare
//! host name in parentheses (`(example.com)`). A `by` inside a sentence (`a CLI built by the
//! team at Acme`) is no credit, and neither is a thank-you without a title before it.

use std::borrow::Cow;

use super::line::Line;

/// Words that credit a person or a source (lowercase; a longer cue before its prefix).
const CUES: &[&str] = &[
    "hat tip to",
    "hat tip",
    "hat-tip",
    "courtesy of",
    "thanks to",
    "source:",
    "author:",
    "authors:",
    "thanks",
    "h/t",
    "via",
    "by",
];

/// Punctuation after which a new clause starts.
const CLAUSE_MARKS: &[char] = &[
    '(', '[', '—', '–', '-', ',', ';', '|', '·', '•', '.', ':', '/',
];

/// Characters that may join two credits (`by X (Y)`, `X, Y`, `X & Y`).
const JOINERS: &[char] = &[
    '(', ')', ',', '&', '/', '|', '·', '-', '–', '—', ';', ':', '+',
];

/// `lines` (of one item, in order) with their credit links read as words. `titled` says that the
/// item already has its title link (an open lead, an entry's title line). Borrowed when no link
/// is a credit.
pub fn demote(lines: &[Line], mut titled: bool) -> Cow<'_, [Line]> {
    let mut out: Option<Vec<Line>> = None;
    for (index, line) in lines.iter().enumerate() {
        let credits = credit_links(line, &mut titled);
        if credits.iter().any(|&credit| credit) {
            let out = out.get_or_insert_with(|| lines[..index].to_vec());
            out.push(line.without_links(&credits));
        } else if let Some(out) = &mut out {
            out.push(line.clone());
        }
    }
    match out {
        Some(lines) => Cow::Owned(lines),
        None => Cow::Borrowed(lines),
    }
}

/// True for a title line whose credits are already words: titled web links, then nothing but
/// credits (`[Title](url) by [X](x) ([@x](y))`), no words of its own.
pub fn is_credited_title(line: &Line) -> bool {
    let mut from = 0;
    let mut titled = false;
    let mut credit = false;
    let mut web_links = line.links.iter();
    for (range, web) in line.mark_ranges() {
        let gap = line.text.get(from..range.start).unwrap_or_default();
        let link = web.then(|| web_links.next()).flatten();
        let text = line.text.get(range.clone()).unwrap_or_default();
        let source =
            link.is_some_and(|link| gap.trim() == "(" && names_its_source(text, &link.url));
        if link.is_some_and(|link| link.title.is_none()) && !source {
            return false;
        }
        let fits = if source {
            titled
        } else if !titled || web {
            !has_words(gap)
        } else {
            (if credit {
                after_cue(gap)
            } else {
                only_cue(gap)
            }) || (credit && joins(gap))
                || (gap.trim() == "(" && names_a_source(text))
        };
        if !fits {
            return false;
        }
        credit |= titled && (!web || source);
        titled |= web;
        from = range.end;
    }
    let tail = line.text.get(from..).unwrap_or_default();
    titled && credit && !has_words(tail.trim_end_matches([')', '.', ',']))
}

/// True when `text` has a letter or digit.
fn has_words(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

/// Which links of `line` are credits, given whether a title came before (`titled`, updated).
fn credit_links(line: &Line, titled: &mut bool) -> Vec<bool> {
    let mut credits = vec![false; line.links.len()];
    let mut from = 0;
    let mut previous_credit = false;
    for (index, range) in line.link_ranges() {
        let gap = line.text.get(from..range.start).unwrap_or_default();
        let text = line.text.get(range.clone()).unwrap_or_default();
        let credit = *titled
            && (after_cue(gap)
                || (previous_credit && joins(gap))
                || (is_handle(text.trim()) && !has_words(gap))
                || (gap.trim_end().ends_with('(')
                    && names_its_source(text, &line.links[index].url)));
        credits[index] = credit;
        *titled |= !credit;
        previous_credit = credit;
        from = range.end;
    }
    credits
}

/// True when `gap` (the text right before a link) ends with a credit word that starts a clause.
fn after_cue(gap: &str) -> bool {
    let gap = gap.trim_end().to_lowercase();
    CUES.iter().any(|cue| {
        gap.strip_suffix(cue).is_some_and(|head| {
            !head.ends_with(|c: char| c.is_alphanumeric() || c == '/') && starts_clause(head)
        })
    })
}

/// True when `gap` is a credit word opening a clause and at most one word before it (`by`,
/// `(via`, `— Maintained by`): a credit right after its title, not one after words of the line's
/// own (`Title: tested in four readers (thanks @x)` has words besides its credit).
fn only_cue(gap: &str) -> bool {
    let gap = gap.trim_end().to_lowercase();
    CUES.iter().any(|cue| {
        gap.strip_suffix(cue).is_some_and(|head| {
            !head.ends_with(|c: char| c.is_alphanumeric() || c == '/')
                && head
                    .split_whitespace()
                    .filter(|word| has_words(word))
                    .count()
                    <= 1
        })
    })
}

/// True when the text before a credit word leaves it at the start of a clause: nothing, clause
/// punctuation, or one word after either (`Maintained`, `— written`).
fn starts_clause(head: &str) -> bool {
    let head = head.trim_end();
    if head.is_empty() || head.ends_with(CLAUSE_MARKS) {
        return true;
    }
    let word_start = head.rfind(|c: char| !c.is_alphabetic()).map_or(0, |at| {
        at + head[at..].chars().next().map_or(1, char::len_utf8)
    });
    let before = head[..word_start].trim_end();
    word_start < head.len() && (before.is_empty() || before.ends_with(CLAUSE_MARKS))
}

/// Words that join a credit to the next (`by X and Y`, `by X on Y`, `by X at Y`, `by X for Y`):
/// the second link says where the credited person wrote, so it is part of the credit too.
const JOINING_WORDS: &[&str] = &["and", "on", "at", "for", "from", "in", "of"];

/// True when `gap` only joins two credits: whitespace, joining punctuation and joining words.
fn joins(gap: &str) -> bool {
    gap.split_whitespace().all(|word| {
        JOINING_WORDS
            .iter()
            .any(|join| word.eq_ignore_ascii_case(join))
            || word.chars().all(|c| JOINERS.contains(&c))
    })
}

/// True for a link, its text `text` and its destination `url`, that names who or where its
/// item is from: an `@handle`, or a bare host name that is the link's own host (`(example.com)`
/// after a title).
fn names_its_source(text: &str, url: &str) -> bool {
    names_a_source(text)
        && (is_handle(text.trim()) || crate::urls::host(text) == crate::urls::host(url))
}

/// True for a link text that names a source: an `@handle` or a bare host name.
fn names_a_source(text: &str) -> bool {
    let text = text.trim();
    let name = text.trim_end_matches('/');
    is_handle(text)
        || (name.contains('.') && !name.contains(['/', ' ']) && !crate::urls::host(name).is_empty())
}

/// True for an `@handle` (a profile, never a document of its own).
fn is_handle(title: &str) -> bool {
    title
        .strip_prefix('@')
        .is_some_and(|name| !name.is_empty() && !name.contains(char::is_whitespace))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::issue::blocks::Block;
    use crate::parse::markdown::tree;

    /// The URLs left as documents in the first line of the markdown `text`.
    fn kept(text: &str, titled: bool) -> Vec<String> {
        let body = tree::read(text, 1);
        let Some(Block::Paragraph(lines)) = body.blocks.into_iter().next().map(|l| l.block) else {
            panic!("not a paragraph: {text}");
        };
        demote(&lines, titled)
            .iter()
            .flat_map(|line| line.links.iter().map(|link| link.url.clone()))
            .collect()
    }

    #[test]
    fn credit_spellings_after_a_title_are_words() {
        for text in [
            "[T](https://t.io) by [X](https://x.io) ([Y](https://y.io))",
            "[T](https://t.io) via [X](https://x.io)",
            "[T](https://t.io) Maintained by [X](https://x.io) and [Y](https://y.io)",
            "[T](https://t.io) (thanks [@x](https://x.io))",
            "[T](https://t.io) — h/t [X](https://x.io)",
            "[T](https://t.io), thanks to [X](https://x.io)",
            "[T](https://t.io) ([@x](https://x.io))",
            "[T](https://t.io) Posted by [X](https://x.io) on [Y](https://y.io)",
            "[T](https://t.io) by [X](https://x.io) at [Y](https://y.io)",
            "[T](https://t.io) (Source: [X](https://x.io))",
            "[T](https://t.io) — Author: [X](https://x.io)",
            "[T](https://t.io) - [@x](https://x.io)",
            "[T](https://t.io) ([x.io](https://www.x.io/))",
        ] {
            assert_eq!(kept(text, false), ["https://t.io"], "{text}");
        }
    }

    #[test]
    fn a_title_with_credits_is_a_title_line() {
        let line = |text: &str| {
            let body = tree::read(text, 1);
            let Some(Block::Paragraph(lines)) = body.blocks.into_iter().next().map(|l| l.block)
            else {
                panic!("not a paragraph: {text}");
            };
            demote(&lines, false)[0].clone()
        };
        assert!(is_credited_title(&line(
            "[T](https://t.io) by [X](https://x.io) ([@x](https://y.io))"
        )));
        assert!(is_credited_title(&line(
            "**[T](https://t.io)** via [X](https://x.io)"
        )));
        assert!(is_credited_title(&line(
            "[T](https://t.io) ([t.io](https://t.io/))"
        )));
        assert!(!is_credited_title(&line("[T](https://t.io)")));
        assert!(!is_credited_title(&line(
            "[T](https://t.io) by [X](https://x.io) and more words"
        )));
        assert!(!is_credited_title(&line(
            "Read [T](https://t.io) by [X](https://x.io)"
        )));
        assert!(is_credited_title(&line(
            "[T](https://t.io) - Maintained by [X](https://x.io)"
        )));
        assert!(!is_credited_title(&line(
            "[T](https://t.io): tested in four readers (thanks [@x](https://x.io))."
        )));
        assert!(!is_credited_title(&line(
            "[T](https://t.io) - a terminal viewer, by [X](https://x.io)."
        )));
    }

    #[test]
    fn links_inside_sentences_and_untitled_thanks_are_kept() {
        assert_eq!(
            kept(
                "[T](https://t.io) - a CLI built by the team at [A](https://a.io)",
                false
            ),
            ["https://t.io", "https://a.io"]
        );
        assert_eq!(
            kept("[T](https://t.io) is loved by [U](https://u.io)", false),
            ["https://t.io", "https://u.io"]
        );
        assert_eq!(
            kept("Thanks to [our sponsor](https://s.io)", false),
            ["https://s.io"]
        );
        assert_eq!(kept("nearby [N](https://n.io)", true), ["https://n.io"]);
        assert_eq!(
            kept("[T](https://t.io) ([x.io/repo](https://x.io/repo))", false),
            ["https://t.io", "https://x.io/repo"]
        );
        assert_eq!(
            kept("[T](https://t.io) ([y.io](https://x.io))", false),
            ["https://t.io", "https://x.io"]
        );
        assert_eq!(
            kept("by [X](https://x.io) more", true),
            Vec::<String>::new()
        );
    }
}
