//! What the run's overview (`index.html`) shows: a table of sites × criteria, sites with
//! regressions first, grouped by the site list's `provinsi` column (or its first other
//! column), the counts per criterion, and the reports that could not be read.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::Failure;
use super::i18n::{Lang, Strings};
use super::view::{Link, Verdict, capitalised, criteria_in_order, site_view};
use crate::ci::{Change, ChangeKind};
use crate::profile::Criterion;
use crate::report::{Report, Status};

/// The run's overview.
#[derive(Debug, Serialize)]
pub struct Overview {
    lang: &'static str,
    t: &'static Strings,
    generated: Option<String>,
    baseline: Option<String>,
    columns: Vec<Column>,
    extra_keys: Vec<String>,
    filters: Vec<Filter>,
    group_key: Option<String>,
    groups: Vec<Group>,
    counts: Vec<String>,
    failed: Vec<FailedView>,
}

#[derive(Debug, Serialize)]
struct Column {
    key: String,
    name: String,
    required: bool,
}

#[derive(Debug, Serialize)]
struct Filter {
    key: String,
    values: Vec<String>,
}

#[derive(Debug, Serialize)]
struct Group {
    label: Option<String>,
    rows: Vec<SiteRow>,
}

#[derive(Debug, Serialize)]
struct SiteRow {
    id: String,
    name: String,
    brief: String,
    url: Link,
    regressions: usize,
    missing: usize,
    outcome: &'static str,
    cells: Vec<Option<Verdict>>,
    extra: Vec<String>,
}

#[derive(Debug, Serialize)]
struct FailedView {
    file: String,
    reason: String,
}

impl Overview {
    /// The overview of `reports`, with the run's `changes` and `baseline` when the run had one.
    pub fn new(
        reports: &[Report],
        changes: &[Change],
        baseline: Option<String>,
        generated: Option<String>,
        failed: &[Failure],
        lang: Lang,
    ) -> Overview {
        let mut keys: Vec<String> = Vec::new();
        for report in reports {
            for key in criteria_in_order(report) {
                if !keys.iter().any(|k| k == key) {
                    keys.push(key.to_string());
                }
            }
        }
        let order = |key: &str| {
            Criterion::ALL
                .iter()
                .position(|c| c.key() == key)
                .unwrap_or(usize::MAX)
        };
        keys.sort_by_key(|key| order(key));
        let extra_keys: Vec<String> = reports
            .iter()
            .flat_map(|r| r.site.extra.keys().cloned())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let group_key = extra_keys
            .iter()
            .find(|k| k.eq_ignore_ascii_case("provinsi"))
            .or_else(|| extra_keys.first())
            .cloned();
        let filters = extra_keys
            .iter()
            .map(|key| Filter {
                key: key.clone(),
                values: reports
                    .iter()
                    .filter_map(|r| r.site.extra.get(key).cloned())
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect(),
            })
            .collect();
        let mut regressions: BTreeMap<&str, usize> = BTreeMap::new();
        for change in changes {
            if matches!(change.kind, ChangeKind::Regressed | ChangeKind::Unreachable) {
                *regressions.entry(change.site.as_str()).or_default() += 1;
            }
        }
        let mut groups: BTreeMap<Option<String>, Vec<SiteRow>> = BTreeMap::new();
        for report in reports {
            let site = site_view(report);
            let cells: Vec<Option<Verdict>> = keys
                .iter()
                .map(|key| {
                    report
                        .criteria
                        .get(key)
                        .map(|c| Verdict::new(c.status, lang))
                })
                .collect();
            let missing = report
                .criteria
                .iter()
                .filter(|(key, c)| {
                    c.status == Status::NotFound
                        && Criterion::from_key(key).is_some_and(Criterion::is_required)
                })
                .count();
            let row = SiteRow {
                brief: format!("{}.html", site.id),
                regressions: regressions.get(site.id.as_str()).copied().unwrap_or(0),
                missing,
                outcome: lang.outcome(report.outcome),
                cells,
                extra: extra_keys
                    .iter()
                    .map(|k| report.site.extra.get(k).cloned().unwrap_or_default())
                    .collect(),
                id: site.id,
                name: site.name,
                url: site.url,
            };
            let group = group_key
                .as_ref()
                .and_then(|key| report.site.extra.get(key).cloned());
            groups.entry(group).or_default().push(row);
        }
        let mut groups: Vec<Group> = groups
            .into_iter()
            .map(|(label, mut rows)| {
                rows.sort_by(|a, b| {
                    (b.regressions, b.missing, &a.id).cmp(&(a.regressions, a.missing, &b.id))
                });
                Group { label, rows }
            })
            .collect();
        // Groups with regressions first; a site's place within its group says the rest.
        groups.sort_by_key(|g| {
            std::cmp::Reverse(g.rows.iter().map(|r| r.regressions).sum::<usize>())
        });
        let counts = keys
            .iter()
            .map(|key| {
                let found = reports
                    .iter()
                    .filter(|r| {
                        r.criteria
                            .get(key)
                            .is_some_and(|c| c.status == Status::Found)
                    })
                    .count();
                lang.publish_count(found, reports.len(), key)
            })
            .collect();
        Overview {
            lang: lang.code(),
            t: lang.strings(),
            generated,
            baseline,
            columns: keys
                .iter()
                .map(|key| Column {
                    name: capitalised(lang.criterion(key)),
                    required: Criterion::from_key(key).is_some_and(Criterion::is_required),
                    key: key.clone(),
                })
                .collect(),
            extra_keys,
            filters,
            group_key,
            groups,
            counts,
            failed: failed
                .iter()
                .map(|f| FailedView {
                    file: f.path.display().to_string(),
                    reason: f.reason.clone(),
                })
                .collect(),
        }
    }
}
