//! The command line: site sources (URLs, CSV, selector files), the address guard switches,
//! `--resolve`, and the exit codes of bad input.

mod common;

use axum::Router;
use axum::routing::get;
use common::{assert_exit, assert_ran, crawl, crawl_mirror, html, patuh, report, serve};
use patuh::report::Outcome;

#[test]
fn loopback_is_refused_without_allow_private() {
    let addr = serve(Router::new().route("/", get(|| async { html("x", "x") })));
    let out = tempfile::tempdir().expect("temp dir");
    let url = format!("http://{addr}/");
    let output = crawl(out.path(), &[&url]);
    assert_exit(&output, 3);
    let report = report(out.path(), &format!("127.0.0.1-{}", addr.port()));
    assert_eq!(report.outcome, Outcome::Unreachable);
    let reason = report.reason.unwrap_or_default();
    assert!(
        reason.contains("internal address") && reason.contains("--allow-private"),
        "{reason}"
    );
}

#[test]
fn resolve_pins_a_name_and_the_guard_checks_the_pin() {
    let addr = serve(Router::new().route("/", get(|| async { html("Pinned", "ok") })));
    let url = format!("http://pinnedkab.go.id:{}/", addr.port());
    // 127.0.0.2 plays an internal address: the pin is refused without --allow-private.
    let pin_internal = format!("pinnedkab.go.id:{}:127.0.0.2", addr.port());
    let out = tempfile::tempdir().expect("temp dir");
    assert_exit(&crawl(out.path(), &[&url, "--resolve", &pin_internal]), 3);
    let refused = report(out.path(), &format!("pinnedkab.go.id-{}", addr.port()));
    assert!(refused.reason.unwrap_or_default().contains("127.0.0.2"));

    let pin = format!("pinnedkab.go.id:{}:127.0.0.1", addr.port());
    let out = tempfile::tempdir().expect("temp dir");
    assert_ran(&crawl(
        out.path(),
        &[&url, "--resolve", &pin, "--allow-private"],
    ));
    let pinned = report(out.path(), &format!("pinnedkab.go.id-{}", addr.port()));
    assert_eq!(pinned.outcome, Outcome::Complete);
    assert_eq!(pinned.pages[0].title.as_deref(), Some("Pinned"));
}

#[test]
fn a_csv_list_crawls_every_row_under_its_id() {
    let out = tempfile::tempdir().expect("temp dir");
    let csv = out.path().join("sites.csv");
    std::fs::write(
        &csv,
        "id,name,url\nkab-contoh,Kabupaten Contoh,http://contohkab.go.id/\nkab-baru,Kabupaten Baru,http://barukab.go.id/\n",
    )
    .expect("write csv");
    let reports = out.path().join("reports");
    let output = crawl_mirror(&reports, &["--sites", csv.to_str().expect("utf-8")]);
    assert_ran(&output);
    let contoh = report(&reports, "kab-contoh");
    assert_eq!(contoh.site.name.as_deref(), Some("Kabupaten Contoh"));
    assert!(contoh.pages.len() > 5);
    assert_eq!(report(&reports, "kab-baru").outcome, Outcome::Complete);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout
            .lines()
            .next()
            .unwrap_or("")
            .starts_with("kab-baru  complete"),
        "{stdout}"
    );
}

#[test]
fn a_selector_file_gives_id_name_url_and_seeds() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("kab-contoh.toml");
    std::fs::write(
        &file,
        "name = \"Kabupaten Contoh\"\nurl = \"http://contohkab.go.id/profil/\"\nseeds = [\"http://contohkab.go.id/layanan/\"]\n",
    )
    .expect("write selector file");
    let reports = dir.path().join("reports");
    assert_ran(&crawl_mirror(
        &reports,
        &[file.to_str().expect("utf-8"), "--max-depth", "1"],
    ));
    let report = report(&reports, "kab-contoh");
    assert_eq!(report.site.url, "http://contohkab.go.id/profil/");
    let urls = common::page_urls(&report);
    assert!(urls.contains(&"http://contohkab.go.id/layanan/standar-pelayanan/".to_string()));
}

#[test]
fn bad_input_exits_2_and_names_the_problem() {
    let out = tempfile::tempdir().expect("temp dir");
    let csv = out.path().join("dup.csv");
    std::fs::write(
        &csv,
        "id,name,url\na,A,https://a.go.id/\na,B,https://b.go.id/\n",
    )
    .expect("csv");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["http://a.go.id/", "--resolve", "a.go.id:80"],
            "HOST:PORT:ADDR",
        ),
        (vec!["ftp://a.go.id/"], "only http and https"),
        (vec!["--sites", csv.to_str().expect("utf-8")], "dup.csv:3"),
        (vec![], "no sites to crawl"),
        (vec!["http://a.go.id/", "--per-host", "0"], "--per-host"),
        (vec!["http://a.go.id/", "--timeout", "soon"], "250ms"),
    ];
    for (args, message) in cases {
        let output = crawl(out.path(), &args);
        assert_exit(&output, 2);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    assert!(
        !out.path().join("a.go.id.json").exists(),
        "no request was made"
    );
}

#[test]
fn version_and_help_work() {
    let output = patuh(&["--version"]);
    assert_ran(&output);
    assert!(String::from_utf8_lossy(&output.stdout).contains(env!("CARGO_PKG_VERSION")));
    let help = patuh(&["crawl", "--help"]);
    assert!(String::from_utf8_lossy(&help.stdout).contains("--allow-private"));
}
