//! The link document: the narrow type that flows from the parser to the index and back out to the
//! renderers. Parsing produces it, indexing stores it, searching returns it inside a hit.

use serde::{Deserialize, Serialize};
use time::Date;

/// The JSON / index field names of a [`LinkDoc`], in output order. This is the single source of
/// truth: the serde names of [`LinkDoc`] must match it (a unit test checks), and the index schema
/// and the renderers refer to these constants instead of repeating string literals.
pub mod field {
    /// The link as written in the issue, trimmed.
    pub const URL: &str = "url";
    /// Lowercased host without a leading `www.`.
    pub const DOMAIN: &str = "domain";
    /// Normalized section slug (`news`, `tools`, `sponsor`, ...).
    pub const SECTION: &str = "section";
    /// The section heading as written, cleaned of markup.
    pub const SECTION_TITLE: &str = "section_title";
    /// The issue's date, `YYYY-MM-DD`.
    pub const DATE: &str = "date";
    /// The issue's year.
    pub const YEAR: &str = "year";
    /// How much of the date is known: `day`, `month` or `year`.
    pub const DATE_PRECISION: &str = "date_precision";
    /// The issue number, when the issue has one.
    pub const ISSUE: &str = "issue";
    /// The issue's title, cleaned of markdown escapes.
    pub const ISSUE_TITLE: &str = "issue_title";
    /// The link's own text when it says more than the URL itself.
    pub const TITLE: &str = "title";
    /// The editor's text for the item, as plain text with collapsed whitespace.
    pub const DESCRIPTION: &str = "description";
    /// The path of the issue file, as given on the command line.
    pub const SOURCE: &str = "source";
    /// The newsletter the issue belongs to.
    pub const NEWSLETTER: &str = "newsletter";
    /// 1-based order of the link within its issue.
    pub const POSITION: &str = "position";

    /// The URL as written in a mail, when the reader unwrapped a click-tracking redirect (`url`
    /// is then the destination). Mail links only.
    pub const WRITTEN_URL: &str = "written_url";
    /// `"redirect"` for a mail link that goes through a click tracker the reader could not
    /// unwrap offline, `"personal"` when the link identified the subscriber (see
    /// [`super::Tracked`]). Mail links only.
    pub const TRACKED: &str = "tracked";
    /// The issue on the web (a mail's "view in your browser" link, when it holds no identity).
    /// Mail links only.
    pub const ISSUE_URL: &str = "issue_url";

    /// The fields only mail links carry, absent from JSON when empty (so [`ALL`] is every field
    /// every document has).
    pub const MAIL_ONLY: [&str; 3] = [WRITTEN_URL, TRACKED, ISSUE_URL];

    /// Every document field, in the order JSON output lists them.
    pub const ALL: [&str; 14] = [
        URL,
        DOMAIN,
        SECTION,
        SECTION_TITLE,
        DATE,
        YEAR,
        DATE_PRECISION,
        ISSUE,
        ISSUE_TITLE,
        TITLE,
        DESCRIPTION,
        SOURCE,
        POSITION,
        NEWSLETTER,
    ];
}

