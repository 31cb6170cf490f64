//! Reads a selector file's TOML with spans and validates every key, collecting all problems
//! (not just the first) with 1-based line numbers.

use std::ops::Range;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};
use url::Url;

use super::rule::{Rule, Source, compile_glob, compile_regex, compile_selector};
use super::suggest::closest;
use super::{Criterion, Problem, Profile, SiteFile, Strength};

const SYNTAX: &str = "TOML syntax error";
const TOP_KEYS: &str = "id, name, url, seeds, hosts, disable, rule";
const RULE_KEYS: &str =
    "id, criterion, select, text, url, attr, exclude, context, strength, source";

/// The outcome of reading one selector file: whatever could be compiled, and every problem.
pub(crate) struct Parsed {
    pub(crate) site: SiteFile,
    pub(crate) rules: Vec<Rule>,
    pub(crate) problems: Vec<Problem>,
}

struct Ctx<'a> {
    path: &'a Path,
    line_starts: Vec<usize>,
    problems: Vec<Problem>,
}

impl Ctx<'_> {
    fn report(&mut self, span: Range<usize>, message: impl Into<String>) {
        let line = self
            .line_starts
            .partition_point(|&start| start <= span.start);
        self.problems.push(Problem {
            path: self.path.to_path_buf(),
            line: line.max(1),
            message: message.into(),
        });
    }

    fn string(&mut self, key: &str, value: &Spanned<DeValue<'_>>) -> Option<String> {
        match value.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            other => {
                let kind = other.type_str();
                self.report(
                    value.span(),
                    format!("`{key}` must be a string, not {kind}"),
                );
                None
            }
        }
    }

    fn strings(&mut self, key: &str, value: &Spanned<DeValue<'_>>) -> Vec<(String, Range<usize>)> {
        let Some(items) = value.get_ref().as_array() else {
            let kind = value.get_ref().type_str();
            let msg =
                format!("`{key}` must be an array of strings, not {kind}; e.g. {key} = [\"...\"]");
            self.report(value.span(), msg);
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| self.string(key, item).map(|s| (s, item.span())))
            .collect()
    }

    fn url(&mut self, key: &str, text: &str, span: Range<usize>) -> Option<Url> {
        match Url::parse(text) {
            Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {
                Some(url)
            }
            Ok(url) => {
                let msg = format!(
                    "`{key}` \"{text}\" has scheme \"{}\"; use an http(s) URL such as \"https://contohkab.go.id/\"",
                    url.scheme()
                );
                self.report(span, msg);
                None
            }
            Err(err) => {
                let msg = format!(
                    "`{key}` \"{text}\" is not a valid URL ({err}); write an absolute URL such as \"https://contohkab.go.id/\""
                );
                self.report(span, msg);
                None
            }
        }
    }
}

