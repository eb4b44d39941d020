//! A small HTTP/1.1 server for the crawl tests, on 127.0.0.1 (never the internet): it serves a
//! fixture site from `fixtures/sites/<name>/` (`{{origin}}` in a file becomes the server's own
//! origin), with an ETag and a Last-Modified on every file and 304 for a matching
//! `If-None-Match`, and records every request (path, headers, status) in order. A few paths
//! misbehave on purpose, on every site: `/limited.html` (429 with `Retry-After: 1` once),
//! `/loop/a` and `/loop/b` (a redirect loop), `/away` (a redirect to [`Server::redirect_away`]),
//! `/slow.html` (answers after 3 s), `/endless.html` (a chunked body that never ends) and
//! `/gzip.html` (gzip-encoded when asked for).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// One request the server saw.
#[derive(Debug, Clone)]
pub struct Request {
    /// The path (with its query).
    pub path: String,
    /// Its headers, names lowercased.
    pub headers: HashMap<String, String>,
    /// The status answered.
    pub status: u16,
    /// When it was read.
    pub at: Instant,
}

/// What the server shares with its connection threads.
#[derive(Default)]
struct State {
    log: Vec<Request>,
    /// Files that replace (or add to) the fixture's, by path.
    overrides: HashMap<String, Vec<u8>>,
    /// Paths that answer 404.
    gone: Vec<String>,
    /// Where `/away` redirects.
    away: String,
    /// Send SIGINT to this process after this many full (200) responses.
    interrupt: Option<(u32, usize)>,
    /// Times `/limited.html` was asked.
    limited: usize,
}

/// A running fixture server.
pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub origin: String,
    state: Arc<Mutex<State>>,
}

/// The fixture sites' folder.
fn sites() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/sites")
}

/// An issue page served by the misbehaving paths.
pub fn issue_page(n: u32) -> String {
    format!(
        "<!DOCTYPE html><html><head><title>Issue {n}: Odd links</title>\
         <meta property=\"article:published_time\" content=\"2022-01-0{n}T08:00:00+00:00\"></head>\
         <body><main><h1>Issue {n}: Odd links</h1><ul>\
         <li><a href=\"https://odd.example/{n}-a\">Odd article {n}a</a> on retries.</li>\
         <li><a href=\"https://odd.example/{n}-b\">Odd article {n}b</a> on limits.</li>\
         </ul></main></body></html>"
    )
}

impl Server {
    /// Starts serving the fixture site `site` (a folder of `fixtures/sites`).
    pub fn start(site: &str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let origin = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(State::default()));
        let root = sites().join(site);
        let shared = Arc::clone(&state);
        let served = origin.clone();
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = Arc::clone(&shared);
                let root = root.clone();
                let origin = served.clone();
                thread::spawn(move || {
                    let _ = serve(stream, &root, &origin, &state);
                });
            }
        });
        Self { origin, state }
    }

    /// The URL of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }

    /// Every request so far, in order.
    pub fn requests(&self) -> Vec<Request> {
        self.state.lock().unwrap().log.clone()
    }

    /// The paths requested so far, in order.
    pub fn paths(&self) -> Vec<String> {
        self.requests().into_iter().map(|r| r.path).collect()
    }

    /// Forgets the requests seen so far.
    pub fn clear(&self) {
        self.state.lock().unwrap().log.clear();
    }

    /// Serves `body` at `path` from now on.
    pub fn set(&self, path: &str, body: &str) {
        let mut state = self.state.lock().unwrap();
        state
            .overrides
            .insert(path.to_string(), body.as_bytes().to_vec());
    }

    /// Answers 404 at `path` from now on.
    pub fn remove(&self, path: &str) {
        self.state.lock().unwrap().gone.push(path.to_string());
    }

    /// Makes `/away` redirect to `url`.
    pub fn redirect_away(&self, url: &str) {
        self.state.lock().unwrap().away = url.to_string();
    }

    /// Sends SIGINT to process `pid` after `responses` more full responses.
    pub fn interrupt_after(&self, pid: u32, responses: usize) {
        self.state.lock().unwrap().interrupt = Some((pid, responses));
    }
}

/// A response to write.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn new(status: u16, body: Vec<u8>) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body,
        }
    }

    fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }
}

/// Reads one request, answers it, records it.
fn serve(
    stream: TcpStream,
    root: &std::path::Path,
    origin: &str,
    state: &Mutex<State>,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut headers = HashMap::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
        }
    }
    let mut stream = stream;
    if path == "/endless.html" {
        record(state, &path, headers, 200);
        return endless(&mut stream);
    }
    if path == "/slow.html" {
        record(state, &path, headers.clone(), 200);
        thread::sleep(Duration::from_secs(3));
    }
    let answer = answer(&path, &headers, root, origin, state);
    let status = answer.status;
    if path != "/slow.html" {
        record(state, &path, headers, status);
    }
    write(&mut stream, &answer)?;
    if status == 200 {
        interrupt_if_due(state);
    }
    Ok(())
}

