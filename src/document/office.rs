//! Text of office documents: DOCX and XLSX (Office Open XML) and ODT (OpenDocument), each a
//! zip of XML parts, read with `zip` and `quick-xml`.
//!
//! Every part read draws on one budget of [`MAX_XML_BYTES`] inflated bytes, checked against
//! the size the archive declares before anything is inflated and again while inflating (the
//! declaration can lie), so a zip bomb is refused without being expanded.

use std::borrow::Cow;
use std::io::{Cursor, Read};

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use zip::ZipArchive;
use zip::result::ZipError;

/// The most uncompressed XML read from one document, all parts together.
pub const MAX_XML_BYTES: u64 = 50 * 1024 * 1024;

/// The most empty columns kept between two values of a spreadsheet row.
pub const MAX_GAP: usize = 8;

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
    let workbook = package
        .read("xl/workbook.xml")?
        .ok_or("not an XLSX: it has no xl/workbook.xml")?;
    let sheets = sheet_ids(&workbook).map_err(|err| format!("malformed xl/workbook.xml: {err}"))?;
    let relations = match package.read("xl/_rels/workbook.xml.rels")? {
        Some(xml) => {
            relations(&xml).map_err(|err| format!("malformed workbook relations: {err}"))?
        }
        None => Vec::new(),
    };
    let shared_path = relations
        .iter()
        .find(|relation| relation.kind.ends_with("/sharedStrings"))
        .map_or_else(
            || "xl/sharedStrings.xml".to_owned(),
            |relation| part_path(&relation.target),
        );
    let shared = match package.read(&shared_path)? {
        Some(xml) => {
            shared_strings(&xml).map_err(|err| format!("malformed {shared_path}: {err}"))?
        }
        None => Vec::new(),
    };
    let mut lines = Vec::new();
    for (index, id) in sheets.iter().enumerate() {
        // Without the relationships part, fall back on the names Excel gives sheets.
        let path = match relations.iter().find(|relation| &relation.id == id) {
            Some(relation) => part_path(&relation.target),
            None if relations.is_empty() => format!("xl/worksheets/sheet{}.xml", index + 1),
            None => continue,
        };
        if let Some(xml) = package.read(&path)? {
            sheet_rows(&xml, &shared, &mut lines)
                .map_err(|err| format!("malformed {path}: {err}"))?;
        }
    }
    Ok(lines.join("\n"))
}

/// A zip archive and what is left of its inflation budget.
struct Package<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    budget: u64,
}

impl<'a> Package<'a> {
    /// `kind` names the expected format with its article, for messages: "a DOCX".
    fn open(bytes: &'a [u8], kind: &str) -> Result<Self, String> {
        let archive = ZipArchive::new(Cursor::new(bytes))
            .map_err(|err| format!("not {kind} (not a readable zip archive: {err})"))?;
        Ok(Package {
            archive,
            budget: MAX_XML_BYTES,
        })
    }

    /// The inflated part, or `None` when the archive has no such part.
    fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, String> {
        let too_big = || {
            format!(
                "refused: the document's XML inflates to more than {} MiB ({name})",
                MAX_XML_BYTES >> 20
            )
        };
        let file = match self.archive.by_name(name) {
            Ok(file) => file,
            Err(ZipError::FileNotFound) => return Ok(None),
            Err(err) => return Err(format!("cannot open {name} in the archive: {err}")),
        };
        if file.size() > self.budget {
            return Err(too_big());
        }
        // The declared size may be a lie in either direction: trust it only for a modest
        // first allocation, and count what actually comes out.
        let capacity = usize::try_from(file.size().min(1 << 22)).unwrap_or(0);
        let mut data = Vec::with_capacity(capacity);
        file.take(self.budget + 1)
            .read_to_end(&mut data)
            .map_err(|err| format!("cannot inflate {name}: {err}"))?;
        let used = u64::try_from(data.len()).unwrap_or(u64::MAX);
        if used > self.budget {
            return Err(too_big());
        }
        self.budget -= used;
        Ok(Some(data))
    }
}

