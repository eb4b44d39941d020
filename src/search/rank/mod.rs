//! Ranking and paging hits: the order a sort asks for ([`order`], newest first by
//! [`newest`]), one row per link with every issue that featured it ([`unique`]), the page
//! filled by fetching more while dropped hits leave it short ([`fill`]), the fragment shown
//! ([`snippets`]), and the page of [`Hit`]s put together ([`hits`]). Uses the query layer's
//! compiled query; never counts.

mod fill;
mod hits;
mod newest;
mod order;
mod snippets;
mod unique;

pub(crate) use hits::hits;
pub use hits::Hit;
pub use unique::Appearance;
