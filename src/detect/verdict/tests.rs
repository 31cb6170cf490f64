//! The verdict's decisions, case by case.

use super::*;

const PAGE: &str = "http://kab.go.id/";

fn sighting(criterion: Criterion, strength: Strength, url: &str) -> Sighting {
    Sighting {
        finding: Finding {
            criterion,
            rule: "test-rule".to_string(),
            selector: None,
            quote: "Biaya: Gratis".to_string(),
            strength,
            kind: FindingKind::Text,
        },
        url: url.to_string(),
        page: None,
        sha256: "ab".repeat(32),
        fetched_at: "2026-12-01T00:00:00Z".to_string(),
        document: false,
    }
}

/// A page linked from the home page as `text`, which could not be read.
fn unread(path: &str, text: &str, status: Option<u16>, why: &str) -> Unread {
    Unread {
        url: format!("{PAGE}{path}"),
        status,
        why: why.to_string(),
        relevance: super::super::link_relevance(
            &url::Url::parse(&format!("{PAGE}{path}")).expect("test URL"),
            text,
        ),
        linked: Some(Linked {
            from: PAGE.to_string(),
            text: text.to_string(),
            sha256: "cd".repeat(32),
            fetched_at: "2026-12-01T00:00:00Z".to_string(),
        }),
        fetched_at: "2026-12-01T00:00:01Z".to_string(),
    }
}

fn http(path: &str, text: &str, status: u16) -> Unread {
    unread(path, text, Some(status), &format!("HTTP {status}"))
}

/// A site whose crawl could not read `unread`.
struct Case {
    name: &'static str,
    unread: Vec<Unread>,
    /// Another page publishes the fees.
    fees_found: bool,
    /// What `fees` must be.
    fees: Status,
    /// What `service_standard` must be.
    standard: Status,
    /// Broken links listed under `service_standard`.
    broken: usize,
}

