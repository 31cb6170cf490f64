//! The threads that parse and judge HTML pages: one per core, each taking the next page from
//! one queue as soon as it is done with the last. (One `spawn_blocking` per page behind a
//! semaphore left a core idle ~15 % of a busy crawl: every hand-over went through the async
//! threads, which were competing for the same cores.)

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::thread;

use crossbeam_channel::{Receiver, Sender};
use tokio::sync::oneshot;

type Job = Box<dyn FnOnce() + Send>;

/// A fixed set of threads running CPU-bound jobs in the order they were queued. The threads
/// end when the pool is dropped and the queue is empty.
#[derive(Debug)]
pub struct Workers {
    queue: Sender<Job>,
}

impl Workers {
    /// Starts `threads` threads (at least one).
    pub fn new(threads: usize) -> std::io::Result<Workers> {
        let (queue, jobs) = crossbeam_channel::unbounded::<Job>();
        for n in 0..threads.max(1) {
            let jobs: Receiver<Job> = jobs.clone();
            thread::Builder::new()
                .name(format!("patuh-read-{n}"))
                .spawn(move || {
                    for job in jobs {
                        // A panic ends the job (its caller gets `None`), not the thread.
                        let _ = catch_unwind(AssertUnwindSafe(job));
                    }
                })?;
        }
        Ok(Workers { queue })
    }

    /// Runs `job` on one of the threads and waits for its result; `None` if it panicked.
    pub async fn run<T: Send + 'static>(
        &self,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> Option<T> {
        let (done, result) = oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = done.send(job());
        });
        self.queue.send(job).ok()?;
        result.await.ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn jobs_run_on_the_pool_thread_and_a_panic_does_not_end_it() {
        let workers = Workers::new(1).expect("the thread starts");
        let name = workers
            .run(|| thread::current().name().map(str::to_string))
            .await;
        assert_eq!(name, Some(Some("patuh-read-0".to_string())));
        let panicked: Option<u32> = workers.run(|| panic!("a broken page")).await;
        assert_eq!(panicked, None);
        let after = futures_util::future::join_all((0..4u32).map(|i| workers.run(move || i * i)));
        let after = tokio::time::timeout(std::time::Duration::from_secs(10), after)
            .await
            .expect("the one thread still takes jobs after a panic");
        assert_eq!(after, [0, 1, 4, 9].map(Some));
    }
}
