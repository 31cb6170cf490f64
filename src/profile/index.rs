//! Which element rules can apply to an element: looked up by its tag (and its classes, for
//! selectors like `.entry-title`), then by whether their text regex can match its text. Most
//! elements of a page (news paragraphs, menu items) match none of the rules: one Aho-Corasick
//! pass for the words the rules' regexes cannot match without (see [`super::literals`]) rules
//! most of them out, then a regex test, and only then the CSS selector, the dearest test. Link
//! rules get the same word test on the attribute value they read.

use std::sync::Arc;

use aho_corasick::{AhoCorasick, MatchKind};
use rustc_hash::FxHashMap;

use super::Rule;
use super::literals::required_words;

/// How many of a bucket's text rules [`Bucket::passing`] keeps one bit for.
const MASKED: usize = u128::BITS as usize;

/// The element rules of a profile (rules with `select`), indexed by the tag or class they can
/// select.
#[derive(Clone, Debug, Default)]
pub struct ElementIndex {
    by_tag: FxHashMap<String, Bucket>,
    /// For tags no selector names: the rules whose selector can select any tag.
    other: Bucket,
    /// Rules with a selector part that selects any tag by a class (`.entry-title`), by that
    /// class, lower-case: only elements with the class are tested against them.
    by_class: Vec<(String, Vec<usize>)>,
    /// The words of the rules whose `text` reads an attribute.
    attr_words: AttrWords,
}

/// The words every match of a rule reading an attribute contains, of all such rules in one
/// automaton: an attribute value is scanned once for every link rule.
#[derive(Clone, Debug, Default)]
struct AttrWords {
    automaton: Option<AhoCorasick>,
    /// For each word, the rule (by index) it is a word of.
    word_rule: Vec<usize>,
    /// By rule index: whether the rule has such words (those without are not tested this way).
    worded: Vec<bool>,
}

/// The element rules that can select elements of one tag, as indices into the profile's rules.
#[derive(Clone, Debug, Default)]
pub struct Bucket {
    /// Rules tested on every such element: they read an attribute, have no `text`, or
    /// select any tag.
    always: Vec<usize>,
    /// Rules whose `text` reads the element's own text, in rule order. The rules themselves
    /// are shared, not their regexes cloned: a clone would keep its own matching caches.
    on_text: Vec<(usize, Arc<Rule>)>,
    /// The words of the `on_text` rules that have some ...
    words: Option<AhoCorasick>,
    /// ... and for each word, the position in `on_text` of its rule.
    word_rule: Vec<usize>,
    /// Positions in `on_text` of rules without such words: their regex always runs.
    unworded: Vec<usize>,
}

