//! The HTML pages: a site's text stays text, both languages, strict templates, the template
//! directory, and bad reports named while the others render.

use super::*;
use crate::ci::fixtures::{broken_link, report, report_at};
use crate::report::Status::{Found, Inconclusive, NotFound};
use crate::report::{EvidenceKind, Strength};

/// A report whose site text tries to become markup and links.
fn hostile() -> Report {
    let mut r = report_at(
        "kab-jahil",
        "javascript:alert(1)",
        &[
            ("fees", Found, &["<script>alert(1)</script>"]),
            ("timelines", NotFound, &[]),
            ("service_standard", Inconclusive, &[]),
        ],
    );
    r.site.name = Some("Kab <b>Jahil</b> \"quoted\"".to_string());
    r.site.extra.insert("provinsi".into(), "Papua".into());
    let fees = r.criteria.get_mut("fees").expect("fees");
    let mut broken = fees.evidence[0].clone();
    broken.kind = EvidenceKind::BrokenLink;
    broken.strength = Strength::Weak;
    broken.url = "https://kab-jahil.go.id/layanan".into();
    broken.link = Some("javascript:void(document.cookie)".into());
    broken.quote = "<img src=x onerror=alert(2)>".into();
    broken.status = Some(404);
    fees.evidence.push(broken);
    r
}

fn input(reports: Vec<Report>) -> Input {
    Input {
        reports,
        ..Input::default()
    }
}

/// minijinja also escapes `/` (as `&#x2f;`), which browsers read back as `/`.
fn slashes(html: String) -> String {
    html.replace("&#x2f;", "/")
}

fn brief(report: &Report, lang: Lang) -> String {
    let env = environment(None).expect("the embedded templates compile");
    slashes(render_brief(&env, &input(vec![report.clone()]), report, lang).expect("renders"))
}

#[test]
fn text_from_a_site_is_escaped_and_never_linked_unless_http() {
    let html = brief(&hostile(), Lang::Id);
    for raw in [
        "<script>alert(1)</script>",
        "<img src=x",
        "<b>Jahil</b>",
        "href=\"javascript:",
        "href=\"JAVASCRIPT:",
        "\"quoted\"",
    ] {
        assert!(!html.contains(raw), "{raw} is in the page raw");
    }
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("javascript:alert(1)"), "shown as text");
    assert!(html.contains("javascript:void(document.cookie)"));
    // The only scripts are the page's own: none in a brief.
    assert!(!html.to_lowercase().contains("<script"));
    // Every href is http(s), in-page or the overview.
    for part in html.split("href=\"").skip(1) {
        let ok = ["http://", "https://", "#", "index.html"]
            .iter()
            .any(|p| part.starts_with(p));
        assert!(ok, "href={}", &part[..part.len().min(40)]);
    }
}

#[test]
fn a_brief_shows_each_verdict_in_words_with_a_symbol_and_the_site_zone() {
    let html = brief(&hostile(), Lang::Id);
    assert!(html.contains("<html lang=\"id\">"));
    for word in ["Ditemukan", "Tidak ditemukan", "Tidak dapat diperiksa"] {
        assert!(html.contains(word), "{word}");
    }
    assert!(html.contains("\u{2713} Ditemukan") || html.contains("</span> Ditemukan"));
    assert!(html.contains("Periksa di lokasi: apakah jangka waktu penyelesaian dipajang?"));
    assert!(html.contains("Catatan:") && html.contains("Tanda tangan penilai"));
    // Papua keeps WIT: 2026-01-01T00:00:00Z is 09:00 there.
    assert!(html.contains("01-01-2026 09:00:00 WIT (UTC+9)"), "{html}");
    assert!(html.contains("Tautan rusak") && html.contains("(HTTP 404)"));
}

#[test]
fn english_pages_say_everything_in_english() {
    let report = hostile();
    let html = brief(&report, Lang::En);
    assert!(html.contains("<html lang=\"en\">"));
    for word in [
        "Found",
        "Not found",
        "Could not be checked",
        "Check on site:",
        "Notes:",
    ] {
        assert!(html.contains(word), "{word}");
    }
    for indonesian in ["Ditemukan", "Periksa di lokasi", "Tanda tangan", "Bukti"] {
        assert!(
            !html.contains(indonesian),
            "{indonesian} in the English brief"
        );
    }
    let env = environment(None).expect("templates");
    let overview = slashes(render_overview(&env, &input(vec![report]), Lang::En).expect("renders"));
    assert!(overview.contains("1 of 1 sites publish fees"), "{overview}");
    assert!(!overview.contains("situs"));
}

#[test]
fn a_template_naming_a_missing_field_fails() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("brief.html"),
        "<p>{{ site.letterhead }}</p>",
    )
    .expect("write");
    let env = environment(Some(dir.path())).expect("compiles");
    let report = report("kab-a", &[("fees", Found, &["Rp 0"])]);
    let err = render_brief(&env, &input(vec![report.clone()]), &report, Lang::Id)
        .expect_err("site.letterhead is not in the view");
    assert!(format!("{err:#}").contains("undefined"), "{err:#}");
}

#[test]
fn the_template_dir_replaces_only_the_templates_it_holds() {
    let dir = tempfile::tempdir().expect("tempdir");
    let letterhead = "<header>KANTOR PERWAKILAN {{ site.name }}</header>{{ t.summary }}";
    std::fs::write(dir.path().join("brief.html"), letterhead).expect("write");
    let reports = vec![report("kab-a", &[("fees", Found, &["Rp 0"])])];
    let out = dir.path().join("out");
    let options = Options {
        out: out.clone(),
        lang: Lang::Id,
        template_dir: Some(dir.path().to_path_buf()),
    };
    assert_eq!(render(&input(reports), &options).expect("renders"), 2);
    let brief = std::fs::read_to_string(out.join("kab-a.html")).expect("brief");
    assert_eq!(
        brief,
        "<header>KANTOR PERWAKILAN Pemerintah kab-a</header>Ringkasan per kriteria"
    );
    let index = slashes(std::fs::read_to_string(out.join("index.html")).expect("index"));
    assert!(index.contains("1 dari 1 situs mempublikasikan biaya/tarif"));
}

