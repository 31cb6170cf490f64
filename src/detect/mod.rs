//! Detection: a profile's rules applied to one document, giving evidence per criterion.
//! Pure functions, no I/O; an HTML page is judged while it is parsed and then dropped.

mod dom;
mod links;
mod normalise;
mod reader;
pub mod verdict;

use std::collections::HashSet;
use std::ops::Range;
use std::rc::Rc;

use scraper::{ElementRef, Html};
use serde::{Deserialize, Serialize};
use url::Url;

use crate::filetype::{self, Kind};
pub use crate::profile::{Criterion, Strength};
use crate::profile::{Profile, Rule, Source};
pub use links::link_relevance;
pub use normalise::normalise_text;

use dom::Page;

/// At most this many findings per rule per document: a matrix of 200 services needs a few
/// quotes, not 200.
const MAX_PER_RULE: usize = 10;
/// Quotes are cut to about this many characters around the match.
const QUOTE_MAX: usize = 300;
/// How much text before the match a cut quote keeps (the label before a value).
const QUOTE_BEFORE: usize = 80;

/// One piece of evidence found in a document.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Finding {
    /// What it is evidence for.
    pub criterion: Criterion,
    /// Id of the rule that matched.
    pub rule: String,
    /// The rule's CSS selector; `None` for whole-document rules.
    pub selector: Option<String>,
    /// Normalised text around the match, at most about 300 characters; for links and images
    /// it ends with the URL in parentheses, so numbers and addresses can be checked.
    pub quote: String,
    /// How much the finding proves on its own.
    pub strength: Strength,
    /// Whether the evidence is text, a link or an image.
    pub kind: FindingKind,
}

/// What kind of content the evidence is.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FindingKind {
    /// Readable text.
    Text,
    /// An image (a poster): its content cannot be read, only its name, alt text and place.
    Image {
        /// Absolute URL of the image.
        src: String,
    },
    /// A link, an embedded frame or object.
    Link {
        /// Absolute URL it points to.
        href: String,
    },
}

/// Applies the profile's rules to an HTML page. Rules with `select` look at the selected
/// elements; the others at the text of the page body. Findings are deduplicated per
/// (criterion, rule, quote), a weak finding is dropped when a strong one of the same
/// criterion quotes it already, and the order is criteria, strong first, then rule order
/// and document order.
pub fn judge_html(profile: &Profile, page_url: &Url, doc: &Html) -> Vec<Finding> {
    // Links and images are cited as the crawler follows them: against `<base href>`.
    let base = crate::document::base_url(doc, page_url);
    let mut page = Page::new(doc, &base);
    let mut found = Findings::default();
    let rules: Vec<&Rule> = profile.rules().collect();
    let mut applies: Vec<bool> = rules
        .iter()
        .map(|rule| {
            !matches!(rule.source(), Source::Text | Source::Reader)
                && rule.applies_to_path(page_url.path())
        })
        .collect();
    // An element's context strings are among the page's: a rule whose `context` none of the
    // page's matches is out for the whole page, before any of its text regexes runs. (Rules
    // with `attr` also take the element's own text, alt and title as context.)
    let gated = |rule: &&Rule| rule.context.is_some() && rule.attr.is_none();
    if rules.iter().any(gated) {
        let contexts = page.all_contexts();
        for (rule, applies) in rules.iter().zip(applies.iter_mut()) {
            if let (true, true, Some(wanted)) = (*applies, gated(rule), &rule.context) {
                *applies = contexts.iter().any(|c| wanted.is_match(c));
            }
        }
    }
    let mut counts = vec![0usize; rules.len()];
    let mut candidates = Vec::new();
    let mut hits = Vec::new();
    let index = profile.element_index();
    // One walk over the document; each element is tested only against the rules that can
    // select its tag or class and whose text regex matches its text (see `profile::index`).
    for node in doc.tree.nodes() {
        let Some(el) = ElementRef::wrap(node) else {
            continue;
        };
        if el.parent().is_none() {
            continue;
        }
        let value = el.value();
        let text = || page.text(el);
        index.candidates(
            value.name(),
            value.classes(),
            text,
            &applies,
            &mut candidates,
        );
        // Which rules' words the value of attribute `hits_of` of this element holds.
        let mut hits_of: Option<&String> = None;
        for &i in &candidates {
            let rule = rules[i];
            let Some((_, selector)) = &rule.select else {
                continue;
            };
            if counts[i] >= MAX_PER_RULE {
                continue;
            }
            if let Some(name) = &rule.attr
                && index.attr_worded(i)
            {
                if hits_of != Some(name) {
                    match page.attr(el, name) {
                        Some(value) => index.attr_hits(&value, &mut hits),
                        None => hits.clear(),
                    }
                    hits_of = Some(name);
                }
                if !hits.get(i).copied().unwrap_or(false) {
                    continue;
                }
            }
            if !selector.matches(&el) {
                continue;
            }
            if let Some(finding) = judge_element(rule, el, &mut page)
                && found.push(finding)
            {
                counts[i] += 1;
            }
        }
    }
    for (rule, _) in rules.iter().zip(&applies).filter(|(_, applies)| **applies) {
        if rule.select.is_none() {
            let body = page.body_text();
            judge_whole(rule, &body, &mut found);
        }
    }
    let readers = reader_rules(profile, page_url);
    if !readers.is_empty() {
        for (finding, _) in reader_findings(&readers, reader::readings(doc)) {
            found.push(finding);
        }
    }
    found.finish()
}

