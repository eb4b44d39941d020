//! Items: grouping the body's blocks into editor items under their sections, and turning each
//! link of an item into a raw document.
//!
//! Rules:
//! - A list item is one item: its whole text is the description (the tree already folded in its
//!   continuation lines, nested quotes and link-less nested items), its links are the item's
//!   links. A table row is one item the same way, except a row of words alone under a lead
//!   link, which describes it as a paragraph would.
//! - A paragraph is split into items by its lines: description lines followed by link lines
//!   (`<br>[url](url)`, a bare URL) make an item; lines that each open with `[Title](url) - what
//!   it is` are an item each; a description line right after a link line
//!   starts a new item when link lines follow it, and otherwise (the paragraph's last lines:
//!   `Title`, `https://url`, `What it is.`) describes the item before it; a blank line ends an
//!   item that has links (a description may be separated from its links by one blank line).
//! - A lead link (a heading that holds a link, a paragraph line that is only a bold link, or an
//!   enumerated link line such as `3、[Title](url)（英文）`) is an item whose title is its text
//!   and whose description is what follows it without links of its own (the rest of its
//!   paragraph, then whole paragraphs, code blocks skipped) up to the next heading, item,
//!   thematic break or paragraph with links.
//! - Headings without links open sections; a heading that holds a link closes the sections of
//!   its level and deeper but opens none, unless it speaks of a sponsor (`## Sponsored by
//!   [Acme](url)`): that one opens the sponsor section and is its first item. Links before any
//!   heading are in the [`super::outline::INTRO`] section.
//! - An entry of a page (a titled list item, as the HTML reader makes of a page's repeated
//!   blocks) is one item: the links of its title line and those under it, described by the
//!   words under its title.
//! - Credits after an item's title (`by X`, `via X`, `(@x)`) are words of the item, not links
//!   ([`super::credits`]); a credit line under a lead does not end it, and a bold link followed
//!   only by its credits is a lead.
//! - Links set after the editor's words ([`super::later`]): an item whose links are all generic
//!   words to one URL (`Read more`, `(link)`, `→`) is titled by the heading above it, its first
//!   short line or its bold opening words (a heading over such an item opens no section), else
//!   by nothing; a generic word is never a title and, set apart from the sentences, no word of
//!   the description. A line of three links or more, each in a clause of its own, describes each
//!   link by its clause. A title link alone after words that have no link yet (the last line of
//!   its block, or a row under a row of words) takes those words, not its own.
//! - The newsletter's subscription footer yields nothing ([`super::footer`]).
//! - A URL already seen in the issue yields nothing (the first occurrence wins).

use std::borrow::Cow;

use rustc_hash::FxHashSet;

use crate::sections::{self, SPONSOR};

use super::blocks::{Block, Body, ListItem, Located};
use super::clean::{collapse_owned, truncate};
use super::credits;
use super::footer::before_footer;
use super::later;
use super::line::{Line, Link};
use super::outline::Outline;

/// Longest description kept, in bytes (longer ones are cut at a word and end with `…`).
pub const MAX_DESCRIPTION: usize = 2048;
/// Items with more links than this are not editor items but link dumps: their shared
/// description is cut to [`MAX_SHARED_DESCRIPTION`] so output stays proportional to input.
const MANY_LINKS: usize = 64;
/// Longest description kept for an item with more than [`MANY_LINKS`] links.
const MAX_SHARED_DESCRIPTION: usize = 256;

/// A link with its item and section, before issue-level fields are added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawDoc {
    /// The link.
    pub link: Link,
    /// The item's description, plain text.
    pub description: String,
    /// Section slug (`news`, `updates/newsletters`, `intro`).
    pub section: String,
    /// Section title as written (`Updates / Newsletters`).
    pub section_title: String,
}

/// Groups `body` into items and returns one raw document per distinct link, in order.
/// The block at `skip_heading` (the issue's own title heading) is not a section.
pub fn collect(body: &Body, skip_heading: Option<usize>) -> Vec<RawDoc> {
    let mut state = State::default();
    let blocks: Vec<_> = before_footer(&body.blocks).collect();
    let mut next = 0;
    for (index, located) in blocks.iter().enumerate() {
        if index < next {
            continue;
        }
        next = index + 1;
        match &located.block {
            Block::Heading { .. } if skip_heading == Some(index) => state.flush(),
            Block::Heading { level, text, links } => {
                state.heading(&blocks, index, (*level, text), links);
            }
            Block::Paragraph(lines) => state.paragraph(lines),
            Block::Item(item) if state.item.awaits_link() => state.paragraph(&item.lines),
            Block::Item(item) => state.list_item(item),
            Block::Row(row) => next = state.row(&blocks, index, row),
            Block::Break => state.flush(),
            Block::Code if !state.item.lead => state.flush(),
            Block::Code | Block::Empty => {}
        }
    }
    state.flush();
    state.docs
}

