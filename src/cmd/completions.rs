//! `backissues completions SHELL`: the shell completion script, generated from the clap definition.

use std::io::{self, Write};

use anyhow::Context;
use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::exit::ExitCode;

/// Writes the completion script for the chosen shell to stdout.
pub fn run(args: &CompletionsArgs) -> anyhow::Result<ExitCode> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "backissues", &mut script);
    let mut out = io::stdout().lock();
    out.write_all(&script).context("writing to stdout")?;
    out.flush().context("writing to stdout")?;
    Ok(ExitCode::Found)
}
