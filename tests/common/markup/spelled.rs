//! Rewrites of how a page's markup is spelled, not what it says: attributes reordered or quoted
//! otherwise, upper-case tags, CRLF line ends, entities for plain characters, comments and blank
//! lines between blocks, void tags closed, optional end tags left out, and other tags that a
//! reader sees alike (`<span style="font-weight:700">` for `<b>`, `<div>`s for a list, `<div>`s
//! for `<section>`s). Each works on the page's pieces, so scripts and styles stay as they are.

use std::sync::LazyLock;

use regex::Regex;

/// One piece of a page.
enum Piece<'a> {
    /// A start or end tag.
    Tag(&'a str),
    /// A comment, a doctype or a processing instruction.
    Other(&'a str),
    /// Text between tags.
    Text(&'a str),
    /// The raw content of a `<script>` or `<style>`.
    Raw(&'a str),
}

static MARKUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?s)<!--.*?-->|<[!?][^>]*>|</?[A-Za-z][^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>"#)
        .unwrap()
});

static NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^</?([A-Za-z][A-Za-z0-9-]*)").unwrap());

static ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?"#).unwrap()
});

/// The pieces of `html`, in order.
fn pieces(html: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(found) = MARKUP.find_at(html, at) {
        if found.start() > at {
            out.push(Piece::Text(&html[at..found.start()]));
        }
        let text = found.as_str();
        at = found.end();
        if !text.starts_with("</") && (text.starts_with("<!") || text.starts_with("<?")) {
            out.push(Piece::Other(text));
            continue;
        }
        out.push(Piece::Tag(text));
        let name = tag_name(text).to_ascii_lowercase();
        if !text.starts_with("</") && (name == "script" || name == "style") {
            let end = html[at..]
                .to_ascii_lowercase()
                .find(&format!("</{name}"))
                .map_or(html.len(), |offset| at + offset);
            out.push(Piece::Raw(&html[at..end]));
            at = end;
        }
    }
    out.push(Piece::Text(&html[at..]));
    out
}

/// The pieces put back together, each tag through `tag` and each text through `text`.
fn rebuild(html: &str, tag: impl Fn(&str) -> String, text: impl Fn(&str) -> String) -> String {
    pieces(html)
        .into_iter()
        .map(|piece| match piece {
            Piece::Tag(t) => tag(t),
            Piece::Text(t) => text(t),
            Piece::Other(t) | Piece::Raw(t) => t.to_string(),
        })
        .collect()
}

/// Every tag through `tag`, the rest as it is.
pub(super) fn map_tags(html: &str, tag: impl Fn(&str) -> String) -> String {
    rebuild(html, tag, str::to_string)
}

/// Every text through `text`, the rest as it is.
fn map_text(html: &str, text: impl Fn(&str) -> String) -> String {
    rebuild(html, str::to_string, text)
}

/// A tag's element name as written.
pub(super) fn tag_name(tag: &str) -> &str {
    NAME.captures(tag)
        .and_then(|caps| caps.get(1))
        .map_or("", |name| name.as_str())
}

/// A start tag's parts: its name, its attributes (name, value) and whether it ends in `/>`.
pub(super) struct StartTag {
    pub(super) name: String,
    pub(super) attributes: Vec<(String, Option<String>)>,
    pub(super) closed: bool,
}

/// `tag` read as a start tag (`None` for an end tag).
pub(super) fn start_tag(tag: &str) -> Option<StartTag> {
    if tag.starts_with("</") {
        return None;
    }
    let name = tag_name(tag).to_string();
    let inner = tag[1 + name.len()..].trim_end_matches('>');
    let closed = inner.trim_end().ends_with('/');
    let attributes = ATTRIBUTE
        .captures_iter(inner)
        .map(|caps| {
            let value = [2, 3, 4]
                .iter()
                .find_map(|&i| caps.get(i))
                .map(|value| value.as_str().to_string());
            (caps[1].to_string(), value)
        })
        .collect();
    Some(StartTag {
        name,
        attributes,
        closed,
    })
}

/// A start tag written back, each value through `quote`.
pub(super) fn write_start(tag: &StartTag, quote: impl Fn(&str) -> String) -> String {
    let mut out = format!("<{}", tag.name);
    for (name, value) in &tag.attributes {
        out.push(' ');
        out.push_str(name);
        if let Some(value) = value {
            out.push('=');
            out.push_str(&quote(value));
        }
    }
    out.push_str(if tag.closed { " />" } else { ">" });
    out
}

