//! Entries whose link is not their title (fixtures/html/link-later/), written for these tests
//! in several markups each, as different template authors would, from no real newsletter:
//!
//! 1. **Title not linked, link later** (`later-*`): `<h3>Title</h3><p>Words … <a>Read
//!    more</a></p>`,
//!    `<li><b>Title</b> — words. <a>(link)</a></li>`, `<td>Title<br>words <a>→</a></td>`, an
//!    `<h4>` over words and a `Continue reading →` line, a plain `<div>` title over them: the
//!    document takes the heading's, bold or first line's title and the words as its
//!    description, never the link's own words.
//! 2. **Link at the end of the editor's words** (`end-*`): `Words. <a>Read it</a>`, `[<a>Read
//!    it</a>]`, `… via <a>host.example</a>`, `… via <a>Example Blog</a>` (the site's name): no
//!    title (the editor set none), the words as the description.
//! 3. **Links in running sentences** (`brief-*`): a paragraph, list item or cell of three links
//!    or more, each in a clause of its own (`Also: <a>A</a> ships v2, <a>B</a> explains X, and
//!    <a>C</a> …`): each link is described by its own clause.
//! 4. **Email templates** (`email-*`): spacer rows and cells, `<!--[if mso]>` blocks, `Read more`
//!    buttons under the title and words, emoji- and number-prefixed section labels (`🔧 Tools`,
//!    `01 / NEWS`, `03 / Tools`): every entry, in its section by name.
//! 5. **Words before the title link** (`before-*`): `<p>Words.</p><p><a>Title →</a></p>` again
//!    and again: each title takes the words above it, not the next entry's.
//!
//! And three guards: a section with one such entry between sections of several items stays a
//! section (`later-sections`); an email's title, words and button set in plain rows are one
//! entry (`email-plain-rows`); a section's intro paragraph over titles and their words, the last
//! title without words, is read title first (`before-intro`: the same alternation as family 5,
//! which only rows read words first).
//!
//! Each page gives exactly the documents an editor would expect, and rewriting its markup
//! without changing what a reader sees ([`common::markup::rewrites`]) changes none of them.

use std::path::Path;

mod common;

use common::markup::rewrites;

/// (section, url, title, description) of one document.
type Row<'a> = (&'a str, &'a str, Option<&'a str>, &'a str);

/// A document's row, owned.
type OwnedRow = (String, String, Option<String>, String);

/// A page and the documents it gives.
struct Page {
    name: &'static str,
    rows: &'static [Row<'static>],
}

/// The text of `fixtures/html/link-later/<name>`.
fn fixture(name: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/html/link-later");
    std::fs::read_to_string(dir.join(name)).unwrap()
}

/// The documents of a page's text, as rows.
fn read(html: &str) -> Vec<OwnedRow> {
    let docs = backissues::parse::parse_issue("pages/page.html", html.as_bytes()).unwrap();
    docs.iter()
        .map(|doc| {
            (
                doc.section.clone(),
                doc.url.clone(),
                doc.title.clone(),
                doc.description.clone(),
            )
        })
        .collect()
}

