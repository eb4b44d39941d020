//! backissues: make a link newsletter's archive searchable from the terminal.
//!
//! The pipeline is split into modules with narrow types between them:
//! [`parse`] turns issue files into [`model::LinkDoc`]s (and never touches Tantivy),
//! [`index`] stores them in a Tantivy index, [`search`] reads hits back out, and
//! [`render`] prints hits (and never touches the parser). [`cli`] holds the whole clap
//! definition and [`cmd`] one module per subcommand.

pub mod cli;
pub mod cmd;
pub mod crawl;
pub mod exit;
pub mod fetch;
pub mod finder;
pub mod git;
pub mod index;
pub mod model;
pub mod parse;
pub mod pipeline;
pub mod render;
pub mod search;
pub mod sections;
pub mod sync;
pub mod timings;
pub mod urls;
pub mod walk;
