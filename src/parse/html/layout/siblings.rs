//! The second pass of the layout: each parent's children, in post-order, give its section
//! headings and entries (the rules are in the parent module's doc).

use ego_tree::NodeId;
use rustc_hash::{FxHashMap, FxHashSet};

use super::{Child, Entry, Layout, LinkInfo, Token, Walk, NONE};

impl Walk<'_> {
    /// The marks the sibling lists give (see the module doc).
    pub(super) fn analyse(self) -> Layout {
        let mut layout = Layout {
            marks: FxHashMap::default(),
            roles: self.roles,
            leads: self.leads,
        };
        for link in self.links.iter().filter(|link| link.block) {
            layout.marks.entry(link.node).or_default().block_link = true;
        }
        let mut holds = vec![false; self.groups.len()];
        let mut opening: Vec<Option<(NodeId, u64)>> = vec![None; self.groups.len()];
        for (index, (parent, range)) in self.groups.iter().enumerate() {
            let children = &self.children[range.clone()];
            // Most parents have no child that could start an entry, be or open with a section
            // heading, or be a card: they mark nothing, and are let through without the sibling
            // analysis.
            if !children.iter().any(|child| child.may_mark(&opening)) {
                holds[index] = children
                    .iter()
                    .any(|child| child.group != NONE && holds[child.group as usize]);
                continue;
            }
            let siblings = Siblings {
                children,
                tokens: &self.tokens,
                links: &self.links,
                holds: &holds,
                opening: &opening,
                heading_styles: &self.heading_styles,
            };
            let marked = siblings.mark(*parent, &mut layout);
            let label = siblings.opening_label();
            let inner = (0..range.len()).any(|at| siblings.inner(at));
            opening[index] = label;
            holds[index] = marked || inner;
        }
        layout
    }
}

impl Child {
    /// True for a child the sibling analysis may mark or count: one that begins with a title
    /// line or a lead, a styled label or one-link block (a section heading), one that sets
    /// entries (a card), or one whose own children open with a label (`opening`).
    fn may_mark(&self, opening: &[Option<(NodeId, u64)>]) -> bool {
        self.title.is_some()
            || self.leads
            || self.entries > 0
            || ((self.one_link || self.label) && self.styled)
            || (self.group != NONE && opening[self.group as usize].is_some())
    }
}

