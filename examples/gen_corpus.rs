//! Deterministic synthetic newsletter corpus for benchmarks.
//!
//! `cargo run --release --example gen_corpus -- --issues N --seed S --out DIR` writes N issue files
//! under DIR in the formats the parser reads:
//! - modern DevOps-Weekly style (YAML front matter with `title: DEVOPS WEEKLY ISSUE \#N - ...` and
//!   `date:`, setext sections, sponsor headings, `<br>[url](url)` links, multi-link items, items
//!   without blank lines between them, a repeated sponsor and the subscription footer);
//! - older issues (Jekyll front matter with `layout`/`title`, the date only in the file name, an
//!   ATX `## Issue N - ...` heading, bare URLs on their own lines or inside a sentence);
//! - a second newsletter with Pelican-style headers and `* [title](url)` list links.
//!
//! Words follow a Zipf distribution over a vocabulary with a long tail; domains mix the big hosts
//! (github.com, medium.com and its subdomains, vendor blogs) with thousands of personal blogs;
//! dates spread over 15 years. The same `--seed` always gives byte-identical files; the
//! vocabulary itself is fixed, so the benchmark's query words exist at every size.
//!
//! A summary (files, links, bytes) is printed to stderr and written to `DIR/corpus.json`.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Parser;
use time::{Date, Duration, Month};

/// Command-line arguments of the generator.
#[derive(Debug, Parser)]
#[command(about = "Write a deterministic synthetic newsletter archive for benchmarks")]
struct Args {
    /// How many issue files to write (about 12 links each).
    #[arg(long)]
    issues: usize,
    /// Seed of the content; the same seed gives the same files.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Output folder (created; existing files with the same names are overwritten).
    #[arg(long)]
    out: PathBuf,
    /// Write each issue as a web page (`.html`): its markdown rendered by pulldown-cmark inside a
    /// page's chrome (header, navigation, sidebar, share bar, footer, script and style), as a
    /// site build or an online archive serves it.
    #[arg(long)]
    html: bool,
    /// Mail mode: write `--issues` newsletter messages into one `inbox.mbox` (multipart, a text
    /// part and a quoted-printable HTML part, 12 links each) instead of markdown files.
    #[arg(long)]
    mbox: bool,
}

/// Writes the mail-mode corpus: `inbox.mbox` and its `corpus.json`.
fn write_mbox(args: &Args) -> anyhow::Result<()> {
    let mut rng = Rng(args.seed);
    let mut mbox = String::new();
    for issue in 1..=args.issues {
        let mut html = format!("<html><body><h1>Mail Weekly Issue {issue}</h1><h2>News</h2>");
        for link in 0..12 {
            let (site, page) = (rng.next_u64() % 5_000, rng.next_u64() % 100_000);
            html.push_str(&format!(
                "<p><a href=\"https://site{site}.example/posts/{page}?utm_source=mail&amp;n={link}\">Post {page} on site {site}</a> A note about item {link} of issue {issue}, with the editor's words on why it matters.</p>\n"
            ));
        }
        html.push_str(
            "<p><a href=\"https://mail.example/unsubscribe\">Unsubscribe</a></p></body></html>",
        );
        mbox.push_str(&format!(
            "From news@mail.example Mon Jan  1 00:00:00 2024\nFrom: Mail Weekly <news@mail.example>\nTo: reader@home.example\nSubject: Mail Weekly Issue {issue}\nDate: Mon, 1 Jan 2024 09:00:00 +0000\nMessage-ID: <issue-{issue}@mail.example>\nList-Id: Mail Weekly <weekly.mail.example>\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=\"b{issue}\"\n\n--b{issue}\nContent-Type: text/plain; charset=utf-8\n\nMail Weekly Issue {issue}\n\n--b{issue}\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n{}\n--b{issue}--\n\n",
            quoted_printable(&html)
        ));
    }
    std::fs::write(args.out.join("inbox.mbox"), &mbox)?;
    let summary = serde_json::json!({
        "files": args.issues,
        "links": args.issues * 12,
        "bytes": mbox.len(),
    });
    std::fs::write(args.out.join("corpus.json"), format!("{summary:#}\n"))?;
    eprintln!(
        "wrote {} messages, {:.1} MB to {}",
        args.issues,
        mbox.len() as f64 / 1e6,
        args.out.display()
    );
    Ok(())
}

/// `text` quoted-printable encoded: `=` escaped, lines soft-broken before 76 characters.
fn quoted_printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 11 / 10);
    for line in text.lines() {
        let mut width = 0;
        for c in line.chars() {
            let piece = if c == '=' {
                "=3D".to_string()
            } else {
                c.to_string()
            };
            if width + piece.len() > 75 {
                out.push_str("=\n");
                width = 0;
            }
            width += piece.len();
            out.push_str(&piece);
        }
        out.push('\n');
    }
    out
}

/// Seed of the vocabulary (fixed, independent of `--seed`, so query words are stable).
const VOCABULARY_SEED: u64 = 0x05ee_d0f7_04d5;
/// Number of invented long-tail words.
const TAIL_WORDS: usize = 40_000;
/// Number of invented blog domains and user names.
const BLOGS: usize = 30_000;
/// A word placed at a fixed rank in the tail: the benchmark's "rare word".
const RARE_WORD: &str = "flamegraph";
/// The rank of [`RARE_WORD`] in the vocabulary.
const RARE_RANK: usize = 5_000;
/// First day of the archive; issues spread evenly over [`YEARS`] years from here.
const FIRST_YEAR: i32 = 2010;
/// How many years the archive covers.
const YEARS: i64 = 15;

/// SplitMix64: a tiny, fast, seedable PRNG, so the corpus never depends on a crate's version.
struct Rng(u64);

