//! What a page sets around its issue, taken out of its blocks before the item stage: the
//! masthead, the site's nav, supporters lines and the site's banner heading. Pages only (a feed
//! entry's or a mail's HTML is the issue itself). Subscribe and follow boxes at the end are the
//! item stage's footer for every format.
//!
//! - **Before the issue's title heading** (the heading that repeats the title the page's facts
//!   give): headings are dropped and blocks with links keep only their words (a date row stays a
//!   date row).
//! - **Before the first section or entry**: the same for a block of the site's nav (each link's
//!   text at most [`NAV_WORDS`] words and its URL a site's home or a page just below it:
//!   `latest`, `archive`, the editor's home page; at most [`NAV_PROSE_WORDS`] words of its own,
//!   none beside a lone link), a block whose links are all footer labels (`View in your
//!   browser`, `Subscribe`), a heading that is the site's name or a banner linking to a home
//!   page, a heading set as a sentence (a tagline: [`is_sentence`]), and the post's byline: a
//!   block or heading whose links all lead to the site's own hosts with a few words each (the
//!   author, tags, category, likes and comments counts), beside a date or a few words at most.
//! - **After the issue's content**: a heading that names what a site sets under a post (`Related
//!   posts`, `You may also like`, `2 responses`, `Leave a reply`: [`TRAILING_HEADINGS`]) ends the
//!   issue; it and every block after it are the site's, not the editor's.
//!   The author's bio box (`About the author`) is one.
//! - **Anywhere**: a block naming the site's supporters or the issue's contributors (`Thanks to
//!   our supporters: …`) whose links are all short names, a box of footer labels or donation
//!   buttons only (`Subscribe · RSS`, `Buy me a coffee`, `EN | DE`, `Back to top`), a cookie
//!   banner ([`CONSENT_WORDS`]), and a block whose links all credit the site's software
//!   (`Powered by Buttondown`, `Made with Hugo`: [`MADE_WITH`]) are dropped. (Pages only: a mail's footer links give its web version.)

mod byline;

use super::facts::{is_home, is_site_name, same_words};
use crate::parse::issue::blocks::{Block, Located};
use crate::parse::issue::clean::is_generic_link_text;
use crate::parse::issue::date;
use crate::parse::issue::footer::is_footer_link;
use crate::parse::issue::line::{Line, LineBuilder, Link};
use byline::{is_byline, lone_named_byline};

/// Longest link text (in words) of a nav or supporters link.
const NAV_WORDS: usize = 4;
/// Most words of a nav block outside its links (`Thanks to our supporters:`).
const NAV_PROSE_WORDS: usize = 4;
/// Words (lowercase) that name a line of the site's supporters rather than items.
const SUPPORTER_WORDS: &[&str] = &[
    "supporters",
    "supported by",
    "backers",
    "patrons",
    "contributors",
];
/// Words (lowercase) of a cookie or consent banner's prose.
const CONSENT_WORDS: &[&str] = &[
    "use cookies",
    "uses cookies",
    "use of cookies",
    "cookie policy",
];

/// `blocks` without the page's masthead, nav and supporters lines (see the module doc). `title`
/// is the issue's title as the page's facts give it; `sites` the names the site goes by, `hosts`
/// the hosts it is served from.
pub fn strip(
    mut blocks: Vec<Located>,
    title: Option<&str>,
    sites: &[String],
    hosts: &[String],
) -> Vec<Located> {
    blocks.truncate(trailing_start(&blocks));
    let title_at = title.and_then(|title| title_heading(&blocks, title, sites));
    let named_byline_at = lone_named_byline(&blocks);
    // Nav comes before a section: a page with no heading at all has no leading nav, and its
    // short links (a list of tools, entries with short titles) are its items.
    let first_heading = blocks.iter().position(|located| is_heading(&located.block));
    let mut leading = first_heading.is_some();
    let mut kept = Vec::with_capacity(blocks.len());
    for (index, located) in blocks.into_iter().enumerate() {
        let before_title = title_at.is_some_and(|at| index < at);
        let block = &located.block;
        let masthead = before_title
            || (leading
                && title_at != Some(index)
                && (is_site_heading(block, sites)
                    || is_tagline(block)
                    || is_nav(block)
                    || is_byline(block, hosts)
                    || named_byline_at == Some(index)
                    || only_labels(block)));
        if masthead {
            if let Some(words) = words_only(block) {
                kept.push(Located {
                    line: located.line,
                    block: words,
                });
            }
            continue;
        }
        // A block dropped wherever it stands (a cookie banner above the breadcrumbs) ends no
        // masthead.
        if is_supporters(block)
            || is_label_box(block)
            || is_made_with(block)
            || is_consent(block)
            || is_pager(block, hosts)
        {
            continue;
        }
        leading &= title_at == Some(index) || (!is_heading(block) && links_of(block) == 0);
        kept.push(without_label_tail(located));
    }
    kept
}

