//! End-to-end tests of `backissues parse` on markdown issues in forms the families of
//! fixtures/families/ do not use (fixtures/md-families-2/): credit spans in link headings,
//! bold bullets with nested links, reference links, Hugo shortcodes, Liquid includes, MDX
//! components, bare-URL quick links, sponsor blocks and front matter in several spellings.
//! Each test asserts the exact documents, in order, and the issue's date, number and title.

use std::path::Path;

use serde_json::Value;

mod common;

/// (section, url, title, description) of one document.
type Row = (String, String, Option<String>, String);

/// (date, number, title) of the issue every document carries.
type Facts = (String, u64, String);

/// Copies `fixtures/md-families-2/<name>` into a temporary folder, runs `backissues parse` on
/// it there and returns its documents; the run must succeed quietly.
fn parse_fixture(name: &str) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/md-families-2")
        .join(name);
    std::fs::copy(&from, dir.path().join(name)).unwrap();
    let (code, stdout, stderr) = common::run_in(dir.path(), &["parse", name]);
    assert_eq!(code, 0, "stderr: {stderr}");
    assert_eq!(stderr, "");
    common::json_lines(&stdout)
}

fn row(section: &str, url: &str, title: Option<&str>, description: &str) -> Row {
    (
        section.into(),
        url.into(),
        title.map(str::to_string),
        description.into(),
    )
}

