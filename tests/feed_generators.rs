//! Feeds in the shapes generators emit that the family fixtures do not use
//! (fixtures/feeds/generators/): relative links in entry content (resolved against the content's
//! `xml:base`, else the entry's page, else the channel's link), Atom `type="xhtml"` content under
//! an entry `xml:base`, HTML-escaped Atom summaries, RSS 0.92 descriptions of `<br>` lines dated
//! by `dc:date`, JSON Feed 1.1, Hugo-like per-post RSS and Jekyll-like Atom; dates at midnight in
//! positive and negative offsets; an RSS item whose own `<link>` is relative to the channel's; Atom 0.3. Each
//! test states every document.

use std::path::Path;

use serde_json::Value;

mod common;

const CRATE_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// Entry key (after `FILE#`), date, issue number, section, title, URL, description, issue URL
/// (empty when absent).
type Row = [String; 8];

/// `parse` of `generators/name` in a folder of its own: exit code, rows and stderr.
fn parse(name: &str) -> (i32, Vec<Row>, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        Path::new(CRATE_DIR)
            .join("fixtures/feeds/generators")
            .join(name),
        dir.path().join(name),
    )
    .unwrap();
    let (code, stdout, stderr) = common::run_in(dir.path(), &["parse", name]);
    let text = |doc: &Value, key: &str| match &doc[key] {
        Value::String(text) => text.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    };
    let rows = common::json_lines(&stdout)
        .iter()
        .map(|doc| {
            let source = text(doc, "source");
            let key = source.split_once('#').unwrap().1.to_string();
            let [date, issue, section, title, url, description, issue_url] = [
                "date",
                "issue",
                "section",
                "title",
                "url",
                "description",
                "issue_url",
            ]
            .map(|field| text(doc, field));
            [
                key,
                date,
                issue,
                section,
                title,
                url,
                description,
                issue_url,
            ]
        })
        .collect();
    (code, rows, stderr)
}

/// The rows `parse` must give, from string slices.
fn rows(expected: &[[&str; 8]]) -> Vec<Row> {
    expected.iter().map(|row| row.map(str::to_string)).collect()
}

#[test]
fn rss_content_with_root_and_dot_relative_links_resolves_them_against_the_item_link() {
    let (code, got, stderr) = parse("relative.rss");
    assert_eq!((code, stderr.as_str()), (0, ""));
    let i12 = "https://queuenotes.example.net/issues/12/";
    let i11 = "https://queuenotes.example.net/issues/11/";
    // `tools/qtop` resolves under the issue's own page, which is the entry's furniture
    // (comment and share pages live there): no document.
    assert_eq!(
        got,
        rows(&[
            [
                "qn-12",
                "2024-03-04",
                "12",
                "news",
                "Backpressure, explained",
                "https://queuenotes.example.net/go/backpressure-explained",
                "Why a slow consumer should slow its producer, with three diagrams.",
                i12
            ],
            [
                "qn-12",
                "2024-03-04",
                "12",
                "news",
                "Retries that do not stampede",
                "https://streams.example.org/retries",
                "Jitter, budgets and the one setting that matters.",
                i12
            ],
            [
                "qn-12",
                "2024-03-04",
                "12",
                "sponsor",
                "Brokerly",
                "https://sponsor.example.com/?ref=qn",
                "Managed brokers that page you less.",
                i12
            ],
            [
                "qn-11",
                "2024-02-26",
                "11",
                "news",
                "Ordering guarantees, compared",
                "https://queuenotes.example.net/go/ordering-guarantees",
                "What each broker promises about order, in one table.",
                i11
            ],
            [
                "qn-11",
                "2024-02-26",
                "11",
                "news",
                "Choosing partition keys",
                "https://partitions.example.io/keys",
                "Hot keys and how to spot them early.",
                i11
            ],
        ])
    );
}

