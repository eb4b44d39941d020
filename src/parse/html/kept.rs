//! Pages as people keep them: a web archive's capture (the Wayback Machine's toolbar inserted,
//! every link rewritten to a capture) and a browser's "Save page as" (a `saved from url=`
//! comment, links left relative). Such a page is read as the page it keeps:
//!
//! - **Its own URL** ([`Address`]) is the one it says: `<link rel=canonical>`, `og:url`, the
//!   `<!-- saved from url=(0043)https://… -->` comment, or the original a capture names (its
//!   toolbar's form, its playback script); a capture's URL is its original
//!   ([`crate::urls::unarchived`]). It is the documents' `issue_url`; a link to it is no item.
//! - **Relative links** resolve against `<base href>`, else that URL, else the URL the page was
//!   fetched from; with none of them, they are left out as before (one warning per page when they
//!   are at least as many as its documents).
//! - **The archive's chrome** ([`strip_archive_chrome`]): the toolbar between
//!   `<!-- BEGIN WAYBACK TOOLBAR INSERT -->` and `<!-- END WAYBACK TOOLBAR INSERT -->`, or, with
//!   no such comments, a block at the top of a capture's body whose links all lead into the archive
//!   (its calendar, its search, other captures of the page itself) is taken out before reading.
//!   A capture's timestamp is never the date.

use std::borrow::Cow;

use ego_tree::{NodeId, NodeRef};
use rustc_hash::{FxHashMap, FxHashSet};
use scraper::{ElementRef, Html, Node};
use url::Url;

use super::roles::attr;
use crate::urls::{self, Archived};

/// The comment a Wayback capture opens its toolbar with.
const TOOLBAR_BEGIN: &str = "BEGIN WAYBACK TOOLBAR INSERT";
/// The comment a Wayback capture closes its toolbar with.
const TOOLBAR_END: &str = "END WAYBACK TOOLBAR INSERT";
/// The call of a capture's playback script that names the captured URL first.
const PLAYBACK_CALL: &str = "__wm.wombat(";
/// The body's first element children looked at for an archive's toolbar without its comments.
const TOOLBAR_CHILDREN: usize = 4;
/// Fewest links of a block that is the archive's toolbar by its links.
const TOOLBAR_LINKS: usize = 2;

/// What a page says of where it was kept, gathered in the page's one pass over its facts.
#[derive(Debug, Default)]
pub struct Hints {
    base_href: Option<String>,
    canonical: Option<String>,
    og_url: Option<String>,
    saved_from: Option<String>,
    /// The original a capture's toolbar form or playback script names.
    captured: Option<String>,
    /// The toolbar's opening and closing comments.
    toolbar: (Option<NodeId>, Option<NodeId>),
    in_toolbar: bool,
    /// The page is a web archive's capture (its toolbar, its scripts or styles).
    capture: bool,
}

impl Hints {
    /// Notes what `element` says (a `<base>`, a canonical `<link>`, `og:url`, a capture's form
    /// or scripts): the page's facts pass hands it those elements.
    pub fn element(&mut self, element: ElementRef<'_>) {
        let value = element.value();
        let slot = |slot: &mut Option<String>, text: Option<&str>| {
            if slot.is_none() {
                *slot = text
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_string);
            }
        };
        match value.name() {
            "base" => slot(&mut self.base_href, attr(value, "href")),
            "link" => {
                let href = attr(value, "href").unwrap_or_default();
                self.capture |= is_archive_asset(href);
                let rel = attr(value, "rel").unwrap_or_default();
                if rel
                    .split_ascii_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("canonical"))
                {
                    slot(&mut self.canonical, Some(href));
                }
            }
            "meta" if [attr(value, "property"), attr(value, "name")].contains(&Some("og:url")) => {
                slot(&mut self.og_url, attr(value, "content"));
            }
            "input" if self.in_toolbar && attr(value, "name") == Some("url") => {
                slot(&mut self.captured, attr(value, "value"));
            }
            "script" => match attr(value, "src") {
                Some(src) => self.capture |= is_archive_asset(src),
                None => self.script(element),
            },
            _ => {}
        }
    }

    /// Notes what the comment `text` (node `id`) says: a browser's `saved from url=`, or the
    /// bounds of an archive's toolbar.
    pub fn comment(&mut self, id: NodeId, text: &str) {
        if text.contains(TOOLBAR_BEGIN) {
            self.toolbar.0 = self.toolbar.0.or(Some(id));
            self.in_toolbar = true;
            self.capture = true;
        } else if text.contains(TOOLBAR_END) {
            self.toolbar.1 = self.toolbar.1.or(Some(id));
            self.in_toolbar = false;
        } else if self.saved_from.is_none() {
            self.saved_from = saved_from(text);
        }
    }

    /// Notes the original a capture's playback script names (`__wm.wombat("https://…", …)`).
    fn script(&mut self, element: ElementRef<'_>) {
        let Some(Node::Text(text)) = element.first_child().map(|child| child.value()) else {
            return;
        };
        let Some(at) = memchr::memmem::find(text.as_bytes(), PLAYBACK_CALL.as_bytes()) else {
            return;
        };
        self.capture = true;
        let rest = text[at + PLAYBACK_CALL.len()..].trim_start();
        let Some(quote) = rest.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
            return;
        };
        let quoted = rest[1..].split(quote).next().unwrap_or_default();
        if self.captured.is_none() && !quoted.is_empty() {
            self.captured = Some(quoted.to_string());
        }
    }
}

