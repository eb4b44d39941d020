//! Why a search found nothing, and what to try next: `query` prints it on stderr, the finder in
//! its status line, so both say the same thing.

use std::fmt;

use tantivy::Searcher;

use super::config::{Mode, QueryConfig};
use super::query::nested_sections::{self, indexed_values};
use super::query::{clean_line, SHORTEST_PREFIX};
use crate::index::schema::IndexFields;

/// How many near values an unknown `--section` or `--newsletter` suggests at most.
const NEAREST: usize = 3;

/// How alike (Jaro-Winkler, 0 to 1) an indexed value must be to a typed one to be suggested.
const ALIKE: f64 = 0.8;

/// One reason a search found nothing, with what to try instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Advice {
    /// A `--section` or `--newsletter` value that no indexed link has: a typo, most likely.
    UnknownValue {
        /// The flag, without dashes (`section`, `newsletter`).
        flag: &'static str,
        /// The value as it was looked for.
        value: String,
        /// The indexed values most like it, best first (may be empty).
        nearest: Vec<String>,
    },
    /// The words are one URL, and no indexed link has it.
    UnknownUrl(String),
    /// The words with their last one as a prefix (`asyn*`), which does find links.
    Prefix(String),
    /// The words may be misspelt: `--fuzzy` allows typos.
    Fuzzy,
    /// Nothing better to say.
    NoMatch,
}

impl fmt::Display for Advice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Advice::UnknownValue {
                flag,
                value,
                nearest,
            } => {
                write!(f, "no {flag} `{}` in the index", clean_line(value))?;
                if !nearest.is_empty() {
                    let nearest: Vec<String> = nearest.iter().map(|v| clean_line(v)).collect();
                    write!(f, "; did you mean: {}?", nearest.join(", "))?;
                }
                Ok(())
            }
            Advice::UnknownUrl(url) => write!(f, "no link matches the URL `{}`", clean_line(url)),
            Advice::Prefix(words) => write!(
                f,
                "no links match; `{}` finds words that start with the last one",
                clean_line(words)
            ),
            Advice::Fuzzy => {
                write!(
                    f,
                    "no links match; to allow typos, run the query again with --fuzzy"
                )
            }
            Advice::NoMatch => write!(f, "no links match"),
        }
    }
}

/// What to tell a user whose search `config` found nothing: an unknown filter value (with
/// the nearest indexed ones), an unknown URL, the prefix of the last word when it finds
/// links (`finds` runs that search), else `--fuzzy` when the query has words.
pub(crate) fn advise(
    searcher: &Searcher,
    fields: &IndexFields,
    config: &QueryConfig,
    finds: impl Fn(&QueryConfig) -> bool,
) -> anyhow::Result<Advice> {
    let checks = [
        ("section", fields.section, &config.sections),
        ("newsletter", fields.newsletter, &config.newsletters),
    ];
    for (flag, field, wanted) in checks {
        if wanted.is_empty() {
            continue;
        }
        let indexed = indexed_values(searcher, field)?;
        let known = |value: &String| match flag {
            "section" => indexed.iter().any(|s| nested_sections::names(s, value)),
            _ => indexed.contains(value),
        };
        if let Some(value) = wanted.iter().find(|value| !known(value)) {
            let candidates = indexed.iter().map(|s| match flag {
                "section" => nested_sections::leaf(s),
                _ => s.as_str(),
            });
            return Ok(Advice::UnknownValue {
                flag,
                value: value.clone(),
                nearest: nearest(value, candidates),
            });
        }
    }
    if let Some(url) = config.typed_url() {
        return Ok(Advice::UnknownUrl(url.to_string()));
    }
    if !config.has_words() || config.fuzzy {
        return Ok(Advice::NoMatch);
    }
    if let Some(words) = with_prefix(&config.words, SHORTEST_PREFIX) {
        let count = QueryConfig {
            words: words.clone(),
            mode: Mode::Count,
            ..config.clone()
        };
        if finds(&count) {
            return Ok(Advice::Prefix(words));
        }
    }
    Ok(Advice::Fuzzy)
}

/// The [`NEAREST`] `candidates` most like `typed`, best first, leaving out those not
/// [`ALIKE`] enough.
fn nearest<'a>(typed: &str, candidates: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut scored: Vec<(f64, &str)> = candidates
        .map(|candidate| (strsim::jaro_winkler(typed, candidate), candidate))
        .filter(|(score, _)| *score >= ALIKE)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored
        .into_iter()
        .take(NEAREST)
        .map(|(_, value)| value.to_string())
        .collect()
}

/// `words` with a `*` after the last word, when that word is a plain word of at least
/// `shortest` characters (at least [`SHORTEST_PREFIX`]): letters and digits only, no field,
/// quote or operator.
pub fn with_prefix(words: &str, shortest: usize) -> Option<String> {
    let trimmed = words.trim_end();
    let last = trimmed.rsplit(char::is_whitespace).next()?;
    let plain = last.chars().all(char::is_alphanumeric)
        && last.chars().count() >= shortest.max(SHORTEST_PREFIX)
        && !matches!(last, "AND" | "OR" | "NOT");
    plain.then(|| format!("{trimmed}*"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_plain_word_becomes_a_prefix() {
        let prefix = |words| with_prefix(words, SHORTEST_PREFIX);
        assert_eq!(prefix("asyn"), Some("asyn*".to_string()));
        assert_eq!(prefix("rust asyn  "), Some("rust asyn*".to_string()));
        assert_eq!(prefix("rust a"), None);
        assert_eq!(prefix("asyn*"), None);
        assert_eq!(prefix("section:tools"), None);
        assert_eq!(prefix("\"service mesh\""), None);
        assert_eq!(prefix("rust OR"), None);
        assert_eq!(prefix(""), None);
        assert_eq!(with_prefix("as", 3), None);
        assert_eq!(with_prefix("asy", 3), Some("asy*".to_string()));
    }

    #[test]
    fn nearest_values_are_alike_and_ordered() {
        let values = ["tools", "news", "toolbox", "events", "tool"];
        assert_eq!(
            nearest("tolls", values.iter().copied()),
            vec!["tools".to_string(), "tool".to_string()]
        );
        assert!(nearest("zzz", values.iter().copied()).is_empty());
    }
}
