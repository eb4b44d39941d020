//! The markdown reader: a markdown (or plain text) issue's bytes decoded, its header (front
//! matter or Pelican headers, [`front_matter`]) read, and its body walked by pulldown-cmark into
//! blocks ([`tree`], after the archive [`habits`] CommonMark reads differently; inline HTML by
//! [`inline_html`], HTML blocks by the HTML reader).

pub mod front_matter;
mod habits;
pub mod inline_html;
pub mod tree;

use super::error::{ParseError, ParseErrorKind};
use super::issue::{self, meta::IssueContext, Parsed};
use front_matter::FrontMatter;

/// The markdown reader: header (front matter or Pelican) and body blocks, then the shared stage.
pub fn parse(source: &str, bytes: &[u8], context: &IssueContext<'_>) -> Result<Parsed, ParseError> {
    let error = |line: Option<usize>, reason| ParseError {
        path: source.to_string(),
        line,
        reason,
    };
    let text = decode(bytes).map_err(|line| error(Some(line), ParseErrorKind::NotUtf8))?;
    let (lines, front) = read_header(text);
    let FrontMatter { header, body_start } =
        front.map_err(|(line, kind)| error(Some(line), kind))?;
    let body_offset = lines.get(body_start).map_or(text.len(), |first| {
        first.as_ptr() as usize - text.as_ptr() as usize
    });
    let body = tree::read(&text[body_offset..], body_start + 1);
    Ok(issue::documents(source, &header, &body, context))
}

/// Bytes from the top of a file whose lines the header is first looked for in.
const HEAD_BYTES: usize = 2048;

/// The file's header, and its lines up to at least the body's first: read from the lines that
/// start in the first [`HEAD_BYTES`] bytes, and again from all lines only when the header runs to
/// the end of those (an unclosed or long front matter, a long Pelican header). Splitting a whole
/// issue into lines only to read its first few cost 3% of parsing.
fn read_header(text: &str) -> (Vec<&str>, Result<FrontMatter, front_matter::HeaderError>) {
    let head = lines(text, HEAD_BYTES);
    let header = front_matter::read(&head);
    let reaches_end = match &header {
        Ok(header) => header.body_start >= head.len(),
        Err(_) => true,
    };
    if !reaches_end || all_lines_start_before(text, HEAD_BYTES) {
        return (head, header);
    }
    let all = lines(text, usize::MAX);
    let header = front_matter::read(&all);
    (all, header)
}

/// True when no line of `text` starts at byte `limit` or later.
fn all_lines_start_before(text: &str, limit: usize) -> bool {
    text.as_bytes()
        .get(limit.saturating_sub(1)..)
        .is_none_or(|rest| !rest.contains(&b'\n'))
}

/// The lines of `text` that start before byte `limit`, without their line endings.
fn lines(text: &str, limit: usize) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', text.as_bytes()) {
        if start >= limit {
            return lines;
        }
        lines.push(without_cr(&text[start..end]));
        start = end + 1;
    }
    if start < limit {
        lines.push(without_cr(&text[start..]));
    }
    lines
}

/// `line` without a trailing `\r`.
fn without_cr(line: &str) -> &str {
    line.strip_suffix('\r').unwrap_or(line)
}

