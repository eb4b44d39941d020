//! Rewrites of a page's markup that must change none of its documents: what another template
//! author would write for the same page (other class names, extra wrappers, other indentation,
//! a `<div>` layout as a table one, spacer blocks between blocks, `<b>` for `<strong>`). The metamorphic tests of the page readers share them;
//! [`spelled`] holds those that change only how the markup is spelled, [`added`] those that add
//! what a reader never sees, and [`SWEEP`] names them all.

pub mod added;
pub mod spelled;

/// Every class renamed consistently (as another theme would name them).
pub fn renamed_classes(html: &str) -> String {
    let class = regex::Regex::new(r#"class="([^"]*)""#).unwrap();
    class
        .replace_all(html, |caps: &regex::Captures<'_>| {
            let names: Vec<String> = caps[1]
                .split_whitespace()
                .map(|name| format!("t{}-{}", name.len(), name.replace(['-', '_'], "")))
                .collect();
            format!("class=\"{}\"", names.join(" "))
        })
        .into_owned()
}

/// The body's content inside two more `<div>`s, and every line that is one whole `<div>` in one
/// more.
pub fn wrapped(html: &str) -> String {
    let lines: Vec<String> = html
        .lines()
        .map(|line| {
            let trimmed = line.trim();
            if trimmed.starts_with("<div") && trimmed.ends_with("</div>") {
                format!("<div class=\"wrap\">{trimmed}</div>")
            } else {
                line.to_string()
            }
        })
        .collect();
    lines
        .join("\n")
        .replacen("<body>", "<body><div><div class=\"outer\">", 1)
        .replacen("</body>", "</div></div></body>", 1)
}

/// The page on one line, whitespace between tags dropped.
pub fn one_line(html: &str) -> String {
    html.lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
        .replace("> <", "><")
}

/// A line break and indentation before every block tag that follows another tag (inline tags
/// stay on their line, as whitespace between them is a space a reader sees).
pub fn reindented(html: &str) -> String {
    let block = regex::Regex::new(
        r"><(/?(?:div|p|ul|ol|li|dl|dt|dd|table|tbody|tr|td|th|h[1-6]|article|section|header|main)[ >])",
    )
    .unwrap();
    block.replace_all(html, ">\n    <$1").into_owned()
}

