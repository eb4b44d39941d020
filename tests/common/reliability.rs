//! Shared by the reliability tests: a synthetic archive made from the fixtures, big enough for
//! an ingest that takes a second or more, with the number of documents each file must give.

use std::fs;
use std::path::Path;

use assert_cmd::Command;

/// The fixtures, each with the number of link documents `parse` prints for it.
pub fn templates() -> Vec<(String, u64)> {
    let mut paths: Vec<String> = fs::read_dir("fixtures/devopsweekly")
        .unwrap()
        .map(|entry| entry.unwrap().path().display().to_string())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let docs = parsed_docs(Path::new(&path));
            (path, docs)
        })
        .collect()
}

/// Number of documents `parse` prints for one file.
pub fn parsed_docs(path: &Path) -> u64 {
    let output = Command::cargo_bin("backissues")
        .unwrap()
        .arg("parse")
        .arg(path)
        .output()
        .unwrap();
    assert!(output.status.success());
    output.stdout.iter().filter(|&&b| b == b'\n').count() as u64
}

/// Issue number `n` made from a fixture: its own number and date. Returns the file name (which
/// carries both) and the text.
pub fn synthetic_issue(template: &str, n: usize) -> (String, String) {
    let date = format!(
        "{}-{:02}-{:02}",
        1990 + n / 300,
        1 + n / 25 % 12,
        1 + n % 25
    );
    let text = fs::read_to_string(template).unwrap();
    let date_line = text.lines().find(|line| line.starts_with("date:")).unwrap();
    let text = replace_number(&text, n).replace(date_line, &format!("date: {date}"));
    (format!("{date}-issue-{n}.md"), text)
}

/// Writes issues `first..first + count` into `dir`; returns the documents they must give.
pub fn write_issues(dir: &Path, first: usize, count: usize, templates: &[(String, u64)]) -> u64 {
    let mut docs = 0;
    for n in first..first + count {
        let (template, template_docs) = &templates[n % templates.len()];
        let (name, text) = synthetic_issue(template, n);
        fs::write(dir.join(name), text).unwrap();
        docs += template_docs;
    }
    docs
}

/// The fixture's issue number (`\#515`) in its title replaced by `n`.
fn replace_number(text: &str, n: usize) -> String {
    let title = text
        .lines()
        .find(|line| line.starts_with("title:"))
        .unwrap();
    let hash = title.find('#').unwrap();
    let digits: String = title[hash + 1..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let new_title = title.replacen(&format!("#{digits}"), &format!("#{n}"), 1);
    text.replacen(title, &new_title, 1)
}