impl ElementIndex {
    /// Indexes `rules` (the profile's rules, in order).
    pub fn new(rules: &[Arc<Rule>]) -> ElementIndex {
        let mut tagged: Vec<(usize, Subjects)> = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            if let Some((source, _)) = &rule.select {
                tagged.push((i, subjects(source)));
            }
        }
        let mut tags: Vec<&String> = tagged.iter().flat_map(|(_, s)| &s.tags).collect();
        tags.sort();
        tags.dedup();
        // A rule with a part that can select anything is tested on every element, first by
        // its selector (the text of every `div` and `body` is long to compute).
        let bucket_for = |tag: Option<&str>| {
            let members = tagged
                .iter()
                .filter(|(_, s)| s.any || tag.is_some_and(|tag| s.tags.iter().any(|t| t == tag)));
            Bucket::new(rules, members.map(|(i, s)| (*i, !s.any)))
        };
        let mut by_class: Vec<(String, Vec<usize>)> = Vec::new();
        for (i, s) in tagged.iter().filter(|(_, s)| !s.any) {
            for class in &s.classes {
                match by_class.iter_mut().find(|(c, _)| c == class) {
                    Some((_, members)) => members.push(*i),
                    None => by_class.push((class.clone(), vec![*i])),
                }
            }
        }
        ElementIndex {
            attr_words: AttrWords::new(rules),
            by_tag: tags
                .iter()
                .map(|tag| (tag.to_string(), bucket_for(Some(tag))))
                .collect(),
            other: bucket_for(None),
            by_class,
        }
    }

    /// The rules that may select an element named `tag` with these classes, in rule order,
    /// into `out`, of those `live` (by rule index); `text` gives the element's normalised own
    /// text, asked only when a live rule reads it. Rules whose `text` regex cannot match that
    /// text are left out; a rule listed still has its selector (and regex, when selected by
    /// class) to pass.
    pub fn candidates<'c, S: AsRef<str>>(
        &self,
        tag: &str,
        classes: impl Iterator<Item = &'c str>,
        text: impl FnOnce() -> S,
        live: &[bool],
        out: &mut Vec<usize>,
    ) {
        out.clear();
        let bucket = self.by_tag.get(tag).unwrap_or(&self.other);
        out.extend(bucket.always.iter().filter(|&&i| live[i]));
        if bucket.on_text.iter().any(|(i, _)| live[*i]) {
            bucket.passing(text().as_ref(), live, out);
        }
        let before = out.len();
        if !self.by_class.is_empty() {
            for class in classes {
                for (key, members) in &self.by_class {
                    if key.eq_ignore_ascii_case(class) {
                        out.extend(members.iter().filter(|&&i| live[i]));
                    }
                }
            }
        }
        if out.len() > before || !bucket.always.is_empty() {
            out.sort_unstable();
            out.dedup();
        }
    }

    /// Whether rule `i` reads an attribute and has words one of which every match contains:
    /// an attribute value (as rules see it) with none of them cannot match, so a link is
    /// tested this way (see [`Self::attr_hits`]) before any selector or regex runs.
    pub fn attr_worded(&self, i: usize) -> bool {
        self.attr_words.worded.get(i).copied().unwrap_or(false)
    }

    /// Sets `hits[i]` (by rule index) for each rule reading an attribute with one of its words
    /// in `value`, in one pass over it; every other entry is false.
    pub fn attr_hits(&self, value: &str, hits: &mut Vec<bool>) {
        let words = &self.attr_words;
        hits.clear();
        hits.resize(words.worded.len(), false);
        if let Some(automaton) = &words.automaton {
            for hit in automaton.find_overlapping_iter(value) {
                hits[words.word_rule[hit.pattern().as_usize()]] = true;
            }
        }
    }
}

impl AttrWords {
    fn new(rules: &[Arc<Rule>]) -> AttrWords {
        let mut words = AttrWords {
            worded: vec![false; rules.len()],
            ..AttrWords::default()
        };
        let mut all = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            let text = rule.text.as_ref().filter(|_| rule.attr.is_some());
            if let Some(found) = text.and_then(|re| required_words(re.as_str())) {
                words.worded[i] = true;
                words.word_rule.extend(std::iter::repeat_n(i, found.len()));
                all.extend(found);
            }
        }
        match words_automaton(&all) {
            Some(automaton) if !all.is_empty() => words.automaton = Some(automaton),
            // Without the automaton no rule is tested this way: slower, never wrong.
            _ => words.worded.fill(false),
        }
        words
    }
}

/// An automaton finding any of `words`, ASCII case folded; `None` if it cannot be built.
fn words_automaton(words: &[String]) -> Option<AhoCorasick> {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .build(words)
        .ok()
}

impl Bucket {
    /// A bucket of `members`: rule indices, each with whether its selector names the tag.
    fn new(rules: &[Arc<Rule>], members: impl Iterator<Item = (usize, bool)>) -> Bucket {
        let mut bucket = Bucket::default();
        for (i, named) in members {
            let rule = &rules[i];
            match (&rule.text, &rule.attr) {
                (Some(_), None) if named => bucket.on_text.push((i, Arc::clone(rule))),
                _ => bucket.always.push(i),
            }
        }
        let mut words = Vec::new();
        for (k, (_, rule)) in bucket.on_text.iter().enumerate() {
            match rule
                .text
                .as_ref()
                .and_then(|re| required_words(re.as_str()))
            {
                Some(found) => {
                    bucket.word_rule.extend(std::iter::repeat_n(k, found.len()));
                    words.extend(found);
                }
                None => bucket.unworded.push(k),
            }
        }
        match words_automaton(&words) {
            Some(automaton) if !words.is_empty() => bucket.words = Some(automaton),
            // Without the automaton every regex runs: slower, never wrong.
            _ => bucket.unworded = (0..bucket.on_text.len()).collect(),
        }
        bucket
    }

