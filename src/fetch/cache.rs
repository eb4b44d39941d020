//! The web cache in the index folder: one file per requested URL, so a run that is stopped keeps
//! every page it fetched and the next run goes on from there.
//!
//! Layout: `<index>/web-cache/<first 32 hex digits of BLAKE3(url)>.gz`, a gzip stream of one JSON
//! line ([`Meta`]: the URL asked, the URL answered after redirects, ETag, Last-Modified and
//! Content-Type) followed by the response body as received (decompressed). Each file is written
//! to a temporary name and renamed over the old one, so a file is always whole. The file's
//! modification time is when the page was last fetched or confirmed unchanged (a 304).

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use serde::{Deserialize, Serialize};

/// The cache folder inside the index folder.
pub const CACHE_DIR: &str = "web-cache";

/// What a cache file says of its response, before the body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    /// The URL requested.
    pub url: String,
    /// The URL that answered, after redirects.
    pub final_url: String,
    /// The response's `ETag`.
    pub etag: Option<String>,
    /// The response's `Last-Modified`.
    pub last_modified: Option<String>,
    /// The response's `Content-Type`.
    pub content_type: Option<String>,
}

/// One cached response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its headers.
    pub meta: Meta,
    /// Its body.
    pub body: Vec<u8>,
    /// When it was last fetched or confirmed, in milliseconds since the Unix epoch.
    pub checked_ms: u64,
}

/// The cache folder of one index.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// The cache of the index at `index_dir` (created on the first write).
    pub fn new(index_dir: &Path) -> Self {
        Self {
            dir: index_dir.join(CACHE_DIR),
        }
    }

    /// The file that holds `url`'s response.
    pub fn file(&self, url: &str) -> PathBuf {
        let hash = blake3::hash(url.as_bytes()).to_hex();
        self.dir.join(format!("{}.gz", &hash[..32]))
    }

    /// The cached response of `url`, if there is a readable one.
    pub fn get(&self, url: &str) -> Option<Entry> {
        let path = self.file(url);
        let checked_ms = fs::metadata(&path).ok()?.modified().ok().map(millis)?;
        let (meta, body) = read(&path).ok()?;
        (meta.url == url).then_some(Entry {
            meta,
            body,
            checked_ms,
        })
    }

    /// Stores a response, atomically.
    pub fn put(&self, meta: &Meta, body: &[u8]) -> anyhow::Result<()> {
        fs::create_dir_all(&self.dir)
            .with_context(|| format!("creating the web cache {}", self.dir.display()))?;
        let path = self.file(&meta.url);
        let tmp = path.with_extension("tmp");
        let file = fs::File::create(&tmp).with_context(|| format!("writing {}", tmp.display()))?;
        let mut gz = GzEncoder::new(file, flate2::Compression::fast());
        serde_json::to_writer(&mut gz, meta).context("encoding a cache entry")?;
        gz.write_all(b"\n")
            .and_then(|()| gz.write_all(body))
            .and_then(|()| gz.finish().map(drop))
            .with_context(|| format!("writing {}", tmp.display()))?;
        fs::rename(&tmp, &path).with_context(|| format!("writing {}", path.display()))
    }

    /// Marks `url`'s response as confirmed now (the server answered 304 Not Modified).
    pub fn touch(&self, url: &str) -> anyhow::Result<()> {
        let path = self.file(url);
        let file = fs::File::options()
            .write(true)
            .open(&path)
            .with_context(|| format!("opening {}", path.display()))?;
        file.set_modified(SystemTime::now())
            .with_context(|| format!("touching {}", path.display()))
    }
}

/// The body of the cache file at `path`.
pub fn body(path: &Path) -> std::io::Result<Vec<u8>> {
    read(path).map(|(_, body)| body)
}

/// The header line and body of the cache file at `path`.
fn read(path: &Path) -> std::io::Result<(Meta, Vec<u8>)> {
    let mut reader = BufReader::new(GzDecoder::new(fs::File::open(path)?));
    let mut line = Vec::new();
    reader.read_until(b'\n', &mut line)?;
    let meta = serde_json::from_slice(&line)?;
    let mut body = Vec::new();
    reader.read_to_end(&mut body)?;
    Ok((meta, body))
}

/// `time` in milliseconds since the Unix epoch.
pub fn millis(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH).map_or(0, |since| {
        u64::try_from(since.as_millis()).unwrap_or(u64::MAX)
    })
}

/// Now, in milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
    millis(SystemTime::now())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_round_trips_and_a_touch_moves_its_check_time() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path());
        let url = "https://a.example/issues/1";
        assert_eq!(cache.get(url), None);
        let meta = Meta {
            url: url.to_string(),
            final_url: "https://a.example/issues/1/".to_string(),
            etag: Some("\"abc\"".to_string()),
            last_modified: None,
            content_type: Some("text/html".to_string()),
        };
        cache.put(&meta, b"<p>one\ntwo</p>").unwrap();
        let entry = cache.get(url).unwrap();
        assert_eq!(entry.meta, meta);
        assert_eq!(entry.body, b"<p>one\ntwo</p>");
        assert_eq!(body(&cache.file(url)).unwrap(), b"<p>one\ntwo</p>");
        std::thread::sleep(std::time::Duration::from_millis(20));
        cache.touch(url).unwrap();
        assert!(cache.get(url).unwrap().checked_ms > entry.checked_ms);
        let names: Vec<String> = fs::read_dir(dir.path().join(CACHE_DIR))
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 1);
        assert!(
            names[0].ends_with(".gz") && names[0].len() == 35,
            "{names:?}"
        );
    }
}
