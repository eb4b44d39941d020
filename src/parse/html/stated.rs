//! The dates a page's markup states of itself, gathered in the facts' one pass over the DOM, and
//! the one that is the issue's: what the markup marks as published, never what it marks as
//! updated.
//!
//! Strongest first:
//! 1. an element marked as the publication date: `itemprop="datePublished"` (its `content`, else
//!    `datetime`, else its text), a `<time pubdate>`, or a `published` / `dt-published` class
//!    (hAtom's `<abbr class="published" title="…">`, microformats2, WordPress's
//!    `<time class="entry-date published">`: its `datetime`, else `title`, else its text);
//! 2. `article:published_time`;
//! 3. a date `<meta>` ([`DATE_METAS`]: `date`, `dc.date`, `dcterms.date`, `dc.date.issued`, …);
//! 4. JSON-LD `datePublished` (anywhere in the object, `@graph` included);
//! 5. the first other `<time>` (its `datetime`, else its text) that is not an update's: neither
//!    it nor its parent classed `updated` / `modified` (`dt-updated`, `last-modified`), not
//!    `itemprop="dateModified"`, not after words ending in `updated`, `modified`, `edited` or
//!    `revised` (`Last updated <time>…`, `<span>Updated</span> <time>…`).
//!
//! Each is kept as written: its day is [`crate::parse::issue::date::written_day`]'s, in the
//! offset it was written in.

use scraper::ElementRef;

use super::roles::attr;
use crate::parse::issue::clean::collapse;

/// `<meta>` names (lowercase) that hold the page's date.
const DATE_METAS: &[&str] = &[
    "date",
    "dc.date",
    "dc.date.issued",
    "dc.date.created",
    "dcterms.date",
    "dcterms.issued",
    "dcterms.created",
    "pubdate",
    "publish-date",
    "publish_date",
    "publication_date",
];

/// Class names that mark an element as the publication date (matched case-sensitively, as CSS
/// matches them).
const PUBLISHED_CLASSES: &[&str] = &["published", "dt-published"];

/// Words in a class name that mark an element as an update's date.
const UPDATED_CLASSES: &[&str] = &["updated", "modified"];

/// Words that, ending the text just before a `<time>`, make it an update's date.
const UPDATED_WORDS: &[&str] = &["updated", "modified", "edited", "revised"];

/// True when `text` says it dates an update (`Last updated: Jan 1, 2023`): one of
/// [`UPDATED_WORDS`], any case.
pub fn says_updated(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    UPDATED_WORDS.iter().any(|word| lower.contains(word))
}

/// The dates the markup states, by kind (see the module doc).
#[derive(Default)]
pub struct Stated {
    marked: Option<String>,
    published: Option<String>,
    date_meta: Option<String>,
    json_ld: Vec<String>,
    time: Option<String>,
}

impl Stated {
    /// Notes what `element` states of the page's date, if anything.
    pub fn element(&mut self, element: ElementRef<'_>) {
        let value = element.value();
        if self.marked.is_none() && is_marked_published(element) {
            self.marked = marked_value(element);
        }
        match value.name() {
            "meta" => self.meta(value),
            "time" if self.time.is_none() && !is_update(element) => {
                self.time = nonempty(attr(value, "datetime")).or_else(|| text_of(element));
            }
            "script" if attr(value, "type") == Some("application/ld+json") => {
                self.json_ld.push(element.text().collect());
            }
            _ => {}
        }
    }

    fn meta(&mut self, meta: &scraper::node::Element) {
        let Some(content) = nonempty(attr(meta, "content")) else {
            return;
        };
        let property = attr(meta, "property").unwrap_or_default();
        let name = attr(meta, "name").unwrap_or_default().to_ascii_lowercase();
        let slot = if property == "article:published_time" || name == "article:published_time" {
            &mut self.published
        } else if DATE_METAS.contains(&name.as_str()) {
            &mut self.date_meta
        } else {
            return;
        };
        slot.get_or_insert(content);
    }

