//! The single writer: one thread owns the read-write connection and applies queued jobs.
//!
//! It takes up to `MAX_BATCH` (64) queued jobs at a time into ONE `BEGIN IMMEDIATE` transaction
//! (group commit: one fsync for many requests). Each job runs inside its own `SAVEPOINT`, so a
//! failing (or panicking) job is rolled back alone. After `COMMIT` succeeds each job gets its
//! reply — a reply therefore means "durably stored" — and then the [`Notifier`] hears which
//! feeds grew.

use std::ops::Deref;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::thread::JoinHandle;

use rusqlite::{Connection, DropBehavior, TransactionBehavior};
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

use crate::error::AppError;
use crate::notify::Notifier;

/// Most jobs committed together.
const MAX_BATCH: usize = 64;
/// Jobs that may wait in the queue before callers wait to enqueue.
const QUEUE_CAPACITY: usize = 1024;

/// What a job sees: the connection (inside its savepoint) and a note of feeds it grew.
pub struct WriteCx<'c> {
    conn: &'c Connection,
    grown: Vec<(Uuid, u64)>,
}

impl WriteCx<'_> {
    /// Records that `user_id`'s feed now reaches `position` (announced after commit).
    pub fn feed_grew(&mut self, user_id: Uuid, position: u64) {
        self.grown.push((user_id, position));
    }
}

impl Deref for WriteCx<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        self.conn
    }
}

/// A job's result once it has run: whether to keep its work, and how to reply after COMMIT.
struct Ran {
    ok: bool,
    grown: Vec<(Uuid, u64)>,
    reply: Box<dyn FnOnce(bool) + Send>,
}

type Job = Box<dyn FnOnce(&mut WriteCx<'_>) -> Ran + Send>;

enum Message {
    Job(Job),
    Stop(oneshot::Sender<()>),
}

/// Handle to the writer thread.
pub struct Writer {
    sender: mpsc::Sender<Message>,
    thread: std::sync::Mutex<Option<JoinHandle<()>>>,
}

impl Writer {
    /// Starts the thread that owns `conn`.
    pub fn start(conn: Connection, notifier: Notifier) -> anyhow::Result<Self> {
        let (sender, receiver) = mpsc::channel(QUEUE_CAPACITY);
        let thread = std::thread::Builder::new()
            .name("db-writer".into())
            .spawn(move || run(conn, receiver, &notifier))?;
        Ok(Self {
            sender,
            thread: std::sync::Mutex::new(Some(thread)),
        })
    }

    /// Queues `job` and waits until its transaction has committed (or it failed).
    pub async fn write<T, F>(&self, job: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut WriteCx<'_>) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let job: Job = Box::new(move |cx: &mut WriteCx<'_>| {
            let result = job(cx);
            Ran {
                ok: result.is_ok(),
                grown: std::mem::take(&mut cx.grown),
                reply: Box::new(move |committed| {
                    let outcome = if committed || result.is_err() {
                        result
                    } else {
                        Err(AppError::internal("the transaction did not commit"))
                    };
                    // The caller may have gone away (client disconnected); the work still stands.
                    let _ = reply.send(outcome);
                }),
            }
        });
        if self.sender.send(Message::Job(job)).await.is_err() {
            return Err(AppError::internal("the database writer has stopped"));
        }
        answer
            .await
            .unwrap_or_else(|_| Err(AppError::internal("a database write was abandoned")))
    }

    /// Commits everything queued, checkpoints the WAL into the main file and ends the thread.
    pub async fn stop(&self) {
        let (ack, done) = oneshot::channel();
        if self.sender.send(Message::Stop(ack)).await.is_ok() {
            let _ = done.await;
        }
        let thread = self.thread.lock().ok().and_then(|mut slot| slot.take());
        if let Some(thread) = thread {
            let _ = tokio::task::spawn_blocking(move || thread.join()).await;
        }
    }
}

fn run(mut conn: Connection, mut receiver: mpsc::Receiver<Message>, notifier: &Notifier) {
    let mut batch: Vec<Job> = Vec::with_capacity(MAX_BATCH);
    let mut stop = None;
    while stop.is_none() {
        let Some(first) = receiver.blocking_recv() else {
            break;
        };
        let mut next = Some(first);
        while let Some(message) = next.take() {
            match message {
                Message::Job(job) => batch.push(job),
                Message::Stop(ack) => {
                    stop = Some(ack);
                    break;
                }
            }
            if batch.len() < MAX_BATCH {
                next = receiver.try_recv().ok();
            }
        }
        commit_batch(&mut conn, &mut batch, notifier);
    }
    // Nothing new is accepted; whatever was already queued is still committed.
    receiver.close();
    while let Ok(message) = receiver.try_recv() {
        if let Message::Job(job) = message {
            batch.push(job);
            if batch.len() == MAX_BATCH {
                commit_batch(&mut conn, &mut batch, notifier);
            }
        }
    }
    commit_batch(&mut conn, &mut batch, notifier);
    if let Err(error) = conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);") {
        tracing::warn!(%error, "WAL checkpoint failed at shutdown");
    }
    if let Some(ack) = stop {
        let _ = ack.send(());
    }
    tracing::debug!("database writer stopped");
}

