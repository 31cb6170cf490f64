//! Tests that the embedded default profile is not fooled by look-alikes, and that its
//! plain-text rules read PDF-like text.

use url::Url;

use super::default_tests::{judge_page, shown};
use super::{Criterion, Strength, judge_text};
use crate::profile::Profile;

use Criterion::*;

/// A page on which the listed criteria must have no finding at all.
struct Decoy {
    name: &'static str,
    path: &'static str,
    html: &'static str,
    deny: &'static [Criterion],
}

fn check(decoys: &[Decoy]) {
    for decoy in decoys {
        let found = judge_page(decoy.path, decoy.html);
        let wrong: Vec<_> = found
            .iter()
            .filter(|f| decoy.deny.contains(&f.criterion))
            .cloned()
            .collect();
        assert!(
            wrong.is_empty(),
            "{}: fooled:\n{}",
            decoy.name,
            shown(&wrong)
        );
    }
}

#[test]
fn news_stories_are_not_publication() {
    check(&[
        Decoy {
            name: "road budget",
            path: "/berita/jalan-desa-rampung",
            html: r#"<h1>Pembangunan Jalan Desa Rampung</h1>
                <p>Biaya pembangunan jalan tersebut mencapai Rp 2 miliar dari APBD.</p>
                <p>Pekerjaan selesai dalam 90 hari kalender sesuai kontrak.</p>"#,
            deny: &Criterion::ALL,
        },
        Decoy {
            name: "headline with an amount",
            path: "/berita/1",
            html: r#"<h1>Biaya Pembangunan Jembatan Capai Rp 5 Miliar</h1><p>Rp 5 miliar dari APBD.</p>"#,
            deny: &Criterion::ALL,
        },
        Decoy {
            name: "seminar on standar pelayanan",
            path: "/berita/seminar",
            html: r#"<h1>Dinas Gelar Seminar Standar Pelayanan Publik</h1>
                <p>Seminar standar pelayanan diikuti 50 peserta dari seluruh OPD.</p>
                <h2>Sosialisasi Standar Pelayanan di Kecamatan</h2>"#,
            deny: &Criterion::ALL,
        },
        Decoy {
            name: "Ombudsman visit",
            path: "/berita/ombudsman",
            html: r#"<h1>Ombudsman RI Kunjungi Mal Pelayanan Publik</h1>
                <p>Ombudsman menilai kepatuhan standar pelayanan, termasuk ketersediaan sarana pengaduan.
                Tahun ini Ombudsman menerima 120 pengaduan masyarakat, kata Kepala Perwakilan kepada wartawan, Senin (0274) 123456.</p>"#,
            deny: &Criterion::ALL,
        },
    ]);
}

#[test]
fn contact_pages_and_comment_forms_are_not_complaint_channels() {
    check(&[
        Decoy {
            name: "switchboard",
            path: "/kontak",
            html: r#"<h1>Kontak Kami</h1><p>Jl. Merdeka No. 1, Contoh</p><p>Telepon: (0274) 123456</p>
                <p>Email: <a href="mailto:info@contohkab.go.id">info@contohkab.go.id</a></p>"#,
            deny: &[ComplaintChannels],
        },
        Decoy {
            name: "comment form under news",
            path: "/berita/2",
            html: r#"<h1>Bupati Resmikan Pasar</h1><div id="respond"><h3>Tinggalkan Balasan</h3>
                <form action="/wp-comments-post.php"><textarea name="comment"></textarea><button>Kirim Komentar</button></form></div>"#,
            deny: &[ComplaintChannels],
        },
    ]);
}

