//! Fuzz target: the mail reader must never panic, hang or blow up on any bytes: split as an mbox
//! and as a single message, every part parsed, with and without `--all-mail`.

#![no_main]

use std::path::Path;

use backissues::parse::format::Format;
use backissues::parse::mail::MailOptions;
use backissues::parse::{parse_part, read_parts, IssueContext, PartIssue};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for (name, format) in [("inbox.mbox", Format::Mbox), ("issue.eml", Format::Message)] {
        let Ok(parts) = read_parts(Path::new(name), name, format, data) else {
            continue;
        };
        for part in &parts {
            for all_mail in [false, true] {
                let options = MailOptions {
                    newsletter: None,
                    all_mail,
                };
                let source = format!("{name}#{}", part.key);
                if let Ok(PartIssue::Issue(parsed, _)) =
                    parse_part(&source, part, &IssueContext::default(), options)
                {
                    for doc in &parsed.docs {
                        serde_json::to_string(doc).expect("a parsed document encodes as JSON");
                    }
                }
            }
        }
    }
});