impl Rng {
    /// The next 64 random bits.
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform integer in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A uniform integer in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// A uniform float in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A uniformly chosen element.
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// `len` lowercase hex digits.
    fn hex(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| char::from_digit(self.below(16) as u32, 16).unwrap_or('0'))
            .collect()
    }
}

/// Samples ranks `0..n` with probability proportional to `1 / (rank + 1)^exponent`.
struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    /// Precomputes the cumulative weights of `n` ranks.
    fn new(n: usize, exponent: f64) -> Self {
        let mut total = 0.0;
        let cumulative = (0..n)
            .map(|rank| {
                total += 1.0 / ((rank + 1) as f64).powf(exponent);
                total
            })
            .collect();
        Self { cumulative }
    }

    /// One rank.
    fn sample(&self, rng: &mut Rng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let target = rng.unit() * total;
        self.cumulative
            .partition_point(|&c| c <= target)
            .min(self.cumulative.len() - 1)
    }
}

/// Frequent English function words and newsletter verbs, most frequent first.
const FUNCTION_WORDS: &[&str] = &[
    "the",
    "and",
    "of",
    "to",
    "a",
    "in",
    "for",
    "with",
    "on",
    "is",
    "that",
    "this",
    "how",
    "it",
    "as",
    "from",
    "about",
    "some",
    "more",
    "at",
    "by",
    "an",
    "your",
    "you",
    "are",
    "be",
    "can",
    "its",
    "into",
    "using",
    "new",
    "post",
    "look",
    "use",
    "which",
    "when",
    "what",
    "also",
    "other",
    "like",
    "not",
    "or",
    "have",
    "has",
    "all",
    "we",
    "our",
    "their",
    "out",
    "up",
    "over",
    "between",
    "good",
    "interesting",
    "nice",
    "useful",
    "lots",
    "plus",
    "teams",
    "way",
    "why",
    "well",
    "most",
    "different",
    "just",
    "both",
    "run",
    "building",
    "running",
    "team",
    "some",
    "introduction",
    "details",
    "overview",
    "guide",
    "practices",
    "approach",
    "ideas",
    "makes",
    "help",
    "case",
    "study",
    "lessons",
    "learned",
    "talk",
    "slides",
    "video",
];

/// Everyday English words of middling frequency.
const COMMON_WORDS: &[&str] = &[
    "time",
    "work",
    "system",
    "systems",
    "people",
    "first",
    "part",
    "large",
    "small",
    "simple",
    "changes",
    "problem",
    "problems",
    "example",
    "examples",
    "real",
    "world",
    "production",
    "open",
    "source",
    "data",
    "code",
    "users",
    "tools",
    "tool",
    "project",
    "projects",
    "years",
    "week",
    "series",
    "state",
    "future",
    "history",
    "model",
    "models",
    "design",
    "patterns",
    "benefits",
    "challenges",
    "trade-offs",
    "mistakes",
    "questions",
    "answers",
    "story",
    "experience",
    "scale",
    "scaling",
    "fast",
    "faster",
    "slow",
    "better",
    "easier",
    "hard",
    "modern",
    "legacy",
    "common",
    "complex",
    "distributed",
    "managed",
    "self-hosted",
    "local",
    "remote",
    "shared",
    "single",
    "multiple",
    "several",
    "many",
    "few",
    "every",
    "each",
    "own",
    "after",
    "before",
    "while",
    "without",
    "through",
    "across",
    "under",
    "around",
    "against",
    "write",
    "read",
    "build",
    "test",
    "ship",
    "deploy",
    "manage",
    "measure",
    "improve",
    "understand",
    "explain",
    "explore",
    "compare",
    "avoid",
    "reduce",
    "move",
    "keep",
    "start",
    "stop",
    "fix",
    "learn",
    "share",
    "found",
    "making",
    "getting",
    "thinking",
    "working",
    "writing",
    "moving",
    "company",
    "organisation",
    "engineers",
    "developers",
    "operators",
    "managers",
    "customers",
    "product",
    "business",
    "process",
    "feedback",
    "quality",
    "risk",
    "safety",
    "trust",
    "ownership",
    "collaboration",
    "communication",
    "career",
    "hiring",
    "interview",
    "book",
    "paper",
    "research",
    "report",
    "survey",
    "results",
    "numbers",
    "approach",
    "method",
    "technique",
    "framework",
    "library",
    "language",
    "runtime",
    "environment",
    "environments",
    "setup",
    "version",
    "versions",
    "feature",
    "features",
];

