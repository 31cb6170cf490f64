//! Nightly-CI outputs: what changed since a baseline run (`summary.json`), and the same facts
//! as JUnit XML, a Markdown job summary, a CSV table and JSON Schemas of the contracts.
//!
//! Everything here is a pure function of this run's reports (and a baseline's), except
//! [`baseline`], which reads a directory of reports, and [`nightly`], which writes the outputs
//! when a crawl ends.

pub mod baseline;
pub mod compare;
pub mod csv;
pub mod junit;
pub mod markdown;
pub mod nightly;
pub mod schema;
pub mod summary;

pub use baseline::load_reports;
pub use compare::compare;
pub use summary::{
    Change, ChangeKind, Counts, FailOn, SiteSummary, Summary, Totals, failing, merge, policy,
    summarize,
};

/// Reports for the tests of this module.
#[cfg(test)]
pub(crate) mod fixtures {
    use crate::report::{
        CriterionReport, Evidence, EvidenceKind, Outcome, ReasonKind, Report, SCHEMA_VERSION,
        SiteInfo, Stats, Status, Strength, Tool,
    };

    /// A report of site `id` with the given criteria: (key, status, strong quotes).
    pub(crate) fn report(id: &str, criteria: &[(&str, Status, &[&str])]) -> Report {
        report_at(id, "https://example.go.id/", criteria)
    }

    /// As [`report`], with the evidence on page `url`.
    pub(crate) fn report_at(id: &str, url: &str, criteria: &[(&str, Status, &[&str])]) -> Report {
        Report {
            schema_version: SCHEMA_VERSION,
            tool: Tool::current(),
            site: SiteInfo {
                id: id.to_string(),
                name: Some(format!("Pemerintah {id}")),
                url: format!("https://{id}.go.id/"),
                selector_file: None,
                extra: Default::default(),
            },
            started_at: "2026-01-01T00:00:00Z".to_string(),
            finished_at: "2026-01-01T00:00:01Z".to_string(),
            outcome: Outcome::Complete,
            reason: None,
            criteria: criteria
                .iter()
                .map(|(key, status, quotes)| {
                    let evidence = quotes
                        .iter()
                        .map(|q| Evidence {
                            url: url.to_string(),
                            page: None,
                            selector: Some("tr".to_string()),
                            rule: format!("{key}-row"),
                            quote: q.to_string(),
                            sha256: "00".repeat(32),
                            fetched_at: "2026-01-01T00:00:00Z".to_string(),
                            strength: Strength::Strong,
                            link: None,
                            kind: EvidenceKind::Text,
                            status: None,
                        })
                        .collect();
                    let reason =
                        (*status == Status::Inconclusive).then(|| "robots.txt forbids".to_string());
                    let report = CriterionReport {
                        status: *status,
                        reason_kind: reason.as_ref().map(|_| ReasonKind::LikelyUnread),
                        reason,
                        evidence,
                    };
                    (key.to_string(), report)
                })
                .collect(),
            pages: Vec::new(),
            skipped: Vec::new(),
            stats: Stats::default(),
        }
    }

    /// A broken link on `on` whose target `target` answers 404, linked as "Standar Pelayanan".
    pub(crate) fn broken_link(on: &str, target: &str) -> Evidence {
        Evidence {
            url: on.to_string(),
            page: None,
            selector: None,
            rule: "broken-link".to_string(),
            quote: format!("Standar Pelayanan ({target}) → HTTP 404"),
            sha256: String::new(),
            fetched_at: "2026-01-01T00:00:00Z".to_string(),
            strength: Strength::Weak,
            link: Some(target.to_string()),
            kind: EvidenceKind::BrokenLink,
            status: Some(404),
        }
    }

    /// A report of a site that could not be read.
    pub(crate) fn unreachable(id: &str) -> Report {
        let mut r = report(
            id,
            &[
                ("fees", Status::Inconclusive, &[]),
                ("service_standard", Status::Inconclusive, &[]),
            ],
        );
        r.outcome = Outcome::Unreachable;
        r.reason = Some(format!("https://{id}.go.id/: connection refused"));
        r
    }
}
