//! `patuh report` and `--html` end to end: the fixture sites are crawled from their saved
//! copies, rendered, and a brief is printed to PDF by headless Chromium and read back with
//! `pdftotext` (skipped with a message when Chromium is missing, a failure under `CI`).

mod common;

use std::path::Path;
use std::process::Command;

use common::{assert_exit, assert_ran, crawl, fixtures, patuh};

/// Crawls every fixture site into `out` with `--html`.
fn crawl_fixtures(out: &Path) {
    let mirror = fixtures("web");
    let sites = fixtures("sites.csv");
    let args = [
        "--mirror",
        mirror.to_str().expect("UTF-8 path"),
        "--sites",
        sites.to_str().expect("UTF-8 path"),
        "--html",
        "--user-agent",
        USER_AGENT,
    ];
    assert_ran(&crawl(out, &args));
}

/// The crawl's own User-Agent, which each brief's method names.
const USER_AGENT: &str = "patuh-test/1 (ombudsman assessment)";

fn read(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()))
        .replace("&#x2f;", "/")
}

#[test]
fn a_crawl_with_html_and_patuh_report_render_every_site_offline() {
    let out = tempfile::tempdir().expect("tempdir");
    crawl_fixtures(out.path());
    let reports = std::fs::read_dir(out.path())
        .expect("list")
        .filter(|e| {
            let path = e.as_ref().expect("entry").path();
            path.extension().is_some_and(|x| x == "json")
                && path.file_name().is_some_and(|n| n != "summary.json")
        })
        .count();
    let html_dir = out.path().join("html");
    assert!(
        html_dir.join("index.html").is_file(),
        "--html wrote the overview"
    );
    let brief = read(&html_dir.join("kota-sejahtera.html"));
    assert!(
        brief.contains(USER_AGENT),
        "the method names the User-Agent used"
    );
    // Render again elsewhere, in English: the reports alone are enough.
    let again = out.path().join("en");
    let output = patuh(&[
        "report",
        out.path().to_str().expect("UTF-8"),
        "--out",
        again.to_str().expect("UTF-8"),
        "--lang",
        "en",
    ]);
    assert_exit(&output, 0);
    let briefs = std::fs::read_dir(&again).expect("list").count() - 1;
    assert_eq!(briefs, reports, "one brief per report");

    let brief = read(&html_dir.join("kab-sukamaju.html"));
    for text in [
        "<html lang=\"id\">",
        "Pemerintah Kabupaten Sukamaju",
        "WIB (UTC+7)",
        "Jawa Barat",
        "Ditemukan",
        "<svg class=\"qr\"",
        "Tanda tangan penilai",
    ] {
        assert!(brief.contains(text), "{text} not in the brief");
    }
    for network in ["<link ", "src=\"http", "@import", "url(http"] {
        assert!(
            !brief.contains(network),
            "{network}: the brief needs the network"
        );
    }
    let index = read(&html_dir.join("index.html"));
    assert!(index.contains("href=\"kab-sukamaju.html\""));
    assert!(
        index.contains("provinsi: Jawa Barat"),
        "grouped by the CSV's provinsi"
    );
    assert!(index.contains("dari 33 situs mempublikasikan biaya/tarif"));
    let english = read(&again.join("index.html"));
    assert!(english.contains("of 33 sites publish fees"));
}

#[test]
fn a_bad_report_is_named_the_others_render_and_the_exit_is_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = std::fs::read_to_string(fixtures("golden/kota-sejahtera.json")).expect("golden");
    std::fs::write(dir.path().join("kota-sejahtera.json"), &good).expect("write");
    std::fs::write(dir.path().join("torn.json"), &good[..100]).expect("write");
    let output = patuh(&["report", dir.path().to_str().expect("UTF-8")]);
    assert_exit(&output, 1);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("torn.json is not valid JSON"), "{stderr}");
    assert!(dir.path().join("html/kota-sejahtera.html").is_file());

    let missing = patuh(&["report", "/nonexistent/patuh-reports"]);
    assert_exit(&missing, 2);
}

fn on_path(program: &str) -> bool {
    Command::new(program).arg("--version").output().is_ok()
}

