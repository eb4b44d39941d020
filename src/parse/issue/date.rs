//! Dates and issue numbers found in text: header values, titles, headings, file names and the
//! folders above a file.

use std::path::{Component, Path};
use std::sync::LazyLock;

use regex::{Captures, Regex};
use time::{Date, Month};

use crate::model::DatePrecision;

// Word boundaries are ASCII (`(?-u:\b)`) so the regexes stay on the fast DFA engines even on
// long non-ASCII titles.

/// Month names and abbreviations, as a regex alternation.
const MONTHS: &str = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec";

/// `2020-11-08` (also `2020/11/08`, `2020.11.08`, `2020_11_08`, unpadded `2015-1-6`), possibly
/// followed by a time and an offset: the date is taken as written.
static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9])([0-9]{4})[-/._]([0-9]{1,2})[-/._]([0-9]{1,2})(?:$|[^0-9])")
        .expect("valid regex")
});

/// `09-17-2025`, `9/17/2025` (month first unless the first number is over 12) and
/// `17.09.2025` (day first).
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9])([0-9]{1,2})([-/.])([0-9]{1,2})[-/.]([0-9]{4})(?:$|[^0-9])")
        .expect("valid regex")
});

/// `8th November 2020`, `8 Nov 2020`, `8th of November, 2020`, `08-Nov-2020`.
static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)([0-9]{{1,2}})(?:st|nd|rd|th)?(?:\s+|-)(?:of\s+)?({MONTHS})(?-u:\b)\.?,?(?:\s+|-)([0-9]{{4}})(?-u:\b)"
    ))
    .expect("valid regex")
});

/// `November 8, 2020`, `Nov 8th 2020`, `Nov-08-2020`.
static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)({MONTHS})(?-u:\b)\.?(?:\s+|-)([0-9]{{1,2}})(?:st|nd|rd|th)?,?(?:\s+|-)([0-9]{{4}})(?-u:\b)"
    ))
    .expect("valid regex")
});

/// Month names other languages write, with their month: French, German, Spanish, Italian,
/// Portuguese and Dutch, full and in the abbreviations their own style guides use (those that are
/// an English word, `out`, `set`, `ago`, are left out: `3 out 2021` is no date). English ones are
/// [`MONTHS`].
#[rustfmt::skip]
const OTHER_MONTHS: &[(&str, u8)] = &[
    ("janvier", 1), ("janv", 1), ("januar", 1), ("jänner", 1), ("enero", 1), ("ene", 1),
    ("gennaio", 1), ("janeiro", 1), ("januari", 1),
    ("février", 2), ("fevrier", 2), ("févr", 2), ("fevr", 2), ("februar", 2), ("febrero", 2),
    ("febbraio", 2), ("fevereiro", 2), ("fev", 2), ("februari", 2),
    ("mars", 3), ("märz", 3), ("maerz", 3), ("mär", 3), ("marzo", 3), ("março", 3), ("marco", 3),
    ("maart", 3), ("mrt", 3),
    ("avril", 4), ("avr", 4), ("abril", 4), ("abr", 4), ("aprile", 4),
    ("mai", 5), ("mayo", 5), ("maggio", 5), ("maio", 5), ("mei", 5),
    ("juin", 6), ("juni", 6), ("junio", 6), ("giugno", 6), ("giu", 6), ("junho", 6),
    ("juillet", 7), ("juil", 7), ("juli", 7), ("julio", 7), ("luglio", 7), ("lug", 7), ("julho", 7),
    ("août", 8), ("aout", 8), ("agosto", 8), ("augustus", 8),
    ("septembre", 9), ("septiembre", 9), ("setiembre", 9), ("settembre", 9), ("setembro", 9),
    ("octobre", 10), ("oktober", 10), ("okt", 10), ("octubre", 10), ("ottobre", 10), ("ott", 10),
    ("outubro", 10),
    ("novembre", 11), ("noviembre", 11), ("novembro", 11),
    ("décembre", 12), ("decembre", 12), ("déc", 12), ("dezember", 12), ("dez", 12),
    ("diciembre", 12), ("dic", 12), ("dicembre", 12), ("dezembro", 12),
];

