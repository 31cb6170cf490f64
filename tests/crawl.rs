//! The crawl end to end: the binary against fixture sites on loopback — scope, robots.txt,
//! sitemaps, limits, redirects, retries, unreachable sites.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use common::{assert_exit, assert_ran, crawl, crawl_mirror, html, page_urls, report, serve};
use patuh::report::Outcome;

#[test]
fn scope_takes_subdomains_and_leaves_other_sites_and_assets_alone() {
    let out = tempfile::tempdir().expect("temp dir");
    let output = crawl_mirror(out.path(), &["http://contohkab.go.id/"]);
    assert_ran(&output);
    let report = report(out.path(), "contohkab.go.id");
    let urls = page_urls(&report);
    assert!(
        urls.contains(&"http://dukcapil.contohkab.go.id/".to_string()),
        "{urls:#?}"
    );
    assert!(urls.contains(&"http://contohkab.go.id/layanan/standar-pelayanan/".to_string()));
    // Documents are read (PDF); images are not fetched.
    assert!(urls.contains(&"http://contohkab.go.id/dokumen/sp.pdf".to_string()));
    for outside in ["lainkab.go.id", "instagram.com", "logo.png", "mailto"] {
        assert!(
            !urls.iter().any(|u| u.contains(outside)),
            "{outside} fetched: {urls:#?}"
        );
    }
    let profil = urls.iter().filter(|u| u.contains("/profil/")).count();
    assert_eq!(
        profil, 2,
        "/profil/ and /profil/sejarah/, tracking query de-duplicated: {urls:#?}"
    );
    assert_eq!(report.outcome, Outcome::Complete);
    let page = report
        .pages
        .iter()
        .find(|p| p.url.ends_with("/profil/"))
        .expect("profil");
    assert_eq!(page.status, Some(200));
    assert_eq!(page.sha256.as_deref().map(str::len), Some(64));
    assert!(page.bytes > 0);
    assert_eq!(page.depth, 1);
    let answered = report.pages.iter().filter(|p| p.status.is_some()).count();
    assert_eq!(report.stats.pages_fetched, answered as u64);
}

#[test]
fn robots_txt_forbids_and_sitemaps_seed() {
    let out = tempfile::tempdir().expect("temp dir");
    assert_ran(&crawl_mirror(out.path(), &["http://contohkab.go.id/"]));
    let report = report(out.path(), "contohkab.go.id");
    let urls = page_urls(&report);
    assert!(!urls.iter().any(|u| u.contains("/rahasia/")), "{urls:#?}");
    assert_eq!(report.stats.robots_blocked, 1);
    assert!(
        report
            .skipped
            .iter()
            .any(|s| s.url == "http://contohkab.go.id/rahasia/" && s.reason.contains("robots.txt"))
    );
    // Listed only in a gzipped sitemap behind a sitemap index named in robots.txt.
    assert!(
        urls.contains(&"http://contohkab.go.id/hanya-sitemap/".to_string()),
        "{urls:#?}"
    );
    assert!(
        !urls.iter().any(|u| u.contains("dari-sitemap")),
        "out-of-scope sitemap entry"
    );
}

#[test]
fn a_site_whose_robots_forbid_everything_is_partial_not_unreachable() {
    let out = tempfile::tempdir().expect("temp dir");
    let output = crawl_mirror(out.path(), &["http://tertutupkab.go.id/"]);
    assert_ran(&output);
    let report = report(out.path(), "tertutupkab.go.id");
    assert!(report.pages.is_empty());
    assert_eq!(report.outcome, Outcome::Partial);
    assert!(
        report
            .reason
            .as_deref()
            .unwrap_or("")
            .contains("robots.txt")
    );
}

#[test]
fn crawl_delay_spaces_requests_to_a_host() {
    let out = tempfile::tempdir().expect("temp dir");
    let started = Instant::now();
    assert_ran(&crawl_mirror(out.path(), &["http://lambatkab.go.id/"]));
    // robots.txt, then three pages one second apart: at least two seconds.
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(report(out.path(), "lambatkab.go.id").pages.len(), 3);
}

