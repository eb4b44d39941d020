//! End-to-end tests of `backissues ingest`: the real binary on copies of the fixtures in temp dirs,
//! checking the index content through the library.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use backissues::index::documents::LinkReader;
use backissues::index::open_existing;
use backissues::index::schema::IndexFields;
use backissues::index::sources::indexed_sources;
use backissues::index::store::{open_for_writing, VERSION_FILE};
use backissues::index::writer::count_docs;
use backissues::model::LinkDoc;
use tantivy::DocAddress;
use tempfile::TempDir;

mod common;

/// Link documents in the five fixtures: 10 + 12 + 12 + 11 + 16.
const FIXTURE_DOCS: u64 = 61;

/// A temp dir holding `archive/` (a copy of the fixtures); the index goes to `index/` in it.
fn archive() -> TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    fs::create_dir(&archive).unwrap();
    for entry in fs::read_dir("fixtures/devopsweekly").unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, archive.join(path.file_name().unwrap())).unwrap();
    }
    tmp
}

/// The binary, run in `tmp`, with the index in `tmp/index` unless an env var is set.
fn backissues(tmp: &TempDir) -> Command {
    let mut cmd = common::backissues();
    cmd.current_dir(tmp.path());
    cmd
}

/// Runs `ingest ARGS` with `--index index`; returns (exit code, stderr).
fn ingest(tmp: &TempDir, args: &[&str]) -> (i32, String) {
    let output = backissues(tmp)
        .args(["--index", "index", "ingest"])
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    (output.status.code().unwrap(), stderr)
}

/// Runs `ingest ARGS` and checks that it succeeds with `expected` in its summary; returns stderr.
fn ingest_reports(tmp: &TempDir, args: &[&str], expected: &str) -> String {
    let (code, stderr) = ingest(tmp, args);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(expected),
        "expected {expected:?} in: {stderr}"
    );
    stderr
}

fn index_dir(tmp: &TempDir) -> PathBuf {
    tmp.path().join("index")
}

fn doc_count(dir: &Path) -> u64 {
    count_docs(&open_existing(dir).unwrap()).unwrap()
}

/// Every stored document of the index.
fn stored_docs(dir: &Path) -> Vec<LinkDoc> {
    let index = open_existing(dir).unwrap();
    let fields = IndexFields::new(&index.schema()).unwrap();
    let searcher = index.reader().unwrap().searcher();
    let mut links = LinkReader::new(&searcher, &fields);
    let mut docs = Vec::new();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        for doc in segment.doc_ids_alive() {
            let address = DocAddress::new(u32::try_from(ord).unwrap(), doc);
            docs.push(links.get(address).unwrap());
        }
    }
    docs
}

/// Number of documents `parse` prints for one file.
fn parsed_docs(tmp: &TempDir, file: &str) -> u64 {
    let output = backissues(tmp).args(["parse", file]).output().unwrap();
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap().lines().count() as u64
}

