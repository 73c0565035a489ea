//! The password workers: a few dedicated threads, each owning one reusable Argon2 [`Memory`],
//! fed through a bounded queue.
//!
//! Requests wait (asynchronously) for room in the queue, so however many log-ins arrive at once,
//! at most `workers` hashes run and at most `workers` × `m_cost` of hashing memory exists. A job
//! whose caller has gone away (timeout, closed connection) is dropped unrun.

use std::num::NonZeroUsize;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::{mpsc, oneshot};

use super::Memory;
use crate::error::AppError;

/// Never more workers than this, however many cores: each one keeps `m_cost` (19 MiB) resident.
pub const MAX_WORKERS: usize = 4;

/// Jobs that may wait in the queue per worker before callers wait for room.
const QUEUE_PER_WORKER: usize = 16;

type Job = Box<dyn FnOnce(&mut Memory) + Send>;

/// One worker per available core, at least 1 and at most [`MAX_WORKERS`].
pub fn default_workers() -> NonZeroUsize {
    let cores = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    NonZeroUsize::new(cores.clamp(1, MAX_WORKERS)).unwrap_or(NonZeroUsize::MIN)
}

/// The queue into the workers. Dropping it stops them (once their current job is done).
pub struct Pool {
    jobs: mpsc::Sender<Job>,
}

impl Pool {
    /// Starts `workers` threads. Their memory is allocated by their first job, not up front.
    pub fn start(workers: NonZeroUsize) -> anyhow::Result<Self> {
        let (sender, receiver) = mpsc::channel::<Job>(workers.get() * QUEUE_PER_WORKER);
        let receiver = Arc::new(Mutex::new(receiver));
        for index in 0..workers.get() {
            let receiver = Arc::clone(&receiver);
            std::thread::Builder::new()
                .name(format!("password-{index}"))
                .spawn(move || work(&receiver))
                .map_err(|error| anyhow::anyhow!("cannot start a password worker: {error}"))?;
        }
        Ok(Self { jobs: sender })
    }

    /// Runs `job` on a worker with that worker's memory, waiting for a free slot if needed.
    pub async fn run<T: Send + 'static>(
        &self,
        job: impl FnOnce(&mut Memory) -> T + Send + 'static,
    ) -> Result<T, AppError> {
        let (reply, answer) = oneshot::channel();
        let job: Job = Box::new(move |memory| {
            // The caller gave up while the job was queued: spare the CPU.
            if !reply.is_closed() {
                let _ = reply.send(job(memory));
            }
        });
        self.jobs
            .send(job)
            .await
            .map_err(|_| AppError::internal("the password workers have stopped"))?;
        answer
            .await
            .map_err(|_| AppError::internal("a password job failed"))
    }
}

/// A worker's life: take the next job, run it with this thread's memory; stop when the queue
/// closes.
fn work(jobs: &Mutex<mpsc::Receiver<Job>>) {
    let mut memory = Memory::default();
    loop {
        // Only the idle worker next in line holds the lock, and only while it waits.
        let job = jobs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .blocking_recv();
        let Some(job) = job else { return };
        // A panic drops the job's reply (its caller gets an internal error) but not the worker.
        if catch_unwind(AssertUnwindSafe(|| job(&mut memory))).is_err() {
            tracing::error!("a password job panicked");
        }
    }
}