/// Headings (lowercase, without a leading count: `2 responses`) of what a site sets under a post:
/// other posts, comments and the reply form. Only headings a reader never takes for an editor's
/// section (`Related` or `Read more` alone may be one).
const TRAILING_HEADINGS: &[&str] = &[
    "related posts",
    "related articles",
    "related issues",
    "related stories",
    "you may also like",
    "you might also like",
    "you may also enjoy",
    "you might also enjoy",
    "recent posts",
    "popular posts",
    "more posts",
    "more issues",
    "comments",
    "responses",
    "response",
    "replies",
    "leave a reply",
    "leave a comment",
    "post a comment",
    "join the discussion",
    "discussion about this post",
    "about the author",
    "about the authors",
    "about the editor",
    "about the editors",
    "about the curator",
];
/// Longest text (in bytes) of such a heading (`More from` and a newsletter's name).
const TRAILING_HEADING_BYTES: usize = 80;
/// Openings (lowercase) of such headings that name the site after them (`More from Example
/// Weekly`).
const TRAILING_OPENINGS: &[&str] = &["more from "];
/// Openings (lowercase) of such headings after a count, naming the post after them (`2 thoughts
/// on "Issue 12"`, `3 responses to …`): without a count, words an editor may head a section with.
const COUNTED_OPENINGS: &[&str] = &[
    "responses to ",
    "response to ",
    "thoughts on ",
    "comments on ",
    "replies to ",
];

/// Where the site's trailing blocks start: at the first heading (or a block's first line of words
/// alone: a label set as one), after a block with links, that names what a site sets
/// under a post (see the module doc); the end when there is none.
fn trailing_start(blocks: &[Located]) -> usize {
    let first_links = blocks
        .iter()
        .position(|located| links_of(&located.block) > 0);
    let Some(first_links) = first_links else {
        return blocks.len();
    };
    blocks[first_links + 1..]
        .iter()
        .position(|located| match &located.block {
            Block::Heading { text, .. } => is_trailing_heading(text),
            block => lines_of(block)
                .first()
                .is_some_and(|line| line.links.is_empty() && is_trailing_heading(&line.text)),
        })
        .map_or(blocks.len(), |at| first_links + 1 + at)
}

/// True for a heading's text that names what a site sets under a post ([`TRAILING_HEADINGS`],
/// [`TRAILING_OPENINGS`]).
fn is_trailing_heading(text: &str) -> bool {
    // Every block's first line is asked: a long one is no such heading, and is not lowercased.
    if text.len() > TRAILING_HEADING_BYTES {
        return false;
    }
    let lower = text.to_lowercase();
    let lower = lower.trim_matches(|c: char| !c.is_alphanumeric());
    let counted = lower.split_once(' ').filter(|(count, _)| {
        count.chars().all(|c| c.is_ascii_digit()) || matches!(*count, "one" | "no")
    });
    let after_count = counted.map_or(lower, |(_, rest)| rest);
    TRAILING_HEADINGS.contains(&after_count)
        || TRAILING_OPENINGS
            .iter()
            .any(|opening| lower.starts_with(opening))
        || counted.is_some_and(|(_, rest)| {
            COUNTED_OPENINGS
                .iter()
                .any(|opening| rest.starts_with(opening))
        })
}

/// Blocks a masthead may take before the issue's title heading.
const MASTHEAD_BLOCKS: usize = 12;

