//! The HTML reader: a page (an archive page, a saved issue, a site build's output), a feed entry's
//! content, a mail's HTML part or a markdown HTML block, parsed by html5ever (through `scraper`,
//! as a browser parses it, broken markup included) and flattened into the blocks the item stage
//! reads, as a reader sees the page:
//!
//! - **The issue, not the page.** `<main>`, `role="main"` or `<article>` (the one holding the most
//!   links) is read when there is one, else the body. Never read: scripts, styles, templates,
//!   forms (not a form that holds the page: [`forms`]), `<nav>`, `<aside>`, `<footer>`, a `<header>` outside an article, hidden elements
//!   (`hidden`, `aria-hidden="true"`, `display:none`, `visibility:hidden`, `mso-hide:all`, email
//!   preheaders) and share links ([`crate::urls::is_share_link`]).
//! - **Blocks.** `<h1>`-`<h6>` and a disclosure's `<summary>` are headings; each `<li>` is a list item (a nested one without
//!   links joins its parent, as in markdown); each `<tr>` a row (its cells are words of one line);
//!   `<p>`, `<div>`, `<blockquote>`, `<dd>` and other block elements end a block of text, which
//!   is an item when it holds links and a paragraph otherwise; `<br>` breaks a line; `<hr>` is a
//!   break; `<pre>` is code.
//! - **Sections as a reader sees them.** A short link-less block set in bold or in a larger font
//!   (`<p><strong>Reading</strong></p>`, `<div style="font-size:18px">Articles</div>`), or a row
//!   of one header cell (`<th>`), is a heading; so is a list item whose own text is a short label
//!   ending in a colon (`Emacs Lisp:`) with its links in a nested list (a level below every heading tag, so labels
//!   nest under the page's sections).
//! - **The site, not the issue** (pages only): the masthead, the site's nav, the post's byline,
//!   supporters lines, the site's banner heading, and the related posts and comments under a
//!   post are taken out ([`chrome`]); subscribe and follow boxes at the end are the issue
//!   stage's footer.
//! - **Pages as people keep them** ([`kept`]): a web archive's capture is read as the page it
//!   captured (its toolbar out, its links their originals), relative links resolve against the
//!   page's `<base href>` or own URL, and that URL is the documents' `issue_url`.
//! - **Title then description.** A block that is only a titled link (a lone link in a `<p>`, a
//!   table row, a list item, a link around a block such as `<a><h3>Title</h3></a>`), followed by
//!   a block of words without links, is a lead: the words describe it. In a run of table rows
//!   that alternate words and a title alone, opening with words and ending with a title, each
//!   title takes the words above it instead.
//! - **The page's own repetition** ([`layout`]): sibling blocks that begin with a title line and
//!   share a signature are entries, each its title plus what is set under it up to the next
//!   entry's title; a block styled like the page's section headings is one even when its text is
//!   a link.

mod chrome;
mod facts;
mod forms;
mod kept;
mod layout;
mod nesting;
mod reader;
mod roles;
mod stated;

use ego_tree::{NodeId, NodeRef};
use rustc_hash::{FxHashMap, FxHashSet};
use scraper::{Html, Node};

use super::issue::blocks::{Block, Body, ListItem};
use super::issue::date;
use super::issue::fields::{Field, Header};
use reader::Reader;

use facts::decode;

/// A whole HTML file read: the facts it states of itself as header fields (`date`, `title`,
/// `site_name`), and its body as blocks.
#[derive(Debug)]
pub struct Page {
    /// `date`, `title` and `site_name` fields, as a front matter would give them.
    pub header: Header,
    /// The issue's blocks.
    pub body: Body,
    /// The page's own URL, when it says it ([`kept`]).
    pub own_url: Option<String>,
    /// The URL its relative links resolved against, when there was one.
    pub base: Option<String>,
    /// Relative links left out for want of a base.
    pub unresolved: usize,
    /// The site's own hosts, as [`facts`] finds them (`og:url`, canonical, home links).
    pub hosts: Vec<String>,
}

