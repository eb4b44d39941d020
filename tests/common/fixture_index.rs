//! Shared by the query-side tests: an index of the DevOps Weekly fixtures (plus any extra issue
//! files a suite needs), built once by the real `ingest` in a kept temp dir under the target dir.

use std::fs;
use std::path::PathBuf;

use assert_cmd::Command;

/// Copies `fixtures/devopsweekly` and the `extra` (file name, content) issues into a new archive,
/// ingests it with the real binary and returns the index folder.
pub fn build(prefix: &str, extra: &[(&str, String)]) -> PathBuf {
    let tmp = tempfile::Builder::new()
        .prefix(prefix)
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap()
        .keep();
    let archive = tmp.join("archive");
    fs::create_dir(&archive).unwrap();
    for entry in fs::read_dir("fixtures/devopsweekly").unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, archive.join(path.file_name().unwrap())).unwrap();
    }
    for (name, content) in extra {
        fs::write(archive.join(name), content).unwrap();
    }
    let index = tmp.join("index");
    Command::cargo_bin("backissues")
        .unwrap()
        .arg("--index")
        .arg(&index)
        .arg("ingest")
        .arg(&archive)
        .assert()
        .success();
    index
}

/// Issue 515 again as issue 520 of 2021-01-03 (same links, new number and date): the extra issue
/// of the suites that need a link featured twice.
pub fn issue_520_repeating_515() -> (&'static str, String) {
    let repeat = fs::read_to_string("fixtures/devopsweekly/2020-11-08-issue-515.md")
        .unwrap()
        .replace(
            "ISSUE \\#515 - 8th November 2020",
            "ISSUE \\#520 - 3rd January 2021",
        )
        .replace("date: 2020-11-08", "date: 2021-01-03");
    ("2021-01-03-issue-520.md", repeat)
}
