//! File types: what a URL's extension names and what a Content-Type header names, and so
//! which responses patuh reads ([`Kind`]), which links it never fetches, which are pictures.
//! One table of extensions ([`EXTENSIONS`]) is the only list; every other set is derived
//! from it, so they cannot drift apart.

use url::Url;

/// A type patuh reads.
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

/// What a file extension names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// A type patuh reads: a page (`html`, `php`…) or a document (`pdf`, `docx`…).
    Read(Kind),
    /// A document that may hold a standard but is not read: never fetched, and a likely link
    /// to one makes the criteria it may hold inconclusive.
    Unread,
    /// A picture, which may be a poster of the standard: never fetched, and evidence found
    /// linking to one is an image for the assessor.
    Image,
    /// Anything else patuh never fetches: styles, scripts, fonts, icons, media, archives, data.
    Asset,
}

/// Every extension patuh knows, lower-case, sorted; an extension not listed (or none) is
/// taken for a page.
pub const EXTENSIONS: &[(&str, Class)] = &[
    ("7z", Class::Asset),
    ("apk", Class::Asset),
    ("asp", Class::Read(Kind::Html)),
    ("aspx", Class::Read(Kind::Html)),
    ("avi", Class::Asset),
    ("bmp", Class::Image),
    ("css", Class::Asset),
    ("csv", Class::Asset),
    ("doc", Class::Unread),
    ("docx", Class::Read(Kind::Docx)),
    ("eot", Class::Asset),
    ("exe", Class::Asset),
    ("flv", Class::Asset),
    ("gif", Class::Image),
    ("gz", Class::Asset),
    ("htm", Class::Read(Kind::Html)),
    ("html", Class::Read(Kind::Html)),
    ("ico", Class::Asset),
    ("jpeg", Class::Image),
    ("jpg", Class::Image),
    ("js", Class::Asset),
    ("json", Class::Asset),
    ("jsp", Class::Read(Kind::Html)),
    ("m4a", Class::Asset),
    ("mkv", Class::Asset),
    ("mov", Class::Asset),
    ("mp3", Class::Asset),
    ("mp4", Class::Asset),
    ("mpeg", Class::Asset),
    ("ods", Class::Unread),
    ("odt", Class::Read(Kind::Odt)),
    ("ogg", Class::Asset),
    ("otf", Class::Asset),
    ("pdf", Class::Read(Kind::Pdf)),
    ("php", Class::Read(Kind::Html)),
    ("png", Class::Image),
    ("ppt", Class::Unread),
    ("pptx", Class::Unread),
    ("rar", Class::Asset),
    ("rss", Class::Asset),
    // Vector graphics on government sites are logos and icons, not posters.
    ("svg", Class::Asset),
    ("tar", Class::Asset),
    ("tif", Class::Image),
    ("tiff", Class::Image),
    ("ttf", Class::Asset),
    ("wav", Class::Asset),
    ("webm", Class::Asset),
    ("webp", Class::Image),
    ("wmv", Class::Asset),
    ("woff", Class::Asset),
    ("woff2", Class::Asset),
    ("xls", Class::Unread),
    ("xlsx", Class::Read(Kind::Xlsx)),
    ("xml", Class::Asset),
    ("zip", Class::Asset),
];

/// The file extension of a URL's last path segment, lower-case (`/a/SP.PDF` -> `pdf`).
pub fn extension(url: &Url) -> Option<String> {
    extension_of_path(url.path())
}

/// What a URL's extension names, if patuh knows it.
pub fn class(url: &Url) -> Option<Class> {
    class_of(&extension(url)?)
}

/// The kind a URL's file extension names, for the types patuh reads.
pub fn of_extension(url: &Url) -> Option<Kind> {
    match class(url)? {
        Class::Read(kind) => Some(kind),
        _ => None,
    }
}

/// Whether a link is never fetched: a type patuh does not read (documents, pictures, assets).
pub fn is_skipped(url: &Url) -> bool {
    class(url).is_some_and(|class| !matches!(class, Class::Read(_)))
}

