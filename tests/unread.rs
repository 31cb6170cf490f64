//! Pages patuh could not read, crawled for real: one small site per case, each with a menu
//! link whose target answers 404, 410, 403 or 503, times out, or is forbidden by robots.txt.
//! A broken link (404, 410) is the site's own word that the page is not there: `not_found`,
//! with the link as evidence. Anything else could not be checked: `inconclusive`, naming it.
//! So is a likely standard in a document type patuh does not read, which is never fetched.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use common::{assert_ran, crawl, html, report, serve};
use patuh::report::{EvidenceKind, Report, Status};

/// How a case's linked page answers.
#[derive(Clone, Copy)]
enum Answer {
    Status(u16),
    Silent,
    Forbidden,
}

struct Case {
    name: &'static str,
    /// The menu link: its text and path.
    link: (&'static str, &'static str),
    answer: Answer,
    /// Another page publishes the standard (fees, times…) but not its complaint channel.
    published_elsewhere: bool,
    /// What `fees` must be.
    fees: Status,
    /// Broken links listed under `fees`.
    broken: usize,
}

/// A standard published on a page of its own: every component but the complaint channel.
const STANDARD: &str = "<h1>Standar Pelayanan Akta Kelahiran</h1><table>\
    <tr><td>1.</td><td>Persyaratan</td><td>Surat keterangan lahir dari bidan</td></tr>\
    <tr><td>2.</td><td>Jangka Waktu Penyelesaian</td><td>3 (tiga) hari kerja</td></tr>\
    <tr><td>3.</td><td>Biaya / Tarif</td><td>Gratis</td></tr>\
    <tr><td>4.</td><td>Produk Pelayanan</td><td>Akta kelahiran</td></tr></table>";

fn site(case: &Case) -> Router {
    let (text, path) = case.link;
    let mut menu = format!("<nav><a href=\"/\">Beranda</a> <a href=\"{path}\">{text}</a>");
    if case.published_elsewhere {
        menu.push_str(" <a href=\"/akta/\">Akta Kelahiran</a>");
    }
    menu.push_str("</nav><p>Selamat datang di laman resmi kantor kami.</p>");
    let home = html("Beranda", &menu);
    let robots = match case.answer {
        Answer::Forbidden => format!("User-agent: *\nDisallow: {path}\n"),
        _ => String::new(),
    };
    let answer = case.answer;
    let linked = move || async move {
        match answer {
            Answer::Status(code) => {
                let status = StatusCode::from_u16(code).expect("a status");
                (status, html("Galat", "<p>Halaman tidak tersedia.</p>")).into_response()
            }
            Answer::Silent => {
                tokio::time::sleep(Duration::from_secs(3)).await;
                html("Terlambat", "<p>…</p>").into_response()
            }
            Answer::Forbidden => html("Rahasia", "<p>Tidak boleh dibaca.</p>").into_response(),
        }
    };
    Router::new()
        .route("/", get(move || async move { home }))
        .route("/robots.txt", get(move || async move { robots }))
        .route("/akta/", get(|| async { html("Akta", STANDARD) }))
        .route(path, get(linked))
        .fallback(|| async { StatusCode::NOT_FOUND })
}

fn cases() -> Vec<Case> {
    let case = |name, link, answer, fees, broken| Case {
        name,
        link,
        answer,
        published_elsewhere: false,
        fees,
        broken,
    };
    let standard = ("Standar Pelayanan", "/standar-pelayanan/");
    vec![
        case(
            "404 page",
            standard,
            Answer::Status(404),
            Status::NotFound,
            1,
        ),
        case(
            "404 document",
            (
                "Unduh Standar Pelayanan (PDF)",
                "/uploads/standar-pelayanan.pdf",
            ),
            Answer::Status(404),
            Status::NotFound,
            1,
        ),
        case("410", standard, Answer::Status(410), Status::NotFound, 1),
        case(
            "403",
            standard,
            Answer::Status(403),
            Status::Inconclusive,
            0,
        ),
        case(
            "503 services section",
            ("Layanan", "/layanan/"),
            Answer::Status(503),
            Status::Inconclusive,
            0,
        ),
        case("timeout", standard, Answer::Silent, Status::Inconclusive, 0),
        case(
            "robots-forbidden services menu",
            ("Layanan", "/layanan/"),
            Answer::Forbidden,
            Status::Inconclusive,
            0,
        ),
        case(
            "robots-forbidden news",
            ("Berita", "/berita/"),
            Answer::Forbidden,
            Status::NotFound,
            0,
        ),
        Case {
            published_elsewhere: true,
            ..case(
                "found elsewhere despite a broken link",
                standard,
                Answer::Status(404),
                Status::Found,
                0,
            )
        },
    ]
}

