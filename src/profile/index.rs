//! Which element rules can apply to an element: looked up by its tag, then by whether their
//! text regex can match its text. Most elements of a page (news paragraphs, menu items) match
//! none of the rules: one Aho-Corasick pass for the words the rules' regexes cannot match
//! without (see [`super::literals`]) rules most of them out, then a regex test, and only then
//! the CSS selector, the dearest test.

use std::collections::HashMap;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, MatchKind};

use super::Rule;
use super::literals::required_words;

/// The element rules of a profile (rules with `select`), indexed by the tag they can select.
#[derive(Clone, Debug, Default)]
pub struct ElementIndex {
    by_tag: HashMap<String, Bucket>,
    /// For tags no selector names: the rules whose selector can select any tag.
    other: Bucket,
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
        let mut tagged: Vec<(usize, Option<Vec<String>>)> = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            if let Some((source, _)) = &rule.select {
                tagged.push((i, subject_tags(source)));
            }
        }
        let mut tags: Vec<&String> = tagged
            .iter()
            .filter_map(|(_, t)| t.as_ref())
            .flatten()
            .collect();
        tags.sort();
        tags.dedup();
        let bucket_for = |tag: Option<&str>| {
            let members = tagged.iter().filter(|(_, tags)| match (tags, tag) {
                (None, _) => true,
                (Some(tags), Some(tag)) => tags.iter().any(|t| t == tag),
                (Some(_), None) => false,
            });
            Bucket::new(rules, members.map(|(i, tags)| (*i, tags.is_some())))
        };
        ElementIndex {
            by_tag: tags
                .iter()
                .map(|tag| (tag.to_string(), bucket_for(Some(tag))))
                .collect(),
            other: bucket_for(None),
        }
    }

    /// The rules that can select an element named `tag`.
    pub fn bucket(&self, tag: &str) -> &Bucket {
        self.by_tag.get(tag).unwrap_or(&self.other)
    }
}

impl Bucket {
    /// A bucket of `members`: rule indices, each with whether its selector names the tag.
    fn new(rules: &[Arc<Rule>], members: impl Iterator<Item = (usize, bool)>) -> Bucket {
        let mut bucket = Bucket::default();
        for (i, named) in members {
            let rule = &rules[i];
            match (&rule.text, &rule.attr) {
                (Some(_), None) if named => bucket.on_text.push((i, Arc::clone(rule))),
                // A selector of any tag (`.entry-title`) is tested first: a class is quickly
                // checked, while the text of every `div` and `body` is long to compute.
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
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&words);
        match automaton {
            Ok(automaton) if !words.is_empty() => bucket.words = Some(automaton),
            // Without the automaton every regex runs: slower, never wrong.
            _ => bucket.unworded = (0..bucket.on_text.len()).collect(),
        }
        bucket
    }

    /// Whether some rule here reads the element's text (so the caller should compute it).
    pub fn reads_text(&self) -> bool {
        !self.on_text.is_empty()
    }

    /// Whether no rule can select such an element.
    pub fn is_empty(&self) -> bool {
        self.always.is_empty() && self.on_text.is_empty()
    }

    /// The rules that may match an element whose normalised own text is `text` (`None`: not
    /// computed, when [`Bucket::reads_text`] is false), in rule order. Rules whose `text` regex
    /// cannot match it are left out; a rule listed still has its selector and regex to pass.
    pub fn candidates(&self, text: Option<&str>) -> Vec<usize> {
        let mut out = self.always.clone();
        let Some(text) = text else {
            return out;
        };
        let mut maybe = vec![false; self.on_text.len()];
        for &k in &self.unworded {
            maybe[k] = true;
        }
        if let Some(words) = &self.words {
            for hit in words.find_overlapping_iter(text) {
                maybe[self.word_rule[hit.pattern().as_usize()]] = true;
            }
        }
        let hits = self
            .on_text
            .iter()
            .zip(maybe)
            .filter(|&((_, rule), maybe)| {
                maybe && rule.text.as_ref().is_some_and(|re| re.is_match(text))
            });
        out.extend(hits.map(|((i, _), _)| *i));
        out.sort_unstable();
        out
    }
}

/// The tag names a selector list can select (the type selector of each part's last compound),
/// or `None` when some part selects any tag (`.entry-title`, `*`, `[href]`).
fn subject_tags(source: &str) -> Option<Vec<String>> {
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
    let mut tags = Vec::new();
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
        let tag: String = compound
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        if tag.is_empty() || !tag.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return None;
        }
        tags.push(tag.to_ascii_lowercase());
    }
    Some(tags)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::Profile;

    #[test]
    fn selectors_are_indexed_by_the_tag_they_select() {
        let cases: [(&str, Option<&[&str]>); 6] = [
            ("tr, p, li, dd", Some(&["tr", "p", "li", "dd"])),
            ("main img, [class*=content] img", Some(&["img", "img"])),
            ("form:has(textarea)", Some(&["form"])),
            ("table > tbody > tr", Some(&["tr"])),
            ("h1, .entry-title", None),
            ("a[href*=\"lapor, go\"]", Some(&["a"])),
        ];
        for (source, want) in cases {
            let want = want.map(|tags| tags.iter().map(|t| t.to_string()).collect::<Vec<_>>());
            assert_eq!(subject_tags(source), want, "{source}");
        }
    }

    #[test]
    fn only_rules_whose_text_can_match_are_candidates() {
        let profile = Profile::from_test_rules(
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
"#,
        );
        let rules: Vec<Arc<Rule>> = profile.rules().cloned().map(Arc::new).collect();
        let index = ElementIndex::new(&rules);
        let id = |i: usize| rules[i].id();
        let names = |v: Vec<usize>| v.into_iter().map(id).collect::<Vec<_>>();
        let li = index.bucket("li");
        assert!(li.reads_text());
        // "title" selects by class, any tag: its selector is tested, whatever the text.
        assert_eq!(
            names(li.candidates(Some("biaya 5 hari"))),
            ["fee", "title", "time"]
        );
        assert_eq!(names(li.candidates(Some("berita terbaru"))), ["title"]);
        // An attribute rule is always a candidate: its regex reads the href, not the text.
        let a = index.bucket("a");
        assert_eq!(names(a.candidates(Some("beranda"))), ["title", "lapor"]);
        // A tag no selector names gets the rules that select any tag, without its text.
        let div = index.bucket("div");
        assert!(!div.reads_text());
        assert_eq!(names(div.candidates(None)), ["title"]);
        assert!(!index.bucket("h1").is_empty());
    }
}
