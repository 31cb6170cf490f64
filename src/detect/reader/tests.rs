//! The reader on the shapes real standards come in, and on their look-alikes.

use super::*;

fn html(body: &str) -> Vec<(Criterion, String)> {
    let doc = Html::parse_document(body);
    read(&html_blocks(&doc))
        .into_iter()
        .map(|r| (r.criterion, r.quote))
        .collect()
}

fn criteria(readings: &[(Criterion, String)]) -> Vec<Criterion> {
    let mut found: Vec<Criterion> = readings.iter().map(|(c, _)| *c).collect();
    found.sort();
    found.dedup();
    found
}

#[test]
fn placeholder() {
    let got = html("<h2>Penerbitan KK</h2><p>1. Persyaratan: KTP</p><p>2. Biaya: Gratis</p><p>3. Jangka waktu: 1 hari</p>");
    assert!(criteria(&got).contains(&Criterion::Fees), "{got:?}");
}
