//! Nightly CI mode end to end: a baseline and what changed since it, the exit code `--fail-on`
//! decides, JUnit/Markdown/CSV outputs, sharding and `patuh merge`, and `patuh schema`.

mod common;

use std::path::Path;

use common::{assert_exit, assert_ran, crawl, fixtures, patuh};

/// Sites used here: one with everything, one without a timeline, one behind robots.txt.
const SITES: &str = "id,name,url\n\
    kab-sukamaju,Kabupaten Sukamaju,http://sukamajukab.go.id/\n\
    kota-sejahtera,Kota Sejahtera,http://kotasejahtera.go.id/\n\
    kab-pulauindah,Kabupaten Pulau Indah,http://pulauindahkab.go.id/\n\
    kab-gunungjati,Kabupaten Gunung Jati,http://gunungjatikab.go.id/\n";

fn run(dir: &Path, out: &str, extra: &[&str]) -> std::process::Output {
    let csv = dir.join("sites.csv");
    if !csv.exists() {
        std::fs::write(&csv, SITES).expect("write sites.csv");
    }
    let mirror = fixtures("web");
    let mut args = vec![
        "--mirror",
        mirror.to_str().expect("utf-8"),
        "--sites",
        csv.to_str().expect("utf-8"),
    ];
    args.extend_from_slice(extra);
    crawl(&dir.join(out), &args)
}

fn json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Rewrites a criterion of a baseline report, as if last night's run had seen it so.
fn set_baseline(dir: &Path, site: &str, criterion: &str, value: serde_json::Value) {
    let path = dir.join(format!("{site}.json"));
    let mut report = json(&path);
    report["criteria"][criterion] = value;
    std::fs::write(&path, serde_json::to_vec_pretty(&report).expect("json")).expect("write");
}

