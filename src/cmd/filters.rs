//! From filter flags to the normalized values a [`QueryConfig`] holds: one place that checks
//! `--section`, `--domain` and `--since`/`--until`, for `query` and every command that takes
//! the same filters.

use anyhow::bail;
use time::Date;

use crate::cli::{FilterArgs, ScopeArgs};
use crate::search::QueryConfig;
use crate::sections::slug_for_heading;
use crate::urls;

/// The section slugs of `--section` values; a value that names no section is an error.
pub(crate) fn sections(values: &[String]) -> anyhow::Result<Vec<String>> {
    values
        .iter()
        .map(|s| {
            let slug = slug_for_heading(s);
            if slug.is_empty() {
                bail!("`--section {s}` names no section: use a heading or slug such as `tools`");
            }
            Ok(slug)
        })
        .collect()
}

/// The hosts of `--domain` values; a value that names no domain is an error.
pub(crate) fn domains(values: &[String]) -> anyhow::Result<Vec<String>> {
    values
        .iter()
        .map(|d| {
            let domain = urls::host(d);
            if domain.is_empty() {
                bail!("`--domain {d}` names no domain: use a host such as `github.com`");
            }
            Ok(domain)
        })
        .collect()
}

/// Fails when `--since` is after `--until`.
pub(crate) fn check_days(since: Option<Date>, until: Option<Date>) -> anyhow::Result<()> {
    if let (Some(since), Some(until)) = (since, until) {
        if since > until {
            bail!("--since {since} is after --until {until}: nothing can match");
        }
    }
    Ok(())
}

/// A configuration holding only the filters of `args` (no words; other settings default).
pub(crate) fn config(args: &FilterArgs) -> anyhow::Result<QueryConfig> {
    check_days(args.since, args.until)?;
    Ok(QueryConfig {
        sections: sections(&args.sections)?,
        years: args.year,
        since: args.since,
        until: args.until,
        domains: domains(&args.domains)?,
        issue: args.issue,
        newsletters: args.newsletters.clone(),
        ..QueryConfig::default()
    })
}

/// A configuration holding what `scope` keeps: its filters, sponsor and recurring links (no
/// words; other settings default). The start of `query`'s and the finder's configurations.
pub(crate) fn scope_config(scope: &ScopeArgs) -> anyhow::Result<QueryConfig> {
    Ok(QueryConfig {
        include_sponsors: scope.include_sponsors,
        include_recurring: scope.include_recurring,
        ..config(&scope.filters)?
    })
}
