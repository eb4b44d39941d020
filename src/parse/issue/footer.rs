//! The newsletter's subscription footer (with the post's tags and comments box around it), which
//! yields nothing: it is recognised by its shape, the trailing run of blocks at the end of the
//! issue that each hold a footer phrase in their prose (or a short link labelled with one,
//! `[Unsubscribe](...)`), with only breaks between them. A footer word in a link's title, or anywhere before the last content block, never
//! drops anything.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;
use rustc_hash::FxHashSet;

use super::blocks::{Block, Located};
use super::line::{Line, Link};

/// Phrases (lowercase) that mark the newsletter's own subscription footer, in its prose or in a
/// short link label.
const FOOTER_PHRASES: &[&str] = &[
    "received this email",
    "forwarded this email",
    "forwarded this newsletter",
    "unsubscribe",
    "view in your browser",
    "view this email in",
    "view it in your browser",
    "update your preferences",
    "manage your subscription",
    "you are receiving this",
    "you're receiving this",
    "because you subscribed",
    "because you signed up",
    "all rights reserved",
    "our mailing address is",
    "delivered to your inbox",
    "straight to your inbox",
    "in your inbox every",
    "subscribe to this newsletter",
    "subscribe to our newsletter",
    "subscribe to the newsletter",
    "sign up for the newsletter",
    "sign up to receive",
    "appeared first on",
    "thanks for reading",
    "you're reading",
    "you are reading",
    "join the conversation",
    "reply to this email",
    "just hit reply",
    "that's all for this week",
    "that's it for this week",
    "that's all for today",
    "forward it to",
    "forward this to",
    "forward this issue to",
    "取消订阅",
    "退订",
    "配信停止",
    "配信解除",
    "購読解除",
];
/// Link labels (lowercase) that are footer labels only as a short link's whole text
/// (`[View online](...)`, a subscribe or follow box's `[RSS](...)`), never as words in prose.
const FOOTER_LABELS: &[&str] = &[
    "view online",
    "view in browser",
    "web version",
    "read online",
    "preferences",
    "subscribe",
    "subscribe now",
    "subscribe here",
    "subscribe by email",
    "subscribe by e-mail",
    "subscribe via email",
    "subscribe via rss",
    "sign up",
    "sign up now",
    "follow",
    "follow us",
    "follow me",
    "follow on twitter",
    "follow us on twitter",
    "follow me on twitter",
    "follow on mastodon",
    "follow us on mastodon",
    "rss",
    "rss feed",
    "atom feed",
    "archive",
    "archives",
    "past issues",
    "previous issues",
    "all issues",
    "latest issue",
    "twitter",
    "mastodon",
    "bluesky",
    "linkedin",
    "facebook",
    "instagram",
    "youtube",
    "github",
    "discord",
    "slack",
    "reddit",
    "threads",
    "tiktok",
    "telegram",
    "advertise",
    "advertise with us",
    "sponsor us",
    "sponsor this newsletter",
    "become a sponsor",
    "privacy",
    "privacy policy",
    "terms",
    "terms of service",
    "contact",
    "contact us",
    "comments",
    "leave a comment",
    "add a comment",
    "post a comment",
    "join the discussion",
    "reply",
    "share",
    "previous",
    "next",
    "older",
    "newer",
    "previous issue",
    "next issue",
    "older posts",
    "newer posts",
    "sign in",
    "log in",
    // Support buttons (a donation platform's account page is one whatever its text:
    // `urls::is_donation_link`).
    "buy me a coffee",
    "support",
    "support us",
    "support me",
    "support the newsletter",
    "support this newsletter",
    "become a member",
    "become a patron",
    "become a supporter",
    "donate",
    "patreon",
    "ko-fi",
    "liberapay",
    "open collective",
    "github sponsors",
    // The issue in other forms and languages.
    "listen",
    "listen to this issue",
    "listen to this post",
    "listen to the podcast",
    "listen to the podcast episode",
    "audio version",
    "apple podcasts",
    "spotify",
    "pocket casts",
    "overcast",
    "download pdf",
    "download as pdf",
    "pdf",
    "epub",
    "print this issue",
    "print this page",
    "translate",
    "read on the web",
    "read in your browser",
    "en",
    "de",
    "fr",
    "es",
    "english",
    "deutsch",
    "français",
    "español",
    "italiano",
    "português",
    "日本語",
    "中文",
    // Page tools.
    "back to top",
    "top",
    "skip to content",
    "skip to main content",
    "edit this page",
    "edit this page on github",
    "edit on github",
    "suggest an edit",
    "report an issue",
    "report a typo",
    "report a problem",
    "cookie policy",
    "cookie settings",
    // The editor's call for links.
    "submit a link",
    "submit it here",
    "send me a link",
    "suggest a link",
    "forward this issue",
];
/// Words (lowercase) that open a line of the post's own tags or categories (`Tags: caching,
/// dns`): with short links after them, a footer line.
const TAXONOMY_LABELS: &[&str] = &[
    "tags:",
    "tagged:",
    "tagged with",
    "tagged as",
    "categories:",
    "category:",
    "filed under",
    "posted in",
    "topics:",
];
/// Openings (lowercase) of footer labels that ask the reader to subscribe, to fund the
/// newsletter, to send links or to pass it on: a short sentence of them is footer wherever it ends the issue.
const ASKING_LABELS: &[&str] = &[
    "subscribe",
    "sign up",
    "support",
    "become a",
    "donate",
    "submit",
    "send me",
    "forward",
];
/// Most words of a whole link text in [`FOOTER_LABELS`] (`Edit this page on GitHub`).
const LABEL_WORDS: usize = 5;
/// Longest link text (in bytes) asked whether it is a footer label: a longer one is a title.
const LABEL_BYTES: usize = 64;
/// Longest link text (in words) that reads as a footer label (`[Unsubscribe](...)`).
const FOOTER_LABEL_WORDS: usize = 4;
/// Most words of prose beside a footer label in a footer's sentence (`Enjoyed this issue?
/// [Subscribe](...) to get it every week.`).
const LABEL_PROSE_WORDS: usize = 12;

