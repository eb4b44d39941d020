//! Finding issue files: the paths a user gives, folders walked recursively in sorted order, only
//! the parser's extensions, hidden entries and the index folder skipped, symlink loops reported.
//! A Maildir folder (with `cur/` and `new/`) is one entry, not walked into.

use std::fs;
use std::path::{Component, Path, PathBuf};

use anyhow::bail;
use walkdir::WalkDir;

use crate::parse::format::is_issue_file;
use crate::parse::format::is_maildir;

/// The issue files found under some paths, and what could not be walked.
#[derive(Debug, Default)]
pub struct Found {
    /// Issue files, each folder's in sorted order, paths as given joined with the walked names,
    /// [`tidy`].
    pub files: Vec<PathBuf>,
    /// The default newsletter of each file in `files` (same order): see [`newsletter_name`].
    pub newsletters: Vec<String>,
    /// Entries that could not be walked (unreadable folders, symlink loops), one message each.
    pub problems: Vec<String>,
}

/// Collects the issue files under `paths`. A file named directly is taken whatever its extension;
/// in folders only files with an issue extension are. Hidden files and folders (below a given
/// path) and `skip_dir` (the index folder) are left out. A path that does not exist is an error.
pub fn issue_files(paths: &[PathBuf], skip_dir: &Path) -> anyhow::Result<Found> {
    if let Some(missing) = paths.iter().find(|path| fs::metadata(path).is_err()) {
        bail!(
            "{} does not exist (or cannot be read); give the issue files or folders to ingest",
            missing.display()
        );
    }
    let skip = fs::canonicalize(skip_dir).ok();
    let mut found = Found::default();
    for root in paths {
        walk_one(root, skip.as_deref(), &mut found);
    }
    Ok(found)
}

/// The default newsletter name of the files under a path given to `ingest`: the folder's real
/// name (so `.` is named too), or for a file its folder's. Empty when the path has no name (`/`).
pub fn newsletter_name(root: &Path) -> String {
    let Ok(real) = fs::canonicalize(root) else {
        return String::new();
    };
    let folder = if real.is_dir() {
        Some(real.as_path())
    } else {
        real.parent()
    };
    folder
        .and_then(Path::file_name)
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Walks one given path into `found`.
fn walk_one(root: &Path, skip: Option<&Path>, found: &mut Found) {
    let newsletter = newsletter_name(root);
    let mut walker = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || (!is_hidden(entry.file_name()) && !is_skipped(entry, skip))
        });
    while let Some(entry) = walker.next() {
        match entry {
            Ok(entry) if entry.file_type().is_dir() && is_maildir(entry.path()) => {
                found.files.push(tidy(entry.path()));
                found.newsletters.push(newsletter.clone());
                walker.skip_current_dir();
            }
            Ok(entry) if entry.file_type().is_file() => {
                if entry.depth() == 0 || is_issue_file(entry.path()) {
                    found.files.push(tidy(entry.path()));
                    found.newsletters.push(newsletter.clone());
                }
            }
            Ok(_) => {}
            Err(err) => found.problems.push(walk_problem(&err)),
        }
    }
}

/// `path` without its `.` components (`./archive/x.md` -> `archive/x.md`, `.` -> the empty
/// path), so one file given two ways is one source in the index. Lexical only: symbolic links
/// and `..` are kept as written.
pub fn tidy(path: &Path) -> PathBuf {
    path.components()
        .filter(|component| *component != Component::CurDir)
        .collect()
}

/// The name a file goes by in its documents' `source` and in messages: its path as given,
/// [`tidy`], as text. The one rule `parse` and `ingest` name files by.
pub fn source_name(path: &Path) -> String {
    match path.to_str() {
        Some(text) if is_tidy(text) => text.to_string(),
        _ => tidy(path).display().to_string(),
    }
}

/// The container sources `source` may be a part of: its text before each `#` (a path may hold
/// `#` too, so every split is a candidate; the caller keeps the ones it knows).
pub fn containers_of(source: &str) -> impl Iterator<Item = &str> {
    source.match_indices('#').map(|(at, _)| &source[..at])
}

/// True for a path that [`tidy`] leaves as it is: `/`-separated names, none of them empty or
/// `.` (walked paths, once tidied, are all like this; the check is cheaper than the tidying).
/// Conservative: a `\` anywhere sends the path through [`tidy`].
fn is_tidy(text: &str) -> bool {
    let names = text.strip_prefix('/').unwrap_or(text);
    !text.contains('\\') && names.split('/').all(|name| !name.is_empty() && name != ".")
}

