//! Splitting a mail container into its messages, each with a stable key: an mbox file (split on
//! `From ` lines), a Maildir folder (`cur/` then `new/`, sorted; `tmp/` is never read), or a
//! single message. The key is the Message-ID (without `<>`); `m` and its hash for an id made for
//! one delivery (a long run of letters and digits: the sender could tell the recipient from it);
//! or for a message with none (or one that holds the recipient's address, as a bounce-style
//! `id.reader=home.example@host` does) `h` and a hash of its header block, so the same message
//! in two places is one issue.

use std::fs;
use std::io;
use std::path::Path;

use mail_parser::mailbox::mbox::MessageIterator;
use xxhash_rust::xxh3::xxh3_64;

use super::identity::Subscriber;
use crate::parse::format::Format;
use crate::parse::part::Part;

/// The messages of a mail container, in file order, copies included (the caller keeps the first
/// copy of each key, and counts the others).
pub fn read(path: &Path, format: Format, bytes: &[u8]) -> io::Result<Vec<Part>> {
    let messages = match format {
        Format::Mbox => mbox_messages(bytes),
        Format::Maildir => maildir_messages(path)?,
        _ => vec![bytes.to_vec()],
    };
    Ok(messages
        .into_iter()
        .zip(1..)
        .map(|(bytes, number)| Part::message(message_key(&bytes), number, bytes))
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

/// The key of one message: its Message-ID without `<>` (hashed when made for one delivery,
/// [`is_per_delivery`]; unless it holds a recipient's address), else `h` and the hash of its
/// headers.
pub fn message_key(bytes: &[u8]) -> String {
    let head = header_block(bytes);
    let text = String::from_utf8_lossy(head);
    let ids = header_values(&text, &["message-id"]);
    let id = ids.first().map_or("", |id| id.as_str());
    let id = id.trim_start_matches('<').trim_end_matches('>').trim();
    let recipients = header_values(&text, &["to", "delivered-to", "x-original-to"]);
    let recipient = recipients
        .iter()
        .flat_map(|value| value.split([' ', ',', '<', '>', '"', ';']))
        .filter(|word| word.contains('@'));
    let usable = !id.is_empty()
        && id.chars().all(|c| c.is_ascii_graphic())
        && !Subscriber::new(recipient).carries(id);
    if usable && is_per_delivery(id) {
        return format!("m{:016x}", xxh3_64(id.as_bytes()));
    }
    if usable {
        return id.to_string();
    }
    format!("h{:016x}", xxh3_64(head))
}

/// The shortest run of letters and digits that makes a Message-ID one per delivery.
const DELIVERY_RUN: usize = 16;

/// True for a Message-ID made for one delivery (`0100018c2b3d4e5f-…@email.amazonses.com`): its
/// local part holds a run of [`DELIVERY_RUN`] or more letters and digits, both among them. The
/// sender can tell the recipient from it, so it is kept only as a hash (`m` and the hash): still
/// one key for the same message in two places, but no id in `source`.
fn is_per_delivery(id: &str) -> bool {
    let local = id.split('@').next().unwrap_or_default();
    local
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|run| {
            run.len() >= DELIVERY_RUN
                && run.bytes().any(|b| b.is_ascii_digit())
                && run.bytes().any(|b| b.is_ascii_alphabetic())
        })
}

/// The values of the header fields named `names` (lowercase) in a header block, in order, each
/// with its folded lines joined.
fn header_values(text: &str, names: &[&str]) -> Vec<String> {
    let mut values = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let Some((name, first)) = line.split_once(':') else {
            continue;
        };
        if !names.contains(&name.trim().to_ascii_lowercase().as_str()) {
            continue;
        }
        let mut value = first.trim().to_string();
        while let Some(next) = lines.next_if(|next| next.starts_with([' ', '\t'])) {
            value.push_str(next.trim());
        }
        values.push(value);
    }
    values
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
    fn a_per_delivery_message_id_is_kept_as_a_hash() {
        let key = message_key(
            b"Message-ID: <0100018c2b3d4e5f-7a8b9c0d-1111@email.amazonses.com>\n\nbody",
        );
        assert_eq!(key.len(), 17);
        assert!(
            key.starts_with('m') && !key.contains("0100018c2b3d4e5f"),
            "{key}"
        );
        assert_eq!(
            key,
            message_key(b"From: x\nMessage-ID: <0100018c2b3d4e5f-7a8b9c0d-1111@email.amazonses.com>\n\nother")
        );
        assert_eq!(
            message_key(b"Message-ID: <issue-101@opsweekly.example>\n\nx"),
            "issue-101@opsweekly.example"
        );
        assert_eq!(
            message_key(b"Message-ID: <20261115130500.3.77@mg1.substack.com>\n\nx"),
            "20261115130500.3.77@mg1.substack.com"
        );
    }

    #[test]
    fn keys_are_message_ids_or_header_hashes() {
        assert_eq!(
            message_key(b"From: a\nMessage-ID:\n <x.1@list.io>\n\nbody"),
            "x.1@list.io"
        );
        let hashed = message_key(b"From: a\nSubject: s\n\nbody one");
        assert!(hashed.starts_with('h') && hashed.len() == 17, "{hashed}");
        assert_eq!(hashed, message_key(b"From: a\nSubject: s\n\nbody two"));
        let bounce = message_key(
            b"To: <reader@home.example>\nMessage-ID: <7.reader=home.example@b.example>\n\nx",
        );
        assert!(bounce.starts_with('h'), "{bounce}");
    }

    #[test]
    fn an_mbox_is_split_on_from_lines_with_its_copies() {
        let mbox = b"From a@x Mon Jan  1 00:00:00 2024\nMessage-ID: <1@x>\n\none\nFrom b@x Mon Jan  1 00:00:00 2024\nMessage-ID: <2@x>\n\ntwo\nFrom c@x Mon Jan  1 00:00:00 2024\nMessage-ID: <1@x>\n\none\n";
        let parts = read(Path::new("x.mbox"), Format::Mbox, mbox).unwrap();
        let keys: Vec<_> = parts.iter().map(|p| (p.key.as_str(), p.number)).collect();
        assert_eq!(keys, [("1@x", 1), ("2@x", 2), ("1@x", 3)]);
    }
}