/// Where the subscription footer starts: the start of the trailing run of footer blocks
/// (with only breaks, empty blocks and link-less text between and after them: a sign-off or a
/// note below the footer gives no document either way), or the end when there is none. A short
/// sentence whose links are all whole footer labels is footer too: above a footer block already
/// found, or when its labels ask to subscribe (`Enjoyed this issue? [Subscribe](...) to get it
/// every week.`).
pub fn footer_start(blocks: &[Located]) -> usize {
    let mut start = blocks.len();
    for (index, located) in blocks.iter().enumerate().rev() {
        match &located.block {
            block if is_footer_block(block) => start = index,
            block if is_label_sentence(block, start < blocks.len()) => start = index,
            block if !holds_links(block) => {}
            _ => break,
        }
    }
    start
}

/// The blocks of a page before its footer: those before [`footer_start`], then the lines of the
/// first footer block before its first footer line ([`lines_before_footer`]), when it has any.
pub fn before_footer(blocks: &[Located]) -> impl Iterator<Item = Cow<'_, Located>> {
    let start = footer_start(blocks);
    let kept = blocks.get(start).and_then(lines_before_footer);
    blocks[..start]
        .iter()
        .map(Cow::Borrowed)
        .chain(kept.map(Cow::Owned))
}

/// The first footer block of a page cut where its trailing footer lines start ([`footer_from`]),
/// when lines with links come before them: the last entry of a page read from its repetition runs on to the footer row set
/// under it (`Diff two dashboards.` then `Delivered to your inbox. Subscribe | RSS`), and the
/// entry must not go with the footer.
pub fn lines_before_footer(located: &Located) -> Option<Located> {
    let cut = |lines: &[Line]| {
        let head = &lines[..footer_from(lines)?];
        head.iter()
            .any(|line| !line.links.is_empty())
            .then(|| head.to_vec())
    };
    let block = match &located.block {
        Block::Paragraph(lines) => Block::Paragraph(cut(lines)?),
        Block::Item(item) => {
            let mut kept = item.clone();
            kept.lines = cut(&item.lines)?;
            Block::Item(kept)
        }
        _ => return None,
    };
    Some(Located {
        line: located.line,
        block,
    })
}

/// True when a block holds at least one web link.
fn holds_links(block: &Block) -> bool {
    let any = |lines: &[Line]| lines.iter().any(|line| !line.links.is_empty());
    match block {
        Block::Heading { links, .. } => !links.is_empty(),
        Block::Paragraph(lines) => any(lines),
        Block::Item(item) => any(&item.lines),
        Block::Row(row) => !row.links.is_empty(),
        Block::Break | Block::Code | Block::Empty => false,
    }
}

