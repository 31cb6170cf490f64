//! Shard summaries combined into one, as if the sites had been checked in a single run.

use std::collections::HashMap;

use super::summarize::{sort_changes, totals};
use super::{ChangeKind, Summary};

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

/// The prefix of a merged summary's `shard`.
const MERGED: &str = "merged from ";

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
    use crate::ci::fixtures::report;
    use crate::ci::summary::summarize;
    use crate::ci::summary::tests::all_required;
    use crate::report::{Report, Status};

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
}
