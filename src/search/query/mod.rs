//! Building a query: from a [`QueryConfig`] to one Tantivy query ([`compile`]), the user's
//! words read with Tantivy's grammar ([`grammar`]) and built word by word ([`words`]),
//! `--section` widened to the nested sections it names ([`nested_sections`]) and `--like` to
//! links like one ([`like`]). Uses neither ranking nor counting.

mod compile;
mod forward_only;
mod grammar;
mod like;
pub(crate) mod nested_sections;
mod words;

use tantivy::Searcher;

use super::config::QueryConfig;
use like::like;

pub(crate) use compile::{Compiled, Compiler};
pub(crate) use grammar::clean_line;
pub use words::SHORTEST_PREFIX;

impl Compiler {
    /// The query `config` asks for on `searcher`: its `--section` values widened to the nested
    /// sections they name, compiled, and narrowed to the links like `--like`'s when given.
    pub fn build(&self, searcher: &Searcher, config: &QueryConfig) -> anyhow::Result<Compiled> {
        let nested;
        let config = if config.sections.is_empty() {
            config
        } else {
            nested = QueryConfig {
                sections: nested_sections::with_nested(
                    searcher,
                    self.fields.section,
                    &config.sections,
                )?,
                ..config.clone()
            };
            &nested
        };
        let compiled = self.compile(config)?;
        match &config.like {
            Some(url) => like(self, searcher, compiled, url),
            None => Ok(compiled),
        }
    }
}