/// Runs `batch` in one transaction, each job in its own savepoint; replies after COMMIT.
fn commit_batch(conn: &mut Connection, batch: &mut Vec<Job>, notifier: &Notifier) {
    if batch.is_empty() {
        return;
    }
    let jobs = std::mem::take(batch);
    let mut tx = match conn.transaction_with_behavior(TransactionBehavior::Immediate) {
        Ok(tx) => tx,
        Err(error) => {
            // Dropping the jobs drops their reply channels: each caller gets an internal error.
            tracing::error!(%error, "could not begin a write transaction");
            return;
        }
    };
    let mut ran = Vec::with_capacity(jobs.len());
    for job in jobs {
        let mut savepoint = match tx.savepoint() {
            Ok(savepoint) => savepoint,
            Err(error) => {
                tracing::error!(%error, "could not open a savepoint");
                continue;
            }
        };
        let mut cx = WriteCx {
            conn: &savepoint,
            grown: Vec::new(),
        };
        let outcome = catch_unwind(AssertUnwindSafe(|| job(&mut cx)));
        let keep = matches!(&outcome, Ok(done) if done.ok);
        savepoint.set_drop_behavior(if keep {
            DropBehavior::Commit
        } else {
            DropBehavior::Rollback
        });
        if let Err(error) = savepoint.finish() {
            tracing::error!(%error, "could not close a savepoint");
            continue;
        }
        if let Ok(done) = outcome {
            ran.push(done);
        } else {
            tracing::error!("a database job panicked; its changes were rolled back");
        }
    }
    let committed = match tx.commit() {
        Ok(()) => true,
        Err(error) => {
            tracing::error!(%error, "could not commit a write transaction");
            // Leave the connection usable for the next batch.
            let _ = conn.execute_batch("ROLLBACK");
            false
        }
    };
    let mut grown = Vec::new();
    for done in ran {
        if committed && done.ok {
            grown.extend(done.grown);
        }
        (done.reply)(committed);
    }
    for (user_id, position) in grown {
        notifier.notify(user_id, position);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn writer() -> (tempfile::TempDir, Writer, Notifier) {
        let dir = tempfile::tempdir().unwrap();
        let conn = Connection::open(dir.path().join("w.db")).unwrap();
        conn.execute_batch("CREATE TABLE t (n INTEGER NOT NULL)")
            .unwrap();
        let notifier = Notifier::default();
        let writer = Writer::start(conn, notifier.clone()).unwrap();
        (dir, writer, notifier)
    }

    fn count(dir: &tempfile::TempDir) -> i64 {
        let conn = Connection::open(dir.path().join("w.db")).unwrap();
        conn.query_row("SELECT COUNT(*) FROM t", [], |row| row.get(0))
            .unwrap()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_failing_or_panicking_job_is_rolled_back_alone() {
        let (dir, writer, _) = writer();
        let jobs = (0..30_i64).map(|n| {
            writer.write(move |cx| {
                cx.execute("INSERT INTO t (n) VALUES (?1)", [n])?;
                match n % 3 {
                    0 => Ok(n),
                    1 => Err(AppError::conflict("no")),
                    _ => panic!("job {n} panics"),
                }
            })
        });
        let results = futures::future::join_all(jobs).await;
        for (n, result) in (0..).zip(&results) {
            assert_eq!(result.is_ok(), n % 3 == 0, "job {n}");
        }
        writer.stop().await;
        assert_eq!(count(&dir), 10);
    }

    #[tokio::test]
    async fn feeds_are_announced_only_after_commit_and_stop_flushes() {
        let (dir, writer, notifier) = writer();
        let user = Uuid::now_v7();
        let mut hints = notifier.subscribe(user);
        writer
            .write(move |cx| {
                cx.execute("INSERT INTO t (n) VALUES (1)", [])?;
                cx.feed_grew(user, 5);
                Ok(())
            })
            .await
            .unwrap();
        // Replies go out first, then the notifier hears (both after COMMIT).
        tokio::time::timeout(std::time::Duration::from_secs(5), hints.changed())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(*hints.borrow_and_update(), 5);
        let failed = writer
            .write(move |cx| {
                cx.feed_grew(user, 9);
                Err::<(), _>(AppError::conflict("no"))
            })
            .await;
        assert!(failed.is_err());
        assert!(
            !hints.has_changed().unwrap(),
            "a rolled-back job announces nothing"
        );
        writer.stop().await;
        assert_eq!(count(&dir), 1);
        assert!(
            writer.write(|_| Ok(())).await.is_err(),
            "a stopped writer refuses work"
        );
    }
}
