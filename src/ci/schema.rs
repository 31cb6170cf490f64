//! JSON Schemas (draft 2020-12) of the two contracts CI reads: a site's report and
//! `summary.json`, generated from the serde types so they cannot drift apart.

use crate::ci::summary::Summary;
use crate::report::Report;

/// The JSON Schema of a report (`<site-id>.json`).
pub fn report_schema() -> serde_json::Value {
    schemars::schema_for!(Report).to_value()
}

/// The JSON Schema of `summary.json`.
pub fn summary_schema() -> serde_json::Value {
    schemars::schema_for!(Summary).to_value()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ci::fixtures::{report, unreachable};
    use crate::ci::summary::summarize;
    use crate::report::Status;

    fn errors(schema: &serde_json::Value, instance: &serde_json::Value) -> Vec<String> {
        let validator = jsonschema::validator_for(schema).expect("the schema compiles");
        validator
            .iter_errors(instance)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect()
    }

    fn golden(name: &str) -> serde_json::Value {
        let path = format!("{}/fixtures/golden/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).expect("golden report");
        serde_json::from_str(&text).expect("golden report is JSON")
    }

    #[test]
    fn the_report_schema_says_what_each_status_means() {
        let schema = report_schema();
        let status = &schema["$defs"]["Status"]["oneOf"];
        let meaning = |value: &str| {
            status
                .as_array()
                .and_then(|all| all.iter().find(|s| s["const"] == value))
                .and_then(|s| s["description"].as_str())
                .unwrap_or_default()
                .to_string()
        };
        let not_found = meaning("not_found");
        assert!(
            not_found.contains("404 or 410") && not_found.contains("broken_link"),
            "{not_found}"
        );
        let inconclusive = meaning("inconclusive");
        for words in ["robots.txt", "services section", "5xx", "time-outs"] {
            assert!(inconclusive.contains(words), "{words}: {inconclusive}");
        }
        let kinds = &schema["$defs"]["EvidenceKind"]["oneOf"];
        let kinds: Vec<&str> = kinds
            .as_array()
            .map(|all| all.iter().filter_map(|k| k["const"].as_str()).collect())
            .unwrap_or_default();
        assert_eq!(kinds, ["text", "document", "link", "image", "broken_link"]);
    }

    #[test]
    fn schemas_are_draft_2020_12() {
        for schema in [report_schema(), summary_schema()] {
            assert_eq!(
                schema["$schema"],
                "https://json-schema.org/draft/2020-12/schema"
            );
        }
        let required = report_schema()["required"].clone();
        for key in [
            "schema_version",
            "tool",
            "site",
            "outcome",
            "criteria",
            "pages",
            "stats",
        ] {
            assert!(
                required
                    .as_array()
                    .is_some_and(|r| r.iter().any(|k| k == key)),
                "{key} not required in {required}"
            );
        }
    }

    #[test]
    fn real_reports_validate_against_the_report_schema() {
        let schema = report_schema();
        for name in [
            "kota-sejahtera.json",
            "kab-pulauindah.json",
            "dukcapil-sukamaju.json",
        ] {
            let got = errors(&schema, &golden(name));
            assert!(got.is_empty(), "{name}: {got:#?}");
        }
    }

    #[test]
    fn the_report_schema_rejects_what_is_not_a_report() {
        let schema = report_schema();
        let mut bad_status = golden("kota-sejahtera.json");
        bad_status["criteria"]["fees"]["status"] = "maybe".into();
        let mut no_site = golden("kota-sejahtera.json");
        if let Some(map) = no_site.as_object_mut() {
            map.remove("site");
        }
        let mut bad_outcome = golden("kota-sejahtera.json");
        bad_outcome["outcome"] = 3.into();
        for (name, instance) in [
            ("unknown status", bad_status),
            ("no site", no_site),
            ("outcome not a string", bad_outcome),
        ] {
            assert!(!errors(&schema, &instance).is_empty(), "{name} validates");
        }
    }

    #[test]
    fn summaries_validate_against_the_summary_schema() {
        let base = vec![report("kab-a", &[("fees", Status::Found, &["Rp 50.000"])])];
        let now = vec![
            report("kab-a", &[("fees", Status::NotFound, &[])]),
            unreachable("kab-b"),
        ];
        let summary = summarize(
            &now,
            Some(&base),
            "T".into(),
            Some("b".into()),
            Some("1/2".into()),
        );
        let instance = serde_json::to_value(&summary).expect("serialize");
        let schema = summary_schema();
        let got = errors(&schema, &instance);
        assert!(got.is_empty(), "{got:#?}");
        // keys always written, so consumers may rely on them, null or not
        let change_required = &schema["$defs"]["Change"]["required"];
        for key in ["site", "criterion", "kind", "before", "after", "detail"] {
            assert!(
                change_required
                    .as_array()
                    .is_some_and(|r| r.iter().any(|k| k == key)),
                "{key} not required in {change_required}"
            );
        }
        let mut bad = instance.clone();
        bad["changes"][0]["kind"] = "exploded".into();
        assert!(!errors(&schema, &bad).is_empty());
    }
}
