//! The benchmark: a synthetic corpus of Indonesian local-government sites (nav, news archive,
//! 40–60 KB pages, a standard page with a PDF, a complaints page), served from loopback with a
//! configurable latency, crawled by the release `patuh` binary. Prints pages/s, CPU seconds per
//! 1,000 pages, peak RSS, and the wall time against the politeness lower bound and against the
//! CPU lower bound (the CPU seconds spent, spread over the cores).
//!
//! ```sh
//! cargo build --release && cargo run --release --example bench -- throughput
//! cargo run --release --example bench -- nightly      # 550 sites × 40 pages, 50 ms, --delay 250ms
//! cargo run --release --example bench -- office       # 5,000 hosts × 20 pages
//! cargo run --release --example bench -- smoke        # a few seconds; CI runs this one
//! ```
//!
//! Pages are generated per request from shared text, so the server holds no corpus in memory.

use std::fmt::Write as _;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use clap::{Parser, ValueEnum};

/// One benchmark scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Scenario {
    /// 20 sites × 1,000 pages, no latency, no delay; also timed with `wget2 --recursive`.
    Throughput,
    /// 550 sites × 40 pages, 50 ms latency, `--delay 250ms`, `--per-host 2`.
    Nightly,
    /// 5,000 hosts × 20 pages, same politeness as nightly.
    Office,
    /// 4 sites × 30 pages, 5 ms latency, `--delay 20ms`: checks the benchmark still works.
    Smoke,
}

#[derive(Debug, Parser)]
#[command(about = "Benchmarks `patuh crawl` on a synthetic corpus served from loopback")]
struct Args {
    /// Which scenario.
    scenario: Scenario,
    /// Override the number of sites.
    #[arg(long)]
    sites: Option<usize>,
    /// Override the pages per site.
    #[arg(long)]
    pages: Option<usize>,
    /// Override --concurrency (requests in flight over the run).
    #[arg(long)]
    concurrency: Option<usize>,
    /// Sites crawled at once (default: patuh's, which is --concurrency).
    #[arg(long)]
    parallel_sites: Option<usize>,
    /// Serve each site on its own loopback address instead of by host name with `--resolve`
    /// pins (a short command line, e.g. for heaptrack).
    #[arg(long)]
    by_address: bool,
    /// The patuh binary (default: target/release/patuh).
    #[arg(long)]
    patuh: Option<PathBuf>,
}

/// What a scenario does.
#[derive(Debug, Clone)]
struct Plan {
    sites: usize,
    pages: usize,
    latency: Duration,
    delay: Duration,
    per_host: usize,
    concurrency: usize,
    /// Each site on its own loopback address (so tools without `--resolve` can crawl it).
    by_address: bool,
    /// `--parallel-sites` (`None`: patuh's default, which is --concurrency).
    parallel_sites: Option<usize>,
    wget2: bool,
}

impl Plan {
    fn of(scenario: Scenario) -> Plan {
        let nightly = Plan {
            sites: 550,
            pages: 40,
            latency: Duration::from_millis(50),
            delay: Duration::from_millis(250),
            per_host: 2,
            // Far more than CPU-bound parsing can use at 50 ms latency; more would only hold
            // more bodies waiting for a parse slot.
            concurrency: 128,
            by_address: false,
            // Every site at once, as a nightly job reaching for the politeness bound runs it.
            parallel_sites: Some(550),
            wget2: false,
        };
        match scenario {
            Scenario::Throughput => Plan {
                sites: 20,
                pages: 1000,
                latency: Duration::ZERO,
                delay: Duration::ZERO,
                per_host: 4,
                concurrency: 64,
                by_address: true,
                parallel_sites: None,
                wget2: true,
            },
            Scenario::Nightly => nightly,
            Scenario::Office => Plan {
                sites: 5000,
                pages: 20,
                ..nightly
            },
            Scenario::Smoke => Plan {
                sites: 4,
                pages: 30,
                latency: Duration::from_millis(5),
                delay: Duration::from_millis(20),
                ..nightly
            },
        }
    }
}

/// The shared text pages are built from.
struct Corpus {
    plan: Plan,
    chrome: Chrome,
    pdf: &'static [u8],
    news: usize,
    lists: usize,
}

const NEWS_PER_LIST: usize = 10;

/// The parts of a page every page of a site repeats, built once.
struct Chrome {
    head: String,
    menu: String,
    article: String,
    sidebar: String,
    footer: String,
    scripts: String,
}

