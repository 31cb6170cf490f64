//! Progress on stderr with indicatif: sites done of all, pages fetched, the sites in flight.
//! Hidden when stderr is not a terminal or with `--quiet`.

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// The run's progress display.
#[derive(Debug)]
pub struct Progress {
    bar: ProgressBar,
    pages: AtomicU64,
    in_flight: Mutex<BTreeSet<String>>,
}

impl Progress {
    /// A display for `sites` sites; drawn only when `visible` and stderr is a terminal.
    pub fn new(sites: usize, visible: bool) -> Progress {
        let target = if visible && std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(Some(sites as u64), target);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} sites  {msg}",
            )
            .expect("the progress template is valid"),
        );
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress {
            bar,
            pages: AtomicU64::new(0),
            in_flight: Mutex::new(BTreeSet::new()),
        }
    }

    /// A display that never draws (tests, library use).
    pub fn hidden() -> Progress {
        Progress::new(0, false)
    }

    /// A site's crawl began.
    pub fn site_started(&self, id: &str) {
        self.lock().insert(id.to_string());
        self.redraw();
    }

    /// A site's crawl ended.
    pub fn site_finished(&self, id: &str) {
        self.lock().remove(id);
        self.bar.inc(1);
        self.redraw();
    }

    /// A page was fetched (or failed).
    pub fn page_done(&self) {
        self.pages.fetch_add(1, Ordering::Relaxed);
        self.redraw();
    }

    /// Removes the display before the summary is printed.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeSet<String>> {
        self.in_flight
            .lock()
            .expect("the progress lock is never poisoned")
    }

    fn redraw(&self) {
        if self.bar.is_hidden() {
            return;
        }
        let pages = self.pages.load(Ordering::Relaxed);
        let in_flight = self.lock();
        let mut names: Vec<&str> = in_flight.iter().take(3).map(String::as_str).collect();
        let more = in_flight.len().saturating_sub(names.len());
        let more_text = format!("+{more}");
        if more > 0 {
            names.push(&more_text);
        }
        self.bar
            .set_message(format!("{pages} pages  now: {}", names.join(", ")));
    }
}
