//! Text of a PDF, page by page, with `pdf-extract` (which parses with `lopdf`).
//!
//! `pdf-extract` places each glyph by its position on the page, so lines come out as lines
//! whether the producer wrote one text object per line (Word) or moved with `Td` inside one
//! (FPDF, TCPDF, ReportLab); `lopdf`'s own `extract_text` runs such lines together. It also
//! knows the standard fonts' metrics, WinAnsi/MacRoman/`Differences` encodings and `ToUnicode`
//! maps. It panics on some hostile input, so every call into it runs under `catch_unwind`;
//! the default panic hook still prints the message to stderr (the crawler runs this in a child
//! process, whose hook is its own business).

use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};

use flate2::read::ZlibDecoder;
use pdf_extract::{Document, Object, ObjectId, PlainTextOutput, output_doc_page};

/// Pages after this one are not read: a decree is a few pages, a 3,000-page scan is not a
/// standard, and time spent on it is time not spent on the rest of the site.
pub const MAX_PAGES: u32 = 500;

/// The most page content (Flate-inflated) read from one PDF, all pages read together; a
/// PDF over it is refused before extraction, since the extractor inflates without a limit.
pub const MAX_CONTENT_BYTES: u64 = 64 * 1024 * 1024;

/// Text of each page, in order (page 1 first), at most [`MAX_PAGES`] of them.
///
/// Each page's text is its lines, trimmed, without blank lines, joined by `'\n'`. A page that
/// cannot be read while others can (a broken font, a corrupt content stream) yields `""`, so
/// page numbers stay right. `Err` holds a short message for the report: not a PDF, damaged
/// beyond reading, encrypted with a password, no pages, or no page readable.
pub fn pdf_pages(bytes: &[u8]) -> Result<Vec<String>, String> {
    let document = guarded(|| load(bytes))?;
    let page_ids: Vec<ObjectId> = guarded(|| {
        let ids: Vec<ObjectId> = document
            .get_pages()
            .into_values()
            .take(MAX_PAGES as usize)
            .collect();
        check_content_size(&document, &ids)?;
        Ok(ids)
    })?;
    if page_ids.is_empty() {
        return Err("the PDF has no pages".to_owned());
    }
    let mut pages = Vec::new();
    let mut failed = 0;
    for number in (1..).take(page_ids.len()) {
        match guarded(|| page_text(&document, number)) {
            Ok(text) => pages.push(text),
            Err(_) => {
                failed += 1;
                pages.push(String::new());
            }
        }
    }
    if failed == pages.len() {
        return Err(format!(
            "none of the PDF's {} pages could be read",
            pages.len()
        ));
    }
    Ok(pages)
}

/// Runs `work`, turning a panic inside the PDF crates into `Err`.
fn guarded<T>(work: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    // The closure only reads the input and builds fresh values; after a panic they are
    // dropped, so no broken state is observed afterwards.
    catch_unwind(AssertUnwindSafe(work))
        .unwrap_or_else(|_| Err("the PDF is malformed (its parser gave up)".to_owned()))
}

fn load(bytes: &[u8]) -> Result<Document, String> {
    let mut document =
        Document::load_mem(bytes).map_err(|err| format!("not a readable PDF ({err})"))?;
    if document.is_encrypted() {
        // Most "protected" government PDFs only have an owner password, which restricts
        // copying and printing; the empty user password opens them for reading.
        document
            .decrypt("")
            .map_err(|_| "the PDF is encrypted and needs a password to open".to_owned())?;
    }
    Ok(document)
}

/// Refuses a PDF whose pages' content streams inflate past [`MAX_CONTENT_BYTES`]; counts
/// what comes out rather than trusting any declared length.
fn check_content_size(document: &Document, pages: &[ObjectId]) -> Result<(), String> {
    let mut left = MAX_CONTENT_BYTES;
    for &page in pages {
        for id in document.get_page_contents(page) {
            let Ok(stream) = document.get_object(id).and_then(Object::as_stream) else {
                continue;
            };
            let flate = stream
                .filters()
                .is_ok_and(|filters| filters.first() == Some(&&b"FlateDecode"[..]));
            let size = if flate {
                inflated_len(&stream.content, left + 1)
            } else {
                u64::try_from(stream.content.len()).unwrap_or(u64::MAX)
            };
            left = left.checked_sub(size).ok_or_else(|| {
                format!(
                    "refused: the PDF's pages inflate to more than {} MiB",
                    MAX_CONTENT_BYTES >> 20
                )
            })?;
        }
    }
    Ok(())
}

/// How many bytes a zlib stream inflates to, counting at most `limit`; a corrupt stream
/// counts what came out before the damage.
fn inflated_len(data: &[u8], limit: u64) -> u64 {
    let mut decoder = ZlibDecoder::new(data).take(limit);
    let mut buffer = [0u8; 16 * 1024];
    let mut total = 0u64;
    while let Ok(read @ 1..) = decoder.read(&mut buffer) {
        total += u64::try_from(read).unwrap_or(u64::MAX);
    }
    total
}

