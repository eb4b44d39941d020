//! The reader of a mail never reaches the index, told by shape rather than by one sender's
//! names (fixtures/mail/privacy, made by its generate.py): one issue sent to two readers, `a/`
//! (Jane Roe) and `b/` (Sam Poe), whose copies differ only in what identifies the reader. Both
//! copies give the same documents; no output (`parse`, the index through `export`) holds either
//! reader in any encoding; each family (the address in links, per-reader ids, tracking
//! redirects, the reader in the text) gives the exact documents below in its three markups (a
//! table template, a quoted-printable div template, base64 plain text). A reply quoting an issue
//! and a message that only talks about unsubscribing are personal (`personal/`).

use std::path::Path;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use serde_json::Value;

mod common;

use common::{json_lines, on_index, run};

const ROOT: &str = "fixtures/mail/privacy";

/// Every message file and mailbox of one reader's folder.
const MESSAGES: &[&str] = &[
    "addr-table.eml",
    "addr-div.eml",
    "addr-plain.eml",
    "ids-table.eml",
    "ids-div.eml",
    "ids-plain.eml",
    "track-table.eml",
    "track-div.eml",
    "track-plain.eml",
    "track-alt.eml",
    "text-table.eml",
    "text-div.eml",
    "text-plain.eml",
    "inbox.mbox",
    "maildir",
];

/// `parse PATH`: exit code, stdout, stderr.
fn parse(path: &str) -> (i32, String, String) {
    run(common::backissues().arg("parse").arg(path))
}

/// The documents of `parse` on one reader's copy, without `source` (it names the folder).
fn documents(reader: &str, name: &str) -> Vec<Value> {
    let (code, stdout, stderr) = parse(&format!("{ROOT}/{reader}/{name}"));
    assert_eq!((code, stderr.as_str()), (0, ""), "{reader}/{name}");
    let mut docs = json_lines(&stdout);
    for doc in &mut docs {
        doc.as_object_mut().unwrap().remove("source");
    }
    docs
}

/// Every form of both readers a sender may write: the address (plain, percent once and
/// twice, hex, the middle of its base64 and base64url), the name, the ids and tokens.
fn reader_forms() -> Vec<String> {
    let mut forms = Vec::new();
    for address in ["jane.roe@inbox.example", "sam.poe@mail.example"] {
        let middle = |encoded: String| encoded[4..encoded.len() - 4].to_string();
        forms.extend([
            address.to_string(),
            address.replace('@', "%40"),
            address.replace('@', "%2540"),
            address.bytes().map(|b| format!("{b:02x}")).collect(),
            middle(STANDARD.encode(address)),
            middle(URL_SAFE_NO_PAD.encode(address)),
        ]);
    }
    for id in [
        "Jane",
        "Roe",
        "Sam",
        "Poe",
        "7f3e9a1c4b2d",
        "0c9d8e7f6a5b",
        "3b1f9c2e",
        "9e8d7c6b",
        "u8Kq2Zp4Xw",
        "z3Rt7Yq1Lm",
        "48151623",
        "90817263",
        "Qm9vX3R5",
        "WnpYeTc3",
        "1a2b3c",
        "9z8y7x",
    ] {
        forms.push(id.to_string());
    }
    forms
}

/// Fails when `text` holds any form of either reader, without case (a name as a whole word).
fn assert_no_reader(text: &str, what: &str) {
    let lower = text.to_lowercase();
    for form in reader_forms() {
        let found = if form.chars().next().is_some_and(char::is_uppercase) && form.len() <= 4 {
            let form = form.to_lowercase();
            lower
                .split(|c: char| !c.is_alphabetic())
                .any(|word| word == form)
        } else {
            lower.contains(&form.to_lowercase())
        };
        assert!(!found, "{form} in {what}: {text}");
    }
}

/// `(url, title, written_url, tracked)` of each document.
fn links(docs: &[Value]) -> Vec<[String; 4]> {
    let text = |value: &Value| value.as_str().unwrap_or("").to_string();
    docs.iter()
        .map(|doc| {
            [
                text(&doc["url"]),
                text(&doc["title"]),
                text(&doc["written_url"]),
                text(&doc["tracked"]),
            ]
        })
        .collect()
}

