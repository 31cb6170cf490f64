//! The CSV of a run: one row per site with its status per criterion, for spreadsheets.

use super::summary::Summary;
use crate::profile::Criterion;
use crate::report::name_of;

/// The columns before the criteria.
const LEADING: [&str; 5] = ["id", "name", "url", "outcome", "reason"];

/// The run as CSV with the header
/// `id,name,url,outcome,reason,service_standard,fees,timelines,complaint_channels,requirements,procedure,service_products,service_pledge,report`:
/// one row per site in summary order, a criterion's cell `found`, `not_found`, `inconclusive`
/// or empty when the report does not have it; `report` is the report's file name.
pub fn csv(summary: &Summary) -> String {
    let mut out = ::csv::Writer::from_writer(Vec::new());
    let header = LEADING
        .into_iter()
        .chain(Criterion::ALL.iter().map(|c| c.key()))
        .chain(["report"]);
    out.write_record(header)
        .expect("writing to memory cannot fail");
    for site in &summary.sites {
        let outcome = name_of(&site.outcome);
        let mut row = vec![
            site.id.clone(),
            site.name.clone().unwrap_or_default(),
            site.url.clone(),
            outcome,
            site.reason.clone().unwrap_or_default(),
        ];
        row.extend(
            Criterion::ALL
                .iter()
                .map(|c| site.criteria.get(c.key()).map(name_of).unwrap_or_default()),
        );
        row.push(site.report.clone());
        out.write_record(&row)
            .expect("writing to memory cannot fail, and every row has the header's length");
    }
    let bytes = out.into_inner().expect("flushing to memory cannot fail");
    String::from_utf8(bytes).expect("CSV of UTF-8 strings is UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ci::fixtures::{report, unreachable};
    use crate::ci::summary::summarize;
    use crate::report::Status;

    #[test]
    fn csv_has_the_header_and_a_row_per_site() {
        let mut comma = report(
            "kota-b",
            &[
                ("fees", Status::Found, &["Rp 0"]),
                ("timelines", Status::NotFound, &[]),
                ("service_pledge", Status::Found, &["Maklumat"]),
            ],
        );
        comma.site.name = Some("Pemerintah Kota B, \"Kota Beriman\"".into());
        let reports = vec![comma, unreachable("kab-a")];
        let text = csv(&summarize(&reports, None, "T".into(), None, None));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            [
                "id,name,url,outcome,reason,service_standard,fees,timelines,complaint_channels,requirements,procedure,service_products,service_pledge,report",
                "kab-a,Pemerintah kab-a,https://kab-a.go.id/,unreachable,https://kab-a.go.id/: connection refused,inconclusive,inconclusive,,,,,,,kab-a.json",
                "kota-b,\"Pemerintah Kota B, \"\"Kota Beriman\"\"\",https://kota-b.go.id/,complete,,,found,not_found,,,,,found,kota-b.json",
            ]
        );
        // and it reads back with the csv crate
        let mut reader = ::csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<::csv::StringRecord> =
            reader.records().collect::<Result<_, _>>().expect("parses");
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[1][1], "Pemerintah Kota B, \"Kota Beriman\"");
    }
}
