//! Every word the HTML pages show, in Indonesian (the default) and English: the fixed labels
//! ([`Strings`]), the names of criteria, verdicts and changes, and the on-site questions.

use serde::Serialize;

use crate::ci::ChangeKind;
use crate::report::{Outcome, ReasonKind, Status};

/// The language of the pages (`--lang`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// Bahasa Indonesia.
    #[default]
    Id,
    /// English.
    En,
}

impl Lang {
    /// The `lang` attribute of the pages.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    /// The fixed labels in this language.
    pub fn strings(self) -> &'static Strings {
        match self {
            Lang::Id => &ID,
            Lang::En => &EN,
        }
    }

    fn pick(self, id: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Id => id,
            Lang::En => en,
        }
    }

    /// A criterion's name, lower case ("biaya/tarif"); the key itself when unknown.
    pub fn criterion(self, key: &str) -> &str {
        match key {
            "service_standard" => self.pick("standar pelayanan", "service standard"),
            "fees" => self.pick("biaya/tarif", "fees"),
            "timelines" => self.pick("jangka waktu penyelesaian", "completion time"),
            "complaint_channels" => self.pick("sarana pengaduan", "complaint channels"),
            "requirements" => self.pick("persyaratan", "requirements"),
            "procedure" => self.pick("sistem, mekanisme dan prosedur", "procedure"),
            "service_products" => self.pick("produk pelayanan", "service products"),
            "service_pledge" => self.pick("maklumat pelayanan", "service pledge"),
            other => other,
        }
    }

    /// What the assessor checks at the office when the site does not show a criterion.
    pub fn on_site_question(self, key: &str) -> String {
        let name = self.criterion(key);
        match (self, key) {
            (Lang::Id, "complaint_channels") => {
                format!("Periksa di lokasi: apakah {name} tersedia dan diumumkan?")
            }
            (Lang::Id, _) => format!("Periksa di lokasi: apakah {name} dipajang?"),
            (Lang::En, "complaint_channels") => {
                format!("Check on site: are {name} available and announced?")
            }
            (Lang::En, _) => format!("Check on site: is the {name} displayed?"),
        }
    }

    /// A verdict in words.
    pub fn status(self, status: Status) -> &'static str {
        match status {
            Status::Found => self.pick("Ditemukan", "Found"),
            Status::NotFound => self.pick("Tidak ditemukan", "Not found"),
            Status::Inconclusive => self.pick("Tidak dapat diperiksa", "Could not be checked"),
        }
    }

    /// How far the crawl got, in words.
    pub fn outcome(self, outcome: Outcome) -> &'static str {
        match outcome {
            Outcome::Complete => self.pick("lengkap", "complete"),
            Outcome::Partial => self.pick("sebagian", "partial"),
            Outcome::Unreachable => self.pick("tidak dapat diakses", "unreachable"),
        }
    }

    /// A change since the baseline, in words.
    pub fn change(self, kind: ChangeKind) -> &'static str {
        match kind {
            ChangeKind::Regressed => self.pick("Menurun (tidak lagi dipublikasikan)", "Regressed"),
            ChangeKind::Improved => self.pick("Membaik", "Improved"),
            ChangeKind::BecameInconclusive => {
                self.pick("Kini tidak dapat diperiksa", "Became inconclusive")
            }
            ChangeKind::Resolved => self.pick("Diperiksa ulang: tidak ada", "Resolved: not there"),
            ChangeKind::EvidenceChanged => self.pick("Isi bukti berubah", "Evidence changed"),
            ChangeKind::NewSite => self.pick("Situs baru", "New site"),
            ChangeKind::MissingSite => self.pick("Situs tidak diperiksa", "Site missing"),
            ChangeKind::Unreachable => self.pick("Kini tidak dapat diakses", "Now unreachable"),
        }
    }

    /// Why a criterion is not found or could not be checked, in a few words; the report's
    /// `reason` gives the URLs.
    pub fn reason(self, kind: ReasonKind) -> &'static str {
        match kind {
            ReasonKind::Unreachable => self.pick("situs tidak dapat diakses", "the site could not be read"),
            ReasonKind::CutShort => self.pick(
                "penelusuran terhenti sebelum menemukannya",
                "the crawl was cut short before it was found",
            ),
            ReasonKind::Javascript => self.pick(
                "situs dibangun dengan JavaScript, yang tidak dijalankan patuh; periksa di peramban",
                "the site is built by JavaScript, which patuh does not run; check it in a browser",
            ),
            ReasonKind::Image => self.pick(
                "hanya dipublikasikan sebagai gambar; perlu dilihat langsung",
                "published only as an image; needs a human look",
            ),
            ReasonKind::StandardImage => self.pick(
                "standar pelayanan dipublikasikan sebagai gambar, yang mungkin memuatnya; perlu dilihat langsung",
                "the service standard is an image, which may hold it; needs a human look",
            ),
            ReasonKind::UnreadDocument => self.pick(
                "kemungkinan ada dalam dokumen yang tidak dibaca patuh (.doc, .xls …)",
                "likely in a document patuh does not read (.doc, .xls …)",
            ),
            ReasonKind::LikelyUnread => self.pick(
                "halaman yang kemungkinan memuatnya tidak dapat dibaca (robots.txt, galat server, waktu habis)",
                "pages that likely hold it could not be read (robots.txt, server errors, time-outs)",
            ),
            ReasonKind::SectionUnread => self.pick(
                "bagian layanan yang ditautkan menu tidak dapat dibaca",
                "the services section the menus link to could not be read",
            ),
            ReasonKind::BrokenLinks => self.pick(
                "tautan situs ke halamannya rusak (HTTP 404/410)",
                "the site's links to it are broken (HTTP 404/410)",
            ),
            ReasonKind::PassingMentions => self.pick(
                "hanya disebut sepintas; tidak ada yang mempublikasikannya",
                "only passing mentions; none publishes it",
            ),
        }
    }

    /// "12 dari 19 situs mempublikasikan biaya/tarif".
    pub fn publish_count(self, found: usize, sites: usize, key: &str) -> String {
        let name = self.criterion(key);
        match self {
            Lang::Id => format!("{found} dari {sites} situs mempublikasikan {name}"),
            Lang::En => format!("{found} of {sites} sites publish {name}"),
        }
    }
}