/// `links` of the family's three markups, which must be the same; and that list.
fn family(name: &str) -> Vec<[String; 4]> {
    let table = links(&documents("a", &format!("{name}-table.eml")));
    for markup in ["div", "plain"] {
        let other = links(&documents("a", &format!("{name}-{markup}.eml")));
        assert_eq!(other, table, "{name}-{markup}");
    }
    table
}

fn row(url: &str, title: &str, written: &str, tracked: &str) -> [String; 4] {
    [url.into(), title.into(), written.into(), tracked.into()]
}

#[test]
fn both_readers_get_the_same_documents_from_every_message() {
    for name in MESSAGES {
        let (a, b) = (documents("a", name), documents("b", name));
        assert!(!a.is_empty(), "{name}");
        assert_eq!(a, b, "{name}");
    }
}

#[test]
fn no_output_holds_a_reader_in_any_encoding() {
    let tmp = tempfile::tempdir().unwrap();
    let index = tmp.path().join("index");
    for reader in ["a", "b"] {
        let (code, stdout, stderr) = parse(&format!("{ROOT}/{reader}"));
        assert_eq!((code, stderr.as_str()), (0, ""));
        assert_eq!(json_lines(&stdout).len(), 235);
        assert_no_reader(&stdout, &format!("parse {reader}"));
        let folder = Path::new(ROOT).join(reader);
        let (code, _, stderr) = run(on_index(&index).arg("ingest").arg(folder));
        assert_eq!(code, 0, "{stderr}");
        assert_no_reader(&stderr, "ingest");
    }
    let (code, stdout, stderr) = run(on_index(&index).arg("export"));
    assert_eq!(code, 0, "{stderr}");
    assert_no_reader(&stdout, "export");
    assert!(stdout.contains("SUBSCRIBER-REMOVED"));
}

#[test]
fn the_address_in_a_link_is_dropped_unwrapped_or_replaced_in_every_encoding() {
    assert_eq!(
        family("addr"),
        [
            row("https://blog.alpha.example/p1", "Plain address", "", ""),
            row("https://blog.alpha.example/p2", "Percent once", "", ""),
            row("https://blog.alpha.example/p3", "Percent twice", "", ""),
            row("https://blog.alpha.example/p4", "Name with plus", "", ""),
            row("https://blog.alpha.example/p5", "Upper hex", "", ""),
            row("https://blog.alpha.example/p6", "Base64 padded", "", ""),
            row("https://blog.alpha.example/p7", "Base64url JSON", "", ""),
            row(
                "https://art.gamma.example/x",
                "Redirect in redirect",
                "https://t1.alpha.example/r?url=SUBSCRIBER-REMOVED",
                ""
            ),
            row(
                "https://news.alpha.example/u/SUBSCRIBER-REMOVED/read/42",
                "Path segment",
                "",
                "personal"
            ),
            row(
                "https://news.alpha.example/u/SUBSCRIBER-REMOVED/read/43",
                "Path segment percent",
                "",
                "personal"
            ),
            row("https://art.gamma.example/y", "Fragment", "", ""),
            row("https://art.gamma.example/z", "Fragment base64", "", ""),
            row("https://blog.alpha.example/p8", "JSON param", "", ""),
            row("https://blog.alpha.example/p9", "Plus tag", "", ""),
            row("https://blog.alpha.example/p10", "Base64 inside", "", ""),
            row("https://blog.alpha.example/p11", "Address as user", "", ""),
        ]
    );
}

