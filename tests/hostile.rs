//! Hostile and broken input, end to end: the real binary on the fixtures plus one bad thing at a
//! time (junk files, enormous lines, YAML bombs, escape sequences, symlink loops, damaged index
//! folders). Each test checks the message, the exit code, and that an index holding the fixtures
//! is unharmed: same document count, same sources, still queryable.

use std::fs;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use backissues::index::open_existing;
use backissues::index::sources::indexed_sources;
use backissues::index::writer::count_docs;
use tempfile::TempDir;

mod common;

/// Link documents in the five fixtures: 10 + 12 + 12 + 11 + 16.
const FIXTURE_DOCS: u64 = 61;

/// Longest a single hostile run may take before it counts as a hang (debug build, shared CPU).
const HANG: Duration = Duration::from_secs(60);

/// The outcome of one run of the binary.
struct Run {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

/// A temp dir with `archive/` (a copy of the fixtures) already ingested into `index/`.
struct Setup {
    tmp: TempDir,
    /// Longest one run may take before it counts as a hang.
    hang: Duration,
}

impl Setup {
    /// Copies the fixtures and ingests them; checks the starting point.
    fn ingested() -> Self {
        let setup = Self::empty();
        let archive = setup.archive();
        fs::create_dir(&archive).unwrap();
        for entry in fs::read_dir("fixtures/devopsweekly").unwrap() {
            let path = entry.unwrap().path();
            fs::copy(&path, archive.join(path.file_name().unwrap())).unwrap();
        }
        let run = setup.run(&["ingest", "archive"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(setup.doc_count(), FIXTURE_DOCS);
        setup
    }

    /// An empty temp dir.
    fn empty() -> Self {
        Self {
            tmp: tempfile::tempdir().unwrap(),
            hang: HANG,
        }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.tmp.path().join(relative)
    }

    fn archive(&self) -> PathBuf {
        self.path("archive")
    }

    fn index(&self) -> PathBuf {
        self.path("index")
    }

    /// Writes `bytes` to `archive/NAME`.
    fn add(&self, name: &str, bytes: impl AsRef<[u8]>) {
        fs::write(self.archive().join(name), bytes).unwrap();
    }

    /// Runs the binary in the temp dir with `--index index`, failing the test on a hang.
    fn run(&self, args: &[&str]) -> Run {
        self.run_with_index("index", args)
    }

    /// Runs the binary in the temp dir with `--index INDEX`, failing the test on a hang or a
    /// panic.
    fn run_with_index(&self, index: &str, args: &[&str]) -> Run {
        let started = Instant::now();
        let output = common::backissues()
            .current_dir(self.tmp.path())
            .env("NO_COLOR", "1")
            .timeout(self.hang)
            .args(["--index", index])
            .args(args)
            .output()
            .unwrap();
        assert!(started.elapsed() < self.hang, "`{}` hung", args.join(" "));
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(
            !stderr.contains("panicked") && !stderr.contains("internal error"),
            "`{}` panicked: {stderr}",
            args.join(" ")
        );
        Run {
            code: output.status.code().expect("killed by a signal"),
            stdout: output.stdout,
            stderr,
        }
    }

    fn doc_count(&self) -> u64 {
        count_docs(&open_existing(&self.index()).unwrap()).unwrap()
    }

    /// The fixtures are all still there, with all their documents.
    fn assert_unharmed(&self) {
        self.assert_unharmed_plus_at_most(0);
    }

    /// Ingests the archive with one hostile file `name` in it: a warning naming the file and
    /// `reason`, exit 0 (the fixtures are unchanged), the index unharmed. Then the file alone:
    /// exit 2, nothing written.
    fn assert_skipped(&self, name: &str, reason: &str) {
        let run = self.run(&["ingest", "archive"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let warning = format!("backissues: warning: archive/{name}");
        assert!(
            run.stderr.contains(&warning) && run.stderr.contains(reason),
            "expected `{warning}...{reason}` in: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("1 skipped with errors"),
            "{}",
            run.stderr
        );
        self.assert_unharmed();

        let alone = self.run(&["ingest", &format!("archive/{name}")]);
        assert_eq!(alone.code, 2, "{}", alone.stderr);
        assert!(
            alone
                .stderr
                .contains("backissues: error: no issue file could be ingested"),
            "{}",
            alone.stderr
        );
        self.assert_unharmed();
    }
}

/// True when `bytes` holds a control character other than newline and tab: what must never
/// reach a terminal.
fn has_control(bytes: &[u8]) -> bool {
    String::from_utf8_lossy(bytes)
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
}

#[test]
fn an_empty_file_is_skipped_with_a_warning() {
    let setup = Setup::ingested();
    setup.add("2021-01-01-empty.md", "");
    setup.assert_skipped("2021-01-01-empty.md", "no links found");
}

#[test]
fn a_binary_file_is_skipped_with_a_warning() {
    let setup = Setup::ingested();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend((0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    setup.add("2021-01-01-image.md", png);
    setup.assert_skipped("2021-01-01-image.md", "not UTF-8 text");
}

#[test]
fn ascii_junk_with_nul_bytes_is_skipped_with_a_warning() {
    let setup = Setup::ingested();
    let junk: Vec<u8> = (0..8192u32)
        .map(|i| ((i.wrapping_mul(2_654_435_761) >> 7) % 128) as u8)
        .collect();
    setup.add("2021-01-01-junk.md", junk);
    let run = setup.run(&["ingest", "archive"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!has_control(run.stderr.as_bytes()), "{:?}", run.stderr);
    assert!(run.stderr.contains("5 unchanged"), "{}", run.stderr);
    setup.assert_unharmed();
}

#[test]
fn latin1_text_names_the_line_that_is_not_utf8() {
    let setup = Setup::ingested();
    setup.add(
        "2021-01-01-latin1.md",
        b"---\ndate: 2021-01-01\n---\n\nCaf\xe9 [x](https://example.com/)\n",
    );
    setup.assert_skipped(
        "2021-01-01-latin1.md",
        ":5: not UTF-8 text; convert the file to UTF-8",
    );
}

/// One issue whose description is a single line of `megabytes` MB, with no newline at the end:
/// ingested (or skipped with a warning) without a hang, and removable again.
fn long_line_case(megabytes: usize) {
    let mut setup = Setup::ingested();
    setup.hang = HANG + Duration::from_secs(10) * u32::try_from(megabytes).unwrap();
    let size = megabytes * 1024 * 1024;
    let mut line = String::with_capacity(size + 200);
    line.push_str("---\ndate: 2021-01-01\n---\n\nNews\n====\n\n");
    while line.len() < size {
        line.push_str("lorem ipsum dolor sit amet ");
    }
    line.push_str("[the link](https://example.com/long)");
    setup.add("2021-01-01-long.md", &line);
    let run = setup.run(&["ingest", "archive"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("1 issue added"), "{}", run.stderr);
    assert_eq!(setup.doc_count(), FIXTURE_DOCS + 1);
    let query = setup.run(&["query", "--count", "lorem"]);
    assert_eq!(query.code, 0, "{}", query.stderr);
    assert_eq!(String::from_utf8_lossy(&query.stdout).trim(), "1");
    fs::remove_file(setup.archive().join("2021-01-01-long.md")).unwrap();
    let prune = setup.run(&["ingest", "--prune", "archive"]);
    assert_eq!(prune.code, 0, "{}", prune.stderr);
    setup.assert_unharmed();
}

/// One issue holding a URL of `megabytes` MB on a single line, next to a normal link.
fn long_url_case(megabytes: usize) {
    let mut setup = Setup::ingested();
    setup.hang = HANG + Duration::from_secs(10) * u32::try_from(megabytes).unwrap();
    let mut text = String::from(
        "---\ndate: 2021-01-02\n---\n\nNews\n====\n\nA long one [x](https://example.com/",
    );
    text.push_str(&"a".repeat(megabytes * 1024 * 1024));
    text.push_str(") and a short one [y](https://example.com/short)\n");
    setup.add("2021-01-02-long-url.md", &text);
    let run = setup.run(&["ingest", "archive"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("1 issue added"), "{}", run.stderr);
    assert_eq!(setup.doc_count(), FIXTURE_DOCS + 2);
    let query = setup.run(&["query", "--count", "domain:example.com"]);
    assert_eq!(query.code, 0, "{}", query.stderr);
    assert_eq!(String::from_utf8_lossy(&query.stdout).trim(), "2");
}

#[test]
fn a_50_mb_single_line_is_handled() {
    long_line_case(50);
}

// A 50 MB URL costs as much again, so the normal suite uses 4 MB (enough to expose anything worse
// than linear) and the 50 MB run is ignored there: `cargo test --test hostile -- --ignored`.

#[test]
fn a_4_mb_url_is_handled() {
    long_url_case(4);
}

#[test]
#[ignore = "30 s or more in a debug build; run with --test hostile -- --ignored"]
fn a_50_mb_url_is_handled() {
    long_url_case(50);
}

#[test]
fn an_issue_with_100k_links_is_ingested_whole() {
    let setup = Setup::ingested();
    let mut text = String::from("---\ndate: 2021-02-01\n---\n\nNews\n====\n\n");
    for n in 0..100_000 {
        text.push_str(&format!(
            "Item {n} is here.\n<br>[https://example.com/{n}](https://example.com/{n})\n\n"
        ));
    }
    setup.add("2021-02-01-many.md", &text);
    let run = setup.run(&["ingest", "archive"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("1 issue added"), "{}", run.stderr);
    assert_eq!(setup.doc_count(), FIXTURE_DOCS + 100_000);
    let again = setup.run(&["ingest", "archive"]);
    assert!(again.stderr.contains("6 unchanged"), "{}", again.stderr);
    assert_eq!(setup.doc_count(), FIXTURE_DOCS + 100_000);
}

#[test]
fn unterminated_front_matter_is_skipped_with_a_warning() {
    let setup = Setup::ingested();
    setup.add(
        "2021-03-01-open.md",
        "---\ntitle: never closed\ndate: 2021-03-01\n\nNews\n====\n\nA [link](https://example.com/)\n",
    );
    setup.assert_skipped("2021-03-01-open.md", "is never closed");
}

#[test]
fn deeply_nested_front_matter_is_handled_in_linear_time() {
    let setup = Setup::ingested();
    let cases = [
        ("2021-03-02-flow.md", "[".repeat(30_000)),
        ("2021-03-03-maps.md", "{a: ".repeat(7_500)),
        (
            "2021-03-04-block.md",
            (0..300)
                .map(|depth| format!("\n{}k{depth}:", " ".repeat(depth)))
                .collect(),
        ),
    ];
    for (name, nested) in &cases {
        setup.add(
            name,
            format!("---\nx: {nested}\ndate: 2021-03-02\n---\n\nNews\n====\n\nA [link](https://example.com/{name})\n"),
        );
        let started = Instant::now();
        let parsed = setup.run(&["parse", &format!("archive/{name}")]);
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{name}: {:?}",
            started.elapsed()
        );
        assert_eq!(parsed.code, 0, "{name}: {}", parsed.stderr);
        let doc: serde_json::Value = serde_json::from_slice(&parsed.stdout).unwrap();
        assert_eq!(doc["date"], "2021-03-02", "{name}");
    }
    let run = setup.run(&["ingest", "archive"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("3 issues added"), "{}", run.stderr);
    assert_eq!(setup.doc_count(), FIXTURE_DOCS + 3);
}

#[test]
fn a_yaml_alias_bomb_is_defused() {
    let setup = Setup::ingested();
    let mut yaml = String::from(
        "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for level in 1..12 {
        let prev = format!("*a{}", level - 1);
        let list = [prev.as_str(); 9].join(",");
        yaml.push_str(&format!("a{level}: &a{level} [{list}]\n"));
    }
    setup.add(
        "2021-04-01-bomb.md",
        format!("---\n{yaml}date: 2021-04-01\n---\n\nNews\n====\n\nA [link](https://example.com/bomb)\n"),
    );
    let run = setup.run(&["ingest", "archive"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("1 issue added"), "{}", run.stderr);
    assert_eq!(setup.doc_count(), FIXTURE_DOCS + 1);
}

#[test]
fn an_impossible_date_is_a_warning_and_the_issue_is_kept_undated() {
    let setup = Setup::ingested();
    setup.add(
        "issue-9.md",
        "---\ndate: 2020-13-45\n---\n\nNews\n====\n\nA [link](https://example.com/)\n",
    );
    let run = setup.run(&["ingest", "archive"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "backissues: warning: archive/issue-9.md:2: `2020-13-45` is not a real date; the issue has no date"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("1 issue without a date"),
        "{}",
        run.stderr
    );
    assert_eq!(setup.doc_count(), FIXTURE_DOCS + 1);
    let strict = setup.run(&["ingest", "--strict", "--rebuild", "archive"]);
    assert_eq!(strict.code, 2, "{}", strict.stderr);
    assert!(
        strict
            .stderr
            .contains("archive/issue-9.md: no issue date found"),
        "{}",
        strict.stderr
    );
    assert_eq!(setup.doc_count(), FIXTURE_DOCS + 1);
}

#[test]
fn an_impossible_date_in_the_file_name_is_not_a_date() {
    let setup = Setup::ingested();
    setup.add(
        "2020-13-45-issue-9.md",
        "News\n====\n\nA [link](https://example.com/)\n",
    );
    let run = setup.run(&["ingest", "archive"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning: archive/2020-13-45-issue-9.md"),
        "{}",
        run.stderr
    );
    setup.assert_unharmed_plus_at_most(1);
}

#[test]
fn odd_urls_are_kept_and_never_break_the_index() {
    let setup = Setup::ingested();
    setup.add(
        "2021-05-01-urls.md",
        "---\ndate: 2021-05-01\n---\n\nNews\n====\n\n\
         Spaces in it [a](<https://example.com/a b c>)\n\n\
         Unicode host [b](https://bücher.例え.jp/パス?q=ü)\n\n\
         No host [c](https:///nohost)\n\n\
         Mail [d](mailto:someone@example.com)\n\n\
         Relative [e](/just/a/path)\n\n\
         Bare host [f](https://)\n",
    );
    let run = setup.run(&["ingest", "archive"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let parsed = setup.run(&["parse", "archive/2021-05-01-urls.md"]);
    let lines = parsed.stdout.iter().filter(|&&b| b == b'\n').count() as u64;
    assert_eq!(setup.doc_count(), FIXTURE_DOCS + lines);
    for line in String::from_utf8(parsed.stdout).unwrap().lines() {
        let doc: serde_json::Value = serde_json::from_str(line).unwrap();
        let domain = doc["domain"].as_str().unwrap();
        assert!(
            !domain.contains(' ') && !domain.contains('/'),
            "domain {domain:?} of {line}"
        );
    }
    let query = setup.run(&["query", "--count", "unicode"]);
    assert!(query.code == 0 || query.code == 1, "{}", query.stderr);
}

#[test]
fn a_heading_made_only_of_equals_signs_is_handled() {
    let setup = Setup::ingested();
    setup.add(
        "2021-06-01-equals.md",
        "---\ndate: 2021-06-01\n---\n\n====\n\n=\n=\n\n# ===\n\nA [link](https://example.com/eq)\n\n====\n====\n",
    );
    let run = setup.run(&["ingest", "archive"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let parsed = setup.run(&["parse", "archive/2021-06-01-equals.md"]);
    assert_eq!(parsed.code, 0, "{}", parsed.stderr);
    for line in String::from_utf8(parsed.stdout).unwrap().lines() {
        let doc: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(!doc["section"].as_str().unwrap().is_empty(), "{line}");
    }
    setup.assert_unharmed_plus_at_most(1);
}

/// An issue whose description, link text, URL and heading carry terminal escape sequences and
/// other control characters.
const ESCAPES: &str = "---\ndate: 2021-07-01\ntitle: \"Evil \\e]0;owned\\a issue\"\n---\n\n\
    News \x1b[2J\n====\n\n\
    Red \x1b[31malert\x1b[0m and a bell \x07 and a backspace \x08 here, evilword.\n\
    <br>[https://evil.example.com/\x1b[1mbold](https://evil.example.com/\x1b]8;;x\x07path)\n\n\
    A carriage \r return \x7f and \u{9b}31m C1 code, evilword too.\n\
    <br>[link \x1b[5mtext](https://example.com/cr)\n";

#[test]
fn control_characters_never_reach_the_terminal() {
    let setup = Setup::ingested();
    setup.add("2021-07-01-escapes.md", ESCAPES);
    let run = setup.run(&["ingest", "archive"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!has_control(run.stderr.as_bytes()), "{:?}", run.stderr);

    let parsed = setup.run(&["parse", "archive/2021-07-01-escapes.md"]);
    assert_eq!(parsed.code, 0, "{}", parsed.stderr);
    assert!(
        !has_control(&parsed.stdout),
        "JSON escapes control characters"
    );

    for format in ["table", "json", "jsonl"] {
        let query = setup.run(&["query", "--format", format, "evilword"]);
        assert_eq!(query.code, 0, "{format}: {}", query.stderr);
        assert!(!query.stdout.is_empty(), "{format}");
        assert!(
            !has_control(&query.stdout),
            "{format}: {:?}",
            String::from_utf8_lossy(&query.stdout)
        );
        assert!(!has_control(query.stderr.as_bytes()), "{format}");
    }
    for args in [&["stats"][..], &["stats", "--format", "json"][..]] {
        let stats = setup.run(args);
        assert_eq!(stats.code, 0, "{}", stats.stderr);
        assert!(!has_control(&stats.stdout), "{args:?}");
    }
}

#[test]
fn control_characters_in_error_messages_never_reach_the_terminal() {
    let setup = Setup::ingested();
    setup.add(
        "bad-date.md",
        "---\ndate: \"\x1b[2J\x1b]0;owned\x07 2020\"\n---\n\nA [link](https://example.com/)\n",
    );
    setup.add(
        "2021-08-01-\x1b[31mred.md",
        b"\xff\x1b[2J not text".as_slice(),
    );
    let run = setup.run(&["ingest", "archive"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("1 skipped with errors, 1 issue without a date"),
        "{}",
        run.stderr
    );
    assert!(!has_control(run.stderr.as_bytes()), "{:?}", run.stderr);
    let parsed = setup.run(&["parse", "archive/bad-date.md"]);
    assert_eq!(parsed.code, 0);
    assert!(
        !has_control(parsed.stderr.as_bytes()),
        "{:?}",
        parsed.stderr
    );
    setup.assert_unharmed_plus_at_most(1);
}

#[test]
fn a_symlink_loop_in_the_archive_is_reported_and_not_followed() {
    let setup = Setup::ingested();
    std::os::unix::fs::symlink(".", setup.archive().join("loop")).unwrap();
    std::os::unix::fs::symlink("self", setup.archive().join("self")).unwrap();
    let run = setup.run(&["ingest", "archive"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "backissues: warning: archive/loop: symbolic link loop back to archive; not followed"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("backissues: warning: archive/self: cannot read"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("5 unchanged, 2 skipped with errors"),
        "{}",
        run.stderr
    );
    setup.assert_unharmed();

    // A link back to the archive's parent reaches the same files under other paths: each issue
    // is still indexed once.
    fs::remove_file(setup.archive().join("loop")).unwrap();
    std::os::unix::fs::symlink("..", setup.archive().join("up")).unwrap();
    let run = setup.run(&["ingest", "archive"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(setup.doc_count(), FIXTURE_DOCS);
}

#[test]
fn an_index_that_is_a_file_is_refused_by_every_command() {
    let setup = Setup::ingested();
    let file = setup.path("file-index");
    fs::write(&file, "precious").unwrap();
    for args in [
        &["ingest", "archive"][..],
        &["query", "kubernetes"][..],
        &["stats"][..],
    ] {
        let output = Command::cargo_bin("backissues")
            .unwrap()
            .current_dir(setup.tmp.path())
            .arg("--index")
            .arg(&file)
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("is a file, not an index folder"),
            "{args:?}: {stderr}"
        );
    }
    assert_eq!(fs::read_to_string(&file).unwrap(), "precious");
    setup.assert_unharmed();
}

#[test]
fn an_index_folder_that_cannot_be_written_is_a_clear_error() {
    let setup = Setup::ingested();
    // Permission bits do not stop root, so the case that works for everyone is a path under a
    // file: no one can create a folder there.
    fs::write(setup.path("plain-file"), "x").unwrap();
    let run = setup.run_with_index("plain-file/index", &["ingest", "archive"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("backissues: error: ")
            && run.stderr.contains("plain-file/index")
            && run.stderr.contains("Not a directory")
            && run.stderr.contains("choose another folder with --index"),
        "{}",
        run.stderr
    );

    // A read-only folder, where permission bits apply (not for root).
    use std::os::unix::fs::PermissionsExt;
    fs::write(
        setup.archive().join("2020-11-08-issue-515.md"),
        fs::read_to_string(setup.archive().join("2020-11-08-issue-515.md"))
            .unwrap()
            .replace("BPF is already", "eBPF is already"),
    )
    .unwrap();
    fs::set_permissions(setup.index(), fs::Permissions::from_mode(0o555)).unwrap();
    let probe = setup.index().join("probe");
    if fs::write(&probe, "").is_ok() {
        fs::remove_file(&probe).unwrap();
        eprintln!(
            "skipped the read-only folder case: running as root, permission bits do not apply"
        );
    } else {
        let run = setup.run(&["ingest", "archive"]);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stderr.contains("index"), "{}", run.stderr);
    }
    fs::set_permissions(setup.index(), fs::Permissions::from_mode(0o755)).unwrap();
    setup.assert_unharmed();
}

impl Setup {
    /// Runs `ingest ARGS` as if the disk were full (it stops root too): a file size limit of
    /// 4 KiB, with SIGXFSZ ignored so that writes past it fail (EFBIG) instead of killing the
    /// process. Returns (exit code, stderr).
    fn ingest_with_full_disk(&self, args: &[&str]) -> (Option<i32>, String) {
        let output = std::process::Command::new("bash")
            .current_dir(self.tmp.path())
            .arg("-c")
            .arg(r#"trap '' XFSZ; ulimit -f 4; exec "$0" "$@""#)
            .arg(assert_cmd::cargo::cargo_bin("backissues"))
            .args(["--index", "index", "ingest"])
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        (output.status.code(), stderr)
    }

    /// No segment files but those of the index's segments are in the folder.
    fn assert_no_stray_segments(&self) {
        let index = open_existing(&self.index()).unwrap();
        let live: Vec<String> = index
            .searchable_segment_metas()
            .unwrap()
            .iter()
            .map(|meta| meta.id().uuid_string())
            .collect();
        for entry in fs::read_dir(self.index()).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            let segment = name.split('.').next().unwrap();
            assert!(
                segment.len() != 32 || live.iter().any(|id| id == segment),
                "{name} left behind by a failed run"
            );
        }
    }
}

#[test]
fn a_full_disk_while_adding_leaves_the_index_as_it_was() {
    let setup = Setup::ingested();
    let mut text = String::from("---\ndate: 2021-02-01\n---\n\nNews\n====\n\n");
    for n in 0..5_000 {
        text.push_str(&format!(
            "Item {n}.\n<br>[https://example.com/{n}](https://example.com/{n})\n\n"
        ));
    }
    setup.add("2021-02-01-many.md", text);
    let (code, stderr) = setup.ingest_with_full_disk(&["archive"]);
    assert_eq!(code, Some(2), "{stderr}");
    // Tantivy reports the failed write when the next document is added or at the commit,
    // depending on its threads' timing; both messages say nothing was saved.
    assert!(
        stderr.starts_with("backissues: error: cannot ")
            && stderr.trim_end().ends_with("nothing of this run was saved")
            || stderr.starts_with(
                "backissues: error: cannot commit to the index (nothing of this run was saved): "
            ),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    setup.assert_unharmed();

    let run = setup.run(&["ingest", "archive"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(setup.doc_count(), FIXTURE_DOCS + 5_000);
    setup.assert_no_stray_segments();
}

#[test]
fn a_full_disk_while_committing_leaves_the_index_as_it_was() {
    let setup = Setup::ingested();
    let (code, stderr) = setup.ingest_with_full_disk(&["--rebuild", "archive"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.starts_with(
            "backissues: error: cannot commit to the index (nothing of this run was saved): "
        ) && stderr.contains("File too large"),
        "{stderr}"
    );
    setup.assert_unharmed();

    let run = setup.run(&["ingest", "--rebuild", "archive"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    setup.assert_unharmed();
    setup.assert_no_stray_segments();
}

#[test]
fn damaged_metadata_is_refused_without_losing_the_segments() {
    let setup = Setup::ingested();
    let meta = setup.index().join("meta.json");
    let good = fs::read(&meta).unwrap();
    let damages: [(&str, Vec<u8>); 5] = [
        ("truncated", good[..good.len() / 2].to_vec()),
        ("empty", Vec::new()),
        ("binary", b"\x00\xff\xfe garbage".to_vec()),
        (
            "valid JSON of another shape",
            b"{\"hello\": [1, 2, 3]}".to_vec(),
        ),
        ("a segment that does not exist", other_segment_id(&good)),
    ];
    for (what, bytes) in damages {
        fs::write(&meta, &bytes).unwrap();
        for args in [
            &["query", "kubernetes"][..],
            &["stats"][..],
            &["ingest", "archive"][..],
        ] {
            let run = setup.run(args);
            assert_eq!(run.code, 2, "{what}, {args:?}: {}", run.stderr);
            assert!(
                run.stderr.contains("ingest --rebuild"),
                "{what}, {args:?}: {}",
                run.stderr
            );
        }
        fs::write(&meta, &good).unwrap();
        setup.assert_unharmed();
    }
    let segment = fs::read_dir(setup.index())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| path.extension().is_some_and(|ext| ext == "store"))
        .unwrap();
    let moved = setup.path("moved-away.store");
    fs::rename(&segment, &moved).unwrap();
    let run = setup.run(&["query", "kubernetes"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("looks damaged") && run.stderr.contains("ingest --rebuild"),
        "{}",
        run.stderr
    );
    fs::rename(&moved, &segment).unwrap();
    setup.assert_unharmed();

    fs::write(&meta, &good[..10]).unwrap();
    let rebuild = setup.run(&["ingest", "--rebuild", "archive"]);
    assert_eq!(rebuild.code, 0, "{}", rebuild.stderr);
    setup.assert_unharmed();
}

/// `meta.json` with its first segment id changed by one digit: well-formed, but naming a segment
/// that does not exist.
fn other_segment_id(meta: &[u8]) -> Vec<u8> {
    let text = String::from_utf8(meta.to_vec()).unwrap();
    let key = "\"segment_id\": \"";
    let at = text.find(key).expect("a segment in meta.json") + key.len();
    let digit = if &text[at..=at] == "0" { "1" } else { "0" };
    format!("{}{digit}{}", &text[..at], &text[at + 1..]).into_bytes()
}

#[test]
fn a_damaged_version_file_is_refused() {
    let setup = Setup::ingested();
    fs::write(setup.index().join("backissues-version"), "\x1b[2J\n").unwrap();
    let run = setup.run(&["query", "kubernetes"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("is damaged"), "{}", run.stderr);
    assert!(!has_control(run.stderr.as_bytes()));
}

impl Setup {
    /// The fixtures unharmed, plus at most `extra` documents from the hostile file.
    fn assert_unharmed_plus_at_most(&self, extra: u64) {
        let count = self.doc_count();
        assert!(
            (FIXTURE_DOCS..=FIXTURE_DOCS + extra).contains(&count),
            "{count} documents"
        );
        let sources = indexed_sources(&open_existing(&self.index()).unwrap()).unwrap();
        for fixture in fs::read_dir("fixtures/devopsweekly").unwrap() {
            let name = fixture.unwrap().file_name();
            let source = format!("archive/{}", name.to_string_lossy());
            assert!(sources.contains_key(&source), "{source} lost");
        }
    }
}