/// Judges a plain-text document (the pages of a PDF, the text of an office document): the
/// whole-document rules page by page, and the standard reader over the whole document, so a
/// standard that runs over a page break is read as one. Findings carry the page (1-based)
/// they are on; a one-part office text has no page numbers.
pub fn judge_document(
    profile: &Profile,
    doc_url: &Url,
    pages: &[String],
) -> Vec<(Finding, Option<u32>)> {
    let numbered = pages.len() > 1 || filetype::of_extension(doc_url) == Some(Kind::Pdf);
    let number = |index: usize| numbered.then(|| u32::try_from(index + 1).unwrap_or(u32::MAX));
    let mut findings = Vec::new();
    for (index, text) in pages.iter().enumerate() {
        findings.extend(
            judge_text(profile, doc_url, text)
                .into_iter()
                .map(|finding| (finding, number(index))),
        );
    }
    let readers = reader_rules(profile, doc_url);
    if !readers.is_empty() {
        let blocks = reader::text_blocks(
            pages
                .iter()
                .enumerate()
                .map(|(index, text)| (number(index), text.as_str())),
        );
        findings.extend(reader_findings(&readers, reader::read(&blocks)));
    }
    findings
}

/// The profile's reader rules that apply at `url`.
fn reader_rules<'a>(profile: &'a Profile, url: &Url) -> Vec<&'a Rule> {
    profile
        .rules()
        .filter(|r| r.source() == Source::Reader && r.applies_to_path(url.path()))
        .collect()
}

/// The reader's readings as findings of the reader rule of their criterion (none when the
/// profile has no such rule: a site disabled it), each quote once, at most [`MAX_PER_RULE`]
/// per rule.
fn reader_findings(rules: &[&Rule], readings: Vec<reader::Reading>) -> Vec<(Finding, Option<u32>)> {
    let mut counts = vec![0usize; rules.len()];
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for reading in readings {
        let Some(i) = rules
            .iter()
            .position(|r| r.criterion() == reading.criterion)
        else {
            continue;
        };
        let quote = window(&reading.quote, reading.hit);
        if counts[i] == MAX_PER_RULE || !seen.insert((i, quote.clone())) {
            continue;
        }
        counts[i] += 1;
        let rule = rules[i];
        let finding = Finding {
            criterion: rule.criterion(),
            rule: rule.id().to_string(),
            selector: None,
            quote,
            strength: rule.strength(),
            kind: FindingKind::Text,
        };
        out.push((finding, reading.page));
    }
    out
}

/// Applies the profile's rules without `select` (and not `source = "html"`) to a plain-text
/// document, such as the text of a PDF; `text` is normalised first.
pub fn judge_text(profile: &Profile, doc_url: &Url, text: &str) -> Vec<Finding> {
    let text = normalise_text(text);
    let mut found = Findings::default();
    for rule in profile.rules() {
        if rule.select.is_none()
            && matches!(rule.source(), Source::Any | Source::Text)
            && rule.applies_to_path(doc_url.path())
        {
            judge_whole(rule, &text, &mut found);
        }
    }
    found.finish()
}

