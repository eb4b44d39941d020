//! An entry's furniture: links of its content that are about the entry rather than items of the
//! issue it holds, known by where they point, whatever the generator calls them.
//!
//! - **The entry itself**: a link to the entry's own page or anything under it (`Continue
//!   reading` to `…/issue-88/#more-1088`, `View in browser`, `?share=twitter`,
//!   `…/comments`, the permalink in "The post X appeared first on Y"), or to its comment pages.
//! - **The newsletter's own site, labelled as furniture**: a link to the feed's site (or the
//!   entry's) whose text is a footer label ([`footer::is_footer_label`]: `Subscribe now`,
//!   `3 comments`, `Share`) or names no page ([`clean::is_generic_link_text`]: `Read more »`),
//!   wherever it stands in the entry.
//!
//! Share endpoints and feed-proxy widgets never get this far ([`crate::urls::is_share_link`]),
//! and the trailing "appeared first on" line is the issue stage's footer.

use crate::parse::issue::{clean, footer};
use crate::urls;

/// The pages and sites an entry's furniture points to.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Own {
    /// The entry's own pages and comment pages, as [`page_of`] writes them.
    pages: Vec<String>,
    /// The hosts of the feed's site and of the entry's page ([`urls::host`]).
    sites: Vec<String>,
}

impl Own {
    /// The furniture rule of an entry whose own pages are `pages` (its links, original link and
    /// comment pages) on the sites `sites` (URLs or hosts).
    pub fn new<'a>(
        pages: impl IntoIterator<Item = &'a str>,
        sites: impl IntoIterator<Item = &'a str>,
    ) -> Self {
        let mut own = Self::default();
        for page in pages.into_iter().map(page_of) {
            if !page.is_empty() && !own.pages.contains(&page) {
                own.pages.push(page);
            }
        }
        for site in sites.into_iter().map(urls::host) {
            if !site.is_empty() && !own.sites.contains(&site) {
                own.sites.push(site);
            }
        }
        own
    }

    /// True when the link to `url` with text `title` is furniture of the entry (see the module
    /// doc).
    pub fn is_furniture(&self, url: &str, title: Option<&str>) -> bool {
        let page = page_of(url);
        let under = |own: &String| {
            page == *own
                || (own.contains('/')
                    && page
                        .strip_prefix(own.as_str())
                        .is_some_and(|rest| rest.starts_with('/')))
        };
        if self.pages.iter().any(under) {
            return true;
        }
        let labelled = title.is_some_and(|title| {
            footer::is_footer_label(title.trim_matches(|c: char| !c.is_alphabetic()))
                || clean::is_generic_link_text(title)
        });
        labelled && self.sites.contains(&urls::host(url))
    }
}

/// A URL as a page: without scheme, `www.`, query, fragment and trailing slashes, lowercase, so
/// that `https://www.Example.com/a/?share=x#more` and `http://example.com/a` are one page. A
/// site's home is its bare host (and only links to the home itself are under it).
fn page_of(url: &str) -> String {
    let url = url.trim();
    let url = url.split(['#', '?']).next().unwrap_or_default();
    let url = url.split_once("://").map_or(url, |(_, rest)| rest);
    let url = url.strip_prefix("www.").unwrap_or(url);
    url.trim_end_matches('/').to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_back_to_the_entry_and_labelled_site_links_are_furniture() {
        let own = Own::new(
            [
                "https://blog.example.com/2024/03/08/issue-88/",
                "https://blog.example.com/2024/03/08/issue-88/#respond",
            ],
            ["https://blog.example.com"],
        );
        for (url, title) in [
            (
                "https://blog.example.com/2024/03/08/issue-88/#more-1088",
                "Continue reading",
            ),
            (
                "http://www.blog.example.com/2024/03/08/issue-88/?share=twitter",
                "Twitter",
            ),
            (
                "https://blog.example.com/2024/03/08/issue-88/feed/",
                "Comments feed",
            ),
            ("https://blog.example.com/subscribe?", "Subscribe now"),
            ("https://blog.example.com/2024/03/08/other/", "Read more »"),
            (
                "https://blog.example.com/2024/03/08/issue-88/#comments",
                "3 comments",
            ),
        ] {
            assert!(own.is_furniture(url, Some(title)), "{url}");
        }
        for (url, title) in [
            (
                "https://blog.example.com/2024/03/01/issue-87/",
                "Last week's issue",
            ),
            (
                "https://blog.example.com/2024/03/08/issue-888/",
                "Issue 888",
            ),
            ("https://other.example.org/subscribe", "Subscribe"),
            ("https://queues.example.net/backpressure", "Read more"),
        ] {
            assert!(!own.is_furniture(url, Some(title)), "{url}");
        }
    }

    #[test]
    fn a_home_page_entry_link_leaves_the_site_s_pages_alone() {
        let own = Own::new(["https://news.example.com/"], ["https://news.example.com/"]);
        assert!(own.is_furniture("https://news.example.com", None));
        assert!(!own.is_furniture("https://news.example.com/2024/post", Some("A post")));
    }
}
