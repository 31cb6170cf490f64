//! A compiled detection rule and the compilers for its CSS selector, regexes and URL glob.
//!
//! Rule keys in a selector file's `[[rule]]` table:
//! - `id`: unique name, used in evidence and by `disable`; default `<file-stem>#<n>` (1-based).
//! - `criterion`: the report key this rule is evidence for (required).
//! - `select`: CSS selector of the elements to look at. Without it the rule applies to the
//!   document's whole text (an HTML page's body, or a plain-text document such as a PDF).
//! - `text`: regex that must match the element's normalised text (see `detect::normalise`),
//!   or the attribute named by `attr`. Written as-is: add `(?i)` for case-insensitivity.
//! - `url`: glob on the URL path (`/layanan/**`, case-insensitive, `*` stays within a segment).
//! - `attr`: match `text` against this attribute instead (`href`, `src`, `alt`...); URL
//!   attributes are resolved against the page first, so `^https?://` patterns work on relative
//!   links. Without `text`, the attribute only has to be present and non-empty.
//! - `exclude`: regex that vetoes a match when it matches the element's text (the quote, for
//!   whole-document rules), the attribute value, or a context string other than the outer
//!   headings. Keeps look-alikes (SPM, SKM surveys, PPID, news) out.
//! - `context`: regex that one context string must match: a heading above the element in the
//!   outline (the nearest h1-h6 before it, and each higher-level heading before that), the
//!   enclosing table's caption, the cell's column header, the `dt` before a `dd`, and for
//!   `attr` rules also the element's own text, `alt`, `title` and the attribute value.
//!   Each string is tested on its own, so `^...$` anchors a whole heading. Needs `select`.
//! - `strength`: `"strong"` (default) or `"weak"`; see [`crate::profile::Strength`].
//! - `source`: which documents the rule reads: `"any"` (default), `"html"` pages only, or
//!   `"text"` documents only (PDF, office). `"text"` rules cannot have `select`.
//!   `"reader"` names a finding of the standard reader (`detect::reader`), which reads every
//!   kind of document: such a rule has only `id`, `criterion`, `strength` and `url`, and only
//!   the default profile has them (a site switches one off with `disable`).

use globset::{GlobBuilder, GlobMatcher};
use regex::Regex;
use scraper::Selector;

use super::{Criterion, Strength};

/// Which kind of document a rule reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// HTML pages and plain-text documents.
    Any,
    /// HTML pages only.
    Html,
    /// Plain-text documents only (PDF, office documents).
    Text,
    /// Findings of the standard reader for the rule's criterion, in every kind of document.
    Reader,
}

/// One compiled rule of a profile.
#[derive(Clone, Debug)]
pub struct Rule {
    pub(crate) id: String,
    pub(crate) criterion: Criterion,
    pub(crate) select: Option<(String, Selector)>,
    pub(crate) text: Option<Regex>,
    pub(crate) url: Option<GlobMatcher>,
    pub(crate) attr: Option<String>,
    pub(crate) exclude: Option<Regex>,
    pub(crate) context: Option<Regex>,
    pub(crate) strength: Strength,
    pub(crate) source: Source,
}

impl Rule {
    /// The rule's id, as written in evidence.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The criterion this rule is evidence for.
    pub fn criterion(&self) -> Criterion {
        self.criterion
    }

    /// The CSS selector as written, if the rule has one.
    pub fn selector(&self) -> Option<&str> {
        self.select.as_ref().map(|(src, _)| src.as_str())
    }

    /// How much a match of this rule proves on its own.
    pub fn strength(&self) -> Strength {
        self.strength
    }

    /// Which documents the rule reads.
    pub fn source(&self) -> Source {
        self.source
    }

    /// Whether the rule applies to a document at this URL path.
    pub fn applies_to_path(&self, path: &str) -> bool {
        self.url.as_ref().is_none_or(|g| g.is_match(path))
    }
}

/// Compiles a regex, turning the multi-line diagnostic of `regex` into one line.
pub(crate) fn compile_regex(key: &str, pattern: &str) -> Result<Regex, String> {
    Regex::new(pattern).map_err(|err| {
        let detail = err
            .to_string()
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .map(|l| l.trim().trim_start_matches("error: ").to_string())
            .unwrap_or_default();
        format!("`{key}` is not a valid regex: {detail}; fix the pattern (syntax of the Rust regex crate, no look-around)")
    })
}

/// Compiles a CSS selector.
pub(crate) fn compile_selector(source: &str) -> Result<Selector, String> {
    Selector::parse(source).map_err(|err| {
        // scraper's message for some kinds is a bug-report plea followed by the kind's name.
        let text = err.to_string();
        let detail = match text.lines().last().unwrap_or("").trim() {
            "EmptySelector" => "the selector is empty".to_string(),
            "DanglingCombinator" => "it ends with a combinator (>, +, ~)".to_string(),
            _ => text.split_whitespace().collect::<Vec<_>>().join(" "),
        };
        format!("`select` is not a valid CSS selector: {detail}; e.g. \"#standar table tr\"")
    })
}

/// Compiles a URL-path glob; `*` does not cross `/`, `**` does.
pub(crate) fn compile_glob(source: &str) -> Result<GlobMatcher, String> {
    if !source.starts_with('/') && !source.starts_with('*') {
        return Err(format!(
            "`url` glob \"{source}\" is matched against the URL path, which starts with '/'; write e.g. \"/{source}\""
        ));
    }
    GlobBuilder::new(source)
        .literal_separator(true)
        .case_insensitive(true)
        .build()
        .map(|g| g.compile_matcher())
        .map_err(|err| format!("`url` is not a valid glob: {err}; e.g. \"/layanan/**\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_matches_paths_case_insensitively() {
        let cases = [
            ("/layanan/**", "/layanan/standar-pelayanan/biaya", true),
            ("/layanan/**", "/berita/layanan", false),
            ("/layanan/*", "/layanan/a/b", false),
            ("**/*.pdf", "/uploads/SP-KTP.PDF", true),
        ];
        for (glob, path, want) in cases {
            let g = compile_glob(glob).expect("valid glob");
            assert_eq!(g.is_match(path), want, "{glob} on {path}");
        }
    }

    #[test]
    fn compile_errors_are_one_line_and_say_what_to_do() {
        let regex = compile_regex("text", "(biaya").expect_err("unclosed group");
        assert!(!regex.contains('\n'));
        assert!(
            regex.starts_with("`text` is not a valid regex: unclosed group"),
            "{regex}"
        );
        let css = compile_selector("table >> tr").expect_err("bad combinator");
        assert!(
            css.starts_with("`select` is not a valid CSS selector"),
            "{css}"
        );
        let glob = compile_glob("layanan/**").expect_err("relative glob");
        assert!(glob.contains("write e.g. \"/layanan/**\""), "{glob}");
        let glob = compile_glob("/a/[b").expect_err("unclosed class");
        assert!(glob.starts_with("`url` is not a valid glob"), "{glob}");
    }
}
