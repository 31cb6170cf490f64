//! Fault injection, bodies and content: oversized bodies, gzip and brotli bombs (over HTTP and
//! as gzipped sitemaps), malformed HTML, invalid UTF-8 and wrong Content-Types — each crawled
//! beside a healthy site. patuh must survive with bounded memory, record what it cut or could
//! not read, and leave the healthy site's report untouched.

mod common;
#[path = "common/faults.rs"]
mod faults_support;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::header;
use axum::response::Response;
use axum::routing::get;
use common::{html, report, serve};
use faults_support::{
    all_reports, assert_healthy_report, brotli_bomb, crawl_beside_healthy, error_of, gzip_bomb,
    healthy, page, site_id, spawn_crawl, watch,
};
use patuh::report::Outcome;

#[test]
fn bodies_over_max_bytes_are_truncated_with_and_without_content_length() {
    const MAX: u64 = 10_000;
    let big = || {
        let mut body = b"<!doctype html><html><head><title>Besar</title></head><body><p>".to_vec();
        body.resize(200_000, b'a');
        body
    };
    let app = Router::new()
        .route(
            "/",
            get(|| async {
                html(
                    "Beranda",
                    "<a href=\"/besar\">1</a><a href=\"/bersambung\">2</a>",
                )
            }),
        )
        .route(
            "/besar",
            get(move || async move { ([(header::CONTENT_TYPE, "text/html")], big()) }),
        )
        .route(
            "/bersambung",
            get(move || async move {
                // No Content-Length: 20 chunks of 10 000 bytes, sent chunked.
                let body = big();
                let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
                    body.chunks(10_000).map(|c| Ok(c.to_vec())).collect();
                let mut response =
                    Response::new(Body::from_stream(futures_util::stream::iter(chunks)));
                response
                    .headers_mut()
                    .insert(header::CONTENT_TYPE, "text/html".parse().expect("header"));
                response
            }),
        );
    let addr = serve(app);
    let out = tempfile::tempdir().expect("temp dir");
    let url = format!("http://{addr}/");
    let (output, _) = crawl_beside_healthy(out.path(), &[&url], &["--max-bytes", "10000"]);
    let report = report(out.path(), &site_id(addr));
    for path in ["/besar", "/bersambung"] {
        let record = page(&report, path);
        assert!(record.truncated, "{record:?}");
        assert_eq!(record.bytes, MAX, "{record:?}");
        assert_eq!(record.status, Some(200), "{record:?}");
        assert_eq!(
            record.title.as_deref(),
            Some("Besar"),
            "the first part is read: {record:?}"
        );
    }
    assert!(!page(&report, "/").truncated);
    assert_ne!(output.status.code(), Some(2));
}

#[test]
fn gzip_and_brotli_bombs_stay_within_max_bytes_and_memory() {
    const MAX: u64 = 1_000_000;
    let prefix = b"<!doctype html><html><head><title>Bom</title></head><body><p>";
    let gzip = Arc::new(gzip_bomb(prefix, 100));
    let brotli = Arc::new(brotli_bomb(prefix, 100));
    assert!(gzip.len() < 200_000 && brotli.len() < 200_000);
    let bomb = |bytes: Arc<Vec<u8>>, encoding: &'static str| {
        move || async move {
            (
                [
                    (header::CONTENT_TYPE, "text/html"),
                    (header::CONTENT_ENCODING, encoding),
                ],
                bytes.as_ref().clone(),
            )
        }
    };
    let app = Router::new()
        .route(
            "/",
            get(|| async { html("Beranda", "<a href=\"/gz\">gz</a><a href=\"/br\">br</a>") }),
        )
        .route("/gz", get(bomb(gzip, "gzip")))
        .route("/br", get(bomb(brotli, "br")));
    let addr = serve(app);
    let sehat = healthy();
    let out = tempfile::tempdir().expect("temp dir");
    let (url, sehat_url) = (format!("http://{addr}/"), format!("http://{sehat}/"));
    let child = spawn_crawl(
        out.path(),
        &[
            &url,
            &sehat_url,
            "--allow-private",
            "--max-bytes",
            "1000000",
        ],
    );
    let run = watch(child, Duration::from_secs(30));
    assert!(
        matches!(run.status.code(), Some(0 | 1 | 3)),
        "{:?}\n{}",
        run.status,
        run.stderr
    );
    let report = report(out.path(), &site_id(addr));
    for path in ["/gz", "/br"] {
        let record = page(&report, path);
        assert_eq!(record.status, Some(200), "{record:?}");
        assert!(record.bytes <= MAX, "{record:?}");
        assert!(record.truncated, "a 100 MB body was cut: {record:?}");
    }
    // Either bomb inflated whole would take 100 MiB; a bounded read stays well below (~60 MiB
    // in a debug build, most of it the binary and its runtime).
    eprintln!("peak memory of the run: {} KiB", run.peak_kib);
    assert!(run.peak_kib > 0, "/proc gave no memory reading");
    assert!(run.peak_kib < 96 * 1024, "peak memory {} KiB", run.peak_kib);
    let all = all_reports(out.path());
    let healthy_report = all
        .iter()
        .find(|r| r.site.id == site_id(sehat))
        .expect("the healthy site's report");
    assert_healthy_report(healthy_report, &format!("http://{sehat}"));
}