#[test]
fn atom_xhtml_content_under_an_entry_xml_base_is_a_whole_issue() {
    let (code, got, stderr) = parse("xhtml-base.atom");
    assert_eq!((code, stderr.as_str()), (0, ""));
    let k30 = "tag:letters.example.org,2024:30";
    let p30 = "https://letters.example.org/2024/05/letter-30.html";
    let k29 = "tag:letters.example.org,2024:29";
    let p29 = "https://letters.example.org/2024/05/letter-29.html";
    assert_eq!(
        got,
        rows(&[
            [
                k30,
                "2024-05-20",
                "30",
                "networks",
                "Anycast for the rest of us",
                "https://letters.example.org/links/anycast",
                "Anycast for the rest of us - how one address answers from many places.",
                p30
            ],
            [
                k30,
                "2024-05-20",
                "30",
                "networks",
                "BGP leaks, a field guide",
                "https://letters.example.org/2024/notes/bgp-leaks.html",
                "BGP leaks, a field guide - five leaks and what stopped them.",
                p30
            ],
            [
                k30,
                "2024-05-20",
                "30",
                "sponsor",
                "EdgeCo",
                "https://ads.example.com/edgy?c=30",
                "EdgeCo: run your functions near your users.",
                p30
            ],
            [
                k29,
                "2024-05-13",
                "29",
                "networks",
                "TTLs you can live with",
                "https://dns.example.net/ttl",
                "TTLs you can live with - short enough to move, long enough to cache.",
                p29
            ],
            [
                k29,
                "2024-05-13",
                "29",
                "networks",
                "Errata for last week",
                "https://letters.example.org/2024/05/letter-28.html#errata",
                "Errata for last week - a wrong port number, fixed.",
                p29
            ],
        ])
    );
}

#[test]
fn atom_escaped_html_summary_without_content_is_the_issue() {
    let (code, got, stderr) = parse("escaped-summary.atom");
    assert_eq!((code, stderr.as_str()), (0, ""));
    let i58 = "https://fortnight.example.dev/58";
    let i57 = "https://fortnight.example.dev/57";
    assert_eq!(
        got,
        rows(&[
            [
                i58,
                "2023-11-06",
                "58",
                "news",
                "Subgrid in practice",
                "https://css.example.com/subgrid",
                "Aligning cards across rows without magic numbers & hacks.",
                i58
            ],
            [
                i58,
                "2023-11-06",
                "58",
                "news",
                "Respecting “reduced motion”",
                "https://motion.example.org/reduced",
                "What to turn off, and what to keep.",
                i58
            ],
            [
                i58,
                "2023-11-06",
                "58",
                "sponsor",
                "Typeface Co",
                "https://sponsor.example.net/fonts",
                "Variable fonts, licensed once.",
                i58
            ],
            [
                i57,
                "2023-10-23",
                "57",
                "news",
                "Focus rings are back",
                "https://a11y.example.com/focus",
                "Styling <button> focus without losing it.",
                i57
            ],
            [
                i57,
                "2023-10-23",
                "57",
                "news",
                "LCP in one afternoon",
                "https://perf.example.io/lcp",
                "Three fixes, measured.",
                i57
            ],
        ])
    );
}

#[test]
fn rss_092_description_of_br_lines_ending_in_an_unsubscribe_line_keeps_its_links() {
    let (code, got, stderr) = parse("rss092.rss");
    assert_eq!((code, stderr.as_str()), (0, ""));
    let i204 = "http://sunday.example.com/archive/204.html";
    let i203 = "http://sunday.example.com/archive/203.html";
    // The bold `Sponsor` label inside the `<br>` run is not yet a section of its own.
    assert_eq!(
        got,
        rows(&[
            [
                i204,
                "2009-06-14",
                "204",
                "news",
                "Backup rotation schemes",
                "http://backups.example.org/rotation.html",
                "Backup rotation schemes - grandfather, father, son, and why.",
                i204
            ],
            [
                i204,
                "2009-06-14",
                "204",
                "news",
                "logrotate tips",
                "http://logs.example.net/logrotate",
                "logrotate tips - copytruncate considered harmful. Sponsor",
                i204
            ],
            [
                i204,
                "2009-06-14",
                "204",
                "news",
                "RackHosting",
                "http://hosting.example.com/?src=sunday",
                "RackHosting - dedicated boxes from $49.",
                i204
            ],
            [
                i203,
                "2009-06-07",
                "203",
                "news",
                "SPF in ten minutes",
                "http://mail.example.org/spf",
                "SPF in ten minutes - the record, the test, the gotcha.",
                i203
            ],
            [
                i203,
                "2009-06-07",
                "203",
                "news",
                "Cron, demystified",
                "http://cron.example.net/",
                "Cron, demystified - five fields and a newline.",
                i203
            ],
        ])
    );
}