/// Real DevOps vocabulary (and a few fixed phrases), roughly by frequency.
const TECH_WORDS: &[&str] = &[
    "Kubernetes",
    "Docker",
    "cloud",
    "security",
    "monitoring",
    "AWS",
    "infrastructure",
    "deployment",
    "containers",
    "service mesh",
    "Terraform",
    "observability",
    "CI/CD",
    "continuous delivery",
    "Prometheus",
    "serverless",
    "Linux",
    "testing",
    "pipeline",
    "microservices",
    "GitOps",
    "Istio",
    "Helm",
    "Ansible",
    "incident",
    "reliability",
    "SRE",
    "logging",
    "metrics",
    "tracing",
    "OpenTelemetry",
    "Grafana",
    "Go",
    "Rust",
    "Python",
    "API",
    "database",
    "PostgreSQL",
    "Kafka",
    "Redis",
    "networking",
    "load balancing",
    "DNS",
    "TLS",
    "certificates",
    "secrets",
    "Vault",
    "policy",
    "compliance",
    "automation",
    "configuration",
    "infrastructure as code",
    "GitHub Actions",
    "Jenkins",
    "GitLab",
    "Azure",
    "Google Cloud",
    "Lambda",
    "ECS",
    "EKS",
    "operators",
    "controllers",
    "clusters",
    "nodes",
    "scheduling",
    "autoscaling",
    "capacity",
    "performance",
    "latency",
    "benchmarking",
    "chaos engineering",
    "resilience",
    "postmortem",
    "on-call",
    "alerting",
    "dashboards",
    "SLOs",
    "error budgets",
    "canary",
    "rollouts",
    "feature flags",
    "blue-green",
    "release",
    "versioning",
    "packaging",
    "images",
    "registry",
    "supply chain",
    "SBOM",
    "vulnerabilities",
    "scanning",
    "RBAC",
    "identity",
    "IAM",
    "zero trust",
    "BPF",
    "eBPF",
    "kernel",
    "systemd",
    "storage",
    "backups",
    "disaster recovery",
    "migrations",
    "cost",
    "FinOps",
    "platform engineering",
    "developer experience",
    "internal platforms",
    "documentation",
    "culture",
    "DevOps",
    "WebAssembly",
    "edge",
    "CDN",
    "HTTP",
    "gRPC",
    "proxies",
    "Envoy",
    "Linkerd",
    "Consul",
    "Nomad",
    "Pulumi",
    "CloudFormation",
    "CDK",
    "YAML",
    "JSON",
    "templates",
    "CLI",
    "shell",
    "bash",
    "scripts",
    "Git",
    "branches",
    "code review",
    "build",
    "caching",
    "artifacts",
    "dependencies",
    "upgrades",
    "patching",
    "virtual machines",
    "hypervisor",
    "Firecracker",
    "sandboxing",
    "multi-tenancy",
    "namespaces",
    "sidecars",
    "ingress",
    "gateway",
    "queues",
    "streams",
    "events",
    "workflows",
    "Argo",
    "Flux",
    "Tekton",
    "Spinnaker",
    "Backstage",
    "Crossplane",
    "Kustomize",
    "Falco",
    "OPA",
    "Kyverno",
    "Cilium",
    "Calico",
    "containerd",
    "Podman",
    "Nix",
    "Bazel",
    "Elasticsearch",
    "Loki",
    "Jaeger",
    "Datadog",
    "Honeycomb",
    "PagerDuty",
    "Slack",
    "ChatOps",
    "runbooks",
    "toil",
    "SLIs",
    "uptime",
    "outages",
    "debugging",
    "profiling",
    "flame graphs",
    "memory",
    "CPU",
    "throughput",
    "queues",
];

/// Vendor and community hosts, with how their URLs look. `{slug}`, `{user}`, `{hex}`, `{y}`,
/// `{m}`, `{d}` and `{n}` are filled in per link.
const HOSTS: &[&str] = &[
    "https://aws.amazon.com/blogs/devops/{slug}/",
    "https://aws.amazon.com/blogs/containers/{slug}/",
    "https://cloud.google.com/blog/products/devops-sre/{slug}",
    "https://cloud.google.com/blog/products/containers-kubernetes/{slug}",
    "https://kubernetes.io/blog/{y}/{m}/{d}/{slug}/",
    "https://thenewstack.io/{slug}/",
    "https://www.infoq.com/articles/{slug}/",
    "https://www.infoq.com/presentations/{slug}/",
    "https://lwn.net/Articles/{n}/",
    "https://speakerdeck.com/{user}/{slug}",
    "https://www.youtube.com/watch?v={hex}",
    "https://dev.to/{user}/{slug}-{hex}",
    "https://itnext.io/{slug}-{hex}",
    "https://blog.cloudflare.com/{slug}/",
    "https://netflixtechblog.com/{slug}-{hex}",
    "https://engineering.atspotify.com/{y}/{m}/{slug}/",
    "https://www.hashicorp.com/blog/{slug}",
    "https://www.docker.com/blog/{slug}/",
    "https://about.gitlab.com/blog/{y}/{m}/{d}/{slug}/",
    "https://github.blog/{y}-{m}-{d}-{slug}/",
    "https://www.cncf.io/blog/{y}/{m}/{d}/{slug}/",
    "https://martinfowler.com/articles/{slug}.html",
    "https://www.brendangregg.com/blog/{y}-{m}-{d}/{slug}.html",
    "https://increment.com/{slug}/",
    "https://queue.acm.org/detail.cfm?id={n}",
    "https://read.acloud.guru/{slug}-{hex}",
    "https://www.honeycomb.io/blog/{slug}",
    "https://grafana.com/blog/{y}/{m}/{d}/{slug}/",
    "https://www.datadoghq.com/blog/{slug}/",
    "https://semaphoreci.com/blog/{slug}",
    "https://www.weave.works/blog/{slug}",
    "https://learnk8s.io/{slug}",
    "https://iximiuz.com/en/posts/{slug}",
    "https://fly.io/blog/{slug}/",
    "https://slack.engineering/{slug}/",
    "https://dropbox.tech/infrastructure/{slug}",
    "https://www.usenix.org/conference/srecon{yy}americas/presentation/{user}",
    "https://arxiv.org/abs/{n}",
    "https://news.ycombinator.com/item?id={n}",
    "https://www.reddit.com/r/devops/comments/{hex}/{slug}/",
];

/// Top-level domains of invented blogs.
const BLOG_TLDS: &[&str] = &[
    "io", "com", "net", "dev", "org", "co.uk", "me", "tech", "blog",
];

/// Section headings of the modern format, beyond News and Tools.
const EVENT_CITIES: &[&str] = &[
    "London",
    "Berlin",
    "Amsterdam",
    "San Francisco",
    "New York",
    "Parma",
    "Ghent",
    "Austin",
    "Bristol",
    "Paris",
    "Barcelona",
    "Chicago",
    "Seattle",
    "Dublin",
    "Stockholm",
    "Toronto",
];

