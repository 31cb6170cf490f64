//! The standard reader: finds a published service standard in a document's text read in
//! order, whatever its markup. It recognises the components of PermenPANRB 15/2014 where their
//! labels stand as labels (a block's start, a first cell, after a list number), takes each
//! component's value from what follows its label up to the next label, and calls it a
//! standard where [`MIN_COMPONENTS`] distinct components with values stand together. It also
//! reads a matrix (one row per service under component headers) and a titled standard whose
//! labels were lost (shown as icons), and leaves look-alikes (satisfaction surveys, SOPs,
//! minimum service standards, information-service standards) alone.
//!
//! It is part of the default profile: its findings carry the ids of the profile's
//! `source = "reader"` rules, which a site's file can `disable`.

mod blocks;
mod lexicon;
mod values;

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use scraper::Html;

use crate::profile::Criterion;
pub(crate) use blocks::{Block, html_blocks, text_blocks};
use lexicon::{Component, Label, label_at_start};

/// Distinct components, each with a value, that make a standard: a real one shows four to
/// six of the service-delivery components, and look-alikes that list labels with values
/// (a contact page with "Waktu Pelayanan" and "Pengaduan") show two.
pub(crate) const MIN_COMPONENTS: usize = 3;
/// Of those, how many must be service-delivery components (requirements, procedure, time,
/// fee, product, complaints): the manufacturing components alone are an internal document.
const MIN_DELIVERY: usize = 2;
/// Labels further apart than this many blocks are not one standard.
const MAX_GAP: usize = 40;
/// A component's value is read from at most this many blocks after its label ...
const VALUE_BLOCKS: usize = 15;
/// ... and at most about this many characters.
const VALUE_CHARS: usize = 1500;
/// How far before a standard its title is looked for, in blocks.
const TITLE_BLOCKS: usize = 30;

/// One thing the reader found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Reading {
    /// What it is evidence for.
    pub(crate) criterion: Criterion,
    /// Label and value ("Biaya / Tarif: GRATIS"), or for the standard its title and the
    /// components seen.
    pub(crate) quote: String,
    /// Where in the quote the evidence is (the fee, the duration), for cutting it.
    pub(crate) hit: Range<usize>,
    /// The document page (1-based) the label is on.
    pub(crate) page: Option<u32>,
}

/// Reads an HTML page; nothing when its text cannot hold a standard.
pub(crate) fn readings(doc: &Html) -> Vec<Reading> {
    if !gate::may_hold_standard(doc) {
        return Vec::new();
    }
    read(&html_blocks(doc))
}

/// Reads the blocks of a document.
pub(crate) fn read(blocks: &[Block]) -> Vec<Reading> {
    let joined = join_split_labels(blocks);
    let blocks = joined.as_deref().unwrap_or(blocks);
    let labels: Vec<Option<Label>> = blocks.iter().map(|b| label_at_start(&b.text)).collect();
    let mut readings = Vec::new();
    let mut covered = vec![false; blocks.len()];
    for run in runs(blocks, &labels) {
        if let Some(found) = standard_of(blocks, &run) {
            covered[run.first..=run.last].fill(true);
            readings.extend(found);
        }
    }
    readings.extend(matrix::read(blocks, &mut covered));
    readings.extend(unlabelled::read(blocks, &labels, &covered));
    readings
}

/// A block at most this long may be the first part of a label wrapped over lines.
const LABEL_PART: usize = 40;

/// Labels wrapped over two or three blocks ("Jangka Waktu" / "Pelayanan", "Pengelolaan" /
/// "Pengaduan Tidak dipungut biaya", "Kompetensi" / "Pelaksana"), as table cells and PDF
/// lines wrap them, joined into one block; `None` when there are none.
fn join_split_labels(blocks: &[Block]) -> Option<Vec<Block>> {
    let mut out: Vec<Block> = Vec::new();
    let mut changed = false;
    let mut i = 0;
    while i < blocks.len() {
        let block = &blocks[i];
        let mut merged = None;
        if block.cells.is_empty() && !block.heading && block.text.len() <= LABEL_PART {
            let alone = label_at_start(&block.text).map_or(0, |l| l.text.len());
            let mut text = block.text.clone();
            for (n, next) in blocks[i + 1..].iter().take(2).enumerate() {
                if !next.cells.is_empty() || next.heading {
                    break;
                }
                let before = text.len();
                text.push(' ');
                text.push_str(&next.text);
                // The label must run on into the block just added.
                if let Some(label) = label_at_start(&text)
                    && label.text.len() > alone
                    && label.end > before
                {
                    merged = Some((n + 2, text.clone()));
                    break;
                }
                if next.text.len() > LABEL_PART {
                    break;
                }
            }
        }
        match merged {
            Some((count, text)) => {
                changed = true;
                out.push(Block {
                    text,
                    ..block.clone()
                });
                i += count;
            }
            None => {
                out.push(block.clone());
                i += 1;
            }
        }
    }
    changed.then_some(out)
}

