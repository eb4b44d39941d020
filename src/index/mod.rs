//! The Tantivy side: schema, writing (ingest) and opening indexes. Nothing here parses markdown.

pub mod schema;
pub mod store;

pub use store::open_existing;