/// Openers in the editor's voice.
const OPENERS: &[&str] = &[
    "A post on",
    "A look at",
    "An introduction to",
    "A detailed walk through of",
    "A nice introduction to",
    "A good discussion of",
    "An interesting look at",
    "A useful set of notes on",
    "A talk about",
    "Some thoughts on",
    "A case study of",
    "A quick look at",
    "A post exploring",
    "Lots of detail on",
    "A practical guide to",
    "An argument for",
    "A write up of",
    "A comparison of",
];

/// Closing remarks in the editor's voice.
const CLOSERS: &[&str] = &[
    "Well worth a read.",
    "Lots of good advice here.",
    "A good introduction if you are new to the topic.",
    "Some interesting ideas here.",
    "The comments are worth reading too.",
    "Includes code examples.",
    "The slides are also available.",
    "Good to see more of this being shared.",
];

/// Everything fixed across seeds: vocabulary, users, blog domains, company names.
struct World {
    words: Vec<String>,
    word_zipf: Zipf,
    head_len: usize,
    tail_zipf: Zipf,
    users: Vec<String>,
    user_zipf: Zipf,
    blogs: Vec<String>,
    blog_zipf: Zipf,
    host_zipf: Zipf,
    sponsors: Vec<String>,
}

impl World {
    /// Builds the fixed vocabulary and name pools.
    fn new() -> Self {
        let mut rng = Rng(VOCABULARY_SEED);
        let mut seen: HashSet<String> = HashSet::new();
        let mut words: Vec<String> = Vec::new();
        for word in FUNCTION_WORDS.iter().chain(TECH_WORDS).chain(COMMON_WORDS) {
            if seen.insert(word.to_lowercase()) {
                words.push((*word).to_string());
            }
        }
        let head_len = words.len();
        let tail = invent_words(&mut rng, TAIL_WORDS, &mut seen);
        words.extend(tail);
        words.insert(RARE_RANK.min(words.len()), RARE_WORD.to_string());
        let users = invent_words(&mut rng, BLOGS, &mut seen);
        let blogs = users
            .iter()
            .map(|user| format!("{user}.{}", rng.pick(BLOG_TLDS)))
            .collect();
        let sponsors = invent_words(&mut rng, 200, &mut seen)
            .into_iter()
            .map(|name| capitalize(&name))
            .collect();
        Self {
            word_zipf: Zipf::new(words.len(), 1.0),
            head_len,
            tail_zipf: Zipf::new(TAIL_WORDS, 0.8),
            words,
            user_zipf: Zipf::new(users.len(), 0.9),
            users,
            blog_zipf: Zipf::new(BLOGS, 0.8),
            blogs,
            host_zipf: Zipf::new(HOSTS.len(), 0.7),
            sponsors,
        }
    }

    /// One word from the Zipf vocabulary.
    fn word(&self, rng: &mut Rng) -> &str {
        &self.words[self.word_zipf.sample(rng)]
    }

    /// A capitalized made-up name (of a tool, a conference, a book) from the long tail.
    fn name(&self, rng: &mut Rng) -> String {
        capitalize(&self.words[self.head_len + self.tail_zipf.sample(rng)])
    }

    /// One user name, frequent users more often.
    fn user(&self, rng: &mut Rng) -> &str {
        &self.users[self.user_zipf.sample(rng)]
    }

    /// `count` Zipf words joined by spaces.
    fn phrase(&self, rng: &mut Rng, count: usize) -> String {
        let mut out = String::new();
        for i in 0..count {
            if i > 0 {
                out.push(if rng.chance(0.06) { ',' } else { ' ' });
                if out.ends_with(',') {
                    out.push(' ');
                }
            }
            out.push_str(self.word(rng));
        }
        out
    }

    /// A URL slug of a few lowercase words.
    fn slug(&self, rng: &mut Rng) -> String {
        let count = rng.range(2, 7);
        let words: Vec<String> = (0..count)
            .map(|_| {
                self.word(rng)
                    .to_lowercase()
                    .replace(|c: char| !c.is_ascii_alphanumeric(), "-")
            })
            .collect();
        words.join("-")
    }
}

/// Invents `count` distinct pronounceable lowercase words not already in `seen`.
fn invent_words(rng: &mut Rng, count: usize, seen: &mut HashSet<String>) -> Vec<String> {
    const ONSETS: &[&str] = &[
        "b", "br", "c", "ch", "cl", "d", "dr", "f", "fl", "g", "gr", "h", "j", "k", "l", "m", "n",
        "p", "pl", "qu", "r", "s", "sh", "sk", "st", "t", "tr", "v", "w", "z",
    ];
    const VOWELS: &[&str] = &[
        "a", "e", "i", "o", "u", "a", "e", "i", "o", "ai", "ea", "ou", "y",
    ];
    const CODAS: &[&str] = &[
        "", "", "", "n", "r", "s", "t", "x", "l", "m", "nd", "rk", "st",
    ];
    let mut out = Vec::with_capacity(count);
    while out.len() < count {
        let syllables = *rng.pick(&[1, 2, 2, 2, 3]);
        let mut word = String::new();
        for _ in 0..syllables {
            word.push_str(rng.pick::<&str>(ONSETS));
            word.push_str(rng.pick::<&str>(VOWELS));
        }
        word.push_str(rng.pick::<&str>(CODAS));
        if seen.insert(word.clone()) {
            out.push(word);
        }
    }
    out
}

/// `word` with its first letter in upper case.
fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The three archive formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    /// DevOps-Weekly front matter, setext sections, `<br>[url](url)` links.
    Modern,
    /// Jekyll `layout`/`title`, date in the file name, ATX headings, bare URLs.
    Old,
    /// Pelican headers and `* [title](url)` list links.
    List,
}

