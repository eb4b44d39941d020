//! Fuzz target: the issue parser must never panic, hang or blow up on any bytes, whatever the
//! file is called. Each input is parsed under three names: one whose name carries a date and an
//! issue number, one with no date in its name, and one made from the input's own first line (so
//! the fuzzer also explores the date-from-file-name rule).

#![no_main]

use backissues::parse::parse_issue;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let first_line = data.split(|&b| b == b'\n').next().unwrap_or_default();
    let first_line: String = String::from_utf8_lossy(first_line).chars().take(120).collect();
    let sources = [
        "archive/2020-11-08-issue-515.md".to_string(),
        "issue.md".to_string(),
        format!("{first_line}.md"),
    ];
    for source in &sources {
        if let Ok(docs) = parse_issue(source, data) {
            for doc in &docs {
                serde_json::to_string(doc).expect("a parsed document always encodes as JSON");
            }
        }
    }
});
