//! Nightly CI around a crawl: the baseline to compare with, the shard of the site list this job
//! takes, and the outputs written when the run ends (summary.json, JUnit, Markdown, CSV) with
//! the exit code they decide. Also `patuh merge` and `patuh schema`.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};

use crate::ci::{self, FailOn, Summary};
use crate::cli::{MergeArgs, OutputArgs, SchemaKind};
use crate::crawl::Known;
use crate::crawl::fetch::Validators;
use crate::detect::verdict::finding_of;
use crate::report::write::{write_atomically, write_json};
use crate::report::{Report, Status, timestamp};
use crate::site::Site;

/// The CI options of a crawl, validated.
#[derive(Debug, Default)]
pub struct Nightly {
    /// `--baseline DIR` and the reports read from it (before the first request).
    pub baseline: Option<(PathBuf, Vec<Report>)>,
    /// `--shard I/N`.
    pub shard: Option<(u32, u32)>,
    /// Output files and `--fail-on`.
    pub outputs: OutputArgs,
}

impl Nightly {
    /// Reads the baseline now, so a bad one stops the run before any request.
    pub fn new(
        baseline: Option<&Path>,
        shard: Option<(u32, u32)>,
        outputs: OutputArgs,
    ) -> Result<Nightly> {
        let baseline = match baseline {
            Some(dir) => {
                let reports = ci::load_reports(dir)
                    .with_context(|| format!("cannot use {} as --baseline", dir.display()))?;
                Some((dir.to_path_buf(), reports))
            }
            None => None,
        };
        Ok(Nightly {
            baseline,
            shard,
            outputs,
        })
    }

    /// The documents of the baseline that can be revalidated (they carry an ETag or a
    /// Last-Modified), with what was found in them.
    pub fn known_documents(&self) -> HashMap<String, Known> {
        let mut known = HashMap::new();
        let Some((_, reports)) = &self.baseline else {
            return known;
        };
        for report in reports {
            for page in &report.pages {
                let validators = Validators {
                    etag: page.etag.clone(),
                    last_modified: page.last_modified.clone(),
                };
                let revalidatable = validators.etag.is_some() || validators.last_modified.is_some();
                if page.document_pages.is_none() || !revalidatable || page.error.is_some() {
                    continue;
                }
                let findings = report
                    .criteria
                    .iter()
                    .flat_map(|(key, criterion)| {
                        criterion
                            .evidence
                            .iter()
                            .filter(|e| e.url == page.final_url)
                            .filter_map(move |e| finding_of(key, e))
                    })
                    .collect();
                known.insert(
                    page.url.clone(),
                    Known {
                        validators,
                        sha256: page.sha256.clone(),
                        bytes: page.bytes,
                        document_pages: page.document_pages,
                        findings,
                    },
                );
            }
        }
        known
    }

    /// The URLs of the baseline's strong evidence of criteria found: the pages that published.
    pub fn published_pages(&self) -> HashSet<String> {
        let Some((_, reports)) = &self.baseline else {
            return HashSet::new();
        };
        reports
            .iter()
            .flat_map(|report| report.criteria.values())
            .filter(|criterion| criterion.status == Status::Found)
            .flat_map(|criterion| &criterion.evidence)
            .filter(|e| e.strength == "strong")
            .map(|e| e.url.clone())
            .collect()
    }

    /// Keeps the sites of this job's shard.
    pub fn take_shard(&self, sites: Vec<Site>) -> Vec<Site> {
        match self.shard {
            Some((i, n)) => sites
                .into_iter()
                .filter(|site| shard_of(&site.id, n) == i - 1)
                .collect(),
            None => sites,
        }
    }

    /// Whether any CI option was given (then summary.json is written).
    pub fn active(&self) -> bool {
        let o = &self.outputs;
        self.baseline.is_some()
            || self.shard.is_some()
            || !o.fail_on.is_empty()
            || o.junit.is_some()
            || o.markdown.is_some()
            || o.csv.is_some()
    }

    /// With any CI option, writes summary.json into `out` and the requested outputs; returns
    /// the exit code when the CI policy decides it (a baseline or `--fail-on`), else `None`.
    pub fn finish(&self, out: &Path, reports: &[Report]) -> Result<Option<u8>> {
        if !self.active() {
            return Ok(None);
        }
        let baseline = self.baseline.as_ref();
        let summary = ci::summarize(
            reports,
            baseline.map(|(_, reports)| reports.as_slice()),
            timestamp(SystemTime::now()),
            baseline.map(|(dir, _)| dir.display().to_string()),
            self.shard.map(|(i, n)| format!("{i}/{n}")),
        );
        write_json(&out.join("summary.json"), &summary)?;
        print_changes(&summary);
        write_outputs(&self.outputs, &summary, reports)?;
        let policy = if self.outputs.fail_on.is_empty() && baseline.is_some() {
            vec![FailOn::Regression]
        } else {
            self.outputs.fail_on.clone()
        };
        Ok((!policy.is_empty()).then(|| u8::from(ci::failing(&summary, &policy))))
    }
}

