//! The values of the command line's enum flags as clap reads them (`--sort`, `--facet`,
//! `--format`, `--color`, `--by`) and dates (`--since`, `--until`), mapped to the library's
//! types in this one place, so `search` and `render` know nothing of clap (ripgrep's `lowargs`).

use clap::ValueEnum;
use time::Date;

use crate::model::day;
use crate::render::{ColorWhen, Format, TrendFormat};
use crate::search::{FacetField, Period, Sort};

/// `--sections N|all` of `stats`: at most N rows, or every row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowLimit(pub Option<usize>);

impl std::str::FromStr for RowLimit {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        if value.eq_ignore_ascii_case("all") {
            return Ok(RowLimit(None));
        }
        match value.parse::<usize>() {
            Ok(rows) if rows > 0 => Ok(RowLimit(Some(rows))),
            _ => Err(format!(
                "`{value}` is not a number of rows (1 or more) or `all`"
            )),
        }
    }
}

/// `--sort`: how hits are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// Best match first (BM25); the default when the query has words.
    Relevance,
    /// Newest issue first; the default when there are no words.
    Newest,
    /// Oldest issue first.
    Oldest,
}

impl From<SortArg> for Sort {
    fn from(arg: SortArg) -> Self {
        match arg {
            SortArg::Relevance => Sort::Relevance,
            SortArg::Newest => Sort::Newest,
            SortArg::Oldest => Sort::Oldest,
        }
    }
}

/// `--facet`: the field matching links are counted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FacetArg {
    /// The section slug.
    Section,
    /// The year (listed in year order).
    Year,
    /// The link's host.
    Domain,
    /// The newsletter.
    Newsletter,
}

impl From<FacetArg> for FacetField {
    fn from(arg: FacetArg) -> Self {
        match arg {
            FacetArg::Section => FacetField::Section,
            FacetArg::Year => FacetField::Year,
            FacetArg::Domain => FacetField::Domain,
            FacetArg::Newsletter => FacetField::Newsletter,
        }
    }
}

/// `--format` of `query`, `stats` and `seen`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// A table sized to the terminal (the default, also when piped).
    Table,
    /// One JSON array (one object for `stats`).
    Json,
    /// One JSON object per line.
    Jsonl,
    /// Tab-separated values, one line per hit (columns and escaping in docs/reference.md).
    Tsv,
}

impl From<FormatArg> for Format {
    fn from(arg: FormatArg) -> Self {
        match arg {
            FormatArg::Table => Format::Table,
            FormatArg::Json => Format::Json,
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Tsv => Format::Tsv,
        }
    }
}

/// `--format` of `trend`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TrendFormatArg {
    /// A bar chart sized to the terminal.
    Table,
    /// One JSON array of `{period, query, count, total, share}` objects.
    Json,
    /// One `{period, query, count, total, share}` object per line.
    Jsonl,
    /// CSV with a header: the period, then one column per query.
    Csv,
}

impl From<TrendFormatArg> for TrendFormat {
    fn from(arg: TrendFormatArg) -> Self {
        match arg {
            TrendFormatArg::Table => TrendFormat::Table,
            TrendFormatArg::Json => TrendFormat::Json,
            TrendFormatArg::Jsonl => TrendFormat::Jsonl,
            TrendFormatArg::Csv => TrendFormat::Csv,
        }
    }
}

/// `--color`: when to colour highlights and bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// When stdout is a terminal and `NO_COLOR` is not set.
    Auto,
    /// Always (still never with `NO_COLOR`).
    Always,
    /// Never.
    Never,
}

impl From<ColorArg> for ColorWhen {
    fn from(arg: ColorArg) -> Self {
        match arg {
            ColorArg::Auto => ColorWhen::Auto,
            ColorArg::Always => ColorWhen::Always,
            ColorArg::Never => ColorWhen::Never,
        }
    }
}

/// `trend --by`: how long one period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PeriodArg {
    /// Calendar years (`2020`).
    Year,
    /// Calendar months (`2020-11`).
    Month,
}

impl From<PeriodArg> for Period {
    fn from(arg: PeriodArg) -> Self {
        match arg {
            PeriodArg::Year => Period::Year,
            PeriodArg::Month => Period::Month,
        }
    }
}

/// Reads a `--since`/`--until` value (`YYYY-MM-DD`).
pub fn parse_day(text: &str) -> Result<Date, String> {
    day::parse(text)
        .ok_or_else(|| format!("`{text}` is not a date: use YYYY-MM-DD, e.g. 2020-11-08"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_parse_or_say_how_to_write_them() {
        assert_eq!(
            parse_day("2020-11-08"),
            Ok(day::parse("2020-11-08").unwrap())
        );
        assert_eq!(
            parse_day("2020-13-01"),
            Err("`2020-13-01` is not a date: use YYYY-MM-DD, e.g. 2020-11-08".to_string())
        );
    }

    #[test]
    fn every_value_maps_to_the_library_value_of_the_same_name() {
        for arg in SortArg::value_variants() {
            let name = arg.to_possible_value().unwrap().get_name().to_string();
            assert_eq!(format!("{:?}", Sort::from(*arg)).to_lowercase(), name);
        }
        for arg in FacetArg::value_variants() {
            let name = arg.to_possible_value().unwrap().get_name().to_string();
            assert_eq!(format!("{:?}", FacetField::from(*arg)).to_lowercase(), name);
        }
        for arg in FormatArg::value_variants() {
            let name = arg.to_possible_value().unwrap().get_name().to_string();
            assert_eq!(format!("{:?}", Format::from(*arg)).to_lowercase(), name);
        }
        for arg in TrendFormatArg::value_variants() {
            let name = arg.to_possible_value().unwrap().get_name().to_string();
            assert_eq!(
                format!("{:?}", TrendFormat::from(*arg)).to_lowercase(),
                name
            );
        }
        for arg in ColorArg::value_variants() {
            let name = arg.to_possible_value().unwrap().get_name().to_string();
            assert_eq!(format!("{:?}", ColorWhen::from(*arg)).to_lowercase(), name);
        }
        for arg in PeriodArg::value_variants() {
            let name = arg.to_possible_value().unwrap().get_name().to_string();
            assert_eq!(format!("{:?}", Period::from(*arg)).to_lowercase(), name);
        }
    }
}