/// True for a block of short lines whose links are all whole footer labels (`Subscribe`, not
/// `Unsubscribe flows done right`), at most [`LABEL_PROSE_WORDS`] words of prose each; unless
/// `below_footer`, only labels that ask to subscribe or to fund it ([`ASKING_LABELS`], a
/// donation platform's page).
fn is_label_sentence(block: &Block, below_footer: bool) -> bool {
    let asks = |title: &str| {
        let title = title.trim().to_lowercase();
        ASKING_LABELS.iter().any(|ask| title.starts_with(ask))
    };
    let label = |link: &Link| {
        (link.title.as_deref().is_some_and(is_listed_label)
            || crate::urls::is_donation_link(&link.url))
            && (below_footer
                || crate::urls::is_donation_link(&link.url)
                || link.title.as_deref().is_some_and(asks))
    };
    let fits = |line: &Line| {
        line.links.iter().all(label) && line.prose().split_whitespace().count() <= LABEL_PROSE_WORDS
    };
    holds_links(block)
        && match block {
            Block::Paragraph(lines) => lines.iter().all(fits),
            Block::Item(item) => item.lines.iter().all(fits),
            Block::Row(row) => fits(row),
            _ => false,
        }
}

/// Where a block's trailing footer lines start: its first footer line after which every line is
/// a footer line or holds no link (a footer label above the entries, a mail's `Read on the Web`
/// in the item that holds them all, starts none).
fn footer_from(lines: &[Line]) -> Option<usize> {
    let after = lines
        .iter()
        .rposition(|line| !line.links.is_empty() && !is_footer_line(line))
        .map_or(0, |at| at + 1);
    Some(after + lines[after..].iter().position(is_footer_line)?)
}

/// True for a block that ends in subscription boilerplate ([`footer_from`]).
fn is_footer_block(block: &Block) -> bool {
    match block {
        Block::Heading { text, .. } => is_footer_text(text),
        Block::Paragraph(lines) => footer_from(lines).is_some(),
        Block::Item(item) => footer_from(&item.lines).is_some(),
        Block::Row(row) => is_footer_line(row),
        Block::Break | Block::Code | Block::Empty => false,
    }
}

/// A line whose prose holds a footer phrase, a link line whose one link is a footer label, a
/// line whose links are two or more footer labels and nothing else (`© 2025 ·
/// [Unsubscribe](...) · [Preferences](...)`), or a row of short links without words of its own,
/// at least half of them footer labels (`Advertise | Past issues | Unsubscribe`), or the
/// post's tags (`Tags: [caching](...), [dns](...)`, short links after a tags label), or a row of
/// labels between separators, some of them no web link (`[Report an issue](...) | ↑ Top`). A lone
/// article link with prose is never a footer for its title (`[Unsubscribe flows done
/// right](...) by A. Author`).
fn is_footer_line(line: &Line) -> bool {
    if is_footer_text(&line.prose()) {
        return true;
    }
    let labels = line
        .links
        .iter()
        .filter(|link| is_footer_link(link))
        .count();
    let links = line.links.len();
    let short = |link: &&Link| {
        link.title
            .as_deref()
            .is_some_and(|title| title.split_whitespace().count() <= FOOTER_LABEL_WORDS)
    };
    if links > 0 && is_taxonomy(line) && line.links.iter().all(|link| short(&link)) {
        return true;
    }
    let label_row = links > 1
        && labels * 2 >= links
        && !line.has_prose()
        && line.links.iter().all(|link| short(&link));
    labels > 0
        && ((labels == links && (labels > 1 || !line.has_prose()))
            || label_row
            || is_label_pieces(&line.text))
}

/// Separators between the labels of a row of page tools (`Report an issue | ↑ Top`).
const LABEL_SEPARATORS: &[char] = &['|', '·', '•'];

/// True for a line's text made of two or more pieces between [`LABEL_SEPARATORS`], each a footer
/// label, whether a web link or not (`↑ Top` links to the page's own top).
fn is_label_pieces(text: &str) -> bool {
    let mut pieces = text
        .split(LABEL_SEPARATORS)
        .map(str::trim)
        .filter(|piece| !piece.is_empty());
    let mut count = 0;
    pieces.all(|piece| {
        count += 1;
        is_footer_label(piece)
    }) && count > 1
}

