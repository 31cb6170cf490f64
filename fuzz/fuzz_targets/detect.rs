//! Fuzzes what sees bytes from the network: charset decoding, HTML parsing, links and title,
//! detection over HTML and text, and sitemaps. None of it may panic on any input.

#![no_main]

use libfuzzer_sys::fuzz_target;
use patuh::profile::Profile;

const CONTENT_TYPES: [Option<&str>; 4] = [
    None,
    Some("text/html"),
    Some("text/html; charset=windows-1252"),
    Some("text/html; charset=utf-16le"),
];

fuzz_target!(|data: &[u8]| {
    let (selector, body) = data.split_first().map_or((0, data), |(b, rest)| (*b, rest));
    let content_type = CONTENT_TYPES[usize::from(selector) % CONTENT_TYPES.len()];
    let url = url::Url::parse("https://contohkab.go.id/layanan/standar-pelayanan").expect("url");
    let profile = Profile::default_profile();

    let _ = patuh::document::looks_like_html(content_type, body);
    let html = patuh::document::parse_html(body, content_type);
    let _ = patuh::document::read_html(&html, &url);
    let _ = patuh::detect::judge_html(profile, &url, &html);
    let text = String::from_utf8_lossy(body);
    let _ = patuh::detect::judge_text(profile, &url, &text);
    let _ = patuh::crawl::sitemap::parse(body, 1 << 20);
});
