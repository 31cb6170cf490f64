//! The reader on the shapes real standards come in, and on their look-alikes. Every input is
//! written for these tests in the shape seen on real pages (see fixtures/README.md).

use super::*;

use Criterion::{ComplaintChannels as C, Fees as F, ServiceStandard as S, Timelines as T};

/// The required criteria the reader finds in an HTML body.
fn in_html(body: &str) -> Vec<Criterion> {
    let doc = Html::parse_document(body);
    required(&read(&html_blocks(&doc)))
}

/// The required criteria the reader finds in the pages of a plain-text document.
fn in_text(pages: &[&str]) -> Vec<Criterion> {
    let numbered = pages
        .iter()
        .enumerate()
        .map(|(i, text)| (Some(i as u32 + 1), *text));
    required(&read(&text_blocks(numbered)))
}

fn required(readings: &[Reading]) -> Vec<Criterion> {
    let mut found: Vec<Criterion> = readings
        .iter()
        .map(|r| r.criterion)
        .filter(|c| c.is_required())
        .collect();
    found.sort();
    found.dedup();
    found
}

#[test]
fn standards_are_read_whatever_their_markup() {
    let cases: &[(&str, &str, &[Criterion])] = &[
        (
            "numbered prose, label and value in one paragraph",
            "<div class=\"entry-content\"><p>1. Persyaratan Surat pengantar RT/RW</p>\
             <p>2. Prosedur Pemohon mengisi formulir di loket</p>\
             <p>3. Jangka waktu pelayanan Paling lambat 2 (dua) hari</p>\
             <p>4. Biaya/ tarif Tidak ada biaya / GRATIS</p>\
             <p>5. Produk Pelayanan Surat Keterangan Domisili</p>\
             <p>6. Penanganan, pengaduan,saran, dan masukan</p>\
             <ul><li>Kotak saran di ruang tunggu</li><li>WhatsApp 0812-0000-1111</li></ul></div>",
            &[S, F, T, C],
        ),
        (
            "label and value in consecutive paragraphs, pasted from a word processor",
            "<article><h1>Pembuatan Akta Kematian</h1>\
             <p><strong>Persyaratan</strong></p><p>Surat keterangan kematian dari desa</p>\
             <p><strong>Jangka waktu penyelesaian</strong></p><p>45 MENIT</p>\
             <p><strong>Biaya/Tarif</strong></p><p>GRATIS</p>\
             <p><strong>Penanganan pengaduan, saran dan masukan</strong></p>\
             <ul><li>email: aduan@contoh.go.id</li><li>Instagram @disduk_contoh</li></ul></article>",
            &[S, F, T, C],
        ),
        (
            "label in bold, values after <br>, office hours and a duration under one label",
            "<div><p><strong>1. PERSYARATAN</strong><br>- Mengisi formulir F1-01<br>- Fotokopi KTP<br>\
             <strong>2. JANGKA WAKTU PELAYANAN</strong><br>Senin – Kamis : 08.00 – 15.00<br>\
             Jumat : 08.00 – 11.00<br>30 Menit per berkas<br><strong>3. BIAYA TARIF</strong><br>Gratis<br>\
             <strong>4. PRODUK</strong><br>Kartu Identitas Anak</p></div>",
            &[S, F, T],
        ),
        (
            "component table with the number, label and value in cells",
            "<table><tr><th>NO</th><th>KOMPONEN</th><th>URAIAN</th></tr>\
             <tr><td>1.</td><td>Persyaratan</td><td>1. KTP 2. KK</td></tr>\
             <tr><td>2.</td><td>Sistem, Mekanisme dan Prosedur</td><td>Pemohon datang ke loket</td></tr>\
             <tr><td>3.</td><td>Waktu Penyelesaian</td><td>1 x 24 jam</td></tr>\
             <tr><td>4.</td><td>Biaya /tariff</td><td>Rp. 0</td></tr></table>",
            &[S, F, T],
        ),
        (
            "table with one cell per row and labels wrapped over two rows",
            "<table><tr><td>1.</td></tr><tr><td>Persyaratan</td></tr><tr><td>Fotokopi akta</td></tr>\
             <tr><td>2.</td></tr><tr><td>Jangka Waktu</td></tr><tr><td>Pelayanan</td></tr>\
             <tr><td>3 hari kerja</td></tr><tr><td>3.</td></tr><tr><td>Pengelolaan</td></tr>\
             <tr><td>Pengaduan</td></tr><tr><td>Telepon (0274) 555 111</td></tr>\
             <tr><td>4.</td></tr><tr><td>Biaya</td></tr><tr><td>Tidak dipungut biaya</td></tr></table>",
            &[S, F, T, C],
        ),
        (
            "a duration stated only inside the procedure",
            "<h2>Legalisir Ijazah</h2><p>Persyaratan:</p><ol><li>Ijazah asli</li><li>Fotokopi ijazah</li></ol>\
             <p>Prosedur:</p><ol><li>Pemohon menyerahkan berkas</li>\
             <li>Proses penyelesaian layanan maksimal 15 menit setelah berkas dinyatakan lengkap</li></ol>\
             <p>Biaya: Gratis</p><p>Produk: Fotokopi ijazah yang dilegalisir</p>",
            &[S, F, T],
        ),
        (
            "labels shown as icons: values only, under the standard's title",
            "<h3>Standar Pelayanan Penerbitan Surat Keterangan Usaha</h3>\
             <div class=\"sp-item\"><img src=\"i1.png\" alt=\"\"><ol><li>Surat pengantar RT</li><li>Fotokopi KTP</li></ol></div>\
             <div class=\"sp-item\"><img src=\"i2.png\" alt=\"\"><ol><li>Pemohon mengisi formulir</li><li>Petugas memverifikasi</li></ol></div>\
             <div class=\"sp-item\"><img src=\"i3.png\" alt=\"\"><p>20 (dua puluh) menit setelah berkas lengkap</p></div>\
             <div class=\"sp-item\"><img src=\"i4.png\" alt=\"\"><p>Gratis</p></div>\
             <div class=\"sp-item\"><img src=\"i5.png\" alt=\"\"><p>Surat Keterangan Usaha</p></div>\
             <div class=\"sp-item\"><img src=\"i6.png\" alt=\"\"><ul><li>Kotak saran</li><li>WhatsApp 0813-1111-2222</li></ul></div>",
            &[S, F, T, C],
        ),
        (
            "a matrix, one row per service",
            "<h2>Standar Pelayanan</h2><table><tr><th>No</th><th>Jenis Pelayanan</th><th>Persyaratan</th>\
             <th>Waktu Penyelesaian</th><th>Biaya</th></tr>\
             <tr><td>1</td><td>Surat Pindah</td><td>KK asli</td><td>1 hari kerja</td><td>Gratis</td></tr></table>",
            &[S, F, T],
        ),
    ];
    for (shape, body, want) in cases {
        assert_eq!(in_html(body), *want, "{shape}");
    }
}

