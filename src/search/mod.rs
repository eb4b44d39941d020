//! The search side: a [`QueryConfig`] in, narrow results out ([`Hit`]s, a count, facet counts,
//! or index statistics). Renderers print these; nothing here prints or parses issue files.

mod config;
mod counts;
mod newest;
mod query;
mod trend;

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::ops::{Bound, Range};

use anyhow::Context;
use serde::Serialize;
use tantivy::collector::sort_key::SortByStaticFastValue;
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{Query, RangeQuery};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DateTime, DocAddress, Index, IndexReader, Order, Searcher, TantivyDocument, Term};

pub use config::{normalize_domain, parse_day, FacetField, Mode, QueryConfig, Sort, YearRange};
pub use trend::{Period, Series, Trend};

use crate::index::schema::{format_ymd, tantivy_to_date, url_hash, IndexFields, HOST, URL_HASH};
use crate::model::{field, LinkDoc};
use counts::{CountBy, Counter, Key};
use newest::NewestFirst;
use query::{Compiled, Compiler};

/// Longest snippet, in characters.
const SNIPPET_CHARS: usize = 160;

/// How many values a facet lists at most.
const FACET_TOP: usize = 20;

/// How many domains `stats` lists.
const STATS_TOP_DOMAINS: usize = 10;

/// One matching link, ready to render.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The stored document.
    pub doc: LinkDoc,
    /// BM25 score; `None` when hits are sorted by date.
    pub score: Option<f32>,
    /// A short fragment of the description (or of the title when there is no description).
    pub snippet: String,
    /// Byte ranges of `snippet` that matched the query words.
    pub highlights: Vec<Range<usize>>,
    /// With `--unique`: every issue this URL appeared in, oldest first.
    pub issues: Option<Vec<Appearance>>,
}

/// One issue a URL appeared in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Appearance {
    /// The issue's date, `YYYY-MM-DD`.
    pub date: String,
    /// The issue number, when it has one.
    pub issue: Option<u64>,
}

/// How many matching links hold one value of a facet field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    /// The value (a section slug, a year, a host).
    pub value: String,
    /// The number of matching links.
    pub count: u64,
}

/// What a search produced, by [`Mode`].
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The page of hits asked for.
    Hits(Vec<Hit>),
    /// The number of matching links.
    Count(u64),
    /// Counts per value, for `field`.
    Facet {
        /// The field counted by.
        field: FacetField,
        /// The values and their counts.
        counts: Vec<FacetCount>,
    },
}

impl Outcome {
    /// True when nothing matched (exit code 1).
    pub fn is_empty(&self) -> bool {
        match self {
            Outcome::Hits(hits) => hits.is_empty(),
            Outcome::Count(count) => *count == 0,
            Outcome::Facet { counts, .. } => counts.is_empty(),
        }
    }
}

/// What `backissues stats` reports about an index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndexStats {
    /// Number of issues (distinct source files).
    pub issues: u64,
    /// Number of link documents.
    pub links: u64,
    /// Date of the oldest issue.
    pub first_issue: Option<String>,
    /// Date of the newest issue.
    pub last_issue: Option<String>,
    /// Links per year, in year order.
    pub years: Vec<FacetCount>,
    /// Links per section, most first.
    pub sections: Vec<FacetCount>,
    /// The domains with the most links, most first.
    pub top_domains: Vec<FacetCount>,
}

/// A searchable index: its reader, fields and query compiler.
pub struct Engine {
    reader: IndexReader,
    fields: IndexFields,
    compiler: Compiler,
}

impl Engine {
    /// Prepares `index` for searching; fails if it is not a backissues index.
    pub fn new(index: Index) -> anyhow::Result<Self> {
        let fields = IndexFields::new(&index.schema())?;
        let reader = index.reader().context("opening the index for reading")?;
        let compiler = Compiler::new(&index, &fields)?;
        Ok(Self {
            reader,
            fields,
            compiler,
        })
    }

    /// True when the index holds no documents.
    pub fn is_empty(&self) -> bool {
        self.reader.searcher().num_docs() == 0
    }

