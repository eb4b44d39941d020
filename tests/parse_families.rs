//! End-to-end tests of `backissues parse` on one fixture per markdown family the parser must read
//! as a reader's CommonMark renderer shows it (fixtures/families/): the exact documents, in order.

use std::path::Path;

use serde_json::Value;

mod common;

const CRATE_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// (section, url, title, description) of one document.
type Row = (String, String, Option<String>, String);

/// Copies `fixtures/families/<name>` into a temporary folder, runs `backissues parse` on it
/// there and returns its documents; the run must succeed quietly.
fn parse_family(name: &str) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(CRATE_DIR).join("fixtures/families").join(name);
    std::fs::copy(&from, dir.path().join(name)).unwrap();
    let (code, stdout, stderr) = common::run_in(dir.path(), &["parse", name]);
    assert_eq!(code, 0, "stderr: {stderr}");
    assert_eq!(stderr, "");
    common::json_lines(&stdout)
}

fn rows(docs: &[Value]) -> Vec<Row> {
    docs.iter()
        .map(|d| {
            (
                d["section"].as_str().unwrap().to_string(),
                d["url"].as_str().unwrap().to_string(),
                d["title"].as_str().map(str::to_string),
                d["description"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn row(section: &str, url: &str, title: Option<&str>, description: &str) -> Row {
    (
        section.into(),
        url.into(),
        title.map(str::to_string),
        description.into(),
    )
}

#[test]
fn heading_links_are_lead_items_with_the_text_under_them() {
    let docs = parse_family("heading-links.md");
    assert_eq!(
        rows(&docs),
        [
            row(
                "pull-requests",
                "https://github.com/org/repo/pull/1234",
                Some("#1234: Use HTTP/2 for webhooks"),
                "Webhook delivery now reuses one HTTP/2 connection per host, which cuts handshakes by an order of magnitude. Thanks to everyone who tested the branch."
            ),
            row(
                "pull-requests",
                "https://github.com/org/repo/pull/1240",
                Some("#1240: Drop the legacy token format"),
                "(breaking) Old tokens stop working in the next release."
            ),
            row(
                "pull-requests/other-changes",
                "https://github.com/org/repo/pull/1251",
                Some("Faster diffs"),
                "Faster diffs for large files"
            ),
            row(
                "intro",
                "https://forge.example.com/releases/3.2",
                Some("Release 3.2"),
                "The release notes list every change."
            ),
        ]
    );
    assert_eq!(docs[0]["section_title"], "Pull requests");
    assert_eq!(docs[0]["issue_title"], "Forge Notes 41");
    assert_eq!(docs[0]["date"], "2025-03-02");
}

#[test]
fn wrapped_list_items_keep_every_line() {
    let docs = parse_family("wrapped-items.md");
    assert_eq!(
        rows(&docs),
        [
            row("news", "https://queues.example.com/why", Some("Why queues fill up"), "Why queues fill up explains Little's law with pictures, then works through three production incidents where the backlog grew without anyone noticing."),
            row("news", "https://lazy.example.org/post", Some("Lazy lines"), "Lazy lines is a list item whose text wraps lazily onto the next line without any indentation at all."),
            row("news", "https://tabs.example.net/", Some("Tabs and spaces"), "Tabs and spaces mixes a tab-indented continuation line into the same item."),
            row("news", "https://numbers.example.com/one", Some("Numbered and wrapped"), "Numbered and wrapped is the first of a numbered list, wrapped the same way."),
        ]
    );
}

#[test]
fn nested_quotes_and_bullets_describe_their_item() {
    let docs = parse_family("nested-descriptions.md");
    assert_eq!(
        rows(&docs),
        [
            row("releases", "https://haskell.example.org/ghc-9.8", Some("GHC 9.8 released"), "GHC 9.8 released by A. Author The GHC team is proud to announce the release of GHC 9.8.1, with faster builds and a new type checker plugin API."),
            row("releases", "https://github.com/example/k23", Some("k23"), "An experimental microkernel written in Rust. Runs WebAssembly programs as processes."),
            row("releases", "https://compilers.example.com/week-11", Some("Compiler news"), "Compiler news on the new backend"),
            row("releases", "https://kernel.example.org/week-11", Some("Kernel news"), "Kernel news about scheduling"),
        ]
    );
}

#[test]
fn code_spans_with_brackets_stay_in_link_text_and_hold_no_links() {
    let docs = parse_family("code-spans.md");
    assert_eq!(
        rows(&docs),
        [
            row(
                "rfcs",
                "https://rfcs.example.org/0491",
                Some("Remove the [] notation"),
                "Remove the [] notation from slice patterns."
            ),
            row(
                "rfcs",
                "https://rfcs.example.org/0512",
                Some("Allow impl [T; N] blocks"),
                "Allow impl [T; N] blocks for arrays."
            ),
        ]
    );
}

#[test]
fn footer_words_inside_articles_drop_nothing_and_the_trailing_footer_goes() {
    let docs = parse_family("footer-words.md");
    assert_eq!(
        rows(&docs),
        [
            row(
                "design-patterns",
                "https://patterns.example.com/observer",
                Some("Observer pattern with an unsubscribe mechanism"),
                "Observer pattern with an unsubscribe mechanism"
            ),
            row(
                "design-patterns",
                "https://patterns.example.com/retry",
                Some("Retry budgets"),
                "Retry budgets keep retries from amplifying outages."
            ),
            row(
                "tools",
                "https://github.com/example/mailq",
                Some("mailq"),
                "mailq lets you view this email in a terminal, really."
            ),
            row(
                "tools",
                "https://github.com/example/feedcheck",
                Some("feedcheck"),
                "feedcheck validates RSS feeds."
            ),
            row(
                "tools",
                "https://ux.example.com/unsubscribe",
                Some("Unsubscribe flows done right"),
                "Unsubscribe flows done right by a designer who tested forty."
            ),
        ]
    );
}

#[test]
fn bold_lead_links_take_the_paragraphs_under_them() {
    let docs = parse_family("bold-leads.md");
    assert_eq!(
        rows(&docs),
        [
            row("top-stories", "https://expo.example.dev/changelog/sdk-54", Some("Expo SDK 54"), "SDK 54 ships React Native 0.81 and precompiled iOS builds. The upgrade guide covers the breaking changes."),
            row("top-stories", "https://vite.example.dev/blog/7", Some("Vite 7 is out"), "Node 18 support is dropped; the default browser target moves forward."),
            row("top-stories", "https://blog.example.com/related", Some("a related post"), "A paragraph that mentions a related post is its own item."),
        ]
    );
}

#[test]
fn reference_labels_with_spaces_case_and_footnotes() {
    let docs = parse_family("reference-labels.md");
    let shared = "The 2025 benchmark update compares six runtimes. See also last year's numbers and the methodology.";
    assert_eq!(
        rows(&docs),
        [
            row(
                "benchmarks",
                "https://bench.example.com/2025-update",
                Some("2025 benchmark update"),
                shared
            ),
            row(
                "benchmarks",
                "https://bench.example.com/2024",
                Some("last year's numbers"),
                shared
            ),
            row(
                "benchmarks",
                "https://bench.example.com/method",
                Some("methodology"),
                shared
            ),
            row(
                "benchmarks",
                "https://bench.example.com/hardware",
                None,
                "Hardware notes: https://bench.example.com/hardware"
            ),
        ]
    );
}

#[test]
fn enumerated_link_lines_and_full_width_punctuation() {
    let docs = parse_family("enumerated-cjk.md");
    assert_eq!(
        rows(&docs),
        [
            row(
                "文章",
                "https://bike.example.com/metal-tires",
                Some("金属轮胎"),
                "自行车的“金属轮胎”，由记忆合金制成，永远不会漏气。"
            ),
            row(
                "文章",
                "https://editor.example.cn/",
                Some("一个网页编辑器"),
                "开源的网页编辑器，支持协作。"
            ),
            row(
                "工具",
                "https://cli.example.cn/tool",
                None,
                "推荐一个命令行工具（https://cli.example.cn/tool）。它可以批量改名。"
            ),
            row(
                "工具",
                "https://db.example.cn/tutorial",
                Some("数据库教程"),
                "数据库教程：一份中文教程，适合入门。"
            ),
            row(
                "工具",
                "https://post.example.cn/a",
                Some("一篇文章"),
                "另见一篇文章，值得一读。"
            ),
        ]
    );
}

#[test]
fn table_rows_are_items() {
    let docs = parse_family("tables.md");
    assert_eq!(
        rows(&docs),
        [
            row(
                "releases",
                "https://github.com/example/tokio/releases/1.45",
                Some("tokio"),
                "tokio 1.45 new JoinSet helpers"
            ),
            row(
                "releases",
                "https://github.com/example/serde/releases/1.0.220",
                Some("serde"),
                "serde 1.0.220 faster derives"
            ),
        ]
    );
}

#[test]
fn html_anchors_in_blocks_and_inline() {
    let docs = parse_family("html-anchors.md");
    assert_eq!(
        rows(&docs),
        [
            row(
                "news",
                "https://html.example.com/block",
                Some("reading HTML blocks"),
                "A post on reading HTML blocks, written in raw HTML."
            ),
            row(
                "news",
                "https://html.example.com/card",
                Some("A card link"),
                "A card link"
            ),
            row(
                "news",
                "https://html.example.com/inline",
                Some("an inline anchor"),
                "Inline HTML works too: an inline anchor in a paragraph."
            ),
        ]
    );
}

#[test]
fn glued_headings_and_one_space_bullets() {
    let docs = parse_family("habits.md");
    assert_eq!(
        rows(&docs),
        [
            row(
                "news",
                "https://habits.example.com/one-space",
                Some("One space before the bullet"),
                "One space before the bullet"
            ),
            row(
                "news",
                "https://habits.example.com/second",
                Some("Second one-space bullet"),
                "Second one-space bullet"
            ),
            row(
                "news/tools",
                "https://habits.example.com/tool",
                None,
                "A tool for glued headings."
            ),
        ]
    );
    assert_eq!(docs[2]["section_title"], "News / Tools");
}

#[test]
fn more_and_truncate_markers_give_no_text_and_split_nothing() {
    let docs = parse_family("more-markers.md");
    assert_eq!(
        rows(&docs),
        [row(
            "news",
            "https://markers.example.com/post",
            None,
            "A description before the marker."
        )]
    );
}

#[test]
fn mdx_statements_components_and_heading_anchors_give_no_text() {
    let docs = parse_family("docusaurus.mdx");
    assert_eq!(
        rows(&docs),
        [
            row(
                "what-s-new",
                "https://react.example.dev/blog/compiler",
                Some("React Compiler 1.0"),
                "React Compiler 1.0 is stable."
            ),
            row(
                "what-s-new",
                "https://react.example.dev/migrate",
                Some("migration guide"),
                "Read the migration guide first."
            ),
        ]
    );
    assert_eq!(docs[0]["section_title"], "What's new");
}

#[test]
fn html_blocks_are_items_by_their_block_tags() {
    let docs = parse_family("html-lists.md");
    assert_eq!(
        rows(&docs),
        [
            row(
                "news",
                "https://lists.example.com/one",
                Some("First pick"),
                "First pick explains queueing theory."
            ),
            row(
                "news",
                "https://lists.example.com/two",
                Some("Second pick"),
                "A description on its own line."
            ),
            row(
                "news",
                "https://lists.example.com/lead",
                Some("A lead story in HTML"),
                "The paragraph under the heading describes it. So does the next one."
            ),
            row(
                "tools",
                "https://github.com/example/rg",
                Some("ripgrep"),
                "rg ripgrep Searches fast."
            ),
            row(
                "tools",
                "https://github.com/example/fd",
                Some("fd"),
                "fd fd Finds files."
            ),
            row(
                "tools",
                "https://lists.example.com/para",
                Some("A linked paragraph"),
                "with its description after a line break."
            ),
        ]
    );
}

#[test]
fn an_email_footer_of_short_labels_goes_and_the_items_before_it_stay() {
    let docs = parse_family("email-footer.md");
    assert_eq!(
        rows(&docs),
        [
            row(
                "news",
                "https://envoy.example.com/cp",
                Some("Envoy control planes"),
                "Envoy control planes explained from the ground up."
            ),
            row(
                "news",
                "https://dash.example.com/web",
                Some("Web version of the dashboard"),
                "Web version of the dashboard is out, with a view online mode."
            ),
            row(
                "推荐",
                "https://tool.example.cn/x",
                Some("一个工具"),
                "一个工具：很好用。"
            ),
        ]
    );
}

#[test]
fn a_title_line_then_description_lines_is_one_item() {
    let docs = parse_family("title-lines.md");
    let description = "One description for the post and its code.";
    assert_eq!(
        rows(&docs),
        [
            row(
                "news",
                "https://titles.example.com/alpha",
                Some("Alpha post"),
                "Why alpha matters, on the line under its title."
            ),
            row(
                "news",
                "https://titles.example.com/beta",
                Some("Beta post"),
                "A hard break before the description. It wraps onto a second line. More about beta in a paragraph of its own."
            ),
            row(
                "news",
                "https://titles.example.com/gamma",
                Some("Gamma post"),
                description
            ),
            row(
                "news",
                "https://github.com/example/gamma",
                Some("its repository"),
                description
            ),
            row(
                "news",
                "https://titles.example.com/delta",
                None,
                "Delta is described before its link, as DevOps Weekly does."
            ),
        ]
    );
}

#[test]
fn a_quote_with_one_linked_paragraph_is_one_item() {
    let docs = parse_family("quotes.md");
    assert_eq!(
        rows(&docs),
        [
            row(
                "releases",
                "https://quotes.example.com/k8s",
                Some("Kubernetes 1.33"),
                "Kubernetes 1.33 is out. The release notes call out sidecar containers going stable."
            ),
            row(
                "releases",
                "https://quotes.example.com/envoy",
                Some("Envoy 1.34"),
                "A quote whose description is on the next line."
            ),
            row(
                "releases",
                "https://quotes.example.com/alert",
                Some("Alert links"),
                "Alert links work in GitHub alerts too."
            ),
            row(
                "releases",
                "https://quotes.example.com/one",
                Some("One"),
                "One first paragraph."
            ),
            row(
                "releases",
                "https://quotes.example.com/two",
                Some("Two"),
                "Two second paragraph."
            ),
        ]
    );
}

#[test]
fn credits_in_link_headings_and_after_titles_are_words_of_their_item() {
    let docs = parse_family("credits.md");
    let credited = |url: &str, title: &str, description: &str| {
        let section = if url.starts_with("https://github.com") {
            "tools"
        } else {
            "news"
        };
        row(section, url, Some(title), description)
    };
    assert_eq!(
        rows(&docs),
        [
            credited(
                "https://github.com/a/fastgrep",
                "fastgrep",
                "Maintained by @alice A grep that stays fast on huge monorepos."
            ),
            credited(
                "https://github.com/b/slowcat",
                "slowcat",
                "Maintained by @bob Cat, but slow on purpose."
            ),
            credited(
                "https://github.com/c/tinyq",
                "tinyq",
                "by Carl (@carl) A queue in one file."
            ),
            credited(
                "https://p.example/retries",
                "Why retries hurt",
                "Why retries hurt by Dee (@dee) - what backoff is for."
            ),
            credited(
                "https://p.example/shedding",
                "Load shedding",
                "Load shedding (thanks @eve) - dropping work on purpose."
            ),
            credited(
                "https://p.example/postmortems",
                "Postmortem culture",
                "Postmortem culture via Lobsters - blameless, for real."
            ),
            credited(
                "https://p.example/pages",
                "The cost of a page",
                "The cost of a page h/t Frank - counting the hours."
            ),
            credited(
                "https://p.example/chaos",
                "Chaos days",
                "Chaos days thanks to Gina - a playbook."
            ),
            credited(
                "https://p.example/idempotency",
                "Idempotency keys",
                "Idempotency keys (@hank) - one header, fewer duplicates."
            ),
            credited(
                "https://p.example/traces",
                "A CLI for traces",
                "A CLI for traces - built by the team at Acme with OpenTelemetry."
            ),
            credited(
                "https://acme.example/",
                "Acme",
                "A CLI for traces - built by the team at Acme with OpenTelemetry."
            ),
            credited(
                "https://opentelemetry.io/",
                "OpenTelemetry",
                "A CLI for traces - built by the team at Acme with OpenTelemetry."
            ),
            credited(
                "https://sponsor.example/",
                "our sponsor",
                "Thanks to our sponsor for keeping this free."
            ),
            row(
                "videos",
                "https://talks.example/monolith",
                Some("Scaling the monolith"),
                "by Ivy Why one deployable can still grow."
            ),
        ]
    );
}

#[test]
fn credit_lines_naming_where_the_author_wrote_are_words_of_their_item() {
    let docs = parse_family("credit-lines.md");
    let news =
        |url: &str, title: &str, description: &str| row("news", url, Some(title), description);
    assert_eq!(
        rows(&docs),
        [
            news(
                "https://p.example/sre",
                "The SRE book, revisited",
                "Posted by Gail on her blog Ten years on, which chapters hold up."
            ),
            news(
                "https://p.example/canaries",
                "Cheap canaries",
                "Written by Hal at Canary Co Shipping one percent first."
            ),
            news(
                "https://p.example/budgets",
                "Retry budgets",
                "Retry budgets (Source: Ops Digest) - spend failures wisely."
            ),
            news(
                "https://p.example/oncall",
                "On-call handbooks",
                "On-call handbooks — Author: Ivy for Pager Club - what to write down."
            ),
            row(
                "tools",
                "https://github.com/b/kube-lint",
                Some("kube-lint"),
                "@bob Lints your manifests before they ship."
            ),
        ]
    );
}

#[test]
fn a_trailing_row_of_short_links_mostly_footer_labels_is_the_footer() {
    let docs = parse_family("footer-rows.md");
    assert_eq!(
        rows(&docs),
        [
            row(
                "news",
                "https://caches.example/layers",
                Some("Layers of caches"),
                "Layers of caches - where each cache sits and why."
            ),
            row(
                "news",
                "https://dns.example/ttl",
                Some("DNS TTLs in practice"),
                "DNS TTLs in practice - shorter is not always better."
            ),
        ]
    );
}

#[test]
fn a_title_line_a_bare_url_and_a_description_line_are_one_item() {
    let docs = parse_family("title-url-description.md");
    assert_eq!(
        rows(&docs),
        [
            row(
                "news",
                "https://caches.example/layers",
                None,
                "Layers of caches Where each cache sits and why."
            ),
            row(
                "news",
                "https://dns.example/ttl",
                None,
                "DNS TTLs in practice Shorter is not always better."
            ),
        ]
    );
}

#[test]
fn title_dash_lines_of_one_paragraph_are_an_item_each() {
    let docs = parse_family("title-dash-lines.md");
    let described = |section: &str, url: &str, title: &str, description: &str| {
        row(section, url, Some(title), description)
    };
    assert_eq!(
        rows(&docs),
        [
            described(
                "news",
                "https://a.example/one",
                "First post",
                "First post - what the first one says."
            ),
            described(
                "news",
                "https://b.example/two",
                "Second post",
                "Second post - what the second one says."
            ),
            described(
                "tools",
                "https://c.example/tool",
                "A tool",
                "A tool: a tool for things, and see its docs for more."
            ),
            described(
                "tools",
                "https://c.example/docs",
                "its docs",
                "A tool: a tool for things, and see its docs for more."
            ),
            described(
                "tools",
                "https://d.example/other",
                "Other tool",
                "Other tool | another tool."
            ),
        ]
    );
}
