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
