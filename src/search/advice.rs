//! Why a search found nothing, and what to try next: `query` prints it on stderr, the finder in
//! its status line, so both say the same thing.

mod filters;

use std::fmt;

use tantivy::Searcher;

use super::config::{Mode, QueryConfig};
use super::query::nested_sections::{self, indexed_values};
use super::query::newsletters;
use super::query::{clean_line, SHORTEST_PREFIX};
use super::Outcome;
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
    /// A `--year`, `--since` or `--until` that no dated link of the index passes.
    OutsideDates {
        /// The filter in words: `in 2030`, `since 2030-01-01`.
        filter: String,
        /// The dates the index holds, in the same terms (`2019-2020`, `2019-04-28 to
        /// 2020-12-06`); `None` when it holds no dated link.
        held: Option<String>,
    },
    /// A `--domain` that no indexed link has.
    UnknownDomain(String),
    /// An `--issue` that no indexed link has.
    UnknownIssue(u64),
    /// Every filter holds links, but not together (with each other, or with the words).
    Filtered {
        /// The filters as typed: `--section books --year 2019`.
        filters: String,
        /// How many links the words (or `--like`) find without the filters; `None` without
        /// words.
        unfiltered: Option<u64>,
    },
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
            Advice::OutsideDates { filter, held } => match held {
                Some(held) => write!(f, "no links {filter}; the index holds {held}"),
                None => write!(f, "no links {filter}; the index holds no dated links"),
            },
            Advice::UnknownDomain(domain) => {
                write!(f, "no links to {} in the index", clean_line(domain))
            }
            Advice::UnknownIssue(issue) => write!(f, "no issue {issue} in the index"),
            Advice::Filtered {
                filters,
                unfiltered,
            } => {
                write!(f, "no links match with {}", clean_line(filters))?;
                match unfiltered {
                    Some(1) => write!(f, "; without the filters, 1 link matches"),
                    Some(n) => write!(f, "; without the filters, {n} links match"),
                    None => Ok(()),
                }
            }
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
/// the nearest indexed ones), an unknown URL, a filter that excludes everything (with what the
/// index holds), filters that exclude what the words find, the prefix of the last word when it
/// finds links, else `--fuzzy` when the query has words. `search` runs the searches this asks.
pub(crate) fn advise(
    searcher: &Searcher,
    fields: &IndexFields,
    config: &QueryConfig,
    search: impl Fn(&QueryConfig) -> anyhow::Result<Outcome>,
) -> anyhow::Result<Advice> {
    let count = |config: &QueryConfig| -> anyhow::Result<u64> {
        let config = QueryConfig {
            mode: Mode::Count,
            ..config.clone()
        };
        Ok(match search(&config)? {
            Outcome::Count(n) => n,
            _ => 0,
        })
    };
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
            _ => indexed.iter().any(|name| newsletters::names(name, value)),
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
    if let Some(advice) = filters::excluding_everything(config, &count, &search)? {
        return Ok(advice);
    }
    if let Some(filters) = filters::typed(config) {
        let finds_more = config.has_words() || config.like.is_some();
        let unfiltered = if finds_more {
            Some(count(&filters::without(config))?)
        } else {
            None
        };
        if unfiltered != Some(0) {
            return Ok(Advice::Filtered {
                filters,
                unfiltered,
            });
        }
    }
    if !config.has_words() || config.fuzzy {
        return Ok(Advice::NoMatch);
    }
    if let Some(words) = with_prefix(&config.words, SHORTEST_PREFIX) {
        let prefixed = QueryConfig {
            words: words.clone(),
            ..config.clone()
        };
        if count(&prefixed)? > 0 {
            return Ok(Advice::Prefix(words));
        }
    }
    Ok(Advice::Fuzzy)
}

/// The [`NEAREST`] `candidates` most like `typed` (case aside), best first, leaving out those
/// not [`ALIKE`] enough.
fn nearest<'a>(typed: &str, candidates: impl Iterator<Item = &'a str>) -> Vec<String> {
    let typed = typed.to_lowercase();
    let mut scored: Vec<(f64, &str)> = candidates
        .map(|candidate| {
            let score = strsim::jaro_winkler(&typed, &candidate.to_lowercase());
            (score, candidate)
        })
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