/// `3 mars 2021`, `3. März 2021`, `3 de marzo de 2021`, `1er avril 2021`, `3º de março, 2021`:
/// a day, then a month of [`OTHER_MONTHS`], then the year.
static OTHER_DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    let mut names: Vec<&str> = OTHER_MONTHS.iter().map(|(name, _)| *name).collect();
    names.sort_by_key(|name| std::cmp::Reverse(name.len()));
    Regex::new(&format!(
        r"(?i)(?-u:\b)([0-9]{{1,2}})(?:\.|º|°|er)?\s+(?:de\s+)?({})\.?,?\s+(?:de\s+)?([0-9]{{4}})(?-u:\b)",
        names.join("|")
    ))
    .expect("valid regex")
});

/// `2020年11月8日` (Chinese, Japanese), `2020년 11월 8일` (Korean).
static CJK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([0-9]{4})\s*[年년]\s*([0-9]{1,2})\s*[月월]\s*([0-9]{1,2})\s*[日号號일]")
        .expect("valid regex")
});

/// `Issue 204`, `ISSUE \#515`, `issue-12`, `Edition 131`, `#12`, `No. 12`, `Number 7`, and a
/// number with thousands separators (`Issue 1,024`: commas between groups of three digits).
static ISSUE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:(?-u:\b)(?:issue|edition)[-_\s]*(?:no\.?|number|\\?#)?\s*|\\?#\s*|(?-u:\b)no\.\s*|(?-u:\b)number\s+)([0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,9})(?-u:\b)",
    )
    .expect("valid regex")
});

/// `第 300 期`, `第12号`, `第 7 回`.
static CJK_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"第\s*([0-9]{1,9})\s*[期号號回话話]").expect("valid regex"));

/// A file stem's leading `YYYY-MM-DD` (padded or not).
static FILE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([0-9]{4})[-_.]([0-9]{1,2})[-_.]([0-9]{1,2})(?:$|[^0-9])").expect("valid regex")
});

/// What is left of a file stem after its date: `204`, `issue-515`, `twis-18`, `no_12`.
static FILE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:[a-z]{1,16}[-_ .]*)?([0-9]{1,9})$").expect("valid regex")
});

/// A folder named for a month: `2024-06`, `2024_06`.
static FOLDER_MONTH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([0-9]{4})[-_.]([0-9]{1,2})$").expect("valid regex"));

/// File stems that stand for their folder (page bundles: `250/index.mdx`,
/// `2024-06-10-issue-12/index.md`).
const BUNDLE_STEMS: &[&str] = &["index", "_index", "readme"];

/// Years a bare four-digit folder name may be (so `1024/` is not read as a year).
const FOLDER_YEARS: std::ops::RangeInclusive<i32> = 1970..=2100;

/// A date-shaped text: a real calendar date, or the text of an impossible one (`2020-13-45`).
pub type Found = Result<Date, String>;

