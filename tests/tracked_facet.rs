//! `query --facet domain` on mail whose links go through click trackers (fixtures/mail/senders:
//! Mailchimp trackers, Cooper-Press-style `/link/N/web` redirects, personal links): each domain
//! says how many of its links are tracked, one stderr line says how many in all and that
//! `ingest --resolve-links` counts them where they lead; resolved (through an HTTP proxy the test
//! starts on 127.0.0.1: nothing else is contacted), they count under their destination's domain.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;

use serde_json::{json, Value};

mod common;

/// What `--facet domain` says on stderr when `tracked` of the links are tracked.
fn note(tracked: u64) -> String {
    format!(
        "backissues: {tracked} of these links are tracked (a click tracker or the newsletter's \
         own redirect), counted under the tracker's domain; `ingest --resolve-links` counts them \
         under where they lead\n"
    )
}

/// The sender fixtures this test counts (other sender fixtures may come and go).
const SENDERS: [&str; 6] = [
    "base64-path.eml",
    "cooper.eml",
    "listid.eml",
    "mailchimp.eml",
    "sendgrid.eml",
    "substack.eml",
];

/// An index of the [`SENDERS`] fixtures, copied into `dir`.
fn senders_index(dir: &Path) -> std::path::PathBuf {
    let mail = dir.join("senders");
    std::fs::create_dir(&mail).unwrap();
    for name in SENDERS {
        std::fs::copy(
            Path::new("fixtures/mail/senders").join(name),
            mail.join(name),
        )
        .unwrap();
    }
    let index = dir.join("index");
    let (code, _, stderr) = common::run(common::on_index(&index).arg("ingest").arg(&mail));
    assert_eq!(code, 0, "{stderr}");
    index
}

#[test]
fn the_domain_facet_counts_the_tracked_links_of_each_domain() {
    let tmp = tempfile::tempdir().unwrap();
    let index = senders_index(tmp.path());
    let (code, stdout, stderr) = common::run(&mut common::query(&index, &["--facet", "domain"]));
    assert_eq!((code, stderr.as_str()), (0, note(6).as_str()));
    assert_eq!(
        stdout,
        concat!(
            " domain                             links  tracked\n",
            " exampleweekly.us1.list-manage.com      2        2\n",
            " javascriptexample.com                  2        2\n",
            " articles.example                       1        0\n",
            " news.example.net                       1        1\n",
            " open.substack.com                      1        0\n",
            " pagers.example                         1        0\n",
            " quiz.example                           1        0\n",
            " rust.example                           1        0\n",
            " spans.example                          1        0\n",
            " u4815.ct.sendgrid.net                  1        1\n",
        )
    );

    let (code, stdout, stderr) = common::run(&mut common::query(
        &index,
        &["--facet", "domain", "--format", "tsv", "--header"],
    ));
    assert_eq!((code, stderr.as_str()), (0, note(6).as_str()));
    assert_eq!(
        stdout,
        concat!(
            "domain\tlinks\ttracked\n",
            "exampleweekly.us1.list-manage.com\t2\t2\n",
            "javascriptexample.com\t2\t2\n",
            "articles.example\t1\t0\n",
            "news.example.net\t1\t1\n",
            "open.substack.com\t1\t0\n",
            "pagers.example\t1\t0\n",
            "quiz.example\t1\t0\n",
            "rust.example\t1\t0\n",
            "spans.example\t1\t0\n",
            "u4815.ct.sendgrid.net\t1\t1\n",
        )
    );

    let (code, stdout, stderr) = common::run(&mut common::query(
        &index,
        &["--facet", "domain", "--format", "json"],
    ));
    assert_eq!((code, stderr.as_str()), (0, note(6).as_str()));
    let rows: Value = serde_json::from_str(&stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 10);
    assert_eq!(
        rows[..3],
        [
            json!({"value": "exampleweekly.us1.list-manage.com", "count": 2, "tracked": 2}),
            json!({"value": "javascriptexample.com", "count": 2, "tracked": 2}),
            json!({"value": "articles.example", "count": 1, "tracked": 0}),
        ]
    );
}

