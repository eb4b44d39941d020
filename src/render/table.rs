//! Tables for people: hits (a line of facts and the snippet, then the full URL under it, with
//! `×3` under the date of a link three issues featured), facet
//! counts and index statistics. Every text from issue files is cleaned first.

use std::io::{self, Write};

use comfy_table::{presets, CellAlignment, ContentArrangement, Table};

use super::text::{clean, clean_marked, truncate, width, wrap, Marked};
use super::{appearances_mark, shown_date, Style};
use crate::search::{section_leaf, FacetCount, Hit, IndexStats, NewsletterStats};

/// Widest section column (the most specific part of a nested section is shown).
const MAX_SECTION: usize = 18;
/// Widest domain column.
const MAX_DOMAIN: usize = 20;
/// Narrowest the domain column gets on a narrow terminal.
const MIN_DOMAIN: usize = 6;
/// Lines of snippet per hit.
const SNIPPET_LINES: usize = 2;
/// Narrowest the snippet column gets, however narrow the terminal.
const MIN_SNIPPET: usize = 16;
/// Columns of padding comfy-table puts around each cell (one each side).
const PADDING: usize = 2;
/// Start and end of a highlighted match on a colour terminal: bold red, as grep and ripgrep.
const HIGHLIGHT: (&str, &str) = ("\u{1b}[1;31m", "\u{1b}[0m");

/// A borderless table that never wraps (cells are sized beforehand).
fn new_table(header: Vec<&str>) -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled)
        .force_no_tty()
        .set_header(header);
    table
}

