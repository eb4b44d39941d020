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
//! - **How.** Each page's `href` values are scanned from its bytes (no HTML parse: a byte search,
//!   a small part of reading a page) and hashed, once per folder; a hash on enough pages is a site
//!   link, and its text is read back from a page holding it. A page's documents are compared with
//!   the site links it holds as [`canonical_url`]s. A web archive's capture counts as the link it
//!   captured ([`unarchived`]: each capture's timestamp differs); a relative link is compared
//!   once resolved against the page's base.
//! - **Incremental ingest.** A page's content hash also covers the site links it holds, so a new
//!   page that makes a link the site's changes the hash of every page holding it: those are parsed
//!   again and replaced, and the index stays what a rebuild would give.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex, OnceLock};

use memchr::memmem::Finder;
use rustc_hash::{FxHashMap, FxHashSet};
use xxhash_rust::xxh3::xxh3_64;

use crate::model::LinkDoc;
use crate::parse::format::{by_extension, Format};
use crate::urls::{canonical_host, canonical_url, resolve, unarchived};

/// Fewest pages a link must be on to be the site's (so a folder needs at least this many).
pub const MIN_PAGES: usize = 3;
/// Most pages of one folder scanned (bounded work on huge folders).
const MAX_PAGES: usize = 10_000;
/// Most `href` values read from one page.
const MAX_HREFS: usize = 10_000;
/// Longest `href` value counted, in bytes.
const MAX_HREF_BYTES: usize = 2048;
/// Most bytes of pages kept from the folders' scans for the pipeline to take, in all.
const MAX_KEPT_BYTES: usize = 32 << 20;
/// File stems of page bundles (`07/index.html`).
const BUNDLE_STEMS: &[&str] = &["index"];

/// The site links of each folder met, worked out once per folder and shared by the threads.
#[derive(Default)]
pub struct SiteLinks {
    folders: Mutex<HashMap<PathBuf, Arc<OnceLock<Folder>>>>,
    /// Bytes of pages kept by the scans and not yet taken (at most [`MAX_KEPT_BYTES`]).
    kept_bytes: AtomicUsize,
}

/// What one folder's pages share: the site's links, and which of them each page holds.
#[derive(Default)]
struct Folder {
    /// The site's links as [`canonical_url`]s, relative ones as written (worked out once per
    /// folder, not once per page), by the hash of their `href` (a capture's: of its original).
    site: HashMap<u64, SiteLink>,
    /// The site links each page holds (by its path below the folder), as hashes.
    pages: HashMap<PathBuf, Vec<u64>>,
    /// The bytes of the pages the scan read (by full path, while [`SiteLinks::kept_bytes`]
    /// allows), each taken once by the pipeline instead of reading the file again.
    kept: Mutex<HashMap<PathBuf, Vec<u8>>>,
}

/// The site links one page holds, as canonical URLs, relative ones as written (sorted: they
/// enter its content hash).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PageSiteLinks(BTreeSet<SiteLink>);

/// A site link, as a page's documents are compared with it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum SiteLink {
    /// An absolute link, as its [`canonical_url`].
    Canonical(String),
    /// A relative link as written: resolved against each page's base.
    Relative(String),
}

impl SiteLinks {
    /// The site links the HTML page at `path`, whose bytes are `bytes`, holds (none for a page
    /// whose folder has fewer than [`MIN_PAGES`] pages).
    pub fn of_page(&self, path: &Path, bytes: &[u8]) -> PageSiteLinks {
        let Some((folder_path, bundle)) = folder_of(path) else {
            return PageSiteLinks::default();
        };
        let slot = self.of_folder(&folder_path, bundle);
        let Some(folder) = slot.get() else {
            return PageSiteLinks::default();
        };
        self.untake(lock(&folder.kept).remove(path));
        if folder.site.is_empty() {
            return PageSiteLinks::default();
        }
        let below = path.strip_prefix(&folder_path).unwrap_or(path);
        let held = match folder.pages.get(below) {
            Some(held) => held.clone(),
            None => hrefs(bytes)
                .into_iter()
                .filter(|hash| folder.site.contains_key(hash))
                .collect(),
        };
        let urls = held
            .iter()
            .filter_map(|hash| folder.site.get(hash))
            .cloned()
            .collect();
        PageSiteLinks(urls)
    }