#[test]
fn per_reader_ids_are_known_by_where_they_stand_and_how_they_look() {
    assert_eq!(
        family("ids"),
        [
            row(
                "https://blog.alpha.example/a1?utm_source=nl",
                "Invented rcpt",
                "",
                ""
            ),
            row("https://blog.alpha.example/a2", "UUID as s", "", ""),
            row("https://blog.alpha.example/a3", "JWT as t", "", ""),
            row("https://blog.alpha.example/a4", "e on any host", "", ""),
            row("https://blog.alpha.example/a5", "Numeric uid", "", ""),
            row("https://blog.alpha.example/a6", "HubSpot", "", ""),
            row(
                "https://blog.alpha.example/a7?mc_cid=abc123def4",
                "Mailchimp mc_eid",
                "",
                ""
            ),
            row("https://blog.alpha.example/a8", "ConvertKit", "", ""),
            row("https://blog.alpha.example/a9", "Invented zq", "", ""),
            row(
                "https://news.alpha.example/r/SUBSCRIBER-REMOVED/a10",
                "Hex in path",
                "",
                "personal"
            ),
            row(
                "https://news.alpha.example/v/SUBSCRIBER-REMOVED/a11",
                "UUID in path",
                "",
                "personal"
            ),
            row("https://blog.alpha.example/a12", "Subscriber hash", "", ""),
            row("https://blog.alpha.example/a13", "Recipient token", "", ""),
            row("https://blog.alpha.example/a14", "Short s", "", ""),
            row("https://blog.alpha.example/a15", "Referral code", "", ""),
        ]
    );
}

#[test]
fn tracking_redirects_of_every_shape_are_unwrapped_and_lose_the_reader() {
    let expected = [
        row("https://art.gamma.example/t1", "Path-encoded target", "https://t.alpha.example/r/https%3A%2F%2Fart.gamma.example%2Ft1", ""),
        row("https://art.gamma.example/t2", "Raw path target", "https://t.alpha.example/r/https://art.gamma.example/t2", ""),
        row("https://art.gamma.example/t3", "Base64 path target", "https://t.alpha.example/c/aHR0cHM6Ly9hcnQuZ2FtbWEuZXhhbXBsZS90Mw/SUBSCRIBER-REMOVED", ""),
        row("https://art.gamma.example/t4", "url param", "https://t.alpha.example/c?url=https%3A%2F%2Fart.gamma.example%2Ft4&rid=SUBSCRIBER-REMOVED", ""),
        row("https://art.gamma.example/t5", "u param", "https://t.alpha.example/c?u=https%3A%2F%2Fart.gamma.example%2Ft5&sid=SUBSCRIBER-REMOVED", ""),
        row("https://art.gamma.example/t6", "redirect param", "https://t.alpha.example/c?redirect=https%3A%2F%2Fart.gamma.example%2Ft6&e=SUBSCRIBER-REMOVED", ""),
        row("https://art.gamma.example/t7", "r param", "https://t.alpha.example/c?r=https%3A%2F%2Fart.gamma.example%2Ft7&m=SUBSCRIBER-REMOVED", ""),
        row("https://art.gamma.example/t8", "to param", "https://go.alpha.example/out?to=https%3A%2F%2Fart.gamma.example%2Ft8", ""),
        row("https://art.gamma.example/t9", "goto base64", "https://go.alpha.example/out?goto=aHR0cHM6Ly9hcnQuZ2FtbWEuZXhhbXBsZS90OQ==", ""),
        row("https://art.gamma.example/t10", "Three deep", "https://t.alpha.example/c?url=https%3A%2F%2Ft2.beta.example%2Fr%3Fu%3Dhttps%253A%252F%252Ft3.delta.example%252Fgo%253Fredirect%253Dhttps%25253A%25252F%25252Fart.gamma.example%25252Ft10", ""),
        row("https://art.gamma.example/t11", "Google redirect", "https://www.google.com/url?q=https%3A%2F%2Fart.gamma.example%2Ft11&sa=D&source=editors", ""),
        row("https://click.alpha.example/?qs=SUBSCRIBER-REMOVED", "Click host token", "", "personal"),
        row("https://art.gamma.example/t12", "zlib token", "https://email.mg.alpha.example/c/SUBSCRIBER-REMOVED", ""),
        row("https://links.alpha.example/ls/click?id=991&uid=SUBSCRIBER-REMOVED", "Tracker uid", "", "personal"),
        row("https://links.alpha.example/c/991/SUBSCRIBER-REMOVED", "Tracker path id", "", "personal"),
        row("https://art.gamma.example/t13?utm_source=nl", "Address in target", "https://t.alpha.example/c?url=SUBSCRIBER-REMOVED", ""),
        row("https://art.gamma.example/t14", "Outlook SafeLinks", "https://nam02.safelinks.protection.outlook.com/?url=https%3A%2F%2Fart.gamma.example%2Ft14&data=SUBSCRIBER-REMOVED&reserved=0", ""),
        row("https://art.gamma.example/t15?a=1", "Proofpoint v2", "https://urldefense.proofpoint.com/v2/url?u=SUBSCRIBER-REMOVED&d=DwMFaQ&c=abc123&r=SUBSCRIBER-REMOVED&m=SUBSCRIBER-REMOVED&e=", ""),
        row("https://art.gamma.example/t16?a=1", "Proofpoint v3", "https://urldefense.com/v3/__https://art.gamma.example/t16*a=1__;Pw!!Abc123!Def456$", ""),
    ];
    assert_eq!(family("track"), expected);
    // An HTML part without links beside the plain part that carries them: the plain part.
    assert_eq!(links(&documents("a", "track-alt.eml")), expected);
}

