//! The page's own repetition, worked out from the DOM before it is read (one walk over the nodes
//! under the content root, then one pass over the sibling lists), so that entries and sections
//! come from how the page repeats itself and not from one layout's class names:
//!
//! - **Entries.** In one parent, the children that begin with a title line (a titled web link
//!   alone on its line) and share a signature (their tag, class and style, and those of the
//!   link's own parent) start its entries, when at least two do (the signature met first wins).
//!   An entry runs from its start to the next start, whatever the markup between (a credit line,
//!   a share widget, a `<br>` and a `<span>` a closed `<p>` left behind). The last one takes as
//!   many blocks with words as most entries have under their title, of the kinds seen there. A
//!   child holding entries or section headings of its own starts none, and starts set in running
//!   text (links of one paragraph) count only when the paragraph opens with one.
//! - **Section headings.** A short link-less block whose signature (with a class or a style)
//!   repeats in its parent, each time right before an entry's title, is a section heading
//!   (`<p class="section">News</p>`). A block whose signature is that of the page's section
//!   headings (those, or short link-less blocks set in bold or large type by their own style)
//!   and whose text is one link is a linked section heading (`Jobs by Example Careers`).
//! - **Links around blocks** (`<a href><h3>Title</h3></a>`): links holding a block element.

use std::hash::{Hash, Hasher};

use ego_tree::{NodeId, NodeRef};
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};
use scraper::node::Element;
use scraper::Node;

use super::reader::MAX_LABEL_WORDS;
use super::roles::{is_emphasized, role_of, Role};
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
}

/// The marks of a page's elements (none for most).
#[derive(Debug, Default)]
pub struct Layout {
    marks: FxHashMap<NodeId, Mark>,
}

