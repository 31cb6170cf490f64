//! The component labels of a service standard (PermenPANRB 15/2014) as real offices write
//! them, and where a block's text starts with one: after an optional list number ("3.",
//! "b)", "IV.", "1 |"), in any case, with or without a colon.

use std::sync::LazyLock;

use regex::Regex;

/// A component of the standard, or a label that marks a look-alike.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Component {
    Requirements,
    Procedure,
    Timeline,
    Fees,
    Product,
    Complaints,
    LegalBasis,
    Facilities,
    Competence,
    Supervision,
    Staff,
    Guarantee,
    Safety,
    Evaluation,
    /// A label only a standard operating procedure has (Kualifikasi Pelaksana, Keterkaitan,
    /// Peralatan/Perlengkapan, Peringatan, Pencatatan dan Pendataan, Mutu Baku).
    SopOnly,
    /// A label only a satisfaction survey has (Perilaku Pelaksana, Unsur, Produk Spesifikasi
    /// Jenis Pelayanan, Nilai IKM).
    SurveyOnly,
}

impl Component {
    /// The components shown to the public (service delivery): the ones an assessor looks for.
    pub(crate) fn is_delivery(self) -> bool {
        matches!(
            self,
            Component::Requirements
                | Component::Procedure
                | Component::Timeline
                | Component::Fees
                | Component::Product
                | Component::Complaints
        )
    }

    /// Whether this is a component of a standard at all (not a look-alike's label).
    pub(crate) fn is_standard(self) -> bool {
        !matches!(self, Component::SopOnly | Component::SurveyOnly)
    }
}

/// A label found at the start of a block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Label {
    pub(crate) component: Component,
    /// The label as written, without its list number.
    pub(crate) text: String,
    /// Byte offset in the block where the label ends.
    pub(crate) end: usize,
    /// Byte offset in the block where the value starts (after the label and its separator).
    pub(crate) value_start: usize,
}

/// How sure a label's wording makes it: a bare word ("Biaya") is a label only when it stands
/// alone, is numbered or is followed by a separator; a full form ("Jangka Waktu
/// Penyelesaian") is one whatever follows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    Full,
    Bare,
}

/// List numbers before a label: "1.", "1)", "(1)", "a.", "IV.", a table's number cell "1 |",
/// a number without a dot as PDF tables print it ("3 Waktu"), bullets; several may follow
/// each other ("1 | a.", "4. 5. 6." where PDF extraction stacked a table's
/// numbers). Lower-case: blocks are matched folded.
const MARKER: &str = r"^(\s*(\(?(\d{1,2}|[a-z]|[ivx]{1,4})[.)]|\d{1,2}\s*\||\(\d{1,2}\)|\d{1,2}\s|[-•*▪·●○►✓ø]|\|)\s*)+";

