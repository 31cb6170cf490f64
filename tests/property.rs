//! Property tests: the parsers and detectors that see bytes from the network or a user never
//! panic — selector files, HTML (any bytes, any declared charset), plain text, sitemaps — and
//! URL normalisation is stable. Inputs mix random bytes with the fragments real pages are made
//! of (tables, "Biaya", "Rp", NBSP, invalid UTF-8…) so the interesting paths are exercised.
//! A few thousand cases in all; a few seconds in a debug build.

use patuh::profile::{Profile, load_site_file};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use url::Url;

/// Pieces of Indonesian government pages, the markup around them, and encoding traps.
const HTML_FRAGMENTS: &[&str] = &[
    "<!doctype html>",
    "<html>",
    "<head>",
    "<body>",
    "</body>",
    "<title>",
    "</title>",
    "<meta charset=\"",
    "windows-1252",
    "utf-16",
    "\">",
    "<base href=\"",
    "<table>",
    "</table>",
    "<tr>",
    "</tr>",
    "<td>",
    "</td>",
    "<th>",
    "<thead>",
    "<p>",
    "</p>",
    "<li>",
    "<ul>",
    "<dl>",
    "<dt>",
    "<dd>",
    "<h2>",
    "</h2>",
    "<div id=\"standar\">",
    "</div>",
    "<a href=\"",
    "</a>",
    "https://lapor.go.id",
    "https://wa.me/6281234567890",
    "/layanan/standar-pelayanan",
    "javascript:void(0)",
    "mailto:pengaduan@contohkab.go.id",
    "<img alt=\"",
    "src=\"",
    "<iframe src=\"",
    "/sp.pdf",
    "<script>",
    "</script>",
    "<noscript>",
    "</noscript>",
    "<style>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<select><option>",
    "<svg><foreignObject>",
    "<template>",
    "<br>",
    "Biaya",
    "Biaya / Tarif",
    "Biaya/ Tarif",
    "Tarif",
    "Rp",
    "Rp.",
    "Rp 0",
    "Rp. 0,-",
    "Rp 50.000",
    "Gratis",
    "Tidak dipungut biaya",
    "retribusi sesuai Perda",
    "materai Rp 10.000",
    "Standar Pelayanan",
    "STANDAR PELAYANAN",
    "NO",
    "KOMPONEN",
    "URAIAN",
    "Persyaratan",
    "Sistem, Mekanisme dan Prosedur",
    "Jangka Waktu Penyelesaian",
    "Jangka Waktu Penyelesian",
    "3 (tiga) hari kerja",
    "60 menit",
    "Selesai 1 Hari",
    "Waktu Pelayanan",
    "Senin–Jumat 08.00–16.00",
    "Produk Pelayanan",
    "Penanganan Pengaduan",
    "Pengaduan, Saran dan Masukan",
    "SP4N-LAPOR!",
    "SPAN LAPOR",
    "LAPOR!",
    "SMS 1708",
    "WhatsApp 0812-3456-7890",
    "Kotak Saran",
    "Maklumat Pelayanan",
    "SKM",
    "IKM",
    "SPM",
    "PPID",
    "\u{a0}",
    "&nbsp;",
    "\u{200b}",
    "\u{feff}",
    "\u{fb01}",
    "\u{ff21}",
    "\u{2013}",
    "\u{202e}",
    "&#0;",
    "&#xD800;",
    "&#x110000;",
    "&amp",
    "&lt;",
    "|",
    "/",
    ":",
    " ",
    "  ",
    "\n",
    "\t",
    "\r\n",
    "é",
    "ß",
    "İ",
    "ǅ",
    "\u{301}",
];

/// Invalid or awkward byte sequences.
const BYTE_TRAPS: &[&[u8]] = &[
    b"\xff",
    b"\xfe",
    b"\xc3",
    b"\xc3\x28",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    b"\xe2\x82",
    b"\0",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\x1f\x8b",
    b"%PDF-1.7",
    b"\x89PNG",
];

fn html_piece() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        8 => select(HTML_FRAGMENTS).prop_map(|s| s.as_bytes().to_vec()),
        2 => "[a-zA-Z0-9 .,:/-]{0,12}".prop_map(String::into_bytes),
        1 => select(BYTE_TRAPS).prop_map(<[u8]>::to_vec),
        1 => vec(any::<u8>(), 0..12),
        1 => any::<String>().prop_map(String::into_bytes),
    ]
}

fn html_bytes() -> impl Strategy<Value = Vec<u8>> {
    vec(html_piece(), 0..80).prop_map(|pieces| pieces.concat())
}

fn content_type() -> impl Strategy<Value = Option<&'static str>> {
    select(
        &[
            None,
            Some("text/html"),
            Some("text/html; charset=utf-8"),
            Some("text/html; charset=windows-1252"),
            Some("text/html; charset=utf-16le"),
            Some("text/html; charset=\"iso-2022-jp\""),
            Some("text/html; charset=bogus"),
            Some("text/html; charset="),
            Some(";;;charset"),
        ][..],
    )
}