#[test]
fn a_brief_prints_to_a_few_a4_pages_with_every_criterion_and_verdict() {
    let tools = ["chromium", "pdftotext", "pdfinfo"];
    if let Some(missing) = tools.iter().find(|t| !on_path(t)) {
        assert!(
            std::env::var_os("CI").is_none(),
            "{missing} is not installed; .ci/run installs chromium and poppler-utils"
        );
        eprintln!("skipped: {missing} is not installed (apt-get install chromium poppler-utils)");
        return;
    }
    let out = tempfile::tempdir().expect("tempdir");
    crawl_fixtures(out.path());
    let brief = out.path().join("html/kab-sukamaju.html");
    let pdf = out.path().join("brief.pdf");
    let chromium = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
        ])
        .arg(format!(
            "--user-data-dir={}",
            out.path().join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", brief.display()))
        .output()
        .expect("chromium runs");
    assert!(
        pdf.is_file(),
        "no PDF; chromium said:\n{}",
        String::from_utf8_lossy(&chromium.stderr)
    );
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8_lossy(&text.stdout).replace('\n', " ");
    let report = common::report(out.path(), "kab-sukamaju");
    assert!(text.contains("Pemerintah Kabupaten Sukamaju"), "{text}");
    for name in [
        "Standar pelayanan",
        "Biaya/tarif",
        "Jangka waktu penyelesaian",
        "Sarana pengaduan",
    ] {
        assert!(text.contains(name), "{name} not in the PDF");
    }
    for criterion in report.criteria.values() {
        let word = match criterion.status {
            patuh::report::Status::Found => "Ditemukan",
            patuh::report::Status::NotFound => "Tidak ditemukan",
            patuh::report::Status::Inconclusive => "Tidak dapat diperiksa",
        };
        assert!(text.contains(word), "{word} not in the PDF");
    }
    let info = Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .expect("pdfinfo runs");
    let info = String::from_utf8_lossy(&info.stdout);
    let pages: u32 = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count in:\n{info}"));
    assert!(info.contains("(A4)"), "{info}");
    assert!((1..=4).contains(&pages), "{pages} pages");
}

#[test]
fn crawl_html_takes_the_language_and_templates_of_patuh_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sites = dir.path().join("sites.csv");
    let row = "id,name,url,provinsi\nkota-sejahtera,Pemerintah Kota Sejahtera,http://kotasejahtera.go.id/,Kalimantan Timur\n";
    std::fs::write(&sites, row).expect("write sites");
    let templates = dir.path().join("kop");
    std::fs::create_dir(&templates).expect("mkdir");
    std::fs::write(templates.join("style.css"), "body { color: #123456; }").expect("write");
    let mirror = fixtures("web");
    let html_crawl = |out: &Path, templates: &Path, extra: &[&str]| {
        let mut args = vec![
            "--mirror",
            mirror.to_str().expect("UTF-8 path"),
            "--sites",
            sites.to_str().expect("UTF-8 path"),
            "--html",
            "--html-template-dir",
            templates.to_str().expect("UTF-8 path"),
        ];
        args.extend_from_slice(extra);
        crawl(out, &args)
    };
    let out = dir.path().join("out");
    assert_ran(&html_crawl(&out, &templates, &["--html-lang", "en"]));
    let brief = read(&out.join("html/kota-sejahtera.html"));
    assert!(brief.contains("lang=\"en\""), "English pages");
    assert!(brief.contains("#123456"), "the letterhead's stylesheet");
    // A template directory that is not one stops the run before any request.
    let again = dir.path().join("again");
    let output = html_crawl(&again, &dir.path().join("no-such-dir"), &[]);
    assert_exit(&output, 2);
    assert!(String::from_utf8_lossy(&output.stderr).contains("no-such-dir"));
    assert!(
        !again.join("kota-sejahtera.json").exists(),
        "nothing was crawled"
    );
    // The HTML options mean nothing without --html.
    let output = crawl(
        &again,
        &["--html-lang", "en", "http://kotasejahtera.go.id/"],
    );
    assert_exit(&output, 2);
}
