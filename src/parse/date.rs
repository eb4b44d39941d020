//! Dates and issue numbers found in text: header values, titles, headings and file names.

use std::path::Path;
use std::sync::LazyLock;

use regex::{Captures, Regex};
use time::{Date, Month};

// Word boundaries are ASCII (`(?-u:\b)`) so the regexes stay on the fast DFA engines even on
// long non-ASCII titles.

/// Month names and abbreviations, as a regex alternation.
const MONTHS: &str = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec";

/// `2020-11-08` (also `2020/11/08`), possibly followed by a time: the date is taken as written.
static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9])([0-9]{4})[-/]([0-9]{1,2})[-/]([0-9]{1,2})(?:$|[^0-9])")
        .expect("valid regex")
});

/// `8th November 2020`, `8 Nov 2020`, `8th of November, 2020`.
static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)([0-9]{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTHS})(?-u:\b)\.?,?\s+([0-9]{{4}})(?-u:\b)"
    ))
    .expect("valid regex")
});

/// `November 8, 2020`, `Nov 8th 2020`.
static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)({MONTHS})(?-u:\b)\.?\s+([0-9]{{1,2}})(?:st|nd|rd|th)?,?\s+([0-9]{{4}})(?-u:\b)"
    ))
    .expect("valid regex")
});

/// `Issue 204`, `ISSUE \#515`, `#12`, `No. 12`, `Number 7`.
static ISSUE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:(?-u:\b)issue\s*(?:no\.?|number|\\?#)?\s*|\\?#\s*|(?-u:\b)no\.\s*|(?-u:\b)number\s+)([0-9]{1,9})(?-u:\b)",
    )
    .expect("valid regex")
});

/// A file stem's leading `YYYY-MM-DD`.
static FILE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:$|[^0-9])").expect("valid regex")
});

/// What is left of a file stem after its date: `204`, `issue-515`, `no_12`.
static FILE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[-_ .]*(?:issue|no)?[-_ .]*([0-9]{1,9})$").expect("valid regex")
});

/// A date-shaped text: a real calendar date, or the text of an impossible one (`2020-13-45`).
pub type Found = Result<Date, String>;

/// The first date written in `text` in any supported form, if any.
pub fn find(text: &str) -> Option<Found> {
    let iso = ISO
        .captures(text)
        .map(|c| (c.get(1).map_or(0, |m| m.start()), iso_date(&c)));
    let dmy = DAY_MONTH_YEAR
        .captures(text)
        .map(|c| (c.get(0).map_or(0, |m| m.start()), worded_date(&c, 1, 2, 3)));
    let mdy = MONTH_DAY_YEAR
        .captures(text)
        .map(|c| (c.get(0).map_or(0, |m| m.start()), worded_date(&c, 2, 1, 3)));
    [iso, dmy, mdy]
        .into_iter()
        .flatten()
        .min_by_key(|(start, _)| *start)
        .map(|(_, found)| found)
}

/// The date at the start of a file name (`2014-11-30-204.markdown`), if any.
pub fn from_file_name(source: &str) -> Option<Found> {
    let stem = file_stem(source)?;
    FILE_DATE.captures(&stem).map(|c| iso_date(&c))
}

/// The issue number written in `text` (`Issue 204`, `\#515`, `#12`, `No. 12`), if any.
pub fn issue_number(text: &str) -> Option<u64> {
    ISSUE_NUMBER
        .captures(text)
        .and_then(|c| c.get(1))
        .and_then(|m| m.as_str().parse().ok())
}

/// A header value that is only a number (`500`, `#500`).
pub fn plain_number(value: &str) -> Option<u64> {
    value.trim().trim_start_matches('#').trim().parse().ok()
}

/// The issue number in a file name: `2014-11-30-204.markdown` → 204, `issue-515.md` → 515.
pub fn number_from_file_name(source: &str) -> Option<u64> {
    let stem = file_stem(source)?;
    let rest = FILE_DATE
        .captures(&stem)
        .and_then(|c| c.get(3))
        .map_or(stem.as_str(), |day| &stem[day.end()..]);
    let rest = rest.trim_start_matches(|c: char| !c.is_alphanumeric());
    FILE_NUMBER
        .captures(rest)
        .and_then(|c| c.get(1))
        .and_then(|m| m.as_str().parse().ok())
}

