//! Which kind of document a response is: by Content-Type, else (for `application/octet-stream`
//! and missing types) by the URL's file extension, the way servers mislabel attachments.

use url::Url;

/// A document type patuh reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An HTML page.
    Html,
    /// A PDF.
    Pdf,
    /// A Word document (Office Open XML).
    Docx,
    /// A spreadsheet (Office Open XML).
    Xlsx,
    /// An OpenDocument text.
    Odt,
}

impl Kind {
    /// The name used on the command line of the extractor.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Html => "html",
            Kind::Pdf => "pdf",
            Kind::Docx => "docx",
            Kind::Xlsx => "xlsx",
            Kind::Odt => "odt",
        }
    }

    /// The inverse of [`Kind::name`].
    pub fn from_name(name: &str) -> Option<Kind> {
        [Kind::Html, Kind::Pdf, Kind::Docx, Kind::Xlsx, Kind::Odt]
            .into_iter()
            .find(|kind| kind.name() == name)
    }

    /// Whether it is a binary document whose text must be extracted.
    pub fn is_document(self) -> bool {
        self != Kind::Html
    }
}

/// The kind of a response, or `None` for types patuh does not read (images, archives…).
pub fn of_response(content_type: Option<&str>, url: &Url) -> Option<Kind> {
    let essence = content_type
        .map(|ct| {
            ct.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    match essence.as_str() {
        "text/html" | "application/xhtml+xml" => Some(Kind::Html),
        "application/pdf" | "application/x-pdf" => Some(Kind::Pdf),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => {
            Some(Kind::Docx)
        }
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => Some(Kind::Xlsx),
        "application/vnd.oasis.opendocument.text" => Some(Kind::Odt),
        ""
        | "application/octet-stream"
        | "binary/octet-stream"
        | "application/download"
        | "application/force-download"
        | "application/x-download" => {
            of_extension(url).or((essence.is_empty()).then_some(Kind::Html))
        }
        "text/plain" => Some(Kind::Html),
        _ => None,
    }
}

/// The file extension of a URL's last path segment, lower-case (`/a/SP.PDF` -> `pdf`).
pub fn extension(url: &Url) -> Option<String> {
    let last = url.path().rsplit('/').next().unwrap_or("");
    last.rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
}

/// The kind a URL's file extension names, for the documents patuh reads.
pub fn of_extension(url: &Url) -> Option<Kind> {
    match extension(url)?.as_str() {
        "pdf" => Some(Kind::Pdf),
        "docx" => Some(Kind::Docx),
        "xlsx" => Some(Kind::Xlsx),
        "odt" => Some(Kind::Odt),
        "html" | "htm" | "php" | "asp" | "aspx" | "jsp" => Some(Kind::Html),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_come_from_type_then_extension() {
        let cases = [
            (
                Some("text/html; charset=utf-8"),
                "https://a.go.id/x.pdf",
                Some(Kind::Html),
            ),
            (
                Some("application/pdf"),
                "https://a.go.id/unduh?id=3",
                Some(Kind::Pdf),
            ),
            (
                Some("application/octet-stream"),
                "https://a.go.id/sp.PDF",
                Some(Kind::Pdf),
            ),
            (
                Some("application/octet-stream"),
                "https://a.go.id/sp.bin",
                None,
            ),
            (None, "https://a.go.id/sp.docx", Some(Kind::Docx)),
            (None, "https://a.go.id/layanan/", Some(Kind::Html)),
            (Some("image/png"), "https://a.go.id/poster.png", None),
            (
                Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                "https://a.go.id/d",
                Some(Kind::Xlsx),
            ),
        ];
        for (content_type, url, want) in cases {
            let url = Url::parse(url).expect("test URL");
            assert_eq!(
                of_response(content_type, &url),
                want,
                "{content_type:?} {url}"
            );
        }
    }
}
