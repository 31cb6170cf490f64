//! Shared test helpers: run the `patuh` binary, read its reports, and serve fault-injecting
//! HTTP apps on 127.0.0.1 with a random port (never anything but loopback).

#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use patuh::report::Report;

/// The repository's `fixtures/` directory.
pub fn fixtures(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(sub)
}

/// Runs `patuh ARGS` and returns what it did.
pub fn patuh(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_patuh"))
        .args(args)
        .env_remove("PATUH_LOG")
        .output()
        .expect("the patuh binary runs")
}

/// Runs `patuh crawl --quiet --delay 0 --out OUT ARGS`.
pub fn crawl(out: &Path, args: &[&str]) -> Output {
    let out = out.to_str().expect("temp paths are UTF-8");
    let mut all = vec!["crawl", "--quiet", "--delay", "0", "--out", out];
    all.extend_from_slice(args);
    patuh(&all)
}

/// Crawls with the fixture mirror `fixtures/crawl`.
pub fn crawl_mirror(out: &Path, args: &[&str]) -> Output {
    let mirror = fixtures("crawl");
    let mirror = mirror.to_str().expect("UTF-8 path");
    let mut all = vec!["--mirror", mirror];
    all.extend_from_slice(args);
    crawl(out, &all)
}

/// The exit code, with stdout and stderr in the message when it is not `want`.
pub fn assert_exit(output: &Output, want: i32) {
    assert_eq!(
        output.status.code(),
        Some(want),
        "exit code; stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The run finished and judged its sites (0, 1 or 3: which one is not the point of the test).
pub fn assert_ran(output: &Output) {
    assert!(
        matches!(output.status.code(), Some(0 | 1 | 3)),
        "exit code {:?}; stdout:\n{}\nstderr:\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Reads and parses `DIR/<id>.json`.
pub fn report(dir: &Path, id: &str) -> Report {
    let path = dir.join(format!("{id}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// The URLs of a report's pages, in report order.
pub fn page_urls(report: &Report) -> Vec<String> {
    report.pages.iter().map(|p| p.url.clone()).collect()
}

/// Serves an axum app on 127.0.0.1, a free port, from a thread of its own, for the test's life.
pub fn serve(app: axum::Router) -> SocketAddr {
    listen_on("127.0.0.1", |listener| async move {
        axum::serve(listener, app).await.expect("serve");
    })
}

/// Binds a free port on `ip` and hands the listener to `run`, on a thread and runtime of its
/// own, so a server outlives the test's own runtime calls; returns the bound address.
pub fn listen_on<F, Fut>(ip: &str, run: F) -> SocketAddr
where
    F: FnOnce(tokio::net::TcpListener) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()>,
{
    let listener = std::net::TcpListener::bind((ip, 0)).expect("bind a loopback port");
    listener.set_nonblocking(true).expect("nonblocking");
    let addr = listener.local_addr().expect("address");
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            run(listener).await;
        });
    });
    addr
}

/// A small HTML page.
pub fn html(title: &str, body: &str) -> axum::response::Html<String> {
    axum::response::Html(format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title></head><body>{body}</body></html>"
    ))
}
