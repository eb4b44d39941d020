//! One module per subcommand, plus the process-level plumbing shared by all of them: error
//! reporting, exit codes, and quiet handling of a closed stdout pipe.

mod completions;
mod export;
mod filters;
mod ingest;
mod parse;
mod query;
mod seen;
mod stats;
mod trend;

use std::io;
use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::exit;
use crate::render::text::printable;

/// Runs the program: parses arguments, dispatches, and turns the outcome into a grep-style exit
/// code. Errors are printed to stderr as one readable message; a closed stdout pipe is success.
pub fn main() -> ExitCode {
    install_panic_hook();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) if is_broken_pipe(&err) => ExitCode::from(exit::FOUND),
        Err(err) => {
            eprintln!("backissues: error: {}", printable(&format!("{err:#}")));
            ExitCode::from(exit::ERROR)
        }
    }
}

/// Dispatches to the subcommand; returns the exit code it chose.
fn run(cli: Cli) -> anyhow::Result<u8> {
    match cli.command {
        Command::Parse(args) => parse::run(&args),
        Command::Ingest(args) => ingest::run(&args, &cli.index),
        Command::Query(args) => query::run(&cli.index, &args),
        Command::Stats(args) => stats::run(&cli.index, &args),
        Command::Trend(args) => trend::run(&cli.index, &args),
        Command::Seen(args) => seen::run(&cli.index, &args),
        Command::Export(args) => export::run(&cli.index, &args),
        Command::Completions(args) => completions::run(&args),
    }
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
        std::process::exit(i32::from(exit::ERROR));
    }));
}