/// The file name of `source` without its extension.
pub fn file_stem(source: &str) -> Option<String> {
    Path::new(source)
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
}

fn iso_date(c: &Captures<'_>) -> Found {
    let text = format!("{}-{}-{}", &c[1], &c[2], &c[3]);
    calendar(&c[1], &c[2], &c[3]).ok_or(text)
}

fn worded_date(c: &Captures<'_>, day: usize, month: usize, year: usize) -> Found {
    let text = c[0].trim().to_string();
    let month = month_number(&c[month]).to_string();
    calendar(&c[year], &month, &c[day]).ok_or(text)
}

/// A real calendar date from year, month and day digits.
fn calendar(year: &str, month: &str, day: &str) -> Option<Date> {
    let month = Month::try_from(month.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(year.parse().ok()?, month, day.parse().ok()?).ok()
}

/// 1..=12 for a month name or abbreviation (matched by [`MONTHS`]).
fn month_number(name: &str) -> u8 {
    let lower = name.to_ascii_lowercase();
    let prefixes = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    prefixes
        .iter()
        .position(|prefix| lower.starts_with(prefix))
        .map_or(0, |index| index as u8 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::model::day;

    fn found(text: &str) -> Option<Result<String, String>> {
        find(text).map(|f| f.map(day::format))
    }

    #[test]
    fn iso_dates_with_time_and_offset_are_taken_as_written() {
        assert_eq!(
            found("2019-04-28T23:06:37-11:00"),
            Some(Ok("2019-04-28".into()))
        );
        assert_eq!(found("2023-06-28"), Some(Ok("2023-06-28".into())));
    }

    #[test]
    fn worded_dates() {
        let ok = |s: &str| Some(Ok(s.to_string()));
        assert_eq!(
            found("DEVOPS WEEKLY ISSUE \\#515 - 8th November 2020"),
            ok("2020-11-08")
        );
        assert_eq!(found("Issue 1 - November 8, 2020"), ok("2020-11-08"));
        assert_eq!(found("1st of Dec. 2014"), ok("2014-12-01"));
        assert_eq!(found("Sept 3rd, 2021"), ok("2021-09-03"));
        assert_eq!(found("Issue 204"), None);
    }

    #[test]
    fn impossible_dates_are_reported_as_written() {
        assert_eq!(found("2020-13-45"), Some(Err("2020-13-45".into())));
        assert_eq!(
            found("31st February 2020"),
            Some(Err("31st February 2020".into()))
        );
    }

    #[test]
    fn file_names_give_date_and_number() {
        let date = from_file_name("archive/2014-11-30-204.markdown").map(|f| f.map(day::format));
        assert_eq!(date, Some(Ok("2014-11-30".into())));
        assert_eq!(
            number_from_file_name("archive/2014-11-30-204.markdown"),
            Some(204)
        );
        assert_eq!(number_from_file_name("2020-11-08-issue-515.md"), Some(515));
        assert_eq!(number_from_file_name("issue-7.txt"), Some(7));
        assert_eq!(number_from_file_name("2020-11-08-notes.md"), None);
        assert_eq!(number_from_file_name("2020-11-08.md"), None);
        assert_eq!(from_file_name("notes.md"), None);
    }

    #[test]
    fn dates_after_non_ascii_text() {
        assert_eq!(
            found("Numéro 12 — 8 novembre 2020, 8 Nov 2020"),
            Some(Ok("2020-11-08".into()))
        );
        assert_eq!(issue_number("Numéro #12"), Some(12));
    }

    #[test]
    fn issue_numbers_in_titles() {
        assert_eq!(
            issue_number("DEVOPS WEEKLY ISSUE \\#515 - 8th November 2020"),
            Some(515)
        );
        assert_eq!(issue_number("Issue 204 - 30th November 2014"), Some(204));
        assert_eq!(issue_number("Weekly #12"), Some(12));
        assert_eq!(issue_number("Digest No. 12"), Some(12));
        assert_eq!(issue_number("News of the week"), None);
        assert_eq!(plain_number(" #500 "), Some(500));
    }
}
