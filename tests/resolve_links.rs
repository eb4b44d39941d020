//! `ingest --resolve-links` against a loopback HTTP server started by the test (127.0.0.1 only;
//! nothing else is ever contacted): a redirect chain, a 404, a timeout, a loop, and the cache that
//! keeps a link from being requested twice.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;

mod common;

/// Requests seen, by path.
type Seen = Arc<Mutex<HashMap<String, usize>>>;

/// Starts the server; returns its base URL and the requests it has seen.
fn server() -> (String, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen: Seen = Arc::default();
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let log = Arc::clone(&log);
            std::thread::spawn(move || answer(stream, &log));
        }
    });
    (base, seen)
}

/// Answers one request by its path.
fn answer(mut stream: std::net::TcpStream, seen: &Seen) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
            break;
        }
    }
    *seen.lock().unwrap().entry(path.clone()).or_default() += 1;
    let (status, location) = match path.as_str() {
        "/track/click?id=chain" => ("302 Found", Some("/hop")),
        "/hop" => ("301 Moved Permanently", Some("/article")),
        "/article" => ("200 OK", None),
        "/track/click?id=loop" => ("302 Found", Some("/loop-b")),
        "/loop-b" => ("302 Found", Some("/track/click?id=loop")),
        "/track/click?id=slow" => {
            std::thread::sleep(Duration::from_secs(7));
            ("200 OK", None)
        }
        _ => ("404 Not Found", None),
    };
    let location = location
        .map(|l| format!("Location: {l}\r\n"))
        .unwrap_or_default();
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\n{location}Content-Length: 0\r\nConnection: close\r\n\r\n"
    );
}

fn message(base: &str, note: &str) -> String {
    let links: String = ["chain", "missing", "loop", "slow"]
        .iter()
        .map(|id| format!("<p><a href=\"{base}/track/click?id={id}\">Link {id}</a> {note}</p>\n"))
        .collect();
    format!("From: Loop Weekly <news@loop.example>\nSubject: Loop Weekly Issue 1\nDate: Mon, 2 Nov 2026 09:00:00 +0000\nMessage-ID: <loop-1@loop.example>\nList-Id: Loop Weekly <loop.example>\nContent-Type: text/html\n\n{links}")
}

fn run(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    common::run_in(dir, &[&["--index", "index"], args].concat())
}

#[test]
fn tracked_links_are_resolved_once_through_redirects_and_failures_stay_tracked() {
    let (base, seen) = server();
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("issue.eml"), message(&base, "first")).unwrap();
    let (code, _, stderr) = run(tmp.path(), &["ingest", "--resolve-links", "issue.eml"]);
    assert_eq!(code, 0, "{stderr}");
    let (code, stdout, stderr) = run(tmp.path(), &["export"]);
    assert_eq!(code, 0, "{stderr}");
    let docs: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let found: Vec<(String, String, bool)> = docs
        .iter()
        .map(|doc| {
            (
                doc["url"].as_str().unwrap().replace(&base, ""),
                doc["written_url"].as_str().unwrap_or("").replace(&base, ""),
                doc["tracked"].as_bool().unwrap_or(false),
            )
        })
        .collect();
    let mut found = found;
    found.sort();
    assert_eq!(
        found,
        [
            (
                "/article".to_string(),
                "/track/click?id=chain".to_string(),
                false
            ),
            ("/track/click?id=loop".to_string(), String::new(), true),
            ("/track/click?id=missing".to_string(), String::new(), true),
            ("/track/click?id=slow".to_string(), String::new(), true),
        ]
    );
    let before = seen.lock().unwrap().clone();
    assert_eq!(before["/hop"], 1, "{before:?}");
    assert!(
        before["/track/click?id=loop"] <= 2,
        "a loop is stopped: {before:?}"
    );

    std::fs::write(tmp.path().join("issue.eml"), message(&base, "edited")).unwrap();
    let (code, _, stderr) = run(tmp.path(), &["ingest", "--resolve-links", "issue.eml"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("1 replaced"), "{stderr}");
    assert_eq!(
        *seen.lock().unwrap(),
        before,
        "the cache answers the second run"
    );
}

#[test]
fn the_help_warns_that_resolving_may_report_a_click() {
    let (_, stdout, _) = run(std::path::Path::new("."), &["ingest", "--help"]);
    assert!(
        stdout.contains("may report a click to the sender"),
        "{stdout}"
    );
}
