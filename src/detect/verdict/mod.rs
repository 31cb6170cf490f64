//! From everything found on a site and what the crawl could and could not see, the status of
//! each criterion: `found`, `not_found`, or `inconclusive` with the reason. Pure: no I/O.

use std::collections::BTreeMap;

use super::{Criterion, Finding, FindingKind, Strength};
use crate::report::{CriterionReport, Evidence, EvidenceKind, ReasonKind, Status};

/// Most evidence items listed per criterion (strong first); the rest add nothing to show.
const MAX_EVIDENCE: usize = 12;
/// Most troubles named in a reason, and posters shown for the parts of a standard.
const MAX_NAMED: usize = 3;
/// The `rule` of broken-link evidence: no selector rule made it, the crawl did.
pub const BROKEN_LINK_RULE: &str = "broken-link";

/// A finding and the page it was seen on.
#[derive(Debug, Clone)]
pub struct Sighting {
    /// What was found.
    pub finding: Finding,
    /// The page or document URL.
    pub url: String,
    /// The page of a document (1-based), when it has numbered pages.
    pub page: Option<u32>,
    /// sha256 of the page body.
    pub sha256: String,
    /// When the page was fetched.
    pub fetched_at: String,
    /// It was seen in a document's text (PDF, DOCX, XLSX, ODT), not on an HTML page.
    pub document: bool,
}

/// Link relevance (see [`super::link_relevance`]) at which a link likely holds the standard,
/// its fees, times or complaint channels itself ("Standar Pelayanan", "Pengaduan", "maklumat").
pub const LIKELY: u8 = 90;
/// Link relevance of a services section the menus point to (Layanan, Pelayanan, Perizinan,
/// PPID, Profil, Dokumen…): it may hold them a level down. News and galleries score below it.
pub const SECTION: u8 = 60;

/// What the crawl of a site could not see.
#[derive(Debug, Clone, Default)]
pub struct Blind {
    /// The site could not be read at all (the outcome's reason).
    pub unreachable: Option<String>,
    /// Pages and documents, linked at [`SECTION`] relevance or more, that could not be read.
    pub unread: Vec<Unread>,
    /// Documents that likely hold the standard in a format patuh does not read: URLs.
    pub unread_documents: Vec<String>,
    /// The start page is an application shell built by JavaScript: its URL.
    pub javascript: Option<String>,
    /// The crawl was stopped before its end: why.
    pub cut_short: Option<String>,
}

/// A page or document that could not be read, as the crawl saw it; [`verdicts`] decides what
/// it means.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Unread {
    /// The URL, as linked.
    pub url: String,
    /// The HTTP status it answered with, when it answered.
    pub status: Option<u16>,
    /// Why it could not be read: "HTTP 404", "robots.txt forbids it", the network error…
    pub why: String,
    /// How promising its link looked, 0..=100.
    pub relevance: u8,
    /// The page that links to it, when it was reached by a link.
    pub linked: Option<Linked>,
    /// When it was tried (empty when it was not, as robots.txt forbids it).
    pub fetched_at: String,
}

/// The link that led to a page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Linked {
    /// The page the link is on (its final URL).
    pub from: String,
    /// The link's text.
    pub text: String,
    /// sha256 of that page's body.
    pub sha256: String,
    /// When that page was fetched.
    pub fetched_at: String,
}

impl Unread {
    /// The server said the page is not there (404, 410): a broken link, which the public
    /// cannot follow either. Any other failure is only a page patuh could not check.
    pub fn is_gone(&self) -> bool {
        matches!(self.status, Some(404 | 410))
    }

    fn named(&self) -> String {
        format!("{} ({})", self.url, self.why)
    }
}

/// Criteria that are parts of the standard: a standard published as an image may hold them.
const COMPONENTS: [Criterion; 3] = [
    Criterion::Fees,
    Criterion::Timelines,
    Criterion::ComplaintChannels,
];

/// The criteria of a report: the required ones always, extra ones when found.
pub fn verdicts(sightings: &[Sighting], blind: &Blind) -> BTreeMap<String, CriterionReport> {
    let standard_posters: Vec<&Sighting> = sightings
        .iter()
        .filter(|s| {
            s.finding.criterion == Criterion::ServiceStandard
                && matches!(s.finding.kind, FindingKind::Image { .. })
        })
        .collect();
    let unseen = Unseen::of(blind);
    let mut reports = BTreeMap::new();
    for criterion in Criterion::ALL {
        let mut mine: Vec<&Sighting> = sightings
            .iter()
            .filter(|s| s.finding.criterion == criterion)
            .collect();
        mine.sort_by(|a, b| {
            (
                a.finding.strength,
                &a.url,
                a.page,
                &a.finding.rule,
                &a.finding.quote,
            )
                .cmp(&(
                    b.finding.strength,
                    &b.url,
                    b.page,
                    &b.finding.rule,
                    &b.finding.quote,
                ))
        });
        // The standard is a poster: the parts of it may well be on it.
        let posters: &[&Sighting] = if COMPONENTS.contains(&criterion) {
            &standard_posters
        } else {
            &[]
        };
        let report = judge(&mine, posters, &unseen, blind);
        if criterion.is_required() || report.status == Status::Found {
            reports.insert(criterion.key().to_string(), report);
        }
    }
    reports
}

