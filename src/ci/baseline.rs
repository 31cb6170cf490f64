//! The baseline of a nightly run: a previous run's reports, read before the first request,
//! and what tonight's crawl takes from them (documents to revalidate, pages that published).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::crawl::Known;
use crate::crawl::fetch::Validators;
use crate::detect::verdict::finding_of;
use crate::report::{Report, SCHEMA_VERSION, Status, Strength};

/// `--baseline DIR` and the reports read from it.
#[derive(Debug)]
pub struct Baseline {
    /// The directory.
    pub dir: PathBuf,
    /// Its reports, sorted by site id.
    pub reports: Vec<Report>,
}

impl Baseline {
    /// Reads the reports of `dir`; an error names the file and what to do.
    pub fn read(dir: &Path) -> anyhow::Result<Baseline> {
        let reports = load_reports(dir)
            .with_context(|| format!("cannot use {} as --baseline", dir.display()))?;
        Ok(Baseline {
            dir: dir.to_path_buf(),
            reports,
        })
    }

    /// The documents of the baseline that can be revalidated (they carry an ETag or a
    /// Last-Modified), with what was found in them.
    pub fn known_documents(&self) -> HashMap<String, Known> {
        let mut known = HashMap::new();
        for report in &self.reports {
            for page in &report.pages {
                let validators = Validators {
                    etag: page.etag.clone(),
                    last_modified: page.last_modified.clone(),
                };
                let revalidatable = validators.etag.is_some() || validators.last_modified.is_some();
                if page.document_pages.is_none() || !revalidatable || page.error.is_some() {
                    continue;
                }
                let findings = report
                    .criteria
                    .iter()
                    .flat_map(|(key, criterion)| {
                        criterion
                            .evidence
                            .iter()
                            .filter(|e| e.url == page.final_url)
                            .filter_map(move |e| finding_of(key, e))
                    })
                    .collect();
                known.insert(
                    page.url.clone(),
                    Known {
                        validators,
                        sha256: page.sha256.clone(),
                        bytes: page.bytes,
                        document_pages: page.document_pages,
                        findings,
                    },
                );
            }
        }
        known
    }

    /// The URLs of the baseline's strong evidence of criteria found: the pages that published.
    pub fn published_pages(&self) -> HashSet<String> {
        self.reports
            .iter()
            .flat_map(|report| report.criteria.values())
            .filter(|criterion| criterion.status == Status::Found)
            .flat_map(|criterion| &criterion.evidence)
            .filter(|e| e.strength == Strength::Strong)
            .map(|e| e.url.clone())
            .collect()
    }
}

/// Reads every report in `dir`: each `*.json` file with `schema_version` and `site` fields,
/// sorted by site id. Other JSON (`summary.json`, a schema) is skipped.
///
/// A file that is not JSON, a report that does not parse, a report of a newer schema version
/// and two files of one site are errors naming the file(s).
pub fn load_reports(dir: &Path) -> anyhow::Result<Vec<Report>> {
    let paths = json_files(dir)?;
    let mut seen: BTreeMap<String, std::path::PathBuf> = BTreeMap::new();
    let mut reports = Vec::new();
    for path in paths {
        let Some(report) = read_report(&path)? else {
            continue;
        };
        if let Some(other) = seen.insert(report.site.id.clone(), path.clone()) {
            bail!(
                "{} and {} are both reports of site {}; keep one",
                other.display(),
                path.display(),
                report.site.id
            );
        }
        reports.push(report);
    }
    reports.sort_by(|a, b| a.site.id.cmp(&b.site.id));
    Ok(reports)
}

/// The `*.json` files directly in `dir`, sorted.
pub fn json_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the reports directory {}", dir.display()))?;
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry
            .with_context(|| format!("cannot list the reports directory {}", dir.display()))?;
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "json") && path.is_file() {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}

/// Reads one report file: `None` when it is JSON but not a report (`summary.json`, a
/// schema). A file that is not JSON, a report that does not parse and a report of a newer
/// schema version are errors naming the file.
pub fn read_report(path: &Path) -> anyhow::Result<Option<Report>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read report {}", path.display()))?;
    let value: serde_json::Value = serde_json::from_str(&text).with_context(|| {
        format!(
            "{} is not valid JSON; delete it or re-run `patuh crawl` for that site",
            path.display()
        )
    })?;
    let is_report = value.get("schema_version").is_some() && value.get("site").is_some();
    if !is_report {
        return Ok(None);
    }
    let version = value.get("schema_version").and_then(|v| v.as_u64());
    if version.is_some_and(|v| v > u64::from(SCHEMA_VERSION)) {
        bail!(
            "{} has report schema version {}, newer than this patuh reads ({SCHEMA_VERSION}); \
             use a newer patuh",
            path.display(),
            version.unwrap_or_default()
        );
    }
    let report: Report = serde_json::from_value(value).with_context(|| {
        format!(
            "{} is not a valid patuh report; delete it or re-run `patuh crawl` for that site",
            path.display()
        )
    })?;
    Ok(Some(report))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ci::fixtures::report;
    use crate::report::Status::Found;

    #[test]
    fn load_reports_reads_reports_and_skips_other_json() {
        let dir = tempfile::tempdir().expect("tempdir");
        let write = |name: &str, text: &str| {
            std::fs::write(dir.path().join(name), text).expect("write fixture");
        };
        for id in ["kota-b", "kab-a"] {
            let json = serde_json::to_string(&report(id, &[("fees", Found, &["Rp 0"])]))
                .expect("serialize");
            write(&format!("{id}.json"), &json);
        }
        write("summary.json", r#"{"schema_version": 1, "sites": []}"#);
        write("notes.txt", "not json at all");
        write("schema.json", r#"{"$schema": "x"}"#);
        let got = load_reports(dir.path()).expect("loads");
        let ids: Vec<&str> = got.iter().map(|r| r.site.id.as_str()).collect();
        assert_eq!(ids, ["kab-a", "kota-b"]);
    }

    #[test]
    fn load_reports_names_the_bad_file() {
        let good =
            serde_json::to_string(&report("kab-a", &[("fees", Found, &["Rp 0"])])).expect("json");
        let cases = [
            (
                "broken.json",
                r#"{"schema_version": 1, "site": {"id": "x"}}"#.to_string(),
                "broken.json is not a valid patuh report",
            ),
            (
                "cut.json",
                good[..good.len() / 2].to_string(),
                "cut.json is not valid JSON",
            ),
            (
                "future.json",
                good.replace(r#""schema_version":1"#, r#""schema_version":99"#),
                "newer than this patuh",
            ),
            (
                "kab-a-copy.json",
                good.clone(),
                "both reports of site kab-a",
            ),
        ];
        for (name, text, want) in cases {
            let dir = tempfile::tempdir().expect("tempdir");
            std::fs::write(dir.path().join("kab-a.json"), &good).expect("write");
            std::fs::write(dir.path().join(name), text).expect("write");
            let err = load_reports(dir.path()).expect_err(name);
            let msg = format!("{err:#}");
            assert!(msg.contains(want), "{name}: {msg}");
        }
        let missing = load_reports(Path::new("/nonexistent/patuh-baseline"))
            .expect_err("missing dir")
            .to_string();
        assert!(missing.contains("/nonexistent/patuh-baseline"), "{missing}");
    }
}
