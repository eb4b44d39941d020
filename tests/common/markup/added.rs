//! Rewrites that add to a page what a reader never sees: an email's hidden preview and
//! tracking pixel, scripts between blocks, icons in links, and headings' permalinks (GitHub's
//! hidden anchors, Sphinx's `¶`).

use super::spelled::{body_within, ends_block, map_tags, tag_name};

/// An email's furniture a reader never sees: a hidden preview text (with a link) at the top of
/// the body, and a one-pixel tracking image at its end.
pub fn hidden_furniture(html: &str) -> String {
    body_within(
        html,
        "<div style=\"display:none;max-height:0;overflow:hidden\">Preview: this week in brief, <a href=\"https://preview.example/\">more inside</a></div>",
        "<img src=\"https://pixel.example/open.gif\" width=\"1\" height=\"1\" alt=\"\">",
    )
}

/// A script after every end tag of a block (its text holds markup a reader never sees).
pub fn scripts_between_blocks(html: &str) -> String {
    map_tags(html, |tag| match ends_block(tag) {
        true => {
            format!("{tag}<script>var s = \"<p><a href='https://js.example/'>x</a></p>\";</script>")
        }
        false => tag.to_string(),
    })
}

/// An icon (an inline `<svg>`) at the start of every link's text.
pub fn icons_in_links(html: &str) -> String {
    map_tags(html, |tag| {
        match (tag_name(tag).eq_ignore_ascii_case("a"), tag.starts_with("</")) {
            (true, false) => format!(
                "{tag}<svg width=\"12\" height=\"12\" viewBox=\"0 0 12 12\"><title>link</title><path d=\"M0 0h12v12z\"/></svg>"
            ),
            _ => tag.to_string(),
        }
    })
}

/// A hidden anchor link at the start of every `<h2>` and `<h3>` (GitHub's `<a aria-hidden="true"
/// href="#...">`), but in a heading inside a link (an anchor holds no anchor).
pub fn heading_anchors(html: &str) -> String {
    in_headings(html, false, |id| {
        format!("<a id=\"user-content-h{id}\" class=\"anchor\" aria-hidden=\"true\" href=\"#h{id}\"><svg class=\"octicon\" width=\"16\" height=\"16\"><path d=\"M0 0\"/></svg></a>")
    })
}

/// A visible permalink (`¶`) at the end of every `<h2>` and `<h3>`, as Sphinx sets them, but in
/// a heading inside a link.
pub fn heading_permalinks(html: &str) -> String {
    in_headings(html, true, |id| {
        format!("<a class=\"headerlink\" href=\"#s{id}\" title=\"Permalink to this heading\">¶</a>")
    })
}

/// `anchor(n)` for the n-th `<h2>` or `<h3>` outside a link, after its start tag (or before its
/// end tag, `at_end`).
fn in_headings(html: &str, at_end: bool, anchor: impl Fn(usize) -> String) -> String {
    let count = std::cell::Cell::new(0);
    let links = std::cell::Cell::new(0_i32);
    map_tags(html, |tag| {
        let name = tag_name(tag).to_ascii_lowercase();
        let end = tag.starts_with("</");
        if name == "a" {
            links.set(links.get() + if end { -1 } else { 1 });
        }
        if links.get() > 0 || end != at_end || !matches!(name.as_str(), "h2" | "h3") {
            return tag.to_string();
        }
        count.set(count.get() + 1);
        match at_end {
            true => format!("{}{tag}", anchor(count.get())),
            false => format!("{tag}{}", anchor(count.get())),
        }
    })
}