fn check(case: &Case, origin: &str, report: &Report) {
    let name = case.name;
    let fees = &report.criteria["fees"];
    assert_eq!(fees.status, case.fees, "{name}: {fees:?}");
    let broken: Vec<_> = fees
        .evidence
        .iter()
        .filter(|e| e.kind == EvidenceKind::BrokenLink)
        .collect();
    assert_eq!(broken.len(), case.broken, "{name}: {fees:?}");
    let (text, path) = case.link;
    let target = format!("{origin}{path}");
    for link in &broken {
        assert_eq!(
            link.url,
            format!("{origin}/"),
            "{name}: linked from the home page"
        );
        assert_eq!(link.link.as_deref(), Some(target.as_str()), "{name}");
        assert!(
            link.quote.starts_with(text),
            "{name}: the link text: {link:?}"
        );
        let Answer::Status(code) = case.answer else {
            panic!("{name}: only a status makes a broken link");
        };
        assert_eq!(link.status, Some(code), "{name}");
    }
    let reason = fees.reason.as_deref().unwrap_or_default();
    match case.fees {
        Status::Inconclusive => assert!(reason.contains(&target), "{name}: {reason}"),
        Status::NotFound if case.broken > 0 => {
            assert!(reason.contains(&target), "{name}: {reason}");
        }
        Status::NotFound => assert_eq!(fees.reason, None, "{name}"),
        Status::Found => {
            // The standard's page has no complaint channel: not found, with the broken link.
            let complaints = &report.criteria["complaint_channels"];
            assert_eq!(
                complaints.status,
                Status::NotFound,
                "{name}: {complaints:?}"
            );
            let listed = complaints
                .evidence
                .iter()
                .filter(|e| e.kind == EvidenceKind::BrokenLink)
                .count();
            assert_eq!(listed, 1, "{name}: {complaints:?}");
        }
    }
}

#[test]
fn each_kind_of_unread_page_gets_its_verdict() {
    let cases = cases();
    let origins: Vec<String> = cases
        .iter()
        .map(|case| format!("http://{}", serve(site(case))))
        .collect();
    let out = tempfile::tempdir().expect("temp dir");
    let starts: Vec<String> = origins.iter().map(|o| format!("{o}/")).collect();
    let mut args: Vec<&str> = starts.iter().map(String::as_str).collect();
    args.extend(["--allow-private", "--timeout", "500ms", "--retries", "0"]);
    let output = crawl(out.path(), &args);
    assert_ran(&output);
    for (case, origin) in cases.iter().zip(&origins) {
        let id = origin.trim_start_matches("http://").replace(':', "-");
        check(case, origin, &report(out.path(), &id));
    }
}

#[test]
fn a_likely_ods_standard_is_inconclusive_and_not_fetched() {
    let asked = Arc::new(AtomicU32::new(0));
    let counter = Arc::clone(&asked);
    let ods = move || {
        let counter = Arc::clone(&counter);
        async move {
            counter.fetch_add(1, Ordering::SeqCst);
            (
                [(
                    "content-type",
                    "application/vnd.oasis.opendocument.spreadsheet",
                )],
                b"PK\x03\x04 not really a spreadsheet".to_vec(),
            )
        }
    };
    let home = html(
        "Beranda",
        "<nav><a href=\"/\">Beranda</a> \
         <a href=\"/standar-pelayanan.ods\">Standar Pelayanan (ODS)</a></nav>\
         <p>Selamat datang di laman resmi kantor kami.</p>",
    );
    let app = Router::new()
        .route("/", get(move || async move { home }))
        .route("/standar-pelayanan.ods", get(ods))
        .fallback(|| async { StatusCode::NOT_FOUND });
    let addr = serve(app);
    let origin = format!("http://{addr}");
    let out = tempfile::tempdir().expect("temp dir");
    let start = format!("{origin}/");
    let output = crawl(out.path(), &[&start, "--allow-private", "--retries", "0"]);
    assert_ran(&output);
    let report = report(out.path(), &addr.to_string().replace(':', "-"));
    let target = format!("{origin}/standar-pelayanan.ods");
    let missing: Vec<_> = report
        .criteria
        .iter()
        .filter(|(_, criterion)| criterion.status != Status::Found)
        .collect();
    assert!(!missing.is_empty(), "{:#?}", report.criteria);
    for (name, criterion) in missing {
        assert_eq!(
            criterion.status,
            Status::Inconclusive,
            "{name}: {criterion:?}"
        );
        let reason = criterion.reason.as_deref().unwrap_or_default();
        assert!(
            reason.starts_with("likely published in a document patuh does not read")
                && reason.contains(&target),
            "{name}: {reason}"
        );
    }
    assert_eq!(asked.load(Ordering::SeqCst), 0, "the .ods was fetched");
}
