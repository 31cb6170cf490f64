//! TLS faults: a self-signed and an expired certificate on loopback. patuh names the certificate
//! problem and `--insecure` in the report, sends no request through a connection it does not
//! trust, and with `--insecure` reads the site. A healthy site runs beside each.

mod common;
#[path = "common/faults.rs"]
mod faults_support;

use std::sync::atomic::Ordering;

use common::report;
use faults_support::{crawl_beside_healthy, page, site_id, tls_site};
use patuh::report::{Outcome, Status};

/// Crawls the HTTPS site without and then with `--insecure`.
fn refused_then_read(expired: bool, named: &[&str]) {
    let (addr, served) = tls_site(expired);
    let url = format!("https://{addr}/");

    let out = tempfile::tempdir().expect("temp dir");
    crawl_beside_healthy(out.path(), &[&url], &["--retries", "1"]);
    let refused = report(out.path(), &site_id(addr));
    assert_eq!(
        refused.outcome,
        Outcome::Unreachable,
        "{:?}",
        refused.reason
    );
    let reason = refused.reason.as_deref().unwrap_or("");
    eprintln!("reason: {reason}");
    for word in named.iter().chain(&["certificate", "--insecure"]) {
        assert!(
            reason.contains(word),
            "{word:?} not in the reason: {reason}"
        );
    }
    for (key, criterion) in &refused.criteria {
        assert_eq!(criterion.status, Status::Inconclusive, "{key}");
        let why = criterion.reason.as_deref().unwrap_or("");
        assert!(why.contains("certificate"), "{key}: {why}");
    }
    assert_eq!(
        served.load(Ordering::SeqCst),
        0,
        "a request went through an untrusted connection"
    );

    let out = tempfile::tempdir().expect("temp dir");
    crawl_beside_healthy(out.path(), &[&url, "--insecure"], &["--retries", "1"]);
    let read = report(out.path(), &site_id(addr));
    assert_eq!(read.outcome, Outcome::Complete, "{:?}", read.reason);
    let home = page(&read, "/");
    assert_eq!(
        (home.status, home.title.as_deref()),
        (Some(200), Some("Aman")),
        "{home:?}"
    );
    assert_eq!(page(&read, "/layanan").status, Some(200));
}

#[test]
fn a_self_signed_certificate_is_a_certificate_problem_unless_insecure() {
    refused_then_read(false, &[]);
}

#[test]
fn an_expired_certificate_is_named_as_expired_unless_insecure() {
    refused_then_read(true, &["xpired"]);
}