/// The fixed labels of the pages; templates read them as `t.<field>`.
#[derive(Debug, Serialize)]
pub struct Strings {
    pub(super) brief_title: &'static str,
    pub(super) overview_title: &'static str,
    pub(super) site: &'static str,
    pub(super) url: &'static str,
    pub(super) started: &'static str,
    pub(super) finished: &'static str,
    pub(super) version: &'static str,
    pub(super) profile: &'static str,
    pub(super) profile_unknown: &'static str,
    pub(super) summary: &'static str,
    pub(super) criterion: &'static str,
    pub(super) verdict: &'static str,
    pub(super) reason: &'static str,
    pub(super) required: &'static str,
    pub(super) changes: &'static str,
    pub(super) change: &'static str,
    pub(super) before: &'static str,
    pub(super) after: &'static str,
    pub(super) no_changes: &'static str,
    pub(super) evidence: &'static str,
    pub(super) no_evidence: &'static str,
    pub(super) details: &'static str,
    pub(super) weak_evidence: &'static str,
    pub(super) more_evidence: &'static str,
    pub(super) broken_links: &'static str,
    pub(super) broken_link_on: &'static str,
    pub(super) page_title: &'static str,
    pub(super) fetched_at: &'static str,
    pub(super) http_status: &'static str,
    pub(super) sha256: &'static str,
    pub(super) rule: &'static str,
    pub(super) pdf_page: &'static str,
    pub(super) qr_label: &'static str,
    pub(super) checklist: &'static str,
    pub(super) checklist_none: &'static str,
    pub(super) notes: &'static str,
    pub(super) method: &'static str,
    pub(super) pages_read: &'static str,
    pub(super) fetch_errors: &'static str,
    pub(super) robots_blocked: &'static str,
    pub(super) skipped: &'static str,
    pub(super) duration: &'static str,
    pub(super) outcome: &'static str,
    pub(super) user_agent: &'static str,
    pub(super) user_agent_default: &'static str,
    pub(super) not_found_means: &'static str,
    pub(super) cannot_see: &'static str,
    pub(super) robots_note: &'static str,
    pub(super) signature: &'static str,
    pub(super) assessor_name: &'static str,
    pub(super) place_date: &'static str,
    pub(super) signature_line: &'static str,
    pub(super) back_to_overview: &'static str,
    pub(super) print: &'static str,
    pub(super) sites: &'static str,
    pub(super) counts: &'static str,
    pub(super) filter: &'static str,
    pub(super) filter_all: &'static str,
    pub(super) search: &'static str,
    pub(super) sort_hint: &'static str,
    pub(super) regressions: &'static str,
    pub(super) brief_link: &'static str,
    pub(super) generated: &'static str,
    pub(super) group: &'static str,
    pub(super) none: &'static str,
    pub(super) baseline: &'static str,
    pub(super) failed_title: &'static str,
}

