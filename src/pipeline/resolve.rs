//! `ingest --resolve-links`: the opt-in that asks the network where a click tracker leads (a
//! tracker the mail reader could not unwrap offline, `tracked: true`). Each hop is a HEAD, then a
//! GET whose body is never read when HEAD is refused; 5 s per request, at most
//! [`MAX_HOPS`] redirects, http(s) only, at most [`IN_FLIGHT`] requests at once. Every answer,
//! found or not, is cached in the index folder ([`CACHE_FILE`]) so no link is requested twice.
//! Requesting a tracker may report a click to the sender: that is why it is opt-in.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use ureq::Agent;

use crate::model::LinkDoc;

/// The cache of resolved links, in the index folder.
pub const CACHE_FILE: &str = "resolved-links.json";

/// Redirects followed from one link at most.
pub const MAX_HOPS: usize = 5;

/// Requests in flight at once at most.
pub const IN_FLIGHT: usize = 8;

/// How long one request may take.
const TIMEOUT: Duration = Duration::from_secs(5);

/// Where tracked links lead, as far as asked: the destination, or `None` when it could not be
/// found (an error, a loop, too many hops); loaded from and saved to the index folder.
pub struct Resolver {
    /// The cache file.
    path: PathBuf,
    /// Answers by tracked URL.
    known: BTreeMap<String, Option<String>>,
    /// The HTTP agent (no automatic redirects: each hop is checked).
    agent: Agent,
}

impl Resolver {
    /// Loads the cache of `index_dir` (an unreadable cache starts empty).
    pub fn new(index_dir: &Path) -> Self {
        let path = index_dir.join(CACHE_FILE);
        let known = fs::read(&path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        let agent = Agent::config_builder()
            .timeout_global(Some(TIMEOUT))
            .max_redirects(0)
            .http_status_as_error(false)
            .build()
            .into();
        Self { path, known, agent }
    }

    /// Resolves the tracked links of `docs` (asking only for the ones not cached): a found
    /// destination becomes `url`, the tracker `written_url`, and `tracked` is cleared.
    pub fn resolve(&mut self, docs: &mut [LinkDoc]) {
        let mut asked: Vec<String> = docs
            .iter()
            .filter(|doc| doc.tracked && !self.known.contains_key(&doc.url))
            .map(|doc| doc.url.clone())
            .collect();
        asked.dedup();
        for batch in asked.chunks(IN_FLIGHT) {
            let answers: Vec<Option<String>> = std::thread::scope(|scope| {
                let handles: Vec<_> = batch
                    .iter()
                    .map(|url| scope.spawn(|| destination(&self.agent, url)))
                    .collect();
                handles
                    .into_iter()
                    .map(|handle| handle.join().ok().flatten())
                    .collect()
            });
            self.known.extend(batch.iter().cloned().zip(answers));
        }
        for doc in docs.iter_mut().filter(|doc| doc.tracked) {
            if let Some(Some(found)) = self.known.get(&doc.url) {
                doc.domain = crate::urls::host(found);
                doc.written_url = Some(std::mem::replace(&mut doc.url, found.clone()));
                doc.tracked = false;
            }
        }
    }

    /// Writes the cache next to the index, atomically (a temporary file renamed over it).
    pub fn save(&self) -> anyhow::Result<()> {
        let json = serde_json::to_vec(&self.known).context("encoding the link cache")?;
        let tmp = self.path.with_extension("json.tmp");
        fs::write(&tmp, json).with_context(|| format!("writing {}", tmp.display()))?;
        fs::rename(&tmp, &self.path).with_context(|| format!("writing {}", self.path.display()))
    }
}

/// Where `url` leads: the first non-redirect 2xx answer, following at most [`MAX_HOPS`]
/// redirects over http(s); `None` on an error status, a timeout, a loop or too many hops.
fn destination(agent: &Agent, url: &str) -> Option<String> {
    let mut current = url.to_string();
    let mut seen = vec![current.clone()];
    for _ in 0..=MAX_HOPS {
        if !is_web(&current) {
            return None;
        }
        let head = agent.head(&current).call().ok()?;
        let response = match head.status().as_u16() {
            405 | 501 => agent.get(&current).call().ok()?,
            _ => head,
        };
        let status = response.status();
        if status.is_success() {
            return Some(current);
        }
        if !status.is_redirection() {
            return None;
        }
        let location = response.headers().get("location")?.to_str().ok()?;
        let next = url::Url::parse(&current)
            .ok()?
            .join(location)
            .ok()?
            .to_string();
        if seen.contains(&next) {
            return None;
        }
        seen.push(next.clone());
        current = next;
    }
    None
}

/// True for http and https URLs.
fn is_web(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}
