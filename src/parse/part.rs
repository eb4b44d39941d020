//! Parts: one issue of a file that holds many (a feed entry, a message of an mbox or a Maildir),
//! as a container's reader hands it over and the index tracks it.

use super::feed;
use super::issue::Parsed;

/// One issue of a file that holds many (a feed entry, a message of an mbox or a Maildir),
/// tracked on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// Its stable key in the file (an entry's id; a Message-ID, or a hash of the headers of a
    /// message without).
    pub key: String,
    /// Its 1-based number in the file.
    pub number: usize,
    /// Its bytes: what its content hash comes from (and a message's documents).
    pub bytes: Vec<u8>,
    /// A feed entry, already read by the feed reader; `None` for a message.
    pub(super) entry: Option<Box<FeedEntry>>,
}

/// A feed entry as a part: what the feed reader made of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FeedEntry {
    /// The entry's header fields and blocks.
    pub(super) entry: feed::Entry,
    /// The feed's title, the name of its newsletter unless `--newsletter` says otherwise.
    pub(super) feed_title: Option<String>,
    /// What the reader had to work around (a feed read after repair), on its first entry.
    pub(super) notes: Vec<String>,
}

impl Part {
    /// A message of a mail container: its key, number and bytes.
    pub fn message(key: String, number: usize, bytes: Vec<u8>) -> Self {
        Self {
            key,
            number,
            bytes,
            entry: None,
        }
    }
}

/// What one part is to the index.
#[derive(Debug)]
pub enum PartIssue {
    /// An issue, parsed, with what the reader had to work around (broken MIME, a message too
    /// large, a feed that was not well-formed), one message each.
    Issue(Parsed, Vec<String>),
    /// A personal message, skipped for privacy (`--all-mail` takes them).
    Personal,
}
