//! Tab-separated values for `cut`, `awk`, `sort` and `fzf`: one line per record, fields in a
//! fixed order, no header unless asked for.
//!
//! Escaping (the convention of PostgreSQL's `COPY` text format and "linear TSV"): inside a value
//! a backslash is written `\\`, a tab `\t`, a line feed `\n` and a carriage return `\r`; every
//! other control character is removed, so no value can split a line or a field, or reach a
//! terminal as an escape sequence. A missing value (no issue number, no title) is empty.

use std::borrow::Cow;
use std::io::{self, Write};

use crate::model::day;
use crate::search::{Appearance, FacetCount, Hit, IndexStats};

/// The columns of a hit, in order. New columns are only ever added at the end, so `cut -f`
/// numbers stay valid. `appearances`, `first` and `last` describe the link's issues (empty with
/// `--all`, where each appearance is a line of its own).
pub const HIT_COLUMNS: [&str; 15] = [
    "url",
    "date",
    "issue",
    "section",
    "domain",
    "title",
    "description",
    "issue_title",
    "source",
    "position",
    "score",
    "newsletter",
    "appearances",
    "first",
    "last",
];

/// The columns of a `stats` line: which block, which value, how many (or which date).
pub const STATS_COLUMNS: [&str; 3] = ["group", "value", "count"];

/// `value` with backslashes, tabs and line breaks escaped and other control characters removed
/// (see the module documentation).
pub fn escape(value: &str) -> Cow<'_, str> {
    if !value.chars().any(|c| c == '\\' || c.is_control()) {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len() + 8);
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Writes one line: the fields escaped and joined by tabs.
pub fn line<S: AsRef<str>>(out: &mut dyn Write, fields: &[S]) -> io::Result<()> {
    for (i, value) in fields.iter().enumerate() {
        if i > 0 {
            out.write_all(b"\t")?;
        }
        out.write_all(escape(value.as_ref()).as_bytes())?;
    }
    out.write_all(b"\n")
}

/// One line per hit, columns as [`HIT_COLUMNS`].
pub fn hits(out: &mut dyn Write, hits: &[Hit]) -> io::Result<()> {
    for hit in hits {
        let doc = &hit.doc;
        let issues = hit.appearances.as_deref();
        let date_of = |a: &Appearance| a.date.clone();
        line(
            out,
            &[
                doc.url.as_str(),
                &doc.date.map(day::format).unwrap_or_default(),
                &optional(doc.issue),
                &doc.section,
                &doc.domain,
                doc.title.as_deref().unwrap_or_default(),
                &doc.description,
                &doc.issue_title,
                &doc.source,
                &doc.position.to_string(),
                &optional(hit.score),
                &doc.newsletter,
                &optional(issues.map(<[Appearance]>::len)),
                &issues
                    .and_then(|all| all.iter().find_map(date_of))
                    .unwrap_or_default(),
                &issues
                    .and_then(|all| all.iter().rev().find_map(date_of))
                    .unwrap_or_default(),
            ],
        )?;
    }
    Ok(())
}

/// Facet counts: the value, the number of links, and (`--facet domain`, every row) how many of
/// them are tracked.
pub fn facet(out: &mut dyn Write, counts: &[FacetCount]) -> io::Result<()> {
    for count in counts {
        let mut fields = vec![count.value.clone(), count.count.to_string()];
        fields.extend(count.tracked.map(|tracked| tracked.to_string()));
        line(out, &fields)?;
    }
    Ok(())
}

/// Index statistics, columns as [`STATS_COLUMNS`]: the totals first (`issues`, `links`, `urls`,
/// `first_issue`, `last_issue`, and `undated_issues`, `tracked_links` and `personal_links` when
/// there are any; value empty), then one
/// line per newsletter, year, section and top domain.
pub fn stats(out: &mut dyn Write, stats: &IndexStats) -> io::Result<()> {
    let none = String::new;
    let totals = [
        ("issues", stats.issues.to_string()),
        ("links", stats.links.to_string()),
        ("urls", stats.urls.to_string()),
        (
            "first_issue",
            stats.first_issue.clone().unwrap_or_else(none),
        ),
        ("last_issue", stats.last_issue.clone().unwrap_or_else(none)),
    ];
    for (name, value) in totals {
        line(out, &[name, "", &value])?;
    }
    if stats.undated_issues > 0 {
        line(
            out,
            &["undated_issues", "", &stats.undated_issues.to_string()],
        )?;
    }
    if stats.tracked_links > 0 {
        line(
            out,
            &["tracked_links", "", &stats.tracked_links.to_string()],
        )?;
        line(
            out,
            &["personal_links", "", &stats.personal_links.to_string()],
        )?;
    }
    for one in &stats.newsletters {
        line(out, &["newsletter", &one.name, &one.links.to_string()])?;
    }
    for (group, counts) in [
        ("year", &stats.years),
        ("section", &stats.sections),
        ("top_domain", &stats.top_domains),
    ] {
        for count in counts {
            line(out, &[group, &count.value, &count.count.to_string()])?;
        }
    }
    Ok(())
}

/// A value that may be missing, empty when it is.
fn optional<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_and_backslashes_are_escaped_and_controls_dropped() {
        assert_eq!(escape("plain text"), "plain text");
        assert!(matches!(escape("plain"), Cow::Borrowed(_)));
        assert_eq!(
            escape("a\tb\nc\r\nd\\e\u{1b}[31m\u{7}f"),
            "a\\tb\\nc\\r\\nd\\\\e[31mf"
        );
    }

    #[test]
    fn a_line_joins_escaped_fields_with_tabs() {
        let mut out = Vec::new();
        line(&mut out, &["x\ty", "", "z"]).unwrap();
        assert_eq!(out, b"x\\ty\t\tz\n");
    }
}
