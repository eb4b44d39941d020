//! Concurrency: two `ingest` runs at once (one is refused with the lock message, exit 2, the
//! other completes), and many `query` and `stats` processes while an `ingest` commits, merges
//! and cleans up (all succeed, each sees one whole commit: the documents before or after).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

use assert_cmd::cargo::CommandCargoExt;
use backissues::index::open_existing;
use backissues::index::writer::count_docs;
use tempfile::TempDir;

mod common;
use common::reliability::{templates, write_issues};

/// Issue files per batch: an ingest of one batch takes a second or more in a debug build.
const BATCH: usize = 100;

fn backissues(dir: &Path, args: &[&str]) -> StdCommand {
    let mut cmd = StdCommand::cargo_bin("backissues").unwrap();
    cmd.current_dir(dir)
        .env_remove("BACKISSUES_INDEX")
        .args(["--index", "index"])
        .args(args);
    cmd
}

fn finish(cmd: &mut StdCommand) -> Output {
    cmd.output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn doc_count(index: &Path) -> u64 {
    count_docs(&open_existing(index).unwrap()).unwrap()
}

/// A temp dir with `archive/` holding one batch of issues; returns it and their documents.
fn archive() -> (TempDir, u64) {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    fs::create_dir(&archive).unwrap();
    let docs = write_issues(&archive, 1000, BATCH, &templates());
    (tmp, docs)
}

/// Starts two ingests together; exactly one wins, the other says the index is busy.
fn race(dir: &Path, args: &[&str]) {
    let spawn = || {
        backissues(dir, args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let first = spawn();
    let second = spawn();
    let outputs = [
        first.wait_with_output().unwrap(),
        second.wait_with_output().unwrap(),
    ];
    let codes: Vec<Option<i32>> = outputs.iter().map(|out| out.status.code()).collect();
    let index: PathBuf = ["index"].iter().collect();
    let busy = format!(
        "backissues: error: the index at {} is being written by another process (another `backissues ingest`?); try again when it finishes\n",
        index.display()
    );
    let (winner, loser) = match codes.as_slice() {
        [Some(0), Some(2)] => (&outputs[0], &outputs[1]),
        [Some(2), Some(0)] => (&outputs[1], &outputs[0]),
        _ => panic!(
            "`{}` twice: exits {codes:?}: {} / {}",
            args.join(" "),
            stderr(&outputs[0]),
            stderr(&outputs[1])
        ),
    };
    assert_eq!(stderr(loser), busy, "`{}`", args.join(" "));
    assert!(
        stderr(winner).contains("link documents now in the index"),
        "{}",
        stderr(winner)
    );
}

#[test]
fn two_ingests_at_once_one_is_refused_and_the_other_completes() {
    let (tmp, docs) = archive();
    let dir = tmp.path();
    // Into a new index (both try to create it), then twice into an existing one.
    race(dir, &["ingest", "archive"]);
    assert_eq!(doc_count(&dir.join("index")), docs);
    race(dir, &["ingest", "--rebuild", "archive"]);
    assert_eq!(doc_count(&dir.join("index")), docs);
    let more = write_issues(&dir.join("archive"), 2000, BATCH, &templates());
    race(dir, &["ingest", "archive"]);
    assert_eq!(doc_count(&dir.join("index")), docs + more);
}

/// Runs `query --count` and `stats` in a loop until `done`; returns every count seen.
fn reader_loop(dir: &Path, done: &AtomicBool) -> Vec<u64> {
    let mut seen = Vec::new();
    loop {
        let last = done.load(Ordering::SeqCst);
        let query = finish(&mut backissues(
            dir,
            &[
                "query",
                "--count",
                "--all",
                "--include-sponsors",
                "--include-recurring",
            ],
        ));
        assert_eq!(query.status.code(), Some(0), "query: {}", stderr(&query));
        let count = String::from_utf8_lossy(&query.stdout)
            .trim()
            .parse()
            .unwrap();
        seen.push(count);
        let stats = finish(&mut backissues(dir, &["stats", "--format", "json"]));
        assert_eq!(stats.status.code(), Some(0), "stats: {}", stderr(&stats));
        let stats: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
        seen.push(stats["links"].as_u64().unwrap());
        if last {
            return seen;
        }
    }
}

#[test]
fn queries_during_an_ingest_see_one_whole_commit() {
    let (tmp, before) = archive();
    let dir = tmp.path();
    let first = finish(&mut backissues(dir, &["ingest", "archive"]));
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let added = write_issues(&dir.join("archive"), 2000, BATCH, &templates());
    let after = before + added;

    // Two runs: one that adds a batch; one that rebuilds (every old document deleted, so the
    // segments are merged and the old files removed while readers are running).
    for args in [
        &["ingest", "archive"][..],
        &["ingest", "--rebuild", "archive"][..],
    ] {
        let done = AtomicBool::new(false);
        let seen: Vec<u64> = thread::scope(|scope| {
            let readers: Vec<_> = (0..3)
                .map(|_| scope.spawn(|| reader_loop(dir, &done)))
                .collect();
            thread::sleep(Duration::from_millis(200));
            let ingest = finish(&mut backissues(dir, args));
            assert_eq!(ingest.status.code(), Some(0), "{}", stderr(&ingest));
            done.store(true, Ordering::SeqCst);
            readers
                .into_iter()
                .flat_map(|reader| reader.join().unwrap())
                .collect()
        });
        assert!(
            seen.iter().all(|&count| count == before || count == after),
            "`{}`: counts seen {seen:?}, expected {before} or {after}",
            args.join(" ")
        );
        assert_eq!(seen.last(), Some(&after), "{seen:?}");
        eprintln!("`{}`: {} reads: {seen:?}", args.join(" "), seen.len());
    }
    assert_eq!(doc_count(&dir.join("index")), after);
}