    /// Runs the search `config` describes.
    pub fn search(&self, config: &QueryConfig) -> anyhow::Result<Outcome> {
        let compiled = self.compiler.compile(config)?;
        let searcher = self.reader.searcher();
        match config.mode {
            Mode::Count if config.unique => {
                let urls = Counter {
                    fields: vec![CountBy::Unsigned(URL_HASH)],
                };
                let tally = searcher.search(&*compiled.query, &urls)?;
                Ok(Outcome::Count(tally.first().map_or(0, |t| t.len() as u64)))
            }
            Mode::Count => Ok(Outcome::Count(
                searcher.search(&*compiled.query, &Count)? as u64
            )),
            Mode::Facet(field) => Ok(Outcome::Facet {
                field,
                counts: facet(&searcher, &*compiled.query, field)?,
            }),
            Mode::Hits => Ok(Outcome::Hits(self.hits(&searcher, config, &compiled)?)),
        }
    }

    /// Counts the whole index for `stats`.
    pub fn stats(&self) -> anyhow::Result<IndexStats> {
        let searcher = self.reader.searcher();
        let counter = Counter {
            fields: vec![
                CountBy::Text(field::SOURCE),
                CountBy::Int(field::YEAR),
                CountBy::Text(field::SECTION),
                CountBy::Text(HOST),
                CountBy::Date(field::DATE),
            ],
        };
        let mut tallies = searcher
            .search(&tantivy::query::AllQuery, &counter)?
            .into_iter();
        let mut next = || tallies.next().unwrap_or_default();
        let (sources, years, sections, hosts, dates) = (next(), next(), next(), next(), next());
        let day = |key: Option<&Key>| match key {
            Some(Key::Int(secs)) => Some(format_ymd(tantivy_to_date(
                DateTime::from_timestamp_secs(*secs),
            ))),
            _ => None,
        };
        Ok(IndexStats {
            issues: sources.len() as u64,
            links: searcher.num_docs(),
            first_issue: day(dates.keys().min()),
            last_issue: day(dates.keys().max()),
            years: by_key(years),
            sections: by_count(sections, usize::MAX),
            top_domains: by_count(hosts, STATS_TOP_DOMAINS),
        })
    }

    /// The page of hits, ranked, with snippets (and appearances with `--unique`).
    fn hits(
        &self,
        searcher: &Searcher,
        config: &QueryConfig,
        compiled: &Compiled,
    ) -> anyhow::Result<Vec<Hit>> {
        let total = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        if config.offset >= total || config.limit == 0 {
            return Ok(Vec::new());
        }
        let limit = config.limit.min(total);
        let sort = config.effective_sort();
        let page = if config.unique {
            self.unique_page(
                searcher,
                &*compiled.query,
                sort,
                config.offset..config.offset + limit,
                total,
            )?
        } else {
            ranked(
                searcher,
                &*compiled.query,
                sort,
                config.offset..config.offset + limit,
            )?
        };
        let snippets = Snippets::new(searcher, compiled.words.as_deref(), &self.fields)?;
        page.into_iter()
            .map(|(score, address)| {
                let stored: TantivyDocument = searcher.doc(address)?;
                let doc = self.fields.to_link_doc(&stored)?;
                let (snippet, highlights) = snippets.make(&doc);
                let issues = if config.unique {
                    Some(self.appearances(searcher, &doc.url)?)
                } else {
                    None
                };
                Ok(Hit {
                    doc,
                    score,
                    snippet,
                    highlights,
                    issues,
                })
            })
            .collect()
    }

    /// The `page` of the ranking with only the best hit of each URL. Fetches a few times more
    /// hits than the page needs, and more only when repeated URLs leave it short.
    fn unique_page(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        sort: Sort,
        page: Range<usize>,
        total: usize,
    ) -> anyhow::Result<Vec<(Option<f32>, DocAddress)>> {
        let mut fetch = page.end.saturating_mul(4).min(total);
        loop {
            let hits = ranked(searcher, query, sort, 0..fetch)?;
            let exhausted = hits.len() < fetch || fetch == total;
            let kept = self.best_per_url(searcher, hits, page.end)?;
            if kept.len() >= page.end || exhausted {
                return Ok(kept.into_iter().skip(page.start).collect());
            }
            fetch = fetch.saturating_mul(4).min(total);
        }
    }

