//! The one "fetch more until the page is full" loop, for the rankings that drop some of the hits
//! they fetch: relevance with links left out ([`super::order`]) and one row per link
//! ([`super::unique`]).

use std::ops::Range;

/// The hits in `page` of a ranking that keeps only some of what it ranks. `fetch(n)` ranks the
/// first `n` hits and returns those it keeps, in order, with how many it ranked. Ranks the first
/// `first` hits, and four times more each time the kept ones leave the page short, at most
/// `most`; stops when fewer than asked for were ranked (there are no more) or `most` were.
pub(super) fn fill_page<T>(
    page: Range<usize>,
    first: usize,
    most: usize,
    mut fetch: impl FnMut(usize) -> anyhow::Result<(Vec<T>, usize)>,
) -> anyhow::Result<Vec<T>> {
    let mut wanted = first.min(most);
    loop {
        let (kept, ranked) = fetch(wanted)?;
        let exhausted = ranked < wanted || wanted == most;
        if kept.len() >= page.end || exhausted {
            return Ok(kept.into_iter().take(page.end).skip(page.start).collect());
        }
        wanted = wanted.saturating_mul(4).min(most);
    }
}
