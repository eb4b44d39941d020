//! The page of hits put together: the ranking a sort asks for, cut to the page (one row per
//! link unless `--all`), with snippets, each link's appearances and its recurring mark.

use std::collections::HashMap;
use std::ops::Range;

use tantivy::Searcher;

use super::order::ranked;
use super::snippets::Snippets;
use super::unique::{self, unique_page, Appearance, UrlHashes};
use crate::index::documents::LinkReader;
use crate::index::recurring::RecurringLinks;
use crate::index::schema::IndexFields;
use crate::model::LinkDoc;
use crate::search::config::QueryConfig;
use crate::search::query::Compiled;

/// One matching link, ready to render.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The stored document.
    pub doc: LinkDoc,
    /// BM25 score; `None` when hits are sorted by date.
    pub score: Option<f32>,
    /// A short fragment of the description (or of the title when there is no description).
    pub snippet: String,
    /// Byte ranges of `snippet` that matched the query words.
    pub highlights: Vec<Range<usize>>,
    /// Every issue that featured this link (same canonical URL), oldest first; `None` with
    /// `--all`, where each appearance is a hit of its own.
    pub appearances: Option<Vec<Appearance>>,
    /// True for a recurring link (shown only with `--include-recurring`).
    pub recurring: bool,
}

/// The page of hits `config` asks for, ranked, with snippets (and appearances unless `--all`);
/// `recurring` marks the recurring links.
pub(crate) fn hits(
    searcher: &Searcher,
    fields: &IndexFields,
    recurring: &RecurringLinks,
    config: &QueryConfig,
    compiled: &Compiled,
) -> anyhow::Result<Vec<Hit>> {
    let total = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
    if config.offset >= total || config.limit == 0 {
        return Ok(Vec::new());
    }
    let limit = config.limit.min(total);
    let sort = config.effective_sort();
    let range = config.offset..config.offset + limit;
    let page = if config.all {
        ranked(searcher, compiled, sort, range)?
    } else {
        unique_page(searcher, compiled, sort, range, total)?
    };
    let mut url_hashes = UrlHashes::new(searcher);
    let hashes = page
        .iter()
        .map(|&(_, address)| url_hashes.get(address))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let appearances = if config.all {
        HashMap::new()
    } else {
        unique::appearances(
            searcher,
            fields,
            &hashes.iter().flatten().copied().collect::<Vec<_>>(),
        )?
    };
    let snippets = Snippets::new(searcher, compiled.words.as_deref(), fields)?;
    let mut links = LinkReader::new(searcher, fields);
    page.into_iter()
        .zip(hashes)
        .map(|((score, address), hash)| {
            let doc = links.get(address)?;
            let (snippet, highlights) = snippets.make(&doc);
            let appearances = hash
                .filter(|_| !config.all)
                .map(|hash| appearances.get(&hash).cloned().unwrap_or_default());
            let recurring =
                hash.is_some_and(|hash| recurring.contains(Some(&doc.newsletter), hash));
            Ok(Hit {
                doc,
                score,
                snippet,
                highlights,
                appearances,
                recurring,
            })
        })
        .collect()
}