/// One item of an issue: the editor's text and its links.
struct Item {
    description: Vec<String>,
    links: Vec<Link>,
}

/// One link: its URL and, for list formats, its own text.
struct Link {
    url: String,
    title: Option<String>,
}

/// One section: heading as written, items.
struct Section {
    heading: String,
    items: Vec<Item>,
}

/// Per-run state: the content PRNG, the issue's distinct URLs, and popular URLs that recur.
struct Writer<'w> {
    world: &'w World,
    rng: Rng,
    issue_urls: HashSet<String>,
    recent: Vec<String>,
}

impl<'w> Writer<'w> {
    /// A URL not yet used in this issue (sometimes one featured in an earlier issue).
    fn url(&mut self, date: Date, repo: Option<&str>) -> String {
        loop {
            let url = if !self.recent.is_empty() && self.rng.chance(0.03) {
                self.rng.pick(&self.recent).clone()
            } else {
                self.fresh_url(date, repo)
            };
            if self.issue_urls.insert(url.clone()) {
                if self.rng.chance(0.05) {
                    self.remember(url.clone());
                }
                return url;
            }
        }
    }

    /// Keeps a few hundred URLs that may be featured again later.
    fn remember(&mut self, url: String) {
        if self.recent.len() < 500 {
            self.recent.push(url);
        } else {
            let slot = self.rng.below(self.recent.len());
            self.recent[slot] = url;
        }
    }

    /// A new URL on a realistic domain.
    fn fresh_url(&mut self, date: Date, repo: Option<&str>) -> String {
        let world = self.world;
        let rng = &mut self.rng;
        let roll = rng.unit();
        if let Some(repo) = repo.filter(|_| roll < 0.7) {
            return format!("https://github.com/{}/{repo}", world.user(rng));
        }
        match roll {
            r if r < 0.22 => format!("https://github.com/{}/{}", world.user(rng), world.slug(rng)),
            r if r < 0.28 => format!(
                "https://medium.com/@{}/{}-{}",
                world.user(rng),
                world.slug(rng),
                rng.hex(12)
            ),
            r if r < 0.33 => format!(
                "https://{}.medium.com/{}-{}",
                world.user(rng),
                world.slug(rng),
                rng.hex(12)
            ),
            r if r < 0.68 => {
                let pattern = HOSTS[world.host_zipf.sample(rng)];
                fill_pattern(pattern, world, rng, date)
            }
            _ => self.blog_url(date),
        }
    }

    /// A post on one of the invented personal or company blogs.
    fn blog_url(&mut self, date: Date) -> String {
        let world = self.world;
        let rng = &mut self.rng;
        let host = &world.blogs[world.blog_zipf.sample(rng)];
        let www = if rng.chance(0.3) { "www." } else { "" };
        let scheme = if date.year() < 2016 && rng.chance(0.6) {
            "http"
        } else {
            "https"
        };
        let slug = world.slug(rng);
        let path = match rng.below(4) {
            0 => format!(
                "{}/{:02}/{:02}/{slug}/",
                date.year(),
                u8::from(date.month()),
                date.day()
            ),
            1 => format!("blog/{slug}"),
            2 => format!("posts/{slug}/"),
            _ => format!("{slug}.html"),
        };
        format!("{scheme}://{www}{host}/{path}")
    }

    /// A sentence of `words` Zipf words, optionally opened in the editor's voice.
    fn sentence(&mut self, words: usize) -> String {
        let opener = self.rng.chance(0.45).then(|| *self.rng.pick(OPENERS));
        let body = self.world.phrase(&mut self.rng, words);
        let text = match opener {
            Some(opener) => format!("{opener} {body}"),
            None => capitalize(&body),
        };
        format!("{text}.")
    }

    /// An item's description: one to three sentences, sometimes a closing remark.
    fn description(&mut self) -> String {
        let sentences = self.rng.range(1, 3);
        let mut parts: Vec<String> = (0..sentences)
            .map(|_| {
                let words = self.rng.range(6, 24);
                self.sentence(words)
            })
            .collect();
        if self.rng.chance(0.2) {
            parts.push((*self.rng.pick(CLOSERS)).to_string());
        }
        parts.join(" ")
    }

    /// A news item: a description and one link (sometimes two or three).
    fn news_item(&mut self, date: Date) -> Item {
        let description = vec![self.description()];
        let count = self.link_count();
        let links = (0..count)
            .map(|_| Link {
                url: self.url(date, None),
                title: None,
            })
            .collect();
        Item { description, links }
    }

    /// A tool item: "Name is a ... tool", its site and its repository.
    fn tool_item(&mut self, date: Date) -> Item {
        let name = self.world.name(&mut self.rng);
        let repo = name.to_lowercase();
        let count = self.rng.range(3, 10);
        let what = self.world.phrase(&mut self.rng, count);
        let mut text = format!("{name} is a new tool for {what}.");
        if self.rng.chance(0.6) {
            let more = self.rng.range(6, 20);
            text.push(' ');
            text.push_str(&self.sentence(more));
        }
        let count = self.link_count();
        let links = (0..count)
            .map(|_| Link {
                url: self.url(date, Some(&repo)),
                title: None,
            })
            .collect();
        Item {
            description: vec![text],
            links,
        }
    }

