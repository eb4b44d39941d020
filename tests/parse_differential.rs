//! Differential test, both ways: for every issue fixture, every link pulldown-cmark renders (read
//! straight from its events, apart from the parser's item builder: link events and `<a href>` in
//! HTML) is one of the parser's documents, unless it is an image, a non-web link or part of the
//! trailing subscription footer; and every document is a rendered link, or one of the two
//! documented exceptions: a URL written as plain text (CommonMark does not link a bare URL; the
//! parser does) and a markdown link inside an HTML block (an MDX component such as
//! `<Callout>`, whose markdown the parser reads and CommonMark leaves as raw HTML). A credit
//! after an item's title (`by [X](...)`, `via [X](...)`, `([@x](...))`) is a rendered link that
//! is words of its item, not a document.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use backissues::parse::parse_file;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

const CRATE_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// Phrases of subscription boilerplate (lowercase).
const FOOTER: &[&str] = &[
    "unsubscribe",
    "received this email",
    "receiving this",
    "because you subscribed",
    "all rights reserved",
    "privacy policy",
    "tags:",
    "取消订阅",
    "配信停止",
];

/// Every issue fixture (the `bad` ones fail to parse on purpose).
fn fixtures() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let root = Path::new(CRATE_DIR).join("fixtures");
    for dir in std::fs::read_dir(&root).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() || dir.ends_with("bad") {
            continue;
        }
        for file in std::fs::read_dir(&dir).unwrap() {
            let file = file.unwrap().path();
            let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
            if ["md", "markdown", "txt", "mdx"].contains(&ext) {
                files.push(file);
            }
        }
    }
    files.sort();
    files
}

/// The file without its `---` front matter.
fn body(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("---\n") else {
        return text;
    };
    rest.find("\n---\n").map_or(text, |end| &rest[end + 5..])
}

/// The `href` of every `<a ...>` tag in `html`.
fn hrefs(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    for (at, _) in lower.match_indices("<a ") {
        let tag = &html[at..html[at..].find('>').map_or(html.len(), |end| at + end)];
        let Some(start) = tag.to_ascii_lowercase().find("href=") else {
            continue;
        };
        let value = &tag[start + 5..];
        let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'');
        let value = quote.map_or(value, |q| &value[q.len_utf8()..]);
        let end = value
            .find(|c: char| Some(c) == quote || (quote.is_none() && c.is_whitespace()))
            .unwrap_or(value.len());
        found.push(value[..end].to_string());
    }
    found
}

/// The web links pulldown-cmark renders in `markdown`, outside images, with the trailing blocks
/// whose text holds footer boilerplate left out.
fn rendered_links(markdown: &str) -> Vec<String> {
    let mut blocks = rendered_blocks(markdown);
    while blocks.last().is_some_and(|(links, text)| {
        links.is_empty() && text.trim().is_empty()
            || FOOTER.iter().any(|phrase| text.contains(phrase))
    }) {
        blocks.pop();
    }
    web_links(blocks)
}

/// Every web link pulldown-cmark renders in `markdown` outside images, the footer's included.
fn all_rendered_links(markdown: &str) -> Vec<String> {
    web_links(rendered_blocks(markdown))
}

/// Words (lowercase) that credit an item's author or source when a link follows them.
const CREDIT_WORDS: &[&str] = &[
    "by",
    "via",
    "thanks",
    "thanks to",
    "h/t",
    "source:",
    "author:",
];

/// Words that carry a credit on to the next link (`by X on Y`, `by X and Y`).
const JOINING_WORDS: &[&str] = &["and", "on", "at", "for", "from", "in", "of"];

/// True when `gap` (the words between two links) holds only joining words and punctuation.
fn only_joins(gap: &str) -> bool {
    gap.split_whitespace()
        .all(|word| JOINING_WORDS.contains(&word) || word.chars().all(|c| !c.is_alphanumeric()))
}

/// The links pulldown-cmark renders right after a credit word, or as an `@handle` with no words
/// since the link before: a credit, words of its item.
fn credit_links(markdown: &str) -> HashSet<String> {
    let mut credits = HashSet::new();
    let mut text = String::new();
    let mut open: Option<(String, usize, bool)> = None;
    let mut credit_end: Option<usize> = None;
    let mut link_end = 0;
    for event in Parser::new_ext(markdown, Options::empty()) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                let before = text.trim_end();
                let cue = CREDIT_WORDS.iter().any(|word| {
                    before
                        .strip_suffix(word)
                        .is_some_and(|head| !head.ends_with(char::is_alphanumeric))
                });
                let joined = credit_end.is_some_and(|end| only_joins(&text[end..]));
                let url = dest_url.trim().to_string();
                if cue || joined {
                    credits.insert(url.clone());
                }
                let handle_gap = !text[link_end..].chars().any(char::is_alphanumeric);
                open = Some((url, text.len(), handle_gap));
            }
            Event::End(TagEnd::Link) => {
                if let Some((url, from, handle_gap)) = open.take() {
                    if handle_gap && text[from..].starts_with('@') {
                        credits.insert(url.clone());
                    }
                    credit_end = credits.contains(&url).then_some(text.len());
                    link_end = text.len();
                }
            }
            Event::Text(words) | Event::Code(words) => text.push_str(&words.to_lowercase()),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => text.push(' '),
            _ => {}
        }
    }
    credits
}

