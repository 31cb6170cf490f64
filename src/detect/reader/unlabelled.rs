//! A standard whose labels were lost: directory-style pages show the component labels as
//! icons or images, so under a heading "Standar Pelayanan Penerbitan Surat Keterangan …"
//! only the values follow, in the standard's order: a numbered list of requirements, the
//! steps, "60 (enam puluh) menit …", a bare "Gratis", the product, the complaint channels.
//! Without labels a value is only trusted when it stands alone in its block: a fee with
//! nothing else, a block that opens with a duration, a list of channels.

use std::sync::LazyLock;

use regex::Regex;

use super::lexicon::{Label, is_numbered};
use super::{Block, LOOK_ALIKE_TITLE, Reading, labelled, values};
use crate::profile::Criterion;

/// Blocks read under a title.
const SPAN: usize = 60;
/// A fee standing alone is at most this long ("Tidak dipungut biaya / Gratis").
const FEE_ONLY: usize = 48;
/// A duration opens its block within this many bytes ("Paling lama 60 menit …").
const DURATION_LEAD: usize = 24;
/// ... or within this many when words before it say it is a completion time ("Pengguna
/// layanan dilayani maksimal 10 hari kerja").
const DURATION_SAID: usize = 80;
/// A value block is at most this long.
const VALUE_BLOCK: usize = 200;

static TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(standart?|panduan)\s+(pelayanan|layanan)\b.{3,160}$")
        .expect("title pattern is valid")
});

static COMPLAINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(pengaduan|aduan|keluhan|saran|masukan)\b")
        .expect("complaint pattern is valid")
});

/// News words in a title: "Standar Pelayanan Disdukcapil Kini Lebih Cepat".
static NEWS_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(kini|makin|semakin|lebih|tingkatkan|meningkat|diluncurkan|luncurkan|launching|sosialisasi|rapat|rakor|bimtek|penyusunan|menyusun|evaluasi|penilaian|ombudsman|kunjungan|berita|hasil)\b")
        .expect("news title pattern is valid")
});

/// The readings of titled standards without labels; `covered` blocks belong to standards
/// read already.
pub(super) fn read(blocks: &[Block], labels: &[Option<Label>], covered: &[bool]) -> Vec<Reading> {
    let mut readings = Vec::new();
    for (at, title) in blocks.iter().enumerate() {
        if !title.heading
            || covered[at]
            || !TITLE.is_match(&title.text)
            || LOOK_ALIKE_TITLE.is_match(&title.text)
            || NEWS_TITLE.is_match(&title.text)
        {
            continue;
        }
        let span: Vec<&Block> = blocks[at + 1..]
            .iter()
            .zip(&labels[at + 1..])
            .zip(&covered[at + 1..])
            .take(SPAN)
            .take_while(|((b, _), covered)| {
                // Up to the next standard's title, or a standard read already.
                !(**covered || b.heading && TITLE.is_match(&b.text))
            })
            .filter(|((_, label), _)| label.is_none())
            .map(|((b, _), _)| b)
            .collect();
        readings.extend(standard(title, &span).into_iter().flatten());
    }
    readings
}

fn standard(title: &Block, span: &[&Block]) -> Option<Vec<Reading>> {
    let short = |b: &&&Block| b.text.len() <= VALUE_BLOCK;
    let fee = span
        .iter()
        .find(|b| b.text.len() <= FEE_ONLY && values::fee(&b.text).is_some());
    let duration = span.iter().filter(short).find(|b| {
        values::duration(&b.text).is_some_and(|hit| {
            hit.start <= DURATION_LEAD
                || (hit.start <= DURATION_SAID
                    && super::TIME_IN_STEP.is_match(&b.text[..hit.start]))
        })
    });
    // The complaint channels: a list of blocks that each name one, or one block that says
    // where complaints go ("Pengaduan dapat disampaikan melalui kotak saran, …").
    let listed: Vec<&str> = span
        .iter()
        .filter(short)
        .filter(|b| values::channel(&b.text).is_some())
        .map(|b| b.text.as_str())
        .collect();
    let channels = if listed.len() >= 2 {
        Some(listed.join("; "))
    } else {
        span.iter()
            .find(|b| {
                b.text.len() <= 2 * VALUE_BLOCK
                    && COMPLAINT.is_match(&b.text)
                    && values::channel(&b.text).is_some()
            })
            .map(|b| b.text.clone())
    };
    let numbered = span.iter().filter(|b| is_numbered(&b.text)).count() >= 2;
    let parts = [
        fee.is_some(),
        duration.is_some(),
        channels.is_some(),
        numbered,
    ];
    // A fee or a time standing alone, and two more of the four.
    if !(fee.is_some() || duration.is_some()) || parts.iter().filter(|p| **p).count() < 3 {
        return None;
    }
    let name = &title.text;
    let page = title.page;
    let mut seen = Vec::new();
    let mut readings = Vec::new();
    if let Some(block) = fee {
        seen.push("biaya");
        let hit = values::fee(&block.text)?;
        readings.push(labelled(Criterion::Fees, name, &block.text, hit, page));
    }
    if let Some(block) = duration {
        seen.push("waktu");
        let hit = values::duration(&block.text)?;
        readings.push(labelled(Criterion::Timelines, name, &block.text, hit, page));
    }
    if let Some(text) = &channels {
        seen.push("pengaduan");
        let hit = values::channel(text)?;
        readings.push(labelled(
            Criterion::ComplaintChannels,
            name,
            text,
            hit,
            page,
        ));
    }
    if numbered {
        seen.push("daftar bernomor");
    }
    readings.insert(
        0,
        Reading {
            criterion: Criterion::ServiceStandard,
            quote: format!("{name} — komponen tanpa label: {}", seen.join(", ")),
            hit: 0..0,
            page,
        },
    );
    Some(readings)
}