/// True for a script or style a web archive injects (`/_static/js/wombat.js`, or one served
/// from the archive).
fn is_archive_asset(url: &str) -> bool {
    let url = url.trim();
    url.starts_with("/_static/") || urls::archived(url) != Archived::No
}

/// The URL of a browser's `saved from url=(0043)https://…` comment.
fn saved_from(text: &str) -> Option<String> {
    let rest = urls::strip_prefix_ignore_case(text.trim(), "saved from url=")?;
    let rest = match rest.strip_prefix('(') {
        Some(counted) => counted.split_once(')')?.1,
        None => rest,
    };
    let url = rest.split_whitespace().next()?;
    urls::is_web(url).then(|| url.to_string())
}

/// Where a page's links lead: the base its relative links resolve against, and its own URL.
#[derive(Debug, Default)]
pub struct Address {
    base: Option<Url>,
    own: Option<Own>,
}

/// The page's own URL, and what a link to it is told by.
#[derive(Debug)]
struct Own {
    url: String,
    /// Its [`urls::canonical_url`].
    canonical: String,
    /// Text every link to it holds (the path of its canonical URL: a host may be written in
    /// any case), so most links are told apart by a substring search before a URL parse.
    tail: String,
}

/// What a link's `href` leads to for the reader.
#[derive(Debug, PartialEq, Eq)]
pub enum Href<'h> {
    /// A URL (a web link or not: `mailto:`, an in-page anchor).
    Url(Cow<'h, str>),
    /// The page itself: no item of it.
    Itself,
    /// A relative link with no base to resolve it against.
    Unresolved,
}

impl Address {
    /// The address `hints` give a page fetched from `fetched` (`None` for a file).
    pub fn new(hints: &Hints, fetched: Option<&str>) -> Self {
        let fetched = fetched
            .map(|url| urls::unarchived(url.trim()))
            .and_then(|url| Url::parse(&url).ok());
        let given_base = hints
            .base_href
            .as_deref()
            .and_then(|href| web_url(href, fetched.as_ref()));
        let anchor = given_base.as_ref().or(fetched.as_ref());
        let own = [
            &hints.canonical,
            &hints.og_url,
            &hints.saved_from,
            &hints.captured,
        ]
        .into_iter()
        .flatten()
        .find_map(|candidate| web_url(candidate, anchor));
        let base = match hints.base_href.as_deref() {
            Some(href) if given_base.is_none() => {
                own.as_ref().and_then(|own| web_url(href, Some(own)))
            }
            _ => given_base,
        };
        let base = base.or_else(|| own.clone()).or(fetched);
        Self {
            base,
            own: own.map(Own::of),
        }
    }

    /// The page's own URL, when it says it.
    pub fn own(&self) -> Option<&str> {
        self.own.as_ref().map(|own| own.url.as_str())
    }

    /// The URL relative links resolve against, when there is one.
    pub fn base(&self) -> Option<&str> {
        self.base.as_ref().map(Url::as_str)
    }

    /// What the link `href` (as written) leads to.
    pub fn link<'h>(&self, href: &'h str) -> Href<'h> {
        match urls::resolve(href.trim(), self.base.as_ref()) {
            None => Href::Unresolved,
            Some(url) if self.is_itself(&url) => Href::Itself,
            Some(url) => Href::Url(url),
        }
    }

    /// True when `url` is the page's own URL.
    fn is_itself(&self, url: &str) -> bool {
        self.own.as_ref().is_some_and(|own| {
            memchr::memmem::find(url.as_bytes(), own.tail.as_bytes()).is_some()
                && urls::canonical_url(url) == own.canonical
        })
    }
}

impl Own {
    fn of(url: Url) -> Self {
        let url = url.to_string();
        let canonical = urls::canonical_url(&url);
        let host_and_path = canonical.split('?').next().unwrap_or_default();
        let tail = host_and_path
            .find('/')
            .map_or("", |at| &host_and_path[at..])
            .to_string();
        Self {
            canonical,
            tail,
            url,
        }
    }
}

