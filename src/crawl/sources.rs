//! The sources an index remembers: each URL `ingest` was given, so that `ingest` with no
//! arguments brings them all up to date and `sources` lists them. Kept in the index folder as
//! [`SOURCES_FILE`] (JSON), written atomically.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};

use super::Kind;

/// The file of remembered sources, in the index folder.
pub const SOURCES_FILE: &str = "sources.json";

/// One remembered source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The URL as given.
    pub url: String,
    /// What it turned out to be.
    pub kind: Kind,
    /// The issue URLs found (a feed of whole issues: the feed itself).
    pub issues: Vec<String>,
    /// Pages read (archive, index, feed and issue pages).
    pub pages: usize,
    /// When the last complete run over it ended, in milliseconds since the Unix epoch.
    pub checked_ms: u64,
    /// When a run last found anything new or changed, in milliseconds since the Unix epoch.
    pub changed_ms: Option<u64>,
}

/// The remembered sources of one index.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    path: PathBuf,
    /// The sources, in the order they were first given.
    pub list: Vec<Source>,
}

impl Sources {
    /// The sources remembered in `index_dir` (none when the file is missing).
    pub fn load(index_dir: &Path) -> anyhow::Result<Self> {
        let path = index_dir.join(SOURCES_FILE);
        let list = match fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).with_context(|| {
                format!(
                    "{}: not a list of sources; remove it and ingest the URLs again",
                    path.display()
                )
            })?,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(err) => return Err(err).with_context(|| format!("reading {}", path.display())),
        };
        Ok(Self { path, list })
    }

    /// The source of `url`, if remembered.
    pub fn get(&self, url: &str) -> Option<&Source> {
        self.list.iter().find(|source| source.url == url)
    }

    /// Remembers `source` (replacing the one of the same URL).
    pub fn put(&mut self, source: Source) {
        match self.list.iter_mut().find(|known| known.url == source.url) {
            Some(known) => *known = source,
            None => self.list.push(source),
        }
    }

    /// Forgets `url`'s source; returns it.
    pub fn remove(&mut self, url: &str) -> Option<Source> {
        let at = self.list.iter().position(|source| source.url == url)?;
        Some(self.list.remove(at))
    }

    /// Writes the list, atomically (a temporary file renamed over it).
    pub fn save(&self) -> anyhow::Result<()> {
        if let Some(dir) = self.path.parent() {
            fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        let json = serde_json::to_vec_pretty(&self.list).context("encoding the sources")?;
        let tmp = self.path.with_extension("json.tmp");
        fs::write(&tmp, json).with_context(|| format!("writing {}", tmp.display()))?;
        fs::rename(&tmp, &self.path).with_context(|| format!("writing {}", self.path.display()))
    }
}
