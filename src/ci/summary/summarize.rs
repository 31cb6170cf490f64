//! A summary of one run's reports: each site's verdicts, the changes since a baseline run, and
//! the totals over both.

use std::collections::{BTreeSet, HashMap};

use super::{Change, ChangeKind, SiteSummary, Summary, Totals};
use crate::ci::compare::compare;
use crate::report::{Outcome, Report, SCHEMA_VERSION, Status, Tool};

/// Summarises this run's `reports`, comparing them with `baseline` when given.
///
/// `generated_at` is the caller's timestamp; `baseline_name` (the baseline directory) and
/// `shard` are recorded as given. A baseline site absent from `reports` is a `missing_site`
/// change, also in a shard (it may be in another shard: [`merge`](super::merge) drops it then).
pub fn summarize(
    reports: &[Report],
    baseline: Option<&[Report]>,
    generated_at: String,
    baseline_name: Option<String>,
    shard: Option<String>,
) -> Summary {
    let mut sites: Vec<SiteSummary> = reports.iter().map(site_summary).collect();
    sites.sort_by(|a, b| a.id.cmp(&b.id));
    let mut changes = Vec::new();
    if let Some(baseline) = baseline {
        let before: HashMap<&str, &Report> =
            baseline.iter().map(|r| (r.site.id.as_str(), r)).collect();
        let now: BTreeSet<&str> = reports.iter().map(|r| r.site.id.as_str()).collect();
        for report in reports {
            match before.get(report.site.id.as_str()) {
                Some(old) => changes.extend(compare(old, report)),
                None => changes.push(site_change(&report.site.id, ChangeKind::NewSite, None)),
            }
        }
        for old in baseline {
            if !now.contains(old.site.id.as_str()) {
                changes.push(site_change(
                    &old.site.id,
                    ChangeKind::MissingSite,
                    Some("in the baseline, not in this run".to_string()),
                ));
            }
        }
    }
    sort_changes(&mut changes);
    let totals = totals(&sites, &changes);
    Summary {
        schema_version: SCHEMA_VERSION,
        tool: Tool::current(),
        generated_at,
        baseline: baseline_name,
        shard,
        sites,
        changes,
        totals,
    }
}

/// Recomputes the totals of `sites` and `changes`.
pub fn totals(sites: &[SiteSummary], changes: &[Change]) -> Totals {
    let mut totals = Totals {
        sites: sites.len(),
        ..Totals::default()
    };
    for site in sites {
        match site.outcome {
            Outcome::Complete => totals.complete += 1,
            Outcome::Partial => totals.partial += 1,
            Outcome::Unreachable => totals.unreachable += 1,
        }
        for (key, status) in &site.criteria {
            let counts = totals.criteria.entry(key.clone()).or_default();
            match status {
                Status::Found => counts.found += 1,
                Status::NotFound => counts.not_found += 1,
                Status::Inconclusive => counts.inconclusive += 1,
            }
        }
    }
    for change in changes {
        match change.kind {
            ChangeKind::Regressed => totals.regressions += 1,
            ChangeKind::Improved => totals.improvements += 1,
            ChangeKind::BecameInconclusive | ChangeKind::Unreachable => {
                totals.inconclusive_changes += 1
            }
            ChangeKind::EvidenceChanged => totals.evidence_changes += 1,
            ChangeKind::Resolved | ChangeKind::NewSite | ChangeKind::MissingSite => {}
        }
    }
    totals
}

fn site_summary(report: &Report) -> SiteSummary {
    SiteSummary {
        id: report.site.id.clone(),
        name: report.site.name.clone(),
        url: report.site.url.clone(),
        outcome: report.outcome,
        reason: report.reason.clone(),
        criteria: report
            .criteria
            .iter()
            .map(|(key, c)| (key.clone(), c.status))
            .collect(),
        report: format!("{}.json", report.site.id),
    }
}

