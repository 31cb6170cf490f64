//! One HTTP fetch as the crawler sees it: the address guard, politeness, redirects followed one
//! hop at a time (each checked and recorded), retries with backoff on timeouts, 429 and 5xx
//! (honouring Retry-After), and a size-limited body. Failures are data, not `Err`.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{
    CONTENT_LENGTH, CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, LOCATION,
    RETRY_AFTER,
};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use url::Url;

use super::guard::{self, Guard, Refused};
use super::politeness::Politeness;
use crate::filetype;

/// Most redirect hops followed for one URL.
const MAX_REDIRECTS: usize = 10;
/// A Retry-After longer than this is not waited for; the failure is recorded instead.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(120);

/// Limits of one fetch.
#[derive(Debug, Clone)]
pub struct FetchLimits {
    /// Largest page body read; the rest is dropped and the fetch marked truncated.
    pub max_bytes: u64,
    /// Largest document (PDF, office) body read.
    pub max_document_bytes: u64,
    /// Retries after a retryable failure.
    pub retries: u32,
    /// First backoff; doubled for each retry.
    pub backoff: Duration,
}

/// What the caller wants from a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// A page or document: the body is read only for kinds patuh reads (HTML, PDF, office).
    Page,
    /// robots.txt or a sitemap: the body is read whatever its type.
    Any,
}

/// One redirect hop.
#[derive(Debug, Clone)]
pub struct Hop {
    /// The URL that answered with a redirect.
    pub url: Url,
    /// Its status.
    pub status: u16,
}

/// The result of a fetch, success or not.
#[derive(Debug)]
pub struct Fetch {
    /// The URL asked for.
    pub url: Url,
    /// Where the redirects (if any) ended.
    pub final_url: Url,
    /// The redirect hops, in order.
    pub redirects: Vec<Hop>,
    /// Requests made for the final URL (1 + retries).
    pub attempts: u32,
    /// When the final response (or failure) came.
    pub fetched_at: SystemTime,
    /// The response or the failure.
    pub reply: Reply,
}

/// A response, or why there is none.
#[derive(Debug)]
pub enum Reply {
    /// The server answered.
    Response(Response),
    /// No usable answer.
    Failed(Failure),
}

/// An HTTP response with its (possibly unread) body.
#[derive(Debug)]
pub struct Response {
    /// HTTP status.
    pub status: u16,
    /// Content-Type header, if any.
    pub content_type: Option<String>,
    /// The body, decoded from its transfer compression; `None` when not read (not a page type).
    pub body: Option<Vec<u8>>,
    /// The body was longer than `--max-bytes`; `body` holds its first part.
    pub truncated: bool,
    /// The run-wide request slot, released when the response is dropped.
    pub slot: Option<OwnedSemaphorePermit>,
    /// What a later run sends back to ask "has it changed?" (ETag, Last-Modified).
    pub validators: Validators,
}

/// A response's validators, for a conditional request the next night.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// The ETag header.
    pub etag: Option<String>,
    /// The Last-Modified header.
    pub last_modified: Option<String>,
}

/// Why a fetch has no usable response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The address guard refused the target.
    Refused(String),
    /// A redirect left the site's scope.
    OutOfScope(Url),
    /// Too many redirects.
    RedirectLoop,
    /// Timed out (connect or whole request).
    Timeout(String),
    /// Could not connect, or the connection broke.
    Network(String),
    /// The TLS handshake failed (a self-signed, expired or mismatched certificate…).
    Tls(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Refused(why) => f.write_str(why),
            Failure::OutOfScope(url) => write!(f, "redirected out of the site to {url}"),
            Failure::RedirectLoop => write!(f, "more than {MAX_REDIRECTS} redirects"),
            Failure::Timeout(why) => write!(f, "timed out: {why}"),
            Failure::Network(why) => write!(f, "network error: {why}"),
            Failure::Tls(why) if why.to_ascii_lowercase().contains("certificate") => write!(
                f,
                "TLS certificate problem: {why} (--insecure crawls it anyway)"
            ),
            Failure::Tls(why) => write!(f, "TLS failure: {why}"),
        }
    }
}

/// The run's HTTP client with its politeness and limits.
#[derive(Debug)]
pub struct Fetcher {
    client: reqwest::Client,
    guard: Arc<Guard>,
    politeness: Arc<Politeness>,
    global: Arc<Semaphore>,
    limits: FetchLimits,
}