/// `text` as an absolute http(s) URL (a capture's original; a relative one joined to `base`).
fn web_url(text: &str, base: Option<&Url>) -> Option<Url> {
    Url::parse(&urls::resolve_web(text, base)?).ok()
}

/// Where a page's links lead, noted as the layout's walk meets them (once per link) for the
/// reader: each link whose target is not its `href` as written (a capture's original, a relative
/// link resolved, `""` for a link to the page itself), and the relative links left out.
#[derive(Debug, Default)]
pub struct Leads {
    hrefs: FxHashMap<NodeId, String>,
    unresolved: usize,
}

impl Leads {
    /// Where the link `node` to `href` leads at `address`, noted when it is not `href`.
    pub fn note<'h>(&mut self, address: &Address, node: NodeId, href: &'h str) -> Cow<'h, str> {
        match address.link(href) {
            Href::Url(Cow::Owned(url)) => {
                self.hrefs.insert(node, url.clone());
                Cow::Owned(url)
            }
            Href::Url(url) => url,
            Href::Itself => {
                self.hrefs.insert(node, String::new());
                Cow::Borrowed("")
            }
            Href::Unresolved => {
                self.unresolved += 1;
                Cow::Borrowed(href)
            }
        }
    }

    /// Where the link element `id` leads, when that is not its `href` as written.
    pub fn href(&self, id: NodeId) -> Option<&str> {
        if self.hrefs.is_empty() {
            return None;
        }
        self.hrefs.get(&id).map(String::as_str)
    }

    /// Relative links left out for want of a base.
    pub fn unresolved(&self) -> usize {
        self.unresolved
    }
}

/// Takes a web archive's toolbar out of `document` (see the module doc).
pub fn strip_archive_chrome(document: &mut Html, hints: &Hints, address: &Address) {
    let doomed = match hints.toolbar {
        (Some(begin), Some(end)) => between(document, begin, end),
        _ if hints.capture => toolbar_blocks(document, address),
        _ => return,
    };
    for id in doomed {
        if let Some(mut node) = document.tree.get_mut(id) {
            node.detach();
        }
    }
}

/// The nodes from `begin` to `end` in document order, both included, without the elements that
/// hold `end` (an unclosed toolbar `<div>` holds the page after it).
fn between(document: &Html, begin: NodeId, end: NodeId) -> Vec<NodeId> {
    let (Some(first), Some(last)) = (document.tree.get(begin), document.tree.get(end)) else {
        return Vec::new();
    };
    let holders: FxHashSet<NodeId> = last.ancestors().map(|node| node.id()).collect();
    let mut doomed = vec![begin];
    let mut next = after(first);
    while let Some(node) = next {
        if node.id() == end {
            doomed.push(end);
            break;
        }
        next = if holders.contains(&node.id()) {
            node.first_child()
        } else {
            doomed.push(node.id());
            after(node)
        };
    }
    doomed
}

