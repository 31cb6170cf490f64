//! Reading a fetched body: hash it, then parse and judge an HTML page off the async threads, or
//! extract a document's text in the isolated child and judge it page by page.

use std::sync::Arc;

use sha2::{Digest, Sha256};
use url::Url;

use super::Crawler;
use crate::detect::{self, Finding};
use crate::document;
use crate::filetype::{self, Kind};
use crate::profile::Profile;

/// What reading a body yields.
#[derive(Debug, Default)]
pub struct Read {
    /// sha256 of the body.
    pub sha256: Option<String>,
    /// Body length.
    pub bytes: u64,
    /// Title, links and shell detection of an HTML page.
    pub page: Option<document::PageLinks>,
    /// Pages of text read from a document.
    pub document_pages: Option<u32>,
    /// Findings, with the document page (1-based) they were found on.
    pub findings: Vec<(Finding, Option<u32>)>,
    /// Why the body yielded nothing (a type not read, a failed extraction).
    pub error: Option<String>,
}

impl Read {
    /// A response of a type patuh does not read (images, archives…), recorded as such.
    pub fn not_read(content_type: Option<&str>, base: Read) -> Read {
        Read {
            error: Some(format!(
                "not a page or document patuh reads ({}); not read",
                content_type.unwrap_or("no Content-Type")
            )),
            ..base
        }
    }
}

/// Reads a body fetched from `url`.
pub async fn read(
    crawler: &Crawler,
    profile: Arc<Profile>,
    url: Url,
    content_type: Option<String>,
    body: Vec<u8>,
    truncated: bool,
) -> Read {
    let sha256 = Some(hex::encode(Sha256::digest(&body)));
    let bytes = body.len() as u64;
    let base = Read {
        sha256,
        bytes,
        ..Read::default()
    };
    let kind = filetype::of_response(content_type.as_deref(), &url).filter(|kind| {
        *kind != Kind::Html || document::looks_like_html(content_type.as_deref(), &body)
    });
    match kind {
        Some(Kind::Html) => parse_and_judge(crawler, profile, url, content_type, body, base).await,
        Some(kind) if truncated => Read {
            error: Some(format!(
                "{} larger than --max-document-bytes ({} bytes); not read",
                kind.name().to_uppercase(),
                crawler.settings.max_document_bytes
            )),
            ..base
        },
        Some(kind) => read_document(crawler, profile, url, kind, body, base).await,
        None => Read::not_read(content_type.as_deref(), base),
    }
}

/// Parses and judges an HTML page on a worker thread.
async fn parse_and_judge(
    crawler: &Crawler,
    profile: Arc<Profile>,
    url: Url,
    content_type: Option<String>,
    body: Vec<u8>,
    base: Read,
) -> Read {
    crawler
        .workers
        .run(move || {
            let html = document::parse_html(&body, content_type.as_deref());
            let mut page = document::page_links(&html, &url);
            for link in &mut page.links {
                link.priority = detect::link_relevance(&link.url, &link.text);
            }
            Read {
                page: Some(page),
                findings: detect::judge_html(&profile, &url, &html)
                    .into_iter()
                    .map(|finding| (finding, None))
                    .collect(),
                ..base
            }
        })
        .await
        .unwrap_or_default()
}

/// Extracts a document's text in the isolated child and judges it page by page.
async fn read_document(
    crawler: &Crawler,
    profile: Arc<Profile>,
    url: Url,
    kind: Kind,
    body: Vec<u8>,
    base: Read,
) -> Read {
    match crawler.extractor.extract(kind, body).await {
        Ok(pages) if pages.iter().all(|p| p.trim().is_empty()) => Read {
            error: Some(
                "the document has no text layer (a scan?); it needs a human look".to_string(),
            ),
            ..base
        },
        Ok(pages) => {
            let count = u32::try_from(pages.len()).unwrap_or(u32::MAX);
            let findings =
                tokio::task::spawn_blocking(move || detect::judge_document(&profile, &url, &pages))
                    .await
                    .unwrap_or_default();
            Read {
                document_pages: Some(count),
                findings,
                ..base
            }
        }
        Err(why) => Read {
            error: Some(why),
            ..base
        },
    }
}
