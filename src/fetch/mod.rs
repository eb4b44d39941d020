//! The polite, cached HTTP client of `ingest URL`: one request at a time, a pause between two
//! requests to a host (`--delay`, never below the host's robots.txt `Crawl-delay` unless the host
//! is a loopback address), robots.txt obeyed for our User-Agent, 429 / 503 answered with a
//! bounded back-off that honours `Retry-After`, a timeout and a size limit per response, at most
//! [`MAX_REDIRECTS`] redirects, http(s) only, no cookies, gzip accepted. Every response is kept in
//! the [`cache`]; a cached URL is asked with `If-None-Match` / `If-Modified-Since`.
//!
//! Hidden environment variables make the limits small for tests: `BACKISSUES_FETCH_TIMEOUT_MS`
//! (default 30 s), `BACKISSUES_FETCH_MAX_BYTES` (default 20 MiB) and
//! `BACKISSUES_FETCH_MAX_WAIT_MS` (the longest `Retry-After` honoured, default 120 s).

pub mod cache;
mod robots;

use std::collections::{HashMap, HashSet};
use std::net::IpAddr;
use std::thread::sleep;
use std::time::{Duration, Instant};

use ureq::http::{Response, StatusCode};
use ureq::{Agent, Body};
use url::Url;

use cache::{Cache, Entry, Meta};
use robots::Robots;

/// Redirects followed from one URL at most.
pub const MAX_REDIRECTS: usize = 5;

/// Tries of one URL answered 429 or 503 before giving up.
const TRIES: usize = 3;

/// The User-Agent: the tool, its version and its home page.
pub const USER_AGENT: &str = concat!(
    "backissues/",
    env!("CARGO_PKG_VERSION"),
    " (+",
    env!("CARGO_PKG_REPOSITORY"),
    ")"
);

/// How the cache is used for one URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Ask the server, conditionally when cached (unless fetched during an unfinished run).
    Ask,
    /// Use the cached response without asking when there is one (`--rebuild`).
    CacheFirst,
}

/// A response, from the network or the cache.
#[derive(Debug, Clone)]
pub struct Page {
    /// The URL asked.
    pub url: String,
    /// The URL that answered, after redirects.
    pub final_url: String,
    /// The body.
    pub body: Vec<u8>,
    /// The `Content-Type`.
    pub content_type: Option<String>,
    /// True when the body came over the network in this run and differs from the cached one.
    pub changed: bool,
}

/// Why a URL could not be fetched, phrased for a person.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// robots.txt disallows it for our User-Agent.
    #[error("{0}: disallowed by the site's robots.txt; not fetched")]
    Disallowed(String),
    /// The server answered with an error status.
    #[error("{0}: the server answered {1}; check the URL in a browser")]
    Status(String, u16),
    /// `--max-pages` pages were read already.
    #[error("{0}: not fetched: --max-pages {1} reached; raise it to go on")]
    MaxPages(String, usize),
    /// The server kept answering 429 or 503.
    #[error("{0}: the server answered {1} (busy) {TRIES} times; try again later")]
    Busy(String, u16),
    /// The request failed (connection, timeout, size, TLS).
    #[error("{0}: {1}")]
    Network(String, String),
    /// More than [`MAX_REDIRECTS`] redirects, or a loop.
    #[error("{0}: more than {MAX_REDIRECTS} redirects or a redirect loop; give the final URL")]
    Redirects(String),
    /// Not an http(s) URL.
    #[error("{0}: only http and https URLs are fetched")]
    NotWeb(String),
    /// The cache could not be written.
    #[error("{0}: {1:#}")]
    Cache(String, anyhow::Error),
}

/// The numbers a run's summary reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Requests sent (robots.txt included).
    pub requests: u64,
    /// Full responses (200) received.
    pub downloaded: u64,
    /// 304 Not Modified answers.
    pub not_modified: u64,
    /// Pages taken from the cache without asking (not counting pages asked for earlier in the
    /// run).
    pub from_cache: u64,
}

/// What the client knows of one host.
struct Host {
    /// Its robots.txt rules.
    robots: Robots,
    /// When the last request to it was sent.
    last: Option<Instant>,
    /// True for a loopback address (no Crawl-delay floor).
    loopback: bool,
}

