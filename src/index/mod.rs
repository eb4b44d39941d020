//! The Tantivy side: schema, writing (ingest) and opening indexes. Nothing here parses markdown.

pub mod analyzer;
pub mod recurring;
pub mod schema;
pub mod sources;
pub mod store;
pub mod words;
pub mod writer;

pub use store::open_existing;
