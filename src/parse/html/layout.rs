//! The page's own repetition, worked out from the DOM before it is read (one walk over the nodes
//! under the content root, then one pass over the sibling lists), so that entries and sections
//! come from how the page repeats itself and not from one layout's class names:
//!
//! - **Entries.** In one parent, the children that begin with a title line (a titled web link
//!   alone on its line) and share a signature (their tag, class and style, and those of the
//!   link's own parent) start its entries, when at least two do (the signature met first wins).
//!   An entry runs from its start to the next start, whatever the markup between (a credit line,
//!   a share widget, a `<br>` and a `<span>` a closed `<p>` left behind), or up to a block set
//!   under fewer than half of the entries' titles that holds a lead of its own (a sponsor box
//!   between two entries, with three entries or more to tell). The last one takes as
//!   many lines as most entries have under their title, in blocks of the kinds seen there. A
//!   child holding entries or section headings of its own starts none, and starts set in running
//!   text (links of one paragraph) count only when the paragraph opens with one.
//! - **Section headings.** A short link-less block whose signature (with a class or a style)
//!   repeats in its parent, each time right before a block that opens with a titled link, is a
//!   section heading (`<p class="section">News</p>`), unless every label of its style follows an
//!   entry's title (each entry's description) or every entry has one (its date). A styled inline
//!   element alone on its line is such a block, and a block or row whose only words are one label
//!   stands for it; sibling wrappers of one signature that each open with a label of one style
//!   before their entries are sections, the labels their headings. A block whose signature is
//!   that of the page's section headings (those, or short link-less blocks set in bold or large
//!   type by their own style) and whose text is one link is a linked section heading (`Jobs by
//!   Example Careers`).
//! - **Links around blocks** (`<a href><h3>Title</h3></a>`): links holding a block element.

use std::hash::{Hash, Hasher};

use ego_tree::{NodeId, NodeRef};
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};
use scraper::node::Element;
use scraper::Node;

mod siblings;

use super::kept::{Address, Leads};
use super::roles::{attr, is_emphasized, role_of, Role, MAX_LABEL_WORDS};
use crate::parse::issue::clean;

/// Bytes of a link's text kept to tell a title from a URL.
const LINK_TEXT: usize = 256;
/// No link, for a token outside links and a child with no group.
const NONE: u32 = u32::MAX;
/// The signature of a run of text between elements.
const TEXT: u64 = 0x7e87;

/// Where an entry ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// The parent of its start: the entry ends when it does.
    pub parent: NodeId,
    /// The first sibling after it (the next entry's start), or `None` when it runs to its
    /// parent's end.
    pub end: Option<NodeId>,
}

/// What the repetition says of one element.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Mark {
    /// It starts an entry.
    pub entry: Option<Entry>,
    /// It is a section heading (`true`: a linked one, its text one link).
    pub heading: Option<bool>,
    /// It is a link around a block element.
    pub block_link: bool,
    /// It is a card: one of sibling blocks of one signature that each hold one entry (a lead
    /// with its date, picture or description), so nothing after it describes that entry.
    pub card: bool,
}

/// The marks of a page's elements (none for most), and the role of every element the walk
/// entered, in document order: the reader walks the same elements in the same order and takes
/// their roles from here instead of working them out again.
#[derive(Debug, Default)]
pub struct Layout {
    marks: FxHashMap<NodeId, Mark>,
    roles: Vec<Role>,
    /// Where its links lead.
    leads: Leads,
}

impl Layout {
    /// The layout of the nodes under `root`, their links read at `address`.
    pub fn of<'a>(root: NodeRef<'a, Node>, address: &'a Address) -> Self {
        let mut walk = Walk {
            address: Some(address),
            ..Walk::default()
        };
        walk.run(root);
        walk.analyse()
    }

    /// The role of the `index`-th element entered (0-based, in document order).
    pub fn role(&self, index: usize) -> Option<Role> {
        self.roles.get(index).copied()
    }

    /// Where the page's links lead.
    pub fn leads(&self) -> &Leads {
        &self.leads
    }

    /// The mark of the node `id`, when it has one.
    pub fn mark(&self, id: NodeId) -> Option<Mark> {
        if self.marks.is_empty() {
            return None;
        }
        self.marks.get(&id).copied()
    }
}

