//! The whole command-line definition (clap), in one place. Commands read these structs; nothing
//! else parses arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

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

    /// Parse issue files and folders into the index (incremental: unchanged files are skipped).
    #[command(
        after_help = "Examples:\n  backissues ingest fixtures/devopsweekly\n  backissues --index ~/.local/share/devops-index ingest --prune ~/archive\n  backissues ingest --dry-run --format jsonl archive/ > docs.jsonl"
    )]
    Ingest(IngestArgs),
}

/// Arguments of `backissues parse`.
#[derive(Debug, Args)]
pub struct ParseArgs {
    /// Issue files to parse (.md, .markdown or .txt).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// Arguments of `backissues ingest`.
#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Issue files or folders (folders are walked recursively for .md, .markdown and .txt files;
    /// hidden folders and the index folder are skipped).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Start from an empty index (also replaces an index of another version).
    #[arg(long)]
    pub rebuild: bool,

    /// Remove the documents of indexed files that are no longer found under the given paths.
    #[arg(long)]
    pub prune: bool,

    /// Parse and report what would change; write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Any file error fails the whole run (exit 2) and nothing is written.
    #[arg(long)]
    pub strict: bool,

    /// With --dry-run: `summary` reports only; `jsonl` also prints every document, as `parse` does.
    #[arg(long, value_enum, default_value_t = IngestFormat::Summary, requires = "dry_run")]
    pub format: IngestFormat,
}

/// What `ingest --dry-run` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IngestFormat {
    /// Only the summary line on stderr.
    Summary,
    /// Every parsed document on stdout as JSON Lines (byte for byte what `parse` prints).
    Jsonl,
}
