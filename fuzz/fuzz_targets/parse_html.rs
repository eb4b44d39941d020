//! Fuzz target: the HTML reader must never panic, hang or blow up on any bytes, read as a page
//! (`.html`, charset sniffing and all) and as an HTML block inside a markdown issue.

#![no_main]

use backissues::parse::parse_issue;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(docs) = parse_issue("archive/2020-11-08-issue-515.html", data) {
        for doc in &docs {
            serde_json::to_string(doc).expect("a parsed document always encodes as JSON");
        }
    }
    let text = String::from_utf8_lossy(data);
    let in_markdown = format!("---\ndate: 2020-01-02\n---\n## News\n\n<div>\n{text}\n</div>\n");
    let _ = parse_issue("issue.md", in_markdown.as_bytes());
});
