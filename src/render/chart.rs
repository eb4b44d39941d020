//! `trend` output: a bar chart for the terminal (one row per period, one bar per query, all on
//! one scale), and the same numbers as JSON, JSON Lines or CSV for plotting elsewhere.

use std::io::{self, Write};

use serde::Serialize;

use super::text::{clean, truncate, width};
use super::Style;
use crate::search::Trend;

/// Output format of `trend`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrendFormat {
    /// A bar chart sized to the terminal.
    Table,
    /// One JSON array of `{period, query, count, total, share}` objects.
    Json,
    /// One `{period, query, count, total, share}` object per line.
    Jsonl,
    /// CSV with a header: the period, then one column per query.
    Csv,
}

/// The eighths of a block, from one eighth to a full block.
const EIGHTHS: [char; 8] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'];
/// Colours of the series' bars on a colour terminal, in turn: cyan, magenta, yellow, green, blue.
const PALETTE: [&str; 5] = [
    "\u{1b}[36m",
    "\u{1b}[35m",
    "\u{1b}[33m",
    "\u{1b}[32m",
    "\u{1b}[34m",
];
/// Ends a colour.
const RESET: &str = "\u{1b}[0m";
/// Columns between the period and the first series, and between series.
const GAP: usize = 2;
/// Narrowest a bar gets, however narrow the terminal.
const MIN_BAR: usize = 4;

/// Writes `trend` in `format`; `share` shows each count as a share of its period's links.
pub fn trend(
    out: &mut dyn Write,
    trend: &Trend,
    format: TrendFormat,
    style: Style,
    share: bool,
) -> io::Result<()> {
    match format {
        TrendFormat::Table => chart(out, trend, style, share),
        TrendFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &rows(trend))?;
            writeln!(out)
        }
        TrendFormat::Jsonl => {
            for row in rows(trend) {
                serde_json::to_writer(&mut *out, &row)?;
                writeln!(out)?;
            }
            Ok(())
        }
        TrendFormat::Csv => csv(out, trend, share),
    }
}

/// One period of one query, for JSON.
#[derive(Serialize)]
struct Row<'a> {
    period: &'a str,
    query: &'a str,
    count: u64,
    total: u64,
    share: f64,
}

/// Every (period, query) pair, periods first.
fn rows(trend: &Trend) -> Vec<Row<'_>> {
    let mut rows = Vec::new();
    for (i, period) in trend.periods.iter().enumerate() {
        for series in &trend.series {
            rows.push(Row {
                period,
                query: &series.query,
                count: series.counts[i],
                total: trend.totals[i],
                share: trend.share(series, i),
            });
        }
    }
    rows
}

/// A header (`period` and each query), then one record per period: counts, or shares.
fn csv(out: &mut dyn Write, trend: &Trend, share: bool) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let header = std::iter::once("period").chain(trend.series.iter().map(|s| s.query.as_str()));
    writer.write_record(header)?;
    for (i, period) in trend.periods.iter().enumerate() {
        let values = trend.series.iter().map(|series| {
            if share {
                trend.share(series, i).to_string()
            } else {
                series.counts[i].to_string()
            }
        });
        writer.write_record(std::iter::once(period.clone()).chain(values))?;
    }
    writer.flush()
}

