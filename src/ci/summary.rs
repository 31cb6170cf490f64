//! The `summary.json` contract of a CI run: every site's verdicts in one file, what changed
//! since a baseline run, totals, the merge of shard summaries, and the `--fail-on` policy.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::compare::compare;
use crate::profile::Criterion;
use crate::report::{Outcome, Report, SCHEMA_VERSION, Status, Tool};

/// A CI run in one file: sites, changes since the baseline, totals.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[schemars(transform = every_field_required)]
pub struct Summary {
    /// The report schema version ([`SCHEMA_VERSION`]); the summary follows it.
    pub schema_version: u32,
    /// The program that wrote the summary.
    pub tool: Tool,
    /// When the summary was made (RFC 3339, UTC), as given by the caller.
    pub generated_at: String,
    /// The baseline directory compared against, as given; `null` without a baseline.
    pub baseline: Option<String>,
    /// The shard this run was (`"2/4"`); for a merged summary, `"merged from 1/4, 2/4, …"`.
    pub shard: Option<String>,
    /// One entry per site, sorted by id.
    pub sites: Vec<SiteSummary>,
    /// What changed since the baseline, sorted by (site, criterion, kind); empty without one.
    pub changes: Vec<Change>,
    /// Counts over `sites` and `changes`.
    pub totals: Totals,
}

/// One site's verdicts.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[schemars(transform = every_field_required)]
pub struct SiteSummary {
    /// Site id.
    pub id: String,
    /// Human name, when known.
    pub name: Option<String>,
    /// Start URL.
    pub url: String,
    /// How far the crawl got.
    pub outcome: Outcome,
    /// Why the outcome is not `complete`.
    pub reason: Option<String>,
    /// Status per criterion present in the report.
    pub criteria: BTreeMap<String, Status>,
    /// The report's file name, `<id>.json`, relative to the reports directory.
    pub report: String,
}

/// One difference between the baseline and this run.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[schemars(transform = every_field_required)]
pub struct Change {
    /// Site id.
    pub site: String,
    /// The criterion key; `null` for a change of the whole site.
    pub criterion: Option<String>,
    /// What kind of change.
    pub kind: ChangeKind,
    /// Status in the baseline (`null` when absent or for a site-level change).
    pub before: Option<Status>,
    /// Status in this run (`null` when absent or for a site-level change).
    pub after: Option<Status>,
    /// A quote, a reason or the quotes that changed, for a human.
    pub detail: Option<String>,
}

/// What kind of change, in sort order.
#[derive(
    Debug,
    Clone,
    Copy,
    Serialize,
    Deserialize,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// `found` -> `not_found`: the site stopped publishing it.
    Regressed,
    /// `not_found` or `inconclusive` -> `found`.
    Improved,
    /// `found` or `not_found` -> `inconclusive`: it could not be checked tonight (not a
    /// regression).
    BecameInconclusive,
    /// `inconclusive` -> `not_found`: checked again, and not there.
    Resolved,
    /// Still `found`, but the quoted fees or timelines changed.
    EvidenceChanged,
    /// A site not in the baseline.
    NewSite,
    /// A site in the baseline and not in this run.
    MissingSite,
    /// The site could be read in the baseline and is unreachable now.
    Unreachable,
}

/// Counts over a summary's sites and changes.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct Totals {
    /// Sites in this run.
    pub sites: usize,
    /// Sites whose outcome is `complete`.
    pub complete: usize,
    /// Sites whose outcome is `partial`.
    pub partial: usize,
    /// Sites whose outcome is `unreachable`.
    pub unreachable: usize,
    /// Status counts per criterion key, over the sites that report it.
    pub criteria: BTreeMap<String, Counts>,
    /// `regressed` changes.
    pub regressions: usize,
    /// `improved` changes.
    pub improvements: usize,
    /// `became_inconclusive` and `unreachable` changes: what could not be checked tonight.
    pub inconclusive_changes: usize,
    /// `evidence_changed` changes.
    pub evidence_changes: usize,
}