impl Chrome {
    fn new() -> Chrome {
        let mut head = String::from(
            "<link rel=\"stylesheet\" href=\"/wp-content/themes/portal/style.css?ver=6.4\">\
             <style id=\"portal-inline-css\">",
        );
        for n in 0..200 {
            let _ = write!(
                head,
                ".menu-item-{n}>a{{color:#0b4f8a;padding:8px 12px;font-weight:600}}\
                 .widget-{n} li{{margin:0 0 6px;border-bottom:1px dashed #ddd}}"
            );
        }
        head.push_str("</style><script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"GovernmentOrganization\",\"name\":\"Pemerintah Kabupaten Bench\"}</script>");
        let sections = [
            (
                "Profil",
                &[
                    "Sejarah",
                    "Visi dan Misi",
                    "Struktur Organisasi",
                    "Lambang Daerah",
                    "Peta Wilayah",
                    "Pejabat",
                ][..],
            ),
            (
                "Pemerintahan",
                &[
                    "Sekretariat Daerah",
                    "Dinas",
                    "Badan",
                    "Kecamatan",
                    "Kelurahan",
                    "Desa",
                    "DPRD",
                ],
            ),
            (
                "Layanan",
                &[
                    "Standar Pelayanan",
                    "Maklumat Pelayanan",
                    "Mal Pelayanan Publik",
                    "Perizinan Online",
                    "Layanan Kependudukan",
                    "Pengaduan",
                ],
            ),
            (
                "Informasi",
                &[
                    "Berita",
                    "Pengumuman",
                    "Agenda",
                    "Galeri Foto",
                    "Galeri Video",
                    "Unduhan",
                    "Regulasi",
                    "JDIH",
                ],
            ),
            (
                "PPID",
                &[
                    "Profil PPID",
                    "Informasi Berkala",
                    "Informasi Serta Merta",
                    "Informasi Setiap Saat",
                    "Permohonan Informasi",
                    "Laporan PPID",
                ],
            ),
            (
                "Potensi",
                &["Pariwisata", "Pertanian", "Perikanan", "UMKM", "Investasi"],
            ),
        ];
        let mut menu = String::from(
            "<nav id=\"site-navigation\" class=\"main-navigation\"><ul id=\"primary-menu\" class=\"menu\"><li class=\"menu-item\"><a href=\"/\">Beranda</a></li>",
        );
        let mut item = 0;
        for (section, entries) in sections {
            // Every menu target exists on the site: sections without pages point home.
            let slug = match section {
                "Profil" => "/profil/",
                "Layanan" => "/layanan/",
                _ => "/",
            };
            let _ = write!(
                menu,
                "<li class=\"menu-item menu-item-has-children menu-item-{item}\"><a href=\"{slug}\">{section}</a><ul class=\"sub-menu\">"
            );
            for entry in entries {
                item += 1;
                let href = match *entry {
                    "Standar Pelayanan" => "/layanan/standar-pelayanan/".to_string(),
                    "Pengaduan" => "/pengaduan/".to_string(),
                    "Berita" => "/berita/".to_string(),
                    _ => format!("{slug}#{}", entry.to_lowercase().replace(' ', "-")),
                };
                let _ = write!(
                    menu,
                    "<li class=\"menu-item menu-item-{item}\"><a href=\"{href}\">{entry}</a></li>"
                );
            }
            menu.push_str("</ul></li>");
        }
        menu.push_str("</ul></nav>");
        let sentence = "Pemerintah Kabupaten terus meningkatkan kualitas pelayanan publik melalui \
            inovasi dan digitalisasi layanan administrasi kependudukan, perizinan dan kesehatan bagi \
            seluruh masyarakat di tiap kecamatan. ";
        let mut article = String::from(
            "<figure class=\"wp-block-image\"><img src=\"/wp-content/uploads/2025/06/kegiatan.jpg\" alt=\"Kegiatan\"><figcaption>Dokumentasi kegiatan</figcaption></figure>",
        );
        for n in 1..=14 {
            let _ = write!(article, "<p>{sentence}{sentence}Paragraf {n}.</p>");
        }
        article.push_str("<div class=\"share\"><a href=\"https://www.facebook.com/sharer.php\">Facebook</a> <a href=\"https://twitter.com/intent/tweet\">X</a></div>");
        let mut sidebar = String::from(
            "<section class=\"widget widget-1\"><h2 class=\"widget-title\">Berita Terbaru</h2><ul>",
        );
        for n in 0..10 {
            let _ = write!(
                sidebar,
                "<li><a href=\"/berita/{n}/\">Berita {n}</a> <span class=\"post-date\">2 Juni 2025</span></li>"
            );
        }
        sidebar.push_str("</ul></section><section class=\"widget widget-2\"><h2 class=\"widget-title\">Tautan</h2><ul>");
        for name in [
            "Kemendagri",
            "KemenPANRB",
            "Ombudsman RI",
            "LPSE",
            "SIRUP",
            "JDIH Nasional",
            "Portal Data",
            "Satu Data",
            "Sapa Warga",
            "e-Katalog",
        ] {
            let _ = write!(
                sidebar,
                "<li><a href=\"https://www.{}.go.id/\"><img src=\"/wp-content/uploads/logo-{}.png\" alt=\"{name}\"></a></li>",
                name.to_lowercase().replace(' ', ""),
                name.len()
            );
        }
        sidebar.push_str("</ul></section>");
        let footer = String::from(
            "<div class=\"footer-widgets\"><p>Jl. Merdeka No. 1, Kabupaten Bench · Telp (0274) 555-000 · \
             Email: humas@benchkab.go.id</p><p>Jam kerja: Senin–Jumat 08.00–16.00 WIB</p>\
             <a href=\"https://www.lapor.go.id\"><img src=\"/img/lapor.png\" alt=\"\"></a>\
             <a href=\"https://www.instagram.com/benchkab\">Instagram</a></div>\
             <div class=\"site-info\">© 2025 Diskominfo Kabupaten Bench</div>",
        );
        let mut scripts = String::from(
            "<script>window.portalConfig={\"ajaxurl\":\"/wp-admin/admin-ajax.php\",\"nonce\":\"a1b2c3\"};",
        );
        for n in 0..110 {
            let _ = write!(
                scripts,
                "function w{n}(e){{var t=document.querySelectorAll('.widget-{n} li');for(var i=0;i<t.length;i++){{t[i].classList.toggle('open',e)}}}}"
            );
        }
        scripts.push_str(
            "</script><script src=\"/wp-includes/js/jquery/jquery.min.js?ver=3.7.1\"></script>",
        );
        Chrome {
            head,
            menu,
            article,
            sidebar,
            footer,
            scripts,
        }
    }
}
/// Pages that every site has besides its news and lists: home, profile, services, standard,
/// complaints, news archive, the standard's PDF.
const FIXED_PAGES: usize = 7;

