//! An issue's date is the calendar day its publisher wrote, in the offset they wrote it in
//! (fixtures/offsets/): feeds (Atom `published` / `updated`, RSS `pubDate` and `dc:date`, RSS 1.0
//! `dc:date`, JSON Feed `date_published` / `date_modified`), pages (`<time datetime>`,
//! `article:published_time`, JSON-LD `datePublished`) and mail (`Date:`), entries at midnight
//! and late in the evening, east and west of UTC.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// (source, date) of each document `parse` prints for `fixtures/offsets/<name>`.
fn dates(name: &str) -> Vec<(String, String)> {
    let output = Command::cargo_bin("backissues")
        .unwrap()
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/offsets"))
        .args(["parse", name])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_eq!(stderr, "");
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).unwrap())
        .map(|doc| {
            (
                doc["source"].as_str().unwrap().to_string(),
                doc["date"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn expect(rows: &[(&str, &str)]) -> Vec<(String, String)> {
    rows.iter()
        .map(|(source, date)| (source.to_string(), date.to_string()))
        .collect()
}

#[test]
fn atom_published_and_updated_keep_their_offset() {
    assert_eq!(
        dates("atom.xml"),
        expect(&[
            ("atom.xml#https://offset.example/issues/3", "2019-02-20"),
            ("atom.xml#https://offset.example/issues/3", "2019-02-20"),
            ("atom.xml#https://offset.example/issues/2", "2019-02-13"),
            ("atom.xml#https://offset.example/issues/2", "2019-02-13"),
            ("atom.xml#https://offset.example/issues/1", "2019-02-06"),
            ("atom.xml#https://offset.example/issues/1", "2019-02-06"),
        ])
    );
}

#[test]
fn rss_pub_dates_and_dublin_core_dates_keep_their_offset() {
    assert_eq!(
        dates("rss2.xml"),
        expect(&[
            ("rss2.xml#b-1", "2019-02-20"),
            ("rss2.xml#b-2", "2019-02-20"),
            ("rss2.xml#b-3", "2019-02-20"),
            ("rss2.xml#b-4", "2019-02-21"),
        ])
    );
    assert_eq!(
        dates("links.rdf"),
        expect(&[("links.rdf#https://c.example/tokyo", "2019-02-20")])
    );
}

#[test]
fn json_feed_dates_keep_their_offset() {
    assert_eq!(
        dates("feed.json"),
        expect(&[
            ("feed.json#j-1", "2019-02-20"),
            ("feed.json#j-2", "2019-02-20")
        ])
    );
}

#[test]
fn page_and_mail_dates_keep_their_offset() {
    assert_eq!(dates("time.html"), expect(&[("time.html", "2019-02-20")]));
    assert_eq!(dates("meta.html"), expect(&[("meta.html", "2019-02-19")]));
    assert_eq!(
        dates("json-ld.html"),
        expect(&[("json-ld.html", "2019-02-20")])
    );
    assert_eq!(
        dates("mail.eml"),
        expect(&[("mail.eml#offset-4@offset.example", "2019-02-20")])
    );
}