#[test]
fn a_baseline_pages_for_regressions_not_for_known_gaps_or_bad_nights() {
    let dir = tempfile::tempdir().expect("temp dir");
    assert_ran(&run(dir.path(), "night1", &[]));
    let baseline = dir.path().join("night1");
    // Last night kota-sejahtera had a timeline (tonight: not found -> a regression); its fee
    // quote was different (-> evidence changed); pulauindah's fees were found (tonight
    // inconclusive behind robots.txt -> not a regression).
    let found = |quote: &str| {
        serde_json::json!({"status": "found", "evidence": [{"url": "http://x.go.id/", "rule": "r",
            "quote": quote, "sha256": "00", "fetched_at": "2026-01-01T00:00:00Z", "strength": "strong"}]})
    };
    set_baseline(
        &baseline,
        "kota-sejahtera",
        "timelines",
        found("Jangka Waktu | 3 hari kerja"),
    );
    set_baseline(
        &baseline,
        "kota-sejahtera",
        "fees",
        found("Biaya / tarif | Rp 5.000"),
    );
    set_baseline(&baseline, "kab-pulauindah", "fees", found("Biaya | Gratis"));
    let output = run(
        dir.path(),
        "night2",
        &["--baseline", baseline.to_str().expect("utf-8"), "--html"],
    );
    assert_exit(&output, 1);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("regressed: kota-sejahtera timelines (found -> not_found)"),
        "{stdout}"
    );
    // The brief shows tonight's changes, and the overview puts the regressed site first.
    let html = |name: &str| {
        std::fs::read_to_string(dir.path().join("night2/html").join(name))
            .expect("--html wrote the page")
    };
    let brief = html("kota-sejahtera.html");
    assert!(brief.contains("Perubahan sejak pemeriksaan sebelumnya"));
    assert!(brief.contains("class=\"regressed\">Menurun"), "{brief}");
    let index = html("index.html");
    let first_site = index.find("<tr class=\"site\"").expect("a site row");
    let first_brief = index[first_site..]
        .split("href=\"")
        .nth(1)
        .unwrap_or_default();
    assert!(
        first_brief.starts_with("kota-sejahtera.html"),
        "the regressed site is the first row: {first_brief:.60}"
    );
    let summary = json(&dir.path().join("night2/summary.json"));
    let kinds: Vec<(String, String, String)> = summary["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| {
            (
                c["site"].as_str().unwrap_or("").to_string(),
                c["criterion"].as_str().unwrap_or("").to_string(),
                c["kind"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let has = |site: &str, criterion: &str, kind: &str| {
        kinds.contains(&(site.to_string(), criterion.to_string(), kind.to_string()))
    };
    assert!(has("kota-sejahtera", "timelines", "regressed"), "{kinds:?}");
    assert!(
        has("kota-sejahtera", "fees", "evidence_changed"),
        "{kinds:?}"
    );
    assert!(
        has("kab-pulauindah", "fees", "became_inconclusive"),
        "{kinds:?}"
    );
    assert_eq!(summary["totals"]["regressions"], 1, "{kinds:?}");

    // The same night against itself: nothing changed, exit 0 although gaps remain.
    let night2 = dir.path().join("night2");
    let output = run(
        dir.path(),
        "night3",
        &["--baseline", night2.to_str().expect("utf-8")],
    );
    assert_exit(&output, 0);
    // --fail-on missing pages for the known gap too.
    let output = run(
        dir.path(),
        "night4",
        &[
            "--baseline",
            night2.to_str().expect("utf-8"),
            "--fail-on",
            "missing",
        ],
    );
    assert_exit(&output, 1);
    let output = run(dir.path(), "night5", &["--fail-on", "inconclusive"]);
    assert_exit(&output, 1);
}

#[test]
fn junit_markdown_and_csv_describe_the_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (junit, markdown, csv) = (
        dir.path().join("patuh.xml"),
        dir.path().join("summary.md"),
        dir.path().join("sites.out.csv"),
    );
    assert_ran(&run(
        dir.path(),
        "out",
        &[
            "--junit",
            junit.to_str().expect("utf-8"),
            "--markdown",
            markdown.to_str().expect("utf-8"),
            "--csv",
            csv.to_str().expect("utf-8"),
        ],
    ));
    let xml = std::fs::read_to_string(&junit).expect("junit");
    assert_eq!(xml.matches("<testsuite ").count(), 4, "{xml}");
    assert!(xml.contains("name=\"kota-sejahtera\""));
    assert!(
        xml.contains("<failure"),
        "timelines of kota-sejahtera fail: {xml}"
    );
    assert!(
        xml.contains("<skipped"),
        "pulauindah's inconclusive criteria are skipped"
    );
    let md = std::fs::read_to_string(&markdown).expect("markdown");
    assert!(md.contains("kota-sejahtera") && md.contains('|'), "{md}");
    let table = std::fs::read_to_string(&csv).expect("csv");
    let mut lines = table.lines();
    assert!(
        lines
            .next()
            .unwrap_or("")
            .starts_with("id,name,url,outcome,reason,service_standard,fees,timelines")
    );
    let sejahtera = table
        .lines()
        .find(|l| l.starts_with("kota-sejahtera,"))
        .expect("row");
    assert!(
        sejahtera.contains(",found,found,not_found,found,"),
        "{sejahtera}"
    );
    assert_eq!(table.lines().count(), 5);
}

#[test]
fn shards_split_the_sites_and_merge_puts_them_back_together() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut seen = Vec::new();
    for shard in ["1/2", "2/2"] {
        let out = format!("shard{}", &shard[..1]);
        let output = run(dir.path(), &out, &["--shard", shard]);
        assert!(
            matches!(output.status.code(), Some(0 | 1 | 3)),
            "{output:?}"
        );
        let summary = json(&dir.path().join(&out).join("summary.json"));
        assert_eq!(summary["shard"], shard);
        for site in summary["sites"].as_array().expect("sites") {
            seen.push(site["id"].as_str().unwrap_or("").to_string());
        }
    }
    seen.sort();
    assert_eq!(
        seen,
        [
            "kab-gunungjati",
            "kab-pulauindah",
            "kab-sukamaju",
            "kota-sejahtera"
        ]
    );
    let merged = dir.path().join("merged");
    let junit = dir.path().join("merged.xml");
    let output = patuh(&[
        "merge",
        dir.path().join("shard1").to_str().expect("utf-8"),
        dir.path().join("shard2").to_str().expect("utf-8"),
        "--out",
        merged.to_str().expect("utf-8"),
        "--junit",
        junit.to_str().expect("utf-8"),
        "--html",
    ]);
    assert_exit(&output, 0);
    let summary = json(&merged.join("summary.json"));
    assert_eq!(summary["totals"]["sites"], 4);
    let index = std::fs::read_to_string(merged.join("html/index.html")).expect("merge --html");
    for site in [
        "kab-gunungjati",
        "kab-pulauindah",
        "kab-sukamaju",
        "kota-sejahtera",
    ] {
        assert!(index.contains(&format!("href=\"{site}.html\"")), "{site}");
        assert!(merged.join(format!("html/{site}.html")).is_file(), "{site}");
    }
    assert_eq!(
        std::fs::read_to_string(&junit)
            .expect("junit")
            .matches("<testsuite ")
            .count(),
        4
    );
    // A directory that is not a shard's output is named.
    let output = patuh(&[
        "merge",
        dir.path().to_str().expect("utf-8"),
        "--out",
        merged.to_str().expect("utf-8"),
    ]);
    assert_exit(&output, 2);
    assert!(String::from_utf8_lossy(&output.stderr).contains("summary.json"));
}