#[test]
fn malformed_html_and_garbage_bytes_are_read_without_harm() {
    let unclosed = "<html><head><title>Rusak</title><body><div><table><tr><td>Biaya<td>Rp 0<p><b><i>\
        <a href=\"/setelah-rusak\">lanjut</a><div><span><table><td><select><option>";
    let mut garbage = b"<html><head><title>Sampah</title></head><body>".to_vec();
    for i in 0..4096u32 {
        garbage.push((i.wrapping_mul(2_654_435_761) >> 24) as u8);
    }
    garbage.extend_from_slice(b"<<>>&#xffffff;&#0;\0\0<a href=\"/setelah-sampah\">x</a>");
    let mut line = b"<html><head><title>Baris</title></head><body><p>".to_vec();
    while line.len() < 1_000_000 {
        line.extend_from_slice(b"Jadwal kegiatan bulan ini sesuai agenda kantor. ");
    }
    line.extend_from_slice(b"</p><a href=\"/setelah-baris\">x</a></body></html>");
    let mut invalid =
        b"<html><head><meta charset=\"utf-8\"><title>Utf8 Rusak</title></head><body>".to_vec();
    invalid.extend_from_slice(b"Biaya \xff\xfe\xc3\x28 Rp \xe2\x82 gratis \xed\xa0\x80");
    invalid.extend_from_slice(b"<a href=\"/setelah-utf8\">x</a></body></html>");
    let body = |bytes: Vec<u8>, content_type: &'static str| {
        move || async move { ([(header::CONTENT_TYPE, content_type)], bytes) }
    };
    let app = Router::new()
        .route(
            "/",
            get(|| async {
                html(
                    "Beranda",
                    "<a href=\"/rusak\">1</a><a href=\"/sampah\">2</a><a href=\"/baris\">3</a><a href=\"/utf8\">4</a>",
                )
            }),
        )
        .route("/rusak", get(body(unclosed.as_bytes().to_vec(), "text/html")))
        .route("/sampah", get(body(garbage, "text/html")))
        .route("/baris", get(body(line, "text/html")))
        .route("/utf8", get(body(invalid, "text/html; charset=utf-8")))
        .route("/{after}", get(|| async { html("Setelah", "ok") }));
    let addr = serve(app);
    let out = tempfile::tempdir().expect("temp dir");
    let url = format!("http://{addr}/");
    let (_, took) = crawl_beside_healthy(out.path(), &[&url], &["--max-pages", "50"]);
    assert!(took < Duration::from_secs(20), "{took:?}");
    let report = report(out.path(), &site_id(addr));
    for (path, title) in [
        ("/rusak", Some("Rusak")),
        ("/sampah", Some("Sampah")),
        ("/baris", Some("Baris")),
        ("/utf8", Some("Utf8 Rusak")),
    ] {
        let record = page(&report, path);
        assert_eq!(
            (record.status, record.error.as_deref()),
            (Some(200), None),
            "{record:?}"
        );
        assert_eq!(record.title.as_deref(), title, "{record:?}");
        assert!(!record.truncated && record.sha256.is_some(), "{record:?}");
        let after = format!("/setelah-{}", &path[1..]);
        let after_page = page(&report, &after);
        assert_eq!(
            after_page.status,
            Some(200),
            "the link after the damage was followed"
        );
    }
    assert!(page(&report, "/baris").bytes > 1_000_000);
    assert_eq!(report.outcome, Outcome::Complete, "{:?}", report.reason);
}

