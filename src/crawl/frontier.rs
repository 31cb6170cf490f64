//! A site's frontier: URL normalisation, de-duplication and the order in which pages are
//! fetched (most promising first, then shallow before deep, then first seen).

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashSet};

use url::Url;

/// Query parameters that only track visitors or sessions; dropped so a page is fetched once.
const NOISE_PARAMS: &[&str] = &[
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
    "fbclid",
    "gclid",
    "phpsessid",
    "jsessionid",
    "sid",
    "sessionid",
];

/// Canonical form of a link: http(s) only, no fragment, no tracking or session parameters.
pub fn canonical(url: &Url) -> Option<Url> {
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return None;
    }
    let mut url = url.clone();
    url.set_fragment(None);
    let _ = url.set_username("");
    let _ = url.set_password(None);
    if let Some(at) = url.path().to_ascii_lowercase().find(";jsessionid=") {
        let path = url.path()[..at].to_string();
        url.set_path(&path);
    }
    if url.query().is_some() {
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(key, _)| !NOISE_PARAMS.contains(&key.to_ascii_lowercase().as_str()))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if kept.is_empty() {
            url.set_query(None);
        } else {
            url.query_pairs_mut().clear().extend_pairs(kept);
        }
    }
    Some(url)
}

/// The identity of a page: the same path on http and https is one page.
pub fn dedupe_key(url: &Url) -> String {
    let rest = &url[url::Position::BeforeHost..url::Position::AfterQuery];
    rest.to_string()
}

/// A URL waiting to be fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queued {
    /// The normalised URL.
    pub url: Url,
    /// Links followed from a start URL.
    pub depth: u32,
    /// How promising the link looks, 0..=100.
    pub priority: u8,
    seq: u64,
}

impl Ord for Queued {
    fn cmp(&self, other: &Self) -> Ordering {
        self.priority
            .cmp(&other.priority)
            .then_with(|| other.depth.cmp(&self.depth))
            .then_with(|| other.seq.cmp(&self.seq))
    }
}

impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The queue and the seen set of one site.
#[derive(Debug, Default)]
pub struct Frontier {
    queue: BinaryHeap<Queued>,
    seen: HashSet<String>,
    seq: u64,
}

impl Frontier {
    /// Marks `url` as seen; true when it was new.
    pub fn mark_seen(&mut self, url: &Url) -> bool {
        self.seen.insert(dedupe_key(url))
    }

    /// Queues a URL already marked seen.
    pub fn push(&mut self, url: Url, depth: u32, priority: u8) {
        self.seq += 1;
        self.queue.push(Queued {
            url,
            depth,
            priority,
            seq: self.seq,
        });
    }

    /// The most promising URL.
    pub fn pop(&mut self) -> Option<Queued> {
        self.queue.pop()
    }

    /// The most promising URL, left in the queue.
    pub fn peek(&self) -> Option<&Queued> {
        self.queue.peek()
    }

    /// URLs still queued.
    pub fn len(&self) -> usize {
        self.queue.len()
    }

    /// Nothing queued.
    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).expect("test URL")
    }

    #[test]
    fn normalisation_drops_what_does_not_name_a_page() {
        let cases = [
            ("https://A.go.id:443/x#top", Some("https://a.go.id/x")),
            (
                "https://a.go.id/x?utm_source=fb&id=3",
                Some("https://a.go.id/x?id=3"),
            ),
            ("https://a.go.id/x?PHPSESSID=abc", Some("https://a.go.id/x")),
            (
                "https://a.go.id/x;jsessionid=ABC",
                Some("https://a.go.id/x"),
            ),
            ("https://u:p@a.go.id/", Some("https://a.go.id/")),
            ("https://a.go.id/x?", Some("https://a.go.id/x")),
            ("mailto:a@a.go.id", None),
            ("javascript:void(0)", None),
        ];
        for (input, want) in cases {
            let got = canonical(&url(input)).map(|u| u.to_string());
            assert_eq!(got.as_deref(), want, "{input}");
        }
    }

    #[test]
    fn http_and_https_are_one_page() {
        assert_eq!(
            dedupe_key(&url("http://a.go.id/x?y=1")),
            dedupe_key(&url("https://a.go.id/x?y=1"))
        );
        assert_ne!(
            dedupe_key(&url("https://a.go.id/x")),
            dedupe_key(&url("https://a.go.id/x/"))
        );
    }

    #[test]
    fn promising_then_shallow_then_first_come() {
        let mut frontier = Frontier::default();
        frontier.push(url("https://a.go.id/deep"), 3, 0);
        frontier.push(url("https://a.go.id/first"), 1, 0);
        frontier.push(url("https://a.go.id/second"), 1, 0);
        frontier.push(url("https://a.go.id/layanan"), 4, 90);
        let order: Vec<String> = std::iter::from_fn(|| frontier.pop())
            .map(|q| q.url.path().to_string())
            .collect();
        assert_eq!(order, ["/layanan", "/first", "/second", "/deep"]);
    }
}
