//! What each entry's own text says that feed-rs does not keep: its first `dc:subject`, its
//! original link and comment pages, and its dates as written, read from the feed's XML (or JSON)
//! beside feed-rs and matched to its entries by order.

use feed_rs::model::Entry as FeedEntry;
use quick_xml::events::Event;
use quick_xml::Reader;

use crate::model::day;
use crate::parse::issue::clean::{collapse, plain_text};
use crate::parse::issue::date;

/// The entry's date as a `date` header value, and the line of the file it is written on:
/// the day of its written `published` (else `updated`) text, in the text's own offset
/// ([`date::written_day`], which reads every spelling feed generators write); else feed-rs's
/// day in UTC; else the written text itself, which the issue stage reports as a date it cannot
/// read. `None` for an entry that states no date (see the module doc of the feed reader).
pub(super) fn entry_date(entry: &FeedEntry, written: &Written) -> Option<(String, usize)> {
    let stated = [&written.published, &written.updated];
    if let Some((day, line)) = stated.iter().find_map(|stated| {
        let stated = stated.as_ref()?;
        date::written_day(&stated.text).map(|day| (day, stated.line))
    }) {
        return Some((day::format(day), line));
    }
    let first = stated.into_iter().flatten().next();
    let line = first.map_or(1, |stated| stated.line);
    match entry.published.or(entry.updated) {
        Some(instant) => Some((instant.format("%Y-%m-%d").to_string(), line)),
        None => first.map(|stated| (stated.text.clone(), line)),
    }
}

/// What each entry's own text says that feed-rs does not keep.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct Written {
    /// Its first `dc:subject`.
    pub(super) subject: Option<String>,
    /// `published`, `pubDate`, `dc:date`, `issued`, `created` or `date_published`, as written.
    published: Option<Stated>,
    /// `updated`, `modified` or `date_modified`, as written.
    updated: Option<Stated>,
    /// `feedburner:origLink`: the link a feed proxy's own link stands for.
    pub(super) original: Option<String>,
    /// A JSON Feed item's `external_url`: the page a link post is about.
    pub(super) external: Option<String>,
    /// Its comment pages (RSS `comments`, `wfw:commentRss`).
    pub(super) comments: Vec<String>,
}

/// A date as written, and the 1-based line of the file it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stated {
    text: String,
    line: usize,
}

/// Which of an entry's [`Written`] texts an element holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Subject,
    Published,
    Updated,
    Original,
    Comments,
}

/// The [`Written`] texts of each entry of a feed, in order: from the XML of an RSS or Atom feed,
/// or the items of a JSON Feed. Empty for anything else.
pub(super) fn written(bytes: &[u8]) -> Vec<Written> {
    if bytes.trim_ascii_start().starts_with(b"{") {
        return json_written(bytes);
    }
    xml_written(bytes)
}

/// The dates and external links of each item of a JSON Feed (a date's line: that of its key,
/// the keys taken in file order, as the items are).
fn json_written(bytes: &[u8]) -> Vec<Written> {
    let Ok(feed) = serde_json::from_slice::<serde_json::Value>(bytes) else {
        return Vec::new();
    };
    let text = |item: &serde_json::Value, key: &str| item.get(key)?.as_str().map(str::to_string);
    let mut published_lines = key_lines(bytes, "date_published");
    let mut updated_lines = key_lines(bytes, "date_modified");
    let mut stated = |item: &serde_json::Value, key: &str| {
        let lines = if key == "date_published" {
            &mut published_lines
        } else {
            &mut updated_lines
        };
        let line = lines.next().unwrap_or(1);
        let text = collapse(&text(item, key)?);
        (!text.is_empty()).then_some(Stated { text, line })
    };
    let Some(items) = feed.get("items").and_then(serde_json::Value::as_array) else {
        return Vec::new();
    };
    items
        .iter()
        .map(|item| Written {
            published: item
                .get("date_published")
                .and_then(|_| stated(item, "date_published")),
            updated: item
                .get("date_modified")
                .and_then(|_| stated(item, "date_modified")),
            external: text(item, "external_url").map(|url| url.trim().to_string()),
            ..Written::default()
        })
        .collect()
}

/// The 1-based lines of each `"key"` in `bytes`, in order, counted in one pass.
fn key_lines(bytes: &[u8], key: &str) -> std::vec::IntoIter<usize> {
    let needle = format!("\"{key}\"");
    let (mut line, mut counted) = (1, 0);
    let mut lines = Vec::new();
    for at in memchr::memmem::find_iter(bytes, needle.as_bytes()) {
        line += memchr::memchr_iter(b'\n', &bytes[counted..at]).count();
        counted = at;
        lines.push(line);
    }
    lines.into_iter()
}

/// The slot of an element that is a direct child of an entry, by its name.
fn slot_of(name: &str) -> Option<Slot> {
    let (prefix, local) = name.rsplit_once(':').unwrap_or(("", name));
    let dublin_core = matches!(prefix, "dc" | "dcterms");
    match local {
        "subject" if dublin_core => Some(Slot::Subject),
        // `issued` and `created`: Atom 0.3's.
        "published" | "pubDate" | "issued" => Some(Slot::Published),
        "created" if prefix.is_empty() => Some(Slot::Published),
        "date" | "created" if dublin_core => Some(Slot::Published),
        "updated" | "modified" => Some(Slot::Updated),
        "origLink" => Some(Slot::Original),
        "comments" if prefix.is_empty() => Some(Slot::Comments),
        "commentRss" => Some(Slot::Comments),
        _ => None,
    }
}