#[test]
fn depth_and_page_limits_stop_the_crawl() {
    let out = tempfile::tempdir().expect("temp dir");
    assert_ran(&crawl_mirror(
        out.path(),
        &["http://contohkab.go.id/", "--max-depth", "2"],
    ));
    let urls = page_urls(&report(out.path(), "contohkab.go.id"));
    assert!(
        urls.contains(&"http://contohkab.go.id/dalam/1/2/".to_string()),
        "{urls:#?}"
    );
    assert!(!urls.contains(&"http://contohkab.go.id/dalam/1/2/3/".to_string()));

    let out = tempfile::tempdir().expect("temp dir");
    assert_ran(&crawl_mirror(
        out.path(),
        &["http://contohkab.go.id/", "--max-pages", "3"],
    ));
    let report = report(out.path(), "contohkab.go.id");
    assert_eq!(report.pages.len(), 3);
    assert_eq!(report.outcome, Outcome::Partial);
    assert!(report.stats.queued_left > 0);
    assert!(
        report
            .reason
            .as_deref()
            .unwrap_or("")
            .contains("--max-pages")
    );
}

#[test]
fn redirects_are_followed_recorded_and_kept_in_scope() {
    let out = tempfile::tempdir().expect("temp dir");
    assert_ran(&crawl_mirror(out.path(), &["http://contohkab.go.id/"]));
    let report = report(out.path(), "contohkab.go.id");
    let moved = report
        .pages
        .iter()
        .find(|p| p.url.ends_with("/lama/"))
        .expect("lama");
    assert_eq!(moved.final_url, "http://contohkab.go.id/profil/sejarah/");
    assert_eq!(moved.redirects.len(), 1);
    assert_eq!(moved.redirects[0].status, 301);
    let left = report
        .pages
        .iter()
        .find(|p| p.url.ends_with("/keluar/"))
        .expect("keluar");
    assert!(
        left.error
            .as_deref()
            .unwrap_or("")
            .contains("out of the site"),
        "{left:?}"
    );
    assert_eq!(left.status, None);
}

#[test]
fn a_start_url_that_moved_takes_the_new_domain_into_scope() {
    let out = tempfile::tempdir().expect("temp dir");
    assert_ran(&crawl_mirror(out.path(), &["http://pindahkab.go.id/"]));
    let report = report(out.path(), "pindahkab.go.id");
    let urls: Vec<&str> = report.pages.iter().map(|p| p.final_url.as_str()).collect();
    assert!(urls.contains(&"http://barukab.go.id/profil/"), "{urls:#?}");
}

#[test]
fn retries_ride_out_503s_and_honour_retry_after() {
    let hits = Arc::new(AtomicU32::new(0));
    let limited = Arc::new(AtomicU32::new(0));
    let app = Router::new()
        .route(
            "/",
            get({
                let hits = Arc::clone(&hits);
                move || async move {
                    if hits.fetch_add(1, Ordering::SeqCst) < 2 {
                        StatusCode::SERVICE_UNAVAILABLE.into_response()
                    } else {
                        html("Beranda", "<a href=\"/sibuk\">sibuk</a>").into_response()
                    }
                }
            }),
        )
        .route(
            "/sibuk",
            get({
                let limited = Arc::clone(&limited);
                move || async move {
                    if limited.fetch_add(1, Ordering::SeqCst) == 0 {
                        (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, "1")])
                            .into_response()
                    } else {
                        html("Sibuk", "ok").into_response()
                    }
                }
            }),
        );
    let addr = serve(app);
    let out = tempfile::tempdir().expect("temp dir");
    let started = Instant::now();
    let url = format!("http://{addr}/");
    assert_ran(&crawl(
        out.path(),
        &[&url, "--allow-private", "--retries", "3"],
    ));
    let id = format!("127.0.0.1-{}", addr.port());
    let report = report(out.path(), &id);
    let home = report.pages.iter().find(|p| p.url == url).expect("home");
    assert_eq!((home.status, home.attempts), (Some(200), 3));
    let busy = report
        .pages
        .iter()
        .find(|p| p.url.ends_with("/sibuk"))
        .expect("sibuk");
    assert_eq!((busy.status, busy.attempts), (Some(200), 2));
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After: 1 was honoured"
    );
    assert_eq!(report.stats.retries, 3);
}