/// Status counts of one criterion.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct Counts {
    /// Sites where it is `found`.
    pub found: usize,
    /// Sites where it is `not_found`.
    pub not_found: usize,
    /// Sites where it is `inconclusive`.
    pub inconclusive: usize,
}

/// A condition that fails a CI run (`--fail-on`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// A criterion regressed since the baseline; without a baseline, a required criterion is
    /// `not_found`.
    Regression,
    /// A required criterion is `not_found` on some site.
    Missing,
    /// Some criterion is `inconclusive`, or some site unreachable.
    Inconclusive,
}

/// Summarises this run's `reports`, comparing them with `baseline` when given.
///
/// `generated_at` is the caller's timestamp; `baseline_name` (the baseline directory) and
/// `shard` are recorded as given. A baseline site absent from `reports` is a `missing_site`
/// change, also in a shard (it may be in another shard: [`merge`] drops it then).
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

/// Combines shard summaries into one: sites unioned, changes concatenated, totals recomputed.
///
/// A site id in two shards is an error, as are shards of different schema versions or compared
/// against different baselines. A `missing_site` change is kept only when no shard has the
/// site (each shard sees the other shards' sites as missing from the baseline).
pub fn merge(summaries: Vec<Summary>, generated_at: String) -> Result<Summary, String> {
    let Some(first) = summaries.first() else {
        return Err("no summaries to merge".to_string());
    };
    let schema_version = first.schema_version;
    let baseline = first.baseline.clone();
    let tool = first.tool.clone();
    let mut owner: HashMap<String, String> = HashMap::new();
    let mut shards = Vec::new();
    let mut sites = Vec::new();
    let mut changes = Vec::new();
    for summary in summaries {
        let name = shard_name(&summary);
        if summary.schema_version != schema_version {
            return Err(format!(
                "shard {name} has schema version {}, another has {schema_version}; \
                 merge summaries written by the same patuh",
                summary.schema_version
            ));
        }
        if summary.baseline != baseline {
            return Err(format!(
                "shard {name} was compared with baseline {}, another with {}; \
                 run every shard against the same baseline",
                summary.baseline.as_deref().unwrap_or("(none)"),
                baseline.as_deref().unwrap_or("(none)"),
            ));
        }
        for site in summary.sites {
            if let Some(other) = owner.insert(site.id.clone(), name.clone()) {
                return Err(format!(
                    "site {} is in two shards ({other} and {name}); each site must be in \
                     exactly one shard",
                    site.id
                ));
            }
            sites.push(site);
        }
        changes.extend(summary.changes);
        match summary
            .shard
            .as_deref()
            .and_then(|s| s.strip_prefix(MERGED))
        {
            Some(inner) => shards.extend(inner.split(", ").map(str::to_string)),
            None => shards.push(name),
        }
    }
    sites.sort_by(|a, b| a.id.cmp(&b.id));
    changes.retain(|c| c.kind != ChangeKind::MissingSite || !owner.contains_key(&c.site));
    sort_changes(&mut changes);
    changes.dedup();
    shards.sort_by_key(|s| shard_order(s));
    let totals = totals(&sites, &changes);
    Ok(Summary {
        schema_version,
        tool,
        generated_at,
        baseline,
        shard: Some(format!("{MERGED}{}", shards.join(", "))),
        sites,
        changes,
        totals,
    })
}

