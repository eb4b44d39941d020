//! The newsletter a message belongs to, named as a reader says it (one rule, in
//! docs/formats.md): the From display name when it is a name (`Jane from Example Stack` →
//! `Example Stack` when the sender's address or list spells it; `Jane via Example List` →
//! `Example List`), else the subject's bracket tag (`[ExampleWeekly] Issue 3` →
//! `ExampleWeekly`), else the List-Id's label, else the subject's words before its issue number
//! (`SRE Weekly Issue #154` → `SRE Weekly`), else the sender's domain. Never an id (a run of hex
//! digits, a list number); emoji and brackets stripped.

use mail_parser::Message;

use super::clean_subject;

/// Display names that say who sends rather than what: never a newsletter's name.
const NOT_NAMES: &[&str] = &[
    "admin",
    "do not reply",
    "donotreply",
    "editor",
    "hello",
    "info",
    "mailer",
    "news",
    "newsletter",
    "no reply",
    "no-reply",
    "noreply",
    "notifications",
    "support",
    "team",
];

/// The newsletter `message` belongs to; `subject` is its subject as written.
pub fn newsletter_name(message: &Message<'_>, subject: &str) -> String {
    let from = message.from().and_then(|from| from.first());
    let address = from.and_then(|addr| addr.address()).unwrap_or_default();
    let list = message.header_raw("List-Id").unwrap_or_default();
    let list_id = list.rsplit('<').next().unwrap_or_default();
    let spelled = [address.split('@').next(), list_id.split('.').next()];
    let spelled: Vec<String> = spelled.into_iter().flatten().map(folded).collect();
    from.and_then(|addr| addr.name())
        .and_then(|name| sender_name(name, &spelled))
        .or_else(|| bracket_tag(subject))
        .or_else(|| list_name(list))
        .or_else(|| subject_name(&clean_subject(subject)))
        .unwrap_or_else(|| {
            address
                .rsplit_once('@')
                .map(|(_, domain)| domain.to_ascii_lowercase())
                .unwrap_or_default()
        })
}

/// The From display name, when it is a name: `X from Y` is `Y` when `spelled` (the sender
/// address's local part and the List-Id's first label, folded) holds `Y` spelled as one word
/// (Substack's "Author from Publication" sent as `publication@`).
fn sender_name(name: &str, spelled: &[String]) -> Option<String> {
    let name = cleaned(name)?;
    let publication = name
        .rsplit_once(" from ")
        .map(|(_, publication)| publication.to_string())
        .filter(|publication| spelled.contains(&folded(publication)));
    let list = name.rsplit_once(" via ").map(|(_, list)| list.to_string());
    let name = publication.or(list).unwrap_or(name);
    let generic = NOT_NAMES.contains(&name.to_lowercase().as_str()) || name.contains('@');
    (!generic).then_some(name)
}

/// The first `[tag]` of a subject, after any `Re:` / `Fwd:` prefix and emoji.
fn bracket_tag(subject: &str) -> Option<String> {
    let start = subject.find('[')?;
    let before = subject[..start].to_lowercase();
    let prefix_only = before.split_whitespace().all(|word| {
        matches!(word, "re:" | "fwd:" | "fw:") || !word.chars().any(char::is_alphanumeric)
    });
    if !prefix_only {
        return None;
    }
    let end = subject[start..].find(']')? + start;
    cleaned(&subject[start + 1..end])
}

/// The List-Id's label (the text before `<id>`), unless it is missing or an id.
fn list_name(list_id: &str) -> Option<String> {
    let label = list_id.split('<').next()?;
    cleaned(label)
}

/// The words of a subject before its issue number (`SRE Weekly Issue #154` → `SRE Weekly`).
fn subject_name(subject: &str) -> Option<String> {
    crate::parse::issue::date::issue_number(subject)?;
    let lower = subject.to_ascii_lowercase();
    let cut = [" issue", " no.", " #", " №", " - #", ": issue"]
        .iter()
        .filter_map(|marker| lower.find(marker))
        .min()?;
    cleaned(subject[..cut].trim_end_matches([':', '-', '–', '|', ' ']))
}

/// `name` without emoji, symbols, brackets and quotes, spaces collapsed; `None` when nothing
/// is left that has a letter, or when it is an id.
fn cleaned(name: &str) -> Option<String> {
    let kept: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "&'’.-+#!?,:/@".contains(c) {
                c
            } else {
                ' '
            }
        })
        .collect();
    let name = kept
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '!' && c != '?')
        .to_string();
    let named = name.chars().any(char::is_alphabetic) && !is_id(&name);
    named.then_some(name)
}

/// True when a name holds an id: a run of 8 or more hex digits with a digit among them
/// (`0a1b2c3d4e5f60718293a4b5cmc list`), or a number of 5 or more digits (`list 1234567`).
fn is_id(name: &str) -> bool {
    let hex_run = name
        .split(|c: char| !c.is_ascii_hexdigit())
        .any(|run| run.len() >= 8 && run.chars().any(|c| c.is_ascii_digit()));
    let number = name
        .split(|c: char| !c.is_ascii_digit())
        .any(|run| run.len() >= 5);
    hex_run || number
}

/// Lowercase letters and digits only, for comparing a name with an address.
fn folded(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_what_a_reader_says() {
        assert_eq!(
            sender_name("Jane Writer from Example Stack", &["examplestack".into()]).as_deref(),
            Some("Example Stack")
        );
        assert_eq!(
            sender_name("News from Nowhere", &["news".into()]).as_deref(),
            Some("News from Nowhere")
        );
        assert_eq!(
            sender_name("📖 [The ExampleList]", &[]).as_deref(),
            Some("The ExampleList")
        );
        assert_eq!(sender_name("noreply", &[]), None);
        assert_eq!(
            sender_name("Jane Doe via Rust Users", &[]).as_deref(),
            Some("Rust Users")
        );
        assert_eq!(sender_name("a@b.example", &[]), None);
        assert_eq!(
            bracket_tag("Fwd: 📖 [ExampleWeekly] Issue #131 - queues").as_deref(),
            Some("ExampleWeekly")
        );
        assert_eq!(bracket_tag("Queues [part 2]"), None);
        assert_eq!(bracket_tag("[12345678]"), None);
    }

    #[test]
    fn list_labels_are_names_unless_they_are_ids() {
        assert_eq!(
            list_name("\"Rust Example News\" <rustnews.lists.example>").as_deref(),
            Some("Rust Example News")
        );
        assert_eq!(
            list_name("Ops Weekly <ops.example>").as_deref(),
            Some("Ops Weekly")
        );
        assert_eq!(
            list_name("0a1b2c3d4e5f60718293a4b5cmc list <0a1b.123456.list-id.mcsv.net>"),
            None
        );
        assert_eq!(list_name("list 1234567 <x.example>"), None);
        // A hex id with no run of 5 digits: only the hex rule knows it.
        assert_eq!(list_name("a1b2c3d4e5f6a7b8 list <x.example>"), None);
        assert_eq!(list_name("<jsw.cooper.example>"), None);
        assert_eq!(
            list_name("Example 2026 Digest <d.example>").as_deref(),
            Some("Example 2026 Digest")
        );
        assert_eq!(
            list_name("deadbeef <d.example>").as_deref(),
            Some("deadbeef")
        );
    }

    #[test]
    fn subject_names_stop_at_the_number() {
        assert_eq!(
            subject_name("SRE Weekly Issue #154").as_deref(),
            Some("SRE Weekly")
        );
        assert_eq!(subject_name("Issue 3: news"), None);
        assert_eq!(subject_name("Hello"), None);
    }
}
