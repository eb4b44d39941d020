//! Items: grouping the body's blocks into editor items (description lines, then link lines) under
//! their sections, and turning each link of an item into a raw document.
//!
//! Rules: an item is description lines followed by link lines; a blank line ends an item that
//! has links (a description may be separated from its links by one blank line); a description
//! line right after a link line starts a new item; every list item is its own item; headings
//! and breaks end items. Links before any heading are in the [`INTRO`] section. The newsletter's
//! subscription footer yields nothing. A URL already seen in the issue yields nothing either
//! (the first occurrence wins).

use std::collections::HashSet;

use crate::sections::{self, SPONSOR};

use super::blocks::{Block, Body};
use super::clean::{collapse, truncate};
use super::inline::{self, Link};

/// Section slug of links that come before any heading.
pub const INTRO: &str = "intro";
/// Section title of links that come before any heading.
pub const INTRO_TITLE: &str = "Intro";

/// Phrases (lowercase) that mark the newsletter's own subscription footer.
const FOOTER_PHRASES: &[&str] = &[
    "received this email",
    "forwarded this email",
    "forwarded this newsletter",
    "unsubscribe",
    "view in your browser",
    "view this email in",
    "view it in your browser",
    "update your preferences",
    "manage your subscription",
    "you are receiving this",
    "you're receiving this",
];

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
pub fn collect(body: &Body<'_>, skip_heading: Option<usize>) -> Vec<RawDoc> {
    let mut state = State::default();
    for (index, located) in body.blocks.iter().enumerate() {
        match &located.block {
            Block::Blank => state.blank(),
            Block::Break => state.flush(),
            Block::Heading { level, text } => {
                state.flush();
                if skip_heading != Some(index) {
                    state.outline.enter(*level, text);
                }
            }
            Block::Text {
                content,
                list,
                indented,
            } => state.text(&inline::scan(content, &body.refs), *list, *indented),
        }
    }
    state.flush();
    state.docs
}

/// The open headings: a stack of (level, slug, title).
#[derive(Default)]
struct Outline {
    open: Vec<(usize, String, String)>,
}

impl Outline {
    /// Opens a heading: closes headings of the same or a deeper level first. Headings with no
    /// words are ignored.
    fn enter(&mut self, level: usize, text: &str) {
        let slug = sections::slug_for_heading(text);
        if slug.is_empty() {
            return;
        }
        while self.open.last().is_some_and(|(open, _, _)| *open >= level) {
            self.open.pop();
        }
        self.open.push((level, slug, text.to_string()));
    }

    /// The current section's slug and title. Nested headings join as `updates/newsletters` and
    /// `Updates / Newsletters`; anything under a sponsor heading is `sponsor`.
    fn section(&self) -> (String, String) {
        if self.open.is_empty() {
            return (INTRO.to_string(), INTRO_TITLE.to_string());
        }
        let title = self
            .open
            .iter()
            .map(|(_, _, title)| title.as_str())
            .collect::<Vec<_>>()
            .join(" / ");
        if self.open.iter().any(|(_, slug, _)| slug == SPONSOR) {
            return (SPONSOR.to_string(), title);
        }
        let slug = self
            .open
            .iter()
            .map(|(_, slug, _)| slug.as_str())
            .collect::<Vec<_>>()
            .join("/");
        (slug, title)
    }
}

/// The item being built.
#[derive(Default)]
struct Item {
    description: Vec<String>,
    links: Vec<Link>,
    /// A link line (or a list item with links) has been added: the next description line starts
    /// a new item.
    closed: bool,
    /// A blank line followed description-only lines: only link lines may still join.
    blank_after_description: bool,
    list: bool,
    footer: bool,
}

#[derive(Default)]
struct State {
    outline: Outline,
    item: Item,
    seen: HashSet<String>,
    docs: Vec<RawDoc>,
}

impl State {
    fn blank(&mut self) {
        if !self.item.links.is_empty() || self.item.footer {
            self.flush();
        } else if !self.item.description.is_empty() {
            self.item.blank_after_description = true;
        }
    }