/// One link of one newsletter issue, with everything needed to find and show it.
///
/// Field names (and so JSON keys) are listed in [`field`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkDoc {
    /// The link as written in the issue, trimmed.
    pub url: String,
    /// Lowercased host without a leading `www.` (empty when the URL has no host).
    pub domain: String,
    /// Normalized section slug, e.g. `news`, `tools`, `sponsor`, or a slugified unknown heading.
    pub section: String,
    /// The section heading as written, cleaned of markup.
    pub section_title: String,
    /// The issue's date (`YYYY-MM-DD` in JSON).
    #[serde(with = "day::optional")]
    pub date: Option<Date>,
    /// The issue's year (the year of `date`).
    pub year: Option<i32>,
    /// How much of `date` the issue states: a day, or only a month or a year (then `date` is
    /// its first day). `None` when the issue has no date.
    pub date_precision: Option<DatePrecision>,
    /// The issue number, when the issue has one.
    pub issue: Option<u64>,
    /// The issue's title, cleaned of markdown escapes such as `\#`.
    pub issue_title: String,
    /// The link text when it is more than the URL itself; `None` otherwise.
    pub title: Option<String>,
    /// The editor's text for this item: markdown stripped, whitespace collapsed.
    pub description: String,
    /// The issue file's path as given by the user.
    pub source: String,
    /// 1-based position of this link among the issue's documents.
    pub position: u32,
    /// The newsletter the issue belongs to: by default the name of the folder given to `ingest`.
    pub newsletter: String,
    /// The URL as written, when `url` is the destination of an unwrapped tracking redirect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub written_url: Option<String>,
    /// Whether `url` is a click tracker that could not be unwrapped offline, and whether it
    /// identified the subscriber.
    #[serde(default, skip_serializing_if = "Tracked::is_no")]
    pub tracked: Tracked,
    /// The issue on the web, when the mail links its web version without identifying the
    /// subscriber.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issue_url: Option<String>,
}

/// What stands between a mail link and its destination.
///
/// JSON and the index: absent (no tracker), `"redirect"` or `"personal"` (`true`, as older
/// versions wrote a tracker, reads as `"redirect"`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Tracked {
    /// An ordinary link, or a redirect unwrapped to its destination.
    #[default]
    No,
    /// A click tracker whose destination is not in the link.
    Redirect,
    /// A click tracker that identified the subscriber: its identifying part is replaced by
    /// [`PERSONAL_MARKER`], so it no longer leads anywhere; `ingest --resolve-links` replaces it
    /// by its destination.
    Personal,
}

/// What replaces the part of a link that identified the subscriber (a query value or a path
/// segment): plain ASCII, unchanged by percent-encoding, so it survives every URL parser.
pub const PERSONAL_MARKER: &str = "SUBSCRIBER-REMOVED";

impl Tracked {
    /// `true` for an ordinary link (for serde's `skip_serializing_if`).
    pub fn is_no(&self) -> bool {
        *self == Tracked::No
    }

    /// The name JSON and the index give it (`""` for [`Tracked::No`]).
    pub fn as_str(self) -> &'static str {
        match self {
            Tracked::No => "",
            Tracked::Redirect => "redirect",
            Tracked::Personal => "personal",
        }
    }

    /// The value named `name` (as [`Self::as_str`] writes it).
    pub fn from_name(name: &str) -> Option<Self> {
        [Tracked::No, Tracked::Redirect, Tracked::Personal]
            .into_iter()
            .find(|tracked| tracked.as_str() == name)
    }
}

impl Serialize for Tracked {
    fn serialize<S: serde::Serializer>(&self, out: S) -> Result<S::Ok, S::Error> {
        match self {
            Tracked::No => out.serialize_bool(false),
            tracked => out.serialize_str(tracked.as_str()),
        }
    }
}

impl<'de> Deserialize<'de> for Tracked {
    fn deserialize<D: serde::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Written {
            Flag(bool),
            Name(String),
        }
        match Written::deserialize(input)? {
            Written::Flag(false) => Ok(Tracked::No),
            Written::Flag(true) => Ok(Tracked::Redirect),
            Written::Name(name) => Tracked::from_name(&name).ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "`{name}` is not a tracked value (\"redirect\" or \"personal\")"
                ))
            }),
        }
    }
}

/// How much of an issue's date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    /// A full calendar day.
    Day,
    /// A month only (from a folder such as `2024-06/`): the date is its first day.
    Month,
    /// A year only (from a folder such as `2016/`): the date is its first day.
    Year,
}

impl DatePrecision {
    /// The lowercase name, as in JSON (`day`, `month`, `year`).
    pub fn as_str(self) -> &'static str {
        match self {
            DatePrecision::Day => "day",
            DatePrecision::Month => "month",
            DatePrecision::Year => "year",
        }
    }

    /// The precision named `name` (as [`Self::as_str`] writes it).
    pub fn from_name(name: &str) -> Option<Self> {
        [Self::Day, Self::Month, Self::Year]
            .into_iter()
            .find(|precision| precision.as_str() == name)
    }
}