#[test]
fn ingest_indexes_every_link_document_and_says_so() {
    let tmp = archive();
    let (code, stderr) = ingest(&tmp, &["archive"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(
            "5 files read: 5 issues added, 0 replaced, 0 unchanged, 0 skipped with errors; \
             61 link documents now in the index; took "
        ),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "one summary line: {stderr}");
    let dir = index_dir(&tmp);
    assert_eq!(doc_count(&dir), FIXTURE_DOCS);
    let sources = indexed_sources(&open_existing(&dir).unwrap()).unwrap();
    assert_eq!(
        sources.keys().collect::<Vec<_>>(),
        [
            "archive/2019-04-28-issue-435.md",
            "archive/2020-03-22-issue-482.md",
            "archive/2020-07-12-issue-498.md",
            "archive/2020-11-08-issue-515.md",
            "archive/2020-12-06-issue-519.md",
        ]
    );
    for (source, indexed) in &sources {
        assert_eq!(indexed.docs, parsed_docs(&tmp, source), "{source}");
        let hashed = [
            env!("CARGO_PKG_VERSION").as_bytes(),
            b"\0archive\0",
            &fs::read(tmp.path().join(source)).unwrap(),
        ]
        .concat();
        assert_eq!(
            indexed.hash,
            Some(xxhash_rust::xxh3::xxh3_64(&hashed)),
            "{source}"
        );
    }
}

#[test]
fn a_second_ingest_changes_nothing() {
    let tmp = archive();
    assert_eq!(ingest(&tmp, &["archive"]).0, 0);
    let before = stored_docs(&index_dir(&tmp));
    ingest_reports(&tmp, &["archive"], "5 files read: 0 issues added, 0 replaced, 5 unchanged, 0 skipped with errors; 61 link documents now in the index");
    let mut after = stored_docs(&index_dir(&tmp));
    let mut before = before;
    before.sort_by(|a, b| (&a.source, a.position).cmp(&(&b.source, b.position)));
    after.sort_by(|a, b| (&a.source, a.position).cmp(&(&b.source, b.position)));
    assert_eq!(after, before);
}

#[test]
fn an_edited_file_is_replaced_not_doubled() {
    let tmp = archive();
    assert_eq!(ingest(&tmp, &["archive"]).0, 0);
    let file = tmp.path().join("archive/2020-11-08-issue-515.md");
    let text = fs::read_to_string(&file).unwrap();
    fs::write(
        &file,
        text.replace(
            "BPF is already super interesting",
            "BPF is already zanzibar",
        ),
    )
    .unwrap();
    ingest_reports(&tmp, &["archive"], "5 files read: 0 issues added, 1 replaced, 4 unchanged, 0 skipped with errors; 61 link documents now in the index");
    let docs = stored_docs(&index_dir(&tmp));
    assert_eq!(docs.len(), 61);
    assert_eq!(
        docs.iter()
            .filter(|doc| doc.description.contains("zanzibar"))
            .count(),
        1
    );
    assert!(!docs
        .iter()
        .any(|doc| doc.description.contains("super interesting")));
}

#[test]
fn rebuild_starts_from_an_empty_index() {
    let tmp = archive();
    assert_eq!(ingest(&tmp, &["archive"]).0, 0);
    let removed = parsed_docs(&tmp, "archive/2019-04-28-issue-435.md");
    fs::remove_file(tmp.path().join("archive/2019-04-28-issue-435.md")).unwrap();
    ingest_reports(
        &tmp,
        &["--rebuild", "archive"],
        "4 files read: 4 issues added, 0 replaced, 0 unchanged",
    );
    assert_eq!(doc_count(&index_dir(&tmp)), FIXTURE_DOCS - removed);
}

#[test]
fn prune_removes_files_gone_from_the_paths_and_only_then() {
    let tmp = archive();
    assert_eq!(ingest(&tmp, &["archive"]).0, 0);
    let gone = "archive/2020-12-06-issue-519.md";
    let gone_docs = parsed_docs(&tmp, gone);
    fs::remove_file(tmp.path().join(gone)).unwrap();

    ingest_reports(
        &tmp,
        &["archive"],
        "1 indexed file no longer found (--prune removes them)",
    );
    assert_eq!(doc_count(&index_dir(&tmp)), FIXTURE_DOCS);

    ingest_reports(
        &tmp,
        &["--prune", "archive"],
        "4 unchanged, 0 skipped with errors, 1 pruned",
    );
    assert_eq!(doc_count(&index_dir(&tmp)), FIXTURE_DOCS - gone_docs);
}

#[test]
fn a_folder_given_with_dot_components_is_the_same_source() {
    let tmp = archive();
    assert_eq!(ingest(&tmp, &["./archive/"]).0, 0);
    ingest_reports(&tmp, &["archive"], "5 files read: 0 issues added, 0 replaced, 5 unchanged, 0 skipped with errors; 61 link documents now in the index");
    let sources = indexed_sources(&open_existing(&index_dir(&tmp)).unwrap()).unwrap();
    assert!(
        sources.keys().all(|source| source.starts_with("archive/2")),
        "{:?}",
        sources.keys()
    );

    let gone = "archive/2020-12-06-issue-519.md";
    let gone_docs = parsed_docs(&tmp, gone);
    fs::remove_file(tmp.path().join(gone)).unwrap();
    ingest_reports(
        &tmp,
        &["--prune", "."],
        "4 unchanged, 0 skipped with errors, 1 pruned",
    );
    assert_eq!(doc_count(&index_dir(&tmp)), FIXTURE_DOCS - gone_docs);
}

#[test]
fn a_bad_file_is_reported_and_the_others_are_ingested() {
    let tmp = archive();
    let archive = tmp.path().join("archive");
    fs::write(archive.join("2021-01-01-broken.md"), b"\xff\xfe not text").unwrap();
    fs::write(
        archive.join("2021-02-02-empty.md"),
        "---\ndate: 2021-02-02\n---\n\nNo links this week.\n",
    )
    .unwrap();
    let stderr = ingest_reports(
        &tmp,
        &["archive"],
        "backissues: warning: archive/2021-01-01-broken.md:1: not UTF-8 text",
    );
    assert!(
        stderr.contains(
            "backissues: warning: archive/2021-02-02-empty.md: no links found; nothing to index"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "7 files read: 5 issues added, 0 replaced, 0 unchanged, 2 skipped with errors"
        ),
        "{stderr}"
    );
    assert_eq!(doc_count(&index_dir(&tmp)), FIXTURE_DOCS);
}

#[test]
fn only_bad_files_is_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir(tmp.path().join("archive")).unwrap();
    fs::write(tmp.path().join("archive/a.md"), b"\xff\xfe").unwrap();
    let (code, stderr) = ingest(&tmp, &["archive"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr
            .contains("backissues: error: no issue file could be ingested; see the warnings above"),
        "{stderr}"
    );
}

#[test]
fn strict_fails_on_a_bad_file_and_writes_nothing() {
    let tmp = archive();
    assert_eq!(ingest(&tmp, &["archive"]).0, 0);
    let file = tmp.path().join("archive/2020-11-08-issue-515.md");
    let text = fs::read_to_string(&file).unwrap();
    fs::write(&file, text.replace("BPF is already", "eBPF is already")).unwrap();
    fs::write(tmp.path().join("archive/zz.md"), b"\xff").unwrap();

    let (code, stderr) = ingest(&tmp, &["--strict", "archive"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("archive/zz.md:1: not UTF-8 text")
            && stderr.contains("nothing was written (--strict)"),
        "{stderr}"
    );
    assert!(!stored_docs(&index_dir(&tmp))
        .iter()
        .any(|doc| doc.description.contains("eBPF is already")));

    ingest_reports(
        &tmp,
        &["archive"],
        "1 replaced, 4 unchanged, 1 skipped with errors",
    );
}

#[test]
fn the_same_issue_in_two_files_is_kept_once_from_the_later_path() {
    let tmp = archive();
    fs::create_dir(tmp.path().join("archive/later")).unwrap();
    fs::copy(
        tmp.path().join("archive/2020-11-08-issue-515.md"),
        tmp.path().join("archive/later/2020-11-08-issue-515.md"),
    )
    .unwrap();
    let (code, stderr) = ingest(&tmp, &["archive"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(
            "archive/2020-11-08-issue-515.md: issue 515 of 2020-11-08 is also in \
             archive/later/2020-11-08-issue-515.md; keeping archive/later/2020-11-08-issue-515.md (the later path)"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 duplicate issue (later path kept)"),
        "{stderr}"
    );
    let dir = index_dir(&tmp);
    assert_eq!(doc_count(&dir), FIXTURE_DOCS);
    let sources = indexed_sources(&open_existing(&dir).unwrap()).unwrap();
    assert!(sources.contains_key("archive/later/2020-11-08-issue-515.md"));
    assert!(!sources.contains_key("archive/2020-11-08-issue-515.md"));

    let (code, stderr) = ingest(&tmp, &["archive"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(doc_count(&dir), FIXTURE_DOCS);
}

#[test]
fn a_second_writer_is_refused_and_the_first_unaffected() {
    let tmp = archive();
    assert_eq!(ingest(&tmp, &["archive"]).0, 0);
    let dir = index_dir(&tmp);
    let held = open_for_writing(&dir, false).unwrap();
    let (code, stderr) = ingest(&tmp, &["--rebuild", "archive"]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(
        stderr,
        "backissues: error: the index at index is being written by another process \
         (another `backissues ingest`?); try again when it finishes\n"
    );
    let query = backissues(&tmp)
        .args([
            "--index",
            "index",
            "query",
            "--format",
            "json",
            "deployment",
        ])
        .output()
        .unwrap();
    assert_eq!(
        query.status.code(),
        Some(0),
        "a query works while the index is locked"
    );
    assert!(!query.stdout.is_empty());
    drop(held);
    assert_eq!(doc_count(&dir), FIXTURE_DOCS);
}

#[test]
fn an_index_of_another_version_asks_for_a_rebuild() {
    let tmp = archive();
    assert_eq!(ingest(&tmp, &["archive"]).0, 0);
    fs::write(index_dir(&tmp).join(VERSION_FILE), "999\n").unwrap();
    let (code, stderr) = ingest(&tmp, &["archive"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.starts_with("backissues: error: the index at index was made by another version")
            && stderr.ends_with("run `backissues ingest --rebuild PATH`\n"),
        "{stderr}"
    );
    let (code, stderr) = ingest(&tmp, &["--rebuild", "archive"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(doc_count(&index_dir(&tmp)), FIXTURE_DOCS);
}

#[test]
fn an_index_path_that_is_a_file_is_an_error() {
    let tmp = archive();
    fs::write(index_dir(&tmp), "hello").unwrap();
    let (code, stderr) = ingest(&tmp, &["archive"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.starts_with("backissues: error: index is a file, not an index folder"),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(index_dir(&tmp)).unwrap(), "hello");
}

#[test]
fn a_missing_path_is_an_error() {
    let tmp = archive();
    let (code, stderr) = ingest(&tmp, &["archive", "nowhere"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "backissues: error: nowhere does not exist (or cannot be read); give the issue files or folders to ingest\n"
    );
    assert!(!index_dir(&tmp).exists());
}

#[test]
fn dry_run_jsonl_prints_what_parse_prints_and_writes_nothing() {
    let tmp = archive();
    let mut files: Vec<String> = fs::read_dir(tmp.path().join("archive"))
        .unwrap()
        .map(|entry| format!("archive/{}", entry.unwrap().file_name().to_string_lossy()))
        .collect();
    files.sort();
    let parsed = backissues(&tmp).arg("parse").args(&files).output().unwrap();
    assert!(parsed.status.success());

    let dry = backissues(&tmp)
        .args([
            "--index",
            "index",
            "ingest",
            "--dry-run",
            "--format",
            "jsonl",
            "archive",
        ])
        .output()
        .unwrap();
    assert_eq!(dry.status.code(), Some(0));
    assert_eq!(parsed.stdout.len(), dry.stdout.len());
    assert!(
        parsed.stdout == dry.stdout,
        "dry run output differs from parse"
    );
    let stderr = String::from_utf8(dry.stderr).unwrap();
    assert!(
        stderr.contains("dry run, nothing written: 5 files read: 5 issues added, 0 replaced, 0 unchanged, 0 skipped with errors; 61 link documents would be in the index"),
        "{stderr}"
    );
    assert!(!index_dir(&tmp).exists());
}

#[test]
fn the_index_folder_can_come_from_the_environment() {
    let tmp = archive();
    let output = backissues(&tmp)
        .env("BACKISSUES_INDEX", "from-env")
        .args(["ingest", "archive"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(doc_count(&tmp.path().join("from-env")), FIXTURE_DOCS);
    assert!(!index_dir(&tmp).exists());
}

#[test]
fn the_index_folder_inside_the_archive_is_not_walked() {
    let tmp = archive();
    let output = backissues(&tmp)
        .args(["--index", "archive/index", "ingest", "archive"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    fs::write(tmp.path().join("archive/index/stray.md"), "no date").unwrap();
    let again = backissues(&tmp)
        .args(["--index", "archive/index", "ingest", "archive"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(again.stderr).unwrap();
    assert!(
        stderr.contains("5 files read: 0 issues added, 0 replaced, 5 unchanged, 0 skipped"),
        "{stderr}"
    );
}

#[test]
fn many_small_runs_leave_a_handful_of_segments() {
    let tmp = archive();
    let template = fs::read_to_string(tmp.path().join("archive/2020-11-08-issue-515.md")).unwrap();
    let per_issue = parsed_docs(&tmp, "archive/2020-11-08-issue-515.md");
    let dir = index_dir(&tmp);
    for run in 0..12u64 {
        let number = 600 + run;
        let text = template
            .replace("#515", &format!("#{number}"))
            .replace("2020-11-08", &format!("2021-01-{:02}", run + 1));
        fs::write(
            tmp.path()
                .join(format!("archive/2021-01-{:02}-issue-{number}.md", run + 1)),
            text,
        )
        .unwrap();
        let (code, stderr) = ingest(&tmp, &["archive"]);
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(doc_count(&dir), FIXTURE_DOCS + (run + 1) * per_issue);
        let segments = open_existing(&dir)
            .unwrap()
            .searchable_segment_metas()
            .unwrap();
        assert!(
            segments.len() <= backissues::index::writer::MAX_SEGMENTS,
            "{} segments",
            segments.len()
        );
    }
}

#[cfg(unix)]
#[test]
fn control_characters_in_file_names_do_not_reach_the_terminal() {
    let tmp = archive();
    fs::write(tmp.path().join("archive/\x1b[31mred.md"), b"\xff").unwrap();
    let (code, stderr) = ingest(&tmp, &["archive"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains('\x1b'), "{stderr:?}");
    assert!(
        stderr.contains("archive/\u{fffd}[31mred.md:1: not UTF-8 text"),
        "{stderr}"
    );
}

#[test]
fn a_folder_without_issue_files_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir(tmp.path().join("empty")).unwrap();
    fs::write(tmp.path().join("empty/notes.pdf"), "x").unwrap();
    let (code, stderr) = ingest(&tmp, &["empty"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "backissues: error: no issue files (.md, .markdown, .mdx, .txt, .html, .htm, .xhtml, .xml, .rss, .atom, .rdf, .json, .eml, .mbox) or Maildir folders found in empty\n"
    );
    assert!(!index_dir(&tmp).exists());
}

#[test]
fn dry_run_reports_changes_against_the_index_without_writing() {
    let tmp = archive();
    assert_eq!(ingest(&tmp, &["archive"]).0, 0);
    let gone = "archive/2020-12-06-issue-519.md";
    let gone_docs = parsed_docs(&tmp, gone);
    fs::remove_file(tmp.path().join(gone)).unwrap();
    let (code, stderr) = ingest(&tmp, &["--dry-run", "--prune", "archive"]);
    assert_eq!(code, 0, "{stderr}");
    let expected = format!(
        "dry run, nothing written: 4 files read: 0 issues added, 0 replaced, 4 unchanged, \
         0 skipped with errors, 1 pruned; {} link documents would be in the index",
        FIXTURE_DOCS - gone_docs
    );
    assert!(stderr.contains(&expected), "{stderr}");
    assert_eq!(doc_count(&index_dir(&tmp)), FIXTURE_DOCS);
}

#[test]
fn an_index_folder_that_cannot_be_created_is_an_error() {
    let tmp = archive();
    fs::write(tmp.path().join("blocker"), "a file").unwrap();
    let output = backissues(&tmp)
        .args(["--index", "blocker/index", "ingest", "archive"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with("backissues: error: cannot use blocker/index as the index folder: ")
            && stderr.ends_with("or choose another folder with --index\n"),
        "{stderr}"
    );
}

/// The README's first command ingests into the repository's own `index/` folder, which holds a
/// `.gitignore`: that folder must count as empty, and the `.gitignore` must survive.
#[test]
fn the_repository_index_folder_with_its_gitignore_is_used_as_is() {
    let tmp = archive();
    fs::create_dir(index_dir(&tmp)).unwrap();
    fs::copy("index/.gitignore", index_dir(&tmp).join(".gitignore")).unwrap();
    let (code, stderr) = ingest(&tmp, &["archive"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(doc_count(&index_dir(&tmp)), FIXTURE_DOCS);
    let (code, stderr) = ingest(&tmp, &["--rebuild", "archive"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        fs::read(index_dir(&tmp).join(".gitignore")).unwrap(),
        fs::read("index/.gitignore").unwrap()
    );
}
