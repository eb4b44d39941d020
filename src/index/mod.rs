//! The Tantivy side: schema, writing (ingest) and opening indexes. Nothing here parses markdown.

pub mod analyzer;
pub mod documents;
pub mod queue;
pub mod recurring;
pub mod schema;
pub mod sources;
pub mod store;
pub mod words;
pub mod writer;

pub use store::open_existing;

/// What to say when Tantivy cannot open a reader on an index: the likely cause and the fix.
/// Callers that know the folder put its path in front.
pub(crate) const UNREADABLE: &str = "cannot read the index: its files are damaged or were \
     written by another version of backissues; rebuild it with `backissues ingest --rebuild PATH`";
