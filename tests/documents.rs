//! Documents, charsets, images and JavaScript end to end: evidence from a PDF names its page,
//! hostile documents are errors on those documents only, text extraction is time-limited, a
//! windows-1252 site reads right, and an application shell is recorded as one.

mod common;

use axum::Router;
use axum::http::header;
use axum::routing::get;
use common::{assert_ran, crawl, fixtures, html, report, serve};
use patuh::report::Status;

fn mirror_crawl(out: &std::path::Path, url: &str, extra: &[&str]) {
    let mirror = fixtures("web");
    let mut args = vec!["--mirror", mirror.to_str().expect("utf-8"), url];
    args.extend_from_slice(extra);
    assert_ran(&crawl(out, &args));
}

#[test]
fn evidence_from_a_pdf_names_the_document_and_its_page() {
    let out = tempfile::tempdir().expect("temp dir");
    mirror_crawl(out.path(), "http://sungaijernihkab.go.id/", &[]);
    let report = report(out.path(), "sungaijernihkab.go.id");
    let fees = &report.criteria["fees"];
    assert_eq!(fees.status, Status::Found);
    let from_pdf = fees
        .evidence
        .iter()
        .find(|e| e.url.ends_with("SK-Standar-Pelayanan-DPMPTSP-2024.pdf"))
        .expect("fee evidence from the PDF");
    assert_eq!(from_pdf.page, Some(2), "{from_pdf:?}");
    assert!(
        from_pdf.quote.contains("Tidak dipungut biaya"),
        "{from_pdf:?}"
    );
    let pdf = report
        .pages
        .iter()
        .find(|p| p.url.ends_with(".pdf"))
        .expect("PDF page");
    assert_eq!(pdf.document_pages, Some(2));
}

#[test]
fn office_documents_are_read_too() {
    let out = tempfile::tempdir().expect("temp dir");
    mirror_crawl(out.path(), "http://dinsos.sungaijernihkab.go.id/", &[]);
    let report = report(out.path(), "dinsos.sungaijernihkab.go.id");
    for criterion in [
        "service_standard",
        "fees",
        "timelines",
        "complaint_channels",
    ] {
        let c = &report.criteria[criterion];
        assert_eq!(c.status, Status::Found, "{criterion}");
        assert!(
            c.evidence
                .iter()
                .any(|e| e.url.ends_with(".docx") || e.url.ends_with(".xlsx")),
            "{criterion}: {:?}",
            c.evidence
        );
    }
}

/// A site linking one good PDF and the hostile samples of fixtures/documents.
fn hostile_site() -> std::net::SocketAddr {
    let read = |name: &str| std::fs::read(fixtures("documents").join(name)).expect("fixture");
    let (good, truncated, fake, bomb) = (
        read("standar.pdf"),
        read("truncated.pdf"),
        read("not-a-pdf.pdf"),
        read("bomb.docx"),
    );
    let pdf = |bytes: Vec<u8>| {
        move || async move { ([(header::CONTENT_TYPE, "application/pdf")], bytes) }
    };
    let docx = move || async move {
        (
            [(
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            )],
            bomb,
        )
    };
    serve(
        Router::new()
            .route(
                "/",
                get(|| async {
                    html(
                        "Unduhan",
                        "<a href=\"/sp.pdf\">Standar Pelayanan</a> <a href=\"/rusak.pdf\">SOP</a>\
                         <a href=\"/palsu.pdf\">Maklumat</a> <a href=\"/bom.docx\">Standar Pelayanan (Word)</a>",
                    )
                }),
            )
            .route("/sp.pdf", get(pdf(good)))
            .route("/rusak.pdf", get(pdf(truncated)))
            .route("/palsu.pdf", get(pdf(fake)))
            .route("/bom.docx", get(docx)),
    )
}

