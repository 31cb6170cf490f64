//! The `summary.json` contract of a CI run: every site's verdicts in one file, what changed
//! since a baseline run, totals, the merge of shard summaries, and the `--fail-on` policy.
//!
//! This file holds the contract's types; `summarize` builds a summary from reports, `merge`
//! combines shard summaries, and `fail` decides whether a summary fails the run.

mod fail;
mod merge;
mod summarize;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::report::{Outcome, Status, Tool};

pub use fail::{FailOn, failing, policy};
pub use merge::merge;
pub(super) use summarize::site_change;
pub use summarize::{summarize, totals};

/// A CI run in one file: sites, changes since the baseline, totals.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[schemars(transform = every_field_required)]
pub struct Summary {
    /// The report schema version ([`SCHEMA_VERSION`](crate::report::SCHEMA_VERSION)); the
    /// summary follows it.
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
    /// `found` -> `not_found`: the site stopped publishing it, also when the page that held
    /// it now answers 404 or 410 (the detail names the broken link).
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ci::fixtures::report;
    use crate::profile::Criterion;

    /// Every required criterion with `status`, quoted when `found`; for the tests of every
    /// part of this module.
    pub(super) fn all_required(
        status: Status,
    ) -> Vec<(&'static str, Status, &'static [&'static str])> {
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
