//! Documents: a fetched body turned into what detection and the frontier need — decoded text,
//! the links it holds, its title — in one synchronous step, so no DOM is held across `.await`.

pub mod charset;
pub mod office;
pub mod pdf;

use std::sync::LazyLock;

use scraper::{Html, Selector};
use url::Url;

use crate::filetype::{self, Kind};

/// A link found in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Absolute URL as written (not yet normalised).
    pub url: Url,
    /// The anchor's text, alt text of an image inside it, or title.
    pub text: String,
    /// How promising the link looks to the crawler (0..=100), set by the reader.
    pub priority: u8,
}

/// What a page yields.
#[derive(Debug, Default)]
pub struct PageLinks {
    /// `<title>`, trimmed.
    pub title: Option<String>,
    /// Links to follow.
    pub links: Vec<Link>,
    /// An empty application shell: its content is built by JavaScript, which patuh does not run.
    pub needs_javascript: bool,
}

/// The text of a document, one string per page (one in all for office documents). Runs in the
/// isolated `patuh extract-text` child, never in the crawler itself.
pub fn extract_text(kind: Kind, bytes: &[u8]) -> Result<Vec<String>, String> {
    match kind {
        Kind::Pdf => pdf::pdf_pages(bytes),
        Kind::Docx => office::docx_text(bytes).map(|text| vec![text]),
        Kind::Xlsx => office::xlsx_text(bytes).map(|text| vec![text]),
        Kind::Odt => office::odt_text(bytes).map(|text| vec![text]),
        Kind::Html => Err("HTML is not extracted as a document".to_string()),
    }
}

/// Whether a body is HTML. Labelled HTML is, unless its bytes are plainly binary (an image or
/// a PDF served as text/html); other bodies (unlabelled, text/plain, octet-stream) are sniffed. Pages that open with
/// PHP warnings, an XML prolog or a comment are still HTML.
pub fn looks_like_html(content_type: Option<&str>, body: &[u8]) -> bool {
    const BINARY: [&[u8]; 6] = [
        b"\x89PNG",
        b"\xff\xd8\xff",
        b"GIF8",
        b"%PDF-",
        b"\x1f\x8b",
        b"PK\x03\x04",
    ];
    if BINARY.iter().any(|magic| body.starts_with(magic)) {
        return false;
    }
    if content_type.is_some_and(filetype::is_html_type) {
        return true;
    }
    // Unlabelled, plain text or octet-stream: HTML only if it looks like it.
    let start = &body[..body.len().min(1024)];
    if start.contains(&0) {
        return false;
    }
    let start = String::from_utf8_lossy(start).to_ascii_lowercase();
    let start = start.trim_start_matches('\u{feff}').trim_start();
    start.starts_with("<!doctype html")
        || start.starts_with("<html")
        || ["<body", "<head", "<title", "<!doctype html"]
            .iter()
            .any(|tag| start.contains(tag))
}

/// Decodes and parses an HTML body.
pub fn parse_html(body: &[u8], content_type: Option<&str>) -> Html {
    let (text, _) = charset::decode(body, content_type);
    Html::parse_document(&text)
}

/// The title and links of a parsed page fetched from `url`.
pub fn page_links(html: &Html, url: &Url) -> PageLinks {
    let base = base_url(html, url);
    PageLinks {
        title: title(html),
        links: links(html, &base),
        needs_javascript: needs_javascript(html),
    }
}

/// Visible text shorter than this, with scripts present, is an application shell.
const SHELL_TEXT: usize = 50;

/// Whether the page is an empty shell filled in by scripts (a single-page app): little visible
/// text, and scripts, or a `<noscript>` asking for JavaScript.
pub fn needs_javascript(html: &Html) -> bool {
    let (mut scripts, mut asks) = (0, false);
    for e in html.root_element().descendent_elements() {
        match e.value().name() {
            "script" => scripts += 1,
            "noscript" if !asks => {
                let text = e.text().collect::<String>().to_lowercase();
                asks = text.contains("javascript");
            }
            _ => {}
        }
    }
    if scripts == 0 && !asks {
        return false;
    }
    let Some(body) = html.select(&BODY).next() else {
        return scripts > 0;
    };
    let mut visible = 0;
    for node in body.descendants() {
        let Some(text) = node.value().as_text() else {
            continue;
        };
        let hidden = node.ancestors().any(|a| {
            a.value()
                .as_element()
                .is_some_and(|e| matches!(e.name(), "script" | "style" | "noscript" | "template"))
        });
        if !hidden {
            visible += text.split_whitespace().map(str::len).sum::<usize>();
            if visible >= SHELL_TEXT {
                return false;
            }
        }
    }
    true
}

static BODY: LazyLock<Selector> = LazyLock::new(|| selector("body"));
static TITLE: LazyLock<Selector> = LazyLock::new(|| selector("title"));
static LINKING: LazyLock<Selector> =
    LazyLock::new(|| selector("a[href], area[href], iframe[src], frame[src]"));
