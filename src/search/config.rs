//! The one configuration the search code reads: every `query` flag, already validated and
//! normalized (section headings turned into slugs, domains lowercased, dates parsed).

use std::fmt;
use std::str::FromStr;

use time::Date;

use crate::sections::SPONSOR;
use crate::urls;

/// How hits are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    /// Best match first (BM25); the default when the query has words.
    Relevance,
    /// Newest issue first; the default when there are no words.
    Newest,
    /// Oldest issue first.
    Oldest,
}

/// A field the matching links can be counted by (`--facet`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacetField {
    /// The section slug.
    Section,
    /// The issue's year (listed in year order).
    Year,
    /// The link's host.
    Domain,
    /// The newsletter.
    Newsletter,
}

/// What the search returns: hits, only their number, or counts by a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The ranked links themselves.
    Hits,
    /// Only the number of matching links (`--count`).
    Count,
    /// The number of matching links per value of a field (`--facet`).
    Facet(FacetField),
}

/// An inclusive range of years: `2020` or `2019..2020`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearRange {
    /// First year included.
    pub from: i64,
    /// Last year included.
    pub to: i64,
}

impl FromStr for YearRange {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let year = |part: &str| {
            part.trim()
                .parse::<i64>()
                .ok()
                .filter(|y| (0..=9999).contains(y))
                .ok_or_else(|| {
                    format!("`{text}` is not a year (2020) or a range of years (2019..2020)")
                })
        };
        let (from, to) = match text.split_once("..") {
            Some((from, to)) => (year(from)?, year(to)?),
            None => (year(text)?, year(text)?),
        };
        if from > to {
            return Err(format!("the range `{text}` ends before it starts"));
        }
        Ok(Self { from, to })
    }
}

impl fmt::Display for YearRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.from == self.to {
            write!(f, "{}", self.from)
        } else {
            write!(f, "{}..{}", self.from, self.to)
        }
    }
}

/// At most this many hits unless asked otherwise (`--limit`).
pub const DEFAULT_LIMIT: usize = 10;

/// Everything a search needs to know, built once from the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryConfig {
    /// The query text (the words joined with spaces); empty lists everything that matches the
    /// filters.
    pub words: String,
    /// Section slugs to keep (any of them); empty keeps every section.
    pub sections: Vec<String>,
    /// Years to keep.
    pub years: Option<YearRange>,
    /// Keep issues on or after this day.
    pub since: Option<Date>,
    /// Keep issues on or before this day.
    pub until: Option<Date>,
    /// Domains to keep (any of them), subdomains included; normalized.
    pub domains: Vec<String>,
    /// Newsletters to keep (any of them, exact names); empty keeps every newsletter.
    pub newsletters: Vec<String>,
    /// Keep only this issue number.
    pub issue: Option<u64>,
    /// Keep sponsor links even when no `--section sponsor` asks for them.
    pub include_sponsors: bool,
    /// Keep recurring links (the newsletter's furniture), left out by default.
    pub include_recurring: bool,
    /// The order asked for; `None` picks relevance with words, newest without.
    pub sort: Option<Sort>,
    /// At most this many hits (at least 1).
    pub limit: usize,
    /// Skip this many hits first.
    pub offset: usize,
    /// Every appearance of a link as a hit of its own; without it, one row per link (its best
    /// hit), and counts and facets count distinct links.
    pub all: bool,
    /// Match words within one edit (two for long words).
    pub fuzzy: bool,
    /// Hits, a count, or facet counts.
    pub mode: Mode,
    /// Links like the indexed link with this URL (`--like`), ranked by likeness.
    pub like: Option<String>,
}

impl Default for QueryConfig {
    fn default() -> Self {
        Self {
            words: String::new(),
            sections: Vec::new(),
            years: None,
            since: None,
            until: None,
            domains: Vec::new(),
            newsletters: Vec::new(),
            issue: None,
            include_sponsors: false,
            include_recurring: false,
            sort: None,
            limit: DEFAULT_LIMIT,
            offset: 0,
            all: false,
            fuzzy: false,
            mode: Mode::Hits,
            like: None,
        }
    }
}

impl QueryConfig {
    /// True when the query has words to rank by.
    pub fn has_words(&self) -> bool {
        !self.words.trim().is_empty()
    }

    /// The URL the query words are, when they are one ([`urls::typed_url`]): the query then
    /// finds that link (same canonical URL) instead of reading the words as query language.
    pub fn typed_url(&self) -> Option<&str> {
        urls::typed_url(&self.words)
    }

    /// The order actually used: relevance needs words to rank by (or `--like`), so without them,
    /// and for a [typed URL](Self::typed_url), it is newest first.
    pub fn effective_sort(&self) -> Sort {
        let ranks = (self.has_words() && self.typed_url().is_none()) || self.like.is_some();
        match (self.sort, ranks) {
            (Some(Sort::Relevance) | None, false) => Sort::Newest,
            (Some(sort), _) => sort,
            (None, true) => Sort::Relevance,
        }
    }

    /// True when sponsor links must be dropped: neither `--include-sponsors` nor a sponsor
    /// section filter asks for them (a `section:sponsor` term in the query is checked separately).
    pub fn excludes_sponsors(&self) -> bool {
        !self.include_sponsors && !self.sections.iter().any(|s| s == SPONSOR)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_ranges_parse() {
        assert_eq!(
            "2020".parse(),
            Ok(YearRange {
                from: 2020,
                to: 2020
            })
        );
        assert_eq!(
            "2019..2020".parse(),
            Ok(YearRange {
                from: 2019,
                to: 2020
            })
        );
        assert!("2021..2019".parse::<YearRange>().is_err());
        assert!("twenty".parse::<YearRange>().is_err());
        assert!("2019..".parse::<YearRange>().is_err());
    }

    #[test]
    fn sort_defaults_depend_on_words() {
        let mut config = QueryConfig::default();
        assert_eq!(config.effective_sort(), Sort::Newest);
        config.sort = Some(Sort::Relevance);
        assert_eq!(config.effective_sort(), Sort::Newest);
        config.words = "kubernetes".into();
        assert_eq!(config.effective_sort(), Sort::Relevance);
        config.sort = Some(Sort::Oldest);
        assert_eq!(config.effective_sort(), Sort::Oldest);
        config.sort = None;
        config.words = "github.com/tokio-rs/tokio".into();
        assert_eq!(config.typed_url(), Some("github.com/tokio-rs/tokio"));
        assert_eq!(config.effective_sort(), Sort::Newest);
    }

    #[test]
    fn sponsors_are_excluded_unless_asked_for() {
        let mut config = QueryConfig::default();
        assert!(config.excludes_sponsors());
        config.sections = vec!["sponsor".into()];
        assert!(!config.excludes_sponsors());
        config.sections.clear();
        config.include_sponsors = true;
        assert!(!config.excludes_sponsors());
    }
}