#[test]
fn the_tracked_count_follows_the_query_and_other_facets_have_none() {
    let tmp = tempfile::tempdir().unwrap();
    let index = senders_index(tmp.path());
    // One newsletter: its two `/link/N/web` redirects, one link tracked in this facet's words.
    let cooper = [
        "--newsletter",
        "JavaScript Example Weekly",
        "--facet",
        "domain",
    ];
    let (code, stdout, stderr) = common::run(&mut common::query(&index, &cooper));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        " domain                 links  tracked\n javascriptexample.com      2        2\n"
    );
    assert_eq!(stderr, note(2));

    // No tracked link among the matches: no column in the table, no line on stderr, and TSV
    // keeps its three columns for pipes.
    let rust = ["--newsletter", "Rust Example News", "--facet", "domain"];
    let (code, stdout, stderr) = common::run(&mut common::query(&index, &rust));
    assert_eq!(
        (code, stdout.as_str(), stderr.as_str()),
        (0, " domain        links\n rust.example      1\n", "")
    );
    let (code, stdout, stderr) = common::run(&mut common::query(
        &index,
        &[&rust[..], &["--format", "tsv"]].concat(),
    ));
    assert_eq!(
        (code, stdout.as_str(), stderr.as_str()),
        (0, "rust.example\t1\t0\n", "")
    );

    let (code, stdout, stderr) = common::run(&mut common::query(
        &index,
        &["--facet", "newsletter", "--format", "tsv", "--header"],
    ));
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert!(stdout.starts_with("newsletter\tlinks\n"), "{stdout}");
    assert!(
        stdout.lines().all(|line| line.split('\t').count() == 2),
        "{stdout}"
    );
}

/// A proxy on 127.0.0.1 that answers every tunnelled request itself: `weekly.example`'s
/// `/link/N/web` redirects lead to `articles.example`, whose pages answer 200. Returns its URL.
fn proxy() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || tunnel(stream));
        }
    });
    url
}

/// One connection: a `CONNECT host:80`, then one request through the tunnel, answered by host
/// and path.
fn tunnel(mut stream: TcpStream) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let Some(connect) = request_line(&mut reader) else {
        return;
    };
    let host = connect.split_whitespace().nth(1).unwrap_or("").to_string();
    let _ = write!(stream, "HTTP/1.1 200 Connection established\r\n\r\n");
    let Some(request) = request_line(&mut reader) else {
        return;
    };
    let path = request.split_whitespace().nth(1).unwrap_or("/");
    let answer = match (host.as_str(), path) {
        ("weekly.example:80", "/link/101/web") => {
            "302 Found\r\nLocation: http://articles.example/event-loop"
        }
        ("weekly.example:80", "/link/102/web") => {
            "302 Found\r\nLocation: http://articles.example/bundlers"
        }
        ("articles.example:80", "/event-loop" | "/bundlers") => "200 OK",
        _ => "404 Not Found",
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {answer}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
}

/// The first line of a request, its headers read past.
fn request_line(reader: &mut BufReader<TcpStream>) -> Option<String> {
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
            break;
        }
    }
    (!line.is_empty()).then_some(line)
}

/// A Cooper-Press-style issue: two `/link/N/web` redirects of the newsletter's own domain.
const REDIRECTS: &str = "From: Weekly Example <news@weekly.example>\n\
    Subject: Weekly Example Issue 7\nDate: Fri, 13 Nov 2026 16:00:00 +0000\n\
    Message-ID: <we-7@weekly.example>\nList-Id: <weekly.example>\nContent-Type: text/html\n\n\
    <p><a href=\"http://weekly.example/link/101/web\">The event loop</a> Tasks and microtasks.</p>\n\
    <p><a href=\"http://weekly.example/link/102/web\">Bundlers compared</a> Five bundlers.</p>\n";

/// `backissues --index INDEX ARGS` in `dir`, with `proxy` as the only way out.
fn through(proxy: &str, dir: &Path, index: &str, args: &[&str]) -> (i32, String, String) {
    let mut cmd = common::backissues();
    for name in [
        "ALL_PROXY",
        "all_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "http_proxy",
        "NO_PROXY",
        "no_proxy",
    ] {
        cmd.env_remove(name);
    }
    cmd.env("HTTP_PROXY", proxy)
        .current_dir(dir)
        .args(["--index", index])
        .args(args);
    common::run(&mut cmd)
}

#[test]
fn resolved_redirects_count_under_the_domain_they_lead_to() {
    let proxy = proxy();
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("issue.eml"), REDIRECTS).unwrap();
    let facet = ["query", "--facet", "domain", "--format", "tsv"];

    let (code, _, stderr) = through(&proxy, tmp.path(), "offline", &["ingest", "issue.eml"]);
    assert_eq!(code, 0, "{stderr}");
    let (code, stdout, stderr) = through(&proxy, tmp.path(), "offline", &facet);
    assert_eq!(
        (code, stdout.as_str(), stderr.as_str()),
        (0, "weekly.example\t2\t2\n", note(2).as_str())
    );

    let resolve = ["ingest", "--resolve-links", "issue.eml"];
    let (code, _, stderr) = through(&proxy, tmp.path(), "resolved", &resolve);
    assert_eq!(code, 0, "{stderr}");
    let (code, stdout, stderr) = through(&proxy, tmp.path(), "resolved", &facet);
    assert_eq!(
        (code, stdout.as_str(), stderr.as_str()),
        (0, "articles.example\t2\t0\n", "")
    );
}
