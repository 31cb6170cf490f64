//! Fault injection, network and HTTP: silence, trickles, resets, 5xx storms, 429s, redirect
//! loops, infinite URL spaces and internal addresses — each crawled beside a healthy site.
//! patuh must survive, name the fault in the report, end quickly, and leave the healthy site's
//! report untouched. Bodies and content are in `faults_body.rs`, TLS in `faults_tls.rs`, time
//! limits and signals in `faults_time.rs`.

mod common;
#[path = "common/faults.rs"]
mod faults_support;

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use axum::Router;
use axum::http::{StatusCode, Uri, header};
use axum::response::IntoResponse;
use axum::routing::get;
use common::{html, page_urls, report, serve};
use faults_support::{
    crawl_beside_healthy, error_of, no_robots, not_found, page, page_of, raw_server, raw_server_on,
    robots_or_path, site_id,
};
use patuh::report::Outcome;
use tokio::io::AsyncWriteExt;

/// A run with faults must still end this fast (the slowest fault here takes about 2 s).
const QUICK: Duration = Duration::from_secs(8);

#[test]
fn a_server_that_accepts_and_never_answers_times_out() {
    let silent = raw_server(|mut stream| async move {
        if robots_or_path(&mut stream).await.is_some() {
            // Hold the connection open and say nothing.
            tokio::time::sleep(Duration::from_secs(10)).await;
        }
    });
    let out = tempfile::tempdir().expect("temp dir");
    let url = format!("http://{silent}/");
    let (_, took) = crawl_beside_healthy(
        out.path(),
        &[&url],
        &["--timeout", "300ms", "--retries", "1"],
    );
    assert!(took < QUICK, "{took:?}");
    let report = report(out.path(), &site_id(silent));
    assert_eq!(report.outcome, Outcome::Unreachable);
    assert!(
        report.reason.as_deref().unwrap_or("").contains("timed out"),
        "{:?}",
        report.reason
    );
    let home = page(&report, "/");
    assert_eq!((home.status, home.attempts), (None, 2), "{home:?}");
    assert!(error_of(&report, "/").contains("timed out"), "{home:?}");
    for criterion in report.criteria.values() {
        assert!(
            criterion
                .reason
                .as_deref()
                .unwrap_or("")
                .contains("timed out"),
            "{criterion:?}"
        );
    }
}