fn page_url() -> impl Strategy<Value = Url> {
    select(
        &[
            "https://contohkab.go.id/",
            "https://contohkab.go.id/layanan/standar-pelayanan/biaya",
            "http://dukcapil.contohkab.go.id/sp.pdf?unduh=1#hal-2",
            "http://127.0.0.1:8080/a/b/../c/",
            "https://xn--contoh-9ua.go.id/%E2%82%AC/",
        ][..],
    )
    .prop_map(|u| Url::parse(u).expect("test URL"))
}

const TOML_KEYS: &[&str] = &[
    "name",
    "url",
    "seeds",
    "hosts",
    "disable",
    "id",
    "criterion",
    "select",
    "text",
    "exclude",
    "context",
    "attr",
    "strength",
    "source",
    "unknown",
    "rule",
    "Name",
    "\"quoted key\"",
    "a.b",
];

const TOML_VALUES: &[&str] = &[
    "\"Pemerintah Kabupaten Contoh\"",
    "\"https://contohkab.go.id/\"",
    "\"http://\"",
    "\"ftp://x\"",
    "\"not a url\"",
    "\"\"",
    "[\"https://contohkab.go.id/layanan\"]",
    "[\"dukcapil.contohkab.go.id\", 3]",
    "[]",
    "[[]]",
    "\"fees\"",
    "\"timelines\"",
    "\"complaint_channels\"",
    "\"service_standard\"",
    "\"nope\"",
    "\"tr, p, li, dd\"",
    "\"#standar table tr:nth-child(2n+1) > td\"",
    "\"##\"",
    "\"a[\"",
    "\":has(\"",
    "\"(?i)biaya|tarif\"",
    "\"(\"",
    "\"[z-a]\"",
    "\"\\\\p{Foo}\"",
    "\"(?i)\"",
    "\"a{99999}\"",
    "\"/layanan/**\"",
    "\"[\"",
    "\"{a,b\"",
    "\"**/*.pdf\"",
    "\"strong\"",
    "\"weak\"",
    "\"html\"",
    "\"text\"",
    "\"any\"",
    "\"href\"",
    "42",
    "-1",
    "3.5",
    "true",
    "1979-05-27",
    "{ a = 1 }",
    "{",
    "\"\\u00e9\\u0000\"",
    "\"\\uD800\"",
    "'''multi\nline'''",
    "\"\"\"a\n\"\"\"",
    "\"unterminated",
    "'literal'",
    "inf",
    "nan",
];

fn toml_line() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => (select(TOML_KEYS), select(TOML_VALUES)).prop_map(|(k, v)| format!("{k} = {v}")),
        2 => select(&["[[rule]]", "[rule]", "[[rules]]", "[[rule", "[site]", "[[rule.x]]"][..])
            .prop_map(str::to_string),
        1 => select(TOML_KEYS).prop_map(|k| format!("{k} =")),
        1 => select(TOML_VALUES).prop_map(str::to_string),
        1 => "#[ -~]{0,20}",
        1 => any::<String>(),
        1 => "[ -~]{0,30}",
    ]
}

fn toml_text() -> impl Strategy<Value = String> {
    (
        vec(toml_line(), 0..16),
        select(&["\n", "\r\n", "\n\n", "\r"][..]),
    )
        .prop_map(|(lines, end)| lines.join(end))
}