/// `target` of a workbook relationship as a path inside the archive.
fn part_path(target: &str) -> String {
    match target.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None => format!("xl/{}", target.trim_start_matches("./")),
    }
}

/// Element names that shape running text, by local name (prefixes vary between producers).
struct Flow {
    paragraphs: &'static [&'static str],
    table: &'static str,
    row: &'static str,
    cell: &'static str,
    tab: &'static str,
    breaks: &'static [&'static str],
    /// Text counts only inside these (Word's `w:t`); empty means anywhere in a paragraph.
    text: &'static [&'static str],
    /// Subtrees never read: duplicates (`mc:Fallback`), tracked deletions, notes, comments.
    skip: &'static [&'static str],
    /// Word's property elements (`w:pPr`, `w:rPr`, …) hold tab stops named `w:tab`.
    skip_properties: bool,
    /// OpenDocument collapses white space in text; `text:s` stands for the spaces kept.
    collapse_space: bool,
}

const DOCX: Flow = Flow {
    paragraphs: &["p"],
    table: "tbl",
    row: "tr",
    cell: "tc",
    tab: "tab",
    breaks: &["br", "cr"],
    text: &["t"],
    skip: &["Fallback"],
    skip_properties: true,
    collapse_space: false,
};

const ODT: Flow = Flow {
    paragraphs: &["p", "h"],
    table: "table",
    row: "table-row",
    cell: "table-cell",
    tab: "tab",
    breaks: &["line-break"],
    text: &[],
    skip: &["tracked-changes", "annotation", "note", "bookmark-ref"],
    skip_properties: false,
    collapse_space: true,
};

/// Table state while walking: the current row's cells and the cell being filled.
#[derive(Default)]
struct Table {
    cells: Vec<String>,
    cell: Option<String>,
}

