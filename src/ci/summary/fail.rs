//! The `--fail-on` policy: which conditions of a summary fail the CI run.

use super::{ChangeKind, Summary};
use crate::profile::Criterion;
use crate::report::{Outcome, Status};

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

/// The conditions that fail a run: `--fail-on` as given, or `regression` when it was not
/// given and there is a baseline (none then: the crawl's own exit codes apply).
pub fn policy(fail_on: &[FailOn], has_baseline: bool) -> Vec<FailOn> {
    if fail_on.is_empty() && has_baseline {
        vec![FailOn::Regression]
    } else {
        fail_on.to_vec()
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ci::fixtures::{report, unreachable};
    use crate::ci::summary::summarize;
    use crate::ci::summary::tests::all_required;
    use crate::report::Report;

    type Case<'a> = (
        &'a str,
        &'a [Report],
        Option<&'a [Report]>,
        &'a [FailOn],
        bool,
    );

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
}
