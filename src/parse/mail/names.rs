//! The newsletter a message belongs to, named as a reader says it (one rule, in
//! docs/formats.md): the List-Id's label when the subject carries it, else the From display
//! name when it is a name (`Jane from Example Stack` → `Example Stack`, `Dana at Build Log` →
//! `Build Log`, when the sender's address, its domain or the list spells it; `Jane via Example
//! List` → `Example List`, but `Ops Letter (via Buttondown)` → `Ops Letter`), else the subject's bracket tag (`[ExampleWeekly] Issue 3` →
//! `ExampleWeekly`), else the List-Id's label, else the subject's words before its issue number
//! (`SRE Weekly Issue #154` → `SRE Weekly`), else the sender's domain. Never an id (a run of hex
//! digits, a list number); emoji and brackets stripped.

use mail_parser::Message;

use super::chrome::SENDING_SERVICES;
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
    let domain = address.rsplit_once('@').map(|(_, domain)| domain);
    let spelled = [
        address.split('@').next(),
        list_id.split('.').next(),
        domain.and_then(|domain| domain.split('.').next()),
    ];
    let spelled: Vec<String> = spelled.into_iter().flatten().map(folded).collect();
    let sender = from
        .and_then(|addr| addr.name())
        .and_then(|name| sender_name(name, &spelled));
    sender
        .map(|sender| list_named_in_subject(list, subject).unwrap_or(sender))
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

/// The List-Id's label when the subject carries it (`Jane Doe` sending `Ops Letter #12` for the
/// list `Ops Letter`): the reader knows the newsletter by the name its issues carry.
fn list_named_in_subject(list: &str, subject: &str) -> Option<String> {
    let label = list_name(list)?;
    let subject = folded(subject);
    subject.contains(&folded(&label)).then_some(label)
}

/// The From display name, when it is a name: `X from Y` (or `X at Y`) is `Y` when `spelled` (the
/// sender address's local part and its domain's first label, and the List-Id's first label,
/// folded) holds `Y` spelled as one word
/// (Substack's "Author from Publication" sent as `publication@`); `X via Y` is `Y`, unless `Y`
/// is a sending service (`Ops Letter (via Buttondown)` is `Ops Letter`).
fn sender_name(name: &str, spelled: &[String]) -> Option<String> {
    let name = cleaned(name)?;
    let publication = [" from ", " at "]
        .iter()
        .filter_map(|joint| name.rsplit_once(joint))
        .map(|(_, publication)| publication.to_string())
        .find(|publication| spelled.contains(&folded(publication)));
    let (sender, via) = name.rsplit_once(" via ").unwrap_or((&name, ""));
    let service = SENDING_SERVICES
        .iter()
        .any(|host| !via.is_empty() && folded(host).starts_with(&folded(via)));
    let name = if service {
        sender.to_string()
    } else {
        name.clone()
    };
    let list = (!service && !via.is_empty()).then(|| via.to_string());
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

/// The words of a subject before its issue number (`SRE Weekly Issue #154` → `SRE Weekly`,
/// `Dev Digest 41: queues` → `Dev Digest`).
fn subject_name(subject: &str) -> Option<String> {
    if crate::parse::issue::date::issue_number(subject).is_none() {
        return words_before_bare_number(subject);
    }
    let lower = subject.to_ascii_lowercase();
    let cut = [" issue", " no.", " #", " №", " - #", ": issue"]
        .iter()
        .filter_map(|marker| lower.find(marker))
        .min()?;
    cleaned(subject[..cut].trim_end_matches([':', '-', '–', '|', ' ']))
}

/// The words before a bare number of at most four digits that ends the subject or its first
/// clause (`Dev Digest 41: queues`, `Dev Digest 41 - queues`, `Dev Digest 41`); never a number
/// in a sentence (`Top 10 tools`).
fn words_before_bare_number(subject: &str) -> Option<String> {
    let (words, _) = bare_number(subject)?;
    cleaned(&words)
}

/// The issue number of a subject that is the newsletter's name and a bare number
/// (`Text Weekly 22`, `Dev Digest 41: queues` from `Dev Digest`), when the usual number rules
/// find none.
pub fn number_after_name(subject: &str, newsletter: &str) -> Option<u64> {
    if crate::parse::issue::date::issue_number(subject).is_some() {
        return None;
    }
    let (words, number) = bare_number(subject)?;
    (folded(&words) == folded(newsletter)).then_some(number)
}

/// The words before a bare number that ends a subject or its first clause, and the number.
fn bare_number(subject: &str) -> Option<(String, u64)> {
    let words: Vec<&str> = subject.split_whitespace().collect();
    let at = words.iter().position(|word| {
        let digits = word.trim_end_matches([':', ',']);
        (1..=4).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit())
    })?;
    let word = words[at];
    let ends_clause = word.ends_with(':')
        || words
            .get(at + 1)
            .is_none_or(|next| ["-", "–", "—", "|", "·"].contains(next));
    if at == 0 || !ends_clause {
        return None;
    }
    let number = word.trim_end_matches([':', ',']).parse().ok()?;
    Some((words[..at].join(" "), number))
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
        assert_eq!(
            subject_name("Dev Digest 41: queues").as_deref(),
            Some("Dev Digest")
        );
        assert_eq!(
            subject_name("Dev Digest 41 - queues").as_deref(),
            Some("Dev Digest")
        );
        assert_eq!(subject_name("Dev Digest 41").as_deref(), Some("Dev Digest"));
        assert_eq!(subject_name("Top 10 tools"), None);
        assert_eq!(subject_name("41: queues"), None);
        assert_eq!(number_after_name("Text Weekly 22", "Text Weekly"), Some(22));
        assert_eq!(
            number_after_name("TEXT WEEKLY 22: caches", "Text Weekly"),
            Some(22)
        );
        assert_eq!(number_after_name("Top 10 tools", "Top"), None);
        assert_eq!(number_after_name("Ops Letter 7", "Text Weekly"), None);
        assert_eq!(number_after_name("Text Weekly #22", "Text Weekly"), None);
    }

    #[test]
    fn a_sending_service_after_via_is_not_the_name() {
        for name in [
            "Ops Letter (via Buttondown)",
            "Ops Letter via Substack",
            "Ops Letter via Mailchimp",
        ] {
            assert_eq!(
                sender_name(name, &[]).as_deref(),
                Some("Ops Letter"),
                "{name}"
            );
        }
    }

    #[test]
    fn the_list_label_the_subject_carries_names_a_person_sent_issue() {
        let list = "Ops Letter <opsletter.example>";
        assert_eq!(
            list_named_in_subject(list, "Ops Letter #12: caches").as_deref(),
            Some("Ops Letter")
        );
        assert_eq!(list_named_in_subject(list, "Caches, and more"), None);
        assert_eq!(
            list_named_in_subject("<123.list-id.example>", "Ops Letter #12"),
            None
        );
    }
}
