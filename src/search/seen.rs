//! `seen`: which of a draft's links the index already holds, and every issue that featured each
//! one. Two URLs are one link when their URL hashes agree (the hash of the canonical URL).

use std::collections::HashSet;
use std::path::Path;

use tantivy::collector::DocSetCollector;
use tantivy::Searcher;
use time::Date;

use super::query::Compiler;
use crate::index::documents::LinkReader;
use crate::index::recurring::RecurringLinks;
use crate::index::schema::{url_hash, IndexFields};
use crate::model::LinkDoc;
use crate::walk::source_name;

/// A link to look up: its URL as written, and the file it comes from and that file's date
/// (none for a URL given on the command line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftLink {
    /// The URL as written in the draft or on the command line.
    pub url: String,
    /// The draft file holding it; appearances from this same file are not "before".
    pub source: Option<String>,
    /// The draft's date: appearances on or after it are not "before" (a dated draft that is
    /// itself in the index, or an old issue checked against a later archive).
    pub date: Option<Date>,
}

/// A draft link the index already holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeenLink {
    /// The URL as written in the draft.
    pub url: String,
    /// Every earlier appearance (the indexed link documents), newest first: before the draft's
    /// date when it has one (undated appearances count as earlier).
    pub appearances: Vec<LinkDoc>,
    /// Appearances on or after the draft's date ("featured again later"), newest first; they
    /// do not make the link a repeat.
    pub later: Vec<LinkDoc>,
}

impl SeenLink {
    /// True when the link was featured before the draft.
    pub fn featured_before(&self) -> bool {
        !self.appearances.is_empty()
    }
}

/// The links of `links` that the index already holds, in the order given (a link given twice
/// is reported once), each with its appearances newest first, those before the draft's
/// date apart from later ones. Appearances in the link's own source file do not count, nor
/// (unless `include_recurring`) appearances of a link that recurs in its newsletter:
/// furniture such as an events calendar is in every issue, so it would make every draft a
/// repeat.
pub(crate) fn seen(
    searcher: &Searcher,
    fields: &IndexFields,
    compiler: &Compiler,
    recurring: &RecurringLinks,
    links: &[DraftLink],
    include_recurring: bool,
) -> anyhow::Result<Vec<SeenLink>> {
    let mut asked = HashSet::new();
    let mut seen = Vec::new();
    let mut indexed = LinkReader::new(searcher, fields);
    for link in links {
        if !asked.insert(url_hash(&link.url)) {
            continue;
        }
        let mut appearances = Vec::new();
        for address in searcher.search(&compiler.same_link(&link.url), &DocSetCollector)? {
            let doc = indexed.get(address)?;
            let own_file = link
                .source
                .as_deref()
                .is_some_and(|draft| same_file(&doc.source, draft));
            let furniture =
                !include_recurring && recurring.contains(Some(&doc.newsletter), url_hash(&doc.url));
            if !own_file && !furniture {
                appearances.push(doc);
            }
        }
        if appearances.is_empty() {
            continue;
        }
        appearances.sort_by(|a, b| {
            (&b.date, b.issue, &b.source, b.position)
                .cmp(&(&a.date, a.issue, &a.source, a.position))
        });
        let (later, appearances) = appearances
            .into_iter()
            .partition(|doc| is_on_or_after(doc.date, link.date));
        seen.push(SeenLink {
            url: link.url.clone(),
            appearances,
            later,
        });
    }
    Ok(seen)
}

/// True when an appearance dated `date` is not before a draft dated `draft`; an undated
/// appearance, or any appearance for an undated draft, counts as before.
fn is_on_or_after(date: Option<Date>, draft: Option<Date>) -> bool {
    matches!((date, draft), (Some(date), Some(draft)) if date >= draft)
}

/// True when the indexed `source` and the draft's path name one file: the same source name
/// (what `parse` and `ingest` call a file), or the same file on disk (an absolute path and a
/// relative one).
fn same_file(source: &str, draft: &str) -> bool {
    let (source, draft) = (Path::new(source), Path::new(draft));
    if source_name(source) == source_name(draft) {
        return true;
    }
    match (source.canonicalize(), draft.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_dated_appearances_on_or_after_a_dated_draft_are_later() {
        let day = |d| Some(time::Date::from_ordinal_date(2024, d).unwrap());
        assert!(is_on_or_after(day(10), day(10)));
        assert!(is_on_or_after(day(11), day(10)));
        assert!(!is_on_or_after(day(9), day(10)));
        assert!(!is_on_or_after(None, day(10)));
        assert!(!is_on_or_after(day(11), None));
    }

    #[test]
    fn one_file_named_two_ways_is_one_source() {
        assert!(same_file("./archive/x.md", "archive/x.md"));
        assert!(!same_file("archive/x.md", "archive/y.md"));
        let here = std::env::current_dir().unwrap().join("Cargo.toml");
        assert!(same_file(here.to_str().unwrap(), "Cargo.toml"));
        assert!(!same_file("Cargo.toml", "README.md"));
    }
}
