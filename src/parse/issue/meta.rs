//! Issue-level fields: date, year, number and title. The date comes from the first source that
//! has one, in this order: the date header (front matter or Pelican), the title header, the file
//! name, the issue's own title heading, the folders above the file, and the date of the commit
//! that first added the file in git. A date that is impossible or unreadable in one source is
//! skipped with a warning, and the next source is asked; an issue with no usable date has none.

use std::fmt;

use time::Date;

use super::blocks::{Block, Body};
use super::clean::{collapse, plain_text};
use super::date::{self, Found};
use super::fields::{Field, Header};
use crate::model::{day, DatePrecision};

/// Header keys that hold the issue date.
const DATE_KEYS: &[&str] = &["date", "published", "pubdate"];
/// Header keys that hold the issue number (`issue_number` is the spelling of Eleventy and
/// Jekyll collections that keep `issue` for something else).
const NUMBER_KEYS: &[&str] = &["number", "issue", "issue_number", "issue_no"];
/// Header keys that hold the issue title.
const TITLE_KEYS: &[&str] = &["title"];

/// What the parser may know about an issue beyond its bytes.
#[derive(Clone, Copy)]
pub struct IssueContext<'a> {
    /// The newsletter the issue belongs to (every document's `newsletter`).
    pub newsletter: &'a str,
    /// The date of the commit that first added the file, asked only when no other source has a
    /// date (the caller runs git, the parser never does).
    pub git_date: &'a (dyn Fn() -> Option<Date> + Sync),
    /// True when a file that names its newsletter (a feed's title, a page's `og:site_name`) is
    /// filed under that name instead of [`Self::newsletter`] (no `--newsletter` was given).
    pub names_itself: bool,
}

impl Default for IssueContext<'_> {
    fn default() -> Self {
        Self {
            newsletter: "",
            git_date: &no_git,
            names_itself: false,
        }
    }
}

impl fmt::Debug for IssueContext<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IssueContext").finish_non_exhaustive()
    }
}

/// The git date of a parse without git.
fn no_git() -> Option<Date> {
    None
}

/// The issue-level fields of one issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    /// The issue date, when any source has one.
    pub date: Option<Date>,
    /// How much of the date the source states (`None` when there is no date).
    pub precision: Option<DatePrecision>,
    /// The issue number, when found.
    pub issue: Option<u64>,
    /// The issue title, plain text.
    pub title: String,
    /// Index (in the body's blocks) of the heading that is the issue's own title, if any.
    pub title_heading: Option<usize>,
    /// Dates that could not be used, each with what was used instead.
    pub warnings: Vec<DateWarning>,
}

/// A date in one source that could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateWarning {
    /// The 1-based line of the bad value, when it is in the file.
    pub line: Option<usize>,
    /// What is wrong with it, e.g. "`2022-02-29` is not a real date".
    pub problem: String,
    /// The date used instead and where it came from, if any source had one.
    pub used: Option<(String, &'static str)>,
}

impl fmt::Display for DateWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}; ", self.problem)?;
        match &self.used {
            Some((date, source)) => write!(f, "using {date} from {source}"),
            None => f.write_str("the issue has no date"),
        }
    }
}

/// Works out the issue-level fields of the file `source`.
pub fn resolve(source: &str, header: &Header, body: &Body, context: &IssueContext<'_>) -> Meta {
    let title_field = header.field(TITLE_KEYS);
    let header_title = title_field.map(|field| plain_text(&field.value));
    let heading = title_heading(body, header_title.as_deref());
    let heading_text = heading.map(|(_, _, text)| text);

    let (dated, warnings) = issue_date(source, header, heading, context);
    let issue = header
        .field(NUMBER_KEYS)
        .and_then(|field| date::plain_number(&field.value))
        .or_else(|| header_title.as_deref().and_then(date::issue_number))
        .or_else(|| date::number_from_file_name(source))
        .or_else(|| heading_text.and_then(date::issue_number));
    let title = header_title
        .filter(|title| !title.is_empty())
        .or_else(|| heading_text.map(str::to_string))
        .or_else(|| date::issue_stem(source).map(|stem| collapse(&stem)))
        .unwrap_or_default();
    Meta {
        date: dated.map(|(date, _)| date),
        precision: dated.map(|(_, precision)| precision),
        issue,
        title,
        title_heading: heading.map(|(index, _, _)| index),
        warnings,
    }
}

