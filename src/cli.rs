//! The whole command-line definition (clap), in one place. Commands read these structs; nothing
//! else parses arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Search a newsletter's back issues from the terminal.
#[derive(Debug, Parser)]
#[command(name = "backissues", version, about, long_about = None)]
pub struct Cli {
    /// The index folder (created on first ingest).
    #[arg(
        long,
        global = true,
        env = "BACKISSUES_INDEX",
        default_value = "./index",
        value_name = "DIR"
    )]
    pub index: PathBuf,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse issue files and print their link documents as JSON Lines (nothing is indexed).
    #[command(
        after_help = "Examples:\n  backissues parse fixtures/devopsweekly/2020-11-08-issue-515.md\n  backissues parse fixtures/devopsweekly/*.md | jq -r .url"
    )]
    Parse(ParseArgs),
}

/// Arguments of `backissues parse`.
#[derive(Debug, Args)]
pub struct ParseArgs {
    /// Issue files to parse (.md, .markdown or .txt).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}
