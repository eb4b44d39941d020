//! The mail's own chrome: links about the message rather than items of the issue (web version,
//! why-did-I-get-this, forward, refer-a-friend, preferences, manage, unsubscribe, powered-by, app
//! stores). They are no documents; the web version becomes the issue's `issue_url` when it holds no identity.
//!
//! A link is chrome by its URL (a pattern below) or by its text, when the text is one of the
//! phrases below with at most [`EXTRA_WORDS`] more words, or is exactly one of the buttons under
//! a post ("Share"); "powered by" only on a link to a sending service (so an article titled
//! "Search powered by Postgres" stays).

use crate::urls::TRACKING_PREFIX;

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
    "action=feedback",
    "forwardtomyfriend.com",
    "updatemyprofile.com",
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
    "more like this",
    "less like this",
    "twitter",
    "facebook",
    "linkedin",
    "instagram",
    "mastodon",
    "youtube",
    "website",
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
    let url = without_campaign_tags(&url.to_lowercase());
    let text = text.map(|text| text.to_lowercase()).unwrap_or_default();
    if WEB_VERSION_URLS.iter().any(|piece| url.contains(piece)) || said(&text, WEB_VERSION_TEXTS) {
        return Some(Chrome::WebVersion);
    }
    let button = CHROME_BUTTONS.contains(&text.trim().trim_end_matches(['.', '!', '?', ':']));
    let badge = text.contains("powered by") && SENDING_SERVICES.iter().any(|s| url.contains(s));
    let chrome = CHROME_URLS.iter().any(|piece| url.contains(piece));
    (chrome || said(&text, CHROME_TEXTS) || button || badge).then_some(Chrome::Other)
}

/// The newsletter itself, as its mail shows it (the masthead's logo, a "Website" link in the
/// footer, the publisher's name): who sent a message and under what name.
#[derive(Debug, Clone, Copy)]
pub struct Sender<'a> {
    /// The newsletter's name.
    pub newsletter: &'a str,
    /// The domain of the From: address (lowercase).
    pub domain: &'a str,
}

impl Sender<'_> {
    /// True for a link to the newsletter itself rather than an item of the issue: its text is
    /// the newsletter's name (the masthead logo's `alt`), or it leads to the home page (no path,
    /// no query but `utm_*`) of the sender's own site: the From: domain or a parent of it, or a
    /// host that spells the newsletter's name (`rustexampleweekly.com` for "Rust Example Weekly").
    pub fn is_own(&self, url: &str, text: Option<&str>) -> bool {
        let name = spelled(self.newsletter);
        if name.len() >= 3 && text.is_some_and(|text| spelled(text) == name) {
            return true;
        }
        let Ok(parsed) = url::Url::parse(&without_campaign_tags(&url.to_lowercase())) else {
            return false;
        };
        let home = parsed.path().trim_end_matches('/').is_empty()
            && parsed.query().is_none_or(str::is_empty);
        let host = parsed.host_str().unwrap_or_default();
        let host = host.strip_prefix("www.").unwrap_or(host);
        let own = !host.is_empty()
            && (self.domain == host
                || self.domain.ends_with(&format!(".{host}"))
                || (name.len() >= 6 && spelled(host).contains(&name)));
        home && own
    }
}

/// `text` as one lowercase word: letters and digits only.
fn spelled(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// `url` without its `utm_*` parameters: they say where a click came from
/// (`utm_medium=referral`, `utm_content=share`), not what the link is.
fn without_campaign_tags(url: &str) -> String {
    let Some((head, query)) = url.split_once('?') else {
        return url.to_string();
    };
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| !pair.starts_with(TRACKING_PREFIX))
        .collect();
    if kept.is_empty() {
        return head.to_string();
    }
    format!("{head}?{}", kept.join("&"))
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
    fn the_newsletter_s_own_home_and_name_are_its_own() {
        let sender = Sender {
            newsletter: "Rust Example Weekly",
            domain: "cooperpress.example",
        };
        assert!(sender.is_own("https://rustexampleweekly.com/", None));
        assert!(sender.is_own("https://www.cooperpress.example/?utm_source=rw", None));
        assert!(sender.is_own("https://t.example/track?id=1", Some("Rust Example Weekly")));
        assert!(!sender.is_own("https://rustexampleweekly.com/issues/512", None));
        assert!(!sender.is_own("https://grepfast.example/", Some("grepfast")));
        assert!(!sender.is_own("https://cooperpress.example/?id=3", None));
    }

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
            chrome(
                "https://a.example/egress?utm_medium=referral&utm_content=share",
                Some("Egress fees")
            ),
            None
        );
        assert_eq!(
            chrome("https://twitter.com/opsnews", Some("Twitter")),
            other
        );
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