/// A `<head>` longer than 512 bytes, as most CMS themes write.
fn long_head(title: &str) -> String {
    let mut head = format!("<head><meta charset=\"utf-8\"><title>{title}</title>");
    for n in 0..8 {
        head.push_str(&format!(
            "<link rel=\"stylesheet\" href=\"/wp-content/themes/kabupaten/css/style-{n}.css?ver=5.2.1\">"
        ));
    }
    head.push_str("</head>");
    head
}

#[test]
fn html_after_php_warnings_an_xml_prolog_or_a_comment_is_still_read() {
    // Served as text/html, as browsers render them; common on old regional CMSs.
    let warning = "<br />\n<b>Deprecated</b>:  Function create_function() is deprecated in \
        <b>/var/www/html/wp-content/plugins/galeri/galeri.php</b> on line <b>12</b><br />\n";
    let pages = [
        (
            "/peringatan",
            format!(
                "{warning}{warning}<!DOCTYPE html><html>{}<body><a href=\"/setelah-peringatan\">x</a></body></html>",
                long_head("Peringatan")
            ),
        ),
        (
            "/xhtml",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" \
                 \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n<html xmlns=\"http://www.w3.org/1999/xhtml\">{}\
                 <body><a href=\"/setelah-xhtml\">x</a></body></html>",
                long_head("Xhtml")
            ),
        ),
        (
            "/komentar",
            format!(
                "<!-- Generated by CMS Sekolah/Pemda 3.5 -->\n<!DOCTYPE html><html>{}<body><a href=\"/setelah-komentar\">x</a></body></html>",
                long_head("Komentar")
            ),
        ),
    ];
    let mut app = Router::new()
        .route(
            "/",
            get(|| async {
                html(
                    "Beranda",
                    "<a href=\"/peringatan\">1</a><a href=\"/xhtml\">2</a><a href=\"/komentar\">3</a>",
                )
            }),
        )
        .route("/{after}", get(|| async { html("Setelah", "ok") }));
    for (path, body) in pages.clone() {
        app = app.route(
            path,
            get(
                move || async move { ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body) },
            ),
        );
    }
    let addr = serve(app);
    let out = tempfile::tempdir().expect("temp dir");
    let url = format!("http://{addr}/");
    crawl_beside_healthy(out.path(), &[&url], &[]);
    let report = report(out.path(), &site_id(addr));
    let mut unread = Vec::new();
    for (path, _) in &pages {
        let record = page(&report, path);
        let title = path[1..].to_string();
        let read = record.error.is_none()
            && record.title.as_deref().map(str::to_lowercase) == Some(title)
            && report
                .pages
                .iter()
                .any(|p| p.url.ends_with(&format!("/setelah-{}", &path[1..])));
        if !read {
            unread.push(format!(
                "{path}: error {:?}, title {:?}",
                record.error, record.title
            ));
        }
    }
    assert!(
        unread.is_empty(),
        "text/html pages not read:\n{}",
        unread.join("\n")
    );
}