impl Corpus {
    fn new(plan: Plan) -> Corpus {
        let rest = plan.pages.saturating_sub(FIXED_PAGES);
        let lists = rest.div_ceil(NEWS_PER_LIST + 1);
        Corpus {
            news: rest - lists,
            lists,
            plan,
            chrome: Chrome::new(),
            pdf: include_bytes!("../fixtures/documents/standar.pdf"),
        }
    }

    /// A page as a WordPress-style portal serves it: inline styles and scripts, a mega-menu,
    /// the article, a sidebar and a footer; 45–55 KB, of which a few KB are visible text.
    fn page(&self, site: usize, title: &str, main: &str, article: bool) -> String {
        let chrome = &self.chrome;
        let mut html = String::with_capacity(56 * 1024);
        let _ = write!(
            html,
            "<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>{title} | Kabupaten Bench {site}</title>{}</head><body class=\"page \
             wp-theme-portal\"><div id=\"page\" class=\"site\"><header id=\"masthead\" \
             class=\"site-header\">{}</header><div id=\"content\" class=\"site-content\">\
             <main id=\"main\" class=\"site-main\"><article class=\"post type-post\">\
             <h1 class=\"entry-title\">{title}</h1><div class=\"entry-content\">{main}",
            chrome.head, chrome.menu
        );
        if article {
            html.push_str(&chrome.article);
        }
        let _ = writeln!(
            html,
            "</div></article></main><aside id=\"secondary\" class=\"widget-area\">{}</aside>\
             </div><footer id=\"colophon\" class=\"site-footer\">{}</footer></div>{}</body></html>",
            chrome.sidebar, chrome.footer, chrome.scripts
        );
        html
    }

