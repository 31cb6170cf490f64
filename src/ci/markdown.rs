//! The Markdown of a run for a GitHub job summary or a GitLab merge-request note: a headline,
//! what changed since the baseline, then every site's required criteria.

use std::fmt::Write as _;

use super::summary::{Change, ChangeKind, SiteSummary, Summary};
use crate::profile::Criterion;
use crate::report::{Status, name_of};

/// Rows of a table shown before the rest is folded into `<details>`.
const VISIBLE_ROWS: usize = 50;

/// Characters of a cell, at most.
const CELL_CHARS: usize = 200;

/// The run as Markdown: headline, "What changed" (the most urgent first), then a table of the
/// sites with one column per required criterion. Tables longer than 50 rows fold the rest.
/// Text from sites is escaped (`|`, newlines, HTML), so a quote cannot break the tables.
pub fn markdown(summary: &Summary) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## patuh: {}\n", headline(summary));
    let mut about = Vec::new();
    if let Some(baseline) = &summary.baseline {
        about.push(format!("compared with {}", cell(baseline)));
    }
    if let Some(shard) = &summary.shard {
        about.push(format!("shard {}", cell(shard)));
    }
    about.push(format!("generated {}", cell(&summary.generated_at)));
    let _ = writeln!(out, "{}\n", about.join(" · "));

    out.push_str("### What changed\n\n");
    if summary.baseline.is_none() {
        out.push_str("No baseline: nothing to compare with.\n\n");
    } else if summary.changes.is_empty() {
        out.push_str("Nothing changed since the baseline.\n\n");
    } else {
        let mut changes: Vec<&Change> = summary.changes.iter().collect();
        changes.sort_by_key(|c| urgency(c.kind));
        let rows: Vec<String> = changes.iter().map(|c| change_row(c)).collect();
        table(
            &mut out,
            "| Site | Criterion | Change | Before → After | Detail |\n|---|---|---|---|---|",
            &rows,
        );
    }

    out.push_str("### Sites\n\n");
    let mut header = String::from("| Site | Outcome |");
    let mut rule = String::from("|---|---|");
    for c in Criterion::REQUIRED {
        let _ = write!(header, " {} |", c.key());
        rule.push_str(":---:|");
    }
    let rows: Vec<String> = summary.sites.iter().map(site_row).collect();
    table(&mut out, &format!("{header}\n{rule}"), &rows);
    out
}