#[test]
fn wrong_content_types_are_recorded_not_misread() {
    let png: Vec<u8> = [
        &b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0"[..],
        &[0u8, 0xff, 0x13, 0x37, b'<', b'a', 0x00, 0x9c][..],
    ]
    .concat();
    let page_html = "<html><head><title>Profil</title></head><body><a href=\"/setelah-oktet\">x</a></body></html>";
    let app = Router::new()
        .route(
            "/",
            get(|| async {
                html(
                    "Beranda",
                    "<a href=\"/profil.html\">1</a><a href=\"/halaman\">2</a><a href=\"/gambar\">3</a>",
                )
            }),
        )
        .route(
            "/profil.html",
            get(move || async move { ([(header::CONTENT_TYPE, "application/octet-stream")], page_html) }),
        )
        .route(
            "/halaman",
            get(move || async move { ([(header::CONTENT_TYPE, "application/octet-stream")], page_html) }),
        )
        .route(
            "/gambar",
            get(move || async move { ([(header::CONTENT_TYPE, "text/html")], png) }),
        )
        .route("/setelah-oktet", get(|| async { html("Setelah", "ok") }));
    let addr = serve(app);
    let out = tempfile::tempdir().expect("temp dir");
    let url = format!("http://{addr}/");
    crawl_beside_healthy(out.path(), &[&url], &[]);
    let report = report(out.path(), &site_id(addr));
    // An .html path served as octet-stream is read as the page it names.
    let named = page(&report, "/profil.html");
    assert_eq!(
        (named.error.as_deref(), named.title.as_deref()),
        (None, Some("Profil")),
        "{named:?}"
    );
    assert_eq!(page(&report, "/setelah-oktet").status, Some(200));
    // No extension, octet-stream: recorded with its type, not read.
    let blob = page(&report, "/halaman");
    assert_eq!(
        blob.content_type.as_deref(),
        Some("application/octet-stream")
    );
    assert!(
        error_of(&report, "/halaman").contains("application/octet-stream"),
        "{blob:?}"
    );
    // A PNG labelled text/html: not parsed as a page, and said so.
    let image = page(&report, "/gambar");
    assert_eq!(image.status, Some(200));
    assert_eq!(image.title, None, "{image:?}");
    assert!(image.error.is_some(), "a PNG is not a page: {image:?}");
}

/// Regression guard: gzipped sitemaps (`.xml.gz`, inflated by patuh itself, not by HTTP
/// content decoding) must not let a few kilobytes make the crawler hold gigabytes.
#[test]
fn gzipped_sitemap_bombs_keep_memory_bounded() {
    const CAP_KIB: u64 = 128 * 1024;
    // Each sitemap: ~200 KB on the wire (well under --max-bytes), 200 MiB inflated.
    let bomb = Arc::new(gzip_bomb(b"http://127.0.0.1/x\n", 200));
    let origin = Arc::new(std::sync::OnceLock::<String>::new());
    let base = Arc::clone(&origin);
    let app = Router::new()
        .route("/", get(|| async { html("Beranda", "ok") }))
        .route(
            "/sitemap.xml",
            get(move || {
                let base = base.get().cloned().unwrap_or_default();
                async move {
                    let index: String = (0..20)
                        .map(|n| format!("<sitemap><loc>{base}/peta-{n}.xml.gz</loc></sitemap>"))
                        .collect();
                    format!("<sitemapindex>{index}</sitemapindex>")
                }
            }),
        )
        .route(
            "/{file}",
            get(move || {
                let bomb = Arc::clone(&bomb);
                async move {
                    (
                        [(header::CONTENT_TYPE, "application/gzip")],
                        bomb.as_ref().clone(),
                    )
                }
            }),
        );
    let addr = serve(app);
    origin.set(format!("http://{addr}")).expect("set once");
    let out = tempfile::tempdir().expect("temp dir");
    let url = format!("http://{addr}/");
    let child = spawn_crawl(
        out.path(),
        &[&url, "--allow-private", "--max-bytes", "1000000"],
    );
    let run = faults_support::watch_capped(child, Duration::from_secs(20), CAP_KIB);
    assert!(
        run.peak_kib <= CAP_KIB,
        "20 gzipped sitemaps of 200 KB each took patuh past {CAP_KIB} KiB (killed at {} KiB): \
         inflated sitemaps are not bounded by --max-bytes",
        run.peak_kib
    );
    assert!(
        matches!(run.status.code(), Some(0 | 1 | 3)),
        "{:?}\n{}",
        run.status,
        run.stderr
    );
    assert_eq!(
        report(out.path(), &site_id(addr)).outcome,
        Outcome::Complete
    );
}
