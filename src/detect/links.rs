//! Link relevance: how likely a link leads to a service standard, fee or complaint page, so
//! the crawler can follow the best links first within its page budget.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use url::Url;

use super::normalise_text;
use crate::filetype::{self, Kind};

/// Words (or word pairs) that name the pages we look for.
const STRONG: &[&str] = &[
    "standar pelayanan",
    "standar layanan",
    "standarpelayanan",
    "maklumat",
    "sop",
    "pengaduan",
    "aduan",
    "sp4n",
    "lapor",
    "biaya",
    "tarif",
    "retribusi",
    "persyaratan",
    "prosedur",
    "alur",
    "jangka waktu",
    "kotak saran",
];

/// Words of menus that often hold those pages.
const MEDIUM: &[&str] = &[
    "layanan",
    "pelayanan",
    "standar",
    "ppid",
    "zi",
    "wbk",
    "zona integritas",
    "profil",
    "informasi publik",
    "dokumen",
    "unduh",
    "download",
    "regulasi",
    "perizinan",
    "izin",
    "mpp",
    "mal pelayanan",
];

/// Words of sections that are news, media or machinery, not service information.
const LOW: &[&str] = &[
    "berita",
    "news",
    "artikel",
    "article",
    "galeri",
    "gallery",
    "foto",
    "video",
    "agenda",
    "event",
    "pengumuman",
    "tag",
    "category",
    "kategori",
    "author",
    "komentar",
    "comment",
    "login",
    "wp admin",
    "wp login",
    "feed",
    "search",
    "cari",
    "lowongan",
    "kegiatan",
    "opini",
];

/// Scores 0..=100 how likely a link leads to the standard, fees or complaint pages, from its
/// URL path and query and its anchor text. News, galleries and machinery links score low
/// even when their slug mentions a service word ("/berita/sosialisasi-standar-pelayanan").
pub fn link_relevance(url: &Url, anchor_text: &str) -> u8 {
    let mut where_ = words(url.path());
    where_.push_str(&words(url.query().unwrap_or("")));
    let where_ = Named::in_words(&where_);
    let what = Named::in_words(&words(&normalise_text(anchor_text)));
    let mut score: u8 = 30;
    if where_.medium || what.medium {
        score = 60;
    }
    if where_.strong || what.strong {
        score = if where_.strong && what.strong {
            100
        } else {
            90
        };
    }
    if filetype::of_extension(url) == Some(Kind::Pdf) && score >= 60 {
        score = score.saturating_add(5).min(100);
    }
    if where_.low || what.low {
        score = score.min(20);
    }
    if filetype::is_asset(url) {
        score = score.min(10);
    }
    score
}

/// Which of the word lists a `words()` haystack names.
#[derive(Default)]
struct Named {
    strong: bool,
    medium: bool,
    low: bool,
}

impl Named {
    fn in_words(hay: &str) -> Named {
        let mut named = Named::default();
        // Overlapping: " standar pelayanan " and " pelayanan " can both be there.
        for hit in LIST_WORDS.find_overlapping_iter(hay) {
            match hit.pattern().as_usize() {
                i if i < STRONG.len() => named.strong = true,
                i if i < STRONG.len() + MEDIUM.len() => named.medium = true,
                _ => named.low = true,
            }
        }
        named
    }
}

/// The words of all three lists, strong, medium then low, each searched as a whole word:
/// with a space on each side, which `words()` puts around every word.
static LIST_WORDS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    let all = STRONG.iter().chain(MEDIUM).chain(LOW);
    AhoCorasick::new(all.map(|w| format!(" {w} "))).expect("word lists build an automaton")
});

/// Lower-case words of `text`, split on anything that is not a letter or digit, with a
/// space on each side so that `" sop "` does not match "shop".
fn words(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(' ');
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        out.extend(word.chars().flat_map(char::to_lowercase));
        out.push(' ');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(url: &str, anchor: &str) -> u8 {
        link_relevance(&Url::parse(url).expect("test URL"), anchor)
    }

    #[test]
    fn ranks_service_links_above_news() {
        let cases = [
            ("https://a.go.id/layanan/standar-pelayanan", "", 90, 100),
            ("https://a.go.id/page/12", "Standar Pelayanan", 90, 100),
            (
                "https://a.go.id/standar-pelayanan",
                "Standar Pelayanan",
                100,
                100,
            ),
            ("https://a.go.id/maklumat-pelayanan", "", 90, 100),
            ("https://a.go.id/prosedur-pengaduan", "", 90, 100),
            ("https://a.go.id/?page_id=7", "SOP", 90, 100),
            ("https://a.go.id/ppid", "PPID", 60, 60),
            ("https://a.go.id/zi-wbk", "", 60, 60),
            ("https://a.go.id/profil", "Profil", 60, 60),
            ("https://a.go.id/uploads/sk.pdf", "Unduh Dokumen", 65, 65),
            ("https://a.go.id/kontak", "Kontak", 30, 30),
            (
                "https://a.go.id/berita/sosialisasi-standar-pelayanan",
                "",
                0,
                20,
            ),
            ("https://a.go.id/galeri", "Galeri Foto", 0, 20),
            ("https://a.go.id/agenda/2024", "Agenda", 0, 20),
            ("https://a.go.id/category/layanan", "", 0, 20),
            ("https://a.go.id/shop", "Shop", 30, 30),
            (
                "https://a.go.id/wp-content/uploads/standar-pelayanan.jpg",
                "",
                0,
                10,
            ),
        ];
        for (url, anchor, low, high) in cases {
            let got = score(url, anchor);
            assert!(
                (low..=high).contains(&got),
                "{url} {anchor:?}: {got} not in {low}..={high}"
            );
        }
    }
}