#[test]
fn the_schema_validates_a_real_report() {
    let output = patuh(&["schema"]);
    assert_exit(&output, 0);
    let schema: serde_json::Value = serde_json::from_slice(&output.stdout).expect("schema is JSON");
    let dir = tempfile::tempdir().expect("temp dir");
    assert_ran(&run(dir.path(), "out", &[]));
    for site in ["kab-sukamaju", "kab-pulauindah"] {
        let report = json(&dir.path().join("out").join(format!("{site}.json")));
        assert_eq!(report["schema_version"], 1);
        if let Err(err) = jsonschema::validate(&schema, &report) {
            panic!("{site}: {err}");
        }
    }
    let mut broken = json(&dir.path().join("out/kab-sukamaju.json"));
    broken["outcome"] = "maybe".into();
    assert!(jsonschema::validate(&schema, &broken).is_err());
    let summary_schema = patuh(&["schema", "summary"]);
    assert_exit(&summary_schema, 0);
}

#[test]
fn unchanged_documents_are_revalidated_not_downloaded_again() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};

    use axum::Router;
    use axum::http::{HeaderMap, StatusCode, header};
    use axum::response::IntoResponse;
    use axum::routing::get;

    let pdf = std::fs::read(fixtures("documents").join("standar.pdf")).expect("fixture");
    let full = Arc::new(AtomicU32::new(0));
    let app = Router::new()
        .route(
            "/",
            get(|| async { common::html("Unduhan", "<a href=\"/sp.pdf\">Standar Pelayanan</a>") }),
        )
        .route(
            "/sp.pdf",
            get({
                let full = Arc::clone(&full);
                move |headers: HeaderMap| async move {
                    if headers
                        .get(header::IF_NONE_MATCH)
                        .is_some_and(|v| v == "\"v1\"")
                    {
                        return StatusCode::NOT_MODIFIED.into_response();
                    }
                    full.fetch_add(1, Ordering::SeqCst);
                    (
                        [
                            (header::CONTENT_TYPE, "application/pdf"),
                            (header::ETAG, "\"v1\""),
                        ],
                        pdf.clone(),
                    )
                        .into_response()
                }
            }),
        );
    let addr = common::serve(app);
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("http://{addr}/");
    let id = format!("127.0.0.1-{}", addr.port());
    let night1 = dir.path().join("night1");
    assert_ran(&crawl(&night1, &[&url, "--allow-private"]));
    let first = common::report(&night1, &id);
    let doc = first
        .pages
        .iter()
        .find(|p| p.url.ends_with("/sp.pdf"))
        .expect("pdf");
    assert_eq!(doc.etag.as_deref(), Some("\"v1\""));
    let night2 = dir.path().join("night2");
    assert_ran(&crawl(
        &night2,
        &[
            &url,
            "--allow-private",
            "--baseline",
            night1.to_str().expect("utf-8"),
        ],
    ));
    assert_eq!(full.load(Ordering::SeqCst), 1, "the second night got a 304");
    let second = common::report(&night2, &id);
    let doc = second
        .pages
        .iter()
        .find(|p| p.url.ends_with("/sp.pdf"))
        .expect("pdf");
    assert_eq!((doc.status, doc.error.as_deref()), (Some(304), None));
    assert_eq!(
        doc.sha256,
        first
            .pages
            .iter()
            .find(|p| p.url.ends_with("/sp.pdf"))
            .and_then(|p| p.sha256.clone())
    );
    let fees = &second.criteria["fees"];
    assert_eq!(fees.status, patuh::report::Status::Found);
    assert!(
        fees.evidence
            .iter()
            .any(|e| e.url.ends_with("/sp.pdf") && e.page == Some(2)),
        "{fees:?}"
    );
    let summary = json(&night2.join("summary.json"));
    assert_eq!(summary["totals"]["regressions"], 0);
}