impl Fetcher {
    /// A fetcher over an already built client.
    pub fn new(
        client: reqwest::Client,
        guard: Arc<Guard>,
        politeness: Arc<Politeness>,
        concurrency: usize,
        limits: FetchLimits,
    ) -> Fetcher {
        Fetcher {
            client,
            guard,
            politeness,
            global: Arc::new(Semaphore::new(concurrency.max(1))),
            limits,
        }
    }

    /// The politeness state, for Crawl-delay.
    pub fn politeness(&self) -> &Politeness {
        &self.politeness
    }

    /// Fetches `url`, following redirects while `follow` accepts the target.
    pub async fn fetch(
        &self,
        url: &Url,
        want: Want,
        validators: Option<&Validators>,
        follow: impl Fn(&Url) -> bool,
    ) -> Fetch {
        let mut current = url.clone();
        let mut redirects = Vec::new();
        loop {
            // Validators belong to the URL asked for, not to where it redirects.
            let validators = validators.filter(|_| redirects.is_empty());
            let (attempts, result) = self.fetch_with_retries(&current, want, validators).await;
            let reply = match result {
                Ok(Step::Done(response)) => Reply::Response(response),
                Err(failure) => Reply::Failed(failure),
                Ok(Step::Redirect(status, next)) => {
                    redirects.push(Hop {
                        url: current.clone(),
                        status,
                    });
                    if redirects.len() > MAX_REDIRECTS {
                        Reply::Failed(Failure::RedirectLoop)
                    } else if !matches!(next.scheme(), "http" | "https") || !follow(&next) {
                        Reply::Failed(Failure::OutOfScope(next))
                    } else {
                        current = next;
                        continue;
                    }
                }
            };
            return Fetch {
                url: url.clone(),
                final_url: current,
                redirects,
                attempts,
                fetched_at: SystemTime::now(),
                reply,
            };
        }
    }

    async fn fetch_with_retries(
        &self,
        url: &Url,
        want: Want,
        validators: Option<&Validators>,
    ) -> (u32, Result<Step, Failure>) {
        let host = host_key(url);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let result = self.fetch_once(url, want, validators, &host).await;
            let wait = match &result {
                Attempt::Retry { wait, .. } => *wait,
                _ => None,
            };
            let retryable = matches!(result, Attempt::Retry { .. });
            if !retryable || attempt > self.limits.retries {
                return (attempt, result.into_step());
            }
            let backoff = self.limits.backoff * 2u32.saturating_pow(attempt - 1);
            let wait = match wait {
                Some(wait) if wait > MAX_RETRY_AFTER => return (attempt, result.into_step()),
                Some(wait) => {
                    self.politeness.defer(&host, wait);
                    wait
                }
                None => backoff,
            };
            tracing::debug!(%url, attempt, ?wait, "retrying");
            tokio::time::sleep(wait).await;
        }
    }

    async fn fetch_once(
        &self,
        url: &Url,
        want: Want,
        validators: Option<&Validators>,
        host: &str,
    ) -> Attempt {
        if let Err(Refused(why)) = guard::check_url(url, &self.guard) {
            return Attempt::Final(Err(Failure::Refused(why)));
        }
        let _host_slot = self.politeness.acquire(host).await;
        // Held until the caller has read the body: `--concurrency` bounds the bodies in
        // memory as well as the requests, so a crawl that outruns the CPU slows its fetching.
        let global_slot = Arc::clone(&self.global)
            .acquire_owned()
            .await
            .expect("the global semaphore is never closed");
        let mut request = self.client.get(url.clone());
        if let Some(validators) = validators {
            if let Some(etag) = &validators.etag {
                request = request.header(IF_NONE_MATCH, etag);
            }
            if let Some(date) = &validators.last_modified {
                request = request.header(IF_MODIFIED_SINCE, date);
            }
        }
        let response = match request.send().await {
            Ok(response) => response,
            Err(err) => return classify(&err),
        };
        let status = response.status();
        if status.is_redirection()
            && let Some(next) = response
                .headers()
                .get(LOCATION)
                .and_then(|value| value.to_str().ok())
                .and_then(|location| url.join(location).ok())
        {
            return Attempt::Final(Ok(Step::Redirect(status.as_u16(), next)));
        }
        if status == StatusCode::TOO_MANY_REQUESTS
            || status == StatusCode::REQUEST_TIMEOUT
            || matches!(status.as_u16(), 500 | 502 | 503 | 504)
        {
            let wait = response
                .headers()
                .get(RETRY_AFTER)
                .and_then(|value| value.to_str().ok())
                .and_then(parse_retry_after);
            let response = Response {
                status: status.as_u16(),
                content_type: content_type(&response),
                body: None,
                truncated: false,
                slot: None,
                validators: Validators::default(),
            };
            return Attempt::Retry {
                last: Ok(Step::Done(response)),
                wait,
            };
        }
        let content_type = content_type(&response);
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let validators = Validators {
            etag: header(ETAG),
            last_modified: header(LAST_MODIFIED),
        };
        if status == StatusCode::NOT_MODIFIED {
            return Attempt::Final(Ok(Step::Done(Response {
                status: status.as_u16(),
                content_type,
                body: None,
                truncated: false,
                slot: None,
                validators,
            })));
        }
        let kind = filetype::of_response(content_type.as_deref(), url);
        let limit = match (want, kind) {
            (Want::Any, _) => Some(self.limits.max_bytes),
            (Want::Page, Some(kind)) if kind.is_document() => Some(self.limits.max_document_bytes),
            (Want::Page, Some(_)) => Some(self.limits.max_bytes),
            (Want::Page, None) => None,
        };
        let (body, truncated) = if let Some(limit) = limit {
            match read_limited(response, limit).await {
                Ok(read) => read,
                Err(err) => return classify(&err),
            }
        } else {
            (None, false)
        };
        let slot = body.is_some().then_some(global_slot);
        Attempt::Final(Ok(Step::Done(Response {
            status: status.as_u16(),
            content_type,
            body,
            truncated,
            slot,
            validators,
        })))
    }
}

