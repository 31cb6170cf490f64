//! The end of a site's walk: its report — outcome, criteria from what was found and what could
//! not be seen, pages and skipped URLs sorted, counters.

use std::time::{Instant, SystemTime};

use std::collections::HashMap;

use super::{HostRobots, Walk};
use crate::detect::verdict::{Linked, SECTION, Sighting, verdicts};
use crate::report::{Outcome, Report, SCHEMA_VERSION, SiteInfo, Tool, timestamp};

impl Walk {
    pub(super) fn into_report(mut self, started: SystemTime, clock: Instant) -> Report {
        let waiting: usize = self
            .robots
            .values()
            .map(|r| match r {
                HostRobots::Pending(waiting) => waiting.len(),
                HostRobots::Ready(_) => 0,
            })
            .sum();
        self.stats.queued_left = (self.frontier.len() + waiting) as u64;
        if !self.satisfied {
            while let Some(left) = self.frontier.pop() {
                if left.priority < SECTION {
                    break;
                }
                let why = "not fetched: the page budget ran out (raise --max-pages)";
                self.unread(&left.url, None, why, left.priority, String::new());
            }
        }
        self.stats.duration_ms = u64::try_from(clock.elapsed().as_millis()).unwrap_or(u64::MAX);
        let (outcome, reason) = self.outcome();
        self.tasks.abort_all();
        let mut blind = std::mem::take(&mut self.blind);
        blind.cut_short = self.cut_short.clone().filter(|_| !self.satisfied);
        if outcome == Outcome::Unreachable {
            blind.unreachable = reason.clone();
        }
        blind.unread_documents = self.unread_documents.iter().cloned().collect();
        blind.unread_documents.sort();
        let pages: HashMap<&str, &crate::report::PageRecord> = self
            .pages
            .iter()
            .map(|p| (p.final_url.as_str(), p))
            .collect();
        for unread in &mut blind.unread {
            let Some((from, text)) = self.links_to.get(&unread.url) else {
                continue;
            };
            let page = pages.get(from.as_str());
            unread.linked = Some(Linked {
                from: from.clone(),
                text: text.clone(),
                sha256: page.and_then(|p| p.sha256.clone()).unwrap_or_default(),
                fetched_at: page.map(|p| p.fetched_at.clone()).unwrap_or_default(),
            });
        }
        blind.unread.sort();
        blind.unread.dedup();
        let sightings: Vec<Sighting> = std::mem::take(&mut self.sightings).into_values().collect();
        let criteria = verdicts(&sightings, &blind);
        self.pages.sort_by(|a, b| a.url.cmp(&b.url));
        self.skipped.sort();
        Report {
            schema_version: SCHEMA_VERSION,
            tool: Tool {
                profile: Some(self.site.profile.hash().to_string()),
                user_agent: Some(self.crawler.settings.user_agent.clone()),
                ..Tool::current()
            },
            site: SiteInfo {
                id: self.site.id.clone(),
                name: self.site.name.clone(),
                url: self.site.url.to_string(),
                selector_file: self
                    .site
                    .selector_file
                    .as_ref()
                    .map(|p| p.display().to_string()),
                extra: self.site.extra.clone(),
            },
            started_at: timestamp(started),
            finished_at: timestamp(SystemTime::now()),
            outcome,
            reason,
            criteria,
            pages: self.pages,
            skipped: self.skipped,
            stats: self.stats,
        }
    }

    fn outcome(&self) -> (Outcome, Option<String>) {
        let max_pages = self.crawler.settings.max_pages;
        if let Some(why) = &self.cut_short {
            return (Outcome::Partial, Some(why.clone()));
        }
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
        if self.stats.queued_left > 0 && !self.satisfied {
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