#[test]
fn a_complaints_page_gone_tonight_is_a_regression_and_one_that_failed_is_not() {
    // Linked as the complaints page, and linked as a mere contact page: a page last night's
    // run found the channel on counts however it is linked.
    gone_and_failed("Pengaduan", "/pengaduan/");
    gone_and_failed("Kontak", "/kontak/");
}

/// Night 1 finds the complaint channel on `path` (linked from the home page as `text`); on
/// night 2 it answers 404 (a regression naming the broken link), on night 3 503 (only
/// inconclusive, exit 0).
fn gone_and_failed(text: &'static str, path: &'static str) {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU16, Ordering};

    use axum::Router;
    use axum::http::StatusCode;
    use axum::response::IntoResponse;
    use axum::routing::get;

    // What `path` answers tonight: 200 (the page), or an error status.
    let answer = Arc::new(AtomicU16::new(200));
    let home = format!("<nav><a href=\"/\">Beranda</a> <a href=\"{path}\">{text}</a></nav>");
    let app = Router::new()
        .route(
            "/",
            get(move || async move { common::html("Beranda", &home) }),
        )
        .route(
            path,
            get({
                let answer = Arc::clone(&answer);
                move || async move {
                    let status = answer.load(Ordering::SeqCst);
                    if status != 200 {
                        let status = StatusCode::from_u16(status).expect("a status");
                        return (status, "tidak tersedia").into_response();
                    }
                    common::html(
                        "Pengaduan",
                        "<h1>Layanan Pengaduan</h1><p>Sampaikan pengaduan Anda melalui \
                         <a href=\"https://www.lapor.go.id/\">SP4N-LAPOR!</a> atau SMS 1708.</p>",
                    )
                    .into_response()
                }
            }),
        );
    let addr = common::serve(app);
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("http://{addr}/");
    let id = format!("127.0.0.1-{}", addr.port());
    let night = |name: &str, baseline: Option<&Path>| {
        let out = dir.path().join(name);
        let mut args = vec![url.as_str(), "--allow-private", "--retries", "0"];
        if let Some(baseline) = baseline {
            args.extend(["--baseline", baseline.to_str().expect("utf-8")]);
        }
        (crawl(&out, &args), out)
    };
    let (output, night1) = night("night1", None);
    assert_ran(&output);
    let first = common::report(&night1, &id);
    let complaints = &first.criteria["complaint_channels"];
    assert_eq!(
        complaints.status,
        patuh::report::Status::Found,
        "{path}: {complaints:?}"
    );

    // The server is up, but says the page is gone: the site stopped publishing it.
    answer.store(404, Ordering::SeqCst);
    let (output, night2) = night("night2", Some(&night1));
    assert_exit(&output, 1);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let printed = format!("regressed: {id} complaint_channels (found -> not_found)");
    assert!(stdout.contains(&printed), "{path}: {stdout}");
    let summary = json(&night2.join("summary.json"));
    assert_eq!(summary["totals"]["regressions"], 1, "{path}: {summary}");
    let change = &summary["changes"][0];
    assert_eq!(change["kind"], "regressed", "{path}: {summary}");
    let detail = change["detail"].as_str().unwrap_or_default();
    let gone = format!("{text} (http://{addr}{path}) → HTTP 404");
    assert!(detail.contains(&gone), "{path}: {detail}");
    assert!(
        stdout.contains(&gone),
        "the broken link is printed too: {stdout}"
    );

    // The page fails instead: it could not be checked tonight, which pages no one.
    answer.store(503, Ordering::SeqCst);
    let (output, night3) = night("night3", Some(&night1));
    assert_exit(&output, 0);
    let summary = json(&night3.join("summary.json"));
    assert_eq!(summary["totals"]["regressions"], 0, "{path}: {summary}");
    let kind = &summary["changes"][0]["kind"];
    assert_eq!(kind, "became_inconclusive", "{path}: {summary}");
}
