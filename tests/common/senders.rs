//! Shared by the mail sender tests (`mail_senders`, `mail_templates`): the documents a fixture of
//! fixtures/mail/senders gives, checked for every token of the subscriber the fixtures plant.

use std::path::Path;

use serde_json::Value;

/// The subscriber of every fixture.
pub const ADDRESS: &str = "reader@home.example";

/// The documents `ingest --dry-run --format jsonl` gives for one fixture.
pub fn documents(name: &str) -> Vec<Value> {
    let tmp = tempfile::tempdir().unwrap();
    let path = Path::new("fixtures/mail/senders").join(name);
    let (code, stdout, stderr) = super::run(
        super::on_index(&tmp.path().join("index"))
            .args(["ingest", "--dry-run", "--format", "jsonl"])
            .arg(&path),
    );
    assert_eq!(code, 0, "{stderr}");
    let docs = super::json_lines(&stdout);
    assert_no_identity(&docs);
    docs
}

/// Fails when any field of any document holds the subscriber, in any of the encodings the
/// fixtures use.
pub fn assert_no_identity(docs: &[Value]) {
    for doc in docs {
        let text = doc.to_string().to_lowercase();
        for form in [
            ADDRESS,
            "reader%40home",
            "reader=home.example",
            "ndewoubyzwfkzxjaag9tzs5legftcgxl",
            "0123abcdef",
            "eyj1c2vyx2lkijo0ode1mtyym",
            "eyj1ijo0ode1mtyym30",
            "tokEn-Zz11",
            "77c0ffee42",
            "kyldjlkfu",
            "d1e2f3a4-b5c6",
            "5c4b3a29-1807",
            "4fqrzdg9u8hmh2wpe7h4",
            "8e7d6c5b-4a39",
            "f0e1d2c3b4a5968778695a4b3c2d1e0f",
            "cmvhzgvyqghvbwuuzxhhbxbszq",
            "9axbycz-2fdefghijk",
            "eyj1c2vyx2lkijo5otg4nzc2ni",
        ] {
            assert!(!text.contains(&form.to_lowercase()), "{form} in {text}");
        }
    }
}

/// `(url, title, written_url, tracked)` of each document; `tracked` is "", "redirect" or
/// "personal".
pub fn links(docs: &[Value]) -> Vec<(String, String, String, String)> {
    docs.iter()
        .map(|doc| {
            let tracked = match &doc["tracked"] {
                Value::String(kind) => kind.clone(),
                _ => String::new(),
            };
            (
                doc["url"].as_str().unwrap().to_string(),
                doc["title"].as_str().unwrap_or("").to_string(),
                doc["written_url"].as_str().unwrap_or("").to_string(),
                tracked,
            )
        })
        .collect()
}

pub fn link(
    url: &str,
    title: &str,
    written: &str,
    tracked: &str,
) -> (String, String, String, String) {
    (url.into(), title.into(), written.into(), tracked.into())
}

/// The one value of `field` every document has.
pub fn one(docs: &[Value], field: &str) -> Value {
    let first = docs[0][field].clone();
    assert!(
        docs.iter().all(|doc| doc[field] == first),
        "{field}: {docs:?}"
    );
    first
}
