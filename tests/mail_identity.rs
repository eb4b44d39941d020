//! Property: for any subscriber address and any encoding of it (plain, percent once or twice,
//! base64 standard or URL-safe with any bytes around it, hex, quoted-printable leftovers, inside a
//! signed token), placed in any query value or path segment of any link of a newsletter message,
//! no field of any document holds it in any of those forms, and the message's other link is kept.

use std::path::Path;

use backissues::parse::format::Format;
use backissues::parse::mail::MailOptions;
use backissues::parse::{parse_part, read_parts, IssueContext, PartIssue};
use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, NO_PAD, PAD};
use base64::Engine;
use proptest::prelude::*;

/// The encodings a sender may put an address in.
const ENCODINGS: u8 = 10;

/// `text` in encoding `how`.
fn encode(text: &str, how: u8) -> String {
    let url_safe = GeneralPurpose::new(&alphabet::URL_SAFE, NO_PAD);
    match how % ENCODINGS {
        0 => text.to_string(),
        1 => text.replace('@', "%40"),
        2 => text.replace('@', "%2540"),
        3 => GeneralPurpose::new(&alphabet::STANDARD, PAD)
            .encode(text)
            .replace('/', "%2F"),
        4 => url_safe.encode(text),
        5 => text.bytes().map(|b| format!("{b:02x}")).collect(),
        6 => text.replace('@', "=40"),
        7 => format!(
            "eyJhbGciOiJIUzI1NiJ9.{}.c2lnbmF0dXJl",
            url_safe.encode(format!("{{\"email\":\"{text}\"}}"))
        ),
        8 => text.bytes().map(|b| format!("%{b:02X}")).collect(),
        _ => format!("v1-{}", url_safe.encode(text)),
    }
}

/// A newsletter message to `address` whose first link is `link`.
fn message(address: &str, link: &str) -> String {
    format!(
        "From: Prop Weekly <news@prop.example>\nTo: {address}\nSubject: Prop Weekly Issue 1\n\
         Date: Mon, 2 Nov 2026 09:00:00 +0000\nMessage-ID: <p-1@prop.example>\n\
         List-Id: Prop Weekly <prop.example>\nContent-Type: text/html; charset=utf-8\n\n\
         <p><a href=\"{link}\">An article</a> about things.</p>\n\
         <p><a href=\"https://keep.example/a\">Kept</a> the other one.</p>\n"
    )
}

/// Every document of `mail`, as JSON.
fn documents(mail: &str) -> Vec<String> {
    let parts = read_parts(
        Path::new("p.eml"),
        "p.eml",
        Format::Message,
        mail.as_bytes(),
    )
    .unwrap();
    let part = &parts[0];
    let options = MailOptions::default();
    match parse_part("p.eml#p", part, &IssueContext::default(), options).unwrap() {
        PartIssue::Issue(parsed, _) => parsed
            .docs
            .iter()
            .map(|doc| serde_json::to_string(doc).unwrap())
            .collect(),
        PartIssue::Personal => panic!("a newsletter message is an issue"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn no_document_holds_the_subscriber_in_any_encoding(
        local in "[a-z0-9][a-z0-9._+-]{2,12}",
        domain in "[a-z]{2,10}\\.(com|net|example)",
        how in 0..ENCODINGS,
        prefix in "[0-9a-z]{0,5}",
        suffix in "[0-9a-z]{0,3}",
        host in "(click\\.|links\\.)?[a-z]{1,8}\\.(com|example)",
        segments in proptest::collection::vec("[a-z0-9]{1,8}", 0..4),
        in_query in any::<bool>(),
        at in 0usize..4,
        name in "[a-z]{1,6}",
    ) {
        let address = format!("{local}@{domain}");
        let token = encode(&format!("{prefix}{address}{suffix}"), how);
        let mut path = segments.clone();
        let mut query = vec!["id=7".to_string()];
        if in_query {
            query.insert(at.min(1), format!("{name}={token}"));
        } else {
            path.insert(at.min(path.len()), token.clone());
        }
        let link = format!("https://{host}/{}?{}", path.join("/"), query.join("&"));
        let docs = documents(&message(&address, &link));
        let middle = &token[token.len() / 4..token.len() * 3 / 4];
        for doc in &docs {
            let lower = doc.to_lowercase();
            prop_assert!(!doc.contains(&token), "{link}: {doc}");
            prop_assert!(middle.len() < 8 || !doc.contains(middle), "{link}: {doc}");
            prop_assert!(!lower.contains(&address), "{link}: {doc}");
            prop_assert!(!lower.contains(&address.replace('@', "%40")), "{link}: {doc}");
        }
        prop_assert!(docs.iter().any(|doc| doc.contains("https://keep.example/a")), "{docs:?}");
    }
}
