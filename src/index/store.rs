//! Opening and creating index folders, with checks that turn every bad state (missing, empty, not
//! an index, another schema version, damaged metadata, a writer already running) into a message a
//! person can act on. Readers use [`open_existing`]; ingest uses [`open_for_writing`].

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context};
use tantivy::directory::error::LockError;
use tantivy::directory::{Directory, MmapDirectory, INDEX_WRITER_LOCK};
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::{Index, IndexReader, IndexSettings, IndexWriter, ReloadPolicy, TantivyError};

use super::analyzer;
use super::queue::QueuedDoc;
use super::schema::{build_schema, SCHEMA_VERSION};

/// Name of the small file, written when an index is created, that records [`SCHEMA_VERSION`].
pub const VERSION_FILE: &str = "backissues-version";

/// Suffix of the temporary file the version file is written to before it is renamed into place.
const VERSION_TEMP_SUFFIX: &str = ".tmp";

/// Tantivy's own metadata file: its presence marks a Tantivy index.
const META_FILE: &str = "meta.json";

/// Tantivy's list of the files it manages (removed with the index on a rebuild).
const MANAGED_FILE: &str = ".managed.json";

/// Memory budget of the index writer: bounded whatever the archive size. Each indexing thread
/// fills a segment with its share; at 128 MiB a 1M-link archive ends in 7 or 8 segments, so no
/// merge is needed (at 64 MiB it made 20, and merging them took a third of the ingest), for a peak
/// RSS of about 270 MB (measured: 1M links, 2 cores; 256 MiB would pass 400 MB).
pub const WRITER_HEAP_BYTES: usize = 128 * 1024 * 1024;

/// The advice that ends every message about an index that exists but cannot be used.
const REBUILD_ADVICE: &str = "run `backissues ingest --rebuild PATH`";

/// What an index folder path currently holds.
#[derive(Debug, PartialEq, Eq)]
enum Layout {
    /// Nothing at that path.
    Missing,
    /// A file (or something else that is not a folder).
    NotAFolder,
    /// An empty folder (lock files aside).
    Empty,
    /// A folder with an index's metadata or version file.
    Index,
    /// A folder with other things in it.
    Foreign,
}

/// Looks at `dir` without changing anything.
fn inspect(dir: &Path) -> anyhow::Result<Layout> {
    let metadata = match fs::metadata(dir) {
        Ok(metadata) => metadata,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Layout::Missing),
        Err(err) => return Err(unusable(dir, &err)),
    };
    if !metadata.is_dir() {
        return Ok(Layout::NotAFolder);
    }
    let entries = fs::read_dir(dir).map_err(|err| unusable(dir, &err))?;
    let mut empty = true;
    for entry in entries {
        let entry = entry.map_err(|err| unusable(dir, &err))?;
        let name = entry.file_name();
        if name == META_FILE || name == VERSION_FILE {
            return Ok(Layout::Index);
        }
        if !is_neutral(&name.to_string_lossy()) {
            empty = false;
        }
    }
    Ok(if empty {
        Layout::Empty
    } else {
        Layout::Foreign
    })
}

/// True for entries that say nothing about what a folder holds: hidden files (Tantivy's lock
/// files, the `.gitignore` that keeps the default `index/` folder in a repository), a version
/// file being written, and what `ingest URL` keeps before the index exists (the web cache, the
/// remembered sources). A folder holding only these counts as empty.
fn is_neutral(name: &str) -> bool {
    name.starts_with('.')
        || is_version_temporary(name)
        || name == crate::fetch::cache::CACHE_DIR
        || name == crate::crawl::sources::SOURCES_FILE
}

/// Opens an existing index for reading (queries, stats). Never creates anything.
///
/// Errors: a missing or empty folder says to run `backissues ingest PATH` first; a file, a folder
/// that is not a backissues index, another schema version or damaged metadata says to rebuild.
pub fn open_existing(dir: &Path) -> anyhow::Result<Index> {
    open_if_present(dir)?.ok_or_else(|| {
        anyhow!(
            "no index at {}: run `backissues ingest PATH` first",
            dir.display()
        )
    })
}

/// Like [`open_existing`], with the reader the checks opened (every segment opened once, no
/// reload thread): what `query` and `stats` search with.
pub fn open_for_reading(dir: &Path) -> anyhow::Result<(Index, IndexReader)> {
    match inspect(dir)? {
        Layout::Missing | Layout::Empty => Err(anyhow!(
            "no index at {}: run `backissues ingest PATH` first",
            dir.display()
        )),
        Layout::NotAFolder => Err(not_a_folder(dir)),
        Layout::Foreign => Err(foreign_folder(dir)),
        Layout::Index => open_checked_with_reader(dir),
    }
}

