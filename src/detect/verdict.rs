//! From everything found on a site and what the crawl could and could not see, the status of
//! each criterion: `found`, `not_found`, or `inconclusive` with the reason. Pure: no I/O.

use std::collections::BTreeMap;

use super::{Criterion, Finding, FindingKind, Strength};
use crate::report::{CriterionReport, Evidence, Status};

/// Most evidence items listed per criterion (strong first); the rest add nothing to show.
const MAX_EVIDENCE: usize = 12;
/// Most troubles named in a reason.
const MAX_NAMED: usize = 3;

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
}

/// What the crawl of a site could not see.
#[derive(Debug, Clone, Default)]
pub struct Blind {
    /// The site could not be read at all (the outcome's reason).
    pub unreachable: Option<String>,
    /// Pages that likely hold the standard but could not be read: (URL, why).
    pub likely_unread: Vec<(String, String)>,
    /// Documents that likely hold the standard in a format patuh does not read: URLs.
    pub unread_documents: Vec<String>,
    /// The start page is an application shell built by JavaScript: its URL.
    pub javascript: Option<String>,
    /// The crawl was stopped before its end: why.
    pub cut_short: Option<String>,
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
        let mut report = judge(&mine, blind);
        if report.status == Status::NotFound
            && report.evidence.is_empty()
            && COMPONENTS.contains(&criterion)
            && !standard_posters.is_empty()
        {
            // The standard is a poster: this part of it may well be on it.
            report = CriterionReport {
                status: Status::Inconclusive,
                reason: Some(
                    "the service standard is published as an image, which may hold it; needs a human look"
                        .to_string(),
                ),
                evidence: standard_posters.iter().take(3).map(|s| evidence(s)).collect(),
            };
        }
        if criterion.is_required() || report.status == Status::Found {
            reports.insert(criterion.key().to_string(), report);
        }
    }
    reports
}

fn judge(sightings: &[&Sighting], blind: &Blind) -> CriterionReport {
    let readable = |s: &&&Sighting| !matches!(s.finding.kind, FindingKind::Image { .. });
    let strong = sightings
        .iter()
        .filter(readable)
        .any(|s| s.finding.strength == Strength::Strong);
    let weak = sightings.iter().filter(readable).count() > 0;
    let images = sightings.iter().any(|s| !readable(&s));
    let evidence = sightings
        .iter()
        .take(MAX_EVIDENCE)
        .map(|s| evidence(s))
        .collect();
    // A word in passing is not publication: weak findings alone never make `found`; they are
    // listed so an assessor can look, and they do not hide why the rest could not be checked.
    let (status, reason) = if strong {
        (Status::Found, None)
    } else if let Some(why) = &blind.unreachable {
        (
            Status::Inconclusive,
            Some(format!("the site could not be read: {why}")),
        )
    } else if let Some(why) = &blind.cut_short {
        (
            Status::Inconclusive,
            Some(format!(
                "the crawl was cut short before it was found: {why}"
            )),
        )
    } else if let Some(url) = &blind.javascript {
        (
            Status::Inconclusive,
            Some(format!(
                "the site is built by JavaScript, which patuh does not run ({url} is an empty shell); check it in a browser"
            )),
        )
    } else if images {
        (
            Status::Inconclusive,
            Some("published as an image; needs a human look".to_string()),
        )
    } else if !blind.unread_documents.is_empty() {
        (
            Status::Inconclusive,
            Some(format!(
                "likely published in a document patuh does not read: {}",
                name_some(blind.unread_documents.iter().map(String::as_str))
            )),
        )
    } else if !blind.likely_unread.is_empty() {
        let named = blind
            .likely_unread
            .iter()
            .map(|(url, why)| format!("{url} ({why})"));
        (
            Status::Inconclusive,
            Some(format!(
                "pages that likely hold it could not be read: {}",
                name_some(named)
            )),
        )
    } else if weak {
        (
            Status::NotFound,
            Some(
                "only passing mentions were seen (listed as weak evidence); none publishes it"
                    .to_string(),
            ),
        )
    } else {
        (Status::NotFound, None)
    };
    CriterionReport {
        status,
        reason,
        evidence,
    }
}

fn name_some<I: IntoIterator<Item = S>, S: AsRef<str>>(items: I) -> String {
    let items: Vec<S> = items.into_iter().collect();
    let mut text = items
        .iter()
        .take(MAX_NAMED)
        .map(|s| s.as_ref())
        .collect::<Vec<_>>()
        .join("; ");
    if items.len() > MAX_NAMED {
        text.push_str(&format!("; and {} more", items.len() - MAX_NAMED));
    }
    text
}

/// A finding as a report recorded it, for reuse when its document has not changed.
pub fn finding_of(criterion: &str, evidence: &Evidence) -> Option<(Finding, Option<u32>)> {
    let kind = match &evidence.link {
        Some(link) if super::is_image_url(link) => FindingKind::Image { src: link.clone() },
        Some(link) => FindingKind::Link { href: link.clone() },
        None => FindingKind::Text,
    };
    let finding = Finding {
        criterion: Criterion::from_key(criterion)?,
        rule: evidence.rule.clone(),
        selector: evidence.selector.clone(),
        quote: evidence.quote.clone(),
        strength: if evidence.strength == "weak" {
            Strength::Weak
        } else {
            Strength::Strong
        },
        kind,
    };
    Some((finding, evidence.page))
}

fn evidence(sighting: &Sighting) -> Evidence {
    let finding = &sighting.finding;
    let link = match &finding.kind {
        FindingKind::Text => None,
        FindingKind::Image { src } => Some(src.clone()),
        FindingKind::Link { href } => Some(href.clone()),
    };
    Evidence {
        url: sighting.url.clone(),
        page: sighting.page,
        selector: finding.selector.clone(),
        rule: finding.rule.clone(),
        quote: finding.quote.clone(),
        sha256: sighting.sha256.clone(),
        fetched_at: sighting.fetched_at.clone(),
        strength: match finding.strength {
            Strength::Strong => "strong".to_string(),
            Strength::Weak => "weak".to_string(),
        },
        link,
    }
}
