//! What the mail reader does to a message's links after the shared stage: the mail's own chrome
//! out ([`chrome`]; its web version becomes the issue's `issue_url` when it holds no identity;
//! links to the newsletter itself, [`Sender::is_own`], too),
//! click trackers unwrapped ([`tracking`]), the subscriber's identity out of every link and text
//! ([`identity`]), one document per link, numbered again from 1.

use std::collections::HashSet;

use super::chrome::{chrome, Chrome, Sender};
use super::identity::{scrub, PersonalLinks, Scrubbed, Subscriber};
use super::tracking::{self, Unwrapped};
use crate::model::{LinkDoc, Tracked};
use crate::parse::issue::outline::{INTRO, INTRO_TITLE};

/// The documents of a message that are items of its issue, without the subscriber, and the
/// personal links among them as written (for `ingest --resolve-links` only).
pub fn finish(
    docs: Vec<LinkDoc>,
    subscriber: &Subscriber,
    sender: &Sender<'_>,
) -> (Vec<LinkDoc>, PersonalLinks) {
    let mut personal = PersonalLinks::new(subscriber.clone());
    let mut issue_url = None;
    let mut urls = HashSet::new();
    let mut kept = Vec::new();
    for mut doc in docs {
        match chrome(&doc.url, doc.title.as_deref()) {
            Some(Chrome::WebVersion) => {
                issue_url = issue_url.or_else(|| web_version(&doc.url, subscriber));
                continue;
            }
            Some(Chrome::Other) => continue,
            None => {}
        }
        if sender.is_own(&doc.url, doc.title.as_deref()) {
            continue;
        }
        tracking::unwrap_one(&mut doc);
        let own = doc.written_url.is_some() && sender.is_own(&doc.url, None);
        if own || chrome(&doc.url, None).is_some() || !private(&mut doc, subscriber, &mut personal)
        {
            continue;
        }
        if urls.insert(doc.url.clone()) {
            kept.push(doc);
        }
    }
    for (doc, position) in kept.iter_mut().zip(1u32..) {
        doc.position = position;
        doc.issue_url.clone_from(&issue_url);
        scrub_texts(doc, subscriber);
    }
    (kept, personal)
}

/// The issue's web address from its web-version link: unwrapped when it is a redirect that
/// holds its destination, without the parameters that identify the subscriber; `None` when it
/// identifies them otherwise or is an opaque tracker.
fn web_version(url: &str, subscriber: &Subscriber) -> Option<String> {
    let url = match tracking::unwrap(url) {
        Unwrapped::Destination(destination) => destination,
        Unwrapped::Tracked => return None,
        Unwrapped::Plain => url.to_string(),
    };
    match scrub(&url, subscriber, false) {
        Scrubbed::Clean => Some(url),
        Scrubbed::Dropped(clean) => Some(clean),
        Scrubbed::Marked(_) | Scrubbed::Unusable => None,
    }
}

/// Takes the subscriber out of a document's `url` and `written_url`; a link that identifies
/// them in a way that cannot be dropped keeps its document, with the identifying part replaced
/// by the marker and `tracked: personal` (the link as written goes to `personal`). False when
/// the document must go (its link cannot be cleaned).
fn private(doc: &mut LinkDoc, subscriber: &Subscriber, personal: &mut PersonalLinks) -> bool {
    if let Some(written) = doc.written_url.take() {
        doc.written_url = match scrub(&written, subscriber, true) {
            Scrubbed::Clean => Some(written),
            Scrubbed::Dropped(clean) | Scrubbed::Marked(clean) => Some(clean),
            Scrubbed::Unusable => None,
        };
    }
    match scrub(&doc.url, subscriber, !doc.tracked.is_no()) {
        Scrubbed::Clean => true,
        Scrubbed::Dropped(clean) => {
            doc.url = clean;
            true
        }
        Scrubbed::Marked(marked) => {
            let written = std::mem::take(&mut doc.url);
            doc.url = personal.insert(marked, written);
            doc.tracked = Tracked::Personal;
            true
        }
        Scrubbed::Unusable => false,
    }
}

/// A document's texts without the subscriber's addresses and name; a section whose heading
/// named them gets the slug of the heading without them (`Picked for Jane Roe` is `picked-for`;
/// a heading that was only the reader is the intro's).
fn scrub_texts(doc: &mut LinkDoc, subscriber: &Subscriber) {
    if let Some(title) = &mut doc.title {
        *title = subscriber.scrub_text(title);
    }
    let heading = subscriber.scrub_text(&doc.section_title);
    if heading != doc.section_title {
        doc.section = crate::sections::slug_for_heading(&heading);
        doc.section_title = heading;
        if doc.section.is_empty() {
            (doc.section, doc.section_title) = (INTRO.into(), INTRO_TITLE.into());
        }
    }
    for text in [
        &mut doc.description,
        &mut doc.issue_title,
        &mut doc.newsletter,
    ] {
        *text = subscriber.scrub_text(text);
    }
}
