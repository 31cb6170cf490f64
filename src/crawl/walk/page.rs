//! What a fetched page adds to a site's walk: its record, what could not be read, its
//! findings (kept from the smallest URL) and its links.

use url::Url;

use super::{PROMISING, PageDone, SECTION, Via, Walk};
use crate::crawl::fetch::Reply;
use crate::crawl::read::Read;
use crate::detect::verdict::Sighting;
use crate::detect::{Criterion, Finding, FindingKind, Strength};
use crate::document::Link;
use crate::report::{PageRecord, Redirect, timestamp};

impl Walk {
    pub(super) fn page_done(&mut self, done: PageDone) {
        if done.priority >= PROMISING {
            self.promising_in_flight -= 1;
        }
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
        self.stats.bytes += done.read.bytes;
        let fetched_at = timestamp(fetch.fetched_at);
        let mut record = PageRecord {
            url: fetch.url.to_string(),
            final_url: fetch.final_url.to_string(),
            status: None,
            content_type: None,
            bytes: done.read.bytes,
            sha256: done.read.sha256.clone(),
            depth: done.depth,
            fetched_at: fetched_at.clone(),
            title: done.read.page.as_ref().and_then(|p| p.title.clone()),
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
            document_pages: None,
            needs_javascript: false,
            etag: None,
            last_modified: None,
        };
        match &fetch.reply {
            Reply::Response(response) => {
                record.status = Some(response.status);
                record.content_type = response.content_type.clone();
                record.truncated = response.truncated;
                self.stats.pages_fetched += 1;
                if response.status >= 400 {
                    self.stats.errors += 1;
                    record.error = Some(format!("HTTP {}", response.status));
                } else if let Some(why) = &done.read.error {
                    record.error = Some(why.clone());
                } else {
                    self.pages_ok += 1;
                }
                record.document_pages = done.read.document_pages;
                record.etag = response.validators.etag.clone();
                record.last_modified = response.validators.last_modified.clone();
                if let Some(page) = done.read.page.as_ref().filter(|p| p.needs_javascript) {
                    record.needs_javascript = true;
                    let why = "its content is built by JavaScript, which patuh does not run";
                    if done.depth == 0 {
                        self.blind
                            .javascript
                            .get_or_insert_with(|| record.url.clone());
                    } else if done.priority >= SECTION && page.links.is_empty() {
                        let at = fetched_at.clone();
                        self.unread(&fetch.url, record.status, why, done.priority, at);
                    }
                }
            }
            Reply::Failed(failure) => {
                self.stats.errors += 1;
                record.error = Some(failure.to_string());
            }
        }
        if let Some(error) = &record.error {
            if done.depth == 0 && self.start_failure.is_none() {
                self.start_failure = Some(format!("{}: {error}", record.url));
            }
            if done.priority >= SECTION && done.read.findings.is_empty() {
                let at = fetched_at.clone();
                self.unread(&fetch.url, record.status, error, done.priority, at);
            }
        }
        self.pages.push(record);
        let Read {
            sha256,
            page,
            findings,
            document_pages,
            ..
        } = done.read;
        if !fresh {
            return;
        }
        let document = document_pages.is_some();
        self.record_findings(findings, &fetch.final_url, sha256, fetched_at, document);
        if let Some(page) = page {
            self.follow_links(&page.links, &fetch.final_url, done.depth + 1);
        }
    }

    fn record_findings(
        &mut self,
        findings: Vec<(Finding, Option<u32>)>,
        url: &Url,
        sha256: Option<String>,
        fetched_at: String,
        document: bool,
    ) {
        let url = url.to_string();
        for (finding, page) in findings {
            let key = (
                finding.criterion,
                finding.rule.clone(),
                finding.quote.clone(),
            );
            let seen_first = self
                .sightings
                .get(&key)
                .is_some_and(|seen| (&seen.url, seen.page) <= (&url, page));
            if seen_first {
                continue;
            }
            let sighting = Sighting {
                finding,
                url: url.clone(),
                page,
                sha256: sha256.clone().unwrap_or_default(),
                fetched_at: fetched_at.clone(),
                document,
            };
            self.sightings.insert(key, sighting);
        }
        self.satisfied = !self.crawler.settings.exhaustive
            && Criterion::REQUIRED.iter().all(|criterion| {
                self.sightings.values().any(|s| {
                    s.finding.criterion == *criterion
                        && s.finding.strength == Strength::Strong
                        && !matches!(s.finding.kind, FindingKind::Image { .. })
                })
            });
    }

    fn follow_links(&mut self, links: &[Link], from: &Url, depth: u32) {
        for link in links {
            let via = Via::Link {
                from,
                text: &link.text,
            };
            self.offer(&link.url, depth, link.priority, via);
        }
    }
}
