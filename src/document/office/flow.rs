//! Running text of word-processing bodies — Word's `word/document.xml` and OpenDocument's
//! `content.xml` — walked once with the element names of each format.

use quick_xml::Reader;
use quick_xml::events::Event;

use super::{attribute, entity};

/// Element names that shape running text, by local name (prefixes vary between producers).
pub(super) struct Flow {
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

pub(super) const DOCX: Flow = Flow {
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

pub(super) const ODT: Flow = Flow {
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

/// Running text of a word-processing body, laid out as [`docx_text`](super::docx_text) documents.
pub(super) fn flow_text(xml: &[u8], flow: &Flow) -> Result<String, quick_xml::Error> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
