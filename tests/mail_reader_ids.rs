//! Property: a per-reader id under a name no sender table knows, in whatever shape (hex, UUID,
//! mixed letters and digits, a number), placed where senders put it (on every link of the
//! issue, or in the unsubscribe link and one other), never reaches a document, and two copies of
//! the issue sent to two readers give the same documents.

use std::path::Path;

use backissues::parse::format::Format;
use backissues::parse::mail::MailOptions;
use backissues::parse::{parse_part, read_parts, IssueContext, PartIssue};
use proptest::prelude::*;

/// A newsletter to `address` whose article links are `links` and whose unsubscribe link is
/// `unsubscribe`.
fn message(address: &str, links: &[String], unsubscribe: &str) -> String {
    let items: String = links
        .iter()
        .enumerate()
        .map(|(at, link)| format!("<p><a href=\"{link}\">Article {at}</a> about things.</p>\n"))
        .collect();
    format!(
        "From: Prop Weekly <news@prop.example>\nTo: {address}\nSubject: Prop Weekly Issue 1\n\
         Date: Mon, 2 Nov 2026 09:00:00 +0000\nMessage-ID: <p-1@prop.example>\n\
         List-Id: Prop Weekly <prop.example>\nContent-Type: text/html; charset=utf-8\n\n\
         {items}<p><a href=\"{unsubscribe}\">Unsubscribe</a></p>\n"
    )
}

/// Every document of `mail`, as JSON, without `source`.
fn documents(mail: &str) -> Vec<String> {
    let parts = read_parts(
        Path::new("p.eml"),
        "p.eml",
        Format::Message,
        mail.as_bytes(),
    )
    .unwrap();
    match parse_part(
        "p.eml#p",
        &parts[0],
        &IssueContext::default(),
        MailOptions::default(),
    ) {
        Ok(PartIssue::Issue(parsed, _)) => parsed
            .docs
            .iter()
            .map(|doc| {
                let mut value = serde_json::to_value(doc).unwrap();
                value.as_object_mut().unwrap().remove("source");
                value.to_string()
            })
            .collect(),
        other => panic!("a newsletter message is an issue: {other:?}"),
    }
}

/// An id of shape `shape` made from `seed`: hex, a UUID, mixed letters and digits, a number.
fn id(shape: u8, seed: u64) -> String {
    let hex = format!("{:016x}{:016x}", seed, seed.rotate_left(17) ^ 0x5a5a_5a5a);
    match shape % 4 {
        0 => hex[..24].to_string(),
        1 => format!(
            "{}-{}-4{}-a{}-{}",
            &hex[..8],
            &hex[8..12],
            &hex[13..16],
            &hex[17..20],
            &hex[20..32]
        ),
        2 => format!("k{}Q{}z", &hex[..5], &hex[5..10]),
        _ => format!("{}", 1_000_000 + seed % 900_000_000),
    }
}

/// The issue's links for a reader with id `reader`: on every article link under `name` (`every`),
/// or only in the unsubscribe link and the first article link.
fn issue(reader: &str, name: &str, every: bool, hosts: &[String]) -> (Vec<String>, String) {
    let links = hosts
        .iter()
        .enumerate()
        .map(|(at, host)| {
            let tagged = every || at == 0;
            let query = if tagged {
                format!("?p={at}&{name}={reader}")
            } else {
                format!("?p={at}")
            };
            format!("https://{host}/post-{at}{query}")
        })
        .collect();
    (
        links,
        format!("https://prop.example/unsubscribe?{name}={reader}&list=ops"),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn an_invented_reader_id_is_in_no_document_and_both_copies_agree(
        shape in 0u8..4,
        seeds in (1u64..u64::MAX / 2, 1u64..u64::MAX / 2),
        name in "x[a-z]{0,5}",
        every in any::<bool>(),
        hosts in proptest::collection::vec("(click\\.)?[a-z]{2,8}\\.example", 2..5),
    ) {
        let (first, second) = (id(shape, seeds.0), id(shape, seeds.1));
        prop_assume!(first != second);
        let (links, unsubscribe) = issue(&first, &name, every, &hosts);
        let a = documents(&message("jane.roe@inbox.example", &links, &unsubscribe));
        let (links, unsubscribe) = issue(&second, &name, every, &hosts);
        let b = documents(&message("sam.poe@mail.example", &links, &unsubscribe));
        prop_assert_eq!(a.len(), hosts.len());
        for doc in &a {
            prop_assert!(!doc.to_lowercase().contains(&first.to_lowercase()), "{}", doc);
        }
        prop_assert_eq!(a, b);
    }
}