const ID: Strings = Strings {
    brief_title: "Ringkasan penilaian situs",
    overview_title: "Ikhtisar pemeriksaan situs",
    site: "Situs",
    url: "Alamat",
    started: "Mulai",
    finished: "Selesai",
    version: "Versi patuh",
    profile: "Sidik aturan",
    profile_unknown: "aturan bawaan (sidik tidak dicatat)",
    summary: "Ringkasan per kriteria",
    criterion: "Kriteria",
    verdict: "Hasil",
    reason: "Alasan",
    required: "wajib",
    changes: "Perubahan sejak pemeriksaan sebelumnya",
    change: "Perubahan",
    before: "Sebelumnya",
    after: "Sekarang",
    no_changes: "Tidak ada perubahan.",
    evidence: "Bukti",
    no_evidence: "Tidak ada bukti.",
    details: "Rincian (dari laporan)",
    weak_evidence: "Bukti lemah (periksa sendiri)",
    more_evidence: "Bukti kuat lainnya",
    broken_links: "Tautan rusak",
    broken_link_on: "ditautkan di halaman",
    page_title: "Judul halaman",
    fetched_at: "Diambil",
    http_status: "Status HTTP",
    sha256: "sha256",
    rule: "Aturan",
    pdf_page: "Halaman PDF",
    qr_label: "Kode QR alamat",
    checklist: "Daftar periksa di lokasi",
    checklist_none: "Semua kriteria ditemukan di situs; tidak ada yang perlu diperiksa khusus.",
    notes: "Catatan:",
    method: "Metode",
    pages_read: "Halaman dibaca",
    fetch_errors: "Gagal diambil",
    robots_blocked: "Ditolak robots.txt",
    skipped: "Dilewati (robots.txt)",
    duration: "Lama pemeriksaan",
    outcome: "Hasil penelusuran",
    user_agent: "Identitas perayap (User-Agent)",
    user_agent_default: "bawaan patuh; laporan lama ini tidak mencatat bila diganti dengan --user-agent",
    not_found_means: "\u{201c}Tidak ditemukan\u{201d} berarti patuh membaca situs ini sampai batasnya \
        dan tidak menemukan kriteria itu dalam teks halaman atau dokumen (PDF, DOCX, XLSX, ODT). \
        Itu bukan bukti bahwa kantor tidak memilikinya: periksa di lokasi.",
    cannot_see: "patuh tidak dapat melihat isi gambar dan poster hasil pindaian, halaman yang \
        dibangun dengan JavaScript, halaman di balik login, dan halaman yang dilarang robots.txt \
        (patuh mematuhinya). Kriteria yang hanya tampak di tempat-tempat itu \u{201c}tidak dapat \
        diperiksa\u{201d}.",
    robots_note: "Alamat yang dilarang robots.txt tidak diambil.",
    signature: "Tanda tangan penilai",
    assessor_name: "Nama penilai",
    place_date: "Tempat, tanggal",
    signature_line: "Tanda tangan",
    back_to_overview: "Kembali ke ikhtisar",
    print: "Cetak",
    sites: "situs",
    counts: "Jumlah",
    filter: "Saring",
    filter_all: "semua",
    search: "Cari situs",
    sort_hint: "Klik judul kolom untuk mengurutkan.",
    regressions: "menurun",
    brief_link: "ringkasan",
    generated: "Dibuat",
    group: "Kelompok",
    none: "(tidak ada)",
    baseline: "Dibandingkan dengan",
    failed_title: "Laporan yang tidak dapat dibaca",
};

const EN: Strings = Strings {
    brief_title: "Site assessment brief",
    overview_title: "Run overview",
    site: "Site",
    url: "URL",
    started: "Started",
    finished: "Finished",
    version: "patuh version",
    profile: "Rules fingerprint",
    profile_unknown: "default rules (fingerprint not recorded)",
    summary: "Summary per criterion",
    criterion: "Criterion",
    verdict: "Verdict",
    reason: "Reason",
    required: "required",
    changes: "Changes since the baseline",
    change: "Change",
    before: "Before",
    after: "Now",
    no_changes: "No changes.",
    evidence: "Evidence",
    no_evidence: "No evidence.",
    details: "Details (from the report)",
    weak_evidence: "Weak evidence (check it yourself)",
    more_evidence: "More strong evidence",
    broken_links: "Broken links",
    broken_link_on: "linked on page",
    page_title: "Page title",
    fetched_at: "Fetched",
    http_status: "HTTP status",
    sha256: "sha256",
    rule: "Rule",
    pdf_page: "PDF page",
    qr_label: "QR code of the URL",
    checklist: "On-site checklist",
    checklist_none: "Every criterion was found on the site; nothing in particular to check.",
    notes: "Notes:",
    method: "Method",
    pages_read: "Pages read",
    fetch_errors: "Failed fetches",
    robots_blocked: "Refused by robots.txt",
    skipped: "Skipped (robots.txt)",
    duration: "Crawl time",
    outcome: "Crawl outcome",
    user_agent: "Crawler identity (User-Agent)",
    user_agent_default: "patuh's default; this older report does not record a --user-agent override",
    not_found_means: "\u{201c}Not found\u{201d} means patuh read this site up to its limits and \
        did not find the criterion in the text of its pages or documents (PDF, DOCX, XLSX, ODT). \
        It does not prove the office lacks it: check on site.",
    cannot_see: "patuh cannot see the content of images and scanned posters, pages built by \
        JavaScript, pages behind a login, and pages robots.txt forbids (patuh obeys it). A \
        criterion shown only there \u{201c}could not be checked\u{201d}.",
    robots_note: "URLs robots.txt forbids were not fetched.",
    signature: "Assessor's signature",
    assessor_name: "Assessor's name",
    place_date: "Place, date",
    signature_line: "Signature",
    back_to_overview: "Back to the overview",
    print: "Print",
    sites: "sites",
    counts: "Counts",
    filter: "Filter",
    filter_all: "all",
    search: "Search sites",
    sort_hint: "Click a column heading to sort.",
    regressions: "regressed",
    brief_link: "brief",
    generated: "Generated",
    group: "Group",
    none: "(none)",
    baseline: "Compared with",
    failed_title: "Reports that could not be read",
};
