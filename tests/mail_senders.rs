//! End-to-end tests of mail from each sender family (fixtures/mail/senders, messages of our own
//! to `reader@home.example`): the subscriber's identity out of every link, the mail's chrome out,
//! the web version as the issue's `issue_url`, newsletters named as a reader says them.

use serde_json::Value;

mod common;

use common::senders::{documents, link, links, one};

#[test]
fn mailchimp_loses_the_subscriber_id_and_its_chrome_and_keeps_the_web_version() {
    let docs = documents("mailchimp.eml");
    let track = "https://exampleweekly.us1.list-manage.com/track/click?u=abc";
    assert_eq!(
        links(&docs),
        [
            link(
                &format!("{track}&id=111"),
                "Queues in depth",
                "",
                "redirect"
            ),
            link(
                &format!("{track}&id=112"),
                "Cache stampedes, revisited",
                "",
                "redirect"
            ),
            link(
                "https://quiz.example/browser-quiz?utm_source=exampleweekly&utm_medium=email",
                "A quiz about your browser",
                "",
                ""
            ),
        ]
    );
    assert_eq!(one(&docs, "newsletter"), "Example Weekly");
    assert_eq!(
        one(&docs, "issue_url"),
        "https://us1.campaign-archive.com/?u=abc&id=def"
    );
    assert_eq!(one(&docs, "issue"), 131);
    assert_eq!(docs[0]["domain"], "exampleweekly.us1.list-manage.com");
}

#[test]
fn an_address_in_base64_in_the_path_is_replaced_by_the_marker() {
    let docs = documents("base64-path.eml");
    assert_eq!(
        links(&docs),
        [
            link(
                "https://news.example.net/i/SUBSCRIBER-REMOVED/3273",
                "Paging without tears",
                "",
                "personal"
            ),
            link(
                "https://pagers.example/history",
                "A short history of pagers",
                "",
                ""
            ),
        ]
    );
    assert_eq!(docs[0]["domain"], "news.example.net");
    assert_eq!(
        docs[0]["description"],
        "Paging without tears On-call that people can live with."
    );
    assert_eq!(one(&docs, "newsletter"), "The ExampleList");
    assert_eq!(one(&docs, "issue_url"), Value::Null);
}

#[test]
fn substack_tokens_are_dropped_or_unwrapped_and_the_app_chrome_goes() {
    let docs = documents("substack.eml");
    assert_eq!(
        links(&docs),
        [
            link(
                "https://articles.example/queues-in-depth",
                "queues in depth",
                "https://substack.com/redirect/2/SUBSCRIBER-REMOVED?j=SUBSCRIBER-REMOVED",
                ""
            ),
            link(
                "https://open.substack.com/pub/examplestack/p/postmortem-of-a-queue?utm_campaign=post&utm_medium=email",
                "A postmortem of a queue",
                "",
                ""
            ),
        ]
    );
    assert_eq!(docs[0]["domain"], "articles.example");
    assert_eq!(one(&docs, "newsletter"), "Example Stack");
    assert_eq!(
        one(&docs, "issue_url"),
        "https://examplestack.substack.com/p/why-queues-fail?utm_source=substack&utm_medium=email"
    );
}

#[test]
fn a_sendgrid_upn_link_is_personal_and_the_bracket_tag_names_the_newsletter() {
    let docs = documents("sendgrid.eml");
    assert_eq!(
        links(&docs),
        [
            link(
                "https://u4815.ct.sendgrid.net/ls/click?upn=SUBSCRIBER-REMOVED&__xyz",
                "Tracing the tracer",
                "",
                "personal"
            ),
            link(
                "https://spans.example/sampling",
                "Sampling, explained",
                "",
                ""
            ),
        ]
    );
    assert_eq!(one(&docs, "newsletter"), "SendWeekly");
    assert_eq!(one(&docs, "issue"), 9);
    assert_eq!(one(&docs, "issue_title"), "Issue 9: tracing the tracer");
}

#[test]
fn cooper_press_link_redirects_are_tracked_and_read_on_the_web_is_the_issue_url() {
    let docs = documents("cooper.eml");
    assert_eq!(
        links(&docs),
        [
            link(
                "https://javascriptexample.com/link/58219/web",
                "The event loop, again",
                "",
                "redirect"
            ),
            link(
                "https://javascriptexample.com/link/58220/web",
                "Bundlers compared",
                "",
                "redirect"
            ),
        ]
    );
    assert_eq!(one(&docs, "newsletter"), "JavaScript Example Weekly");
    assert_eq!(
        one(&docs, "issue_url"),
        "https://javascriptexample.com/issues/131"
    );
}