    /// A page's HTML, for looking at what the benchmark serves.
    fn respond_text(&self, site: usize, path: &str) -> String {
        let _ = path;
        self.page(
            site,
            "Berita 1",
            "<p>Bupati meresmikan gedung pelayanan baru.</p>",
            true,
        )
    }

    fn respond(&self, site: usize, path: &str) -> Response {
        let html = |text: String| {
            let mut response = Response::new(text.into());
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            response
        };
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        match segments.as_slice() {
            [] => {
                let latest: String = (0..self.news.min(10))
                    .map(|n| format!("<li><a href=\"/berita/{n}/\">Berita {n}</a></li>"))
                    .collect();
                html(self.page(site, "Beranda", &format!("<ul>{latest}</ul>"), true))
            }
            ["profil"] => html(self.page(site, "Profil", "<p>Visi dan misi.</p>", true)),
            ["layanan"] => html(self.page(
                site,
                "Layanan",
                "<a href=\"/layanan/standar-pelayanan/\">Standar Pelayanan</a>",
                true,
            )),
            ["layanan", "standar-pelayanan"] => html(self.page(
                site,
                "Standar Pelayanan Izin Usaha",
                "<table><tr><th>No</th><th>Komponen</th><th>Uraian</th></tr>\
                 <tr><td>1</td><td>Persyaratan</td><td>Fotokopi KTP</td></tr>\
                 <tr><td>2</td><td>Jangka Waktu Penyelesaian</td><td>3 (tiga) hari kerja</td></tr>\
                 <tr><td>3</td><td>Biaya/Tarif</td><td>Tidak dipungut biaya</td></tr>\
                 <tr><td>4</td><td>Penanganan Pengaduan, Saran dan Masukan</td><td>SP4N-LAPOR! dan SMS 1708</td></tr>\
                 </table><a href=\"/uploads/standar-pelayanan.pdf\">Unduh SK Standar Pelayanan (PDF)</a>",
                false,
            )),
            ["pengaduan"] => html(self.page(
                site,
                "Layanan Pengaduan",
                "<p>Pengaduan melalui WhatsApp <a href=\"https://wa.me/6281234567890\">0812-3456-7890</a>.</p>",
                false,
            )),
            ["uploads", "standar-pelayanan.pdf"] => {
                let mut response = Response::new(self.pdf.into());
                response
                    .headers_mut()
                    .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
                response
            }
            ["berita"] => {
                let lists: String = (1..=self.lists)
                    .map(|k| format!("<li><a href=\"/berita/hal/{k}/\">Arsip {k}</a></li>"))
                    .collect();
                html(self.page(site, "Arsip Berita", &format!("<ul>{lists}</ul>"), false))
            }
            ["berita", "hal", k] => match k.parse::<usize>() {
                Ok(k) if (1..=self.lists).contains(&k) => {
                    let first = (k - 1) * NEWS_PER_LIST;
                    let items: String = (first..(first + NEWS_PER_LIST).min(self.news))
                        .map(|n| format!("<li><a href=\"/berita/{n}/\">Berita {n}</a></li>"))
                        .collect();
                    html(self.page(site, &format!("Berita hal. {k}"), &format!("<ul>{items}</ul>"), false))
                }
                _ => StatusCode::NOT_FOUND.into_response(),
            },
            ["berita", n] => match n.parse::<usize>() {
                Ok(n) if n < self.news => html(self.page(
                    site,
                    &format!("Berita {n}"),
                    "<p>Bupati meresmikan gedung pelayanan baru.</p>",
                    true,
                )),
                _ => StatusCode::NOT_FOUND.into_response(),
            },
            _ => StatusCode::NOT_FOUND.into_response(),
        }
    }
}

fn host_name(site: usize) -> String {
    format!("bench{site:04}kab.go.id")
}

fn site_address(site: usize) -> Ipv4Addr {
    let n = u16::try_from(site + 1).expect("fewer than 65,535 sites");
    let [high, low] = n.to_be_bytes();
    Ipv4Addr::new(127, 1, high, low)
}

