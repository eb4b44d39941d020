//! `ingest URL`: what a URL is, found from what it returns, and the issue pages it leads to.
//!
//! - A **feed** (RSS, Atom, JSON Feed) is ingested as a feed file is, one issue per entry; when
//!   most entries are teasers (one link, to a page of the feed's own site), those pages are
//!   fetched and ingested instead.
//! - An **archive** is a page whose same-site links fall into groups of one path shape
//!   ([`links::shape`]); a group is of issues when its first, middle and last members read as
//!   issues (two links or more to other sites, no more to their own: [`reads_as_issue`]), mixed
//!   when some do (each member is then read before it is taken: slug pages share a shape with
//!   /about/), and of indexes (year or page indexes, whose shape holds a number) when its first
//!   member links to issues in turn: those are followed one level. Tag and author pages read as
//!   listings: they link to the pages of another issue group. Pagination (`rel="next"`, "Older")
//!   is followed, and for a site's root page the sitemaps its robots.txt names are read too; a
//!   root that is no archive (a home page showing the latest issue) has its first links tried as
//!   the archive. `--follow PATTERN` names the issue links instead.
//! - Any other page that reads as an issue is **one issue**.
//!
//! Nothing is decided from one site's URL scheme or class names. What comes out is the same
//! kind of input the file pipeline parses: bytes (in the web cache), a source name (the page's
//! URL, or for a feed its URL and `#` the entry id) and a format.

pub mod links;
mod pages;
pub mod sources;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use regex::Regex;
use url::Url;

use crate::fetch::{self, Client, FetchError, Mode, Page};
use crate::parse::format::Format;
use links::{same_site, shape};
use pages::{format_of, reads_as_issue, sitemap_locs, teaser_pages};

/// Groups of same-site links sampled on one page at most.
const MAX_SAMPLED_GROUPS: usize = 12;

/// Groups of a sampled index page sampled in turn at most (its issues are usually its largest).
const MAX_NESTED_GROUPS: usize = 3;

/// Links of a site's root page tried as its archive at most, when the root is none.
const MAX_HUB_LINKS: usize = 8;

/// Where a crawl reports what it is doing; the command layer draws it.
pub trait Report {
    /// The crawl reads the page `url` (from the network or the cache).
    fn fetching(&self, url: &str);
    /// Something a person should know (a page that could not be fetched).
    fn warn(&self, message: &str);
}

/// How a crawl behaves (the `ingest` flags that concern URLs).
#[derive(Debug, Clone)]
pub struct Settings {
    /// Pause between two requests to a host (`--delay`).
    pub delay: Duration,
    /// Pages fetched per source at most (`--max-pages`).
    pub max_pages: usize,
    /// The links that are issues, when the guess is wrong (`--follow`).
    pub follow: Option<Regex>,
    /// Take pages from the cache without asking, except archive and feed pages (`--rebuild`).
    pub rebuild: bool,
    /// Find the issue URLs only; fetch no issue page (`--dry-run`).
    pub dry_run: bool,
}

/// What a source URL turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A feed.
    Feed,
    /// An archive or index page.
    Archive,
    /// One issue page.
    Issue,
}

impl Kind {
    /// Its name, as `sources` lists it.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Feed => "feed",
            Kind::Archive => "archive",
            Kind::Issue => "issue",
        }
    }
}

/// One fetched issue (or feed), as the ingest pipeline takes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// Its source: the page's URL (a feed's URL; the pipeline names each entry `URL#id`).
    pub source: String,
    /// The cache file holding its bytes.
    pub file: PathBuf,
    /// Its format.
    pub format: Format,
}

/// What crawling one source URL found.
#[derive(Debug, Clone)]
pub struct Crawl {
    /// The URL given.
    pub url: String,
    /// What it is.
    pub kind: Kind,
    /// The issue URLs found (for a feed of full entries, the feed's URL).
    pub issues: Vec<String>,
    /// The fetched issues (none for `--dry-run`).
    pub inputs: Vec<Input>,
    /// Pages read (archive, index, feed, sampled and issue pages).
    pub pages: usize,
    /// Issue URLs that are gone (404, 410): their indexed issues are kept.
    pub gone: Vec<String>,
    /// True when any page came over the network with new content.
    pub changed: bool,
}

