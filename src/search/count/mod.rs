//! Counting: matching links ([`links`]), counts per value of a field ([`facets`]), the whole
//! index ([`stats`]) and links per period ([`trend`]), all read from fast fields by the
//! collectors of [`counts`]. Uses the query layer's compiled query; never ranks.

mod counts;
mod facets;
mod stats;
mod trend;

use tantivy::collector::Count;
use tantivy::query::Query;
use tantivy::Searcher;

use counts::DistinctCount;

pub use facets::FacetCount;
pub(crate) use facets::{facet, Facet};
pub(crate) use stats::stats;
pub use stats::{IndexStats, NewsletterStats, RecurringCount};
pub(crate) use trend::trend;
pub use trend::{Period, Series, Trend};

/// How many links `query` matches: distinct links (canonical URLs), or every appearance when
/// `all`.
pub(crate) fn links(searcher: &Searcher, query: &dyn Query, all: bool) -> anyhow::Result<u64> {
    Ok(if all {
        searcher.search(query, &Count)? as u64
    } else {
        searcher.search(query, &DistinctCount)?
    })
}
