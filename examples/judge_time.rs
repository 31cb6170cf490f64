//! Parse and judge cost per page, without the network: parses each HTML file given (or every
//! page under `fixtures/web`) 20 times with the default profile and prints the mean time of the
//! html5ever parse, of `judge_html` and of the link extraction with each link's relevance, and
//! the findings count (which must not change when detection is made faster).
//!
//! ```sh
//! cargo run --release --example judge_time                    # the fixture pages
//! cargo run --release --example judge_time -- page.html ...   # given pages
//! BENCH_SHOW_PAGE=1 target/release/examples/bench throughput > bench.html   # a benchmark page
//! ```

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const ROUNDS: usize = 20;

/// The allocator the `patuh` binary uses, so the times are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut files: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if files.is_empty() {
        collect_html(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/web"),
            &mut files,
        );
    }
    files.sort();
    let pages: Vec<Vec<u8>> = files
        .iter()
        .map(|file| std::fs::read(file).unwrap_or_else(|err| panic!("{}: {err}", file.display())))
        .collect();
    let profile = patuh::profile::Profile::default_profile();
    let url = url::Url::parse("https://www.contohkab.go.id/berita/1/").expect("a valid URL");
    let (mut parse, mut judge, mut findings) = (Duration::ZERO, Duration::ZERO, 0);
    let mut links = Duration::ZERO;
    for _ in 0..ROUNDS {
        for body in &pages {
            let started = Instant::now();
            let html = patuh::document::parse_html(body, Some("text/html"));
            let parsed = Instant::now();
            findings += patuh::detect::judge_html(profile, &url, &html).len();
            judge += parsed.elapsed();
            let judged = Instant::now();
            let page = patuh::document::page_links(&html, &url);
            for link in &page.links {
                std::hint::black_box(patuh::detect::link_relevance(&link.url, &link.text));
            }
            links += judged.elapsed();
            parse += parsed - started;
        }
    }
    let n = (ROUNDS * pages.len()).max(1) as f64;
    println!(
        "{} pages × {ROUNDS}: parse {:.0} µs/page, judge {:.0} µs/page, links {:.0} µs/page, findings {}",
        pages.len(),
        parse.as_secs_f64() / n * 1e6,
        judge.as_secs_f64() / n * 1e6,
        links.as_secs_f64() / n * 1e6,
        findings / ROUNDS
    );
}

fn collect_html(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_html(&path, out);
        } else if path.extension().is_some_and(|e| e == "html") {
            out.push(path);
        }
    }
}
