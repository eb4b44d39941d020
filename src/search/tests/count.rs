//! Counting: distinct links across segments, facets and index statistics.

use super::*;

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
            count: 2,
            tracked: None,
        }
    );
}