#[test]
fn json_feed_1_1_relative_link_resolves_against_the_item_url() {
    let (code, got, stderr) = parse("feed11.json");
    assert_eq!((code, stderr.as_str()), (0, ""));
    let i77 = "https://dispatch.example.ai/issues/77";
    let i76 = "https://dispatch.example.ai/issues/76";
    assert_eq!(
        got,
        rows(&[
            [
                i77,
                "2024-02-05",
                "77",
                "news",
                "Iceberg tables from scratch",
                "https://tables.example.com/iceberg",
                "Snapshots, manifests and what a commit writes.",
                i77
            ],
            [
                i77,
                "2024-02-05",
                "77",
                "news",
                "Compaction strategies",
                "https://dispatch.example.ai/r/compaction",
                "Small files are a tax; here is how to pay less.",
                i77
            ],
            [
                i77,
                "2024-02-05",
                "77",
                "sponsor",
                "Warehousely",
                "https://sponsor.example.org/warehouse",
                "A warehouse that bills by the query.",
                i77
            ],
            [
                i76,
                "2024-01-29",
                "76",
                "news",
                "Window functions, visually",
                "https://sql.example.net/windows",
                "Frames and partitions in six pictures.",
                i76
            ],
            [
                i76,
                "2024-01-29",
                "76",
                "news",
                "DAGs that stay small",
                "https://orchestration.example.io/dags",
                "Splitting a pipeline before it splits you.",
                i76
            ],
        ])
    );
}

#[test]
fn hugo_like_posts_are_one_link_each_without_their_read_more() {
    let (code, got, stderr) = parse("hugo-posts.rss");
    assert_eq!((code, stderr.as_str()), (0, ""));
    let jq = "https://smalltools.example.blog/posts/jq-for-forgetters/";
    let just = "https://smalltools.example.blog/posts/switched-to-just/";
    let fuzzy = "https://smalltools.example.blog/posts/fuzzy-finders/";
    let said = "I used fzf and skim for a month each. Here is where each one won.";
    // A post whose summary names two projects in one sentence is still read as an issue of
    // those two links (the rule counts links; a one-line issue `[One] and [Two]` looks alike).
    assert_eq!(
        got,
        rows(&[
            [
                jq,
                "2023-09-09",
                "",
                "intro",
                "jq for people who forget jq",
                jq,
                "Five filters I look up every single time, written down once so I can stop.",
                ""
            ],
            [
                just,
                "2023-09-01",
                "",
                "intro",
                "Why I switched to just",
                just,
                "Make is fine, but just reads like a list of commands.",
                ""
            ],
            [
                fuzzy,
                "2023-08-20",
                "",
                "intro",
                "fzf",
                "https://fzf.example.com/",
                said,
                fuzzy
            ],
            [
                fuzzy,
                "2023-08-20",
                "",
                "intro",
                "skim",
                "https://skim.example.net/",
                said,
                fuzzy
            ],
        ])
    );
}