fn owned(rows: &[Row<'_>]) -> Vec<OwnedRow> {
    rows.iter()
        .map(|&(section, url, title, description)| {
            (
                section.to_string(),
                url.to_string(),
                title.map(str::to_string),
                description.to_string(),
            )
        })
        .collect()
}

#[test]
fn every_page_gives_its_entries_with_the_editors_titles_and_words() {
    for page in PAGES {
        assert_eq!(read(&fixture(page.name)), owned(page.rows), "{}", page.name);
    }
}

#[test]
fn no_document_is_titled_by_a_generic_link_word() {
    for page in PAGES {
        for (_, url, title, _) in read(&fixture(page.name)) {
            let title = title.unwrap_or_default().to_lowercase();
            for generic in [
                "read more",
                "read it",
                "link",
                "→",
                "continue reading",
                "watch",
            ] {
                assert!(!title.starts_with(generic), "{}: {url} {title}", page.name);
            }
        }
    }
}

#[test]
fn rewriting_the_markup_changes_no_document() {
    for page in PAGES {
        let html = fixture(page.name);
        let expected = read(&html);
        for (how, rewritten) in rewrites(&html) {
            assert_eq!(read(&rewritten), expected, "{}, {how}", page.name);
        }
    }
}

#[test]
fn the_folder_gives_every_page_its_documents() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/html/link-later");
    let output = common::backissues()
        .arg("parse")
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8(output.stderr).unwrap(), "");
    let lines = String::from_utf8(output.stdout).unwrap().lines().count();
    let rows: usize = PAGES.iter().map(|page| page.rows.len()).sum();
    assert_eq!((PAGES.len(), lines, rows), (21, 87, 87));
}

