//! The incremental-sync policy of `ingest`, as pure decisions: which files are unchanged, which
//! indexed sources a file replaces, which file holds an issue found in two files, which indexed
//! sources are stale. No Tantivy and no I/O: the caller reads files and writes the index, and this
//! module says what to write and keeps the counts of the summary line.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::{Component, Path, PathBuf};

use crate::index::sources::{IndexedSource, IssueKey};
use crate::model::day;
use crate::walk::{containers_of, source_name, tidy};

/// What a run did, for the summary line and the exit code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Files read: issue files, feed files, mailbox files and each message file of a Maildir.
    pub read: usize,
    /// Feed entries read (each one an issue of its own).
    pub entries: usize,
    /// Mail messages read, personal ones included (each newsletter one an issue of its own).
    pub messages: usize,
    /// Files whose documents were added (new paths).
    pub added: usize,
    /// Files whose documents replaced older ones (changed content).
    pub replaced: usize,
    /// Files skipped because their content is already indexed.
    pub unchanged: usize,
    /// Files (or walk entries) skipped with an error.
    pub errors: usize,
    /// Files skipped or removed because a later path holds the same issue.
    pub duplicates: usize,
    /// Copies of a message met earlier in the run (same key), kept once: counted when the first
    /// copy is new or changed.
    pub duplicate_messages: usize,
    /// Indexed files removed by `--prune`.
    pub pruned: usize,
    /// Indexed files no longer found under the paths, kept because `--prune` was not given.
    pub missing: usize,
    /// Issues added or replaced without a date.
    pub undated: usize,
    /// Personal messages skipped (privacy; `--all-mail` takes them).
    pub personal: usize,
}

impl Counts {
    /// Files that are, after this run, represented in the index.
    pub fn ingested_or_unchanged(&self) -> usize {
        self.added + self.replaced + self.unchanged + self.duplicates
    }
}

/// Two files hold the same issue: the later path is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The issue both files hold.
    pub issue: IssueKey,
    /// The file kept (the later path).
    pub kept: String,
    /// The file left out.
    pub dropped: String,
}

impl fmt::Display for Duplicate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let of_date = self
            .issue
            .date
            .map(|date| format!(" of {}", day::format(date)))
            .unwrap_or_default();
        write!(
            f,
            "{}: issue {}{of_date} is also in {}; keeping {} (the later path)",
            self.dropped, self.issue.number, self.kept, self.kept
        )
    }
}

/// A new or changed file, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedFile {
    /// The file's content hash.
    pub hash: u64,
    /// The newsletter it is ingested as.
    pub newsletter: String,
    /// The issue it holds, when the issue has a number.
    pub issue: Option<IssueKey>,
    /// Its number of link documents.
    pub docs: u64,
    /// True when the issue has a date.
    pub dated: bool,
}

/// What the index must do for one accepted file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Sources whose documents are deleted (at commit).
    pub delete: Vec<String>,
    /// True when the file's new documents are added.
    pub add: bool,
    /// The same issue in two files, for a warning.
    pub duplicate: Option<Duplicate>,
}

/// The sync state of one run: what the index holds (or will hold at commit) and the counts.
#[derive(Debug)]
pub struct Policy {
    /// What the index holds (or will hold at commit), by source path.
    indexed: BTreeMap<String, IndexedSource>,
    /// Which source holds each numbered issue.
    owners: HashMap<IssueKey, String>,
    /// True once anything was added or deleted.
    changed: bool,
    counts: Counts,
}

impl Policy {
    /// Starts from what the index holds (nothing, for `--rebuild`).
    pub fn new(indexed: BTreeMap<String, IndexedSource>) -> Self {
        let owners = indexed
            .iter()
            .filter_map(|(source, known)| Some((known.issue.clone()?, source.clone())))
            .collect();
        Self {
            indexed,
            owners,
            changed: false,
            counts: Counts::default(),
        }
    }

    /// The counts so far.
    pub fn counts(&self) -> &Counts {
        &self.counts
    }

    /// True once the run has anything to commit.
    pub fn changed(&self) -> bool {
        self.changed
    }

    /// The number of documents the index holds after the run, as far as this policy knows.
    pub fn docs(&self) -> u64 {
        self.indexed.values().map(|known| known.docs).sum()
    }

    /// Records a file read (whatever comes of it).
    pub fn read(&mut self) {
        self.counts.read += 1;
    }

    /// Records a feed entry read (whatever comes of it).
    pub fn entry(&mut self) {
        self.counts.entries += 1;
    }

    /// Records a mail message read (whatever comes of it).
    pub fn message(&mut self) {
        self.counts.messages += 1;
    }

    /// Records a file (or walk entry) skipped with an error.
    pub fn error(&mut self) {
        self.counts.errors += 1;
    }

    /// The newsletter `source` is indexed as, if it is indexed.
    pub fn newsletter_of(&self, source: &str) -> Option<&str> {
        self.indexed
            .get(source)
            .map(|known| known.newsletter.as_str())
    }

