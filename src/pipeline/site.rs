//! The folder rule: links that most pages of a folder share are the site's (its nav, its
//! subscribe box, the editor's home page), not any issue's, even when a page sets them in its
//! body.
//!
//! - **Which pages.** HTML pages only: markdown, feeds and mail are never touched. A page's
//!   folder is the one it is in, and for a page bundle (`issues/07/index.html`) the folder above:
//!   its pages are the bundles' index pages beside it. The pages are those on disk, not those a
//!   run was given, so `parse` of one page, `parse DIR` and `ingest DIR` give the same documents.
//! - **Which links.** A link is the site's when it is on at least half of the folder's pages and
//!   on at least [`MIN_PAGES`] of them: an article link that two issues share is kept.
//! - **How.** Each page's `href` values are scanned from its bytes (no HTML parse: the scan is a
//!   small part of reading a page), counted once per page, and the site's links are compared with
//!   a page's documents as [`canonical_url`]s.
//! - **Incremental ingest.** A page's content hash also covers the site links it holds, so a new
//!   page that makes a link the site's changes the hash of every page holding it: those are parsed
//!   again and replaced, and the index stays what a rebuild would give.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use crate::model::LinkDoc;
use crate::parse::format::{by_extension, Format};
use crate::urls::canonical_url;

/// Fewest pages a link must be on to be the site's (so a folder needs at least this many).
pub const MIN_PAGES: usize = 3;
/// Most pages of one folder scanned (bounded work on huge folders).
const MAX_PAGES: usize = 10_000;
/// Most `href` values read from one page.
const MAX_HREFS: usize = 10_000;
/// Longest `href` value counted, in bytes.
const MAX_HREF_BYTES: usize = 2048;
/// File stems of page bundles (`07/index.html`).
const BUNDLE_STEMS: &[&str] = &["index"];

/// The site links of each folder met, worked out once per folder and shared by the threads.
#[derive(Default)]
pub struct SiteLinks {
    folders: Mutex<HashMap<PathBuf, Arc<OnceLock<Arc<HashSet<String>>>>>>,
}

/// The site links one page holds, as canonical URLs (sorted: they enter its content hash).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PageSiteLinks(BTreeSet<String>);

impl SiteLinks {
    /// The site links the HTML page at `path`, whose bytes are `bytes`, holds (none for a page
    /// whose folder has fewer than [`MIN_PAGES`] pages).
    pub fn of_page(&self, path: &Path, bytes: &[u8]) -> PageSiteLinks {
        let Some((folder, bundle)) = folder_of(path) else {
            return PageSiteLinks::default();
        };
        let site = self.of_folder(&folder, bundle);
        if site.is_empty() {
            return PageSiteLinks::default();
        }
        let held = hrefs(bytes)
            .into_iter()
            .filter(|href| site.contains(href))
            .map(|href| canonical_url(&href))
            .collect();
        PageSiteLinks(held)
    }

    /// The raw `href` values on at least half (and [`MIN_PAGES`]) of the folder's pages.
    fn of_folder(&self, folder: &Path, bundle: bool) -> Arc<HashSet<String>> {
        let slot = {
            let mut folders = self
                .folders
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            Arc::clone(folders.entry(folder.to_path_buf()).or_default())
        };
        Arc::clone(slot.get_or_init(|| Arc::new(shared_hrefs(&pages(folder, bundle)))))
    }
}

impl PageSiteLinks {
    /// True when the page holds no site link.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `hash` (a page's content hash) changed by the site links it holds, when it holds any.
    pub fn mix_into(&self, hash: u64) -> u64 {
        if self.is_empty() {
            return hash;
        }
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        hasher.update(&hash.to_le_bytes());
        for url in &self.0 {
            hasher.update(url.as_bytes());
            hasher.update(&[0]);
        }
        hasher.digest()
    }

    /// `docs` without the site's links, positions numbered again from 1.
    pub fn remove_from(&self, docs: &mut Vec<LinkDoc>) {
        if self.is_empty() {
            return;
        }
        docs.retain(|doc| !self.0.contains(&canonical_url(&doc.url)));
        for (doc, position) in docs.iter_mut().zip(1u32..) {
            doc.position = position;
        }
    }
}

/// The folder whose pages `path` is compared with, and whether its pages are bundles.
fn folder_of(path: &Path) -> Option<(PathBuf, bool)> {
    let parent = path.parent()?;
    let stem = path.file_stem()?.to_str()?;
    let bundle = BUNDLE_STEMS
        .iter()
        .any(|bundle| stem.eq_ignore_ascii_case(bundle));
    let folder = if bundle { parent.parent()? } else { parent };
    Some((folder.to_path_buf(), bundle))
}

/// The HTML pages of `folder` (its bundles' index pages when `bundle`), hidden entries left
/// out, at most [`MAX_PAGES`].
fn pages(folder: &Path, bundle: bool) -> Vec<PathBuf> {
    let dir = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        if bundle && path.is_dir() {
            found.extend(bundle_page(&path));
        } else if !bundle && path.is_file() && is_page(&path) {
            found.push(path);
        }
        if found.len() >= MAX_PAGES {
            break;
        }
    }
    found
}