/// A label and the value that follows it.
#[derive(Debug)]
struct Entry {
    kind: Component,
    label: String,
    /// The value's parts (its blocks), and all of them joined.
    parts: Vec<String>,
    value: String,
    /// The label's block.
    block: usize,
}

/// Labels standing close together, with their values.
#[derive(Debug)]
struct Run {
    entries: Vec<Entry>,
    first: usize,
    last: usize,
}

fn runs(blocks: &[Block], labels: &[Option<Label>]) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for (i, label) in labels.iter().enumerate() {
        let Some(label) = label else {
            continue;
        };
        let entry = Entry {
            kind: label.component,
            label: label.text.clone(),
            value: String::new(),
            parts: value_after(blocks, labels, i, label.value_start),
            block: i,
        };
        match runs.last_mut() {
            Some(run) if i - run.last <= MAX_GAP => {
                run.last = i;
                run.entries.push(entry);
            }
            _ => runs.push(Run {
                entries: vec![entry],
                first: i,
                last: i,
            }),
        }
    }
    for run in &mut runs {
        unstack(&mut run.entries);
        for entry in &mut run.entries {
            entry.value = entry.parts.join("; ");
        }
    }
    runs
}

/// Labels stacked one under another with their values after them all, in the same order (a
/// PDF table whose label column was extracted before its value column): the values are
/// handed out to the labels in turn.
fn unstack(entries: &mut [Entry]) {
    let mut start = 0;
    while start < entries.len() {
        let mut end = start;
        while end + 1 < entries.len()
            && entries[end].parts.is_empty()
            && entries[end + 1].block == entries[end].block + 1
        {
            end += 1;
        }
        let count = end - start + 1;
        let values = entries[end].parts.len();
        // As many values as labels; or, in a stack of three or more, one fewer: the last
        // label's value was cut off by a sub-label ("1. Sarana pengaduan …").
        if count >= 2 && (values >= count || (count >= 3 && values + 1 == count)) {
            let mut parts = std::mem::take(&mut entries[end].parts);
            let rest = parts.split_off((count - 1).min(parts.len()));
            for (entry, part) in entries[start..end].iter_mut().zip(parts) {
                entry.parts = vec![part];
            }
            entries[end].parts = rest;
        }
        start = end + 1;
    }
}

/// The value of the label in block `at`, in parts: the rest of its block, then the blocks
/// after it up to the next label or heading.
fn value_after(blocks: &[Block], labels: &[Option<Label>], at: usize, start: usize) -> Vec<String> {
    let own = trim_value(blocks[at].text.get(start..).unwrap_or(""));
    let mut parts: Vec<String> = Vec::new();
    if !own.is_empty() {
        parts.push(own.to_string());
    }
    let mut length = own.len();
    let next = blocks.iter().zip(labels).skip(at + 1);
    for (block, label) in next.take(VALUE_BLOCKS) {
        if label.is_some() || block.heading || length > VALUE_CHARS {
            break;
        }
        let text = trim_value(&block.text);
        if !text.is_empty() {
            length += text.len();
            parts.push(text.to_string());
        }
    }
    parts
}

fn trim_value(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '|' | ';' | ',' | '='))
}

/// Words before a standard (its title) that make it a look-alike: minimum service standards,
/// information-service standards, surveys, SOPs.
static LOOK_ALIKE_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bminimal\b|\bspm\b|informasi\s+publik|layanan\s+informasi|\bppid\b|kepuasan|survei|survey|\bskm\b|\bikm\b|kuesioner|kuisioner|responden|\bsop\b|operasional\s+prosedur|prosedur\s+operasional")
        .expect("look-alike pattern is valid")
});

