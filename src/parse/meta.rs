//! Issue-level fields: date, year, number and title, from (in order) the header fields, the
//! title's text, the file name, and the issue's own title heading at the top of the body.

use super::blocks::{Block, Body};
use super::clean::{collapse, plain_text};
use super::date::{self, Found};
use super::header::Header;
use super::ParseErrorKind;

/// Header keys that hold the issue date.
const DATE_KEYS: &[&str] = &["date", "published", "pubdate"];
/// Header keys that hold the issue number.
const NUMBER_KEYS: &[&str] = &["number", "issue"];
/// Header keys that hold the issue title.
const TITLE_KEYS: &[&str] = &["title"];

/// The issue-level fields of one issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    /// The issue date.
    pub date: time::Date,
    /// The issue number, when found.
    pub issue: Option<u64>,
    /// The issue title, plain text.
    pub title: String,
    /// Index (in the body's blocks) of the heading that is the issue's own title, if any.
    pub title_heading: Option<usize>,
}

/// A meta problem: the line (where known) and what is wrong.
pub type MetaError = (Option<usize>, ParseErrorKind);

/// Works out the issue-level fields of the file `source`.
pub fn resolve(source: &str, header: &Header, body: &Body<'_>) -> Result<Meta, MetaError> {
    let title_field = header.field(TITLE_KEYS);
    let header_title = title_field.map(|field| plain_text(&field.value));
    let heading = title_heading(body, header_title.as_deref());
    let heading_text = heading.map(|(_, _, text)| text);

    let date = issue_date(source, header, heading)?;
    let issue = header
        .field(NUMBER_KEYS)
        .and_then(|field| date::plain_number(&field.value))
        .or_else(|| header_title.as_deref().and_then(date::issue_number))
        .or_else(|| date::number_from_file_name(source))
        .or_else(|| heading_text.and_then(date::issue_number));
    let title = header_title
        .filter(|title| !title.is_empty())
        .or_else(|| heading_text.map(str::to_string))
        .or_else(|| date::file_stem(source).map(|stem| collapse(&stem)))
        .unwrap_or_default();
    Ok(Meta {
        date,
        issue,
        title,
        title_heading: heading.map(|(index, _, _)| index),
    })
}

/// The date: header field, then the title's text, then the file name, then the title heading.
/// The first date-shaped text found decides; an impossible date there is an error.
fn issue_date(
    source: &str,
    header: &Header,
    heading: Option<(usize, usize, &str)>,
) -> Result<time::Date, MetaError> {
    if let Some(field) = header.field(DATE_KEYS) {
        let found = date::find(&field.value)
            .unwrap_or_else(|| Err(String::new()))
            .map_err(|text| {
                let kind = if text.is_empty() {
                    ParseErrorKind::UnreadableDate(collapse(&field.value))
                } else {
                    ParseErrorKind::ImpossibleDate(text)
                };
                (Some(field.line), kind)
            })?;
        return Ok(found);
    }
    let title = header.field(TITLE_KEYS);
    let candidates = [
        title.and_then(|f| date::find(&f.value).map(|found| (Some(f.line), found))),
        date::from_file_name(source).map(|found| (None, found)),
        heading.and_then(|(_, line, text)| date::find(text).map(|found| (Some(line), found))),
    ];
    let (line, found): (Option<usize>, Found) = candidates
        .into_iter()
        .flatten()
        .next()
        .ok_or((None, ParseErrorKind::NoDate))?;
    found.map_err(|text| (line, ParseErrorKind::ImpossibleDate(text)))
}

/// The issue's own title heading: the body's first heading, when it reads like an issue title
/// (has an issue number or a date, or repeats the header title). Returns its block index, line
/// and text.
fn title_heading<'b>(
    body: &'b Body<'_>,
    header_title: Option<&str>,
) -> Option<(usize, usize, &'b str)> {
    let (index, line, text) = body
        .blocks
        .iter()
        .enumerate()
        .find_map(|(index, located)| match &located.block {
            Block::Heading { text, .. } => Some((index, located.line, text.as_str())),
            _ => None,
        })?;
    let repeats_title = header_title.is_some_and(|title| title.eq_ignore_ascii_case(text));
    let looks_like_title = date::issue_number(text).is_some() || date::find(text).is_some();
    (repeats_title || looks_like_title).then_some((index, line, text))
}

#[cfg(test)]
mod tests {
    use super::super::{blocks, header};
    use super::*;
    use crate::model::day;

    fn meta(source: &str, text: &str) -> Result<Meta, MetaError> {
        let lines: Vec<&str> = text.split('\n').collect();
        let header = header::read(&lines).map_err(|(l, k)| (Some(l), k))?;
        let body = blocks::scan(&lines[header.body_start..], header.body_start + 1);
        resolve(source, &header, &body)
    }

    #[test]
    fn front_matter_date_and_title_number() {
        let m = meta(
            "x.md",
            "---\ntitle: DEVOPS WEEKLY ISSUE \\#515 - 8th November 2020 \ndate: 2020-11-08T09:02:24+00:00\n---\n",
        )
        .unwrap();
        assert_eq!(day::format(m.date), "2020-11-08");
        assert_eq!(m.issue, Some(515));
        assert_eq!(m.title, "DEVOPS WEEKLY ISSUE #515 - 8th November 2020");
    }

    #[test]
    fn jekyll_title_date_file_name_and_heading() {
        let text = "---\nlayout: post\ntitle: Issue 204 - 30th November 2014\n---\n## Issue 204 - 30th November 2014\n\nNews\n----";
        let m = meta("2014-11-30-204.markdown", text).unwrap();
        assert_eq!(
            (day::format(m.date).as_str(), m.issue),
            ("2014-11-30", Some(204))
        );
        assert_eq!(m.title_heading, Some(0));
        let m = meta("2014-11-30-204.markdown", "---\nlayout: post\n---\n").unwrap();
        assert_eq!(
            (day::format(m.date).as_str(), m.issue),
            ("2014-11-30", Some(204))
        );
        assert_eq!(m.title, "2014-11-30-204");
        let m = meta("notes.md", "# Issue 9 - November 8, 2020\n\n## News").unwrap();
        assert_eq!(
            (day::format(m.date).as_str(), m.issue),
            ("2020-11-08", Some(9))
        );
        assert_eq!(m.title, "Issue 9 - November 8, 2020");
    }

    #[test]
    fn pelican_number_header_wins() {
        let m = meta(
            "w.md",
            "Title: Weekly #12\nNumber: 500\nDate: 2023-06-28\n\nbody",
        )
        .unwrap();
        assert_eq!(
            (day::format(m.date).as_str(), m.issue),
            ("2023-06-28", Some(500))
        );
    }

    #[test]
    fn date_errors_name_the_line() {
        let err = meta("x.md", "---\ntitle: t\ndate: 2020-13-45\n---\n").unwrap_err();
        assert!(
            matches!(err, (Some(3), ParseErrorKind::ImpossibleDate(ref t)) if t == "2020-13-45")
        );
        let err = meta("x.md", "---\ndate: someday\n---\n").unwrap_err();
        assert!(matches!(err, (Some(2), ParseErrorKind::UnreadableDate(ref t)) if t == "someday"));
        let err = meta("2020-02-30-x.md", "").unwrap_err();
        assert!(matches!(err, (None, ParseErrorKind::ImpossibleDate(_))));
        let err = meta("notes.md", "# News\n").unwrap_err();
        assert!(matches!(err, (None, ParseErrorKind::NoDate)));
    }
}