    /// Keeps the first (best) hit of each URL from `ranked`, at most `wanted` of them.
    fn best_per_url(
        &self,
        searcher: &Searcher,
        ranked: Vec<(Option<f32>, DocAddress)>,
        wanted: usize,
    ) -> anyhow::Result<Vec<(Option<f32>, DocAddress)>> {
        let mut columns = HashMap::new();
        let mut seen = HashSet::new();
        let mut kept = Vec::new();
        for (score, address) in ranked {
            let column = match columns.entry(address.segment_ord) {
                Entry::Occupied(entry) => entry.into_mut(),
                Entry::Vacant(entry) => entry.insert(
                    searcher
                        .segment_reader(address.segment_ord)
                        .fast_fields()
                        .u64(URL_HASH)?,
                ),
            };
            if seen.insert(column.first(address.doc_id)) {
                kept.push((score, address));
                if kept.len() >= wanted {
                    break;
                }
            }
        }
        Ok(kept)
    }

    /// Every issue that features `url`, oldest first.
    fn appearances(&self, searcher: &Searcher, url: &str) -> anyhow::Result<Vec<Appearance>> {
        let hash = Term::from_field_u64(self.fields.url_hash, url_hash(url));
        let query = RangeQuery::new(Bound::Included(hash.clone()), Bound::Included(hash));
        let mut found = Vec::new();
        for address in searcher.search(&query, &DocSetCollector)? {
            let stored: TantivyDocument = searcher.doc(address)?;
            let doc = self.fields.to_link_doc(&stored)?;
            found.push(Appearance {
                date: doc.date,
                issue: doc.issue,
            });
        }
        found.sort();
        found.dedup();
        Ok(found)
    }
}

/// The hits in `range` of the ranking `sort` asks for. Date orders break ties by position in
/// the issue.
fn ranked(
    searcher: &Searcher,
    query: &dyn Query,
    sort: Sort,
    range: Range<usize>,
) -> anyhow::Result<Vec<(Option<f32>, DocAddress)>> {
    Ok(match sort {
        Sort::Relevance => searcher
            .search(query, &TopDocs::for_doc_range(range).order_by_score())?
            .into_iter()
            .map(|(score, address)| (Some(score), address))
            .collect(),
        Sort::Newest => {
            let newest = searcher.search(query, &NewestFirst { limit: range.end })?;
            newest
                .into_iter()
                .skip(range.start)
                .map(|address| (None, address))
                .collect()
        }
        Sort::Oldest => {
            let oldest = TopDocs::for_doc_range(range).order_by((
                (
                    SortByStaticFastValue::<DateTime>::for_field(field::DATE),
                    Order::Asc,
                ),
                (
                    SortByStaticFastValue::<u64>::for_field(field::POSITION),
                    Order::Asc,
                ),
            ));
            searcher
                .search(query, &oldest)?
                .into_iter()
                .map(|(_, address)| (None, address))
                .collect()
        }
    })
}

/// Counts the matching links by `field`: the top values by count, or every year in year order.
fn facet(
    searcher: &Searcher,
    query: &dyn Query,
    field: FacetField,
) -> anyhow::Result<Vec<FacetCount>> {
    let by = match field {
        FacetField::Section => CountBy::Text(field::SECTION),
        FacetField::Year => CountBy::Int(field::YEAR),
        FacetField::Domain => CountBy::Text(HOST),
    };
    let tally = searcher
        .search(query, &Counter { fields: vec![by] })?
        .into_iter()
        .next()
        .unwrap_or_default();
    Ok(match field {
        FacetField::Year => by_key(tally),
        FacetField::Section | FacetField::Domain => by_count(tally, FACET_TOP),
    })
}

/// The `top` values with the most documents, most first (ties by value).
fn by_count(tally: HashMap<Key, u64>, top: usize) -> Vec<FacetCount> {
    let mut counts: Vec<(Key, u64)> = tally.into_iter().collect();
    counts.sort_by(|(ka, ca), (kb, cb)| cb.cmp(ca).then_with(|| ka.cmp(kb)));
    counts.into_iter().take(top).map(facet_count).collect()
}