    /// The page's date as the markup states it (see the module doc), as written.
    pub fn date(&self) -> Option<String> {
        self.marked
            .clone()
            .or_else(|| self.published.clone())
            .or_else(|| self.date_meta.clone())
            .or_else(|| {
                self.json_ld
                    .iter()
                    .filter_map(|text| serde_json::from_str::<serde_json::Value>(text).ok())
                    .find_map(|value| find_key(&value, "datePublished", 0))
            })
            .or_else(|| self.time.clone())
    }
}

/// True for an element marked as the page's publication date (see the module doc). Every
/// element of the page is asked: its attributes are read in one scan.
fn is_marked_published(element: ElementRef<'_>) -> bool {
    let value = element.value();
    value.attrs.iter().any(|(key, text)| {
        if key.prefix.is_some() || !key.ns.is_empty() {
            return false;
        }
        match &*key.local {
            "itemprop" => &**text == "datePublished",
            "pubdate" => value.name() == "time",
            // One substring search before the split.
            "class" => {
                text.contains("published")
                    && text
                        .split_ascii_whitespace()
                        .any(|name| PUBLISHED_CLASSES.contains(&name))
            }
            _ => false,
        }
    })
}

/// The date a marked element holds: its `content`, `datetime` or `title`, else its text.
fn marked_value(element: ElementRef<'_>) -> Option<String> {
    let value = element.value();
    ["content", "datetime", "title"]
        .into_iter()
        .find_map(|name| nonempty(attr(value, name)))
        .or_else(|| text_of(element))
}

/// True for a `<time>` that dates an update (see the module doc): its class or its parent's, its
/// `itemprop`, or the words just before it.
fn is_update(element: ElementRef<'_>) -> bool {
    let value = element.value();
    let classed = |element: &scraper::node::Element| {
        attr(element, "class").is_some_and(|class| {
            let class = class.to_ascii_lowercase();
            UPDATED_CLASSES.iter().any(|word| class.contains(word))
        })
    };
    let parent_classed = element
        .parent()
        .and_then(|parent| parent.value().as_element().map(classed))
        .unwrap_or(false);
    classed(value)
        || parent_classed
        || attr(value, "itemprop") == Some("dateModified")
        || words_before(element).is_some_and(|text| {
            let text = text.trim_end_matches(|c: char| c.is_whitespace() || c == ':');
            let text = text.strip_suffix(" on").unwrap_or(text).trim_end();
            UPDATED_WORDS.iter().any(|word| text.ends_with(word))
        })
}

/// Siblings looked at for the words before a `<time>`, and the bytes of their text read: a label
/// (`Updated:`) is short, and a hostile page's thousands of `<time>`s after one long text must
/// not read it each time.
const LABEL_SIBLINGS: usize = 3;
const LABEL_BYTES: usize = 64;

/// The end (at most [`LABEL_BYTES`]) of the nearest sibling's text before `element` that has
/// some (a text node, or a short element's: `<span>Updated</span> <time>`), lowercase.
fn words_before(element: ElementRef<'_>) -> Option<String> {
    element
        .prev_siblings()
        .take(LABEL_SIBLINGS)
        .find_map(|node| {
            let text = match node.value() {
                scraper::Node::Text(text) => tail(text).to_string(),
                scraper::Node::Element(_) => {
                    let mut text = String::new();
                    for piece in ElementRef::wrap(node)?.text() {
                        if text.len() + piece.len() > LABEL_BYTES {
                            return None;
                        }
                        text.push_str(piece);
                    }
                    text
                }
                _ => return None,
            };
            (!text.trim().is_empty()).then(|| text.to_ascii_lowercase())
        })
}

/// The last [`LABEL_BYTES`] (or a few more, to a character's start) of `text`, trailing
/// whitespace aside.
fn tail(text: &str) -> &str {
    let text = text.trim_end();
    let mut start = text.len().saturating_sub(LABEL_BYTES);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    &text[start..]
}

fn nonempty(text: Option<&str>) -> Option<String> {
    text.map(collapse).filter(|text| !text.is_empty())
}

/// Most bytes of an element's text read as a date (`Wednesday, 3rd of September, 2021 at
/// 10:00 PM` is 44): a longer text is a block that holds a date, not a date.
const DATE_TEXT_BYTES: usize = 100;