    /// An event item: sometimes a title line, then the details; a short link.
    fn event_item(&mut self, date: Date) -> Item {
        let name = self.world.name(&mut self.rng);
        let city = *self.rng.pick(EVENT_CITIES);
        let month = month_name(Month::try_from(self.rng.range(1, 12) as u8).unwrap_or(Month::May));
        let day = self.rng.range(1, 28);
        let count = self.rng.range(4, 12);
        let topics = self.world.phrase(&mut self.rng, count);
        let mut description = Vec::new();
        if self.rng.chance(0.4) {
            description.push(format!("{name}Conf {}", date.year()));
        }
        description.push(format!(
            "{name}Conf is an event in {city} on the {} of {month}. Topics include {topics}.",
            ordinal(day as u8)
        ));
        let url = if self.rng.chance(0.5) {
            self.short_url()
        } else {
            self.url(date, None)
        };
        Item {
            description,
            links: vec![Link { url, title: None }],
        }
    }

    /// A book item (rare).
    fn book_item(&mut self) -> Item {
        let topic = self.world.phrase(&mut self.rng, 3);
        let description = vec![format!(
            "{}: a new e-book about {topic}. {} Get your free copy here:",
            self.world.name(&mut self.rng),
            self.sentence(10)
        )];
        Item {
            description,
            links: vec![Link {
                url: self.short_url(),
                title: None,
            }],
        }
    }

    /// A sponsor's pitch and tracking link.
    fn sponsor_item(&mut self, sponsor: &str) -> Item {
        let pitch = format!(
            "{} {sponsor} helps {}.",
            self.sentence(14),
            self.world.phrase(&mut self.rng, 6)
        );
        let url = self.unique(|w| {
            format!(
                "https://{}.com/devopsweekly/{}",
                sponsor.to_lowercase(),
                w.world.slug(&mut w.rng)
            )
        });
        Item {
            description: vec![pitch],
            links: vec![Link { url, title: None }],
        }
    }

    /// A `bit.ly` short link, distinct within the issue.
    fn short_url(&mut self) -> String {
        self.unique(|w| {
            let id: String = (0..7)
                .map(|_| {
                    let alphabet = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
                    char::from(alphabet[w.rng.below(alphabet.len())])
                })
                .collect();
            format!("https://bit.ly/{id}")
        })
    }

    /// Calls `make` until it returns a URL not yet used in this issue.
    fn unique(&mut self, make: impl Fn(&mut Self) -> String) -> String {
        loop {
            let url = make(self);
            if self.issue_urls.insert(url.clone()) {
                return url;
            }
        }
    }

    /// How many links an item has: usually one, sometimes a post and a repository.
    fn link_count(&mut self) -> usize {
        match self.rng.unit() {
            r if r < 0.84 => 1,
            r if r < 0.98 => 2,
            _ => 3,
        }
    }

    /// The sections of one modern or old issue (sponsor first).
    fn sections(&mut self, date: Date, sponsor: &str, format: Format) -> Vec<Section> {
        let mut sections = Vec::new();
        let sponsor_heading = match (format, self.rng.below(3)) {
            (Format::Old, _) => "Sponsor".to_string(),
            (_, 0) => format!(">From our sponsor, {sponsor}"),
            _ => format!("{sponsor} sponsors Devops Weekly"),
        };
        sections.push(Section {
            heading: sponsor_heading,
            items: vec![self.sponsor_item(sponsor)],
        });
        let news = self.rng.range(4, 8);
        let items = (0..news).map(|_| self.news_item(date)).collect();
        sections.push(Section {
            heading: "News".into(),
            items,
        });
        let tools = self.rng.range(0, 6);
        if tools > 0 {
            let items = (0..tools).map(|_| self.tool_item(date)).collect();
            sections.push(Section {
                heading: "Tools".into(),
                items,
            });
        }
        if self.rng.chance(0.4) {
            let events = self.rng.range(1, 3);
            let items = (0..events).map(|_| self.event_item(date)).collect();
            sections.push(Section {
                heading: "Events".into(),
                items,
            });
        }
        if self.rng.chance(0.08) {
            sections.push(Section {
                heading: "Books".into(),
                items: vec![self.book_item()],
            });
        }
        sections
    }

    /// The sections of one list-style newsletter issue: nested ATX headings, list links.
    fn list_sections(&mut self, date: Date) -> Vec<Section> {
        let headings = ["Articles", "Tools", "Updates/Newsletters", "Videos"];
        let mut sections = Vec::new();
        for heading in headings {
            let count = match heading {
                "Articles" => self.rng.range(4, 9),
                "Tools" => self.rng.range(1, 4),
                _ => self.rng.range(0, 2),
            };
            let items = (0..count)
                .map(|_| {
                    let words = self.rng.range(3, 9);
                    let title = capitalize(&self.world.phrase(&mut self.rng, words));
                    let description = if self.rng.chance(0.4) {
                        let words = self.rng.range(5, 15);
                        vec![self.sentence(words)]
                    } else {
                        Vec::new()
                    };
                    Item {
                        description,
                        links: vec![Link {
                            url: self.url(date, None),
                            title: Some(title),
                        }],
                    }
                })
                .collect::<Vec<_>>();
            if !items.is_empty() {
                sections.push(Section {
                    heading: heading.to_string(),
                    items,
                });
            }
        }
        sections
    }
}

/// Fills a [`HOSTS`] pattern.
fn fill_pattern(pattern: &str, world: &World, rng: &mut Rng, date: Date) -> String {
    let mut out = pattern.to_string();
    let pairs: [(&str, String); 8] = [
        ("{slug}", world.slug(rng)),
        ("{user}", world.user(rng).to_string()),
        ("{hex}", rng.hex(11)),
        ("{yy}", format!("{:02}", date.year() % 100)),
        ("{y}", date.year().to_string()),
        ("{m}", format!("{:02}", u8::from(date.month()))),
        ("{d}", format!("{:02}", date.day())),
        ("{n}", (100_000 + rng.below(900_000)).to_string()),
    ];
    for (key, value) in pairs {
        out = out.replace(key, &value);
    }
    out
}

