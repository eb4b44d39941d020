//! Donation and membership platforms' account pages: the newsletter's own "support me" buttons,
//! told from posts about those services by the shape of their path. The one list of them, beside
//! the share endpoints ([`super::is_share_link`]).

use super::{strip_prefix_ignore_case, web_host_and_rest};

/// Donation and membership platforms (host without `www.`, and the path its account pages sit
/// under): a link to an account's page there (`patreon.com/name`, `github.com/sponsors/name`)
/// asks the reader to fund the newsletter. A post or page about the service (`opencollective.com/
/// blog/open-budgets`, two path segments or more) is not one.
const DONATION_HOSTS: &[(&str, &str)] = &[
    ("patreon.com", "/"),
    ("ko-fi.com", "/"),
    ("liberapay.com", "/"),
    ("opencollective.com", "/"),
    ("buymeacoffee.com", "/"),
    ("paypal.me", "/"),
    ("github.com", "/sponsors/"),
];

/// Path segments after an account's name that still make a donation platform's account page
/// (`liberapay.com/name/donate`).
const DONATION_PAGES: &[&str] = &["", "donate", "contribute", "membership", "join"];

/// True for a link to an account's page on a donation platform ([`DONATION_HOSTS`]): the
/// newsletter's own "support me" button, never an entry about the service.
pub fn is_donation_link(url: &str) -> bool {
    let Some((host, rest)) = web_host_and_rest(url.trim()) else {
        return false;
    };
    let host = host.strip_prefix("www.").unwrap_or(host);
    // Every link of a page is asked: its host first, its path only on a platform's host.
    let Some((_, under)) = DONATION_HOSTS
        .iter()
        .find(|(name, _)| host.eq_ignore_ascii_case(name))
    else {
        return false;
    };
    let path = rest.split(['?', '#']).next().unwrap_or_default();
    strip_prefix_ignore_case(path, under).is_some_and(|account| {
        let mut segments = account.trim_end_matches('/').splitn(2, '/');
        let name = segments.next().unwrap_or_default();
        !name.is_empty()
            && segments
                .next()
                .is_none_or(|page| DONATION_PAGES.contains(&page.to_ascii_lowercase().as_str()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn donation_buttons_are_account_pages_never_posts_about_the_service() {
        for url in [
            "https://www.patreon.com/opsdigest",
            "https://ko-fi.com/opsdigest/",
            "https://liberapay.com/opsdigest/donate",
            "https://opencollective.com/opsdigest?ref=newsletter",
            "https://github.com/sponsors/janeroe",
            "https://www.buymeacoffee.com/opsdigest",
        ] {
            assert!(is_donation_link(url), "{url}");
        }
        for url in [
            "https://opencollective.com/blog/open-budgets",
            "https://github.blog/changelog/2024-03-01-sponsors-one-time",
            "https://github.com/sponsors",
            "https://github.com/janeroe/tool",
            "https://www.patreon.com/posts/new-api-123",
            "https://patreon.example/opsdigest",
            "mailto:jane@patreon.com",
        ] {
            assert!(!is_donation_link(url), "{url}");
        }
    }
}
