//! The Rust effect runtime: the one entry point every shell and test drives.
//!
//! [`Runtime::start`] opens the local store, starts one tokio runtime and sends
//! [`Event::Start`]. [`Runtime::dispatch`] sends an event; the core's effects
//! are executed here — HTTP with reqwest (`http`), the local SQLite store on its own thread
//! ([`store`]), timers with tokio, the server's event stream (`server_events`) — and only
//! `Render`, secure storage and the scheduled notifications reach the shell, through its
//! [`Platform`].

mod http;
mod messages;
mod notes;
mod platform;
mod server_events;
pub mod store;

use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant, SystemTime};

use crux_core::{Core, Request, Resolvable};
use crux_time::{TimeRequest, TimeResponse};

use crate::effects::{NotificationOperation, SecretOperation, SecretResult, StoreOperation};
use crate::{Beacon, Effect, Event, ViewModel};

pub use platform::{DesktopPlatform, FileTokenStore, Platform};
pub use store::{LocalStore, StoreError};

/// Where this installation keeps its data and which server it talks to.
#[derive(Debug, Clone)]
pub struct RuntimeConfig {
    /// A directory private to the app; the local database lives here.
    pub data_dir: PathBuf,
    pub server_url: String,
    /// Shown in the person's device list ("Pixel 8").
    pub device_name: String,
}

#[derive(Debug, thiserror::Error)]
pub enum RuntimeError {
    #[error("could not create the data directory: {0}")]
    DataDir(std::io::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("could not start the async runtime: {0}")]
    Tokio(std::io::Error),
    #[error("timed out waiting for the view")]
    Timeout,
}

type StoreJob = Box<dyn FnOnce(&mut LocalStore) + Send>;

struct Inner {
    core: Core<Beacon>,
    platform: Arc<dyn Platform>,
    http: reqwest::Client,
    streaming: reqwest::Client,
    tokio: tokio::runtime::Handle,
    store_jobs: Mutex<Option<mpsc::Sender<StoreJob>>>,
    /// Clock readings are answered one at a time, in the order asked, so changes the person makes
    /// in quick succession (three messages typed offline) are stamped and queued in that order.
    clock_readings: tokio::sync::mpsc::UnboundedSender<Request<TimeRequest>>,
    latest_view: Mutex<(u64, ViewModel)>,
    view_changed: Condvar,
}

/// A running Beacon core with its effect runtime.
pub struct Runtime {
    inner: Arc<Inner>,
    tokio: Option<tokio::runtime::Runtime>,
    store_thread: Option<std::thread::JoinHandle<()>>,
}

impl Runtime {
    /// Opens the local store in `config.data_dir` and starts the app.
    pub fn start(config: RuntimeConfig, platform: Arc<dyn Platform>) -> Result<Self, RuntimeError> {
        std::fs::create_dir_all(&config.data_dir).map_err(RuntimeError::DataDir)?;
        let mut store = LocalStore::open(&config.data_dir.join("beacon-local.sqlite"))?;
        let tokio = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("beacon-runtime")
            .enable_all()
            .build()
            .map_err(RuntimeError::Tokio)?;
        let (sender, receiver) = mpsc::channel::<StoreJob>();
        let store_thread = std::thread::Builder::new()
            .name("beacon-store".into())
            .spawn(move || {
                while let Ok(job) = receiver.recv() {
                    job(&mut store);
                }
            })
            .map_err(RuntimeError::Tokio)?;
        let core: Core<Beacon> = Core::new();
        let initial = core.view();
        let (clock_readings, mut readings) =
            tokio::sync::mpsc::unbounded_channel::<Request<TimeRequest>>();
        let inner = Arc::new(Inner {
            core,
            platform,
            http: http::client(),
            streaming: http::streaming_client(),
            tokio: tokio.handle().clone(),
            store_jobs: Mutex::new(Some(sender)),
            clock_readings,
            latest_view: Mutex::new((0, initial)),
            view_changed: Condvar::new(),
        });
        let clock = Arc::clone(&inner);
        tokio.spawn(async move {
            while let Some(mut request) = readings.recv().await {
                let now = TimeResponse::Now {
                    instant: SystemTime::now().into(),
                };
                Inner::resolve(&clock, &mut request, now);
            }
        });
        let runtime = Self {
            inner,
            tokio: Some(tokio),
            store_thread: Some(store_thread),
        };
        runtime.dispatch(Event::Start {
            server_url: config.server_url,
            device_name: config.device_name,
        });
        Ok(runtime)
    }

    /// Sends an event to the core and starts executing the effects it asks for.
    pub fn dispatch(&self, event: Event) {
        let effects = self.inner.core.process_event(event);
        Inner::process(&self.inner, effects);
    }

    /// The current view model.
    pub fn view(&self) -> ViewModel {
        self.inner.core.view()
    }

