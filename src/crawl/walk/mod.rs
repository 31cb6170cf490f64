//! The walk of one site. One owner (this loop) holds the site's frontier, robots rules and
//! records; fetches run as tasks in a `JoinSet` and hand back owned results. Pages are parsed
//! as they arrive (off the async threads) and dropped; only records and links are kept.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use tokio::task::JoinSet;
use url::Url;

mod page;
mod report;

use super::Crawler;
use super::fetch::{Fetch, Reply, Want, host_key};
use super::frontier::{Frontier, canonical};
use super::read::{Read, read};
use super::robots::{Robots, robots_url};
use super::sitemap::{self, Sitemap};
use crate::detect::verdict::{Blind, LIKELY, SECTION, Sighting, Unread};
use crate::detect::{self, Criterion};
use crate::filetype;
use crate::report::{PageRecord, Report, Skipped, Stats};
use crate::site::{Scope, Site};

/// Most sitemap files read per site (indexes included).
const MAX_SITEMAPS: usize = 20;
/// Most skipped URLs listed in a report (all are counted).
const MAX_SKIPPED_LISTED: usize = 200;
/// Priority of start URLs and seeds.
const START_PRIORITY: u8 = 100;
/// Links at least this promising (menus: layanan, ppid, profil…) go before the rest: while one
/// is in flight, it may reveal better links, so no page budget is spent on news meanwhile.
const PROMISING: u8 = 50;

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