fn judge_element<'a>(rule: &'a Rule, el: ElementRef<'a>, page: &mut Page<'a>) -> Option<Finding> {
    let own = page.text(el);
    let value = match &rule.attr {
        Some(name) => Some(page.attr(el, name)?),
        None => None,
    };
    let hay: &str = value.as_deref().unwrap_or(&own);
    let hit = match &rule.text {
        Some(re) => re.find(hay)?.range(),
        None => 0..0,
    };
    if rule.context.is_some() || rule.exclude.is_some() {
        let mut context = page.context(el, rule.attr.is_some());
        if let Some(v) = &value {
            context.push((Rc::clone(v), true));
        }
        if let Some(exclude) = &rule.exclude
            && (exclude.is_match(hay)
                || exclude.is_match(&own)
                || context.iter().any(|(c, veto)| *veto && exclude.is_match(c)))
        {
            return None;
        }
        if let Some(wanted) = &rule.context
            && !context.iter().any(|(c, _)| wanted.is_match(c))
        {
            return None;
        }
    }
    let kind = kind_of(el, page.base);
    let quote = match (&kind, &value) {
        (FindingKind::Text, _) => window(hay, hit),
        (FindingKind::Link { href: url } | FindingKind::Image { src: url }, _) => {
            let label = if rule.attr.is_none() && !own.is_empty() {
                window(&own, hit)
            } else {
                label_of(el, &own)
            };
            window(&format!("{label} ({url})"), 0..0)
        }
    };
    Some(Finding {
        criterion: rule.criterion(),
        rule: rule.id().to_string(),
        selector: rule.selector().map(str::to_string),
        quote,
        strength: rule.strength(),
        kind,
    })
}

fn judge_whole(rule: &Rule, text: &str, found: &mut Findings) {
    let finding = |quote: String| Finding {
        criterion: rule.criterion(),
        rule: rule.id().to_string(),
        selector: None,
        quote,
        strength: rule.strength(),
        kind: FindingKind::Text,
    };
    let Some(re) = &rule.text else {
        // A rule with only `url`: being on that page is the evidence.
        found.push(finding(window(text, 0..0)));
        return;
    };
    let mut count = 0;
    for hit in re.find_iter(text) {
        if count >= MAX_PER_RULE {
            break;
        }
        let quote = window(text, hit.range());
        if rule.exclude.as_ref().is_some_and(|ex| ex.is_match(&quote)) {
            continue;
        }
        if found.push(finding(quote)) {
            count += 1;
        }
    }
}

/// URL-valued attributes, resolved against the page before matching.
const URL_ATTRS: &[&str] = &["href", "src", "data", "action", "poster", "data-src"];

/// An attribute's value as rules see it: URL-valued ones resolved against `base`, others
/// normalised; `None` when missing or blank.
fn attr_value(el: ElementRef<'_>, name: &str, base: &Url) -> Option<String> {
    let raw = el.attr(name)?.trim();
    if raw.is_empty() {
        return None;
    }
    if URL_ATTRS.contains(&name) {
        Some(resolve(base, raw))
    } else {
        Some(normalise_text(raw))
    }
}

fn resolve(base: &Url, raw: &str) -> String {
    base.join(raw.trim())
        .map(String::from)
        .unwrap_or_else(|_| raw.to_string())
}

fn kind_of(el: ElementRef<'_>, base: &Url) -> FindingKind {
    let e = el.value();
    let url_of = |name: &str| e.attr(name).map(str::trim).filter(|v| !v.is_empty());
    match e.name() {
        "img" => {
            let src = url_of("src")
                .filter(|s| !s.starts_with("data:"))
                .or_else(|| url_of("data-src"));
            match src {
                Some(src) => FindingKind::Image {
                    src: resolve(base, src),
                },
                None => FindingKind::Text,
            }
        }
        "a" | "area" => url_of("href").map_or(FindingKind::Text, |href| {
            let href = resolve(base, href);
            if filetype::is_image_link(&href) {
                // A link to a poster is an image for the assessor: it cannot be read.
                FindingKind::Image { src: href }
            } else {
                FindingKind::Link { href }
            }
        }),
        "iframe" | "embed" | "object" => {
            url_of("src")
                .or_else(|| url_of("data"))
                .map_or(FindingKind::Text, |href| FindingKind::Link {
                    href: resolve(base, href),
                })
        }
        _ => FindingKind::Text,
    }
}