/// The polite cached client.
pub struct Client {
    agent: Agent,
    cache: Cache,
    hosts: HashMap<String, Host>,
    delay: Duration,
    max_bytes: u64,
    max_wait: Duration,
    /// Cache entries checked at or after this time (ms) are used without asking: they were
    /// fetched by an unfinished run of the same source.
    fresh_since: Option<u64>,
    /// URLs asked for (fetched or confirmed) in this run: asked once per run at most.
    this_run: HashSet<String>,
    /// What the client did.
    pub stats: Stats,
}

impl Client {
    /// A client caching into `cache`, pausing `delay` between two requests to a host.
    pub fn new(cache: Cache, delay: Duration) -> Self {
        let timeout = env_ms("BACKISSUES_FETCH_TIMEOUT_MS").unwrap_or(Duration::from_secs(30));
        let agent = Agent::config_builder()
            .timeout_global(Some(timeout))
            .max_redirects(0)
            .http_status_as_error(false)
            .user_agent(USER_AGENT)
            .proxy(None)
            .build()
            .into();
        let max_bytes = std::env::var("BACKISSUES_FETCH_MAX_BYTES")
            .ok()
            .and_then(|value| value.parse().ok())
            .unwrap_or(20 << 20);
        Self {
            agent,
            cache,
            hosts: HashMap::new(),
            delay,
            max_bytes,
            max_wait: env_ms("BACKISSUES_FETCH_MAX_WAIT_MS").unwrap_or(Duration::from_secs(120)),
            fresh_since: None,
            this_run: HashSet::new(),
            stats: Stats::default(),
        }
    }

    /// Cache entries checked at or after `ms` count as fresh (`None`: none do).
    pub fn set_fresh_since(&mut self, ms: Option<u64>) {
        self.fresh_since = ms;
    }

    /// The cache.
    pub fn cache(&self) -> &Cache {
        &self.cache
    }

    /// The sitemaps the robots.txt of `url`'s host names (fetching robots.txt if needed).
    pub fn sitemaps(&mut self, url: &Url) -> Vec<String> {
        match self.host(url) {
            Ok(host) => host.robots.sitemaps.clone(),
            Err(_) => Vec::new(),
        }
    }

    /// True when robots.txt lets us fetch `url`.
    pub fn allowed(&mut self, url: &Url) -> bool {
        self.host(url)
            .map(|host| host.robots.allowed(url.as_str()))
            .unwrap_or(false)
    }

    /// Fetches `url` (following redirects), using the cache as `mode` says.
    pub fn get(&mut self, url: &str, mode: Mode) -> Result<Page, FetchError> {
        let page = self.get_once(url, mode)?;
        if mode == Mode::Ask {
            self.this_run.insert(url.to_string());
        }
        Ok(page)
    }

    /// [`Self::get`], before the URL is noted as fetched in this run.
    fn get_once(&mut self, url: &str, mode: Mode) -> Result<Page, FetchError> {
        let cached = self.cache.get(url);
        if let Some(entry) = cached.as_ref().filter(|entry| self.is_fresh(entry, mode)) {
            if !self.this_run.contains(url) {
                self.stats.from_cache += 1;
            }
            return Ok(from_entry(entry.clone()));
        }
        let mut current = parse_web(url)?;
        let mut seen = vec![current.clone()];
        for _ in 0..=MAX_REDIRECTS {
            let conditional = cached
                .as_ref()
                .filter(|entry| entry.meta.final_url == current.as_str());
            match self.request(&current, conditional)? {
                Answer::Redirect(next) => {
                    if seen.contains(&next) {
                        break;
                    }
                    seen.push(next.clone());
                    current = next;
                }
                Answer::NotModified => {
                    let entry = cached.ok_or_else(|| FetchError::Status(url.into(), 304))?;
                    self.stats.not_modified += 1;
                    self.cache
                        .touch(url)
                        .map_err(|err| FetchError::Cache(url.into(), err))?;
                    return Ok(from_entry(entry));
                }
                Answer::Body(meta, body) => {
                    let changed = cached.as_ref().is_none_or(|entry| entry.body != body);
                    return self.store(url, &current, meta, body, changed);
                }
            }
        }
        Err(FetchError::Redirects(url.to_string()))
    }