    /// Pushes the `live` rules whose `text` regex matches `text`, in rule order.
    fn passing(&self, text: &str, live: &[bool], out: &mut Vec<usize>) {
        // One bit per position in `on_text`; positions past the last bit always run.
        let mut maybe: u128 = 0;
        let mut mark = |k: usize| {
            if k < MASKED {
                maybe |= 1 << k;
            }
        };
        self.unworded.iter().for_each(|&k| mark(k));
        if let Some(words) = &self.words {
            for hit in words.find_overlapping_iter(text) {
                mark(self.word_rule[hit.pattern().as_usize()]);
            }
        }
        for (k, (i, rule)) in self.on_text.iter().enumerate() {
            let possible = k >= MASKED || maybe & (1 << k) != 0;
            if possible && live[*i] && rule.text.as_ref().is_some_and(|re| re.is_match(text)) {
                out.push(*i);
            }
        }
    }
}

/// What the parts of a selector list can select, by the last compound of each part.
#[derive(Debug, Default, PartialEq)]
struct Subjects {
    /// Type selectors (`tr`, `main img`), lower-case.
    tags: Vec<String>,
    /// Classes of parts without a type selector (`.entry-title`), lower-case.
    classes: Vec<String>,
    /// Whether some part has neither (`*`, `[href]`, `#id`): it can select anything.
    any: bool,
}

fn subjects(source: &str) -> Subjects {
    let mut parts = vec![String::new()];
    let mut depth = 0i32;
    for c in source.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(String::new());
                continue;
            }
            _ => {}
        }
        if let Some(part) = parts.last_mut() {
            part.push(c);
        }
    }
    let mut subjects = Subjects::default();
    for part in &parts {
        // The last compound: after the last combinator or space outside brackets.
        let mut depth = 0i32;
        let mut start = 0;
        for (i, c) in part.trim().char_indices() {
            match c {
                '(' | '[' => depth += 1,
                ')' | ']' => depth -= 1,
                ' ' | '>' | '+' | '~' if depth == 0 => start = i + 1,
                _ => {}
            }
        }
        let compound = &part.trim()[start..];
        if let Some(tag) = ident(compound).filter(|t| t.starts_with(|c: char| c.is_alphabetic())) {
            subjects.tags.push(tag);
        } else if let Some(class) = compound.strip_prefix('.').and_then(ident) {
            subjects.classes.push(class);
        } else {
            subjects.any = true;
        }
    }
    subjects
}