/// A page every loaded profile is tried on.
const PROBE_PAGE: &str = "<html><head><title>Standar Pelayanan</title></head><body>\
    <div id=\"standar\"><table><tr><td>Biaya / Tarif</td><td>Tidak dipungut biaya</td></tr>\
    <tr><td>Jangka Waktu Penyelesaian</td><td>3 hari kerja</td></tr></table>\
    <a href=\"https://lapor.go.id\"><img alt=\"\" src=\"/lapor.png\"></a></div></body></html>";

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        // Failures are reported with the shrunk input; no files are written into the tree.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(600))]

    #[test]
    fn selector_files_never_panic_and_every_problem_says_where_and_what(text in toml_text()) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("kab-acak.toml");
        std::fs::write(&path, &text).expect("write");
        let lines = text.split(['\n', '\r']).count();
        match load_site_file(&path) {
            Ok((site, profile)) => {
                // The id names the report file: it cannot be empty or leave the directory.
                prop_assert!(!site.id.is_empty() && !site.id.contains(['/', '\\']), "{:?}", site.id);
                let url = Url::parse("https://contohkab.go.id/layanan/").expect("url");
                let html = patuh::document::parse_html(PROBE_PAGE.as_bytes(), None);
                let _ = patuh::detect::judge_html(&profile, &url, &html);
                let _ = patuh::detect::judge_text(&profile, &url, PROBE_PAGE);
            }
            Err(problems) => {
                prop_assert!(!problems.is_empty(), "Err without a problem");
                for problem in &problems {
                    prop_assert!(!problem.message.trim().is_empty(), "{:?}", problem);
                    prop_assert!(problem.line <= lines + 1, "line {} of {}: {:?}", problem.line, lines, problem);
                    prop_assert_eq!(problem.path.as_path(), path.as_path());
                    prop_assert!(!problem.to_string().is_empty());
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(config(500))]

    #[test]
    fn html_of_any_bytes_is_parsed_read_and_judged_without_panic(
        body in html_bytes(),
        content_type in content_type(),
        url in page_url(),
    ) {
        let _ = patuh::document::looks_like_html(content_type, &body);
        let _ = patuh::document::charset::decode(&body, content_type);
        let html = patuh::document::parse_html(&body, content_type);
        let page = patuh::document::page_links(&html, &url);
        prop_assert!(page.title.as_deref().is_none_or(|t| t == t.trim()));
        let findings = patuh::detect::judge_html(Profile::default_profile(), &url, &html);
        for finding in &findings {
            prop_assert!(!finding.rule.is_empty());
        }
    }

    #[test]
    fn text_of_any_kind_is_judged_without_panic(
        text in vec(html_piece(), 0..80)
            .prop_map(|pieces| String::from_utf8_lossy(&pieces.concat()).into_owned()),
        url in page_url(),
    ) {
        let findings = patuh::detect::judge_text(Profile::default_profile(), &url, &text);
        for finding in &findings {
            prop_assert!(!finding.rule.is_empty());
        }
    }
}

const SITEMAP_FRAGMENTS: &[&str] = &[
    "<?xml version=\"1.0\"?>",
    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">",
    "</urlset>",
    "<sitemapindex>",
    "</sitemapindex>",
    "<sitemap>",
    "</sitemap>",
    "<url>",
    "</url>",
    "<loc>",
    "</loc>",
    "<lastmod>2024-01-01</lastmod>",
    "https://contohkab.go.id/",
    "http://contohkab.go.id/layanan?a=1&amp;b=2",
    "&amp;",
    "&#38;",
    "&#x26;",
    "&#xD800;",
    "&unknown;",
    "&",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "<!DOCTYPE x [<!ENTITY a \"aaaa\">]>",
    "&a;",
    "<ns:loc>",
    "</ns:loc>",
    "\n",
    " ",
    "\u{feff}",
    "https://",
    "http://x\r\n",
];

fn sitemap_bytes() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        6 => select(SITEMAP_FRAGMENTS).prop_map(|s| s.as_bytes().to_vec()),
        1 => select(BYTE_TRAPS).prop_map(<[u8]>::to_vec),
        1 => vec(any::<u8>(), 0..12),
    ];
    (vec(piece, 0..60), any::<bool>()).prop_map(|(pieces, gzip)| {
        let body = pieces.concat();
        if gzip {
            use std::io::Write;
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            encoder.write_all(&body).expect("gzip");
            encoder.finish().expect("gzip")
        } else {
            body
        }
    })
}

proptest! {
    #![proptest_config(config(500))]

    #[test]
    fn sitemaps_of_any_bytes_parse_without_panic(body in sitemap_bytes()) {
        let sitemap = patuh::crawl::sitemap::parse(&body, 1 << 20);
        prop_assert!(sitemap.pages.len() + sitemap.sitemaps.len() <= 50_000);
    }

    #[test]
    fn truncated_gzip_sitemaps_parse_without_panic(body in sitemap_bytes(), cut in any::<prop::sample::Index>()) {
        let end = if body.is_empty() { 0 } else { cut.index(body.len()) };
        let _ = patuh::crawl::sitemap::parse(&body[..end], 1 << 20);
    }
}

const URL_PARTS: &[&str] = &[
    "/",
    "/layanan",
    "/a/../b",
    "/%7E",
    "/%zz",
    "/;jsessionid=ABC",
    ";JSESSIONID=1",
    "?",
    "?a=1",
    "&b=2",
    "&PHPSESSID=x",
    "&sid=",
    "&utm_source=x",
    "&q=a+b",
    "&q=a%20b",
    "&=",
    "&&",
    "#frag",
    "?#",
    "/é",
    "/%E2%82%AC",
    "?x=%",
    "?x=%2",
    "?a=1&a=2",
    "?b=2&a=1",
    "//",
    "?x=;jsessionid=2",
    "/index.php;jsessionid=9?sid=1",
];

proptest! {
    #![proptest_config(config(500))]

    #[test]
    fn url_normalisation_is_stable(
        host in select(&["https://contohkab.go.id", "http://127.0.0.1:8080", "https://user:pw@a.go.id"][..]),
        parts in vec(select(URL_PARTS), 0..8),
    ) {
        let text = format!("{host}/{}", parts.concat());
        let Ok(url) = Url::parse(&text) else { return Ok(()); };
        if let Some(once) = patuh::crawl::frontier::canonical(&url) {
            let twice = patuh::crawl::frontier::canonical(&once);
            prop_assert_eq!(twice.as_ref(), Some(&once), "from {}", text);
            prop_assert!(once.fragment().is_none());
            prop_assert!(!once.path().to_ascii_lowercase().contains(";jsessionid="), "{}", once);
            let session = once
                .query_pairs()
                .any(|(key, _)| matches!(key.to_ascii_lowercase().as_str(), "phpsessid" | "jsessionid" | "sid"));
            prop_assert!(!session, "{}", once);
        }
    }
}
