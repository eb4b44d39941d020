//! A page read alone, as the page-family suites compare it: its documents as
//! (section, url, title, description) rows, and the fixture texts they read.

use std::path::Path;

/// (section, url, title, description) of one document (no title: empty).
pub type Row = (String, String, String, String);

/// The text of `fixtures/<folder>/<name>`.
pub fn fixture(folder: &str, name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(folder)
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// The documents of a page's text read alone (no folder beside it), as rows.
pub fn rows_of(html: &str) -> Vec<Row> {
    backissues::parse::parse_issue("pages/page.html", html.as_bytes())
        .unwrap()
        .into_iter()
        .map(|doc| {
            let title = doc.title.unwrap_or_default();
            (doc.section, doc.url, title, doc.description)
        })
        .collect()
}

/// A row from its four fields.
pub fn row(section: &str, url: &str, title: &str, description: &str) -> Row {
    (
        section.to_string(),
        url.to_string(),
        title.to_string(),
        description.to_string(),
    )
}
