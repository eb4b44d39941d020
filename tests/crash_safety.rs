//! Crash safety: `ingest` killed with SIGKILL at seeded random moments (while it parses, adds,
//! commits, merges or cleans up) never leaves a broken or half-written index. After every kill
//! the index opens, `query` and `stats` work, every source is either fully present or absent,
//! and a final `ingest` ends with exactly the expected documents, none twice.
//!
//! Re-run with another seed: `CRASH_SEED=42 cargo test --test crash_safety`.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt;
use assert_cmd::Command;
use backissues::index::documents::LinkReader;
use backissues::index::open_existing;
use backissues::index::schema::IndexFields;
use backissues::index::sources::indexed_sources;
use backissues::index::writer::count_docs;
use tantivy::DocAddress;
use tempfile::TempDir;

mod common;
use common::reliability::{synthetic_issue, templates};

/// Issue files the synthetic archive starts with; it grows until an ingest takes [`MIN_INGEST`].
const FILES: usize = 100;

/// How long a full ingest must take, so that the kills land in the middle of real work.
const MIN_INGEST: Duration = Duration::from_secs(1);

/// The most files the archive grows to, whatever the machine's speed.
const MAX_FILES: usize = 2_000;

/// How many ingests are killed.
const KILLS: usize = 12;

/// The default seed of the kill moments.
const SEED: u64 = 0x5eed_cafe;

/// A small, seeded pseudo-random generator (xorshift64*): the kill moments are reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A duration uniformly in `0..max`.
    fn below(&mut self, max: Duration) -> Duration {
        let max_micros = u64::try_from(max.as_micros()).unwrap().max(1);
        Duration::from_micros(self.next() % max_micros)
    }
}

/// The archive of synthetic issues and what each file must contribute to the index.
struct Archive {
    tmp: TempDir,
    /// Link documents per source path, for every file that exists or ever existed.
    expected: BTreeMap<String, u64>,
    /// Source paths of the files that exist now.
    present: HashSet<String>,
    /// Link documents of each fixture, by file name.
    template_docs: Vec<(String, u64)>,
    /// Next issue number to hand out.
    next_number: usize,
}

impl Archive {
    /// Writes `FILES` issues made from the fixtures, each with its own number and date.
    fn new() -> Self {
        let tmp = tempfile::tempdir().unwrap();
        fs::create_dir(tmp.path().join("archive")).unwrap();
        let template_docs = templates();
        let mut archive = Self {
            tmp,
            expected: BTreeMap::new(),
            present: HashSet::new(),
            template_docs,
            next_number: 1000,
        };
        for _ in 0..FILES {
            archive.add_issue();
        }
        archive
    }

    fn index(&self) -> PathBuf {
        self.tmp.path().join("index")
    }

    /// Writes one more issue (a fixture with a new number and date); returns its source path.
    fn add_issue(&mut self) -> String {
        let n = self.next_number;
        self.next_number += 1;
        let (template, docs) = &self.template_docs[n % self.template_docs.len()];
        let docs = *docs;
        let (name, text) = synthetic_issue(template, n);
        let source = format!("archive/{name}");
        fs::write(self.tmp.path().join(&source), text).unwrap();
        self.expected.insert(source.clone(), docs);
        self.present.insert(source.clone());
        source
    }

    /// Changes the text (not the number of links) of every `step`-th present file, so the
    /// next ingest replaces them.
    fn edit_some(&self, step: usize, stamp: usize) {
        let mut sources: Vec<&String> = self.present.iter().collect();
        sources.sort();
        for source in sources.into_iter().step_by(step) {
            let path = self.tmp.path().join(source);
            let text = fs::read_to_string(&path).unwrap();
            fs::write(&path, format!("{text}\nEdited {stamp}.\n")).unwrap();
        }
    }

    /// Deletes `count` present files (their documents go with `--prune`).
    fn remove_some(&mut self, count: usize) {
        let mut sources: Vec<String> = self.present.iter().cloned().collect();
        sources.sort();
        for source in sources.into_iter().take(count) {
            fs::remove_file(self.tmp.path().join(&source)).unwrap();
            self.present.remove(&source);
        }
    }

    /// The binary, run in the temp dir with `--index index`.
    fn command(&self, args: &[&str]) -> StdCommand {
        let mut cmd = StdCommand::cargo_bin("backissues").unwrap();
        cmd.current_dir(self.tmp.path())
            .env_remove("BACKISSUES_INDEX")
            .args(["--index", "index"])
            .args(args);
        cmd
    }

    /// Runs a command to its end; returns (exit code, stdout, stderr).
    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let output = Command::from_std(self.command(args))
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        (
            output.status.code().expect("not killed"),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }

