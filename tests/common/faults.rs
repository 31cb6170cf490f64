//! Fault-injection support for `tests/faults*.rs`: raw TCP servers for the faults axum cannot
//! express (silence, trickles, resets, TLS with bad certificates), decompression bombs, and the
//! healthy site every fault test runs beside to show that one bad site harms no other.
//! Everything listens on loopback; every loop here is bounded in count and in time.

#![allow(dead_code)]

use std::future::Future;
use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::get;
use patuh::report::{Outcome, Report};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::common::{html, listen_on, report, serve};

/// Most connections a raw server accepts before it stops listening.
const MAX_CONNECTIONS: usize = 500;
/// How long a raw server listens at most.
const SERVER_LIFETIME: Duration = Duration::from_secs(60);
/// How long one connection is served at most.
const CONNECTION_LIFETIME: Duration = Duration::from_secs(15);

/// The report id of a site started at `http://ADDR/`.
pub fn site_id(addr: SocketAddr) -> String {
    format!("127.0.0.1-{}", addr.port())
}

/// Serves raw TCP on `ip:0` from a thread of its own: every accepted connection is handed to
/// `handler` (bounded by [`CONNECTION_LIFETIME`]); the server stops after [`MAX_CONNECTIONS`]
/// or [`SERVER_LIFETIME`].
pub fn raw_server_on<F, Fut>(ip: &str, handler: F) -> SocketAddr
where
    F: Fn(TcpStream) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    listen_on(ip, move |listener| async move {
        let end = tokio::time::Instant::now() + SERVER_LIFETIME;
        for _ in 0..MAX_CONNECTIONS {
            let Ok(Ok((stream, _))) = tokio::time::timeout_at(end, listener.accept()).await else {
                break;
            };
            let served = handler(stream);
            tokio::spawn(async move {
                let _ = tokio::time::timeout(CONNECTION_LIFETIME, served).await;
            });
        }
    })
}

/// [`raw_server_on`] on 127.0.0.1.
pub fn raw_server<F, Fut>(handler: F) -> SocketAddr
where
    F: Fn(TcpStream) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    raw_server_on("127.0.0.1", handler)
}

/// Reads an HTTP request head (up to 16 KiB or 5 s) and returns its path, or `None`.
pub async fn read_request<S: AsyncRead + Unpin>(stream: &mut S) -> Option<String> {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    let read = async {
        while head.len() < 16 * 1024 && !head.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = stream.read(&mut buf).await.ok()?;
            if n == 0 {
                return None;
            }
            head.extend_from_slice(&buf[..n]);
        }
        Some(())
    };
    tokio::time::timeout(Duration::from_secs(5), read)
        .await
        .ok()??;
    let head = String::from_utf8_lossy(&head);
    let target = head.lines().next()?.split_whitespace().nth(1)?;
    Some(target.to_string())
}

/// Writes a whole HTTP/1.1 response and closes the connection.
pub async fn respond<S: AsyncWrite + Unpin>(
    stream: &mut S,
    status: u16,
    content_type: &str,
    body: &[u8],
) {
    let head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes()).await;
    let _ = stream.write_all(body).await;
    let _ = stream.flush().await;
    let _ = stream.shutdown().await;
}

/// Answers `/robots.txt` with 404 (no rules) and returns `None`; any other path is returned
/// for the fault to answer. A site whose robots.txt fails is never crawled at all (RFC 9309),
/// so the faults hit pages, where the report records them page by page.
pub async fn robots_or_path(stream: &mut TcpStream) -> Option<String> {
    let path = read_request(stream).await?;
    if path == "/robots.txt" {
        respond(stream, 404, "text/plain", b"no robots here").await;
        return None;
    }
    Some(path)
}

/// A whole HTML page.
pub fn page_of(title: &str, body: &str) -> String {
    format!("<!doctype html><html><head><title>{title}</title></head><body>{body}</body></html>")
}

/// A 404 response.
pub fn not_found() -> axum::response::Response {
    use axum::response::IntoResponse;
    (axum::http::StatusCode::NOT_FOUND, "tidak ada").into_response()
}

/// A handler for `/robots.txt`: none here (404), so everything is allowed.
pub async fn no_robots() -> axum::response::Response {
    not_found()
}

/// The healthy site: `/` links to `/layanan`, both plain pages. Served beside every fault.
pub fn healthy() -> SocketAddr {
    serve(
        Router::new()
            .route(
                "/",
                get(|| async { html("Sehat", "<a href=\"/layanan\">Layanan</a>") }),
            )
            .route(
                "/layanan",
                get(|| async { html("Layanan", "<p>Daftar layanan kantor.</p>") }),
            ),
    )
}

