//! Whether a message is a newsletter (bulk mail) or personal mail, which is skipped unless
//! `--all-mail`: a newsletter is sent to a list (`List-Id`, `List-Unsubscribe`, `Precedence:
//! bulk|list`) or, failing those headers, offers a way to unsubscribe in a link or a footer line
//! ([`unsubscribe_footer`]) and is no reply. A friend's reply that quotes an issue, or a
//! personal message that only talks about unsubscribing, is personal.

use mail_parser::Message;

/// True for a newsletter: [`is_listed`], or an [`unsubscribe_footer`] in a message that is
/// no reply ([`is_reply`]).
pub fn is_newsletter(
    outer: &Message<'_>,
    message: &Message<'_>,
    html: Option<&str>,
    text: Option<&str>,
) -> bool {
    is_listed(message) || is_listed(outer) || (!is_reply(message) && unsubscribe_footer(html, text))
}

/// True for mail sent to a list: List-Id, List-Unsubscribe or `Precedence: bulk|list`.
fn is_listed(message: &Message<'_>) -> bool {
    let precedence = message
        .header_raw("Precedence")
        .is_some_and(|value| matches!(value.trim().to_ascii_lowercase().as_str(), "bulk" | "list"));
    precedence
        || message.header_raw("List-Id").is_some()
        || message.header_raw("List-Unsubscribe").is_some()
}

/// True for a reply: an `In-Reply-To` or `References` header, or a subject starting `Re:`.
fn is_reply(message: &Message<'_>) -> bool {
    let subject = message.subject().unwrap_or_default().trim_start();
    message.header_raw("In-Reply-To").is_some()
        || message.header_raw("References").is_some()
        || subject
            .get(..3)
            .is_some_and(|start| start.eq_ignore_ascii_case("re:"))
}

/// The word that offers to leave a list (lowercase).
const UNSUBSCRIBE: &str = "unsubscribe";

/// True when a body offers to unsubscribe: in the HTML, inside a link (its `href` or its text);
/// in the plain text, on a line that also holds a web or mail address or says to reply
/// (`Unsubscribe: https://...`, `To leave, reply with "unsubscribe".`). A sentence that only
/// mentions the word is no footer.
pub fn unsubscribe_footer(html: Option<&str>, text: Option<&str>) -> bool {
    html.is_some_and(in_link)
        || text.is_some_and(|text| {
            text.lines().any(|line| {
                let lower = line.to_lowercase();
                lower.contains(UNSUBSCRIBE)
                    && (lower.contains("http") || lower.contains('@') || lower.contains("reply"))
            })
        })
}

/// True when `html` has the word inside an `<a>` element (in a tag of it or in its text).
fn in_link(html: &str) -> bool {
    let lower = html.to_ascii_lowercase();
    lower.match_indices(UNSUBSCRIBE).any(|(at, _)| {
        let before = &lower[..at];
        let opened = ["<a ", "<a\n", "<a\t", "<a>"]
            .iter()
            .filter_map(|open| before.rfind(open))
            .max();
        opened.is_some_and(|open| !before[open..].contains("</a"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use mail_parser::MessageParser;

    #[test]
    fn only_a_link_or_a_footer_line_offers_to_unsubscribe() {
        for html in [
            "<a href=\"https://n.example/unsubscribe?x=1\">Leave</a>",
            "<p>Done? <A class=\"f\" href=\"https://n.example/u\"><span>Unsubscribe</span></A></p>",
        ] {
            assert!(unsubscribe_footer(Some(html), None), "{html}");
        }
        for text in [
            "Unsubscribe: https://n.example/u",
            "To leave, reply with \"unsubscribe\".",
        ] {
            assert!(unsubscribe_footer(None, Some(text)), "{text}");
        }
        assert!(!unsubscribe_footer(
            Some("<p>How do I unsubscribe? <a href=\"https://a.example/\">this</a></p>"),
            Some("How do I unsubscribe from it?\nhttps://a.example/ is good")
        ));
    }

    #[test]
    fn a_reply_is_no_newsletter_by_its_footer_alone() {
        let footer = Some("<a href=\"https://n.example/unsubscribe\">Unsubscribe</a>");
        let read = |head: &str| {
            let raw = format!("From: a@b.example\n{head}\n\nx");
            let message = MessageParser::default().parse(raw.as_bytes()).unwrap();
            is_newsletter(&message, &message, footer, None)
        };
        assert!(read("Subject: Beta Notes 3"));
        assert!(!read("Subject: RE: Beta Notes 3"));
        assert!(!read("Subject: x\nIn-Reply-To: <1@b.example>"));
        assert!(!read("Subject: x\nReferences: <1@b.example>"));
        assert!(read("Subject: Re: x\nList-Id: <l.b.example>"));
    }
}