    /// Checks that the index is whole and consistent; returns its number of documents.
    fn check_consistent(&self, when: &str) -> u64 {
        let index = open_existing(&self.index())
            .unwrap_or_else(|err| panic!("{when}: the index does not open: {err:#}"));
        let total = count_docs(&index).unwrap();
        let sources = indexed_sources(&index).unwrap();
        let mut sum = 0;
        for (source, indexed) in &sources {
            let expected = self.expected.get(source).copied();
            assert_eq!(
                Some(indexed.docs),
                expected,
                "{when}: {source} is only partly in the index"
            );
            sum += indexed.docs;
        }
        assert_eq!(sum, total, "{when}: documents outside any source");
        assert_no_duplicates(&self.index(), when);

        if total == 0 {
            // Killed before the first commit of a new index: readers say to ingest first.
            for args in [&["query", "kubernetes"][..], &["stats"][..]] {
                let (code, _, stderr) = self.run(args);
                assert_eq!(code, 2, "{when}: {args:?}: {stderr}");
                assert!(
                    stderr.contains("run `backissues ingest PATH` first"),
                    "{when}: {args:?}: {stderr}"
                );
            }
            return total;
        }
        let (code, stdout, stderr) = self.run(&[
            "query",
            "--count",
            "--all",
            "--include-sponsors",
            "--include-recurring",
        ]);
        assert_eq!(code, 0, "{when}: query: {stderr}");
        assert_eq!(stdout.trim(), total.to_string(), "{when}: query --count");
        let (code, _, stderr) = self.run(&["query", "kubernetes"]);
        assert!(code == 0 || code == 1, "{when}: query: {stderr}");

        let (code, stdout, stderr) = self.run(&["stats", "--format", "json"]);
        assert_eq!(code, 0, "{when}: stats: {stderr}");
        let stats: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(stats["links"], total, "{when}: stats links");
        assert_eq!(stats["issues"], sources.len(), "{when}: stats issues");
        total
    }

    /// Adds files until a full `ingest --rebuild` takes at least `min` (or the archive holds
    /// [`MAX_FILES`]); returns how long the last one took.
    fn grow_to(&mut self, min: Duration) -> Duration {
        loop {
            let started = Instant::now();
            let (code, _, stderr) = self.run(&["ingest", "--rebuild", "archive"]);
            let took = started.elapsed();
            assert_eq!(code, 0, "{stderr}");
            let files = self.present.len();
            if took >= min || files >= MAX_FILES {
                return took;
            }
            let wanted = (files as f64 * 1.2 * min.as_secs_f64() / took.as_secs_f64()) as usize;
            for _ in files..wanted.min(MAX_FILES) {
                self.add_issue();
            }
        }
    }

    /// The documents the archive as it is now must give.
    fn expected_now(&self) -> u64 {
        self.present
            .iter()
            .map(|source| self.expected[source])
            .sum()
    }
}

/// No document is stored twice: (source, position) and (issue, position) are unique.
fn assert_no_duplicates(dir: &Path, when: &str) {
    let index = open_existing(dir).unwrap();
    let fields = IndexFields::new(&index.schema()).unwrap();
    let searcher = index.reader().unwrap().searcher();
    let mut links = LinkReader::new(&searcher, &fields);
    let mut by_source = HashSet::new();
    let mut by_issue = HashSet::new();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        for doc in segment.doc_ids_alive() {
            let address = DocAddress::new(u32::try_from(ord).unwrap(), doc);
            let doc = links.get(address).unwrap();
            assert!(
                by_source.insert((doc.source.clone(), doc.position)),
                "{when}: {} #{} twice",
                doc.source,
                doc.position
            );
            assert!(
                by_issue.insert((doc.issue, doc.position)),
                "{when}: issue {:?} #{} twice",
                doc.issue,
                doc.position
            );
        }
    }
}