/// The children of one parent, being analysed.
struct Siblings<'s> {
    children: &'s [Child],
    tokens: &'s [Token],
    links: &'s [LinkInfo],
    /// Per group (of the children's own children): it holds entries or section headings.
    holds: &'s [bool],
    /// Per group: the styled label its children open with, right before a lead, and its style
    /// (a section set in a wrapper of its own: `<div><span class="t">News</span><ul>…</ul></div>`).
    opening: &'s [Option<(NodeId, u64)>],
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
                .entry(self.children[index].label_node)
                .or_default()
                .heading = Some(false);
            marked = true;
        }
        for node in self.opening_labels() {
            layout.marks.entry(node).or_default().heading = Some(false);
            marked = true;
        }
        for node in self.cards() {
            layout.marks.entry(node).or_default().card = true;
        }
        let mut linked = vec![false; self.children.len()];
        for (index, child) in self.children.iter().enumerate() {
            let style =
                self.heading_styles.contains(&child.style) || repeated.contains(&child.style);
            if child.one_link && child.styled && style {
                layout.marks.entry(child.label_node).or_default().heading = Some(true);
                linked[index] = true;
                marked = true;
            }
        }
        let mut headings = linked;
        for &index in &labels {
            headings[index] = true;
        }
        let starts = self.starts(&headings);
        let ends = self.ends(&starts, &headings);
        for (&index, &end) in starts.iter().zip(&ends) {
            let end = self.children.get(end).map(|child| child.node);
            let entry = Entry { parent, end };
            layout
                .marks
                .entry(self.children[index].node)
                .or_default()
                .entry = Some(entry);
        }
        marked || !starts.is_empty()
    }

    /// Where the entry starting at `next` begins, the one at `from` before it: at the run of
    /// children without words (an `<a><img></a>` picture) right above its title, which is the
    /// next entry's, not the end of this one's.
    fn picture_start(&self, from: usize, next: usize) -> usize {
        let mut start = next;
        while start > from + 1 && self.children[start - 1].empty && !self.children[start - 1].inline
        {
            start -= 1;
        }
        start
    }

    /// The index of the next child with words after `index`.
    fn next_with_words(&self, index: usize) -> Option<usize> {
        (index + 1..self.children.len()).find(|&next| !self.children[next].empty)
    }

    /// Blocks of one signature, at least two, that each hold exactly one lead and at least two
    /// blocks with words (the lead and its date, picture or description).
    fn cards(&self) -> Vec<NodeId> {
        let card = |child: &Child| !child.inline && child.blocks >= 2 && child.entries == 1;
        let mut counts: FxHashMap<u64, usize> = FxHashMap::default();
        for child in self.children.iter().filter(|child| card(child)) {
            *counts.entry(child.sig).or_default() += 1;
        }
        if counts.values().all(|&count| count < 2) {
            return Vec::new();
        }
        self.children
            .iter()
            .filter(|child| card(child) && counts[&child.sig] >= 2)
            .map(|child| child.node)
            .collect()
    }

    /// The styled label these children open with, right before a lead, and its style.
    fn opening_label(&self) -> Option<(NodeId, u64)> {
        let first = (0..self.children.len()).find(|&index| !self.children[index].empty)?;
        let child = &self.children[first];
        let leads = self
            .next_with_words(first)
            .is_some_and(|next| self.children[next].leads && !self.children[next].inline);
        (child.label && child.styled && leads).then_some((child.label_node, child.style))
    }

    /// The labels that siblings of one signature open with, in a style shared by at least two of
    /// them that hold more entries than labels: each sibling is a section, its label the heading
    /// (one label per entry is the entry's own date or byline).
    fn opening_labels(&self) -> Vec<NodeId> {
        let mut counts: FxHashMap<(u64, u64), (usize, usize)> = FxHashMap::default();
        for (index, child) in self.children.iter().enumerate() {
            if let Some((_, style)) = self.opens(index) {
                let count = counts.entry((child.sig, style)).or_default();
                count.0 += 1;
                count.1 += child.entries as usize;
            }
        }
        let sections = |key: &(u64, u64)| {
            counts
                .get(key)
                .is_some_and(|&(labels, entries)| labels >= 2 && entries > labels)
        };
        if !counts.keys().any(sections) {
            return Vec::new();
        }
        (0..self.children.len())
            .filter_map(|index| {
                let (node, style) = self.opens(index)?;
                sections(&(self.children[index].sig, style)).then_some(node)
            })
            .collect()
    }

    /// True when the child at `index` has no inline neighbour with words: it is a line of its
    /// own (`<span class="title">News</span>` before a list).
    fn alone_on_line(&self, index: usize) -> bool {
        let block = |at: Option<usize>| at.is_none_or(|at| !self.children[at].inline);
        block(self.previous_with_words(index)) && block(self.next_with_words(index))
    }

    /// True when the child at `index` holds entries or section headings of its own.
    fn inner(&self, index: usize) -> bool {
        let group = self.children[index].group;
        group != NONE && self.holds[group as usize]
    }

    /// The styled label the child at `index` opens with, and its style ([`Siblings::opening`]).
    fn opens(&self, index: usize) -> Option<(NodeId, u64)> {
        self.opening
            .get(self.children[index].group as usize)
            .copied()
            .flatten()
    }

    /// The index of the last child with words before `index`.
    fn previous_with_words(&self, index: usize) -> Option<usize> {
        (0..index)
            .rev()
            .find(|&before| !self.children[before].empty)
    }

    /// Labels right before a lead (a block that opens with a titled link) whose styled signature
    /// does so at least twice, and those signatures. A signature is no heading style when every
    /// entry has a label of it right before (a date or byline above each), or when every
    /// label of it comes right after a title line (each entry's description).
    fn repeated_labels(&self) -> (Vec<usize>, FxHashSet<u64>) {
        let mut leads = 0;
        let mut before_leads: Vec<usize> = Vec::new();
        let mut heads_a_section: FxHashSet<u64> = FxHashSet::default();
        for (index, child) in self.children.iter().enumerate() {
            leads += child.entries as usize;
            if !(child.label && child.styled && (!child.inline || self.alone_on_line(index))) {
                continue;
            }
            let after_title = self
                .previous_with_words(index)
                .is_some_and(|before| self.children[before].leads);
            if !after_title {
                heads_a_section.insert(child.style);
            }
            if self
                .next_with_words(index)
                .is_some_and(|next| self.children[next].leads)
            {
                before_leads.push(index);
            }
        }
        let mut counts: FxHashMap<u64, usize> = FxHashMap::default();
        for &index in &before_leads {
            *counts.entry(self.children[index].style).or_default() += 1;
        }
        let repeated: FxHashSet<u64> = counts
            .into_iter()
            .filter(|&(style, count)| {
                count >= 2 && count < leads && heads_a_section.contains(&style)
            })
            .map(|(style, _)| style)
            .collect();
        let labels = before_leads
            .into_iter()
            .filter(|&index| repeated.contains(&self.children[index].style))
            .collect();
        (labels, repeated)
    }

    /// The children that start entries: those of the first title signature met at least twice
    /// (never a section heading: `headings`).
    fn starts(&self, headings: &[bool]) -> Vec<usize> {
        let candidate = |index: usize| {
            let child = &self.children[index];
            child
                .title
                .filter(|_| !headings[index] && !self.inner(index))
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

    /// Where each of `starts` ends, as the index of the child it ends before (the children's
    /// count for its parent's end): at the next start (or the picture above its title:
    /// [`Self::picture_start`]), or before a section heading or a list of items of its own
    /// ([`Self::first_break`]) when one comes first; the last one also after as many lines as
    /// most entries have under their title, in blocks of the kinds seen there.
    fn ends(&self, starts: &[usize], headings: &[bool]) -> Vec<usize> {
        let count = self.children.len();
        let mut ends: Vec<usize> = starts
            .iter()
            .enumerate()
            .map(|(at, &start)| {
                let next = starts
                    .get(at + 1)
                    .map_or(count, |&next| self.picture_start(start, next));
                self.first_break(start, next, headings).unwrap_or(next)
            })
            .collect();
        self.cut_at_strays(starts, &mut ends);
        if let Some(&last) = starts.last() {
            let typical = self.last_end(starts, &ends, last);
            if let Some(end) = ends.last_mut() {
                *end = (*end).min(typical);
            }
        }
        ends
    }

    /// `ends` cut before a stray block: one under a few entries' titles only (under fewer than
    /// half of them, by its signature) that holds a lead of its own (a sponsor box set between
    /// two entries, `<div><p>Sponsored</p><p><a>Acme</a>: what it sells</p></div>`). It is not
    /// the entry's, whose description would take its words; it is read as blocks of its own.
    fn cut_at_strays(&self, starts: &[usize], ends: &mut [usize]) {
        let stray = |child: &Child| !child.inline && child.entries > 0;
        if starts.len() < 3
            || !starts
                .iter()
                .zip(ends.iter())
                .any(|(&start, &end)| self.children[start + 1..end].iter().any(stray))
        {
            return;
        }
        let mut under: FxHashMap<u64, usize> = FxHashMap::default();
        for (&start, &end) in starts.iter().zip(ends.iter()) {
            let body = &self.children[start + 1..end];
            for (at, child) in body.iter().enumerate() {
                if !body[..at].iter().any(|before| before.sig == child.sig) {
                    *under.entry(child.sig).or_default() += 1;
                }
            }
        }
        for (&start, end) in starts.iter().zip(ends.iter_mut()) {
            let rare = |child: &Child| under.get(&child.sig).is_some_and(|&n| n * 2 < starts.len());
            if let Some(at) =
                (start + 1..*end).find(|&at| stray(&self.children[at]) && rare(&self.children[at]))
            {
                *end = at;
            }
        }
    }

    /// The first child after `start` and before `until` that no entry runs over: a section
    /// heading (an `h1`..`h6` or one of `headings`) or a block holding a list of items of its own
    /// ([`Self::holds_items`]).
    fn first_break(&self, start: usize, until: usize, headings: &[bool]) -> Option<usize> {
        (start + 1..until).find(|&index| {
            let child = &self.children[index];
            headings[index] || child.heading || self.holds_items(child)
        })
    }

    /// True for a block of two or more lines that each begin with a titled link followed by
    /// words of their own (`<ul><li><a>Title</a> what it is</li>…`): items of their own, not the
    /// lines under one entry's title (a credit line begins with a word, a share widget's links
    /// have no words beside them). Reads at most [`ITEM_SCAN`] tokens of the block.
    fn holds_items(&self, child: &Child) -> bool {
        let (start, end) = (child.tokens.0 as usize, child.tokens.1 as usize);
        let mut items = 0;
        for at in start..end.min(start + ITEM_SCAN) {
            let token = &self.tokens[at];
            let begins_line = at == start || self.tokens[at - 1].line != token.line;
            let Some(link) = self.links.get(token.link as usize) else {
                continue;
            };
            if !begins_line || !link.titled || link.start as usize != at {
                continue;
            }
            let after = link.end as usize;
            let described = after < end
                && self.tokens[after].line == token.line
                && self.tokens[after].link == NONE;
            items += usize::from(described);
            if items >= 2 {
                return true;
            }
        }
        false
    }

    /// Where the last of `starts` (`last`) ends by the other entries' shape (`ends`: where each
    /// ended): after as many lines as most of them have under their title, in blocks of the
    /// kinds seen there.
    fn last_end(&self, starts: &[usize], ends: &[usize], last: usize) -> usize {
        let mut lengths = Vec::with_capacity(starts.len());
        let mut kinds = FxHashSet::default();
        for (&start, &end) in starts.iter().zip(ends).take(starts.len() - 1) {
            let body = &self.children[start + 1..end];
            let mut words = body.iter().filter(|child| !child.empty);
            let lines = match (words.clone().next(), words.next_back()) {
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
        let mut first = None;
        for (index, child) in self.children.iter().enumerate().skip(last + 1) {
            if child.empty {
                continue;
            }
            let from = *first.get_or_insert(child.tokens.0);
            let unseen = !child.inline && !kinds.contains(&child.sig);
            if unseen || self.lines(from, child.tokens.1) > most {
                return index;
            }
        }
        self.children.len()
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

/// Tokens of a block read to tell whether it holds items of its own (two are enough).
const ITEM_SCAN: usize = 512;

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
