//! `ingest URL`: crawls of fixture sites served on 127.0.0.1 by [`crawl_server`] (never the
//! internet): which pages are requested, in what order and with which headers, which become
//! issues, what a second run asks again, how misbehaving servers are met, the remembered sources,
//! and an interrupted crawl resumed.

mod crawl_server;

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
use crawl_server::Server;

/// The User-Agent every request carries.
const USER_AGENT: &str = "backissues/0.1.0 (+https://github.com/backissues/backissues)";

/// The issue pages of the `archive` fixture site, in the order the crawl finds them.
const ARCHIVE_ISSUES: &[&str] = &[
    "/2020/12-winter-links.html",
    "/2020/11-autumn-links.html",
    "/2020/10-october-links.html",
    "/2020/09-september-links.html",
    "/2020/08-august-links.html",
    "/2019/05-spring-links.html",
    "/2019/03-march-links.html",
];

/// What a fresh crawl of the `archive` site requests, in order: robots.txt, the root, samples of
/// each group of sibling links (first, middle and last member: the year index 2020 and, in it,
/// three issues; two author pages; two tag pages), the pagination of 2020, the other year, then
/// the remaining issues.
const ARCHIVE_REQUESTS: &[&str] = &[
    "/robots.txt",
    "/",
    "/2020/",
    "/2020/12-winter-links.html",
    "/2020/11-autumn-links.html",
    "/2020/10-october-links.html",
    "/author/jane.html",
    "/author/bob.html",
    "/tag/rust.html",
    "/tag/go.html",
    "/2020/page2.html",
    "/2019/",
    "/2020/09-september-links.html",
    "/2020/08-august-links.html",
    "/2019/05-spring-links.html",
    "/2019/03-march-links.html",
];

/// The command, with small limits for the misbehaving paths.
fn command(index: &Path, args: &[&str]) -> Command {
    let mut command = Command::cargo_bin("backissues").unwrap();
    command
        .arg("--index")
        .arg(index)
        .args(args)
        .env("BACKISSUES_FETCH_TIMEOUT_MS", "1000")
        .env("BACKISSUES_FETCH_MAX_BYTES", "200000")
        .env("BACKISSUES_FETCH_MAX_WAIT_MS", "2000");
    command
}

/// Runs backissues with `args` on the index at `index`.
fn run(index: &Path, args: &[&str]) -> Output {
    command(index, args).output().unwrap()
}

