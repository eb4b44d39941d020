//! End-to-end tests of mail ingest (`.eml`, mbox, Maildir): the real binary on copies of
//! fixtures/mail in temp dirs; exact documents and summary lines.

use std::fs;
use std::path::Path;

use serde_json::Value;
use tempfile::TempDir;

mod common;

/// A temp dir holding `mail/`, a copy of fixtures/mail.
fn mailbox() -> TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(Path::new("fixtures/mail"), &tmp.path().join("mail"));
    tmp
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
}

/// Runs `ingest ARGS` with `--index index` in `tmp`; returns (exit code, stdout, stderr).
fn ingest(tmp: &TempDir, args: &[&str]) -> (i32, String, String) {
    common::run_in(
        tmp.path(),
        &[&["--index", "index", "ingest"], args].concat(),
    )
}

/// The summary line of a successful run, without its timing.
fn summary(tmp: &TempDir, args: &[&str]) -> String {
    let (code, _, stderr) = ingest(tmp, args);
    assert_eq!(code, 0, "{stderr}");
    let line = stderr.lines().last().unwrap();
    let line = line.strip_prefix("backissues: ").unwrap();
    line[..line.rfind("; took").unwrap()].to_string()
}

/// The documents a dry run of `path` would index, as JSON.
fn documents(tmp: &TempDir, path: &str, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["--dry-run", "--rebuild", "--format", "jsonl", path];
    args.extend_from_slice(extra);
    let (code, stdout, stderr) = ingest(tmp, &args);
    assert_eq!(code, 0, "{stderr}");
    stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// `(source, issue, date, newsletter, url)` of each document.
fn rows(docs: &[Value]) -> Vec<(String, u64, String, String, String)> {
    docs.iter()
        .map(|doc| {
            (
                doc["source"].as_str().unwrap().to_string(),
                doc["issue"].as_u64().unwrap_or(0),
                doc["date"].as_str().unwrap_or("").to_string(),
                doc["newsletter"].as_str().unwrap().to_string(),
                doc["url"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn row(
    source: &str,
    issue: u64,
    date: &str,
    newsletter: &str,
    url: &str,
) -> (String, u64, String, String, String) {
    (
        source.into(),
        issue,
        date.into(),
        newsletter.into(),
        url.into(),
    )
}

#[test]
fn an_mbox_is_one_issue_per_newsletter_message_and_skips_personal_mail() {
    let tmp = mailbox();
    let docs = documents(&tmp, "mail/weekly.mbox", &[]);
    let mbox = "mail/weekly.mbox#issue-";
    assert_eq!(
        rows(&docs),
        [
            row(
                &format!("{mbox}101@opsweekly.example"),
                101,
                "2026-11-02",
                "Ops Weekly",
                "https://tools.example/deploy"
            ),
            row(
                &format!("{mbox}101@opsweekly.example"),
                101,
                "2026-11-02",
                "Ops Weekly",
                "https://blog.example/oncall"
            ),
            row(
                &format!("{mbox}102@opsweekly.example"),
                102,
                "2026-11-10",
                "Ops Weekly",
                "https://tools.example/observe"
            ),
            row(
                &format!("{mbox}103@opsweekly.example"),
                103,
                "2026-11-16",
                "Ops Weekly",
                "https://blog.example/slo"
            ),
        ]
    );
    assert_eq!(docs[0]["issue_title"], "Ops Weekly Issue #101");
    assert_eq!(docs[0]["title"], "Deploy safely");
    let text = docs.iter().map(Value::to_string).collect::<String>();
    assert!(
        !text.contains("reader@home.example") && !text.contains("reader%40home"),
        "{text}"
    );
    assert!(
        !text.contains("cafe.example"),
        "the personal message is skipped: {text}"
    );

    assert_eq!(
        summary(&tmp, &["mail/weekly.mbox"]),
        "4 files read: 3 issues added, 0 replaced, 0 unchanged, 0 skipped with errors, 1 personal message skipped (--all-mail takes them); 4 link documents now in the index"
    );
    assert_eq!(
        summary(&tmp, &["mail/weekly.mbox"]),
        "4 files read: 0 issues added, 0 replaced, 3 unchanged, 0 skipped with errors, 1 personal message skipped (--all-mail takes them); 4 link documents now in the index"
    );
}

#[test]
fn all_mail_takes_personal_messages() {
    let tmp = mailbox();
    let docs = documents(&tmp, "mail/weekly.mbox", &["--all-mail"]);
    let personal: Vec<_> = docs
        .iter()
        .filter(|doc| doc["source"] == "mail/weekly.mbox#lunch-1@home.example")
        .collect();
    assert_eq!(personal.len(), 1);
    assert_eq!(personal[0]["url"], "https://cafe.example/menu");
    assert_eq!(personal[0]["issue_title"], "lunch?");
}

#[test]
fn an_edited_message_is_replaced_and_a_deleted_one_goes_only_with_prune() {
    let tmp = mailbox();
    summary(&tmp, &["mail/weekly.mbox"]);
    let path = tmp.path().join("mail/weekly.mbox");
    let mbox = fs::read_to_string(&path).unwrap();
    let edited = mbox.replace("Tracing without tears.", "Tracing, edited.");
    let cut = edited
        .find("From news@opsweekly.example Mon Nov 16")
        .unwrap();
    fs::write(&path, &edited[..cut]).unwrap();
    assert_eq!(
        summary(&tmp, &["mail/weekly.mbox"]),
        "3 files read: 0 issues added, 1 replaced, 1 unchanged, 0 skipped with errors, 1 personal message skipped (--all-mail takes them); 4 link documents now in the index; 1 indexed file no longer found (--prune removes them)"
    );
    assert_eq!(
        summary(&tmp, &["--prune", "mail/weekly.mbox"]),
        "3 files read: 0 issues added, 0 replaced, 2 unchanged, 0 skipped with errors, 1 pruned, 1 personal message skipped (--all-mail takes them); 3 link documents now in the index"
    );
}

#[test]
fn a_maildir_message_moved_from_new_to_cur_is_the_same_issue() {
    let tmp = mailbox();
    assert_eq!(
        summary(&tmp, &["mail/maildir"]),
        "1 file read: 1 issue added, 0 replaced, 0 unchanged, 0 skipped with errors; 2 link documents now in the index"
    );
    let maildir = tmp.path().join("mail/maildir");
    fs::rename(
        maildir.join("new/1764000000.M1P1.host"),
        maildir.join("cur/1764000000.M1P1.host:2,S"),
    )
    .unwrap();
    fs::write(maildir.join("tmp/half-delivered"), "From: x\n").unwrap();
    assert_eq!(
        summary(&tmp, &["--prune", "mail/maildir"]),
        "1 file read: 0 issues added, 0 replaced, 1 unchanged, 0 skipped with errors; 2 link documents now in the index"
    );
    let docs = documents(&tmp, "mail/maildir", &[]);
    assert_eq!(
        rows(&docs),
        [
            row(
                "mail/maildir#notes-7@srenotes.example",
                7,
                "2026-11-21",
                "SRE Notes",
                "https://pm.example/blameless"
            ),
            row(
                "mail/maildir#notes-7@srenotes.example",
                7,
                "2026-11-21",
                "SRE Notes",
                "https://cap.example/plan"
            ),
        ]
    );
    let text = docs.iter().map(Value::to_string).collect::<String>();
    assert!(!text.contains("reader@home.example"), "{text}");
}

#[test]
fn the_same_message_in_two_mailboxes_is_one_issue() {
    let tmp = mailbox();
    let folder = tmp.path().join("mail/archive");
    fs::create_dir(&folder).unwrap();
    fs::copy(
        tmp.path().join("mail/weekly.mbox"),
        folder.join("copy.mbox"),
    )
    .unwrap();
    let (code, _, stderr) = ingest(&tmp, &["mail/archive", "mail/weekly.mbox"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("mail/weekly.mbox#issue-101@opsweekly.example: message 1 is also mail/archive/copy.mbox#issue-101@opsweekly.example; kept once"),
        "{stderr}"
    );
    assert!(
        stderr.contains("3 issues added") && stderr.contains("4 link documents now"),
        "{stderr}"
    );
}

/// `(url, title, written_url, tracked)` of each document.
fn links(docs: &[Value]) -> Vec<(String, String, String, bool)> {
    docs.iter()
        .map(|doc| {
            (
                doc["url"].as_str().unwrap().to_string(),
                doc["title"].as_str().unwrap_or("").to_string(),
                doc["written_url"].as_str().unwrap_or("").to_string(),
                doc["tracked"].as_bool().unwrap_or(false),
            )
        })
        .collect()
}

fn link(url: &str, title: &str, written: &str, tracked: bool) -> (String, String, String, bool) {
    (url.into(), title.into(), written.into(), tracked)
}

#[test]
fn a_mailchimp_issue_is_read_from_its_quoted_printable_html_with_links_unwrapped() {
    let tmp = mailbox();
    let docs = documents(&tmp, "mail/mailchimp.eml", &[]);
    assert_eq!(
        links(&docs),
        [
            link(
                "https://queues.example/guide",
                "Queues, a field guide",
                "https://t.clouddigest.example/r?id=1&url=https%3A%2F%2Fqueues.example%2Fguide",
                false
            ),
            link(
                "https://cache.example/stampede",
                "Cache stampedes",
                "https://t.clouddigest.example/r?id=2&u=aHR0cHM6Ly9jYWNoZS5leGFtcGxlL3N0YW1wZWRl",
                false
            ),
            link(
                "https://clouddigest.us1.list-manage.com/track/click?u=abc&id=f00",
                "Sponsor: Fast DB",
                "",
                true
            ),
        ]
    );
    assert_eq!(
        docs[0]["description"],
        "Queues, a field guide — Backpressure explained."
    );
    assert_eq!(docs[0]["domain"], "queues.example");
    assert_eq!(
        rows(&docs)[0],
        row(
            "mail/mailchimp.eml#mc-42.abc@mail1.mcsv.example",
            42,
            "2026-11-05",
            "Cloud Digest",
            "https://queues.example/guide"
        )
    );
    let text = docs.iter().map(Value::to_string).collect::<String>();
    assert!(
        !text.contains("reader") && !text.contains("nsubscribe"),
        "{text}"
    );
}

#[test]
fn a_text_only_newsletter_resolves_its_numbered_references() {
    let tmp = mailbox();
    let docs = documents(&tmp, "mail/plaintext.eml", &[]);
    assert_eq!(
        links(&docs),
        [
            link("https://sched.example/eevdf", "", "", false),
            link("https://mm.example/reclaim", "", "", false),
            link(
                "https://trace.example/simple",
                "Tracing made simple",
                "",
                false
            ),
        ]
    );
    assert_eq!(
        docs[0]["description"],
        "The new scheduler lands (1) https://sched.example/eevdf , and a long read on page reclaim (2) https://mm.example/reclaim ."
    );
    assert_eq!(
        rows(&docs)[2],
        row(
            "mail/plaintext.eml#kl-12@kernel-letters.example",
            12,
            "2026-11-04",
            "Kernel Letters",
            "https://trace.example/simple"
        )
    );
}

#[test]
fn a_forwarded_issue_is_read_from_the_attached_message() {
    let tmp = mailbox();
    let docs = documents(&tmp, "mail/forwarded.eml", &[]);
    assert_eq!(
        rows(&docs),
        [row(
            "mail/forwarded.eml#fwd-99@work.example",
            99,
            "2026-10-26",
            "Ops Weekly",
            "https://tools.example/rollback"
        )]
    );
    assert_eq!(docs[0]["issue_title"], "Ops Weekly Issue #99");
}

#[test]
fn a_latin1_message_with_an_encoded_subject_is_decoded() {
    let tmp = mailbox();
    let docs = documents(&tmp, "mail/latin1.eml", &[]);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["issue_title"], "Café Ops Numéro 5");
    assert_eq!(docs[0]["newsletter"], "Café Ops");
    assert_eq!(docs[0]["title"], "Crème brûlée at scale");
    assert_eq!(
        docs[0]["description"],
        "Crème brûlée at scale Déploiement sans peur."
    );
    assert_eq!(docs[0]["date"], "2026-11-01");
}

#[test]
fn broken_mail_is_warned_about_by_file_and_message_and_the_rest_is_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("bad");
    fs::create_dir(&bad).unwrap();
    let head = |n: u32| {
        format!("From: N <n@x.example>\nSubject: N Weekly Issue {n}\nMessage-ID: <t{n}@x>\nList-Id: N <n.x>\n")
    };
    let link = |n: u32| format!("<p><a href=\"https://a.example/{n}\">Link {n}</a></p>");
    fs::write(
        bad.join("truncated.eml"),
        format!("{}Content-Type: multipart/alternative; boundary=\"b\"\n\n--b\nContent-Type: text/html\n\n{}", head(1), link(1)),
    )
    .unwrap();
    fs::write(
        bad.join("noboundary.eml"),
        format!(
            "{}Content-Type: multipart/alternative\n\n{}\n",
            head(2),
            link(2)
        ),
    )
    .unwrap();
    fs::write(
        bad.join("charset.eml"),
        format!(
            "{}Content-Type: text/html; charset=x-klingon\n\n{}\n",
            head(3),
            link(3)
        ),
    )
    .unwrap();
    let mut junk = b"From a@x Mon Jan  1 00:00:00 2024\n".to_vec();
    junk.extend((0..100_000u32).map(|n| (n.wrapping_mul(2_654_435_761) >> 13) as u8 | 0x80));
    junk.extend(
        format!(
            "\nFrom a@x Mon Jan  1 00:00:00 2024\n{}Content-Type: text/html\n\n{}\n",
            head(4),
            link(4)
        )
        .bytes(),
    );
    fs::write(bad.join("junk.mbox"), junk).unwrap();
    let attachment = "QUFB\n".repeat(30 << 20 >> 2 >> 1);
    fs::write(
        bad.join("big.eml"),
        format!("{}Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/html\n\n{}\n--b\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n{attachment}--b--\n", head(5), link(5)),
    )
    .unwrap();
    let (code, stdout, stderr) = ingest(&tmp, &["--dry-run", "--format", "jsonl", "bad"]);
    assert_eq!(code, 0, "{stderr}");
    let mut urls: Vec<String> = stdout
        .lines()
        .map(|line| {
            serde_json::from_str::<Value>(line).unwrap()["url"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    urls.sort();
    let expected: Vec<String> = (1..=5).map(|n| format!("https://a.example/{n}")).collect();
    assert_eq!(urls, expected);
    for warning in [
        "bad/big.eml#t5@x (message 1): message larger than 4 MiB; only its first 4 MiB read (attachments past it skipped, not decoded)",
        ": not an email message (no From, Subject or Date header); skipped (message 1)",
        "bad/noboundary.eml#t2@x (message 1): broken MIME structure (no readable body part); read its raw text",
        "bad/truncated.eml#t1@x (message 1): broken MIME structure (no readable body part); read its raw text",
    ] {
        assert!(stderr.contains(warning), "{warning:?} in {stderr}");
    }
    assert!(
        stderr.contains(
            "6 files read: 5 issues added, 0 replaced, 0 unchanged, 1 skipped with errors"
        ),
        "{stderr}"
    );
}