    /// True when `entry` is used without asking.
    fn is_fresh(&self, entry: &Entry, mode: Mode) -> bool {
        mode == Mode::CacheFirst
            || self.this_run.contains(&entry.meta.url)
            || self
                .fresh_since
                .is_some_and(|since| entry.checked_ms >= since)
    }

    /// Keeps a full response in the cache and returns it.
    fn store(
        &mut self,
        url: &str,
        final_url: &Url,
        mut meta: Meta,
        body: Vec<u8>,
        changed: bool,
    ) -> Result<Page, FetchError> {
        self.stats.downloaded += 1;
        meta.url = url.to_string();
        meta.final_url = final_url.to_string();
        self.cache
            .put(&meta, &body)
            .map_err(|err| FetchError::Cache(url.into(), err))?;
        Ok(Page {
            url: meta.url,
            final_url: meta.final_url,
            body,
            content_type: meta.content_type,
            changed,
        })
    }

    /// One hop: robots.txt checked, the host's pause kept, 429 / 503 retried.
    fn request(&mut self, url: &Url, cached: Option<&Entry>) -> Result<Answer, FetchError> {
        if !self.allowed(url) {
            return Err(FetchError::Disallowed(url.to_string()));
        }
        let mut refused = StatusCode::TOO_MANY_REQUESTS;
        for attempt in 1..=TRIES {
            let response = self.send(url, cached)?;
            let status = response.status();
            if status != StatusCode::TOO_MANY_REQUESTS && status != StatusCode::SERVICE_UNAVAILABLE
            {
                return self.answer(url, response);
            }
            refused = status;
            if attempt < TRIES {
                sleep(retry_after(&response).min(self.max_wait));
            }
        }
        Err(FetchError::Busy(url.to_string(), refused.as_u16()))
    }

    /// What one response means.
    fn answer(&self, url: &Url, mut response: Response<Body>) -> Result<Answer, FetchError> {
        let status = response.status();
        if status == StatusCode::NOT_MODIFIED {
            return Ok(Answer::NotModified);
        }
        if status.is_redirection() {
            let next = header(&response, "location")
                .and_then(|location| url.join(&location).ok())
                .ok_or_else(|| FetchError::Status(url.to_string(), status.as_u16()))?;
            return Ok(Answer::Redirect(parse_web(next.as_str())?));
        }
        if !status.is_success() {
            return Err(FetchError::Status(url.to_string(), status.as_u16()));
        }
        let meta = Meta {
            etag: header(&response, "etag"),
            last_modified: header(&response, "last-modified"),
            content_type: header(&response, "content-type"),
            ..Meta::default()
        };
        let body = response
            .body_mut()
            .with_config()
            .limit(self.max_bytes)
            .read_to_vec()
            .map_err(|err| network(url, &err, self.max_bytes))?;
        Ok(Answer::Body(meta, body))
    }

    /// Sends one GET after the host's pause, with the conditional headers of `cached`.
    fn send(&mut self, url: &Url, cached: Option<&Entry>) -> Result<Response<Body>, FetchError> {
        self.pause(url);
        let mut request = self.agent.get(url.as_str());
        if let Some(entry) = cached {
            if let Some(etag) = &entry.meta.etag {
                request = request.header("If-None-Match", etag);
            }
            if let Some(modified) = &entry.meta.last_modified {
                request = request.header("If-Modified-Since", modified);
            }
        }
        self.stats.requests += 1;
        request
            .call()
            .map_err(|err| network(url, &err, self.max_bytes))
    }

    /// Waits until the host's pause since its last request is over, and notes this request.
    fn pause(&mut self, url: &Url) {
        let base = self.delay;
        let Some(host) = self.hosts.get_mut(&origin(url)) else {
            return;
        };
        let floor = if host.loopback {
            Duration::ZERO
        } else {
            host.robots.delay
        };
        let wait = base.max(floor);
        if let Some(last) = host.last {
            sleep(wait.saturating_sub(last.elapsed()));
        }
        host.last = Some(Instant::now());
    }