/// The label forms of each component; lower-case (blocks are matched case-folded).
const FORMS: &[(Component, Form, &str)] = &[
    // Complaints first: "Prosedur Pengaduan" and "Penanganan Pengaduan" are its labels, not
    // the procedure's.
    (
        Component::Complaints,
        Form::Full,
        r"((penanganan|pengelolaan|pelayanan|layanan|sarana|saluran|kanal|media|mekanisme(\s+penanganan)?|prosedur|tata\s+cara|alur|unit)\s*,?\s*(pengaduan|keluhan)|pengaduan\s*,?\s*saran|saran\s*,?\s*(dan|&|/)\s*masukan)(\s*,?\s*(saran\s*,?\s*)?((dan|&|/)\s*)?(masukan|saran))?(\s+(masyarakat|pelanggan|publik|pelayanan|layanan))?",
    ),
    (
        Component::Complaints,
        Form::Bare,
        r"(pengaduan|keluhan)(\s+(masyarakat|pelanggan|publik))?",
    ),
    (
        Component::Requirements,
        Form::Full,
        r"(persyaratan|syarat)\s*(-\s*syarat\s*)?(pelayanan|layanan|administrasi|administratif|teknis|permohonan|pemohon|umum|khusus|pengajuan)|syarat\s*-\s*syarat",
    ),
    (Component::Requirements, Form::Bare, r"persyaratan|syarat"),
    (
        Component::Procedure,
        Form::Full,
        r"sistem\s*,?\s*mekanisme\s*,?\s*((dan|&)\s*)?(prosedur|alur)|mekanisme\s*(,|dan|&)\s*prosedur|(prosedur|alur|mekanisme|tata\s+cara|langkah\s*-?\s*langkah)\s+(pelayanan|layanan|permohonan|pengurusan|penerbitan|pengajuan)|sistem\s*,?\s*mekanisme|alur\s*/\s*prosedur|prosedur\s*/\s*alur",
    ),
    (
        Component::Procedure,
        Form::Bare,
        r"prosedur|mekanisme|alur|tata\s+cara",
    ),
    (
        Component::Timeline,
        Form::Full,
        r"(jangka|lama(nya)?|durasi)\s+waktu(\s+(penyelesaian|pelayanan|layanan|proses|pemrosesan|penerbitan))*|waktu\s+(penyelesaian|pemrosesan|proses|penerbitan)(\s+(pelayanan|layanan))?|(waktu|lama(nya)?)\s+(pelayanan|layanan|proses)|lama(nya)?\s+penyelesaian|durasi(\s+(pelayanan|layanan))?",
    ),
    (Component::Timeline, Form::Bare, r"waktu"),
    (
        Component::Fees,
        Form::Full,
        r"(biaya|tarif)\s*(/|,|dan|&|atau)?\s*(tarif|biaya|retribusi)(\s+(pelayanan|layanan))?(\s+(dan\s+)?rinciannya)?|(biaya|tarif|retribusi)\s+(pelayanan|layanan|administrasi|pengurusan|permohonan)",
    ),
    (Component::Fees, Form::Bare, r"biaya|tarif"),
    (
        Component::Product,
        Form::Full,
        r"(produk|hasil|output)\s+(pelayanan|layanan)",
    ),
    (Component::Product, Form::Bare, r"produk"),
    (Component::LegalBasis, Form::Full, r"dasar\s+hukum"),
    (
        Component::Facilities,
        Form::Full,
        r"sarana\s*,?\s*((dan|&)\s*)?prasarana?(\s*,?\s*(dan\s*/\s*atau|dan|atau)\s*fasilitas)?|sarana\s*(dan|&)\s*fasilitas",
    ),
    (Component::Facilities, Form::Bare, r"sarana"),
    (
        Component::Competence,
        Form::Full,
        r"kompete(n)?si\s+(pelaksana|petugas)",
    ),
    (Component::Competence, Form::Bare, r"kompetensi"),
    (
        Component::Supervision,
        Form::Full,
        r"pengawas(an)?\s+(internal|intern)",
    ),
    (Component::Supervision, Form::Bare, r"pengawasan"),
    (
        Component::Staff,
        Form::Full,
        r"jumlah\s+(pelaksana|petugas)",
    ),
    (
        Component::Safety,
        Form::Full,
        r"jaminan\s+keamanan(\s*(dan|&)\s*keselamatan)?(\s+(pelayanan|layanan))?",
    ),
    (
        Component::Guarantee,
        Form::Full,
        r"jaminan\s+(pelayanan|layanan)",
    ),
    (Component::Guarantee, Form::Bare, r"jaminan"),
    (
        Component::Evaluation,
        Form::Full,
        r"evaluasi\s+kinerja(\s+(pelaksana|petugas))?",
    ),
    (Component::Evaluation, Form::Bare, r"evaluasi"),
    (
        Component::SopOnly,
        Form::Full,
        r"kualifikasi\s+pelaksana|keterkaitan|peralatan\s*(/|dan|&)?\s*perlengkapan|peringatan|pencatatan\s*(dan|&)\s*pendataan|mutu\s+baku",
    ),
    (
        Component::SurveyOnly,
        Form::Full,
        r"perilaku\s+(pelaksana|petugas)|produk\s+spesifikasi|unsur(\s+pelayanan)?|nilai\s+(ikm|skm|indeks|rata)",
    ),
];

