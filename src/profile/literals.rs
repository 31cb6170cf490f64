//! Words a regex cannot match without: for `(?i)\b(biaya|tarif)\s+pelayanan\b` every match
//! contains "biaya", "tarif" or "pelayanan" — any one of those sets will do, and the longest
//! words make the best filter. A text containing none of a rule's words cannot match it, which
//! one Aho-Corasick pass over the text tells for every rule at once.

use regex_syntax::hir::{Class, Hir, HirKind};

/// A set of lower-case words, one of which every match of `pattern` contains; `None` when
/// there is no such set (`\d+`, `\S`, an optional part, a pattern that does not parse).
///
/// Case-insensitive letters count as ASCII letters. That holds for normalised text (NFKC turns
/// the Kelvin sign and the long s, the only other case variants of ASCII letters, into `K`
/// and `s`), which is the only text the words are used on.
pub fn required_words(pattern: &str) -> Option<Vec<String>> {
    let hir = regex_syntax::parse(pattern).ok()?;
    let words = required(&hir)?;
    let words: Vec<String> = words.into_iter().filter(|w| !w.is_empty()).collect();
    // A set with a one-letter word filters nothing worth its cost.
    (!words.is_empty() && words.iter().all(|w| w.len() >= 2)).then_some(words)
}

fn required(hir: &Hir) -> Option<Vec<String>> {
    match hir.kind() {
        // Only ASCII is lower-cased: the filter folds ASCII case only, so "É" must stay "É".
        HirKind::Literal(literal) => Some(vec![
            String::from_utf8(literal.0.to_vec())
                .ok()?
                .to_ascii_lowercase(),
        ]),
        HirKind::Class(class) => letter(class).map(|c| vec![c.to_string()]),
        HirKind::Capture(capture) => required(&capture.sub),
        HirKind::Repetition(repetition) if repetition.min >= 1 => required(&repetition.sub),
        HirKind::Alternation(branches) => {
            let mut words = Vec::new();
            for branch in branches {
                words.extend(required(branch)?);
            }
            words.sort();
            words.dedup();
            Some(words)
        }
        HirKind::Concat(parts) => best_of_concat(parts),
        _ => None,
    }
}

/// The best word set of a sequence: a run of single-word parts spells one longer word
/// ("b","i","a","y","a" → "biaya"); otherwise the set of some part on its own.
fn best_of_concat(parts: &[Hir]) -> Option<Vec<String>> {
    let mut candidates: Vec<Vec<String>> = Vec::new();
    let mut run = String::new();
    for part in parts {
        match required(part) {
            Some(words) if words.len() == 1 && is_whole(part) => run.push_str(&words[0]),
            other => {
                if !run.is_empty() {
                    candidates.push(vec![std::mem::take(&mut run)]);
                }
                if let Some(words) = other {
                    candidates.push(words);
                }
            }
        }
    }
    if !run.is_empty() {
        candidates.push(vec![run]);
    }
    // The longest shortest word filters best; of equals, the set with fewer words.
    candidates.into_iter().max_by_key(|words| {
        let shortest = words.iter().map(String::len).min().unwrap_or(0);
        (shortest, std::cmp::Reverse(words.len()))
    })
}

/// Whether a part matches exactly its word, no more (so it can be glued to its neighbours).
fn is_whole(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Literal(_) | HirKind::Class(_) => true,
        HirKind::Capture(capture) => is_whole(&capture.sub),
        HirKind::Concat(parts) => parts.iter().all(is_whole),
        _ => false,
    }
}