/// `8` → `8th`, `22` → `22nd`.
fn ordinal(day: u8) -> String {
    let suffix = match (day % 10, day % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{day}{suffix}")
}

/// English month name.
fn month_name(month: Month) -> String {
    month.to_string()
}

/// `8th November 2020`.
fn long_date(date: Date) -> String {
    format!(
        "{} {} {}",
        ordinal(date.day()),
        month_name(date.month()),
        date.year()
    )
}

/// `2020-11-08`.
fn ymd(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// A setext underline of a plausible, varying length.
fn underline(rng: &mut Rng, heading: &str) -> String {
    let len = (heading.chars().count() as isize + rng.range(0, 6) as isize - 2).max(3);
    "=".repeat(len as usize)
}

/// Renders a modern DevOps-Weekly issue.
fn render_modern(w: &mut Writer, number: usize, date: Date) -> (String, usize) {
    let sponsor = w.world.sponsors[w.rng.below(w.world.sponsors.len())].clone();
    let sections = w.sections(date, &sponsor, Format::Modern);
    let offset = if (4..=10).contains(&u8::from(date.month())) {
        "+01:00"
    } else {
        "+00:00"
    };
    let mut out = String::new();
    let _ = write!(
        out,
        "---\ntitle: DEVOPS WEEKLY ISSUE \\#{number} - {} \ndate: {}T{:02}:{:02}:{:02}{offset}\n---\n\n{}\n\n\n",
        long_date(date),
        ymd(date),
        w.rng.range(7, 12),
        w.rng.below(60),
        w.rng.below(60),
        w.description()
    );
    let blank_before_link = w.rng.chance(0.2);
    let mut links = 0;
    for section in &sections {
        let _ = write!(
            out,
            "{}\n{}\n\n",
            section.heading,
            underline(&mut w.rng, &section.heading)
        );
        for (i, item) in section.items.iter().enumerate() {
            let tight = i > 0 && w.rng.chance(0.08);
            if tight {
                while out.ends_with("\n\n") {
                    out.pop();
                }
            }
            for line in &item.description {
                let _ = writeln!(out, "{line}");
            }
            if blank_before_link {
                out.push('\n');
            }
            for link in &item.links {
                let prefix = if blank_before_link { "" } else { "<br>" };
                let _ = writeln!(out, "{prefix}[{0}]({0})", link.url);
                links += 1;
            }
            out.push_str("\n\n");
        }
    }
    if w.rng.chance(0.3) {
        let sponsor_item = &sections[0].items[0];
        let _ = write!(
            out,
            "\n{}\n<br>[{1}]({1})\n\n\n\n======\n",
            sponsor_item.description[0], sponsor_item.links[0].url
        );
    }
    out.push_str("\nIf you received this email directly then you're already signed up, thanks! If however someone forwarded this email to you and you'd like to get it each week then you can subscribe at [http://devopsweekly.com](http://devopsweekly.com)\n");
    (out, links)
}

/// Renders an older-era issue: Jekyll front matter, ATX headings, bare URLs.
fn render_old(w: &mut Writer, number: usize, date: Date) -> (String, usize) {
    let sponsor = w.world.sponsors[w.rng.below(w.world.sponsors.len())].clone();
    let sections = w.sections(date, &sponsor, Format::Old);
    let title = format!("Issue {number} - {}", long_date(date));
    let mut out = format!(
        "---\nlayout: post\ntitle: \"{title}\"\n---\n\n## {title}\n\n{}\n\n",
        w.description()
    );
    let atx = w.rng.chance(0.7);
    let mut links = 0;
    for section in &sections {
        if atx {
            let _ = write!(out, "## {}\n\n", section.heading);
        } else {
            let _ = write!(
                out,
                "{}\n{}\n\n",
                section.heading,
                "-".repeat(section.heading.len())
            );
        }
        for item in &section.items {
            let inline = section.heading == "Sponsor" && item.links.len() == 1;
            if inline {
                let _ = write!(
                    out,
                    "{} Start your trial now: {}\n\n",
                    item.description.join(" "),
                    item.links[0].url
                );
                links += 1;
                continue;
            }
            for line in &item.description {
                let _ = writeln!(out, "{line}");
            }
            for link in &item.links {
                let _ = writeln!(out, "{}", link.url);
                links += 1;
            }
            out.push('\n');
        }
    }
    (out, links)
}

/// Renders a list-style issue of the second newsletter: Pelican headers, `* [title](url)`.
fn render_list(w: &mut Writer, number: usize, date: Date) -> (String, usize) {
    let sections = w.list_sections(date);
    let mut out = format!(
        "Title: Weekly Links {number}\nNumber: {number}\nDate: {}\n\n{}\n\n",
        ymd(date),
        w.description()
    );
    let mut links = 0;
    for section in &sections {
        match section.heading.split_once('/') {
            Some((outer, inner)) => {
                let _ = write!(out, "## {outer}\n\n### {inner}\n\n");
            }
            None => {
                let _ = write!(out, "## {}\n\n", section.heading);
            }
        }
        for item in &section.items {
            for link in &item.links {
                let title = link.title.as_deref().unwrap_or("link");
                let _ = write!(out, "* [{title}]({})", link.url);
                match item.description.first() {
                    Some(text) => {
                        let _ = writeln!(out, " - {text}");
                    }
                    None => out.push('\n'),
                }
                links += 1;
            }
        }
        out.push('\n');
    }
    (out, links)
}

/// Totals of a generated corpus.
#[derive(Debug, Default, serde::Serialize)]
struct Summary {
    seed: u64,
    files: usize,
    links: usize,
    bytes: usize,
    modern_files: usize,
    old_files: usize,
    list_files: usize,
    rare_word: &'static str,
}

/// The date of the `index`-th of `total` issues, spread evenly over the archive's years.
fn issue_date(index: usize, total: usize) -> Date {
    let first = Date::from_calendar_date(FIRST_YEAR, Month::January, 3).unwrap_or(Date::MIN);
    let days = YEARS * 365;
    let offset = (index as i64 * days) / (total.max(1) as i64);
    first + Duration::days(offset)
}

/// Chooses a file's format from its era: old style before 2015, list newsletter one file in five.
fn format_for(rng: &mut Rng, date: Date) -> Format {
    if rng.chance(0.2) {
        Format::List
    } else if date.year() < 2015 {
        Format::Old
    } else {
        Format::Modern
    }
}

/// The relative path of an issue file.
fn file_name(format: Format, number: usize, date: Date, rng: &mut Rng) -> PathBuf {
    let year = date.year().to_string();
    let day = ymd(date);
    match format {
        Format::Modern => Path::new("devopsweekly")
            .join(&year)
            .join(format!("{day}-issue-{number}.md")),
        Format::Old => Path::new("devopsweekly-old")
            .join(&year)
            .join(format!("{day}-{number}.markdown")),
        Format::List => {
            let ext = if rng.chance(0.3) { "txt" } else { "md" };
            Path::new("weeklylinks")
                .join(&year)
                .join(format!("{day}-{number}.{ext}"))
        }
    }
}

/// Writes the corpus and returns its totals.
fn generate(args: &Args) -> anyhow::Result<Summary> {
    let world = World::new();
    let mut writer = Writer {
        world: &world,
        rng: Rng(args.seed),
        issue_urls: HashSet::new(),
        recent: Vec::new(),
    };
    let mut summary = Summary {
        seed: args.seed,
        rare_word: RARE_WORD,
        ..Summary::default()
    };
    for index in 0..args.issues {
        let number = index + 1;
        let date = issue_date(index, args.issues);
        writer.issue_urls.clear();
        let format = format_for(&mut writer.rng, date);
        let (text, links) = match format {
            Format::Modern => render_modern(&mut writer, number, date),
            Format::Old => render_old(&mut writer, number, date),
            Format::List => render_list(&mut writer, number, date),
        };
        let mut path = args
            .out
            .join(file_name(format, number, date, &mut writer.rng));
        let text = if args.html {
            path.set_extension("html");
            html_page(&text, number, date)
        } else {
            text
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, &text).with_context(|| format!("cannot write {}", path.display()))?;
        summary.files += 1;
        summary.links += links;
        summary.bytes += text.len();
        match format {
            Format::Modern => summary.modern_files += 1,
            Format::Old => summary.old_files += 1,
            Format::List => summary.list_files += 1,
        }
    }
    Ok(summary)
}

/// An issue's markdown as a web page: the body (after its front matter or Pelican headers)
/// rendered by pulldown-cmark, inside the chrome of a site.
fn html_page(markdown: &str, number: usize, date: Date) -> String {
    let body = markdown_body(markdown);
    let mut rendered = String::with_capacity(body.len() * 2);
    let options =
        pulldown_cmark::Options::ENABLE_TABLES | pulldown_cmark::Options::ENABLE_FOOTNOTES;
    pulldown_cmark::html::push_html(
        &mut rendered,
        pulldown_cmark::Parser::new_ext(body, options),
    );
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Issue {number} | Synthetic Weekly</title>\n\
<meta property=\"og:site_name\" content=\"Synthetic Weekly\">\n<meta name=\"viewport\" content=\"width=device-width\">\n\
<style>body {{ font-family: sans-serif; }} .share a {{ margin: 0 4px; }}</style>\n\
<script>window.analytics = {{ page: {number}, load: function () {{ return 1 < 2; }} }};</script>\n</head>\n<body>\n\
<header><a href=\"https://synthetic.example/\">Synthetic Weekly</a></header>\n\
<nav><ul><li><a href=\"https://synthetic.example/archive\">Archive</a></li><li><a href=\"https://synthetic.example/about\">About</a></li></ul></nav>\n\
<main><article>\n<h1>Issue {number}</h1>\n<p><time datetime=\"{date}\">{date}</time></p>\n{rendered}\n\
<p class=\"share\">Share: <a href=\"https://twitter.com/intent/tweet?url=https%3A%2F%2Fsynthetic.example%2F{number}\">Tweet</a>\
<a href=\"https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fsynthetic.example%2F{number}\">Share</a></p>\n</article></main>\n\
<aside><h3>Subscribe</h3><form action=\"https://synthetic.example/subscribe\"><input name=\"email\"></form></aside>\n\
<footer><p>&copy; Synthetic Weekly · <a href=\"https://synthetic.example/rss\">RSS</a></p></footer>\n</body>\n</html>\n"
    )
}

/// The body of a generated issue: after its `---` front matter, or after its Pelican header
/// lines (up to the first blank line), or the whole text.
fn markdown_body(text: &str) -> &str {
    if let Some(rest) = text.strip_prefix("---\n") {
        return rest.find("\n---\n").map_or(rest, |end| &rest[end + 5..]);
    }
    let pelican = text.lines().next().is_some_and(|line| line.contains(": "));
    match text.find("\n\n") {
        Some(end) if pelican => &text[end + 2..],
        _ => text,
    }
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    if args.mbox {
        return write_mbox(&args);
    }
    let summary = generate(&args)?;
    let json = serde_json::to_string_pretty(&summary)?;
    std::fs::write(args.out.join("corpus.json"), format!("{json}\n"))?;
    eprintln!(
        "wrote {} files, {} links, {:.1} MB to {}",
        summary.files,
        summary.links,
        summary.bytes as f64 / 1e6,
        args.out.display()
    );
    Ok(())
}
