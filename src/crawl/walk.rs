//! The walk of one site. One owner (this loop) holds the site's frontier, robots rules and
//! records; fetches run as tasks in a `JoinSet` and hand back owned results. Pages are parsed
//! as they arrive (off the async threads) and dropped; only records and links are kept.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use sha2::{Digest, Sha256};
use tokio::task::JoinSet;
use url::Url;

use super::Crawler;
use super::fetch::{Fetch, Outcome as FetchOutcome, Want, host_key};
use super::frontier::{Frontier, is_skipped_type, normalise};
use super::robots::{Robots, robots_url};
use super::sitemap::{self, Sitemap};
use crate::document::{self, Link};
use crate::report::{
    Outcome, PageRecord, Redirect, Report, SCHEMA_VERSION, SiteInfo, Skipped, Stats, Tool,
    timestamp,
};
use crate::site::{Scope, Site};

/// Most sitemap files read per site (indexes included).
const MAX_SITEMAPS: usize = 20;
/// Most skipped URLs listed in a report (all are counted).
const MAX_SKIPPED_LISTED: usize = 200;
/// Priority of start URLs and seeds.
const START_PRIORITY: u8 = 100;

/// Crawls one site and returns its report (criteria left for detection to fill).
pub async fn crawl_site(crawler: Arc<Crawler>, site: Site) -> Report {
    let started = SystemTime::now();
    let clock = Instant::now();
    crawler.progress.site_started(&site.id);
    let mut walk = Walk::new(Arc::clone(&crawler), site);
    walk.run().await;
    let report = walk.into_report(started, clock);
    crawler.progress.site_finished(&report.site.id);
    report
}

enum HostRobots {
    Pending(Vec<Candidate>),
    Ready(Arc<Robots>),
}

struct Candidate {
    url: Url,
    depth: u32,
    priority: u8,
}

enum Done {
    Robots { host: String, robots: Robots },
    Sitemap { sitemap: Sitemap },
    Page(Box<PageDone>),
}

struct PageDone {
    depth: u32,
    fetch: Fetch,
    sha256: Option<String>,
    bytes: u64,
    page: Option<document::Page>,
}

struct Walk {
    crawler: Arc<Crawler>,
    site: Site,
    frontier: Frontier,
    robots: HashMap<String, HostRobots>,
    tasks: JoinSet<Done>,
    pages: Vec<PageRecord>,
    skipped: Vec<Skipped>,
    stats: Stats,
    pages_started: usize,
    pages_ok: usize,
    sitemaps_seen: HashSet<String>,
    primary_hosts: HashSet<String>,
    start_failure: Option<String>,
    robots_trouble: Option<RobotsTrouble>,
}

/// The first robots.txt that could not be read.
struct RobotsTrouble {
    why: String,
    unreachable: bool,
}

impl Walk {
    fn new(crawler: Arc<Crawler>, site: Site) -> Walk {
        let primary_hosts = std::iter::once(&site.url)
            .chain(&site.seeds)
            .map(host_key)
            .collect();
        Walk {
            crawler,
            site,
            frontier: Frontier::default(),
            robots: HashMap::new(),
            tasks: JoinSet::new(),
            pages: Vec::new(),
            skipped: Vec::new(),
            stats: Stats::default(),
            pages_started: 0,
            pages_ok: 0,
            sitemaps_seen: HashSet::new(),
            primary_hosts,
            start_failure: None,
            robots_trouble: None,
        }
    }

    async fn run(&mut self) {
        let starts: Vec<Url> = std::iter::once(self.site.url.clone())
            .chain(self.site.seeds.iter().cloned())
            .collect();
        for url in starts {
            self.offer(&url, 0, START_PRIORITY, true);
        }
        let in_flight_cap = (self.crawler.settings.per_host * 4).max(2);
        loop {
            while self.tasks.len() < in_flight_cap
                && self.pages_started < self.crawler.settings.max_pages
            {
                let Some(next) = self.frontier.pop() else {
                    break;
                };
                self.spawn_page(next.url, next.depth);
            }
            match self.tasks.join_next().await {
                None => break,
                Some(Ok(done)) => self.handle(done),
                Some(Err(err)) => {
                    tracing::error!(site = %self.site.id, "a fetch task failed: {err}");
                    self.stats.errors += 1;
                }
            }
        }
    }

