//! Text of office documents: DOCX and XLSX (Office Open XML) and ODT (OpenDocument), each a
//! zip of XML parts, read with `zip` and `quick-xml`.
//!
//! Every part read draws on one budget of [`MAX_XML_BYTES`] inflated bytes, checked against
//! the size the archive declares before anything is inflated and again while inflating (the
//! declaration can lie), so a zip bomb is refused without being expanded.
//!
//! `package` opens the zip and keeps that budget; `flow` lays out the running text of DOCX
//! and ODT bodies; `xlsx` walks a workbook's sheets.

mod flow;
mod package;
mod xlsx;

use std::borrow::Cow;

use quick_xml::XmlVersion;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesRef, BytesStart};

use flow::{DOCX, ODT, flow_text};
use package::Package;

pub use package::MAX_XML_BYTES;
pub use xlsx::MAX_GAP;

/// Text of a Word document's body: paragraphs separated by `'\n'`; in a table, cells joined
/// by `" | "` and rows by `'\n'`. Empty paragraphs and rows are left out, so a document
/// without text gives `Ok("")`.
pub fn docx_text(bytes: &[u8]) -> Result<String, String> {
    let mut package = Package::open(bytes, "a DOCX")?;
    let xml = package
        .read("word/document.xml")?
        .ok_or("not a DOCX: it has no word/document.xml")?;
    flow_text(&xml, &DOCX).map_err(|err| format!("malformed word/document.xml: {err}"))
}

/// Text of an OpenDocument text (LibreOffice Writer), laid out as [`docx_text`] lays out a
/// Word document.
pub fn odt_text(bytes: &[u8]) -> Result<String, String> {
    let mut package = Package::open(bytes, "an ODT")?;
    let xml = package
        .read("content.xml")?
        .ok_or("not an ODT: it has no content.xml")?;
    flow_text(&xml, &ODT).map_err(|err| format!("malformed content.xml: {err}"))
}

/// Text of every sheet of a workbook, in workbook order: one line per row with cells joined
/// by `" | "`. Shared strings are resolved; numbers (and dates, which are numbers) appear as
/// stored; a formula shows its cached value. Up to [`MAX_GAP`] empty cells between two values
/// are kept as empty columns so a matrix stays aligned; empty rows are left out.
pub fn xlsx_text(bytes: &[u8]) -> Result<String, String> {
    let mut package = Package::open(bytes, "an XLSX")?;
    xlsx::workbook_text(&mut package)
}