struct Compiled {
    marker: Regex,
    /// One alternation of every form, each in a group named `f<index in FORMS>`.
    labels: Regex,
    /// What may follow a label: a separator, or the end of the block.
    separator: Regex,
    /// A few words qualifying a bare label, then a colon: "Persyaratan Legalisasi Dokumen :".
    qualified: Regex,
}

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| {
    let alternatives: Vec<String> = FORMS
        .iter()
        .enumerate()
        .map(|(i, (_, _, re))| format!("(?P<f{i}>{re})"))
        .collect();
    Compiled {
        marker: Regex::new(MARKER).expect("marker pattern is valid"),
        labels: Regex::new(&format!(r"^(?:{})\b", alternatives.join("|")))
            .expect("label patterns are valid"),
        separator: Regex::new(r"^\s*([:|=]|-\s|–|—|$)").expect("separator pattern is valid"),
        qualified: Regex::new(r"^(\s+[\w/().,&-]+){1,5}?\s*:").expect("qualifier pattern is valid"),
    }
});

/// The label at the start of `text` (a normalised block), if it stands there as a label.
pub(crate) fn label_at_start(text: &str) -> Option<Label> {
    let compiled = &*COMPILED;
    let folded = text.to_lowercase();
    // Lower-casing can change byte lengths outside ASCII; offsets are only trusted when not.
    if folded.len() != text.len() {
        return None;
    }
    let (marker_end, numbered) = marker(&folded);
    let rest = &folded[marker_end..];
    // Most blocks start with no label: the test without groups is the quick one.
    if !compiled.labels.is_match(rest) {
        return None;
    }
    let caps = compiled.labels.captures(rest)?;
    let whole = caps.get(0)?;
    let (component, form) = FORMS
        .iter()
        .enumerate()
        .find_map(|(i, (component, form, _))| {
            caps.name(&format!("f{i}")).map(|_| (*component, *form))
        })?;
    let mut label_end = whole.end();
    let mut after = &rest[label_end..];
    let mut separated = compiled.separator.find(after);
    if form == Form::Bare && !numbered && separated.is_none() {
        // "Persyaratan Legalisasi Dokumen :": the words up to the colon are the label's.
        let qualifier = compiled.qualified.find(after)?;
        let colon = qualifier.end() - 1;
        label_end += colon;
        after = &rest[label_end..];
        separated = compiled.separator.find(after);
    }
    // "Persyaratan pengaduan …", "Waktu pengaduan": a detail of complaint handling.
    if component != Component::Complaints && starts_with_word(after, &["pengaduan", "keluhan"]) {
        return None;
    }
    // "Produk Hukum" (legal products, a menu of every portal), "Biaya Perjalanan Dinas".
    if form == Form::Bare && starts_with_word(after, BARE_NOT_LABELS) {
        return None;
    }
    let value_start = marker_end + label_end + separated.map_or(0, |m| m.end());
    Some(Label {
        component,
        text: text[marker_end..marker_end + label_end].trim().to_string(),
        end: marker_end + label_end,
        value_start,
    })
}

/// Where the list number or bullet at the start of a folded block ends, and whether it is a
/// number (or letter) rather than only a bullet.
fn marker(folded: &str) -> (usize, bool) {
    let end = COMPILED.marker.find(folded).map_or(0, |m| m.end());
    (end, folded[..end].chars().any(char::is_alphanumeric))
}

/// Words after a bare label that make it something else.
const BARE_NOT_LABELS: &[&str] = &[
    "hukum",
    "unggulan",
    "umkm",
    "lokal",
    "daerah",
    "perjalanan",
    "pembangunan",
    "operasional",
    "kegiatan",
    "kerja",
    "pelaksanaan",
    "ibadah",
    "kantor",
    "dan",
];

fn starts_with_word(text: &str, words: &[&str]) -> bool {
    let first = text
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    words.contains(&first)
}

/// Whether a block is only a list number ("1.", "b)", "IV."), as PDF extraction leaves them
/// on a line of their own before the label.
pub(crate) fn is_marker_only(text: &str) -> bool {
    let folded = text.to_lowercase();
    let (end, numbered) = marker(&folded);
    numbered && end == folded.len()
}