/// A delivery value that belongs to a look-alike: an information request (PPID), a
/// questionnaire.
static LOOK_ALIKE_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)informasi\s+publik|permohonan\s+informasi|pemohon\s+informasi|keberatan\s+informasi|\bresponden\b|kuesioner|kuisioner")
        .expect("look-alike value pattern is valid")
});

/// What only the text before a look-alike has: an SOP's header fields, a survey report's
/// method, a drafting worksheet, a guideline's chapters, FAQ questions.
static LOOK_ALIKE_PREAMBLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)nomor\s+sop|no\.?\s+sop|nama\s+sop|tgl\.?\s+(pembuatan|revisi|efektif)|tanggal\s+(pembuatan|revisi|efektif)|disahkan\s+oleh|responden|kuesioner|kuisioner|nilai\s+interval|interval\s+konversi|unsur\s+pelayanan|lembar\s+kerja|biodata\s+peserta|pedoman\s+penyusunan|petunjuk\s+teknis|berapa\s+(lama|biaya)")
        .expect("look-alike preamble pattern is valid")
});

/// How far before a standard the text is searched for a look-alike's preamble, in blocks.
const PREAMBLE_BLOCKS: usize = 40;

fn look_alike_before(blocks: &[Block], at: usize) -> bool {
    blocks[at.saturating_sub(PREAMBLE_BLOCKS)..at]
        .iter()
        .any(|b| LOOK_ALIKE_PREAMBLE.is_match(&b.text))
}

/// Titles a standard goes by.
static TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(standart?|panduan|maklumat|komponen)\s+(pelayanan|layanan)\b|\blampiran\b|\bpelayanan\b|\blayanan\b|\bpenerbitan\b|\bpermohonan\b|\bpembuatan\b|\bizin\b|\bsurat\b|\bakta\b")
        .expect("title pattern is valid")
});

/// The readings of a run when it is a standard.
fn standard_of(blocks: &[Block], run: &Run) -> Option<Vec<Reading>> {
    // Labels only a survey or an SOP has: "Perilaku Pelaksana", "Kualifikasi Pelaksana".
    let sop_labels: BTreeSet<String> = run
        .entries
        .iter()
        .filter(|e| e.kind == Component::SopOnly)
        .map(|e| e.label.to_lowercase())
        .collect();
    if sop_labels.len() >= 2 || run.entries.iter().any(|e| e.kind == Component::SurveyOnly) {
        return None;
    }
    let counted: Vec<&Entry> = run.entries.iter().filter(|e| counts(e)).collect();
    let kinds: BTreeSet<Component> = counted.iter().map(|e| e.kind).collect();
    let delivery = kinds.iter().filter(|k| k.is_delivery()).count();
    if kinds.len() < MIN_COMPONENTS
        || delivery < MIN_DELIVERY
        || !kinds.iter().any(|k| is_concrete(*k))
    {
        return None;
    }
    if run
        .entries
        .iter()
        .any(|e| e.kind.is_delivery() && LOOK_ALIKE_VALUE.is_match(&e.value))
    {
        return None;
    }
    let title = title_before(blocks, run.first);
    if title.is_some_and(|t| LOOK_ALIKE_TITLE.is_match(t)) || look_alike_before(blocks, run.first) {
        return None;
    }
    let mut labels: Vec<&str> = Vec::new();
    for e in &counted {
        if !labels.iter().any(|l| l.eq_ignore_ascii_case(&e.label)) {
            labels.push(&e.label);
        }
    }
    let mut readings = vec![standard_reading(title, &labels, blocks[run.first].page)];
    readings.extend(run.entries.iter().filter_map(|e| entry_reading(blocks, e)));
    if !readings.iter().any(|r| r.criterion == Criterion::Timelines)
        && let Some(reading) = run
            .entries
            .iter()
            .filter(|e| e.kind == Component::Procedure)
            .find_map(|e| time_in_procedure(blocks, e))
    {
        readings.push(reading);
    }
    Some(readings)
}