/// The first date written in `text` in any supported form, if any.
///
/// Each form is first looked for with a plain match (the regex DFA), and only the earliest are
/// captured: five captures per text were a twentieth of the parser's time. A match may start one
/// character before its first group (`(?:^|[^0-9])`), so every form starting within one byte of
/// the earliest is captured and their groups compared, as before.
pub fn find(text: &str) -> Option<Found> {
    type Read = fn(&Captures<'_>) -> (usize, Found);
    // Every form has a four-digit year; the worded ones an ASCII letter, the CJK one a non-ASCII
    // character. Most texts asked have no year, and a form that cannot match is neither run
    // nor compiled (a run over pages with numeric dates never builds the worded regexes).
    if let Some(found) = plain_iso_day(text) {
        return Some(found);
    }
    let bytes = text.as_bytes();
    if !bytes
        .windows(4)
        .any(|four| four.iter().all(u8::is_ascii_digit))
    {
        return None;
    }
    let worded = bytes.iter().any(u8::is_ascii_alphabetic);
    let cjk = !text.is_ascii();
    let forms: [(&LazyLock<Regex>, bool, Read); 6] = [
        (&ISO, true, |c| (start(c, 1), iso_date(c))),
        (&NUMERIC, true, |c| (start(c, 1), numeric_date(c))),
        (&DAY_MONTH_YEAR, worded, |c| {
            (start(c, 0), worded_date(c, 1, 2, 3))
        }),
        (&MONTH_DAY_YEAR, worded, |c| {
            (start(c, 0), worded_date(c, 2, 1, 3))
        }),
        (&CJK, cjk, |c| (start(c, 0), iso_date(c))),
        (&OTHER_DAY_MONTH_YEAR, worded, |c| {
            (start(c, 0), other_date(c))
        }),
    ];
    let found: Vec<(usize, (&Regex, Read))> = forms
        .iter()
        .filter(|(_, applies, _)| *applies)
        .filter_map(|&(regex, _, read)| regex.find(text).map(|m| (m.start(), (&**regex, read))))
        .collect();
    let earliest = found.iter().map(|(at, _)| *at).min()?;
    found
        .iter()
        .filter(|(at, _)| *at <= earliest + 1)
        .filter_map(|(_, (regex, read))| regex.captures(text).map(|c| read(&c)))
        .min_by_key(|(start, _)| *start)
        .map(|(_, found)| found)
}

/// `text` read as the ISO form reads it when it is exactly a `YYYY-MM-DD` day, as most date
/// fields are (front matter, a page's stated date): no regex run for them.
fn plain_iso_day(text: &str) -> Option<Found> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(at, byte)| at == 4 || at == 7 || byte.is_ascii_digit());
    shaped.then(|| {
        let (year, month, day) = (&text[..4], &text[5..7], &text[8..]);
        calendar(year, month, day).ok_or_else(|| text.to_string())
    })
}

/// Where capture `group` starts (0 when it did not take part).
fn start(c: &Captures<'_>, group: usize) -> usize {
    c.get(group).map_or(0, |m| m.start())
}

/// The calendar day a date or timestamp text was written for, in the offset it was written in
/// (`2019-02-20T00:00:00+01:00`, `Wed, 20 Feb 2019 00:00:00 +0100` and
/// `2019-02-20T23:30:00-05:00` are all 2019-02-20): never turned into UTC. The one rule for the
/// dates of feeds, pages and mail; `None` when `text` holds no real date.
///
/// Timestamps also come in forms no title uses, read only here: an RFC 822 date with a two-digit
/// year (`Wed, 20 Feb 19 00:00:00 GMT`; `00`-`49` are 2000-2049 and `50`-`99` 1950-1999, as
/// RFC 2822 reads them), C's `asctime` (`Wed Feb 20 00:00:00 2019`) and ISO 8601's basic format
/// (`20190220T000000+0100`).
pub fn written_day(text: &str) -> Option<Date> {
    match find(text) {
        Some(found) => found.ok(),
        None => timestamp_day(text),
    }
}

/// An RFC 822 date with a two-digit year: `Wed, 20 Feb 19 ...`, `20-Feb-19`.
static SHORT_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^\s*(?:[a-z]{{2,9}},?\s+)?([0-9]{{1,2}})[\s-]+({MONTHS})[a-z]*\.?[\s-]+([0-9]{{2}})(?:\s|$)"
    ))
    .expect("valid regex")
});

/// C's `asctime` (`Wed Feb 20 00:00:00 2019`), with a zone before the year or not.
static ASCTIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^\s*(?:[a-z]{{2,9}},?\s+)?({MONTHS})[a-z]*\.?\s+([0-9]{{1,2}})\s+[0-9]{{1,2}}:[0-9]{{2}}(?::[0-9]{{2}})?(?:\s+[a-z][a-z0-9+:-]*)?\s+([0-9]{{4}})\s*$"
    ))
    .expect("valid regex")
});

