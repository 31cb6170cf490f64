//! Bytes to text the way browsers do it: BOM, then the HTTP charset, then `<meta charset>` in
//! the first 1024 bytes, then sniffing (chardetng, Firefox's detector, hinted with `.id`).

use encoding_rs::{Encoding, UTF_8};

/// Decodes a document body; returns the text and the encoding used.
pub fn decode(body: &[u8], content_type: Option<&str>) -> (String, &'static Encoding) {
    let encoding = Encoding::for_bom(body)
        .map(|(encoding, _)| encoding)
        .or_else(|| content_type.and_then(charset_param))
        .or_else(|| meta_charset(body))
        .unwrap_or_else(|| sniff(body));
    let (text, used, _had_errors) = encoding.decode(body);
    (text.into_owned(), used)
}

/// Guesses the encoding of an unlabelled body; valid UTF-8 stays UTF-8.
fn sniff(body: &[u8]) -> &'static Encoding {
    if std::str::from_utf8(body).is_ok() {
        return UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(body, true);
    detector.guess(Some(b"id"), chardetng::Utf8Detection::Allow)
}

fn charset_param(content_type: &str) -> Option<&'static Encoding> {
    content_type.split(';').skip(1).find_map(|param| {
        let (key, value) = param.split_once('=')?;
        if key.trim().eq_ignore_ascii_case("charset") {
            Encoding::for_label(value.trim().trim_matches(['"', '\'']).as_bytes())
        } else {
            None
        }
    })
}

/// `<meta charset="x">` or `<meta http-equiv="Content-Type" content="…; charset=x">` near the top.
fn meta_charset(body: &[u8]) -> Option<&'static Encoding> {
    let head = &body[..body.len().min(1024)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut rest = head.as_str();
    while let Some(at) = rest.find("<meta") {
        rest = &rest[at + 5..];
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        if let Some(at) = tag.find("charset") {
            let value = tag[at + 7..]
                .trim_start()
                .strip_prefix('=')?
                .trim_start()
                .trim_start_matches(['"', '\'']);
            let end = value
                .find(|c: char| c == '"' || c == '\'' || c == ';' || c == '/' || c.is_whitespace())
                .unwrap_or(value.len());
            if let Some(encoding) = Encoding::for_label(&value.as_bytes()[..end]) {
                // A page cannot declare itself UTF-16 in ASCII; browsers read UTF-8 then.
                return Some(if encoding.is_single_byte() || encoding == UTF_8 {
                    encoding
                } else {
                    encoding.output_encoding()
                });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_charset_comes_from_bom_header_meta_or_sniffing() {
        let latin = b"<p>Biaya: Rp 0 \xb7 Pelayanan \xe9</p>";
        let cases: [(&[u8], Option<&str>, &str); 5] = [
            (b"\xef\xbb\xbf<p>\xc3\xa9</p>", Some("text/html; charset=iso-8859-1"), "UTF-8"),
            (latin, Some("text/html; charset=\"windows-1252\""), "windows-1252"),
            (
                b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"><p>\xe9</p>",
                Some("text/html"),
                "windows-1252",
            ),
            (b"<meta charset=utf-8><p>\xc3\xa9</p>", None, "UTF-8"),
            (latin, None, "windows-1252"),
        ];
        for (body, content_type, want) in cases {
            let (_, used) = decode(body, content_type);
            assert_eq!(used.name(), want, "{content_type:?}");
        }
        assert!(decode(latin, None).0.contains('é'));
    }
}
