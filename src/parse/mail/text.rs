//! A text-only message as markdown the issue reader understands: `Title <https://...>` lines
//! become links with that title, a `[3]` marker in a paragraph becomes the URL of the `[3]
//! https://...` reference line (the reference list itself is dropped), bare URLs stay as they
//! are; each paragraph is the description of its links.

use std::collections::HashMap;

/// The markdown of a plain-text body.
pub fn to_markdown(text: &str) -> String {
    let mut references = HashMap::new();
    let mut kept = Vec::new();
    for line in text.lines() {
        match reference(line) {
            Some((number, url)) => {
                references.insert(number, url);
            }
            None => kept.push(line),
        }
    }
    kept.iter()
        .map(|line| with_references(&titled_link(line), &references))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A reference line `[3] https://...` (or `3. https://...`): its number and URL.
fn reference(line: &str) -> Option<(String, String)> {
    let line = line.trim();
    let (marker, url) = line.split_once(char::is_whitespace)?;
    let number = marker
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))?;
    let url = url.trim();
    let web = url.starts_with("https://") || url.starts_with("http://");
    (number.chars().all(|c| c.is_ascii_digit()) && web && !url.contains(char::is_whitespace))
        .then(|| (number.to_string(), url.to_string()))
}

/// `Title <https://...>` as `[Title](https://...)`; other lines as they are.
fn titled_link(line: &str) -> String {
    let trimmed = line.trim_end();
    let Some(body) = trimmed.strip_suffix('>') else {
        return line.to_string();
    };
    let Some((title, url)) = body.rsplit_once(" <") else {
        return line.to_string();
    };
    let web = url.starts_with("https://") || url.starts_with("http://");
    if !web || title.trim().is_empty() || url.contains(char::is_whitespace) {
        return line.to_string();
    }
    format!("[{}]({url})", title.trim().replace(['[', ']'], ""))
}

/// `line` with each `[n]` marker that has a reference followed by the reference's URL.
fn with_references(line: &str, references: &HashMap<String, String>) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        let (before, after) = rest.split_at(open);
        out.push_str(before);
        let marker = after[1..]
            .find(']')
            .map(|close| &after[1..=close])
            .filter(|number| references.contains_key(*number));
        match marker {
            Some(number) => {
                out.push_str(&format!("({}) {} ", number, references[number]));
                rest = &after[number.len() + 2..];
            }
            None => {
                out.push('[');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_and_titled_links_become_markdown_links() {
        let text = "New scheduler [1] lands.\n\nTracing <https://t.example/x>\n\n[1] https://s.example/e\n";
        assert_eq!(
            to_markdown(text),
            "New scheduler (1) https://s.example/e  lands.\n\n[Tracing](https://t.example/x)\n"
        );
        assert_eq!(to_markdown("see [2] and [x]"), "see [2] and [x]");
    }
}