#[test]
fn persistent_5xx_gives_up_after_the_retries_and_says_so() {
    let app = Router::new().route("/", get(|| async { StatusCode::BAD_GATEWAY }));
    let addr = serve(app);
    let out = tempfile::tempdir().expect("temp dir");
    let url = format!("http://{addr}/");
    let output = crawl(out.path(), &[&url, "--allow-private", "--retries", "1"]);
    assert_exit(&output, 3);
    let report = report(out.path(), &format!("127.0.0.1-{}", addr.port()));
    assert_eq!(report.outcome, Outcome::Unreachable);
    assert_eq!(report.pages[0].attempts, 2);
    assert!(
        report.reason.as_deref().unwrap_or("").contains("HTTP 502"),
        "{:?}",
        report.reason
    );
}

#[test]
fn an_unreachable_site_gets_a_report_and_the_others_carry_on() {
    // A port that was free a moment ago: nothing listens there.
    let dead = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let dead_url = format!("http://{}/", dead.local_addr().expect("addr"));
    drop(dead);
    let alive = serve(Router::new().route("/", get(|| async { html("Hidup", "ok") })));
    let out = tempfile::tempdir().expect("temp dir");
    let alive_url = format!("http://{alive}/");
    let output = crawl(
        out.path(),
        &[&dead_url, &alive_url, "--allow-private", "--retries", "0"],
    );
    // The healthy site publishes no standard: a missing criterion (1) outranks an
    // unassessed site (3).
    assert_exit(&output, 1);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
    let dead_id = patuh::site::id_from_url(&url::Url::parse(&dead_url).expect("url"));
    let dead_report = report(out.path(), &dead_id);
    assert_eq!(dead_report.outcome, Outcome::Unreachable);
    assert!(
        dead_report
            .reason
            .as_deref()
            .unwrap_or("")
            .contains("network error")
    );
    let alive_report = report(out.path(), &format!("127.0.0.1-{}", alive.port()));
    assert_eq!(alive_report.outcome, Outcome::Complete);
}

#[test]
fn non_html_responses_are_recorded_but_not_read() {
    let app = Router::new()
        .route(
            "/",
            get(|| async { html("Beranda", "<a href=\"/berkas\">berkas</a>") }),
        )
        .route(
            "/berkas",
            get(|| async { ([(header::CONTENT_TYPE, "application/zip")], vec![0u8; 4096]) }),
        );
    let addr = serve(app);
    let out = tempfile::tempdir().expect("temp dir");
    let url = format!("http://{addr}/");
    assert_ran(&crawl(out.path(), &[&url, "--allow-private"]));
    let report = report(out.path(), &format!("127.0.0.1-{}", addr.port()));
    let file = report
        .pages
        .iter()
        .find(|p| p.url.ends_with("/berkas"))
        .expect("berkas");
    assert_eq!(file.bytes, 0);
    assert!(
        file.error
            .as_deref()
            .unwrap_or("")
            .contains("not a page or document patuh reads (application/zip)"),
        "{file:?}"
    );
}

#[test]
fn a_server_that_never_answers_times_out_and_is_recorded() {
    let app = Router::new().route(
        "/",
        get(|| async {
            tokio::time::sleep(Duration::from_secs(20)).await;
            html("terlambat", "")
        }),
    );
    let addr = serve(app);
    let out = tempfile::tempdir().expect("temp dir");
    let url = format!("http://{addr}/");
    let started = Instant::now();
    let output = crawl(
        out.path(),
        &[
            &url,
            "--allow-private",
            "--timeout",
            "300ms",
            "--retries",
            "1",
        ],
    );
    assert_exit(&output, 3);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    let report = report(out.path(), &format!("127.0.0.1-{}", addr.port()));
    assert_eq!(report.outcome, Outcome::Unreachable);
    assert_eq!(report.pages[0].attempts, 2);
    assert!(
        report.pages[0]
            .error
            .as_deref()
            .unwrap_or("")
            .contains("timed out")
    );
}