/// Every case of a page the crawl could not read, one site each: what the criteria not
/// found elsewhere become, and the broken links they list.
#[test]
fn what_an_unread_page_makes_of_a_criterion_not_found_elsewhere() {
    let robots = "robots.txt forbids it";
    let timeout = "network error: timed out after 10s";
    let cases = [
        Case {
            name: "404 page",
            unread: vec![http("standar-pelayanan/", "Standar Pelayanan", 404)],
            fees_found: false,
            fees: Status::NotFound,
            standard: Status::NotFound,
            broken: 1,
        },
        Case {
            name: "404 document",
            unread: vec![http("uploads/sp-2025.pdf", "Unduh Standar Pelayanan", 404)],
            fees_found: false,
            fees: Status::NotFound,
            standard: Status::NotFound,
            broken: 1,
        },
        Case {
            name: "410",
            unread: vec![http("maklumat-pelayanan/", "Maklumat Pelayanan", 410)],
            fees_found: false,
            fees: Status::NotFound,
            standard: Status::NotFound,
            broken: 1,
        },
        Case {
            name: "403",
            unread: vec![http("standar-pelayanan/", "Standar Pelayanan", 403)],
            fees_found: false,
            fees: Status::Inconclusive,
            standard: Status::Inconclusive,
            broken: 0,
        },
        Case {
            name: "401",
            unread: vec![http("standar-pelayanan/", "Standar Pelayanan", 401)],
            fees_found: false,
            fees: Status::Inconclusive,
            standard: Status::Inconclusive,
            broken: 0,
        },
        Case {
            name: "429",
            unread: vec![http("standar-pelayanan/", "Standar Pelayanan", 429)],
            fees_found: false,
            fees: Status::Inconclusive,
            standard: Status::Inconclusive,
            broken: 0,
        },
        Case {
            name: "503 on the services section",
            unread: vec![http("layanan/", "Layanan", 503)],
            fees_found: false,
            fees: Status::Inconclusive,
            standard: Status::Inconclusive,
            broken: 0,
        },
        Case {
            name: "timeout",
            unread: vec![unread(
                "standar-pelayanan/",
                "Standar Pelayanan",
                None,
                timeout,
            )],
            fees_found: false,
            fees: Status::Inconclusive,
            standard: Status::Inconclusive,
            broken: 0,
        },
        Case {
            name: "robots-forbidden services menu",
            unread: vec![unread("layanan/", "Layanan", None, robots)],
            fees_found: false,
            fees: Status::Inconclusive,
            standard: Status::Inconclusive,
            broken: 0,
        },
        Case {
            name: "robots-forbidden PPID menu",
            unread: vec![unread("ppid/", "PPID", None, robots)],
            fees_found: false,
            fees: Status::Inconclusive,
            standard: Status::Inconclusive,
            broken: 0,
        },
        Case {
            name: "robots-forbidden news",
            unread: vec![unread("berita/", "Berita", None, robots)],
            fees_found: false,
            fees: Status::NotFound,
            standard: Status::NotFound,
            broken: 0,
        },
        Case {
            name: "failing news",
            unread: vec![http("berita/", "Berita Terkini", 503)],
            fees_found: false,
            fees: Status::NotFound,
            standard: Status::NotFound,
            broken: 0,
        },
        Case {
            name: "found elsewhere despite a broken link",
            unread: vec![http("standar-pelayanan/", "Standar Pelayanan", 404)],
            fees_found: true,
            fees: Status::Found,
            standard: Status::NotFound,
            broken: 1,
        },
        Case {
            name: "a broken link beside a page that could not be checked",
            unread: vec![
                http("standar-pelayanan/", "Standar Pelayanan", 404),
                http("pengaduan/", "Pengaduan", 503),
            ],
            fees_found: false,
            fees: Status::Inconclusive,
            standard: Status::Inconclusive,
            broken: 1,
        },
    ];
    for Case {
        name: case,
        unread,
        fees_found,
        fees: want_fees,
        standard: want_standard,
        broken: broken_listed,
    } in cases
    {
        let blind = Blind {
            unread,
            ..Blind::default()
        };
        let sightings: Vec<Sighting> = if fees_found {
            vec![sighting(
                Criterion::Fees,
                Strength::Strong,
                "http://kab.go.id/biaya/",
            )]
        } else {
            Vec::new()
        };
        let reports = verdicts(&sightings, &blind);
        let fees = &reports["fees"];
        let standard = &reports["service_standard"];
        assert_eq!(fees.status, want_fees, "{case}: {fees:?}");
        assert_eq!(standard.status, want_standard, "{case}: {standard:?}");
        let broken: Vec<&Evidence> = standard
            .evidence
            .iter()
            .filter(|e| e.kind == EvidenceKind::BrokenLink)
            .collect();
        assert_eq!(broken.len(), broken_listed, "{case}: {standard:?}");
        for link in broken {
            assert_eq!(link.url, PAGE, "{case}: the page that links it");
            let gone = blind.unread.iter().find(|u| u.is_gone()).expect("a 404");
            let text = &gone.linked.as_ref().expect("linked").text;
            assert_eq!(link.link.as_ref(), Some(&gone.url), "{case}: {link:?}");
            let shown = format!("{text} ({}) → HTTP", gone.url);
            assert!(link.quote.starts_with(&shown), "{case}: {link:?}");
            assert!(matches!(link.status, Some(404 | 410)), "{case}: {link:?}");
            assert_eq!(
                link.strength,
                Strength::Weak,
                "{case}: a broken link publishes nothing"
            );
            assert_eq!(
                link.sha256,
                "cd".repeat(32),
                "{case}: the linking page's hash"
            );
            assert!(finding_of("service_standard", link).is_none(), "{case}");
        }
        if want_fees == Status::Found {
            assert!(
                fees.evidence
                    .iter()
                    .all(|e| e.kind != EvidenceKind::BrokenLink),
                "{case}: a criterion found lists what publishes it: {fees:?}"
            );
        }
        match want_standard {
            Status::Inconclusive => {
                let reason = standard.reason.as_deref().unwrap_or_default();
                let unchecked = blind.unread.iter().find(|u| !u.is_gone()).expect("one");
                assert!(reason.contains(unchecked.url.as_str()), "{case}: {reason}");
                let kind = if unchecked.relevance >= LIKELY {
                    ReasonKind::LikelyUnread
                } else {
                    ReasonKind::SectionUnread
                };
                assert_eq!(standard.reason_kind, Some(kind), "{case}");
            }
            Status::NotFound if broken_listed > 0 => {
                let reason = standard.reason.as_deref().unwrap_or_default();
                assert!(reason.contains("broken link"), "{case}: {reason}");
                assert_eq!(
                    standard.reason_kind,
                    Some(ReasonKind::BrokenLinks),
                    "{case}"
                );
            }
            _ => {
                assert_eq!(standard.reason, None, "{case}: {standard:?}");
                assert_eq!(standard.reason_kind, None, "{case}");
            }
        }
    }
}

