//! robots.txt for one host, read as RFC 9309 says: a 4xx means no rules, a 5xx or an unreachable
//! file means "disallow everything" (the site may be down or refusing robots).

use std::time::Duration;

use texting_robots::Robot;
use url::Url;

/// Longest Crawl-delay honoured; longer ones are capped (and said so in the report).
pub const MAX_CRAWL_DELAY: Duration = Duration::from_secs(60);

/// The product token matched against `User-agent:` lines.
pub const ROBOTS_AGENT: &str = "patuh";

/// The rules of one host.
#[derive(Debug)]
pub enum Robots {
    /// A robots.txt was read.
    Rules(Box<Robot>),
    /// No robots.txt (4xx), or one that could not be parsed: everything is allowed.
    AllowAll,
    /// robots.txt could not be fetched (5xx, network): nothing is fetched, as RFC 9309 asks.
    Unavailable {
        /// What went wrong.
        why: String,
        /// The host did not answer at all (rather than answering with an error).
        unreachable: bool,
    },
}

impl Robots {
    /// From a fetched robots.txt: its status and body, or the failure.
    pub fn from_fetch(status: Option<u16>, body: &[u8], failure: Option<String>) -> Robots {
        match status {
            Some(200..=299) => match Robot::new(ROBOTS_AGENT, body) {
                Ok(robot) => Robots::Rules(Box::new(robot)),
                Err(_) => Robots::AllowAll,
            },
            Some(400..=499) => Robots::AllowAll,
            Some(status) => Robots::Unavailable {
                why: format!("robots.txt answered HTTP {status}"),
                unreachable: false,
            },
            None => Robots::Unavailable {
                why: format!(
                    "robots.txt could not be fetched: {}",
                    failure.unwrap_or_default()
                ),
                unreachable: true,
            },
        }
    }

    /// Whether our user agent may fetch `url`.
    pub fn allows(&self, url: &Url) -> bool {
        match self {
            Robots::Rules(robot) => robot.allowed(url.as_str()),
            Robots::AllowAll => true,
            Robots::Unavailable { .. } => false,
        }
    }

    /// Crawl-delay for our user agent, if any.
    pub fn crawl_delay(&self) -> Option<Duration> {
        match self {
            Robots::Rules(robot) => robot
                .delay
                .filter(|d| d.is_finite() && *d > 0.0)
                .map(|d| Duration::from_secs_f32(d).min(MAX_CRAWL_DELAY)),
            _ => None,
        }
    }

    /// `Sitemap:` lines.
    pub fn sitemaps(&self) -> &[String] {
        match self {
            Robots::Rules(robot) => &robot.sitemaps,
            _ => &[],
        }
    }
}

/// `https://host:port/robots.txt` for a URL.
pub fn robots_url(url: &Url) -> Url {
    let mut robots = url.clone();
    robots.set_path("/robots.txt");
    robots.set_query(None);
    robots.set_fragment(None);
    robots
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).expect("test URL")
    }

    #[test]
    fn our_group_wins_over_the_star_group() {
        let txt = b"User-agent: *\nDisallow: /\n\nUser-agent: patuh\nDisallow: /layanan/\nCrawl-delay: 2\nSitemap: https://a.go.id/sm.xml\n";
        let robots = Robots::from_fetch(Some(200), txt, None);
        assert!(robots.allows(&url("https://a.go.id/berita/")));
        assert!(!robots.allows(&url("https://a.go.id/layanan/x")));
        assert_eq!(robots.crawl_delay(), Some(Duration::from_secs(2)));
        assert_eq!(robots.sitemaps(), ["https://a.go.id/sm.xml"]);
    }

    #[test]
    fn status_decides_when_there_are_no_rules() {
        assert!(Robots::from_fetch(Some(404), b"", None).allows(&url("https://a.go.id/x")));
        assert!(!Robots::from_fetch(Some(503), b"", None).allows(&url("https://a.go.id/x")));
        assert!(
            !Robots::from_fetch(None, b"", Some("timeout".into())).allows(&url("https://a.go.id/"))
        );
    }

    #[test]
    fn huge_crawl_delays_are_capped() {
        let robots = Robots::from_fetch(Some(200), b"User-agent: *\nCrawl-delay: 3600\n", None);
        assert_eq!(robots.crawl_delay(), Some(MAX_CRAWL_DELAY));
    }

    #[test]
    fn robots_url_keeps_scheme_host_and_port() {
        assert_eq!(
            robots_url(&url("http://a.go.id:8080/x/y?z#w")).as_str(),
            "http://a.go.id:8080/robots.txt"
        );
    }
}
