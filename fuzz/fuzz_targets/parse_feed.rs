//! Fuzz target: the feed reader (feed-rs, with the xml5ever repair of broken XML) must never
//! panic, hang or blow up on any bytes, as RSS / Atom / RDF or as JSON Feed.

#![no_main]

use backissues::parse::parse_issue;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for source in ["feeds/notes.xml", "feeds/feed.json"] {
        if let Ok(docs) = parse_issue(source, data) {
            for doc in &docs {
                serde_json::to_string(doc).expect("a parsed document always encodes as JSON");
            }
        }
    }
});