/// Like [`open_existing`], but a missing or empty folder is `None` (nothing indexed yet) rather
/// than an error: for `ingest --dry-run`, which reads the index without creating it.
pub fn open_if_present(dir: &Path) -> anyhow::Result<Option<Index>> {
    match inspect(dir)? {
        Layout::Missing | Layout::Empty => Ok(None),
        Layout::NotAFolder => Err(not_a_folder(dir)),
        Layout::Foreign => Err(foreign_folder(dir)),
        Layout::Index => open_checked(dir).map(Some),
    }
}

/// An index opened for writing: the index and its writer, which holds the folder's lock until it
/// is dropped.
pub struct WritableIndex {
    /// The opened (or newly created) index.
    pub index: Index,
    /// The one writer of this index; holds the lock.
    pub writer: IndexWriter<QueuedDoc>,
}

/// Opens the index at `dir` for writing, creating the folder and the index on first use.
///
/// With `rebuild`, the writer starts from an empty index: a usable index has all its documents
/// deleted (taking effect at the next commit, so an interrupted rebuild leaves the old index), and
/// an index of another version or with damaged metadata is removed and created anew. A folder
/// that holds anything other than an index is never touched.
pub fn open_for_writing(dir: &Path, rebuild: bool) -> anyhow::Result<WritableIndex> {
    match inspect(dir)? {
        Layout::NotAFolder => Err(not_a_folder(dir)),
        Layout::Foreign => Err(foreign_folder(dir)),
        Layout::Missing => {
            fs::create_dir_all(dir).map_err(|err| unwritable(dir, &err))?;
            create(dir)
        }
        Layout::Empty => create(dir),
        Layout::Index if is_unfinished_creation(dir) => create(dir),
        Layout::Index if !rebuild => {
            let index = open_checked(dir)?;
            let writer = writer_for(&index, dir)?;
            Ok(WritableIndex { index, writer })
        }
        Layout::Index => match open_checked(dir) {
            Ok(index) => {
                let writer = writer_for(&index, dir)?;
                writer
                    .delete_all_documents()
                    .context("cannot clear the index for --rebuild")?;
                Ok(WritableIndex { index, writer })
            }
            Err(_) => {
                remove_index_files(dir)?;
                create(dir)
            }
        },
    }
}

/// True when a previous run was stopped between writing the version file and creating the index.
fn is_unfinished_creation(dir: &Path) -> bool {
    !dir.join(META_FILE).exists()
        && read_version(dir).is_ok_and(|version| version == SCHEMA_VERSION)
}

/// Opens a folder that looks like an index, checking the version file and the schema.
fn open_checked(dir: &Path) -> anyhow::Result<Index> {
    open_checked_with_reader(dir).map(|(index, _)| index)
}

/// [`open_checked`], keeping the reader that opened every segment.
fn open_checked_with_reader(dir: &Path) -> anyhow::Result<(Index, IndexReader)> {
    let version = read_version(dir)?;
    if version != SCHEMA_VERSION {
        bail!(
            "the index at {} was made by another version of backissues (index format {version}, \
             this program reads format {SCHEMA_VERSION}); {REBUILD_ADVICE}",
            dir.display()
        );
    }
    if !dir.join(META_FILE).is_file() {
        bail!(
            "the index at {} is incomplete (no {META_FILE}); {REBUILD_ADVICE}",
            dir.display()
        );
    }
    let index = Index::open_in_dir(dir).map_err(|err| {
        anyhow!(
            "the index at {} cannot be opened, it looks damaged ({}); {REBUILD_ADVICE}",
            dir.display(),
            one_line(&err.to_string())
        )
    })?;
    analyzer::register(&index);
    if index.schema() != build_schema() {
        bail!(
            "the index at {} has fields this version of backissues does not expect; {REBUILD_ADVICE}",
            dir.display()
        );
    }
    let reader = check_segments(&index, dir)?;
    Ok((index, reader))
}

/// Opens every segment the metadata lists (returning the reader), so a missing or unreadable
/// segment file is reported as damage (with what to do) instead of surfacing later as a raw Tantivy error.
fn check_segments(index: &Index, dir: &Path) -> anyhow::Result<IndexReader> {
    let opened: Result<IndexReader, _> = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into();
    opened.map_err(|err| {
        anyhow!(
            "the index at {} cannot be read, it looks damaged ({}); {REBUILD_ADVICE}",
            dir.display(),
            one_line(&err.to_string())
        )
    })
}

