//! JUnit XML of a run, for CI systems that show test reports: a test suite per site, a test
//! case per criterion (found passes, not found fails, inconclusive is skipped).

use std::collections::{HashMap, HashSet};

use quick_junit::{NonSuccessKind, Report as JunitReport, TestCase, TestCaseStatus, TestSuite};

use super::summary::{ChangeKind, Summary};
use crate::report::{CriterionReport, Outcome, Report, Status, name_of};

/// Evidence lines listed under a found criterion, at most.
const EVIDENCE_LINES: usize = 5;

/// The JUnit XML of `summary`'s sites, with evidence from `reports` (this run's).
///
/// One `<testsuite name="<site id>">` per site in summary order; one `<testcase>` per criterion
/// in the report (classname = site id): `found` passes with up to five "url | quote" lines in
/// `<system-out>`, `not_found` is a `<failure>` (saying so when it regressed), `inconclusive`
/// is `<skipped>` with the reason. An unreachable site has one test case `site` with an
/// `<error>`. A site of the summary without a report is an error.
pub fn junit(summary: &Summary, reports: &[Report]) -> Result<String, String> {
    let by_id: HashMap<&str, &Report> = reports.iter().map(|r| (r.site.id.as_str(), r)).collect();
    let regressed: HashSet<(&str, &str)> = summary
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::Regressed)
        .filter_map(|c| Some((c.site.as_str(), c.criterion.as_deref()?)))
        .collect();
    let mut out = JunitReport::new("patuh");
    for site in &summary.sites {
        let report = by_id
            .get(site.id.as_str())
            .ok_or_else(|| format!("no report for site {} of the summary", site.id))?;
        let mut suite = TestSuite::new(site.id.as_str());
        if report.outcome == Outcome::Unreachable {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
            status.set_message(
                report
                    .reason
                    .as_deref()
                    .unwrap_or("unreachable: no page could be read"),
            );
            status.set_type("unreachable");
            let mut case = TestCase::new("site", status);
            case.set_classname(site.id.as_str());
            suite.add_test_case(case);
        } else {
            for (key, criterion) in &report.criteria {
                let was_found = regressed.contains(&(site.id.as_str(), key.as_str()));
                suite.add_test_case(test_case(&site.id, key, criterion, was_found));
            }
        }
        out.add_test_suite(suite);
    }
    out.to_string()
        .map_err(|e| format!("cannot write JUnit XML: {e}"))
}

fn test_case(site: &str, key: &str, criterion: &CriterionReport, regressed: bool) -> TestCase {
    let mut system_out = None;
    let status = match criterion.status {
        Status::Found => {
            system_out = Some(evidence_lines(criterion));
            TestCaseStatus::success()
        }
        Status::NotFound => {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            let mut message = "not found".to_string();
            if regressed {
                message.push_str("; regressed: was found in the baseline");
                status.set_type(name_of(&ChangeKind::Regressed));
            } else {
                status.set_type(name_of(&Status::NotFound));
            }
            // Why, when the verdict says (broken links, passing mentions), and what it saw.
            if let Some(reason) = &criterion.reason {
                message.push_str(&format!("; {reason}"));
            }
            if !criterion.evidence.is_empty() {
                system_out = Some(evidence_lines(criterion));
            }
            status.set_message(message);
            status
        }
        Status::Inconclusive => {
            let mut status = TestCaseStatus::skipped();
            status.set_message(criterion.reason.as_deref().unwrap_or("inconclusive"));
            status
        }
    };
    let mut case = TestCase::new(key, status);
    case.set_classname(site);
    if let Some(lines) = system_out {
        case.set_system_out(lines);
    }
    case
}