/// A value in double quotes, or single ones when it holds a double quote.
pub(super) fn double_quoted(value: &str) -> String {
    match value.contains('"') {
        true => format!("'{value}'"),
        false => format!("\"{value}\""),
    }
}

/// Every start tag's attributes in the reverse order.
pub fn attributes_reversed(html: &str) -> String {
    map_tags(html, |tag| match start_tag(tag) {
        Some(mut start) => {
            start.attributes.reverse();
            write_start(&start, double_quoted)
        }
        None => tag.to_string(),
    })
}

/// Every attribute value in single quotes (where it holds none).
pub fn single_quoted(html: &str) -> String {
    map_tags(html, |tag| match start_tag(tag) {
        Some(start) => write_start(&start, |value| match value.contains('\'') {
            true => double_quoted(value),
            false => format!("'{value}'"),
        }),
        None => tag.to_string(),
    })
}

/// Every attribute value that HTML lets stand without quotes written without them.
pub fn unquoted(html: &str) -> String {
    let bare = |value: &str| {
        !value.is_empty()
            && !value
                .chars()
                .any(|c| c.is_whitespace() || "\"'=<>`".contains(c))
    };
    map_tags(html, |tag| match start_tag(tag) {
        // `<a href=x/>` would read the slash as the value's.
        Some(start) if !start.closed => write_start(&start, |value| match bare(value) {
            true => value.to_string(),
            false => double_quoted(value),
        }),
        _ => tag.to_string(),
    })
}

/// Every tag and attribute name in upper case (`<DIV CLASS="x">`).
pub fn upper_case_tags(html: &str) -> String {
    map_tags(html, |tag| match start_tag(tag) {
        Some(mut start) => {
            start.name.make_ascii_uppercase();
            for (name, _) in &mut start.attributes {
                name.make_ascii_uppercase();
            }
            write_start(&start, double_quoted)
        }
        None => tag.to_ascii_uppercase(),
    })
}

/// Every line ended by CR LF.
pub fn crlf(html: &str) -> String {
    html.replace("\r\n", "\n").replace('\n', "\r\n")
}

/// `tag` renamed to `to` when `rename` takes its lower-case name, its attributes kept and a
/// start tag given `style` (when some), else as it is.
fn renamed(tag: &str, rename: impl Fn(&str) -> bool, to: &str, style: Option<&str>) -> String {
    if !rename(&tag_name(tag).to_ascii_lowercase()) {
        return tag.to_string();
    }
    match start_tag(tag) {
        Some(mut start) => {
            start.name = to.to_string();
            if let Some(style) = style {
                match start
                    .attributes
                    .iter_mut()
                    .find(|(name, _)| name == "style")
                {
                    Some((_, Some(own))) => *own = format!("{own};{style}"),
                    _ => start
                        .attributes
                        .push(("style".to_string(), Some(style.to_string()))),
                }
            }
            write_start(&start, double_quoted)
        }
        None => format!("</{to}>"),
    }
}

/// `<section>`, `<article>` and `<main>` written as `<div>`s (their attributes kept).
pub fn sections_as_divs(html: &str) -> String {
    map_tags(html, |tag| {
        let sectioning = |name: &str| matches!(name, "section" | "article" | "main");
        renamed(tag, sectioning, "div", None)
    })
}

/// The body's content between `open` and `close` (the whole text's, for a page without a
/// `<body>` tag).
pub(super) fn body_within(html: &str, open: &str, close: &str) -> String {
    let body = Regex::new(r"(?i)<body[^>]*>").unwrap();
    let start = body.find(html).map_or(0, |tag| tag.end());
    let end = html.rfind("</body>").unwrap_or(html.len()).max(start);
    format!(
        "{}{open}{}{close}{}",
        &html[..start],
        &html[start..end],
        &html[end..]
    )
}

/// The body's content inside an `<article>`.
pub fn in_article(html: &str) -> String {
    body_within(html, "<article>", "</article>")
}

/// The body's content in the one cell of a layout table, as pages of the 2000s set it.
pub fn in_layout_table(html: &str) -> String {
    body_within(
        html,
        "<table width=\"640\" align=\"center\" cellpadding=\"0\"><tr><td valign=\"top\">",
        "</td></tr></table>",
    )
}

