//! Which reader a file goes to: the one place formats are told apart, by extension first and then
//! by content (a `.txt` that is a saved web page is HTML; an `.xml` that is a sitemap is no issue).

use std::path::Path;

/// The formats the parser reads, each with its own reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Markdown or plain text (`.md`, `.markdown`, `.mdx`, `.txt`, and anything else).
    Markdown,
    /// An HTML page.
    Html,
    /// An RSS, Atom or JSON Feed document.
    Feed,
}

/// Extensions (lowercase, without the dot) of each format's files, as found in folders.
const BY_EXTENSION: &[(&str, Format)] = &[
    ("md", Format::Markdown),
    ("markdown", Format::Markdown),
    ("mdx", Format::Markdown),
    ("txt", Format::Markdown),
    ("html", Format::Html),
    ("htm", Format::Html),
    ("xhtml", Format::Html),
    ("xml", Format::Feed),
    ("rss", Format::Feed),
    ("atom", Format::Feed),
    ("rdf", Format::Feed),
    ("json", Format::Feed),
];

/// File extensions (lowercase, without the dot) of the issue files the parser reads.
pub const EXTENSIONS: &[&str] = &[
    "md", "markdown", "mdx", "txt", "html", "htm", "xhtml", "xml", "rss", "atom", "rdf", "json",
];

/// The format of `path` by its extension alone, when it has a known one.
pub fn by_extension(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?;
    BY_EXTENSION
        .iter()
        .find(|(known, _)| ext.eq_ignore_ascii_case(known))
        .map(|(_, format)| *format)
}

/// True for a file a folder walk takes: one with a markdown or HTML extension, or a feed
/// extension (`.xml`, `.json`, ...) whose first KiB opens a feed, so that a site's
/// `sitemap.xml` or a `package.json` is not read as an issue (a file named on the command line
/// is always read).
pub fn is_issue_file(path: &Path) -> bool {
    match by_extension(path) {
        None => false,
        Some(Format::Feed) => head_of_file(path).is_some_and(|head| is_feed(&head)),
        Some(_) => true,
    }
}

/// The first KiB of the file at `path` as text, when it can be read.
fn head_of_file(path: &Path) -> Option<String> {
    use std::io::Read;
    let mut head = Vec::with_capacity(1024);
    std::fs::File::open(path)
        .ok()?
        .take(1024)
        .read_to_end(&mut head)
        .ok()?;
    Some(head_of(&head))
}

/// The format of the file `source` holding `bytes`: what its content says when that is clear
/// (an HTML document, a feed), else what its extension says, else markdown.
pub fn detect(source: &str, bytes: &[u8]) -> Format {
    let head = head_of(bytes);
    if is_feed(&head) {
        return Format::Feed;
    }
    if super::html::looks_like_document(&head) {
        return Format::Html;
    }
    match by_extension(Path::new(source)) {
        Some(Format::Feed) if !head.trim_start().starts_with(['<', '{']) => Format::Markdown,
        Some(format) => format,
        None => Format::Markdown,
    }
}

/// The first KiB of `bytes` as text (invalid bytes replaced), without a BOM.
fn head_of(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).into_owned()
}

/// True when `head` opens an RSS, RDF or Atom document, or a JSON Feed.
fn is_feed(head: &str) -> bool {
    let lower = head.to_ascii_lowercase();
    let start = lower.trim_start();
    if start.starts_with('{') {
        return lower.contains("jsonfeed.org/version");
    }
    let root = start
        .split('<')
        .map(str::trim_start)
        .find(|tag| !tag.is_empty() && !tag.starts_with('?') && !tag.starts_with('!'));
    root.is_some_and(|tag| {
        tag.starts_with("rss") || tag.starts_with("feed") || tag.starts_with("rdf:rdf")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides_then_the_extension() {
        assert_eq!(detect("a.md", b"# Title\n"), Format::Markdown);
        assert_eq!(detect("a.txt", b"<!DOCTYPE html><html>"), Format::Html);
        assert_eq!(detect("a.html", b"<p>fragment</p>"), Format::Html);
        assert_eq!(
            detect("feed", b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">"),
            Format::Feed
        );
        assert_eq!(
            detect("a.xml", b"<?xml version='1.0'?><!-- c --><feed xmlns='x'>"),
            Format::Feed
        );
        assert_eq!(
            detect(
                "f.json",
                br#"{"version": "https://jsonfeed.org/version/1.1"}"#
            ),
            Format::Feed
        );
        assert_eq!(detect("notes.xml", b"plain words"), Format::Markdown);
        assert_eq!(detect("x", b"\xEF\xBB\xBF<html><body>"), Format::Html);
    }
}