/// Reads the bytes of an HTML file (any charset its BOM or `<meta charset>` names, else UTF-8,
/// else windows-1252), fetched from the URL `fetched` (`None` for a file).
pub fn read_page(bytes: &[u8], fetched: Option<&str>) -> Page {
    let text = decode(bytes);
    let mut document = Html::parse_document(&nesting::bounded(&text));
    let facts = facts::facts(&document);
    let address = kept::Address::new(&facts.kept, fetched);
    kept::strip_archive_chrome(&mut document, &facts.kept, &address);
    forms::read_forms(&mut document);
    let root = content_root(&document);
    let reader = Reader::new(root, &address);
    let unresolved = reader.unresolved();
    let blocks = reader.read_unjoined(root);
    let title = facts
        .header
        .field(&["title"])
        .map(|field| field.value.as_str());
    let body = Body {
        blocks: reader::entry::join_title_lines(chrome::strip(
            blocks,
            title,
            &facts.sites,
            &facts.hosts,
        )),
    };
    Page {
        header: with_lead_date(facts.header, &body),
        body,
        own_url: address.own().map(str::to_string),
        base: address.base().map(str::to_string),
        unresolved,
        hosts: facts.hosts,
    }
}

/// Blocks read for a date at the top of a page (an email's `May 3, 2023` row): those up to the
/// first block with links, at most this many.
const LEAD_DATE_BLOCKS: usize = 8;

/// Most words of its own (outside its links) of a byline that dates the page
/// (`Posted on March 3, 2021 by <a>Jane</a>`, `<a>Jane Doe</a> · 3 March 2021`).
const BYLINE_WORDS: usize = 8;

/// Most links of a byline that dates the page (the author, a category).
const BYLINE_LINKS: usize = 2;

/// `header` with the `date` and `issue` fields it lacks taken from the first dated block of the
/// page's top ([`lead_date`]): its date, and the issue number written beside it (`Issue #12 —
/// 3rd of March, 2021` in a header row).
fn with_lead_date(mut header: Header, body: &Body) -> Header {
    let wants_date = header.field(&["date"]).is_none();
    let wants_number = header.field(&["issue"]).is_none();
    if !wants_date && !wants_number {
        return header;
    }
    let Some((found, text)) = lead_date(body) else {
        return header;
    };
    let number = date::issue_number(&text).filter(|_| wants_number);
    let values = [
        wants_date.then(|| ("date", crate::model::day::format(found))),
        number.map(|number| ("issue", number.to_string())),
    ];
    for (key, value) in values.into_iter().flatten() {
        header.fields.push(Field {
            key: key.to_string(),
            value,
            line: 1,
        });
    }
    header
}

/// The first date written in the page's leading blocks, with the text that writes it: the
/// link-less blocks of its top (at most [`LEAD_DATE_BLOCKS`]), and the first block with links
/// when it is a byline (at most [`BYLINE_LINKS`] links and [`BYLINE_WORDS`] words of its own,
/// the date among them). A date after that is an entry's (`a post from 2019-05-01`); a text that
/// says it dates an update (`Last updated: Jan 1, 2023`) is passed over.
fn lead_date(body: &Body) -> Option<(time::Date, String)> {
    for located in body.blocks.iter().take(LEAD_DATE_BLOCKS) {
        let links = block_links(&located.block);
        let texts: Vec<std::borrow::Cow<'_, str>> = match &located.block {
            Block::Heading { text, .. } => vec![text.as_str().into()],
            Block::Paragraph(lines) | Block::Item(ListItem { lines, .. }) => {
                lines.iter().map(|line| line.prose()).collect()
            }
            Block::Row(line) => vec![line.prose()],
            _ => Vec::new(),
        };
        let is_byline = links <= BYLINE_LINKS
            && texts
                .iter()
                .map(|text| text.split_whitespace().count())
                .sum::<usize>()
                <= BYLINE_WORDS;
        if links == 0 || is_byline {
            let found = texts.into_iter().find_map(|text| {
                let day = date::find(&text)?
                    .ok()
                    .filter(|_| !stated::says_updated(&text))?;
                Some((day, text.into_owned()))
            });
            if found.is_some() {
                return found;
            }
        }
        if links > 0 {
            return None;
        }
    }
    None
}

/// Web links in a block.
fn block_links(block: &Block) -> usize {
    match block {
        Block::Heading { links, .. } => links.len(),
        Block::Paragraph(lines) => lines.iter().map(|line| line.links.len()).sum(),
        Block::Item(item) => item.lines.iter().map(|line| line.links.len()).sum(),
        Block::Row(line) => line.links.len(),
        Block::Break | Block::Code | Block::Empty => 0,
    }
}

/// Reads an HTML fragment or document already decoded (a feed entry's content, a mail's HTML
/// part, a markdown HTML block) into blocks.
pub fn read_fragment(html: &str) -> Body {
    read_fragment_at(html, None)
}