/// The item being built.
#[derive(Default)]
struct Item {
    /// The description lines so far, joined by spaces.
    description: String,
    links: Vec<Link>,
    /// A link line has been added: the next description line starts a new item.
    closed: bool,
    /// A blank line followed description-only lines: only link lines may still join.
    blank_after_description: bool,
    /// A lead link: link-less paragraphs that follow are its description.
    lead: bool,
    /// It began with a `Title - what it is` line ([`is_title_dash_line`]): the next such line
    /// starts an item of its own.
    title_dash: bool,
    /// It began with a sponsor's label ([`is_sponsor_line`]): its links are the sponsor's.
    sponsored: bool,
    /// The editor's title of its generic links ([`later`]: a heading, a first line, bold words).
    title: Option<String>,
    /// One description per link, when its line describes each by its own clause
    /// ([`later::clauses`]).
    own: Vec<String>,
}

impl Item {
    /// True for an entry titled without a link whose link is still to come ([`later`]).
    fn awaits_link(&self) -> bool {
        self.title.is_some() && self.links.is_empty()
    }

    /// True when `row` is a title link alone under words that have no link yet: the entry's
    /// words came first, its title after them (when nothing follows it in its block, its words
    /// do not take its title).
    fn awaits_title(&self, row: &Line) -> bool {
        self.links.is_empty() && !self.description.is_empty() && row.is_titled_links_only()
    }
}

#[derive(Default)]
struct State {
    outline: Outline,
    item: Item,
    seen: FxHashSet<String>,
    docs: Vec<RawDoc>,
}

