//! Which reader a file goes to: the one place formats are told apart, by extension and by
//! content. Content decides first where it is clear: a feed (`<rss`, `<feed`, `<rdf:RDF`, a JSON
//! Feed), an HTML document, an mbox (a file starting `From `) or a single message (a file
//! starting with RFC 5322 headers: `From:` and one of `Message-ID:`, `Subject:`,
//! `MIME-Version:`, `Received:`, `Return-Path:`), whatever its extension; then the extension;
//! everything else is markdown. A Maildir is a folder with `cur/` and `new/`.

use std::borrow::Cow;
use std::path::Path;

/// The reader a path is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One markdown (or plain text) issue.
    Markdown,
    /// One HTML page.
    Html,
    /// An RSS, Atom or JSON Feed document: one issue per entry.
    Feed,
    /// One email message.
    Message,
    /// An mbox file: many messages.
    Mbox,
    /// A Maildir folder: one message per file in `cur/` and `new/`.
    Maildir,
}

impl Format {
    /// True for the formats whose files hold many issues, each tracked on its own.
    pub fn is_container(self) -> bool {
        !matches!(self, Format::Markdown | Format::Html)
    }
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
    ("eml", Format::Message),
    ("mbox", Format::Mbox),
];

/// File extensions (lowercase, without the dot) of the issue files the parser reads: those of
/// [`BY_EXTENSION`], in its order.
pub const EXTENSIONS: &[&str] = &EXTENSION_NAMES;

/// The extensions of [`BY_EXTENSION`] alone.
const EXTENSION_NAMES: [&str; BY_EXTENSION.len()] = {
    let mut names = [""; BY_EXTENSION.len()];
    let mut index = 0;
    while index < names.len() {
        names[index] = BY_EXTENSION[index].0;
        index += 1;
    }
    names
};

/// Bytes from the top of a file that [`is_binary`] looks at (as git and grep do).
const BINARY_PROBE: usize = 8 * 1024;

/// The control bytes text does not hold: C0 controls but tab, line feed, carriage return, form
/// feed and escape; and DEL. A table, so that counting them over the probe is a load and an add
/// per byte (the tests against a list cost more than the rest of telling a format).
const CONTROL_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = !matches!(byte as u8, b'\t' | b'\n' | b'\r' | b'\x0c' | b'\x1b');
        byte += 1;
    }
    table[0x7f] = true;
    table
};

/// True when `bytes` are no text (an image, an archive, an executable): a NUL byte in the first
/// 8 KiB, or more than one byte in ten of them a control byte that text does not hold. A file
/// that starts with a byte-order mark is text in that encoding (UTF-16 holds NULs).
pub fn is_binary(bytes: &[u8]) -> bool {
    const BOMS: [&[u8]; 3] = [b"\xEF\xBB\xBF", b"\xFF\xFE", b"\xFE\xFF"];
    if BOMS.iter().any(|bom| bytes.starts_with(bom)) {
        return false;
    }
    let head = &bytes[..bytes.len().min(BINARY_PROBE)];
    let controls: usize = head
        .iter()
        .map(|&b| usize::from(CONTROL_BYTES[usize::from(b)]))
        .sum();
    memchr::memchr(0, head).is_some() || controls * 10 > head.len()
}

/// True when `dir` is a Maildir (has `cur/` and `new/` folders).
pub fn is_maildir(dir: &Path) -> bool {
    dir.join("cur").is_dir() && dir.join("new").is_dir()
}

/// The format of `path` by its extension alone, when it has a known one.
pub fn by_extension(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?;
    BY_EXTENSION
        .iter()
        .find(|(known, _)| ext.eq_ignore_ascii_case(known))
        .map(|(_, format)| *format)
}

/// True for a file a folder walk takes: one with a known extension, and for a feed extension
/// (`.xml`, `.json`, ...) content that opens a feed, so that a site's `sitemap.xml` or a
/// `package.json` is not read as an issue (a file named on the command line is always read).
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
    Some(head_of(&head).into_owned())
}