/// Whether a link names a document that may hold a standard but is not read (`.doc`, `.ods`…).
pub fn is_unread_document(url: &Url) -> bool {
    class(url) == Some(Class::Unread)
}

/// Whether a link names something that is neither a page nor a document (a picture, a style,
/// an archive…): it cannot lead to a standard's text.
pub fn is_asset(url: &Url) -> bool {
    matches!(class(url), Some(Class::Image | Class::Asset))
}

/// Whether a link, as written in a page or a report (it need not parse as a URL), names a
/// picture.
pub fn is_image_link(link: &str) -> bool {
    let path = link.split(['?', '#']).next().unwrap_or("");
    extension_of_path(path).and_then(|ext| class_of(&ext)) == Some(Class::Image)
}

fn extension_of_path(path: &str) -> Option<String> {
    let last = path.rsplit('/').next().unwrap_or("");
    last.rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
}

fn class_of(extension: &str) -> Option<Class> {
    EXTENSIONS
        .iter()
        .find(|(known, _)| *known == extension)
        .map(|&(_, class)| class)
}

/// What a Content-Type header names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// A type patuh reads.
    Read(Kind),
    /// `text/plain`, which servers give pages as well: read as HTML if it looks like HTML.
    PlainText,
    /// No type: a page, unless the URL's extension names a document.
    Missing,
    /// A generic download type (`application/octet-stream`…), as servers label attachments:
    /// the URL's extension tells what it is.
    Download,
    /// Any other type (images, archives, spreadsheets patuh does not read…).
    Other,
}

/// What a Content-Type header (parameters and case aside) names.
pub fn label(content_type: &str) -> Label {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "text/html" | "application/xhtml+xml" => Label::Read(Kind::Html),
        "application/pdf" | "application/x-pdf" => Label::Read(Kind::Pdf),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => {
            Label::Read(Kind::Docx)
        }
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => {
            Label::Read(Kind::Xlsx)
        }
        "application/vnd.oasis.opendocument.text" => Label::Read(Kind::Odt),
        "text/plain" => Label::PlainText,
        "" => Label::Missing,
        "application/octet-stream"
        | "binary/octet-stream"
        | "application/download"
        | "application/force-download"
        | "application/x-download" => Label::Download,
        _ => Label::Other,
    }
}

/// Whether a Content-Type names an HTML document.
pub fn is_html_type(content_type: &str) -> bool {
    label(content_type) == Label::Read(Kind::Html)
}