/// The standard's own reading: its title (when it has one) and the components seen.
fn standard_reading(title: Option<&str>, labels: &[&str], page: Option<u32>) -> Reading {
    let quote = match title {
        Some(title) => format!("{title} — komponen: {}", labels.join(", ")),
        None => format!("Komponen: {}", labels.join(", ")),
    };
    Reading {
        criterion: Criterion::ServiceStandard,
        hit: 0..0,
        quote,
        page,
    }
}

/// Whether an entry counts towards a standard: it is a component with a value, and a
/// delivery component's value is what its criterion needs (a completion time, not office
/// hours; a fee; a channel), not a definition of it.
fn counts(e: &Entry) -> bool {
    if e.kind.is_delivery() {
        evidence_in(e.kind, &e.value).is_some()
    } else {
        e.kind.is_standard() && values::is_value(&e.value)
    }
}

/// A time, a fee or a channel: what every real standard states and explainers of the law
/// (which give definitions) do not.
fn is_concrete(kind: Component) -> bool {
    matches!(
        kind,
        Component::Timeline | Component::Fees | Component::Complaints
    )
}

/// The reading an entry gives, when its value is what its criterion needs.
fn entry_reading(blocks: &[Block], e: &Entry) -> Option<Reading> {
    let (criterion, hit) = evidence_in(e.kind, &e.value)?;
    Some(labelled(
        criterion,
        &e.label,
        &e.value,
        hit,
        blocks[e.block].page,
    ))
}

/// The criterion a component's value is evidence for and where in the value the evidence
/// is (the fee, the duration, the channel); `None` when the value is not what it needs.
fn evidence_in(kind: Component, value: &str) -> Option<(Criterion, Range<usize>)> {
    if !values::is_value(value) {
        return None;
    }
    match kind {
        Component::Requirements => Some((Criterion::Requirements, 0..0)),
        Component::Procedure => Some((Criterion::Procedure, 0..0)),
        Component::Product => Some((Criterion::ServiceProducts, 0..0)),
        Component::Fees => values::fee(value).map(|hit| (Criterion::Fees, hit)),
        Component::Timeline => values::duration(value).map(|hit| (Criterion::Timelines, hit)),
        Component::Complaints => {
            values::channel(value).map(|hit| (Criterion::ComplaintChannels, hit))
        }
        _ => None,
    }
}

/// "Label: value", with the hit (a range of `value`) moved to the quote.
fn labelled(
    criterion: Criterion,
    label: &str,
    value: &str,
    hit: Range<usize>,
    page: Option<u32>,
) -> Reading {
    let shift = label.len() + 2;
    Reading {
        criterion,
        quote: format!("{label}: {value}"),
        hit: hit.start + shift..hit.end + shift,
        page,
    }
}

/// A completion time stated in the procedure ("proses penyelesaian maksimal 15 menit setelah
/// berkas lengkap"), for a standard without a time component.
static TIME_IN_STEP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(selesai|penyelesaian|diselesaikan|proses|diproses|waktu|paling\s+(lama|lambat)|maksimal|maks\.?|dalam)\b")
        .expect("step time pattern is valid")
});

fn time_in_procedure(blocks: &[Block], e: &Entry) -> Option<Reading> {
    let hit = values::duration(&e.value)?;
    let mut from = hit.start.saturating_sub(60);
    while !e.value.is_char_boundary(from) {
        from -= 1;
    }
    if !TIME_IN_STEP.is_match(&e.value[from..hit.start]) {
        return None;
    }
    Some(labelled(
        Criterion::Timelines,
        &e.label,
        &e.value,
        hit,
        blocks[e.block].page,
    ))
}

/// The nearest heading (or, in a plain-text document, a line that names a standard or a
/// service) before block `at`.
fn title_before(blocks: &[Block], at: usize) -> Option<&str> {
    let from = at.saturating_sub(TITLE_BLOCKS);
    blocks[from..at]
        .iter()
        .rev()
        .find(|b| {
            (b.heading || (b.cells.is_empty() && b.text.len() <= 200 && TITLE.is_match(&b.text)))
                && label_at_start(&b.text).is_none()
        })
        .map(|b| b.text.as_str())
}

mod gate;
mod matrix;
mod unlabelled;

#[cfg(test)]
mod tests;
