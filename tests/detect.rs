//! Detection end to end over the fixture sites: per-criterion precision and recall against
//! `fixtures/expected.csv`, golden reports that pin the evidence of a few sites, the crawl
//! order that finds a deep standard within a small page budget, and early stopping.
//! `PATUH_BLESS=1 cargo test --test detect` rewrites the golden reports on purpose.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{assert_ran, crawl, fixtures, report};
use patuh::report::{Report, Status};

const REQUIRED: [&str; 4] = [
    "service_standard",
    "fees",
    "timelines",
    "complaint_channels",
];
/// Sites whose evidence is pinned by a golden report.
const GOLDEN: [&str; 4] = [
    "dukcapil-sukamaju",
    "kota-sejahtera",
    "kab-pulauindah",
    "bapenda-selatbaru",
];

fn crawl_fixtures(out: &Path, extra: &[&str]) {
    let mirror = fixtures("web");
    let sites = fixtures("sites.csv");
    let mut args = vec![
        "--mirror",
        mirror.to_str().expect("UTF-8 path"),
        "--sites",
        sites.to_str().expect("UTF-8 path"),
    ];
    args.extend_from_slice(extra);
    assert_ran(&crawl(out, &args));
}

fn expected() -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(fixtures("expected.csv")).expect("expected.csv");
    text.lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let cells: Vec<&str> = line.split(',').map(str::trim).collect();
            assert_eq!(cells.len(), 3, "expected.csv: {line}");
            (cells[0].into(), cells[1].into(), cells[2].into())
        })
        .collect()
}

fn status_key(status: Status) -> &'static str {
    match status {
        Status::Found => "found",
        Status::NotFound => "not_found",
        Status::Inconclusive => "inconclusive",
    }
}

#[test]
fn precision_and_recall_on_the_fixture_sites_are_at_least_95_percent() {
    let out = tempfile::tempdir().expect("temp dir");
    crawl_fixtures(out.path(), &[]);
    let expected = expected();
    assert!(expected.len() >= 40, "at least 10 sites × 4 criteria");
    // criterion -> (true positives, false positives, false negatives)
    let mut counts: BTreeMap<String, (u32, u32, u32)> = BTreeMap::new();
    let mut wrong = Vec::new();
    let mut reports: BTreeMap<String, Report> = BTreeMap::new();
    for (site, criterion, want) in &expected {
        let report = reports
            .entry(site.clone())
            .or_insert_with(|| report(out.path(), site));
        let got = report
            .criteria
            .get(criterion)
            .map_or("missing", |c| status_key(c.status));
        let entry = counts.entry(criterion.clone()).or_default();
        match (want.as_str() == "found", got == "found") {
            (true, true) => entry.0 += 1,
            (false, true) => entry.1 += 1,
            (true, false) => entry.2 += 1,
            (false, false) => {}
        }
        if got != want {
            wrong.push(format!("{site} {criterion}: want {want}, got {got}"));
        }
        // Never a silent not_found where the site could not be judged.
        if want == "inconclusive" {
            assert_eq!(got, "inconclusive", "{site} {criterion}");
            let reason = &report.criteria[criterion].reason;
            assert!(
                reason.as_deref().is_some_and(|r| !r.is_empty()),
                "{site} {criterion}"
            );
        }
    }
    let mut table = String::new();
    for (criterion, (tp, fp, fn_)) in &counts {
        let precision = f64::from(*tp) / f64::from((tp + fp).max(1));
        let recall = f64::from(*tp) / f64::from((tp + fn_).max(1));
        table.push_str(&format!(
            "{criterion:20} precision {precision:.3} recall {recall:.3} (tp {tp}, fp {fp}, fn {fn_})\n"
        ));
    }
    println!("{table}");
    for criterion in REQUIRED {
        let (tp, fp, fn_) = counts[criterion];
        assert!(tp > 0, "{criterion}: no positives in the fixtures");
        let precision = f64::from(tp) / f64::from(tp + fp);
        let recall = f64::from(tp) / f64::from(tp + fn_);
        assert!(
            precision >= 0.95 && recall >= 0.95,
            "{criterion} below 0.95:\n{table}mismatches:\n{}",
            wrong.join("\n")
        );
    }
}