/// The body's content inside a `<center>`.
pub fn centered(html: &str) -> String {
    body_within(html, "<center>", "</center>")
}

/// Every `<b>` and `<strong>` a `<span>` styled `font-weight:700`.
pub fn bold_as_style(html: &str) -> String {
    map_tags(html, |tag| {
        let bold = |name: &str| matches!(name, "b" | "strong");
        renamed(tag, bold, "span", Some("font-weight:700"))
    })
}

/// Every list and list item a `<div>` (their attributes kept).
pub fn lists_as_divs(html: &str) -> String {
    map_tags(html, |tag| {
        let list = |name: &str| matches!(name, "ul" | "ol" | "li");
        renamed(tag, list, "div", None)
    })
}

static ENTITY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"&[#A-Za-z0-9]+;").unwrap());

/// Text with plain characters written as character references: every `e` as `&#101;`, every
/// apostrophe as `&#39;` and every character beyond ASCII as a hexadecimal one (entities
/// already there kept).
pub fn entities(html: &str) -> String {
    let encode = |text: &str| -> String {
        text.chars()
            .map(|c| match c {
                'e' => "&#101;".to_string(),
                '\'' => "&#39;".to_string(),
                c if !c.is_ascii() => format!("&#x{:X};", c as u32),
                c => c.to_string(),
            })
            .collect()
    };
    map_text(html, |text| {
        let mut out = String::new();
        let mut at = 0;
        for found in ENTITY.find_iter(text) {
            out.push_str(&encode(&text[at..found.start()]));
            out.push_str(found.as_str());
            at = found.end();
        }
        out.push_str(&encode(&text[at..]));
        out
    })
}

/// Every space after a comma in text a `&nbsp;` (`one,&nbsp;two`).
pub fn non_breaking(html: &str) -> String {
    map_text(html, |text| text.replace(", ", ",&nbsp;"))
}

/// Whether `tag` ends a block element.
pub(super) fn ends_block(tag: &str) -> bool {
    tag.starts_with("</")
        && matches!(
            tag_name(tag).to_ascii_lowercase().as_str(),
            "p" | "div"
                | "li"
                | "ul"
                | "ol"
                | "tr"
                | "table"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "section"
                | "article"
                | "blockquote"
        )
}

/// A comment after every end tag of a block.
pub fn commented(html: &str) -> String {
    map_tags(html, |tag| match ends_block(tag) {
        true => format!("{tag}<!-- end of block -->"),
        false => tag.to_string(),
    })
}

/// Blank lines and tabs after every end tag of a block: text nodes of whitespace alone.
pub fn blank_between_blocks(html: &str) -> String {
    map_tags(html, |tag| match ends_block(tag) {
        true => format!("{tag}\n \t\n\n"),
        false => tag.to_string(),
    })
}

/// Every void element written self-closed (`<br />`, `<img ... />`).
pub fn voids_closed(html: &str) -> String {
    map_tags(html, |tag| match start_tag(tag) {
        Some(mut start)
            if matches!(
                start.name.to_ascii_lowercase().as_str(),
                "br" | "hr" | "img" | "meta" | "link" | "input"
            ) =>
        {
            start.closed = true;
            write_start(&start, double_quoted)
        }
        _ => tag.to_string(),
    })
}

/// `</p>` left out where the next tag ends the paragraph anyway, and `</li>` before the next
/// item or the list's end (HTML's optional end tags).
pub fn optional_ends_dropped(html: &str) -> String {
    let paragraph = Regex::new(
        r"(?i)</p>(\s*<(?:p|div|h[1-6]|ul|ol|table|blockquote|section|article|hr|/div|/td|/li|/section|/article|/body|/main|/blockquote)[\s>/])",
    )
    .unwrap();
    let item = Regex::new(r"(?i)</li>(\s*<(?:li|/ul|/ol)[\s>])").unwrap();
    let html = paragraph.replace_all(html, "$1");
    item.replace_all(&html, "$1").into_owned()
}

/// The body's content inside a `<form>`, as ASP.NET pages set every page.
pub fn in_form(html: &str) -> String {
    body_within(
        html,
        "<form method=\"post\" action=\"./page.aspx\" id=\"form1\"><input type=\"hidden\" name=\"__VIEWSTATE\" value=\"x\">",
        "</form>",
    )
}