/// The text of `bytes` without a UTF-8 BOM; on invalid UTF-8, the 1-based line of the first bad
/// byte.
fn decode(bytes: &[u8]) -> Result<&str, usize> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|err| {
        let valid = &bytes[..err.valid_up_to()];
        valid.iter().filter(|&&b| b == b'\n').count() + 1
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LinkDoc;
    use crate::parse::{parse_issue, INTRO, INTRO_TITLE};

    const SEED_515: &str = include_str!("../../../fixtures/devopsweekly/2020-11-08-issue-515.md");

    fn urls(docs: &[LinkDoc]) -> Vec<&str> {
        docs.iter().map(|doc| doc.url.as_str()).collect()
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let plain = parse_issue("515.md", SEED_515.as_bytes()).unwrap();
        let crlf = format!("\u{feff}{}", SEED_515.replace('\n', "\r\n"));
        let converted = parse_issue("515.md", crlf.as_bytes()).unwrap();
        assert_eq!(plain.len(), 10);
        assert_eq!(converted, plain);
    }

    #[test]
    fn non_utf8_names_file_and_line() {
        let err = parse_issue("x.md", b"---\ndate: 2020-01-01\n---\n\xc3\x28").unwrap_err();
        assert_eq!(err.path, "x.md");
        assert_eq!(err.line, Some(4));
        assert!(matches!(err.reason, ParseErrorKind::NotUtf8));
        assert_eq!(
            err.to_string(),
            "x.md:4: not UTF-8 text; convert the file to UTF-8 (e.g. with iconv)"
        );
    }

    #[test]
    fn same_url_twice_is_one_document_first_wins() {
        let text = "---\ndate: 2020-01-02\n---\nSponsor\n===\nBuy it.\nhttps://s.io\n\nNews\n====\nA post.\nhttps://a.io\n\nBuy it.\nhttps://s.io\n";
        let docs = parse_issue("x.md", text.as_bytes()).unwrap();
        assert_eq!(urls(&docs), ["https://s.io", "https://a.io"]);
        assert_eq!(docs[0].section, "sponsor");
        assert_eq!(docs.iter().map(|d| d.position).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(docs[0].issue, None);
        assert_eq!(docs[0].issue_title, "x");
    }

    #[test]
    fn links_before_any_heading_are_intro() {
        let text = "Date: 2021-02-03\nTitle: T\n\nSee https://a.io/x.\n";
        let docs = parse_issue("t.txt", text.as_bytes()).unwrap();
        assert_eq!(urls(&docs), ["https://a.io/x"]);
        assert_eq!(
            (docs[0].section.as_str(), docs[0].section_title.as_str()),
            (INTRO, INTRO_TITLE)
        );
        assert_eq!(docs[0].date, crate::model::day::parse("2021-02-03"));
        assert_eq!(docs[0].year, Some(2021));
    }

    #[test]
    fn front_matter_errors_name_the_file() {
        let err = parse_issue("f.md", b"---\ntitle: x\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "f.md:1: front matter opened with `---` is never closed; add a `---` line after it"
        );
    }

    #[test]
    fn headers_longer_than_the_head_are_read_from_all_lines() {
        let long_yaml = format!(
            "---\ntitle: Issue 7\nnote: {}\n---\nBody\n",
            "x".repeat(5000)
        );
        let (lines, header) = read_header(&long_yaml);
        let header = header.unwrap();
        assert_eq!(header.body_start, 4);
        assert_eq!(lines[header.body_start], "Body");

        let pelican: String = (0..400).map(|n| format!("Title: issue {n}\n")).collect();
        let (_, header) = read_header(&(pelican + "\nBody\n"));
        assert_eq!(header.unwrap().body_start, 400);

        let unclosed = format!("---\ntitle: x\n{}", "body line\n".repeat(1000));
        let (_, header) = read_header(&unclosed);
        assert!(matches!(
            header,
            Err((1, ParseErrorKind::UnterminatedFrontMatter("---")))
        ));
    }

    #[test]
    fn short_headers_are_read_from_the_head_alone() {
        let text = format!("---\ntitle: Issue 7\n---\n{}", "text\n".repeat(5000));
        let (lines, header) = read_header(&text);
        assert_eq!(header.unwrap().body_start, 3);
        assert!(lines.len() < 1000);
        assert!(all_lines_start_before("a\nb", 3));
        assert!(!all_lines_start_before("a\nb\nc", 3));
        assert!(!all_lines_start_before("ab\nc", 3));
        assert!(all_lines_start_before("abcd", 3));
        assert_eq!(super::lines("ab\ncd", 3), ["ab"]);
        assert_eq!(super::lines("ab\ncd", 4), ["ab", "cd"]);
    }

    /// The front matter's closing line starts exactly at [`HEAD_BYTES`] and is the file's last:
    /// it is past the head, so the header must be read again from all lines.
    #[test]
    fn a_front_matter_closed_exactly_at_the_head_limit_is_closed() {
        let opening = "---\ntitle: Issue 7\nnote: ";
        let note = "x".repeat(HEAD_BYTES - opening.len() - 1);
        let text = format!("{opening}{note}\n---");
        assert_eq!(text.find("\n---").map(|at| at + 1), Some(HEAD_BYTES));
        let (lines, header) = read_header(&text);
        assert_eq!(header.unwrap().body_start, 4);
        assert_eq!(lines.len(), 4);
        assert_eq!(parse_issue("f.md", text.as_bytes()).unwrap(), []);
        let unclosed = format!("{opening}{note}\nlast");
        let err = parse_issue("f.md", unclosed.as_bytes()).unwrap_err();
        assert!(matches!(
            err.reason,
            ParseErrorKind::UnterminatedFrontMatter("---")
        ));
    }
}