impl State {
    /// A heading: a section's, unless it titles the entry under it ([`later::titles_entry`]);
    /// one that holds links is a lead.
    fn heading(
        &mut self,
        blocks: &[Cow<'_, Located>],
        at: usize,
        (level, text): (usize, &str),
        links: &[Link],
    ) {
        self.flush();
        if links.is_empty() && later::titles_entry(blocks, at, level, self.outline.is_above(level))
        {
            self.item.lead = true;
            self.item.title = Some(text.to_string());
            return;
        }
        if links.is_empty() || sections::slug_for_heading(text) == SPONSOR {
            self.outline.enter(level, text);
        } else {
            self.outline.close(level);
        }
        if !links.is_empty() {
            self.lead_heading(text, links);
        }
    }

    /// The table row at `at` of `blocks`: words under a lead, an entry's rows
    /// ([`later::entry_rows`]) or an item of its own. Returns the index of the block after it
    /// (after the entry's last row).
    fn row(&mut self, blocks: &[Cow<'_, Located>], at: usize, row: &Line) -> usize {
        let lines = std::slice::from_ref(row);
        if (row.links.is_empty() && self.item.lead) || self.item.awaits_link() {
            self.paragraph(lines);
        } else if let Some(end) = later::entry_rows(blocks, at) {
            let rows = blocks[at..end].iter().flat_map(|row| row.block.lines());
            self.list_item(&ListItem::from_lines(rows.cloned()));
            return end;
        } else {
            self.list_item(&ListItem::from_line(row.clone()));
        }
        at + 1
    }

    /// A paragraph: a lead line starts a lead item; link-less paragraphs under a lead describe
    /// it; anything else is read line by line. An empty paragraph (a block builder may make one)
    /// is nothing.
    fn paragraph(&mut self, lines: &[Line]) {
        if self.item.awaits_link() {
            for line in lines {
                self.describe(&line.description());
                self.item.links.extend(line.links.iter().cloned());
            }
            return;
        }
        if !self.item.lead {
            if let Some(entry) = later::untitled(lines) {
                return self.untitled(lines, &entry);
            }
        }
        let titled = self.item.lead && !self.item.links.is_empty();
        let lines = credits::demote(lines, titled);
        let [first, after_first @ ..] = &lines[..] else {
            return;
        };
        let mut rest = &lines[..];
        let credited = credits::is_credited_title(first);
        let bold_lead = credited && first.strong_links == first.links.len();
        if first.is_lead() || bold_lead || is_title_then_description(&lines) {
            self.flush();
            self.item.lead = true;
            self.item.links.extend(first.links.iter().cloned());
            if credited {
                self.describe(&first.prose());
            }
            let described = after_first
                .iter()
                .take_while(|line| line.links.is_empty())
                .count();
            for line in &after_first[..described] {
                self.describe(&line.description());
            }
            rest = &after_first[described..];
        } else if self.item.lead && lines.iter().all(|line| line.links.is_empty()) {
            for line in lines.iter() {
                self.describe(&line.description());
            }
            return;
        }
        if rest.is_empty() {
            return;
        }
        if self.item.lead {
            self.flush();
        }
        let linked = rest.iter().rposition(|line| !line.links.is_empty());
        let (lines, tail) = rest.split_at(linked.map_or(0, |at| at + 1));
        let words_after = linked.is_some() && !tail.is_empty();
        for line in lines {
            self.line(line, words_after);
        }
        for line in tail {
            if linked.is_some() {
                self.describe(&line.description());
            } else {
                self.line(line, false);
            }
        }
        self.blank();
    }

    /// A heading that holds links: a lead item whose description starts with the heading's words
    /// besides its links' titles (a dash that set a credit span apart from the title left out:
    /// `### [Title](url) — by X` is described `by X …`).
    fn lead_heading(&mut self, text: &str, links: &[Link]) {
        self.item.lead = true;
        self.item.links.extend(links.iter().cloned());
        let mut rest = text.to_string();
        for title in links.iter().filter_map(|link| link.title.as_deref()) {
            rest = rest.replacen(title, " ", 1);
        }
        if rest.chars().any(char::is_alphanumeric) {
            self.describe(rest.trim_start().trim_start_matches(TITLE_DASHES));
        }
    }

    /// A list item or table row: one item of its own.
    fn list_item(&mut self, item: &ListItem) {
        self.flush();
        if is_title_dash_list(&item.lines) {
            // A cell or item that sets its links as `Title - what it is` lines: read as a
            // paragraph of them, an item each.
            self.paragraph(&item.lines);
            return self.flush();
        }
        if item.titled || is_title_then_description(&item.lines) {
            return self.entry(&item.lines);
        }
        if let Some(entry) = under_kicker(&item.lines) {
            return self.entry(entry);
        }
        if let Some(entry) = later::untitled(&item.lines) {
            return self.untitled(&item.lines, &entry);
        }
        if let [line] = &item.lines[..] {
            if let Some(own) = later::clauses(line) {
                return self.clauses(line, own);
            }
        }
        self.item.sponsored = item.lines.first().is_some_and(is_sponsor_line);
        let lines = credits::demote(&item.lines, false);
        for (index, line) in lines.iter().enumerate() {
            if index + 1 < lines.len() || !self.item.awaits_title(line) {
                self.describe(&line.description());
            }
            self.add_links(line);
        }
        self.flush();
    }

    /// An entry whose links are generic words to one URL ([`later::untitled`]): one item of its
    /// own, titled by the editor's title when the lines set one, or by a short line of words
    /// alone right above them; a line of nothing but such a link under words without a link is
    /// theirs (`<p>What it is.</p><p><a>Read more</a></p>`).
    fn untitled(&mut self, lines: &[Line], entry: &later::Untitled<'_>) {
        let pending = self.item.links.is_empty()
            && !self.item.description.is_empty()
            && entry.title.is_none();
        let prose = lines.iter().any(Line::has_prose);
        if pending && prose && later::is_title_words(&self.item.description) {
            // A short line of words alone above the entry's words is its title
            // (`<div>Title</div><div>What it is. <a>Read more</a></div>`).
            self.item.title = Some(std::mem::take(&mut self.item.description));
        } else if !pending || prose {
            self.flush();
            self.item.title = entry.title.map(str::to_string);
        }
        for line in &lines[entry.from..] {
            self.describe(&line.description());
        }
        for line in lines {
            self.item.links.extend(line.links.iter().cloned());
        }
        self.flush();
    }

    /// A line of links in clauses of their own ([`later::clauses`]): one item, each link
    /// described by its clause.
    fn clauses(&mut self, line: &Line, own: Vec<String>) {
        self.flush();
        self.describe(&line.text);
        self.item.links.extend(line.links.iter().cloned());
        self.item.own = own;
        self.flush();
    }

    /// An entry of a page: the links of its title line, then those under it (a "comments" or
    /// "repo" link), all described by the words under the title, credits included (by the
    /// title's own words when there are none).
    fn entry(&mut self, lines: &[Line]) {
        let lines = credits::demote(lines, false);
        let [title, rest @ ..] = &lines[..] else {
            return;
        };
        self.item.links.extend(title.links.iter().cloned());
        if title.has_prose() {
            self.describe(&title.prose());
        }
        for line in rest {
            if line.has_prose() {
                self.describe(&line.text);
            }
            self.item.links.extend(line.links.iter().cloned());
        }
        if self.item.description.is_empty() {
            self.describe(&title.description());
        }
        self.flush();
    }

    fn blank(&mut self) {
        if !self.item.links.is_empty() {
            self.flush();
        } else if !self.item.description.is_empty() {
            self.item.blank_after_description = true;
        }
    }

    /// One line of a paragraph (`words_after`: lines of words follow the paragraph's last link
    /// line, so a title line is no entry's last).
    fn line(&mut self, line: &Line, words_after: bool) {
        if let Some(own) = later::clauses(line) {
            return self.clauses(line, own);
        }
        if !line.has_prose() && !line.links.is_empty() {
            if words_after || !self.item.awaits_title(line) {
                self.describe(&line.description());
            }
            self.item.links.extend(line.links.iter().cloned());
            self.item.closed = true;
        } else if !line.description().trim().is_empty() {
            let title_dash = is_title_dash_line(line);
            if self.item.closed
                || self.item.blank_after_description
                || (title_dash && self.item.title_dash)
            {
                self.flush();
            }
            if self.item.links.is_empty() {
                self.item.title_dash = title_dash;
            }
            if self.item.description.is_empty() {
                self.item.sponsored = is_sponsor_line(line);
            }
            self.describe(&line.description());
            self.add_links(line);
        }
    }

    /// Adds the links of a line of the item: a line's one link after `via`, at its end, names
    /// the site the page is on, so its text is no title ([`later::via_source`]).
    fn add_links(&mut self, line: &Line) {
        if later::via_source(line) {
            let links = line.links.iter().map(|link| Link {
                title: None,
                ..link.clone()
            });
            self.item.links.extend(links);
        } else {
            self.item.links.extend(line.links.iter().cloned());
        }
    }

    fn describe(&mut self, text: &str) {
        if !text.trim().is_empty() {
            let description = &mut self.item.description;
            if !description.is_empty() {
                description.push(' ');
            }
            description.push_str(text);
        }
    }

    /// Ends the current item: one raw document per link not seen before.
    fn flush(&mut self) {
        let item = std::mem::take(&mut self.item);
        let seen = &mut self.seen;
        let mut own = item.own.into_iter();
        let own_count = own.len();
        // A title set as words of a line (not a link's text) is cleaned as a link's text is.
        let title = item.title.map(collapse_owned);
        let links: Vec<(Link, Option<String>)> = item
            .links
            .into_iter()
            .map(|link| {
                let clause = own.next();
                let title = match link.is_generic() {
                    true => title.clone(),
                    false => link.title,
                };
                (Link { title, ..link }, clause)
            })
            .filter(|(link, _)| seen.insert(link.url.clone()))
            .collect();
        if links.is_empty() {
            return;
        }
        let max = if links.len() > MANY_LINKS {
            MAX_SHARED_DESCRIPTION
        } else {
            MAX_DESCRIPTION
        };
        let mut description = truncate(collapse_owned(item.description), max);
        let (section, section_title) = match item.sponsored {
            true => &(SPONSOR.to_string(), SPONSOR_TITLE.to_string()),
            false => self.outline.section(),
        };
        let mut links = links.into_iter().peekable();
        while let Some((link, clause)) = links.next() {
            let description = match (clause, links.peek()) {
                (Some(clause), _) if own_count > 0 => truncate(collapse_owned(clause), max),
                (_, Some(_)) => description.clone(),
                (_, None) => std::mem::take(&mut description),
            };
            self.docs.push(RawDoc {
                link,
                description,
                section: section.clone(),
                section_title: section_title.clone(),
            });
        }
    }
}

/// The section title of a sponsor's item set in a paragraph or list item of another section.
const SPONSOR_TITLE: &str = "Sponsor";
/// Most words a sponsor's label has (`This issue is sponsored by`).
const SPONSOR_LABEL_WORDS: usize = 6;

/// True for a line whose words before its first link (up to a colon) are a short label that
/// speaks of a sponsor: `Sponsor: [Acme](url) - ...`, `💌 This issue is sponsored by
/// [Acme](url)`, `**Sponsored** [Acme](url)`. A link whose own title names sponsors
/// (`[GitHub Sponsors](url): ...`) has no label before it and is an article.
fn is_sponsor_line(line: &Line) -> bool {
    if !holds_sponsor(&line.text) {
        return false;
    }
    let end = line
        .link_ranges()
        .next()
        .map_or(line.text.len(), |(_, range)| range.start);
    let before = line.text.get(..end).unwrap_or_default();
    let label = before.split(':').next().unwrap_or_default();
    // Every line that opens an item is asked, most of them prose: stop past the label's length.
    let mut sponsor = false;
    for (count, word) in label.split_whitespace().enumerate() {
        if count == SPONSOR_LABEL_WORDS {
            return false;
        }
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        sponsor |= ["sponsor", "sponsors", "sponsored"]
            .iter()
            .any(|name| word.eq_ignore_ascii_case(name));
    }
    sponsor
}

/// True when `text` holds `sponsor` in any ASCII case: a byte search that turns away almost
/// every line before its words are read.
fn holds_sponsor(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr2_iter(b's', b'S', bytes).any(|at| {
        bytes
            .get(at + 1..at + 7)
            .is_some_and(|rest| rest.eq_ignore_ascii_case(b"ponsor"))
    })
}

/// Marks that set a title apart from what follows it on its line (`[Title](url) - what it is`).
const TITLE_DASHES: &[char] = &['-', '–', '—', ':', '|', '·'];

/// True for a line that opens with a web link, then one of [`TITLE_DASHES`] and words:
/// `[Title](url) - what it is` or `https://url: what it is` (a "quick links" block of bare
/// addresses), one item per line even inside one paragraph (lines set apart by `<br>`s, a list
/// without list markup). A sentence that wraps before a link (`... see\n[the
/// docs](url) for more`) has no such mark.
fn is_title_dash_line(line: &Line) -> bool {
    let Some((_, range)) = line.link_ranges().next() else {
        return false;
    };
    let before = line.text.get(..range.start).unwrap_or_default();
    let after = line.text.get(range.end..).unwrap_or_default().trim_start();
    before.trim().is_empty()
        && after.starts_with(TITLE_DASHES)
        && after.chars().any(char::is_alphanumeric)
}

/// True for lines of which two or more are [`is_title_dash_line`]s and every other one has no
/// link: a list set in one cell or item.
fn is_title_dash_list(lines: &[Line]) -> bool {
    lines.iter().filter(|line| is_title_dash_line(line)).count() >= 2
        && lines
            .iter()
            .all(|line| line.links.is_empty() || is_title_dash_line(line))
}

/// True for a paragraph that opens with a line of titled links alone (`[Title](url)`), followed
/// by a line of words without links: the title-then-description item, whose description is what
/// follows, as under a lead. (Description lines before link lines, as in `Text` then
/// `<br>[url](url)`, describe the links after them instead.)
fn is_title_then_description(lines: &[Line]) -> bool {
    let [first, second, ..] = lines else {
        return false;
    };
    (first.is_titled_links_only() || credits::is_credited_title(first))
        && second.links.is_empty()
        && second.has_prose()
}

/// Most words of a kicker: a short line above an entry's title (`Mar 3 · 5 min read`, `Video`).
const KICKER_WORDS: usize = 6;

/// The lines of an entry set under a kicker, without it: a card as a list item (a date or a
/// category, then its title alone on its line, then its words), read as a card set in `<div>`s
/// is (the kicker is no part of what the editor wrote about the link). A sponsor's label is
/// no kicker.
fn under_kicker(lines: &[Line]) -> Option<&[Line]> {
    let [kicker, rest @ ..] = lines else {
        return None;
    };
    let short = kicker.text.split_whitespace().count() <= KICKER_WORDS;
    (kicker.links.is_empty()
        && kicker.has_prose()
        && short
        && !holds_sponsor(&kicker.text)
        && is_title_then_description(rest))
    .then_some(rest)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::blocks::Located;
    use super::super::outline::INTRO;
    use super::*;
    use crate::parse::markdown::tree;

    /// (section, url, description) of every raw document of `text`.
    fn docs(text: &str) -> Vec<(String, String, String)> {
        collect(&tree::read(text, 1), None)
            .into_iter()
            .map(|d| (d.section, d.link.url, d.description))
            .collect()
    }

    fn doc(section: &str, url: &str, description: &str) -> (String, String, String) {
        (section.into(), url.into(), description.into())
    }

    #[test]
    fn a_closing_sentence_asking_to_subscribe_is_footer_and_other_labels_need_one_below() {
        let text = "## News\n\n[Post](https://p.io) about things.\n\nEnjoyed this issue? [Subscribe](https://s.io/join) to get it every week.\n";
        assert_eq!(
            docs(text),
            [doc("news", "https://p.io", "Post about things.")]
        );
        let text = "## News\n\n[Post](https://p.io) about things.\n\nThe [Archive](https://a.io) of old talks.\n";
        assert_eq!(docs(text).len(), 2);
        let text = "## News\n\n[Post](https://p.io) about things.\n\nThe [Archive](https://a.io) of old talks.\n\n[Unsubscribe](https://u.io)\n";
        assert_eq!(
            docs(text),
            [doc("news", "https://p.io", "Post about things.")]
        );
    }

    #[test]
    fn description_then_several_link_lines() {
        let text = "Tools\n=====\n\nK3OS is new.\n<br>[https://a.io/](https://a.io/)\n<br>[https://github.com/k](https://github.com/k)\n";
        assert_eq!(
            docs(text),
            [
                doc("tools", "https://a.io/", "K3OS is new."),
                doc("tools", "https://github.com/k", "K3OS is new.")
            ]
        );
    }

    #[test]
    fn description_right_after_a_link_line_starts_a_new_item() {
        let text = "Kiali helps.\n<br>[https://kiali.io/](https://kiali.io/)\nNEMU is new.\n<br>[https://nemu.io](https://nemu.io)";
        assert_eq!(
            docs(text),
            [
                doc("intro", "https://kiali.io/", "Kiali helps."),
                doc("intro", "https://nemu.io", "NEMU is new.")
            ]
        );
    }

    #[test]
    /// A heading in a list item whose words hold URLs (raw HTML around markdown links) once
    /// made a line with links past its marks, and reading its credits panicked.
    fn a_heading_whose_words_are_a_url_inside_a_list_item_reads() {
        let found = docs("* <p><a href=\"https://h.io/x\"><h2>[](https://a.io)[](https://a.io)");
        assert_eq!(
            found,
            [doc(
                "intro",
                "https://h.io/x",
                "[](https://a.io)[](https://a.io)"
            )]
        );
    }

    #[test]
    fn title_dash_lines_of_one_paragraph_are_an_item_each() {
        let text = "[First](https://a.io/1) - what the first says.\n[Second](https://b.io/2) - what the second says.\n[Third](https://c.io/3): the third, and see\n[its docs](https://c.io/docs) for more.";
        assert_eq!(
            docs(text),
            [
                doc("intro", "https://a.io/1", "First - what the first says."),
                doc("intro", "https://b.io/2", "Second - what the second says."),
                doc(
                    "intro",
                    "https://c.io/3",
                    "Third: the third, and see its docs for more."
                ),
                doc(
                    "intro",
                    "https://c.io/docs",
                    "Third: the third, and see its docs for more."
                ),
            ]
        );
    }

    #[test]
    fn lines_after_the_last_link_line_describe_its_item() {
        let text = "Layers of caches\nhttps://caches.example/layers\nWhere each cache sits.\n\nDNS TTLs\nhttps://dns.example/ttl\nShorter is not better.\nNot always.";
        assert_eq!(
            docs(text),
            [
                doc(
                    "intro",
                    "https://caches.example/layers",
                    "Layers of caches Where each cache sits."
                ),
                doc(
                    "intro",
                    "https://dns.example/ttl",
                    "DNS TTLs Shorter is not better. Not always."
                )
            ]
        );
    }

    #[test]
    fn blank_line_between_description_and_links_and_event_titles() {
        let text = "Events\n======\n\nA title line\nThe event text.\n\n[https://e.io](https://e.io)\n[https://f.io](https://f.io)\n\n\nIntro text only.\n\nNext item.\nhttps://g.io\n";
        assert_eq!(
            docs(text),
            [
                doc("events", "https://e.io", "A title line The event text."),
                doc("events", "https://f.io", "A title line The event text."),
                doc("events", "https://g.io", "Next item.")
            ]
        );
    }

    #[test]
    fn list_items_are_items_of_their_own() {
        let text = "## Reading\n* [Post one](https://one.io) - about one\n* [Post two](https://two.io)\n  more on two\nAfter the list.";
        let got = collect(&tree::read(text, 1), None);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].link.title.as_deref(), Some("Post one"));
        assert_eq!(got[0].description, "Post one - about one");
        assert_eq!(got[1].description, "more on two After the list.");
        assert_eq!(got[1].section, "news");
    }

