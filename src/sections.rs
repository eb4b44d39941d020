//! Section names: the one place that knows which headings mean the same section.
//!
//! The parser turns a heading into a slug with [`slug_for_heading`]; the query side turns a
//! user's `--section` value into the same slug with the same function, so `--section Tools`,
//! `--section tools` and `--section "Tools and Projects"`-style aliases all agree.

/// Canonical slugs and the lowercase headings (after [`slugify`]) that mean them.
const ALIASES: &[(&str, &[&str])] = &[
    (
        "news",
        &[
            "news",
            "articles",
            "posts",
            "reading",
            "links",
            "stories",
            "blog-posts",
        ],
    ),
    (
        "tools",
        &[
            "tools",
            "tool",
            "tooling",
            "projects",
            "open-source",
            "libraries",
            "software",
        ],
    ),
    (
        "events",
        &[
            "events",
            "event",
            "conferences",
            "meetups",
            "webinars",
            "upcoming-events",
        ],
    ),
    ("books", &["books", "book"]),
    (
        "jobs",
        &[
            "jobs",
            "job",
            "hiring",
            "careers",
            "job-listings",
            "jobs-board",
        ],
    ),
    ("videos", &["videos", "video", "talks", "screencasts"]),
    ("podcasts", &["podcasts", "podcast"]),
];

/// The slug every sponsor heading maps to.
pub const SPONSOR: &str = "sponsor";

/// Maps a section heading (as written, or a slug a user typed) to its canonical slug.
///
/// The ordinal a template numbers its sections with is no part of the name (`03 / Tools`,
/// `2. News`, `#4 – Jobs` are `tools`, `news`, `jobs`). Any heading that speaks of a sponsor ("StackHawk sponsors Devops Weekly", "From our sponsor,
/// VictorOps", "Sponsored by ...") is [`SPONSOR`]; known aliases map to their canonical slug;
/// anything else is slugified. Returns an empty string for a heading with no letters or digits.
pub fn slug_for_heading(heading: &str) -> String {
    let slug = slugify(without_ordinal(heading));
    if slug.split('-').any(|word| word.starts_with("sponsor")) {
        return SPONSOR.to_string();
    }
    ALIASES
        .iter()
        .find(|(_, names)| names.contains(&slug.as_str()))
        .map(|(canonical, _)| (*canonical).to_string())
        .unwrap_or(slug)
}

/// Marks that set a section's ordinal apart from its name (`03 / Tools`, `2. News`).
const ORDINAL_MARKS: &[char] = &['/', '.', ')', ':', '|', '-', '–', '—', '·'];

/// `heading` without a leading ordinal of one to three digits set apart by one of
/// [`ORDINAL_MARKS`] and a space, when a name follows it; else `heading` as it is (`2024 in
/// review`, `3.5 release notes`).
fn without_ordinal(heading: &str) -> &str {
    let text = heading.trim_start();
    let text = text.strip_prefix('#').unwrap_or(text);
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return heading;
    }
    let rest = text[digits..].trim_start();
    let Some(mark) = rest.chars().next().filter(|c| ORDINAL_MARKS.contains(c)) else {
        return heading;
    };
    let rest = &rest[mark.len_utf8()..];
    let name = rest.trim_start();
    let spaced = name.len() < rest.len();
    if spaced && name.chars().next().is_some_and(char::is_alphabetic) {
        name
    } else {
        heading
    }
}

/// Lowercases `text` and joins its runs of letters and digits with `-`
/// (`"Tools & Projects!"` → `"tools-projects"`).
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.extend(word.chars().flat_map(char::to_lowercase));
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sponsor_headings_in_any_wording_are_sponsor() {
        assert_eq!(
            slug_for_heading("StackHawk sponsors Devops Weekly"),
            "sponsor"
        );
        assert_eq!(slug_for_heading("From our sponsor, VictorOps"), "sponsor");
        assert_eq!(slug_for_heading("Sponsored by Acme"), "sponsor");
        assert_eq!(slug_for_heading("SPONSOR"), "sponsor");
    }

    #[test]
    fn aliases_map_to_canonical_slugs() {
        assert_eq!(slug_for_heading("News"), "news");
        assert_eq!(slug_for_heading("Tools"), "tools");
        assert_eq!(slug_for_heading("tools"), "tools");
        assert_eq!(slug_for_heading("Upcoming Events"), "events");
        assert_eq!(slug_for_heading("Books"), "books");
    }

    #[test]
    fn unknown_headings_are_slugified() {
        assert_eq!(slug_for_heading("Cloud & Kubernetes!"), "cloud-kubernetes");
        assert_eq!(slug_for_heading("===="), "");
    }

    #[test]
    fn a_sections_ordinal_is_no_part_of_its_name() {
        for heading in [
            "03 / Tools",
            "2. Tools",
            "#4 – Tools",
            "01 | TOOLS",
            "🔧 Tools",
        ] {
            assert_eq!(slug_for_heading(heading), "tools", "{heading}");
        }
        assert_eq!(slug_for_heading("2024 in review"), "2024-in-review");
        assert_eq!(slug_for_heading("3.5 release notes"), "3-5-release-notes");
        assert_eq!(slug_for_heading("10 / 10"), "10-10");
    }
}
