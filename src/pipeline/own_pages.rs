//! The own-pages rule: a link from a page of a site build (Hugo's `public/`, Jekyll's `_site/`,
//! Eleventy's or Pelican's output) to another page of the same build is navigation between the
//! site's pages (a home page's cards, an archive, tag and category pages, pagination, prev/next),
//! not a link an editor chose: it is no document. Decided from the build on disk, not from one
//! generator's class names or URL scheme.
//!
//! - **Which links.** Those whose host is one the page states as its own (the host of its own
//!   URL or base, `og:url`, `<link rel="canonical">`, its home links: [`crate::parse`]'s page
//!   facts); a relative link resolved against the page's base has that host too. A link to
//!   another site is never looked up, whatever its path.
//! - **Which pages.** The link's path names an HTML page of the build: `/posts/issue-3/` is
//!   `posts/issue-3/index.html`, `/posts/issue-3` is that or `posts/issue-3.html`,
//!   `/issues/3.html` itself. The build's root is looked for from the page's own folder up,
//!   at most [`MAX_LEVELS`] folders (not from where a run started), so `parse PAGE`, `parse DIR`
//!   and `ingest DIR` agree, as for the folder rule ([`super::site`]). A link to the site's
//!   root (`/`, whose `index.html` every build has) is the site's only on the host of the page's
//!   own URL or base: a home link's host may be an entry's (`https://tool.example/`).
//! - **How much.** A few `stat`s per link on the site's own host: once a link is found at one
//!   folder level, later links are looked up at that level only; before that, at most
//!   [`MAX_SEARCHES`] links are looked up at every level.
//! - **Incremental ingest.** A page's content hash does not cover which of its links lead to
//!   pages of the build: a generator rewrites the pages that link to a page it adds or removes
//!   (listings, prev/next), so those are read again; an unchanged page keeps what it gave.

use std::path::{Path, PathBuf};

use crate::parse::format::{by_extension, Format};
use crate::parse::Parsed;
use crate::urls::{canonical_host, decode_escapes, host};

/// Folders a link's page is looked for in: the page's own and those above it.
const MAX_LEVELS: usize = 6;
/// Links looked up at every level before the build's root is known (then one level each).
const MAX_SEARCHES: usize = 64;
/// Names a folder's page is served as (`/posts/issue-3/` is `posts/issue-3/index.html`).
const INDEX_PAGES: [&str; 2] = ["index.html", "index.htm"];

/// Removes from `parsed` (the page at `page` on disk) the documents whose links lead to another
/// page of the same site build, positions numbered again from 1.
pub fn remove_from(page: &Path, parsed: &mut Parsed) {
    let Some(address) = parsed.address.as_deref() else {
        return;
    };
    let own = address
        .base
        .as_deref()
        .map(host)
        .filter(|own| !own.is_empty());
    let mut hosts: Vec<String> = address.hosts.clone();
    hosts.extend(own.clone());
    hosts.retain(|host| !host.is_empty());
    hosts.sort_unstable();
    hosts.dedup();
    if hosts.is_empty() || parsed.docs.is_empty() {
        return;
    }
    let site = Site {
        hosts: &hosts,
        own: own.as_deref(),
    };
    // The build's folders are worked out at the first link on the site's hosts: most pages'
    // links are other sites'.
    let mut build: Option<Option<Build>> = None;
    let before = parsed.docs.len();
    parsed.docs.retain(|doc| {
        let Some(path) = own_path(&doc.url, site) else {
            return true;
        };
        let build = build.get_or_insert_with(|| Build::of(page));
        !build.as_mut().is_some_and(|build| build.holds(&path))
    });
    if parsed.docs.len() != before {
        for (doc, position) in parsed.docs.iter_mut().zip(1u32..) {
            doc.position = position;
        }
    }
}

/// The hosts a page states as its site's.
#[derive(Clone, Copy)]
struct Site<'a> {
    /// Every host the page states as its own.
    hosts: &'a [String],
    /// The host of the page's own URL or base, when it has one.
    own: Option<&'a str>,
}

/// The folders a page's site build may be rooted at, and which one it was found at.
struct Build {
    /// The page's folder and those above it, nearest first, at most [`MAX_LEVELS`].
    roots: Vec<PathBuf>,
    /// The index in `roots` where a link's page was first found.
    found: Option<usize>,
    /// Links looked up at every level so far.
    searches: usize,
}