/// The crawler: the polite client and what one run has read.
pub struct Crawler<'a> {
    client: Client,
    settings: Settings,
    report: &'a dyn Report,
    /// Pages read for the current source.
    read: HashSet<String>,
    /// True once the current source was told that `--max-pages` is reached.
    budget_told: bool,
    changed: bool,
}

impl<'a> Crawler<'a> {
    /// A crawler caching into `index_dir`, telling `report` what it does.
    pub fn new(index_dir: &Path, settings: Settings, report: &'a dyn Report) -> Self {
        let client = Client::new(fetch::cache::Cache::new(index_dir), settings.delay);
        Self {
            client,
            settings,
            report,
            read: HashSet::new(),
            budget_told: false,
            changed: false,
        }
    }

    /// What the client did so far.
    pub fn stats(&self) -> fetch::Stats {
        self.client.stats
    }

    /// Crawls the source `url`. Cache entries checked since `fresh_since` (ms) are used without
    /// asking: they were fetched by an unfinished run.
    pub fn crawl(&mut self, url: &str, fresh_since: Option<u64>) -> Result<Crawl, FetchError> {
        self.client.set_fresh_since(fresh_since);
        self.read.clear();
        self.budget_told = false;
        self.changed = false;
        let root = self.get(url, Mode::Ask)?;
        let mut crawl = match format_of(&root) {
            Format::Feed => self.feed(&root),
            _ => self.page(&root)?,
        };
        crawl.changed |= self.changed;
        crawl.pages = self.read.len();
        Ok(crawl)
    }

    /// Fetches one page, counting it against `--max-pages`.
    fn get(&mut self, url: &str, mode: Mode) -> Result<Page, FetchError> {
        if self.read.len() >= self.settings.max_pages && !self.read.contains(url) {
            return Err(FetchError::MaxPages(
                url.to_string(),
                self.settings.max_pages,
            ));
        }
        self.read.insert(url.to_string());
        self.report.fetching(url);
        let page = self.client.get(url, mode)?;
        self.changed |= page.changed;
        Ok(page)
    }

    /// Tells a person why a page was not read; `--max-pages` only once per source.
    fn warn(&mut self, err: &FetchError) {
        if matches!(err, FetchError::MaxPages(..)) {
            if self.budget_told {
                return;
            }
            self.budget_told = true;
        }
        self.report.warn(&err.to_string());
    }

    /// The mode issue pages are fetched in: from the cache when rebuilding.
    fn leaf_mode(&self) -> Mode {
        if self.settings.rebuild {
            Mode::CacheFirst
        } else {
            Mode::Ask
        }
    }

    /// A feed: ingested whole, or, when most entries are teasers of pages of its site, as those
    /// pages.
    fn feed(&mut self, root: &Page) -> Crawl {
        let teasers = teaser_pages(root);
        let mut crawl = new_crawl(root, Kind::Feed);
        if teasers.is_empty() {
            crawl.issues.push(root.url.clone());
            if !self.settings.dry_run {
                crawl.inputs.push(self.input(root));
            }
            return crawl;
        }
        self.fetch_issues(&mut crawl, &teasers, &HashSet::new());
        crawl
    }

    /// An HTML (or text) page: an archive when groups of its links are issues, else one issue.
    fn page(&mut self, root: &Page) -> Result<Crawl, FetchError> {
        let base = fetch::parse_web(&root.final_url)?;
        let links = links::read(&base, &root.body);
        let mut candidates = links.same_site.clone();
        let is_root = base.path() == "/";
        if is_root {
            candidates.extend(self.sitemap_urls(&base));
        }
        let own = reads_as_issue(root).then(|| shape(&base));
        let plan = self.plan(own.as_deref(), &candidates);
        if plan.is_archive() || self.settings.follow.is_some() {
            return Ok(self.archive(root, &plan, &candidates, links.next));
        }
        if is_root {
            if let Some(crawl) = self.hub(root, &links.same_site) {
                return Ok(crawl);
            }
        }
        if !reads_as_issue(root) {
            return Err(FetchError::Network(
                root.url.clone(),
                "neither a feed, an issue nor an archive linking to issues; name the issue \
                 links with --follow PATTERN"
                    .into(),
            ));
        }
        let mut crawl = new_crawl(root, Kind::Issue);
        crawl.issues.push(root.url.clone());
        if !self.settings.dry_run {
            crawl.inputs.push(self.input(root));
        }
        Ok(crawl)
    }

