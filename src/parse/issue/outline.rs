//! The section outline: the headings open at a point of the issue, and the section (slug and
//! title) a link there is in.

use crate::sections::{self, SPONSOR};

/// Section slug of links that come before any heading.
pub const INTRO: &str = "intro";
/// Section title of links that come before any heading.
pub const INTRO_TITLE: &str = "Intro";

/// The open headings: a stack of (level, slug, title).
#[derive(Default)]
pub struct Outline {
    open: Vec<(usize, String, String)>,
    /// [`Outline::section`] of the open headings, until they change.
    current: Option<(String, String)>,
}

impl Outline {
    /// Opens a heading: closes headings of the same or a deeper level first. Headings with no
    /// words are ignored.
    pub fn enter(&mut self, level: usize, text: &str) {
        let slug = sections::slug_for_heading(text);
        if slug.is_empty() {
            return;
        }
        self.close(level);
        self.open.push((level, slug, text.to_string()));
        self.current = None;
    }

    /// Closes the open headings of `level` and deeper.
    pub fn close(&mut self, level: usize) {
        while self.open.last().is_some_and(|(open, _, _)| *open >= level) {
            self.open.pop();
            self.current = None;
        }
    }

    /// True when the innermost open heading is of a level above `level` (a heading of `level`
    /// would be set under it).
    pub fn is_above(&self, level: usize) -> bool {
        self.open.last().is_some_and(|(open, _, _)| *open < level)
    }

    /// The current section's slug and title. Nested headings join as `updates/newsletters` and
    /// `Updates / Newsletters`; anything under a sponsor heading is `sponsor`.
    pub fn section(&mut self) -> &(String, String) {
        if self.current.is_none() {
            self.current = Some(self.joined());
        }
        self.current.get_or_insert_with(Default::default)
    }

    /// [`Outline::section`], worked out from the open headings.
    fn joined(&self) -> (String, String) {
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
