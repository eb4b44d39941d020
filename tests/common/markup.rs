//! Rewrites of a page's markup that must change none of its documents: what another template
//! author would write for the same page (other class names, extra wrappers, other indentation,
//! a `<div>` layout as a table one). The metamorphic tests of the page readers share them.

/// Every class renamed consistently (as another theme would name them).
pub fn renamed_classes(html: &str) -> String {
    let class = regex::Regex::new(r#"class="([^"]*)""#).unwrap();
    class
        .replace_all(html, |caps: &regex::Captures<'_>| {
            let names: Vec<String> = caps[1]
                .split_whitespace()
                .map(|name| format!("t{}-{}", name.len(), name.replace(['-', '_'], "")))
                .collect();
            format!("class=\"{}\"", names.join(" "))
        })
        .into_owned()
}

/// The body's content inside two more `<div>`s, and every line that is one whole `<div>` in one
/// more.
pub fn wrapped(html: &str) -> String {
    let lines: Vec<String> = html
        .lines()
        .map(|line| {
            let trimmed = line.trim();
            if trimmed.starts_with("<div") && trimmed.ends_with("</div>") {
                format!("<div class=\"wrap\">{trimmed}</div>")
            } else {
                line.to_string()
            }
        })
        .collect();
    lines
        .join("\n")
        .replacen("<body>", "<body><div><div class=\"outer\">", 1)
        .replacen("</body>", "</div></div></body>", 1)
}

/// The page on one line, whitespace between tags dropped.
pub fn one_line(html: &str) -> String {
    html.lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
        .replace("> <", "><")
}

/// A line break and indentation before every block tag that follows another tag (inline tags
/// stay on their line, as whitespace between them is a space a reader sees).
pub fn reindented(html: &str) -> String {
    let block = regex::Regex::new(
        r"><(/?(?:div|p|ul|ol|li|dl|dt|dd|table|tbody|tr|td|th|h[1-6]|article|section|header|main)[ >])",
    )
    .unwrap();
    block.replace_all(html, ">\n    <$1").into_owned()
}

/// Every line that is one whole `<div>` (with no other `<div>` inside) set as a one-cell table.
pub fn divs_as_tables(html: &str) -> String {
    let div = regex::Regex::new(r"^(\s*)<div([^>]*)>(.*)</div>$").unwrap();
    html.lines()
        .map(|line| match div.captures(line) {
            Some(caps) if !caps[3].contains("<div") => format!(
                "{}<table{}><tr><td>{}</td></tr></table>",
                &caps[1], &caps[2], &caps[3]
            ),
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every rewrite of `html`, each with its name.
pub fn rewrites(html: &str) -> [(&'static str, String); 5] {
    [
        ("renamed", renamed_classes(html)),
        ("wrapped", wrapped(html)),
        ("one line", one_line(html)),
        ("re-indented", reindented(html)),
        ("divs as tables", divs_as_tables(html)),
    ]
}