    /// A site's root page that is no archive itself: the archive among its first
    /// [`MAX_HUB_LINKS`] same-site links (the "Archive" link of a home page showing the latest
    /// issue), if one is.
    fn hub(&mut self, root: &Page, links: &[Url]) -> Option<Crawl> {
        for url in links.iter().take(MAX_HUB_LINKS) {
            let Ok(page) = self.get(url.as_str(), Mode::Ask) else {
                continue;
            };
            let links = links::read(url, &page.body);
            let own = reads_as_issue(&page).then(|| shape(url));
            let plan = self.plan(own.as_deref(), &links.same_site);
            if plan.is_archive() {
                let mut crawl = self.archive(&page, &plan, &links.same_site, links.next);
                crawl.url = root.url.clone();
                return Some(crawl);
            }
        }
        None
    }

    /// The issues of the archive page `root` whose links are `candidates`: along its pagination
    /// (from `next`) and one level into its indexes.
    fn archive(
        &mut self,
        root: &Page,
        plan: &Plan,
        candidates: &[Url],
        next: Option<Url>,
    ) -> Crawl {
        let mut crawl = new_crawl(root, Kind::Archive);
        let mut found = Found::default();
        self.walk_list(plan, candidates, next, true, &mut found);
        for index in std::mem::take(&mut found.indexes) {
            match self.get(index.as_str(), Mode::Ask) {
                Ok(page) => {
                    let links = links::read(&index, &page.body);
                    self.walk_list(plan, &links.same_site, links.next, false, &mut found);
                }
                Err(err) => self.warn(&err),
            }
        }
        let issues: Vec<String> = found.issues.iter().map(ToString::to_string).collect();
        self.fetch_issues(&mut crawl, &issues, &found.unsure);
        crawl
    }

    /// Collects the issues (and with `indexes`, the index pages) of one list page's `links`,
    /// then of the pages its pagination leads to.
    fn walk_list(
        &mut self,
        plan: &Plan,
        links: &[Url],
        mut next: Option<Url>,
        indexes: bool,
        found: &mut Found,
    ) {
        found.collect(plan, self.settings.follow.as_ref(), links, indexes);
        while let Some(url) = next.take() {
            if !found.lists.insert(url.clone()) {
                break;
            }
            let page = match self.get(url.as_str(), Mode::Ask) {
                Ok(page) => page,
                Err(err) => {
                    self.warn(&err);
                    break;
                }
            };
            let read = links::read(&url, &page.body);
            found.collect(
                plan,
                self.settings.follow.as_ref(),
                &read.same_site,
                indexes,
            );
            next = read.next;
        }
    }

    /// Which shapes of a page's links `candidates` are issues and which are indexes, from
    /// samples of each group of two or more siblings, the page's `own` shape left out when it
    /// is an issue itself (its links to other issues do not make it an archive). A group whose
    /// sample reads as an issue but links to two or more pages of another such group (which does
    /// not link back as much) is a listing (tags, authors), not issues.
    fn plan(&mut self, own: Option<&str>, candidates: &[Url]) -> Plan {
        let mut plan = Plan::default();
        let mut sampled = Vec::new();
        for (shape, members) in sibling_groups(own, candidates) {
            let (sample, links) = self.sample_group(&members, &shape, true);
            sampled.push((shape, sample, links));
        }
        let positive: Vec<(&String, &BTreeMap<String, usize>)> = sampled
            .iter()
            .filter(|(_, sample, _)| matches!(sample, Sample::Issue))
            .map(|(shape, _, links)| (shape, links))
            .collect();
        let lists = |shape: &String, links: &BTreeMap<String, usize>| {
            positive.iter().any(|(other, back)| {
                *other != shape
                    && links.get(*other).copied().unwrap_or(0) >= 2
                    && back.get(shape).copied().unwrap_or(0) < 2
            })
        };
        for (shape, sample, links) in &sampled {
            match sample {
                Sample::Issue if !lists(shape, links) => {
                    plan.issue_shapes.insert(shape.clone());
                }
                Sample::Index(nested) => {
                    plan.index_shapes.insert(shape.clone());
                    plan.issue_shapes.extend(nested.iter().cloned());
                }
                Sample::Mixed => {
                    plan.mixed_shapes.insert(shape.clone());
                }
                _ => {}
            }
        }
        plan
    }