/// Reads the schema version recorded in the folder's version file.
fn read_version(dir: &Path) -> anyhow::Result<u32> {
    let path = dir.join(VERSION_FILE);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == io::ErrorKind::NotFound => bail!(
            "{} holds an index that backissues did not make (no {VERSION_FILE} file); {REBUILD_ADVICE}",
            dir.display()
        ),
        Err(err) => bail!(
            "cannot read {}: {err}; {REBUILD_ADVICE}",
            path.display()
        ),
    };
    text.trim().parse().map_err(|_| {
        anyhow!(
            "the version file {} is damaged; {REBUILD_ADVICE}",
            path.display()
        )
    })
}

/// Creates a new index in an existing, empty folder: the version file first, then Tantivy's files.
fn create(dir: &Path) -> anyhow::Result<WritableIndex> {
    write_version_file(dir)?;
    let index = Index::builder()
        .settings(index_settings())
        .schema(build_schema())
        .create_in_dir(dir)
        .map_err(|err| match err {
            TantivyError::IndexAlreadyExists => lock_failure(dir, &LockError::LockBusy),
            other => anyhow!(
                "cannot create an index in {}: {}",
                dir.display(),
                one_line(&other.to_string())
            ),
        })?;
    analyzer::register(&index);
    let writer = writer_for(&index, dir)?;
    Ok(WritableIndex { index, writer })
}

/// Writes the version file atomically (a temporary file renamed over it), so a concurrent
/// `ingest` or `query` never reads it half-written.
fn write_version_file(dir: &Path) -> anyhow::Result<()> {
    let temporary = dir.join(format!(
        "{VERSION_FILE}.{}{VERSION_TEMP_SUFFIX}",
        std::process::id()
    ));
    fs::write(&temporary, format!("{SCHEMA_VERSION}\n")).map_err(|err| unwritable(dir, &err))?;
    fs::rename(&temporary, dir.join(VERSION_FILE)).map_err(|err| unwritable(dir, &err))
}

/// True for a version file being written (or left behind by a run killed while writing it).
fn is_version_temporary(name: &str) -> bool {
    name.starts_with(VERSION_FILE) && name.ends_with(VERSION_TEMP_SUFFIX)
}

/// Settings of a new index: the document store is compressed with zstd at level 1 in 8 KiB
/// blocks. Every hit shown opens one block, so blocks stay small; zstd rather than LZ4 for the
/// index's size. 1M-link corpus (store MB, index/corpus, time to read one stored link, 1M first
/// hit): LZ4 16 KiB 164 MB, 1.09x, ~4 µs, 4.2 ms; zstd 16 KiB 116 MB, 0.935x, ~41 µs, 4.6 ms;
/// zstd 8 KiB 0.957-0.966x, ~28 µs (a zstd context is created per block read, about half the cost);
/// LZ4 64 KiB 151 MB. Level 1: higher levels gained little on text this size and cost ingest
/// time on the store's compressing thread.
fn index_settings() -> IndexSettings {
    IndexSettings {
        docstore_compression: Compressor::Zstd(ZstdCompressor {
            compression_level: Some(1),
        }),
        docstore_blocksize: 8 * 1024,
        ..IndexSettings::default()
    }
}

/// Takes the index's writer (and so its lock), turning lock failures into clear messages.
fn writer_for(index: &Index, dir: &Path) -> anyhow::Result<IndexWriter<QueuedDoc>> {
    index.writer(WRITER_HEAP_BYTES).map_err(|err| match err {
        TantivyError::LockFailure(lock, _) => lock_failure(dir, &lock),
        other => anyhow!(
            "cannot write to the index at {}: {}",
            dir.display(),
            one_line(&other.to_string())
        ),
    })
}

/// Removes an unusable index (another version, damaged metadata) while holding the writer lock,
/// so a running ingest is never disturbed. Only Tantivy's files and the version file go; anything
/// else in the folder stays.
fn remove_index_files(dir: &Path) -> anyhow::Result<()> {
    let directory = MmapDirectory::open(dir)
        .map_err(|err| anyhow!("cannot open the index folder {}: {err}", dir.display()))?;
    let _lock = directory
        .acquire_lock(&INDEX_WRITER_LOCK)
        .map_err(|err| lock_failure(dir, &err))?;
    for path in index_files(dir)? {
        fs::remove_file(&path).map_err(|err| unwritable(dir, &err))?;
    }
    Ok(())
}

