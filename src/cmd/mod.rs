//! One module per subcommand, plus the process-level plumbing shared by all of them: error
//! reporting, exit codes, and quiet handling of a closed stdout pipe. Commands never call each
//! other: what several share is in `filters` (the filter flags) and `output` (stdout).

mod completions;
mod export;
mod filters;
mod ingest;
mod man;
mod output;
mod parse;
mod query;
mod search;
mod seen;
mod sources;
mod stats;
mod trend;
mod web;

use std::io::{self, IsTerminal};

use clap::Parser;

use crate::cli::{self, Cli, Command};
use crate::exit::ExitCode;
use crate::render::text::printable;

/// Runs the program: parses arguments, dispatches, and turns the outcome into a grep-style exit
/// code. Errors are printed to stderr as one readable message; a closed stdout pipe is success.
pub fn main() -> std::process::ExitCode {
    install_panic_hook();
    let cli = match cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return usage_error(err),
    };
    match run(cli) {
        Ok(code) => code.into(),
        Err(err) if is_broken_pipe(&err) => ExitCode::Found.into(),
        Err(err) => {
            eprintln!("backissues: error: {}", printable(&format!("{err:#}")));
            ExitCode::Error.into()
        }
    }
}

/// Reports arguments clap refused (or `--help`, `--version`). A query word starting with `-`
/// gets a hint that says how to write it, instead of clap's reading of it as options.
fn usage_error(err: clap::Error) -> std::process::ExitCode {
    let args: Vec<String> = std::env::args_os()
        .map(|arg| arg.to_string_lossy().into_owned())
        .collect();
    match cli::dash_word_hint(&args) {
        Some(hint) => {
            eprintln!(
                "backissues: error: a word starting with `-` is read as an option; to leave words out, put the query after `--`\n  did you mean: {}",
                printable(&hint)
            );
            ExitCode::Error.into()
        }
        None => err.exit(),
    }
}

/// Dispatches to the subcommand; returns the exit code it chose.
fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let Some(command) = cli.command else {
        return without_command(&cli.index);
    };
    match command {
        Command::Search(args) => search::run(&cli.index, &args),
        Command::Parse(args) => parse::run(&args),
        Command::Ingest(args) => ingest::run(&args, &cli.index),
        Command::Sources(args) => sources::run(&args, &cli.index),
        Command::Query(args) => query::run(&cli.index, &args),
        Command::Stats(args) => stats::run(&cli.index, &args),
        Command::Trend(args) => trend::run(&cli.index, &args),
        Command::Seen(args) => seen::run(&cli.index, &args),
        Command::Export(args) => export::run(&cli.index, &args),
        Command::Completions(args) => completions::run(&args),
        Command::Man(args) => man::run(&args),
    }
}

/// `backissues` alone: the finder, when a person is at a terminal and the index exists;
/// otherwise the help, on stderr (exit code 2, as for any missing argument).
fn without_command(index: &std::path::Path) -> anyhow::Result<ExitCode> {
    let at_terminal = io::stdin().is_terminal() && io::stdout().is_terminal();
    if at_terminal && index.is_dir() {
        let Cli {
            command: Some(Command::Search(args)),
            ..
        } = Cli::try_parse_from(["backissues", "search"])?
        else {
            anyhow::bail!("internal: `search` did not parse as the search command");
        };
        return search::run(index, &args);
    }
    let help = cli::command().render_help();
    eprintln!("{help}");
    if at_terminal {
        eprintln!(
            "No index at {}: run `backissues ingest PATH` first, then `backissues` opens the finder.",
            printable(&index.display().to_string())
        );
    }
    Ok(ExitCode::Error)
}

/// True when the error comes from writing to a pipe whose reader has gone (`| head -1`).
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io_err| io_err.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Replaces Rust's panic message with a short, human one (exit code 2), so a bug never shows a
/// backtrace dump to a user.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "backissues: internal error{location}; this is a bug, please report it with the command you ran"
        );
        std::process::exit(i32::from(ExitCode::Error.code()));
    }));
}