/// A run of visible text: its line (a counter that moves at every block boundary), its link and
/// the signature of the element holding it.
struct Token {
    line: u32,
    link: u32,
    parent: u64,
    /// Lines begun up to this token: the lines of tokens `a..=b` are `b.lines - a.lines + 1`.
    lines: u32,
}

/// A link met in the walk.
struct LinkInfo {
    node: NodeId,
    /// Its first token and the token after its last (`NONE` while open).
    start: u32,
    end: u32,
    /// The signature of its parent element.
    parent: u64,
    /// Its text is a title (not its URL), and it is a web link: known once it is closed.
    titled: bool,
    /// A block element opened inside it.
    block: bool,
}

/// What the analysis needs of one child of an element.
#[derive(Clone, Copy)]
struct Child {
    node: NodeId,
    sig: u64,
    /// The title signature, for a child that begins with a title line.
    title: Option<u64>,
    /// It begins with a titled web link at the start of a line (a title line, or a title and
    /// words after it on its line: `Title — what it is`).
    leads: bool,
    /// The leads it holds (itself when none of its children is one): how many entries it sets.
    entries: u32,
    /// Its blocks with words: its children's, or those of its one child with words (a wrapper).
    blocks: u32,
    /// It has no visible words.
    empty: bool,
    /// A short link-less block or inline element (a heading candidate when alone on its line),
    /// with a class or style of its own.
    label: bool,
    /// The element a heading mark goes to: the child, or the styled label it wraps.
    label_node: NodeId,
    styled: bool,
    /// Its text is one link, in few words.
    one_link: bool,
    /// For a label or a one-link block, its signature with that of the element holding its words
    /// (for a link, the link's parent): what a section heading style is compared by.
    style: u64,
    /// An inline element or text.
    inline: bool,
    /// A heading element (`h1`..`h6`).
    heading: bool,
    /// Its own children's group, or `NONE`.
    group: u32,
    /// Its tokens.
    tokens: (u32, u32),
}

/// An element being walked.
struct Frame<'a> {
    node: NodeRef<'a, Node>,
    role: Role,
    sig: u64,
    styled: bool,
    tokens: u32,
    words: u64,
    linked: u64,
    children: usize,
}

/// The walk's state.
#[derive(Default)]
struct Walk<'a> {
    /// The role of every element entered, in order.
    roles: Vec<Role>,
    tokens: Vec<Token>,
    links: Vec<LinkInfo>,
    open_link: Option<u32>,
    /// The open link leads into the page (`#news`): a permalink, whose glyph (`¶`) is no word.
    in_page_link: bool,
    /// The open link's text so far (its first [`LINK_TEXT`] bytes).
    link_text: String,
    line: u32,
    words: u64,
    linked: u64,
    code: usize,
    articles: usize,
    frames: Vec<Frame<'a>>,
    /// Children of the open frames, innermost last.
    pending: Vec<Child>,
    /// Children of finished elements, a group (a range) per parent, in post-order.
    children: Vec<Child>,
    groups: Vec<(NodeId, std::ops::Range<usize>)>,
    /// Signatures of the blocks the page sets in heading type by their own style.
    heading_styles: FxHashSet<u64>,
    /// Where the page's links lead.
    address: Option<&'a Address>,
    /// Where the links met lead.
    leads: Leads,
}

impl<'a> Walk<'a> {
    /// Walks the nodes under `root` in document order (without recursion).
    fn run(&mut self, root: NodeRef<'a, Node>) {
        let mut framed: Vec<bool> = Vec::new();
        let mut node = root;
        loop {
            let frame = self.enter(node);
            framed.push(frame);
            if frame {
                if let Some(child) = node.first_child() {
                    node = child;
                    continue;
                }
            }
            loop {
                if framed.pop() == Some(true) {
                    self.leave();
                }
                if node == root {
                    return;
                }
                if let Some(next) = node.next_sibling() {
                    node = next;
                    break;
                }
                match node.parent() {
                    Some(parent) => node = parent,
                    None => return,
                }
            }
        }
    }