/// The index of the heading that repeats `title` among the page's first [`MASTHEAD_BLOCKS`]
/// blocks, looked for up to the first entry (a link with words of its own). Headings passed over
/// on the way are the site's: its names, taglines, or a banner ranked at or above the title
/// heading (`<h1>Example Weekly</h1>` over `<h2>Issue 101</h2>`, whatever wraps them).
fn title_heading(blocks: &[Located], title: &str, sites: &[String]) -> Option<usize> {
    let mut lowest_rank = 0;
    for (index, located) in blocks.iter().enumerate().take(MASTHEAD_BLOCKS) {
        let block = &located.block;
        match block {
            Block::Heading { text, level, .. } if same_words(title, text) => {
                return (lowest_rank <= *level).then_some(index);
            }
            Block::Heading { .. } if is_site_heading(block, sites) || is_tagline(block) => {}
            Block::Heading { level, links, .. } if links.is_empty() => {
                lowest_rank = lowest_rank.max(*level);
            }
            Block::Heading { .. } => return None,
            _ if links_of(block) > 0 && prose_words(block) > NAV_PROSE_WORDS => return None,
            _ => {}
        }
    }
    None
}

/// Fewest words of a sentence that ends like one (so `Tools.` stays a label).
const SENTENCE_WORDS: usize = 4;
/// Fewest words of a sentence told by a comma alone (so `From our sponsor, Acme` stays a label).
const CLAUSE_WORDS: usize = 7;

/// True for words set as a sentence (a tagline: `Your weekly DevOps round-up, every Sunday.`,
/// `A free, once-weekly e-mail round-up of DevOps news`): at least [`SENTENCE_WORDS`] words
/// ending in `.`, `!` or `…`, or at least [`CLAUSE_WORDS`] holding a comma. A sentence is never a
/// section name.
pub fn is_sentence(text: &str) -> bool {
    let text = text.trim();
    let words = words(text);
    (words >= SENTENCE_WORDS && text.ends_with(['.', '!', '…']))
        || (words >= CLAUSE_WORDS && text.contains(", "))
}

/// True for a heading set as a sentence.
fn is_tagline(block: &Block) -> bool {
    matches!(block, Block::Heading { text, links, .. } if links.is_empty() && is_sentence(text))
}

/// True for a box of footer labels alone: two or more, or one with no words of its own.
fn is_label_box(block: &Block) -> bool {
    only_labels(block) && (links_in(block).count() > 1 || prose_words(block) == 0)
}

/// A block without the trailing lines that are each a box of footer labels or donation buttons
/// (`Like this newsletter? Support it on Patreon or GitHub Sponsors.`): an entry read from the
/// page's repetition runs on to the box set under it, and the box is not the entry's.
fn without_label_tail(mut located: Located) -> Located {
    let lines = match &mut located.block {
        Block::Paragraph(lines) => lines,
        Block::Item(item) => &mut item.lines,
        _ => return located,
    };
    let kept = lines
        .iter()
        .rposition(|line| !is_label_line(line))
        .map_or(0, |at| at + 1);
    if kept > 0 && lines[..kept].iter().any(|line| !line.links.is_empty()) {
        lines.truncate(kept);
    }
    located
}

/// True for a line whose links are all footer labels or donation buttons, two or more or one
/// donation button (one label alone under an entry, its `comments`, is the entry's).
fn is_label_line(line: &Line) -> bool {
    let donation = || {
        line.links
            .iter()
            .any(|link| crate::urls::is_donation_link(&link.url))
    };
    !line.links.is_empty()
        && line.links.iter().all(is_footer_link)
        && (line.links.len() > 1 || donation())
}

/// A masthead block's words without its links, as a paragraph; `None` for a heading or a block
/// with no words of its own.
fn words_only(block: &Block) -> Option<Block> {
    let lines: Vec<Line> = lines_of(block)
        .iter()
        .map(|line| {
            let mut words = LineBuilder::default();
            words.code(line.prose().trim());
            words.finish()
        })
        .filter(Line::has_prose)
        .collect();
    (!lines.is_empty()).then_some(Block::Paragraph(lines))
}

fn is_heading(block: &Block) -> bool {
    matches!(block, Block::Heading { .. })
}

/// True for a heading that is the site's: one of its names, or a banner whose links all lead to
/// a home page.
fn is_site_heading(block: &Block, sites: &[String]) -> bool {
    let Block::Heading { text, links, .. } = block else {
        return false;
    };
    is_site_name(text, sites) || (!links.is_empty() && links.iter().all(|l| is_home(&l.url)))
}

/// The lines of a block of text (none for headings, breaks and code).
fn lines_of(block: &Block) -> &[Line] {
    match block {
        Block::Paragraph(lines) => lines,
        Block::Item(item) => &item.lines,
        Block::Row(line) => std::slice::from_ref(line),
        _ => &[],
    }
}