/// Running text of a word-processing body, laid out as [`docx_text`] documents.
fn flow_text(xml: &[u8], flow: &Flow) -> Result<String, quick_xml::Error> {
    let mut reader = Reader::from_reader(xml);
    let mut lines: Vec<String> = Vec::new();
    let mut paragraphs: Vec<String> = Vec::new();
    let mut tables: Vec<Table> = Vec::new();
    let mut skip_depth = 0usize;
    let mut in_text = 0usize;
    loop {
        let event = reader.read_event()?;
        if skip_depth > 0 {
            match event {
                Event::Start(_) => skip_depth += 1,
                Event::End(_) => skip_depth -= 1,
                Event::Eof => break,
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(start) => {
                let name = start.local_name();
                let name = name.as_ref();
                if flow.skip.contains(&name) || (flow.skip_properties && name.ends_with("Pr")) {
                    skip_depth = 1;
                } else if flow.paragraphs.contains(&name) {
                    paragraphs.push(String::new());
                } else if name == flow.table {
                    tables.push(Table::default());
                } else if name == flow.row {
                    if let Some(table) = tables.last_mut() {
                        table.cells.clear();
                    }
                } else if name == flow.cell {
                    if let Some(table) = tables.last_mut() {
                        table.cell = Some(String::new());
                    }
                } else if flow.text.contains(&name) {
                    in_text += 1;
                }
            }
            Event::Empty(empty) => {
                let name = empty.local_name();
                let name = name.as_ref();
                if let Some(paragraph) = paragraphs.last_mut() {
                    if name == flow.tab {
                        paragraph.push('\t');
                    } else if flow.breaks.contains(&name) {
                        paragraph.push('\n');
                    } else if flow.collapse_space && name == "s" {
                        let count = attribute(&empty, "c")
                            .and_then(|c| c.parse().ok())
                            .unwrap_or(1);
                        paragraph.extend(std::iter::repeat_n(' ', count.min(100)));
                    }
                }
                if name == flow.cell
                    && let Some(table) = tables.last_mut()
                {
                    table.cells.push(String::new());
                }
            }
            Event::End(end) => {
                let name = end.local_name();
                let name = name.as_ref();
                if flow.paragraphs.contains(&name) {
                    if let Some(paragraph) = paragraphs.pop() {
                        emit(paragraph.trim(), &mut tables, &mut lines);
                    }
                } else if name == flow.cell {
                    if let Some(table) = tables.last_mut() {
                        let cell = table.cell.take().unwrap_or_default();
                        table.cells.push(cell.trim().to_owned());
                    }
                } else if name == flow.row {
                    if let Some((table, outer)) = tables.split_last_mut() {
                        emit(&row_line(&mut table.cells), outer, &mut lines);
                    }
                } else if name == flow.table {
                    tables.pop();
                } else if flow.text.contains(&name) {
                    in_text = in_text.saturating_sub(1);
                }
            }
            Event::Text(text) if counts(flow, in_text) => {
                push_text(&mut paragraphs, &text.xml10_content(), flow.collapse_space);
            }
            Event::CData(data) if counts(flow, in_text) => {
                push_text(&mut paragraphs, &data.into_inner(), flow.collapse_space);
            }
            Event::GeneralRef(reference) if counts(flow, in_text) => {
                if let Some(text) = entity(&reference) {
                    push_text(&mut paragraphs, &text, false);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(lines.join("\n"))
}

fn counts(flow: &Flow, in_text: usize) -> bool {
    flow.text.is_empty() || in_text > 0
}

fn push_text(paragraphs: &mut [String], text: &str, collapse_space: bool) {
    let Some(paragraph) = paragraphs.last_mut() else {
        return;
    };
    if collapse_space {
        let mut after_space = paragraph.ends_with(' ');
        for c in text.chars() {
            if c.is_whitespace() {
                if !after_space {
                    paragraph.push(' ');
                }
                after_space = true;
            } else {
                paragraph.push(c);
                after_space = false;
            }
        }
    } else {
        paragraph.push_str(text);
    }
}

/// Puts a finished paragraph or row into the innermost open cell, or else into the lines.
fn emit(text: &str, tables: &mut [Table], lines: &mut Vec<String>) {
    if text.is_empty() {
        return;
    }
    if let Some(cell) = tables.last_mut().and_then(|table| table.cell.as_mut()) {
        if !cell.is_empty() {
            cell.push(' ');
        }
        cell.push_str(&text.replace('\n', " "));
    } else {
        lines.push(text.to_owned());
    }
}

/// A row's cells joined by `" | "`, trailing empty cells dropped; `""` for an empty row.
fn row_line(cells: &mut Vec<String>) -> String {
    while cells.last().is_some_and(String::is_empty) {
        cells.pop();
    }
    let line = cells.join(" | ");
    cells.clear();
    line
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

/// The `r:id` of each `<sheet>` in `xl/workbook.xml`, in workbook order.
fn sheet_ids(xml: &[u8]) -> Result<Vec<String>, quick_xml::Error> {
    let mut reader = Reader::from_reader(xml);
    let mut ids = Vec::new();
    loop {
        match reader.read_event()? {
            Event::Start(element) | Event::Empty(element)
                if element.local_name().as_ref() == "sheet" =>
            {
                if let Some(id) = attribute(&element, "id") {
                    ids.push(id);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(ids)
}

/// One `<Relationship>` of a `.rels` part.
struct Relation {
    id: String,
    kind: String,
    target: String,
}

fn relations(xml: &[u8]) -> Result<Vec<Relation>, quick_xml::Error> {
    let mut reader = Reader::from_reader(xml);
    let mut found = Vec::new();
    loop {
        match reader.read_event()? {
            Event::Start(element) | Event::Empty(element)
                if element.local_name().as_ref() == "Relationship" =>
            {
                found.push(Relation {
                    id: attribute(&element, "Id").unwrap_or_default(),
                    kind: attribute(&element, "Type").unwrap_or_default(),
                    target: attribute(&element, "Target").unwrap_or_default(),
                });
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(found)
}

/// The shared-string table: each `<si>`'s text, rich-text runs joined, phonetic runs skipped.
fn shared_strings(xml: &[u8]) -> Result<Vec<String>, quick_xml::Error> {
    let mut reader = Reader::from_reader(xml);
    let mut strings = Vec::new();
    let mut current = String::new();
    let mut in_t = false;
    let mut in_phonetic = 0usize;
    loop {
        match reader.read_event()? {
            Event::Start(element) => match element.local_name().as_ref() {
                "si" => current.clear(),
                "t" => in_t = true,
                "rPh" => in_phonetic += 1,
                _ => {}
            },
            Event::End(element) => match element.local_name().as_ref() {
                "si" => strings.push(std::mem::take(&mut current)),
                "t" => in_t = false,
                "rPh" => in_phonetic = in_phonetic.saturating_sub(1),
                _ => {}
            },
            Event::Empty(element) if element.local_name().as_ref() == "si" => {
                strings.push(String::new());
            }
            Event::Text(text) if in_t && in_phonetic == 0 => {
                current.push_str(&text.xml10_content())
            }
            Event::CData(data) if in_t && in_phonetic == 0 => current.push_str(&data.into_inner()),
            Event::GeneralRef(reference) if in_t && in_phonetic == 0 => {
                if let Some(text) = entity(&reference) {
                    current.push_str(&text);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(strings)
}

/// Where text inside a `<c>` cell goes.
#[derive(Clone, Copy, PartialEq)]
enum CellPart {
    Other,
    Value,
    Inline,
}

/// Appends one line per non-empty row of a worksheet to `lines`.
fn sheet_rows(
    xml: &[u8],
    shared: &[String],
    lines: &mut Vec<String>,
) -> Result<(), quick_xml::Error> {
    let mut reader = Reader::from_reader(xml);
    let mut row: Vec<(usize, String)> = Vec::new();
    let mut kind = String::new();
    let mut column = 0usize;
    let mut value = String::new();
    let mut part = CellPart::Other;
    let mut in_phonetic = 0usize;
    loop {
        match reader.read_event()? {
            Event::Start(element) => match element.local_name().as_ref() {
                "row" => row.clear(),
                "c" => {
                    kind = attribute(&element, "t").unwrap_or_default();
                    column = cell_column(&element, &row);
                    value.clear();
                }
                "v" => part = CellPart::Value,
                "t" if in_phonetic == 0 => part = CellPart::Inline,
                "rPh" => in_phonetic += 1,
                _ => {}
            },
            Event::Empty(element) if element.local_name().as_ref() == "row" => row.clear(),
            Event::End(element) => match element.local_name().as_ref() {
                "row" => {
                    if let Some(line) = sheet_line(&mut row) {
                        lines.push(line);
                    }
                }
                "c" => {
                    let text = cell_text(&kind, &value, shared);
                    let text = text.trim();
                    if !text.is_empty() {
                        row.push((column, text.replace(['\n', '\r'], " ")));
                    }
                }
                "v" | "t" => part = CellPart::Other,
                "rPh" => in_phonetic = in_phonetic.saturating_sub(1),
                _ => {}
            },
            Event::Text(text) if part != CellPart::Other => value.push_str(&text.xml10_content()),
            Event::CData(data) if part != CellPart::Other => value.push_str(&data.into_inner()),
            Event::GeneralRef(reference) if part != CellPart::Other => {
                if let Some(text) = entity(&reference) {
                    value.push_str(&text);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(())
}

/// The cell's zero-based column from its `r` reference (`"C7"` → 2), or the next column.
fn cell_column(element: &BytesStart<'_>, row: &[(usize, String)]) -> usize {
    let next = row.last().map_or(0, |(column, _)| column + 1);
    let Some(reference) = attribute(element, "r") else {
        return next;
    };
    let letters = reference.bytes().take_while(u8::is_ascii_alphabetic);
    let mut column = 0usize;
    for (count, letter) in letters.enumerate() {
        if count == 3 {
            return next; // Excel stops at XFD; anything longer is not a cell reference.
        }
        column = column * 26 + usize::from(letter.to_ascii_uppercase() - b'A' + 1);
    }
    column.checked_sub(1).unwrap_or(next)
}

/// What a cell shows, from its type attribute and the text of its `<v>` or `<is>`.
fn cell_text<'a>(kind: &str, value: &'a str, shared: &'a [String]) -> Cow<'a, str> {
    match kind {
        "s" => value
            .trim()
            .parse::<usize>()
            .ok()
            .and_then(|index| shared.get(index))
            .map_or(Cow::Borrowed(""), |text| Cow::Borrowed(text.as_str())),
        "b" => Cow::Borrowed(if value.trim() == "1" { "TRUE" } else { "FALSE" }),
        _ => Cow::Borrowed(value),
    }
}

/// A row's values joined by `" | "`, with empty columns between them (at most [`MAX_GAP`]).
fn sheet_line(row: &mut Vec<(usize, String)>) -> Option<String> {
    if row.is_empty() {
        return None;
    }
    row.sort_by_key(|(column, _)| *column);
    let mut cells: Vec<&str> = Vec::new();
    let mut previous: Option<usize> = None;
    for (column, text) in row.iter() {
        if let Some(previous) = previous {
            let gap = column.saturating_sub(previous + 1);
            cells.extend(std::iter::repeat_n("", gap.min(MAX_GAP)));
        }
        cells.push(text);
        previous = Some(*column);
    }
    let line = cells.join(" | ");
    row.clear();
    Some(line)
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;

    const DOCUMENTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/documents/");

    fn fixture(name: &str) -> Vec<u8> {
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
    fn zip_bombs_are_refused_quickly() {
        for name in ["bomb.docx", "bomb-lying.docx"] {
            let started = Instant::now();
            let err = docx_text(&fixture(name)).expect_err(name);
            assert!(
                started.elapsed() < Duration::from_secs(1),
                "{name} took {:?}",
                started.elapsed()
            );
            assert!(err.contains("word/document.xml"), "{name}: {err}");
        }
        let err = docx_text(&fixture("bomb.docx")).expect_err("bomb");
        assert_eq!(
            err,
            "refused: the document's XML inflates to more than 50 MiB (word/document.xml)"
        );
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

    #[test]
    fn flow_text_cases() {
        const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
        let cases = [
            // Tab stops in paragraph properties are not tabs in the text.
            (
                r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>Biaya</w:t><w:tab/><w:t>: Gratis</w:t></w:r></w:p>"#,
                "Biaya\t: Gratis",
            ),
            // Entities arrive as their own events; character references too.
            (
                r#"<w:p><w:r><w:t>Saran &amp; Masukan &#8211; SP4N&#x2d;LAPOR!</w:t></w:r></w:p>"#,
                "Saran & Masukan \u{2013} SP4N-LAPOR!",
            ),
            // A text box appears twice (mc:Choice and mc:Fallback); only once in the text.
            (
                r#"<w:p><w:r><mc:AlternateContent xmlns:mc="m"><mc:Choice><w:t>Kotak</w:t></mc:Choice><mc:Fallback><w:t>Kotak</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>"#,
                "Kotak",
            ),
            // Deleted text and field codes are not text.
            (
                r#"<w:p><w:r><w:delText>lama</w:delText><w:instrText>PAGE</w:instrText><w:t>baru</w:t></w:r></w:p>"#,
                "baru",
            ),
            // A nested table ends up inside its outer cell.
            (
                r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Biaya</w:t></w:r></w:p></w:tc><w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>KTP</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Gratis</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>"#,
                "Biaya | KTP | Gratis",
            ),
            // A line break inside a cell becomes a space; outside it splits the line.
            (
                r#"<w:p><w:r><w:t>A</w:t><w:br/><w:t>B</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>C</w:t><w:br/><w:t>D</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
                "A\nB\nC D",
            ),
            // Empty cells keep their column; trailing ones are dropped.
            (
                r#"<w:tbl><w:tr><w:tc><w:p/></w:tc><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc><w:tc/></w:tr></w:tbl>"#,
                " | x",
            ),
        ];
        for (body, expected) in cases {
            let xml = format!("<w:document {W}><w:body>{body}</w:body></w:document>");
            assert_eq!(
                flow_text(xml.as_bytes(), &DOCX).ok().as_deref(),
                Some(expected),
                "{body}"
            );
        }
        assert!(flow_text(b"<w:p><w:t>open</w:p>", &DOCX).is_err());
    }

    #[test]
    fn sheet_cases() {
        let shared = vec!["Biaya".to_owned(), "Gratis".to_owned()];
        let cases = [
            (
                r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>"#,
                "Biaya | Gratis",
            ),
            // Gaps between values are kept, up to MAX_GAP; leading ones are not.
            (
                r#"<row><c r="B2" t="s"><v>0</v></c><c r="D2"><v>0</v></c></row>"#,
                "Biaya |  | 0",
            ),
            (
                r#"<row><c r="A3"><v>1</v></c><c r="Z3"><v>2</v></c></row>"#,
                "1 |  |  |  |  |  |  |  |  | 2",
            ),
            // Formulas show their cached value; booleans, errors, inline and formula strings.
            (
                r#"<row><c r="A4"><f>1+1</f><v>2</v></c><c r="B4" t="b"><v>1</v></c><c r="C4" t="e"><v>#N/A</v></c><c r="D4" t="str"><f>A1</f><v>Rp 0</v></c><c r="E4" t="inlineStr"><is><r><t>a &amp; </t></r><r><t>b</t></r></is></c></row>"#,
                "2 | TRUE | #N/A | Rp 0 | a & b",
            ),
            // Out-of-range shared string index, empty and styled-only cells: nothing.
            (
                r#"<row><c r="A5" t="s"><v>9</v></c><c r="B5" s="3"/><c r="C5"><v></v></c></row>"#,
                "",
            ),
            // Cells without references follow one another; bad references too.
            (
                r#"<row><c><v>a</v></c><c><v>b</v></c><c r="ABCD9"><v>c</v></c></row>"#,
                "a | b | c",
            ),
        ];
        for (row, expected) in cases {
            let xml = format!(r#"<worksheet xmlns="x"><sheetData>{row}</sheetData></worksheet>"#);
            let mut lines = Vec::new();
            sheet_rows(xml.as_bytes(), &shared, &mut lines).expect("well-formed sheet");
            assert_eq!(lines.join("\n"), expected, "{row}");
        }
    }

    #[test]
    fn shared_strings_join_runs_and_skip_phonetics() {
        let xml = r#"<sst><si><t>Biaya</t></si><si/><si><r><t>Tidak </t></r><r><t>dipungut</t></r><rPh><t>x</t></rPh></si></sst>"#;
        assert_eq!(
            shared_strings(xml.as_bytes()).ok(),
            Some(vec![
                "Biaya".to_owned(),
                String::new(),
                "Tidak dipungut".to_owned()
            ])
        );
    }

    /// A zip of stored (uncompressed) parts.
    fn archive(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, text) in parts {
            writer.start_file(*name, options).expect("in memory");
            std::io::Write::write_all(&mut writer, text.as_bytes()).expect("in memory");
        }
        writer.finish().expect("in memory").into_inner()
    }

    #[test]
    fn xlsx_without_relationships_uses_default_sheet_names() {
        let bytes = archive(&[
            (
                "xl/workbook.xml",
                r#"<workbook><sheets><sheet name="A" r:id="rId7"/></sheets></workbook>"#,
            ),
            (
                "xl/worksheets/sheet1.xml",
                r#"<worksheet><sheetData><row><c t="inlineStr"><is><t>Gratis</t></is></c></row></sheetData></worksheet>"#,
            ),
        ]);
        assert_eq!(xlsx_text(&bytes).as_deref(), Ok("Gratis"));
    }

    #[test]
    fn relationship_targets_become_archive_paths() {
        assert_eq!(
            part_path("worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            part_path("/xl/worksheets/sheet2.xml"),
            "xl/worksheets/sheet2.xml"
        );
    }
}
