//! Sitemaps: XML `<urlset>` and `<sitemapindex>`, gzipped or not, and plain-text lists of URLs.

use std::io::Read;

use quick_xml::Reader;
use quick_xml::events::Event;

/// Most entries taken from one sitemap file.
const MAX_ENTRIES: usize = 50_000;

/// What one sitemap file lists.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Sitemap {
    /// Page URLs (`<url><loc>`).
    pub pages: Vec<String>,
    /// Further sitemaps (`<sitemap><loc>` in an index).
    pub sitemaps: Vec<String>,
}

/// Parses a sitemap body; gzip is recognised by its magic bytes, not by its name, and is
/// unzipped to at most `max_unzipped` bytes (a gzip bomb yields the entries of its first part).
pub fn parse(body: &[u8], max_unzipped: u64) -> Sitemap {
    if body.starts_with(&[0x1f, 0x8b]) {
        let mut unzipped = Vec::new();
        let decoder = flate2::read::GzDecoder::new(body);
        if decoder
            .take(max_unzipped)
            .read_to_end(&mut unzipped)
            .is_err()
        {
            return Sitemap::default();
        }
        return parse(&unzipped, max_unzipped);
    }
    let text = String::from_utf8_lossy(body);
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('<') {
        parse_xml(trimmed)
    } else {
        Sitemap {
            pages: trimmed
                .lines()
                .map(str::trim)
                .filter(|line| line.starts_with("http://") || line.starts_with("https://"))
                .take(MAX_ENTRIES)
                .map(str::to_string)
                .collect(),
            sitemaps: Vec::new(),
        }
    }
}

fn parse_xml(text: &str) -> Sitemap {
    let mut reader = Reader::from_str(text);
    let mut sitemap = Sitemap::default();
    let mut in_index_entry = false;
    // The text of the <loc> being read; entities arrive as separate events.
    let mut loc: Option<String> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(tag)) => match tag.local_name().as_ref() {
                "sitemap" => in_index_entry = true,
                "url" => in_index_entry = false,
                "loc" => loc = Some(String::new()),
                _ => {}
            },
            Ok(Event::End(tag)) if tag.local_name().as_ref() == "loc" => {
                if let Some(text) = loc.take() {
                    push(&mut sitemap, in_index_entry, text.trim());
                }
            }
            Ok(Event::Text(content)) => {
                if let Some(text) = loc.as_mut() {
                    text.push_str(&content.xml10_content());
                }
            }
            Ok(Event::CData(content)) => {
                if let Some(text) = loc.as_mut() {
                    text.push_str(&content.into_inner());
                }
            }
            Ok(Event::GeneralRef(entity)) => {
                if let Some(text) = loc.as_mut() {
                    text.push_str(entity_text(&entity).as_str());
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        if sitemap.pages.len() + sitemap.sitemaps.len() >= MAX_ENTRIES {
            break;
        }
    }
    sitemap
}

/// `&amp;`, `&#38;`… as text; an unknown entity is dropped.
fn entity_text(entity: &quick_xml::events::BytesRef<'_>) -> String {
    if let Ok(Some(c)) = entity.resolve_char_ref() {
        return c.to_string();
    }
    match entity.xml10_content().as_ref() {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => "",
    }
    .to_string()
}

fn push(sitemap: &mut Sitemap, in_index_entry: bool, loc: &str) {
    if loc.is_empty() {
        return;
    }
    if in_index_entry {
        sitemap.sitemaps.push(loc.to_string());
    } else {
        sitemap.pages.push(loc.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const LIMIT: u64 = 1024 * 1024;

    const URLSET: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://a.go.id/layanan/</loc><lastmod>2026-01-01</lastmod></url>
  <url><loc> https://a.go.id/berita/?id=1&amp;p=2 </loc></url>
  <url><loc><![CDATA[https://a.go.id/cdata/]]></loc></url>
</urlset>"#;

    #[test]
    fn urlsets_list_pages() {
        let sitemap = parse(URLSET.as_bytes(), LIMIT);
        assert_eq!(
            sitemap.pages,
            [
                "https://a.go.id/layanan/",
                "https://a.go.id/berita/?id=1&p=2",
                "https://a.go.id/cdata/"
            ]
        );
        assert!(sitemap.sitemaps.is_empty());
    }

    #[test]
    fn indexes_list_sitemaps() {
        let index = r#"<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
            <sitemap><loc>https://a.go.id/sitemap-1.xml.gz</loc></sitemap></sitemapindex>"#;
        let sitemap = parse(index.as_bytes(), LIMIT);
        assert_eq!(sitemap.sitemaps, ["https://a.go.id/sitemap-1.xml.gz"]);
        assert!(sitemap.pages.is_empty());
    }

    #[test]
    fn gzipped_sitemaps_are_unzipped() {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(URLSET.as_bytes()).expect("gzip");
        let gz = encoder.finish().expect("gzip");
        assert_eq!(parse(&gz, LIMIT).pages.len(), 3);
    }

    #[test]
    fn text_sitemaps_and_garbage() {
        let text = "https://a.go.id/a\n\nnot a url\nhttp://a.go.id/b\n";
        assert_eq!(
            parse(text.as_bytes(), LIMIT).pages,
            ["https://a.go.id/a", "http://a.go.id/b"]
        );
        assert_eq!(
            parse(b"<html><body>404</body></html>", LIMIT),
            Sitemap::default()
        );
        assert_eq!(parse(&[0x1f, 0x8b, 0, 1, 2], LIMIT), Sitemap::default());
    }
}