/// Every value in value order.
fn by_key(tally: HashMap<Key, u64>) -> Vec<FacetCount> {
    let mut counts: Vec<(Key, u64)> = tally.into_iter().collect();
    counts.sort();
    counts.into_iter().map(facet_count).collect()
}

/// A tallied value as a [`FacetCount`].
fn facet_count((key, count): (Key, u64)) -> FacetCount {
    let value = match key {
        Key::Text(text) => text,
        Key::Int(number) => number.to_string(),
        Key::Unsigned(number) => number.to_string(),
    };
    FacetCount { value, count }
}

/// Snippet generators for the description and the title, when the query has words.
struct Snippets {
    description: Option<SnippetGenerator>,
    title: Option<SnippetGenerator>,
}

impl Snippets {
    /// Prepares generators for the terms of `words`.
    fn new(
        searcher: &Searcher,
        words: Option<&dyn Query>,
        fields: &IndexFields,
    ) -> anyhow::Result<Self> {
        let generator = |field| -> anyhow::Result<Option<SnippetGenerator>> {
            let Some(words) = words else {
                return Ok(None);
            };
            let mut generator = SnippetGenerator::create(searcher, words, field)?;
            generator.set_max_num_chars(SNIPPET_CHARS);
            Ok(Some(generator))
        };
        Ok(Self {
            description: generator(fields.description)?,
            title: generator(fields.title)?,
        })
    }

    /// The snippet of `doc`: the best fragment of its description (its title when the
    /// description is empty), or its beginning when no query word is in it.
    fn make(&self, doc: &LinkDoc) -> (String, Vec<Range<usize>>) {
        let (text, generator) = match (&doc.title, doc.description.trim().is_empty()) {
            (Some(title), true) => (title.as_str(), &self.title),
            _ => (doc.description.as_str(), &self.description),
        };
        if let Some(generator) = generator {
            let snippet = generator.snippet(text);
            if !snippet.fragment().is_empty() {
                let range = snippet.fragment_range();
                let end = text[range.end..]
                    .find(char::is_whitespace)
                    .map_or(text.len(), |space| range.end + space);
                return (
                    text[range.start..end].to_string(),
                    snippet.highlighted().to_vec(),
                );
            }
        }
        (beginning(text, SNIPPET_CHARS), Vec::new())
    }
}

