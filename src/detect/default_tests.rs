//! Tests of the embedded default profile on the ways real sites publish each criterion.

use scraper::Html;
use url::Url;

use super::{Criterion, Finding, FindingKind, Strength, judge_html};
use crate::profile::Profile;

use Criterion::*;
use Strength::*;

/// The default profile's findings for `html` served at `path` on a regency portal.
pub(super) fn judge_page(path: &str, html: &str) -> Vec<Finding> {
    let url = Url::parse("https://contohkab.go.id")
        .and_then(|base| base.join(path))
        .expect("test URL");
    judge_html(
        Profile::default_profile(),
        &url,
        &Html::parse_document(html),
    )
}

/// Shows findings compactly for assertion messages.
pub(super) fn shown(found: &[Finding]) -> String {
    found
        .iter()
        .map(|f| {
            format!(
                "  {:?} {:?} [{}] {}\n",
                f.criterion, f.strength, f.rule, f.quote
            )
        })
        .collect()
}

/// A page and what must be found on it: (criterion, strength, text the quote contains).
struct Case {
    name: &'static str,
    html: &'static str,
    want: &'static [(Criterion, Strength, &'static str)],
}

fn check(cases: &[Case]) {
    for case in cases {
        let found = judge_page("/layanan/standar-pelayanan", case.html);
        for (criterion, strength, quote) in case.want {
            let hit = found.iter().any(|f| {
                f.criterion == *criterion && f.strength == *strength && f.quote.contains(quote)
            });
            assert!(
                hit,
                "{}: want {criterion:?} {strength:?} quoting {quote:?}; found:\n{}",
                case.name,
                shown(&found)
            );
        }
    }
}

const KOMPONEN_TABLE: &str = r#"<h2>Standar Pelayanan Penerbitan KTP-el</h2>
<table class="table"><thead><tr><th>NO</th><th>KOMPONEN</th><th>URAIAN</th></tr></thead>
<tbody>
<tr><td>1.</td><td>Persyaratan</td><td><ol><li>Fotokopi Kartu Keluarga</li><li>Surat pengantar RT/RW</li></ol></td></tr>
<tr><td>2.</td><td>Sistem, Mekanisme dan Prosedur</td><td>Pemohon mengambil nomor antrian, petugas memverifikasi berkas, perekaman biometrik.</td></tr>
<tr><td>3.</td><td>Jangka Waktu Penyelesian</td><td>3 (tiga) hari kerja</td></tr>
<tr><td>4.</td><td>Biaya/Tarif</td><td>Tidak dipungut biaya</td></tr>
<tr><td>5.</td><td>Produk Pelayanan</td><td>KTP-el</td></tr>
<tr><td>6.</td><td>Penanganan Pengaduan, Saran dan Masukan</td><td>SP4N-LAPOR! www.lapor.go.id, SMS 1708, WhatsApp 0812-3456-7890</td></tr>
</tbody></table>"#;

#[test]
fn komponen_uraian_table_gives_every_criterion_strongly() {
    check(&[Case {
        name: "NO | KOMPONEN | URAIAN",
        html: KOMPONEN_TABLE,
        want: &[
            (ServiceStandard, Strong, "Persyaratan"),
            (Requirements, Strong, "Fotokopi Kartu Keluarga"),
            (Procedure, Strong, "nomor antrian"),
            (
                Timelines,
                Strong,
                "Jangka Waktu Penyelesaian | 3 (tiga) hari kerja",
            ),
            (Fees, Strong, "Biaya / Tarif | Tidak dipungut biaya"),
            (ServiceProducts, Strong, "KTP-el"),
            (ComplaintChannels, Strong, "0812-3456-7890"),
            (ComplaintChannels, Strong, "SMS 1708"),
            (ComplaintChannels, Strong, "www.lapor.go.id"),
            // The reader names the standard by its heading (the weak heading finding it
            // contains is dropped as redundant).
            (
                ServiceStandard,
                Strong,
                "Standar Pelayanan Penerbitan KTP-el",
            ),
        ],
    }]);
}