/// The index page of the bundle folder `dir`, if it has one.
fn bundle_page(dir: &Path) -> Option<PathBuf> {
    let entries = fs::read_dir(dir).ok()?;
    entries.flatten().map(|entry| entry.path()).find(|path| {
        path.is_file()
            && is_page(path)
            && path
                .file_stem()
                .and_then(|stem| stem.to_str())
                .is_some_and(|stem| {
                    BUNDLE_STEMS
                        .iter()
                        .any(|bundle| stem.eq_ignore_ascii_case(bundle))
                })
    })
}

/// True for a file named as an HTML page.
fn is_page(path: &Path) -> bool {
    by_extension(path) == Some(Format::Html)
}

/// The `href` values on at least half of `pages` and on at least [`MIN_PAGES`] of them.
fn shared_hrefs(pages: &[PathBuf]) -> HashSet<String> {
    if pages.len() < MIN_PAGES {
        return HashSet::new();
    }
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut read = 0usize;
    for page in pages {
        let Ok(bytes) = fs::read(page) else {
            continue;
        };
        read += 1;
        for href in hrefs(&bytes) {
            *counts.entry(href).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .filter(|&(_, count)| count >= MIN_PAGES && count * 2 >= read)
        .map(|(href, _)| href)
        .collect()
}

/// The distinct `href` values of a page's bytes, entities in them decoded, without fragments:
/// read from every `href=` (any case), quoted or not.
fn hrefs(bytes: &[u8]) -> HashSet<String> {
    let mut found = HashSet::new();
    let lower = bytes.to_ascii_lowercase();
    for at in memchr::memmem::find_iter(&lower, b"href") {
        if found.len() >= MAX_HREFS {
            break;
        }
        if let Some(value) = attribute_value(&bytes[at + b"href".len()..]) {
            found.insert(value);
        }
    }
    found
}

/// The value of an attribute whose `=` is next in `rest` (after spaces), decoded.
fn attribute_value(rest: &[u8]) -> Option<String> {
    let rest = rest
        .trim_ascii_start()
        .strip_prefix(b"=")?
        .trim_ascii_start();
    let (quote, rest) = match rest.first() {
        Some(&quote @ (b'"' | b'\'')) => (Some(quote), &rest[1..]),
        _ => (None, rest),
    };
    let end = rest
        .iter()
        .take(MAX_HREF_BYTES + 1)
        .position(|&b| match quote {
            Some(quote) => b == quote,
            None => b.is_ascii_whitespace() || b == b'>',
        })?;
    let raw = String::from_utf8_lossy(&rest[..end]);
    let value = decode_entities(raw.trim());
    let value = value
        .split_once('#')
        .map_or(value.as_str(), |(before, _)| before);
    (!value.is_empty()).then(|| value.to_string())
}

/// `text` with the character references an `href` holds in practice decoded (`&amp;`, `&#38;`,
/// `&#x26;`, `&quot;`, `&#39;`): the rest is rare in URLs and only makes a link count apart.
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    [
        ("&amp;", "&"),
        ("&#38;", "&"),
        ("&#x26;", "&"),
        ("&quot;", "\""),
        ("&#39;", "'"),
    ]
    .iter()
    .fold(text.to_string(), |text, (entity, plain)| {
        text.replace(entity, plain)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_are_read_in_any_spelling() {
        let page = b"<a HREF=\"https://a.example/x?p=1&amp;q=2#top\">x</a> <a href='/archive'>a</a> <a href=https://b.example/>b</a><link href = \"s.css\">";
        let mut found: Vec<String> = hrefs(page).into_iter().collect();
        found.sort();
        assert_eq!(
            found,
            [
                "/archive",
                "https://a.example/x?p=1&q=2",
                "https://b.example/",
                "s.css"
            ]
        );
        assert!(hrefs(b"<a href=>x</a><a href").is_empty());
    }

    #[test]
    fn bundles_are_compared_with_the_bundles_beside_them() {
        assert_eq!(
            folder_of(Path::new("site/issues/07/index.html")),
            Some((PathBuf::from("site/issues"), true))
        );
        assert_eq!(
            folder_of(Path::new("site/issues/07.html")),
            Some((PathBuf::from("site/issues"), false))
        );
    }

    #[test]
    fn a_link_is_the_sites_on_half_the_pages_and_three_of_them() {
        let dir = tempfile::tempdir().unwrap();
        let nav = "<a href='https://site.example/archive'>archive</a>";
        for (n, extra) in ["", "", "", "<a href='https://x.example/a'>a</a>"]
            .iter()
            .enumerate()
        {
            let page = format!("<p>{nav}{extra}<a href='https://x.example/{n}'>own</a></p>");
            fs::write(dir.path().join(format!("{n}.html")), page).unwrap();
        }
        fs::write(dir.path().join("notes.md"), nav).unwrap();
        let site = SiteLinks::default();
        let page = dir.path().join("3.html");
        let held = site.of_page(&page, &fs::read(&page).unwrap());
        assert_eq!(
            held,
            PageSiteLinks(["site.example/archive".to_string()].into())
        );
        assert_ne!(held.mix_into(7), 7);
        assert_eq!(PageSiteLinks::default().mix_into(7), 7);
    }
}