/// Markdown goes through the same item stage: a `###` title over words ending in `[Read
/// more](...)`, and a list item's bold words before a `(link)`.
#[test]
fn markdown_entries_with_their_link_later_read_the_same() {
    let text = "## News\n\n### Scaling Postgres reads\n\nReplicas and the lag nobody measures. [Read more](https://pg.example/reads)\n\n### Vacuum, explained\n\nWhy autovacuum falls behind. [Read more](https://pg.example/vacuum)\n\n## Podcast\n\nEpisode 12 is out, on queues. [Listen](https://pod.example/12)\n\n## Tools\n\n* **pgcli** — a friendlier psql. [(link)](https://pgcli.example)\n* [sqlfluff](https://sqlfluff.example) — a SQL linter.\n";
    let docs = backissues::parse::parse_issue("weekly/2024-05-01.md", text.as_bytes()).unwrap();
    let rows: Vec<OwnedRow> = docs
        .iter()
        .map(|doc| {
            (
                doc.section.clone(),
                doc.url.clone(),
                doc.title.clone(),
                doc.description.clone(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        owned(&[
            (
                "news",
                "https://pg.example/reads",
                Some("Scaling Postgres reads"),
                "Replicas and the lag nobody measures."
            ),
            (
                "news",
                "https://pg.example/vacuum",
                Some("Vacuum, explained"),
                "Why autovacuum falls behind."
            ),
            (
                "podcasts",
                "https://pod.example/12",
                None,
                "Episode 12 is out, on queues."
            ),
            (
                "tools",
                "https://pgcli.example",
                Some("pgcli"),
                "pgcli — a friendlier psql."
            ),
            (
                "tools",
                "https://sqlfluff.example",
                Some("sqlfluff"),
                "sqlfluff — a SQL linter."
            ),
        ])
    );
}

/// Every page, with its documents.
const PAGES: &[Page] = &[
    Page {
        name: "later-heading-divs.html",
        rows: &[
            ("databases", "https://pg.example/scaling-reads", Some("Scaling Postgres reads"), "Read replicas, connection pools and the lag nobody measures."),
            ("databases", "https://pg.example/vacuum", Some("Vacuum, explained"), "Why autovacuum falls behind on busy tables and how to tune it."),
            ("tools", "https://github.com/dbcli/pgcli/releases/tag/v4.0", Some("pgcli 4.0"), "The friendlier psql client gets multi-line editing."),
            ("tools", "https://sqlfluff.example/", Some("sqlfluff"), "A linter that knows twelve SQL dialects."),
        ],
    },
    Page {
        name: "later-strong-list.html",
        rows: &[
            ("css", "https://css.example/anchor", Some("Anchor positioning"), "Anchor positioning — tooltips that follow their button without JavaScript."),
            ("css", "https://css.example/subgrid", Some("Subgrid in practice"), "Subgrid in practice — aligning card footers across a grid."),
            ("javascript", "https://js.example/signals", Some("Signals proposal"), "Signals proposal — what TC39 stage 1 means for frameworks."),
            ("javascript", "https://js.example/temporal", Some("Temporal ships"), "Temporal ships — dates without Moment, finally."),
        ],
    },
    Page {
        name: "later-br-table.html",
        rows: &[
            ("security", "https://sec.example/passkeys", Some("Passkeys at work"), "How one team rolled out passkeys to 4,000 staff."),
            ("security", "https://sec.example/ci-secrets", Some("Secrets in CI"), "Five places tokens leak from pipelines."),
            ("releases", "https://openssh.example/9.9", Some("OpenSSH 9.9"), "Post-quantum key exchange by default."),
            ("releases", "https://curl.example/8.10", Some("curl 8.10"), "A new option for retries on every transfer error."),
        ],
    },
    Page {
        name: "later-own-line.html",
        rows: &[
            ("news", "https://cloud.example/spot-two-years", Some("Spot instances, two years on"), "What a batch team saved and what it cost them in retries."),
            ("news", "https://cloud.example/egress-bill", Some("The egress bill"), "A line-by-line reading of one month's network charges."),
            ("news", "https://cloud.example/regions-zones", Some("Regions are not zones"), "Why a multi-zone setup still went down with its region."),
        ],
    },
    Page {
        name: "end-paragraphs.html",
        rows: &[
            ("news", "https://janedoe.example/postgres-scaling", None, "Jane Doe's take on scaling Postgres, with numbers from three years of growth."),
            ("news", "https://lbhistory.example/", None, "A short history of the load balancer, from DNS round robin to Maglev, via lbhistory.example"),
            ("news", "https://sre.example/retry-budgets", None, "Why your retries make outages worse, and the budget that fixes it."),
            ("tools", "https://github.com/kailund/plandiff", None, "Kai Lund's tiny tool for diffing two Terraform plans, in one Go file."),
            ("tools", "https://statusbucket.example", None, "A status page you can host on a single static bucket, via statusbucket.example."),
        ],
    },
    Page {
        name: "end-list.html",
        rows: &[
            ("news", "https://anaortiz.example/on-call", None, "Ana Ortiz on why on-call rotations burn out small teams, and what hers changed."),
            ("news", "https://queues.example/", None, "How one shop moved 400 cron jobs into a queue without a freeze, via queues.example"),
            ("news", "https://blameless.example/naming", None, "Postmortems that name no one, and why that works."),
            ("tools", "https://github.com/shipper/tinyship", None, "A single-binary log shipper that fits in a sidecar."),
            ("tools", "https://dashcode.example/", None, "Dashboards as code for three monitoring systems, via dashcode.example"),
        ],
    },
    Page {
        name: "end-table.html",
        rows: &[
            ("news", "https://samlee.example/oom", None, "Sam Lee explains the kernel's OOM killer with three small programs."),
            ("news", "https://chaosdrills.example/", None, "What a year of chaos drills taught a payments team, via chaosdrills.example"),
            ("news", "https://yamlfree.example/essay", None, "The case against one more YAML templating layer."),
            ("tools", "https://github.com/jtui/jtui", None, "A TUI for browsing systemd journals by unit and boot."),
            ("tools", "https://certwatch.example/", None, "Certificates expiring soon, in one command, via certwatch.example"),
        ],
    },
    Page {
        name: "brief-paragraph.html",
        rows: &[
            ("releases", "https://tokio.example/blog/1.40", Some("Tokio 1.40"), "Tokio 1.40 — cooperative scheduling for blocking tasks."),
            ("in-brief", "https://alpha.example/v2", Some("Alpha"), "Also: Alpha ships v2 with a plugin API"),
            ("in-brief", "https://beta.example/hashing", Some("Beta's explainer"), "Beta's explainer covers consistent hashing"),
            ("in-brief", "https://gamma.example/retro", Some("the Gamma team"), "the Gamma team wrote up their outage retro."),
            ("in-brief", "https://delta.example/book", Some("Delta"), "Elsewhere, Delta finished its free book on embedded Rust"),
            ("in-brief", "https://epsilon.example/survey", Some("the Epsilon survey"), "the Epsilon survey asks about compile times"),
            ("in-brief", "https://zeta.example/rfc", Some("Zeta's RFC"), "Zeta's RFC proposes keyword generics"),
            ("in-brief", "https://eta.example/talk", Some("Eta's talk"), "Eta's talk is now online."),
        ],
    },
    Page {
        name: "brief-list.html",
        rows: &[
            ("quick-hits", "https://serde.example/1.1", Some("serde 1.1"), "serde 1.1 drops a dependency"),
            ("quick-hits", "https://clippy.example/lints", Some("Clippy"), "Clippy gains twelve lints"),
            ("quick-hits", "https://cargo.example/sparse", Some("cargo's sparse index"), "cargo's sparse index is now the default."),
            ("quick-hits", "https://ra.example/release", Some("rust-analyzer"), "In tooling news, rust-analyzer speeds up completions"),
            ("quick-hits", "https://miri.example/blog", Some("Miri"), "Miri can now run tokio tests"),
            ("quick-hits", "https://bacon.example/", Some("bacon"), "bacon adds a watch mode for examples."),
            ("news", "https://blog.example/pinning", Some("Pinning, finally explained"), "Pinning, finally explained — with diagrams."),
        ],
    },
    Page {
        name: "brief-table.html",
        rows: &[
            ("also-this-week", "https://embassy.example/0.4", Some("Embassy 0.4"), "Embassy 0.4 runs on two more chips"),
            ("also-this-week", "https://defmt.example/guide", Some("the defmt guide"), "the defmt guide was rewritten"),
            ("also-this-week", "https://probe.example/rs", Some("probe-rs"), "probe-rs can flash over the network."),
            ("news", "https://blog.example/no-std", Some("Writing no_std libraries"), "A checklist for crates that should work without the standard library."),
        ],
    },
    Page {
        name: "email-spacers.html",
        rows: &[
            ("tools", "https://k9s.example/", Some("k9s 1.0"), "A terminal UI for Kubernetes reaches its first stable release."),
            ("tools", "https://helmfile.example/v1", Some("helmfile v1"), "Declarative Helm releases, now with a stable config format."),
            ("news", "https://etcd.example/blog/defrag", Some("Defragmenting etcd safely"), "When to defrag, how long it blocks, and how to do it one member at a time."),
        ],
    },
    Page {
        name: "email-numbered.html",
        rows: &[
            ("news", "https://parquet.example/encoding", Some("Parquet gets a new encoding"), "A byte-stream-split variant that halves float columns on disk."),
            ("news", "https://duckwasm.example/bench", Some("DuckDB in the browser, measured"), "WASM query times against a native build on the same laptop."),
            ("tools", "https://github.com/pqrs/pqrs", Some("pqrs"), "Inspect Parquet files from the command line: schema, row groups, stats."),
            ("tools", "https://github.com/csvlens/csvlens", Some("csvlens"), "A pager for CSV files that keeps the header in view."),
        ],
    },
    Page {
        name: "email-divs.html",
        rows: &[
            ("tools", "https://maestro.example/", Some("Maestro 2"), "UI tests for mobile apps written as YAML flows."),
            ("tools", "https://fastlane.example/match", Some("fastlane match, revisited"), "Code signing shared through one private repository."),
            ("videos", "https://talks.example/compose-perf", Some("Compose performance in practice"), "Recomposition counts, stability and the three fixes that mattered."),
        ],
    },
    Page {
        name: "before-divs.html",
        rows: &[
            ("latency", "https://latency.example/p99", Some("Percentiles don't average"), "Most teams measure p99 wrong: they average percentiles across hosts."),
            ("latency", "https://latency.example/budgets", Some("Latency budgets"), "A tail-latency budget split between the services of one request path."),
            ("profiling", "https://profiling.example/continuous", Some("Always-on profiling"), "Continuous profiling at one percent overhead, with the sampling maths."),
        ],
    },
    Page {
        name: "before-list.html",
        rows: &[
            ("latency", "https://latency.example/omission", Some("Coordinated omission"), "Coordinated omission, and why your load tester hides the worst requests."),
            ("latency", "https://latency.example/hedging", Some("Hedged requests"), "How hedged requests cut the tail without doubling the load."),
            ("profiling", "https://profiling.example/off-cpu", Some("Off-CPU flame graphs"), "Reading an off-CPU flame graph, step by step."),
            ("profiling", "https://profiling.example/ebpf", Some("eBPF profilers compared"), "eBPF profilers compared on one noisy service."),
        ],
    },
    Page {
        name: "before-table.html",
        rows: &[
            ("latency", "https://latency.example/queueing", Some("Little's law at work"), "Queueing theory for people who run web servers, with one formula."),
            ("latency", "https://latency.example/slow-disk", Some("One slow disk"), "What a single slow disk does to a replicated database's p99."),
            ("profiling", "https://profiling.example/alloc", Some("Live allocation profiles"), "Allocation profiling in production without restarting the process."),
        ],
    },
    Page {
        name: "email-plain-rows.html",
        rows: &[
            ("news", "https://parquet.example/encoding", Some("Parquet gets a new encoding"), "A byte-stream-split variant that halves float columns on disk."),
            ("news", "https://duckwasm.example/bench", Some("DuckDB in the browser"), "WASM query times against a native build on one laptop."),
            ("tools", "https://github.com/pqrs/pqrs", Some("pqrs"), "Inspect Parquet files from the command line."),
        ],
    },
    Page {
        name: "later-sections.html",
        rows: &[
            ("news", "https://news.example/1", Some("Kernel live patching at scale"), "Kernel live patching at scale — what a fleet of 10,000 hosts taught one team."),
            ("news", "https://news.example/2", Some("The last mile of IPv6"), "The last mile of IPv6 — the services that still break."),
            ("sponsor", "https://acme.example/", None, "Acme deploys containers in seconds, free for a month."),
            ("podcasts", "https://pod.example/12", None, "Episode 12 is out: two SREs on queues and backpressure."),
            ("tools", "https://tools.example/1", Some("fleetctl 2"), "fleetctl 2 — runs a command on every host, in waves."),
            ("tools", "https://tools.example/2", Some("dnsdiff"), "dnsdiff — compares two zones record by record."),
        ],
    },
    Page {
        name: "before-intro.html",
        rows: &[
            ("news", "https://r.example/1", Some("Inside an SSD's firmware"), "Wear levelling and what it hides from the filesystem."),
            ("news", "https://r.example/2", Some("ZFS at ten petabytes"), "One team's notes from a decade of pools."),
            ("news", "https://r.example/3", Some("The fsync debate"), "The fsync debate"),
        ],
    },
    Page {
        name: "later-title-divs.html",
        rows: &[
            ("news", "https://pg.example/reads", Some("Scaling Postgres reads"), "Replicas, pools and the lag nobody measures."),
            ("news", "https://pg.example/vacuum", Some("Vacuum, explained"), "Why autovacuum falls behind on busy tables."),
            ("tools", "https://pgcli.example/", None, "pgcli gets multi-line editing."),
        ],
    },
    Page {
        name: "end-via-names.html",
        rows: &[
            ("news", "https://lbhistory.example/posts/lb", None, "A short history of the load balancer, from DNS round robin to Maglev, via The Load Balancer Blog."),
            ("news", "https://queues.example/cron", None, "How one shop moved 400 cron jobs into a queue without a freeze, via Queue Notes"),
            ("news", "https://x.example/post", Some("Great post on retries"), "Great post on retries by Dana Ortiz, via Hacker News"),
        ],
    },
];
