//! `query --like URL`: links like an indexed link, by Tantivy's more-like-this over the link's
//! description, title and URL words; every appearance of the link itself is left out.

use anyhow::bail;
use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, MoreLikeThisQuery, Occur};
use tantivy::schema::OwnedValue;
use tantivy::Searcher;

use super::compile::{Compiled, Compiler};
use crate::index::documents::LinkReader;

/// A word must be in at least this many links to say anything about likeness (a word only the
/// link itself holds finds nothing else).
const MIN_DOC_FREQUENCY: u64 = 2;
/// A word in more than this share of all links (`the`, `and`, `with`) says nothing either.
const MAX_DOC_SHARE: f64 = 0.2;
/// Shorter words are left out.
const MIN_WORD_LENGTH: usize = 3;
/// The most telling words the query keeps.
const MAX_QUERY_TERMS: usize = 25;

/// `compiled` (the filters, and words if any) AND more like the link at `url`, without the
/// link itself. Fails when no indexed link has that URL.
pub(super) fn like(
    compiler: &Compiler,
    searcher: &Searcher,
    compiled: Compiled,
    url: &str,
) -> anyhow::Result<Compiled> {
    let url = url.trim();
    let same_link = compiler.same_link(url);
    let Some(seed) = searcher
        .search(&same_link, &DocSetCollector)?
        .into_iter()
        .min()
    else {
        bail!(
            "`{url}` is not in the index: --like takes the URL of an indexed link, as `query` prints it"
        );
    };
    let doc = LinkReader::new(searcher, &compiler.fields).get(seed)?;
    let text = |value: &str| vec![OwnedValue::Str(value.to_string())];
    let mut fields = vec![
        (compiler.fields.description, text(&doc.description)),
        (compiler.fields.url_words, text(&doc.url)),
    ];
    if let Some(title) = &doc.title {
        fields.push((compiler.fields.title, text(title)));
    }
    let most_links = (searcher.num_docs() as f64 * MAX_DOC_SHARE).ceil() as u64;
    let like = MoreLikeThisQuery::builder()
        .with_min_doc_frequency(MIN_DOC_FREQUENCY)
        .with_max_doc_frequency(most_links.max(MIN_DOC_FREQUENCY))
        .with_min_term_frequency(1)
        .with_min_word_length(MIN_WORD_LENGTH)
        .with_max_query_terms(MAX_QUERY_TERMS)
        .with_document_fields(fields);
    let query = BooleanQuery::new(vec![
        (Occur::Must, compiled.query),
        (Occur::Must, Box::new(like)),
        (Occur::MustNot, Box::new(same_link)),
    ]);
    Ok(Compiled::whole(Box::new(query), compiled.words))
}
