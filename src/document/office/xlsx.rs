//! Text of a workbook (XLSX): the sheets in workbook order found through the relationships
//! part, shared strings resolved, one line per row.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::package::Package;
use super::{attribute, entity};

/// The most empty columns kept between two values of a spreadsheet row.
pub const MAX_GAP: usize = 8;

/// The text of an opened workbook, laid out as [`xlsx_text`](super::xlsx_text) describes.
pub(super) fn workbook_text(package: &mut Package<'_>) -> Result<String, String> {
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

/// `target` of a workbook relationship as a path inside the archive.
fn part_path(target: &str) -> String {
    match target.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None => format!("xl/{}", target.trim_start_matches("./")),
    }
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
    use std::io::Cursor;

    use super::*;
    use crate::document::office::xlsx_text;

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
