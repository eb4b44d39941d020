//! `--newsletter` by name as a reader says it: case and spaces do not count, so `example weekly`
//! finds `Example Weekly` and `ExampleWeekly`.

use std::collections::BTreeSet;

use tantivy::schema::Field;
use tantivy::Searcher;

use super::nested_sections::indexed_values;

/// The form two newsletter names are compared in: lowercase, without whitespace.
fn folded(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// True when `wanted` (as typed) names the indexed newsletter `indexed`.
pub(crate) fn names(indexed: &str, wanted: &str) -> bool {
    folded(indexed) == folded(wanted)
}

/// `wanted` names, each with every indexed name it names (an exact name stays as typed).
pub(super) fn with_same_names(
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
            .filter(|name| wanted.iter().any(|w| names(name, w))),
    );
    Ok(found.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_and_spaces_do_not_count() {
        assert!(names("Example Weekly", "example weekly"));
        assert!(names("ExampleWeekly", "example  weekly"));
        assert!(names("Café Ops", "CAFÉ OPS"));
        assert!(!names("Example Weekly", "example"));
    }
}
