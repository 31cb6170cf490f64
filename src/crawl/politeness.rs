//! Per-host politeness: at most `--per-host` requests in flight to one host, and request starts
//! spaced by `--delay` (or robots.txt's Crawl-delay, or a server's Retry-After). Waiting here
//! holds no global slot, so a slow host never holds up the others.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// The politeness state of every host of the run.
#[derive(Debug)]
pub struct Politeness {
    per_host: usize,
    delay: Duration,
    hosts: Mutex<HashMap<String, Arc<HostGate>>>,
}

#[derive(Debug)]
struct HostGate {
    slots: Arc<Semaphore>,
    timing: Mutex<Timing>,
}

#[derive(Debug)]
struct Timing {
    next_start: Instant,
    delay: Duration,
}

/// Held while a request to a host is in flight.
#[derive(Debug)]
pub struct HostSlot {
    _permit: OwnedSemaphorePermit,
}

impl Politeness {
    /// `per_host` parallel requests per host, `delay` between request starts.
    pub fn new(per_host: usize, delay: Duration) -> Politeness {
        Politeness {
            per_host: per_host.max(1),
            delay,
            hosts: Mutex::new(HashMap::new()),
        }
    }

    fn gate(&self, host: &str) -> Arc<HostGate> {
        let mut hosts = self
            .hosts
            .lock()
            .expect("politeness map lock is never poisoned");
        Arc::clone(hosts.entry(host.to_string()).or_insert_with(|| {
            Arc::new(HostGate {
                slots: Arc::new(Semaphore::new(self.per_host)),
                timing: Mutex::new(Timing {
                    next_start: Instant::now(),
                    delay: self.delay,
                }),
            })
        }))
    }

    /// Waits for a free slot on `host` and for its turn to start.
    pub async fn acquire(&self, host: &str) -> HostSlot {
        let gate = self.gate(host);
        let permit = Arc::clone(&gate.slots)
            .acquire_owned()
            .await
            .expect("host semaphores are never closed");
        let start = {
            let mut timing = gate.timing.lock().expect("timing lock is never poisoned");
            let start = timing.next_start.max(Instant::now());
            timing.next_start = start + timing.delay;
            start
        };
        tokio::time::sleep_until(start).await;
        HostSlot { _permit: permit }
    }

    /// Raises the spacing for `host` (robots.txt Crawl-delay); never lowers it below `--delay`.
    pub fn set_delay(&self, host: &str, delay: Duration) {
        let gate = self.gate(host);
        let mut timing = gate.timing.lock().expect("timing lock is never poisoned");
        timing.delay = delay.max(self.delay);
    }

    /// Holds every request to `host` back for `wait` (a 429 or 503 with Retry-After).
    pub fn defer(&self, host: &str, wait: Duration) {
        let gate = self.gate(host);
        let mut timing = gate.timing.lock().expect("timing lock is never poisoned");
        timing.next_start = timing.next_start.max(Instant::now() + wait);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn request_starts_to_one_host_are_spaced_by_the_delay() {
        let politeness = Politeness::new(4, Duration::from_millis(250));
        let begin = Instant::now();
        for expected in [0, 250, 500] {
            let _slot = politeness.acquire("a.go.id").await;
            assert_eq!(begin.elapsed().as_millis(), expected);
        }
        let _other = politeness.acquire("b.go.id").await;
        assert_eq!(
            begin.elapsed().as_millis(),
            500,
            "another host does not wait"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn crawl_delay_and_retry_after_push_the_next_start() {
        let politeness = Politeness::new(1, Duration::from_millis(100));
        let begin = Instant::now();
        politeness.set_delay("a.go.id", Duration::from_secs(2));
        drop(politeness.acquire("a.go.id").await);
        drop(politeness.acquire("a.go.id").await);
        assert_eq!(begin.elapsed().as_millis(), 2000);
        politeness.defer("a.go.id", Duration::from_secs(10));
        drop(politeness.acquire("a.go.id").await);
        assert_eq!(begin.elapsed().as_millis(), 12000);
    }

    #[tokio::test(start_paused = true)]
    async fn per_host_limits_requests_in_flight() {
        let politeness = Politeness::new(1, Duration::ZERO);
        let first = politeness.acquire("a.go.id").await;
        let second = tokio::time::timeout(Duration::from_secs(1), politeness.acquire("a.go.id"));
        assert!(second.await.is_err(), "second request waited for the first");
        drop(first);
        let _third = politeness.acquire("a.go.id").await;
    }
}
