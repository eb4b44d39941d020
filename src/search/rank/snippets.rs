//! Snippets: the fragment of a hit's description (or title) around the matching words, with the
//! byte ranges to highlight.

use std::ops::Range;

use tantivy::query::Query;
use tantivy::snippet::{collapse_overlapped_ranges, SnippetGenerator};
use tantivy::Searcher;

use crate::index::schema::IndexFields;
use crate::index::words::is_cjk;
use crate::model::LinkDoc;

/// Longest snippet, in characters.
const SNIPPET_CHARS: usize = 160;

/// Snippet generators for the description and the title, when the query has words.
pub(super) struct Snippets {
    description: Option<SnippetGenerator>,
    title: Option<SnippetGenerator>,
}

impl Snippets {
    /// Prepares generators for the terms of `words`.
    pub(super) fn new(
        searcher: &Searcher,
        words: Option<&dyn Query>,
        fields: &IndexFields,
    ) -> anyhow::Result<Self> {
        let generator = |field| -> anyhow::Result<Option<SnippetGenerator>> {
            let Some(words) = words else {
                return Ok(None);
            };
            let mut generator = SnippetGenerator::create(searcher, words, field)?;
            generator.set_max_num_chars(SNIPPET_CHARS);
            Ok(Some(generator))
        };
        Ok(Self {
            description: generator(fields.description)?,
            title: generator(fields.title)?,
        })
    }

    /// The snippet of `doc`: the best fragment of its description (its title when the
    /// description is empty), or its beginning when no query word is in it.
    pub(super) fn make(&self, doc: &LinkDoc) -> (String, Vec<Range<usize>>) {
        let (text, generator) = match (&doc.title, doc.description.trim().is_empty()) {
            (Some(title), true) => (title.as_str(), &self.title),
            _ => (doc.description.as_str(), &self.description),
        };
        if let Some(generator) = generator {
            let snippet = generator.snippet(text);
            if !snippet.fragment().is_empty() {
                let range = snippet.fragment_range();
                // To the end of the word; CJK text has no spaces, and a fragment may end anywhere.
                let end = text[range.end..]
                    .find(|c: char| c.is_whitespace() || is_cjk(c))
                    .map_or(text.len(), |space| range.end + space);
                // Overlapping CJK bigrams (`金属`, `属轮`, `轮胎`) make one highlight.
                return (
                    text[range.start..end].to_string(),
                    collapse_overlapped_ranges(snippet.highlighted()),
                );
            }
        }
        (beginning(text, SNIPPET_CHARS), Vec::new())
    }
}

/// The first words of `text`, at most `max_chars` characters, cut at a space when possible.
fn beginning(text: &str, max_chars: usize) -> String {
    let Some((cut, _)) = text.char_indices().nth(max_chars) else {
        return text.to_string();
    };
    let head = &text[..cut];
    head.rfind(' ')
        .map_or(head, |space| &head[..space])
        .to_string()
}
