//! Unit tests of judging: links resolved and quoted, context and exclude gates, where rules apply,
//! how findings are deduplicated, capped and ordered, and the quote window.

use super::*;

fn url() -> Url {
    Url::parse("https://contohkab.go.id/layanan/ktp").expect("test URL")
}

fn judge(rules: &str, html: &str) -> Vec<Finding> {
    let profile = Profile::from_test_rules(rules);
    judge_html(&profile, &url(), &Html::parse_document(html))
}

#[test]
fn attr_rules_resolve_links_and_quote_the_url() {
    let rules = r#"
[[rule]]
id = "lapor"
criterion = "complaint_channels"
select = "a[href]"
attr = "href"
text = '^https?://(www\.)?lapor\.go\.id'
"#;
    let html = r#"<p><a href="//www.lapor.go.id/"><img src="/img/lapor.png" alt=""></a>
            <a href="https://lapor.go.id/instansi/x" title="SP4N-LAPOR!"></a>
            <a href="/laporan">Laporan</a></p>"#;
    let got = judge(rules, html);
    let quotes: Vec<&str> = got.iter().map(|f| f.quote.as_str()).collect();
    assert_eq!(
        quotes,
        [
            "[gambar: lapor.png] (https://www.lapor.go.id/)",
            "SP4N-LAPOR! (https://lapor.go.id/instansi/x)"
        ]
    );
    assert_eq!(
        got[0].kind,
        FindingKind::Link {
            href: "https://www.lapor.go.id/".into()
        }
    );
    assert_eq!(got[0].selector.as_deref(), Some("a[href]"));
}

#[test]
fn links_are_cited_as_resolved_against_the_base_href() {
    let rules = r#"
[[rule]]
id = "standard-document"
criterion = "service_standard"
select = "a[href]"
attr = "href"
text = '(?i)/dokumen/standar'
"#;
    let html = r#"<html><head><base href="https://contohkab.go.id/dokumen/"></head>
            <body><p><a href="standar-pelayanan.pdf">Standar Pelayanan</a></p></body></html>"#;
    let got = judge(rules, html);
    let href = "https://contohkab.go.id/dokumen/standar-pelayanan.pdf";
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].kind, FindingKind::Link { href: href.into() });
    assert_eq!(got[0].quote, format!("Standar Pelayanan ({href})"));
}

#[test]
fn context_and_exclude_gate_matches() {
    let rules = r#"
[[rule]]
id = "fee"
criterion = "fees"
select = "td, p"
text = '(?i)gratis|rp\.? ?\d'
context = '(?i)^biaya'
exclude = '(?i)miliar'
"#;
    let html = r#"<h2>Biaya Layanan</h2><p>Gratis</p><p>Rp 2 miliar</p>
            <h2>Berita</h2><p>Gratis ongkir</p>
            <table><tr><th>Layanan</th><th>Biaya</th></tr><tr><td>Rp 5.000</td><td>Rp 10.000</td></tr></table>"#;
    let quotes: Vec<String> = judge(rules, html).into_iter().map(|f| f.quote).collect();
    assert_eq!(quotes, ["Gratis", "Rp 10.000"]);
}

#[test]
fn url_glob_and_source_limit_where_rules_apply() {
    let rules = r#"
[[rule]]
id = "here"
criterion = "fees"
text = "Gratis"
url = "/layanan/**"
[[rule]]
id = "elsewhere"
criterion = "fees"
text = "Gratis"
url = "/berita/**"
[[rule]]
id = "pdf-only"
criterion = "fees"
text = "Gratis"
source = "text"
[[rule]]
id = "page-only"
criterion = "timelines"
url = "/layanan/*"
source = "html"
"#;
    let profile = Profile::from_test_rules(rules);
    let html = judge_html(
        &profile,
        &url(),
        &Html::parse_document("<p>Layanan Gratis</p>"),
    );
    let ids: Vec<&str> = html.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(ids, ["here", "page-only"]);
    let text = judge_text(&profile, &url(), "Layanan  Gratis");
    let ids: Vec<&str> = text.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(ids, ["here", "pdf-only"]);
    assert_eq!(text[0].quote, "Layanan Gratis");
}

#[test]
fn findings_are_deduplicated_capped_and_ordered() {
    let rules = r#"
[[rule]]
id = "weak"
criterion = "fees"
select = "li"
text = "Gratis"
strength = "weak"
[[rule]]
id = "strong"
criterion = "fees"
select = "li"
text = "Gratis"
[[rule]]
id = "std"
criterion = "service_standard"
select = "li"
text = "Gratis"
strength = "weak"
"#;
    let items: String = (0..15)
        .map(|i| format!("<li>Gratis {i}</li><li>Gratis 0</li>"))
        .collect();
    let got = judge(rules, &format!("<ul>{items}</ul>"));
    let strong = got.iter().filter(|f| f.rule == "strong").count();
    assert_eq!(strong, MAX_PER_RULE);
    assert_eq!(
        got.iter().filter(|f| f.rule == "weak").count(),
        0,
        "same quotes as strong ones"
    );
    assert_eq!(
        got.iter().filter(|f| f.rule == "std").count(),
        MAX_PER_RULE,
        "other criterion kept"
    );
    assert_eq!(got[0].criterion, Criterion::ServiceStandard);
    assert_eq!(got[0].quote, "Gratis 0");
    let order: Vec<(Criterion, Strength)> = got.iter().map(|f| (f.criterion, f.strength)).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
}

#[test]
fn window_cuts_long_text_around_the_match() {
    let text = format!(
        "{} Biaya / Tarif : Rp 50.000 {}",
        "kata ".repeat(100),
        "lain ".repeat(100)
    );
    let at = text.find("Biaya").expect("present");
    let quote = window(&text, at..at + 5);
    assert!(quote.starts_with('…') && quote.ends_with('…'), "{quote}");
    assert!(quote.contains("Biaya / Tarif : Rp 50.000"), "{quote}");
    assert!(
        quote.chars().count() <= QUOTE_MAX + 2,
        "{}",
        quote.chars().count()
    );
    assert!(
        !quote.contains("kat …") && !quote.contains("…ata"),
        "cut at word boundaries: {quote}"
    );
    assert_eq!(window("  pendek ", 0..0), "pendek");
    let tail = format!("{}Rp 0", "x".repeat(400));
    assert!(window(&tail, 400..404).ends_with("Rp 0"));
}
