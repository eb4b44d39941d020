//! Issue dates from git history: the date of the commit that first added a file, for archives
//! that keep their dates nowhere else. One `git log` per repository for a whole run, started
//! only when a file of that repository needs it; when `git` is missing or a file is not in a work
//! tree, there is simply no date.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};

use time::Date;

use crate::model::day;

/// When each file of one repository was first added, by path relative to the work tree's root.
type AddedDates = HashMap<PathBuf, Date>;

/// The first-added dates of every repository met during a run, each read once, on demand.
/// Shared by the threads that parse files.
#[derive(Debug, Default)]
pub struct GitDates {
    /// Per work-tree root (canonical): its dates, once read (`None` when git failed there).
    repos: Mutex<HashMap<PathBuf, Arc<OnceLock<Option<AddedDates>>>>>,
}

impl GitDates {
    /// No repository read yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The date of the commit that first added `path` (followed through renames), when the
    /// file is tracked in a git work tree and git can be run. `path` may be relative, go through
    /// symbolic links or hold `..`: it is resolved first.
    pub fn first_added(&self, path: &Path) -> Option<Date> {
        let file = fs::canonicalize(path).ok()?;
        let root = work_tree_root(file.parent()?)?;
        let relative = file.strip_prefix(&root).ok()?.to_path_buf();
        let slot = {
            let mut repos = self.repos.lock().ok()?;
            Arc::clone(repos.entry(root.clone()).or_default())
        };
        slot.get_or_init(|| read_log(&root))
            .as_ref()?
            .get(&relative)
            .copied()
    }
}

/// The nearest folder at or above `dir` that holds a `.git` entry (a folder, or the file of a
/// linked work tree or submodule).
fn work_tree_root(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find(|folder| folder.join(".git").exists())
        .map(Path::to_path_buf)
}

/// Runs one `git log` over the whole history of the work tree at `root`: every added or renamed
/// path with the author date of its commit, oldest first. `None` when git cannot be run or fails.
fn read_log(root: &Path) -> Option<AddedDates> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "log",
            "--diff-filter=AR",
            "--name-status",
            "-z",
            "--reverse",
            "--format=%x01%aI",
        ])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    Some(added_dates(&output.stdout))
}

/// Reads `git log --name-status -z --reverse --format=%x01%aI` output: a `\x01DATE` token starts
/// each commit, then `A`, path or `R<score>`, old path, new path, each NUL-terminated. A file
/// keeps the date it was first added under its first name.
fn added_dates(log: &[u8]) -> AddedDates {
    let mut dates = AddedDates::new();
    let mut commit: Option<Date> = None;
    let mut tokens = log.split(|&byte| byte == 0).map(|token| {
        let token = token.strip_prefix(b"\n").unwrap_or(token);
        String::from_utf8_lossy(token).into_owned()
    });
    while let Some(token) = tokens.next() {
        if let Some(date) = token.strip_prefix('\u{1}') {
            commit = date.get(..10).and_then(day::parse);
            continue;
        }
        let Some(date) = commit else { continue };
        if token.starts_with('A') {
            if let Some(path) = tokens.next() {
                dates.entry(PathBuf::from(path)).or_insert(date);
            }
        } else if token.starts_with('R') || token.starts_with('C') {
            let (Some(old), Some(new)) = (tokens.next(), tokens.next()) else {
                break;
            };
            let first = dates.get(Path::new(&old)).copied().unwrap_or(date);
            dates.entry(PathBuf::from(new)).or_insert(first);
        }
    }
    dates
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_and_renamed_files_keep_their_first_date() {
        let log = b"\x012021-05-03T10:00:00+02:00\0\nA\0d/a b.md\0\x012022-01-01T10:00:00Z\0\nR100\0d/a b.md\0d/c.md\0A\0e.md\0\x012023-03-03T00:00:00Z\0\nA\0e.md\0";
        let dates = added_dates(log);
        let date = |path: &str| dates.get(Path::new(path)).copied().map(day::format);
        assert_eq!(date("d/a b.md").as_deref(), Some("2021-05-03"));
        assert_eq!(date("d/c.md").as_deref(), Some("2021-05-03"));
        assert_eq!(date("e.md").as_deref(), Some("2022-01-01"));
        assert_eq!(date("f.md"), None);
    }

    #[test]
    fn a_file_outside_any_work_tree_has_no_date() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("x.md");
        fs::write(&file, "x").unwrap();
        assert_eq!(GitDates::new().first_added(&file), None);
        assert_eq!(
            GitDates::new().first_added(&tmp.path().join("gone.md")),
            None
        );
    }
}