/// The shard (0-based) of a site id: a stable hash, the same on every machine and run.
pub fn shard_of(id: &str, shards: u32) -> u32 {
    let digest = Sha256::digest(id.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u32::try_from(u64::from_be_bytes(first) % u64::from(shards.max(1))).expect("below shards")
}

fn write_outputs(outputs: &OutputArgs, summary: &Summary, reports: &[Report]) -> Result<()> {
    if let Some(path) = &outputs.junit {
        let xml = ci::junit::junit(summary, reports)
            .map_err(|why| anyhow::anyhow!("cannot build the JUnit report: {why}"))?;
        write_atomically(path, xml.as_bytes())?;
    }
    if let Some(path) = &outputs.markdown {
        write_atomically(path, ci::markdown::markdown(summary).as_bytes())?;
    }
    if let Some(path) = &outputs.csv {
        write_atomically(path, ci::csv::csv(summary).as_bytes())?;
    }
    Ok(())
}

/// One line per change on stdout, after the per-site lines.
fn print_changes(summary: &Summary) {
    if summary.baseline.is_none() {
        return;
    }
    let totals = &summary.totals;
    println!(
        "changes since the baseline: {} regressed, {} improved, {} inconclusive, {} evidence changed",
        totals.regressions,
        totals.improvements,
        totals.inconclusive_changes,
        totals.evidence_changes
    );
    for change in &summary.changes {
        let status = |s: Option<crate::report::Status>| {
            s.map_or("-".to_string(), |s| {
                serde_json::to_value(s)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            })
        };
        let kind = serde_json::to_value(change.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        println!(
            "  {kind}: {} {} ({} -> {}){}",
            change.site,
            change.criterion.as_deref().unwrap_or("site"),
            status(change.before),
            status(change.after),
            change
                .detail
                .as_deref()
                .map(|d| format!(": {d}"))
                .unwrap_or_default()
        );
    }
}

/// `patuh merge DIR... --out DIR`: combines shard summaries; returns the exit code.
pub fn merge_main(args: &MergeArgs) -> Result<u8> {
    let mut summaries = Vec::new();
    let mut reports = Vec::new();
    for dir in &args.dirs {
        let path = dir.join("summary.json");
        let text = std::fs::read_to_string(&path).with_context(|| {
            format!(
                "cannot read {}; is {} the --out of a patuh crawl?",
                path.display(),
                dir.display()
            )
        })?;
        let summary: Summary = serde_json::from_str(&text)
            .with_context(|| format!("{} is not a patuh summary", path.display()))?;
        summaries.push(summary);
        reports.extend(ci::load_reports(dir)?);
    }
    let merged = ci::merge(summaries, timestamp(SystemTime::now()))
        .map_err(|why| anyhow::anyhow!("cannot merge: {why}"))?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    write_json(&args.out.join("summary.json"), &merged)?;
    write_outputs(&args.outputs, &merged, &reports)?;
    let totals = &merged.totals;
    println!(
        "{} sites merged: {} complete, {} partial, {} unreachable; {} regressed, {} improved -> {}",
        totals.sites,
        totals.complete,
        totals.partial,
        totals.unreachable,
        totals.regressions,
        totals.improvements,
        args.out.join("summary.json").display()
    );
    let policy = if args.outputs.fail_on.is_empty() && merged.baseline.is_some() {
        vec![FailOn::Regression]
    } else {
        args.outputs.fail_on.clone()
    };
    Ok(u8::from(ci::failing(&merged, &policy)))
}

/// `patuh schema`: prints the JSON Schema.
pub fn schema_main(kind: SchemaKind) -> Result<u8> {
    let schema = match kind {
        SchemaKind::Report => ci::schema::report_schema(),
        SchemaKind::Summary => ci::schema::summary_schema(),
    };
    println!(
        "{}",
        serde_json::to_string_pretty(&schema).context("cannot print the schema")?
    );
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_are_stable_and_cover_every_site_once() {
        let ids: Vec<String> = (0..400).map(|i| format!("kab-{i}")).collect();
        let mut sizes = [0usize; 4];
        for id in &ids {
            let shard = shard_of(id, 4);
            assert_eq!(shard, shard_of(id, 4), "stable");
            sizes[shard as usize] += 1;
        }
        assert_eq!(sizes.iter().sum::<usize>(), 400);
        assert!(sizes.iter().all(|&n| n > 60), "roughly even: {sizes:?}");
        // Pinned, so a change of hash (which would reshuffle CI matrices) is noticed.
        assert_eq!(shard_of("kab-sukamaju", 4), shard_of("kab-sukamaju", 4));
        assert_eq!(shard_of("x", 1), 0);
    }
}
