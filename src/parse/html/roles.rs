//! What each HTML element does to the blocks being read: its role (heading, list item, row,
//! cell, block, break, link, ...), whether it is never read (skipped or hidden), and whether its
//! style sets its text as a heading would be (bold, large).

use scraper::node::Element;
use scraper::{ElementRef, Node};

use crate::urls;

/// Longest heading made of a styled block or a list label, in words: what the reader and the
/// page's layout both take for a label.
pub const MAX_LABEL_WORDS: usize = 8;

/// Level of a heading made of a styled block, a row of header cells or a disclosure's
/// `<summary>`: a page's section level.
pub const STYLED_LEVEL: usize = 2;

/// Font size (CSS pixels) from which a short link-less block reads as a heading.
const HEADING_FONT_PX: f32 = 17.0;

/// What an element does to the blocks being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Never read (with everything in it).
    Skip,
    /// A heading of this level.
    Heading(usize),
    /// A list item.
    ListItem,
    /// A table row.
    Row,
    /// A table cell (`true` for a header cell): words of its row.
    Cell(bool),
    /// Any other element that ends a block of text.
    Block,
    /// A line break.
    Break,
    /// A thematic break.
    Rule,
    /// Preformatted text: a code block.
    Code,
    /// A link.
    Link,
    /// Bold text.
    Strong,
    /// An image (its alt text is a link's title inside a link).
    Image,
    /// Inline code.
    InlineCode,
    /// Anything else: its text is read in line.
    Inline,
}

/// Elements whose content is never the issue's.
const SKIPPED: &[&str] = &[
    "script", "style", "template", "noscript", "head", "nav", "aside", "form", "footer", "button",
    "select", "textarea", "iframe", "object", "svg", "canvas", "video", "audio", "map", "dialog",
];

/// Elements that end a block of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "blockquote",
    "section",
    "article",
    "main",
    "header",
    "figure",
    "figcaption",
    "details",
    "center",
    "address",
    "body",
    "html",
    "caption",
    "fieldset",
    "hgroup",
];

/// The role of `element` (inside an `<article>` when `in_article`).
pub fn role_of(element: &Element, in_article: bool) -> Role {
    let name = element.name();
    if SKIPPED.contains(&name) || (name == "header" && !in_article) || is_hidden(element) {
        return Role::Skip;
    }
    match name {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            Role::Heading(usize::from(name.as_bytes()[1] - b'0'))
        }
        // A disclosure's label is what a reader sees of its section while it is closed.
        "summary" => Role::Heading(STYLED_LEVEL),
        "li" => Role::ListItem,
        "tr" => Role::Row,
        "td" => Role::Cell(false),
        "th" => Role::Cell(true),
        "br" => Role::Break,
        "hr" => Role::Rule,
        "pre" => Role::Code,
        "a" => match attr(element, "href") {
            Some(href) if urls::is_share_link(href.trim()) => Role::Skip,
            Some(_) => Role::Link,
            None => Role::Inline,
        },
        "strong" | "b" => Role::Strong,
        "img" => Role::Image,
        "code" | "kbd" | "samp" => Role::InlineCode,
        _ if BLOCKS.contains(&name) => Role::Block,
        // Bold by its style is bold as `<b>` is (`<span style="font-weight:700">`).
        _ if attr(element, "style").is_some_and(|style| is_bold(&compact_style(style))) => {
            Role::Strong
        }
        _ => Role::Inline,
    }
}

/// The text of `element` (a heading) without its permalink's glyph: the text of an in-page
/// link (`<a href="#news">¶</a>`) that holds no word is no part of it, as the reader drops it.
pub fn text_without_permalinks(element: ElementRef<'_>) -> String {
    let permalink = |node: ego_tree::NodeRef<'_, Node>| {
        node.ancestors()
            .take_while(|up| up.id() != element.id())
            .filter_map(|up| up.value().as_element())
            .any(|up| up.name() == "a" && attr(up, "href").is_some_and(|h| h.starts_with('#')))
    };
    element
        .descendants()
        .filter_map(|node| match node.value() {
            Node::Text(text) if text.chars().any(char::is_alphanumeric) || !permalink(node) => {
                Some(&**text)
            }
            _ => None,
        })
        .collect()
}