/// Every `<p>` a `<div>` (its attributes kept).
pub fn paragraphs_as_divs(html: &str) -> String {
    map_tags(html, |tag| renamed(tag, |name| name == "p", "div", None))
}

/// Every `<header>` a `<div>` (its attributes kept).
pub fn header_as_div(html: &str) -> String {
    map_tags(html, |tag| {
        renamed(tag, |name| name == "header", "div", None)
    })
}

/// Every `<i>` an `<em>` and every `<em>` an `<i>`.
pub fn italics_swapped(html: &str) -> String {
    map_tags(html, |tag| {
        match tag_name(tag).to_ascii_lowercase().as_str() {
            "i" => renamed(tag, |_| true, "em", None),
            "em" => renamed(tag, |_| true, "i", None),
            _ => tag.to_string(),
        }
    })
}

/// Every link's text inside a `<span>` (`<a href><span>Title</span></a>`).
pub fn link_text_in_spans(html: &str) -> String {
    map_tags(html, |tag| {
        match (
            tag_name(tag).eq_ignore_ascii_case("a"),
            tag.starts_with("</"),
        ) {
            (true, true) => format!("</span>{tag}"),
            (true, false) => format!("{tag}<span class=\"link-text\">"),
            _ => tag.to_string(),
        }
    })
}

/// Every link opened in a new tab (`target="_blank" rel="noopener"`), as many themes set them.
pub fn links_targeted(html: &str) -> String {
    map_tags(html, |tag| match start_tag(tag) {
        Some(mut start) if start.name.eq_ignore_ascii_case("a") => {
            for (name, value) in [("target", "_blank"), ("rel", "noopener noreferrer")] {
                if !start.attributes.iter().any(|(own, _)| own == name) {
                    start
                        .attributes
                        .push((name.to_string(), Some(value.to_string())));
                }
            }
            write_start(&start, double_quoted)
        }
        _ => tag.to_string(),
    })
}

/// Every block element given an `id` of its own (`id="b17"`), as a CMS numbers its blocks.
pub fn ids_added(html: &str) -> String {
    let count = std::cell::Cell::new(0);
    map_tags(html, |tag| match start_tag(tag) {
        Some(mut start)
            if matches!(
                start.name.to_ascii_lowercase().as_str(),
                "p" | "div" | "li" | "h2" | "h3" | "h4" | "td" | "section" | "table"
            ) && !start.attributes.iter().any(|(name, _)| name == "id") =>
        {
            count.set(count.get() + 1);
            start
                .attributes
                .push(("id".to_string(), Some(format!("b{}", count.get()))));
            write_start(&start, double_quoted)
        }
        _ => tag.to_string(),
    })
}

/// Every heading below `<h2>` one level lower (`<h3>` an `<h4>`, ... `<h5>` an `<h6>`): the
/// same outline in smaller type under the page's and the issue's headings.
pub fn headings_lowered(html: &str) -> String {
    map_tags(html, |tag| {
        let name = tag_name(tag).to_ascii_lowercase();
        match name.as_str() {
            "h3" | "h4" | "h5" => {
                let lower = format!("h{}", (name.as_bytes()[1] - b'0') + 1);
                renamed(tag, |_| true, &lower, None)
            }
            _ => tag.to_string(),
        }
    })
}

/// Every heading below `<h1>` one level lower, `<h2>` included: the page's top headings in
/// smaller type too.
pub fn headings_all_lowered(html: &str) -> String {
    let h2 = Regex::new(r"(?i)<(/?)h2([\s>])").unwrap();
    h2.replace_all(&headings_lowered(html), "<${1}h3$2")
        .into_owned()
}

/// Every `href` value padded with whitespace and a line break, which a browser strips.
pub fn hrefs_padded(html: &str) -> String {
    map_tags(html, |tag| match start_tag(tag) {
        Some(mut start) if start.name.eq_ignore_ascii_case("a") => {
            for (name, value) in &mut start.attributes {
                if let (true, Some(value)) = (name.eq_ignore_ascii_case("href"), value) {
                    *value = format!("  \n {value} \n");
                }
            }
            write_start(&start, double_quoted)
        }
        _ => tag.to_string(),
    })
}