/// Every line that is one whole `<div>` (with no other `<div>` inside) set as a one-cell table.
pub fn divs_as_tables(html: &str) -> String {
    let div = regex::Regex::new(r"^(\s*)<div([^>]*)>(.*)</div>$").unwrap();
    html.lines()
        .map(|line| match div.captures(line) {
            Some(caps) if !caps[3].contains("<div") => format!(
                "{}<table{}><tr><td>{}</td></tr></table>",
                &caps[1], &caps[2], &caps[3]
            ),
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// An email template's spacer (an empty block of fixed height) after every line that is one
/// whole `<p>` or heading: blank space a reader does not read.
pub fn spaced(html: &str) -> String {
    let whole = regex::Regex::new(r"^\s*<(p|h[1-6])[ >].*</(p|h[1-6])>$").unwrap();
    html.lines()
        .map(|line| match whole.is_match(line) {
            true => format!("{line}\n<div style=\"height:12px;line-height:12px\">&nbsp;</div>"),
            false => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every `<b>` a `<strong>` and every `<strong>` a `<b>`: bold by either tag.
pub fn bold_swapped(html: &str) -> String {
    let bold = regex::Regex::new(r"<(/?)(b|strong)([ >])").unwrap();
    bold.replace_all(html, |caps: &regex::Captures<'_>| {
        let other = if &caps[2] == "b" { "strong" } else { "b" };
        format!("<{}{other}{}", &caps[1], &caps[3])
    })
    .into_owned()
}

/// Every rewrite of `html`, each with its name.
pub fn rewrites(html: &str) -> [(&'static str, String); 7] {
    [
        ("renamed", renamed_classes(html)),
        ("wrapped", wrapped(html)),
        ("one line", one_line(html)),
        ("re-indented", reindented(html)),
        ("divs as tables", divs_as_tables(html)),
        ("spaced", spaced(html)),
        ("bold swapped", bold_swapped(html)),
    ]
}

/// The page at `url` as the Wayback Machine serves its capture taken at `timestamp`: its
/// playback scripts and styles in the head, its toolbar (between its comments, not hidden: dates
/// and links of its own) at the top of the body, its archive note after the page, and every
/// `href` and `src` (anchors, `mailto:` and `javascript:` aside) rewritten to a capture of the
/// URL it resolves to (links in the absolute form, images with the `im_` modifier).
pub fn wayback_capture(html: &str, url: &str, timestamp: &str) -> String {
    let page = url::Url::parse(url).unwrap();
    let base_href = regex::Regex::new(r#"<base href="([^"]*)""#).unwrap();
    let base = match base_href.captures(html) {
        Some(caps) => page.join(&caps[1]).unwrap(),
        None => page,
    };
    let attribute = regex::Regex::new(r#"(href|src)="([^"]*)""#).unwrap();
    let rewritten = attribute.replace_all(html, |caps: &regex::Captures<'_>| {
        let value = &caps[2];
        if value.starts_with('#')
            || value.starts_with("mailto:")
            || value.starts_with("javascript:")
        {
            return caps[0].to_string();
        }
        let target = base.join(value).unwrap();
        match &caps[1] {
            "src" => format!("src=\"/web/{timestamp}im_/{target}\""),
            _ => format!("href=\"https://web.archive.org/web/{timestamp}/{target}\""),
        }
    });
    let year = &timestamp[..4];
    let head = format!(
        "<script src=\"/_static/js/wombat.js?v=1\"></script>\n<script>\n  __wm.init(\"https://web.archive.org/web\");\n  __wm.wombat(\"{url}\",\"{timestamp}\",\"https://web.archive.org/\",\"web\",\"/_static/\");\n</script>\n<link rel=\"stylesheet\" href=\"/_static/css/banner-styles.css?v=1\">\n<!-- End Wayback Rewrite JS Include -->"
    );
    let toolbar = format!(
        "<!-- BEGIN WAYBACK TOOLBAR INSERT -->\n<div id=\"wm-ipp-base\" style=\"position:fixed;top:0\"><div id=\"wm-ipp\">\
         <a href=\"/web/\"><img src=\"/_static/images/logo.png\" alt=\"Wayback Machine\"></a>\
         <form action=\"/web/submit\"><input name=\"url\" value=\"{url}\"></form>\
         <p><a href=\"https://web.archive.org/web/{year}0101000000/{url}\">JAN</a> <b>MAR</b> \
         <a href=\"/web/{year}*/{url}\">27 captures</a> 03 Jan 2019 - 20 Mar {year}</p>\
         <p><a href=\"https://archive.org/donate/\">Donate</a> <a href=\"https://help.archive.org/\">Help</a></p>\
         </div></div>\n<!-- END WAYBACK TOOLBAR INSERT -->"
    );
    rewritten
        .replacen("<head>", &format!("<head>\n{head}"), 1)
        .replacen("<body>", &format!("<body>\n{toolbar}"), 1)
        .replacen(
            "</html>",
            &format!("</html>\n<!--\n     FILE ARCHIVED ON 10:10:10 Mar 20, {year} AND RETRIEVED FROM THE\n     INTERNET ARCHIVE.\n-->"),
            1,
        )
}

/// The page at `url` as a browser's "Save page as" keeps it: a `saved from url=` comment after
/// the doctype, and without its canonical link and `og:url` (the comment is what says its URL).
pub fn saved_page(html: &str, url: &str) -> String {
    let own =
        regex::Regex::new(r#"\s*<(link rel="canonical"|meta property="og:url")[^>]*>"#).unwrap();
    let html = own.replace_all(html, "");
    let comment = format!("<!-- saved from url=({:04}){url} -->", url.len());
    match html.split_once("<!DOCTYPE html>") {
        Some((before, after)) => format!("{before}<!DOCTYPE html>\n{comment}{after}"),
        None => format!("{comment}\n{html}"),
    }
}

/// A rewrite of a page's markup, by its name.
pub type Rewrite = (&'static str, fn(&str) -> String);

/// Every rewrite the sweep over the page fixtures runs: those of [`rewrites`], [`spelled`] and
/// [`added`].
pub const SWEEP: [Rewrite; 40] = [
    ("renamed", renamed_classes),
    ("wrapped", wrapped),
    ("one line", one_line),
    ("re-indented", reindented),
    ("divs as tables", divs_as_tables),
    ("spaced", spaced),
    ("bold swapped", bold_swapped),
    ("attributes reversed", spelled::attributes_reversed),
    ("single-quoted", spelled::single_quoted),
    ("unquoted", spelled::unquoted),
    ("upper-case tags", spelled::upper_case_tags),
    ("crlf", spelled::crlf),
    ("sections as divs", spelled::sections_as_divs),
    ("in an article", spelled::in_article),
    ("bold as style", spelled::bold_as_style),
    ("lists as divs", spelled::lists_as_divs),
    ("entities", spelled::entities),
    ("non-breaking spaces", spelled::non_breaking),
    ("commented", spelled::commented),
    ("blank lines between blocks", spelled::blank_between_blocks),
    ("voids closed", spelled::voids_closed),
    ("optional end tags dropped", spelled::optional_ends_dropped),
    ("in a form", spelled::in_form),
    ("in a layout table", spelled::in_layout_table),
    ("centered", spelled::centered),
    ("paragraphs as divs", spelled::paragraphs_as_divs),
    ("header as div", spelled::header_as_div),
    ("italics swapped", spelled::italics_swapped),
    ("link text in spans", spelled::link_text_in_spans),
    ("links targeted", spelled::links_targeted),
    ("ids added", spelled::ids_added),
    ("headings lowered", spelled::headings_lowered),
    ("headings all lowered", spelled::headings_all_lowered),
    ("hrefs padded", spelled::hrefs_padded),
    ("hidden furniture", added::hidden_furniture),
    ("scripts between blocks", added::scripts_between_blocks),
    ("icons in links", added::icons_in_links),
    ("heading anchors", added::heading_anchors),
    ("heading permalinks", added::heading_permalinks),
    ("crlf, upper-case, unquoted", |html| {
        spelled::crlf(&spelled::upper_case_tags(&spelled::unquoted(html)))
    }),
];
