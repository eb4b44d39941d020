//! The reader fixes the markup sweep (`tests/html_sweep.rs`) led to, each on a page of its own
//! with its exact documents: bold set by a style, a title line's non-breaking spaces, a banner
//! heading inside the page's wrappers, a page inside a form, a subscribe box and a pager after
//! the entries, a linked heading in a styled one-cell table, a card's kicker in a list item, and
//! headings with permalinks.

mod common;

use common::pages::{row, rows_of};

/// (date, issue number, issue title) of every document of a page.
fn facts_of(html: &str) -> Vec<(Option<String>, Option<u64>, String)> {
    backissues::parse::parse_issue("pages/page.html", html.as_bytes())
        .unwrap()
        .into_iter()
        .map(|doc| {
            (
                doc.date.map(|date| date.to_string()),
                doc.issue,
                doc.issue_title,
            )
        })
        .collect()
}

/// Words set in bold by a `<span>`'s style title their entry as `<b>` does.
#[test]
fn bold_set_by_a_style_titles_an_entry() {
    let html = r#"<html><head><title>Frontend Bits 7</title></head><body>
<h2>CSS</h2>
<ul>
<li><span style="font-weight: 700">Anchor positioning</span> — tooltips that follow their button. <a href="https://css.example/anchor">(link)</a></li>
<li><span style="font-weight:bold">Subgrid in practice</span> — aligning card footers. <a href="https://css.example/subgrid">(link)</a></li>
</ul></body></html>"#;
    assert_eq!(
        rows_of(html),
        vec![
            row(
                "css",
                "https://css.example/anchor",
                "Anchor positioning",
                "Anchor positioning — tooltips that follow their button."
            ),
            row(
                "css",
                "https://css.example/subgrid",
                "Subgrid in practice",
                "Subgrid in practice — aligning card footers."
            ),
        ]
    );
}

/// A title set as a line's words has its non-breaking spaces collapsed, as a link's text has.
#[test]
fn a_title_line_with_non_breaking_spaces_is_collapsed() {
    let html = r#"<html><head><title>Backend Notes 13</title></head><body>
<h2>News</h2>
<div class="item"><div class="t">Scaling&nbsp;Postgres reads</div><div class="x">Replicas and pools. <a href="https://pg.example/reads">Read more</a></div></div>
<div class="item"><div class="t">Vacuum,&nbsp;explained</div><div class="x">Why autovacuum falls behind. <a href="https://pg.example/vacuum">Read more</a></div></div>
</body></html>"#;
    assert_eq!(
        rows_of(html),
        vec![
            row(
                "news",
                "https://pg.example/reads",
                "Scaling Postgres reads",
                "Replicas and pools."
            ),
            row(
                "news",
                "https://pg.example/vacuum",
                "Vacuum, explained",
                "Why autovacuum falls behind."
            ),
        ]
    );
}

/// A banner heading above the issue's heading is the site's wherever the page's wrappers put
/// it (inside the `<article>`, in a plain `<div>`): no part of any section's name.
#[test]
fn a_banner_heading_above_the_issue_heading_names_no_section() {
    let entry = r#"<h2>Issue 101 — 2012-11-02</h2>
<h3>Security</h3>
<p><a href="https://sec.example/rotation">Rotating secrets</a></p>
<p>Short-lived credentials beat long audits.</p>"#;
    for banner in [
        "<article><header><h1>Example Weekly</h1></header>{}</article>",
        "<div class=\"top\"><h1>Example Weekly</h1></div><div>{}</div>",
    ] {
        let html = format!(
            "<html><head><title>Example Weekly</title></head><body>{}</body></html>",
            banner.replace("{}", entry)
        );
        assert_eq!(
            rows_of(&html),
            vec![row(
                "security",
                "https://sec.example/rotation",
                "Rotating secrets",
                "Short-lived credentials beat long audits."
            )],
            "{banner}"
        );
        let facts = (
            Some("2012-11-02".to_string()),
            Some(101),
            "Issue 101 — 2012-11-02".to_string(),
        );
        assert_eq!(facts_of(&html), vec![facts], "{banner}");
    }
}