    /// Enters `node`: reads a text, opens a frame for an element (or the document) that is read
    /// (`true`).
    fn enter(&mut self, node: NodeRef<'a, Node>) -> bool {
        match node.value() {
            Node::Text(text) => {
                self.text(node.id(), &text.text);
                false
            }
            Node::Element(element) => self.open(node, element),
            Node::Document | Node::Fragment => {
                self.push_frame(node, Role::Block, 0, false);
                true
            }
            _ => false,
        }
    }

    fn text(&mut self, id: NodeId, text: &str) {
        if self.code > 0 {
            return;
        }
        let words = word_count(text);
        if words == 0 || (self.in_page_link && !text.chars().any(char::is_alphanumeric)) {
            return;
        }
        self.words += words as u64;
        if self.open_link.is_some() {
            self.linked += 1;
            let room = LINK_TEXT.saturating_sub(self.link_text.len());
            let mut cut = room.min(text.len());
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            self.link_text.push_str(&text[..cut]);
        }
        let lines = match self.tokens.last() {
            Some(last) => last.lines + u32::from(last.line != self.line),
            None => 1,
        };
        self.tokens.push(Token {
            line: self.line,
            link: self.open_link.unwrap_or(NONE),
            parent: self.frames.last().map_or(0, |frame| frame.sig),
            lines,
        });
        self.pending.push(Child {
            node: id,
            sig: TEXT,
            title: None,
            leads: false,
            entries: 0,
            blocks: 0,
            empty: false,
            label: false,
            label_node: id,
            styled: false,
            one_link: false,
            style: 0,
            inline: true,
            heading: false,
            group: NONE,
            tokens: (self.tokens.len() as u32 - 1, self.tokens.len() as u32),
        });
    }

    fn open(&mut self, node: NodeRef<'a, Node>, element: &Element) -> bool {
        let role = role_of(element, self.articles > 0);
        self.roles.push(role);
        if role == Role::Skip {
            return false;
        }
        if breaks_line(role) {
            self.line += 1;
            if let Some(link) = self.open_link {
                self.links[link as usize].block = true;
            }
        }
        let (sig, styled) = signature(element);
        match role {
            Role::Link if self.open_link.is_none() => {
                self.open_link = Some(self.links.len() as u32);
                self.in_page_link = attr(element, "href").is_some_and(|h| h.starts_with('#'));
                self.links.push(LinkInfo {
                    node: node.id(),
                    start: self.tokens.len() as u32,
                    end: NONE,
                    parent: self.frames.last().map_or(0, |frame| frame.sig),
                    titled: false,
                    block: false,
                });
            }
            Role::Code => self.code += 1,
            _ => {}
        }
        self.articles += usize::from(element.name() == "article");
        self.push_frame(node, role, sig, styled);
        true
    }

    fn push_frame(&mut self, node: NodeRef<'a, Node>, role: Role, sig: u64, styled: bool) {
        self.frames.push(Frame {
            node,
            role,
            sig,
            styled,
            tokens: self.tokens.len() as u32,
            words: self.words,
            linked: self.linked,
            children: self.pending.len(),
        });
    }

    /// Leaves the innermost open element: its children become a group, it a child of its parent.
    fn leave(&mut self) {
        let Some(frame) = self.frames.pop() else {
            return;
        };
        if breaks_line(frame.role) {
            self.line += 1;
        }
        match frame.role {
            Role::Link
                if self
                    .open_link
                    .is_some_and(|link| self.links[link as usize].node == frame.node.id()) =>
            {
                let href = frame
                    .node
                    .value()
                    .as_element()
                    .and_then(|a| attr(a, "href"));
                self.close_link(frame.node.id(), href.unwrap_or_default().trim());
            }
            Role::Code => self.code = self.code.saturating_sub(1),
            _ => {}
        }
        let lifted = matches!(frame.role, Role::Row | Role::Block)
            .then(|| self.one_label(frame.children, is_table_part(&frame)))
            .flatten();
        let group = if self.pending.len() > frame.children {
            self.groups.push((
                frame.node.id(),
                self.children.len()..self.children.len() + self.pending.len() - frame.children,
            ));
            self.children.extend(self.pending.drain(frame.children..));
            (self.groups.len() - 1) as u32
        } else {
            NONE
        };
        let child = self.child(&frame, group, lifted);
        self.pending.push(child);
    }

