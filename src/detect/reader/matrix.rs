//! A standard laid out as a matrix: one row per service under a header row whose cells are
//! component labels ("Jenis Layanan | Persyaratan | Waktu Penyelesaian | Biaya"), in an HTML
//! table, a spreadsheet or a PDF table read back with its cells.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use super::lexicon::{Component, label_at_start};
use super::{
    Block, LOOK_ALIKE_TITLE, MIN_COMPONENTS, MIN_DELIVERY, Reading, evidence_in, labelled,
    standard_reading, title_before, values,
};

/// Rows read under one header.
const MAX_ROWS: usize = 200;
/// Rows quoted per column: a matrix of 40 services needs a few quotes, not 40.
const QUOTED_ROWS: usize = 5;

/// Header cells of tables that are not a standard: survey units and scores, minimum-service
/// targets and achievements.
static LOOK_ALIKE_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bunsur\b|\bnilai\b|\bbobot\b|\bikm\b|\bskm\b|\bnrr\b|responden|indikator|\btarget\b|capaian|realisasi|\bmutu\b|informasi\s+publik")
        .expect("look-alike header pattern is valid")
});

/// The readings of every matrix among `blocks`; their rows are marked in `covered`.
pub(super) fn read(blocks: &[Block], covered: &mut [bool]) -> Vec<Reading> {
    let mut readings = Vec::new();
    let mut i = 0;
    while i < blocks.len() {
        match header(&blocks[i]) {
            Some(columns) if !covered[i] => {
                let rows = blocks[i + 1..]
                    .iter()
                    .take(MAX_ROWS)
                    .take_while(|b| !b.cells.is_empty())
                    .count();
                if let Some(found) = standard(blocks, i, &columns, &blocks[i + 1..=i + rows]) {
                    covered[i..=i + rows].iter_mut().for_each(|c| *c = true);
                    readings.extend(found);
                }
                i += rows + 1;
            }
            _ => i += 1,
        }
    }
    readings
}

/// A column of the header: its label and component, when it is one.
type Column = Option<(Component, String)>;

/// The columns of a header row: one whose cells include [`MIN_COMPONENTS`] component labels
/// standing alone, of which [`MIN_DELIVERY`] are service-delivery components.
fn header(block: &Block) -> Option<Vec<Column>> {
    if block.cells.len() < MIN_COMPONENTS
        || block.cells.iter().any(|c| LOOK_ALIKE_HEADER.is_match(c))
    {
        return None;
    }
    let columns: Vec<Column> = block
        .cells
        .iter()
        .map(|cell| {
            label_at_start(cell)
                .filter(|l| cell[l.value_start..].trim().is_empty())
                .map(|l| (l.component, l.text))
        })
        .collect();
    let kinds: BTreeSet<Component> = columns.iter().flatten().map(|(k, _)| *k).collect();
    if kinds.iter().any(|k| !k.is_standard()) {
        return None;
    }
    let delivery = kinds.iter().filter(|k| k.is_delivery()).count();
    (kinds.len() >= MIN_COMPONENTS && delivery >= MIN_DELIVERY).then_some(columns)
}

/// The readings of a matrix whose header is block `at`, when one of its rows gives values
/// for two delivery components.
fn standard(
    blocks: &[Block],
    at: usize,
    columns: &[Column],
    rows: &[Block],
) -> Option<Vec<Reading>> {
    let title = title_before(blocks, at);
    if title.is_some_and(|t| LOOK_ALIKE_TITLE.is_match(t)) {
        return None;
    }
    let rows: Vec<&Block> = rows
        .iter()
        .filter(|r| r.cells.len() == columns.len())
        .collect();
    let filled = |row: &Block| {
        columns
            .iter()
            .zip(&row.cells)
            .filter(|(column, cell)| {
                column.as_ref().is_some_and(|(k, _)| k.is_delivery()) && values::is_value(cell)
            })
            .count()
    };
    if !rows.iter().any(|row| filled(row) >= MIN_DELIVERY) {
        return None;
    }
    let labels: Vec<&str> = columns.iter().flatten().map(|(_, l)| l.as_str()).collect();
    let mut readings = vec![standard_reading(title, &labels, blocks[at].page)];
    for (index, column) in columns.iter().enumerate() {
        let Some((kind, label)) = column else {
            continue;
        };
        let mut quoted = 0;
        for row in &rows {
            if quoted == QUOTED_ROWS {
                break;
            }
            let value = &row.cells[index];
            let Some((criterion, hit)) = evidence_in(*kind, value) else {
                continue;
            };
            // The service the row is for: its first cell that is not a number or a value.
            let service = columns
                .iter()
                .zip(&row.cells)
                .find(|(column, cell)| column.is_none() && cell.chars().any(char::is_alphabetic))
                .map(|(_, cell)| cell.as_str());
            let label = match service {
                Some(service) => format!("{service} — {label}"),
                None => label.clone(),
            };
            readings.push(labelled(criterion, &label, value, hit, row.page));
            quoted += 1;
        }
    }
    Some(readings)
}