/// Notes a request.
fn record(state: &Mutex<State>, path: &str, headers: HashMap<String, String>, status: u16) {
    state.lock().unwrap().log.push(Request {
        path: path.to_string(),
        headers,
        status,
        at: Instant::now(),
    });
}

/// Counts a full response and sends the SIGINT when it is due.
fn interrupt_if_due(state: &Mutex<State>) {
    let mut state = state.lock().unwrap();
    if let Some((pid, left)) = state.interrupt {
        if left <= 1 {
            state.interrupt = None;
            // SAFETY: kill(2) with a process id and a signal number touches no memory of ours.
            unsafe {
                libc::kill(pid as i32, libc::SIGINT);
            }
        } else {
            state.interrupt = Some((pid, left - 1));
        }
    }
}

/// The answer to `path`.
fn answer(
    path: &str,
    headers: &HashMap<String, String>,
    root: &std::path::Path,
    origin: &str,
    state: &Mutex<State>,
) -> Answer {
    let mut shared = state.lock().unwrap();
    match path {
        "/loop/a" => return Answer::new(302, Vec::new()).header("Location", "/loop/b"),
        "/loop/b" => return Answer::new(302, Vec::new()).header("Location", "/loop/a"),
        "/away" => return Answer::new(302, Vec::new()).header("Location", &shared.away),
        "/slow.html" => return Answer::new(200, issue_page(3).into_bytes()),
        "/limited.html" => {
            shared.limited += 1;
            if shared.limited == 1 {
                return Answer::new(429, b"slow down".to_vec()).header("Retry-After", "1");
            }
            return Answer::new(200, issue_page(1).into_bytes())
                .header("Content-Type", "text/html");
        }
        "/gzip.html" => return gzip(headers),
        _ => {}
    }
    if shared.gone.iter().any(|gone| gone == path) {
        return Answer::new(404, b"gone".to_vec());
    }
    let body = match shared.overrides.get(path) {
        Some(body) => body.clone(),
        None => match std::fs::read(file_of(root, path)) {
            Ok(body) => String::from_utf8_lossy(&body)
                .replace("{{origin}}", origin)
                .into_bytes(),
            Err(_) => return Answer::new(404, b"not found".to_vec()),
        },
    };
    drop(shared);
    let etag = format!("\"{}\"", &blake3::hash(&body).to_hex()[..16]);
    if headers.get("if-none-match") == Some(&etag) {
        return Answer::new(304, Vec::new()).header("ETag", &etag);
    }
    Answer::new(200, body)
        .header("Content-Type", content_type(path))
        .header("ETag", &etag)
        .header("Last-Modified", "Mon, 01 Mar 2021 00:00:00 GMT")
}

/// The fixture file of `path`: a folder's `index.html`.
fn file_of(root: &std::path::Path, path: &str) -> PathBuf {
    let path = path.split('?').next().unwrap_or_default();
    let relative = path.trim_start_matches('/');
    if relative.is_empty() || relative.ends_with('/') {
        root.join(relative).join("index.html")
    } else {
        root.join(relative)
    }
}

/// The Content-Type of `path` by its extension.
fn content_type(path: &str) -> &'static str {
    if path.ends_with(".xml") {
        "application/xml"
    } else if path.ends_with(".txt") {
        "text/plain"
    } else {
        "text/html; charset=utf-8"
    }
}

/// `/gzip.html`: an issue page, gzip-encoded when the request accepts gzip.
fn gzip(headers: &HashMap<String, String>) -> Answer {
    let page = issue_page(2).into_bytes();
    let accepts = headers
        .get("accept-encoding")
        .is_some_and(|value| value.contains("gzip"));
    if !accepts {
        return Answer::new(200, page).header("Content-Type", "text/html");
    }
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(&page).unwrap();
    Answer::new(200, encoder.finish().unwrap())
        .header("Content-Type", "text/html")
        .header("Content-Encoding", "gzip")
}

/// Writes an answer and closes the connection.
fn write(stream: &mut TcpStream, answer: &Answer) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} X\r\nContent-Length: {}\r\nConnection: close\r\n",
        answer.status,
        answer.body.len()
    );
    for (name, value) in &answer.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(&answer.body)?;
    stream.flush()
}

/// A chunked body that never ends (until the client hangs up, or 64 MiB).
fn endless(stream: &mut TcpStream) -> std::io::Result<()> {
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n",
    )?;
    let chunk = vec![b'a'; 16 * 1024];
    for _ in 0..4096 {
        stream.write_all(format!("{:x}\r\n", chunk.len()).as_bytes())?;
        stream.write_all(&chunk)?;
        stream.write_all(b"\r\n")?;
    }
    stream.write_all(b"0\r\n\r\n")
}