/// The kind of a response: by Content-Type, else (missing or a generic download type) by the
/// URL's extension, the way servers mislabel attachments; `None` for types patuh does not read.
pub fn of_response(content_type: Option<&str>, url: &Url) -> Option<Kind> {
    match label(content_type.unwrap_or("")) {
        Label::Read(kind) => Some(kind),
        Label::PlainText => Some(Kind::Html),
        Label::Missing => of_extension(url).or(Some(Kind::Html)),
        Label::Download => of_extension(url),
        Label::Other => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).expect("test URL")
    }

    #[test]
    fn the_table_is_sorted_lower_case_and_has_no_duplicates() {
        for pair in EXTENSIONS.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{:?} before {:?}", pair[0], pair[1]);
        }
        for (extension, _) in EXTENSIONS {
            assert_eq!(*extension, extension.to_ascii_lowercase());
        }
    }

    #[test]
    fn unread_documents_and_pictures_are_skipped_read_types_are_not() {
        for &(extension, class) in EXTENSIONS {
            let link = url(&format!("https://a.go.id/unduh/file.{extension}"));
            let read = matches!(class, Class::Read(_));
            assert_eq!(is_skipped(&link), !read, "{extension}");
            if class == Class::Unread {
                assert!(is_skipped(&link) && !is_asset(&link), "{extension}");
            }
        }
    }

    #[test]
    fn links_are_told_by_their_extension() {
        let cases = [
            ("https://a.go.id/uploads/SP.ODS", true, true, false),
            ("https://a.go.id/uploads/sp.doc", true, true, false),
            ("https://a.go.id/uploads/sp.pptx", true, true, false),
            ("https://a.go.id/uploads/sp.pdf", false, false, false),
            ("https://a.go.id/uploads/sp.xlsx?v=2", false, false, false),
            ("https://a.go.id/img/logo.PNG", true, false, true),
            ("https://a.go.id/style.css?v=2", true, false, true),
            ("https://a.go.id/layanan/", false, false, false),
            ("https://a.go.id/index.php?id=3", false, false, false),
            (
                "https://a.go.id/berita/2026.11.23-judul",
                false,
                false,
                false,
            ),
            ("https://a.go.id/sp.ods/", false, false, false),
        ];
        for (link, skipped, unread, asset) in cases {
            let link = url(link);
            assert_eq!(is_skipped(&link), skipped, "skipped {link}");
            assert_eq!(is_unread_document(&link), unread, "unread {link}");
            assert_eq!(is_asset(&link), asset, "asset {link}");
        }
    }

    #[test]
    fn image_links_are_told_from_their_path() {
        for (link, want) in [
            ("https://a.go.id/uploads/poster.JPG", true),
            ("https://a.go.id/uploads/poster.webp?w=300#top", true),
            ("uploads/scan.tiff", true),
            ("https://a.go.id/logo.svg", false),
            ("https://a.go.id/sp.pdf", false),
            ("https://a.go.id/poster.png/", false),
            ("https://a.go.id/view?file=poster.png", false),
        ] {
            assert_eq!(is_image_link(link), want, "{link}");
        }
    }

    #[test]
    fn content_types_are_labelled_whatever_their_case_and_parameters() {
        for (content_type, want) in [
            ("text/html", Label::Read(Kind::Html)),
            ("text/html; charset=utf-8", Label::Read(Kind::Html)),
            ("Text/HTML", Label::Read(Kind::Html)),
            ("application/xhtml+xml", Label::Read(Kind::Html)),
            ("application/pdf", Label::Read(Kind::Pdf)),
            ("application/x-pdf", Label::Read(Kind::Pdf)),
            (
                "application/vnd.oasis.opendocument.text",
                Label::Read(Kind::Odt),
            ),
            ("text/plain; charset=utf-8", Label::PlainText),
            ("", Label::Missing),
            ("application/octet-stream", Label::Download),
            ("application/force-download", Label::Download),
            ("image/png", Label::Other),
            (
                "application/vnd.oasis.opendocument.spreadsheet",
                Label::Other,
            ),
        ] {
            assert_eq!(label(content_type), want, "{content_type}");
            assert_eq!(
                is_html_type(content_type),
                want == Label::Read(Kind::Html),
                "{content_type}"
            );
        }
    }

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
            (
                Some("application/octet-stream"),
                "https://a.go.id/sp.ods",
                None,
            ),
            (None, "https://a.go.id/sp.docx", Some(Kind::Docx)),
            (None, "https://a.go.id/layanan/", Some(Kind::Html)),
            (None, "https://a.go.id/poster.png", Some(Kind::Html)),
            (Some("text/plain"), "https://a.go.id/x", Some(Kind::Html)),
            (Some("image/png"), "https://a.go.id/poster.png", None),
            (
                Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                "https://a.go.id/d",
                Some(Kind::Xlsx),
            ),
        ];
        for (content_type, link, want) in cases {
            let link = url(link);
            assert_eq!(
                of_response(content_type, &link),
                want,
                "{content_type:?} {link}"
            );
        }
    }

    #[test]
    fn kind_names_round_trip() {
        for kind in [Kind::Html, Kind::Pdf, Kind::Docx, Kind::Xlsx, Kind::Odt] {
            assert_eq!(Kind::from_name(kind.name()), Some(kind));
        }
        assert_eq!(Kind::from_name("ods"), None);
    }
}