#[test]
fn a_standard_flattened_by_pdf_extraction_is_read_across_its_pages() {
    let page_1 = "LAMPIRAN KEPUTUSAN CAMAT SUKADAMAI\nTENTANG STANDAR PELAYANAN\nNO KOMPONEN URAIAN\n\
                  1.\nPersyaratan\n1. Surat Pengantar Desa\n2. Fotokopi KK\n\
                  2. Prosedur Pemohon menyerahkan berkas";
    let page_2 = "3. Waktu pelayanan Senin-Kamis pukul 08:00 s/d 15:00\nJumat pukul 08:00 s/d 11:00/\n\
                  Proses 3 hari\n4. Biaya /tariff Gratis\n5. Produk layanan Surat Keterangan Pindah\n\
                  6. Pengelolaan pengaduan 1.Kotak Saran\n2.Telpon : 0821-0000-3333";
    assert_eq!(in_text(&[page_1, page_2]), [S, F, T, C]);
}

#[test]
fn look_alikes_are_not_standards() {
    let cases: &[(&str, &str)] = &[
        (
            "survey results: the units of the survey with scores",
            "<h2>Hasil IKM Semester I</h2><table><tr><th>No</th><th>Unsur</th><th>Nilai</th></tr>\
             <tr><td>1</td><td>Persyaratan</td><td>3,41</td></tr><tr><td>2</td><td>Prosedur</td><td>3,38</td></tr>\
             <tr><td>3</td><td>Waktu Penyelesaian</td><td>3,20</td></tr><tr><td>4</td><td>Biaya/Tarif</td><td>3,90</td></tr>\
             <tr><td>5</td><td>Perilaku Pelaksana</td><td>3,55</td></tr></table>",
        ),
        (
            "survey questionnaire with answer scales",
            "<form><p>1. Persyaratan</p><p>a. Tidak sesuai b. Kurang sesuai c. Sesuai d. Sangat sesuai</p>\
             <p>2. Prosedur</p><p>a. Tidak mudah b. Kurang mudah c. Mudah d. Sangat mudah</p>\
             <p>3. Waktu Penyelesaian</p><p>a. Tidak cepat b. Kurang cepat c. Cepat d. Sangat cepat</p>\
             <p>4. Biaya/Tarif</p><p>a. Sangat mahal b. Cukup mahal c. Murah d. Gratis</p></form>",
        ),
        (
            "an explainer giving the components' definitions",
            "<h2>Komponen Standar Pelayanan</h2><p>1. Persyaratan :Syarat-syarat yang harus dipenuhi pemohon</p>\
             <p>2. Sistem, mekanisme dan prosedur :Tata cara yang dibakukan bagi pemberi dan penerima</p>\
             <p>3. Jangka waktu penyelesaian :Jangka waktu yang diperlukan untuk menyelesaikan</p>\
             <p>4. Biaya/tarif :Ongkos yang dikenakan kepada penerima layanan</p>\
             <p>5. Produk pelayanan :Hasil pelayanan yang diberikan</p>",
        ),
        (
            "an information-service standard (PPID)",
            "<h2>Standar Layanan Informasi Publik</h2><p>Prosedur: Pemohon informasi mengisi formulir permohonan informasi</p>\
             <p>Jangka Waktu Penyelesaian: paling lambat 10 (sepuluh) hari kerja, dapat diperpanjang 7 (tujuh) hari kerja</p>\
             <p>Biaya/Tarif: tidak dipungut biaya</p>",
        ),
        (
            "an SOP with its header fields",
            "<table><tr><td>Nomor SOP</td><td>060/12/2024</td></tr><tr><td>Disahkan oleh</td><td>Camat</td></tr></table>\
             <p>Dasar Hukum: Perda Nomor 3 Tahun 2020</p><p>Kualifikasi Pelaksana: SMA</p><p>Keterkaitan: SOP arsip</p>\
             <p>Persyaratan: KTP</p><p>Waktu Penyelesaian: 15 menit</p><p>Biaya: Gratis</p>",
        ),
        (
            "news about a standard being signed, the components named in prose",
            "<h1>Camat Teken Standar Pelayanan Baru</h1><p>Standar pelayanan itu memuat persyaratan, prosedur, \
             jangka waktu penyelesaian 3 hari, biaya gratis dan pengaduan melalui kotak saran.</p>",
        ),
        (
            "office hours and a general contact",
            "<h2>Jam Pelayanan</h2><p>Waktu Pelayanan: Senin - Kamis 08.00 - 15.30 WIB</p>\
             <p>Jumat: 08.00 - 11.00 WIB</p><p>Telepon: (0274) 555 000</p><p>Pengaduan</p>",
        ),
        (
            "a services menu",
            "<nav><ul><li>Persyaratan Pelayanan</li><li>Alur Pelayanan</li><li>Biaya Layanan</li>\
             <li>Layanan Pengaduan</li><li>Produk Hukum</li></ul></nav><p>Selamat datang</p>",
        ),
        (
            "a news article whose paragraphs start with component words",
            "<h1>Pembangunan Jalan Desa</h1><p>Biaya pembangunan jalan Rp 2 miliar dari APBD.</p>\
             <p>Waktu pengerjaan 120 hari kalender.</p><p>Pengaduan warga soal debu ditampung.</p>",
        ),
    ];
    for (what, body) in cases {
        assert_eq!(in_html(body), [], "{what}");
    }
}

