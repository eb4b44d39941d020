//! Splitting a mail container into its messages, each with a stable key: an mbox file (split on
//! `From ` lines), a Maildir folder (`cur/` then `new/`, sorted; `tmp/` is never read), or a
//! single message. The key is the Message-ID (without `<>`), or for a message with none `h` and
//! a hash of its header block, so the same message in two places is one issue.

use std::fs;
use std::io;
use std::path::Path;

use mail_parser::mailbox::mbox::MessageIterator;
use xxhash_rust::xxh3::xxh3_64;

use crate::parse::format::Format;
use crate::parse::part::Part;

/// The messages of a mail container, the first copy of each key only, in file order.
pub fn read(path: &Path, format: Format, bytes: &[u8]) -> io::Result<Vec<Part>> {
    let messages = match format {
        Format::Mbox => mbox_messages(bytes),
        Format::Maildir => maildir_messages(path)?,
        _ => vec![bytes.to_vec()],
    };
    let mut seen = std::collections::HashSet::new();
    Ok(messages
        .into_iter()
        .zip(1..)
        .filter_map(|(bytes, number)| {
            let key = message_key(&bytes);
            seen.insert(key.clone())
                .then(|| Part::message(key, number, bytes))
        })
        .collect())
}

/// The messages of an mbox, without their `From ` separator lines.
fn mbox_messages(bytes: &[u8]) -> Vec<Vec<u8>> {
    MessageIterator::new(bytes)
        .filter_map(Result::ok)
        .map(mail_parser::mailbox::mbox::Message::unwrap_contents)
        .collect()
}

/// The message files of a Maildir: `cur/` then `new/`, each sorted by name; hidden files skipped.
fn maildir_messages(dir: &Path) -> io::Result<Vec<Vec<u8>>> {
    let mut messages = Vec::new();
    for sub in ["cur", "new"] {
        let mut names: Vec<_> = fs::read_dir(dir.join(sub))?
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_file()))
            .filter(|entry| !entry.file_name().to_string_lossy().starts_with('.'))
            .map(|entry| entry.path())
            .collect();
        names.sort();
        for name in names {
            messages.push(fs::read(name)?);
        }
    }
    Ok(messages)
}

/// The key of one message: its Message-ID without `<>`, else `h` and the hash of its headers.
pub fn message_key(bytes: &[u8]) -> String {
    let head = header_block(bytes);
    let text = String::from_utf8_lossy(head);
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        if !name.eq_ignore_ascii_case("message-id") {
            continue;
        }
        let mut value = value.trim().to_string();
        while let Some(next) = lines.next_if(|next| next.starts_with([' ', '\t'])) {
            value.push_str(next.trim());
        }
        let id = value.trim_start_matches('<').trim_end_matches('>').trim();
        if !id.is_empty() && id.chars().all(|c| c.is_ascii_graphic()) {
            return id.to_string();
        }
    }
    format!("h{:016x}", xxh3_64(head))
}

/// The header block of a message: up to its first empty line.
fn header_block(bytes: &[u8]) -> &[u8] {
    let end = memchr::memmem::find(bytes, b"\n\n")
        .or_else(|| memchr::memmem::find(bytes, b"\r\n\r\n"))
        .unwrap_or(bytes.len());
    &bytes[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_message_ids_or_header_hashes() {
        assert_eq!(
            message_key(b"From: a\nMessage-ID:\n <x.1@list.io>\n\nbody"),
            "x.1@list.io"
        );
        let hashed = message_key(b"From: a\nSubject: s\n\nbody one");
        assert!(hashed.starts_with('h') && hashed.len() == 17, "{hashed}");
        assert_eq!(hashed, message_key(b"From: a\nSubject: s\n\nbody two"));
    }

    #[test]
    fn an_mbox_is_split_on_from_lines_and_copies_are_one() {
        let mbox = b"From a@x Mon Jan  1 00:00:00 2024\nMessage-ID: <1@x>\n\none\nFrom b@x Mon Jan  1 00:00:00 2024\nMessage-ID: <2@x>\n\ntwo\nFrom c@x Mon Jan  1 00:00:00 2024\nMessage-ID: <1@x>\n\none\n";
        let parts = read(Path::new("x.mbox"), Format::Mbox, mbox).unwrap();
        let keys: Vec<_> = parts.iter().map(|p| (p.key.as_str(), p.number)).collect();
        assert_eq!(keys, [("1@x", 1), ("2@x", 2)]);
    }
}