#[test]
fn a_report_written_before_evidence_kinds_reads_back_as_it_was_meant() {
    let old = r#"{"url":"http://kab.go.id/","rule":"r","quote":"q","sha256":"","fetched_at":"",
        "strength":"weak","link":"http://kab.go.id/sp.jpg"}"#;
    let evidence: Evidence = serde_json::from_str(old).expect("an old evidence item");
    assert_eq!(evidence.kind, EvidenceKind::Text);
    let (finding, _) = finding_of("fees", &evidence).expect("a finding");
    assert!(
        matches!(finding.kind, FindingKind::Image { .. }),
        "{finding:?}"
    );
    let mut link = evidence.clone();
    link.kind = EvidenceKind::Link;
    link.link = Some("https://www.lapor.go.id/".to_string());
    let (finding, _) = finding_of("complaint_channels", &link).expect("a finding");
    assert!(
        matches!(finding.kind, FindingKind::Link { .. }),
        "{finding:?}"
    );
}

#[test]
fn each_kind_of_evidence_reads_back_as_the_finding_it_was() {
    let kinds = [
        (FindingKind::Text, false, EvidenceKind::Text),
        (FindingKind::Text, true, EvidenceKind::Document),
        (
            FindingKind::Link {
                href: "https://www.lapor.go.id/".to_string(),
            },
            false,
            EvidenceKind::Link,
        ),
        (
            // An image whose URL does not end like one: its kind says what it is.
            FindingKind::Image {
                src: "http://kab.go.id/media/get?id=7".to_string(),
            },
            false,
            EvidenceKind::Image,
        ),
    ];
    for (kind, document, want) in kinds {
        let mut seen = sighting(Criterion::Fees, Strength::Weak, "http://kab.go.id/sp.pdf");
        seen.finding.kind = kind;
        seen.document = document;
        seen.page = document.then_some(2);
        let shown = evidence(&seen);
        assert_eq!(shown.kind, want);
        let text = serde_json::to_string(&shown).expect("serialise");
        let back: Evidence = serde_json::from_str(&text).expect("read back");
        let (finding, page) = finding_of("fees", &back).expect("a finding");
        assert_eq!(finding, seen.finding, "{want:?}");
        assert_eq!(page, seen.page, "{want:?}");
    }
}

#[test]
fn a_broken_links_text_reads_back_from_its_quote() {
    let linked = broken_link(&http("standar-pelayanan/", "Standar Pelayanan", 404));
    assert_eq!(broken_link_text(&linked), Some("Standar Pelayanan"));
    let mut listed = http("sp.pdf", "", 410);
    listed.linked = None;
    assert_eq!(broken_link_text(&broken_link(&listed)), Some(""));
    let other = Evidence {
        quote: "a dead menu item".to_string(),
        ..linked
    };
    assert_eq!(broken_link_text(&other), None);
}
