//! The four real government sites of `../shared/realworld/` (each as its own templates
//! rendered it), served by their own loopback server (`serve.py`, one 127.0.5.N address per
//! site): every criterion of every site must be one of the statuses `labels.json` accepts.

mod common;

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{assert_ran, crawl, report};

const CRITERIA: [&str; 4] = [
    "service_standard",
    "fees",
    "timelines",
    "complaint_channels",
];

fn realworld() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/realworld");
    assert!(
        dir.join("serve.py").is_file(),
        "{} is missing: the real-world sites live in the shared folder beside the clone",
        dir.display()
    );
    dir
}

/// The server of the sites, stopped when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `serve.py` on a free port with a sites list for that port; returns the list.
fn serve(dir: &std::path::Path, scratch: &std::path::Path) -> (Server, PathBuf) {
    let port = TcpListener::bind("127.0.5.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
        .port();
    let rows = std::fs::read_to_string(dir.join("sites.csv")).expect("sites.csv");
    let mut csv = String::new();
    for (n, line) in rows.lines().enumerate() {
        csv.push_str(&line.replace(":18096/", &format!(":{port}/")));
        csv.push('\n');
        assert!(
            n == 0 || line.contains(":18096/"),
            "sites.csv row {n}: {line}"
        );
    }
    let sites = scratch.join("sites.csv");
    std::fs::write(&sites, csv).expect("write the sites list");
    let mut child = Command::new("python3")
        .arg(dir.join("serve.py"))
        .arg(port.to_string())
        .arg("--sites-csv")
        .arg(&sites)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("python3 runs serve.py");
    let stdout = child.stdout.take().expect("piped stdout");
    let server = Server(child);
    // serve.py prints a line per site, then "serving N sites": wait for that, at most 20 s.
    let started = Instant::now();
    let mut lines = BufReader::new(stdout).lines();
    loop {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "serve.py did not start"
        );
        match lines.next() {
            Some(Ok(line)) if line.starts_with("serving") => break,
            Some(Ok(_)) => {}
            _ => panic!("serve.py stopped before serving"),
        }
    }
    (server, sites)
}

#[test]
fn every_criterion_of_the_real_sites_has_an_accepted_status() {
    let dir = realworld();
    let scratch = tempfile::tempdir().expect("temp dir");
    let out = tempfile::tempdir().expect("temp dir");
    let (_server, sites) = serve(&dir, scratch.path());
    let sites = sites.to_str().expect("UTF-8 path");
    assert_ran(&crawl(out.path(), &["--sites", sites, "--allow-private"]));
    let labels: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("labels.json")).expect("labels.json"),
    )
    .expect("labels.json is JSON");
    let labels = labels.as_object().expect("labels.json maps site ids");
    assert_eq!(labels.len(), 4, "the four sites");
    let mut wrong = Vec::new();
    for (site, label) in labels {
        let report = report(out.path(), site);
        for criterion in CRITERIA {
            let accepted: Vec<&str> = label[criterion]
                .as_array()
                .expect("accepted statuses")
                .iter()
                .filter_map(|s| s.as_str())
                .collect();
            let got =
                serde_json::to_value(report.criteria[criterion].status).expect("status serialises");
            let got = got.as_str().expect("status is a string").to_string();
            if !accepted.contains(&got.as_str()) {
                wrong.push(format!(
                    "{site} {criterion}: got {got}, accepted {accepted:?}"
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