/// A change of a whole site.
pub(in crate::ci) fn site_change(site: &str, kind: ChangeKind, detail: Option<String>) -> Change {
    Change {
        site: site.to_string(),
        criterion: None,
        kind,
        before: None,
        after: None,
        detail,
    }
}

pub(super) fn sort_changes(changes: &mut [Change]) {
    changes.sort_by(|a, b| {
        (&a.site, &a.criterion, a.kind, &a.detail).cmp(&(&b.site, &b.criterion, b.kind, &b.detail))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ci::fixtures::{report, unreachable};
    use crate::ci::summary::tests::all_required;

    /// The changes as "site/criterion: kind".
    fn kinds(summary: &Summary) -> Vec<String> {
        let name = |c: &Change| c.criterion.clone().unwrap_or_else(|| "(site)".into());
        summary
            .changes
            .iter()
            .map(|c| format!("{}/{}: {:?}", c.site, name(c), c.kind))
            .collect()
    }

    #[test]
    fn summarize_sorts_sites_and_counts() {
        let reports = vec![
            report("kota-b", &all_required(Status::NotFound)),
            report("kab-a", &all_required(Status::Found)),
            unreachable("kab-c"),
        ];
        let s = summarize(
            &reports,
            None,
            "T".to_string(),
            None,
            Some("1/2".to_string()),
        );
        let ids: Vec<&str> = s.sites.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["kab-a", "kab-c", "kota-b"]);
        assert_eq!(s.sites[0].report, "kab-a.json");
        assert_eq!(s.shard.as_deref(), Some("1/2"));
        assert!(s.changes.is_empty());
        assert_eq!((s.totals.sites, s.totals.complete), (3, 2));
        assert_eq!(s.totals.unreachable, 1);
        let fees = &s.totals.criteria["fees"];
        assert_eq!((fees.found, fees.not_found, fees.inconclusive), (1, 1, 1));
        assert_eq!(s.totals.criteria["timelines"].inconclusive, 0);
    }

    #[test]
    fn summarize_finds_new_and_missing_sites() {
        let base = vec![
            report("kab-a", &all_required(Status::Found)),
            report("kab-gone", &all_required(Status::Found)),
        ];
        let now = vec![
            report("kab-a", &all_required(Status::Found)),
            report("kab-new", &all_required(Status::Found)),
        ];
        let s = summarize(&now, Some(&base), "T".into(), Some("base/".into()), None);
        assert_eq!(
            kinds(&s),
            ["kab-gone/(site): MissingSite", "kab-new/(site): NewSite"]
        );
        assert_eq!(s.baseline.as_deref(), Some("base/"));
    }

    #[test]
    fn summarize_counts_change_kinds() {
        let base = vec![
            report(
                "kab-a",
                &[
                    ("fees", Status::Found, &["Rp 50.000"]),
                    ("timelines", Status::NotFound, &[]),
                    ("service_standard", Status::Found, &["Standar"]),
                    ("complaint_channels", Status::Found, &["LAPOR"]),
                ],
            ),
            report("kab-b", &all_required(Status::Found)),
        ];
        let now = vec![
            report(
                "kab-a",
                &[
                    ("fees", Status::NotFound, &[]),
                    ("timelines", Status::Found, &["3 hari kerja"]),
                    ("service_standard", Status::Inconclusive, &[]),
                    ("complaint_channels", Status::Found, &["LAPOR"]),
                ],
            ),
            unreachable("kab-b"),
        ];
        let s = summarize(&now, Some(&base), "T".into(), Some("b".into()), None);
        let t = &s.totals;
        assert_eq!(
            (
                t.regressions,
                t.improvements,
                t.inconclusive_changes,
                t.evidence_changes
            ),
            (1, 1, 2, 0),
            "{:#?}",
            s.changes
        );
        // sorted by (site, criterion, kind): site-level changes first
        assert_eq!(
            kinds(&s),
            [
                "kab-a/fees: Regressed",
                "kab-a/service_standard: BecameInconclusive",
                "kab-a/timelines: Improved",
                "kab-b/(site): Unreachable",
            ]
        );
    }
}
