//! What a site's brief shows, built from its report (and the run's changes) before any
//! template sees it: every field is present (`null` when absent), so a template that names a
//! field the view lacks fails under minijinja's strict undefined behaviour.

use std::collections::HashMap;

use serde::Serialize;

use super::i18n::{Lang, Strings};
use super::qr;
use super::zone::Zone;
use crate::ci::Change;
use crate::detect::verdict::broken_link_text;
use crate::profile::Criterion;
use crate::report::{Evidence, EvidenceKind, PageRecord, Report, Status, Strength};

/// A site's brief.
#[derive(Debug, Serialize)]
pub struct Brief {
    lang: &'static str,
    t: &'static Strings,
    site: SiteView,
    started: String,
    finished: String,
    version: String,
    profile: Option<String>,
    rows: Vec<Row>,
    /// `None`: the run had no baseline, so there is nothing to compare.
    changes: Option<Vec<ChangeView>>,
    criteria: Vec<CriterionView>,
    checklist: Vec<CheckItem>,
    method: Method,
}

#[derive(Debug, Serialize)]
pub(super) struct SiteView {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) url: Link,
    pub(super) extra: Vec<(String, String)>,
}

/// A URL from a site: `href` only when it is http or https, so `javascript:` and other
/// schemes are shown as text and never linked.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Link {
    pub(super) text: String,
    pub(super) href: Option<String>,
}

impl Link {
    pub(super) fn new(url: &str) -> Link {
        let href = url::Url::parse(url)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https"))
            .map(|u| u.to_string());
        Link {
            text: url.to_string(),
            href,
        }
    }
}

/// A verdict: its class for the stylesheet, its word and its symbol (never colour alone).
#[derive(Debug, Clone, Serialize)]
pub(super) struct Verdict {
    pub(super) class: &'static str,
    pub(super) word: &'static str,
    pub(super) symbol: &'static str,
}

impl Verdict {
    pub(super) fn new(status: Status, lang: Lang) -> Verdict {
        let (class, symbol) = match status {
            Status::Found => ("found", "\u{2713}"),
            Status::NotFound => ("not-found", "\u{2717}"),
            Status::Inconclusive => ("inconclusive", "?"),
        };
        Verdict {
            class,
            word: lang.status(status),
            symbol,
        }
    }
}

#[derive(Debug, Serialize)]
struct Row {
    key: String,
    name: String,
    required: bool,
    verdict: Verdict,
    reason: Option<String>,
}

#[derive(Debug, Serialize)]
struct ChangeView {
    criterion: Option<String>,
    kind: &'static str,
    regression: bool,
    before: Option<Verdict>,
    after: Option<Verdict>,
    detail: Option<String>,
}

#[derive(Debug, Serialize)]
struct CriterionView {
    key: String,
    name: String,
    verdict: Verdict,
    /// Why, in the page's language.
    why: Option<String>,
    /// The report's own words (English, naming the URLs), when `why` is a translation.
    details: Option<String>,
    strong: Vec<EvidenceView>,
    /// Strong evidence [`unfolded`] leaves out, folded away so a brief prints on a few pages.
    more_strong: Vec<EvidenceView>,
    weak: Vec<EvidenceView>,
    broken: Vec<BrokenView>,
}

/// Pieces of strong evidence a criterion shows unfolded: one proves it, a second from
/// another page shows where else the site says it.
const SHOWN: usize = 2;

/// Splits strong evidence into what is shown (the first, then others from pages not shown
/// yet, up to [`SHOWN`]) and what is folded away, each in report order.
fn unfolded(strong: Vec<EvidenceView>) -> (Vec<EvidenceView>, Vec<EvidenceView>) {
    let (mut shown, mut folded) = (Vec::new(), Vec::new());
    for evidence in strong {
        let new_page = !shown
            .iter()
            .any(|s: &EvidenceView| s.url.text == evidence.url.text);
        if shown.len() < SHOWN && new_page {
            shown.push(evidence);
        } else {
            folded.push(evidence);
        }
    }
    (shown, folded)
}

#[derive(Debug, Serialize)]
struct EvidenceView {
    quote: String,
    url: Link,
    title: Option<String>,
    qr: Option<String>,
    fetched_at: String,
    http_status: Option<u16>,
    sha256: String,
    rule: String,
    pdf_page: Option<u32>,
    link: Option<Link>,
}

#[derive(Debug, Serialize)]
struct BrokenView {
    text: String,
    on: Link,
    target: Option<Link>,
    status: Option<u16>,
}

#[derive(Debug, Serialize)]
struct CheckItem {
    question: String,
    verdict: Verdict,
    reason: Option<String>,
}

#[derive(Debug, Serialize)]
struct Method {
    pages_fetched: u64,
    errors: u64,
    robots_blocked: u64,
    skipped: usize,
    duration: String,
    outcome: &'static str,
    reason: Option<String>,
    user_agent: String,
}

/// The zone a report's times are shown in: its `provinsi` column's, else UTC.
pub(super) fn zone_of(report: &Report) -> Zone {
    report
        .site
        .extra
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case("provinsi"))
        .map_or(Zone::Utc, |(_, province)| Zone::of_province(province))
}

/// The criteria of a report in brief order: the known ones as `Criterion::ALL` lists them,
/// then any others by key.
pub(super) fn criteria_in_order(report: &Report) -> Vec<&str> {
    let mut keys: Vec<&str> = Criterion::ALL
        .iter()
        .map(|c| c.key())
        .filter(|key| report.criteria.contains_key(*key))
        .collect();
    keys.extend(
        report
            .criteria
            .keys()
            .map(String::as_str)
            .filter(|key| Criterion::from_key(key).is_none()),
    );
    keys
}