#[test]
fn matrix_table_quotes_the_fee_not_the_stamp_duty() {
    let html = r#"<h1>Matriks Standar Pelayanan Dukcapil</h1><table>
        <tr><td>No</td><td>Jenis Layanan</td><td>Persyaratan</td><td>Waktu Penyelesaian</td><td>Biaya / Tarif</td><td>Produk Layanan</td></tr>
        <tr><td>1</td><td>Akta Kelahiran</td><td>KK, KTP orang tua, surat pernyataan bermaterai Rp 10.000</td><td>60 menit</td><td>Gratis</td><td>Akta Kelahiran</td></tr>
        <tr><td>2</td><td>Legalisir</td><td>Dokumen asli</td><td>1 x 24 jam</td><td>Rp. 0</td><td>Salinan terlegalisir</td></tr>
        </table>"#;
    check(&[Case {
        name: "matrix",
        html,
        want: &[
            (ServiceStandard, Strong, "Jenis Layanan | Persyaratan"),
            (Fees, Strong, "Gratis"),
            (Fees, Strong, "Rp. 0"),
            (Timelines, Strong, "60 menit"),
            (Timelines, Strong, "1 x 24 jam"),
            (Requirements, Strong, "bermaterai"),
            (ServiceProducts, Strong, "Salinan terlegalisir"),
        ],
    }]);
    let found = judge_page("/matriks", html);
    let fees: Vec<&Finding> = found.iter().filter(|f| f.criterion == Fees).collect();
    assert!(
        fees.iter().all(|f| !f.quote.contains("materai")),
        "{}",
        shown(&found)
    );
}

#[test]
fn labelled_prose_and_component_pages_are_strong() {
    check(&[
        Case {
            name: "labelled prose",
            html: r#"<h2>Standar Pelayanan Izin Usaha Mikro</h2>
                <p><strong>Biaya / Tarif :</strong> Rp. 50.000,-</p>
                <p><b>Jangka Waktu Penyelesaian:</b> 14 hari kerja</p>
                <p>Produk Pelayanan: Izin Usaha Mikro Kecil</p>
                <p>Persyaratan: fotokopi KTP, pas foto 3x4</p>
                <p>Pengaduan: WhatsApp 0812-1111-2222 atau email pengaduan@contohkab.go.id</p>"#,
            want: &[
                (Fees, Strong, "Biaya / Tarif : Rp. 50.000,-"),
                (Timelines, Strong, "14 hari kerja"),
                (ServiceProducts, Strong, "Izin Usaha Mikro"),
                (Requirements, Strong, "pas foto"),
                (ComplaintChannels, Strong, "0812-1111-2222"),
            ],
        },
        Case {
            name: "one heading per component",
            html: r#"<h2>Standar Pelayanan Surat Keterangan Pindah</h2>
                <h3>Persyaratan</h3><ul><li>Fotokopi KK</li><li>Surat pengantar desa</li></ul>
                <h3>Biaya/Tarif</h3><p>Rp 0,-</p>
                <h3>Jangka Waktu Penyelesaian</h3><p>Selesai 1 Hari</p>
                <h3>Produk Pelayanan</h3><p>SKPWNI</p>"#,
            want: &[
                (ServiceStandard, Strong, "Biaya / Tarif"),
                (ServiceStandard, Strong, "Jangka Waktu Penyelesaian"),
                (Requirements, Strong, "Fotokopi KK"),
                (Fees, Strong, "Rp 0,-"),
                (Timelines, Strong, "Selesai 1 Hari"),
            ],
        },
        Case {
            name: "fee set by regional regulation, definition list",
            html: r#"<table><tr><td>4</td><td>Biaya</td><td>Retribusi sesuai Perda Nomor 5 Tahun 2019</td></tr></table>
                <dl><dt>Waktu Pelayanan</dt><dd>60 menit</dd><dt>Tarif</dt><dd>Gratis</dd></dl>"#,
            want: &[
                (Fees, Strong, "Retribusi sesuai Perda"),
                (Fees, Strong, "Gratis"),
                (Timelines, Strong, "60 menit"),
            ],
        },
        Case {
            name: "lone free-service banner",
            html: r#"<div class="banner"><p>Semua layanan GRATIS, tidak dipungut biaya!</p><p>Proses hanya 2 jam, selesai 1 hari</p></div>"#,
            want: &[
                (Fees, Weak, "tidak dipungut biaya"),
                (Timelines, Weak, "selesai 1 hari"),
            ],
        },
    ]);
}

