//! The whole command-line definition (clap), in one place. Commands read these structs; nothing
//! else parses arguments.

use std::path::PathBuf;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;
use time::Date;

use crate::search::{YearRange, DEFAULT_LIMIT};

mod values;

use values::parse_day;
pub use values::{ColorArg, FacetArg, FormatArg, PeriodArg, SortArg, TrendFormatArg};

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

    /// What to do; none, on a terminal with an index, opens the finder (`search`).
    #[command(subcommand)]
    pub command: Option<Command>,
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

    /// Search as you type: a full-screen finder on the terminal; prints the chosen URLs.
    Search(SearchArgs),

    /// Summarize the index: issues, links, dates, links per year and section, top domains.
    #[command(
        after_help = "Examples:\n  backissues stats\n  backissues stats --format json | jq .links"
    )]
    Stats(StatsArgs),

    /// Count matching links per year or month, as a bar chart: one series per quoted query.
    #[command(after_help = TREND_EXAMPLES)]
    Trend(TrendArgs),

    /// For a draft issue or URLs: every link the index already holds, and when it was featured.
    #[command(after_help = SEEN_EXAMPLES)]
    Seen(SeenArgs),

    /// Stream every document of the index as JSON Lines (NDJSON), e.g. for Quickwit.
    #[command(after_help = EXPORT_EXAMPLES)]
    Export(ExportArgs),

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
  backissues query terraform --format json | jq -r '.[] | [.appearances, .url] | @tsv'
  backissues query terraform --all                      (every appearance, one row each)
  backissues query observability --facet year
  backissues query kubrnetes --fuzzy
  backissues query --like https://github.com/kiali --year 2020
  backissues query kubernetes --format tsv | cut -f1,2     (URL and date, tab-separated)

Exit status: 0 when something matched, 1 when nothing did, 2 on error.
Table width: the terminal's, or COLUMNS when set, else 80.";

/// Arguments of `backissues query`.
#[derive(Debug, Args)]
pub struct QueryArgs {
    /// Words to search for; several are joined into one query (see the query language below).
    #[arg(value_name = "QUERY")]
    pub words: Vec<String>,

    /// What the search keeps.
    #[command(flatten)]
    pub scope: ScopeArgs,

    /// Order of the hits [default: relevance with words, newest without].
    #[arg(long, value_enum)]
    pub sort: Option<SortArg>,

    /// Show at most N hits.
    #[arg(long, short = 'n', value_name = "N", default_value_t = DEFAULT_LIMIT,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub limit: usize,

    /// Skip the first N hits.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub offset: u64,

    /// List every appearance of a link as a row of its own (by default each link is one row:
    /// its best hit, with how many issues featured it).
    #[arg(long)]
    pub all: bool,

    /// One row per link: the default, kept as an accepted alias.
    #[arg(long, conflicts_with = "all")]
    pub unique: bool,

    /// Print only the number of matching links (distinct links; their appearances with --all).
    #[arg(long, conflicts_with = "facet")]
    pub count: bool,

    /// Print the number of matching links per section, year, domain or newsletter instead of the
    /// hits (distinct links; their appearances with --all).
    #[arg(long, value_enum, value_name = "FIELD")]
    pub facet: Option<FacetArg>,

    /// Links like the indexed link with this URL (its description, title and URL words), the
    /// link itself left out; ranked by likeness, combines with filters.
    #[arg(long, value_name = "URL")]
    pub like: Option<String>,

    /// Match words within one edit (two for words of 8 letters or more).
    #[arg(long)]
    pub fuzzy: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,

    /// Same as `--format json`.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,

    /// With `--format tsv`: print a first line naming the columns.
    #[arg(long)]
    pub header: bool,

    /// Colour matches in the table: auto (terminal and no NO_COLOR), always, never.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

/// Shown under `backissues search --help`, after the finder's keys
/// ([`crate::finder::keys::BINDINGS`]).
const SEARCH_NOTES: &str = "\
The finder draws on the terminal (/dev/tty) and prints the chosen URLs on stdout, so it works
inside $(...) and pipes. `backissues` with no command opens it too, on a terminal.

Exit status: 0 when a link was chosen, 1 when Enter found no link, 130 when cancelled (Esc,
Ctrl-C), 2 on error (no terminal: use `backissues query`).

Examples:
  backissues search envoy
  url=$(backissues search --section tools) && echo \"$url\"
  backissues search --print json rust | jq -r .title";

/// The command-line definition, with the texts made at run time: the finder's key list.
pub fn command() -> clap::Command {
    Cli::command().mut_subcommand("search", |search| {
        search.after_help(format!(
            "{}\n{SEARCH_NOTES}",
            crate::finder::keys::help_text()
        ))
    })
}

/// Parses the process's arguments with [`command`].
pub fn try_parse() -> Result<Cli, clap::Error> {
    let matches = command().try_get_matches()?;
    Cli::from_arg_matches(&matches)
}

/// What the finder prints for the chosen links.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PrintArg {
    /// Each URL on a line of its own.
    Url,
    /// Each hit as a JSON object on a line (`query --format jsonl`'s).
    Json,
}