/// The [`Written`] texts of each `item` or `entry` of an RSS or Atom document, in order.
fn xml_written(bytes: &[u8]) -> Vec<Written> {
    let mut reader = Reader::from_reader(bytes);
    let mut entries: Vec<Written> = Vec::new();
    let (mut depth, mut entry_depth) = (0usize, None::<usize>);
    let mut open: Option<(Slot, String, usize)> = None;
    let (mut line, mut counted) = (1usize, 0usize);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(tag)) => {
                depth += 1;
                let name = tag.name().into_inner();
                if matches!(tag.local_name().into_inner(), "item" | "entry") {
                    entries.push(Written::default());
                    entry_depth = Some(depth);
                } else if entry_depth == Some(depth - 1) {
                    let at = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
                    let at = at.min(bytes.len()).max(counted);
                    line += memchr::memchr_iter(b'\n', &bytes[counted..at]).count();
                    counted = at;
                    open = slot_of(name).map(|slot| (slot, String::new(), line));
                }
            }
            Ok(Event::Text(text)) => {
                if let Some((_, value, _)) = &mut open {
                    value.push_str(&text.xml10_content());
                }
            }
            Ok(Event::CData(data)) => {
                if let Some((_, value, _)) = &mut open {
                    value.push_str(data.as_ref());
                }
            }
            Ok(Event::GeneralRef(entity)) => {
                if let Some((_, value, _)) = &mut open {
                    value.push('&');
                    value.push_str(&entity.xml10_content());
                    value.push(';');
                }
            }
            Ok(Event::End(_)) => {
                if entry_depth == Some(depth) {
                    entry_depth = None;
                }
                depth = depth.saturating_sub(1);
                if let (Some(element), Some(entry)) = (open.take(), entries.last_mut()) {
                    keep(entry, element);
                }
            }
            Ok(Event::Eof) | Err(_) => return entries,
            _ => {}
        }
        buf.clear();
    }
}

/// Puts an element's text into the entry's slot, unless an earlier element filled it (comment
/// pages are all kept).
fn keep(entry: &mut Written, (slot, value, line): (Slot, String, usize)) {
    let text = collapse(&plain_text(&value));
    if text.is_empty() {
        return;
    }
    match slot {
        Slot::Subject => {
            entry.subject.get_or_insert(text);
        }
        Slot::Published => {
            entry.published.get_or_insert(Stated { text, line });
        }
        Slot::Updated => {
            entry.updated.get_or_insert(Stated { text, line });
        }
        Slot::Original => {
            entry.original.get_or_insert(text);
        }
        Slot::Comments => entry.comments.push(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(stated: &Option<Stated>) -> Option<(&str, usize)> {
        stated.as_ref().map(|s| (s.text.as_str(), s.line))
    }

    #[test]
    fn written_dates_are_read_from_each_entry_itself() {
        let atom = b"<feed><entry><published>2019-02-20T00:00:00+01:00</published><source><updated>2001-01-01T00:00:00Z</updated></source></entry>\n<entry>\n<updated> 2019-02-06T00:15:00+09:00 </updated><dc:subject>Ops</dc:subject></entry></feed>";
        let found = written(atom);
        assert_eq!(found.len(), 2);
        assert_eq!(
            text(&found[0].published),
            Some(("2019-02-20T00:00:00+01:00", 1))
        );
        assert_eq!(found[0].updated, None);
        assert_eq!(
            text(&found[1].updated),
            Some(("2019-02-06T00:15:00+09:00", 3))
        );
        assert_eq!(found[1].subject.as_deref(), Some("Ops"));
        let json = b"{\"items\":[{\"date_published\":\"2019-02-20T00:00:00+13:00\"},\n{\"date_modified\":\"x\", \"external_url\": \"https://a.example/x\"}]}";
        let found = written(json);
        assert_eq!(
            text(&found[0].published),
            Some(("2019-02-20T00:00:00+13:00", 1))
        );
        assert_eq!(text(&found[1].updated), Some(("x", 2)));
        assert_eq!(found[1].external.as_deref(), Some("https://a.example/x"));
    }

    #[test]
    fn original_links_and_comment_pages_are_kept() {
        let rss = br#"<rss><channel><item><link>https://feedproxy.example/~r/x</link><feedburner:origLink> https://blog.example/post </feedburner:origLink><comments>https://blog.example/post#comments</comments><wfw:commentRss>https://blog.example/post/feed/</wfw:commentRss></item></channel></rss>"#;
        let found = written(rss);
        assert_eq!(
            found[0].original.as_deref(),
            Some("https://blog.example/post")
        );
        assert_eq!(
            found[0].comments,
            [
                "https://blog.example/post#comments",
                "https://blog.example/post/feed/"
            ]
        );
    }
}