/// The ASCII letter a class stands for, if it is one letter in its cases (`[bB]`, or `[kK\u{212A}]`
/// from `(?i)k`).
fn letter(class: &Class) -> Option<char> {
    let mut chars = Vec::new();
    match class {
        Class::Unicode(class) => {
            for range in class.ranges() {
                if u32::from(range.end()) - u32::from(range.start()) > 3 {
                    return None;
                }
                chars.extend(range.start()..=range.end());
            }
        }
        Class::Bytes(class) => {
            for range in class.ranges() {
                if range.end() - range.start() > 3 {
                    return None;
                }
                chars.extend((range.start()..=range.end()).map(char::from));
            }
        }
    }
    let ascii: Vec<char> = chars.iter().filter(|c| c.is_ascii()).copied().collect();
    let first = ascii.first()?.to_ascii_lowercase();
    let same = ascii.iter().all(|c| c.to_ascii_lowercase() == first);
    // The only non-ASCII case variants of ASCII letters: Kelvin sign and long s.
    let others_fold = chars
        .iter()
        .filter(|c| !c.is_ascii())
        .all(|c| matches!((c, first), ('\u{212A}', 'k') | ('\u{17F}', 's')));
    (first.is_ascii_alphanumeric() && same && others_fold).then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(pattern: &str) -> Option<Vec<String>> {
        required_words(pattern)
    }

    fn set(words: &[&str]) -> Option<Vec<String>> {
        Some(words.iter().map(|w| w.to_string()).collect())
    }

    #[test]
    fn words_every_match_contains() {
        assert_eq!(words(r"(?i)\bbiaya\b"), set(&["biaya"]));
        assert_eq!(
            words(r"(?i)\b(biaya|tarif)\s+pelayanan\b"),
            set(&["pelayanan"])
        );
        assert_eq!(
            words(r"(?i)\bstandar\s+(pelayanan|layanan)\b"),
            set(&["standar"])
        );
        assert_eq!(words(r"(?i)kotak\s+(saran|pengaduan)"), set(&["kotak"]));
        assert_eq!(words(r"(?i)sp4n|lapor!"), set(&["lapor!", "sp4n"]));
        assert_eq!(words(r"Rp\.?\s*\d"), set(&["rp"]));
        assert_eq!(words(r"(?i)(jangka\s+)?waktu"), set(&["waktu"]));
        assert_eq!(words("Édisi"), set(&["Édisi"]));
    }

    #[test]
    fn no_words_when_a_match_needs_none() {
        assert_eq!(words(r"\S"), None);
        assert_eq!(words(r"(?i)\d+\s*hari|gratis|\bno\b|x"), None);
        assert_eq!(words(r"(?i)(biaya)?\s*\d+"), None);
        assert_eq!(words(r"(?i)(biaya|\d)"), None);
        assert_eq!(words(r"(unclosed"), None);
    }

    /// The filter must never hide a match: whenever a default rule's regex matches the text of
    /// an element of a fixture page, that text contains one of the rule's words (compared as
    /// lower-case ASCII, as the filter does).
    #[test]
    fn every_match_in_the_fixtures_contains_a_word() {
        let profile = crate::profile::Profile::default_profile();
        let worded: Vec<_> = profile
            .rules()
            .filter_map(|rule| {
                let re = rule.text.as_ref()?;
                Some((rule.id(), re, required_words(re.as_str())?))
            })
            .collect();
        assert!(worded.len() > 20, "most default rules have words");
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/web");
        let mut pages = vec![root];
        let base = url::Url::parse("https://www.contohkab.go.id/").unwrap();
        let (mut texts, mut matches) = (0, 0);
        while let Some(path) = pages.pop() {
            if path.is_dir() {
                pages.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            if path.extension().is_none_or(|e| e != "html") {
                continue;
            }
            let html = crate::document::parse_html(&std::fs::read(&path).unwrap(), None);
            for el in html.root_element().descendent_elements() {
                let text = crate::detect::normalise_text(&el.text().collect::<Vec<_>>().join(" "));
                // Attribute values too, as link rules see them: URLs resolved.
                let values = el.value().attrs().map(|(_, v)| match base.join(v.trim()) {
                    Ok(url) => url.to_string(),
                    Err(_) => v.to_string(),
                });
                for text in std::iter::once(text).chain(values) {
                    let lower = text.to_ascii_lowercase();
                    texts += 1;
                    for (id, re, words) in &worded {
                        if re.is_match(&text) {
                            matches += 1;
                            assert!(
                                words.iter().any(|w| lower.contains(w.as_str())),
                                "{id} matches {text:?} in {} but none of {words:?} is in it",
                                path.display()
                            );
                        }
                    }
                }
            }
        }
        assert!(
            texts > 20_000 && matches > 2_000,
            "{texts} texts, {matches} matches"
        );
    }
}