    /// The bytes of the HTML page at `path` when its folder's scan read and kept them (each
    /// given once): the pipeline then reads no page twice.
    pub fn take_bytes(&self, path: &Path) -> Option<Vec<u8>> {
        let (folder_path, _) = folder_of(path)?;
        let slot = lock(&self.folders).get(&folder_path).cloned()?;
        let folder = slot.get()?;
        let bytes = lock(&folder.kept).remove(path);
        self.untake(bytes)
    }

    /// `bytes` (taken from a folder's kept pages), their size given back to the budget.
    fn untake(&self, bytes: Option<Vec<u8>>) -> Option<Vec<u8>> {
        if let Some(bytes) = &bytes {
            self.kept_bytes.fetch_sub(bytes.len(), Ordering::Relaxed);
        }
        bytes
    }

    /// The folder's site links, read from its pages the first time it is asked for.
    fn of_folder(&self, folder: &Path, bundle: bool) -> Arc<OnceLock<Folder>> {
        let slot = Arc::clone(lock(&self.folders).entry(folder.to_path_buf()).or_default());
        slot.get_or_init(|| Folder::read(folder, &pages(folder, bundle), &self.kept_bytes));
        slot
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
        for link in &self.0 {
            let (text, tag) = match link {
                SiteLink::Canonical(url) => (url, 0),
                SiteLink::Relative(href) => (href, 1),
            };
            hasher.update(text.as_bytes());
            hasher.update(&[tag]);
        }
        hasher.digest()
    }

    /// `docs` without the site's links (relative ones resolved against `base`, the page's),
    /// positions numbered again from 1.
    pub fn remove_from(&self, docs: &mut Vec<LinkDoc>, base: Option<&str>) {
        if self.is_empty() {
            return;
        }
        let base = base.and_then(|base| url::Url::parse(base).ok());
        let site: BTreeSet<String> = self
            .0
            .iter()
            .filter_map(|link| match link {
                SiteLink::Canonical(url) => Some(url.clone()),
                SiteLink::Relative(href) => {
                    let url = resolve(href, Some(base.as_ref()?))?;
                    Some(canonical_url(&url))
                }
            })
            .collect();
        let hosts: FxHashSet<&str> = site.iter().map(|url| host_part(url)).collect();
        docs.retain(|doc| {
            let maybe_site = canonical_host(&doc.url).is_none_or(|host| hosts.contains(host));
            !(maybe_site && site.contains(&canonical_url(&doc.url)))
        });
        for (doc, position) in docs.iter_mut().zip(1u32..) {
            doc.position = position;
        }
    }
}

/// The host (and port) a canonical URL starts with: up to its first `/`, `?` or `:`.
fn host_part(canonical: &str) -> &str {
    canonical
        .find(['/', '?', ':'])
        .map_or(canonical, |end| &canonical[..end])
}

/// `mutex` locked (a panicked holder left nothing half-done here: maps only gain or lose whole
/// entries).
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The folder whose pages `path` is compared with, and whether its pages are bundles.
fn folder_of(path: &Path) -> Option<(PathBuf, bool)> {
    let parent = path.parent()?;
    let bundle = is_bundle_stem(path);
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
        let (is_dir, is_file) = kind(&entry, &path);
        if bundle && is_dir {
            found.extend(bundle_page(&path));
        } else if !bundle && is_file && is_page(&path) {
            found.push(path);
        }
        if found.len() >= MAX_PAGES {
            break;
        }
    }
    found
}

/// Whether the entry at `path` is a folder and whether it is a file, as `Path::is_dir` and
/// `Path::is_file` say (through a link), from the folder listing when it tells (no `stat` per
/// page of a large folder).
fn kind(entry: &fs::DirEntry, path: &Path) -> (bool, bool) {
    match entry.file_type() {
        Ok(kind) if !kind.is_symlink() => (kind.is_dir(), kind.is_file()),
        _ => (path.is_dir(), path.is_file()),
    }
}

/// The index page of the bundle folder `dir`, if it has one.
fn bundle_page(dir: &Path) -> Option<PathBuf> {
    let entries = fs::read_dir(dir).ok()?;
    entries.flatten().find_map(|entry| {
        let path = entry.path();
        let (_, is_file) = kind(&entry, &path);
        (is_file && is_page(&path) && is_bundle_stem(&path)).then_some(path)
    })
}

/// True for a bundle's index page name (`index.html`).
fn is_bundle_stem(path: &Path) -> bool {
    path.file_stem()
        .and_then(|stem| stem.to_str())
        .is_some_and(|stem| {
            BUNDLE_STEMS
                .iter()
                .any(|bundle| stem.eq_ignore_ascii_case(bundle))
        })
}