    #[test]
    fn nested_headings_join_slugs_and_titles() {
        let text =
            "## Updates\n### Newsletters\nA [letter](https://l.io).\n## Tools\nx https://t.io";
        let got = collect(&tree::read(text, 1), None);
        assert_eq!(got[0].section, "updates/newsletters");
        assert_eq!(got[0].section_title, "Updates / Newsletters");
        assert_eq!(got[1].section, "tools");
        assert_eq!(got[1].section_title, "Tools");
    }

    #[test]
    fn skipped_heading_is_not_a_section() {
        let text = "## Issue 204 - 30th November 2014\nText https://a.io";
        let got = collect(&tree::read(text, 1), Some(0));
        assert_eq!(got[0].section, INTRO);
    }

    #[test]
    fn repeated_urls_are_dropped_and_long_descriptions_cut() {
        let long = "word ".repeat(1000);
        let text = format!("{long}\nhttps://a.io\n\nAgain.\nhttps://a.io\nhttps://b.io\n");
        let got = docs(&text);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].2.len(), 2044 + "…".len());
        assert!(got[0].2.ends_with("word…"));
        assert_eq!(got[1], doc("intro", "https://b.io", "Again."));
        let dump: String = (0..100)
            .map(|n| format!("{long} https://x.io/{n} "))
            .collect();
        let got = docs(&dump);
        assert_eq!(got.len(), 100);
        assert!(got
            .iter()
            .all(|d| d.2.len() <= MAX_SHARED_DESCRIPTION + "…".len()));
    }

    #[test]
    fn trailing_footer_yields_nothing() {
        let text = "Item.\n[https://a.io](https://a.io)\n\nIf you received this email directly then you're already signed up, thanks! If however someone forwarded this email to you then you can subscribe at [http://devopsweekly.com](http://devopsweekly.com)\n[Unsubscribe](https://u.io)\n\n---\n\n[Unsubscribe](https://u2.io)";
        assert_eq!(docs(text), [doc("intro", "https://a.io", "Item.")]);
    }

    #[test]
    fn a_footer_label_above_the_entries_of_one_block_starts_no_footer() {
        let text = "[Read on the web](https://w.io/12)\n[Bundlers compared](https://b.io) Five bundlers, one app.\n[Unsubscribe](https://u.io)\n";
        let urls: Vec<String> = docs(text).into_iter().map(|d| d.1).collect();
        assert_eq!(urls, ["https://w.io/12", "https://b.io"]);
    }

    #[test]
    fn a_sign_off_after_the_footer_keeps_it_a_footer() {
        let text = "Item.\n[https://a.io](https://a.io)\n\nIf you received this email directly then you're already signed up, thanks! Subscribe at [http://d.io](http://d.io)\n\nCheers, the editor.\n";
        assert_eq!(docs(text), [doc("intro", "https://a.io", "Item.")]);
    }

    #[test]
    fn a_footer_label_beside_an_article_link_is_content() {
        let text = "Item.\nhttps://a.io\n\n[Preferences](https://p.io) and [a talk on preferences and defaults](https://t.io)\n";
        let urls: Vec<String> = docs(text).into_iter().map(|d| d.1).collect();
        assert_eq!(urls, ["https://a.io", "https://p.io", "https://t.io"]);
    }

    #[test]
    fn a_table_row_with_a_link_after_a_footer_keeps_it_content() {
        let text = "Item.\nhttps://a.io\n\nUnsubscribe here: https://u.io\n\n| a | b |\n|---|---|\n| [T](https://t.io) | x |\n";
        let urls: Vec<String> = docs(text).into_iter().map(|d| d.1).collect();
        assert_eq!(urls, ["https://a.io", "https://u.io", "https://t.io"]);
    }

    #[test]
    fn footer_words_in_content_drop_nothing() {
        let text = "* [Observer pattern with an unsubscribe mechanism](https://o.io)\n* [Next](https://n.io)\n\nYou are receiving this because you subscribed. Unsubscribe: https://u.io\n\nLast article\nhttps://l.io\n";
        let urls: Vec<String> = docs(text).into_iter().map(|d| d.1).collect();
        assert_eq!(
            urls,
            [
                "https://o.io",
                "https://n.io",
                "https://u.io",
                "https://l.io"
            ]
        );
        let last = "* [A guide to unsubscribe flows](https://g.io)\n";
        assert_eq!(docs(last).len(), 1);
    }

    /// (url, title, description) of every raw document of `text`.
    fn linked(text: &str) -> Vec<(String, Option<String>, String)> {
        collect(&tree::read(text, 1), None)
            .into_iter()
            .map(|d| (d.link.url, d.link.title, d.description))
            .collect()
    }

    #[test]
    fn inline_markup_escapes_code_images_and_non_web_links() {
        let got = linked(
            "Read [the *post*](https://a.io/p \"t\") and <https://b.io>.\n\n\\[x](https://c.io) `https://no.io` ![i](https://img.io/i.png) [mail](mailto:a@b.c)\n\n[![logo](https://d.io/l.png)](https://d.io)\n",
        );
        assert_eq!(
            got,
            [
                (
                    "https://a.io/p".into(),
                    Some("the post".into()),
                    "Read the post and https://b.io.".into()
                ),
                (
                    "https://b.io".into(),
                    None,
                    "Read the post and https://b.io.".into()
                ),
                (
                    "https://c.io".into(),
                    None,
                    "[x](https://c.io) https://no.io mail".into()
                ),
                ("https://d.io".into(), Some("logo".into()), "logo".into()),
            ]
        );
    }

    #[test]
    fn headings_comments_and_fences() {
        let text = "## Updates ##\n### \\#1 News\n#hashtag https://h.io\n\na <!-- x\n[l](https://x.io)\n--> b https://b.io\n\n```sh\nhttps://in.code\n```\n";
        assert_eq!(
            docs(text),
            [
                doc("updates/1-news", "https://h.io", "#hashtag https://h.io"),
                doc("updates/1-news", "https://b.io", "a b https://b.io"),
            ]
        );
    }

    #[test]
    fn a_line_or_item_opening_with_a_sponsor_label_is_the_sponsor_section() {
        let text = "## News\n\n[Post](https://p.io) - about things.\n\n> **Sponsor:** [Acme](https://acme.io) builds. [Try it](https://acme.io/try).\n\n- This issue is sponsored by [Beta](https://beta.io).\n- [GitHub Sponsors](https://gh.io/sponsors): now in more countries.\n- Thanks to all our sponsors and readers for another year of links [here](https://y.io)\n";
        assert_eq!(
            docs(text),
            [
                doc("news", "https://p.io", "Post - about things."),
                doc(
                    "sponsor",
                    "https://acme.io",
                    "Sponsor: Acme builds. Try it."
                ),
                doc(
                    "sponsor",
                    "https://acme.io/try",
                    "Sponsor: Acme builds. Try it."
                ),
                doc(
                    "sponsor",
                    "https://beta.io",
                    "This issue is sponsored by Beta."
                ),
                doc(
                    "news",
                    "https://gh.io/sponsors",
                    "GitHub Sponsors: now in more countries."
                ),
                doc(
                    "news",
                    "https://y.io",
                    "Thanks to all our sponsors and readers for another year of links here"
                ),
            ]
        );
    }

    #[test]
    fn bare_url_lines_with_a_colon_are_an_item_each_and_a_heading_credit_loses_its_dash() {
        let text = "## Quick links\n\nhttps://a.io/x: the first\nhttps://b.io/y - the second\n\n## Tools\n\n### [Tool](https://t.io) — by [Ann](https://ann.io)\n\nIt tools.\n";
        assert_eq!(
            docs(text),
            [
                doc("quick-links", "https://a.io/x", "https://a.io/x: the first"),
                doc(
                    "quick-links",
                    "https://b.io/y",
                    "https://b.io/y - the second"
                ),
                doc("tools", "https://t.io", "by Ann It tools."),
            ]
        );
    }

    #[test]
    fn a_sponsor_heading_with_a_link_opens_the_sponsor_section() {
        let text = "## News\n### Sponsored by [Acme](https://acme.io)\nAcme builds.\n\nTry it.\nhttps://acme.io/try\n## Tools\nT https://t.io\n";
        assert_eq!(
            docs(text),
            [
                doc("sponsor", "https://acme.io", "Sponsored by Acme builds."),
                doc("sponsor", "https://acme.io/try", "Try it."),
                doc("tools", "https://t.io", "T https://t.io"),
            ]
        );
    }

    #[test]
    fn lead_links_take_the_paragraphs_under_them() {
        let text = "## News\n### [Use HTTP/2](https://h.io)\nFirst part.\n\n```\ncode\n```\n\nSecond part.\n\n**[Expo SDK 54](https://e.io)**\n\nExpo text.\n\nMention of [other](https://o.io).\n\n3、[金属轮胎](https://t.io)（英文）\n\n自行车的轮胎。\n";
        let got = docs(text);
        assert_eq!(
            got,
            [
                doc("news", "https://h.io", "First part. Second part."),
                doc("news", "https://e.io", "Expo text."),
                doc("news", "https://o.io", "Mention of other."),
                doc("news", "https://t.io", "自行车的轮胎。"),
            ]
        );
    }

    /// An item of `links` links after a description of `words` words.
    fn link_dump(links: usize, words: usize) -> String {
        let description = "word ".repeat(words);
        let urls: String = (0..links).map(|n| format!("https://x.io/{n}\n")).collect();
        format!("{description}\n{urls}")
    }

    #[test]
    fn descriptions_are_cut_short_only_above_many_links() {
        let at_limit = docs(&link_dump(MANY_LINKS, 100));
        assert_eq!(at_limit.len(), MANY_LINKS);
        assert!(at_limit
            .iter()
            .all(|d| d.2 == "word ".repeat(100).trim_end()));
        let above = docs(&link_dump(MANY_LINKS + 1, 100));
        assert_eq!(above.len(), MANY_LINKS + 1);
        assert!(above
            .iter()
            .all(|d| d.2 == format!("{}…", "word ".repeat(51).trim_end())));
    }

    /// Every block shape with nothing in it, which no reader makes today but a new one may.
    #[test]
    fn empty_blocks_give_nothing_and_do_not_panic() {
        let located = |block| Located { line: 1, block };
        let body = Body {
            blocks: vec![
                located(Block::Paragraph(Vec::new())),
                located(Block::Item(ListItem::default())),
                located(Block::Row(Line::default())),
                located(Block::Paragraph(vec![Line::default()])),
                located(Block::Heading {
                    level: 1,
                    text: String::new(),
                    links: Vec::new(),
                }),
            ],
        };
        assert_eq!(collect(&body, None), []);
        assert_eq!(collect(&body, Some(4)), []);
    }

    /// What the item stage promises for any blocks: each link once, descriptions bounded.
    fn check_items(body: &Body) -> Result<(), TestCaseError> {
        let docs = collect(body, None);
        let mut urls = FxHashSet::default();
        for doc in &docs {
            prop_assert!(urls.insert(doc.link.url.clone()), "{} twice", doc.link.url);
            prop_assert!(doc.description.len() <= MAX_DESCRIPTION + "…".len());
            prop_assert!(!doc.section.is_empty());
        }
        Ok(())
    }

    /// A line the arbitrary blocks are made of: empty, links only, or read from markdown.
    fn any_line() -> impl Strategy<Value = Line> {
        prop_oneof![
            Just(Line::default()),
            proptest::collection::vec(0..4u8, 0..3).prop_map(|ids| Line::links_only(
                ids.into_iter()
                    .map(|id| Link {
                        url: format!("https://l.io/{id}"),
                        title: None,
                    })
                    .collect()
            )),
            "[a-z ]{0,12}( https://m.io/[a-c])?( \\*\\*\\[T\\]\\(https://s.io\\)\\*\\*)?".prop_map(
                |text| {
                    let body = tree::read(&text, 1);
                    match body.blocks.into_iter().next().map(|l| l.block) {
                        Some(Block::Paragraph(mut lines)) if !lines.is_empty() => lines.remove(0),
                        _ => Line::default(),
                    }
                }
            ),
        ]
    }

    /// Any block, empty ones included.
    fn any_block() -> impl Strategy<Value = Block> {
        let lines = || proptest::collection::vec(any_line(), 0..4);
        prop_oneof![
            lines().prop_map(Block::Paragraph),
            Just(Block::Item(ListItem::default())),
            any_line().prop_map(|line| Block::Item(ListItem::from_line(line))),
            any_line().prop_map(Block::Row),
            ("[a-zA-Z ]{0,10}", 1..4usize, any_line()).prop_map(|(text, level, line)| {
                Block::Heading {
                    level,
                    text,
                    links: line.links,
                }
            }),
            Just(Block::Break),
            Just(Block::Code),
            Just(Block::Empty),
        ]
    }

    /// Markdown and HTML made of the pieces both block builders react to.
    fn any_markup() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("\n".to_string()),
            Just("\n\n".to_string()),
            Just("## ".to_string()),
            Just("* ".to_string()),
            Just("**".to_string()),
            Just("<br>".to_string()),
            Just("<p>".to_string()),
            Just("</p>".to_string()),
            Just("<li>".to_string()),
            Just("<h2>".to_string()),
            Just("</h2>".to_string()),
            Just("<a href=\"https://h.io/x\">".to_string()),
            Just("</a>".to_string()),
            Just("| a | b |\n|---|---|\n".to_string()),
            Just("```\n".to_string()),
            Just("---\n".to_string()),
            "[a-z]{1,6} ".prop_map(|w| w),
            "\\[[a-z]{0,4}\\]\\(https://[a-c]\\.io\\)".prop_map(|w| w),
            "https://[a-c]\\.io/[a-z]{0,2}".prop_map(|w| w),
        ];
        proptest::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// The item stage takes any blocks, whichever reader made them.
        #[test]
        fn any_blocks_make_items(blocks in proptest::collection::vec(any_block(), 0..12)) {
            let blocks = blocks.into_iter().map(|block| Located { line: 1, block }).collect();
            check_items(&Body { blocks })?;
        }

        /// Both block builders' output goes through the item stage.
        #[test]
        fn every_block_builder_feeds_the_item_stage(text in any_markup()) {
            check_items(&tree::read(&text, 1))?;
            check_items(&crate::parse::html::read_fragment(&text))?;
        }
    }
}