/// What to call a link or image in a quote: its text, else the alt text or title of it or
/// of an image in it, else the image's file name.
fn label_of(el: ElementRef<'_>, own: &str) -> String {
    if !own.is_empty() {
        return own.to_string();
    }
    let alt = std::iter::once(el)
        .chain(el.descendent_elements())
        .filter_map(|e| e.attr("alt").or_else(|| e.attr("title")))
        .map(normalise_text)
        .find(|a| !a.is_empty());
    // An image without alt text is named by its file, e.g. "[gambar: logo-lapor.png]".
    let file = || {
        std::iter::once(el)
            .chain(el.descendent_elements())
            .filter(|e| e.value().name() == "img")
            .find_map(|e| e.attr("src"))
            .and_then(|src| src.split(['?', '#']).next())
            .and_then(|src| src.rsplit('/').next())
            .filter(|name| !name.is_empty())
            .map(|name| format!("[gambar: {name}]"))
    };
    alt.or_else(file).unwrap_or_else(|| "[tautan]".into())
}

/// The text around `hit`, cut to about `QUOTE_MAX` characters at word boundaries, with "…"
/// where it was cut.
fn window(text: &str, hit: Range<usize>) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= QUOTE_MAX {
        return text.trim().to_string();
    }
    let hit_start = text.get(..hit.start).map_or(0, |s| s.chars().count());
    let hit_end = hit_start + text.get(hit.clone()).map_or(0, |s| s.chars().count());
    let mut start = hit_start.saturating_sub(QUOTE_BEFORE);
    let mut end = (start + QUOTE_MAX).min(chars.len());
    start = start.min(end.saturating_sub(QUOTE_MAX));
    if start > 0
        && let Some(p) = chars[start..hit_start.min(start + 20)]
            .iter()
            .position(|c| *c == ' ')
    {
        start += p + 1;
    }
    if end < chars.len() {
        let floor = end.saturating_sub(20).max(hit_end).min(end);
        if let Some(p) = chars[floor..end].iter().rposition(|c| *c == ' ') {
            end = floor + p;
        }
    }
    let mut quote = String::new();
    if start > 0 {
        quote.push('…');
    }
    quote.extend(&chars[start..end]);
    let mut quote = quote.trim_end().to_string();
    if end < chars.len() {
        quote.push('…');
    }
    quote
}

#[derive(Default)]
struct Findings {
    list: Vec<Finding>,
    seen: HashSet<(Criterion, String, String)>,
}

impl Findings {
    /// Adds a finding unless the same rule already gave the same quote; true when added.
    fn push(&mut self, finding: Finding) -> bool {
        let key = (
            finding.criterion,
            finding.rule.clone(),
            finding.quote.clone(),
        );
        let fresh = self.seen.insert(key);
        if fresh {
            self.list.push(finding);
        }
        fresh
    }

    /// Drops weak findings whose quote a strong finding of the same criterion already
    /// contains, then orders by criterion, strong first (stable: rule and document order).
    fn finish(self) -> Vec<Finding> {
        let strong: Vec<(Criterion, String)> = self
            .list
            .iter()
            .filter(|f| f.strength == Strength::Strong)
            .map(|f| (f.criterion, f.quote.clone()))
            .collect();
        let mut list = self.list;
        list.retain(|f| {
            f.strength == Strength::Strong
                || !strong
                    .iter()
                    .any(|(c, q)| *c == f.criterion && q.contains(f.quote.trim_matches('…')))
        });
        list.sort_by_key(|f| (f.criterion, f.strength));
        list
    }
}

#[cfg(test)]
mod default_decoys;
#[cfg(test)]
mod default_tests;

#[cfg(test)]
mod tests;