/// The report with what changes from run to run (timestamps, durations) masked.
fn masked(report: &Report) -> serde_json::Value {
    let mut value = serde_json::to_value(report).expect("report serialises");
    fn mask(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, field) in map.iter_mut() {
                    if matches!(key.as_str(), "started_at" | "finished_at" | "fetched_at") {
                        *field = "<time>".into();
                    } else if key == "duration_ms" {
                        *field = 0.into();
                    } else if key == "version" {
                        *field = "<version>".into();
                    } else if key == "user_agent" {
                        // patuh's own names its version.
                        *field = "<user agent>".into();
                    } else if key == "profile" {
                        // The default rules' fingerprint changes with every rule edit.
                        *field = "<profile>".into();
                    } else {
                        mask(field);
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(mask),
            _ => {}
        }
    }
    mask(&mut value);
    value
}

#[test]
fn golden_reports_pin_the_evidence() {
    let out = tempfile::tempdir().expect("temp dir");
    crawl_fixtures(out.path(), &["--exhaustive"]);
    let bless = std::env::var_os("PATUH_BLESS").is_some();
    for site in GOLDEN {
        let got = masked(&report(out.path(), site));
        let path = fixtures("golden").join(format!("{site}.json"));
        let pretty = serde_json::to_string_pretty(&got).expect("json") + "\n";
        if bless {
            std::fs::write(&path, pretty).expect("write golden report");
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_else(|err| {
            panic!(
                "{}: {err}; run PATUH_BLESS=1 cargo test --test detect",
                path.display()
            )
        });
        let want: serde_json::Value = serde_json::from_str(&want).expect("golden JSON");
        assert!(
            got == want,
            "{site}: the report differs from {} (PATUH_BLESS=1 rewrites it after a deliberate change):\n{pretty}",
            path.display()
        );
    }
}

#[test]
fn a_small_budget_still_finds_a_deep_standard_on_a_large_news_site() {
    let out = tempfile::tempdir().expect("temp dir");
    let mirror = fixtures("web");
    let output = crawl(
        out.path(),
        &[
            "--mirror",
            mirror.to_str().expect("UTF-8"),
            "http://lautbirukab.go.id/",
            "--max-pages",
            "20",
        ],
    );
    assert_ran(&output);
    let report = report(out.path(), "lautbirukab.go.id");
    assert!(report.pages.len() <= 20);
    for criterion in REQUIRED {
        assert_eq!(
            report.criteria[criterion].status,
            Status::Found,
            "{criterion} within 20 of 90 pages"
        );
    }
}

#[test]
fn the_crawl_stops_early_once_every_criterion_has_strong_evidence() {
    let mirror = fixtures("web");
    let mirror = mirror.to_str().expect("UTF-8");
    let early = tempfile::tempdir().expect("temp dir");
    assert_ran(&crawl(
        early.path(),
        &["--mirror", mirror, "http://lautbirukab.go.id/"],
    ));
    let full = tempfile::tempdir().expect("temp dir");
    assert_ran(&crawl(
        full.path(),
        &[
            "--mirror",
            mirror,
            "http://lautbirukab.go.id/",
            "--exhaustive",
        ],
    ));
    let (early, full) = (
        report(early.path(), "lautbirukab.go.id"),
        report(full.path(), "lautbirukab.go.id"),
    );
    assert!(
        early.pages.len() < full.pages.len() / 2,
        "{} vs {}",
        early.pages.len(),
        full.pages.len()
    );
    assert_eq!(early.outcome, patuh::report::Outcome::Complete);
    for criterion in REQUIRED {
        assert_eq!(early.criteria[criterion].status, Status::Found);
        assert_eq!(full.criteria[criterion].status, Status::Found);
    }
}

#[test]
fn robots_blocked_likely_pages_make_criteria_inconclusive_with_the_reason() {
    let out = tempfile::tempdir().expect("temp dir");
    let mirror = fixtures("web");
    let output = crawl(
        out.path(),
        &[
            "--mirror",
            mirror.to_str().expect("UTF-8"),
            "http://pulauindahkab.go.id/",
        ],
    );
    assert_eq!(
        output.status.code(),
        Some(3),
        "inconclusive and nothing missing"
    );
    let report = report(out.path(), "pulauindahkab.go.id");
    let fees = &report.criteria["fees"];
    assert_eq!(fees.status, Status::Inconclusive);
    let reason = fees.reason.as_deref().unwrap_or("");
    assert!(
        reason.contains("robots.txt") && reason.contains("/layanan/"),
        "{reason}"
    );
    assert_eq!(report.criteria["complaint_channels"].status, Status::Found);
}