impl Layout {
    /// The layout of the nodes under `root`.
    pub fn of(root: NodeRef<'_, Node>) -> Self {
        let mut walk = Walk::default();
        walk.run(root);
        walk.analyse()
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
    href: String,
    /// Its first token and the token after its last (`NONE` while open).
    start: u32,
    end: u32,
    /// The signature of its parent element.
    parent: u64,
    text: String,
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
    /// It has no visible words.
    empty: bool,
    /// A short link-less block (a heading candidate), with a class or style of its own.
    label: bool,
    styled: bool,
    /// Its text is one link, in few words.
    one_link: bool,
    /// For a label or a one-link block, its signature with that of the element holding its words
    /// (for a link, the link's parent): what a section heading style is compared by.
    style: u64,
    /// An inline element or text.
    inline: bool,
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
    tokens: Vec<Token>,
    links: Vec<LinkInfo>,
    open_link: Option<u32>,
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
        if self.code > 0 || text.trim().is_empty() {
            return;
        }
        let words = text.split_whitespace().count() as u64;
        self.words += words;
        if let Some(link) = self.open_link {
            self.linked += 1;
            let info = &mut self.links[link as usize];
            let room = LINK_TEXT.saturating_sub(info.text.len());
            let mut cut = room.min(text.len());
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            info.text.push_str(&text[..cut]);
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
            empty: false,
            label: false,
            styled: false,
            one_link: false,
            style: 0,
            inline: true,
            group: NONE,
            tokens: (self.tokens.len() as u32 - 1, self.tokens.len() as u32),
        });
    }

    fn open(&mut self, node: NodeRef<'a, Node>, element: &Element) -> bool {
        let role = role_of(element, self.articles > 0);
        if role == Role::Skip {
            return false;
        }
        if breaks_line(role) {
            self.line += 1;
            if let Some(link) = self.open_link {
                self.links[link as usize].block = true;
            }
        }
        let styled = element.attr("class").is_some() || element.attr("style").is_some();
        let sig = signature(element);
        match role {
            Role::Link if self.open_link.is_none() => {
                self.open_link = Some(self.links.len() as u32);
                self.links.push(LinkInfo {
                    node: node.id(),
                    href: element.attr("href").unwrap_or_default().trim().to_string(),
                    start: self.tokens.len() as u32,
                    end: NONE,
                    parent: self.frames.last().map_or(0, |frame| frame.sig),
                    text: String::new(),
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
                self.close_link()
            }
            Role::Code => self.code = self.code.saturating_sub(1),
            _ => {}
        }
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
        let child = self.child(&frame, group);
        self.pending.push(child);
    }

    fn close_link(&mut self) {
        let Some(link) = self.open_link.take() else {
            return;
        };
        self.links[link as usize].end = self.tokens.len() as u32;
    }

    /// The child record of the element of `frame`, just left.
    fn child(&mut self, frame: &Frame<'a>, group: u32) -> Child {
        let (start, end) = (frame.tokens as usize, self.tokens.len());
        let words = self.words - frame.words;
        let linked = self.linked - frame.linked;
        let block = matches!(frame.role, Role::Block | Role::Cell(_));
        let label = block && linked == 0 && (1..=MAX_LABEL_WORDS as u64).contains(&words);
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
        if label && emphasized {
            self.heading_styles.insert(style);
        }
        let title = self
            .title_link(start, end)
            .map(|link| mix(frame.sig, self.links[link].parent));
        Child {
            node: frame.node.id(),
            sig: frame.sig,
            title,
            empty: end == start,
            label,
            styled: frame.styled,
            one_link,
            style,
            inline: !block && !breaks_line(frame.role),
            group,
            tokens: (start as u32, end as u32),
        }
    }

    /// The link of the title line the tokens `start..end` begin with: a titled web link, inside
    /// them, alone on the first line.
    fn title_link(&self, start: usize, end: usize) -> Option<usize> {
        let first = self.tokens.get(start).filter(|_| start < end)?;
        let link = self.links.get(first.link as usize)?;
        let link_end = link.end as usize;
        let starts_line = start == 0 || self.tokens[start - 1].line != first.line;
        let inside = link.start as usize >= start && link.end != NONE;
        let alone = link_end >= end || self.tokens[link_end].line != self.tokens[link_end - 1].line;
        let titled =
            clean::is_web_link(&link.href) && clean::link_title(&link.text, &link.href).is_some();
        (starts_line && inside && alone && titled).then_some(first.link as usize)
    }
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

/// An element's signature: its tag, class and style.
fn signature(element: &Element) -> u64 {
    let mut hasher = FxHasher::default();
    element.name().hash(&mut hasher);
    element.attr("class").unwrap_or_default().hash(&mut hasher);
    element.attr("style").unwrap_or_default().hash(&mut hasher);
    hasher.finish()
}

/// Two signatures as one.
fn mix(a: u64, b: u64) -> u64 {
    let mut hasher = FxHasher::default();
    (a, b).hash(&mut hasher);
    hasher.finish()
}

impl Walk<'_> {
    /// The marks the sibling lists give (see the module doc).
    fn analyse(self) -> Layout {
        let mut layout = Layout::default();
        for link in self.links.iter().filter(|link| link.block) {
            layout.marks.entry(link.node).or_default().block_link = true;
        }
        let mut holds = vec![false; self.groups.len()];
        for (index, (parent, range)) in self.groups.iter().enumerate() {
            let children = &self.children[range.clone()];
            let below = |child: &Child| child.group != NONE && holds[child.group as usize];
            let inner: Vec<bool> = children.iter().map(below).collect();
            let marked = Siblings {
                children,
                tokens: &self.tokens,
                inner: &inner,
                heading_styles: &self.heading_styles,
            }
            .mark(*parent, &mut layout);
            holds[index] = marked || inner.iter().any(|&inner| inner);
        }
        layout
    }
}

/// The children of one parent, being analysed.
struct Siblings<'s> {
    children: &'s [Child],
    tokens: &'s [Token],
    /// Per child: it holds entries or section headings of its own.
    inner: &'s [bool],
    heading_styles: &'s FxHashSet<u64>,
}