/// [`read_fragment`] for a fragment whose relative links resolve against `base` (a feed entry's
/// `xml:base` or own page), as a page's do against its URL; with no base they are left out.
pub fn read_fragment_at(html: &str, base: Option<&str>) -> Body {
    let address = kept::Address::new(&kept::Hints::default(), base);
    let html = nesting::bounded(html);
    let document = if looks_like_document(&html) {
        Html::parse_document(&html)
    } else {
        Html::parse_fragment(&html)
    };
    let root = content_root(&document);
    Reader::new(root, &address).read(root)
}

/// True when `text` starts (after whitespace and comments) like a whole HTML document.
pub fn looks_like_document(text: &str) -> bool {
    let text = text.trim_start_matches('\u{feff}');
    // The first 512 characters, cut in place (collecting them one by one cost more than the
    // rest); 512 bytes when those are ASCII, as most pages' tops are.
    let end = if text.len() >= 512 && text.as_bytes()[..512].is_ascii() {
        512
    } else {
        text.char_indices()
            .nth(512)
            .map_or(text.len(), |(at, _)| at)
    };
    let head = text[..end].to_ascii_lowercase();
    let head = head.trim_start();
    let head = strip_leading_comments(head);
    [
        "<!doctype html",
        "<html",
        "<head",
        "<body",
        "<meta",
        "<title",
    ]
    .iter()
    .any(|start| head.starts_with(start))
}

fn strip_leading_comments(mut text: &str) -> &str {
    while let Some(rest) = text.strip_prefix("<!--") {
        text = rest
            .find("-->")
            .map_or("", |end| &rest[end + 3..])
            .trim_start();
    }
    if let Some(rest) = text.strip_prefix("<?xml") {
        text = rest
            .find("?>")
            .map_or("", |end| &rest[end + 2..])
            .trim_start();
    }
    text
}

/// The element whose content is the issue: the `<main>`, `role="main"` or `<article>` holding
/// the most links, else the document itself. A candidate inside another holds no more links
/// than it (and a tie keeps the first, the outer one), so only outermost candidates are counted,
/// and a page with one needs no counting at all. Candidates that share a parent are the page's
/// cards (one `<article>` per entry), not its issue: their parent stands for them.
fn content_root(document: &Html) -> NodeRef<'_, Node> {
    let root = document.tree.root();
    let mut outermost: Vec<NodeRef<'_, Node>> = Vec::new();
    for node in root.descendants() {
        let is_candidate = node.value().as_element().is_some_and(|element| {
            matches!(element.name(), "main" | "article")
                || roles::attr(element, "role") == Some("main")
        });
        if is_candidate && !node.ancestors().any(|up| outermost.contains(&up)) {
            outermost.push(node);
        }
    }
    let outermost = cards_as_their_parent(outermost);
    if let [only] = outermost.as_slice() {
        return if has_link(*only) { *only } else { root };
    }
    let mut best: Option<(usize, NodeRef<'_, Node>)> = None;
    for candidate in outermost {
        let links = count_links(candidate);
        if links > 0 && best.is_none_or(|(most, _)| links > most) {
            best = Some((links, candidate));
        }
    }
    best.map_or(root, |(_, node)| node)
}

/// `candidates` with those sharing a parent replaced by that parent (once, in its first one's
/// place).
fn cards_as_their_parent(candidates: Vec<NodeRef<'_, Node>>) -> Vec<NodeRef<'_, Node>> {
    let mut siblings: FxHashMap<NodeId, usize> = FxHashMap::default();
    for candidate in &candidates {
        if let Some(parent) = candidate.parent() {
            *siblings.entry(parent.id()).or_default() += 1;
        }
    }
    if siblings.values().all(|&count| count < 2) {
        return candidates;
    }
    let mut out: Vec<NodeRef<'_, Node>> = Vec::with_capacity(candidates.len());
    let mut seen: FxHashSet<NodeId> = FxHashSet::default();
    for candidate in candidates {
        let card_parent = candidate
            .parent()
            .filter(|parent| siblings.get(&parent.id()).is_some_and(|&count| count >= 2));
        let node = card_parent.unwrap_or(candidate);
        if seen.insert(node.id()) {
            out.push(node);
        }
    }
    out
}

/// `<a href>` elements under `node`.
fn count_links(node: NodeRef<'_, Node>) -> usize {
    node.descendants().filter(|node| is_link(*node)).count()
}

/// True when `node` holds an `<a href>` (read up to the first one).
fn has_link(node: NodeRef<'_, Node>) -> bool {
    node.descendants().any(is_link)
}

/// True for an `<a href>` element.
fn is_link(node: NodeRef<'_, Node>) -> bool {
    node.value()
        .as_element()
        .is_some_and(|element| element.name() == "a" && roles::attr(element, "href").is_some())
}