/// True for a file named as an HTML page.
fn is_page(path: &Path) -> bool {
    by_extension(path) == Some(Format::Html)
}

impl Folder {
    /// The site links of `pages`: the `href`s on at least half of them and on at least
    /// [`MIN_PAGES`] of them, and which each page holds.
    fn read(folder: &Path, pages: &[PathBuf], kept_bytes: &AtomicUsize) -> Self {
        if pages.len() < MIN_PAGES {
            return Self::default();
        }
        let mut counts: FxHashMap<u64, usize> = FxHashMap::default();
        let mut held: Vec<(&PathBuf, Vec<u64>)> = Vec::with_capacity(pages.len());
        let mut kept = HashMap::new();
        for page in pages {
            let Ok(bytes) = fs::read(page) else {
                continue;
            };
            let hashes = hrefs(&bytes);
            for hash in &hashes {
                *counts.entry(*hash).or_default() += 1;
            }
            held.push((page, hashes));
            let before = kept_bytes.fetch_add(bytes.len(), Ordering::Relaxed);
            if before + bytes.len() <= MAX_KEPT_BYTES {
                kept.insert(page.clone(), bytes);
            } else {
                kept_bytes.fetch_sub(bytes.len(), Ordering::Relaxed);
            }
        }
        let kept = Mutex::new(kept);
        let read = held.len();
        counts.retain(|_, count| *count >= MIN_PAGES && *count * 2 >= read);
        if counts.is_empty() {
            return Self {
                kept,
                ..Self::default()
            };
        }
        let pages = held
            .into_iter()
            .map(|(page, hashes)| {
                let below = page.strip_prefix(folder).unwrap_or(page).to_path_buf();
                let site = hashes.into_iter().filter(|h| counts.contains_key(h));
                (below, site.collect())
            })
            .collect();
        Self {
            site: texts_of(pages_holding(&pages, folder), &counts)
                .into_iter()
                .map(|(hash, href)| (hash, site_form(&href)))
                .collect(),
            pages,
            kept,
        }
    }
}

/// How a site link is kept: as a [`canonical_url`], or as written when it is relative (it is
/// resolved against each page's base).
fn site_form(href: &str) -> SiteLink {
    match resolve(href, None) {
        Some(url) => SiteLink::Canonical(canonical_url(&url)),
        None => SiteLink::Relative(href.to_string()),
    }
}

/// The pages (as full paths) that hold any site link, fewest first to read for their texts.
fn pages_holding(pages: &HashMap<PathBuf, Vec<u64>>, folder: &Path) -> Vec<PathBuf> {
    let mut holding: Vec<(&PathBuf, usize)> = pages
        .iter()
        .filter(|(_, held)| !held.is_empty())
        .map(|(page, held)| (page, held.len()))
        .collect();
    holding.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    holding
        .into_iter()
        .map(|(page, _)| folder.join(page))
        .collect()
}

/// The `href` text of each hash in `wanted`, read from `pages` (most site links first) until
/// every one is found: usually from the first page.
fn texts_of(pages: Vec<PathBuf>, wanted: &FxHashMap<u64, usize>) -> HashMap<u64, String> {
    let mut texts = HashMap::new();
    for page in pages {
        if texts.len() == wanted.len() {
            break;
        }
        let Ok(bytes) = fs::read(&page) else {
            continue;
        };
        for value in href_values(&bytes) {
            let value = unarchived(&value);
            let hash = xxh3_64(value.as_bytes());
            if wanted.contains_key(&hash) {
                texts.entry(hash).or_insert_with(|| value.into_owned());
            }
        }
    }
    texts
}

/// The distinct `href` values of a page's bytes, hashed (sorted).
fn hrefs(bytes: &[u8]) -> Vec<u64> {
    let mut hashes: Vec<u64> = href_values(bytes)
        .map(|value| xxh3_64(unarchived(&value).as_bytes()))
        .collect();
    hashes.sort_unstable();
    hashes.dedup();
    hashes
}

/// The `href` values of a page's bytes (`href=` or `HREF=`, quoted or not), entities in them
/// decoded, without fragments; at most [`MAX_HREFS`]. Borrowed from `bytes` when nothing needs
/// decoding (the common case: no copy per link).
fn href_values(bytes: &[u8]) -> impl Iterator<Item = Cow<'_, str>> + '_ {
    static LOWER: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"href"));
    static UPPER: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"HREF"));
    let lower = LOWER.find_iter(bytes);
    let upper = UPPER.find_iter(bytes);
    lower
        .chain(upper)
        .filter_map(|at| attribute_value(&bytes[at + b"href".len()..]))
        .take(MAX_HREFS)
}