/// True for a line that opens with a tags or categories label ([`TAXONOMY_LABELS`]).
fn is_taxonomy(line: &Line) -> bool {
    let text = line.text.trim_start().to_lowercase();
    TAXONOMY_LABELS.iter().any(|label| text.starts_with(label))
}

/// True for a short link text that is a footer label (`Unsubscribe`, `View online`, `RSS`,
/// `☕ Buy me a coffee`, `Listen (MP3, 14 min)`: its ends' symbols and a closing aside in
/// brackets aside), or a lone tag or handle (`#kubernetes`, `@ann`: the page's tags and its
/// contributors' credits, never an editor's pick on their own).
pub fn is_footer_label(title: &str) -> bool {
    let title = title.trim();
    if title.len() > LABEL_BYTES {
        return false;
    }
    if is_tag_or_handle(title) {
        return true;
    }
    with_lowercase(title, |lower| {
        let lower = label_words(lower);
        let words = lower.split_whitespace().count();
        (words <= FOOTER_LABEL_WORDS && is_footer_text(lower))
            || (words <= LABEL_WORDS && is_listed(lower))
    })
}

/// `work` on `title` lowercased: in place on the stack for an ASCII title of at most
/// [`LABEL_BYTES`] (every link's text is asked: no string each), else in a new string.
fn with_lowercase<R>(title: &str, work: impl FnOnce(&str) -> R) -> R {
    let mut buffer = [0u8; LABEL_BYTES];
    if let Some(lower) = buffer.get_mut(..title.len()).filter(|_| title.is_ascii()) {
        lower.copy_from_slice(title.as_bytes());
        lower.make_ascii_lowercase();
        if let Ok(lower) = std::str::from_utf8(lower) {
            return work(lower);
        }
    }
    work(&title.to_lowercase())
}

/// True for a lowercase label in [`FOOTER_LABELS`] (one lookup, not a scan of the list).
fn is_listed(lower: &str) -> bool {
    static LABELS: LazyLock<FxHashSet<&'static str>> =
        LazyLock::new(|| FOOTER_LABELS.iter().copied().collect());
    LABELS.contains(lower)
}

/// A lowercase link text without the symbols at its ends and a closing aside in brackets
/// (`🎧 listen (mp3, 14 min)` → `listen`).
fn label_words(lower: &str) -> &str {
    let lower = lower.split(" (").next().unwrap_or_default();
    lower.trim_matches(|c: char| !c.is_alphanumeric())
}

/// True for a link text that is one of [`FOOTER_LABELS`] as a whole (not one holding a footer
/// phrase: `Unsubscribe flows done right` is a title).
fn is_listed_label(title: &str) -> bool {
    title.len() <= LABEL_BYTES && with_lowercase(title, |lower| is_listed(label_words(lower)))
}

/// True for a link that is a footer label by its text ([`is_footer_label`]) or a donation
/// platform's account page (`urls::is_donation_link`: a `Become a patron` button set as an image).
pub fn is_footer_link(link: &Link) -> bool {
    link.title.as_deref().is_some_and(is_footer_label) || crate::urls::is_donation_link(&link.url)
}

/// True for one word opening with `#` or `@` and a letter (`#kubernetes`, `@ann`).
fn is_tag_or_handle(title: &str) -> bool {
    let mut chars = title.chars();
    matches!(chars.next(), Some('#' | '@'))
        && chars.next().is_some_and(char::is_alphabetic)
        && !title.contains(char::is_whitespace)
}

/// True when `text` holds a footer phrase ("If you received this email directly ...").
fn is_footer_text(text: &str) -> bool {
    // Every line of an issue is asked: the phrases are one literal search (not one substring
    // search each), on ASCII text lowercased without the Unicode tables.
    static PHRASES: LazyLock<Regex> = LazyLock::new(|| {
        let phrases: Vec<String> = FOOTER_PHRASES.iter().map(|p| regex::escape(p)).collect();
        Regex::new(&phrases.join("|")).expect("footer phrases are literal text")
    });
    if text.is_ascii() {
        return PHRASES.is_match(&text.to_ascii_lowercase());
    }
    PHRASES.is_match(&text.to_lowercase().replace('\u{2019}', "'"))
}
