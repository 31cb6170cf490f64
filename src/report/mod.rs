//! The report contract (`<site-id>.json`): serde types, the atomic writer (`write.rs`), and what
//! a run prints on the console with the verdict it turns into an exit code (`console.rs`).

pub mod console;
pub mod write;

use std::collections::BTreeMap;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

pub use crate::profile::Strength;

/// Bumped whenever a field changes meaning or goes away.
pub const SCHEMA_VERSION: u32 = 1;

/// One site's report.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct Report {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The program that wrote the report.
    pub tool: Tool,
    /// The site assessed.
    pub site: SiteInfo,
    /// When the crawl of this site began (RFC 3339, UTC).
    pub started_at: String,
    /// When it ended.
    pub finished_at: String,
    /// How far the crawl got.
    pub outcome: Outcome,
    /// Why the outcome is not `complete`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Verdicts per criterion, keyed by criterion name.
    pub criteria: BTreeMap<String, CriterionReport>,
    /// Every page fetched (or tried), sorted by URL.
    pub pages: Vec<PageRecord>,
    /// URLs seen but not fetched because robots.txt forbids them or could not be read, and
    /// why, sorted by URL; at most 200 listed (all are counted in `stats.robots_blocked`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<Skipped>,
    /// Counters.
    pub stats: Stats,
}

/// `tool` in the report.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct Tool {
    /// "patuh".
    pub name: String,
    /// The crate version.
    pub version: String,
    /// The rules the site was judged by: the first 12 hex digits of the sha256 of the
    /// embedded default profile and, when the site has one, its selector file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// The User-Agent the site was crawled with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
}

impl Tool {
    /// This build.
    pub fn current() -> Tool {
        Tool {
            name: env!("CARGO_PKG_NAME").to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            profile: None,
            user_agent: None,
        }
    }
}

/// `site` in the report.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct SiteInfo {
    /// Site id (the report's file stem).
    pub id: String,
    /// Human name, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Start URL.
    pub url: String,
    /// The selector file used, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selector_file: Option<String>,
    /// The site list's other columns for this site (`provinsi`, `jenis`…), by header name:
    /// the HTML overview groups and filters by them, the brief picks its time zone from
    /// `provinsi`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, String>,
}

/// How far the crawl of a site got.
#[derive(
    Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Every reachable in-scope page within the limits was fetched, or the crawl stopped
    /// early because every required criterion had strong evidence (without `--exhaustive`).
    Complete,
    /// Some of the site was crawled, but a limit, robots.txt or an interruption stopped it short.
    Partial,
    /// No page of the site could be read (every fetch failed, answered 4xx/5xx or gave a body
    /// patuh could not read, or the start host's robots.txt was unreachable); `reason` says why.
    Unreachable,
}

/// Status of a criterion.
#[derive(
    Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Strong evidence found: a page or document publishes it. Weak evidence alone never
    /// makes a criterion `found`.
    Found,
    /// The site was crawled well enough to say it is not there. When a page or document the
    /// site links to for it answers 404 or 410, the link is broken: the public cannot read it
    /// either, so it is not there, and each broken link is listed as `broken_link` evidence.
    NotFound,
    /// It could not be checked; `reason` says why: the site could not be read, robots.txt
    /// forbids the pages that likely hold it or the services section the menus point to, those
    /// pages failed (401, 403, 429, 5xx, time-outs, connection and TLS failures), the page
    /// budget or a time limit ran out, it needs JavaScript, or it is only an image.
    Inconclusive,
}

/// One criterion's verdict.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct CriterionReport {
    /// The verdict.
    pub status: Status,
    /// Why (always present for `inconclusive`), in words, naming the URLs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Which of the verdict's reasons `reason` is, for a program or a translation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_kind: Option<ReasonKind>,
    /// What was found, sorted.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

/// The verdict's reasons, in the order it weighs them (the first that applies is given).
#[derive(
    Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ReasonKind {
    /// `inconclusive`: no page of the site could be read.
    Unreachable,
    /// `inconclusive`: the crawl was stopped (a time limit, an interruption) before it was found.
    CutShort,
    /// `inconclusive`: the site is built by JavaScript, which patuh does not run.
    Javascript,
    /// `inconclusive`: it is published only as an image.
    Image,
    /// `inconclusive`: the service standard is an image, which may hold this part of it.
    StandardImage,
    /// `inconclusive`: likely in a document type patuh does not read (`.doc`, `.xls`…).
    UnreadDocument,
    /// `inconclusive`: pages that likely hold it could not be read (robots.txt, 401, 403, 429,
    /// 5xx, a time-out, a connection or TLS failure, the page budget).
    LikelyUnread,
    /// `inconclusive`: the services section the menus point to could not be read.
    SectionUnread,
    /// `not_found`: pages or documents the site links to for it answer 404 or 410.
    BrokenLinks,
    /// `not_found`: only passing mentions were seen.
    PassingMentions,
}