/// Whether a block opens with a list number ("1.", "b)", "(2)").
pub(crate) fn is_numbered(text: &str) -> bool {
    marker(&text.to_lowercase()).1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_recognised_where_they_stand_as_labels() {
        use Component::*;
        // A block, and the label found at its start with its value.
        type Case = (
            &'static str,
            Option<(Component, &'static str, &'static str)>,
        );
        let cases: &[Case] = &[
            (
                "3. Jangka waktu pelayanan Paling lambat 3 (tiga) hari",
                Some((
                    Timeline,
                    "Jangka waktu pelayanan",
                    "Paling lambat 3 (tiga) hari",
                )),
            ),
            (
                "4. Biaya / tarif Tidak ada biaya / GRATIS",
                Some((Fees, "Biaya / tarif", "Tidak ada biaya / GRATIS")),
            ),
            (
                "5. Produk Pelayanan Kartu Keluarga",
                Some((Product, "Produk Pelayanan", "Kartu Keluarga")),
            ),
            (
                "6. Penanganan, pengaduan,saran, dan masukan",
                Some((Complaints, "Penanganan, pengaduan,saran, dan masukan", "")),
            ),
            (
                "Jangka waktu penyelesaian",
                Some((Timeline, "Jangka waktu penyelesaian", "")),
            ),
            ("Biaya / Tarif", Some((Fees, "Biaya / Tarif", ""))),
            ("BIAYA TARIF", Some((Fees, "BIAYA TARIF", ""))),
            (
                "1 | Persyaratan | Surat pengantar RT",
                Some((Requirements, "Persyaratan", "Surat pengantar RT")),
            ),
            (
                "a. Sistem, Mekanisme dan Prosedur:",
                Some((Procedure, "Sistem, Mekanisme dan Prosedur", "")),
            ),
            (
                "IV. WAKTU PENYELESAIAN : 1 x 24 jam",
                Some((Timeline, "WAKTU PENYELESAIAN", "1 x 24 jam")),
            ),
            ("Biaya : Gratis", Some((Fees, "Biaya", "Gratis"))),
            (
                "2. JANGKA WAKTU PELAYANAN",
                Some((Timeline, "JANGKA WAKTU PELAYANAN", "")),
            ),
            (
                "5. LAYANAN PENGADUAN MASYARAKAT",
                Some((Complaints, "LAYANAN PENGADUAN MASYARAKAT", "")),
            ),
            (
                "Pengelolaan Pengaduan 1.Kotak Saran",
                Some((Complaints, "Pengelolaan Pengaduan", "1.Kotak Saran")),
            ),
            ("Dasar Hukum", Some((LegalBasis, "Dasar Hukum", ""))),
            (
                "Sarana, prasarana, dan/atau fasilitas",
                Some((Facilities, "Sarana, prasarana, dan / atau fasilitas", "")),
            ),
            (
                "Perilaku Pelaksana | 3,41",
                Some((SurveyOnly, "Perilaku Pelaksana", "3,41")),
            ),
            (
                "Persyaratan Legalisasi Dokumen : fotokopi ijazah",
                Some((
                    Requirements,
                    "Persyaratan Legalisasi Dokumen",
                    "fotokopi ijazah",
                )),
            ),
            (
                "3. Kompetensi 1. Kualifikasi pendidikan SMA",
                Some((Competence, "Kompetensi", "1. Kualifikasi pendidikan SMA")),
            ),
            (
                "Biaya, tarif dan rinciannya |",
                Some((Fees, "Biaya, tarif dan rinciannya", "")),
            ),
            // Bare words in running text are not labels.
            ("Biaya pembangunan jalan Rp 2 miliar", None),
            ("Produk Hukum", None),
            ("Persyaratan yang harus dipenuhi pemohon", None),
            ("Waktu itu warga berdatangan", None),
            ("a. Persyaratan pengaduan melalui surat", None),
            ("Pengumuman hasil seleksi", None),
            ("Berita terbaru", None),
        ];
        for (text, want) in cases {
            let text = crate::detect::normalise_text(text);
            let got = label_at_start(&text).map(|l| {
                let value = text[l.value_start..].trim().to_string();
                (l.component, l.text, value)
            });
            let want = want.map(|(c, l, v)| (c, crate::detect::normalise_text(l), v.to_string()));
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn a_list_number_alone_is_a_marker() {
        for text in ["1.", "b)", "IV.", "(2)", "3 |"] {
            assert!(is_marker_only(text), "{text}");
        }
        for text in ["1. Persyaratan", "Gratis", "-", "", "2 hari"] {
            assert!(!is_marker_only(text), "{text}");
        }
    }
}