#[test]
fn bad_reports_are_named_and_the_others_still_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good =
        serde_json::to_string(&report("kab-a", &[("fees", Found, &["Rp 0"])])).expect("json");
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).expect("w");
    write("kab-a.json", &good);
    write("cut.json", &good[..good.len() / 2]);
    write(
        "old.json",
        &good
            .replace("\"schema_version\":1", "\"schema_version\":0")
            .replace("kab-a", "kab-old"),
    );
    write("summary.json", "{\"not\": \"a summary\"}");
    let input = Input::read_dir(dir.path()).expect("the directory reads");
    let ids: Vec<&str> = input.reports.iter().map(|r| r.site.id.as_str()).collect();
    assert_eq!(ids, ["kab-a"]);
    let failed: Vec<String> = input
        .failed
        .iter()
        .map(|f| format!("{}: {}", f.path.display(), f.reason))
        .collect();
    assert_eq!(failed.len(), 3, "{failed:#?}");
    assert!(
        failed[0].contains("cut.json is not valid JSON"),
        "{failed:#?}"
    );
    assert!(
        failed[1].contains("old.json has report schema version 0"),
        "{failed:#?}"
    );
    assert!(
        failed[2].contains("summary.json is not a patuh summary"),
        "{failed:#?}"
    );
    let env = environment(None).expect("templates");
    let overview = render_overview(&env, &input, Lang::Id).expect("renders");
    assert!(overview.contains("Laporan yang tidak dapat dibaca: 3"));
}

#[test]
fn the_overview_puts_regressions_first_and_groups_by_province() {
    let mut a = report("kab-a", &[("fees", Found, &["Rp 0"])]);
    let mut b = report("kab-b", &[("fees", NotFound, &[])]);
    let mut c = report("kab-c", &[("fees", NotFound, &[])]);
    a.site.extra.insert("provinsi".into(), "Bali".into());
    b.site.extra.insert("provinsi".into(), "Bali".into());
    c.site.extra.insert("provinsi".into(), "Aceh".into());
    let regression = crate::ci::Change {
        site: "kab-c".into(),
        criterion: Some("fees".into()),
        kind: crate::ci::ChangeKind::Regressed,
        before: Some(Found),
        after: Some(NotFound),
        detail: None,
    };
    let view = Overview::new(
        &[a, b, c],
        &[regression],
        Some("baseline/".into()),
        None,
        &[],
        Lang::Id,
    );
    let env = environment(None).expect("templates");
    let html = slashes(render_page(&env, "index.html", &view).expect("renders"));
    let at = |text: &str| html.find(text).unwrap_or_else(|| panic!("{text} missing"));
    assert!(
        at("provinsi: Aceh") < at("provinsi: Bali"),
        "the regressed group first"
    );
    assert!(
        at("kab-b.html") < at("kab-a.html"),
        "missing before found within a group"
    );
    assert!(html.contains("1 dari 3 situs mempublikasikan biaya/tarif"));
    assert!(html.contains("<option>Aceh</option>"));
}

#[test]
fn a_reason_reads_in_the_pages_language_with_the_reports_words_as_detail() {
    let mut r = report("kab-a", &[("fees", NotFound, &[])]);
    let fees = r.criteria.get_mut("fees").expect("fees");
    fees.reason = Some("the site links to pages for it that are not there: x (HTTP 404)".into());
    fees.reason_kind = Some(crate::report::ReasonKind::BrokenLinks);
    let mut broken = broken_link("https://kab-a.go.id/", "https://kab-a.go.id/sp/");
    fees.evidence.push(broken.clone());
    let html = brief(&r, Lang::Id);
    assert!(html.contains("tautan situs ke halamannya rusak"), "{html}");
    assert!(
        html.contains("Rincian (dari laporan): the site links"),
        "{html}"
    );
    // The link's own text, without the target and status the brief shows beside it.
    assert!(html.contains("&ldquo;Standar Pelayanan&rdquo;"), "{html}");
    let english = brief(&r, Lang::En);
    assert!(
        english.contains("the site&#x27;s links to it are broken")
            || english.contains("the site's links to it are broken"),
        "{english}"
    );
    // A quote of another shape is shown whole.
    broken.quote = "a dead menu item".into();
    r.criteria.get_mut("fees").expect("fees").evidence = vec![broken];
    assert!(brief(&r, Lang::Id).contains("&ldquo;a dead menu item&rdquo;"));
}

#[test]
fn a_report_whose_id_cannot_name_a_file_in_the_output_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (file, id) in [
        ("a.json", "../../escape"),
        ("b.json", "index"),
        ("c.json", "kab-ok"),
    ] {
        let text = serde_json::to_string(&report(id, &[("fees", Found, &["Rp 0"])])).expect("json");
        std::fs::write(dir.path().join(file), text).expect("write");
    }
    let input = Input::read_dir(dir.path()).expect("reads");
    let ids: Vec<&str> = input.reports.iter().map(|r| r.site.id.as_str()).collect();
    assert_eq!(ids, ["kab-ok"]);
    let reasons: Vec<&str> = input.failed.iter().map(|f| f.reason.as_str()).collect();
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("cannot name a report file")),
        "{reasons:?}"
    );
    assert!(
        reasons.iter().any(|r| r.contains("overwrite the overview")),
        "{reasons:?}"
    );
}
