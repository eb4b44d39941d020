//! `backissues man`: the man page in roff, made by clap_mangen from the same definition as the
//! help, so the two never disagree.

use std::fs;

use anyhow::Context;

use crate::cli::{self, ManArgs};
use crate::exit::ExitCode;
use crate::render::text::printable;

use super::output;

/// Prints the main page on stdout, or with `--dir` writes one page per command into the folder.
pub fn run(args: &ManArgs) -> anyhow::Result<ExitCode> {
    let command = cli::command();
    let Some(dir) = &args.dir else {
        let mut roff = Vec::new();
        clap_mangen::Man::new(command)
            .render(&mut roff)
            .context("rendering the man page")?;
        output::to_stdout(|out| out.write_all(&roff).context(output::WRITING))?;
        return Ok(ExitCode::Found);
    };
    let shown = printable(&dir.display().to_string());
    fs::create_dir_all(dir).with_context(|| format!("cannot create {shown}"))?;
    clap_mangen::generate_to(command, dir)
        .with_context(|| format!("cannot write the man pages into {shown}"))?;
    eprintln!("backissues: man pages written to {shown}");
    Ok(ExitCode::Found)
}