    /// Blocks until a rendered view satisfies `predicate` (checking the current one first).
    pub fn wait_for(
        &self,
        timeout: Duration,
        predicate: impl Fn(&ViewModel) -> bool,
    ) -> Result<ViewModel, RuntimeError> {
        let deadline = Instant::now() + timeout;
        let mut latest = self.inner.latest_view.lock().expect("view lock");
        loop {
            let current = self.inner.core.view();
            if predicate(&current) {
                return Ok(current);
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(RuntimeError::Timeout);
            }
            let (guard, _) = self
                .inner
                .view_changed
                .wait_timeout(latest, (deadline - now).min(Duration::from_millis(200)))
                .expect("view lock");
            latest = guard;
        }
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        if let Some(tokio) = self.tokio.take() {
            tokio.shutdown_timeout(Duration::from_secs(2));
        }
        self.inner.store_jobs.lock().expect("store lock").take();
        if let Some(thread) = self.store_thread.take() {
            let _ = thread.join();
        }
    }
}

impl Inner {
    fn process(this: &Arc<Self>, effects: Vec<Effect>) {
        for effect in effects {
            match effect {
                Effect::Render(_) => this.render(),
                Effect::Http(request) => {
                    let inner = Arc::clone(this);
                    this.tokio.spawn(async move {
                        let mut request = request;
                        let result = http::execute(&inner.http, &request.operation).await;
                        Inner::resolve(&inner, &mut request, result);
                    });
                }
                Effect::Time(request) => Self::time(this, request),
                Effect::Store(request) => {
                    let inner = Arc::clone(this);
                    let job: StoreJob = Box::new(move |store| {
                        let mut request = request;
                        let operation =
                            std::mem::replace(&mut request.operation, StoreOperation::Load);
                        let result = store.apply(operation);
                        Inner::resolve(&inner, &mut request, result);
                    });
                    if let Some(sender) = this.store_jobs.lock().expect("store lock").as_ref() {
                        let _ = sender.send(job);
                    }
                }
                Effect::Secret(request) => {
                    let inner = Arc::clone(this);
                    this.tokio.spawn_blocking(move || {
                        let mut request = request;
                        let platform = &inner.platform;
                        let result = match &request.operation {
                            SecretOperation::ReadToken => platform
                                .read_token()
                                .map_or_else(SecretResult::Failed, SecretResult::Token),
                            SecretOperation::WriteToken(token) => platform
                                .write_token(token)
                                .map_or_else(SecretResult::Failed, |()| SecretResult::Done),
                            SecretOperation::DeleteToken => platform
                                .delete_token()
                                .map_or_else(SecretResult::Failed, |()| SecretResult::Done),
                        };
                        Inner::resolve(&inner, &mut request, result);
                    });
                }
                // Handed over in order, on this thread (like `render`): two replacements in quick
                // succession must never be applied out of order.
                Effect::Notifications(request) => match &request.operation {
                    NotificationOperation::Replace { notifications } => {
                        this.platform.replace_scheduled_notifications(notifications);
                    }
                },
                Effect::ServerEvents(request) => {
                    let inner = Arc::clone(this);
                    this.tokio.spawn(async move {
                        let mut request = request;
                        let operation = request.operation.clone();
                        server_events::follow(&inner.streaming, &operation, |event| {
                            Inner::resolve(&inner, &mut request, event)
                        })
                        .await;
                    });
                }
            }
        }
    }

    fn time(this: &Arc<Self>, request: Request<TimeRequest>) {
        if request.operation == TimeRequest::Now {
            let _ = this.clock_readings.send(request);
            return;
        }
        let inner = Arc::clone(this);
        this.tokio.spawn(async move {
            let mut request = request;
            let response = match request.operation.clone() {
                TimeRequest::Now => unreachable!("answered in order by the clock task"),
                TimeRequest::NotifyAfter { id, duration } => {
                    tokio::time::sleep(duration.into()).await;
                    TimeResponse::DurationElapsed { id }
                }
                TimeRequest::NotifyAt { id, instant } => {
                    let at: SystemTime = instant.into();
                    let wait = at.duration_since(SystemTime::now()).unwrap_or_default();
                    tokio::time::sleep(wait).await;
                    TimeResponse::InstantArrived { id }
                }
                TimeRequest::Clear { id } => TimeResponse::Cleared { id },
            };
            Inner::resolve(&inner, &mut request, response);
        });
    }

    /// Hands an effect's output back to the core and runs what follows. Returns false when the
    /// core no longer wants output for this request (e.g. an aborted stream).
    fn resolve<Output>(
        this: &Arc<Self>,
        request: &mut impl Resolvable<Output>,
        output: Output,
    ) -> bool {
        match this.core.resolve(request, output) {
            Ok(effects) => {
                Self::process(this, effects);
                true
            }
            Err(_) => false,
        }
    }

    fn render(&self) {
        let view = self.core.view();
        self.platform.render(&view);
        let mut latest = self.latest_view.lock().expect("view lock");
        latest.0 += 1;
        latest.1 = view;
        self.view_changed.notify_all();
    }
}