/// The first words of `text`, at most `max_chars` characters, cut at a space when possible.
fn beginning(text: &str, max_chars: usize) -> String {
    let Some((cut, _)) = text.char_indices().nth(max_chars) else {
        return text.to_string();
    };
    let head = &text[..cut];
    head.rfind(' ')
        .map_or(head, |space| &head[..space])
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::schema::build_schema;

    fn link(url: &str, section: &str, date: &str, issue: u64, description: &str) -> LinkDoc {
        let domain = normalize_domain(url);
        LinkDoc {
            url: url.into(),
            domain,
            section: section.into(),
            section_title: section.into(),
            date: date.into(),
            year: date[..4].parse().unwrap(),
            issue: Some(issue),
            issue_title: format!("Issue {issue}"),
            title: None,
            description: description.into(),
            source: format!("{date}-issue-{issue}.md"),
            position: 1,
        }
    }

    fn engine() -> Engine {
        let docs = [
            link(
                "https://github.com/a/kube-tool",
                "tools",
                "2020-11-08",
                515,
                "A tool to manage Kubernetes clusters.",
            ),
            link(
                "https://blog.example.com/deploys",
                "news",
                "2020-11-08",
                515,
                "Deploying services with canary deployments.",
            ),
            link(
                "https://sponsor.example.com/",
                "sponsor",
                "2020-11-08",
                515,
                "Kubernetes security for everyone.",
            ),
            link(
                "https://docs.github.com/actions",
                "news",
                "2019-04-28",
                435,
                "Continuous integration with GitHub Actions.",
            ),
            link(
                "https://github.com/a/kube-tool",
                "tools",
                "2019-04-28",
                435,
                "An earlier look at the Kubernetes tool.",
            ),
            link(
                "https://example.org/terraform-kubernetes",
                "news",
                "2020-03-22",
                482,
                "Infrastructure as code with Terraform.",
            ),
        ];
        engine_of(&docs)
    }

    fn engine_of(docs: &[LinkDoc]) -> Engine {
        let schema = build_schema();
        let fields = IndexFields::new(&schema).unwrap();
        let index = Index::create_in_ram(schema);
        let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
        for (i, doc) in docs.iter().enumerate() {
            let mut doc = doc.clone();
            doc.position = i as u32 + 1;
            writer
                .add_document(fields.to_document(&doc, Some(0)).unwrap())
                .unwrap();
        }
        writer.commit().unwrap();
        Engine::new(index).unwrap()
    }

    fn urls(engine: &Engine, config: &QueryConfig) -> Vec<(String, String)> {
        match engine.search(config).unwrap() {
            Outcome::Hits(hits) => hits.into_iter().map(|h| (h.doc.date, h.doc.url)).collect(),
            other => panic!("expected hits, got {other:?}"),
        }
    }

    fn words(text: &str) -> QueryConfig {
        QueryConfig {
            words: text.into(),
            ..QueryConfig::default()
        }
    }

    #[test]
    fn description_beats_url_words_and_sponsors_are_excluded() {
        let found = urls(&engine(), &words("kubernetes"));
        assert_eq!(
            found,
            [
                ("2020-11-08".into(), "https://github.com/a/kube-tool".into()),
                ("2019-04-28".into(), "https://github.com/a/kube-tool".into()),
                (
                    "2020-03-22".into(),
                    "https://example.org/terraform-kubernetes".into()
                ),
            ]
        );
    }

    #[test]
    fn stemming_and_phrases_match() {
        let engine = engine();
        let found = urls(&engine, &words("deploy"));
        assert_eq!(
            found,
            [(
                "2020-11-08".into(),
                "https://blog.example.com/deploys".into()
            )]
        );
        let found = urls(&engine, &words("\"canary deployments\""));
        assert_eq!(found.len(), 1);
        assert!(urls(&engine, &words("\"deployments canary\"")).is_empty());
    }

    #[test]
    fn words_are_anded_unless_or() {
        let engine = engine();
        assert_eq!(urls(&engine, &words("kubernetes terraform")).len(), 1);
        assert_eq!(urls(&engine, &words("terraform OR actions")).len(), 2);
        assert_eq!(urls(&engine, &words("kubernetes -terraform")).len(), 2);
        assert_eq!(urls(&engine, &words("kubernetes NOT terraform")).len(), 2);
    }

    #[test]
    fn field_terms_are_normalized() {
        let engine = engine();
        assert_eq!(urls(&engine, &words("section:Tools")).len(), 2);
        assert_eq!(urls(&engine, &words("domain:GitHub.com")).len(), 3);
        assert_eq!(urls(&engine, &words("year:2019")).len(), 2);
        assert_eq!(urls(&engine, &words("issue:482")).len(), 1);
        assert_eq!(urls(&engine, &words("date:2019-04-28")).len(), 2);
        let sponsors = urls(&engine, &words("section:sponsor"));
        assert_eq!(
            sponsors,
            [("2020-11-08".into(), "https://sponsor.example.com/".into())]
        );
    }

    #[test]
    fn url_terms_search_the_words_of_the_url() {
        let engine = engine();
        let kube_tool = "https://github.com/a/kube-tool";
        let found: Vec<String> = urls(&engine, &words("url:\"github.com/a/kube-tool\""))
            .into_iter()
            .map(|(_, url)| url)
            .collect();
        assert_eq!(found, [kube_tool, kube_tool]);
        assert_eq!(urls(&engine, &words("url:terraform")).len(), 1);
        assert_eq!(urls(&engine, &words("url:github")).len(), 3);
        assert!(urls(&engine, &words("url:\"kube-tool github\"")).is_empty());
    }

    #[test]
    fn filters_combine() {
        let engine = engine();
        let config = QueryConfig {
            sections: vec!["news".into()],
            years: Some(YearRange {
                from: 2020,
                to: 2020,
            }),
            ..QueryConfig::default()
        };
        assert_eq!(
            urls(&engine, &config),
            [
                (
                    "2020-11-08".into(),
                    "https://blog.example.com/deploys".into()
                ),
                (
                    "2020-03-22".into(),
                    "https://example.org/terraform-kubernetes".into()
                ),
            ]
        );
        let config = QueryConfig {
            domains: vec!["github.com".into()],
            since: Some(parse_day("2020-01-01").unwrap()),
            ..QueryConfig::default()
        };
        assert_eq!(urls(&engine, &config).len(), 1);
        let config = QueryConfig {
            until: Some(parse_day("2020-03-22").unwrap()),
            issue: Some(482),
            ..QueryConfig::default()
        };
        assert_eq!(urls(&engine, &config).len(), 1);
        let config = QueryConfig {
            include_sponsors: true,
            ..QueryConfig::default()
        };
        assert_eq!(urls(&engine, &config).len(), 6);
    }

    #[test]
    fn sorts_and_pages() {
        let engine = engine();
        let mut config = QueryConfig::default();
        let newest: Vec<String> = urls(&engine, &config).into_iter().map(|(d, _)| d).collect();
        assert_eq!(
            newest,
            [
                "2020-11-08",
                "2020-11-08",
                "2020-03-22",
                "2019-04-28",
                "2019-04-28"
            ]
        );
        config.sort = Some(Sort::Oldest);
        config.limit = 2;
        config.offset = 1;
        let oldest = urls(&engine, &config);
        assert_eq!(
            oldest,
            [
                ("2019-04-28".into(), "https://github.com/a/kube-tool".into()),
                (
                    "2020-03-22".into(),
                    "https://example.org/terraform-kubernetes".into()
                ),
            ]
        );
        config.offset = 99;
        assert!(urls(&engine, &config).is_empty());
    }

    #[test]
    fn unique_keeps_the_best_hit_and_lists_issues() {
        let engine = engine();
        let config = QueryConfig {
            words: "kubernetes tool".into(),
            unique: true,
            ..QueryConfig::default()
        };
        let Outcome::Hits(hits) = engine.search(&config).unwrap() else {
            panic!("hits expected")
        };
        assert_eq!(hits.len(), 1);
        let issues = hits[0].issues.clone().unwrap();
        assert_eq!(
            issues,
            [
                Appearance {
                    date: "2019-04-28".into(),
                    issue: Some(435)
                },
                Appearance {
                    date: "2020-11-08".into(),
                    issue: Some(515)
                },
            ]
        );
    }

    #[test]
    fn unique_fetches_more_when_one_url_fills_the_page() {
        let mut docs: Vec<LinkDoc> = (1..=9)
            .map(|day| {
                link(
                    "https://a.example/",
                    "news",
                    &format!("2020-01-0{day}"),
                    day,
                    "A",
                )
            })
            .collect();
        docs.push(link("https://b.example/", "news", "2019-01-01", 1, "B"));
        let config = QueryConfig {
            unique: true,
            limit: 2,
            ..QueryConfig::default()
        };
        let found = urls(&engine_of(&docs), &config);
        assert_eq!(
            found,
            [
                ("2020-01-09".into(), "https://a.example/".into()),
                ("2019-01-01".into(), "https://b.example/".into()),
            ]
        );
    }

    #[test]
    fn count_and_facets() {
        let engine = engine();
        let mut config = words("kubernetes");
        config.mode = Mode::Count;
        assert_eq!(engine.search(&config).unwrap(), Outcome::Count(3));
        config.unique = true;
        assert_eq!(engine.search(&config).unwrap(), Outcome::Count(2));
        config.unique = false;
        config.mode = Mode::Facet(FacetField::Section);
        let Outcome::Facet { counts, .. } = engine.search(&config).unwrap() else {
            panic!("facet expected")
        };
        let pairs: Vec<(&str, u64)> = counts.iter().map(|c| (c.value.as_str(), c.count)).collect();
        assert_eq!(pairs, [("tools", 2), ("news", 1)]);
        config.mode = Mode::Facet(FacetField::Year);
        let Outcome::Facet { counts, .. } = engine.search(&config).unwrap() else {
            panic!("facet expected")
        };
        let pairs: Vec<(&str, u64)> = counts.iter().map(|c| (c.value.as_str(), c.count)).collect();
        assert_eq!(pairs, [("2019", 1), ("2020", 2)]);
        config.mode = Mode::Facet(FacetField::Domain);
        let Outcome::Facet { counts, .. } = engine.search(&config).unwrap() else {
            panic!("facet expected")
        };
        let pairs: Vec<(&str, u64)> = counts.iter().map(|c| (c.value.as_str(), c.count)).collect();
        assert_eq!(pairs, [("github.com", 2), ("example.org", 1)]);
    }

    #[test]
    fn snippets_highlight_stemmed_words() {
        let Outcome::Hits(hits) = engine().search(&words("deploy")).unwrap() else {
            panic!("hits expected")
        };
        let hit = &hits[0];
        assert_eq!(hit.snippet, "Deploying services with canary deployments.");
        let marked: Vec<&str> = hit
            .highlights
            .iter()
            .map(|r| &hit.snippet[r.clone()])
            .collect();
        assert_eq!(marked, ["Deploying", "deployments"]);
        assert!(hit.score.is_some());
    }

    #[test]
    fn fuzzy_tolerates_typos() {
        let engine = engine();
        assert!(urls(&engine, &words("kubrnetes")).is_empty());
        let mut config = words("kubrnetes");
        config.fuzzy = true;
        assert_eq!(urls(&engine, &config).len(), 3);
        config.words = "kubrnetis".into();
        assert_eq!(urls(&engine, &config).len(), 3);
        config.words = (0..40)
            .map(|i| format!("kube{i}"))
            .collect::<Vec<_>>()
            .join(" OR ");
        let err = engine.search(&config).unwrap_err().to_string();
        assert_eq!(
            err,
            "--fuzzy takes at most 32 words (each one expands to many terms); this query has 40"
        );
    }

    #[test]
    fn malformed_queries_say_where_and_why() {
        let engine = engine();
        let err = engine.search(&words("title:")).unwrap_err().to_string();
        assert!(
            err.starts_with("cannot read the query: expected word at character 7"),
            "{err}"
        );
        let err = engine.search(&words("foo:bar")).unwrap_err().to_string();
        assert!(err.starts_with("unknown field `foo` in `foo:bar`"), "{err}");
        let err = engine.search(&words("year:abc")).unwrap_err().to_string();
        assert!(err.contains("take a whole number"), "{err}");
        let err = engine.search(&words("\"ab\"*")).unwrap_err().to_string();
        assert_eq!(
            err,
            "cannot search for `ab`: a phrase prefix (`\"big bad wo\"*`) needs at least two words"
        );
        let deep = "(".repeat(10_000);
        let err = engine.search(&words(&deep)).unwrap_err().to_string();
        assert!(err.contains("parentheses"), "{err}");
    }

    #[test]
    fn huge_queries_run() {
        let engine = engine();
        let many = vec!["kubernetes"; 10_000].join(" ");
        assert_eq!(urls(&engine, &words(&many)).len(), 3);
        let many_or = vec!["kubernetes"; 10_000].join(" OR ");
        assert_eq!(urls(&engine, &words(&many_or)).len(), 3);
        let distinct: Vec<String> = (0..10_000).map(|i| format!("w{i}")).collect();
        assert!(urls(&engine, &words(&distinct.join(" "))).is_empty());
    }

    #[test]
    fn stats_count_the_index() {
        let stats = engine().stats().unwrap();
        assert_eq!(stats.issues, 3);
        assert_eq!(stats.links, 6);
        assert_eq!(stats.first_issue.as_deref(), Some("2019-04-28"));
        assert_eq!(stats.last_issue.as_deref(), Some("2020-11-08"));
        let years: Vec<(&str, u64)> = stats
            .years
            .iter()
            .map(|c| (c.value.as_str(), c.count))
            .collect();
        assert_eq!(years, [("2019", 2), ("2020", 4)]);
        assert_eq!(
            stats.top_domains[0],
            FacetCount {
                value: "github.com".into(),
                count: 2
            }
        );
    }
}