/// Whether any of the `fail_on` conditions holds (exit code 1 when it does).
///
/// - `regression`: a `regressed` change; without a baseline, a required criterion `not_found`;
/// - `missing`: a required criterion `not_found`;
/// - `inconclusive`: a criterion `inconclusive` or a site `unreachable`.
pub fn failing(summary: &Summary, fail_on: &[FailOn]) -> bool {
    let missing = summary.sites.iter().any(|site| {
        Criterion::REQUIRED
            .iter()
            .any(|c| site.criteria.get(c.key()) == Some(&Status::NotFound))
    });
    fail_on.iter().any(|condition| match condition {
        FailOn::Regression => {
            if summary.baseline.is_some() {
                summary
                    .changes
                    .iter()
                    .any(|c| c.kind == ChangeKind::Regressed)
            } else {
                missing
            }
        }
        FailOn::Missing => missing,
        FailOn::Inconclusive => summary.sites.iter().any(|site| {
            site.outcome == Outcome::Unreachable
                || site.criteria.values().any(|s| *s == Status::Inconclusive)
        }),
    })
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

/// Marks every property of an object schema required: the summary writes every field, `null`
/// included, so consumers may rely on the keys.
fn every_field_required(schema: &mut schemars::Schema) {
    let keys: Vec<serde_json::Value> = schema
        .get("properties")
        .and_then(|p| p.as_object())
        .map(|p| p.keys().cloned().map(serde_json::Value::String).collect())
        .unwrap_or_default();
    schema.insert("required".to_string(), serde_json::Value::Array(keys));
}

/// The prefix of a merged summary's `shard`.
const MERGED: &str = "merged from ";

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
pub(super) fn site_change(site: &str, kind: ChangeKind, detail: Option<String>) -> Change {
    Change {
        site: site.to_string(),
        criterion: None,
        kind,
        before: None,
        after: None,
        detail,
    }
}

fn sort_changes(changes: &mut [Change]) {
    changes.sort_by(|a, b| {
        (&a.site, &a.criterion, a.kind, &a.detail).cmp(&(&b.site, &b.criterion, b.kind, &b.detail))
    });
}

fn shard_name(summary: &Summary) -> String {
    summary
        .shard
        .clone()
        .unwrap_or_else(|| "(unsharded)".to_string())
}

/// Sorts "2/4" before "10/12": by total, then index, numerically; other names after, by text.
fn shard_order(shard: &str) -> (u64, u64, String) {
    let numbers = shard
        .split_once('/')
        .and_then(|(k, n)| Some((n.trim().parse().ok()?, k.trim().parse().ok()?)));
    let (n, k) = numbers.unwrap_or((u64::MAX, u64::MAX));
    (n, k, shard.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ci::fixtures::{report, unreachable};

    fn all_required(status: Status) -> Vec<(&'static str, Status, &'static [&'static str])> {
        Criterion::REQUIRED
            .iter()
            .map(|c| {
                let quotes: &'static [&'static str] = if status == Status::Found {
                    &["Biaya: Gratis"]
                } else {
                    &[]
                };
                (c.key(), status, quotes)
            })
            .collect()
    }

    type Case<'a> = (
        &'a str,
        &'a [Report],
        Option<&'a [Report]>,
        &'a [FailOn],
        bool,
    );

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

    fn shard(ids: &[&str], base: &[Report], name: &str) -> Summary {
        let reports: Vec<Report> = ids
            .iter()
            .map(|id| report(id, &all_required(Status::NotFound)))
            .collect();
        summarize(
            &reports,
            Some(base),
            "T".into(),
            Some("base".into()),
            Some(name.into()),
        )
    }

    #[test]
    fn merge_unions_shards_and_keeps_only_truly_missing_sites() {
        let base: Vec<Report> = ["a", "b", "c", "gone"]
            .iter()
            .map(|id| report(id, &all_required(Status::Found)))
            .collect();
        let one = shard(&["c", "a"], &base, "1/2");
        let two = shard(&["b"], &base, "2/2");
        let merged = merge(vec![two, one], "T2".into()).expect("disjoint shards merge");
        let ids: Vec<&str> = merged.sites.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c"]);
        assert_eq!(merged.shard.as_deref(), Some("merged from 1/2, 2/2"));
        assert_eq!(merged.generated_at, "T2");
        let missing: Vec<&str> = merged
            .changes
            .iter()
            .filter(|c| c.kind == ChangeKind::MissingSite)
            .map(|c| c.site.as_str())
            .collect();
        assert_eq!(missing, ["gone"]);
        assert_eq!(merged.totals.sites, 3);
        assert_eq!(merged.totals.regressions, 12);
        assert_eq!(merged.totals.criteria["fees"].not_found, 3);
        let sites: Vec<&str> = merged.changes.iter().map(|c| c.site.as_str()).collect();
        let mut sorted = sites.clone();
        sorted.sort();
        assert_eq!(sites, sorted, "changes re-sorted by site");
    }

    #[test]
    fn merge_refuses_bad_inputs() {
        let base = vec![report("a", &all_required(Status::Found))];
        let cases: Vec<(&str, Vec<Summary>, &str)> = vec![
            (
                "duplicate site",
                vec![
                    shard(&["a", "x"], &base, "1/2"),
                    shard(&["x"], &base, "2/2"),
                ],
                "site x is in two shards (1/2 and 2/2)",
            ),
            ("nothing", vec![], "no summaries"),
            (
                "baselines differ",
                vec![shard(&["a"], &base, "1/2"), {
                    let mut s = shard(&["b"], &base, "2/2");
                    s.baseline = Some("other".into());
                    s
                }],
                "same baseline",
            ),
        ];
        for (name, input, want) in cases {
            let err = merge(input, "T".into()).expect_err(name);
            assert!(err.contains(want), "{name}: {err}");
        }
    }

    #[test]
    fn merge_of_merged_summaries_flattens_shard_names() {
        let base: Vec<Report> = vec![];
        let ab = merge(
            vec![shard(&["a"], &base, "1/3"), shard(&["b"], &base, "2/3")],
            "T".into(),
        )
        .expect("merge");
        let all = merge(vec![shard(&["c"], &base, "3/3"), ab], "T".into()).expect("merge");
        assert_eq!(all.shard.as_deref(), Some("merged from 1/3, 2/3, 3/3"));
        assert_eq!(all.sites.len(), 3);
    }

    #[test]
    fn failing_follows_the_policy() {
        let base = vec![
            report("ok", &all_required(Status::Found)),
            report("lost", &all_required(Status::Found)),
        ];
        let clean = vec![report("ok", &all_required(Status::Found))];
        let gap = vec![report("ok", &all_required(Status::NotFound))];
        let lost = vec![report("lost", &all_required(Status::NotFound))];
        let down = vec![unreachable("ok")];
        let mut inconclusive_only = all_required(Status::Found);
        inconclusive_only[0].1 = Status::Inconclusive;
        let vague = vec![report("ok", &inconclusive_only)];

        use FailOn::*;
        let b = Some(base.as_slice());
        let known = Some(gap.as_slice());
        let all: &[FailOn] = &[Regression, Missing, Inconclusive];
        let (reg, mis, inc): (&[FailOn], &[FailOn], &[FailOn]) =
            (&[Regression], &[Missing], &[Inconclusive]);
        // (name, reports, baseline, fail_on, want)
        let cases: [Case; 11] = [
            ("clean", &clean, b, all, false),
            ("no baseline: missing fails", &gap, None, reg, true),
            ("regressed", &lost, b, reg, true),
            ("known gap is no regression", &gap, known, reg, false),
            ("known gap is missing", &gap, known, mis, true),
            (
                "down is no regression",
                &down,
                b,
                &[Regression, Missing],
                false,
            ),
            ("down is inconclusive", &down, b, inc, true),
            ("inconclusive criterion", &vague, b, inc, true),
            ("inconclusive is no regression", &vague, b, reg, false),
            ("any of several", &vague, b, &[Missing, Inconclusive], true),
            ("none chosen", &lost, b, &[], false),
        ];
        for (name, reports, baseline, fail_on, want) in cases {
            let s = summarize(
                reports,
                baseline,
                "T".into(),
                baseline.map(|_| "b".into()),
                None,
            );
            assert_eq!(failing(&s, fail_on), want, "{name}");
        }
    }

    #[test]
    fn summary_round_trips_through_json() {
        let base = vec![report("a", &all_required(Status::Found))];
        let now = vec![report("a", &all_required(Status::NotFound))];
        let s = summarize(&now, Some(&base), "T".into(), Some("b".into()), None);
        let json = serde_json::to_string(&s).expect("serialize");
        assert!(json.contains(r#""kind":"regressed""#), "{json}");
        assert!(json.contains(r#""criterion":"fees""#), "{json}");
        let back: Summary = serde_json::from_str(&json).expect("deserialize");
        assert_eq!(back, s);
    }
}