    /// The content hash `source` is indexed with, if it is indexed.
    pub fn indexed_hash(&self, source: &str) -> Option<u64> {
        self.indexed.get(source).and_then(|known| known.hash)
    }

    /// The content hashes of the indexed parts of `container` (see [`crate::parse::part_source`]),
    /// by source.
    pub fn part_hashes(&self, container: &str) -> HashMap<String, u64> {
        let prefix = format!("{container}#");
        self.indexed
            .range(prefix.clone()..)
            .take_while(|(source, _)| source.starts_with(&prefix))
            .filter_map(|(source, known)| Some((source.clone(), known.hash?)))
            .collect()
    }

    /// True when `source` is indexed with the content hash `hash`.
    pub fn is_unchanged(&self, source: &str, hash: u64) -> bool {
        self.indexed
            .get(source)
            .is_some_and(|known| known.hash == Some(hash))
    }

    /// Records an unchanged file.
    pub fn unchanged(&mut self) {
        self.counts.unchanged += 1;
    }

    /// Records a personal message skipped.
    pub fn personal(&mut self) {
        self.counts.personal += 1;
    }

    /// Records a message skipped because this run met its key before.
    pub fn duplicate_message(&mut self) {
        self.counts.duplicate_messages += 1;
    }

    /// The indexed sources under `roots` (paths as given) that the walk no longer found
    /// (`walked`; a part of a walked container counts as found here, and is judged by
    /// [`Policy::stale_parts`]). With `prune` they are removed and returned for deletion;
    /// otherwise only counted, and nothing is returned.
    pub fn stale(&mut self, roots: &[PathBuf], walked: &[PathBuf], prune: bool) -> Vec<String> {
        let walked: HashSet<String> = walked.iter().map(|path| source_name(path)).collect();
        let roots: Vec<PathBuf> = roots.iter().map(|root| tidy(root)).collect();
        let found = |source: &str| {
            walked.contains(source) || containers_of(source).any(|c| walked.contains(c))
        };
        let stale: Vec<String> = self
            .indexed
            .keys()
            .filter(|source| !found(source))
            .filter(|source| roots.iter().any(|root| is_under(Path::new(source), root)))
            .cloned()
            .collect();
        self.drop_stale(stale, prune)
    }

    /// The indexed parts of the containers read this run (`containers`) that were not among
    /// their parts (`seen`): a message deleted from a mailbox, an entry that dropped off a feed.
    /// The one rule for both: like a missing file, counted as missing and kept, removed (and
    /// returned for deletion) only with `prune`. A container that could not be read is not in
    /// `containers`, so its parts are never judged on a failed read.
    pub fn stale_parts(
        &mut self,
        containers: &HashSet<String>,
        seen: &HashSet<String>,
        prune: bool,
    ) -> Vec<String> {
        let stale: Vec<String> = self
            .indexed
            .keys()
            .filter(|source| !seen.contains(*source))
            .filter(|source| containers_of(source).any(|c| containers.contains(c)))
            .cloned()
            .collect();
        self.drop_stale(stale, prune)
    }

    /// Counts `stale` as missing, or with `prune` removes it and returns it for deletion.
    fn drop_stale(&mut self, stale: Vec<String>, prune: bool) -> Vec<String> {
        if !prune {
            self.counts.missing += stale.len();
            return Vec::new();
        }
        for source in &stale {
            self.remove(source);
        }
        self.counts.pruned += stale.len();
        stale
    }

    /// Accepts a new or changed file: its old documents go, and its new ones come in unless a
    /// later path holds the same numbered issue.
    pub fn accept(&mut self, source: &str, file: ParsedFile) -> Changes {
        let ParsedFile {
            hash,
            newsletter,
            issue,
            docs,
            dated,
        } = file;
        let mut changes = Changes::default();
        let was_indexed = self.remove(source);
        if was_indexed {
            changes.delete.push(source.to_string());
        }
        if let Some(key) = &issue {
            let (wins, duplicate, removed) = self.claim(key, source);
            changes.duplicate = duplicate;
            changes.delete.extend(removed);
            if !wins {
                return changes;
            }
        }
        self.changed = true;
        changes.add = true;
        self.indexed.insert(
            source.to_string(),
            IndexedSource {
                hash: Some(hash),
                issue,
                docs,
                newsletter,
            },
        );
        if was_indexed {
            self.counts.replaced += 1;
        } else {
            self.counts.added += 1;
        }
        if !dated {
            self.counts.undated += 1;
        }
        changes
    }

    /// Decides which file holds a numbered issue: the later path. Returns whether `source`
    /// wins, the duplicate (if any) and the earlier source removed when `source` wins.
    fn claim(&mut self, key: &IssueKey, source: &str) -> (bool, Option<Duplicate>, Option<String>) {
        let Some(owner) = self.owners.get(key).cloned() else {
            self.owners.insert(key.clone(), source.to_string());
            return (true, None, None);
        };
        if owner == source {
            return (true, None, None);
        }
        self.counts.duplicates += 1;
        let (kept, dropped) = if owner.as_str() > source {
            (owner.clone(), source.to_string())
        } else {
            (source.to_string(), owner.clone())
        };
        let duplicate = Duplicate {
            issue: key.clone(),
            kept,
            dropped,
        };
        if duplicate.kept == owner {
            return (false, Some(duplicate), None);
        }
        let removed = self.remove(&owner).then_some(owner);
        self.owners.insert(key.clone(), source.to_string());
        (true, Some(duplicate), removed)
    }