/// A date source's answer: where it is (line), and the date or the bad text.
type Candidate = (Option<usize>, Result<(Date, DatePrecision), String>);

/// The date and its precision from the first source that has a usable one (see the module
/// documentation for the order), with a warning for each bad value met before it.
fn issue_date(
    source: &str,
    header: &Header,
    heading: Option<(usize, usize, &str)>,
    context: &IssueContext<'_>,
) -> (Option<(Date, DatePrecision)>, Vec<DateWarning>) {
    let day_precision = |found: Found| {
        found
            .map(|date| (date, DatePrecision::Day))
            .map_err(|text| format!("`{text}` is not a real date"))
    };
    let text_date = |line: usize, text: &str| -> Option<Candidate> {
        date::find(text).map(|found| (Some(line), day_precision(found)))
    };
    let sources: [(&'static str, &dyn Fn() -> Option<Candidate>); 6] = [
        ("the date header", &|| {
            header.field(DATE_KEYS).map(header_date)
        }),
        ("the title", &|| {
            header
                .field(TITLE_KEYS)
                .and_then(|field| text_date(field.line, &field.value))
        }),
        ("the file name", &|| {
            date::from_file_name(source).map(|found| (None, day_precision(found)))
        }),
        ("the title heading", &|| {
            heading.and_then(|(_, line, text)| text_date(line, text))
        }),
        ("the folder names", &|| {
            date::from_folders(source).map(|dated| (None, Ok(dated)))
        }),
        ("git history", &|| {
            (context.git_date)().map(|date| (None, Ok((date, DatePrecision::Day))))
        }),
    ];
    let mut bad = Vec::new();
    for (name, candidate) in sources {
        match candidate() {
            Some((_, Ok(dated))) => {
                let used = Some((day::format_as(dated.0, dated.1), name));
                return (Some(dated), warnings(bad, used));
            }
            Some((line, Err(problem))) => bad.push((line, problem)),
            None => {}
        }
    }
    (None, warnings(bad, None))
}

/// A date header's value as a candidate: a date, or why it cannot be one.
fn header_date(field: &Field) -> Candidate {
    let found = match date::find(&field.value) {
        Some(Ok(date)) => Ok((date, DatePrecision::Day)),
        Some(Err(text)) => Err(format!("`{text}` is not a real date")),
        None => Err(format!("cannot read the date `{}`", collapse(&field.value))),
    };
    (Some(field.line), found)
}

/// The warnings for the bad values met, each saying what was used instead.
fn warnings(
    bad: Vec<(Option<usize>, String)>,
    used: Option<(String, &'static str)>,
) -> Vec<DateWarning> {
    bad.into_iter()
        .map(|(line, problem)| DateWarning {
            line,
            problem,
            used: used.clone(),
        })
        .collect()
}

/// The issue's own title heading: the body's first heading, when it reads like an issue title
/// (has an issue number or a date, or repeats the header title). Returns its block index, line
/// and text.
fn title_heading<'b>(
    body: &'b Body,
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
    use super::*;
    use crate::parse::markdown::front_matter::{self, FrontMatter};
    use crate::parse::markdown::tree;

    fn meta_in(source: &str, text: &str, context: &IssueContext<'_>) -> Meta {
        let lines: Vec<&str> = text.split('\n').collect();
        let FrontMatter {
            header,
            body_start: first,
        } = front_matter::read(&lines).unwrap();
        let body_start = lines[..first]
            .iter()
            .map(|line| line.len() + 1)
            .sum::<usize>()
            .min(text.len());
        let body = tree::read(&text[body_start..], first + 1);
        resolve(source, &header, &body, context)
    }

    fn meta(source: &str, text: &str) -> Meta {
        meta_in(source, text, &IssueContext::default())
    }

    fn date_of(m: &Meta) -> Option<String> {
        m.date.map(day::format)
    }

    #[test]
    fn front_matter_date_and_title_number() {
        let m = meta(
            "x.md",
            "---\ntitle: DEVOPS WEEKLY ISSUE \\#515 - 8th November 2020 \ndate: 2020-11-08T09:02:24+00:00\n---\n",
        );
        assert_eq!(date_of(&m).as_deref(), Some("2020-11-08"));
        assert_eq!(m.precision, Some(DatePrecision::Day));
        assert_eq!(m.issue, Some(515));
        assert_eq!(m.title, "DEVOPS WEEKLY ISSUE #515 - 8th November 2020");
        assert!(m.warnings.is_empty());
    }

    #[test]
    fn an_issue_number_field_is_the_number() {
        let m = meta("x.md", "---\ntitle: Weekly\nissue_number: 88\n---\n");
        assert_eq!(m.issue, Some(88));
    }

    #[test]
    fn jekyll_title_date_file_name_and_heading() {
        let text = "---\nlayout: post\ntitle: Issue 204 - 30th November 2014\n---\n## Issue 204 - 30th November 2014\n\nNews\n----";
        let m = meta("2014-11-30-204.markdown", text);
        assert_eq!(
            (date_of(&m).as_deref(), m.issue),
            (Some("2014-11-30"), Some(204))
        );
        assert_eq!(m.title_heading, Some(0));
        let m = meta("2014-11-30-204.markdown", "---\nlayout: post\n---\n");
        assert_eq!(
            (date_of(&m).as_deref(), m.issue),
            (Some("2014-11-30"), Some(204))
        );
        assert_eq!(m.title, "2014-11-30-204");
        let m = meta("notes.md", "# Issue 9 - November 8, 2020\n\n## News");
        assert_eq!(
            (date_of(&m).as_deref(), m.issue),
            (Some("2020-11-08"), Some(9))
        );
        assert_eq!(m.title, "Issue 9 - November 8, 2020");
    }

    #[test]
    fn pelican_number_header_wins() {
        let m = meta(
            "w.md",
            "Title: Weekly #12\nNumber: 500\nDate: 2023-06-28\n\nbody",
        );
        assert_eq!(
            (date_of(&m).as_deref(), m.issue),
            (Some("2023-06-28"), Some(500))
        );
    }

    #[test]
    fn a_bad_date_falls_back_to_the_next_source_with_a_warning() {
        let m = meta(
            "2022-02-27-update.md",
            "---\ntitle: t\ndate: 2022-02-29\n---\n",
        );
        assert_eq!(date_of(&m).as_deref(), Some("2022-02-27"));
        assert_eq!(m.warnings.len(), 1);
        assert_eq!(m.warnings[0].line, Some(3));
        assert_eq!(
            m.warnings[0].to_string(),
            "`2022-02-29` is not a real date; using 2022-02-27 from the file name"
        );
        let m = meta("x.md", "---\ndate: someday\n---\n");
        assert_eq!(m.date, None);
        assert_eq!(
            m.warnings[0].to_string(),
            "cannot read the date `someday`; the issue has no date"
        );
        let m = meta("2020-02-30-x.md", "");
        assert_eq!(m.date, None);
        assert_eq!(
            m.warnings[0].to_string(),
            "`2020-02-30` is not a real date; the issue has no date"
        );
    }

    #[test]
    fn toml_and_us_dates() {
        let m = meta("a.md", "+++\ntitle = \"Weekly\"\ndate = 2024-07-10\n+++\n");
        assert_eq!(date_of(&m).as_deref(), Some("2024-07-10"));
        let m = meta("a.md", "---\ndate: 09-17-2025\n---\n");
        assert_eq!(date_of(&m).as_deref(), Some("2025-09-17"));
    }

    #[test]
    fn folders_then_git_then_nothing() {
        let m = meta("letters/2016/issue-1.markdown", "# Links\n");
        assert_eq!(date_of(&m).as_deref(), Some("2016-01-01"));
        assert_eq!(m.precision, Some(DatePrecision::Year));
        assert_eq!(m.issue, Some(1));
        let git = || day::parse("2021-05-03");
        let context = IssueContext {
            newsletter: "",
            git_date: &git,
            names_itself: false,
        };
        let m = meta_in(
            "weekly/300.md",
            "# 科技爱好者周刊（第 300 期）：轮胎\n",
            &context,
        );
        assert_eq!(date_of(&m).as_deref(), Some("2021-05-03"));
        assert_eq!(m.issue, Some(300));
        let m = meta("notes.md", "# News\n");
        assert_eq!((m.date, m.precision), (None, None));
        assert!(m.warnings.is_empty());
    }
}