/// Parses and validates `source` (the text of `path`). `default` is the profile the file
/// builds on; `None` when parsing the default itself, whose rules must all have an `id`.
pub(crate) fn parse_source(
    source: &str,
    path: &Path,
    stem: &str,
    default: Option<&Profile>,
) -> Parsed {
    let mut ctx = Ctx {
        path,
        line_starts: std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect(),
        problems: Vec::new(),
    };
    let (root, errors) = DeTable::parse_recoverable(source);
    for err in errors {
        let span = err.span().unwrap_or(0..0);
        let msg = format!(
            "{SYNTAX}: {}; fix the syntax (strings need quotes, rules start with [[rule]])",
            err.message().trim()
        );
        ctx.report(span, msg);
    }
    let mut site = SiteFile {
        path: path.to_path_buf(),
        id: stem.to_string(),
        name: None,
        url: None,
        seeds: Vec::new(),
        hosts: Vec::new(),
        disable: Vec::new(),
    };
    let mut rules = Vec::new();
    for (key, value) in root.get_ref().iter() {
        match key.get_ref().as_ref() {
            "id" => {
                if let Some(id) = ctx.string("id", value) {
                    if is_valid_id(&id) {
                        site.id = id;
                    } else {
                        let msg = format!(
                            "site `id` \"{id}\" may only use letters, digits, '.', '_' and '-' (it names the report file)"
                        );
                        ctx.report(value.span(), msg);
                    }
                }
            }
            "name" => site.name = ctx.string("name", value),
            "url" => {
                site.url = ctx
                    .string("url", value)
                    .and_then(|u| ctx.url("url", &u, value.span()));
            }
            "seeds" => {
                for (seed, span) in ctx.strings("seeds", value) {
                    site.seeds.extend(ctx.url("seeds", &seed, span));
                }
            }
            "hosts" => {
                for (host, span) in ctx.strings("hosts", value) {
                    match url::Host::parse(&host) {
                        Ok(_) if !host.contains(['/', ':', '@']) => site.hosts.push(host.to_ascii_lowercase()),
                        _ => ctx.report(span, format!("`hosts` entry \"{host}\" is not a host name; write just the name, e.g. \"dukcapil.contohkab.go.id\"")),
                    }
                }
            }
            "disable" => {
                for (id, span) in ctx.strings("disable", value) {
                    if let Some(default) = default
                        && default.rule(&id).is_none()
                    {
                        let hint = closest(&id, default.rules().map(|r| r.id()))
                            .map(|c| format!("did you mean \"{c}\"?"))
                            .unwrap_or_else(|| "see the ids in selectors/default.toml".into());
                        ctx.report(
                            span,
                            format!(
                                "`disable` names \"{id}\", which is not a default rule id; {hint}"
                            ),
                        );
                    }
                    site.disable.push(id);
                }
            }
            "rule" => match value.get_ref() {
                DeValue::Array(items) => {
                    for (index, item) in items.iter().enumerate() {
                        let Some(table) = item.get_ref().as_table() else {
                            ctx.report(
                                item.span(),
                                "each `rule` must be a table; write [[rule]] followed by its keys",
                            );
                            continue;
                        };
                        let fallback = format!("{stem}#{}", index + 1);
                        let compiled =
                            parse_rule(&mut ctx, table, item.span(), fallback, default.is_none());
                        rules.extend(compiled);
                    }
                }
                other => {
                    let msg = format!(
                        "`rule` must be an array of tables, not {}; write [[rule]], not [rule]",
                        other.type_str()
                    );
                    ctx.report(value.span(), msg);
                }
            },
            other => {
                ctx.report(
                    key.span(),
                    format!("unknown key \"{other}\"; expected one of: {TOP_KEYS}"),
                );
            }
        }
    }
    check_rule_ids(&mut ctx, &rules, default);
    // Recovery from a syntax error leaves odd values behind: report the syntax error only.
    let syntax_lines: Vec<usize> = ctx
        .problems
        .iter()
        .filter(|p| p.message.starts_with(SYNTAX))
        .map(|p| p.line)
        .collect();
    let mut problems = ctx.problems;
    problems.retain(|p| p.message.starts_with(SYNTAX) || !syntax_lines.contains(&p.line));
    problems.sort();
    let rules = rules.into_iter().map(|(rule, _)| rule).collect();
    Parsed {
        site,
        rules,
        problems,
    }
}

fn check_rule_ids(ctx: &mut Ctx<'_>, rules: &[(Rule, Range<usize>)], default: Option<&Profile>) {
    for (i, (rule, span)) in rules.iter().enumerate() {
        if rules[..i].iter().any(|(r, _)| r.id == rule.id) {
            ctx.report(
                span.clone(),
                format!(
                    "rule id \"{}\" is used twice in this file; give each rule its own id",
                    rule.id
                ),
            );
        } else if default.is_some_and(|d| d.rule(&rule.id).is_some()) {
            ctx.report(span.clone(), format!("rule id \"{}\" is already a default rule; pick another id, and add it to `disable` to switch the default one off", rule.id));
        }
    }
}