/// The `http(s)` links of `blocks`.
fn web_links(blocks: Vec<(Vec<String>, String)>) -> Vec<String> {
    blocks
        .into_iter()
        .flat_map(|(links, _)| links)
        .filter(|url| url.starts_with("http://") || url.starts_with("https://"))
        .collect()
}

/// (links outside images, lowercased text) of each top-level block pulldown-cmark renders.
fn rendered_blocks(markdown: &str) -> Vec<(Vec<String>, String)> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let mut blocks: Vec<(Vec<String>, String)> = vec![(Vec::new(), String::new())];
    let mut depth = 0usize;
    let mut image = 0usize;
    for event in Parser::new_ext(markdown, options) {
        let block = blocks.last_mut().unwrap();
        let nesting = match &event {
            Event::Start(_) => 1,
            Event::End(_) => -1,
            _ => 0,
        };
        match event {
            Event::Start(Tag::Image { .. }) => image += 1,
            Event::End(TagEnd::Image) => image -= 1,
            Event::Start(Tag::Link { dest_url, .. }) if image == 0 => {
                block.0.push(dest_url.trim().to_string());
            }
            Event::Html(html) | Event::InlineHtml(html) => block.0.extend(hrefs(&html)),
            Event::Text(text) => block.1.push_str(&text.to_lowercase()),
            _ => {}
        }
        depth = depth.saturating_add_signed(nesting);
        if nesting < 0 && depth == 0 {
            blocks.push((Vec::new(), String::new()));
        }
    }
    blocks
}

/// What pulldown-cmark leaves unlinked in `markdown`: its text (text and code spans; line breaks
/// as `\n`), where bare URLs are, and its raw HTML, where MDX components are.
fn unlinked(markdown: &str) -> (String, String) {
    let (mut text, mut html) = (String::new(), String::new());
    for event in Parser::new_ext(markdown, Options::all()) {
        match event {
            Event::Text(part) | Event::Code(part) => text.push_str(&part),
            Event::Html(part) | Event::InlineHtml(part) => html.push_str(&part),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => text.push('\n'),
            _ => {}
        }
    }
    (text, html)
}

/// True when `url` is one of the documented exceptions in `markdown`: a bare URL in its text, or
/// the destination of a `[text](url)` inside its raw HTML.
fn is_exception(url: &str, (text, html): &(String, String)) -> bool {
    text.contains(url) || html.contains(&format!("]({url})"))
}

#[test]
fn every_document_is_a_rendered_link_or_a_documented_exception() {
    let mut checked = 0;
    for file in fixtures() {
        let text = std::fs::read_to_string(&file).unwrap();
        let docs =
            parse_file(&file, &file.display().to_string()).unwrap_or_else(|err| panic!("{err}"));
        let markdown = body(&text);
        let links: HashSet<String> = all_rendered_links(markdown).into_iter().collect();
        let unlinked = unlinked(markdown);
        for doc in &docs {
            assert!(
                links.contains(&doc.url) || is_exception(&doc.url, &unlinked),
                "{}: document {} is neither a rendered link nor a documented exception",
                file.display(),
                doc.url
            );
            checked += 1;
        }
    }
    assert!(checked >= 100, "only {checked} documents checked");
}

#[test]
fn the_reference_tells_links_from_exceptions() {
    let markdown = "A post, see [it](https://a.io) and https://b.io.\n\n<Note>\nRead [c](https://c.io).\n</Note>\n\n<img src=\"https://d.io/i.png\">\n";
    assert_eq!(rendered_links(markdown), ["https://a.io"]);
    let unlinked = unlinked(markdown);
    assert!(is_exception("https://b.io", &unlinked));
    assert!(is_exception("https://c.io", &unlinked));
    assert!(!is_exception("https://a.io", &unlinked));
    assert!(!is_exception("https://d.io/i.png", &unlinked));
}

#[test]
fn every_rendered_link_is_a_document() {
    let files = fixtures();
    assert!(files.len() >= 20, "fixtures found: {files:?}");
    let mut checked = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let docs =
            parse_file(&file, &file.display().to_string()).unwrap_or_else(|err| panic!("{err}"));
        let urls: HashSet<&str> = docs.iter().map(|doc| doc.url.as_str()).collect();
        let credits = credit_links(body(&text));
        for link in rendered_links(body(&text)) {
            if credits.contains(&link) {
                continue;
            }
            assert!(
                urls.contains(link.as_str()),
                "{}: rendered link {link} is not a document",
                file.display()
            );
            checked += 1;
        }
    }
    assert!(checked >= 100, "only {checked} rendered links checked");
}

#[test]
fn reference_skips_images_non_web_links_and_the_footer() {
    let markdown = "![logo](https://img.io/l.png) [mail](mailto:a@b.c) [a](https://a.io) <a href=\"https://b.io\">b</a>\n\nYou are receiving this: [x](https://x.io)\n";
    assert_eq!(rendered_links(markdown), ["https://a.io", "https://b.io"]);
}