    /// Considers a URL for the frontier: in scope, a type we read, within depth, new, allowed.
    fn offer(&mut self, url: &Url, depth: u32, priority: u8, start: bool) {
        let Some(url) = normalise(url) else {
            return;
        };
        if !start && (!self.site.scope.contains(&url) || is_skipped_type(&url)) {
            return;
        }
        if depth > self.crawler.settings.max_depth || !self.frontier.mark_seen(&url) {
            return;
        }
        let candidate = Candidate {
            url,
            depth,
            priority,
        };
        let host = host_key(&candidate.url);
        match self.robots.get_mut(&host) {
            Some(HostRobots::Ready(robots)) => {
                let robots = Arc::clone(robots);
                self.admit(candidate, &robots);
            }
            Some(HostRobots::Pending(waiting)) => waiting.push(candidate),
            None => {
                let robots_at = robots_url(&candidate.url);
                self.robots
                    .insert(host.clone(), HostRobots::Pending(vec![candidate]));
                self.spawn_robots(host, robots_at);
            }
        }
    }

    fn admit(&mut self, candidate: Candidate, robots: &Robots) {
        if robots.allows(&candidate.url) {
            self.frontier
                .push(candidate.url, candidate.depth, candidate.priority);
            return;
        }
        self.stats.robots_blocked += 1;
        let reason = match robots {
            Robots::Unavailable { why, .. } => why.clone(),
            _ => "robots.txt forbids it".to_string(),
        };
        self.skip(candidate.url, reason);
    }

    fn skip(&mut self, url: Url, reason: String) {
        if self.skipped.len() < MAX_SKIPPED_LISTED {
            self.skipped.push(Skipped {
                url: url.to_string(),
                reason,
            });
        }
    }

    fn spawn_robots(&mut self, host: String, url: Url) {
        let crawler = Arc::clone(&self.crawler);
        let scope = self.site.scope.clone();
        self.tasks.spawn(async move {
            let same_host = |next: &Url| host_key(next) == host_key(&url) || scope.contains(next);
            let fetch = crawler.fetcher.fetch(&url, Want::Any, same_host).await;
            let robots = match fetch.outcome {
                FetchOutcome::Response(response) => Robots::from_fetch(
                    Some(response.status),
                    response.body.as_deref().unwrap_or_default(),
                    None,
                ),
                FetchOutcome::Failed(failure) => {
                    Robots::from_fetch(None, &[], Some(failure.to_string()))
                }
            };
            Done::Robots { host, robots }
        });
    }

    fn spawn_sitemap(&mut self, url: Url) {
        if self.sitemaps_seen.len() >= MAX_SITEMAPS || !self.sitemaps_seen.insert(url.to_string()) {
            return;
        }
        let crawler = Arc::clone(&self.crawler);
        let scope = self.site.scope.clone();
        self.tasks.spawn(async move {
            let fetch = crawler
                .fetcher
                .fetch(&url, Want::Any, |next| scope.contains(next))
                .await;
            let sitemap = match fetch.outcome {
                FetchOutcome::Response(response) if (200..300).contains(&response.status) => {
                    let body = response.body.unwrap_or_default();
                    tokio::task::spawn_blocking(move || sitemap::parse(&body))
                        .await
                        .unwrap_or_default()
                }
                _ => Sitemap::default(),
            };
            Done::Sitemap { sitemap }
        });
    }