/// An element's text, collapsed, when it has some and is no longer than [`DATE_TEXT_BYTES`].
fn text_of(element: ElementRef<'_>) -> Option<String> {
    let mut text = String::new();
    for piece in element.text() {
        if text.len() + piece.trim().len() > DATE_TEXT_BYTES {
            return None;
        }
        text.push_str(piece);
    }
    nonempty(Some(&text))
}

/// The first string value of `key` anywhere in `value` (at most 16 levels deep).
fn find_key(value: &serde_json::Value, key: &str, depth: usize) -> Option<String> {
    if depth > 16 {
        return None;
    }
    match value {
        serde_json::Value::Object(map) => map
            .get(key)
            .and_then(serde_json::Value::as_str)
            .map(str::to_string)
            .or_else(|| map.values().find_map(|v| find_key(v, key, depth + 1))),
        serde_json::Value::Array(items) => items.iter().find_map(|v| find_key(v, key, depth + 1)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use scraper::Html;

    use super::*;

    /// The date the markup of `html` states.
    fn stated(html: &str) -> Option<String> {
        let document = Html::parse_document(html);
        let mut stated = Stated::default();
        for element in document
            .root_element()
            .descendants()
            .filter_map(ElementRef::wrap)
        {
            stated.element(element);
        }
        stated.date()
    }

    #[test]
    fn dates_come_from_time_meta_or_json_ld() {
        assert_eq!(
            stated("<time datetime='2021-03-15T08:00:00Z'>March</time>").as_deref(),
            Some("2021-03-15T08:00:00Z")
        );
        assert_eq!(
            stated("<meta property='article:published_time' content='2020-01-02'>").as_deref(),
            Some("2020-01-02")
        );
        assert_eq!(
            stated("<meta name='Date' content='2019-05-06'>").as_deref(),
            Some("2019-05-06")
        );
        assert_eq!(
            stated("<meta name='DCTERMS.issued' content='2019-05-07'>").as_deref(),
            Some("2019-05-07")
        );
        assert_eq!(
            stated("<script type='application/ld+json'>{\"@graph\":[{\"datePublished\":\"2018-07-08\"}]}</script>").as_deref(),
            Some("2018-07-08")
        );
        assert_eq!(
            stated("<p><time>March 3, 2021</time></p>").as_deref(),
            Some("March 3, 2021")
        );
    }

    #[test]
    fn what_is_marked_published_wins_and_updates_never_do() {
        let both = "<time class='updated' datetime='2023-01-01'>x</time> <time class='entry-date published' datetime='2021-03-03'>y</time>";
        assert_eq!(stated(both).as_deref(), Some("2021-03-03"));
        let words = "<p>Last updated: <time datetime='2023-01-01'>x</time></p>";
        assert_eq!(stated(words), None);
        let span = "<p><span>Updated</span> <time datetime='2023-01-01'>x</time></p>";
        assert_eq!(stated(span), None);
        let parent = "<span class='last-modified'><time datetime='2023-01-01'>x</time></span>";
        assert_eq!(stated(parent), None);
        let after = "<p>Updated on <time datetime='2023-01-01'>x</time>, sent <time datetime='2021-03-03'>y</time></p>";
        assert_eq!(stated(after).as_deref(), Some("2021-03-03"));
        let abbr = "<abbr class='published' title='2021-03-03T10:00:00+01:00'>March 3rd</abbr>";
        assert_eq!(stated(abbr).as_deref(), Some("2021-03-03T10:00:00+01:00"));
        let span = "<meta name='date' content='2020-01-01'><span itemprop='datePublished'>March 3, 2021</span>";
        assert_eq!(stated(span).as_deref(), Some("March 3, 2021"));
        let content = "<span itemprop='datePublished' content='2021-03-03'>yesterday</span>";
        assert_eq!(stated(content).as_deref(), Some("2021-03-03"));
        let block = format!(
            "<div class='published'>{}</div>",
            "Sent on 3 March 2021. ".repeat(9)
        );
        assert_eq!(stated(&block), None);
        let modified = "<meta property='article:modified_time' content='2023-01-01'><time itemprop='dateModified' datetime='2023-01-01'>x</time>";
        assert_eq!(stated(modified), None);
    }
}
