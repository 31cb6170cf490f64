//! The HTML benchmark: `patuh report` over 550 reports (the nightly run's size), copies of
//! the golden fixture reports with distinct ids and provinces, timed end to end with the
//! release binary (reading, rendering, writing 551 files). Prints the seconds.
//!
//! ```sh
//! cargo build --release --examples && cargo run --release --example bench_report
//! cargo run --release --example bench_report -- --sites 2000
//! ```

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use clap::Parser;

#[derive(Debug, Parser)]
#[command(about = "Times `patuh report` on copies of the golden fixture reports")]
struct Args {
    /// How many reports.
    #[arg(long, default_value_t = 550)]
    sites: usize,
    /// The patuh binary (default: target/release/patuh).
    #[arg(long)]
    patuh: Option<PathBuf>,
}

const PROVINCES: [&str; 4] = ["Jawa Barat", "Bali", "Papua", "Sulawesi Selatan"];

fn main() -> ExitCode {
    let args = Args::parse();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let patuh = args
        .patuh
        .unwrap_or_else(|| root.join("target/release/patuh"));
    let dir = tempfile::tempdir().expect("a temporary directory");
    let golden = root.join("fixtures/golden");
    let mut sources: Vec<serde_json::Value> = std::fs::read_dir(&golden)
        .expect("fixtures/golden lists")
        .map(|entry| {
            let text = std::fs::read_to_string(entry.expect("entry").path()).expect("reads");
            serde_json::from_str(&text).expect("a golden report is JSON")
        })
        .collect();
    sources.sort_by_key(|r| r["site"]["id"].as_str().unwrap_or_default().to_string());
    for n in 0..args.sites {
        let mut report = sources[n % sources.len()].clone();
        let id = format!("{}-{n:04}", report["site"]["id"].as_str().unwrap_or("site"));
        report["site"]["id"] = id.clone().into();
        report["site"]["extra"]["provinsi"] = PROVINCES[n % PROVINCES.len()].into();
        let text = serde_json::to_string(&report)
            .expect("serialises")
            .replace("\"<time>\"", "\"2026-11-23T01:02:03Z\"");
        std::fs::write(dir.path().join(format!("{id}.json")), text).expect("writes a report");
    }
    let clock = Instant::now();
    let status = Command::new(&patuh)
        .arg("report")
        .arg(dir.path())
        .status()
        .unwrap_or_else(|err| panic!("cannot run {}: {err}; build it first", patuh.display()));
    let seconds = clock.elapsed().as_secs_f64();
    if !status.success() {
        eprintln!("patuh report failed: {status}");
        return ExitCode::FAILURE;
    }
    println!("report: {} reports rendered in {seconds:.2} s", args.sites);
    ExitCode::SUCCESS
}