#[test]
fn ingest_killed_at_random_moments_never_breaks_the_index() {
    let seed = std::env::var("CRASH_SEED")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(SEED);
    eprintln!("CRASH_SEED={seed}");
    let mut rng = Rng(seed | 1);
    let mut archive = Archive::new();

    let (code, _, stderr) = archive.run(&["ingest", "archive"]);
    assert_eq!(code, 0, "{stderr}");
    let full = archive.grow_to(MIN_INGEST);
    eprintln!(
        "a full ingest of {} files takes {full:?}",
        archive.present.len()
    );
    assert_eq!(
        archive.check_consistent("first ingest"),
        archive.expected_now()
    );

    let mut killed = 0;
    let mut attempts = 0;
    while killed < KILLS {
        attempts += 1;
        assert!(
            attempts < KILLS * 4,
            "ingest kept finishing before the kill"
        );
        // Vary the work a killed run was doing: a full rebuild, an incremental run that adds,
        // replaces and prunes, or the very first ingest into a new index.
        let args: &[&str] = match attempts % 3 {
            0 => &["ingest", "--rebuild", "archive"],
            1 => {
                archive.edit_some(4, attempts);
                archive.remove_some(2);
                for _ in 0..5 {
                    archive.add_issue();
                }
                &["ingest", "--prune", "archive"]
            }
            _ => {
                fs::remove_dir_all(archive.index()).unwrap();
                &["ingest", "archive"]
            }
        };
        let fresh = attempts % 3 == 2;
        let mut child = archive
            .command(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let delay = rng.below(full.mul_f64(1.2));
        sleep(delay);
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            killed += 1;
            eprintln!("killed `{}` after {delay:?}", args.join(" "));
        }
        child.wait().unwrap();
        let when = format!(
            "after kill {killed} (attempt {attempts}, `{}`)",
            args.join(" ")
        );
        if fresh && open_existing(&archive.index()).is_err() {
            // Killed while creating the index: nothing was committed yet; the next ingest
            // must still start cleanly.
            let (code, _, stderr) = archive.run(&["query", "kubernetes"]);
            assert_eq!(code, 2, "{when}: {stderr}");
            assert!(stderr.contains("backissues: error: "), "{when}: {stderr}");
            continue;
        }
        archive.check_consistent(&when);
    }

    let (code, _, stderr) = archive.run(&["ingest", "--prune", "archive"]);
    assert_eq!(code, 0, "final ingest: {stderr}");
    assert_eq!(
        archive.check_consistent("final ingest"),
        archive.expected_now()
    );
    let (code, _, stderr) = archive.run(&["ingest", "archive"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains(" 0 issues added, 0 replaced"), "{stderr}");
    assert_eq!(
        archive.check_consistent("ingest after the final one"),
        archive.expected_now()
    );
}

/// Messages in the synthetic mbox of [`an_mbox_ingest_killed_at_random_moments_is_whole`].
const MBOX_MESSAGES: usize = 1_500;

/// An mbox of `count` newsletter messages, message `n` (from `first`) with issue `n` and two
/// links.
fn synthetic_mbox(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|n| {
            format!(
                "From news@crash.example Mon Nov  2 09:00:00 2026\nFrom: Crash Weekly <news@crash.example>\nSubject: Crash Weekly Issue #{n}\nDate: Mon, 2 Nov 2026 09:00:00 +0000\nMessage-ID: <{n}@crash.example>\nList-Id: Crash Weekly <crash.example>\nContent-Type: text/html\n\n<h2>News</h2><p><a href=\"https://a.example/{n}\">First {n}</a> one.</p><p><a href=\"https://b.example/{n}\">Second {n}</a> two.</p>\n\n"
            )
        })
        .collect()
}

/// The mbox seam under kill -9: after any kill the index opens and holds each message's
/// documents whole or not at all, none twice; the next run ends with every message once.
#[test]
fn an_mbox_ingest_killed_at_random_moments_is_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let mut cmd = StdCommand::cargo_bin("backissues").unwrap();
        cmd.current_dir(tmp.path())
            .env_remove("BACKISSUES_INDEX")
            .args(["--index", "index", "ingest"])
            .args(args);
        cmd
    };
    let mbox = tmp.path().join("inbox.mbox");
    fs::write(&mbox, synthetic_mbox(1, MBOX_MESSAGES)).unwrap();
    let started = Instant::now();
    assert!(run(&["inbox.mbox"]).output().unwrap().status.success());
    let full = started.elapsed();
    let mut rng = Rng(SEED | 1);
    for round in 0..6 {
        let more = synthetic_mbox(1, MBOX_MESSAGES + 10 * (round + 1));
        fs::write(&mbox, more).unwrap();
        let args: &[&str] = if round % 2 == 0 {
            &["--rebuild", "inbox.mbox"]
        } else {
            &["inbox.mbox"]
        };
        let mut child = run(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        sleep(rng.below(full.mul_f64(1.2)));
        let _ = child.kill();
        child.wait().unwrap();
        let index = tmp.path().join("index");
        if open_existing(&index).is_err() {
            continue;
        }
        assert_no_duplicates(&index, &format!("mbox kill {round}"));
        let sources = indexed_sources(&open_existing(&index).unwrap()).unwrap();
        assert!(
            sources.values().all(|known| known.docs == 2),
            "round {round}"
        );
    }
    let output = run(&["inbox.mbox"]).output().unwrap();
    assert!(output.status.success());
    let index = tmp.path().join("index");
    assert_no_duplicates(&index, "final mbox ingest");
    let opened = open_existing(&index).unwrap();
    assert_eq!(indexed_sources(&opened).unwrap().len(), MBOX_MESSAGES + 60);
    assert_eq!(
        count_docs(&opened).unwrap(),
        2 * (MBOX_MESSAGES as u64 + 60)
    );
}