/// Validates one `[[rule]]` table; returns the compiled rule and the span of its id (or of
/// the table) when nothing is wrong with it.
fn parse_rule(
    ctx: &mut Ctx<'_>,
    table: &DeTable<'_>,
    span: Range<usize>,
    fallback_id: String,
    need_id: bool,
) -> Option<(Rule, Range<usize>)> {
    let before = ctx.problems.len();
    let (mut id, mut criterion, mut select, mut text, mut url) = (None, None, None, None, None);
    let (mut attr, mut exclude, mut context) = (None, None, None);
    let (mut strength, mut source) = (Strength::Strong, Source::Any);
    let mut id_span = span.clone();
    for (key, value) in table.iter() {
        let name = key.get_ref().as_ref();
        if !RULE_KEYS.split(", ").any(|k| k == name) {
            ctx.report(
                key.span(),
                format!("unknown rule key \"{name}\"; expected one of: {RULE_KEYS}"),
            );
            continue;
        }
        let Some(raw) = ctx.string(name, value) else {
            continue;
        };
        let at = value.span();
        match name {
            "id" if is_valid_id(&raw) => {
                id = Some(raw);
                id_span = at;
            }
            "id" => ctx.report(
                at,
                format!("rule `id` \"{raw}\" may only use letters, digits, '.', '_', '-' and '#'"),
            ),
            "criterion" => match Criterion::from_key(&raw) {
                Some(c) => criterion = Some(c),
                None => {
                    let all: Vec<&str> = Criterion::ALL.iter().map(|c| c.key()).collect();
                    ctx.report(
                        at,
                        format!(
                            "unknown criterion \"{raw}\"; expected one of: {}",
                            all.join(", ")
                        ),
                    );
                }
            },
            "select" => match compile_selector(&raw) {
                Ok(sel) => select = Some((raw, sel)),
                Err(msg) => ctx.report(at, msg),
            },
            "text" | "exclude" | "context" => match compile_regex(name, &raw) {
                Ok(re) if name == "text" => text = Some(re),
                Ok(re) if name == "exclude" => exclude = Some(re),
                Ok(re) => context = Some(re),
                Err(msg) => ctx.report(at, msg),
            },
            "url" => match compile_glob(&raw) {
                Ok(glob) => url = Some(glob),
                Err(msg) => ctx.report(at, msg),
            },
            "attr"
                if !raw.is_empty()
                    && raw
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "-_:".contains(c)) =>
            {
                attr = Some(raw.to_ascii_lowercase());
            }
            "attr" => ctx.report(
                at,
                format!(
                    "`attr` \"{raw}\" is not an attribute name; e.g. \"href\", \"src\" or \"alt\""
                ),
            ),
            "strength" => match raw.as_str() {
                "strong" => strength = Strength::Strong,
                "weak" => strength = Strength::Weak,
                _ => ctx.report(
                    at,
                    format!("unknown strength \"{raw}\"; expected \"strong\" or \"weak\""),
                ),
            },
            _ => match raw.as_str() {
                "any" => source = Source::Any,
                "html" => source = Source::Html,
                "text" => source = Source::Text,
                "reader" => source = Source::Reader,
                _ => ctx.report(
                    at,
                    format!("unknown source \"{raw}\"; expected \"any\", \"html\" or \"text\""),
                ),
            },
        }
    }
    let has = |key: &str| table.contains_key(key);
    if !has("criterion") {
        let all: Vec<&str> = Criterion::ALL.iter().map(|c| c.key()).collect();
        ctx.report(
            span.clone(),
            format!("rule has no `criterion`; add one of: {}", all.join(", ")),
        );
    }
    if source == Source::Reader {
        if !need_id {
            ctx.report(span.clone(), "`source = \"reader\"` rules belong to the default profile; switch one off with `disable` instead");
        }
        for key in ["select", "text", "attr", "exclude", "context"] {
            if has(key) {
                ctx.report(span.clone(), format!("`source = \"reader\"` rules take their findings from the standard reader and cannot have `{key}`; remove it"));
            }
        }
    } else if !has("select") && !has("text") && !has("url") {
        ctx.report(
            span.clone(),
            "rule has nothing to match on; give it at least one of `select`, `text` or `url`",
        );
    }
    for key in ["attr", "context"] {
        if has(key) && !has("select") {
            ctx.report(span.clone(), format!("`{key}` needs `select` (it looks at elements); add a CSS selector or remove `{key}`"));
        }
    }
    if has("select") && source == Source::Text {
        ctx.report(span.clone(), "`source = \"text\"` rules read plain text and cannot have `select`; remove one of them");
    }
    if need_id && !has("id") {
        ctx.report(
            span.clone(),
            "default rules need an explicit `id` (sites name them in `disable`)",
        );
    }
    if ctx.problems.len() > before {
        return None;
    }
    let rule = Rule {
        id: id.unwrap_or(fallback_id),
        criterion: criterion?,
        select,
        text,
        url,
        attr,
        exclude,
        context,
        strength,
        source,
    };
    Some((rule, id_span))
}

fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-#".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(src: &str) -> Vec<String> {
        let parsed = parse_source(
            src,
            Path::new("s/kab.toml"),
            "kab",
            Some(Profile::default_profile()),
        );
        parsed.problems.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn every_validation_error_is_reported_with_its_line() {
        let src = r#"name = "Kab"
url = "contohkab.go.id"
seeds = ["https://contohkab.go.id/a", "ftp://contohkab.go.id/b"]
hosts = ["https://dukcapil.contohkab.go.id/"]
disable = ["fees-rows", "zzz-nothing-like-it"]
colour = "red"

[[rule]]
criterion = "fee"
text = "(biaya"

[[rule]]
criterion = "fees"
select = "table >> tr"
url = "layanan/**"
exclude = "a{2"
contxt = "x"

[[rule]]
criterion = "timelines"
strength = "medium"
source = "pdf"

[[rule]]
criterion = "fees"
url = "/a/[b"
attr = "href"
"#;
        let want = [
            "s/kab.toml:2: `url` \"contohkab.go.id\" is not a valid URL (relative URL without a base); write an absolute URL such as \"https://contohkab.go.id/\"",
            "s/kab.toml:3: `seeds` \"ftp://contohkab.go.id/b\" has scheme \"ftp\"; use an http(s) URL such as \"https://contohkab.go.id/\"",
            "s/kab.toml:4: `hosts` entry \"https://dukcapil.contohkab.go.id/\" is not a host name; write just the name, e.g. \"dukcapil.contohkab.go.id\"",
            "s/kab.toml:5: `disable` names \"fees-rows\", which is not a default rule id; did you mean \"fees-row\"?",
            "s/kab.toml:5: `disable` names \"zzz-nothing-like-it\", which is not a default rule id; see the ids in selectors/default.toml",
            "s/kab.toml:6: unknown key \"colour\"; expected one of: id, name, url, seeds, hosts, disable, rule",
            "s/kab.toml:9: unknown criterion \"fee\"; expected one of: service_standard, fees, timelines, complaint_channels, requirements, procedure, service_products, service_pledge",
            "s/kab.toml:10: `text` is not a valid regex: unclosed group; fix the pattern (syntax of the Rust regex crate, no look-around)",
            "s/kab.toml:14: `select` is not a valid CSS selector",
            "s/kab.toml:15: `url` glob \"layanan/**\" is matched against the URL path, which starts with '/'; write e.g. \"/layanan/**\"",
            "s/kab.toml:16: `exclude` is not a valid regex",
            "s/kab.toml:17: unknown rule key \"contxt\"; expected one of: id, criterion, select, text, url, attr, exclude, context, strength, source",
            "s/kab.toml:19: rule has nothing to match on; give it at least one of `select`, `text` or `url`",
            "s/kab.toml:21: unknown strength \"medium\"; expected \"strong\" or \"weak\"",
            "s/kab.toml:22: unknown source \"pdf\"; expected \"any\", \"html\" or \"text\"",
            "s/kab.toml:24: `attr` needs `select` (it looks at elements); add a CSS selector or remove `attr`",
            "s/kab.toml:26: `url` is not a valid glob",
        ];
        let got = problems(src);
        assert_eq!(got.len(), want.len(), "{got:#?}");
        for (got, want) in got.iter().zip(want) {
            assert!(got.starts_with(want), "got  {got}\nwant {want}");
        }
    }

    #[test]
    fn syntax_errors_are_reported_without_follow_on_noise() {
        let got = problems("name = \"Kab\"\n\n[[rule]]\ncriterion = fees\ntext = \"a\"\n");
        assert_eq!(got.len(), 1, "{got:#?}");
        assert!(
            got[0].starts_with("s/kab.toml:4: TOML syntax error: "),
            "{}",
            got[0]
        );
        let got = problems("name = \"Kab\nurl = \"https://x.go.id/\"\n");
        assert!(
            got[0].starts_with("s/kab.toml:1: TOML syntax error"),
            "{got:#?}"
        );
    }

    #[test]
    fn structural_mistakes_are_explained() {
        let cases = [
            (
                "[rule]\ncriterion = \"fees\"\n",
                "s/kab.toml:1: `rule` must be an array of tables, not table; write [[rule]], not [rule]",
            ),
            (
                "seeds = \"https://x.go.id/\"\n",
                "s/kab.toml:1: `seeds` must be an array of strings, not string; e.g. seeds = [\"...\"]",
            ),
            (
                "name = 3\n",
                "s/kab.toml:1: `name` must be a string, not integer",
            ),
            (
                "id = \"kab contoh\"\n",
                "s/kab.toml:1: site `id` \"kab contoh\" may only use letters",
            ),
            (
                "[[rule]]\ntext = \"x\"\n",
                "s/kab.toml:1: rule has no `criterion`; add one of: service_standard",
            ),
            (
                "[[rule]]\ncriterion = \"fees\"\ncontext = \"x\"\ntext = \"y\"\n",
                "s/kab.toml:1: `context` needs `select`",
            ),
            (
                "[[rule]]\ncriterion = \"fees\"\nselect = \"p\"\nsource = \"text\"\n",
                "s/kab.toml:1: `source = \"text\"` rules read plain text and cannot have `select`",
            ),
            (
                "[[rule]]\nid = \"fees-row\"\ncriterion = \"fees\"\ntext = \"x\"\n",
                "s/kab.toml:2: rule id \"fees-row\" is already a default rule",
            ),
            (
                "[[rule]]\nid = \"a\"\ncriterion = \"fees\"\ntext = \"x\"\n[[rule]]\nid = \"a\"\ncriterion = \"fees\"\ntext = \"y\"\n",
                "s/kab.toml:6: rule id \"a\" is used twice in this file",
            ),
            ("rule = [3]\n", "s/kab.toml:1: each `rule` must be a table"),
        ];
        for (src, want) in cases {
            let got = problems(src);
            assert_eq!(got.len(), 1, "{src}: {got:#?}");
            assert!(
                got[0].starts_with(want),
                "{src}\ngot  {}\nwant {want}",
                got[0]
            );
        }
    }

    #[test]
    fn default_rules_need_ids_and_site_rules_get_numbered_ids() {
        let parsed = parse_source(
            "[[rule]]\ncriterion = \"fees\"\ntext = \"x\"\n",
            Path::new("d.toml"),
            "default",
            None,
        );
        assert_eq!(parsed.problems.len(), 1);
        assert!(parsed.problems[0].message.contains("explicit `id`"));
        let src = "[[rule]]\ncriterion = \"fees\"\ntext = \"x\"\n[[rule]]\ncriterion = \"fees\"\nselect = \"td\"\n";
        let parsed = parse_source(
            src,
            Path::new("kab.toml"),
            "kab",
            Some(Profile::default_profile()),
        );
        let ids: Vec<&str> = parsed.rules.iter().map(|r| r.id()).collect();
        assert_eq!(ids, ["kab#1", "kab#2"]);
    }
}