    /// What the client knows of `url`'s host, reading its robots.txt on first contact.
    fn host(&mut self, url: &Url) -> Result<&Host, FetchError> {
        let key = origin(url);
        if !self.hosts.contains_key(&key) {
            let loopback = is_loopback(url);
            self.hosts.insert(
                key.clone(),
                Host {
                    robots: Robots::allow_all(),
                    last: None,
                    loopback,
                },
            );
            let robots = self.robots(url);
            if let Some(host) = self.hosts.get_mut(&key) {
                host.robots = robots;
            }
        }
        self.hosts
            .get(&key)
            .ok_or_else(|| FetchError::NotWeb(url.to_string()))
    }

    /// The robots.txt rules of `url`'s host: a missing or unreadable file allows everything.
    fn robots(&mut self, url: &Url) -> Robots {
        let Ok(robots_url) = url.join("/robots.txt") else {
            return Robots::allow_all();
        };
        let cached = self.cache.get(robots_url.as_str());
        let answer = self
            .send(&robots_url, cached.as_ref())
            .and_then(|response| self.answer(&robots_url, response));
        let body = match answer {
            Ok(Answer::Body(mut meta, body)) => {
                meta.url = robots_url.to_string();
                meta.final_url = meta.url.clone();
                self.stats.downloaded += 1;
                let _ = self.cache.put(&meta, &body);
                body
            }
            Ok(Answer::NotModified) => {
                self.stats.not_modified += 1;
                cached.map(|entry| entry.body).unwrap_or_default()
            }
            _ => Vec::new(),
        };
        Robots::parse(&body)
    }
}

/// What one hop answered.
enum Answer {
    /// A redirect to this URL.
    Redirect(Url),
    /// 304: the cached response is current.
    NotModified,
    /// A full response.
    Body(Meta, Vec<u8>),
}

/// A page from a cache entry.
fn from_entry(entry: Entry) -> Page {
    Page {
        url: entry.meta.url,
        final_url: entry.meta.final_url,
        body: entry.body,
        content_type: entry.meta.content_type,
        changed: false,
    }
}

/// `url` parsed, when it is http(s).
pub fn parse_web(url: &str) -> Result<Url, FetchError> {
    Url::parse(url)
        .ok()
        .filter(|parsed| matches!(parsed.scheme(), "http" | "https") && parsed.has_host())
        .ok_or_else(|| FetchError::NotWeb(url.to_string()))
}

/// The scheme, host and port of `url`: what one site is.
pub fn origin(url: &Url) -> String {
    url.origin().ascii_serialization()
}

/// True when `url`'s host is a loopback address (or `localhost`).
fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// A response header as text.
fn header(response: &Response<Body>, name: &str) -> Option<String> {
    let value = response.headers().get(name)?.to_str().ok()?;
    Some(value.to_string())
}

/// How long a 429 / 503 asks to wait: `Retry-After` in seconds or as an HTTP date, else 1 s.
fn retry_after(response: &Response<Body>) -> Duration {
    let Some(value) = header(response, "retry-after") else {
        return Duration::from_secs(1);
    };
    if let Ok(seconds) = value.trim().parse::<u64>() {
        return Duration::from_secs(seconds);
    }
    let format = time::format_description::well_known::Rfc2822;
    time::OffsetDateTime::parse(value.trim(), &format)
        .ok()
        .and_then(|date| {
            let wait = date - time::OffsetDateTime::now_utc();
            Duration::try_from(wait).ok()
        })
        .unwrap_or(Duration::from_secs(1))
}

/// A request error, phrased for a person.
fn network(url: &Url, err: &ureq::Error, max_bytes: u64) -> FetchError {
    let message = match err {
        ureq::Error::Timeout(_) => "the server took too long to answer; try again later".into(),
        ureq::Error::BodyExceedsLimit(_) => {
            format!("the response is larger than {max_bytes} bytes; not read")
        }
        other => format!("{other}; check the URL and the network"),
    };
    FetchError::Network(url.to_string(), message)
}

/// A duration in milliseconds from the environment variable `name`.
fn env_ms(name: &str) -> Option<Duration> {
    let ms = std::env::var(name).ok()?.parse().ok()?;
    Some(Duration::from_millis(ms))
}