/// The text an entity reference stands for: `&amp;` and friends, `&#8211;`, `&#x2013;`.
fn entity(reference: &BytesRef<'_>) -> Option<Cow<'static, str>> {
    match reference.resolve_char_ref() {
        Ok(Some(c)) => Some(Cow::Owned(c.to_string())),
        Ok(None) => resolve_predefined_entity(&reference.xml10_content()).map(Cow::Borrowed),
        Err(_) => None,
    }
}

/// The unescaped value of the attribute with this local name (prefixes ignored).
fn attribute(element: &BytesStart<'_>, local: &str) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|attr| attr.key.local_name().as_ref() == local)
        .and_then(|attr| {
            attr.normalized_value(XmlVersion::Implicit1_0)
                .ok()
                .map(Cow::into_owned)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOCUMENTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/documents/");

    /// The bytes of `fixtures/documents/<name>`, for the tests of every part of this module.
    pub(super) fn fixture(name: &str) -> Vec<u8> {
        let path = format!("{DOCUMENTS}{name}");
        std::fs::read(&path).unwrap_or_else(|err| panic!("cannot read {path}: {err}"))
    }

    #[test]
    fn docx_standard_table_comes_out_as_rows() {
        let expected = "\
STANDAR PELAYANAN DINAS SOSIAL KABUPATEN SUNGAI JERNIH
Jenis Pelayanan\t: Rekomendasi Bantuan Rumah Tidak Layak Huni (RTLH)
Dasar Hukum\t: Peraturan Menteri Sosial Nomor 20 Tahun 2017
No | Komponen | Uraian
1 | Persyaratan | Surat permohonan dari kepala desa/lurah; Fotokopi KTP & KK pemohon; Foto kondisi rumah tampak depan dan dalam.
2 | Sistem, Mekanisme dan Prosedur | Pemohon menyerahkan berkas ke loket pelayanan \u{2013} petugas memverifikasi berkas \u{2013} survei lapangan \u{2013} Kepala Dinas menandatangani rekomendasi.
3 | Jangka Waktu Penyelesaian | 7 (tujuh) hari kerja sejak berkas dinyatakan lengkap.
4 | Biaya/Tarif | Tidak dipungut biaya.
5 | Produk Pelayanan | Surat Rekomendasi Bantuan Rumah Tidak Layak Huni (RTLH).
6 | Penanganan Pengaduan, Saran dan Masukan | SP4N-LAPOR! www.lapor.go.id WhatsApp 0812-5555-1234 Kotak saran di ruang pelayanan Dinas Sosial.
Sungai Jernih, 8 Januari 2024
Kepala Dinas Sosial
Dra. HJ. RUSMINI, M.Si.
1";
        assert_eq!(docx_text(&fixture("standar.docx")).as_deref(), Ok(expected));
    }

    #[test]
    fn xlsx_matrix_resolves_shared_strings_on_all_sheets() {
        let expected = "\
Jenis Layanan | Persyaratan | Waktu Penyelesaian | Biaya
Surat Keterangan Terdaftar DTKS | KTP dan KK asli; surat pengantar desa/kelurahan | 1 (satu) hari kerja | Gratis
Rekomendasi PBI Jaminan Kesehatan | KTP; KK; surat keterangan tidak mampu dari desa/kelurahan | 3 (tiga) hari kerja | Tidak dipungut biaya
Tanda Daftar Lembaga Kesejahteraan Sosial (LKS) | Akta pendirian & AD/ART; susunan pengurus; NPWP lembaga | 14 (empat belas) hari kerja | Rp 0,-
Ditetapkan tahun |  | 2024
Jumlah layanan | 3";
        assert_eq!(xlsx_text(&fixture("matriks.xlsx")).as_deref(), Ok(expected));
    }

    #[test]
    fn odt_paragraphs_spaces_and_table() {
        let expected = "\
Standar Pelayanan Dinas Sosial
Pengaduan: SP4N-LAPOR!  WhatsApp 0812-5555-1234
No | Komponen | Uraian
1 | Jangka Waktu Penyelesaian | 7 (tujuh) hari kerja
2 | Biaya/Tarif | Tidak dipungut biaya";
        assert_eq!(odt_text(&fixture("standar.odt")).as_deref(), Ok(expected));
    }

    #[test]
    fn fixture_site_documents_are_the_test_documents() {
        let site = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/web/dinsos.sungaijernihkab.go.id/unduhan/"
        );
        for (served, copy) in [
            ("standar-pelayanan-dinsos.docx", "standar.docx"),
            ("biaya-dan-waktu-layanan.xlsx", "matriks.xlsx"),
        ] {
            let bytes = std::fs::read(format!("{site}{served}"))
                .expect("the fixture site's document exists");
            assert_eq!(bytes, fixture(copy), "{served}");
        }
    }

    #[test]
    fn empty_docx_gives_empty_text() {
        assert_eq!(docx_text(&fixture("empty.docx")).as_deref(), Ok(""));
    }

    #[test]
    fn wrong_kinds_of_file_are_errors() {
        type Extract = fn(&[u8]) -> Result<String, String>;
        let cases: [(&str, Extract, &str); 6] = [
            ("standar.pdf", docx_text, "not a DOCX"),
            ("not-a-pdf.pdf", xlsx_text, "not an XLSX"),
            ("matriks.xlsx", docx_text, "no word/document.xml"),
            ("standar.docx", xlsx_text, "no xl/workbook.xml"),
            ("standar.docx", odt_text, "no content.xml"),
            ("truncated.pdf", odt_text, "not an ODT"),
        ];
        for (name, extract, message) in cases {
            let err = extract(&fixture(name)).expect_err(name);
            assert!(err.contains(message), "{name}: {err}");
        }
    }

    #[test]
    fn damaged_archives_never_panic() {
        for name in ["standar.docx", "matriks.xlsx", "standar.odt", "empty.docx"] {
            let bytes = fixture(name);
            for cut in (0..bytes.len()).step_by(53) {
                let _ = (
                    docx_text(&bytes[..cut]),
                    xlsx_text(&bytes[..cut]),
                    odt_text(&bytes[..cut]),
                );
            }
            for at in (0..bytes.len()).step_by(41) {
                let mut damaged = bytes.clone();
                for byte in damaged.iter_mut().skip(at).take(8) {
                    *byte ^= 0x5a;
                }
                let _ = (docx_text(&damaged), xlsx_text(&damaged), odt_text(&damaged));
            }
        }
    }
}
