//! What changed between a baseline report and tonight's report of the same site.
//!
//! The point is to page CI for what changed, not for the same known gaps, and never for a site
//! that was merely down tonight: an unreachable site is one site-level change, and a criterion
//! that could not be checked is `became_inconclusive`, never `regressed`. A page that answers
//! 404 or 410 tonight is the site's own word that it is gone: found → not found through a
//! broken link is `regressed`, and its detail names the link.

use std::collections::BTreeSet;

use super::summary::{Change, ChangeKind, site_change};
use crate::detect::normalise_text;
use crate::report::{CriterionReport, EvidenceKind, Outcome, Report, Status, Strength};

/// Criteria whose quotes are compared when found in both runs: a changed fee or completion
/// time is news even when the criterion is still published.
const QUOTED: [&str; 2] = ["fees", "timelines"];

/// Quotes shown in a change's detail, at most.
const DETAIL_QUOTES: usize = 3;

/// The changes from `baseline` to `current` (reports of the same site), in no set order.
///
/// A criterion absent from a report counts as `not_found` (extra criteria are reported only
/// when found). A site unreachable tonight yields one `unreachable` change (none when it was
/// unreachable in the baseline too) and no per-criterion changes.
pub fn compare(baseline: &Report, current: &Report) -> Vec<Change> {
    let site = current.site.id.as_str();
    if current.outcome == Outcome::Unreachable {
        if baseline.outcome == Outcome::Unreachable {
            return Vec::new();
        }
        let reason = current
            .reason
            .clone()
            .unwrap_or_else(|| "no page could be read".to_string());
        return vec![site_change(site, ChangeKind::Unreachable, Some(reason))];
    }
    let keys: BTreeSet<&String> = baseline
        .criteria
        .keys()
        .chain(current.criteria.keys())
        .collect();
    keys.into_iter()
        .filter_map(|key| {
            let before = baseline.criteria.get(key);
            let after = current.criteria.get(key);
            let (kind, detail) = classify(key, before, after)?;
            Some(Change {
                site: site.to_string(),
                criterion: Some(key.clone()),
                kind,
                before: before.map(|c| c.status),
                after: after.map(|c| c.status),
                detail,
            })
        })
        .collect()
}

/// The kind of change of one criterion and its detail, or `None` when nothing changed.
fn classify(
    key: &str,
    before: Option<&CriterionReport>,
    after: Option<&CriterionReport>,
) -> Option<(ChangeKind, Option<String>)> {
    use Status::*;
    let status = |c: Option<&CriterionReport>| c.map_or(NotFound, |c| c.status);
    match (status(before), status(after)) {
        (Found, NotFound) => {
            let was = before.and_then(first_quote).map(|q| format!("was: {q}"));
            let now = after
                .and_then(broken_link)
                .map(|b| format!("now a broken link: {b}"));
            let detail = [was, now].into_iter().flatten().collect::<Vec<_>>();
            Some((
                ChangeKind::Regressed,
                (!detail.is_empty()).then(|| detail.join("; ")),
            ))
        }
        (NotFound | Inconclusive, Found) => {
            Some((ChangeKind::Improved, after.and_then(first_quote)))
        }
        (Found | NotFound, Inconclusive) => Some((
            ChangeKind::BecameInconclusive,
            after.and_then(|c| c.reason.as_deref()).map(shorten),
        )),
        (Inconclusive, NotFound) => Some((ChangeKind::Resolved, None)),
        (Found, Found) if QUOTED.contains(&key) => {
            let old = quotes(before?);
            let new = quotes(after?);
            (old != new).then(|| (ChangeKind::EvidenceChanged, Some(quote_diff(&old, &new))))
        }
        _ => None,
    }
}

/// The strong evidence's quotes, normalised (case, spacing, Unicode forms): the set compared
/// for `evidence_changed`. URLs, hashes, times and order do not count.
fn quotes(criterion: &CriterionReport) -> BTreeSet<String> {
    criterion
        .evidence
        .iter()
        .filter(|e| e.strength == Strength::Strong)
        .map(|e| normalise_text(&e.quote).to_lowercase())
        .collect()
}

