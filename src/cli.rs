//! The whole command-line definition (clap), in one place. Commands read these structs; nothing
//! else parses arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;
use time::Date;

use crate::render::{ColorWhen, Format};
use crate::search::{parse_day, FacetField, Sort, YearRange};

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

    /// Search the index: ranked links as a table, JSON or JSON Lines.
    #[command(after_help = QUERY_EXAMPLES)]
    Query(QueryArgs),

    /// Summarize the index: issues, links, dates, links per year and section, top domains.
    #[command(
        after_help = "Examples:\n  backissues stats\n  backissues stats --format json | jq .links"
    )]
    Stats(StatsArgs),

    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  backissues completions bash > ~/.local/share/bash-completion/completions/backissues\n  backissues completions zsh > \"${fpath[1]}/_backissues\"\n  backissues completions fish > ~/.config/fish/completions/backissues.fish"
    )]
    Completions(CompletionsArgs),
}

/// Examples shown under `backissues query --help`.
const QUERY_EXAMPLES: &str = "\
Query language:
  words are ANDed: kubernetes security     either word: terraform OR pulumi
  exclude: kubernetes NOT helm, or after --: -- kubernetes -helm
  exact phrase: \"service mesh\"
  field terms: section:tools domain:github.com year:2020 issue:515 title:rust

Examples:
  backissues query kubernetes security
  backissues query '\"infrastructure as code\"' --year 2019..2020 --section news
  backissues query --section tools --year 2020          (newest first, no words)
  backissues query terraform --unique --format json | jq -r '.[].url'
  backissues query observability --facet year
  backissues query kubrnetes --fuzzy
  backissues query kubernetes --format tsv | cut -f1,2     (URL and date, tab-separated)

Exit status: 0 when something matched, 1 when nothing did, 2 on error.
Table width: the terminal's, or COLUMNS when set, else 80.";

/// Arguments of `backissues query`.
#[derive(Debug, Args)]
pub struct QueryArgs {
    /// Words to search for; several are joined into one query (see the query language below).
    #[arg(value_name = "QUERY")]
    pub words: Vec<String>,

    /// Keep only this section (slug or heading, any case; repeatable).
    #[arg(long = "section", value_name = "SECTION")]
    pub sections: Vec<String>,

    /// Keep only this year or range of years: 2020 or 2019..2020.
    #[arg(long, value_name = "YEAR")]
    pub year: Option<YearRange>,

    /// Keep issues on or after this day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub since: Option<Date>,

    /// Keep issues on or before this day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub until: Option<Date>,

    /// Keep only links to this domain or its subdomains (repeatable).
    #[arg(long = "domain", value_name = "DOMAIN")]
    pub domains: Vec<String>,

    /// Keep only this issue number.
    #[arg(long, value_name = "N")]
    pub issue: Option<u64>,

    /// Keep sponsor links (left out unless asked for, or `--section sponsor`).
    #[arg(long)]
    pub include_sponsors: bool,

    /// Order of the hits [default: relevance with words, newest without].
    #[arg(long, value_enum)]
    pub sort: Option<Sort>,

    /// Show at most N hits.
    #[arg(long, short = 'n', value_name = "N", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub limit: u64,

    /// Skip the first N hits.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub offset: u64,

    /// Keep only the best hit per URL (JSON lists every issue the URL appeared in).
    #[arg(long)]
    pub unique: bool,

    /// Print only the number of matching links (of distinct URLs with --unique).
    #[arg(long, conflicts_with = "facet")]
    pub count: bool,

    /// Print the number of matching links per section, year or domain instead of the hits.
    #[arg(long, value_enum, value_name = "FIELD")]
    pub facet: Option<FacetField>,

    /// Match words within one edit (two for words of 8 letters or more).
    #[arg(long)]
    pub fuzzy: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Same as `--format json`.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,

    /// With `--format tsv`: print a first line naming the columns.
    #[arg(long)]
    pub header: bool,

    /// Colour matches in the table: auto (terminal and no NO_COLOR), always, never.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
}

/// Arguments of `backissues stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Same as `--format json`.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
}

/// Arguments of `backissues completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to write completions for.
    #[arg(value_enum)]
    pub shell: Shell,
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
