//! Feed dates in every spelling feed generators write (fixtures/feeds/dates.*): each entry is on
//! the day its publisher wrote, in the offset they wrote it in; an impossible or unreadable date
//! drops nothing and warns with its line; an entry without a date has none (a feed's own
//! `lastBuildDate` or `updated` is when the file was built, and the git date of the feed file
//! when it was first committed: neither is when the entry was written). fixtures/feed-dates/
//! holds the red team's cases: named zones, no zone, a wrong weekday, 00:00 and 23:59 at
//! offsets on both sides of UTC (+14:00 to -12:00), `updated` beside `published`, `dc:date`,
//! ISO 8601's basic format.

use std::path::Path;

use serde_json::Value;

mod common;

const CRATE_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// `parse` of the fixture `fixtures/feeds/NAME` in a folder of its own: exit code, (title, date)
/// of each document, and the warnings.
fn parse(name: &str) -> (i32, Vec<(String, String)>, Vec<String>) {
    parse_in("fixtures/feeds", name)
}

/// [`parse`] of the fixture `FOLDER/NAME`.
fn parse_in(folder: &str, name: &str) -> (i32, Vec<(String, String)>, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        Path::new(CRATE_DIR).join(folder).join(name),
        dir.path().join(name),
    )
    .unwrap();
    let (code, stdout, stderr) = common::run_in(dir.path(), &["parse", name]);
    let dated = stdout
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).unwrap())
        .map(|doc| {
            (
                doc["title"].as_str().unwrap().to_string(),
                doc["date"].as_str().unwrap_or("none").to_string(),
            )
        })
        .collect();
    (code, dated, stderr.lines().map(str::to_string).collect())
}

/// The titles of the entries not on 2019-02-20, with their dates.
fn off_day(dated: &[(String, String)]) -> Vec<(&str, &str)> {
    dated
        .iter()
        .filter(|(_, date)| date != "2019-02-20")
        .map(|(title, date)| (title.as_str(), date.as_str()))
        .collect()
}

/// The advice for an entry with no date.
fn no_date(source: &str) -> String {
    format!(
        "backissues: warning: {source}: no issue date found in the entry (`published`, `updated`), \
         its file name or folders; add a `<pubDate>` (RSS) or `<published>` (Atom) to the entry, \
         or start the file name with YYYY-MM-DD"
    )
}

#[test]
fn rss_dates_in_every_spelling_are_the_publisher_s_day() {
    let (code, dated, warnings) = parse("dates.rss");
    assert_eq!(code, 0);
    assert_eq!(dated.len(), 31);
    assert_eq!(
        off_day(&dated),
        [
            ("Dated one-digit-day", "2019-02-05"),
            ("Dated impossible", "none"),
            ("Dated unreadable", "none"),
            ("Dated nowhere", "none"),
        ]
    );
    let impossible = "dates.rss#https://dates.example.org/impossible";
    let unreadable = "dates.rss#https://dates.example.org/unreadable";
    assert_eq!(
        warnings,
        [
            format!("backissues: warning: {impossible}:208: `30 Feb 2019` is not a real date; the issue has no date"),
            no_date(impossible),
            format!("backissues: warning: {unreadable}:214: cannot read the date `yesterday evening`; the issue has no date"),
            no_date(unreadable),
            no_date("dates.rss#https://dates.example.org/nowhere"),
        ]
    );
}

#[test]
fn atom_dates_in_every_spelling_are_the_publisher_s_day() {
    let (code, dated, warnings) = parse("dates.atom");
    assert_eq!(code, 0);
    assert_eq!(dated.len(), 13);
    assert_eq!(off_day(&dated), [("Dated impossible", "none")]);
    let impossible = "dates.atom#urn:atomdates:impossible";
    assert_eq!(
        warnings,
        [
            format!("backissues: warning: {impossible}:95: `2019-02-30` is not a real date; the issue has no date"),
            no_date(impossible),
        ]
    );
}

#[test]
fn json_feed_dates_with_and_without_a_zone_are_the_publisher_s_day() {
    let (code, dated, warnings) = parse("dates.json");
    assert_eq!(code, 0);
    assert_eq!(dated.len(), 7);
    assert_eq!(
        off_day(&dated),
        [("Dated unreadable", "none"), ("Dated nowhere", "none")]
    );
    assert_eq!(
        warnings,
        [
            "backissues: warning: dates.json#unreadable:11: cannot read the date `last Tuesday`; the issue has no date".to_string(),
            no_date("dates.json#unreadable"),
            no_date("dates.json#nowhere"),
        ]
    );
}

#[test]
fn zones_weekdays_and_day_edges_in_rss_are_the_publisher_s_day() {
    let (code, dated, warnings) = parse_in("fixtures/feed-dates", "zones.rss");
    assert_eq!((code, dated.len(), warnings.len()), (0, 26, 0));
    assert_eq!(off_day(&dated), [("Dated sd1", "2019-02-06")]);
}

#[test]
fn offsets_and_updates_in_atom_and_json_feed_are_the_publisher_s_day() {
    let (code, dated, warnings) = parse_in("fixtures/feed-dates", "offsets.atom");
    assert_eq!((code, dated.len(), warnings.len()), (0, 9, 0));
    assert_eq!(off_day(&dated), []);
    let (code, dated, warnings) = parse_in("fixtures/feed-dates", "offsets.json");
    assert_eq!((code, dated.len(), warnings.len()), (0, 5, 0));
    assert_eq!(off_day(&dated), []);
}
