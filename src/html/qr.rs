//! QR codes of evidence URLs as inline SVG, so an assessor on site can open a page on a
//! phone from the printed brief. Each URL is encoded once per brief.

use std::collections::HashMap;

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// The SVG of each URL encoded so far.
#[derive(Debug, Default)]
pub struct Cache {
    codes: HashMap<String, Option<String>>,
}

impl Cache {
    /// The `<svg>` element of a QR code of `url`; `None` when the URL is too long to encode.
    /// The SVG holds only drawing commands, none of the URL's text.
    pub fn svg(&mut self, url: &str) -> Option<String> {
        self.codes
            .entry(url.to_string())
            .or_insert_with(|| encode(url))
            .clone()
    }
}

fn encode(url: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::L).ok()?;
    let image = code
        .render::<svg::Color>()
        .quiet_zone(true)
        .module_dimensions(1, 1)
        .build();
    // Inline in HTML the XML declaration is not wanted; the size comes from the stylesheet.
    let start = image.find("<svg")?;
    Some(image[start..].replacen("<svg ", "<svg class=\"qr\" aria-hidden=\"true\" ", 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_inline_svg_without_the_url_text() {
        let mut cache = Cache::default();
        let url = "https://contohkab.go.id/layanan/standar-pelayanan?a=<b>";
        let svg = cache.svg(url).expect("encodes");
        assert!(svg.starts_with("<svg class=\"qr\""), "{svg}");
        assert!(!svg.contains("<?xml") && !svg.contains("<b>"));
        assert_eq!(cache.svg(url), Some(svg));
        assert_eq!(cache.svg(&"x".repeat(5000)), None);
    }
}