/// Arguments of `backissues search` (the finder).
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to start with.
    #[arg(value_name = "QUERY")]
    pub words: Vec<String>,

    /// What the searches keep (the section, year and newsletter filters are where the keys
    /// start cycling).
    #[command(flatten)]
    pub scope: ScopeArgs,

    /// What Enter prints on stdout.
    #[arg(long, value_enum, default_value_t = PrintArg::Url)]
    pub print: PrintArg,

    /// Draw in N lines under the prompt instead of the full screen (full screen when the
    /// terminal has fewer lines).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(4..))]
    pub height: Option<u16>,

    /// Take mouse clicks and the wheel (off by default, so the terminal's own selection works).
    #[arg(long)]
    pub mouse: bool,

    /// Colour: auto (no NO_COLOR), always, never; without colour the selection is reverse video.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

/// Examples shown under `backissues trend --help`.
const TREND_EXAMPLES: &str = "\
Each QUERY is one query in query's language (quote several words); several give side-by-side
series on one scale. Links without a date are not counted.

Examples:
  backissues trend kubernetes
  backissues trend docker kubernetes --share
  backissues trend '\"service mesh\"' --by month --year 2020
  backissues trend terraform pulumi --format csv > iac.csv

Exit status: 0 when a query matched, 1 when none did, 2 on error.
Chart width: COLUMNS when set, else the terminal's, else 80.";

/// Arguments of `backissues trend`.
#[derive(Debug, Args)]
pub struct TrendArgs {
    /// One query per series (quote a query of several words).
    #[arg(required = true, value_name = "QUERY")]
    pub queries: Vec<String>,

    /// The length of a period.
    #[arg(long, value_enum, default_value_t = PeriodArg::Year)]
    pub by: PeriodArg,

    /// Show each count as a share of all the period's links that pass the filters.
    #[arg(long)]
    pub share: bool,

    /// What is counted: the filters, sponsor and recurring links, as `query`'s.
    #[command(flatten)]
    pub scope: ScopeArgs,

    /// Count every appearance of a link, not each link once per period (as `query --all`).
    #[arg(long)]
    pub all: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = TrendFormatArg::Table)]
    pub format: TrendFormatArg,

    /// Colour the bars: auto (terminal and no NO_COLOR), always, never.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

/// What a search keeps, for `query`, the finder and `trend` alike: the filters, and whether
/// sponsor and recurring links count.
#[derive(Debug, Args)]
pub struct ScopeArgs {
    /// The filters.
    #[command(flatten)]
    pub filters: FilterArgs,

    /// Keep sponsor links (left out unless asked for, or `--section sponsor`).
    #[arg(long)]
    pub include_sponsors: bool,

    /// Keep recurring links: those in at least 20% of the issues (and 5 or more), such as the
    /// newsletter's own events calendar or contributing guide; left out unless asked for.
    #[arg(long)]
    pub include_recurring: bool,
}

/// The filters the commands that read many links share with `query` (same flags, same meaning).
#[derive(Debug, Args)]
pub struct FilterArgs {
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

    /// Keep only this newsletter (its exact name; repeatable, any of them).
    #[arg(long = "newsletter", value_name = "NAME")]
    pub newsletters: Vec<String>,
}

/// Examples shown under `backissues export --help`.
const EXPORT_EXAMPLES: &str = "\
Every document the index holds (sponsor links too), one JSON object per line, with its
canonical_url and domains; the filters narrow it. docs/quickwit-index.yaml maps these documents
for Quickwit.

Examples:
  backissues export > links.ndjson
  backissues export --year 2020 --section tools | jq -r .url
  quickwit index ingest --index backissues --input-path links.ndjson --force

Exit status: 0 when a document was exported, 1 when none was, 2 on error.";

/// Arguments of `backissues export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The filters, as `query`'s.
    #[command(flatten)]
    pub filters: FilterArgs,
}

/// Examples shown under `backissues seen --help`.
const SEEN_EXAMPLES: &str = "\
URLs compare by their canonical form: tracking parameters (utm_*, ref, ...), the scheme, a
leading www., the fragment and a trailing slash do not hide a repeat. Appearances in the draft
file itself (same path) do not count.