/// True for names starting with a dot (`.git`, `.obsidian`, editor temporaries).
fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// True for the folder to skip (the index itself).
fn is_skipped(entry: &walkdir::DirEntry, skip: Option<&Path>) -> bool {
    let Some(skip) = skip else { return false };
    entry.file_type().is_dir() && fs::canonicalize(entry.path()).is_ok_and(|path| path == skip)
}

/// A walk error as a one-line message naming the path.
fn walk_problem(err: &walkdir::Error) -> String {
    let path = err
        .path()
        .map(|path| path.display().to_string())
        .unwrap_or_default();
    if let Some(ancestor) = err.loop_ancestor() {
        return format!(
            "{path}: symbolic link loop back to {}; not followed",
            ancestor.display()
        );
    }
    match err.io_error() {
        Some(io_err) => format!("{path}: cannot read: {io_err}"),
        None => format!("{path}: {err}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_names_are_tidy_paths() {
        for path in [
            "archive/x.md",
            "./archive/x.md",
            "archive/./2020//x.md",
            "archive/",
            "/srv/./news/../x.md",
            "/srv/news/x.md",
            ".",
            "",
            "/",
            "a\\b/./c.md",
            ".hidden/x.md",
        ] {
            let path = Path::new(path);
            assert_eq!(
                source_name(path),
                tidy(path).display().to_string(),
                "{path:?}"
            );
        }
        assert!(is_tidy("/srv/news/x.md") && is_tidy("archive/x.md"));
        assert!(!is_tidy("./x.md") && !is_tidy("a//b") && !is_tidy("a/") && !is_tidy(""));
    }

    #[test]
    fn paths_are_tidied_of_dot_components() {
        let tidied = |path: &str| tidy(Path::new(path)).display().to_string();
        assert_eq!(tidied("./archive/x.md"), "archive/x.md");
        assert_eq!(tidied("archive/./2020//x.md"), "archive/2020/x.md");
        assert_eq!(tidied("archive/"), "archive");
        assert_eq!(tidied("/srv/./news/../x.md"), "/srv/news/../x.md");
        assert_eq!(tidied("."), "");
        assert!(Path::new("archive/x.md").starts_with(tidy(Path::new("."))));
    }

    fn touch(path: &Path) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, "x").unwrap();
    }

    fn names(found: &Found, root: &Path) -> Vec<String> {
        found
            .files
            .iter()
            .map(|path| path.strip_prefix(root).unwrap().display().to_string())
            .collect()
    }

    #[test]
    fn folders_are_walked_sorted_with_only_issue_files() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        for name in [
            "b/2.md",
            "a.markdown",
            "b/1.txt",
            "b/3.mdx",
            "c.pdf",
            ".git/x.md",
            "b/.hidden.md",
            "index/meta.md",
            "z.MD",
        ] {
            touch(&root.join(name));
        }
        let found = issue_files(&[root.to_path_buf()], &root.join("index")).unwrap();
        assert_eq!(
            names(&found, root),
            ["a.markdown", "b/1.txt", "b/2.md", "b/3.mdx", "z.MD"]
        );
        let name = root.file_name().unwrap().to_string_lossy();
        assert!(found.newsletters.iter().all(|n| *n == name));
        assert!(found.problems.is_empty());
    }

    #[test]
    fn a_file_named_directly_is_taken_and_a_missing_path_is_an_error() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("issue.html");
        touch(&file);
        let found = issue_files(std::slice::from_ref(&file), Path::new("index")).unwrap();
        assert_eq!(found.files, [file]);
        assert_eq!(found.newsletters, [newsletter_name(tmp.path())]);
        let missing = tmp.path().join("nope");
        let err = issue_files(std::slice::from_ref(&missing), Path::new("index")).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "{} does not exist (or cannot be read); give the issue files or folders to ingest",
                missing.display()
            )
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_loop_is_reported_not_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("archive");
        touch(&root.join("sub/1.md"));
        std::os::unix::fs::symlink(&root, root.join("sub/loop")).unwrap();
        let found = issue_files(std::slice::from_ref(&root), Path::new("index")).unwrap();
        assert_eq!(names(&found, &root), ["sub/1.md"]);
        assert_eq!(found.problems.len(), 1);
        assert!(
            found.problems[0].contains("symbolic link loop"),
            "{:?}",
            found.problems
        );
    }
}