/// The bar chart: a header naming each query, then per period a bar and its value per query.
fn chart(out: &mut dyn Write, trend: &Trend, style: Style, share: bool) -> io::Result<()> {
    let value = |series: usize, period: usize| -> String {
        let series = &trend.series[series];
        if share {
            format!("{:.1}%", trend.share(series, period) * 100.0)
        } else {
            series.counts[period].to_string()
        }
    };
    let label_width = trend
        .periods
        .iter()
        .map(|p| width(p))
        .max()
        .unwrap_or(0)
        .max(width(period_header(trend)));
    let value_width = (0..trend.series.len())
        .flat_map(|s| (0..trend.periods.len()).map(move |p| (s, p)))
        .map(|(s, p)| value(s, p).len())
        .max()
        .unwrap_or(1);
    let n = trend.series.len().max(1);
    let per_series = style
        .width
        .saturating_sub(label_width + GAP * n)
        .checked_div(n)
        .unwrap_or(0);
    let bar_width = per_series.saturating_sub(value_width + 1).max(MIN_BAR);
    let column = bar_width + 1 + value_width;
    let scale = |series: usize, period: usize| -> f64 {
        let series = &trend.series[series];
        if share {
            trend.share(series, period)
        } else {
            series.counts[period] as f64
        }
    };
    let highest = (0..trend.series.len())
        .flat_map(|s| (0..trend.periods.len()).map(move |p| (s, p)))
        .map(|(s, p)| scale(s, p))
        .fold(0.0, f64::max);

    let mut header = pad(period_header(trend), label_width);
    for series in &trend.series {
        header.push_str(&" ".repeat(GAP));
        header.push_str(&pad(&truncate(&clean(&series.query), column), column));
    }
    writeln!(out, "{}", header.trim_end())?;
    for (p, period) in trend.periods.iter().enumerate() {
        let mut line = pad(period, label_width);
        for s in 0..trend.series.len() {
            let bar = bar(scale(s, p), highest, bar_width);
            line.push_str(&" ".repeat(GAP));
            let bar_cols = bar.chars().count();
            if style.color && !bar.is_empty() {
                line.push_str(PALETTE[s % PALETTE.len()]);
                line.push_str(&bar);
                line.push_str(RESET);
            } else {
                line.push_str(&bar);
            }
            line.push_str(&" ".repeat(bar_width - bar_cols + 1));
            line.push_str(&format!("{:>value_width$}", value(s, p)));
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// The name of the period column.
fn period_header(trend: &Trend) -> &'static str {
    match trend.periods.first().map(String::len) {
        Some(7) => "month",
        _ => "year",
    }
}

/// `value` out of `highest` as a bar of at most `max` columns, in eighths of a block; any value
/// above zero shows at least an eighth.
fn bar(value: f64, highest: f64, max: usize) -> String {
    if value <= 0.0 || highest <= 0.0 {
        return String::new();
    }
    let eighths = ((value / highest) * (max * 8) as f64).round().max(1.0) as usize;
    let (full, rest) = (eighths / 8, eighths % 8);
    let mut out = EIGHTHS[7].to_string().repeat(full);
    if let Some(part) = rest.checked_sub(1) {
        out.push(EIGHTHS[part]);
    }
    out
}

/// `text` followed by spaces up to `columns` columns.
fn pad(text: &str, columns: usize) -> String {
    format!("{text}{}", " ".repeat(columns.saturating_sub(width(text))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Series;

    fn sample() -> Trend {
        Trend {
            periods: vec!["2019".into(), "2020".into(), "2021".into()],
            totals: vec![10, 40, 4],
            series: vec![
                Series {
                    query: "docker".into(),
                    counts: vec![4, 8, 0],
                },
                Series {
                    query: "kubernetes".into(),
                    counts: vec![1, 16, 2],
                },
            ],
        }
    }

    fn render(format: TrendFormat, width: usize, color: bool, share: bool) -> String {
        let mut out = Vec::new();
        let style = Style { width, color };
        trend(&mut out, &sample(), format, style, share).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn bars_share_one_scale_and_fill_the_width() {
        let chart = render(TrendFormat::Table, 40, false, false);
        assert_eq!(
            chart,
            concat!(
                "year  docker            kubernetes\n",
                "2019  ███▎           4  ▉              1\n",
                "2020  ██████▌        8  █████████████ 16\n",
                "2021                 0  █▋             2\n",
            )
        );
        assert!(chart.lines().all(|l| width(l) <= 40));
    }

    #[test]
    fn shares_are_percentages_of_the_period() {
        let chart = render(TrendFormat::Table, 40, false, true);
        assert_eq!(
            chart,
            concat!(
                "year  docker            kubernetes\n",
                "2019  ████████   40.0%  ██         10.0%\n",
                "2020  ████       20.0%  ████████   40.0%\n",
                "2021              0.0%  ██████████ 50.0%\n",
            )
        );
    }

    #[test]
    fn colour_wraps_each_bar_only() {
        let chart = render(TrendFormat::Table, 40, true, false);
        let second = chart.lines().nth(1).unwrap();
        assert_eq!(
            second,
            "2019  \u{1b}[36m███▎\u{1b}[0m           4  \u{1b}[35m▉\u{1b}[0m              1"
        );
    }

    #[test]
    fn csv_and_json_hold_the_same_numbers() {
        assert_eq!(
            render(TrendFormat::Csv, 80, false, false),
            "period,docker,kubernetes\n2019,4,1\n2020,8,16\n2021,0,2\n"
        );
        assert_eq!(
            render(TrendFormat::Csv, 80, false, true),
            "period,docker,kubernetes\n2019,0.4,0.1\n2020,0.2,0.4\n2021,0,0.5\n"
        );
        let jsonl = render(TrendFormat::Jsonl, 80, false, false);
        assert_eq!(
            jsonl.lines().next().unwrap(),
            r#"{"period":"2019","query":"docker","count":4,"total":10,"share":0.4}"#
        );
        assert_eq!(jsonl.lines().count(), 6);
    }

    #[test]
    fn bars_are_drawn_in_eighths() {
        assert_eq!(bar(0.0, 10.0, 4), "");
        assert_eq!(bar(10.0, 10.0, 4), "████");
        assert_eq!(bar(5.0, 10.0, 3), "█▌");
        assert_eq!(bar(0.01, 10.0, 4), "▏");
    }
}
