//! Selector files as users write them: `patuh selectors check`, a crawl that refuses to start
//! on a broken file, and site rules that add to or switch off the embedded default.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use axum::Router;
use axum::routing::get;
use common::{assert_exit, assert_ran, crawl, html, patuh, report, serve};
use patuh::report::Status;

#[test]
fn check_lists_every_problem_with_file_and_line_and_exits_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("kab-rusak.toml");
    std::fs::write(
        &bad,
        concat!(
            "url = \"https://rusakkab.go.id/\"\n",
            "colour = \"red\"\n",
            "[[rule]]\n",
            "criterion = \"fee\"\n",
            "select = \"td[\"\n",
            "\n",
            "[[rule]]\n",
            "criterion = \"fees\"\n",
            "text = \"(Rp\"\n",
            "url = \"/layanan/[\"\n",
        ),
    )
    .expect("write");
    let output = patuh(&["selectors", "check", dir.path().to_str().expect("utf-8")]);
    assert_exit(&output, 2);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let file = bad.display().to_string();
    for (line, what) in [
        (2, "colour"),
        (4, "fee"),
        (5, "CSS"),
        (9, "regex"),
        (10, "glob"),
    ] {
        let prefix = format!("{file}:{line}: ");
        assert!(
            stdout
                .lines()
                .any(|l| l.starts_with(&prefix) && l.contains(what)),
            "no `{prefix}…{what}…` in:\n{stdout}"
        );
    }
}

#[test]
fn the_shipped_selector_files_are_valid() {
    let selectors = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("selectors");
    let output = patuh(&["selectors", "check", selectors.to_str().expect("utf-8")]);
    assert_exit(&output, 0);
    let example = common::fixtures("selectors");
    assert_exit(
        &patuh(&["selectors", "check", example.to_str().expect("utf-8")]),
        0,
    );
}

#[test]
fn a_crawl_with_a_broken_selector_file_makes_no_request() {
    let hits = Arc::new(AtomicU32::new(0));
    let app = Router::new().fallback({
        let hits = Arc::clone(&hits);
        move || async move {
            hits.fetch_add(1, Ordering::SeqCst);
            html("x", "x")
        }
    });
    let addr = serve(app);
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("kab-x.toml");
    std::fs::write(
        &file,
        format!("url = \"http://{addr}/\"\n[[rule]]\ncriterion = \"fees\"\nselect = \"::\"\n"),
    )
    .expect("write");
    let output = crawl(
        dir.path(),
        &[file.to_str().expect("utf-8"), "--allow-private"],
    );
    assert_exit(&output, 2);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("{}:4:", file.display())),
        "{stderr}"
    );
    assert_eq!(
        hits.load(Ordering::SeqCst),
        0,
        "no request before the files are valid"
    );
}

/// A site whose fees sit in a layout the default profile does not know, and whose only
/// complaint channel is a LAPOR! logo.
fn odd_site() -> std::net::SocketAddr {
    serve(Router::new().route(
        "/",
        get(|| async {
            html(
                "Layanan",
                "<div class=\"kartu\"><span class=\"judul\">Ongkos</span>\
                 <span class=\"isi\">Lima belas ribu rupiah per berkas</span></div>\
                 <footer><a href=\"https://www.lapor.go.id\"><img src=\"/l.png\" alt=\"\"></a></footer>",
            )
        }),
    ))
}

#[test]
fn a_site_file_adds_rules_and_switches_default_rules_off() {
    let addr = odd_site();
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("http://{addr}/");
    // Without a site file: the default misses the fee and finds the LAPOR! logo.
    assert_ran(&crawl(dir.path(), &[&url, "--allow-private"]));
    let plain = report(dir.path(), &format!("127.0.0.1-{}", addr.port()));
    assert_eq!(plain.criteria["fees"].status, Status::NotFound);
    assert_eq!(plain.criteria["complaint_channels"].status, Status::Found);

    let file = dir.path().join("kab-aneh.toml");
    std::fs::write(
        &file,
        format!(
            "name = \"Kabupaten Aneh\"\nurl = \"{url}\"\ndisable = [\"complaint-lapor-link\"]\n\n\
             [[rule]]\nid = \"ongkos-kartu\"\ncriterion = \"fees\"\n\
             select = \".kartu\"\ntext = \"(?i)ongkos.*rupiah\"\n"
        ),
    )
    .expect("write");
    assert_ran(&crawl(
        dir.path(),
        &[file.to_str().expect("utf-8"), "--allow-private"],
    ));
    let tuned = report(dir.path(), "kab-aneh");
    let fees = &tuned.criteria["fees"];
    assert_eq!(fees.status, Status::Found);
    assert_eq!(fees.evidence[0].rule, "ongkos-kartu");
    assert_eq!(fees.evidence[0].selector.as_deref(), Some(".kartu"));
    assert!(fees.evidence[0].quote.contains("Lima belas ribu"));
    assert!(
        tuned.criteria["complaint_channels"]
            .evidence
            .iter()
            .all(|e| e.rule != "complaint-lapor-link")
    );
    assert_eq!(
        tuned.site.selector_file.as_deref(),
        Some(file.to_str().expect("utf-8"))
    );
}