/// The format of `path`, whose bytes (or first bytes) are `bytes` (ignored for a folder). A
/// folder has no bytes: only then is the file system asked whether `path` is one (a `stat` per
/// file was a twentieth of reading a folder of small pages).
pub fn detect(path: &Path, bytes: &[u8]) -> Format {
    if bytes.is_empty() && path.is_dir() {
        return Format::Maildir;
    }
    let extension = by_extension(path);
    if matches!(
        extension,
        Some(Format::Mbox | Format::Message | Format::Markdown)
    ) && !path
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("txt"))
    {
        return extension.unwrap_or(Format::Markdown);
    }
    let head = head_of(bytes);
    if is_feed(&head) {
        return Format::Feed;
    }
    if super::html::looks_like_document(&head) {
        return Format::Html;
    }
    if bytes.starts_with(b"From ") {
        return Format::Mbox;
    }
    if starts_with_mail_headers(bytes) {
        return Format::Message;
    }
    match extension {
        Some(Format::Feed) if !head.trim_start().starts_with(['<', '{']) => Format::Markdown,
        Some(format) => format,
        None => Format::Markdown,
    }
}

/// The first KiB of `bytes` as text (invalid bytes replaced), without a BOM. Borrowed when it
/// is UTF-8 (a character cut at the KiB's end left out): the common case, checked by the
/// standard library's fast validation.
fn head_of(bytes: &[u8]) -> Cow<'_, str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let head = &bytes[..bytes.len().min(1024)];
    match std::str::from_utf8(head) {
        Ok(text) => Cow::Borrowed(text),
        Err(cut) if cut.error_len().is_none() => {
            Cow::Borrowed(std::str::from_utf8(&head[..cut.valid_up_to()]).unwrap_or_default())
        }
        Err(_) => String::from_utf8_lossy(head),
    }
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
        // A root in a namespace prefix of its own (`<atom:feed xmlns:atom=…>`) by its local name.
        let name_end = tag
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(tag.len());
        let local = match tag[..name_end].split_once(':') {
            Some((prefix, _)) if prefix != "rdf" => &tag[prefix.len() + 1..],
            _ => tag,
        };
        local.starts_with("rss") || local.starts_with("feed") || local.starts_with("rdf:rdf")
    })
}

/// Header names that, next to `From:`, mark a block of headers as an email's.
const MAIL_MARKERS: &[&str] = &[
    "message-id",
    "subject",
    "mime-version",
    "received",
    "return-path",
];

/// True when `head` opens with an RFC 5322 header block holding `From:` and a mail marker
/// (Pelican headers such as `Title:` / `Date:` never hold `From:`).
fn starts_with_mail_headers(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(&head[..head.len().min(8192)]);
    let mut from = false;
    let mut marker = false;
    for line in text.lines() {
        if line.trim().is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            continue;
        }
        let Some((name, _)) = line.split_once(':') else {
            return false;
        };
        if name.is_empty() || name.contains(|c: char| !(c.is_ascii_alphanumeric() || c == '-')) {
            return false;
        }
        let name = name.to_ascii_lowercase();
        from |= name == "from";
        marker |= MAIL_MARKERS.contains(&name.as_str());
    }
    from && marker
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides_then_the_extension() {
        let detect = |name: &str, bytes: &[u8]| detect(Path::new(name), bytes);
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
                "a.xml",
                b"<?xml version='1.0'?>\n<atom:feed xmlns:atom='x'>"
            ),
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

    #[test]
    fn formats_come_from_extension_then_first_bytes() {
        let mail = b"From: A <a@x.io>\nSubject: Hi\n\nbody";
        assert_eq!(detect(Path::new("x.mbox"), b""), Format::Mbox);
        assert_eq!(detect(Path::new("x.EML"), b""), Format::Message);
        assert_eq!(detect(Path::new("x.md"), mail), Format::Markdown);
        assert_eq!(detect(Path::new("x.txt"), mail), Format::Message);
        assert_eq!(
            detect(Path::new("inbox"), b"From a@x Mon Jan"),
            Format::Mbox
        );
        assert_eq!(
            detect(Path::new("x.txt"), b"Title: Issue 3\nDate: 2020-01-01\n\nx"),
            Format::Markdown
        );
        assert_eq!(
            detect(Path::new("x.txt"), b"From: a\nbody text\n"),
            Format::Markdown
        );
    }
}