#[test]
fn hostile_documents_are_errors_on_those_documents_only() {
    let addr = hostile_site();
    let out = tempfile::tempdir().expect("temp dir");
    let url = format!("http://{addr}/");
    let started = std::time::Instant::now();
    assert_ran(&crawl(out.path(), &[&url, "--allow-private"]));
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    let report = report(out.path(), &format!("127.0.0.1-{}", addr.port()));
    let page = |path: &str| {
        report
            .pages
            .iter()
            .find(|p| p.url.ends_with(path))
            .unwrap_or_else(|| panic!("{path} in {:#?}", report.pages))
    };
    assert_eq!(page("/sp.pdf").error, None);
    for bad in ["/rusak.pdf", "/palsu.pdf", "/bom.docx"] {
        assert!(page(bad).error.is_some(), "{:?}", page(bad));
    }
    assert_eq!(
        report.criteria["fees"].status,
        Status::Found,
        "the good PDF still counts"
    );
}

#[test]
fn text_extraction_is_stopped_at_its_time_limit() {
    let addr = hostile_site();
    let out = tempfile::tempdir().expect("temp dir");
    let url = format!("http://{addr}/");
    assert_ran(&crawl(
        out.path(),
        &[&url, "--allow-private", "--extract-timeout", "1ms"],
    ));
    let report = report(out.path(), &format!("127.0.0.1-{}", addr.port()));
    let pdf = report
        .pages
        .iter()
        .find(|p| p.url.ends_with("/sp.pdf"))
        .expect("pdf");
    let error = pdf.error.as_deref().unwrap_or("");
    assert!(error.contains("longer than"), "{error}");
}

#[test]
fn a_memory_limit_used_up_at_start_is_refused_with_the_reason() {
    // The child's own start (program, libraries, the allocator's first reservation) takes tens
    // of MB of address space; under a limit it has mostly used already, extraction would fail
    // at random, so the child refuses it before reading.
    let pdf = std::fs::File::open(fixtures("documents/standar.pdf")).expect("fixture PDF");
    let limit = (32u64 << 20).to_string();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_patuh"))
        .args(["extract-text", "--kind", "pdf", "--max-memory", &limit])
        .stdin(pdf)
        .output()
        .expect("the patuh binary runs");
    let said = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{said}");
    assert!(said.contains("leaves the document no room"), "{said}");
}

#[test]
fn a_windows_1252_site_is_read_as_written() {
    let out = tempfile::tempdir().expect("temp dir");
    mirror_crawl(out.path(), "http://kotalama.go.id/", &[]);
    let report = report(out.path(), "kotalama.go.id");
    let fee = &report.criteria["fees"].evidence[0];
    // A no-break space (0xA0) and an en dash (0x96) in windows-1252, undeclared on that page.
    assert!(fee.quote.contains("Rp 25.000,-"), "{fee:?}");
    assert!(
        !fee.quote.contains('\u{fffd}'),
        "no replacement characters: {fee:?}"
    );
}

#[test]
fn javascript_shells_and_posters_are_inconclusive_with_the_reason() {
    let out = tempfile::tempdir().expect("temp dir");
    mirror_crawl(out.path(), "http://kotaaplikasi.go.id/", &[]);
    let app = report(out.path(), "kotaaplikasi.go.id");
    assert!(app.pages[0].needs_javascript);
    let reason = app.criteria["service_standard"]
        .reason
        .as_deref()
        .unwrap_or("");
    assert!(reason.contains("JavaScript"), "{reason}");

    mirror_crawl(out.path(), "http://bumiasri.desa.id/", &[]);
    let desa = report(out.path(), "bumiasri.desa.id");
    let standard = &desa.criteria["service_standard"];
    assert_eq!(standard.status, Status::Inconclusive);
    assert!(standard.reason.as_deref().unwrap_or("").contains("image"));
    assert!(
        standard.evidence[0]
            .link
            .as_deref()
            .unwrap_or("")
            .ends_with(".jpg")
    );
    assert_eq!(desa.criteria["fees"].status, Status::Inconclusive);
}