fn page_text(document: &Document, number: u32) -> Result<String, String> {
    let mut raw = String::new();
    let mut output = PlainTextOutput::new(&mut raw);
    output_doc_page(document, &mut output, number)
        .map_err(|err| format!("page {number} could not be read ({err})"))?;
    Ok(tidy(&raw))
}

/// Trimmed non-empty lines joined by `'\n'`: the extractor's blank lines and leading spaces
/// come from glyph positions and vary between producers, so they carry no meaning.
fn tidy(raw: &str) -> String {
    let lines: Vec<&str> = raw
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::time::{Duration, Instant};

    use flate2::Compression;
    use flate2::write::ZlibEncoder;

    use super::*;

    const DOCUMENTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/documents/");

    fn fixture(name: &str) -> Vec<u8> {
        let path = format!("{DOCUMENTS}{name}");
        std::fs::read(&path).unwrap_or_else(|err| panic!("cannot read {path}: {err}"))
    }

    const PAGE_1: &str = "\
PEMERINTAH KABUPATEN SUNGAI JERNIH
DINAS PENANAMAN MODAL DAN PELAYANAN TERPADU SATU PINTU
KEPUTUSAN KEPALA DINAS PENANAMAN MODAL DAN PTSP
NOMOR 503/045/DPMPTSP/2024
TENTANG STANDAR PELAYANAN
Menimbang : bahwa untuk melaksanakan ketentuan Pasal 21 Undang-Undang Nomor 25 Tahun 2009
tentang Pelayanan Publik, perlu menetapkan Standar Pelayanan.
MEMUTUSKAN:
Menetapkan : Standar Pelayanan pada DPMPTSP Kabupaten Sungai Jernih sebagaimana tercantum
dalam Lampiran Keputusan ini.
Ditetapkan di Sungai Jernih pada tanggal 4 Maret 2024
KEPALA DINAS PENANAMAN MODAL DAN PTSP,
ttd
Ir. MARTINUS ALEX, M.T.
Halaman 1 dari 2";

    const PAGE_2: &str = "\
LAMPIRAN KEPUTUSAN KEPALA DINAS PENANAMAN MODAL DAN PTSP NOMOR 503/045/DPMPTSP/2024
STANDAR PELAYANAN IZIN PENYELENGGARAAN REKLAME
1. Dasar Hukum: Peraturan Daerah Kabupaten Sungai Jernih Nomor 4 Tahun 2023.
2. Persyaratan: formulir permohonan; fotokopi KTP; desain dan ukuran reklame; foto lokasi.
3. Sistem, Mekanisme dan Prosedur: pengajuan berkas \u{2013} verifikasi \u{2013} survei lokasi \u{2013} penerbitan izin.
4. Jangka Waktu Penyelesaian: 3 (tiga) hari kerja sejak berkas lengkap.
5. Biaya/Tarif: Tidak dipungut biaya (Rp 0,-); pajak reklame dibayar terpisah sesuai Perda.
6. Produk Pelayanan: Surat Izin Penyelenggaraan Reklame.
7. Penanganan Pengaduan, Saran dan Masukan: SP4N-LAPOR! (www.lapor.go.id), SMS 1708,
kotak saran di ruang pelayanan DPMPTSP.
Halaman 2 dari 2";

    #[test]
    fn standard_decree_gives_text_per_page() {
        assert_eq!(
            pdf_pages(&fixture("standar.pdf")),
            Ok(vec![PAGE_1.to_owned(), PAGE_2.to_owned()])
        );
    }

    #[test]
    fn fixture_site_pdf_is_the_same_document() {
        let served = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/web/sungaijernihkab.go.id/uploads/2024/03/SK-Standar-Pelayanan-DPMPTSP-2024.pdf"
        );
        let bytes = std::fs::read(served).expect("the fixture site's PDF exists");
        assert_eq!(bytes, fixture("standar.pdf"));
    }

    #[test]
    fn owner_password_only_pdf_is_read() {
        assert_eq!(
            pdf_pages(&fixture("restricted.pdf")),
            Ok(vec![PAGE_1.to_owned(), PAGE_2.to_owned()])
        );
    }

    #[test]
    fn hostile_samples_are_refused_without_panic() {
        for (name, message) in [
            ("truncated.pdf", "not a readable PDF"),
            ("not-a-pdf.pdf", "not a readable PDF"),
            ("encrypted.pdf", "needs a password"),
        ] {
            let started = Instant::now();
            let result = pdf_pages(&fixture(name));
            let err = result.expect_err(name);
            assert!(err.contains(message), "{name}: {err}");
            assert!(
                started.elapsed() < Duration::from_secs(1),
                "{name} took {:?}",
                started.elapsed()
            );
        }
    }

    #[test]
    fn garbage_never_panics() {
        let pdf = fixture("standar.pdf");
        let mut inputs: Vec<Vec<u8>> = vec![
            Vec::new(),
            b"%PDF-1.4".to_vec(),
            b"%PDF-1.7\n%%EOF\n".to_vec(),
            b"%PDF-1.4\ntrailer\n<< /Root 1 0 R >>\nstartxref\n0\n%%EOF\n".to_vec(),
        ];
        // Every prefix length in steps, and the file with a stretch of bytes overwritten.
        inputs.extend((0..pdf.len()).step_by(97).map(|cut| pdf[..cut].to_vec()));
        for at in (0..pdf.len()).step_by(131) {
            let mut damaged = pdf.clone();
            for byte in damaged.iter_mut().skip(at).take(16) {
                *byte = b'0';
            }
            inputs.push(damaged);
        }
        for input in inputs {
            // Ok or Err are both fine; a panic would fail the test.
            let _ = pdf_pages(&input);
        }
    }

    /// A valid PDF of `count` pages that all show the same content stream, which is stored
    /// Flate-compressed when `stream` is given.
    fn pdf_with_pages(count: usize, stream: Option<&[u8]>) -> Vec<u8> {
        let content = match stream {
            None => b"<< /Length 38 >>\nstream\nBT /F1 10 Tf 50 800 Td (Halaman) Tj ET\nendstream"
                .to_vec(),
            Some(plain) => {
                let mut encoder = ZlibEncoder::new(Vec::new(), Compression::best());
                encoder.write_all(plain).expect("in memory");
                let data = encoder.finish().expect("in memory");
                let mut object = format!(
                    "<< /Length {} /Filter /FlateDecode >>\nstream\n",
                    data.len()
                )
                .into_bytes();
                object.extend(data);
                object.extend(b"\nendstream");
                object
            }
        };
        let kids: Vec<String> = (0..count).map(|i| format!("{} 0 R", 5 + i)).collect();
        let mut objects = vec![
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            format!(
                "<< /Type /Pages /Kids [{}] /Count {count} >>",
                kids.join(" ")
            )
            .into_bytes(),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
            content,
        ];
        let page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
                    /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>";
        objects.extend((0..count).map(|_| page.to_vec()));
        let mut pdf = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (index, object) in objects.iter().enumerate() {
            offsets.push(pdf.len());
            pdf.extend(format!("{} 0 obj\n", index + 1).bytes());
            pdf.extend(object);
            pdf.extend(b"\nendobj\n");
        }
        let xref = pdf.len();
        pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
        for offset in offsets {
            pdf.extend(format!("{offset:010} 00000 n \n").bytes());
        }
        let size = objects.len() + 1;
        pdf.extend(
            format!("trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").bytes(),
        );
        pdf
    }

    #[test]
    fn only_the_first_500_pages_are_read() {
        assert_eq!(
            pdf_pages(&pdf_with_pages(3, None)),
            Ok(vec!["Halaman".to_owned(); 3])
        );
        let pages = pdf_pages(&pdf_with_pages(MAX_PAGES as usize + 7, None)).expect("a valid PDF");
        assert_eq!(pages.len(), MAX_PAGES as usize);
        assert!(pages.iter().all(|page| page == "Halaman"));
    }

    #[test]
    fn compressed_content_is_read_and_a_content_bomb_refused() {
        let text = b"BT /F1 10 Tf 50 800 Td (Rp 0,-) Tj ET";
        assert_eq!(
            pdf_pages(&pdf_with_pages(2, Some(text))),
            Ok(vec!["Rp 0,-".to_owned(); 2])
        );
        // 1 MiB of spaces shown by 70 pages inflates past MAX_CONTENT_BYTES.
        let spaces = vec![b' '; 1 << 20];
        let started = Instant::now();
        let err = pdf_pages(&pdf_with_pages(70, Some(&spaces))).expect_err("content bomb");
        assert!(err.starts_with("refused: "), "{err}");
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "took {:?}",
            started.elapsed()
        );
    }

    #[test]
    fn inflated_len_counts_up_to_the_limit() {
        let mut encoder = ZlibEncoder::new(Vec::new(), Compression::best());
        encoder.write_all(&[b' '; 100_000]).expect("in memory");
        let data = encoder.finish().expect("in memory");
        assert_eq!(inflated_len(&data, u64::MAX), 100_000);
        assert_eq!(inflated_len(&data, 4_096), 4_096);
        assert!(inflated_len(&data[..data.len() / 2], u64::MAX) < 100_000);
        assert_eq!(inflated_len(b"not zlib", u64::MAX), 0);
    }

    #[test]
    fn a_pdf_without_pages_is_an_error() {
        let err = pdf_pages(&pdf_with_pages(0, None)).expect_err("no pages");
        assert!(err.contains("no pages"), "{err}");
    }

    #[test]
    fn tidy_drops_blank_lines_and_edge_spaces() {
        assert_eq!(
            tidy("\n\n Biaya:  Gratis \n\n\n Waktu\n"),
            "Biaya:  Gratis\nWaktu"
        );
        assert_eq!(tidy(""), "");
    }
}
