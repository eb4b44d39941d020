//! Building a query: words, phrases, fields, filters, fuzzy words and malformed queries.

use super::*;

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