#[test]
fn jekyll_like_atom_content_xml_base_resolves_root_and_parent_relative_links() {
    let (code, got, stderr) = parse("jekyll-base.atom");
    assert_eq!((code, stderr.as_str()), (0, ""));
    let k9 = "https://rustroundup.example.com/2024/03/04/roundup-9";
    let p9 = "https://rustroundup.example.com/2024/03/04/roundup-9.html";
    let k8 = "https://rustroundup.example.com/2024/02/26/roundup-8";
    let p8 = "https://rustroundup.example.com/2024/02/26/roundup-8.html";
    assert_eq!(
        got,
        rows(&[
            [
                k9,
                "2024-03-04",
                "9",
                "news",
                "The 2024 edition, previewed",
                "https://rustroundup.example.com/links/edition-2024",
                "The 2024 edition, previewed: what changes and what migrates itself.",
                p9
            ],
            [
                k9,
                "2024-03-04",
                "9",
                "news",
                "Cancellation in async Rust",
                "https://async.example.org/cancel",
                "Cancellation in async Rust: drop is a cancel point.",
                p9
            ],
            [
                k9,
                "2024-03-04",
                "9",
                "crates",
                "tinyjson",
                "https://rustroundup.example.com/crates/tinyjson",
                "tinyjson: a JSON parser in 400 lines.",
                p9
            ],
            [
                k9,
                "2024-03-04",
                "9",
                "crates",
                "Ferris Hosting",
                "https://sponsor.example.dev/",
                "Thanks to Ferris Hosting for sponsoring this issue.",
                p9
            ],
            [
                k8,
                "2024-02-26",
                "8",
                "news",
                "Lifetimes without tears",
                "https://lifetimes.example.net/",
                "Lifetimes without tears: a picture book.",
                p8
            ],
            [
                k8,
                "2024-02-26",
                "8",
                "news",
                "Last week's roundup",
                "https://rustroundup.example.com/2024/02/19/roundup-7.html",
                "Last week's roundup: in case you missed it.",
                p8
            ],
        ])
    );
}

#[test]
fn rss_item_link_and_content_links_relative_to_the_channel_link_resolve_against_it() {
    let (code, got, stderr) = parse("channel-base.rss");
    assert_eq!((code, stderr.as_str()), (0, ""));
    let key = "/issues/5";
    let page = "https://tuesday.example.com/issues/5";
    assert_eq!(
        got,
        rows(&[
            [
                key,
                "2023-01-01",
                "5",
                "tricks",
                "xargs, safely",
                "https://tuesday.example.com/r/xargs",
                "Null-separated input and why it matters.",
                page
            ],
            [
                key,
                "2023-01-01",
                "5",
                "tricks",
                "Globs you forgot",
                "https://tuesday.example.com/issues/globs",
                "Extended globs in three shells.",
                page
            ],
        ])
    );
}

#[test]
fn atom_0_3_feeds_are_read_as_atom_1_0_in_any_spelling() {
    // Atom 0.3 (2003-2005): its namespace, `mode="escaped"` content, and `issued` / `created`
    // dates beside `modified` (the update, never the entry's day). Pretty-printed with an
    // issue's content, on one line with link entries, and with an `atom:` prefix.
    let (code, got, stderr) = parse("atom03-issues.atom");
    assert_eq!((code, stderr.as_str()), (0, ""));
    let key = "tag:sunday.example.com,2009:205";
    let page = "http://sunday.example.com/archive/205.html";
    assert_eq!(
        got,
        rows(&[
            [
                key,
                "2009-06-21",
                "205",
                "news",
                "Snapshots are not backups",
                "http://backups.example.org/atom03-snapshots",
                "Snapshots are not backups - what to keep, and where.",
                page
            ],
            [
                key,
                "2009-06-21",
                "205",
                "news",
                "journald for syslog people",
                "http://logs.example.net/atom03-journald",
                "journald for syslog people - the five commands you need.",
                page
            ],
        ])
    );

    let (code, got, stderr) = parse("atom03-links-one-line.atom");
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(
        got,
        rows(&[
            [
                "tag:sunday.example.com,2009:l1",
                "2009-06-14",
                "",
                "intro",
                "Cron, demystified",
                "http://cron.example.net/atom03-cron",
                "Five fields and a newline.",
                ""
            ],
            [
                "tag:sunday.example.com,2009:l2",
                "2009-06-14",
                "",
                "intro",
                "SPF in ten minutes",
                "http://mail.example.org/atom03-spf",
                "The record, the test, the gotcha.",
                ""
            ],
        ])
    );

    let (code, got, stderr) = parse("atom03-prefixed.atom");
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(
        got,
        rows(&[[
            "tag:sunday.example.com,2009:l3",
            "2009-06-07",
            "",
            "intro",
            "Backup rotation schemes",
            "http://backups.example.org/atom03-rotation",
            "Grandfather, father, son, and why.",
            ""
        ]])
    );
}