#[test]
fn complaint_channels_quote_the_number_or_link() {
    check(&[
        Case {
            name: "LAPOR! logo only",
            html: r#"<footer><a href="https://www.lapor.go.id"><img src="/img/logo-lapor.png" alt=""></a></footer>"#,
            want: &[(
                ComplaintChannels,
                Strong,
                "[gambar: logo-lapor.png] (https://www.lapor.go.id/)",
            )],
        },
        Case {
            name: "WhatsApp links",
            html: r#"<p><a href="https://wa.me/6281234567890">Pengaduan via WhatsApp</a></p>
                <a class="float" href="https://api.whatsapp.com/send?phone=6285700001111"><i class="fa fa-whatsapp"></i></a>"#,
            want: &[
                (
                    ComplaintChannels,
                    Strong,
                    "Pengaduan via WhatsApp (https://wa.me/6281234567890)",
                ),
                (ComplaintChannels, Weak, "phone=6285700001111"),
            ],
        },
        Case {
            name: "numbers given for complaints",
            html: r#"<p>Layanan Pengaduan WhatsApp: 0812-3456-7890</p>
                <p>Hubungi WhatsApp 0813 9999 8888 (khusus pengaduan)</p>
                <p>Kirim SMS ke 1708</p>
                <p><a href="mailto:pengaduan@contohkab.go.id">pengaduan@contohkab.go.id</a></p>"#,
            want: &[
                (ComplaintChannels, Strong, "0812-3456-7890"),
                (ComplaintChannels, Strong, "0813 9999 8888"),
                (ComplaintChannels, Strong, "SMS ke 1708"),
                (
                    ComplaintChannels,
                    Strong,
                    "mailto:pengaduan@contohkab.go.id",
                ),
            ],
        },
        Case {
            name: "complaints page with form and phone under its heading",
            html: r#"<h1>Pengaduan Masyarakat</h1><p>Telp. (0274) 555 123</p>
                <form action="/pengaduan/kirim" method="post"><label>Nama</label><input name="nama">
                <label>Isi Pengaduan</label><textarea name="isi"></textarea><button>Kirim</button></form>"#,
            want: &[
                (ComplaintChannels, Strong, "Isi Pengaduan"),
                (ComplaintChannels, Strong, "(0274) 555 123"),
                (ComplaintChannels, Weak, "Pengaduan Masyarakat"),
            ],
        },
        Case {
            name: "mentions only",
            html: r#"<p>Sampaikan melalui SPAN LAPOR</p><p>Tersedia Kotak Saran di ruang tunggu</p>
                <ul class="menu"><li><a href="/page/9">Pengaduan</a></li><li><a href="/layanan-pengaduan">Layanan</a></li></ul>"#,
            want: &[
                (ComplaintChannels, Weak, "SPAN LAPOR"),
                (ComplaintChannels, Weak, "Kotak Saran"),
                (
                    ComplaintChannels,
                    Weak,
                    "Pengaduan (https://contohkab.go.id/page/9)",
                ),
                (
                    ComplaintChannels,
                    Weak,
                    "(https://contohkab.go.id/layanan-pengaduan)",
                ),
            ],
        },
    ]);
}

