//! Search behaviour on a small in-memory index: ranking, filters, paging, unique, facets, stats.

use super::*;
use crate::index::schema::build_schema;
use crate::model::{day, LinkDoc};
use tantivy::Index;

fn link(url: &str, section: &str, date: &str, issue: u64, description: &str) -> LinkDoc {
    let domain = crate::urls::host(url);
    LinkDoc {
        url: url.into(),
        domain,
        section: section.into(),
        section_title: section.into(),
        date: day::parse(date),
        year: date[..4].parse().ok(),
        date_precision: Some(crate::model::DatePrecision::Day),
        issue: Some(issue),
        issue_title: format!("Issue {issue}"),
        title: None,
        description: description.into(),
        source: format!("{date}-issue-{issue}.md"),
        position: 1,
        newsletter: "weekly".into(),
        written_url: None,
        tracked: crate::model::Tracked::No,
        issue_url: None,
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
    engine_committing_every(docs, docs.len())
}

/// An engine whose index commits every `docs_per_segment` documents: one segment each.
fn engine_committing_every(docs: &[LinkDoc], docs_per_segment: usize) -> Engine {
    let schema = build_schema();
    let fields = IndexFields::new(&schema).unwrap();
    let index = Index::create_in_ram(schema);
    crate::index::analyzer::register(&index);
    let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
    for (i, doc) in docs.iter().enumerate() {
        let mut doc = doc.clone();
        doc.position = i as u32 + 1;
        writer
            .add_document(fields.to_document(&doc, Some(0)).unwrap())
            .unwrap();
        if (i + 1) % docs_per_segment.max(1) == 0 {
            writer.commit().unwrap();
        }
    }
    writer.commit().unwrap();
    Engine::new(index).unwrap()
}

fn urls(engine: &Engine, config: &QueryConfig) -> Vec<(String, String)> {
    match engine.search(config).unwrap() {
        Outcome::Hits(hits) => hits
            .into_iter()
            .map(|h| (h.doc.date.map(day::format).unwrap_or_default(), h.doc.url))
            .collect(),
        other => panic!("expected hits, got {other:?}"),
    }
}

/// Every appearance of each link as a hit (`--all`).
fn every() -> QueryConfig {
    QueryConfig {
        all: true,
        ..QueryConfig::default()
    }
}

fn words(text: &str) -> QueryConfig {
    QueryConfig {
        words: text.into(),
        ..every()
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

/// Excluded phrases (`-github.com` is one) go through the forward-only wrapper: unwrapped, Tantivy
/// panics in debug builds (tantivy issue #2811).
#[test]
fn excluded_phrases_leave_out_their_links() {
    let engine = engine();
    let terraform = [(
        "2020-03-22".to_string(),
        "https://example.org/terraform-kubernetes".to_string(),
    )];
    assert_eq!(urls(&engine, &words("kubernetes -github.com")), terraform);
    assert_eq!(
        urls(&engine, &words("kubernetes NOT \"github com\"")),
        terraform
    );
    assert_eq!(
        urls(&engine, &words("-\"canary deployments\" -github.com")).len(),
        1
    );
}

#[test]
fn words_are_anded_unless_or() {
    let engine = engine();
    assert_eq!(
        urls(&engine, &words("kubernetes terraform")),
        [(
            "2020-03-22".into(),
            "https://example.org/terraform-kubernetes".into()
        )]
    );
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
        ..every()
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
        since: Some(day::parse("2020-01-01").unwrap()),
        ..every()
    };
    assert_eq!(
        urls(&engine, &config),
        [("2020-11-08".into(), "https://github.com/a/kube-tool".into())]
    );
    let config = QueryConfig {
        until: Some(day::parse("2020-03-22").unwrap()),
        issue: Some(482),
        ..every()
    };
    assert_eq!(
        urls(&engine, &config),
        [(
            "2020-03-22".into(),
            "https://example.org/terraform-kubernetes".into()
        )]
    );
    let config = QueryConfig {
        include_sponsors: true,
        ..every()
    };
    let dated = |date: &str, url: &str| (date.to_string(), url.to_string());
    assert_eq!(
        urls(&engine, &config),
        [
            dated("2020-11-08", "https://github.com/a/kube-tool"),
            dated("2020-11-08", "https://blog.example.com/deploys"),
            dated("2020-11-08", "https://sponsor.example.com/"),
            dated("2020-03-22", "https://example.org/terraform-kubernetes"),
            dated("2019-04-28", "https://docs.github.com/actions"),
            dated("2019-04-28", "https://github.com/a/kube-tool"),
        ]
    );
}

#[test]
fn sorts_and_pages() {
    let engine = engine();
    let mut config = every();
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
        ..QueryConfig::default()
    };
    let Outcome::Hits(hits) = engine.search(&config).unwrap() else {
        panic!("hits expected")
    };
    assert_eq!(hits.len(), 1);
    let issues = hits[0].appearances.clone().unwrap();
    assert_eq!(
        issues,
        [
            Appearance {
                date: Some("2019-04-28".into()),
                issue: Some(435)
            },
            Appearance {
                date: Some("2020-11-08".into()),
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
fn left_out_links_at_the_top_are_replaced_from_further_down() {
    // Forty sponsor links outscore everything (the word three times in a short text); the page
    // must still be the best of the rest, in order, past more left-out links than the first
    // fetch holds.
    let mut docs: Vec<LinkDoc> = (0..40)
        .map(|n| {
            link(
                &format!("https://sponsor{n}.example/"),
                "sponsor",
                "2020-01-01",
                1,
                "kubernetes kubernetes kubernetes",
            )
        })
        .collect();
    docs.push(link(
        "https://a.example/",
        "news",
        "2020-01-01",
        1,
        "kubernetes kubernetes",
    ));
    docs.push(link(
        "https://b.example/",
        "news",
        "2020-01-01",
        1,
        "kubernetes in a longer text",
    ));
    docs.push(link(
        "https://c.example/",
        "news",
        "2020-01-01",
        1,
        "kubernetes in a much longer text than that",
    ));
    let engine = engine_committing_every(&docs, 7);
    let page = |config: &QueryConfig| -> Vec<String> {
        urls(&engine, config)
            .into_iter()
            .map(|(_, url)| url)
            .collect()
    };
    let mut config = words("kubernetes");
    config.limit = 2;
    assert_eq!(page(&config), ["https://a.example/", "https://b.example/"]);
    config.offset = 1;
    assert_eq!(page(&config), ["https://b.example/", "https://c.example/"]);
    config.include_sponsors = true;
    config.offset = 0;
    let found = urls(&engine, &config);
    assert!(
        found.iter().all(|(_, url)| url.contains("sponsor")),
        "{found:?}"
    );
}

#[test]
fn words_are_looked_for_only_in_fields_some_segment_has_terms_of() {
    let untitled = [
        link(
            "https://a.example/1",
            "news",
            "2020-11-08",
            515,
            "Kubernetes tool.",
        ),
        link(
            "https://a.example/2",
            "news",
            "2020-11-08",
            515,
            "Envoy news.",
        ),
    ];
    let engine = engine_committing_every(&untitled, 1);
    let fields = &engine.fields;
    assert_eq!(
        engine.compiler.searched_fields(),
        [fields.description, fields.issue_title, fields.url_words]
    );
    assert_eq!(urls(&engine, &words("kubernetes")).len(), 1);
    // One titled link in one of the segments: the title field is searched again.
    let mut titled = untitled.to_vec();
    titled[1].title = Some("Envoy control planes".into());
    let engine = engine_committing_every(&titled, 1);
    let fields = &engine.fields;
    assert_eq!(
        engine.compiler.searched_fields(),
        [
            fields.title,
            fields.description,
            fields.issue_title,
            fields.url_words
        ]
    );
    assert_eq!(
        urls(&engine, &words("planes")),
        [("2020-11-08".to_string(), "https://a.example/2".to_string())]
    );
}

#[test]
fn distinct_links_are_counted_once_across_segments() {
    let docs = [
        link(
            "https://github.com/a/kube-tool",
            "tools",
            "2020-11-08",
            515,
            "Kubernetes tool.",
        ),
        link(
            "https://github.com/b/other",
            "news",
            "2020-11-08",
            515,
            "Kubernetes news.",
        ),
        link(
            "https://github.com/a/kube-tool",
            "tools",
            "2019-04-28",
            435,
            "Kubernetes again.",
        ),
        link(
            "https://example.org/k",
            "news",
            "2019-04-28",
            435,
            "Kubernetes elsewhere.",
        ),
        link(
            "https://github.com/b/other",
            "news",
            "2018-01-07",
            300,
            "Kubernetes, third time.",
        ),
    ];
    for per_segment in [1, 2, 5] {
        let engine = engine_committing_every(&docs, per_segment);
        let mut config = words("kubernetes");
        config.all = false;
        config.mode = Mode::Count;
        assert_eq!(
            engine.search(&config).unwrap(),
            Outcome::Count(3),
            "{per_segment}"
        );
        let facet = |field| {
            let config = QueryConfig {
                mode: Mode::Facet(field),
                ..config.clone()
            };
            let Outcome::Facet { counts, .. } = engine.search(&config).unwrap() else {
                panic!("facet expected")
            };
            counts
                .iter()
                .map(|c| (c.value.clone(), c.count))
                .collect::<Vec<_>>()
        };
        let pairs = |list: &[(&str, u64)]| {
            list.iter()
                .map(|(v, c)| (v.to_string(), *c))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            facet(FacetField::Domain),
            pairs(&[("github.com", 2), ("example.org", 1)]),
            "{per_segment}"
        );
        assert_eq!(
            facet(FacetField::Section),
            pairs(&[("news", 2), ("tools", 1)]),
            "{per_segment}"
        );
        assert_eq!(
            facet(FacetField::Year),
            pairs(&[("2018", 1), ("2019", 2), ("2020", 2)]),
            "{per_segment}"
        );
    }
}

#[test]
fn count_and_facets() {
    let engine = engine();
    let mut config = words("kubernetes");
    config.mode = Mode::Count;
    assert_eq!(engine.search(&config).unwrap(), Outcome::Count(3));
    config.all = false;
    assert_eq!(engine.search(&config).unwrap(), Outcome::Count(2));
    config.all = true;
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
    // One quoted word with `*` is a prefix, as `ab*` is: no longer an error.
    assert!(engine.search(&words("\"ab\"*")).is_ok());
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

#[test]
fn one_row_per_link_groups_canonical_urls_and_counts_distinct_links() {
    let docs = [
        link(
            "https://a.example/post",
            "news",
            "2020-01-01",
            1,
            "Rust post",
        ),
        link(
            "http://www.a.example/post/?utm_source=x#top",
            "tools",
            "2020-02-01",
            2,
            "Rust post again",
        ),
        link("https://b.example/", "news", "2020-02-01", 2, "Rust other"),
    ];
    let engine = engine_of(&docs);
    let Outcome::Hits(hits) = engine.search(&words_by_link("rust")).unwrap() else {
        panic!("hits expected")
    };
    let rows: Vec<(&str, usize)> = hits
        .iter()
        .map(|h| (h.doc.url.as_str(), h.appearances.as_ref().unwrap().len()))
        .collect();
    assert_eq!(
        rows,
        [("https://a.example/post", 2), ("https://b.example/", 1)]
    );
    let mut config = words_by_link("rust");
    config.mode = Mode::Count;
    assert_eq!(engine.search(&config).unwrap(), Outcome::Count(2));
    config.mode = Mode::Facet(FacetField::Year);
    let Outcome::Facet { counts, .. } = engine.search(&config).unwrap() else {
        panic!("facet expected")
    };
    let pairs: Vec<(&str, u64)> = counts.iter().map(|c| (c.value.as_str(), c.count)).collect();
    assert_eq!(pairs, [("2020", 2)]);
    config.mode = Mode::Facet(FacetField::Section);
    let Outcome::Facet { counts, .. } = engine.search(&config).unwrap() else {
        panic!("facet expected")
    };
    let pairs: Vec<(&str, u64)> = counts.iter().map(|c| (c.value.as_str(), c.count)).collect();
    assert_eq!(pairs, [("news", 2), ("tools", 1)]);
    config.all = true;
    config.mode = Mode::Facet(FacetField::Year);
    let Outcome::Facet { counts, .. } = engine.search(&config).unwrap() else {
        panic!("facet expected")
    };
    assert_eq!(counts[0].count, 3);
}

/// One row per link (the default).
fn words_by_link(text: &str) -> QueryConfig {
    QueryConfig {
        words: text.into(),
        ..QueryConfig::default()
    }
}
