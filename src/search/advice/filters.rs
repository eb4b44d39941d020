//! The filters of a search that found nothing: the one that no indexed link passes on its own
//! (a year or day outside the index's dates, a domain or an issue it does not hold), and the
//! filters as typed, for advice that names them.

use time::Date;

use super::super::config::{QueryConfig, Sort};
use super::super::Outcome;
use super::Advice;

/// A search that keeps every link (sponsor and recurring ones too, every appearance), with no
/// words and no filters: what one filter is tried against.
fn everything() -> QueryConfig {
    QueryConfig {
        include_sponsors: true,
        include_recurring: true,
        all: true,
        ..QueryConfig::default()
    }
}

/// The advice for the first filter of `config` that no indexed link passes on its own, if
/// one does not: `count` counts a search's links, `search` runs one.
pub fn excluding_everything(
    config: &QueryConfig,
    count: &dyn Fn(&QueryConfig) -> anyhow::Result<u64>,
    search: &dyn Fn(&QueryConfig) -> anyhow::Result<Outcome>,
) -> anyhow::Result<Option<Advice>> {
    let dates = [
        config.years.map(|years| {
            let (from, to) = (years.from, years.to);
            let filter = if from == to {
                format!("in {from}")
            } else {
                format!("in {from}-{to}")
            };
            (
                filter,
                QueryConfig {
                    years: Some(years),
                    ..everything()
                },
            )
        }),
        config.since.map(|since| {
            (
                format!("since {since}"),
                QueryConfig {
                    since: Some(since),
                    ..everything()
                },
            )
        }),
        config.until.map(|until| {
            (
                format!("until {until}"),
                QueryConfig {
                    until: Some(until),
                    ..everything()
                },
            )
        }),
    ];
    for (filter, alone) in dates.into_iter().flatten() {
        if count(&alone)? == 0 {
            let in_years = filter.starts_with("in ");
            let held = held_dates(search)?.map(|(first, last)| {
                if in_years && first.year() == last.year() {
                    first.year().to_string()
                } else if in_years {
                    format!("{}-{}", first.year(), last.year())
                } else {
                    format!("{first} to {last}")
                }
            });
            return Ok(Some(Advice::OutsideDates { filter, held }));
        }
    }
    for domain in &config.domains {
        let alone = QueryConfig {
            domains: vec![domain.clone()],
            ..everything()
        };
        if count(&alone)? == 0 {
            return Ok(Some(Advice::UnknownDomain(domain.clone())));
        }
    }
    if let Some(issue) = config.issue {
        if count(&QueryConfig {
            issue: Some(issue),
            ..everything()
        })? == 0
        {
            return Ok(Some(Advice::UnknownIssue(issue)));
        }
    }
    Ok(None)
}

/// The first and last dates of the index's links, when it holds a dated one.
fn held_dates(
    search: &dyn Fn(&QueryConfig) -> anyhow::Result<Outcome>,
) -> anyhow::Result<Option<(Date, Date)>> {
    let end = |sort| -> anyhow::Result<Option<Date>> {
        let config = QueryConfig {
            sort: Some(sort),
            limit: 1,
            ..everything()
        };
        Ok(match search(&config)? {
            Outcome::Hits(hits) => hits.first().and_then(|hit| hit.doc.date),
            _ => None,
        })
    };
    Ok(end(Sort::Oldest)?.zip(end(Sort::Newest)?))
}

/// The filters of `config` as typed on the command line (`--section books --year 2019`), when
/// it has any.
pub fn typed(config: &QueryConfig) -> Option<String> {
    let mut flags: Vec<String> = Vec::new();
    flags.extend(
        config
            .sections
            .iter()
            .map(|s| format!("--section {}", quoted(s))),
    );
    flags.extend(config.years.map(|years| format!("--year {years}")));
    flags.extend(config.since.map(|day| format!("--since {day}")));
    flags.extend(config.until.map(|day| format!("--until {day}")));
    flags.extend(config.domains.iter().map(|d| format!("--domain {d}")));
    flags.extend(config.issue.map(|issue| format!("--issue {issue}")));
    flags.extend(
        config
            .newsletters
            .iter()
            .map(|n| format!("--newsletter {}", quoted(n))),
    );
    (!flags.is_empty()).then(|| flags.join(" "))
}

/// `config` without its filters: the words (or `--like`) alone.
pub fn without(config: &QueryConfig) -> QueryConfig {
    QueryConfig {
        sections: Vec::new(),
        years: None,
        since: None,
        until: None,
        domains: Vec::new(),
        newsletters: Vec::new(),
        issue: None,
        ..config.clone()
    }
}

/// A value as a shell reads it back: in double quotes when it holds a space.
fn quoted(value: &str) -> String {
    if value.contains(char::is_whitespace) {
        format!("\"{value}\"")
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::YearRange;

    #[test]
    fn the_filters_are_named_as_typed() {
        let config = QueryConfig {
            sections: vec!["books".into()],
            years: Some(YearRange {
                from: 2019,
                to: 2020,
            }),
            newsletters: vec!["Frontend Notes".into()],
            issue: Some(515),
            ..QueryConfig::default()
        };
        assert_eq!(
            typed(&config).as_deref(),
            Some("--section books --year 2019..2020 --issue 515 --newsletter \"Frontend Notes\"")
        );
        assert_eq!(typed(&QueryConfig::default()), None);
        let words = QueryConfig {
            words: "kubernetes".into(),
            ..config
        };
        assert_eq!(typed(&without(&words)), None);
        assert_eq!(without(&words).words, "kubernetes");
    }
}