fn quote_diff(old: &BTreeSet<String>, new: &BTreeSet<String>) -> String {
    let list = |set: Vec<&String>| {
        let mut out: Vec<String> = set
            .iter()
            .take(DETAIL_QUOTES)
            .map(|q| format!("\"{}\"", shorten(q)))
            .collect();
        if set.len() > DETAIL_QUOTES {
            out.push(format!("and {} more", set.len() - DETAIL_QUOTES));
        }
        out.join(", ")
    };
    let removed: Vec<&String> = old.difference(new).collect();
    let added: Vec<&String> = new.difference(old).collect();
    let mut parts = Vec::new();
    if !removed.is_empty() {
        parts.push(format!("removed: {}", list(removed)));
    }
    if !added.is_empty() {
        parts.push(format!("added: {}", list(added)));
    }
    parts.join("; ")
}

/// The first strong quote (else the first quote) of a criterion, shortened.
fn first_quote(criterion: &CriterionReport) -> Option<String> {
    criterion
        .evidence
        .iter()
        .find(|e| e.strength == Strength::Strong)
        .or_else(|| criterion.evidence.first())
        .map(|e| shorten(&e.quote))
}

/// The first broken link of a criterion not found: why it is gone tonight, shortened.
fn broken_link(criterion: &CriterionReport) -> Option<String> {
    criterion
        .evidence
        .iter()
        .find(|e| e.kind == EvidenceKind::BrokenLink)
        .map(|e| shorten(&e.quote))
}

