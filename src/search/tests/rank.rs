//! Ranking and paging: relevance, sorts, pages, one row per link, left-out links, snippets.

use super::*;

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
