//! `backissues completions SHELL`: the shell completion script, generated from the clap definition.

use anyhow::Context;
use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::exit::ExitCode;

use super::output;

/// Writes the completion script for the chosen shell to stdout.
pub fn run(args: &CompletionsArgs) -> anyhow::Result<ExitCode> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "backissues", &mut script);
    output::to_stdout(|out| out.write_all(&script).context(output::WRITING))?;
    Ok(ExitCode::Found)
}
