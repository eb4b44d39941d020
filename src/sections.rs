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
/// Any heading that speaks of a sponsor ("StackHawk sponsors Devops Weekly", "From our sponsor,
/// VictorOps", "Sponsored by ...") is [`SPONSOR`]; known aliases map to their canonical slug;
/// anything else is slugified. Returns an empty string for a heading with no letters or digits.
pub fn slug_for_heading(heading: &str) -> String {
    let slug = slugify(heading);
    if slug.split('-').any(|word| word.starts_with("sponsor")) {
        return SPONSOR.to_string();
    }
    ALIASES
        .iter()
        .find(|(_, names)| names.contains(&slug.as_str()))
        .map(|(canonical, _)| (*canonical).to_string())
        .unwrap_or(slug)
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
}
