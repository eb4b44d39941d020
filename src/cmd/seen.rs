//! `backissues seen FILE|URL...`: which links of a draft issue (or of URLs given directly) the
//! index already holds, with every earlier appearance.

use std::path::Path;

use anyhow::{bail, Context};

use crate::cli::{FormatArg, SeenArgs};
use crate::exit::ExitCode;
use crate::parse;
use crate::render::{self, text::printable};
use crate::search::{DraftLink, Engine, SeenLink};
use crate::walk;

use super::output;

/// Looks up every link of the inputs in the index at `index_dir`; exit code 0 when any was
/// featured before, 1 when none was.
pub fn run(index_dir: &Path, args: &SeenArgs) -> anyhow::Result<ExitCode> {
    output::check_header(args.header, args.format)?;
    let links = draft_links(&args.inputs)?;
    let engine = Engine::open(index_dir)?;
    let seen = engine.seen(&links, args.include_recurring)?;
    if !(seen.is_empty() && args.format == FormatArg::Table) {
        output::to_stdout(|out| {
            render::seen(out, &seen, args.format.into(), args.header).context(output::WRITING)
        })?;
    }
    if !seen.iter().any(SeenLink::featured_before) {
        eprintln!(
            "backissues: no link was featured before ({} looked up)",
            links.len()
        );
        return Ok(ExitCode::NotFound);
    }
    Ok(ExitCode::Found)
}

/// The links of every input: each link of an issue file (parsed as `parse` does), or the URL
/// itself. A path that exists is a file; otherwise the input must be a web URL.
fn draft_links(inputs: &[String]) -> anyhow::Result<Vec<DraftLink>> {
    let mut links = Vec::new();
    for input in inputs {
        let path = Path::new(input);
        if path.exists() {
            let docs = parse::parse_file(path, &walk::source_name(path))
                .map_err(|err| anyhow::anyhow!(printable(&err.to_string())))?;
            links.extend(docs.into_iter().map(|doc| DraftLink {
                url: doc.url,
                source: Some(doc.source),
                date: doc.date,
            }));
        } else if is_web_url(input) {
            links.push(DraftLink {
                url: input.trim().to_string(),
                source: None,
                date: None,
            });
        } else {
            bail!(
                "`{input}` is neither a file nor a web URL: give a draft issue file or a URL such as https://example.com/post"
            );
        }
    }
    Ok(links)
}

/// True for an `http` or `https` URL with a host.
fn is_web_url(text: &str) -> bool {
    url::Url::parse(text.trim())
        .is_ok_and(|url| matches!(url.scheme(), "http" | "https") && url.host_str().is_some())
}