/// Writes `table` with trailing spaces removed from every line.
fn write_table(out: &mut dyn Write, table: &Table) -> io::Result<()> {
    for line in table.lines() {
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// The hits table: rank, date, issue, section, domain and snippet on one line, the full URL
/// (never cut) on the next, under the snippet.
pub fn hits(out: &mut dyn Write, hits: &[Hit], style: Style) -> io::Result<()> {
    let mut rows: Vec<[String; 5]> = hits
        .iter()
        .enumerate()
        .map(|(i, hit)| {
            [
                (i + 1).to_string(),
                shown_date(&hit.doc),
                hit.doc
                    .issue
                    .map_or_else(|| "-".to_string(), |n| n.to_string()),
                truncate(&clean(section_leaf(&hit.doc.section)), MAX_SECTION),
                truncate(&clean(&hit.doc.domain), MAX_DOMAIN),
            ]
        })
        .collect();
    let headers = ["#", "date", "issue", "section", "domain"];
    let column_width = |rows: &[[String; 5]], col: usize| {
        let widest = rows.iter().map(|row| width(&row[col])).max().unwrap_or(0);
        widest.max(width(headers[col])) + PADDING
    };
    let before_domain: usize = (0..4).map(|col| column_width(&rows, col)).sum();
    let domain_cap = style
        .width
        .saturating_sub(before_domain + 2 * PADDING + MIN_SNIPPET)
        .clamp(MIN_DOMAIN, MAX_DOMAIN);
    for row in &mut rows {
        row[4] = truncate(&row[4], domain_cap);
    }
    let fixed = before_domain + column_width(&rows, 4);
    let snippet_width = style.width.saturating_sub(fixed + PADDING).max(MIN_SNIPPET);
    let mut table = new_table(headers.iter().copied().chain(["link"]).collect());
    for (row, hit) in rows.into_iter().zip(hits) {
        let snippet = wrap(
            &clean_marked(&hit.snippet, &hit.highlights),
            snippet_width,
            SNIPPET_LINES,
        );
        let painted: Vec<String> = snippet
            .iter()
            .map(|line| paint(line, style.color))
            .collect();
        let mut cells: Vec<String> = row.into();
        cells.push(painted.join("\n"));
        table.add_row(cells);
        let mut url_row = vec![String::new(); headers.len()];
        url_row[1] = appearances_mark(hit);
        url_row.push(clean(&hit.doc.url));
        table.add_row(url_row);
    }
    for col in [0, 2] {
        if let Some(column) = table.column_mut(col) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    write_table(out, &table)
}

/// Marked text as a string, with highlighted runs wrapped in colour codes when `color`.
fn paint(text: &[Marked], color: bool) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut inside = false;
    for m in text {
        let lit = color && m.highlighted;
        if lit != inside {
            out.push_str(if lit { HIGHLIGHT.0 } else { HIGHLIGHT.1 });
            inside = lit;
        }
        out.push(m.c);
    }
    if inside {
        out.push_str(HIGHLIGHT.1);
    }
    out
}

/// Facet counts: value and number of links.
pub fn facet(out: &mut dyn Write, name: &str, counts: &[FacetCount]) -> io::Result<()> {
    write_table(out, &count_table(name, counts))
}

/// A table of values and counts, counts right-aligned; a third column, `tracked`, when any
/// row has tracked links.
fn count_table(name: &str, counts: &[FacetCount]) -> Table {
    let tracked = counts.iter().any(|count| count.tracked.unwrap_or(0) > 0);
    let header = [name, "links", "tracked"];
    let mut table = new_table(header[..if tracked { 3 } else { 2 }].to_vec());
    for count in counts {
        let mut row = vec![truncate(&clean(&count.value), 60), count.count.to_string()];
        if tracked {
            row.push(count.tracked.unwrap_or(0).to_string());
        }
        table.add_row(row);
    }
    for index in 1..header.len() {
        if let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    table
}

/// One line per newsletter: its issues, links, first and last issue, issues without a date.
fn newsletter_table(newsletters: &[NewsletterStats]) -> Table {
    let mut table = new_table(vec![
        "newsletter",
        "issues",
        "links",
        "first issue",
        "last issue",
        "undated",
    ]);
    let none = || "-".to_string();
    for one in newsletters {
        table.add_row(vec![
            truncate(&clean(&one.name), 40),
            one.issues.to_string(),
            one.links.to_string(),
            one.first_issue.clone().unwrap_or_else(none),
            one.last_issue.clone().unwrap_or_else(none),
            one.undated_issues.to_string(),
        ]);
    }
    table
}

/// Index statistics: totals, then links per year, per section (the `sections` largest, when
/// given, then how many more), and the top domains.
pub fn stats(out: &mut dyn Write, stats: &IndexStats, sections: Option<usize>) -> io::Result<()> {
    let mut totals = Table::new();
    totals
        .load_preset(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled)
        .force_no_tty();
    let none = || "-".to_string();
    totals.add_row(vec!["issues".to_string(), stats.issues.to_string()]);
    totals.add_row(vec!["links".to_string(), stats.links.to_string()]);
    totals.add_row(vec!["distinct links".to_string(), stats.urls.to_string()]);
    totals.add_row(vec![
        "first issue".to_string(),
        stats.first_issue.clone().unwrap_or_else(none),
    ]);
    totals.add_row(vec![
        "last issue".to_string(),
        stats.last_issue.clone().unwrap_or_else(none),
    ]);
    if stats.undated_issues > 0 {
        totals.add_row(vec![
            "issues without a date".to_string(),
            stats.undated_issues.to_string(),
        ]);
    }
    if stats.tracked_links > 0 {
        totals.add_row(vec![
            "tracked links".to_string(),
            format!(
                "{} ({} personal; ingest --resolve-links finds where they lead)",
                stats.tracked_links, stats.personal_links
            ),
        ]);
    }
    write_table(out, &totals)?;
    if !stats.newsletters.is_empty() {
        writeln!(out)?;
        write_table(out, &newsletter_table(&stats.newsletters))?;
    }
    let shown = sections.unwrap_or(usize::MAX).min(stats.sections.len());
    for (name, counts) in [
        ("year", &stats.years[..]),
        ("section", &stats.sections[..shown]),
        ("top domain", &stats.top_domains[..]),
    ] {
        writeln!(out)?;
        write_table(out, &count_table(name, counts))?;
        if name == "section" && shown < stats.sections.len() {
            let more = stats.sections.len() - shown;
            writeln!(out, " … {more} more (`--sections all`)")?;
        }
    }
    if !stats.top_recurring.is_empty() {
        writeln!(out)?;
        let mut table = new_table(vec!["recurring link", "issues"]);
        for link in &stats.top_recurring {
            table.add_row(vec![
                clean(&link.url),
                format!("{} of {}", link.issues, link.of_issues),
            ]);
        }
        if let Some(column) = table.column_mut(1) {
            column.set_cell_alignment(CellAlignment::Right);
        }
        write_table(out, &table)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{day, LinkDoc};

    fn hostile_hit() -> Hit {
        Hit {
            doc: LinkDoc {
                url: "https://e.com/\u{1b}[2Jx".into(),
                domain: "e.com\u{7}".into(),
                section: "news\u{1b}]0;t\u{7}".into(),
                section_title: "News".into(),
                date: day::parse("2020-11-08"),
                year: Some(2020),
                date_precision: Some(crate::model::DatePrecision::Day),
                issue: None,
                issue_title: "Issue".into(),
                title: None,
                description: String::new(),
                source: "a.md".into(),
                position: 1,
                newsletter: "weekly".into(),
                written_url: None,
                tracked: crate::model::Tracked::No,
                issue_url: None,
            },
            score: None,
            snippet: "bad \u{1b}[31mred\u{1b}[0m text\r\nmore".into(),
            highlights: std::iter::once(0..3).collect(),
            appearances: None,
            recurring: false,
        }
    }

    #[test]
    fn the_table_holds_no_escape_but_its_own_highlights() {
        let mut out = Vec::new();
        let style = Style {
            width: 80,
            color: true,
        };
        hits(&mut out, &[hostile_hit()], style).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            concat!(
                " #  date        issue  section  domain  link\n",
                " 1  2020-11-08      -  news     e.com   \u{1b}[1;31mbad\u{1b}[0m red text more\n",
                "                                        https://e.com/x\n",
            )
        );
    }

    #[test]
    fn highlights_are_painted_only_with_colour() {
        let marked = clean_marked("a bc d", std::slice::from_ref(&(2..4)));
        assert_eq!(paint(&marked, false), "a bc d");
        assert_eq!(paint(&marked, true), "a \u{1b}[1;31mbc\u{1b}[0m d");
    }
}