    /// The element to mark, and whether it or a wrapper is styled, when the pending children
    /// from `from` on with words are one label (a row's one cell, `<td class="kicker">News</td>`,
    /// in any wrappers): their parent is a label of that style, and a heading of it is that
    /// element. In a table's parts (`table_part`), a cell of one link is lifted so too: a
    /// linked heading set as a styled one-cell table is marked on its cell, as its row reads it.
    fn one_label(&self, from: usize, table_part: bool) -> Option<(NodeId, bool)> {
        let mut worded = self.pending[from..].iter().filter(|child| !child.empty);
        match (worded.next(), worded.next()) {
            (Some(child), None) if child.label || (table_part && child.one_link) => {
                Some((child.label_node, child.styled))
            }
            _ => None,
        }
    }

    /// Closes the open link `node` to `href`: where it leads, its end, and whether its text is a
    /// title.
    fn close_link(&mut self, node: NodeId, href: &str) {
        self.in_page_link = false;
        let Some(link) = self.open_link.take() else {
            return;
        };
        let href = match self.address {
            Some(address) => self.leads.note(address, node, href),
            None => href.into(),
        };
        let href = href.as_ref();
        let end = self.tokens.len() as u32;
        let titled = clean::is_web_link(href) && clean::link_title(&self.link_text, href).is_some();
        self.link_text.clear();
        let link = &mut self.links[link as usize];
        link.end = end;
        link.titled = titled;
    }

    /// The child record of the element of `frame`, just left (`lifted`: the label it wraps and
    /// stands for, as a row its one cell, and whether that is styled).
    fn child(&mut self, frame: &Frame<'a>, group: u32, lifted: Option<(NodeId, bool)>) -> Child {
        let (start, end) = (frame.tokens as usize, self.tokens.len());
        let words = self.words - frame.words;
        let linked = self.linked - frame.linked;
        let block = lifted.is_some() || matches!(frame.role, Role::Block | Role::Cell(_));
        let label = (block || frame.role == Role::Inline)
            && linked == 0
            && (1..=MAX_LABEL_WORDS as u64).contains(&words);
        let one_link = block
            && end > start
            && linked == (end - start) as u64
            && self.tokens[start].link == self.tokens[end - 1].link
            && words <= MAX_LABEL_WORDS as u64;
        let style = match self.tokens.get(start).filter(|_| label || one_link) {
            Some(token) if one_link => mix(frame.sig, self.links[token.link as usize].parent),
            Some(token) => mix(frame.sig, token.parent),
            None => 0,
        };
        let emphasized = (label || one_link)
            && frame.styled
            && frame.node.value().as_element().is_some_and(is_emphasized);
        if block && label && emphasized {
            self.heading_styles.insert(style);
        }
        let lead = self.lead_link(start, end);
        let title = lead
            .filter(|&(_, alone)| alone)
            .map(|(link, _)| mix(frame.sig, self.links[link].parent));
        let (inner, blocks) = self.inner_entries_and_blocks(group);
        Child {
            node: frame.node.id(),
            sig: frame.sig,
            title,
            leads: lead.is_some(),
            entries: inner.max(u32::from(lead.is_some())),
            blocks,
            empty: end == start,
            label,
            label_node: lifted.map_or(frame.node.id(), |(node, _)| node),
            styled: frame.styled || lifted.is_some_and(|(_, styled)| styled),
            one_link,
            style,
            inline: !block && !breaks_line(frame.role),
            heading: matches!(frame.role, Role::Heading(_)),
            group,
            tokens: (start as u32, end as u32),
        }
    }

    /// The entries the children of `group` hold, and their blocks with words ([`Child::blocks`]).
    fn inner_entries_and_blocks(&self, group: u32) -> (u32, u32) {
        let Some((_, range)) = self.groups.get(group as usize) else {
            return (0, 0);
        };
        let (mut entries, mut blocks, mut worded) = (0, 0, 0);
        let mut only = 0;
        for child in self.children[range.clone()]
            .iter()
            .filter(|child| !child.empty)
        {
            entries += child.entries;
            blocks += u32::from(!child.inline);
            worded += 1;
            only = child.blocks;
        }
        (entries, if worded == 1 { only } else { blocks })
    }

