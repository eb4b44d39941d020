//! What each entry's own text says that feed-rs does not keep: its first `dc:subject`, and its
//! dates as written, read from the feed's XML (or JSON) beside feed-rs and matched to its
//! entries by order.

use feed_rs::model::Entry as FeedEntry;
use quick_xml::events::Event;
use quick_xml::Reader;

use crate::parse::issue::clean::{collapse, plain_text};
use crate::parse::issue::date;

/// The entry's day as its publisher wrote it: the day of its written `published` (else
/// `updated`) text, in the text's own offset ([`date::written_day`]); feed-rs's day in UTC when
/// the text cannot be read or is more than a day from feed-rs's instant (the raw entries were
/// not matched up right).
pub(super) fn entry_date(entry: &FeedEntry, written: Option<&Written>) -> Option<String> {
    let (instant, text) = match entry.published {
        Some(at) => (at, written.and_then(|w| w.published.as_deref())),
        None => (entry.updated?, written.and_then(|w| w.updated.as_deref())),
    };
    let utc = crate::model::day::parse(&instant.format("%Y-%m-%d").to_string());
    let near = |day: &time::Date| utc.is_none_or(|utc| (*day - utc).whole_days().abs() <= 1);
    text.and_then(date::written_day)
        .filter(near)
        .or(utc)
        .map(crate::model::day::format)
}

/// What each entry's own text says that feed-rs does not keep: its first `dc:subject`, and its
/// dates as written (feed-rs turns them into UTC instants, which can move them a day).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct Written {
    pub(super) subject: Option<String>,
    /// `published`, `pubDate`, `dc:date`, `issued` or `date_published`, as written.
    published: Option<String>,
    /// `updated`, `modified` or `date_modified`, as written.
    updated: Option<String>,
}

/// Which of an entry's [`Written`] texts an element holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Subject,
    Published,
    Updated,
}

/// The [`Written`] texts of each entry of a feed, in order: from the XML of an RSS or Atom feed,
/// or the items of a JSON Feed. Empty for anything else.
pub(super) fn written(bytes: &[u8]) -> Vec<Written> {
    if bytes.trim_ascii_start().starts_with(b"{") {
        return json_written(bytes);
    }
    xml_written(bytes)
}

/// The dates of each item of a JSON Feed.
fn json_written(bytes: &[u8]) -> Vec<Written> {
    let Ok(feed) = serde_json::from_slice::<serde_json::Value>(bytes) else {
        return Vec::new();
    };
    let text = |item: &serde_json::Value, key: &str| item.get(key)?.as_str().map(str::to_string);
    feed.get("items")
        .and_then(serde_json::Value::as_array)
        .map(|items| {
            items
                .iter()
                .map(|item| Written {
                    subject: None,
                    published: text(item, "date_published"),
                    updated: text(item, "date_modified"),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The slot of an element that is a direct child of an entry, by its name.
fn slot_of(name: &str) -> Option<Slot> {
    let local = name.rsplit(':').next().unwrap_or(name);
    let dublin_core = name.starts_with("dc:") || name.starts_with("dcterms:");
    match local {
        "subject" if dublin_core => Some(Slot::Subject),
        "published" | "pubDate" | "issued" => Some(Slot::Published),
        "date" | "created" if dublin_core => Some(Slot::Published),
        "updated" | "modified" => Some(Slot::Updated),
        _ => None,
    }
}

/// The [`Written`] texts of each `item` or `entry` of an RSS or Atom document, in order.
fn xml_written(bytes: &[u8]) -> Vec<Written> {
    let mut reader = Reader::from_reader(bytes);
    let mut entries: Vec<Written> = Vec::new();
    let (mut depth, mut entry_depth) = (0usize, None::<usize>);
    let mut open: Option<(Slot, String)> = None;
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
                    open = slot_of(name).map(|slot| (slot, String::new()));
                }
            }
            Ok(Event::Text(text)) => {
                if let Some((_, value)) = &mut open {
                    value.push_str(&text.xml10_content());
                }
            }
            Ok(Event::CData(data)) => {
                if let Some((_, value)) = &mut open {
                    value.push_str(data.as_ref());
                }
            }
            Ok(Event::GeneralRef(entity)) => {
                if let Some((_, value)) = &mut open {
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
                if let (Some((slot, value)), Some(entry)) = (open.take(), entries.last_mut()) {
                    keep(entry, slot, value);
                }
            }
            Ok(Event::Eof) | Err(_) => return entries,
            _ => {}
        }
        buf.clear();
    }
}

/// Puts an element's text into the entry's slot, unless an earlier element filled it.
fn keep(entry: &mut Written, slot: Slot, value: String) {
    let value = collapse(&plain_text(&value));
    let place = match slot {
        Slot::Subject => &mut entry.subject,
        Slot::Published => &mut entry.published,
        Slot::Updated => &mut entry.updated,
    };
    if place.is_none() && !value.is_empty() {
        *place = Some(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_dates_are_read_from_each_entry_itself() {
        let atom = br#"<feed><entry><published>2019-02-20T00:00:00+01:00</published><source><updated>2001-01-01T00:00:00Z</updated></source></entry><entry><updated> 2019-02-06T00:15:00+09:00 </updated><dc:subject>Ops</dc:subject></entry></feed>"#;
        let found = written(atom);
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0].published.as_deref(),
            Some("2019-02-20T00:00:00+01:00")
        );
        assert_eq!(found[0].updated, None);
        assert_eq!(
            found[1].updated.as_deref(),
            Some("2019-02-06T00:15:00+09:00")
        );
        assert_eq!(found[1].subject.as_deref(), Some("Ops"));
        let json =
            br#"{"items":[{"date_published":"2019-02-20T00:00:00+13:00"},{"date_modified":"x"}]}"#;
        let found = written(json);
        assert_eq!(
            found[0].published.as_deref(),
            Some("2019-02-20T00:00:00+13:00")
        );
        assert_eq!(found[1].updated.as_deref(), Some("x"));
    }
}