#[test]
fn a_server_that_trickles_one_byte_a_second_times_out() {
    let trickle = raw_server(|mut stream| async move {
        if robots_or_path(&mut stream).await.is_none() {
            return;
        }
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100\r\n\r\n";
        if stream.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        for _ in 0..10 {
            if stream.write_all(b"<").await.is_err() || stream.flush().await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
    let out = tempfile::tempdir().expect("temp dir");
    let url = format!("http://{trickle}/");
    let (_, took) = crawl_beside_healthy(
        out.path(),
        &[&url],
        &["--timeout", "1500ms", "--retries", "0"],
    );
    assert!(took < QUICK, "{took:?}");
    let report = report(out.path(), &site_id(trickle));
    assert_eq!(report.outcome, Outcome::Unreachable, "{:?}", report.reason);
    let home = page(&report, "/");
    assert!(error_of(&report, "/").contains("timed out"), "{home:?}");
    assert_eq!(
        home.sha256, None,
        "a half-read body is not judged: {home:?}"
    );
}

#[test]
fn a_connection_reset_right_after_accept_is_a_network_error() {
    // Everything reset, robots.txt included: nothing can be fetched from the host.
    let reset_all = raw_server(|stream| async move {
        let _ = stream.set_zero_linger();
        drop(stream);
    });
    // robots.txt answers; every page request is reset.
    let reset_pages = raw_server(|mut stream| async move {
        if robots_or_path(&mut stream).await.is_some() {
            let _ = stream.set_zero_linger();
            drop(stream);
        }
    });
    let out = tempfile::tempdir().expect("temp dir");
    let all_url = format!("http://{reset_all}/");
    let pages_url = format!("http://{reset_pages}/");
    let (_, took) = crawl_beside_healthy(out.path(), &[&all_url, &pages_url], &["--retries", "1"]);
    assert!(took < QUICK, "{took:?}");

    let all = report(out.path(), &site_id(reset_all));
    assert_eq!(all.outcome, Outcome::Unreachable);
    let reason = all.reason.as_deref().unwrap_or("");
    assert!(
        reason.contains("robots.txt") && reason.contains("network error"),
        "{reason}"
    );
    assert!(all.pages.is_empty(), "{:?}", all.pages);

    let pages = report(out.path(), &site_id(reset_pages));
    assert_eq!(pages.outcome, Outcome::Unreachable);
    let home = page(&pages, "/");
    assert_eq!((home.status, home.attempts), (None, 2), "{home:?}");
    assert!(error_of(&pages, "/").contains("network error"), "{home:?}");
}

#[test]
fn a_5xx_storm_gives_up_after_the_retries_and_ends_quickly() {
    let hits = Arc::new(AtomicU32::new(0));
    let counted = Arc::clone(&hits);
    let storm = serve(Router::new().route("/robots.txt", get(no_robots)).fallback(
        move |uri: Uri| {
            let n = counted.fetch_add(1, Ordering::SeqCst);
            async move {
                let status = if n.is_multiple_of(2) {
                    StatusCode::SERVICE_UNAVAILABLE
                } else {
                    StatusCode::INTERNAL_SERVER_ERROR
                };
                (status, format!("gagal {uri}"))
            }
        },
    ));
    // robots.txt fails too: RFC 9309 says nothing may be fetched.
    let total = serve(Router::new().fallback(|| async { StatusCode::SERVICE_UNAVAILABLE }));
    let out = tempfile::tempdir().expect("temp dir");
    let storm_url = format!("http://{storm}/");
    let total_url = format!("http://{total}/");
    let (_, took) =
        crawl_beside_healthy(out.path(), &[&storm_url, &total_url], &["--retries", "2"]);
    assert!(took < QUICK, "{took:?}");

    let report_storm = report(out.path(), &site_id(storm));
    assert_eq!(report_storm.outcome, Outcome::Unreachable);
    let home = page(&report_storm, "/");
    assert_eq!(home.attempts, 3, "retries + 1: {home:?}");
    assert!(matches!(home.status, Some(500 | 503)), "{home:?}");
    assert!(
        error_of(&report_storm, "/").starts_with("HTTP 50"),
        "{home:?}"
    );
    assert!(
        report_storm
            .reason
            .as_deref()
            .unwrap_or("")
            .contains("HTTP 50"),
        "{:?}",
        report_storm.reason
    );
    assert_eq!(report_storm.stats.retries, 2);
    assert_eq!(report_storm.stats.errors, 1);
    // "/" three times and /sitemap.xml three times: nothing else, nothing more.
    assert_eq!(hits.load(Ordering::SeqCst), 6);

    let report_total = report(out.path(), &site_id(total));
    assert_ne!(report_total.outcome, Outcome::Complete);
    let reason = report_total.reason.as_deref().unwrap_or("");
    assert!(
        reason.contains("robots.txt") && reason.contains("503"),
        "{reason}"
    );
    assert!(report_total.pages.is_empty());
}

#[test]
fn a_429_with_retry_after_is_waited_for_then_recorded() {
    let busy = serve(
        Router::new()
            .route("/robots.txt", get(no_robots))
            .fallback(|| async {
                (
                    StatusCode::TOO_MANY_REQUESTS,
                    [(header::RETRY_AFTER, "1")],
                    "sabar",
                )
            }),
    );
    let out = tempfile::tempdir().expect("temp dir");
    let url = format!("http://{busy}/");
    let (_, took) = crawl_beside_healthy(out.path(), &[&url], &["--retries", "1"]);
    assert!(
        took >= Duration::from_secs(1),
        "Retry-After was not honoured: {took:?}"
    );
    assert!(took < QUICK, "{took:?}");
    let report = report(out.path(), &site_id(busy));
    let home = page(&report, "/");
    assert_eq!((home.status, home.attempts), (Some(429), 2), "{home:?}");
    assert_eq!(error_of(&report, "/"), "HTTP 429");
    assert_eq!(report.outcome, Outcome::Unreachable);
}

#[test]
fn a_redirect_loop_and_a_long_chain_stop_at_ten_hops() {
    let loop_hits = Arc::new(AtomicU32::new(0));
    let (to_b, to_a) = (Arc::clone(&loop_hits), Arc::clone(&loop_hits));
    let hop = |path: String| (StatusCode::FOUND, [(header::LOCATION, path)]);
    let app = Router::new()
        .route(
            "/",
            get(|| async {
                html(
                    "Beranda",
                    "<a href=\"/a\">a</a><a href=\"/rantai/0\">rantai</a><a href=\"/pas/0\">pas</a>",
                )
            }),
        )
        .route(
            "/a",
            get(move || {
                to_b.fetch_add(1, Ordering::SeqCst);
                async move { hop("/b".to_string()) }
            }),
        )
        .route(
            "/b",
            get(move || {
                to_a.fetch_add(1, Ordering::SeqCst);
                async move { hop("/a".to_string()) }
            }),
        )
        .route(
            "/rantai/{n}",
            get(move |axum::extract::Path(n): axum::extract::Path<u32>| async move {
                if n < 15 {
                    hop(format!("/rantai/{}", n + 1)).into_response()
                } else {
                    html("Ujung", "akhir rantai").into_response()
                }
            }),
        )
        .route(
            "/pas/{n}",
            get(move |axum::extract::Path(n): axum::extract::Path<u32>| async move {
                if n < 10 {
                    hop(format!("/pas/{}", n + 1)).into_response()
                } else {
                    html("Pas", "sepuluh lompatan").into_response()
                }
            }),
        );
    let addr = serve(app);
    let out = tempfile::tempdir().expect("temp dir");
    let url = format!("http://{addr}/");
    let (_, took) = crawl_beside_healthy(out.path(), &[&url], &["--retries", "0"]);
    assert!(took < QUICK, "{took:?}");
    let report = report(out.path(), &site_id(addr));
    for looping in ["/a", "/rantai/0"] {
        let record = page(&report, looping);
        assert!(
            error_of(&report, looping).contains("more than 10 redirects"),
            "{record:?}"
        );
        assert_eq!(record.status, None, "{record:?}");
        assert!(
            (10..=11).contains(&record.redirects.len()),
            "each hop recorded, no more: {record:?}"
        );
    }
    assert!(
        loop_hits.load(Ordering::SeqCst) <= 12,
        "the loop was cut at ten hops"
    );
    let exact = page(&report, "/pas/0");
    assert_eq!(
        (exact.status, exact.error.as_deref()),
        (Some(200), None),
        "{exact:?}"
    );
    assert_eq!(exact.redirects.len(), 10, "ten hops are allowed: {exact:?}");
    assert!(exact.final_url.ends_with("/pas/10"), "{exact:?}");
}

/// Serves `/` linking to `first`, and `pages(uri)` (HTML body, or `None` for 404) elsewhere.
fn infinite_site(
    first: &'static str,
    pages: impl Fn(&Uri) -> Option<String> + Clone + Send + Sync + 'static,
) -> std::net::SocketAddr {
    serve(
        Router::new()
            .route("/robots.txt", get(no_robots))
            .route(
                "/",
                get(move || async move { html("Beranda", &format!("<a href=\"{first}\">mulai</a>")) }),
            )
            .fallback(move |uri: Uri| {
                let body = pages(&uri);
                async move {
                    match body {
                        Some(body) => html("Halaman", &body).into_response(),
                        None => not_found(),
                    }
                }
            }),
    )
}

#[test]
fn a_calendar_that_never_ends_stops_at_the_page_and_depth_limits() {
    let calendar = infinite_site("/agenda?bulan=1", |uri| {
        let month: u64 = uri.query()?.strip_prefix("bulan=")?.parse().ok()?;
        Some(format!(
            "<h1>Agenda bulan {month}</h1><a href=\"/agenda?bulan={}\">berikutnya</a>",
            month + 1
        ))
    });
    let url = format!("http://{calendar}/");

    let out = tempfile::tempdir().expect("temp dir");
    let (_, took) = crawl_beside_healthy(
        out.path(),
        &[&url],
        &["--max-pages", "20", "--max-depth", "1000"],
    );
    assert!(took < QUICK, "{took:?}");
    let report_pages = report(out.path(), &site_id(calendar));
    assert_eq!(
        report_pages.pages.len(),
        20,
        "{:#?}",
        page_urls(&report_pages)
    );
    assert_eq!(report_pages.outcome, Outcome::Partial);
    assert!(
        report_pages
            .reason
            .as_deref()
            .unwrap_or("")
            .contains("--max-pages")
    );

    let out = tempfile::tempdir().expect("temp dir");
    crawl_beside_healthy(
        out.path(),
        &[&url],
        &["--max-pages", "300", "--max-depth", "5"],
    );
    let report_depth = report(out.path(), &site_id(calendar));
    // "/" at depth 0, then bulan=1..=5.
    assert_eq!(
        report_depth.pages.len(),
        6,
        "{:#?}",
        page_urls(&report_depth)
    );
    assert!(report_depth.pages.iter().all(|p| p.depth <= 5));
}

#[test]
fn ever_growing_query_strings_stop_at_the_page_budget() {
    // Every page links to itself with one more kilobyte-long parameter.
    let growing = infinite_site("/cari?q0=x", |uri| {
        let query = uri.query()?;
        let n = query.matches('&').count() + 1;
        Some(format!(
            "<a href=\"/cari?{query}&amp;q{n}={}\">lagi</a>",
            "y".repeat(1000)
        ))
    });
    let url = format!("http://{growing}/");
    let out = tempfile::tempdir().expect("temp dir");
    let (_, took) = crawl_beside_healthy(
        out.path(),
        &[&url],
        &["--max-pages", "30", "--max-depth", "1000"],
    );
    assert!(took < QUICK, "{took:?}");
    let report = report(out.path(), &site_id(growing));
    assert_eq!(report.pages.len(), 30);
    assert_eq!(report.outcome, Outcome::Partial);
    let longest = report.pages.iter().map(|p| p.url.len()).max().unwrap_or(0);
    assert!(longest > 25_000, "the query really grew: {longest}");
}

#[test]
fn session_ids_in_urls_do_not_multiply_pages() {
    let session = Arc::new(AtomicU32::new(0));
    let app = Router::new()
        .route("/robots.txt", get(no_robots))
        .fallback(move |uri: Uri| {
            let n = session.fetch_add(1, Ordering::SeqCst);
            async move {
                let path = uri.path();
                let known = path == "/"
                    || path
                        .strip_prefix("/berita/")
                        .and_then(|id| id.parse::<u32>().ok())
                        .is_some_and(|id| (1..=5).contains(&id));
                if !known {
                    return not_found();
                }
                // Every link carries a session id that changes on every page view.
                let mut links = format!("<a href=\"/;jsessionid={n}A\">beranda</a>");
                for id in 1..=5u32 {
                    links.push_str(&format!(
                        "<a href=\"/berita/{id};jsessionid=S{n}\">j</a>\
                     <a href=\"/berita/{id}?PHPSESSID=p{n}\">p</a>\
                     <a href=\"/berita/{id}?sid={n}&amp;SESSIONID=x{n}\">s</a>"
                    ));
                }
                html("Berita", &links).into_response()
            }
        });
    let addr = serve(app);
    let out = tempfile::tempdir().expect("temp dir");
    let url = format!("http://{addr}/");
    crawl_beside_healthy(
        out.path(),
        &[&url],
        &["--max-pages", "100", "--max-depth", "10"],
    );
    let report = report(out.path(), &site_id(addr));
    let urls = page_urls(&report);
    assert_eq!(urls.len(), 6, "one page per path: {urls:#?}");
    let lower: Vec<String> = urls.iter().map(|u| u.to_ascii_lowercase()).collect();
    assert!(
        !lower
            .iter()
            .any(|u| u.contains("sessid") || u.contains("sid=")),
        "{urls:#?}"
    );
    assert_eq!(report.outcome, Outcome::Complete, "{:?}", report.reason);
}

#[test]
fn internal_addresses_are_refused_by_default_even_after_a_redirect() {
    // Two "internal" servers; no request may reach either.
    let hits = Arc::new(AtomicU32::new(0));
    let counter = |hits: &Arc<AtomicU32>| {
        let hits = Arc::clone(hits);
        move |mut stream: tokio::net::TcpStream| {
            hits.fetch_add(1, Ordering::SeqCst);
            async move {
                let _ = faults_support::read_request(&mut stream).await;
                faults_support::respond(&mut stream, 200, "text/html", b"<title>Dalam</title>")
                    .await;
            }
        }
    };
    let inside = raw_server(counter(&hits));
    let pinned = raw_server_on("127.0.0.2", counter(&hits));
    let pinned_host = format!("intern.go.id:{}", pinned.port());

    // A saved copy of a healthy site, and of two sites redirecting inside (mirror hosts are
    // patuh's own loopback server and pass the guard; where they send it does not).
    let mirror = tempfile::tempdir().expect("temp dir");
    let write = |path: &str, text: String| {
        let file = mirror.path().join(path);
        std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
        std::fs::write(file, text).expect("write");
    };
    write(
        "sehat.go.id/index.html",
        page_of("Sehat", "<a href=\"/layanan/\">Layanan</a>"),
    );
    write(
        "sehat.go.id/layanan/index.html",
        page_of("Layanan", "<p>Daftar.</p>"),
    );
    write(
        "pintu.go.id/_redirects",
        format!("/ http://{inside}/ 302\n"),
    );
    write(
        "loncat.go.id/_redirects",
        format!("/ http://{pinned_host}/ 302\n"),
    );
    // The same address spelled as a decimal number and as an IPv4-mapped IPv6 address.
    let port = inside.port();
    write(
        "desimal.go.id/_redirects",
        format!("/ http://2130706433:{port}/ 302\n"),
    );
    write(
        "petak.go.id/_redirects",
        format!("/ http://[::ffff:127.0.0.1]:{port}/ 302\n"),
    );

    let out = tempfile::tempdir().expect("temp dir");
    let literal = format!("http://{inside}/");
    let by_name = format!("http://{pinned_host}/");
    let resolve = format!("{pinned_host}:127.0.0.2");
    let output = common::crawl(
        out.path(),
        &[
            &literal,
            &by_name,
            "http://pintu.go.id/",
            "http://loncat.go.id/",
            "http://desimal.go.id/",
            "http://petak.go.id/",
            "http://sehat.go.id/",
            "--mirror",
            mirror.path().to_str().expect("UTF-8"),
            "--resolve",
            &resolve,
            "--retries",
            "0",
        ],
    );
    common::assert_ran(&output);
    assert_eq!(
        hits.load(Ordering::SeqCst),
        0,
        "a request reached an internal address"
    );

    let id = |url: &str| patuh::site::id_from_url(&url::Url::parse(url).expect("url"));
    for (url, address) in [(&literal, "127.0.0.1"), (&by_name, "127.0.0.2")] {
        let refused = report(out.path(), &id(url));
        assert_eq!(refused.outcome, Outcome::Unreachable, "{url}");
        let reason = refused.reason.as_deref().unwrap_or("");
        assert!(
            reason.contains(address) && reason.contains("--allow-private"),
            "{reason}"
        );
    }
    for (url, address) in [
        ("http://pintu.go.id/", "127.0.0.1"),
        ("http://loncat.go.id/", "127.0.0.2"),
        ("http://desimal.go.id/", "127.0.0.1"),
        ("http://petak.go.id/", "127.0.0.1"),
    ] {
        let redirected = report(out.path(), &id(url));
        assert_eq!(redirected.outcome, Outcome::Unreachable, "{url}");
        let home = page(&redirected, "/");
        assert_eq!(home.redirects.len(), 1, "{home:?}");
        let error = home.error.as_deref().unwrap_or("");
        assert!(
            error.contains(address) && error.contains("--allow-private"),
            "{error}"
        );
    }
    let sehat = report(out.path(), "sehat.go.id");
    assert_eq!(sehat.outcome, Outcome::Complete, "{:?}", sehat.reason);
    assert_eq!(
        page_urls(&sehat),
        ["http://sehat.go.id/", "http://sehat.go.id/layanan/"]
    );
}