    /// The titled web link the tokens `start..end` begin with, inside them and at the start of
    /// a line, and whether it is alone on that line (a title line).
    fn lead_link(&self, start: usize, end: usize) -> Option<(usize, bool)> {
        let first = self.tokens.get(start).filter(|_| start < end)?;
        let link = self.links.get(first.link as usize)?;
        if !link.titled || link.end == NONE || (link.start as usize) < start {
            return None;
        }
        let starts_line = start == 0 || self.tokens[start - 1].line != first.line;
        let link_end = link.end as usize;
        let alone = link_end >= end || self.tokens[link_end].line != self.tokens[link_end - 1].line;
        starts_line.then_some((first.link as usize, alone))
    }
}

/// The words of `text` (as `split_whitespace` counts them), counted up to one past
/// [`MAX_LABEL_WORDS`]: the layout only asks whether a block has words and whether it has few
/// enough to be a label, so a paragraph is read to its tenth word, not to its end. Every text
/// node of a page is counted, most of them the whitespace between tags: ASCII text is counted
/// by its bytes, without decoding characters.
fn word_count(text: &str) -> usize {
    let most = MAX_LABEL_WORDS + 1;
    let mut words = 0;
    let mut in_word = false;
    for &byte in text.as_bytes() {
        if !byte.is_ascii() {
            return text.split_whitespace().take(most).count();
        }
        // The ASCII characters `char::is_whitespace` takes: tab to carriage return, and space.
        let space = matches!(byte, b'\t'..=b'\r' | b' ');
        if !space && !in_word {
            words += 1;
            if words == most {
                return most;
            }
        }
        in_word = !space;
    }
    words
}

/// True for a table's row or a part holding rows (`<table>`, `<tbody>`, ...).
fn is_table_part(frame: &Frame<'_>) -> bool {
    frame.role == Role::Row
        || frame
            .node
            .value()
            .as_element()
            .is_some_and(|element| matches!(element.name(), "table" | "tbody" | "thead" | "tfoot"))
}

/// True for a role whose element starts and ends a line of its own.
fn breaks_line(role: Role) -> bool {
    matches!(
        role,
        Role::Heading(_)
            | Role::ListItem
            | Role::Row
            | Role::Block
            | Role::Break
            | Role::Rule
            | Role::Code
    )
}

/// An element's signature (its tag, class and style), and whether it has a class or a style.
fn signature(element: &Element) -> (u64, bool) {
    let mut hasher = FxHasher::default();
    element.name().hash(&mut hasher);
    let (mut class, mut style) = ("", "");
    for (name, value) in element.attrs() {
        match name {
            "class" => class = value,
            "style" => style = value,
            _ => {}
        }
    }
    class.hash(&mut hasher);
    style.hash(&mut hasher);
    (hasher.finish(), !class.is_empty() || !style.is_empty())
}

/// Two signatures as one.
fn mix(a: u64, b: u64) -> u64 {
    let mut hasher = FxHasher::default();
    (a, b).hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::{word_count, MAX_LABEL_WORDS};

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        let texts = [
            "",
            " \n\t ",
            "one",
            "  two words\n",
            "tab\tvertical\x0bform\x0cfeed\rend",
            "control\x1fbytes are\x1cno spaces",
            "non\u{a0}breaking and ideographic\u{3000}spaces",
            "a b c d e f g h i j k l m n o p",
            "a b c d e f g h i j k l m n o p\u{a0}q",
            "long-word long-word ",
        ];
        for text in texts {
            assert_eq!(
                word_count(text),
                text.split_whitespace().count().min(MAX_LABEL_WORDS + 1),
                "{text:?}"
            );
        }
        assert_eq!(word_count("tab\tvertical\x0bform\x0cfeed\rend"), 5);
        assert_eq!(word_count(&"word ".repeat(100)), MAX_LABEL_WORDS + 1);
    }
}