    /// What the pages of a group of `shape` are, from [`Self::sample`] of its first, middle and
    /// last members (an issue group's are fetched anyway): issues when all three read as issues,
    /// mixed (each member read before it is taken) when some do, as the first says otherwise.
    fn sample_group(
        &mut self,
        members: &[Url],
        shape: &str,
        deep: bool,
    ) -> (Sample, BTreeMap<String, usize>) {
        let (first, links) = self.sample(&members[0], shape, deep);
        if matches!(first, Sample::Index(_)) {
            return (first, links);
        }
        let mut picks = vec![members.len() / 2, members.len() - 1];
        picks.dedup();
        let mut issues = usize::from(matches!(first, Sample::Issue));
        let mut sampled = 1;
        for pick in picks.into_iter().filter(|&pick| pick > 0) {
            sampled += 1;
            if matches!(self.sample(&members[pick], shape, false).0, Sample::Issue) {
                issues += 1;
            }
        }
        let verdict = match issues {
            0 => first,
            all if all == sampled => Sample::Issue,
            _ => Sample::Mixed,
        };
        (verdict, links)
    }

    /// What the page at `url` (of a group of `shape`) is: an issue, an index of issues (only
    /// looked for when `deep`, and only for a numbered shape), or neither; and how many of its
    /// same-site links are of each shape.
    fn sample(&mut self, url: &Url, shape: &str, deep: bool) -> (Sample, BTreeMap<String, usize>) {
        let mode = self.leaf_mode();
        let page = match self.get(url.as_str(), mode) {
            Ok(page) => page,
            Err(err) => {
                self.warn(&err);
                return (Sample::Other, BTreeMap::new());
            }
        };
        let links = links::read(url, &page.body);
        let shapes = links::groups(&links.same_site)
            .into_iter()
            .map(|(shape, members)| (shape, members.len()))
            .collect();
        if reads_as_issue(&page) {
            return (Sample::Issue, shapes);
        }
        if !deep || !shape.contains('#') {
            return (Sample::Other, shapes);
        }
        let nested: Vec<String> = sibling_groups(Some(&links::shape(url)), &links.same_site)
            .into_iter()
            .take(MAX_NESTED_GROUPS)
            .filter(|(nested, members)| {
                matches!(self.sample_group(members, nested, false).0, Sample::Issue)
            })
            .map(|(nested, _)| nested)
            .collect();
        if nested.is_empty() {
            (Sample::Other, shapes)
        } else {
            (Sample::Index(nested), shapes)
        }
    }

    /// The same-site page URLs of the sitemaps robots.txt names for `base`'s site (a sitemap
    /// index is followed one level).
    fn sitemap_urls(&mut self, base: &Url) -> Vec<Url> {
        let mut urls = Vec::new();
        let mut maps: Vec<String> = self.client.sitemaps(base);
        let mut read = 0;
        while let Some(map) = maps.pop() {
            read += 1;
            if read > 50 {
                break;
            }
            let Ok(page) = self.get(&map, Mode::Ask).map_err(|err| self.warn(&err)) else {
                continue;
            };
            let text = String::from_utf8_lossy(&page.body);
            let nested = text.contains("<sitemapindex");
            for loc in sitemap_locs(&text) {
                match Url::parse(&loc) {
                    Ok(url) if nested && read == 1 => maps.push(url.to_string()),
                    Ok(url) if same_site(base, &url) => urls.push(url),
                    _ => {}
                }
            }
        }
        urls
    }