    fn spawn_page(&mut self, url: Url, depth: u32) {
        self.pages_started += 1;
        let crawler = Arc::clone(&self.crawler);
        // A start URL may move to another domain (a renamed site); later links may not.
        let scope: Option<Scope> = (depth > 0).then(|| self.site.scope.clone());
        self.tasks.spawn(async move {
            let follow = |next: &Url| scope.as_ref().is_none_or(|s| s.contains(next));
            let mut fetch = crawler.fetcher.fetch(&url, Want::Page, follow).await;
            crawler.progress.page_done();
            let (sha256, bytes, page) = match &mut fetch.outcome {
                FetchOutcome::Response(response) => match response.body.take() {
                    Some(body) => {
                        let content_type = response.content_type.clone();
                        let final_url = fetch.final_url.clone();
                        tokio::task::spawn_blocking(move || {
                            read_page(&body, content_type.as_deref(), &final_url)
                        })
                        .await
                        .unwrap_or((None, 0, None))
                    }
                    None => (None, 0, None),
                },
                FetchOutcome::Failed(_) => (None, 0, None),
            };
            Done::Page(Box::new(PageDone {
                depth,
                fetch,
                sha256,
                bytes,
                page,
            }))
        });
    }

    fn handle(&mut self, done: Done) {
        match done {
            Done::Robots { host, robots } => self.robots_ready(host, robots),
            Done::Sitemap { sitemap } => {
                for page in &sitemap.pages {
                    if let Ok(url) = Url::parse(page) {
                        self.offer(&url, 1, 0, false);
                    }
                }
                for nested in &sitemap.sitemaps {
                    if let Ok(url) = Url::parse(nested) {
                        if self.site.scope.contains(&url) {
                            self.spawn_sitemap(url);
                        }
                    }
                }
            }
            Done::Page(page) => self.page_done(*page),
        }
    }

    fn robots_ready(&mut self, host: String, robots: Robots) {
        // A dead link to a sub-site (ppid.…, jdih.…) is common and is listed under `skipped`;
        // only the start hosts' robots.txt decides whether the crawl as a whole fell short.
        let primary = self.primary_hosts.contains(&host);
        if let (Robots::Unavailable { why, unreachable }, true) = (&robots, primary) {
            self.robots_trouble.get_or_insert_with(|| RobotsTrouble {
                why: format!("{host}: {why}"),
                unreachable: *unreachable,
            });
        }
        if let Some(delay) = robots.crawl_delay() {
            self.crawler.fetcher.politeness().set_delay(&host, delay);
        }
        let robots = Arc::new(robots);
        let waiting = match self
            .robots
            .insert(host.clone(), HostRobots::Ready(Arc::clone(&robots)))
        {
            Some(HostRobots::Pending(waiting)) => waiting,
            _ => Vec::new(),
        };
        if primary && !matches!(*robots, Robots::Unavailable { .. }) {
            let origin = waiting.first().map(|c| c.url.clone());
            let listed: Vec<Url> = robots
                .sitemaps()
                .iter()
                .filter_map(|s| Url::parse(s).ok())
                .filter(|u| self.site.scope.contains(u))
                .collect();
            let fallback = origin.and_then(|o| o.join("/sitemap.xml").ok());
            let sitemaps = if listed.is_empty() {
                fallback.into_iter().collect()
            } else {
                listed
            };
            for url in sitemaps {
                self.spawn_sitemap(url);
            }
        }
        for candidate in waiting {
            self.admit(candidate, &robots);
        }
    }

    fn page_done(&mut self, done: PageDone) {
        let fetch = &done.fetch;
        // A redirect to a page already seen brings nothing new to follow.
        let mut fresh = true;
        if fetch.final_url != fetch.url {
            fresh = self.frontier.mark_seen(&fetch.final_url);
            if done.depth == 0 {
                self.site.scope.widen_to(&fetch.final_url);
            }
        }
        self.stats.retries += u64::from(fetch.attempts.saturating_sub(1));
        self.stats.bytes += done.bytes;
        let mut record = PageRecord {
            url: fetch.url.to_string(),
            final_url: fetch.final_url.to_string(),
            status: None,
            content_type: None,
            bytes: done.bytes,
            sha256: done.sha256.clone(),
            depth: done.depth,
            fetched_at: timestamp(fetch.fetched_at),
            title: done.page.as_ref().and_then(|p| p.title.clone()),
            redirects: fetch
                .redirects
                .iter()
                .map(|hop| Redirect {
                    url: hop.url.to_string(),
                    status: hop.status,
                })
                .collect(),
            attempts: fetch.attempts,
            truncated: false,
            error: None,
        };
        match &fetch.outcome {
            FetchOutcome::Response(response) => {
                record.status = Some(response.status);
                record.content_type = response.content_type.clone();
                record.truncated = response.truncated;
                self.stats.pages_fetched += 1;
                if response.status >= 400 {
                    self.stats.errors += 1;
                    record.error = Some(format!("HTTP {}", response.status));
                } else if done.page.is_none() {
                    record.error = Some(format!(
                        "not an HTML page ({}); not read",
                        response
                            .content_type
                            .as_deref()
                            .unwrap_or("no Content-Type")
                    ));
                } else {
                    self.pages_ok += 1;
                }
            }
            FetchOutcome::Failed(failure) => {
                self.stats.errors += 1;
                record.error = Some(failure.to_string());
            }
        }
        if done.depth == 0 && self.start_failure.is_none() {
            if let Some(error) = &record.error {
                self.start_failure = Some(format!("{}: {error}", record.url));
            }
        }
        self.pages.push(record);
        if let Some(page) = done.page.filter(|_| fresh) {
            self.follow_links(&page.links, done.depth + 1);
        }
    }

