//! What a run tells its caller: one line per site on stdout, and the exit status.

use std::fmt::Write as _;
use std::path::PathBuf;

use super::{Outcome, Report, Status, name_of};
use crate::exit::Exit;
use crate::profile::Criterion;

/// How a run ended, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// A required criterion is missing on some site (exit 1).
    Missing,
    /// Some site could not be assessed, and nothing is missing (exit 3).
    NotAssessed,
    /// Every site assessed, nothing missing (exit 0).
    Ok,
}

impl From<Verdict> for Exit {
    fn from(verdict: Verdict) -> Exit {
        match verdict {
            Verdict::Missing => Exit::Failed,
            Verdict::NotAssessed => Exit::NotAssessed,
            Verdict::Ok => Exit::Ok,
        }
    }
}

/// A site's report and where it was written (or why it was not).
#[derive(Debug)]
pub struct SiteResult {
    /// The report.
    pub report: Report,
    /// The written file, or the write error.
    pub written: Result<PathBuf, String>,
}

/// The verdict for one report.
pub fn verdict(report: &Report) -> Verdict {
    let missing = Criterion::REQUIRED.iter().any(|criterion| {
        report
            .criteria
            .get(criterion.key())
            .is_some_and(|c| c.status == Status::NotFound)
    });
    let inconclusive = report.outcome == Outcome::Unreachable
        || report
            .criteria
            .values()
            .any(|c| c.status == Status::Inconclusive);
    if missing {
        Verdict::Missing
    } else if inconclusive {
        Verdict::NotAssessed
    } else {
        Verdict::Ok
    }
}

/// The run's verdict: the worst of its sites (a report that could not be written counts as
/// not assessed).
pub fn run_verdict(results: &[SiteResult]) -> Verdict {
    results
        .iter()
        .map(|r| match r.written {
            Ok(_) => verdict(&r.report),
            Err(_) => Verdict::NotAssessed.min(verdict(&r.report)),
        })
        .min()
        .unwrap_or(Verdict::Ok)
}

/// `kab-contoh  complete  pages 14  errors 0  fees=found …  -> reports/kab-contoh.json`
pub fn site_line(result: &SiteResult) -> String {
    let report = &result.report;
    let outcome = name_of(&report.outcome);
    let mut line = format!(
        "{}  {outcome}  pages {}  errors {}",
        report.site.id, report.stats.pages_fetched, report.stats.errors
    );
    for (key, criterion) in &report.criteria {
        // Shouted, so a gap stands out in a long run's lines.
        let status = match criterion.status {
            Status::NotFound => "NOT FOUND".to_string(),
            status => name_of(&status),
        };
        let _ = write!(line, "  {key}={status}");
    }
    if let Some(reason) = &report.reason {
        let _ = write!(line, "  ({reason})");
    }
    match &result.written {
        Ok(path) => {
            let _ = write!(line, "  -> {}", path.display());
        }
        Err(err) => {
            let _ = write!(line, "  REPORT NOT WRITTEN: {err}");
        }
    }
    line
}
