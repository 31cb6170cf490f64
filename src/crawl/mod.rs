//! Crawling: the run's HTTP machinery ([`Crawler`]) and the walk of one site ([`walk`]).
//! The crawl's async code lives under this module; outside it only `run.rs` (which runs the
//! sites) and `mirror.rs` (the loopback server) are async.

pub mod fetch;
pub mod frontier;
pub mod guard;
pub mod isolate;
pub mod politeness;
mod read;
pub mod robots;
pub mod sitemap;
mod walk;
mod workers;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};

pub use fetch::host_key;
pub use walk::crawl_site;

use crate::progress::Progress;
use fetch::{FetchLimits, Fetcher};
use guard::{Guard, GuardedResolver};
use isolate::{ExtractLimits, Extractor};
use politeness::Politeness;
use workers::Workers;

/// How long an idle connection is kept for reuse, at least. Longer than the gap between two
/// requests to a host, so a site's crawl reuses its connections; short, so the connections
/// (and their read buffers) of finished sites close soon: over thousands of sites the pool
/// would otherwise hold every site of the last minutes.
const POOL_IDLE: Duration = Duration::from_secs(5);

/// Address-space limit of a text-extraction child.
const EXTRACT_MEMORY: u64 = 1024 * 1024 * 1024;

/// How a crawl is bounded and how polite it is.
#[derive(Debug, Clone)]
pub struct CrawlSettings {
    /// Most pages fetched per site.
    pub max_pages: usize,
    /// Most links followed from a start URL.
    pub max_depth: u32,
    /// Most requests in flight over the run.
    pub concurrency: usize,
    /// Most requests in flight per host.
    pub per_host: usize,
    /// Least time between request starts to one host.
    pub delay: Duration,
    /// Time limit of one request, body included.
    pub timeout: Duration,
    /// Time limit for connecting.
    pub connect_timeout: Duration,
    /// Retries after retryable failures.
    pub retries: u32,
    /// First retry backoff (doubles per retry).
    pub backoff: Duration,
    /// Largest page body read.
    pub max_bytes: u64,
    /// Largest document read.
    pub max_document_bytes: u64,
    /// Time limit of one document's text extraction.
    pub extract_timeout: Duration,
    /// The User-Agent header.
    pub user_agent: String,
    /// Crawl on after every required criterion has strong evidence.
    pub exhaustive: bool,
    /// Time limit of one site's crawl.
    pub site_timeout: Duration,
    /// Accept invalid TLS certificates.
    pub insecure: bool,
}

/// The default User-Agent: names patuh, its version, and where site owners can read about it.
pub fn default_user_agent() -> String {
    format!(
        "patuh/{} (+{}; public-service standard compliance check)",
        env!("CARGO_PKG_VERSION"),
        env!("CARGO_PKG_HOMEPAGE")
    )
}

/// The run's shared crawling machinery: one HTTP client, the politeness state, the settings.
#[derive(Debug)]
pub struct Crawler {
    fetcher: Fetcher,
    extractor: Extractor,
    settings: CrawlSettings,
    progress: Arc<Progress>,
    stop: Stop,
    /// Slots for memory-hungry parsing (unzipped sitemaps), one per core.
    heavy: tokio::sync::Semaphore,
    /// Documents of the baseline with their validators and findings, by URL: fetched with a
    /// conditional request, and a 304 reuses what was found in them.
    known: HashMap<String, Known>,
    /// Pages and documents on which the baseline found a criterion: one that cannot be read
    /// tonight is weighed as a likely page, however its link looks, so a page that was down
    /// tonight is never taken for a site that stopped publishing.
    published: HashSet<String>,
    /// The threads that parse and judge pages, one per core: more would only hold more DOMs
    /// in memory at once, not finish sooner.
    workers: Workers,
}

/// A document read in the baseline run: what a 304 Not Modified lets this run reuse.
#[derive(Debug, Clone)]
pub struct Known {
    /// ETag and Last-Modified it was served with.
    pub validators: fetch::Validators,
    /// sha256 of its body then.
    pub sha256: Option<String>,
    /// Its size then.
    pub bytes: u64,
    /// Pages of text read from it.
    pub document_pages: Option<u32>,
    /// What was found in it, with the page of each finding.
    pub findings: Vec<(crate::detect::Finding, Option<u32>)>,
}

/// Stops every site's crawl at once (Ctrl-C, SIGTERM, `--deadline`), with the reason reports give.
#[derive(Debug, Clone, Default)]
pub struct Stop {
    token: tokio_util::sync::CancellationToken,
    reason: Arc<std::sync::OnceLock<String>>,
}

impl Stop {
    /// Stops the run; the first reason given is the one reported.
    pub fn stop(&self, reason: String) {
        let _ = self.reason.set(reason);
        self.token.cancel();
    }

    /// Whether the run was stopped.
    pub fn is_stopped(&self) -> bool {
        self.token.is_cancelled()
    }

    /// Resolves when the run is stopped.
    pub async fn stopped(&self) {
        self.token.cancelled().await;
    }

    /// Why the run was stopped.
    pub fn reason(&self) -> String {
        self.reason
            .get()
            .cloned()
            .unwrap_or_else(|| "the run was stopped".to_string())
    }
}

impl Crawler {
    /// Builds the run's one HTTP client.
    pub fn new(
        settings: CrawlSettings,
        guard: Guard,
        progress: Arc<Progress>,
        stop: Stop,
    ) -> Result<Crawler> {
        let guard = Arc::new(guard);
        let client = reqwest::Client::builder()
            .user_agent(settings.user_agent.clone())
            .redirect(reqwest::redirect::Policy::none())
            .tls_danger_accept_invalid_certs(settings.insecure)
            .timeout(settings.timeout)
            .connect_timeout(settings.connect_timeout.min(settings.timeout))
            .dns_resolver(Arc::new(GuardedResolver(Arc::clone(&guard))))
            .pool_max_idle_per_host(settings.per_host)
            .pool_idle_timeout(POOL_IDLE.max(settings.delay * 2))
            .default_headers(default_headers())
            .build()
            .context("cannot set up the HTTP client")?;
        let politeness = Arc::new(Politeness::new(settings.per_host, settings.delay));
        let limits = FetchLimits {
            max_bytes: settings.max_bytes,
            max_document_bytes: settings.max_document_bytes,
            retries: settings.retries,
            backoff: settings.backoff,
        };
        let fetcher = Fetcher::new(client, guard, politeness, settings.concurrency, limits);
        let extractor = Extractor::new(ExtractLimits {
            time: settings.extract_timeout,
            memory: EXTRACT_MEMORY,
        });
        Ok(Crawler {
            fetcher,
            extractor,
            settings,
            progress,
            stop,
            heavy: tokio::sync::Semaphore::new(cores()),
            workers: Workers::new(cores()).context("cannot start the page worker threads")?,
            known: HashMap::new(),
            published: HashSet::new(),
        })
    }

    /// Remembers the baseline's documents, to revalidate rather than download them again,
    /// and the pages where it found something.
    pub fn remember(&mut self, known: HashMap<String, Known>, published: HashSet<String>) {
        self.known = known;
        self.published = published;
    }
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

fn default_headers() -> reqwest::header::HeaderMap {
    use reqwest::header::{ACCEPT, ACCEPT_LANGUAGE, HeaderMap, HeaderValue};
    let mut headers = HeaderMap::new();
    headers.insert(
        ACCEPT,
        HeaderValue::from_static("text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"),
    );
    headers.insert(ACCEPT_LANGUAGE, HeaderValue::from_static("id,en;q=0.5"));
    headers
}