enum Step {
    Done(Response),
    Redirect(u16, Url),
}

enum Attempt {
    Final(Result<Step, Failure>),
    Retry {
        last: Result<Step, Failure>,
        wait: Option<Duration>,
    },
}

impl Attempt {
    fn into_step(self) -> Result<Step, Failure> {
        match self {
            Attempt::Final(step) | Attempt::Retry { last: step, .. } => step,
        }
    }
}

fn classify(err: &reqwest::Error) -> Attempt {
    let mut source: Option<&dyn std::error::Error> = Some(err);
    while let Some(cause) = source {
        if let Some(Refused(why)) = cause.downcast_ref::<Refused>() {
            return Attempt::Final(Err(Failure::Refused(why.clone())));
        }
        source = cause.source();
    }
    let message = error_chain(err);
    if is_certificate_problem(&message) {
        // Retrying does not fix a certificate.
        return Attempt::Final(Err(Failure::Tls(message)));
    }
    let failure = if err.is_timeout() {
        Failure::Timeout(message)
    } else {
        Failure::Network(message)
    };
    Attempt::Retry {
        last: Err(failure),
        wait: None,
    }
}

fn is_certificate_problem(message: &str) -> bool {
    let lower = message.to_ascii_lowercase();
    ["certificate", "handshake", "tls", "ssl"]
        .iter()
        .any(|word| lower.contains(word))
}

/// reqwest's message plus its causes, which say what really went wrong.
fn error_chain(err: &reqwest::Error) -> String {
    let mut text = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

async fn read_limited(
    mut response: reqwest::Response,
    max_bytes: u64,
) -> Result<(Option<Vec<u8>>, bool), reqwest::Error> {
    let announced = response
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let capacity = announced.unwrap_or(16 * 1024).min(max_bytes);
    let mut body = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
    while let Some(chunk) = response.chunk().await? {
        let room = usize::try_from(max_bytes)
            .unwrap_or(usize::MAX)
            .saturating_sub(body.len());
        if chunk.len() > room {
            body.extend_from_slice(&chunk[..room]);
            return Ok((Some(body), true));
        }
        body.extend_from_slice(&chunk);
    }
    Ok((Some(body), false))
}

fn content_type(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().to_ascii_lowercase())
}

/// The politeness key of a URL: host and port.
pub fn host_key(url: &Url) -> String {
    match url.port_or_known_default() {
        Some(port) => format!("{}:{port}", url.host_str().unwrap_or("")),
        None => url.host_str().unwrap_or("").to_string(),
    }
}

/// Retry-After as seconds or an HTTP date.
fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        assert_eq!(parse_retry_after("3"), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after(" 0 "), Some(Duration::ZERO));
        let past = "Wed, 21 Oct 2015 07:28:00 GMT";
        assert_eq!(parse_retry_after(past), Some(Duration::ZERO));
        let future = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(30));
        let wait = parse_retry_after(&future).expect("date");
        assert!(wait > Duration::from_secs(25) && wait <= Duration::from_secs(30));
        assert_eq!(parse_retry_after("later"), None);
    }
}