#[test]
fn pledge_posters_and_documents() {
    check(&[
        Case {
            name: "maklumat",
            html: r#"<h2>Maklumat Pelayanan</h2><p>Dengan ini, kami menyatakan sanggup menyelenggarakan pelayanan sesuai standar pelayanan yang telah ditetapkan dan apabila tidak menepati janji ini, kami siap menerima sanksi sesuai peraturan perundang-undangan yang berlaku.</p>"#,
            want: &[
                (ServicePledge, Strong, "sanggup menyelenggarakan pelayanan"),
                (ServicePledge, Weak, "Maklumat Pelayanan"),
            ],
        },
        Case {
            name: "poster and flowchart images",
            html: r#"<article><h2>Standar Pelayanan</h2><p><img src="/uploads/2024/05/IMG_0012.jpg" alt=""></p>
                <h2>Alur Pelayanan</h2><figure><img src="/uploads/alur-pelayanan.png"></figure>
                <p><a href="/uploads/SK-standar-pelayanan-2024.pdf">Unduh SK</a></p></article>"#,
            want: &[
                (
                    ServiceStandard,
                    Weak,
                    "[gambar: IMG_0012.jpg] (https://contohkab.go.id/uploads/2024/05/IMG_0012.jpg)",
                ),
                (Procedure, Weak, "alur-pelayanan.png"),
                (Procedure, Weak, "Alur Pelayanan"),
                (
                    ServiceStandard,
                    Weak,
                    "Unduh SK (https://contohkab.go.id/uploads/SK-standar-pelayanan-2024.pdf)",
                ),
            ],
        },
    ]);
    let found = judge_page(
        "/",
        r#"<article><h2>Standar Pelayanan</h2><p><img src="/p.jpg" alt=""></p></article>"#,
    );
    let image = found
        .iter()
        .find(|f| f.rule == "standard-poster")
        .expect("poster found");
    assert_eq!(
        image.kind,
        FindingKind::Image {
            src: "https://contohkab.go.id/p.jpg".into()
        }
    );
}

#[test]
fn full_page_with_sidebar_news_and_footer() {
    let page = r#"<html><head><title>Standar Pelayanan - Disdukcapil</title></head><body>
<header><h1>Dinas Kependudukan dan Pencatatan Sipil Kabupaten Contoh</h1>
<nav><ul><li><a href="/">Beranda</a></li><li><a href="/profil">Profil</a></li><li><a href="/standar-pelayanan">Standar Pelayanan</a></li><li><a href="/pengaduan">Pengaduan</a></li><li><a href="/berita">Berita</a></li></ul></nav></header>
<aside><h2>Berita Terbaru</h2><ul><li><a href="/berita/1">Bupati tinjau pelayanan KTP, proses selesai 1 hari</a></li></ul></aside>
<main><h2>Standar Pelayanan Akta Kelahiran</h2>
<table><tr><th>No</th><th>Komponen</th><th>Uraian</th></tr>
<tr><td>1</td><td>Persyaratan</td><td>1. Surat keterangan lahir; 2. KK; 3. KTP-el orang tua</td></tr>
<tr><td>2</td><td>Jangka Waktu Pelayanan</td><td>1 (satu) hari kerja</td></tr>
<tr><td>3</td><td>Biaya / Tarif</td><td>Rp 0,- (Gratis)</td></tr>
<tr><td>4</td><td>Pengaduan</td><td>Kotak saran, WA 0811-2222-3333, email dukcapil@contohkab.go.id</td></tr>
</table></main>
<footer><h3>Kontak</h3><p>Telp (0274) 111222</p><p>Jam layanan: Senin-Jumat 08.00-15.00</p>
<a href="https://lapor.go.id"><img src="/lapor.png"></a><a href="https://wa.me/628112222333"><img src="/wa.png" alt="WhatsApp"></a></footer>
</body></html>"#;
    let found = judge_page("/standar-pelayanan", page);
    let has = |rule: &str, quote: &str| {
        found
            .iter()
            .any(|f| f.rule == rule && f.quote.contains(quote))
    };
    let shown = shown(&found);
    assert!(
        has("reader-standard", "Standar Pelayanan Akta Kelahiran")
            && !has("reader-standard", "Berita"),
        "the standard is named by its own heading, the sidebar's 'Berita' neither vetoes nor names it:\n{shown}"
    );
    assert!(
        has(
            "complaint-lapor-link",
            "[gambar: lapor.png] (https://lapor.go.id/)"
        ),
        "{shown}"
    );
    assert!(
        has(
            "complaint-whatsapp-any",
            "WhatsApp (https://wa.me/628112222333)"
        ),
        "{shown}"
    );
    assert!(
        !found.iter().any(|f| f.quote.contains("Bupati")),
        "news link is not evidence:\n{shown}"
    );
    assert!(
        !found.iter().any(|f| f.quote.contains("(0274) 111222")),
        "switchboard is not a channel:\n{shown}"
    );
    assert!(
        !found
            .iter()
            .any(|f| f.criterion == Timelines && f.quote.contains("08.00")),
        "{shown}"
    );
}
