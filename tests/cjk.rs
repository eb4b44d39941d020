//! End-to-end tests of Chinese and Japanese search: the real binary ingests `fixtures/cjk` (one
//! Chinese and one Japanese issue) and queries it; words inside sentences written without spaces
//! are found (overlapping bigrams), phrases keep their order, highlights fall on the right bytes.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{json, Value};

mod common;

const CRATE_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// The index of `fixtures/cjk`, built once per test binary by the real `ingest`.
fn index() -> &'static Path {
    static INDEX: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let tmp = tempfile::Builder::new()
            .prefix("cjk-")
            .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
            .unwrap()
            .keep();
        let index = tmp.join("index");
        common::on_index(&index)
            .arg("ingest")
            .arg(Path::new(CRATE_DIR).join("fixtures/cjk"))
            .assert()
            .success();
        index
    })
}

/// The exit code and the hits (JSON) of `backissues query --format json <args>`.
fn query(args: &[&str]) -> (i32, Vec<Value>) {
    let output = common::query(index(), &[&["--format", "json"], args].concat())
        .output()
        .unwrap();
    let code = output.status.code().unwrap();
    if code != 0 {
        return (code, Vec::new());
    }
    (code, serde_json::from_slice(&output.stdout).unwrap())
}

/// The sorted URLs that `query` finds for `args`.
fn urls(args: &[&str]) -> Vec<String> {
    let (_, hits) = query(args);
    let mut urls = common::urls(&hits);
    urls.sort();
    urls
}

#[test]
fn a_chinese_word_is_found_inside_a_sentence() {
    assert_eq!(
        urls(&["轮胎"]),
        [
            "https://example.cn/metal-tyres",
            "https://tools.example.cn/pressure"
        ]
    );
    assert_eq!(urls(&["金属轮胎"]), ["https://example.cn/metal-tyres"]);
    assert_eq!(urls(&["骑车"]), ["https://example.cn/commute"]);
    assert_eq!(urls(&["C++"]), ["https://example.cn/cpp"]);
}

#[test]
fn a_japanese_word_is_found_inside_a_sentence() {
    assert_eq!(urls(&["電波塔"]), ["https://example.jp/tokyo-tower"]);
    assert_eq!(urls(&["タワー"]), ["https://example.jp/tokyo-tower"]);
    assert_eq!(urls(&["検索エンジン"]), ["https://example.jp/rust-cli"]);
    assert_eq!(urls(&["rust"]), ["https://example.jp/rust-cli"]);
    assert_eq!(
        urls(&["ポインタ", "配列"]),
        ["https://example.jp/c-pointers"]
    );
}

#[test]
fn characters_in_another_order_are_not_a_match() {
    // 東京 holds 京, but no text holds 京都; 胎金 and 轮胎金属 are not in that order anywhere.
    assert_eq!(query(&["京都"]).0, 1);
    assert_eq!(query(&["轮胎金属"]).0, 1);
    assert_eq!(query(&["\"属金\""]).0, 1);
    assert_eq!(urls(&["\"金属轮胎\""]), ["https://example.cn/metal-tyres"]);
}

#[test]
fn overlapping_bigrams_are_highlighted_as_one_range_of_bytes() {
    // A list item's description is its whole line: the link text, then the editor's text.
    let (code, hits) = query(&["金属轮胎"]);
    assert_eq!(code, 0);
    let snippet = "自行车的“金属轮胎” - 一家公司发布了用于城市骑行的金属轮胎，不会被扎破。";
    assert_eq!(hits[0]["snippet"], snippet);
    // `金属`, `属轮` and `轮胎` overlap: one range per occurrence, on UTF-8 byte offsets.
    assert_eq!(hits[0]["highlights"], json!([[15, 27], [75, 87]]));
    assert_eq!(&snippet[15..27], "金属轮胎");
    assert_eq!(&snippet[75..87], "金属轮胎");

    let (code, hits) = query(&["タワー"]);
    assert_eq!(code, 0);
    let snippet = "東京タワーの歴史 - 東京タワーは放送用の電波塔として建てられました。";
    assert_eq!(hits[0]["snippet"], snippet);
    assert_eq!(hits[0]["highlights"], json!([[6, 15], [33, 42]]));
    assert_eq!(&snippet[33..42], "タワー");
}

#[test]
fn a_table_shows_the_cjk_snippet() {
    let output = Command::cargo_bin("backissues")
        .unwrap()
        .arg("--index")
        .arg(index())
        .args(["query", "--color", "never", "電波塔"])
        .env("COLUMNS", "200")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let table = String::from_utf8(output.stdout).unwrap();
    assert!(
        table.contains("東京タワーは放送用の電波塔として建てられました。"),
        "{table}"
    );
}