    /// Fetches the issue pages `urls` into `crawl` (only finds them, for `--dry-run`); those
    /// in `unsure` are fetched in any case and kept only when they read as issues.
    fn fetch_issues(&mut self, crawl: &mut Crawl, urls: &[String], unsure: &HashSet<String>) {
        let mode = self.leaf_mode();
        for url in urls {
            let check = unsure.contains(url);
            if self.settings.dry_run && !check {
                crawl.issues.push(url.clone());
                continue;
            }
            match self.get(url, mode) {
                Ok(page) if check && !reads_as_issue(&page) => {}
                Ok(page) => {
                    crawl.issues.push(url.clone());
                    if !self.settings.dry_run {
                        crawl.inputs.push(self.input(&page));
                    }
                }
                Err(FetchError::Status(_, 404 | 410)) => {
                    crawl.issues.push(url.clone());
                    crawl.gone.push(url.clone());
                }
                Err(err) => {
                    if !check {
                        crawl.issues.push(url.clone());
                    }
                    self.warn(&err);
                }
            }
        }
    }

    /// A fetched page as a pipeline input.
    fn input(&self, page: &Page) -> Input {
        Input {
            source: page.url.clone(),
            file: self.client.cache().file(&page.url),
            format: format_of(page),
        }
    }
}

/// Which link shapes are issues and which are indexes of issues.
#[derive(Debug, Default)]
struct Plan {
    issue_shapes: BTreeSet<String>,
    /// Shapes some of whose pages are issues: each is read before it is taken.
    mixed_shapes: BTreeSet<String>,
    index_shapes: BTreeSet<String>,
}

impl Plan {
    /// True when the page links to issues.
    fn is_archive(&self) -> bool {
        !self.issue_shapes.is_empty() || !self.mixed_shapes.is_empty()
    }
}

/// What a sampled page is.
enum Sample {
    Issue,
    /// Some sampled pages are issues, some are not.
    Mixed,
    /// An index of issues of these shapes.
    Index(Vec<String>),
    Other,
}

/// What walking the lists found.
#[derive(Debug, Default)]
struct Found {
    issues: Vec<Url>,
    /// Issues of mixed groups, taken only when they read as issues.
    unsure: HashSet<String>,
    indexes: Vec<Url>,
    seen: HashSet<Url>,
    /// List pages read (pagination), so a loop stops.
    lists: HashSet<Url>,
}

impl Found {
    /// Takes the issue links (and with `indexes`, the index links) of `links`.
    fn collect(&mut self, plan: &Plan, follow: Option<&Regex>, links: &[Url], indexes: bool) {
        for url in links {
            let shape = shape(url);
            let unsure = follow.is_none() && plan.mixed_shapes.contains(&shape);
            let is_issue = match follow {
                Some(pattern) => pattern.is_match(url.as_str()),
                None => plan.issue_shapes.contains(&shape) || unsure,
            };
            if is_issue && self.seen.insert(url.clone()) {
                if unsure {
                    self.unsure.insert(url.to_string());
                }
                self.issues.push(url.clone());
            } else if indexes && plan.index_shapes.contains(&shape) && self.seen.insert(url.clone())
            {
                self.indexes.push(url.clone());
            }
        }
    }
}

/// The groups of two or more same-site links of one shape among `links`, other than the shape
/// `own` (a page's own), largest first, at most [`MAX_SAMPLED_GROUPS`].
fn sibling_groups(own: Option<&str>, links: &[Url]) -> Vec<(String, Vec<Url>)> {
    let mut groups: Vec<(String, Vec<Url>)> = links::groups(links)
        .into_iter()
        .filter(|(shape, members)| members.len() >= 2 && Some(shape.as_str()) != own)
        .collect();
    groups.sort_by_key(|(_, members)| std::cmp::Reverse(members.len()));
    groups.truncate(MAX_SAMPLED_GROUPS);
    groups
}

/// A crawl of `root` as `kind`, with nothing found yet.
fn new_crawl(root: &Page, kind: Kind) -> Crawl {
    Crawl {
        url: root.url.clone(),
        kind,
        issues: Vec::new(),
        inputs: Vec::new(),
        pages: 1,
        gone: Vec::new(),
        changed: false,
    }
}
