//! Time limits and interruptions: a slow site (every page takes 200 ms, 50 pages) stopped by
//! `--site-timeout`, by `--deadline`, and by SIGTERM / SIGINT. The run must end quickly, every
//! site must get a whole report saying why it is partial, and a healthy site beside it must be
//! untouched.

mod common;
#[path = "common/faults.rs"]
mod faults_support;

use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::get;
use common::{html, report, serve};
use faults_support::{
    all_reports, assert_healthy, assert_healthy_report, crawl_beside_healthy, healthy, site_id,
    spawn_crawl, watch,
};
use patuh::report::{Outcome, Report, Status};

/// `/` links to `/p/0` … `/p/49`; every page takes 200 ms.
fn slow_site() -> SocketAddr {
    const SLOW: Duration = Duration::from_millis(200);
    serve(
        Router::new()
            .route(
                "/",
                get(|| async {
                    tokio::time::sleep(SLOW).await;
                    let links: String = (0..50)
                        .map(|n| format!("<a href=\"/p/{n}\">Berita {n}</a>"))
                        .collect();
                    html("Lambat", &links)
                }),
            )
            .route(
                "/p/{n}",
                get(|| async {
                    tokio::time::sleep(SLOW).await;
                    html("Berita", "<p>Berita kegiatan kantor.</p>")
                }),
            ),
    )
}

/// A report cut short: `partial`, the reason naming `why`, some pages read but not all, and no
/// criterion claimed `not_found` (an unfinished crawl cannot say something is absent).
fn assert_cut_short(report: &Report, why: &str) {
    assert_eq!(report.outcome, Outcome::Partial, "{:?}", report.reason);
    let reason = report.reason.as_deref().unwrap_or("");
    assert!(reason.contains(why), "{why:?} not in the reason: {reason}");
    assert!(
        report.pages.len() < 51,
        "the whole site was crawled: {}",
        report.pages.len()
    );
    for (key, criterion) in &report.criteria {
        assert_ne!(criterion.status, Status::NotFound, "{key}: {criterion:?}");
        if criterion.status == Status::Inconclusive {
            let because = criterion.reason.as_deref().unwrap_or("");
            assert!(because.contains(why), "{key}: {because}");
        }
    }
}

#[test]
fn a_site_slower_than_its_time_limit_gets_a_partial_report() {
    let slow = slow_site();
    let out = tempfile::tempdir().expect("temp dir");
    let url = format!("http://{slow}/");
    let (_, took) = crawl_beside_healthy(out.path(), &[&url], &["--site-timeout", "1s"]);
    assert!(took < Duration::from_secs(4), "{took:?}");
    let report = report(out.path(), &site_id(slow));
    assert_cut_short(&report, "--site-timeout");
    assert!(!report.pages.is_empty(), "the first pages were read");
    all_reports(out.path());
}

#[test]
fn the_run_deadline_stops_sites_in_flight_and_reports_those_not_started() {
    let sehat = healthy();
    let (slow, waiting) = (slow_site(), slow_site());
    let urls = [sehat, slow, waiting].map(|addr| format!("http://{addr}/"));
    let out = tempfile::tempdir().expect("temp dir");
    let started = Instant::now();
    // One site at a time, in the order given: the healthy one, then the slow one (in flight at
    // the deadline), then one that never starts.
    let output = common::crawl(
        out.path(),
        &[
            &urls[0],
            &urls[1],
            &urls[2],
            "--allow-private",
            "--parallel-sites",
            "1",
            "--deadline",
            "1s",
        ],
    );
    let took = started.elapsed();
    assert!(took < Duration::from_secs(4), "{took:?}");
    common::assert_ran(&output);
    assert_healthy(out.path(), sehat);
    assert_cut_short(&report(out.path(), &site_id(slow)), "--deadline");
    let never = report(out.path(), &site_id(waiting));
    assert_cut_short(&never, "--deadline");
    assert!(
        never
            .reason
            .as_deref()
            .unwrap_or("")
            .contains("not started"),
        "{:?}",
        never.reason
    );
    assert!(never.pages.is_empty(), "{:?}", never.pages);
    assert_eq!(all_reports(out.path()).len(), 3);
}

/// Starts a run of the healthy and the slow site, waits for the healthy report, sends `signal`.
fn interrupt(signal: &str) {
    let sehat = healthy();
    let slow = slow_site();
    let out = tempfile::tempdir().expect("temp dir");
    let urls = [sehat, slow].map(|addr| format!("http://{addr}/"));
    let child = spawn_crawl(out.path(), &[&urls[0], &urls[1], "--allow-private"]);
    let pid = child.id().to_string();
    wait_for_report(out.path(), &site_id(sehat), Duration::from_secs(3));
    std::thread::sleep(Duration::from_millis(300)); // the slow site is well under way
    let sent = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &pid])
        .status()
        .expect("kill runs");
    assert!(sent.success());
    let run = watch(child, Duration::from_secs(10));
    assert_eq!(
        run.status.code(),
        Some(130),
        "{:?}\n{}",
        run.status,
        run.stderr
    );

    let reports = all_reports(out.path());
    assert_eq!(reports.len(), 2, "{reports:#?}");
    let finished = reports
        .iter()
        .find(|r| r.site.id == site_id(sehat))
        .expect("healthy report");
    assert_healthy_report(finished, &format!("http://{sehat}"));
    let cut = reports
        .iter()
        .find(|r| r.site.id == site_id(slow))
        .expect("slow site's report");
    assert_cut_short(cut, "interrupt");
}

fn wait_for_report(dir: &Path, id: &str, limit: Duration) {
    let path = dir.join(format!("{id}.json"));
    let started = Instant::now();
    while !path.exists() && started.elapsed() < limit {
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn sigterm_writes_partial_reports_for_sites_in_flight_and_exits_130() {
    interrupt("TERM");
}

#[test]
fn sigint_writes_partial_reports_for_sites_in_flight_and_exits_130() {
    interrupt("INT");
}