/// The plain name at the start of `s`, lower-case, when it ends where a compound selector
/// can go on (`h1.x`, `x[y]`, `x:has(…)`, `x#y`); `None` for escaped or non-ASCII names, whose
/// end cannot be told this simply.
fn ident(s: &str) -> Option<String> {
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(s.len());
    let ends_well = s[end..].chars().next().is_none_or(|c| ".[:#".contains(c));
    (end > 0 && ends_well).then(|| s[..end].to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::Profile;

    #[test]
    fn selectors_are_indexed_by_the_tag_or_class_they_select() {
        let cases: [(&str, &[&str], &[&str], bool); 9] = [
            ("tr, p, li, dd", &["tr", "p", "li", "dd"], &[], false),
            (
                "main img, [class*=content] img",
                &["img", "img"],
                &[],
                false,
            ),
            ("form:has(textarea)", &["form"], &[], false),
            ("table > tbody > tr", &["tr"], &[], false),
            ("h1, .Entry-Title", &["h1"], &["entry-title"], false),
            ("div .post-title:first-child", &[], &["post-title"], false),
            ("a[href*=\"lapor, go\"]", &["a"], &[], false),
            ("h2, [role=heading]", &["h2"], &[], true),
            (".judul\\:utama, #konten", &[], &[], true),
        ];
        for (source, tags, classes, any) in cases {
            let want = Subjects {
                tags: tags.iter().map(|t| t.to_string()).collect(),
                classes: classes.iter().map(|c| c.to_string()).collect(),
                any,
            };
            assert_eq!(subjects(source), want, "{source}");
        }
    }

    /// A test profile's rules, shared as the profile shares them, and their index.
    fn indexed(profile: &Profile) -> (Vec<Arc<Rule>>, ElementIndex) {
        let rules: Vec<Arc<Rule>> = profile.rules().cloned().map(Arc::new).collect();
        let index = ElementIndex::new(&rules);
        (rules, index)
    }

    #[test]
    fn only_rules_whose_text_can_match_are_candidates() {
        let (rules, index) = indexed(&Profile::from_test_rules(
            r#"
[[rule]]
id = "fee"
criterion = "fees"
select = "p, li"
text = '(?i)\bbiaya\b'
[[rule]]
id = "title"
criterion = "service_standard"
select = ".entry-title"
text = '(?i)standar'
[[rule]]
id = "lapor"
criterion = "complaint_channels"
select = "a[href]"
attr = "href"
text = 'lapor\.go\.id'
[[rule]]
id = "time"
criterion = "timelines"
select = "li"
text = '(?i)\bhari\b'
[[rule]]
id = "role"
criterion = "service_standard"
select = "h2, [role=heading]"
text = '(?i)standar'
"#,
        ));
        let all = vec![true; rules.len()];
        let candidates = |tag: &str, classes: &[&str], text: Option<&str>, live: &[bool]| {
            let mut out = Vec::new();
            let text = || text.expect("the text is asked only when a live rule reads it");
            index.candidates(tag, classes.iter().copied(), text, live, &mut out);
            out.into_iter().map(|i| rules[i].id()).collect::<Vec<_>>()
        };
        let names =
            |tag: &str, classes: &[&str], text: Option<&str>| candidates(tag, classes, text, &all);
        assert_eq!(
            names("li", &[], Some("biaya 5 hari")),
            ["fee", "time", "role"]
        );
        assert_eq!(names("li", &[], Some("berita terbaru")), ["role"]);
        // "title" selects by class: elements with the class are tested, whatever the text.
        assert_eq!(
            names("li", &["x", "ENTRY-TITLE"], Some("berita terbaru")),
            ["title", "role"]
        );
        assert_eq!(names("div", &["entry-title"], None), ["title", "role"]);
        // An attribute rule is always a candidate: its regex reads the href, not the text.
        assert_eq!(names("a", &[], Some("beranda")), ["lapor", "role"]);
        // A tag no selector names gets the rules that can select anything, without its text.
        assert_eq!(names("div", &[], None), ["role"]);
        // Rules out for the page are never candidates, and their text is not asked for.
        let live: Vec<bool> = rules.iter().map(|r| r.id() == "time").collect();
        let text = Some("biaya 5 hari");
        assert_eq!(candidates("li", &["entry-title"], text, &live), ["time"]);
        let live: Vec<bool> = rules.iter().map(|r| r.id() == "lapor").collect();
        assert_eq!(candidates("li", &[], None, &live), Vec::<&str>::new());
    }

    #[test]
    fn one_pass_over_an_attribute_finds_the_rules_whose_words_it_holds() {
        let (rules, index) = indexed(&Profile::from_test_rules(
            r#"
[[rule]]
id = "lapor"
criterion = "complaint_channels"
select = "a[href]"
attr = "href"
text = 'lapor\.go\.id'
[[rule]]
id = "fee"
criterion = "fees"
select = "p"
text = '(?i)\bbiaya\b'
[[rule]]
id = "wa"
criterion = "complaint_channels"
select = "a[href]"
attr = "href"
text = '(?i)wa\.me|api\.whatsapp\.com'
[[rule]]
id = "number"
criterion = "complaint_channels"
select = "a[href]"
attr = "href"
text = '\d{5}'
"#,
        ));
        let worded: Vec<&str> = (0..rules.len())
            .filter(|&i| index.attr_worded(i))
            .map(|i| rules[i].id())
            .collect();
        // "fee" reads text, not an attribute; "number" has no word every match holds.
        assert_eq!(worded, ["lapor", "wa"]);
        let mut hits = vec![true; 9];
        let mut hit = |value: &str| {
            index.attr_hits(value, &mut hits);
            assert_eq!(hits.len(), rules.len());
            (0..rules.len())
                .filter(|&i| hits[i])
                .map(|i| rules[i].id())
                .collect::<Vec<_>>()
        };
        assert_eq!(hit("https://www.LAPOR.go.id/"), ["lapor"]);
        assert_eq!(hit("https://API.whatsapp.com/send?phone=62"), ["wa"]);
        assert_eq!(hit("https://wa.me/62?text=lapor.go.id"), ["lapor", "wa"]);
        assert_eq!(hit("https://www.contohkab.go.id/biaya"), Vec::<&str>::new());
    }
}