#[test]
fn evidence_quotes_label_and_value_and_names_the_standard() {
    let doc = Html::parse_document(
        "<h2>Standar Pelayanan Kartu Keluarga</h2><p>Persyaratan: Formulir F1-01</p>\
         <p>Jangka Waktu Penyelesaian: 1 hari kerja</p><p>Biaya/Tarif</p><p>GRATIS</p>",
    );
    let readings = read(&html_blocks(&doc));
    let quote = |c: Criterion| {
        readings
            .iter()
            .find(|r| r.criterion == c)
            .map(|r| r.quote.as_str())
    };
    assert_eq!(quote(F), Some("Biaya / Tarif: GRATIS"));
    assert_eq!(quote(T), Some("Jangka Waktu Penyelesaian: 1 hari kerja"));
    assert_eq!(
        quote(S),
        Some(
            "Standar Pelayanan Kartu Keluarga — komponen: Persyaratan, Jangka Waktu Penyelesaian, Biaya / Tarif"
        )
    );
    let fee = readings.iter().find(|r| r.criterion == F).expect("fee");
    assert_eq!(&fee.quote[fee.hit.clone()], "GRATIS");
}

#[test]
fn the_gate_lets_through_every_page_the_reader_reads() {
    // `readings` skips pages the gate rules out: every standard the reader finds in the
    // shapes above must pass it.
    let pages = [
        "<p>1. Persyaratan KTP</p><p>2. Biaya: Gratis</p><p>3. Jangka waktu: 1 hari</p>",
        "<h3>Standar Pelayanan Surat Usaha</h3><p>Gratis</p><p>15 menit</p>",
    ];
    for page in pages {
        let doc = Html::parse_document(page);
        assert!(gate::may_hold_standard(&doc), "{page}");
    }
    let doc = Html::parse_document("<nav>Persyaratan Biaya Pengaduan</nav><p>Berita hari ini</p>");
    assert!(
        !gate::may_hold_standard(&doc),
        "the chrome alone does not pass"
    );
}

#[test]
fn stacked_labels_and_numbers_without_a_dot_from_pdf_tables_are_read() {
    // The label column extracted before the value column; the numbers stacked too.
    let stacked = "NO KOMPONEN URAIAN\n1.\n2.\nPersyaratan\nProsedur\nFotokopi akta lama\n\
                   Pemohon datang ke loket\n3.\n4.\n5.\nBiaya/Tarif\nProduk Pelayanan\n\
                   Pengelolaan\nPengaduan Gratis\nKutipan akta\n1. Sarana pengaduan: telepon (0274) 555 222";
    assert_eq!(in_text(&[stacked]), [S, F, C]);
    // "3 Waktu" as a table's number cell prints without its dot.
    let undotted = "NO KOMPONEN URAIAN\n1 Persyaratan 1. Kartu pasien\n3 Waktu 1 Jam\npelayanan\n\
                    4 Biaya /tarif Umum : Rp. 10.000,-";
    assert_eq!(in_text(&[undotted]), [S, F, T]);
}