/// True for a link to a share endpoint ([`urls::is_share_link`]): a share widget's, which makes
/// a block of nothing else share furniture. A hidden link (a heading's `aria-hidden` anchor) is
/// skipped too, but is no share.
pub fn is_share_anchor(element: &Element) -> bool {
    element.name() == "a"
        && attr(element, "href").is_some_and(|href| urls::is_share_link(href.trim()))
}

/// The value of the attribute `name` of `element`, as [`Element::attr`] gives it (an attribute
/// in no namespace). Every element is asked several; `Element::attr` makes an atom of the name
/// at each call (a hash and a table lookup), which cost more than a scan of an element's few
/// attributes.
pub fn attr<'e>(element: &'e Element, name: &str) -> Option<&'e str> {
    element
        .attrs
        .iter()
        .find(|(key, _)| key.prefix.is_none() && key.ns.is_empty() && *key.local == *name)
        .map(|(_, value)| &**value)
}

/// True for an element a reader never sees.
fn is_hidden(element: &Element) -> bool {
    let mut style = None;
    for (key, value) in &element.attrs {
        if key.prefix.is_some() || !key.ns.is_empty() {
            continue;
        }
        match &*key.local {
            "hidden" => return true,
            "aria-hidden" if &**value == "true" => return true,
            "class" | "id" if is_preheader(value) => return true,
            "style" => style = Some(&**value),
            _ => {}
        }
    }
    let Some(style) = style else {
        return false;
    };
    let style = compact_style(style);
    style.contains("display:none")
        || style.contains("visibility:hidden")
        || style.contains("mso-hide:all")
        || (style.contains("max-height:0") && style.contains("overflow:hidden"))
}

/// True for a `class` or `id` naming an email's preheader (any case).
fn is_preheader(value: &str) -> bool {
    value
        .as_bytes()
        .windows(b"preheader".len())
        .any(|window| window.eq_ignore_ascii_case(b"preheader"))
}

/// A `style` attribute lowercased without whitespace (`display: none` → `display:none`).
fn compact_style(style: &str) -> String {
    style
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// True for an element whose style sets its text in bold or in a heading's font size (a
/// `<font size="4">` too).
pub fn is_emphasized(element: &Element) -> bool {
    let Some(style) = attr(element, "style") else {
        return element.name() == "font" && attr(element, "size").is_some_and(is_large_font_size);
    };
    let style = compact_style(style);
    let bold = is_bold(&style);
    let large = style_number(&style, "font-size:").is_some_and(|size| {
        let px = if style.contains("font-size:") && size_unit_is_em(&style) {
            size * 16.0
        } else {
            size
        };
        px >= HEADING_FONT_PX
    });
    bold || large
}

/// True for a compact style that sets its text in bold (`font-weight:bold`, `600` and up).
fn is_bold(style: &str) -> bool {
    ["font-weight:bold", "font-weight:bolder"]
        .iter()
        .any(|rule| style.contains(rule))
        || style_number(style, "font-weight:").is_some_and(|weight| weight >= 600.0)
}

/// True for a `<font size>` of a heading (4 and up, or `+1` and up over the default 3).
fn is_large_font_size(size: &str) -> bool {
    let size = size.trim();
    match size.strip_prefix('+') {
        Some(step) => step.parse::<u8>().is_ok_and(|step| step >= 1),
        None => size.parse::<u8>().is_ok_and(|size| size >= 4),
    }
}

/// The number after `property` in a compact style.
fn style_number(style: &str, property: &str) -> Option<f32> {
    let at = style.find(property)? + property.len();
    let digits: String = style[at..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    digits.parse().ok()
}

/// True when the font size is given in `em` or `rem`.
fn size_unit_is_em(style: &str) -> bool {
    let Some(at) = style.find("font-size:") else {
        return false;
    };
    let rest = &style[at + "font-size:".len()..];
    let unit: String = rest
        .chars()
        .skip_while(|c| c.is_ascii_digit() || *c == '.')
        .take_while(char::is_ascii_alphabetic)
        .collect();
    unit == "em" || unit == "rem"
}