/// "550 sites: 12 regressions, 3 improvements, 40 inconclusive"; without a baseline, the
/// state of the run instead.
fn headline(summary: &Summary) -> String {
    let t = &summary.totals;
    let sites = plural(t.sites, "site", "sites");
    if summary.baseline.is_some() {
        let mut parts = vec![
            plural(t.regressions, "regression", "regressions"),
            plural(t.improvements, "improvement", "improvements"),
            format!("{} inconclusive", t.inconclusive_changes),
        ];
        if t.evidence_changes > 0 {
            parts.push(format!("{} evidence changed", t.evidence_changes));
        }
        format!("{sites}: {}", parts.join(", "))
    } else {
        let missing = summary
            .sites
            .iter()
            .filter(|s| {
                Criterion::REQUIRED
                    .iter()
                    .any(|c| s.criteria.get(c.key()) == Some(&Status::NotFound))
            })
            .count();
        format!(
            "{sites}: {} complete, {} partial, {} unreachable, {} missing a required criterion",
            t.complete, t.partial, t.unreachable, missing
        )
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The order of the "What changed" table: what needs a look first.
fn urgency(kind: ChangeKind) -> u8 {
    match kind {
        ChangeKind::Regressed => 0,
        ChangeKind::EvidenceChanged => 1,
        ChangeKind::Unreachable => 2,
        ChangeKind::MissingSite => 3,
        ChangeKind::BecameInconclusive => 4,
        ChangeKind::Improved => 5,
        ChangeKind::Resolved => 6,
        ChangeKind::NewSite => 7,
    }
}

fn change_row(change: &Change) -> String {
    let kind = match change.kind {
        ChangeKind::Regressed => "🔴 regressed",
        ChangeKind::Improved => "🟢 improved",
        ChangeKind::BecameInconclusive => "⚠️ became inconclusive",
        ChangeKind::Resolved => "resolved (checked: not there)",
        ChangeKind::EvidenceChanged => "🔶 evidence changed",
        ChangeKind::NewSite => "new site",
        ChangeKind::MissingSite => "missing site",
        ChangeKind::Unreachable => "⚠️ unreachable",
    };
    let status = |s: Option<Status>| s.map_or("—", status_cell);
    format!(
        "| {} | {} | {kind} | {} → {} | {} |",
        cell(&change.site),
        change
            .criterion
            .as_deref()
            .map_or("(site)".to_string(), cell),
        status(change.before),
        status(change.after),
        change.detail.as_deref().map(cell).unwrap_or_default(),
    )
}

fn site_row(site: &SiteSummary) -> String {
    let name = match &site.name {
        Some(name) => format!("{} ({})", cell(&site.id), cell(name)),
        None => cell(&site.id),
    };
    let outcome = name_of(&site.outcome);
    let outcome = match &site.reason {
        Some(reason) => format!("{outcome}: {}", cell(reason)),
        None => outcome,
    };
    let mut row = format!("| {name} | {outcome} |");
    for c in Criterion::REQUIRED {
        let _ = write!(
            row,
            " {} |",
            site.criteria.get(c.key()).map_or("—", |s| status_cell(*s))
        );
    }
    row
}

fn status_cell(status: Status) -> &'static str {
    match status {
        Status::Found => "✅ found",
        Status::NotFound => "❌ not found",
        Status::Inconclusive => "⚠️ inconclusive",
    }
}

/// A table: the first rows shown, the rest folded under `<details>` with the header repeated.
fn table(out: &mut String, header: &str, rows: &[String]) {
    let (shown, folded) = rows.split_at(rows.len().min(VISIBLE_ROWS));
    let _ = writeln!(out, "{header}");
    for row in shown {
        let _ = writeln!(out, "{row}");
    }
    out.push('\n');
    if !folded.is_empty() {
        let _ = writeln!(
            out,
            "<details><summary>{} more rows</summary>\n\n{header}",
            folded.len()
        );
        for row in folded {
            let _ = writeln!(out, "{row}");
        }
        out.push_str("\n</details>\n\n");
    }
}

/// Text made safe for a table cell: `|` escaped, line breaks as `<br>`, HTML and Markdown
/// specials neutralised, at most 200 characters.
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = 0;
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let mut first = true;
    'lines: for line in lines.by_ref() {
        if !first {
            out.push_str("<br>");
        }
        first = false;
        for c in line.chars() {
            if chars == CELL_CHARS {
                out.push('…');
                break 'lines;
            }
            chars += 1;
            match c {
                '|' => out.push_str("\\|"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '&' => out.push_str("&amp;"),
                '`' | '*' | '_' | '[' | ']' | '\\' => {
                    out.push('\\');
                    out.push(c);
                }
                c if c.is_control() => out.push(' '),
                c => out.push(c),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ci::fixtures::{report, unreachable};
    use crate::ci::summary::summarize;
    use crate::report::Report;

    #[test]
    fn cells_are_escaped() {
        let cases = [
            ("Biaya | Tarif", "Biaya \\| Tarif"),
            ("satu\ndua\r\ntiga", "satu<br>dua<br>tiga"),
            ("<script>x</script>", "&lt;script&gt;x&lt;/script&gt;"),
            ("kab_a *b*", "kab\\_a \\*b\\*"),
            ("tab\there", "tab here"),
        ];
        for (input, want) in cases {
            assert_eq!(cell(input), want, "{input:?}");
        }
        let long = "x".repeat(500);
        assert_eq!(cell(&long).chars().count(), CELL_CHARS + 1);
    }

    #[test]
    fn markdown_leads_with_the_headline_and_changes() {
        let base = vec![
            report("kab-a", &[("fees", Status::Found, &["Rp 50.000"])]),
            report("kab-b", &[("fees", Status::NotFound, &[])]),
        ];
        let now = vec![
            report("kab-a", &[("fees", Status::Found, &["Biaya | Rp 75.000"])]),
            report("kab-b", &[("fees", Status::Found, &["Gratis"])]),
            unreachable("kab-c"),
        ];
        let s = summarize(&now, Some(&base), "T".into(), Some("nightly/".into()), None);
        let md = markdown(&s);
        let wants = [
            "## patuh: 3 sites: 0 regressions, 1 improvement, 0 inconclusive, 1 evidence changed",
            "| kab-a | fees | 🔶 evidence changed | ✅ found → ✅ found | removed: \"rp 50.000\"; added: \"biaya \\| rp 75.000\" |",
            "| kab-c | (site) | new site | — → — |  |",
            "| kab-a (Pemerintah kab-a) | complete | — | ✅ found | — | — |",
            "| kab-c (Pemerintah kab-c) | unreachable: https://kab-c.go.id/: connection refused | ⚠️ inconclusive | ⚠️ inconclusive | — | — |",
            "| Site | Outcome | service_standard | fees | timelines | complaint_channels |",
        ];
        for want in wants {
            assert!(md.contains(want), "missing {want:?} in\n{md}");
        }
        let changed = md.find("### What changed").expect("changes section");
        let sites = md.find("### Sites").expect("sites section");
        assert!(changed < sites);
        // the evidence change is more urgent than the improvement
        let evidence = md.find("evidence changed |").expect("evidence row");
        let improved = md.find("🟢 improved").expect("improved row");
        assert!(evidence < improved);
        assert!(!md.contains("<details>"));
    }

    #[test]
    fn long_tables_fold_after_fifty_rows() {
        let reports: Vec<Report> = (0..60)
            .map(|i| report(&format!("kab-{i:02}"), &[("fees", Status::NotFound, &[])]))
            .collect();
        let md = markdown(&summarize(&reports, None, "T".into(), None, None));
        assert!(md.contains("No baseline"), "{md}");
        assert!(md.contains("60 sites: 60 complete, 0 partial, 0 unreachable, 60 missing"));
        assert!(
            md.contains("<details><summary>10 more rows</summary>"),
            "{md}"
        );
        let folded = &md[md.find("<details>").expect("details")..];
        assert!(folded.contains("| Site | Outcome |"), "header repeated");
        assert!(folded.contains("kab-50") && !folded.contains("kab-49"));
        assert!(folded.trim_end().ends_with("</details>"));
    }
}