impl Build {
    /// The folders above the page at `page` (made absolute: the same wherever a run started).
    fn of(page: &Path) -> Option<Self> {
        let page = std::path::absolute(page).ok()?;
        let roots = page
            .parent()?
            .ancestors()
            .take(MAX_LEVELS)
            .map(Path::to_path_buf)
            .collect();
        Some(Self {
            roots,
            found: None,
            searches: 0,
        })
    }

    /// True when `path` (a link's on one of the site's hosts: [`own_path`]) names a page of
    /// this build.
    fn holds(&mut self, path: &str) -> bool {
        let names = page_names(path);
        if names.is_empty() {
            return false;
        }
        if let Some(level) = self.found {
            return has_page(&self.roots[level], &names);
        }
        if self.searches >= MAX_SEARCHES {
            return false;
        }
        self.searches += 1;
        self.found = self.roots.iter().position(|root| has_page(root, &names));
        self.found.is_some()
    }
}

/// The decoded path of `url` below the site's root when its host is one of the `site`'s; `None`
/// for another site's link, a path that climbs (`..`) or holds a NUL, or the root itself unless
/// on the host of the page's own URL.
fn own_path(url: &str, site: Site<'_>) -> Option<String> {
    // The host first: most of a page's links are other sites', and are not parsed (nor their
    // host copied, when it is a plain one).
    if canonical_host(url).is_some_and(|plain| !site.hosts.iter().any(|own| own == plain)) {
        return None;
    }
    let url_host = host(url);
    if !site.hosts.contains(&url_host) {
        return None;
    }
    let parsed = url::Url::parse(url).ok()?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return None;
    }
    let path = decode_escapes(parsed.path(), b'%');
    let path = path.trim_start_matches('/');
    let climbs = path.split('/').any(|part| part == "..") || path.contains('\0');
    let root = path.is_empty() && site.own != Some(url_host.as_str());
    (!root && !climbs).then(|| path.to_string())
}

/// The files below a build's root that would serve `path` (relative, not empty) as a page.
fn page_names(path: &str) -> Vec<String> {
    if path.is_empty() || path.ends_with('/') {
        return INDEX_PAGES
            .iter()
            .map(|index| format!("{path}{index}"))
            .collect();
    }
    if by_extension(Path::new(path)) == Some(Format::Html) {
        return vec![path.to_string()];
    }
    if Path::new(path).extension().is_some() {
        return Vec::new();
    }
    let mut names: Vec<String> = INDEX_PAGES
        .iter()
        .map(|index| format!("{path}/{index}"))
        .collect();
    names.push(format!("{path}.html"));
    names
}

/// True when one of `names` below `root` is a file.
fn has_page(root: &Path, names: &[String]) -> bool {
    names.iter().any(|name| root.join(name).is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_names_the_pages_a_static_server_would_serve() {
        assert_eq!(
            page_names("posts/issue-3/"),
            ["posts/issue-3/index.html", "posts/issue-3/index.htm"]
        );
        assert_eq!(
            page_names("posts/issue-3"),
            [
                "posts/issue-3/index.html",
                "posts/issue-3/index.htm",
                "posts/issue-3.html"
            ]
        );
        assert_eq!(
            page_names("2024/05/06/issue-1.html"),
            ["2024/05/06/issue-1.html"]
        );
        assert_eq!(page_names(""), ["index.html", "index.htm"]);
        assert!(page_names("files/slides.pdf").is_empty());
    }

    #[test]
    fn only_the_sites_own_links_below_its_root_are_looked_up() {
        let hosts = ["opsdigest.example".to_string(), "tool.example".to_string()];
        let site = Site {
            hosts: &hosts,
            own: Some("opsdigest.example"),
        };
        assert_eq!(
            own_path(
                "https://www.opsdigest.example/posts/issue%203/?page=2",
                site
            ),
            Some("posts/issue 3/".to_string())
        );
        assert_eq!(own_path("https://other.example/posts/issue-3/", site), None);
        assert_eq!(
            own_path("https://opsdigest.example/", site),
            Some(String::new())
        );
        assert_eq!(own_path("https://tool.example/", site), None);
        assert_eq!(
            own_path("https://tool.example/docs", site),
            Some("docs".to_string())
        );
        assert_eq!(
            own_path("https://opsdigest.example/a/..%2F..%2Fetc/", site),
            None
        );
        assert_eq!(own_path("ftp://opsdigest.example/posts/", site), None);
    }
}