/// ISO 8601's basic format (`20190220T000000+0100`): digits without separators, then a time.
static BASIC_ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*([0-9]{4})([0-9]{2})([0-9]{2})[Tt][0-9]{2}").expect("valid regex")
});

/// The day of a timestamp in a form only timestamps use (see [`written_day`]).
fn timestamp_day(text: &str) -> Option<Date> {
    if let Some(c) = BASIC_ISO.captures(text) {
        return calendar(&c[1], &c[2], &c[3]);
    }
    if let Some(c) = SHORT_YEAR.captures(text) {
        let short: i32 = c[3].parse().ok()?;
        let year = if short < 50 {
            2000 + short
        } else {
            1900 + short
        };
        return calendar(&year.to_string(), &month_number(&c[2]).to_string(), &c[1]);
    }
    let c = ASCTIME.captures(text)?;
    calendar(&c[3], &month_number(&c[1]).to_string(), &c[2])
}

/// The date in a file name (`2014-11-30-204.markdown`, `2015-1-6-twis-18.md`,
/// `issue-12-09-17-2025.md`; for `index.md` and the like, the folder's name), if any.
pub fn from_file_name(source: &str) -> Option<Found> {
    find(&issue_stem(source)?)
}

/// A date from the folders above the file, nearest first: `2020-11-08-issue-515/`
/// (day), `2024-06/` (month), `2016/06/15/`, `2016/06/` or `2016/` (day, month, year). A month or
/// a year stands for its first day.
pub fn from_folders(source: &str) -> Option<(Date, DatePrecision)> {
    let folders: Vec<&str> = Path::new(source)
        .parent()?
        .components()
        .filter_map(|component| match component {
            Component::Normal(name) => name.to_str(),
            _ => None,
        })
        .collect();
    (0..folders.len())
        .rev()
        .find_map(|at| folder_date(&folders[at..]))
}

/// The date a folder's name gives, with the folders below it (`2016` then `06` then `15`).
fn folder_date(folders: &[&str]) -> Option<(Date, DatePrecision)> {
    let name = folders.first()?;
    if let Some(Ok(date)) = FILE_DATE.captures(name).map(|c| iso_date(&c)) {
        return Some((date, DatePrecision::Day));
    }
    if let Some(c) = FOLDER_MONTH.captures(name) {
        return calendar(&c[1], &c[2], "1").map(|date| (date, DatePrecision::Month));
    }
    if name.len() != 4 || !name.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = name.parse().ok()?;
    if !FOLDER_YEARS.contains(&year) {
        return None;
    }
    let small = |at: usize| {
        folders.get(at).filter(|part| {
            (1..=2).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())
        })
    };
    match (small(1), small(2)) {
        (Some(month), Some(day)) => calendar(name, month, day).map(|d| (d, DatePrecision::Day)),
        (Some(month), None) => calendar(name, month, "1").map(|d| (d, DatePrecision::Month)),
        _ => calendar(name, "1", "1").map(|d| (d, DatePrecision::Year)),
    }
}

/// The issue number written in `text` (`Issue 204`, `Edition 131`, `\#515`, `#12`, `No. 12`,
/// `第 300 期`), if
/// any.
pub fn issue_number(text: &str) -> Option<u64> {
    // Both forms need an ASCII digit, the CJK one a non-ASCII character: a form that cannot
    // match is not run.
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let worded = ISSUE_NUMBER.find(text).map(|found| {
        // The number is where the match ends (nothing before it in the match ends in a digit
        // or a comma): read from the match, without the cost of the regex's captures.
        let matched = found.as_str();
        let digits = matched.trim_end_matches(|c: char| c.is_ascii_digit() || c == ',');
        let start = found.start() + digits.len();
        (start, &text[start..found.end()])
    });
    let cjk = (!text.is_ascii())
        .then(|| CJK_NUMBER.captures(text).and_then(|c| c.get(1)))
        .flatten()
        .map(|number| (number.start(), number.as_str()));
    [worded, cjk]
        .into_iter()
        .flatten()
        .min_by_key(|(start, _)| *start)
        .and_then(|(_, number)| number.replace(',', "").parse().ok())
}

