//! The summary line of `backissues ingest`: the counts of a run, in words.

use std::time::Duration;

use crate::sync::Counts;

/// `1 file` / `2 files`.
fn plural(count: impl Into<u64>, one: &str, many: &str) -> String {
    let count = count.into();
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

/// The one summary line of an ingest run (on stderr after `backissues: `): what was read,
/// added, replaced, skipped, and what the index now holds.
pub fn ingest_summary(counts: &Counts, docs: u64, took: Duration, dry_run: bool) -> String {
    let as_u64 = |n: usize| u64::try_from(n).unwrap_or(u64::MAX);
    let mut line = String::new();
    if dry_run {
        line.push_str("dry run, nothing written: ");
    }
    line.push_str(&format!(
        "{} read: {} added, {} replaced, {} unchanged, {} skipped with errors",
        plural(as_u64(counts.read), "file", "files"),
        plural(as_u64(counts.added), "issue", "issues"),
        counts.replaced,
        counts.unchanged,
        counts.errors,
    ));
    if counts.undated > 0 {
        line.push_str(&format!(
            ", {} without a date",
            plural(as_u64(counts.undated), "issue", "issues")
        ));
    }
    if counts.duplicates > 0 {
        line.push_str(&format!(
            ", {} (later path kept)",
            plural(
                as_u64(counts.duplicates),
                "duplicate issue",
                "duplicate issues"
            )
        ));
    }
    if counts.pruned > 0 {
        line.push_str(&format!(", {} pruned", counts.pruned));
    }
    if counts.personal > 0 {
        line.push_str(&format!(
            ", {} skipped (--all-mail takes them)",
            plural(
                as_u64(counts.personal),
                "personal message",
                "personal messages"
            )
        ));
    }
    line.push_str(&format!(
        "; {} {} in the index",
        plural(docs, "link document", "link documents"),
        if dry_run { "would be" } else { "now" }
    ));
    if counts.missing > 0 {
        line.push_str(&format!(
            "; {} no longer found (--prune removes them)",
            plural(as_u64(counts.missing), "indexed file", "indexed files")
        ));
    }
    line.push_str(&format!("; took {:.2}s", took.as_secs_f64()));
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_is_one_line_with_every_count() {
        let counts = Counts {
            read: 7,
            added: 1,
            replaced: 2,
            unchanged: 3,
            errors: 1,
            duplicates: 1,
            pruned: 2,
            missing: 0,
            undated: 2,
            personal: 3,
        };
        assert_eq!(
            ingest_summary(&counts, 1, Duration::from_millis(1234), false),
            "7 files read: 1 issue added, 2 replaced, 3 unchanged, 1 skipped with errors, \
             2 issues without a date, 1 duplicate issue (later path kept), 2 pruned, \
             3 personal messages skipped (--all-mail takes them); 1 link document now in the index; \
             took 1.23s"
        );
        let quiet = Counts {
            read: 1,
            unchanged: 1,
            missing: 2,
            ..Counts::default()
        };
        assert_eq!(
            ingest_summary(&quiet, 10, Duration::ZERO, true),
            "dry run, nothing written: 1 file read: 0 issues added, 0 replaced, 1 unchanged, \
             0 skipped with errors; 10 link documents would be in the index; \
             2 indexed files no longer found (--prune removes them); took 0.00s"
        );
    }
}