/// At most 120 characters, for a table cell.
fn shorten(text: &str) -> String {
    const MAX: usize = 120;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ci::fixtures::{report, report_at, unreachable};
    use ChangeKind::*;
    use Status::*;

    type Criteria<'a> = Vec<(&'a str, Status, &'a [&'a str])>;
    type Changes = Vec<(Option<String>, ChangeKind)>;

    fn changes(before: &Report, after: &Report) -> Changes {
        let mut out: Vec<_> = compare(before, after)
            .into_iter()
            .map(|c| (c.criterion, c.kind))
            .collect();
        out.sort();
        out
    }

    fn one(key: &str, kind: ChangeKind) -> Changes {
        vec![(Some(key.to_string()), kind)]
    }

    #[test]
    fn each_criterion_change_kind() {
        let fee: &[&str] = &["Biaya: Rp 50.000"];
        // (name, baseline criteria, current criteria, want)
        let cases: Vec<(&str, Criteria, Criteria, Changes)> = vec![
            (
                "regressed",
                vec![("fees", Found, fee)],
                vec![("fees", NotFound, &[])],
                one("fees", Regressed),
            ),
            (
                "improved from not found",
                vec![("fees", NotFound, &[])],
                vec![("fees", Found, fee)],
                one("fees", Improved),
            ),
            (
                "improved from inconclusive",
                vec![("fees", Inconclusive, &[])],
                vec![("fees", Found, fee)],
                one("fees", Improved),
            ),
            (
                "inconclusive is not a regression",
                vec![("fees", Found, fee)],
                vec![("fees", Inconclusive, &[])],
                one("fees", BecameInconclusive),
            ),
            (
                "not found to inconclusive",
                vec![("fees", NotFound, &[])],
                vec![("fees", Inconclusive, &[])],
                one("fees", BecameInconclusive),
            ),
            (
                "resolved",
                vec![("fees", Inconclusive, &[])],
                vec![("fees", NotFound, &[])],
                one("fees", Resolved),
            ),
            (
                "fee quote changed",
                vec![("fees", Found, fee)],
                vec![("fees", Found, &["Biaya: Rp 75.000"])],
                one("fees", EvidenceChanged),
            ),
            (
                "timeline quote changed",
                vec![("timelines", Found, &["3 hari kerja"])],
                vec![("timelines", Found, &["5 hari kerja"])],
                one("timelines", EvidenceChanged),
            ),
            (
                "spacing and case are not a change",
                vec![("fees", Found, fee)],
                vec![("fees", Found, &["biaya:\u{a0} RP 50.000"])],
                vec![],
            ),
            (
                "quote order is not a change",
                vec![("fees", Found, &["a", "b"])],
                vec![("fees", Found, &["b", "a"])],
                vec![],
            ),
            (
                "other criteria's quotes are not compared",
                vec![("complaint_channels", Found, &["LAPOR"])],
                vec![("complaint_channels", Found, &["SMS 1708"])],
                vec![],
            ),
            (
                "known gap is no change",
                vec![("fees", NotFound, &[])],
                vec![("fees", NotFound, &[])],
                vec![],
            ),
            (
                "still inconclusive is no change",
                vec![("fees", Inconclusive, &[])],
                vec![("fees", Inconclusive, &[])],
                vec![],
            ),
            (
                "extra criterion appears",
                vec![],
                vec![("service_pledge", Found, &["Maklumat"])],
                one("service_pledge", Improved),
            ),
            (
                "extra criterion disappears",
                vec![("service_pledge", Found, &["Maklumat"])],
                vec![],
                one("service_pledge", Regressed),
            ),
        ];
        for (name, before, after, want) in cases {
            let got = changes(&report("kab-a", &before), &report("kab-a", &after));
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn unreachable_site_is_one_site_change_not_regressions() {
        let base = report(
            "kab-a",
            &[
                ("fees", Found, &["Rp 0"]),
                ("timelines", Found, &["1 hari"]),
            ],
        );
        let got = compare(&base, &unreachable("kab-a"));
        assert_eq!(got.len(), 1, "{got:#?}");
        assert_eq!(got[0].kind, Unreachable);
        assert_eq!(got[0].criterion, None);
        assert!(
            got[0]
                .detail
                .as_deref()
                .is_some_and(|d| d.contains("connection refused"))
        );
        // still down: nothing new to say
        assert!(compare(&unreachable("kab-a"), &unreachable("kab-a")).is_empty());
        // back up: criteria compared with the inconclusive ones of the baseline
        let back = report("kab-a", &[("fees", Found, &["Rp 0"])]);
        assert_eq!(
            changes(&unreachable("kab-a"), &back),
            vec![
                (Some("fees".to_string()), Improved),
                (Some("service_standard".to_string()), Resolved),
            ]
        );
    }

    #[test]
    fn url_only_move_is_not_an_evidence_change() {
        let c: Criteria = vec![("fees", Found, &["Biaya / tarif | Rp 50.000"])];
        let before = report_at("kab-a", "https://kab-a.go.id/layanan/biaya", &c);
        let mut after = report_at("kab-a", "https://kab-a.go.id/standar-pelayanan/", &c);
        for e in after
            .criteria
            .values_mut()
            .flat_map(|c| c.evidence.iter_mut())
        {
            e.sha256 = "ff".repeat(32);
            e.fetched_at = "2026-02-02T00:00:00Z".into();
        }
        assert!(compare(&before, &after).is_empty());
    }

    #[test]
    fn weak_evidence_is_not_compared() {
        let before = report("kab-a", &[("fees", Found, &["Rp 50.000"])]);
        let mut after = before.clone();
        let mut weak = after.criteria["fees"].evidence[0].clone();
        weak.strength = Strength::Weak;
        weak.quote = "biaya pembangunan jalan Rp 2 miliar".into();
        if let Some(fees) = after.criteria.get_mut("fees") {
            fees.evidence.push(weak);
        }
        assert!(compare(&before, &after).is_empty());
    }

    #[test]
    fn details_say_what_changed() {
        let before = report("kab-a", &[("fees", Found, &["Rp 50.000"])]);
        let fee_up = report("kab-a", &[("fees", Found, &["Rp 75.000"])]);
        let gone = report("kab-a", &[("fees", NotFound, &[])]);
        let vague = report("kab-a", &[("fees", Inconclusive, &[])]);
        let cases = [
            (
                &fee_up,
                EvidenceChanged,
                r#"removed: "rp 50.000"; added: "rp 75.000""#,
            ),
            (&gone, Regressed, "was: Rp 50.000"),
            (&vague, BecameInconclusive, "robots.txt forbids"),
        ];
        for (after, kind, want) in cases {
            let got = compare(&before, after);
            assert_eq!(got.len(), 1);
            assert_eq!(got[0].kind, kind);
            assert_eq!(got[0].detail.as_deref(), Some(want), "{kind:?}");
            assert_eq!(got[0].site, "kab-a");
        }
    }
}