/// The healthy site's report is complete, with its two pages read cleanly.
pub fn assert_healthy(out: &Path, addr: SocketAddr) {
    let report = report(out, &site_id(addr));
    assert_healthy_report(&report, &format!("http://{addr}"));
}

/// A healthy site's report (at `origin`, no trailing slash) is complete with its two pages.
pub fn assert_healthy_report(report: &Report, origin: &str) {
    assert_eq!(
        report.outcome,
        Outcome::Complete,
        "the healthy site was harmed: {:?}",
        report.reason
    );
    let urls: Vec<&str> = report.pages.iter().map(|p| p.url.as_str()).collect();
    assert_eq!(
        urls,
        [format!("{origin}/"), format!("{origin}/layanan")],
        "healthy pages"
    );
    for page in &report.pages {
        assert_eq!(page.status, Some(200), "{page:?}");
        assert_eq!(page.error, None, "{page:?}");
        // `attempts` is left out of the JSON when 1, and reads back as 0.
        assert!(page.attempts <= 1, "{page:?}");
        assert!(!page.truncated && page.bytes > 0, "{page:?}");
    }
    assert_eq!(report.stats.errors, 0);
}

/// Runs `patuh crawl --quiet --delay 0 --allow-private --out OUT` on `faulty` sites and a
/// fresh healthy site; checks the healthy one and returns the run's output and how long it took.
pub fn crawl_beside_healthy(out: &Path, faulty: &[&str], args: &[&str]) -> (Output, Duration) {
    let healthy = healthy();
    let healthy_url = format!("http://{healthy}/");
    let mut all: Vec<&str> = faulty.to_vec();
    all.push(&healthy_url);
    all.push("--allow-private");
    all.extend_from_slice(args);
    let started = Instant::now();
    let output = crate::common::crawl(out, &all);
    let took = started.elapsed();
    crate::common::assert_ran(&output);
    assert_healthy(out, healthy);
    (output, took)
}

/// The page of a report whose URL ends with `suffix`.
pub fn page<'a>(report: &'a Report, suffix: &str) -> &'a patuh::report::PageRecord {
    report
        .pages
        .iter()
        .find(|p| p.url.ends_with(suffix))
        .unwrap_or_else(|| panic!("no page ending with {suffix}: {:#?}", report.pages))
}

/// A page's error text, or "".
pub fn error_of(report: &Report, suffix: &str) -> String {
    page(report, suffix).error.clone().unwrap_or_default()
}

/// A gzip stream of `prefix` then `mib` MiB of spaces, made quickly: the prefix and one deflate
/// run of 1 MiB, each sync-flushed (so byte-aligned), the run repeated; the run's back-references
/// reach at most 32 KiB back, which is always spaces.
pub fn gzip_bomb(prefix: &[u8], mib: usize) -> Vec<u8> {
    let spaces = vec![b' '; 1 << 20];
    let deflated = |bytes: &[u8]| {
        let mut deflate =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        deflate.write_all(bytes).expect("deflate");
        deflate.flush().expect("sync flush");
        deflate.get_ref().clone()
    };
    let run = deflated(&spaces);
    let mut crc = flate2::Crc::new();
    let mut gz = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
    gz.extend_from_slice(&deflated(prefix));
    crc.update(prefix);
    for _ in 0..mib {
        gz.extend_from_slice(&run);
        crc.update(&spaces);
    }
    gz.extend_from_slice(&[3, 0]); // a final, empty, fixed-Huffman block
    gz.extend_from_slice(&crc.sum().to_le_bytes());
    let size = (prefix.len() + (mib << 20)) & 0xffff_ffff;
    gz.extend_from_slice(&u32::try_from(size).expect("masked").to_le_bytes());
    gz
}

/// A brotli stream of `prefix` then `mib` MiB of spaces.
pub fn brotli_bomb(prefix: &[u8], mib: usize) -> Vec<u8> {
    let spaces = vec![b' '; 1 << 20];
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 1 << 16, 5, 24);
        writer.write_all(prefix).expect("brotli");
        for _ in 0..mib {
            writer.write_all(&spaces).expect("brotli");
        }
    }
    out
}

/// A running `patuh crawl`, with its peak memory sampled from /proc while it runs.
pub struct Watched {
    /// How it ended.
    pub status: ExitStatus,
    /// stdout and stderr.
    pub stdout: String,
    /// stderr.
    pub stderr: String,
    /// The highest VmHWM seen, in KiB (0 when /proc could not be read).
    pub peak_kib: u64,
}

