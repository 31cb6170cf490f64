//! What a component's value says: a fee, a completion time (not office hours), a complaint
//! channel; and values that are no value at all (a dash, a survey score, a definition).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// A number, in digits or in words, as standards write them ("3", "tiga", "3 (tiga)").
const NUMBER: &str = r"(\d+([.,]\d+)?(\s*-\s*\d+)?|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|(dua|tiga|empat|lima|enam|tujuh|delapan|sembilan)\s+(belas|puluh)(\s+(satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan))?|seratus|setengah|se)";

static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b{NUMBER}\s*(\([a-z\s]+\)\s*)?(x\s*24\s*jam|×\s*24\s*jam|hari(\s+(kerja|kalender))?|menit|jam|minggu|pekan|bulan|detik)\b|\b(langsung\s+(jadi|selesai|diproses|dicetak|cetak|terbit)|saat\s+itu\s+juga|hari\s+itu\s+juga|pada\s+hari\s+yang\s+sama|hari\s+yang\s+sama|on\s+the\s+spot|real\s*time)\b"
    ))
    .expect("duration pattern is valid")
});

/// Office hours: days from–to ("Minggu" only as the end of a range: it is also "week"), clock times from–to, "pukul", break times. Removed from a time
/// component's value before a duration is looked for (opening hours are not a completion
/// time).
static OFFICE_HOURS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(senin|selasa|rabu|kamis|jum.?at|sabtu)\b(\s*(-|s\.?\s*/?\s*d\.?|sampai(\s+dengan)?|hingga|s/d)\s*\b(senin|selasa|rabu|kamis|jum.?at|sabtu|minggu)\b)?|\b(pukul|jam|pkl\.?)\s*\d{1,2}([.:]\d{2})?|\b\d{1,2}[.:]\d{2}(\s*(wib|wita|wit))?(\s*(-|s\.?\s*/?\s*d\.?|sampai|hingga)\s*\d{1,2}[.:]\d{2})?(\s*(wib|wita|wit))?|\b(istirahat|jam\s+kerja|jam\s+pelayanan|hari\s+kerja\s*:)")
        .expect("office hours pattern is valid")
});

static FEE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\brp\.?\s*\d|\b\d{1,3}(\.\d{3})+(,-|,00)?\s*(rupiah|/|per)|\brupiah\b|\bgratis\b|\bfree\b|\b(tidak|tanpa|bebas)\s+(ada\s+|di\s*pungut\s+|dipungut\s+|dikenakan\s+)?(biaya|tarif|pungutan|retribusi|bayar|dipungut|dikenakan)|\btidak\s+(dipungut|dikenakan)\b|\bnihil\b|\bnol\s+rupiah|^\s*-?\s*0\s*(,-|,00)?\s*-?\s*$|\bretribusi\b|\bsesuai\s+(dengan\s+)?(perda|peraturan|ketentuan|perbup|perwali?|pergub|qanun|tarif|pp\b|undang)|\bpnbp\b|\bper(da|bup|wal|wali|gub)\b|\bperaturan\s+(bupati|wali\s*kota|daerah|gubernur|menteri|pemerintah)\b")
        .expect("fee pattern is valid")
});

/// Stamp duty listed as a requirement ("bermaterai Rp 10.000") is not the service's fee.
static STAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(ber)?m[ae]t[ea]rai\b[^.;|]{0,30}?\brp\.?\s*[\d.,]+(,-)?")
        .expect("stamp pattern is valid")
});

static CHANNEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\+?62|\b0)\s?8\d{1,2}[\s.-]?\d{3,4}[\s.-]?\d{3,5}|\(?\b0\d{2,3}\)?[\s.-]?\d{3,4}[\s.-]?\d{3,4}|\b[\w.+-]+@[\w-]+(\.[\w-]+)+|\blapor\.go\.id\b|\bsp4n\b|\b(span|sp4n)[\s-]*lapor\b|\blapor!|\bsms\b|\bwhats\s*app\b|\bwa\b|\bkotak\s+(saran|pengaduan)|\be-?\s?mail\b|\bsurel\b|\bsurat\s+elektronik|\bwebsite\b|\bsitus\b|\blaman\b|\bwww\.|https?://|\binstagram\b|\bfacebook\b|\btwitter\b|\btiktok\b|\byoutube\b|\bmedia\s+sosial\b|\bmedsos\b|\btelp?\b|\btelepon\b|\btelpon\b|\btlp\b|\bhp\b|\bhotline\b|\bcall\s+center\b|\bdatang\s+langsung\b|\bsecara\s+langsung\b|\btatap\s+muka\b|\blangsung\s+(ke|di)\b|\bloket\b|\bpetugas\b|\bdesk\b|\baplikasi\b|\bonline\b|\bdaring\b|\bsurat\b|\bformulir\b|\bkantor\b|\blisan\b|\bfax\b|\bfaks\b|\bfront\s+office\b")
        .expect("channel pattern is valid")
});

/// A survey score or an answer scale: what a satisfaction survey has where a standard has
/// a value ("3,71", "88,45 (Baik)", "Sangat sesuai").
static SCORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*([1-9]\d{0,2}|0[.,]\d+)([.,]\d{1,3})?\s*(%|\(?\s*(sangat\s+)?(baik|cukup|kurang|buruk|puas|a|b|c|d)\s*\)?)?\s*$|\b(tidak|kurang|cukup|sangat)\s+(sesuai|mudah|cepat|wajar|murah|mahal|kompeten|sopan|ramah|berkualitas|puas|jelas|lengkap|memadai)\b.*\b(tidak|kurang|cukup|sangat)\s+(sesuai|mudah|cepat|wajar|murah|mahal|kompeten|sopan|ramah|berkualitas|puas|jelas|lengkap|memadai)\b|\bbagaimana\s+pendapat")
        .expect("score pattern is valid")
});

/// A definition or a list of what the law requires, where a standard has the value itself:
/// "…, yaitu syarat yang harus dipenuhi", "adalah …", "Ongkos yang dikenakan …".
static DEFINITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[\s,;:.-]*(yaitu|adalah|merupakan|ialah|yakni|meliputi|terdiri|sebagaimana|dimaksud|harus\s+(jelas|ditetapkan|dicantumkan)|wajib\s+dicantumkan)\b|^[\s,;:.-]*([\w-]+\s+){1,2}yang\s+(harus|dikenakan|diterima|diperlukan|digunakan|dibutuhkan|wajib|perlu|dipergunakan)\b")
        .expect("definition pattern is valid")
});

/// Where the first completion time is in a value, office hours left aside.
pub(crate) fn duration(value: &str) -> Option<Range<usize>> {
    DURATION
        .find(&blanked(value, &OFFICE_HOURS))
        .map(|m| m.range())
}

/// Where the fee is in a value; a stamp duty is not one.
pub(crate) fn fee(value: &str) -> Option<Range<usize>> {
    FEE.find(&blanked(value, &STAMP)).map(|m| m.range())
}

/// `value` with what `aside` matches blanked out, not cut out, so offsets stay those of
/// `value`.
fn blanked(value: &str, aside: &Regex) -> String {
    let mut out = value.to_string();
    for found in aside.find_iter(value) {
        out.replace_range(found.range(), &" ".repeat(found.len()));
    }
    out
}

/// Where the first complaint channel is in a value.
pub(crate) fn channel(value: &str) -> Option<Range<usize>> {
    CHANNEL.find(value).map(|m| m.range())
}