/// "url | quote" lines, strong evidence first.
fn evidence_lines(criterion: &CriterionReport) -> String {
    let mut evidence: Vec<_> = criterion.evidence.iter().collect();
    evidence.sort_by_key(|e| e.strength);
    let mut lines: Vec<String> = evidence
        .iter()
        .take(EVIDENCE_LINES)
        .map(|e| format!("{} | {}", e.url, e.quote))
        .collect();
    if evidence.len() > EVIDENCE_LINES {
        lines.push(format!(
            "… and {} more in the report",
            evidence.len() - EVIDENCE_LINES
        ));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ci::fixtures::{broken_link, report, unreachable};
    use crate::ci::summary::summarize;

    #[test]
    fn junit_has_a_suite_per_site_and_a_case_per_criterion() {
        let base = vec![report(
            "kab-a",
            &[
                ("fees", Status::Found, &["Rp 50.000"]),
                ("timelines", Status::NotFound, &[]),
            ],
        )];
        let mut now = vec![
            report(
                "kab-a",
                &[
                    ("fees", Status::NotFound, &[]),
                    ("timelines", Status::NotFound, &[]),
                    ("service_standard", Status::Inconclusive, &[]),
                    (
                        "complaint_channels",
                        Status::Found,
                        &["SMS 1708", "LAPOR!", "a", "b", "c", "d & <e>"],
                    ),
                ],
            ),
            unreachable("kab-down"),
        ];
        if let Some(c) = now[0].criteria.get_mut("complaint_channels") {
            c.evidence[5].strength = crate::report::Strength::Weak;
        }
        let summary = summarize(&now, Some(&base), "T".into(), Some("b".into()), None);
        let xml = junit(&summary, &now).expect("junit");
        let parsed = JunitReport::deserialize_from_str(&xml).expect("the XML parses back");
        assert_eq!(parsed.test_suites.len(), 2);
        assert_eq!(parsed.tests, 5);
        let wants = [
            r#"<testsuite name="kab-a" tests="4" skipped="1" errors="0" failures="2">"#,
            r#"<testcase name="complaint_channels" classname="kab-a">"#,
            "https://example.go.id/ | SMS 1708",
            "… and 1 more in the report",
            r#"<testcase name="fees" classname="kab-a">"#,
            r#"<failure message="not found; regressed: was found in the baseline" type="regressed"/>"#,
            r#"<failure message="not found" type="not_found"/>"#,
            r#"<skipped message="robots.txt forbids"/>"#,
            r#"<testsuite name="kab-down" tests="1" skipped="0" errors="1" failures="0">"#,
            r#"<testcase name="site" classname="kab-down">"#,
            r#"<error message="https://kab-down.go.id/: connection refused" type="unreachable"/>"#,
        ];
        for want in wants {
            assert!(xml.contains(want), "missing {want} in\n{xml}");
        }
        assert!(
            !xml.contains("d & <e>"),
            "weak evidence is past the first five"
        );
    }

    #[test]
    fn a_criterion_not_found_through_a_broken_link_says_why_and_shows_it() {
        let mut now = vec![report("kab-a", &[("fees", Status::NotFound, &[])])];
        if let Some(fees) = now[0].criteria.get_mut("fees") {
            fees.reason = Some("the site links to pages for it that are not there".into());
            let link = broken_link("https://kab-a.go.id/", "https://kab-a.go.id/sp/");
            fees.evidence.push(link);
        }
        let summary = summarize(&now, None, "T".into(), None, None);
        let xml = junit(&summary, &now).expect("junit");
        let message = r#"message="not found; the site links to pages for it that are not there""#;
        assert!(xml.contains(message), "{xml}");
        let shown = "https://kab-a.go.id/ | Standar Pelayanan (https://kab-a.go.id/sp/) → HTTP 404";
        assert!(xml.contains(shown), "{xml}");
    }

    #[test]
    fn junit_needs_the_reports_of_the_summary() {
        let now = vec![report("kab-a", &[("fees", Status::Found, &["Rp 0"])])];
        let summary = summarize(&now, None, "T".into(), None, None);
        let err = junit(&summary, &[]).expect_err("no reports");
        assert!(err.contains("kab-a"), "{err}");
    }
}