impl Siblings<'_> {
    /// Marks this parent's section headings and entries in `layout`; `true` when it marked any.
    fn mark(&self, parent: NodeId, layout: &mut Layout) -> bool {
        let (labels, repeated) = self.repeated_labels();
        let mut marked = false;
        for &index in &labels {
            layout
                .marks
                .entry(self.children[index].node)
                .or_default()
                .heading = Some(false);
            marked = true;
        }
        let mut linked = vec![false; self.children.len()];
        for (index, child) in self.children.iter().enumerate() {
            let style =
                self.heading_styles.contains(&child.style) || repeated.contains(&child.style);
            if child.one_link && child.styled && style {
                layout.marks.entry(child.node).or_default().heading = Some(true);
                linked[index] = true;
                marked = true;
            }
        }
        let starts = self.starts(&linked);
        for (at, &index) in starts.iter().enumerate() {
            let end = match starts.get(at + 1) {
                Some(&next) => Some(self.children[next].node),
                None => self.last_end(&starts),
            };
            let entry = Entry { parent, end };
            layout
                .marks
                .entry(self.children[index].node)
                .or_default()
                .entry = Some(entry);
        }
        marked || !starts.is_empty()
    }

    /// The index of the next child with words after `index`.
    fn next_with_words(&self, index: usize) -> Option<usize> {
        (index + 1..self.children.len()).find(|&next| !self.children[next].empty)
    }

    /// Labels right before a title line whose styled signature does so at least twice, and those
    /// signatures.
    fn repeated_labels(&self) -> (Vec<usize>, FxHashSet<u64>) {
        let before_titles: Vec<usize> = (0..self.children.len())
            .filter(|&index| {
                let child = &self.children[index];
                child.label
                    && child.styled
                    && self
                        .next_with_words(index)
                        .is_some_and(|next| self.children[next].title.is_some())
            })
            .collect();
        let mut counts: FxHashMap<u64, usize> = FxHashMap::default();
        for &index in &before_titles {
            *counts.entry(self.children[index].style).or_default() += 1;
        }
        let repeated: FxHashSet<u64> = counts
            .into_iter()
            .filter(|&(_, count)| count >= 2)
            .map(|(sig, _)| sig)
            .collect();
        let labels = before_titles
            .into_iter()
            .filter(|&index| repeated.contains(&self.children[index].style))
            .collect();
        (labels, repeated)
    }

    /// The children that start entries: those of the first title signature met at least twice.
    fn starts(&self, linked: &[bool]) -> Vec<usize> {
        let candidate = |index: usize| {
            let child = &self.children[index];
            child.title.filter(|_| !linked[index] && !self.inner[index])
        };
        let mut counts: FxHashMap<u64, usize> = FxHashMap::default();
        for index in 0..self.children.len() {
            if let Some(title) = candidate(index) {
                *counts.entry(title).or_default() += 1;
            }
        }
        let Some(first) = (0..self.children.len())
            .find(|&index| candidate(index).is_some_and(|title| counts[&title] >= 2))
        else {
            return Vec::new();
        };
        let chosen = candidate(first);
        let opens = (0..self.children.len()).find(|&index| !self.children[index].empty);
        if self.children[first].inline && opens != Some(first) {
            return Vec::new();
        }
        (first..self.children.len())
            .filter(|&index| candidate(index) == chosen)
            .collect()
    }

    /// Where the last of `starts` ends: after as many lines as most entries have under their
    /// title, in blocks of the kinds seen there.
    fn last_end(&self, starts: &[usize]) -> Option<NodeId> {
        let mut lengths = Vec::with_capacity(starts.len());
        let mut kinds = FxHashSet::default();
        for pair in starts.windows(2) {
            let body = &self.children[pair[0] + 1..pair[1]];
            let words = body.iter().filter(|child| !child.empty);
            let lines = match (words.clone().next(), words.last()) {
                (Some(first), Some(last)) => self.lines(first.tokens.0, last.tokens.1),
                _ => 0,
            };
            lengths.push(lines);
            kinds.extend(
                body.iter()
                    .filter(|child| !child.inline)
                    .map(|child| child.sig),
            );
        }
        let most = most_common(&mut lengths);
        let last = *starts.last()?;
        let mut first = None;
        for child in self.children[last + 1..]
            .iter()
            .filter(|child| !child.empty)
        {
            let from = *first.get_or_insert(child.tokens.0);
            let unseen = !child.inline && !kinds.contains(&child.sig);
            if unseen || self.lines(from, child.tokens.1) > most {
                return Some(child.node);
            }
        }
        None
    }

    /// The lines the tokens `start..end` (at least one) are set on.
    fn lines(&self, start: u32, end: u32) -> usize {
        let first = self
            .tokens
            .get(start as usize)
            .map_or(0, |token| token.lines);
        let last = self
            .tokens
            .get(end as usize - 1)
            .map_or(0, |token| token.lines);
        (last.saturating_sub(first) + 1) as usize
    }
}

/// The most common of `lengths` (the smallest of a tie; 0 for none).
fn most_common(lengths: &mut [usize]) -> usize {
    lengths.sort_unstable();
    let mut best = (0, 0);
    for run in lengths.chunk_by(|a, b| a == b) {
        if run.len() > best.1 {
            best = (run[0], run.len());
        }
    }
    best.0
}