/// The site header a brief and the overview share.
pub(super) fn site_view(report: &Report) -> SiteView {
    SiteView {
        id: report.site.id.clone(),
        name: report
            .site
            .name
            .clone()
            .unwrap_or_else(|| report.site.id.clone()),
        url: Link::new(&report.site.url),
        extra: report
            .site
            .extra
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    }
}

impl Brief {
    /// The brief of `report`; `changes` are the run's changes of this site, `None` without a
    /// baseline.
    pub fn new(report: &Report, changes: Option<Vec<&Change>>, lang: Lang) -> Brief {
        let zone = zone_of(report);
        let pages: HashMap<&str, &PageRecord> = report
            .pages
            .iter()
            .flat_map(|p| [(p.url.as_str(), p), (p.final_url.as_str(), p)])
            .collect();
        let mut codes = qr::Cache::default();
        let keys = criteria_in_order(report);
        let mut rows = Vec::new();
        let mut criteria = Vec::new();
        let mut checklist = Vec::new();
        for key in keys {
            let criterion = &report.criteria[key];
            let verdict = Verdict::new(criterion.status, lang);
            let name = capitalised(lang.criterion(key));
            // The reason in the page's language; a report older than reason kinds has only
            // its English words.
            let why = match criterion.reason_kind {
                Some(kind) => Some(lang.reason(kind).to_string()),
                None => criterion.reason.clone(),
            };
            rows.push(Row {
                key: key.to_string(),
                name: name.clone(),
                required: Criterion::from_key(key).is_some_and(Criterion::is_required),
                verdict: verdict.clone(),
                reason: why.clone(),
            });
            if criterion.status != Status::Found {
                checklist.push(CheckItem {
                    question: lang.on_site_question(key),
                    verdict: verdict.clone(),
                    reason: why.clone(),
                });
            }
            let (mut strong, mut weak, mut broken) = (Vec::new(), Vec::new(), Vec::new());
            for evidence in &criterion.evidence {
                if evidence.kind == EvidenceKind::BrokenLink {
                    broken.push(BrokenView {
                        // The link's own text: the brief shows its target and status beside
                        // it. A quote of another shape is shown whole.
                        text: broken_link_text(evidence)
                            .unwrap_or(&evidence.quote)
                            .to_string(),
                        on: Link::new(&evidence.url),
                        target: evidence.link.as_deref().map(Link::new),
                        status: evidence.status,
                    });
                    continue;
                }
                let view = evidence_view(evidence, &pages, zone, &mut codes);
                match evidence.strength {
                    Strength::Strong => strong.push(view),
                    Strength::Weak => weak.push(view),
                }
            }
            let (strong, more_strong) = unfolded(strong);
            criteria.push(CriterionView {
                key: key.to_string(),
                name,
                verdict,
                why,
                details: criterion.reason_kind.and(criterion.reason.clone()),
                strong,
                more_strong,
                weak,
                broken,
            });
        }
        let changes = changes.map(|changes| {
            changes
                .into_iter()
                .map(|change| ChangeView {
                    criterion: change
                        .criterion
                        .as_deref()
                        .map(|key| capitalised(lang.criterion(key))),
                    kind: lang.change(change.kind),
                    regression: change.kind == crate::ci::ChangeKind::Regressed,
                    before: change.before.map(|s| Verdict::new(s, lang)),
                    after: change.after.map(|s| Verdict::new(s, lang)),
                    detail: change.detail.clone(),
                })
                .collect()
        });
        let stats = &report.stats;
        Brief {
            lang: lang.code(),
            t: lang.strings(),
            site: site_view(report),
            started: zone.show(&report.started_at),
            finished: zone.show(&report.finished_at),
            version: report.tool.version.clone(),
            profile: report.tool.profile.clone(),
            rows,
            changes,
            criteria,
            checklist,
            method: Method {
                pages_fetched: stats.pages_fetched,
                errors: stats.errors,
                robots_blocked: stats.robots_blocked,
                skipped: report.skipped.len(),
                duration: format!("{:.1} s", stats.duration_ms as f64 / 1000.0),
                outcome: lang.outcome(report.outcome),
                reason: report.reason.clone(),
                // A report older than `tool.user_agent` was crawled with the default, unless
                // `--user-agent` said otherwise, which such a report does not record.
                user_agent: report.tool.user_agent.clone().unwrap_or_else(|| {
                    format!(
                        "{} ({})",
                        crate::crawl::default_user_agent(),
                        lang.strings().user_agent_default
                    )
                }),
            },
        }
    }
}

fn evidence_view(
    evidence: &Evidence,
    pages: &HashMap<&str, &PageRecord>,
    zone: Zone,
    codes: &mut qr::Cache,
) -> EvidenceView {
    let page = pages.get(evidence.url.as_str());
    let url = Link::new(&evidence.url);
    let qr = url.href.as_deref().and_then(|href| codes.svg(href));
    let mut sha256 = evidence.sha256.clone();
    sha256.truncate(12);
    EvidenceView {
        quote: evidence.quote.clone(),
        title: page.and_then(|p| p.title.clone()),
        qr,
        fetched_at: zone.show(&evidence.fetched_at),
        http_status: page.and_then(|p| p.status),
        sha256,
        rule: evidence.rule.clone(),
        pdf_page: evidence.page,
        link: evidence.link.as_deref().map(Link::new),
        url,
    }
}

/// "biaya/tarif" -> "Biaya/tarif".
pub(super) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