/// A page set inside one `<form>` (ASP.NET's) is read as the page; a search box's form in it is
/// still no part of the issue.
#[test]
fn a_page_inside_a_form_is_read() {
    let html = r#"<html><head><title>Ops Digest 12</title></head><body>
<form method="post" action="./issue.aspx" id="form1"><input type="hidden" name="__VIEWSTATE" value="x">
<h2>News</h2>
<p><a href="https://news.example.org/outage">The outage report</a> — what one bad deploy taught a team.</p>
<p><a href="https://news.example.org/sre">A second SRE book</a> — chapters on toil.</p>
</form>
</body></html>"#;
    assert_eq!(
        rows_of(html),
        vec![
            row(
                "news",
                "https://news.example.org/outage",
                "The outage report",
                "The outage report — what one bad deploy taught a team."
            ),
            row(
                "news",
                "https://news.example.org/sre",
                "A second SRE book",
                "A second SRE book — chapters on toil."
            ),
        ]
    );
}

/// On a page without `<main>` or `<article>`, a subscribe box (its form, its blurb, its follow
/// line) and a pager of arrowed links to the site's own issues give no document and no words.
#[test]
fn a_subscribe_box_and_a_pager_after_the_entries_give_nothing() {
    let html = r#"<html><head><title>Design Dispatch, number 58</title></head><body>
<div class="site">
<div class="top"><a href="https://dispatch.example/">Design Dispatch</a> <a href="https://dispatch.example/issues">All issues</a></div>
<h1>Number 58</h1>
<h2>Resources</h2>
<dl>
<dt><a href="https://icons.example/duo">Duotone icon set</a></dt>
<dd>1,200 icons in two weights, MIT licensed.</dd>
<dt><a href="https://fonts.example/inter">Inter 4</a></dt>
<dd>A font for screens, now with optical sizes.</dd>
</dl>
<div class="box">
<p>Get Design Dispatch every other Wednesday.</p>
<form action="https://dispatch.example/subscribe"><input type="email" name="email"><button>Subscribe</button></form>
<p>Follow: <a href="https://dribbble.example/dispatch">Dribbble</a> · <a href="https://instagram.example/dispatch">Instagram</a></p>
</div>
<div class="pager"><a href="https://dispatch.example/issues/57">‹ Number 57</a> <a href="https://dispatch.example/issues/59">Number 59 ›</a></div>
</div>
</body></html>"#;
    assert_eq!(
        rows_of(html),
        vec![
            row(
                "resources",
                "https://icons.example/duo",
                "Duotone icon set",
                "1,200 icons in two weights, MIT licensed."
            ),
            row(
                "resources",
                "https://fonts.example/inter",
                "Inter 4",
                "A font for screens, now with optical sizes."
            ),
        ]
    );
}