/// Web links in a block.
fn links_of(block: &Block) -> usize {
    match block {
        Block::Heading { links, .. } => links.len(),
        block => lines_of(block).iter().map(|line| line.links.len()).sum(),
    }
}

/// The links of a block of text (none for a heading: a linked heading is never nav or a box).
fn links_in(block: &Block) -> impl Iterator<Item = &Link> {
    lines_of(block).iter().flat_map(|line| &line.links)
}

/// Words of a block outside its links.
fn prose_words(block: &Block) -> usize {
    lines_of(block)
        .iter()
        .map(|line| words(&line.prose()))
        .sum()
}

/// True for a block of the site's nav (see the module doc): links to a site's pages with short
/// texts, and a short label at most (none for a lone link: `[Deep link](…) at the bottom.` is an
/// item).
fn is_nav(block: &Block) -> bool {
    let links = links_in(block).count();
    let most_words = if links > 1 { NAV_PROSE_WORDS } else { 0 };
    links > 0
        && links_in(block).all(|link| is_short(link) && is_site_page(&link.url))
        && prose_words(block) <= most_words
}

/// Arrows a pager's link opens or ends with (`‹ Number 57`, `Number 59 ›`, `« Older`).
const PAGER_ARROWS: &[char] = &['‹', '›', '«', '»', '←', '→'];

/// True for a pager: a block of nothing but links to the site's `hosts`, each opening or ending
/// with an arrow (`<a>‹ Number 57</a> · <a>Number 59 ›</a>`), whatever the pages are called.
fn is_pager(block: &Block, hosts: &[String]) -> bool {
    let mut links = 0;
    for line in lines_of(block) {
        for (index, range) in line.link_ranges() {
            let text = line.text.get(range).unwrap_or_default().trim();
            // The arrow first: every block is asked, and a host is worked out only for a link
            // that has one.
            let arrowed = text.starts_with(PAGER_ARROWS) || text.ends_with(PAGER_ARROWS);
            if !arrowed || !line.links.get(index).is_some_and(|link| is_on(link, hosts)) {
                return false;
            }
            links += 1;
        }
    }
    links > 0 && prose_words(block) == 0
}

/// True when a block's words outside its links write a day.
fn has_date(block: &Block) -> bool {
    lines_of(block)
        .iter()
        .any(|line| date::written_day(&line.prose()).is_some())
}

/// True for a block of links that are all footer labels (`View in your browser`) or donation
/// buttons.
fn only_labels(block: &Block) -> bool {
    links_in(block).next().is_some() && links_in(block).all(is_footer_link)
}

/// Openings (lowercase) of a short link text that credits the site's software.
const MADE_WITH: &[&str] = &[
    "powered by ",
    "made with ",
    "built with ",
    "published with ",
];

/// True for a block whose links all credit the site's software ([`MADE_WITH`]).
fn is_made_with(block: &Block) -> bool {
    let made_with = |link: &Link| {
        is_short(link)
            && link.title.as_deref().is_some_and(|title| {
                let title = title.to_lowercase();
                MADE_WITH.iter().any(|made| title.starts_with(made))
            })
    };
    links_in(block).next().is_some() && links_in(block).all(made_with)
}

/// True for a block naming the site's supporters, its links all short names.
fn is_supporters(block: &Block) -> bool {
    if links_in(block).next().is_none() || !links_in(block).all(is_short) {
        return false;
    }
    let prose: String = lines_of(block)
        .iter()
        .map(|line| line.prose().to_lowercase())
        .collect();
    words(&prose) <= NAV_PROSE_WORDS + 2 && SUPPORTER_WORDS.iter().any(|word| prose.contains(word))
}

/// True for a cookie or consent banner: its prose names the site's cookies ([`CONSENT_WORDS`])
/// and its links are all footer labels or generic words (`Privacy policy`, `Learn more`).
fn is_consent(block: &Block) -> bool {
    let label = |link: &Link| {
        is_footer_link(link) || link.title.as_deref().is_none_or(is_generic_link_text)
    };
    if links_in(block).next().is_none() || !links_in(block).all(label) {
        return false;
    }
    lines_of(block).iter().any(|line| {
        let prose = line.prose();
        prose.contains("cookie") && {
            let lower = prose.to_lowercase();
            CONSENT_WORDS.iter().any(|word| lower.contains(word))
        }
    })
}