/// Runs `ingest --delay 0 URL...`, which must succeed; returns stderr.
fn ingest(index: &Path, urls: &[String], more: &[&str]) -> String {
    let mut args = vec!["ingest", "--delay", "0"];
    args.extend_from_slice(more);
    args.extend(urls.iter().map(String::as_str));
    let output = run(index, &args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{stderr}");
    stderr
}

/// Every document of the index, as exported (one JSON line each, in index order).
fn exported(index: &Path) -> Vec<String> {
    let output = run(index, &["export"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut lines: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    lines.sort();
    lines
}

/// The distinct sources of the index's documents, sorted.
fn sources(index: &Path) -> Vec<String> {
    let mut sources: Vec<String> = exported(index)
        .iter()
        .map(|line| {
            let doc: serde_json::Value = serde_json::from_str(line).unwrap();
            doc["source"].as_str().unwrap().to_string()
        })
        .collect();
    sources.sort();
    sources.dedup();
    sources
}

/// `paths` as URLs of `server`, sorted.
fn urls(server: &Server, paths: &[&str]) -> Vec<String> {
    let mut urls: Vec<String> = paths.iter().map(|path| server.url(path)).collect();
    urls.sort();
    urls
}

#[test]
fn an_archive_is_crawled_from_its_root_politely() {
    let server = Server::start("archive");
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let started = std::time::Instant::now();
    let stderr = ingest(&index, &[server.url("/")], &[]);
    assert!(
        started.elapsed().as_secs() < 30,
        "robots.txt's Crawl-delay 5 (13 pauses: 65 s) is not kept on a loopback address with \
         --delay 0"
    );
    assert_eq!(server.paths(), ARCHIVE_REQUESTS);
    for request in server.requests() {
        assert_eq!(request.headers["user-agent"], USER_AGENT);
        assert!(request.headers["accept-encoding"].contains("gzip"));
        assert!(!request.headers.contains_key("cookie"));
        assert!(!request.headers.contains_key("if-none-match"));
    }
    assert_eq!(sources(&index), urls(&server, ARCHIVE_ISSUES));
    let docs = exported(&index);
    assert_eq!(docs.len(), 21);
    assert!(docs
        .iter()
        .all(|doc| doc.contains("\"newsletter\":\"Weekly Links\"")));
    assert!(
        stderr.contains(&format!(
            "{}/: archive, 7 issues found, 15 pages read",
            server.origin
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("16 requests: 16 downloaded, 0 unchanged (304), 0 from the cache"),
        "{stderr}"
    );
    assert!(stderr.contains("7 issues added"), "{stderr}");
}

#[test]
fn a_second_run_downloads_nothing_unchanged() {
    let server = Server::start("archive");
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    ingest(&index, &[server.url("/")], &[]);
    let first = exported(&index);
    server.clear();
    let stderr = ingest(&index, &[server.url("/")], &[]);
    assert_eq!(server.paths(), ARCHIVE_REQUESTS);
    for request in server.requests() {
        assert_eq!(request.status, 304, "{}", request.path);
        assert!(
            request.headers.contains_key("if-none-match"),
            "{}",
            request.path
        );
        assert_eq!(
            request.headers["if-modified-since"],
            "Mon, 01 Mar 2021 00:00:00 GMT"
        );
    }
    assert!(
        stderr.contains("0 issues added, 0 replaced, 7 unchanged"),
        "{stderr}"
    );
    assert_eq!(exported(&index), first);
}

#[test]
fn a_changed_page_is_parsed_again_and_a_vanished_one_keeps_its_issue() {
    let server = Server::start("archive");
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    ingest(&index, &[server.url("/")], &[]);
    server.set("/2020/12-winter-links.html", &crawl_server::issue_page(7));
    server.remove("/2019/03-march-links.html");
    server.clear();
    let stderr = ingest(&index, &[server.url("/")], &[]);
    let full: Vec<String> = server
        .requests()
        .into_iter()
        .filter(|request| request.status == 200)
        .map(|request| request.path)
        .collect();
    assert_eq!(full, ["/2020/12-winter-links.html"]);
    assert!(
        stderr.contains("0 issues added, 1 replaced, 5 unchanged"),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 issue no longer on the site (kept in the index)"),
        "{stderr}"
    );
    assert_eq!(sources(&index), urls(&server, ARCHIVE_ISSUES));
    assert!(exported(&index)
        .iter()
        .any(|doc| doc.contains("odd.example/7-a")));
}

#[test]
fn rebuild_reads_issues_from_the_cache_and_asks_only_the_archive_pages() {
    let server = Server::start("archive");
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    ingest(&index, &[server.url("/")], &[]);
    let first = exported(&index);
    server.clear();
    ingest(&index, &[server.url("/")], &["--rebuild"]);
    assert_eq!(
        server.paths(),
        ["/robots.txt", "/", "/2020/", "/2020/page2.html", "/2019/"]
    );
    assert_eq!(exported(&index), first);
}

#[test]
fn dry_run_prints_the_issue_urls_without_fetching_them() {
    let server = Server::start("archive");
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let output = run(
        &index,
        &["ingest", "--dry-run", "--delay", "0", &server.url("/")],
    );
    assert!(output.status.success());
    let printed: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    let expected: Vec<String> = ARCHIVE_ISSUES.iter().map(|path| server.url(path)).collect();
    assert_eq!(printed, expected);
    // The archive's requests up to the issues themselves: a dry run fetches none of them.
    assert_eq!(server.paths(), ARCHIVE_REQUESTS[..12]);
    assert!(!index.join("meta.json").exists());
}

#[test]
fn a_sitemap_named_by_robots_txt_finds_every_issue_and_no_other_page() {
    let server = Server::start("sitemap");
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    ingest(&index, &[server.url("/")], &[]);
    assert_eq!(
        sources(&index),
        urls(&server, &["/issues/1", "/issues/2", "/issues/3"])
    );
    assert_eq!(
        server.paths(),
        [
            "/robots.txt",
            "/",
            "/sitemap.xml",
            "/issues/3",
            "/issues/1",
            "/issues/2",
            "/tags/ops",
            "/tags/dev",
        ]
    );
}

#[test]
fn a_feed_of_whole_issues_is_one_issue_per_entry() {
    let server = Server::start("feeds");
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let feed = server.url("/full.xml");
    ingest(&index, std::slice::from_ref(&feed), &[]);
    assert_eq!(server.paths(), ["/robots.txt", "/full.xml"]);
    let expected: Vec<String> = ["feed-issue-1", "feed-issue-2", "feed-issue-3"]
        .iter()
        .map(|id| format!("{feed}#{id}"))
        .collect();
    assert_eq!(sources(&index), expected);
    assert!(exported(&index)
        .iter()
        .all(|doc| doc.contains("\"newsletter\":\"Feed Weekly\"")));
}

#[test]
fn a_feed_of_teasers_is_read_from_the_pages_of_its_entries() {
    let server = Server::start("feeds");
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    ingest(&index, &[server.url("/teasers.xml")], &[]);
    assert_eq!(
        server.paths(),
        [
            "/robots.txt",
            "/teasers.xml",
            "/posts/3.html",
            "/posts/2.html",
            "/posts/1.html"
        ]
    );
    assert_eq!(
        sources(&index),
        urls(
            &server,
            &["/posts/1.html", "/posts/2.html", "/posts/3.html"]
        )
    );
    assert_eq!(exported(&index).len(), 9);
}

#[test]
fn misbehaving_servers_are_met_with_limits_and_clear_messages() {
    let server = Server::start("feeds");
    let other = Server::start("feeds");
    server.redirect_away(&other.url("/posts/1.html"));
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let given: Vec<String> = [
        "/limited.html",
        "/loop/a",
        "/away",
        "/slow.html",
        "/endless.html",
        "/gzip.html",
    ]
    .iter()
    .map(|path| server.url(path))
    .collect();
    let stderr = ingest(&index, &given, &[]);
    let statuses: Vec<(String, u16)> = server
        .requests()
        .into_iter()
        .map(|request| (request.path, request.status))
        .collect();
    let expected = [
        ("/robots.txt", 404),
        ("/limited.html", 429),
        ("/limited.html", 200),
        ("/loop/a", 302),
        ("/loop/b", 302),
        ("/away", 302),
        ("/slow.html", 200),
        ("/endless.html", 200),
        ("/gzip.html", 200),
    ];
    let expected: Vec<(String, u16)> = expected
        .iter()
        .map(|(path, status)| (path.to_string(), *status))
        .collect();
    assert_eq!(statuses, expected);
    assert_eq!(other.paths(), ["/robots.txt", "/posts/1.html"]);
    assert!(
        stderr.contains(&format!(
            "{}: more than 5 redirects or a redirect loop",
            server.url("/loop/a")
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "{}: the server took too long to answer",
            server.url("/slow.html")
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "{}: the response is larger than 200000 bytes",
            server.url("/endless.html")
        )),
        "{stderr}"
    );
    assert_eq!(
        sources(&index),
        urls(&server, &["/away", "/gzip.html", "/limited.html"])
    );
}

#[test]
fn sources_are_remembered_listed_brought_up_to_date_and_removed() {
    let site = Server::start("archive");
    let feeds = Server::start("feeds");
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let archive = site.url("/");
    let feed = feeds.url("/full.xml");
    ingest(&index, &[archive.clone(), feed.clone()], &[]);
    let listed = run(&index, &["sources"]);
    assert!(listed.status.success());
    let text = String::from_utf8_lossy(&listed.stdout);
    let rows: Vec<Vec<&str>> = text
        .lines()
        .map(|line| line.split('\t').take(4).collect())
        .collect();
    assert_eq!(
        rows,
        [
            vec!["URL", "KIND", "ISSUES", "PAGES"],
            vec![archive.as_str(), "archive", "7", "15"],
            vec![feed.as_str(), "feed", "1", "1"],
        ]
    );
    site.clear();
    feeds.clear();
    let stderr = ingest(&index, &[], &[]);
    assert!(
        stderr.contains("0 issues added, 0 replaced, 10 unchanged"),
        "{stderr}"
    );
    assert_eq!(site.paths(), ARCHIVE_REQUESTS);
    assert!(site.requests().iter().all(|request| request.status == 304));
    let statuses: Vec<(String, u16)> = feeds
        .requests()
        .into_iter()
        .map(|request| (request.path, request.status))
        .collect();
    assert_eq!(
        statuses,
        [
            ("/robots.txt".to_string(), 404),
            ("/full.xml".to_string(), 304)
        ]
    );
    let refused = run(&index, &["sources", "remove", &archive]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("add --yes"));
    let removed = run(&index, &["sources", "remove", &archive, "--yes"]);
    assert!(
        removed.status.success(),
        "{}",
        String::from_utf8_lossy(&removed.stderr)
    );
    assert_eq!(sources(&index).len(), 3);
    assert!(sources(&index)
        .iter()
        .all(|source| source.starts_with(&feed)));
    let text = String::from_utf8_lossy(&run(&index, &["sources"]).stdout).into_owned();
    assert_eq!(text.lines().count(), 2);
}

#[test]
fn an_interrupted_crawl_resumed_gives_the_index_of_an_uninterrupted_one() {
    let server = Server::start("archive");
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("whole");
    ingest(&whole, &[server.url("/")], &[]);
    let resumed = dir.path().join("resumed");
    server.clear();
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("backissues"))
        .arg("--index")
        .arg(&resumed)
        .args(["ingest", "--delay", "0.2", &server.url("/")])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    server.interrupt_after(child.id(), 5);
    let status = child.wait_with_output().unwrap().status;
    assert_eq!(
        std::os::unix::process::ExitStatusExt::signal(&status),
        Some(libc::SIGINT)
    );
    let before: Vec<String> = server.paths();
    server.clear();
    ingest(&resumed, &[server.url("/")], &[]);
    let mut downloaded: Vec<String> = server
        .requests()
        .into_iter()
        .filter(|request| request.status == 200)
        .map(|request| request.path)
        .collect();
    // The page whose response the signal came after may or may not have reached the cache.
    let last = before.last().unwrap();
    let expected: Vec<&str> = ARCHIVE_REQUESTS
        .iter()
        .copied()
        .filter(|path| !before.iter().any(|seen| seen == path))
        .collect();
    downloaded.retain(|path| path != last);
    assert_eq!(downloaded, expected);
    assert_eq!(exported(&resumed), exported(&whole));
}

#[test]
fn a_home_page_showing_the_latest_issue_leads_to_its_archive() {
    let server = Server::start("hub");
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let stderr = ingest(&index, &[server.url("/")], &[]);
    assert_eq!(
        sources(&index),
        urls(
            &server,
            &["/issues/1.html", "/issues/2.html", "/issues/3.html"]
        )
    );
    assert_eq!(
        server.paths(),
        [
            "/robots.txt",
            "/",
            "/about.html",
            "/archive.html",
            "/subscribe.html",
            "/issues/3.html",
            "/issues/2.html",
            "/issues/1.html",
        ]
    );
    assert!(stderr.contains(&format!("{}/: archive, 3 issues found", server.origin)));
}

#[test]
fn follow_names_the_issue_links_when_the_guess_is_wrong() {
    let server = Server::start("archive");
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    ingest(&index, &[server.url("/")], &["--follow", r"/2019/\d"]);
    assert_eq!(
        sources(&index),
        urls(
            &server,
            &["/2019/03-march-links.html", "/2019/05-spring-links.html"]
        )
    );
}

#[test]
fn max_pages_bounds_a_run_and_says_so() {
    let server = Server::start("archive");
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let stderr = ingest(&index, &[server.url("/")], &["--max-pages", "9"]);
    assert_eq!(server.paths().len(), 10, "robots.txt and 9 pages");
    assert!(
        stderr.contains("not fetched: --max-pages 9 reached; raise it to go on"),
        "{stderr}"
    );
    assert_eq!(
        sources(&index),
        urls(
            &server,
            &[
                "/2020/10-october-links.html",
                "/2020/11-autumn-links.html",
                "/2020/12-winter-links.html"
            ]
        )
    );
}

#[test]
fn the_delay_spaces_the_requests_to_a_site() {
    let server = Server::start("feeds");
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let output = run(
        &index,
        &["ingest", "--delay", "0.5", &server.url("/teasers.xml")],
    );
    assert!(output.status.success());
    let times: Vec<std::time::Instant> = server.requests().iter().map(|r| r.at).collect();
    assert_eq!(times.len(), 5);
    // Four pauses of 0.5 s at least; the server's clock reads each request a little late, so
    // one gap alone may look shorter on a busy machine, never the sum.
    let span = times[4] - times[0];
    assert!(span >= std::time::Duration::from_millis(1900), "{span:?}");
}

#[test]
fn a_url_robots_txt_disallows_is_never_requested() {
    let server = Server::start("archive");
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let output = run(
        &index,
        &["ingest", "--delay", "0", &server.url("/private/draft.html")],
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "warning: {}: disallowed by the site's robots.txt; not fetched",
            server.url("/private/draft.html")
        )),
        "{stderr}"
    );
    assert!(stderr.contains("error: no URL could be read"), "{stderr}");
    assert_eq!(server.paths(), ["/robots.txt"]);
}

#[test]
fn ingest_without_arguments_or_remembered_urls_says_what_to_give() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(&dir.path().join("index"), &["ingest"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains(
        "nothing to ingest: give issue files, folders or URLs (the index remembers no URL yet)"
    ));
    let listed = run(&dir.path().join("index"), &["sources"]);
    assert_eq!(listed.status.code(), Some(1));
}

#[test]
fn fetched_pages_give_the_documents_of_the_same_pages_as_files() {
    let server = Server::start("archive");
    let dir = tempfile::tempdir().unwrap();
    let web = dir.path().join("web");
    ingest(&web, &[server.url("/")], &[]);
    let files = dir.path().join("files");
    let pages = dir.path().join("pages");
    for path in ARCHIVE_ISSUES {
        let name = path.trim_start_matches('/').replace('/', "-");
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/sites/archive");
        std::fs::create_dir_all(&pages).unwrap();
        std::fs::copy(from.join(&path[1..]), pages.join(name)).unwrap();
    }
    let output = run(&files, &["ingest", pages.to_str().unwrap()]);
    assert!(output.status.success());
    let without_source = |index: &Path| {
        let mut docs: Vec<String> = exported(index)
            .iter()
            .map(|line| {
                let mut doc: serde_json::Value = serde_json::from_str(line).unwrap();
                doc.as_object_mut().unwrap().remove("source");
                doc.to_string()
            })
            .collect();
        docs.sort();
        docs
    };
    assert_eq!(without_source(&web), without_source(&files));
}

#[test]
fn pages_that_share_a_shape_with_issues_are_read_before_they_are_taken() {
    let server = Server::start("slugs");
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    ingest(&index, &[server.url("/")], &[]);
    assert_eq!(
        sources(&index),
        urls(
            &server,
            &[
                "/a-week-of-queues/",
                "/caches-all-the-way-down/",
                "/the-rust-edition/"
            ]
        )
    );
    assert_eq!(
        server.paths(),
        [
            "/robots.txt",
            "/",
            "/about/",
            "/a-week-of-queues/",
            "/privacy/",
            "/the-rust-edition/",
            "/caches-all-the-way-down/",
        ]
    );
    let from_archive = dir.path().join("from-archive");
    ingest(&from_archive, &[server.url("/archive/")], &[]);
    assert_eq!(sources(&from_archive), sources(&index));
}

#[test]
fn urls_and_paths_are_ingested_in_one_run() {
    let server = Server::start("feeds");
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/devopsweekly");
    let stderr = ingest(
        &index,
        &[server.url("/full.xml"), folder.display().to_string()],
        &[],
    );
    let found = sources(&index);
    assert_eq!(
        found
            .iter()
            .filter(|source| source.starts_with("http://"))
            .count(),
        3
    );
    assert!(
        found.iter().any(|source| source.ends_with(".md")),
        "{found:?}"
    );
    assert!(
        stderr.contains("6 files read (3 feed entries): 8 issues added, 0 replaced, 0 unchanged"),
        "{stderr}"
    );
}