    fn follow_links(&mut self, links: &[Link], depth: u32) {
        for link in links {
            let priority = crate::crawl::frontier::link_priority(&link.url, &link.text);
            self.offer(&link.url, depth, priority, false);
        }
    }

    fn into_report(mut self, started: SystemTime, clock: Instant) -> Report {
        let waiting: usize = self
            .robots
            .values()
            .map(|r| match r {
                HostRobots::Pending(waiting) => waiting.len(),
                HostRobots::Ready(_) => 0,
            })
            .sum();
        self.stats.queued_left = (self.frontier.len() + waiting) as u64;
        self.stats.duration_ms = u64::try_from(clock.elapsed().as_millis()).unwrap_or(u64::MAX);
        let (outcome, reason) = self.outcome();
        self.pages.sort_by(|a, b| a.url.cmp(&b.url));
        self.skipped.sort();
        Report {
            schema_version: SCHEMA_VERSION,
            tool: Tool::current(),
            site: SiteInfo {
                id: self.site.id.clone(),
                name: self.site.name.clone(),
                url: self.site.url.to_string(),
                selector_file: self
                    .site
                    .selector_file
                    .as_ref()
                    .map(|p| p.display().to_string()),
            },
            started_at: timestamp(started),
            finished_at: timestamp(SystemTime::now()),
            outcome,
            reason,
            criteria: Default::default(),
            pages: self.pages,
            skipped: self.skipped,
            stats: self.stats,
        }
    }

    fn outcome(&self) -> (Outcome, Option<String>) {
        let max_pages = self.crawler.settings.max_pages;
        if self.pages_ok == 0 {
            if self.pages.is_empty() && self.stats.robots_blocked > 0 {
                return match &self.robots_trouble {
                    Some(trouble) if trouble.unreachable => {
                        (Outcome::Unreachable, Some(trouble.why.clone()))
                    }
                    Some(trouble) => (Outcome::Partial, Some(trouble.why.clone())),
                    None => (
                        Outcome::Partial,
                        Some("robots.txt forbids the start page".to_string()),
                    ),
                };
            }
            let why = self
                .start_failure
                .clone()
                .unwrap_or_else(|| "no page could be read".to_string());
            return (Outcome::Unreachable, Some(why));
        }
        if self.stats.queued_left > 0 {
            return (
                Outcome::Partial,
                Some(format!(
                    "page budget of {max_pages} reached with {} URLs still queued (raise --max-pages)",
                    self.stats.queued_left
                )),
            );
        }
        if let Some(trouble) = &self.robots_trouble {
            return (Outcome::Partial, Some(trouble.why.clone()));
        }
        (Outcome::Complete, None)
    }
}

/// Hashes and parses a page body (a blocking step: run it off the async threads).
fn read_page(
    body: &[u8],
    content_type: Option<&str>,
    url: &Url,
) -> (Option<String>, u64, Option<document::Page>) {
    let sha256 = hex::encode(Sha256::digest(body));
    let page = document::looks_like_html(content_type, body)
        .then(|| document::read_html(body, content_type, url));
    (Some(sha256), body.len() as u64, page)
}