/// Spawns `patuh crawl --quiet --delay 0 --out OUT ARGS` without waiting for it.
pub fn spawn_crawl(out: &Path, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_patuh"))
        .args(["crawl", "--quiet", "--delay", "0", "--out"])
        .arg(out)
        .args(args)
        .env_remove("PATUH_LOG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the patuh binary runs")
}

/// Waits (at most `limit`, then kills it) for a child, sampling its peak memory.
pub fn watch(child: Child, limit: Duration) -> Watched {
    watch_capped(child, limit, u64::MAX)
}

/// As [`watch`], but kills the child as soon as its peak memory passes `cap_kib` (the
/// returned `peak_kib` then shows it), so a test of a memory bound fails fast.
pub fn watch_capped(mut child: Child, limit: Duration, cap_kib: u64) -> Watched {
    let started = Instant::now();
    let mut peak_kib = 0;
    let status = loop {
        if let Some(kib) = vm_hwm_kib(child.id()) {
            peak_kib = peak_kib.max(kib);
        }
        if let Some(status) = child.try_wait().expect("try_wait") {
            break status;
        }
        if peak_kib > cap_kib {
            let _ = child.kill();
            break child.wait().expect("wait");
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("patuh still ran after {limit:?}; killed it");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let mut stdout = String::new();
    let mut stderr = String::new();
    if let Some(mut out) = child.stdout.take() {
        let _ = std::io::Read::read_to_string(&mut out, &mut stdout);
    }
    if let Some(mut err) = child.stderr.take() {
        let _ = std::io::Read::read_to_string(&mut err, &mut stderr);
    }
    Watched {
        status,
        stdout,
        stderr,
        peak_kib,
    }
}

fn vm_hwm_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Every `*.json` in `dir` parses as a report, and no temporary file is left; returns them.
pub fn all_reports(dir: &Path) -> Vec<Report> {
    let mut reports = Vec::new();
    for entry in std::fs::read_dir(dir).expect("list the out dir") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        assert!(
            !name.ends_with(".tmp") && !name.starts_with(".patuh-"),
            "a temporary file was left behind: {name}"
        );
        if name.ends_with(".json") {
            let text = std::fs::read_to_string(&path).expect("read a report");
            let report: Report = serde_json::from_str(&text)
                .unwrap_or_else(|err| panic!("{name} is not a whole report: {err}\n{text}"));
            reports.push(report);
        }
    }
    reports
}

/// A self-signed certificate for 127.0.0.1 and localhost; `expired` puts it in the past.
pub fn tls_config(expired: bool) -> Arc<rustls::ServerConfig> {
    let key = rcgen::KeyPair::generate().expect("key");
    let mut params =
        rcgen::CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()])
            .expect("params");
    if expired {
        params.not_before = rcgen::date_time_ymd(2020, 1, 1);
        params.not_after = rcgen::date_time_ymd(2021, 1, 1);
    }
    let cert = params.self_signed(&key).expect("self-signed certificate");
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into());
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("protocol versions")
        .with_no_client_auth()
        .with_single_cert(vec![cert.der().clone()], key)
        .expect("server config");
    Arc::new(config)
}

/// An HTTPS site on 127.0.0.1 with a certificate no client trusts: robots.txt 404, `/` links
/// to `/layanan`. Returns the address and a counter of requests that got through TLS.
pub fn tls_site(expired: bool) -> (SocketAddr, Arc<std::sync::atomic::AtomicU32>) {
    let acceptor = tokio_rustls::TlsAcceptor::from(tls_config(expired));
    let served = Arc::new(std::sync::atomic::AtomicU32::new(0));
    let counter = Arc::clone(&served);
    let addr = raw_server(move |stream| {
        let acceptor = acceptor.clone();
        let counter = Arc::clone(&counter);
        async move {
            let Ok(mut tls) = acceptor.accept(stream).await else {
                return;
            };
            let Some(path) = read_request(&mut tls).await else {
                return;
            };
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let page = |title: &str, body: &str| {
                format!(
                    "<!doctype html><html><head><title>{title}</title></head><body>{body}</body></html>"
                )
            };
            match path.as_str() {
                "/" => {
                    let body = page("Aman", "<a href=\"/layanan\">Layanan</a>");
                    respond(&mut tls, 200, "text/html; charset=utf-8", body.as_bytes()).await;
                }
                "/layanan" => {
                    let body = page("Layanan", "<p>Daftar layanan.</p>");
                    respond(&mut tls, 200, "text/html; charset=utf-8", body.as_bytes()).await;
                }
                _ => respond(&mut tls, 404, "text/plain", b"not found").await,
            }
        }
    });
    (addr, served)
}