/// The value of an attribute whose `=` is next in `rest` (after spaces), decoded, without its
/// fragment; `None` when empty or longer than [`MAX_HREF_BYTES`].
fn attribute_value(rest: &[u8]) -> Option<Cow<'_, str>> {
    let rest = rest
        .trim_ascii_start()
        .strip_prefix(b"=")?
        .trim_ascii_start();
    let (quote, rest) = match rest.first() {
        Some(&quote @ (b'"' | b'\'')) => (Some(quote), &rest[1..]),
        _ => (None, rest),
    };
    let window = &rest[..rest.len().min(MAX_HREF_BYTES + 1)];
    let end = match quote {
        Some(quote) => memchr::memchr(quote, window)?,
        None => window
            .iter()
            .position(|&b| b.is_ascii_whitespace() || b == b'>')?,
    };
    let raw = rest[..end].trim_ascii();
    let value = match std::str::from_utf8(raw) {
        Ok(text) if !raw.contains(&b'&') => Cow::Borrowed(before_fragment(text.trim())),
        _ => {
            let decoded = decode_entities(String::from_utf8_lossy(raw).trim());
            Cow::Owned(before_fragment(&decoded).to_string())
        }
    };
    (!value.is_empty()).then_some(value)
}

/// `value` up to its first `#`.
fn before_fragment(value: &str) -> &str {
    value.split_once('#').map_or(value, |(before, _)| before)
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
        let mut found: Vec<String> = href_values(page).map(Cow::into_owned).collect();
        found.sort();
        assert_eq!(hrefs(page).len(), 4);
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
        assert_eq!(hrefs(b"<a href=x>1</a><a href=x>2</a>").len(), 1);
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

    #[cfg(unix)]
    #[test]
    fn the_listing_takes_pages_and_links_to_pages_not_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("1.html"), "<p>one</p>").unwrap();
        fs::write(root.join("2.HTM"), "<p>two</p>").unwrap();
        fs::write(root.join("notes.md"), "notes").unwrap();
        fs::create_dir(root.join("folder.html")).unwrap();
        std::os::unix::fs::symlink(root.join("1.html"), root.join("3.html")).unwrap();
        std::os::unix::fs::symlink(root.join("folder.html"), root.join("4.html")).unwrap();
        let mut found = pages(root, false);
        found.sort();
        assert_eq!(
            found,
            [root.join("1.html"), root.join("2.HTM"), root.join("3.html")]
        );
        for bundle in ["a", "b"] {
            fs::create_dir(root.join(bundle)).unwrap();
            fs::write(root.join(bundle).join("index.html"), "<p>x</p>").unwrap();
        }
        fs::write(root.join("a").join("other.html"), "<p>y</p>").unwrap();
        std::os::unix::fs::symlink(root.join("b"), root.join("c")).unwrap();
        let mut bundles = pages(root, true);
        bundles.sort();
        assert_eq!(
            bundles,
            [
                root.join("a").join("index.html"),
                root.join("b").join("index.html"),
                root.join("c").join("index.html")
            ]
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
            PageSiteLinks([SiteLink::Canonical("site.example/archive".to_string())].into())
        );
        assert_ne!(held.mix_into(7), 7);
        assert_eq!(PageSiteLinks::default().mix_into(7), 7);
    }

    #[test]
    fn pages_the_scan_read_are_given_once_and_not_before_it() {
        let dir = tempfile::tempdir().unwrap();
        for n in 0..3 {
            let page = format!("<p><a href='https://x.example/{n}'>own</a></p>");
            fs::write(dir.path().join(format!("{n}.html")), page).unwrap();
        }
        let site = SiteLinks::default();
        let (first, second) = (dir.path().join("0.html"), dir.path().join("1.html"));
        assert_eq!(
            site.take_bytes(&second),
            None,
            "the folder is not scanned yet"
        );
        site.of_page(&first, &fs::read(&first).unwrap());
        assert_eq!(
            site.take_bytes(&first),
            None,
            "a page asked for is not kept"
        );
        assert_eq!(site.take_bytes(&second), Some(fs::read(&second).unwrap()));
        assert_eq!(site.take_bytes(&second), None);
        let left = fs::read(dir.path().join("2.html")).unwrap().len();
        assert_eq!(site.kept_bytes.load(Ordering::Relaxed), left);
    }
}