/// Calendar days as `YYYY-MM-DD`: the one formatter and parser of the day format used in JSON
/// output, in the index and on the command line.
pub mod day {
    use time::macros::format_description;
    use time::Date;

    /// `YYYY-MM-DD` for a date.
    pub fn format(date: Date) -> String {
        date.format(format_description!("[year]-[month]-[day]"))
            .unwrap_or_default()
    }

    /// A date as far as it is known: `2024-06-15`, `2024-06` or `2016`.
    pub fn format_as(date: Date, precision: super::DatePrecision) -> String {
        let full = format(date);
        match precision {
            super::DatePrecision::Day => full,
            super::DatePrecision::Month => full[..7].to_string(),
            super::DatePrecision::Year => full[..4].to_string(),
        }
    }

    /// The date written as `YYYY-MM-DD` (zero-padded), if it is a real calendar date.
    pub fn parse(text: &str) -> Option<Date> {
        Date::parse(text, format_description!("[year]-[month]-[day]")).ok()
    }

    /// Serde for an optional date as `YYYY-MM-DD` or `null`.
    pub mod optional {
        use serde::{de, Deserialize, Deserializer, Serializer};
        use time::Date;

        /// Writes `YYYY-MM-DD`, or `null`.
        pub fn serialize<S: Serializer>(date: &Option<Date>, out: S) -> Result<S::Ok, S::Error> {
            match date {
                Some(date) => out.serialize_str(&super::format(*date)),
                None => out.serialize_none(),
            }
        }

        /// Reads `YYYY-MM-DD`, or `null`.
        pub fn deserialize<'de, D: Deserializer<'de>>(input: D) -> Result<Option<Date>, D::Error> {
            let Some(text) = Option::<String>::deserialize(input)? else {
                return Ok(None);
            };
            super::parse(&text)
                .map(Some)
                .ok_or_else(|| de::Error::custom(format!("`{text}` is not a YYYY-MM-DD date")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_names_match_the_field_list() {
        let doc = LinkDoc {
            url: "https://example.com/a".into(),
            domain: "example.com".into(),
            section: "news".into(),
            section_title: "News".into(),
            date: day::parse("2020-11-08"),
            year: Some(2020),
            date_precision: Some(DatePrecision::Day),
            issue: Some(515),
            issue_title: "Issue 515".into(),
            title: None,
            description: "text".into(),
            source: "a.md".into(),
            position: 1,
            newsletter: "weekly".into(),
            written_url: Some("https://t.example/c/SUBSCRIBER-REMOVED".into()),
            tracked: Tracked::Personal,
            issue_url: Some("https://weekly.example/issues/515".into()),
        };
        let value = serde_json::to_value(&doc).unwrap();
        let keys: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut expected = field::ALL.to_vec();
        expected.extend(field::MAIL_ONLY);
        let mut actual = keys.clone();
        expected.sort_unstable();
        actual.sort_unstable();
        assert_eq!(actual, expected);
        assert_eq!(value["date"], "2020-11-08");
        assert_eq!(value["tracked"], "personal");
        let older: Tracked = serde_json::from_value(serde_json::json!(true)).unwrap();
        assert_eq!(older, Tracked::Redirect);
        let back: LinkDoc = serde_json::from_value(value).unwrap();
        assert_eq!(back, doc);
    }

    #[test]
    fn days_are_zero_padded_and_checked() {
        let date = day::parse("2019-04-08").unwrap();
        assert_eq!(day::format(date), "2019-04-08");
        assert_eq!(day::parse("2020-13-45"), None);
        assert_eq!(day::parse("2020-1-5"), None);
        assert_eq!(day::format_as(date, DatePrecision::Month), "2019-04");
        assert_eq!(day::format_as(date, DatePrecision::Year), "2019");
        assert_eq!(
            DatePrecision::from_name("month"),
            Some(DatePrecision::Month)
        );
    }
}
