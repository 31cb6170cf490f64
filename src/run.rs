//! A crawl run: start the mirror if asked, crawl the sites (many at once), write each report
//! as soon as its site is done, print the summary, and return the verdict.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Result;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::config::Config;
use crate::crawl::guard::Pin;
use crate::crawl::{Crawler, Stop, crawl_site};
use crate::exit::Exit;
use crate::progress::Progress;
use crate::report::console::{SiteResult, run_verdict, site_line};
use crate::report::write::write_report;
use crate::site::Site;

/// Runs `patuh crawl`; returns the exit code.
pub async fn crawl(mut config: Config) -> Result<Exit> {
    if let Some(dir) = &config.mirror {
        serve_mirror(dir.clone(), &mut config).await?;
    }
    let progress = Arc::new(Progress::new(config.sites.len(), config.progress));
    let (stop, interrupted) = stopper(config.deadline);
    let mut crawler = Crawler::new(
        config.crawl.clone(),
        config.guard.clone(),
        Arc::clone(&progress),
        stop,
    )?;
    if let Some(baseline) = &config.nightly.baseline {
        crawler.remember(baseline.known_documents(), baseline.published_pages());
    }
    let results = crawl_sites(&mut config, Arc::new(crawler), &interrupted).await;
    progress.finish();
    for result in &results {
        println!("{}", site_line(result));
    }
    if interrupted.load(Ordering::SeqCst) {
        return Ok(Exit::Interrupted);
    }
    let reports: Vec<_> = results.iter().map(|r| r.report.clone()).collect();
    if let Some(exit) = config.nightly.finish(&config.out, &reports)? {
        return Ok(exit);
    }
    Ok(run_verdict(&results).into())
}

/// Serves `--mirror DIR` on loopback and pins each of its hosts to it.
async fn serve_mirror(dir: PathBuf, config: &mut Config) -> Result<()> {
    let mirror = crate::mirror::serve(&dir).await?;
    for host in mirror.hosts {
        let pin = Pin {
            addr: mirror.addr,
            trusted: true,
        };
        config.guard.pins.entry(host).or_insert(pin);
    }
    Ok(())
}

/// What stops the run: Ctrl-C, SIGTERM (which also set the flag) and `--deadline`.
fn stopper(deadline: Option<Duration>) -> (Stop, Arc<AtomicBool>) {
    let stop = Stop::default();
    let interrupted = Arc::new(AtomicBool::new(false));
    tokio::spawn(on_signals(stop.clone(), Arc::clone(&interrupted)));
    if let Some(deadline) = deadline {
        let stop = stop.clone();
        tokio::spawn(async move {
            tokio::time::sleep(deadline).await;
            stop.stop(format!(
                "the run's time limit ran out (--deadline {})",
                humantime::format_duration(deadline)
            ));
        });
    }
    (stop, interrupted)
}

/// Crawls every site, `--parallel-sites` at a time, writing each report as its site ends;
/// returns the results sorted by site id.
async fn crawl_sites(
    config: &mut Config,
    crawler: Arc<Crawler>,
    interrupted: &Arc<AtomicBool>,
) -> Vec<SiteResult> {
    let slots = Arc::new(Semaphore::new(config.parallel_sites));
    let out = Arc::new(config.out.clone());
    // Without CI outputs, only each site's summary line is needed at the end: the run keeps
    // no pages or evidence of finished sites, so memory does not grow with the site count.
    let keep_whole = config.nightly.active();
    let mut sites = JoinSet::new();
    let mut results = Vec::new();
    let mut collect = |result: Result<Option<SiteResult>, tokio::task::JoinError>| match result {
        Ok(Some(result)) => results.push(result),
        Ok(None) => {}
        Err(err) => tracing::error!("a site task failed: {err}"),
    };
    let config_sites = std::mem::take(&mut config.sites);
    for site in config_sites {
        // A site's task is started once it has a slot, so a list of thousands of sites costs
        // no more than `--parallel-sites` of them in memory.
        let slot = Arc::clone(&slots)
            .acquire_owned()
            .await
            .expect("never closed");
        while let Some(done) = sites.try_join_next() {
            collect(done);
        }
        let crawler = Arc::clone(&crawler);
        let out = Arc::clone(&out);
        let interrupted = Arc::clone(interrupted);
        sites.spawn(async move {
            let _slot = slot;
            // After Ctrl-C a site not yet started keeps whatever report it had.
            if interrupted.load(Ordering::SeqCst) {
                return None;
            }
            Some(crawl_and_write(crawler, site, &out, keep_whole).await)
        });
    }
    while let Some(done) = sites.join_next().await {
        collect(done);
    }
    results.sort_by(|a, b| a.report.site.id.cmp(&b.report.site.id));
    results
}

/// Crawls one site and writes its report; keeps the whole report only for the CI outputs.
async fn crawl_and_write(
    crawler: Arc<Crawler>,
    site: Site,
    out: &Arc<PathBuf>,
    keep_whole: bool,
) -> SiteResult {
    let report = Arc::new(crawl_site(crawler, site).await);
    let (out, to_write) = (Arc::clone(out), Arc::clone(&report));
    let written = tokio::task::spawn_blocking(move || write_report(&out, &to_write))
        .await
        .map_err(|err| err.to_string())
        .and_then(|r| r.map_err(|err| format!("{err:#}")));
    let mut report = Arc::try_unwrap(report).unwrap_or_else(|shared| (*shared).clone());
    if !keep_whole {
        report.pages = Vec::new();
        report.skipped = Vec::new();
        for criterion in report.criteria.values_mut() {
            criterion.evidence = Vec::new();
        }
    }
    SiteResult { report, written }
}

/// First Ctrl-C or SIGTERM: stop, and write the reports of the sites in flight. Second: quit.
async fn on_signals(stop: Stop, interrupted: Arc<AtomicBool>) {
    let Ok(mut term) = signal(SignalKind::terminate()) else {
        return;
    };
    let mut int = match signal(SignalKind::interrupt()) {
        Ok(int) => int,
        Err(_) => return,
    };
    tokio::select! {
        _ = term.recv() => {}
        _ = int.recv() => {}
    }
    interrupted.store(true, Ordering::SeqCst);
    eprintln!(
        "patuh: interrupted; writing the reports of the sites in flight (again to quit at once)"
    );
    stop.stop("interrupted (Ctrl-C or SIGTERM) before the crawl ended".to_string());
    tokio::select! {
        _ = term.recv() => {}
        _ = int.recv() => {}
    }
    eprintln!("patuh: interrupted twice; quitting");
    std::process::exit(i32::from(Exit::Interrupted.code()));
}
