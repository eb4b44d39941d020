//! robots.txt, as the client obeys it: texting_robots's reading of the rules for our agent.

use std::time::Duration;

use texting_robots::Robot;

/// The robots.txt rules of one host, for our User-Agent.
pub struct Robots {
    /// The parsed rules; `None` allows everything.
    robot: Option<Robot>,
    /// The `Crawl-delay` (zero when none).
    pub delay: Duration,
    /// The `Sitemap` URLs it names.
    pub sitemaps: Vec<String>,
}

impl Robots {
    /// No rules: everything allowed (no robots.txt, or an unreadable one).
    pub fn allow_all() -> Self {
        Self {
            robot: None,
            delay: Duration::ZERO,
            sitemaps: Vec::new(),
        }
    }

    /// The rules of a robots.txt file for our User-Agent's product token (`backissues`).
    pub fn parse(txt: &[u8]) -> Self {
        let Ok(robot) = Robot::new("backissues", txt) else {
            return Self::allow_all();
        };
        let delay = robot
            .delay
            .filter(|seconds| seconds.is_finite() && *seconds > 0.0)
            .map_or(Duration::ZERO, |seconds| {
                Duration::from_secs_f32(seconds.min(3600.0))
            });
        Self {
            sitemaps: robot.sitemaps.clone(),
            delay,
            robot: Some(robot),
        }
    }

    /// True when `url` may be fetched.
    pub fn allowed(&self, url: &str) -> bool {
        self.robot.as_ref().is_none_or(|robot| robot.allowed(url))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_group_is_obeyed_with_the_longest_match_winning() {
        let txt = b"User-agent: *\nDisallow: /\n\nUser-agent: backissues\nDisallow: /private/\nAllow: /private/open.html\nCrawl-delay: 2.5\n\nSitemap: https://a.example/sitemap.xml\n";
        let robots = Robots::parse(txt);
        assert!(robots.allowed("https://a.example/issues/1"));
        assert!(!robots.allowed("https://a.example/private/draft.html"));
        assert!(robots.allowed("https://a.example/private/open.html"));
        assert_eq!(robots.delay, Duration::from_millis(2500));
        assert_eq!(robots.sitemaps, ["https://a.example/sitemap.xml"]);
    }

    #[test]
    fn no_rules_allow_everything() {
        let robots = Robots::parse(b"");
        assert!(robots.allowed("https://a.example/anything"));
        assert_eq!(robots.delay, Duration::ZERO);
        assert!(Robots::allow_all().allowed("/x"));
    }
}