#[test]
fn marketing_platforms_lose_their_contact_tokens_and_referral_links_go() {
    let docs = documents("marketing.eml");
    let text = serde_json::to_string(&docs).unwrap();
    for token in [
        "p2ANqtz",
        "287654321",
        "NzA0LVVFUS0x",
        "Ab12Cd34Ef56",
        "xk2l9qz8",
        "1234A5678B90C",
        "anon-77aa88bb",
        "sam-88123",
        "abc123def456",
        "Xk29LmQ7",
        "ab12cd34",
    ] {
        assert!(!text.contains(token), "{token} in {text}");
    }
    assert_eq!(
        links(&docs),
        [
            link(
                "https://blog.example/rollouts?utm_source=hs_email",
                "Progressive rollouts",
                "",
                ""
            ),
            link("https://www.example.org/flags", "Flags at scale", "", ""),
            link("https://shop.example/post/sre", "SRE reading list", "", ""),
            link("https://drip.example/article", "Queue article", "", ""),
            link("https://omeda.example/story", "Cache story", "", ""),
            link("https://vero.example/post", "Log post", "", ""),
        ]
    );
    assert_eq!(one(&docs, "newsletter"), "Platform Notes");
    assert_eq!(one(&docs, "date"), "2026-11-03");
    assert_eq!(docs[1]["description"], "Feature flags, with numbers.");
    assert_eq!(docs[2]["description"], "SRE reading list Ten books.");
}

#[test]
fn the_footer_rows_of_social_and_site_links_give_no_documents() {
    let docs = documents("footer-rows.eml");
    assert_eq!(
        links(&docs),
        [
            link("https://caches.example/layers", "Layers of caches", "", ""),
            link("https://dns.example/ttl", "DNS TTLs in practice", "", ""),
            link(
                "https://sponsor.example/trial",
                "Try Monitorly free for 30 days",
                "",
                ""
            ),
        ]
    );
    assert_eq!(
        docs[2]["description"],
        "Monitoring that pages the right person."
    );
}

#[test]
fn a_plain_text_issue_keeps_the_words_under_each_url_its_title_and_its_bare_number() {
    let docs = documents("text-weekly.eml");
    let described: Vec<(&str, &str)> = docs
        .iter()
        .map(|doc| {
            (
                doc["url"].as_str().unwrap(),
                doc["description"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        described[0],
        (
            "https://caches.example/layers",
            "Where each cache sits and why."
        )
    );
    // A title is the short line above its URL, or the words before `(URL)` or `- URL -`.
    let titles: Vec<&str> = docs
        .iter()
        .map(|doc| doc["title"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        titles,
        ["Layers of caches", "DNS TTLs in practice", "", "k9s"]
    );
    assert_eq!(docs.len(), 4);
    assert_eq!(one(&docs, "issue"), 22);
    assert_eq!(one(&docs, "newsletter"), "Text Weekly");
}

#[test]
fn a_list_without_a_sender_name_is_named_by_its_list_id_label() {
    let docs = documents("listid.eml");
    assert_eq!(
        links(&docs),
        [link(
            "https://rust.example/async-traits",
            "Async traits, stable",
            "",
            ""
        )]
    );
    assert_eq!(one(&docs, "newsletter"), "Rust Example News");
}

#[test]
fn stats_count_the_tracked_and_the_personal_links() {
    let tmp = tempfile::tempdir().unwrap();
    let index = tmp.path().join("index");
    let (code, _, stderr) =
        common::run(common::on_index(&index).args(["ingest", "fixtures/mail/senders"]));
    assert_eq!(code, 0, "{stderr}");
    let (code, stdout, stderr) =
        common::run(common::on_index(&index).args(["stats", "--format", "json"]));
    assert_eq!(code, 0, "{stderr}");
    let stats: Value = serde_json::from_str(&stdout).unwrap();
    // The first six: Mailchimp's trackers, Cooper Press's redirects and the personal
    // base64-path and SendGrid links; then 3 more Mailchimp trackers, 5 Cooper-style redirects,
    // and the personal Campaign Monitor (3), Beehiiv (3) and `click.` (its opaque token) links.
    assert_eq!(
        (&stats["tracked_links"], &stats["personal_links"]),
        (&Value::from(21), &Value::from(9))
    );
}