/// The site's pages that could not be read, sorted into what they mean: the same for every
/// criterion, so worked out once per site.
struct Unseen {
    /// Likely pages that could not be checked, as "URL (why)".
    likely: Vec<String>,
    /// Services-section pages that could not be checked, as "URL (why)".
    sections: Vec<String>,
    /// Likely pages and documents that answer 404 or 410, as "URL (HTTP 404)".
    broken: Vec<String>,
    /// The same broken links as evidence, sorted by the page that links them.
    broken_evidence: Vec<Evidence>,
}

impl Unseen {
    fn of(blind: &Blind) -> Unseen {
        let unchecked = |likely: bool| -> Vec<String> {
            blind
                .unread
                .iter()
                .filter(|u| {
                    !u.is_gone() && u.relevance >= SECTION && (u.relevance >= LIKELY) == likely
                })
                .map(Unread::named)
                .collect()
        };
        let mut broken: Vec<&Unread> = blind
            .unread
            .iter()
            .filter(|u| u.is_gone() && u.relevance >= LIKELY)
            .collect();
        broken.sort_by(|a, b| (&a.linked, &a.url).cmp(&(&b.linked, &b.url)));
        Unseen {
            likely: unchecked(true),
            sections: unchecked(false),
            broken: broken.iter().map(|u| u.named()).collect(),
            broken_evidence: broken
                .iter()
                .take(MAX_EVIDENCE)
                .map(|u| broken_link(u))
                .collect(),
        }
    }
}

/// One criterion's verdict from its sightings, the standard's posters (for its parts), the
/// site's unread pages and what else the crawl could not see. Every decision is here, in
/// order: the first that applies wins.
fn judge(
    sightings: &[&Sighting],
    posters: &[&Sighting],
    unseen: &Unseen,
    blind: &Blind,
) -> CriterionReport {
    let readable = |s: &&&Sighting| !matches!(s.finding.kind, FindingKind::Image { .. });
    let strong = sightings
        .iter()
        .filter(readable)
        .any(|s| s.finding.strength == Strength::Strong);
    let weak = sightings.iter().any(|s| readable(&s));
    let images = sightings.iter().any(|s| !readable(&s));
    let inconclusive = |kind: ReasonKind, why: String| (Status::Inconclusive, Some((kind, why)));
    // A word in passing is not publication: weak findings alone never make `found`; they are
    // listed so an assessor can look, and they do not hide why the rest could not be checked.
    let (status, reason) = if strong {
        (Status::Found, None)
    } else if let Some(why) = &blind.unreachable {
        inconclusive(
            ReasonKind::Unreachable,
            format!("the site could not be read: {why}"),
        )
    } else if let Some(why) = &blind.cut_short {
        inconclusive(
            ReasonKind::CutShort,
            format!("the crawl was cut short before it was found: {why}"),
        )
    } else if let Some(url) = &blind.javascript {
        inconclusive(
            ReasonKind::Javascript,
            format!(
                "the site is built by JavaScript, which patuh does not run ({url} is an empty shell); check it in a browser"
            ),
        )
    } else if images {
        inconclusive(
            ReasonKind::Image,
            "published as an image; needs a human look".to_string(),
        )
    } else if !blind.unread_documents.is_empty() {
        inconclusive(
            ReasonKind::UnreadDocument,
            format!(
                "likely published in a document patuh does not read: {}",
                name_some(&blind.unread_documents)
            ),
        )
    } else if !unseen.likely.is_empty() {
        inconclusive(
            ReasonKind::LikelyUnread,
            format!(
                "pages that likely hold it could not be read: {}",
                name_some(&unseen.likely)
            ),
        )
    } else if !unseen.sections.is_empty() {
        inconclusive(
            ReasonKind::SectionUnread,
            format!(
                "the services section the site links to could not be read, and it may hold it: {}",
                name_some(&unseen.sections)
            ),
        )
    } else if !posters.is_empty() {
        inconclusive(
            ReasonKind::StandardImage,
            "the service standard is published as an image, which may hold it; needs a human look"
                .to_string(),
        )
    } else if !unseen.broken.is_empty() {
        (
            Status::NotFound,
            Some((
                ReasonKind::BrokenLinks,
                format!(
                    "the site links to pages for it that are not there (broken links, listed as evidence): {}",
                    name_some(&unseen.broken)
                ),
            )),
        )
    } else if weak {
        (
            Status::NotFound,
            Some((
                ReasonKind::PassingMentions,
                "only passing mentions were seen (listed as weak evidence); none publishes it"
                    .to_string(),
            )),
        )
    } else {
        (Status::NotFound, None)
    };
    let mut shown: Vec<Evidence> = sightings
        .iter()
        .take(MAX_EVIDENCE)
        .map(|s| evidence(s))
        .collect();
    if status != Status::Found {
        if !images {
            shown.extend(posters.iter().take(MAX_NAMED).map(|s| evidence(s)));
        }
        shown.extend(unseen.broken_evidence.iter().cloned());
    }
    let (reason_kind, reason) = reason.unzip();
    CriterionReport {
        status,
        reason,
        reason_kind,
        evidence: shown,
    }
}