/// True for a link to one of the site's own `hosts`.
fn is_on(link: &Link, hosts: &[String]) -> bool {
    hosts.contains(&crate::urls::host(&link.url))
}

/// True for a link whose text is a few words.
fn is_short(link: &Link) -> bool {
    link.title
        .as_deref()
        .is_some_and(|title| (1..=NAV_WORDS).contains(&words(title)))
}

fn words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .count()
}

/// True for a site's home page or a page just below it, without a query
/// (`https://weekly.example/archive`).
fn is_site_page(url: &str) -> bool {
    let Some((_, rest)) = url.split_once("://") else {
        return false;
    };
    let rest = rest.split('#').next().unwrap_or_default();
    let path = rest.split_once('/').map_or("", |(_, path)| path);
    !rest.contains('?') && path.split('/').filter(|s| !s.is_empty()).count() <= 1
}

#[cfg(test)]
mod tests {
    use super::byline::is_credited_byline;
    use super::*;

    fn line(html_like: &[(&str, Option<&str>)]) -> Line {
        let mut builder = LineBuilder::default();
        for (text, url) in html_like {
            match url {
                Some(url) => {
                    builder.open_link(url);
                    builder.text(text);
                    builder.close_link();
                }
                None => builder.text(text),
            }
        }
        builder.finish()
    }

    fn paragraph(parts: &[(&str, Option<&str>)]) -> Located {
        Located {
            line: 1,
            block: Block::Paragraph(vec![line(parts)]),
        }
    }

    fn heading(text: &str) -> Located {
        Located {
            line: 1,
            block: Block::Heading {
                level: 2,
                text: text.to_string(),
                links: Vec::new(),
            },
        }
    }

    #[test]
    fn a_byline_is_told_by_by_before_each_link_and_a_date() {
        let a = Some("https://a.example/jane");
        let b = Some("https://a.example/ken");
        let byline = |parts: &[(&str, Option<&str>)]| is_credited_byline(&paragraph(parts).block);
        assert!(byline(&[
            ("Posted on March 3, 2021 by ", None),
            ("Jane", a)
        ]));
        assert!(byline(&[
            ("By ", None),
            ("Jane Doe", a),
            (" and ", None),
            ("Ken", b),
            (", 3 March 2021", None)
        ]));
        assert!(byline(&[
            ("Written by ", None),
            ("Jane", a),
            (", ", None),
            ("Ken", b),
            (" 2021-03-03", None)
        ]));
        // No date, a word ending in `by`, a link not after `by`, a long title: no byline.
        assert!(!byline(&[("By ", None), ("Jane", a)]));
        assert!(!byline(&[
            ("Standby ", None),
            ("Jane", a),
            (" March 3, 2021", None)
        ]));
        assert!(!byline(&[
            ("By ", None),
            ("Jane", a),
            (" on ", None),
            ("Ken", b),
            (" March 3, 2021", None)
        ]));
        assert!(!byline(&[
            ("March 3, 2021 by ", None),
            ("a long release post from the team", a)
        ]));
    }