/// The files of the index in `dir`: metadata, version file and segment files.
fn index_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let entries = fs::read_dir(dir).map_err(|err| unusable(dir, &err))?;
    for entry in entries {
        let entry = entry.map_err(|err| unusable(dir, &err))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let is_file = entry.file_type().is_ok_and(|kind| kind.is_file());
        if is_file
            && (name == META_FILE
                || name == MANAGED_FILE
                || name == VERSION_FILE
                || is_version_temporary(&name)
                || is_segment_file(&name))
        {
            files.push(entry.path());
        }
    }
    Ok(files)
}

/// True for Tantivy segment file names: 32 hex digits, a dot, an extension.
fn is_segment_file(name: &str) -> bool {
    name.split_once('.')
        .is_some_and(|(stem, _)| stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The message for a lock that cannot be taken.
fn lock_failure(dir: &Path, err: &LockError) -> anyhow::Error {
    match err {
        LockError::LockBusy => anyhow!(
            "the index at {} is being written by another process (another `backissues ingest`?); \
             try again when it finishes",
            dir.display()
        ),
        LockError::IoError(io_err) => unwritable(dir, io_err),
    }
}

/// The message for an index folder that cannot be written.
fn unwritable(dir: &Path, err: &io::Error) -> anyhow::Error {
    anyhow!(
        "cannot write to the index folder {}: {err}; check its permissions or choose another folder with --index",
        dir.display()
    )
}

/// The message for an index folder that cannot even be looked at.
fn unusable(dir: &Path, err: &io::Error) -> anyhow::Error {
    anyhow!(
        "cannot use {} as the index folder: {err}; check the path and its permissions, or choose another folder with --index",
        dir.display()
    )
}

/// The message for an index path that is a file.
fn not_a_folder(dir: &Path) -> anyhow::Error {
    anyhow!(
        "{} is a file, not an index folder; point --index at an index folder, or at a new one and {REBUILD_ADVICE}",
        dir.display()
    )
}

/// The message for a folder that holds other things than an index.
fn foreign_folder(dir: &Path) -> anyhow::Error {
    anyhow!(
        "{} is not a backissues index (it holds other files, which are left alone); point --index \
         at an index folder, or at a new one and {REBUILD_ADVICE}",
        dir.display()
    )
}

/// Tantivy's error texts can span lines; a message stays on one.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(result: anyhow::Result<Index>) -> String {
        format!("{:#}", result.expect_err("an error"))
    }

    #[test]
    fn a_missing_or_empty_folder_says_to_ingest_first() {
        let tmp = tempfile::tempdir().unwrap();
        let missing = tmp.path().join("index");
        assert_eq!(
            message(open_existing(&missing)),
            format!(
                "no index at {}: run `backissues ingest PATH` first",
                missing.display()
            )
        );
        assert_eq!(
            message(open_existing(tmp.path())),
            format!(
                "no index at {}: run `backissues ingest PATH` first",
                tmp.path().display()
            )
        );
    }

    #[test]
    fn a_created_index_opens_with_the_stemming_tokenizer() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("index");
        drop(open_for_writing(&dir, false).unwrap());
        assert_eq!(
            fs::read_to_string(dir.join(VERSION_FILE)).unwrap(),
            format!("{SCHEMA_VERSION}\n")
        );
        let index = open_existing(&dir).unwrap();
        assert!(index
            .tokenizers()
            .get(super::super::schema::TEXT_TOKENIZER)
            .is_some());
    }

    #[test]
    fn a_version_file_left_half_written_by_a_killed_run_does_not_block_creation() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("index");
        fs::create_dir(&dir).unwrap();
        fs::write(
            dir.join(format!("{VERSION_FILE}.4242{VERSION_TEMP_SUFFIX}")),
            "",
        )
        .unwrap();
        assert!(open_existing(&dir).is_err_and(|err| err.to_string().starts_with("no index at")));
        drop(open_for_writing(&dir, false).unwrap());
        open_existing(&dir).unwrap();
        let leftovers: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| is_version_temporary(name) && !name.contains("4242"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    /// Readers are refused with `expected` and the rebuild advice; `--rebuild` makes it usable.
    fn assert_refused_until_rebuilt(dir: &Path, expected: &str) {
        let text = message(open_existing(dir));
        assert!(text.contains(expected), "{text}");
        assert!(text.ends_with(REBUILD_ADVICE), "{text}");
        drop(open_for_writing(dir, true).unwrap());
        open_existing(dir).unwrap();
    }

    #[test]
    fn another_version_says_to_rebuild_and_rebuild_fixes_it() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("index");
        drop(open_for_writing(&dir, false).unwrap());
        fs::write(dir.join(VERSION_FILE), "999\n").unwrap();
        assert!(open_for_writing(&dir, false).is_err());
        assert_refused_until_rebuilt(&dir, "index format 999");
    }

    #[test]
    fn truncated_metadata_says_to_rebuild() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("index");
        drop(open_for_writing(&dir, false).unwrap());
        let meta = fs::read(dir.join(META_FILE)).unwrap();
        fs::write(dir.join(META_FILE), &meta[..meta.len() / 2]).unwrap();
        assert_refused_until_rebuilt(&dir, "looks damaged");
    }

    #[test]
    fn a_folder_holding_only_hidden_files_is_empty_and_they_are_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("index");
        fs::create_dir(&dir).unwrap();
        fs::write(dir.join(".gitignore"), "*\n!.gitignore\n").unwrap();
        assert!(message(open_existing(&dir)).starts_with("no index at"));
        drop(open_for_writing(&dir, false).unwrap());
        open_existing(&dir).unwrap();
        drop(open_for_writing(&dir, true).unwrap());
        assert_eq!(
            fs::read_to_string(dir.join(".gitignore")).unwrap(),
            "*\n!.gitignore\n"
        );
    }

    #[test]
    fn a_file_or_a_foreign_folder_is_refused_and_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("index");
        fs::write(&file, "not an index").unwrap();
        assert!(message(open_existing(&file)).contains("is a file, not an index folder"));
        assert!(open_for_writing(&file, true).is_err());

        let foreign = tmp.path().join("docs");
        fs::create_dir(&foreign).unwrap();
        fs::write(foreign.join("notes.txt"), "mine").unwrap();
        assert!(message(open_existing(&foreign)).contains("is not a backissues index"));
        assert!(open_for_writing(&foreign, true).is_err());
        assert_eq!(
            fs::read_to_string(foreign.join("notes.txt")).unwrap(),
            "mine"
        );
    }

    #[test]
    fn a_missing_segment_file_says_to_rebuild() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("index");
        let mut writable = open_for_writing(&dir, false).unwrap();
        let in_flight = crate::index::queue::InFlight::new();
        for document in in_flight.admit(vec![tantivy::TantivyDocument::default()]) {
            writable.writer.add_document(document).unwrap();
        }
        writable.writer.commit().unwrap();
        drop(writable);
        let term_file = fs::read_dir(&dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .find(|path| path.extension().is_some_and(|ext| ext == "term"))
            .unwrap();
        fs::remove_file(&term_file).unwrap();
        assert_refused_until_rebuilt(&dir, "looks damaged");
    }

    #[test]
    fn a_tantivy_index_without_version_file_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("index");
        drop(open_for_writing(&dir, false).unwrap());
        fs::remove_file(dir.join(VERSION_FILE)).unwrap();
        let text = message(open_existing(&dir));
        assert!(text.contains("backissues did not make"), "{text}");
    }

    #[test]
    fn a_second_writer_is_told_the_index_is_busy() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("index");
        let first = open_for_writing(&dir, false).unwrap();
        let err = open_for_writing(&dir, false).err().expect("busy");
        assert_eq!(
            format!("{err:#}"),
            format!(
                "the index at {} is being written by another process (another `backissues ingest`?); try again when it finishes",
                dir.display()
            )
        );
        drop(first);
        drop(open_for_writing(&dir, false).unwrap());
    }

    #[test]
    fn a_creation_stopped_after_the_version_file_is_completed() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("index");
        fs::create_dir(&dir).unwrap();
        fs::write(dir.join(VERSION_FILE), format!("{SCHEMA_VERSION}\n")).unwrap();
        assert!(message(open_existing(&dir)).contains("is incomplete"));
        drop(open_for_writing(&dir, false).unwrap());
        open_existing(&dir).unwrap();
    }

    #[test]
    fn segment_file_names_are_recognised() {
        assert!(is_segment_file("0123456789abcdef0123456789abcdef.idx"));
        assert!(is_segment_file("0123456789abcdef0123456789abcdef.12.del"));
        assert!(!is_segment_file("notes.txt"));
    }
}
