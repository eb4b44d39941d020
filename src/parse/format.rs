//! Format detection, in one place: which reader a path is for, from its extension and (for the
//! formats an extension does not tell) its first bytes. A Maildir is a folder with `cur/` and
//! `new/`; an mbox is `.mbox` or a file starting `From `; a single message is `.eml` or a file
//! starting with RFC 5322 headers (`From:` and one of `Message-ID:`, `Subject:`,
//! `MIME-Version:`, `Received:`, `Return-Path:`), whatever its extension. Everything else is a
//! markdown issue.

use std::path::Path;

/// File extensions (lowercase, without the dot) of the mail files the parser reads.
pub const MAIL_EXTENSIONS: &[&str] = &["eml", "mbox"];

/// The reader a path is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One markdown (or plain text) issue.
    Markdown,
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
        !matches!(self, Format::Markdown)
    }
}

/// True when `dir` is a Maildir (has `cur/` and `new/` folders).
pub fn is_maildir(dir: &Path) -> bool {
    dir.join("cur").is_dir() && dir.join("new").is_dir()
}

/// The format of `path`, whose first bytes are `head` (ignored for a folder).
pub fn detect(path: &Path, head: &[u8]) -> Format {
    if path.is_dir() {
        return Format::Maildir;
    }
    let ext = path
        .extension()
        .and_then(|ext| ext.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("mbox") => return Format::Mbox,
        Some("eml") => return Format::Message,
        Some("md" | "markdown" | "mdx") => return Format::Markdown,
        _ => {}
    }
    if head.starts_with(b"From ") {
        return Format::Mbox;
    }
    if starts_with_mail_headers(head) {
        return Format::Message;
    }
    Format::Markdown
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