    fn urls(blocks: &[Located]) -> Vec<String> {
        blocks
            .iter()
            .flat_map(|b| {
                links_in(&b.block)
                    .map(|l| l.url.clone())
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    #[test]
    fn nav_before_the_first_section_goes_and_items_stay() {
        let blocks = vec![
            paragraph(&[
                ("latest", Some("https://w.example/")),
                (" · ", None),
                ("archive", Some("https://w.example/archive")),
            ]),
            paragraph(&[
                ("Thanks to our supporters: ", None),
                ("Acme", Some("https://acme.example/")),
            ]),
            heading("News"),
            paragraph(&[
                ("Home", Some("https://blog.example/")),
                (" a blog's new home, and why it moved.", None),
            ]),
            paragraph(&[("Archive", Some("https://w.example/archive"))]),
        ];
        let kept = strip(blocks, None, &[], &[]);
        assert_eq!(urls(&kept), ["https://blog.example/"]);
    }

    #[test]
    fn everything_before_the_title_heading_is_masthead() {
        let blocks = vec![
            paragraph(&[(
                "The editor's picks of the week",
                Some("https://w.example/about/picks"),
            )]),
            heading("Example Weekly"),
            heading("#07 - Caches"),
            paragraph(&[("12 Oct 2012", None)]),
            heading("News"),
            paragraph(&[("A post", Some("https://a.example/post"))]),
        ];
        let kept = strip(
            blocks,
            Some("#07 - Caches"),
            &["Example Weekly".into()],
            &[],
        );
        let texts: Vec<&Block> = kept.iter().map(|b| &b.block).collect();
        assert_eq!(texts.len(), 4);
        assert!(matches!(texts[0], Block::Heading { text, .. } if text == "#07 - Caches"));
        assert_eq!(urls(&kept), ["https://a.example/post"]);
    }

    #[test]
    fn a_related_posts_or_comments_heading_ends_the_issue() {
        let related = |label: Located| {
            let blocks = vec![
                heading("News"),
                paragraph(&[
                    ("A post", Some("https://a.example/post")),
                    (" on caches.", None),
                ]),
                label,
                paragraph(&[("Issue 8", Some("https://w.example/8"))]),
            ];
            urls(&strip(blocks, None, &[], &[]))
        };
        for label in [
            "Related posts",
            "2 Responses",
            "You might also like",
            "More from W",
        ] {
            assert_eq!(
                related(heading(label)),
                ["https://a.example/post"],
                "{label}"
            );
            assert_eq!(
                related(paragraph(&[(label, None)])),
                ["https://a.example/post"]
            );
        }
        let kept = ["https://a.example/post", "https://w.example/8"];
        assert_eq!(related(heading("Related")), kept);
        assert_eq!(related(heading("Read more")), kept);
        assert!(is_trailing_heading("No comments"));
        assert!(!is_trailing_heading("Comments on the state of Rust"));
        assert!(is_trailing_heading("2 thoughts on “Issue 12”"));
    }

    #[test]
    fn the_bylines_links_to_the_sites_own_hosts_are_masthead() {
        let hosts = ["w.example".to_string()];
        let blocks = vec![
            heading("Issue 12"),
            paragraph(&[
                ("May 6, 2024 · 4 min read · ", None),
                ("caching", Some("https://w.example/tags/caching/")),
                (", ", None),
                ("Ann Lee", Some("https://www.w.example/author/ann/")),
            ]),
            paragraph(&[
                ("Our new", Some("https://w.example/posts/new")),
                (" post on why we moved the newsletter to a new host.", None),
            ]),
            heading("News"),
            paragraph(&[("Tags", Some("https://w.example/tags/"))]),
        ];
        let kept = strip(blocks.clone(), Some("Issue 12"), &[], &hosts);
        assert_eq!(
            urls(&kept),
            ["https://w.example/posts/new", "https://w.example/tags/"]
        );
        let unknown = strip(blocks, Some("Issue 12"), &[], &[]);
        assert_eq!(urls(&unknown).len(), 4);
    }

    #[test]
    fn a_powered_by_line_is_no_item() {
        let blocks = vec![
            heading("News"),
            paragraph(&[("A post", Some("https://a.example/post"))]),
            paragraph(&[
                ("Powered by Hugo", Some("https://gohugo.example/")),
                (", the static site generator.", None),
            ]),
        ];
        assert_eq!(
            urls(&strip(blocks, None, &[], &[])),
            ["https://a.example/post"]
        );
    }

    #[test]
    fn a_tagline_heading_and_a_box_of_labels_are_no_sections_or_items() {
        let blocks = vec![
            heading("A free, once-weekly round-up of DevOps news"),
            heading("News"),
            paragraph(&[
                ("A post", Some("https://a.example/post")),
                (" on caches.", None),
            ]),
            paragraph(&[
                ("Subscribe", Some("https://w.example/s")),
                (" · ", None),
                ("RSS", Some("https://w.example/rss")),
            ]),
            heading("Tools"),
            paragraph(&[
                ("RSS", Some("https://rss.example/tool")),
                (" reader that sorts by votes.", None),
            ]),
        ];
        let kept = strip(blocks, None, &[], &[]);
        let headings: Vec<&str> = kept
            .iter()
            .filter_map(|b| match &b.block {
                Block::Heading { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(headings, ["News", "Tools"]);
        assert_eq!(
            urls(&kept),
            ["https://a.example/post", "https://rss.example/tool"]
        );
        assert!(is_sentence("Your weekly DevOps round-up, every Sunday."));
        assert!(!is_sentence("Tools."));
        assert!(!is_sentence("What is new this week?"));
        assert!(!is_sentence("From our sponsor, VictorOps"));
    }
}