static IMAGE_ALT: LazyLock<Selector> = LazyLock::new(|| selector("img[alt]"));

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("built-in selectors are valid CSS")
}

/// The URL relative links of a page fetched from `url` resolve against: its `<base href>`,
/// if it has a valid one.
pub fn base_url(html: &Html, url: &Url) -> Url {
    // The first `base` with an href in tree order; a plain walk, as most pages have none and
    // a selector would be matched against every element to find that out.
    html.root_element()
        .descendants()
        .filter_map(|node| node.value().as_element())
        .find_map(|e| (e.name() == "base").then(|| e.attr("href")).flatten())
        .and_then(|href| url.join(href.trim()).ok())
        .unwrap_or_else(|| url.clone())
}

fn title(html: &Html) -> Option<String> {
    let title = html.select(&TITLE).next()?;
    let text = squeeze(&title.text().collect::<String>());
    (!text.is_empty()).then_some(text)
}

fn links(html: &Html, base: &Url) -> Vec<Link> {
    let (mut links, mut frames) = (Vec::new(), Vec::new());
    for e in html.select(&LINKING) {
        let element = e.value();
        if matches!(element.name(), "iframe" | "frame") {
            if let Some(url) = element
                .attr("src")
                .and_then(|src| base.join(src.trim()).ok())
            {
                let text = element.attr("title").map(squeeze).unwrap_or_default();
                frames.push(Link {
                    url,
                    text,
                    priority: 0,
                });
            }
            continue;
        }
        let Some(Ok(url)) = element.attr("href").map(|href| base.join(href.trim())) else {
            continue;
        };
        let mut text = squeeze(&e.text().collect::<String>());
        if text.is_empty() {
            text = e
                .select(&IMAGE_ALT)
                .filter_map(|img| img.value().attr("alt"))
                .chain(element.attr("title"))
                .map(squeeze)
                .find(|t| !t.is_empty())
                .unwrap_or_default();
        }
        links.push(Link {
            url,
            text,
            priority: 0,
        });
    }
    links.append(&mut frames);
    links
}

/// Collapses runs of white space (including non-breaking spaces) to one space.
fn squeeze(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for part in text
        .split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|part| !part.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_resolve_against_base_and_carry_their_text() {
        let body = br#"<html><head><title> Beranda
            Kab </title><base target="_blank"><base href="https://a.go.id/sub/"></head><body>
            <a href="layanan/">Layanan&nbsp; Publik</a>
            <a href="https://www.lapor.go.id"><img src="l.png" alt="LAPOR!"></a>
            <a href="/x" title="Judul">  </a>
            <iframe src="/doc/sp.pdf"></iframe>
            <a href="http://[bad">broken</a></body></html>"#;
        let url = Url::parse("https://a.go.id/").expect("url");
        let page = page_links(&parse_html(body, Some("text/html")), &url);
        assert_eq!(page.title.as_deref(), Some("Beranda Kab"));
        let got: Vec<(&str, &str)> = page
            .links
            .iter()
            .map(|l| (l.url.as_str(), l.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("https://a.go.id/sub/layanan/", "Layanan Publik"),
                ("https://www.lapor.go.id/", "LAPOR!"),
                ("https://a.go.id/x", "Judul"),
                ("https://a.go.id/doc/sp.pdf", ""),
            ]
        );
    }

    #[test]
    fn application_shells_are_told_from_pages() {
        let cases = [
            (
                r#"<body><div id="app"></div><script src="/app.js"></script></body>"#,
                true,
            ),
            (
                r#"<body><noscript>Aktifkan JavaScript untuk membuka situs ini.</noscript><div id="root"></div></body>"#,
                true,
            ),
            (
                "<body><h1>Standar Pelayanan</h1><p>Biaya: Gratis. Jangka waktu: 3 hari kerja. Pengaduan melalui SP4N-LAPOR! dan WhatsApp 0812 3456 7890 setiap hari kerja.</p><script>ga()</script></body>",
                false,
            ),
            ("<body><p>Halaman kosong</p></body>", false),
        ];
        for (body, want) in cases {
            let html = Html::parse_document(body);
            assert_eq!(needs_javascript(&html), want, "{body}");
        }
    }

    #[test]
    fn html_is_recognised_by_type_or_by_sniffing() {
        assert!(looks_like_html(Some("text/html; charset=utf-8"), b""));
        assert!(looks_like_html(
            Some("application/octet-stream"),
            b"<html><body>x"
        ));
        assert!(looks_like_html(None, b"\n <!DOCTYPE html><html>"));
        assert!(!looks_like_html(None, b"%PDF-1.7"));
        assert!(!looks_like_html(Some("text/html"), b"\x89PNG\r\n\x1a\n"));
        assert!(looks_like_html(
            Some("text/html; charset=utf-8"),
            b"<br />\n<b>Deprecated</b>: mysql_connect() in /var/www/index.php<br />\n<!DOCTYPE html>"
        ));
        assert!(looks_like_html(
            None,
            b"<?xml version=\"1.0\"?>\n<!-- x --><!DOCTYPE html PUBLIC"
        ));
    }
}