/// A section heading set as a one-cell table styled like the page's other headings is one even
/// when its text is a link: its entries are its section's.
#[test]
fn a_linked_heading_in_a_styled_one_cell_table_opens_its_section() {
    let heading = |text: &str| {
        format!(
            r#"<table style="font-size:18px;font-weight:bold"><tr><td>{text}</td></tr></table>"#
        )
    };
    let html = format!(
        r#"<html><head><title>Ops Digest 12</title></head><body><div>
{}
<p><a href="https://news.example.org/outage">The outage report</a><br>What one bad deploy taught a team.</p>
<p><a href="https://news.example.org/sre">A second SRE book</a><br>Chapters on toil.</p>
{}
<p><a href="https://careers.example.com/jobs/1">Platform engineer at Acme</a><br>Remote, Europe time zones.</p>
<p><a href="https://careers.example.com/jobs/2">SRE at Globex</a><br>On-site in Lisbon.</p>
</div></body></html>"#,
        heading("News"),
        heading(r#"<a href="https://careers.example.com/">Jobs by Example Careers</a>"#),
    );
    let jobs = "jobs-by-example-careers";
    assert_eq!(
        rows_of(&html),
        vec![
            row(
                "news",
                "https://news.example.org/outage",
                "The outage report",
                "What one bad deploy taught a team."
            ),
            row(
                "news",
                "https://news.example.org/sre",
                "A second SRE book",
                "Chapters on toil."
            ),
            row(
                jobs,
                "https://careers.example.com/jobs/1",
                "Platform engineer at Acme",
                "Remote, Europe time zones."
            ),
            row(
                jobs,
                "https://careers.example.com/jobs/2",
                "SRE at Globex",
                "On-site in Lisbon."
            ),
        ]
    );
}

/// A card set as a list item (a date above its title, its words under it) is described by its
/// words, as the same card set in `<div>`s is; a sponsor's label above a title is no kicker.
#[test]
fn a_kicker_above_a_list_items_title_is_no_part_of_its_description() {
    let html = r#"<html><head><title>Ops Digest #12</title></head><body>
<h2>Articles</h2>
<ul class="posts">
<li><span class="date">Mar 3 · 5 min read</span><h3><a href="https://blog.a.example/slow-queries">Finding slow queries</a></h3><p>A walk through pg_stat_statements.</p></li>
<li><span class="date">Video</span><h3><a href="https://b.example/talks/retries">Retry budgets</a></h3><p>Why a fixed retry count melts a service.</p></li>
<li><span class="date">Sponsored</span><h3><a href="https://acme.example/cloud">Acme Cloud</a></h3><p>Deploy a container in seconds.</p></li>
</ul></body></html>"#;
    assert_eq!(
        rows_of(html),
        vec![
            row(
                "news",
                "https://blog.a.example/slow-queries",
                "Finding slow queries",
                "A walk through pg_stat_statements."
            ),
            row(
                "news",
                "https://b.example/talks/retries",
                "Retry budgets",
                "Why a fixed retry count melts a service."
            ),
            row(
                "sponsor",
                "https://acme.example/cloud",
                "Acme Cloud",
                "Sponsored Acme Cloud Deploy a container in seconds."
            ),
        ]
    );
}

/// Headings with permalinks, as static-site generators set them (a hidden anchor before the
/// words, a `¶` after them): the issue's heading still names the issue, each section heading
/// still opens its section, and each card's title is still its title alone.
#[test]
fn a_headings_permalink_is_no_part_of_it() {
    let anchor = |id: &str| {
        format!(
            r##"<a id="user-content-{id}" class="anchor" aria-hidden="true" href="#{id}"><svg width="16" height="16"><path d="M0 0"/></svg></a>"##
        )
    };
    let pilcrow =
        |id: &str| format!(r##"<a class="headerlink" href="#{id}" title="Permalink">¶</a>"##);
    let html = format!(
        r#"<html><head><title>Ops Notes</title></head><body>
<h1><a href="https://opsnotes.example/">Ops Notes</a></h1>
<h2>Edition 12, March 3, 2021{}</h2>
<h2>{}Articles</h2>
<div class="card"><h3><a href="https://a.example/fridays">Deploys on Fridays</a>{}</h3><div class="x">A team that ships every day.</div></div>
<div class="card"><h3><a href="https://a.example/budgets">Error budgets</a>{}</h3><div class="x">What to spend them on.</div></div>
</body></html>"#,
        pilcrow("edition-12"),
        anchor("articles"),
        pilcrow("fridays"),
        pilcrow("budgets"),
    );
    assert_eq!(
        rows_of(&html),
        vec![
            row(
                "news",
                "https://a.example/fridays",
                "Deploys on Fridays",
                "A team that ships every day."
            ),
            row(
                "news",
                "https://a.example/budgets",
                "Error budgets",
                "What to spend them on."
            ),
        ]
    );
    let facts = (
        Some("2021-03-03".to_string()),
        Some(12),
        "Edition 12, March 3, 2021".to_string(),
    );
    assert_eq!(facts_of(&html), vec![facts.clone(), facts]);
}