/// How a URL came to be offered.
#[derive(Clone, Copy)]
enum Via<'a> {
    /// A start URL or seed.
    Start,
    /// Listed in a sitemap.
    Sitemap,
    /// A link on a page (its final URL) with its text.
    Link { from: &'a Url, text: &'a str },
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
    priority: u8,
    fetch: Fetch,
    read: Read,
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
    /// Findings, one per (criterion, rule, quote), kept from the smallest URL (deterministic).
    sightings: BTreeMap<(Criterion, String, String), Sighting>,
    blind: Blind,
    unread_documents: HashSet<String>,
    /// For each URL linked at [`SECTION`] relevance or more, the first link to it on the
    /// smallest page URL (deterministic): (page, link text). Names a broken link's place.
    links_to: HashMap<String, (String, String)>,
    /// Every required criterion has strong evidence: no new pages are started.
    satisfied: bool,
    /// Why the crawl was stopped before its end (interrupted, a time limit).
    cut_short: Option<String>,
    /// Pages in flight whose links looked promising.
    promising_in_flight: usize,
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
            sightings: BTreeMap::new(),
            blind: Blind::default(),
            unread_documents: HashSet::new(),
            links_to: HashMap::new(),
            satisfied: false,
            cut_short: None,
            promising_in_flight: 0,
        }
    }

    async fn run(&mut self) {
        let starts: Vec<Url> = std::iter::once(self.site.url.clone())
            .chain(self.site.seeds.iter().cloned())
            .collect();
        for url in starts {
            self.offer(&url, 0, START_PRIORITY, Via::Start);
        }
        let in_flight_cap = (self.crawler.settings.per_host * 4).max(2);
        let time_limit = tokio::time::sleep(self.crawler.settings.site_timeout);
        tokio::pin!(time_limit);
        if self.crawler.stop.is_stopped() {
            self.cut_short = Some(format!("not started: {}", self.crawler.stop.reason()));
            return;
        }
        loop {
            while self.tasks.len() < in_flight_cap
                && self.pages_started < self.crawler.settings.max_pages
                && !self.satisfied
            {
                let waits_for_better = self.promising_in_flight > 0
                    && self
                        .frontier
                        .peek()
                        .is_some_and(|next| next.priority < PROMISING);
                if waits_for_better {
                    break;
                }
                let Some(next) = self.frontier.pop() else {
                    break;
                };
                self.spawn_page(next.url, next.depth, next.priority);
            }
            let next = tokio::select! {
                biased;
                () = self.crawler.stop.stopped() => {
                    self.cut_short = Some(self.crawler.stop.reason());
                    break;
                }
                () = &mut time_limit => {
                    self.cut_short = Some(format!(
                        "the site's time limit ran out (--site-timeout {})",
                        humantime::format_duration(self.crawler.settings.site_timeout)
                    ));
                    break;
                }
                next = self.tasks.join_next() => next,
            };
            match next {
                None => break,
                Some(Ok(done)) => self.handle(done),
                Some(Err(err)) => {
                    tracing::error!(site = %self.site.id, "a fetch task failed: {err}");
                    self.stats.errors += 1;
                    // Its priority is lost with it; never let it hold the rest back.
                    self.promising_in_flight = self.promising_in_flight.saturating_sub(1);
                }
            }
        }
    }

    /// Considers a URL for the frontier: in scope, a type we read, within depth, new, allowed.
    fn offer(&mut self, url: &Url, depth: u32, priority: u8, via: Via) {
        let Some(url) = canonical(url) else {
            return;
        };
        let start = matches!(via, Via::Start);
        if !start && !self.site.scope.contains(&url) {
            return;
        }
        // A page the baseline found something on is likely, however it is linked: fetched
        // early, and weighed as likely when it cannot be read tonight.
        let priority = if self.crawler.published.contains(url.as_str()) {
            priority.max(LIKELY)
        } else {
            priority
        };
        if let Via::Link { from, text } = via
            && priority >= SECTION
        {
            let from = from.as_str();
            match self.links_to.get_mut(url.as_str()) {
                Some(seen) if seen.0.as_str() <= from => {}
                Some(seen) => *seen = (from.to_string(), text.to_string()),
                None => {
                    self.links_to
                        .insert(url.to_string(), (from.to_string(), text.to_string()));
                }
            }
        }
        if !start && filetype::is_skipped(&url) {
            if priority >= LIKELY && filetype::is_unread_document(&url) {
                self.unread_documents.insert(url.to_string());
            }
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
        if candidate.priority >= SECTION {
            self.unread(
                &candidate.url,
                None,
                &reason,
                candidate.priority,
                String::new(),
            );
        }
        self.skip(candidate.url, reason);
    }

    /// Records a promising page or document that could not be read; the verdict weighs it.
    fn unread(&mut self, url: &Url, status: Option<u16>, why: &str, relevance: u8, at: String) {
        self.blind.unread.push(Unread {
            url: url.to_string(),
            status,
            why: why.to_string(),
            relevance,
            linked: None,
            fetched_at: at,
        });
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
            let fetch = crawler
                .fetcher
                .fetch(&url, Want::Any, None, same_host)
                .await;
            let robots = match fetch.reply {
                Reply::Response(response) => Robots::from_fetch(
                    Some(response.status),
                    response.body.as_deref().unwrap_or_default(),
                    None,
                ),
                Reply::Failed(failure) => Robots::from_fetch(None, &[], Some(failure.to_string())),
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
                .fetch(&url, Want::Any, None, |next| scope.contains(next))
                .await;
            let sitemap = match fetch.reply {
                Reply::Response(response) if (200..300).contains(&response.status) => {
                    let body = response.body.unwrap_or_default();
                    // Sitemaps can be huge once unzipped: a few at a time over the whole run.
                    let _slot = crawler.heavy.acquire().await;
                    let limit = crawler.settings.max_bytes;
                    tokio::task::spawn_blocking(move || sitemap::parse(&body, limit))
                        .await
                        .unwrap_or_default()
                }
                _ => Sitemap::default(),
            };
            Done::Sitemap { sitemap }
        });
    }

    fn spawn_page(&mut self, url: Url, depth: u32, priority: u8) {
        self.pages_started += 1;
        if priority >= PROMISING {
            self.promising_in_flight += 1;
        }
        let crawler = Arc::clone(&self.crawler);
        let profile = Arc::clone(&self.site.profile);
        // A start URL may move to another domain (a renamed site); later links may not.
        let scope: Option<Scope> = (depth > 0).then(|| self.site.scope.clone());
        self.tasks.spawn(async move {
            let follow = |next: &Url| scope.as_ref().is_none_or(|s| s.contains(next));
            let known = crawler.known.get(url.as_str());
            let validators = known.map(|k| &k.validators);
            let mut fetch = crawler
                .fetcher
                .fetch(&url, Want::Page, validators, follow)
                .await;
            crawler.progress.page_done();
            let read = match (&mut fetch.reply, known) {
                (Reply::Response(response), Some(known)) if response.status == 304 => {
                    // Unchanged since the baseline: what was found in it still stands.
                    if response.validators.etag.is_none()
                        && response.validators.last_modified.is_none()
                    {
                        response.validators = known.validators.clone();
                    }
                    Read {
                        sha256: known.sha256.clone(),
                        bytes: known.bytes,
                        document_pages: known.document_pages,
                        findings: known.findings.clone(),
                        ..Read::default()
                    }
                }
                (Reply::Response(response), _) if response.status < 400 => {
                    match response.body.take() {
                        Some(body) => {
                            let content_type = response.content_type.clone();
                            let (url, truncated) = (fetch.final_url.clone(), response.truncated);
                            let read =
                                read(&crawler, profile, url, content_type, body, truncated).await;
                            response.slot = None;
                            read
                        }
                        None => Read::not_read(response.content_type.as_deref(), Read::default()),
                    }
                }
                _ => Read::default(),
            };
            Done::Page(Box::new(PageDone {
                depth,
                priority,
                fetch,
                read,
            }))
        });
    }

    fn handle(&mut self, done: Done) {
        match done {
            Done::Robots { host, robots } => self.robots_ready(host, robots),
            Done::Sitemap { sitemap } => {
                for page in &sitemap.pages {
                    if let Ok(url) = Url::parse(page) {
                        let priority = detect::link_relevance(&url, "");
                        self.offer(&url, 1, priority, Via::Sitemap);
                    }
                }
                for nested in &sitemap.sitemaps {
                    if let Ok(url) = Url::parse(nested)
                        && self.site.scope.contains(&url)
                    {
                        self.spawn_sitemap(url);
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
}
