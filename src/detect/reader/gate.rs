//! Whether a page can hold a standard, before its blocks are built: most pages (news, menus,
//! contact pages) name fewer than [`super::MIN_COMPONENTS`] components outside the site's
//! chrome and have no standard's title in a heading. One pass over the text nodes with one
//! automaton; the site's chrome is left out as the blocks leave it out.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node};

use super::blocks::{HEADINGS, SKIP, is_chrome, is_title_class};

/// A word every label of a component holds, with the component's bit (one bit per
/// component of [`super::lexicon::Component`]), and the words of standard titles.
const WORDS: &[(&str, u8)] = &[
    ("syarat", 0),
    ("prosedur", 1),
    ("mekanisme", 1),
    ("alur", 1),
    ("tata cara", 1),
    ("langkah", 1),
    ("waktu", 2),
    ("durasi", 2),
    ("lama", 2),
    ("biaya", 3),
    ("tarif", 3),
    ("retribusi", 3),
    ("produk", 4),
    ("hasil pelayanan", 4),
    ("hasil layanan", 4),
    ("output", 4),
    ("pengaduan", 5),
    ("keluhan", 5),
    ("masukan", 5),
    ("dasar hukum", 6),
    ("sarana", 7),
    ("kompetensi", 8),
    ("pengawasan", 9),
    ("jumlah pelaksana", 10),
    ("jumlah petugas", 10),
    ("jaminan pelayanan", 11),
    ("jaminan layanan", 11),
    ("jaminan keamanan", 12),
    ("evaluasi", 13),
    ("standar pelayanan", TITLE),
    ("standart pelayanan", TITLE),
    ("standar layanan", TITLE),
    ("panduan pelayanan", TITLE),
    ("panduan layanan", TITLE),
];

/// The mark of a title word.
const TITLE: u8 = u8::MAX;

static AUTOMATON: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostFirst)
        .build(WORDS.iter().map(|(word, _)| word))
        .expect("gate words build an automaton")
});

/// Whether `doc` names enough components outside its chrome, or has a standard's title in
/// a heading.
pub(super) fn may_hold_standard(doc: &Html) -> bool {
    let mut seen: u32 = 0;
    let mut titled = false;
    // (node, inside a heading)
    let mut stack: Vec<(NodeRef<'_, Node>, bool)> = vec![(*doc.root_element(), false)];
    while let Some((node, in_heading)) = stack.pop() {
        match node.value() {
            Node::Text(text) if text.len() > 3 => {
                for found in AUTOMATON.find_iter(&**text) {
                    match WORDS[found.pattern().as_usize()].1 {
                        TITLE => titled |= in_heading,
                        component => seen |= 1 << component,
                    }
                }
                if titled || seen.count_ones() as usize >= super::MIN_COMPONENTS {
                    return true;
                }
            }
            Node::Element(e) => {
                let Some(el) = ElementRef::wrap(node) else {
                    continue;
                };
                if SKIP.contains(&e.name()) || is_chrome(el) {
                    continue;
                }
                let heading = in_heading || HEADINGS.contains(&e.name()) || is_title_class(el);
                stack.extend(node.children().map(|child| (child, heading)));
            }
            _ => {}
        }
    }
    false
}
