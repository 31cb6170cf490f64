//! Text normalisation applied before any rule regex sees the text: Unicode, spacing, slash
//! variants and the typos real Indonesian government sites make.

use std::sync::LazyLock;

use regex::{Captures, Regex};
use unicode_normalization::UnicodeNormalization;

/// Common misspellings on real sites, lower-case, with their correction.
const TYPOS: &[(&str, &str)] = &[
    ("penyelesian", "penyelesaian"),
    ("penyelasaian", "penyelesaian"),
    ("penyelsaian", "penyelesaian"),
    ("penyeleaian", "penyelesaian"),
    ("tariff", "tarif"),
    ("persyaratn", "persyaratan"),
    ("persayaratan", "persyaratan"),
    ("persyartan", "persyaratan"),
    ("prosudur", "prosedur"),
    ("mekanisma", "mekanisme"),
    ("pengadun", "pengaduan"),
    ("maklumad", "maklumat"),
];

/// A quick test for any typo, before the regex that fixes them runs.
static TYPO_HINT: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(TYPOS.iter().map(|(wrong, _)| *wrong))
        .expect("typo list builds an automaton")
});

static TYPO_RE: LazyLock<Regex> = LazyLock::new(|| {
    let words: Vec<&str> = TYPOS.iter().map(|(wrong, _)| *wrong).collect();
    Regex::new(&format!(r"(?i)\b({})\b", words.join("|"))).expect("typo list is a valid regex")
});

/// A slash between two words of at least two letters ("Biaya/Tarif", "Biaya /Tarif"), not
/// inside URLs or dates: the word before must not follow '.', '/' or ':'.
static SLASH_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(^|[\s(])(\pL{2,}) ?/ ?(\pL{2,})\b").expect("slash pattern is a valid regex")
});

/// Normalises text for matching and quoting: NFKC, dashes and quotes unified, invisible
/// characters dropped, whitespace (including no-break spaces) collapsed to single spaces,
/// "Biaya/Tarif" spelled "Biaya / Tarif", and common typos corrected with their case kept.
pub fn normalise_text(text: &str) -> String {
    // NFKC leaves ASCII as it is, and most page text is ASCII: skip the decomposition then.
    let out = if text.is_ascii() {
        unify_ascii(text)
    } else {
        unify(text.nfkc(), text.len())
    };
    let out = if out.contains('/') {
        SLASH_RE.replace_all(&out, "$1$2 / $3")
    } else {
        std::borrow::Cow::Borrowed(out.as_str())
    };
    if !TYPO_HINT.is_match(out.as_ref()) {
        return out.into_owned();
    }
    TYPO_RE
        .replace_all(&out, |caps: &Captures<'_>| {
            let found = &caps[0];
            let lower = found.to_lowercase();
            let fixed = TYPOS
                .iter()
                .find(|(wrong, _)| *wrong == lower)
                .map_or(lower.as_str(), |(_, right)| right);
            match_case(found, fixed)
        })
        .into_owned()
}

/// Dashes and quotes unified, invisible characters dropped, white space collapsed.
fn unify(chars: impl Iterator<Item = char>, capacity: usize) -> String {
    let mut out = String::with_capacity(capacity);
    let mut pending_space = false;
    for c in chars {
        let c = match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            '\u{2018}' | '\u{2019}' | '\u{02BC}' | '`' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => continue,
            c => c,
        };
        if c.is_whitespace() || c.is_control() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// [`unify`] for ASCII text, byte by byte: of its substitutions only '`' and white space
/// (with the control characters) can occur.
fn unify_ascii(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    let mut pending_space = false;
    for &b in text.as_bytes() {
        if b <= b' ' || b == 0x7f {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(b' ');
            pending_space = false;
        }
        out.push(if b == b'`' { b'\'' } else { b });
    }
    String::from_utf8(out).expect("ASCII in, ASCII out")
}

/// `fixed` spelled with the case pattern of `found` (all caps, capitalised, or lower).
fn match_case(found: &str, fixed: &str) -> String {
    if found.chars().all(|c| !c.is_lowercase()) {
        fixed.to_uppercase()
    } else if found.chars().next().is_some_and(char::is_uppercase) {
        let mut chars = fixed.chars();
        chars
            .next()
            .map(|first| first.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    } else {
        fixed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_text_is_unified_as_any_text() {
        let samples = [
            "  Biaya\t\t/Tarif \r\n Rp.\x0b0,-\x1f`x`\x7f ",
            "",
            "   ",
            "kata",
            "\x00a\x01\x02b c\x0c",
        ];
        let every: String = (0u8..128).map(char::from).collect();
        for text in samples.into_iter().chain([every.as_str()]) {
            assert_eq!(
                unify_ascii(text),
                unify(text.chars(), text.len()),
                "{text:?}"
            );
        }
    }

    #[test]
    fn normalises_real_site_spellings() {
        let cases = [
            ("  Biaya/Tarif  ", "Biaya / Tarif"),
            ("Biaya /tariff", "Biaya / tarif"),
            (
                "Biaya/ Tarif :\u{a0}Rp.\u{a0}0,-",
                "Biaya / Tarif : Rp. 0,-",
            ),
            ("Jangka Waktu Penyelesian", "Jangka Waktu Penyelesaian"),
            ("JANGKA WAKTU PENYELESIAN", "JANGKA WAKTU PENYELESAIAN"),
            (
                "Senin\u{2013}Jumat 08.00\u{2013}16.00",
                "Senin-Jumat 08.00-16.00",
            ),
            (
                "Sistem,\n\t Mekanisme dan\r\nProsedur",
                "Sistem, Mekanisme dan Prosedur",
            ),
            ("ｓｔａｎｄａｒ　pelayanan", "standar pelayanan"),
            ("Jum\u{2019}at", "Jum'at"),
            ("Per\u{00AD}sya\u{200B}ratan", "Persyaratan"),
            (
                "https://www.lapor.go.id/instansi/x",
                "https://www.lapor.go.id/instansi/x",
            ),
            ("01/02/2024 s/d 1 x 24 jam", "01/02/2024 s/d 1 x 24 jam"),
            ("Saran/Masukan", "Saran / Masukan"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(normalise_text(input), want, "normalise_text({input:?})");
        }
    }

    #[test]
    fn normalise_is_idempotent() {
        for text in ["Biaya/Tarif Rp 0", "Penyelesian 3 (tiga) hari", "a\u{a0} b"] {
            let once = normalise_text(text);
            assert_eq!(normalise_text(&once), once);
        }
    }
}