/// Whether a value says something: not empty, not a dash, not a survey score or answer
/// scale, not a definition of the component.
pub(crate) fn is_value(value: &str) -> bool {
    let letters_or_digits = value.chars().filter(|c| c.is_alphanumeric()).count();
    // One letter or digit alone is a list mark, not a value; "0" is a fee.
    (letters_or_digits > 1 || (letters_or_digits == 1 && value.contains('0')))
        && !SCORE.is_match(value)
        && !DEFINITION.is_match(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(value: &str, found: Option<Range<usize>>) -> Option<&str> {
        found.map(|r| &value[r])
    }

    #[test]
    fn durations_are_completion_times_not_office_hours() {
        let cases = [
            ("Paling lambat 3 (tiga) hari", Some("3 (tiga) hari")),
            ("Maksimal 1 hari kerja", Some("1 hari kerja")),
            ("1 x 24 jam", Some("1 x 24 jam")),
            ("Penyelesaian 24 jam", Some("24 jam")),
            ("60 Menit per Dokumen", Some("60 Menit")),
            ("Proses 1 Minggu", Some("1 Minggu")),
            ("3-5 menit", Some("3-5 menit")),
            ("lima belas menit", Some("lima belas menit")),
            (
                "Senin - Kamis : 08.00 - 15.00 Wita Jumat : 08.00 - 13.00 Wita 60 Menit per Dokumen",
                Some("60 Menit"),
            ),
            (
                "Senin-Kamis pukul 08:00 - 15:00 / Proses 1 Minggu",
                Some("1 Minggu"),
            ),
            ("Senin - Jumat 08.00 - 16.00 WIB", None),
            ("Jam 08.00 s/d 14.00, istirahat 12.00 - 13.00", None),
            ("Langsung jadi", Some("Langsung jadi")),
            ("-", None),
        ];
        for (value, want) in cases {
            assert_eq!(shown(value, duration(value)), want, "{value}");
        }
    }

    #[test]
    fn fees_include_zero_and_regulated_fees_but_not_stamp_duty() {
        let cases = [
            ("Tidak ada biaya / GRATIS", true),
            ("Rp. 0", true),
            ("Rp 0,-", true),
            ("Tidak dipungut biaya", true),
            ("0", true),
            (
                "sesuai Perda Nomor 3 Tahun 2012 tentang Retribusi Perizinan",
                true,
            ),
            ("Rp 50.000 (lima puluh ribu rupiah)", true),
            ("Surat pernyataan bermaterai Rp 10.000", false),
            ("Lihat lampiran", false),
            ("-", false),
        ];
        for (value, want) in cases {
            assert_eq!(fee(value).is_some(), want, "{value}");
        }
    }

    #[test]
    fn channels_are_ways_to_reach_the_office() {
        let cases = [
            ("1.Kotak Saran 2.Telpon : 0812 3456 7890", true),
            ("SP4N-LAPOR! www.lapor.go.id", true),
            ("Datang langsung ke kantor", true),
            ("Instagram @dukcapil_contoh", true),
            ("email: pengaduan@contoh.go.id", true),
            ("Ditindaklanjuti sesuai ketentuan", false),
        ];
        for (value, want) in cases {
            assert_eq!(channel(value).is_some(), want, "{value}");
        }
    }

    #[test]
    fn dashes_scores_and_definitions_are_no_value() {
        for value in [
            "",
            "-",
            ":",
            "3,71",
            "88,45 (Baik)",
            "a. Tidak sesuai b. Kurang sesuai c. Sesuai d. Sangat sesuai",
            ", yaitu syarat yang harus dipenuhi",
            "adalah ongkos yang dikenakan",
            "Syarat-syarat yang harus dipenuhi dalam pengurusan",
            "Ongkos yang dikenakan kepada penerima layanan",
        ] {
            assert!(!is_value(value), "{value}");
        }
        for value in [
            "Gratis",
            "0",
            "1 hari",
            "KTP-el",
            "Kartu Keluarga",
            "Fotokopi KTP yang masih berlaku",
        ] {
            assert!(is_value(value), "{value}");
        }
    }
}
