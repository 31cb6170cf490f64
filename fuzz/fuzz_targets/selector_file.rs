//! Fuzzes selector-file loading: any bytes as `<stem>.toml` must give a site and a profile, or
//! problems that each say what is wrong; a loaded profile must judge a page without panicking.

#![no_main]

use libfuzzer_sys::fuzz_target;

const PROBE_PAGE: &str = "<html><head><title>Standar Pelayanan</title></head><body>\
    <table><tr><td>Biaya / Tarif</td><td>Tidak dipungut biaya</td></tr></table></body></html>";

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("kab-fuzz.toml");
    std::fs::write(&path, data).expect("write");
    match patuh::profile::load_site_file(&path) {
        Ok((site, profile)) => {
            assert!(!site.id.is_empty());
            let url = url::Url::parse("https://contohkab.go.id/layanan/").expect("url");
            let html = patuh::document::parse_html(PROBE_PAGE.as_bytes(), None);
            let _ = patuh::detect::judge_html(&profile, &url, &html);
            let _ = patuh::detect::judge_text(&profile, &url, PROBE_PAGE);
        }
        Err(problems) => {
            assert!(!problems.is_empty());
            for problem in &problems {
                assert!(!problem.message.trim().is_empty(), "{problem:?}");
            }
        }
    }
});