#[test]
fn the_reader_in_the_visible_text_leaves_titles_and_descriptions() {
    assert_eq!(
        family("text"),
        [
            row("https://art.gamma.example/kernel", "Kernel notes", "", ""),
            row("https://art.gamma.example/queues", "Queue depth", "", ""),
            row("https://alpha.example/archive", "Alpha Ops archive", "", ""),
            row("https://art.gamma.example/shared", "Shared notes", "", ""),
        ]
    );
    for markup in ["table", "div", "plain"] {
        for doc in documents("a", &format!("text-{markup}.eml")) {
            // The heading "Picked for Jane Roe", and its slug, without the reader's name.
            let section = (doc["section"].as_str(), doc["section_title"].as_str());
            assert_eq!(
                section,
                (Some("picked-for"), Some("Picked for")),
                "{markup}"
            );
        }
    }
    let docs = documents("a", "text-plain.eml");
    let described: Vec<&str> = docs
        .iter()
        .map(|doc| doc["description"].as_str().unwrap())
        .collect();
    assert_eq!(
        described,
        [
            "this week the kernel notes are the one to read.",
            "pick, autoscaling on backlog.",
            "This email was sent to because you subscribed. Past issues are in the archive.",
            "Shared by",
        ]
    );
    // The subject "Jane, Alpha Ops Issue 7 is here" without the reader's name.
    for doc in &docs {
        assert_eq!(doc["issue_title"], "Alpha Ops Issue 7 is here");
        assert_eq!(
            (&doc["newsletter"], &doc["issue"]),
            (&Value::from("Alpha Ops"), &Value::from(7))
        );
    }
}

#[test]
fn a_mbox_and_a_maildir_of_these_messages_give_their_documents() {
    let mbox = documents("a", "inbox.mbox");
    assert_eq!(mbox.len(), 19);
    assert_eq!(links(&mbox[..15]), family("ids"));
    let maildir = documents("a", "maildir");
    assert_eq!(maildir.len(), 35);
    assert_eq!(links(&maildir[..16]), family("addr"));
    assert_eq!(links(&maildir[16..]), family("track"));
}

#[test]
fn a_reply_quoting_an_issue_and_a_message_about_unsubscribing_are_personal() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = format!("{ROOT}/personal");
    let (code, stdout, stderr) = run(on_index(&tmp.path().join("i")).arg("ingest").arg(&folder));
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(
        stderr.starts_with(
            "backissues: 2 files read (2 messages): 0 issues added, 0 replaced, 0 unchanged, \
             0 skipped with errors, 2 personal messages skipped (--all-mail takes them); \
             0 link documents now in the index;"
        ),
        "{stderr}"
    );
    let index = tmp.path().join("all");
    let (code, _, stderr) = run(on_index(&index).args(["ingest", "--all-mail"]).arg(&folder));
    assert_eq!(code, 0, "{stderr}");
    let (_, exported, _) = run(on_index(&index).arg("export"));
    let mut urls: Vec<String> = json_lines(&exported)
        .iter()
        .map(|doc| doc["url"].as_str().unwrap().to_string())
        .collect();
    urls.sort();
    assert_eq!(
        urls,
        [
            "https://art.gamma.example/kernel",
            "https://blog.example/post-about-us",
            "https://maps.example/?q=12+Elm+St"
        ]
    );
}