fn name_some(items: &[String]) -> String {
    let mut text = items[..items.len().min(MAX_NAMED)].join("; ");
    if items.len() > MAX_NAMED {
        text.push_str(&format!("; and {} more", items.len() - MAX_NAMED));
    }
    text
}

/// A finding as a report recorded it, for reuse when its document has not changed; `None` for
/// evidence that is no finding (a broken link) or of an unknown criterion.
pub fn finding_of(criterion: &str, evidence: &Evidence) -> Option<(Finding, Option<u32>)> {
    let kind = match (evidence.kind, &evidence.link) {
        (EvidenceKind::BrokenLink, _) => return None,
        (EvidenceKind::Image, Some(src)) => FindingKind::Image { src: src.clone() },
        (EvidenceKind::Link, Some(href)) => FindingKind::Link { href: href.clone() },
        // A report written before evidence had kinds: an image is told by its extension.
        (EvidenceKind::Text, Some(link)) if crate::filetype::is_image_link(link) => {
            FindingKind::Image { src: link.clone() }
        }
        (EvidenceKind::Text | EvidenceKind::Document, Some(href)) => {
            FindingKind::Link { href: href.clone() }
        }
        (EvidenceKind::Text | EvidenceKind::Document, None) => FindingKind::Text,
        // Only a hand-edited report has a link or image without its URL.
        (EvidenceKind::Link | EvidenceKind::Image, None) => return None,
    };
    let finding = Finding {
        criterion: Criterion::from_key(criterion)?,
        rule: evidence.rule.clone(),
        selector: evidence.selector.clone(),
        quote: evidence.quote.clone(),
        strength: evidence.strength,
        kind,
    };
    Some((finding, evidence.page))
}

fn evidence(sighting: &Sighting) -> Evidence {
    let finding = &sighting.finding;
    let (kind, link) = match &finding.kind {
        FindingKind::Text if sighting.document => (EvidenceKind::Document, None),
        FindingKind::Text => (EvidenceKind::Text, None),
        FindingKind::Image { src } => (EvidenceKind::Image, Some(src.clone())),
        FindingKind::Link { href } => (EvidenceKind::Link, Some(href.clone())),
    };
    Evidence {
        url: sighting.url.clone(),
        page: sighting.page,
        selector: finding.selector.clone(),
        rule: finding.rule.clone(),
        quote: finding.quote.clone(),
        sha256: sighting.sha256.clone(),
        fetched_at: sighting.fetched_at.clone(),
        strength: finding.strength,
        link,
        kind,
        status: None,
    }
}

/// Between a broken link (its text and target) and why it is broken, in its quote.
const BROKEN_BECAUSE: &str = " → ";

/// A broken link as evidence: on the page that links it (or, reached from a sitemap, the URL
/// itself), its text, target and status; the quote reads "text (target) → HTTP 404".
fn broken_link(unread: &Unread) -> Evidence {
    let target = match &unread.linked {
        Some(linked) if !linked.text.is_empty() => format!("{} ({})", linked.text, unread.url),
        _ => unread.url.clone(),
    };
    let (url, sha256, fetched_at) = match &unread.linked {
        Some(linked) => (
            linked.from.clone(),
            linked.sha256.clone(),
            linked.fetched_at.clone(),
        ),
        None => (unread.url.clone(), String::new(), unread.fetched_at.clone()),
    };
    Evidence {
        url,
        page: None,
        selector: None,
        rule: BROKEN_LINK_RULE.to_string(),
        quote: format!("{target}{BROKEN_BECAUSE}{}", unread.why),
        sha256,
        fetched_at,
        strength: Strength::Weak,
        link: Some(unread.url.clone()),
        kind: EvidenceKind::BrokenLink,
        status: unread.status,
    }
}

/// A broken link's own text, read back from the quote [`broken_link`] writes: empty when
/// the link had none (or was listed in a sitemap); `None` for a quote of another shape.
pub fn broken_link_text(evidence: &Evidence) -> Option<&str> {
    let target = evidence.link.as_deref()?;
    let (shown, _) = evidence.quote.rsplit_once(BROKEN_BECAUSE)?;
    if shown == target {
        return Some("");
    }
    shown.strip_suffix(&format!(" ({target})"))
}

#[cfg(test)]
mod tests;