Examples:
  backissues seen drafts/2021-01-10-issue-521.md
  backissues seen https://github.com/kiali https://example.com/new-post
  backissues seen draft.md --format tsv | cut -f1,3,4

Exit status: 0 when a link was featured before, 1 when none was, 2 on error.";

/// Arguments of `backissues seen`.
#[derive(Debug, Args)]
pub struct SeenArgs {
    /// Draft issue files (any file `parse` reads) or URLs.
    #[arg(required = true, value_name = "FILE|URL")]
    pub inputs: Vec<String>,

    /// Report recurring links too (the newsletter's own furniture, in most of its issues; left
    /// out unless asked for).
    #[arg(long)]
    pub include_recurring: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,

    /// With `--format tsv`: print a first line naming the columns.
    #[arg(long)]
    pub header: bool,
}

/// Arguments of `backissues stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,

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
    /// Issue files to parse (.md, .markdown, .mdx or .txt).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// The newsletter these issues belong to [default: each file's folder name].
    #[arg(long, value_name = "NAME")]
    pub newsletter: Option<String>,
}

/// Arguments of `backissues ingest`.
#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Issue files or folders (folders are walked recursively for .md, .markdown, .mdx, .txt,
    /// .eml and .mbox files and Maildir folders; hidden folders and the index folder are skipped).
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

    /// The newsletter these issues belong to [default: the name of each folder given, or of a
    /// file's folder].
    #[arg(long, value_name = "NAME")]
    pub newsletter: Option<String>,

    /// Mail: read personal messages too, not only newsletters (bulk or list mail). Off by
    /// default, so private mail stays out of the index.
    #[arg(long)]
    pub all_mail: bool,

    /// Mail: ask the network where click-tracking links that cannot be unwrapped offline lead
    /// (HEAD, else GET without reading the body; 5 s; at most 5 redirects; cached in the index
    /// so never asked twice). WARNING: requesting a tracker may report a click to the sender.
    #[arg(long)]
    pub resolve_links: bool,

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

/// For a `query` command line holding a word that starts with `-` (`-nginx`, meant as "without
/// nginx", which clap reads as `-n ginx`), the same command with its words after `--`, where the
/// query language reads `-nginx` as an exclusion. `None` when there is no such word. `args`
/// are the program's arguments, the program name first.
pub fn dash_word_hint(args: &[String]) -> Option<String> {
    let mut command = Cli::command();
    command.build();
    let query = command.find_subcommand("query")?;
    let known: Vec<&clap::Arg> = command
        .get_arguments()
        .chain(query.get_arguments())
        .collect();
    let known_option = |name: &str| {
        known.iter().find(|arg| {
            let long = arg.get_long().map(|long| format!("--{long}"));
            let short = arg.get_short().map(|short| format!("-{short}"));
            [long, short].iter().flatten().any(|flag| flag == name)
        })
    };
    let mut options = Vec::new();
    let mut words = Vec::new();
    let mut dash_word = false;
    let mut rest = args.iter().skip(1);
    while let Some(arg) = rest.next() {
        if arg == "--" {
            words.extend(rest.by_ref().cloned());
        } else if let Some(option) = known_option(arg) {
            options.push(arg.clone());
            if option.get_action().takes_values() {
                options.extend(rest.next().cloned());
            }
        } else if arg.starts_with("--")
            || is_short_with_value(arg, &known)
            || (arg == "query" && words.is_empty() && !options.contains(arg))
        {
            options.push(arg.clone());
        } else {
            dash_word |= arg.starts_with('-') && arg.len() > 1;
            words.push(arg.clone());
        }
    }
    if !dash_word || !options.iter().any(|option| option == "query") {
        return None;
    }
    let line: Vec<String> = std::iter::once("backissues".to_string())
        .chain(options)
        .chain(std::iter::once("--".to_string()))
        .chain(words)
        .map(|arg| shell_quoted(&arg))
        .collect();
    Some(line.join(" "))
}

/// True for a short option with its number attached (`-n5`).
fn is_short_with_value(arg: &str, known: &[&clap::Arg]) -> bool {
    let mut chars = arg.chars();
    let (Some('-'), Some(short)) = (chars.next(), chars.next()) else {
        return false;
    };
    let value = chars.as_str();
    !value.is_empty()
        && value.bytes().all(|b| b.is_ascii_digit())
        && known
            .iter()
            .any(|arg| arg.get_short() == Some(short) && arg.get_action().takes_values())
}

/// `arg` as a shell reads it back: as is when plain, else in single quotes.
fn shell_quoted(arg: &str) -> String {
    let plain = !arg.is_empty()
        && arg
            .chars()
            .all(|c| c.is_alphanumeric() || "-_./:@+#=,".contains(c));
    if plain {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}
