//! The mail's own chrome: links about the message rather than items of the issue (web version,
//! why-did-I-get-this, forward, refer-a-friend, preferences, manage, unsubscribe, powered-by, app
//! stores). They are no documents; the web version becomes the issue's `issue_url` when it holds no identity.
//!
//! A link is chrome by its URL (a pattern below) or by its text, when the text is one of the
//! phrases below with at most [`EXTRA_WORDS`] more words, or is exactly one of the buttons under
//! a post ("Share"); "powered by" only on a link to a sending service (so an article titled
//! "Search powered by Postgres" stays).

/// What kind of chrome a link is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chrome {
    /// The issue on the web ("View this email in your browser").
    WebVersion,
    /// Anything else about the message or the subscription.
    Other,
}

/// URL pieces of web versions (lowercase).
const WEB_VERSION_URLS: &[&str] = &["campaign-archive.com/", "/webversion", "/web-version"];

/// Link texts of web versions (lowercase).
const WEB_VERSION_TEXTS: &[&str] = &[
    "view in browser",
    "view in your browser",
    "view it in your browser",
    "view this email",
    "view this issue",
    "view this post on the web",
    "view email in browser",
    "view online",
    "view as a web page",
    "view as webpage",
    "web version",
    "read online",
    "read on the web",
    "read in browser",
    "open in browser",
    "having trouble viewing",
];

/// URL pieces of other chrome (lowercase).
const CHROME_URLS: &[&str] = &[
    "unsubscribe",
    "list-manage.com/about",
    "list-manage.com/profile",
    "list-manage.com/forward",
    "forward-to-friend.com",
    "eepurl.com",
    "mailchimp.com/monkey-rewards",
    "app.adjust.com",
    "apps.apple.com/",
    "itunes.apple.com/",
    "play.google.com/store",
    "substack.com/app-link",
    "/action/disable_email",
    "/email-preferences",
    "/manage-preferences",
    "list-manage.com/vcard",
    "substack.com/signup",
    "mailto:",
    "/refer?",
    "/refer/",
    "referral",
    "sparklp.co",
    "/subscribe?ref=",
];

/// Link texts of other chrome (lowercase).
const CHROME_TEXTS: &[&str] = &[
    "unsubscribe",
    "why did i get this",
    "why am i getting this",
    "why am i receiving this",
    "forward to a friend",
    "forward this email",
    "update your preferences",
    "update subscription preferences",
    "update preferences",
    "update your profile",
    "manage your subscription",
    "manage subscription",
    "manage preferences",
    "manage your preferences",
    "email preferences",
    "email settings",
    "change email address",
    "change your email",
    "add us to your address book",
    "download on the app store",
    "get it on google play",
    "open in app",
    "get the app",
    "leave a comment",
    "refer a friend",
    "referral link",
    "your referral",
    "not you?",
    "not you",
];

/// Link texts that are chrome only when they are the whole text (lowercase, without trailing
/// punctuation): the buttons under a post.
const CHROME_BUTTONS: &[&str] = &[
    "share",
    "like",
    "comment",
    "restack",
    "forward",
    "manage",
    "preferences",
    "subscribe",
    "subscribe now",
    "upgrade to paid",
    "read in app",
    "start writing",
];

/// Hosts of sending services: a "powered by" link to one is their badge (lowercase pieces); a
/// sender named `X via <service>` is `X` (mail/names.rs).
pub const SENDING_SERVICES: &[&str] = &[
    "mailchimp.com",
    "eepurl.com",
    "beehiiv.com",
    "buttondown.",
    "substack.com",
    "convertkit.com",
    "kit.com",
    "mailerlite.",
    "ghost.org",
    "createsend.com",
    "campaignmonitor.com",
    "sendgrid.",
    "hubspot.",
    "tinyletter.com",
    "getrevue.co",
    "linkedin.com",
    "medium.com",
];

/// How many words a link text may have beyond a phrase and still be chrome.
const EXTRA_WORDS: usize = 3;

/// The kind of chrome a link with this URL and text is, if it is chrome.
pub fn chrome(url: &str, text: Option<&str>) -> Option<Chrome> {
    let url = url.to_lowercase();
    let text = text.map(|text| text.to_lowercase()).unwrap_or_default();
    if WEB_VERSION_URLS.iter().any(|piece| url.contains(piece)) || said(&text, WEB_VERSION_TEXTS) {
        return Some(Chrome::WebVersion);
    }
    let button = CHROME_BUTTONS.contains(&text.trim().trim_end_matches(['.', '!', '?', ':']));
    let badge = text.contains("powered by") && SENDING_SERVICES.iter().any(|s| url.contains(s));
    let chrome = CHROME_URLS.iter().any(|piece| url.contains(piece));
    (chrome || said(&text, CHROME_TEXTS) || button || badge).then_some(Chrome::Other)
}

/// True when `text` is one of `phrases`, give or take [`EXTRA_WORDS`] words.
fn said(text: &str, phrases: &[&str]) -> bool {
    let words = text.split_whitespace().count();
    phrases.iter().any(|phrase| {
        text.contains(phrase) && words <= phrase.split_whitespace().count() + EXTRA_WORDS
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chrome_is_known_by_url_or_short_text() {
        let web = Some(Chrome::WebVersion);
        assert_eq!(chrome("https://us1.campaign-archive.com/?u=a", None), web);
        assert_eq!(
            chrome(
                "https://x.example/v",
                Some("View this email in your browser")
            ),
            web
        );
        assert_eq!(
            chrome("https://x.example/i/131", Some("Read on the Web")),
            web
        );
        let other = Some(Chrome::Other);
        assert_eq!(
            chrome(
                "https://x.us1.list-manage.com/about?u=a",
                Some("why did I get this?")
            ),
            other
        );
        assert_eq!(
            chrome(
                "http://eepurl.com/x",
                Some("Email Marketing Powered by Mailchimp")
            ),
            other
        );
        assert_eq!(chrome("https://app.adjust.com/abc", None), other);
        assert_eq!(
            chrome("https://a.example/p", Some("Update preferences")),
            other
        );
        assert_eq!(
            chrome("https://a.example/p", Some("Search powered by Postgres")),
            None
        );
        assert_eq!(
            chrome("https://beehiiv.com/?utm=x", Some("Powered by beehiiv")),
            other
        );
        assert_eq!(
            chrome(
                "https://a.example/colour-preferences",
                Some("Colour preferences in CSS")
            ),
            None
        );
        assert_eq!(chrome("https://a.example/p", None), None);
        assert_eq!(
            chrome("https://a.example/p?action=share", Some("Share")),
            other
        );
        assert_eq!(
            chrome("https://a.example/p", Some("Share your on-call story")),
            None
        );
    }
}