/// One piece of evidence.
#[derive(
    Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, schemars::JsonSchema,
)]
pub struct Evidence {
    /// The page or document it was found on.
    pub url: String,
    /// The page of a PDF it was found on (1-based).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// The CSS selector that selected it, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<String>,
    /// The rule id.
    pub rule: String,
    /// The text, normalised and trimmed around the match.
    pub quote: String,
    /// sha256 of the page body.
    pub sha256: String,
    /// When the page was fetched.
    pub fetched_at: String,
    /// `strong` (structural evidence: a standard's table row, a complaint page) or `weak`
    /// (a mention, a heading, a link, an image: check it by hand; a broken link).
    pub strength: Strength,
    /// The link or image the evidence is (a lapor.go.id logo, a wa.me number, a poster), or
    /// the URL a broken link points to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// What the evidence is.
    #[serde(default)]
    pub kind: EvidenceKind,
    /// The HTTP status `link` answered with, for a broken link (404, 410).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
}

/// What a piece of evidence is.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    Serialize,
    Deserialize,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    /// Text on an HTML page (`quote`). Reports written before evidence kinds existed read as
    /// `text`.
    #[default]
    Text,
    /// Text in a document (`url` is a PDF, DOCX, XLSX or ODT; `page` its page when numbered).
    Document,
    /// A link (`link`): a lapor.go.id logo, a wa.me number, a complaints page.
    Link,
    /// An image (`link`) that may hold it: a human has to look.
    Image,
    /// A link on `url` whose target (`link`) answers 404 or 410 (`status`); `quote` is the
    /// link's text. Not publication: it shows where the site points for it and finds nothing.
    BrokenLink,
}

/// One page fetched or tried.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct PageRecord {
    /// URL asked for.
    pub url: String,
    /// URL after redirects.
    pub final_url: String,
    /// HTTP status of the final response; absent when there was none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Content-Type header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// Body bytes read (after content decoding).
    pub bytes: u64,
    /// sha256 of the body read; absent when no body was read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Links followed from a start URL.
    pub depth: u32,
    /// When the final response came.
    pub fetched_at: String,
    /// `<title>` of an HTML page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Redirect hops before the final URL.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub redirects: Vec<Redirect>,
    /// Requests made for the final URL, when more than one (retries).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub attempts: u32,
    /// The body was longer than `--max-bytes` and was judged on its first part.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
    /// Why the page yielded nothing (network failure, refusal, not a type read, a document
    /// whose text could not be extracted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Pages of text read from a document (PDF, DOCX, XLSX).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_pages: Option<u32>,
    /// The page is an empty shell whose content is built by JavaScript.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub needs_javascript: bool,
    /// ETag it was served with: a run with this report as `--baseline` revalidates documents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// Last-Modified it was served with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}

fn is_one(n: &u32) -> bool {
    *n == 1
}

fn one() -> u32 {
    1
}

/// A redirect hop.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct Redirect {
    /// The URL that redirected.
    pub url: String,
    /// Its status (301, 302, 307, 308…).
    pub status: u16,
}

/// A URL seen and not fetched.
#[derive(
    Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, schemars::JsonSchema,
)]
pub struct Skipped {
    /// The URL.
    pub url: String,
    /// Why: "robots.txt forbids it", or why the host's robots.txt could not be read
    /// ("robots.txt answered HTTP 503", "robots.txt could not be fetched: …").
    pub reason: String,
}

/// Counters of a site's crawl.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct Stats {
    /// Pages that got an HTTP response.
    pub pages_fetched: u64,
    /// Pages that failed: no response, or a 4xx/5xx status.
    pub errors: u64,
    /// URLs not fetched because robots.txt forbids them.
    pub robots_blocked: u64,
    /// Wall time of the site's crawl.
    pub duration_ms: u64,
    /// Requests retried.
    #[serde(default)]
    pub retries: u64,
    /// Body bytes read for pages.
    #[serde(default)]
    pub bytes: u64,
    /// In-scope URLs still queued when the crawl stopped (page budget, interruption).
    #[serde(default)]
    pub queued_left: u64,
}

/// The name a unit enum value has in reports and summaries (`not_found`, `became_inconclusive`):
/// the one way its text is spelled, also on the terminal and in CSV, JUnit and Markdown.
pub fn name_of<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

/// RFC 3339 in UTC to the second, the one timestamp format of reports.
pub fn timestamp(at: SystemTime) -> String {
    humantime::format_rfc3339_seconds(at).to_string()
}
