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
        };
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
                links: &self.links,
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
    links: &'s [LinkInfo],
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

    /// The children that start entries: those of the first title signature met at least twice
    /// (never a section heading: `headings`).
    fn starts(&self, headings: &[bool]) -> Vec<usize> {
        let candidate = |index: usize| {
            let child = &self.children[index];
            child
                .title
                .filter(|_| !headings[index] && !self.inner[index])
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
    /// count for its parent's end): at the next start, or before a section heading or a list of
    /// items of its own ([`Self::first_break`]) when one comes first; the last one also after as
    /// many lines as most entries have under their title, in blocks of the kinds seen there.
    fn ends(&self, starts: &[usize], headings: &[bool]) -> Vec<usize> {
        let count = self.children.len();
        let mut ends: Vec<usize> = starts
            .iter()
            .enumerate()
            .map(|(at, &start)| {
                let next = starts.get(at + 1).copied().unwrap_or(count);
                self.first_break(start, next, headings).unwrap_or(next)
            })
            .collect();
        if let Some((&last, end)) = starts.last().zip(ends.last()) {
            let typical = self.last_end(starts, &ends, last);
            let end = (*end).min(typical);
            if let Some(slot) = ends.last_mut() {
                *slot = end;
            }
        }
        ends
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