/// Asserts the documents of `name` are `expected`, each with the issue facts `facts`.
fn check(name: &str, facts: (&str, u64, &str), expected: &[Row]) {
    let docs = parse_fixture(name);
    let rows: Vec<Row> = docs
        .iter()
        .map(|d| {
            (
                d["section"].as_str().unwrap().to_string(),
                d["url"].as_str().unwrap().to_string(),
                d["title"].as_str().map(str::to_string),
                d["description"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(rows, expected, "{name}");
    let want: Facts = (facts.0.into(), facts.1, facts.2.into());
    for doc in &docs {
        let got: Facts = (
            doc["date"].as_str().unwrap().to_string(),
            doc["issue"].as_u64().unwrap(),
            doc["issue_title"].as_str().unwrap().to_string(),
        );
        assert_eq!(got, want, "{name}");
    }
}

/// `### [Title](url) — by X`, `(via [@x](…))`, `- Maintained by`, `h/t`, `thanks to`, `(@x)`: the credit's words (not its dash) open the description, the paragraph follows, no credit link is a document; emoji headings are sections.
#[test]
fn credit_spans_in_link_headings_start_the_description() {
    check(
        "heading-credit-spans.md",
        ("2025-03-04", 58, "Systems Digest #58"),
        &[
            row(
                "tools",
                "https://github.com/q/quiltdb",
                Some("quiltdb"),
                "by Mara Lind An embedded store that patches pages in place.",
            ),
            row(
                "tools",
                "https://github.com/p/portcheck",
                Some("portcheck"),
                "(via @netnerd) Lists which process holds each port, across containers.",
            ),
            row(
                "tools",
                "https://github.com/t/tidyconf",
                Some("tidyconf"),
                "Maintained by @olu Formats TOML, YAML and INI with one config.",
            ),
            row(
                "news",
                "https://blog.example/page-cache",
                Some("The page cache, explained"),
                "h/t Sam What the kernel keeps and when it lets go.",
            ),
            row(
                "news",
                "https://blog.example/backpressure",
                Some("Backpressure in practice"),
                "thanks to Ravi Three queues, one lesson.",
            ),
            row(
                "videos",
                "https://talks.example/ebpf",
                Some("Debugging with eBPF"),
                "(@kiki) A live session tracing a slow syscall.",
            ),
        ],
    );
}

/// `* **[Title](url)** — what it is` with nested bullets of extra links: each bullet its own document, credits words of their item.
#[test]
fn bold_bullets_keep_their_words_and_nested_links_are_their_own() {
    check(
        "bold-bullets-nested.md",
        ("2024-11-18", 112, "Frontend Fortnightly"),
        &[
            row(
                "news",
                "https://css.example/cq",
                Some("Container queries in the wild"),
                "Container queries in the wild — how three design systems adopted them, by Jo.",
            ),
            row(
                "news",
                "https://github.com/jo/cq-demo",
                Some("Demo repo"),
                "Demo repo",
            ),
            row(
                "news",
                "https://slides.example/cq",
                Some("Slides"),
                "Slides",
            ),
            row(
                "news",
                "https://js.example/hydration",
                Some("Hydration, revisited"),
                "Hydration, revisited — partial hydration without a framework (via Ana).",
            ),
            row(
                "news",
                "https://js.example/hydration-bench",
                Some("Benchmark"),
                "Benchmark",
            ),
            row(
                "tools",
                "https://github.com/x/tinyroute",
                Some("tinyroute"),
                "tinyroute — a 2 kB router. Maintained by @pax.",
            ),
            row(
                "tools",
                "https://github.com/x/shade",
                Some("shade"),
                "shade — colour tokens from one seed colour, h/t Lee.",
            ),
            row(
                "jobs",
                "https://acme.example/jobs/fe",
                Some("Frontend engineer at Acme"),
                "Frontend engineer at Acme — remote, EU time zones.",
            ),
        ],
    );
}

/// Reference-style links with definitions at the bottom; a quoted `issue: "#19"` and a `2023/07/09` date.
#[test]
fn reference_links_with_credits_are_items_of_their_paragraph() {
    check(
        "reference-links.md",
        ("2023-07-09", 19, "Data Notes"),
        &[
            row("pipelines", "https://data.example/streaming-joins", Some("Streaming joins without tears"), "Streaming joins without tears by Noor. Why watermarks decide correctness."),
            row("pipelines", "https://data.example/backfills", Some("Backfills that finish"), "Backfills that finish — a checklist for rerunning a year of data, via Data Eng Weekly."),
            row("storage", "https://data.example/columnar", Some("Columnar files, byte by byte"), "Columnar files, byte by byte (thanks to Oskar). Parquet pages and what the footer holds."),
            row("storage", "https://data.example/compaction", Some("Compaction strategies"), "Compaction strategies h/t @tess - size-tiered against levelled."),
            row("tools", "https://github.com/u/dq", Some("dq"), "dq — data quality checks in SQL. Maintained by Ufuk."),
        ],
    );
}

/// TOML front matter with an offset date; shortcodes, `<!--more-->` and HTML comments between items give nothing.
#[test]
fn hugo_shortcodes_and_comments_give_no_text_or_documents() {
    check(
        "hugo-shortcodes.md",
        ("2024-02-27", 204, "Gopher Gazette 204"),
        &[
            row(
                "news",
                "https://go.example/blog/go1.22",
                Some("Go 1.22 is out"),
                "Go 1.22 is out — range over integers and a new HTTP router, via @golang.",
            ),
            row(
                "news",
                "https://go.example/blog/mirror-outage",
                Some("Module mirror outage report"),
                "Module mirror outage report — what happened on Tuesday, by Rhea.",
            ),
            row(
                "news",
                "https://blog.example/generics",
                Some("Generics two years on"),
                "Generics two years on — patterns that stuck, h/t Ben.",
            ),
            row(
                "news",
                "https://blog.example/pprof",
                Some("Profiling with pprof labels"),
                "Profiling with pprof labels — tag samples by request (thanks to Cy).",
            ),
            row(
                "tools",
                "https://github.com/g/gorun",
                Some("gorun"),
                "gorun — run a module as a script. Maintained by @dev.",
            ),
        ],
    );
}

/// Liquid includes give nothing; a blockquote that opens `**Sponsor:**` is filed under `sponsor`, not the section around it.
#[test]
fn liquid_includes_give_nothing_and_a_quoted_sponsor_is_the_sponsor_section() {
    check(
        "jekyll-liquid.md",
        ("2022-09-14", 33, "Ops Bulletin, Issue 33"),
        &[
            row("incidents", "https://sre.example/dns-twice", Some("The day DNS broke twice"), "The day DNS broke twice by Ida — a timeline and two fixes."),
            row("incidents", "https://sre.example/certs", Some("Cert expiry at scale"), "Cert expiry at scale via Hacker News — how one team tracks ten thousand certificates."),
            row("sponsor", "https://pagerly.example/?utm_source=ops", Some("Pagerly"), "Sponsor: Pagerly — on-call that doesn't wake the whole team. Try it free."),
            row("sponsor", "https://pagerly.example/signup", Some("Try it free"), "Sponsor: Pagerly — on-call that doesn't wake the whole team. Try it free."),
            row("tools", "https://github.com/k/kubectl-tree", Some("kubectl-tree"), "kubectl-tree — show owner references as a tree. Maintained by @ahmet."),
            row("tools", "https://github.com/l/logfmt-lint", Some("logfmt-lint"), "logfmt-lint — catch malformed log lines in CI (h/t Jun)."),
            row("news", "https://sre.example/oncall", Some("On-call without burnout"), "On-call without burnout thanks to Vera — rotations that people keep."),
        ],
    );
}

/// MDX import lines and JSX components around items; a `Jan 9, 2025` date.
#[test]
fn mdx_imports_and_components_wrap_items_without_text() {
    check(
        "mdx-components.mdx",
        ("2025-01-09", 77, "Rust Roundup 77"),
        &[
            row(
                "crates",
                "https://crates.example/bytesize",
                Some("bytesize"),
                "bytesize — human-readable sizes, by Ola.",
            ),
            row(
                "crates",
                "https://crates.example/tracing-tree",
                Some("tracing-tree"),
                "tracing-tree — hierarchical span output (via @davidb).",
            ),
            row(
                "news",
                "https://rust.example/async-drop",
                Some("Async drop, again"),
                "Async drop, again — where the design stands, h/t Nia.",
            ),
            row(
                "news",
                "https://rust.example/pinning",
                Some("Pinning for mortals"),
                "Pinning for mortals — a diagram-first explanation. Thanks to Pat.",
            ),
            row(
                "videos",
                "https://video.example/btree",
                Some("Writing a B-tree"),
                "Writing a B-tree (@joan) — three hours, worth it.",
            ),
        ],
    );
}

/// A "Quick links" paragraph of `https://url: what it is` lines: one item per line; the mail footer after the rule goes.
#[test]
fn bare_url_lines_with_a_colon_are_an_item_each() {
    check(
        "quick-links.md",
        ("2024-06-05", 301, "Cloud Weekly"),
        &[
            row("top-story", "https://cloud.example/regions", Some("Regions are not zones"), "by Kai Why a multi-zone deploy still fell over when one region's control plane did."),
            row("more-reading", "https://cloud.example/egress", Some("Egress costs, itemised"), "Egress costs, itemised via Lin — a bill taken apart line by line."),
            row("more-reading", "https://cloud.example/iam", Some("IAM policies you can read"), "IAM policies you can read (h/t @mo) — naming conventions that survive audits."),
            row("quick-links", "https://cloud.example/spot-tips", None, "https://cloud.example/spot-tips: spot instances without tears"),
            row("quick-links", "https://cloud.example/tf-drift", None, "https://cloud.example/tf-drift: finding Terraform drift nightly"),
            row("quick-links", "https://github.com/c/cost-cli", None, "https://github.com/c/cost-cli: a CLI for the cost API, maintained by Zed"),
        ],
    );
}

/// A sponsor quote before the first section (`This issue is sponsored by`) is `sponsor`; `issue_number` is the issue's number; a Nunjucks include gives nothing.
#[test]
fn an_opening_sponsor_quote_is_the_sponsor_section_and_issue_number_is_read() {
    check(
        "eleventy-sponsor.md",
        ("2021-04-20", 88, "Accessibility Weekly"),
        &[
            row("sponsor", "https://formly.example/?ref=a11y", Some("Formly"), "💌 This issue is sponsored by Formly: accessible forms out of the box. Get started."),
            row("sponsor", "https://formly.example/start", Some("Get started"), "💌 This issue is sponsored by Formly: accessible forms out of the box. Get started."),
            row("testing", "https://a11y.example/sr-budget", Some("Screen reader testing on a budget"), "Screen reader testing on a budget by Mina — NVDA, VoiceOver and TalkBack compared."),
            row("testing", "https://a11y.example/focus", Some("Focus order bugs"), "Focus order bugs — five patterns and their fixes (via Tom)."),
            row("design", "https://a11y.example/contrast", Some("Contrast beyond AA"), "Contrast beyond AA h/t @ria — why APCA changes the numbers."),
            row("design", "https://a11y.example/motion", Some("Motion preferences"), "Motion preferences — honouring reduced motion everywhere, thanks to Eli."),
            row("resources", "https://github.com/a/aria-lint", Some("aria-lint"), "aria-lint — a linter for ARIA attributes. Maintained by Bo."),
        ],
    );
}