/// A header value that is only a number (`500`, `#500`).
pub fn plain_number(value: &str) -> Option<u64> {
    value.trim().trim_start_matches('#').trim().parse().ok()
}

/// The issue number in a file name: `2014-11-30-204.markdown` → 204, `issue-515.md` → 515,
/// `2015-1-6-twis-18.md` → 18, `250.mdx` and `250/index.mdx` → 250.
pub fn number_from_file_name(source: &str) -> Option<u64> {
    let stem = issue_stem(source)?;
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

/// The name that stands for the issue: the file name without its extension, or for a page
/// bundle's `index.md` (`_index.md`, `README.md`) the folder's name.
pub fn issue_stem(source: &str) -> Option<String> {
    let path = Path::new(source);
    let stem = path.file_stem()?.to_string_lossy();
    let is_bundle = BUNDLE_STEMS
        .iter()
        .any(|bundle| stem.eq_ignore_ascii_case(bundle));
    if is_bundle {
        let folder = path.parent().and_then(Path::file_name);
        if let Some(folder) = folder {
            return Some(folder.to_string_lossy().into_owned());
        }
    }
    Some(stem.into_owned())
}

fn iso_date(c: &Captures<'_>) -> Found {
    let text = format!("{}-{}-{}", &c[1], &c[2], &c[3]);
    calendar(&c[1], &c[2], &c[3]).ok_or(text)
}

/// `MM-DD-YYYY` / `MM/DD/YYYY` (day first when the first number is over 12) or `DD.MM.YYYY`.
fn numeric_date(c: &Captures<'_>) -> Found {
    let (first, separator, second, year) = (&c[1], &c[2], &c[3], &c[4]);
    let text = format!("{first}{separator}{second}{separator}{year}");
    let first_is_month = separator != "." && first.parse::<u8>().is_ok_and(|n| n <= 12);
    let (month, day) = if first_is_month {
        (first, second)
    } else {
        (second, first)
    };
    calendar(year, month, day).ok_or(text)
}

fn worded_date(c: &Captures<'_>, day: usize, month: usize, year: usize) -> Found {
    let text = c[0].trim().to_string();
    let month = month_number(&c[month]).to_string();
    calendar(&c[year], &month, &c[day]).ok_or(text)
}

/// The date of an [`OTHER_DAY_MONTH_YEAR`] match.
fn other_date(c: &Captures<'_>) -> Found {
    let text = c[0].trim().to_string();
    let name = c[2].to_lowercase();
    let Some(&(_, month)) = OTHER_MONTHS.iter().find(|(other, _)| *other == name) else {
        return Err(text);
    };
    calendar(&c[3], &month.to_string(), &c[1]).ok_or(text)
}

/// A real calendar date from year, month and day digits.
fn calendar(year: &str, month: &str, day: &str) -> Option<Date> {
    let month = Month::try_from(month.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(year.parse().ok()?, month, day.parse().ok()?).ok()
}

/// Weekday names and abbreviations (lowercase).
const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
];

/// True for a lowercase month or weekday name or abbreviation (`march`, `sept`, `wed`): a word
/// of a written date.
pub fn is_month_or_weekday(word: &str) -> bool {
    MONTHS.split('|').any(|month| month == word) || WEEKDAYS.contains(&word)
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
    fn written_days_keep_the_writers_offset() {
        let day = |text: &str| written_day(text).map(day::format);
        for text in [
            "2019-02-20T00:00:00+01:00",
            "2019-02-20T23:30:00-05:00",
            "Wed, 20 Feb 2019 00:00:00 +0100",
            "Wed, 20 Feb 2019 23:00:00 -0500",
            "Wed, 20 Feb 2019 21:00:00 PST",
            "Wed, 20 Feb 19 23:00:00 -0500",
            "20-feb-19 00:00:00 CET",
            "Wed Feb 20 23:59:59 2019",
            "Wed Feb 20 00:00:00 CET 2019",
            "20190220T000000+0100",
            "20190220T235959-0800",
        ] {
            assert_eq!(day(text).as_deref(), Some("2019-02-20"), "{text}");
        }
        assert_eq!(day("someday"), None);
        assert_eq!(day("2019-02-30T00:00:00Z"), None);
        assert_eq!(
            day("Sat, 20 Feb 99 10:00:00 GMT").as_deref(),
            Some("1999-02-20")
        );
        // A two-digit year only in a timestamp: a title's `12 Mar 24` is no date.
        assert_eq!(find("Notes 12 Mar 24"), None);
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
        assert_eq!(found("Example Weekly 12-Oct-2012"), ok("2012-10-12"));
        assert_eq!(found("Oct-12-2012 | Example Weekly"), ok("2012-10-12"));
        assert_eq!(found("Issue 204"), None);
        assert_eq!(found("ships in oct-2012 as v12"), None);
    }

    #[test]
    fn month_names_of_other_languages() {
        let ok = |s: &str| Some(Ok(s.to_string()));
        assert_eq!(found("Lettre du 3 mars 2021"), ok("2021-03-03"));
        assert_eq!(found("1er avril 2021"), ok("2021-04-01"));
        assert_eq!(found("Ausgabe 12 – 3. März 2021"), ok("2021-03-03"));
        assert_eq!(found("3. MÄRZ 2021"), ok("2021-03-03"));
        assert_eq!(found("Boletín del 3 de marzo de 2021"), ok("2021-03-03"));
        assert_eq!(found("3º de março, 2021"), ok("2021-03-03"));
        assert_eq!(found("12 ott. 2021"), ok("2021-10-12"));
        assert_eq!(found("3 maart 2021"), ok("2021-03-03"));
        assert_eq!(found("15 août 2021"), ok("2021-08-15"));
        assert_eq!(
            found("31 février 2021"),
            Some(Err("31 février 2021".into()))
        );
        assert_eq!(found("3 out 2021"), None);
        assert_eq!(found("Mars 2021 rover"), None);
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

    /// The number as the regexes' first capture group gives it (the way it was read before the
    /// number was read from the end of the match).
    fn issue_number_by_captures(text: &str) -> Option<u64> {
        [&*ISSUE_NUMBER, &*CJK_NUMBER]
            .into_iter()
            .filter_map(|regex| regex.captures(text).and_then(|c| c.get(1)))
            .min_by_key(|m| m.start())
            .and_then(|m| m.as_str().replace(',', "").parse().ok())
    }

    /// [`find`] without its plain-day shortcut.
    fn find_by_regexes(text: &str) -> Option<Found> {
        let padded = format!(" {text}");
        find(&padded)
    }

    proptest::proptest! {
        #[test]
        fn plain_days_are_read_as_the_regexes_read_them(
            year in 0u32..10_000, month in 0u32..100, day in 0u32..100,
        ) {
            let text = format!("{year:04}-{month:02}-{day:02}");
            proptest::prop_assert!(plain_iso_day(&text).is_some());
            proptest::prop_assert_eq!(find(&text), find_by_regexes(&text), "{:?}", text);
        }

        #[test]
        fn issue_numbers_are_the_regexes_first_group(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Issue", "issue-", "EDITION", "No.", "no", "number ", "#", "\\#", " ", ",",
                    "1", "12", "1,024", "2021", "0", "第", "期", "号", "Vol.", "-", "_", "a", ".",
                ]),
                0..12,
            ),
        ) {
            let text = pieces.concat();
            proptest::prop_assert_eq!(
                issue_number(&text), issue_number_by_captures(&text), "{:?}", text
            );
        }
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
        assert_eq!(issue_number("Security Sunday – Edition 131"), Some(131));
        assert_eq!(issue_number("2023-11-28 — Edition #64"), Some(64));
        assert_eq!(issue_number("News of the week"), None);
        assert_eq!(plain_number(" #500 "), Some(500));
        assert_eq!(issue_number("科技爱好者周刊（第 300 期）：轮胎"), Some(300));
        assert_eq!(issue_number("週刊 第12号"), Some(12));
        assert_eq!(issue_number("Ops issue-12 notes"), Some(12));
        assert_eq!(issue_number("Issue 1,024 — March 3, 2021"), Some(1024));
        assert_eq!(issue_number("No. 12,345"), Some(12345));
        assert_eq!(issue_number("Vol. 3, No. 12"), Some(12));
        assert_eq!(issue_number("#012: March 3, 2021"), Some(12));
        assert_eq!(issue_number("Issue 12, 2021"), Some(12));
        assert_eq!(issue_number("Week 9, 2021"), None);
    }

    #[test]
    fn us_european_and_cjk_dates() {
        let ok = |s: &str| Some(Ok(s.to_string()));
        assert_eq!(found("09-17-2025"), ok("2025-09-17"));
        assert_eq!(found("9/7/2025"), ok("2025-09-07"));
        assert_eq!(found("17/09/2025"), ok("2025-09-17"));
        assert_eq!(found("17.09.2025"), ok("2025-09-17"));
        assert_eq!(found("07.09.2025"), ok("2025-09-07"));
        assert_eq!(found("2025.09.17"), ok("2025-09-17"));
        assert_eq!(found("2024年7月10日"), ok("2024-07-10"));
        assert_eq!(found("13-17-2025"), Some(Err("13-17-2025".into())));
        assert_eq!(found("2022-02-29"), Some(Err("2022-02-29".into())));
    }

    #[test]
    fn unpadded_and_bundle_file_names() {
        let date = |source: &str| from_file_name(source).map(|f| f.map(day::format));
        assert_eq!(date("2015-1-6-twis-18.md"), Some(Ok("2015-01-06".into())));
        assert_eq!(number_from_file_name("2015-1-6-twis-18.md"), Some(18));
        assert_eq!(
            date("posts/2020-11-08-issue-515/index.md"),
            Some(Ok("2020-11-08".into()))
        );
        assert_eq!(
            number_from_file_name("posts/2020-11-08-issue-515/index.md"),
            Some(515)
        );
        assert_eq!(number_from_file_name("blog/250.mdx"), Some(250));
        assert_eq!(number_from_file_name("blog/250/index.mdx"), Some(250));
        assert_eq!(issue_stem("blog/250/index.mdx").as_deref(), Some("250"));
        assert_eq!(issue_stem("index.md").as_deref(), Some("index"));
    }

    #[test]
    fn folder_dates_with_their_precision() {
        let folder = |source: &str| {
            from_folders(source).map(|(date, precision)| (day::format(date), precision))
        };
        assert_eq!(
            folder("news/this-month/2024-06/index.md"),
            Some(("2024-06-01".into(), DatePrecision::Month))
        );
        assert_eq!(
            folder("archive/2016/issue-1.markdown"),
            Some(("2016-01-01".into(), DatePrecision::Year))
        );
        assert_eq!(
            folder("2016/06/15/post.md"),
            Some(("2016-06-15".into(), DatePrecision::Day))
        );
        assert_eq!(
            folder("2016/06/post.md"),
            Some(("2016-06-01".into(), DatePrecision::Month))
        );
        assert_eq!(folder("issues/1024/index.md"), None);
        assert_eq!(folder("2024-13/x.md"), None);
        assert_eq!(folder("x.md"), None);
    }
}