#[test]
fn surveys_spm_and_ppid_are_not_the_service_standard() {
    check(&[
        Decoy {
            name: "SKM questionnaire",
            path: "/skm",
            html: r#"<h2>Kuesioner Survei Kepuasan Masyarakat</h2><table>
                <tr><th>No</th><th>Unsur Pelayanan</th><th>Pertanyaan</th></tr>
                <tr><td>1</td><td>Persyaratan</td><td>Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan? a. Tidak sesuai b. Sesuai c. Sangat sesuai</td></tr>
                <tr><td>3</td><td>Waktu Penyelesaian</td><td>Bagaimana kecepatan waktu? a. Lambat d. Sangat cepat (1 hari)</td></tr>
                <tr><td>4</td><td>Biaya/Tarif</td><td>Kewajaran biaya? a. Sangat mahal b. Mahal c. Murah d. Gratis</td></tr>
                </table>"#,
            deny: &[ServiceStandard, Fees, Timelines, Requirements],
        },
        Decoy {
            name: "SKM results",
            path: "/ikm",
            html: r#"<h2>Hasil IKM Triwulan I</h2><table>
                <tr><th>No</th><th>Unsur</th><th>Nilai</th><th>Mutu</th></tr>
                <tr><td>1</td><td>Persyaratan</td><td>3,45</td><td>B</td></tr>
                <tr><td>2</td><td>Waktu Penyelesaian</td><td>3,21</td><td>B</td></tr>
                <tr><td>3</td><td>Biaya / Tarif</td><td>3,80</td><td>A</td></tr></table>"#,
            deny: &[ServiceStandard, Fees, Timelines, Requirements],
        },
        Decoy {
            name: "SPM",
            path: "/spm",
            html: r#"<h2>Standar Pelayanan Minimal (SPM) Bidang Kesehatan</h2><table>
                <tr><th>No</th><th>Jenis Pelayanan Dasar</th><th>Mutu Layanan</th><th>Penerima</th></tr>
                <tr><td>1</td><td>Pelayanan kesehatan ibu hamil</td><td>Sesuai standar</td><td>Ibu hamil</td></tr></table>"#,
            deny: &Criterion::ALL,
        },
        Decoy {
            name: "PPID information-service standard",
            path: "/ppid/standar-layanan",
            html: r#"<h2>Standar Layanan Informasi Publik</h2><table>
                <tr><td>1</td><td>Persyaratan</td><td>Fotokopi KTP pemohon informasi</td></tr>
                <tr><td>2</td><td>Jangka Waktu</td><td>10 hari kerja</td></tr>
                <tr><td>3</td><td>Biaya</td><td>Gratis</td></tr></table>"#,
            deny: &[ServiceStandard, Fees, Timelines, Requirements],
        },
    ]);
}

#[test]
fn opening_hours_and_stamp_duty_are_not_timelines_or_fees() {
    check(&[
        Decoy {
            name: "Waktu Pelayanan as opening hours",
            path: "/layanan",
            html: r#"<h3>Waktu Pelayanan</h3><p>Senin - Kamis : 08.00 - 15.30 WIB</p><p>Jumat : 08.00 - 11.00 WIB</p>
                <table><tr><td>5</td><td>Waktu Pelayanan</td><td>Senin–Jumat 08.00–16.00 (istirahat 12.00–13.00)</td></tr></table>
                <p>Waktu Pelayanan: Senin s/d Jumat pukul 08.00 - 16.00, 8 jam sehari</p>"#,
            deny: &[Timelines],
        },
        Decoy {
            name: "stamp duty in requirements",
            path: "/layanan/izin",
            html: r#"<h2>Standar Pelayanan Izin Reklame</h2><table>
                <tr><th>No</th><th>Komponen</th><th>Uraian</th></tr>
                <tr><td>1</td><td>Persyaratan</td><td>KTP, surat pernyataan bermaterai Rp 10.000</td></tr></table>"#,
            deny: &[Fees],
        },
    ]);
}

#[test]
fn plain_text_documents_are_read_with_strict_rules() {
    let url = Url::parse("https://contohkab.go.id/uploads/sp-ktp.pdf").expect("test URL");
    let judge = |text: &str| judge_text(Profile::default_profile(), &url, text);
    let pdf = "STANDAR PELAYANAN\nPENERBITAN KTP-EL\n\n1. Persyaratan\n   Fotokopi KK\n\
        2. Jangka Waktu Penyelesian   3 (tiga) hari kerja\n3. Biaya/Tarif   Rp. 0,-\n\
        4. Pengaduan, saran dan masukan melalui WhatsApp 0812-3456-7890 atau www.lapor.go.id\n\
        Kami sanggup menyelenggarakan pelayanan sesuai standar pelayanan yang ditetapkan.";
    let found = judge(pdf);
    let wants = [
        (ServiceStandard, "STANDAR PELAYANAN PENERBITAN"),
        (Timelines, "Jangka Waktu Penyelesaian 3 (tiga) hari kerja"),
        (Fees, "Biaya / Tarif Rp. 0,-"),
        (ComplaintChannels, "0812-3456-7890"),
        (ComplaintChannels, "www.lapor.go.id"),
        (ServicePledge, "sanggup menyelenggarakan"),
    ];
    for (criterion, quote) in wants {
        let hit = found.iter().any(|f| {
            f.criterion == criterion
                && f.strength == Strength::Strong
                && f.quote.contains(quote)
                && f.selector.is_none()
        });
        assert!(
            hit,
            "want {criterion:?} quoting {quote:?}; found:\n{}",
            shown(&found)
        );
    }
    let spm = judge(
        "STANDAR PELAYANAN MINIMAL bidang pendidikan. Persyaratan mutu. Biaya operasional Rp 2 miliar dari APBD.",
    );
    assert!(spm.is_empty(), "SPM document:\n{}", shown(&spm));
    let hours = judge("Waktu pelayanan: Senin s/d Jumat pukul 08.00 - 16.00 WIB");
    assert!(hours.is_empty(), "opening hours:\n{}", shown(&hours));
}