    fn text(&mut self, line: &inline::Line, list: bool, indented: bool) {
        if is_footer(&line.text) {
            self.flush();
            self.item.footer = true;
            return;
        }
        if self.item.footer {
            return;
        }
        let link_line = !line.has_prose && !line.links.is_empty();
        if list {
            self.flush();
            self.item.list = true;
            self.add(line);
            self.item.closed = !line.links.is_empty();
        } else if self.item.list && indented {
            self.add(line);
        } else if link_line {
            self.add(line);
            self.item.closed = true;
        } else if !line.text.is_empty() {
            if self.item.closed || self.item.blank_after_description {
                self.flush();
            }
            self.add(line);
        }
    }

    fn add(&mut self, line: &inline::Line) {
        if !line.text.is_empty() {
            self.item.description.push(line.text.clone());
        }
        self.item.links.extend(line.links.iter().cloned());
    }

    /// Ends the current item: one raw document per link not seen before (none for a footer).
    fn flush(&mut self) {
        let item = std::mem::take(&mut self.item);
        if item.footer {
            return;
        }
        let seen = &mut self.seen;
        let links: Vec<Link> = item
            .links
            .into_iter()
            .filter(|link| seen.insert(link.url.clone()))
            .collect();
        if links.is_empty() {
            return;
        }
        let max = if links.len() > MANY_LINKS {
            MAX_SHARED_DESCRIPTION
        } else {
            MAX_DESCRIPTION
        };
        let description = truncate(collapse(&item.description.join(" ")), max);
        let (section, section_title) = self.outline.section();
        self.docs.extend(links.into_iter().map(|link| RawDoc {
            link,
            description: description.clone(),
            section: section.clone(),
            section_title: section_title.clone(),
        }));
    }
}

/// True for the newsletter's own subscription footer ("If you received this email directly ...").
fn is_footer(text: &str) -> bool {
    let lower = text.to_lowercase().replace('\u{2019}', "'");
    FOOTER_PHRASES.iter().any(|phrase| lower.contains(phrase))
}

#[cfg(test)]
mod tests {
    use super::super::blocks;
    use super::*;

    /// (section, url, description) of every raw document of `text`.
    fn docs(text: &str) -> Vec<(String, String, String)> {
        let lines: Vec<&str> = text.lines().collect();
        let body = blocks::scan(&lines, 1);
        collect(&body, None)
            .into_iter()
            .map(|d| (d.section, d.link.url, d.description))
            .collect()
    }

    fn doc(section: &str, url: &str, description: &str) -> (String, String, String) {
        (section.into(), url.into(), description.into())
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
        let lines: Vec<&str> = text.lines().collect();
        let got = collect(&blocks::scan(&lines, 1), None);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].link.title.as_deref(), Some("Post one"));
        assert_eq!(got[0].description, "Post one - about one");
        assert_eq!(got[1].description, "Post two more on two");
        assert_eq!(got[1].section, "news");
    }

    #[test]
    fn nested_headings_join_slugs_and_titles() {
        let text =
            "## Updates\n### Newsletters\nA [letter](https://l.io).\n## Tools\nx https://t.io";
        let lines: Vec<&str> = text.lines().collect();
        let got = collect(&blocks::scan(&lines, 1), None);
        assert_eq!(got[0].section, "updates/newsletters");
        assert_eq!(got[0].section_title, "Updates / Newsletters");
        assert_eq!(got[1].section, "tools");
        assert_eq!(got[1].section_title, "Tools");
    }

    #[test]
    fn skipped_heading_is_not_a_section() {
        let lines = ["## Issue 204 - 30th November 2014", "Text https://a.io"];
        let got = collect(&blocks::scan(&lines, 1), Some(0));
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
    fn footer_yields_nothing() {
        let text = "Item.\n[https://a.io](https://a.io)\n\nIf you received this email directly then you're already signed up, thanks! If however someone forwarded this email to you then you can subscribe at [http://devopsweekly.com](http://devopsweekly.com)\n[Unsubscribe](https://u.io)";
        assert_eq!(docs(text), [doc("intro", "https://a.io", "Item.")]);
    }
}
