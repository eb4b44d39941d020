//! Nested sections in the index, by their most specific part: `--section rust-walkthroughs` also keeps
//! `updates-from-rust-community/rust-walkthroughs`.

use std::collections::BTreeSet;

use tantivy::schema::Field;
use tantivy::Searcher;

/// The most specific part of a section slug: `rust-walkthroughs` for
/// `updates-from-rust-community/rust-walkthroughs`.
pub fn leaf(section: &str) -> &str {
    section.rsplit('/').next().unwrap_or(section)
}

/// True when `wanted` (a slug of what the user typed) names the nested `section`: its last part,
/// or the whole of it (typed with `/`, which slugs into `-`).
pub(crate) fn names(section: &str, wanted: &str) -> bool {
    leaf(section) == wanted || section.replace('/', "-") == wanted
}

/// `wanted` section slugs, each with every indexed nested section it names.
pub(super) fn with_nested(
    searcher: &Searcher,
    field: Field,
    wanted: &[String],
) -> anyhow::Result<Vec<String>> {
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let mut found: BTreeSet<String> = wanted.iter().cloned().collect();
    found.extend(
        indexed_values(searcher, field)?
            .into_iter()
            .filter(|section| section.contains('/') && wanted.iter().any(|w| names(section, w))),
    );
    Ok(found.into_iter().collect())
}

/// Every value of the raw `field` in the index (its terms, from each segment's dictionary: no
/// document is read).
pub(crate) fn indexed_values(
    searcher: &Searcher,
    field: Field,
) -> anyhow::Result<BTreeSet<String>> {
    let mut values = BTreeSet::new();
    for segment in searcher.segment_readers() {
        let index = segment.inverted_index(field)?;
        let mut terms = index.terms().stream()?;
        while terms.advance() {
            if let Ok(value) = std::str::from_utf8(terms.key()) {
                values.insert(value.to_string());
            }
        }
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_leaf_is_the_last_part() {
        assert_eq!(
            leaf("updates-from-rust-community/rust-walkthroughs"),
            "rust-walkthroughs"
        );
        assert_eq!(leaf("news"), "news");
        assert_eq!(leaf(""), "");
    }
}
