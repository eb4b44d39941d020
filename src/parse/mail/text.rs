//! A text-only message as markdown the issue reader understands: a link's title is the text
//! its template wrote beside it: `Title <https://...>`, `Title (https://...)` and
//! `Title - https://... - more` lines, and a short first line of a paragraph right above a
//! line that is only a URL (`Title` / `https://...` / `description`); a `[3]` marker in a
//! paragraph becomes the URL of the `[3] https://...` reference line (the reference list itself
//! is dropped), other bare URLs stay as they are; each paragraph is the description of its links.

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
    let mut out: Vec<String> = Vec::with_capacity(kept.len());
    for (at, line) in kept.iter().enumerate() {
        let above = at.checked_sub(1).map(|above| kept[above]);
        let starts = at < 2 || kept[at - 2].trim().is_empty();
        match (above, bare_url(line)) {
            (Some(title), Some(url)) if starts && is_title(title) => {
                out.pop();
                out.push(format!("[{}]({url})", title.trim().replace(['[', ']'], "")));
            }
            _ => out.push(with_references(&titled_link(line), &references)),
        }
    }
    out.join("\n")
}

/// The most words of a title written beside or above its URL.
const TITLE_WORDS: usize = 12;

/// The URL a line is, when it is only a web URL.
fn bare_url(line: &str) -> Option<&str> {
    let line = line.trim();
    let web = line.starts_with("https://") || line.starts_with("http://");
    (web && !line.contains(char::is_whitespace)).then_some(line)
}

/// Words a sentence running on to the next line may end with (`We read a long piece on`).
const RUNNING_ON: &[&str] = &[
    "a", "an", "the", "on", "of", "to", "in", "at", "for", "with", "by", "from", "about", "and",
    "or", "is", "are", "this", "that", "our", "your",
];

/// True for a line that can be a link's title: a few words ([`TITLE_WORDS`]), not a URL, not
/// a heading rule, not a sentence (ending in `.`) or one running on (ending in `,`, `:` or a
/// word such as `on`).
fn is_title(line: &str) -> bool {
    let line = line.trim();
    let words = line.split_whitespace().count();
    let last = line.split_whitespace().last().unwrap_or_default();
    (1..=TITLE_WORDS).contains(&words)
        && !line.contains("://")
        && line.chars().any(char::is_alphanumeric)
        && !line.ends_with(['.', ',', ':', ';'])
        && !RUNNING_ON.contains(&last)
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

/// `Title <https://...>` and `Title (https://...)` as `[Title](https://...)`, `Title -
/// https://... - more` as `[Title](https://...) - more`; other lines as they are.
fn titled_link(line: &str) -> String {
    let trimmed = line.trim_end();
    let enclosed = [('<', '>'), ('(', ')')].iter().find_map(|(open, close)| {
        let body = trimmed.strip_suffix(*close)?;
        let (title, url) = body.rsplit_once(&format!(" {open}"))?;
        Some((title, url, ""))
    });
    let dashed = || {
        let (title, rest) = trimmed.split_once(" - ")?;
        let (url, more) = rest.split_once(" - ").unwrap_or((rest, ""));
        Some((title, url, more))
    };
    let Some((title, url, more)) = enclosed.or_else(dashed) else {
        return line.to_string();
    };
    if bare_url(url).is_none() || !is_title(title) {
        return line.to_string();
    }
    let title = title.trim().replace(['[', ']'], "");
    match more {
        "" => format!("[{title}]({url})"),
        more => format!("[{title}]({url}) - {more}"),
    }
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

    #[test]
    fn titles_written_beside_or_above_a_url_are_its_title() {
        let text = "Layers of caches\nhttps://c.example/l\nWhere each cache sits.\n\n\
                    DNS TTLs (https://d.example/t)\nk9s - https://k.example - a terminal UI.\n\n\
                    A post sent at noon.\nhttps://n.example/\n\n\
                    We read a long piece on\nhttps://p.example/x\n\nIntro line.\nSecond line,\nhttps://q.example/y\n";
        assert_eq!(
            to_markdown(text),
            "[Layers of caches](https://c.example/l)\nWhere each cache sits.\n\n\
             [DNS TTLs](https://d.example/t)\n[k9s](https://k.example) - a terminal UI.\n\n\
             A post sent at noon.\nhttps://n.example/\n\n\
             We read a long piece on\nhttps://p.example/x\n\nIntro line.\nSecond line,\nhttps://q.example/y"
        );
        assert_eq!(
            to_markdown("read it (https://a.example/x) now"),
            "read it (https://a.example/x) now"
        );
    }
}