    /// Forgets a source's documents; returns whether it had any (the caller deletes them).
    fn remove(&mut self, source: &str) -> bool {
        let Some(known) = self.indexed.remove(source) else {
            return false;
        };
        if let Some(key) = known.issue {
            if self.owners.get(&key).is_some_and(|owner| owner == source) {
                self.owners.remove(&key);
            }
        }
        self.changed = true;
        true
    }
}

/// True when the source path `source` lies under the tidied root `root`. The empty root (`.`)
/// holds every relative path that does not climb out of it with `..` (an archive ingested as
/// `../other` is not under `.`).
fn is_under(source: &Path, root: &Path) -> bool {
    if root.as_os_str().is_empty() {
        return source.is_relative() && source.components().next() != Some(Component::ParentDir);
    }
    source.starts_with(root)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(number: u64) -> IssueKey {
        IssueKey {
            newsletter: "weekly".into(),
            number,
            date: day::parse("2020-11-08"),
        }
    }

    fn file(hash: u64, issue: Option<IssueKey>, docs: u64) -> ParsedFile {
        ParsedFile {
            hash,
            newsletter: "weekly".into(),
            issue,
            docs,
            dated: true,
        }
    }

    fn indexed(entries: &[(&str, u64, Option<u64>)]) -> BTreeMap<String, IndexedSource> {
        entries
            .iter()
            .map(|(source, hash, number)| {
                (
                    source.to_string(),
                    IndexedSource {
                        hash: Some(*hash),
                        issue: number.map(key),
                        docs: 2,
                        newsletter: "weekly".into(),
                    },
                )
            })
            .collect()
    }

    #[test]
    fn unchanged_new_and_changed_files() {
        let mut policy = Policy::new(indexed(&[("a.md", 1, None)]));
        assert!(policy.is_unchanged("a.md", 1));
        assert!(!policy.is_unchanged("a.md", 2));
        assert!(!policy.is_unchanged("b.md", 1));
        let changes = policy.accept("a.md", file(2, None, 3));
        assert_eq!(
            changes,
            Changes {
                delete: vec!["a.md".into()],
                add: true,
                duplicate: None
            }
        );
        let changes = policy.accept("b.md", file(5, None, 4));
        assert_eq!(changes.delete, Vec::<String>::new());
        assert!(changes.add);
        assert_eq!((policy.counts().replaced, policy.counts().added), (1, 1));
        assert_eq!(policy.docs(), 7);
        assert!(policy.changed());
        let undated = ParsedFile {
            dated: false,
            ..file(6, None, 1)
        };
        policy.accept("c.md", undated);
        assert_eq!(policy.counts().undated, 1);
    }

    #[test]
    fn the_later_path_keeps_a_numbered_issue() {
        let mut policy = Policy::new(indexed(&[("b.md", 1, Some(7))]));
        let changes = policy.accept("a.md", file(2, Some(key(7)), 1));
        assert!(!changes.add);
        let duplicate = changes.duplicate.unwrap();
        assert_eq!(
            (duplicate.kept.as_str(), duplicate.dropped.as_str()),
            ("b.md", "a.md")
        );
        assert_eq!(
            duplicate.to_string(),
            "a.md: issue 7 of 2020-11-08 is also in b.md; keeping b.md (the later path)"
        );
        let changes = policy.accept("c.md", file(3, Some(key(7)), 1));
        assert!(changes.add);
        assert_eq!(changes.delete, ["b.md"]);
        assert_eq!(policy.counts().duplicates, 2);
        assert_eq!(policy.docs(), 1);
    }

    #[test]
    fn stale_sources_are_counted_or_pruned_only_under_the_roots() {
        let entries = [
            ("archive/a.md", 1, None),
            ("archive/b.md", 1, None),
            ("other/c.md", 1, None),
            ("../elsewhere/d.md", 1, None),
        ];
        let roots = [PathBuf::from("./archive")];
        let walked = [PathBuf::from("archive/a.md")];
        let mut policy = Policy::new(indexed(&entries));
        assert!(policy.stale(&roots, &walked, false).is_empty());
        assert_eq!(policy.counts().missing, 1);
        assert!(!policy.changed());
        let mut policy = Policy::new(indexed(&entries));
        assert_eq!(policy.stale(&roots, &walked, true), ["archive/b.md"]);
        assert_eq!(policy.counts().pruned, 1);
        let mut policy = Policy::new(indexed(&entries));
        let dot = [PathBuf::from(".")];
        assert_eq!(
            policy.stale(&dot, &walked, true),
            ["archive/b.md", "other/c.md"]
        );
    }
}