/// The node after `node` and its subtree in document order.
fn after(node: NodeRef<'_, Node>) -> Option<NodeRef<'_, Node>> {
    let mut at = node;
    loop {
        if let Some(sibling) = at.next_sibling() {
            return Some(sibling);
        }
        at = at.parent()?;
    }
}

/// The first children of the body that hold [`TOOLBAR_LINKS`] links or more, all into the
/// archive ([`is_toolbar`]).
fn toolbar_blocks(document: &Html, address: &Address) -> Vec<NodeId> {
    let Some(body) = document
        .root_element()
        .children()
        .filter_map(ElementRef::wrap)
        .find(|element| element.value().name() == "body")
    else {
        return Vec::new();
    };
    body.children()
        .filter_map(ElementRef::wrap)
        .take(TOOLBAR_CHILDREN)
        .filter(|block| is_toolbar(*block, address))
        .map(|block| block.id())
        .collect()
}

/// True for a block whose links (at least [`TOOLBAR_LINKS`]) all lead into the archive: its own
/// pages, its site, and captures of one page, the page being read (when it says its URL, else the
/// one page all those captures are of).
fn is_toolbar(block: ElementRef<'_>, address: &Address) -> bool {
    let mut links = 0;
    let mut captured: Option<String> = None;
    let hrefs = block
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter_map(|element| attr(element.value(), "href"));
    for href in hrefs {
        links += 1;
        let href = href.trim();
        match urls::archived(href) {
            Archived::Archive => {}
            Archived::Capture(original) if address.own.is_some() => {
                if !address.is_itself(&original) {
                    return false;
                }
            }
            Archived::Capture(original) => {
                let original = urls::canonical_url(&original);
                if captured.get_or_insert_with(|| original.clone()) != &original {
                    return false;
                }
            }
            Archived::No if !is_archive_site(href) => return false,
            Archived::No => {}
        }
    }
    links >= TOOLBAR_LINKS
}

/// True for a page of the archive's own site (`https://archive.org/donate/`, `help.archive.org`).
fn is_archive_site(href: &str) -> bool {
    if !urls::is_web(href) {
        return false;
    }
    let host = urls::host(href);
    host == "archive.org" || host.ends_with(".archive.org")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ids of the blocks [`toolbar_blocks`] finds in `html`, by their `id` attribute.
    fn toolbars(html: &str, address: &Address) -> Vec<String> {
        let document = Html::parse_document(html);
        toolbar_blocks(&document, address)
            .into_iter()
            .filter_map(|id| ElementRef::wrap(document.tree.get(id)?))
            .filter_map(|block| attr(block.value(), "id").map(str::to_string))
            .collect()
    }

    #[test]
    fn a_toolbar_is_a_block_at_the_top_whose_links_all_lead_into_the_archive() {
        let page = "<body><div id=bar><a href=/web/>Wayback</a> \
            <a href=/web/2019/https://x.example/7>DEC</a> \
            <a href=https://web.archive.org/web/2019*/https://x.example/7>27 captures</a> \
            <a href=https://help.archive.org/>Help</a></div>\
            <div id=page><a href=/web/2020/https://a.example/p>A post</a></div></body>";
        assert_eq!(toolbars(page, &Address::default()), ["bar"]);
        let own = Hints {
            canonical: Some("https://x.example/7".into()),
            ..Hints::default()
        };
        assert_eq!(toolbars(page, &Address::new(&own, None)), ["bar"]);
        let other = Hints {
            canonical: Some("https://x.example/8".into()),
            ..Hints::default()
        };
        assert!(toolbars(page, &Address::new(&other, None)).is_empty());
        let two_pages = page.replace("2019*/https://x.example/7", "2019*/https://x.example/6");
        assert!(toolbars(&two_pages, &Address::default()).is_empty());
        let sponsored = page.replace("https://help.archive.org/", "https://c.example/");
        assert!(toolbars(&sponsored, &Address::default()).is_empty());
        let one_link = "<body><div id=bar><a href=/web/>Wayback</a></div></body>";
        assert!(toolbars(one_link, &Address::default()).is_empty());
    }

    #[test]
    fn a_saved_from_comment_names_the_page() {
        assert_eq!(
            saved_from(" saved from url=(0043)https://weekly.example/issues/7.html "),
            Some("https://weekly.example/issues/7.html".into())
        );
        assert_eq!(
            saved_from("saved from url=https://weekly.example/"),
            Some("https://weekly.example/".into())
        );
        assert_eq!(saved_from("saved from url=(0014)about:internet"), None);
        assert_eq!(saved_from("a comment"), None);
    }

    #[test]
    fn the_base_comes_first_then_the_pages_own_url() {
        let hints = Hints {
            base_href: Some("/web/2020/https://weekly.example/issues/".into()),
            canonical: Some(
                "https://web.archive.org/web/2020/https://weekly.example/issues/7".into(),
            ),
            ..Hints::default()
        };
        let address = Address::new(&hints, None);
        assert_eq!(address.own(), Some("https://weekly.example/issues/7"));
        assert_eq!(address.base(), Some("https://weekly.example/issues/"));
        assert_eq!(
            address.link("8"),
            Href::Url("https://weekly.example/issues/8".into())
        );
        assert_eq!(address.link("/issues/7/#top"), Href::Itself);
        assert_eq!(
            address.link("https://weekly.example/issues/7"),
            Href::Itself
        );
        assert_eq!(
            address.link("HTTPS://WWW.Weekly.Example/issues/7/?utm_source=x"),
            Href::Itself
        );
        assert_eq!(
            address.link("https://weekly.example/Issues/7"),
            Href::Url("https://weekly.example/Issues/7".into())
        );
        let home = Address::new(
            &Hints {
                og_url: Some("https://Weekly.Example/".into()),
                ..Hints::default()
            },
            None,
        );
        assert_eq!(home.link("https://weekly.example"), Href::Itself);
        assert_eq!(
            home.link("https://weekly.example/7"),
            Href::Url("https://weekly.example/7".into())
        );
        let relative_base = Hints {
            base_href: Some("../".into()),
            og_url: Some("https://weekly.example/issues/7".into()),
            ..Hints::default()
        };
        let address = Address::new(&relative_base, None);
        assert_eq!(address.base(), Some("https://weekly.example/"));
        let nothing = Address::new(&Hints::default(), None);
        assert_eq!(nothing.link("next.html"), Href::Unresolved);
        assert_eq!(nothing.link("#top"), Href::Url("#top".into()));
        let fetched = Address::new(&Hints::default(), Some("https://weekly.example/7/"));
        assert_eq!(fetched.own(), None);
        assert_eq!(
            fetched.link("a"),
            Href::Url("https://weekly.example/7/a".into())
        );
    }
}