async fn handle(
    State((corpus, fixed_site)): State<(Arc<Corpus>, Option<usize>)>,
    request: Request,
) -> Response {
    if !corpus.plan.latency.is_zero() {
        tokio::time::sleep(corpus.plan.latency).await;
    }
    let site = fixed_site.or_else(|| {
        let host = request.headers().get(header::HOST)?.to_str().ok()?;
        let host = host.split(':').next()?;
        host.strip_prefix("bench")?
            .strip_suffix("kab.go.id")?
            .parse()
            .ok()
    });
    match site {
        Some(site) if site < corpus.plan.sites => corpus.respond(site, request.uri().path()),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

/// Starts the servers; returns the start URL of each site and the `--resolve` pins.
async fn serve(corpus: Arc<Corpus>) -> (Vec<String>, Vec<String>) {
    let plan = corpus.plan.clone();
    if plan.by_address {
        let mut urls = Vec::new();
        for site in 0..plan.sites {
            let listener = tokio::net::TcpListener::bind(SocketAddr::from((site_address(site), 0)))
                .await
                .expect("bind a loopback address");
            let addr = listener.local_addr().expect("address");
            let app = Router::new()
                .fallback(handle)
                .with_state((Arc::clone(&corpus), Some(site)));
            tokio::spawn(async move { axum::serve(listener, app).await });
            urls.push(format!("http://{addr}/"));
        }
        return (urls, Vec::new());
    }
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .await
        .expect("bind loopback");
    let port = listener.local_addr().expect("address").port();
    let app = Router::new().fallback(handle).with_state((corpus, None));
    tokio::spawn(async move { axum::serve(listener, app).await });
    let urls = (0..plan.sites)
        .map(|site| format!("http://{}:{port}/", host_name(site)))
        .collect();
    let pins = (0..plan.sites)
        .map(|site| format!("{}:{port}:127.0.0.1", host_name(site)))
        .collect();
    (urls, pins)
}

/// CPU seconds and peak RSS (KiB) of the finished children so far.
fn children_usage() -> (f64, i64) {
    usage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN)
}

/// CPU seconds of the benchmark process itself so far: the server's share of the machine.
fn server_cpu() -> f64 {
    usage(nix::sys::resource::UsageWho::RUSAGE_SELF).0
}

fn usage(who: nix::sys::resource::UsageWho) -> (f64, i64) {
    match nix::sys::resource::getrusage(who) {
        Ok(usage) => {
            let seconds = |t: nix::sys::time::TimeVal| t.tv_sec() as f64 + t.tv_usec() as f64 / 1e6;
            (
                seconds(usage.user_time()) + seconds(usage.system_time()),
                usage.max_rss(),
            )
        }
        Err(_) => (0.0, 0),
    }
}

fn pages_in_reports(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(|e| std::fs::read(e.ok()?.path()).ok())
        .filter_map(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
        .filter_map(|report| report["stats"]["pages_fetched"].as_u64())
        .sum()
}

fn main() -> ExitCode {
    let args = Args::parse();
    let mut plan = Plan::of(args.scenario);
    plan.sites = args.sites.unwrap_or(plan.sites);
    plan.pages = args.pages.unwrap_or(plan.pages).max(FIXED_PAGES + 2);
    plan.by_address |= args.by_address;
    plan.concurrency = args.concurrency.unwrap_or(plan.concurrency);
    let patuh = args
        .patuh
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/patuh"));
    if !patuh.exists() {
        eprintln!(
            "bench: {} not found; run `cargo build --release` first",
            patuh.display()
        );
        return ExitCode::from(2);
    }
    if std::env::var_os("BENCH_SHOW_PAGE").is_some() {
        print!(
            "{}",
            Corpus::new(plan.clone()).respond_text(0, "/berita/1/")
        );
        return ExitCode::SUCCESS;
    }
    // Many sites in flight need many sockets.
    let _ = rlimit::increase_nofile_limit(65_536);
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let corpus = Arc::new(Corpus::new(plan.clone()));
    let (urls, pins) = runtime.block_on(serve(Arc::clone(&corpus)));
    let work = tempfile::tempdir().expect("temp dir");
    let sites_csv = work.path().join("sites.csv");
    let mut csv = String::from("id,name,url\n");
    for (site, url) in urls.iter().enumerate() {
        let _ = writeln!(csv, "bench-{site:04},Kabupaten Bench {site},{url}");
    }
    std::fs::write(&sites_csv, csv).expect("write sites.csv");
    let out = work.path().join("reports");
    let mut command = Command::new(&patuh);
    command
        .args(["crawl", "--quiet", "--allow-private", "--exhaustive"])
        .arg("--sites")
        .arg(&sites_csv)
        .arg("--out")
        .arg(&out)
        .args(["--max-pages", &(plan.pages + 10).to_string()])
        .args(["--max-depth", "10"])
        .args(["--per-host", &plan.per_host.to_string()])
        .args(["--concurrency", &plan.concurrency.to_string()])
        .args(["--delay", &format!("{}ms", plan.delay.as_millis())])
        .stdout(std::process::Stdio::null());
    let parallel = args.parallel_sites.or(plan.parallel_sites);
    if let Some(parallel) = parallel {
        command.args(["--parallel-sites", &parallel.to_string()]);
    }
    for pin in &pins {
        command.args(["--resolve", pin]);
    }
    println!(
        "scenario {:?}: {} sites × {} pages, latency {} ms, --delay {} ms, --per-host {}, --concurrency {}",
        args.scenario,
        plan.sites,
        plan.pages,
        plan.latency.as_millis(),
        plan.delay.as_millis(),
        plan.per_host,
        plan.concurrency
    );
    let started = Instant::now();
    let served_before = server_cpu();
    let status = command.status().expect("run patuh");
    let wall = started.elapsed().as_secs_f64();
    let served = server_cpu() - served_before;
    let (cpu, max_rss_kib) = children_usage();
    let pages = pages_in_reports(&out);
    let reports = std::fs::read_dir(&out).map_or(0, |d| d.count());
    let bound = plan.pages as f64 * plan.delay.as_secs_f64();
    println!("patuh exit status      {}", status.code().unwrap_or(-1));
    println!("reports written        {reports} of {}", plan.sites);
    println!(
        "pages fetched          {pages} of {}",
        plan.sites * plan.pages
    );
    println!("wall time              {wall:.2} s");
    println!("pages/s                {:.0}", pages as f64 / wall);
    println!(
        "CPU s per 1,000 pages  {:.2}",
        cpu / (pages.max(1) as f64 / 1000.0)
    );
    println!("server CPU s           {served:.2} (the corpus server shares the machine)");
    println!(
        "peak RSS               {:.1} MB",
        max_rss_kib as f64 / 1024.0
    );
    if bound > 0.0 {
        println!(
            "politeness lower bound {bound:.2} s (pages per site × delay); wall / bound = {:.2}",
            wall / bound
        );
        // Sites beyond --parallel-sites wait for a slot: the bound for this parallelism.
        let at_once = parallel.unwrap_or(plan.concurrency).max(1);
        let rounds = plan.sites.div_ceil(at_once);
        if rounds > 1 {
            let bound = bound * rounds as f64;
            println!(
                "  with --parallel-sites {at_once} ({rounds} rounds): {bound:.2} s; wall / bound = {:.2}",
                wall / bound
            );
        }
    }
    // However well scheduled, the run cannot end before the machine has done its CPU work.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
    let busy = (cpu + served) / cores;
    println!(
        "CPU lower bound        {busy:.2} s ((patuh + server CPU s) / {cores} cores); wall / bound = {:.2}",
        wall / busy.max(f64::EPSILON)
    );
    if plan.wget2 {
        run_wget2(&urls, wall, cpu);
    }
    let expected = plan.sites * plan.pages;
    if reports != plan.sites || pages < expected as u64 {
        eprintln!("bench: patuh did not fetch the whole corpus");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// Times `wget2 --recursive` fetching the same corpus, without any analysis.
fn run_wget2(urls: &[String], patuh_wall: f64, patuh_cpu: f64) {
    let dir = tempfile::tempdir().expect("temp dir");
    let started = Instant::now();
    let served_before = server_cpu();
    let status = Command::new("wget2")
        .args([
            "--recursive",
            "--level=20",
            "--no-verbose",
            "--quiet",
            "--max-threads=64",
        ])
        .args(["--no-host-directories", "--delete-after", "--no-robots"])
        .arg("--directory-prefix")
        .arg(dir.path())
        .args(urls)
        .status();
    match status {
        Ok(status) => {
            let wall = started.elapsed().as_secs_f64();
            let served = server_cpu() - served_before;
            let cpu = children_usage().0 - patuh_cpu;
            println!(
                "wget2 --recursive      {wall:.2} s (exit {}); patuh / wget2 = {:.2}",
                status.code().unwrap_or(-1),
                patuh_wall / wall
            );
            println!("  wget2 CPU s {cpu:.2}, server CPU s {served:.2}");
        }
        Err(err) => println!("wget2: not run ({err}); install it with `apt-get install wget2`"),
    }
}
