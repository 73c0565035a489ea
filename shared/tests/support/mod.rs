//! A test shell for the Crux app: drives `Beacon::update` directly, keeps every command alive
//! until its effects are resolved, and lets tests pick effects and resolve them by hand.
#![allow(dead_code, clippy::result_large_err)] // effects are moved back into the queue when not picked

use crux_core::{App, Command};
use crux_http::protocol::{HttpRequest, HttpResponse, HttpResult};
use crux_time::TimeRequest;
use domain::account::Role;
use domain::program::{CrisisResource, LocaleCrisisResources, ProgramInfo};
use domain::wire::v1::{Me, Profile, Settings};
use shared::app::Model;
use shared::app::state::PersonalState;
use shared::effects::{
    LocalSnapshot, NotificationOperation, ScheduledNotification, SecretOperation, SecretResult,
    ServerEventsOperation, StoreOperation, StoreResult, StoredSession,
};
use shared::{Beacon, Effect, Event};
use uuid::Uuid;

pub const SERVER: &str = "http://127.0.0.1:9";

pub type Cmd = Command<Effect, Event>;

pub fn me() -> Me {
    Me {
        user_id: Uuid::from_u128(1),
        program_id: Uuid::from_u128(2),
        email: "ana@example.org".into(),
        roles: vec![Role::Mentee],
        profile: Profile {
            display_name: "Ana".into(),
            locale: "en".into(),
        },
        settings: Settings::default(),
        created_at_ms: 1,
    }
}

pub fn program() -> ProgramInfo {
    ProgramInfo {
        program_id: Uuid::from_u128(2),
        organisation: "Org".into(),
        name: "Peer Support".into(),
        locales: vec!["en".into()],
        crisis_resources: vec![LocaleCrisisResources {
            locale: "en".into(),
            resources: vec![CrisisResource {
                name: "Samaritans".into(),
                phone: Some("116 123".into()),
                sms: None,
                url: None,
                hours: "24/7".into(),
            }],
        }],
        catalog: domain::mentoring::profile::ProgramCatalog::default(),
        checkin_cadence_days: domain::checkins::CheckInCadence::default(),
    }
}

pub fn http(result: HttpResponse) -> HttpResult {
    HttpResult::Ok(result)
}

/// Drives the app like a shell would, keeping every command alive until its effects are resolved.
///
/// The reminders' own clock readings and hourly timer (from commands started by
/// `RemindersDue` / `RemindersClock`) are kept aside in `reminder_clock`, so tests of other
/// features see only their own clock requests; reminder tests answer them with
/// [`Shell::reminders_clock`]. Every "replace the scheduled notifications" effect is collected in
/// `notifications` (it needs no answer).
pub struct Shell {
    pub app: Beacon,
    pub model: Model,
    pub commands: Vec<Cmd>,
    pub effects: Vec<Effect>,
    pub reminder_commands: Vec<Cmd>,
    pub reminder_clock: Vec<crux_core::Request<TimeRequest>>,
    pub notifications: Vec<Vec<ScheduledNotification>>,
}

impl Shell {
    pub fn new() -> Self {
        Self {
            app: Beacon,
            model: Model::default(),
            commands: Vec::new(),
            effects: Vec::new(),
            reminder_commands: Vec::new(),
            reminder_clock: Vec::new(),
            notifications: Vec::new(),
        }
    }

    /// Sends an event, then keeps feeding the events the commands produce back in.
    pub fn send(&mut self, event: Event) {
        self.update(event);
        self.settle();
    }

    fn update(&mut self, event: Event) {
        let reminders_own = matches!(
            event,
            Event::RemindersDue { .. } | Event::RemindersClock { .. }
        );
        let command = self.app.update(event, &mut self.model);
        if reminders_own {
            self.reminder_commands.push(command);
        } else {
            self.commands.push(command);
        }
    }

    fn keep(&mut self, effect: Effect) {
        match effect {
            Effect::Notifications(request) => {
                let NotificationOperation::Replace { notifications } = request.operation;
                self.notifications.push(notifications);
            }
            other => self.effects.push(other),
        }
    }

    pub fn settle(&mut self) {
        loop {
            let mut events = Vec::new();
            let mut effects = Vec::new();
            for command in &mut self.commands {
                effects.extend(command.effects());
                events.extend(command.events());
            }
            for command in &mut self.reminder_commands {
                for effect in command.effects() {
                    match effect {
                        Effect::Time(request) => self.reminder_clock.push(request),
                        other => effects.push(other),
                    }
                }
                events.extend(command.events());
            }
            for effect in effects {
                self.keep(effect);
            }
            self.commands.retain_mut(|c| !c.is_done());
            self.reminder_commands.retain_mut(|c| !c.is_done());
            if events.is_empty() {
                return;
            }
            for event in events {
                self.update(event);
            }
        }
    }

    /// Answers the reminders' pending clock reading with `secs` since the epoch.
    pub fn reminders_clock(&mut self, secs: u64) {
        let at = self
            .reminder_clock
            .iter()
            .position(|r| r.operation == TimeRequest::Now)
            .expect("the reminders ask the clock");
        let mut now = self.reminder_clock.remove(at);
        self.resolve(
            &mut now,
            crux_time::TimeResponse::Now {
                instant: crux_time::Instant::new(secs, 0),
            },
        );
    }

    /// Fires the reminders' periodic timer.
    pub fn fire_reminders_timer(&mut self) {
        let at = self
            .reminder_clock
            .iter()
            .position(|r| matches!(r.operation, TimeRequest::NotifyAfter { .. }))
            .expect("the reminders' timer is set");
        let mut timer = self.reminder_clock.remove(at);
        let TimeRequest::NotifyAfter { id, .. } = timer.operation.clone() else {
            unreachable!()
        };
        self.resolve(&mut timer, crux_time::TimeResponse::DurationElapsed { id });
    }

    /// The notification sets handed to the platform since the last call, oldest first.
    pub fn replaced(&mut self) -> Vec<Vec<ScheduledNotification>> {
        std::mem::take(&mut self.notifications)
    }

    pub fn view(&self) -> shared::ViewModel {
        self.app.view(&self.model)
    }

    /// Removes and returns the first effect for which `pick` returns something.
    pub fn take<T>(&mut self, pick: impl Fn(Effect) -> Result<T, Effect>) -> Option<T> {
        let mut found = None;
        let mut rest = Vec::new();
        for effect in self.effects.drain(..) {
            if found.is_some() {
                rest.push(effect);
                continue;
            }
            match pick(effect) {
                Ok(value) => found = Some(value),
                Err(effect) => rest.push(effect),
            }
        }
        self.effects = rest;
        found
    }

    pub fn take_store(&mut self) -> Option<crux_core::Request<StoreOperation>> {
        self.take(|e| match e {
            Effect::Store(r) => Ok(r),
            other => Err(other),
        })
    }

    pub fn take_http(
        &mut self,
        method: &str,
        path_prefix: &str,
    ) -> Option<crux_core::Request<HttpRequest>> {
        let url = format!("{SERVER}{path_prefix}");
        self.take(|e| match e {
            Effect::Http(r)
                if r.operation.method == method && r.operation.url.starts_with(&url) =>
            {
                Ok(r)
            }
            other => Err(other),
        })
    }

    pub fn take_secret(&mut self) -> Option<crux_core::Request<SecretOperation>> {
        self.take(|e| match e {
            Effect::Secret(r) => Ok(r),
            other => Err(other),
        })
    }

    pub fn take_time(&mut self) -> Option<crux_core::Request<TimeRequest>> {
        self.take(|e| match e {
            Effect::Time(r) => Ok(r),
            other => Err(other),
        })
    }

    pub fn take_events_stream(&mut self) -> Option<crux_core::Request<ServerEventsOperation>> {
        self.take(|e| match e {
            Effect::ServerEvents(r) => Ok(r),
            other => Err(other),
        })
    }

    pub fn resolve<Op: crux_core::capability::Operation>(
        &mut self,
        request: &mut crux_core::Request<Op>,
        output: Op::Output,
    ) {
        request.resolve(output).expect("request is resolvable");
        self.settle();
    }

    /// Resolves every store operation with `Done`, returning the operations in order.
    pub fn store_all_done(&mut self) -> Vec<StoreOperation> {
        let mut seen = Vec::new();
        while let Some(mut request) = self.take_store() {
            seen.push(request.operation.clone());
            self.resolve(&mut request, StoreResult::Done);
        }
        seen
    }

    /// Answers the pending clock request with `secs` since the epoch.
    pub fn stamp(&mut self, secs: u64) {
        let mut now = self.take_time().expect("the core asks the clock");
        assert_eq!(now.operation, TimeRequest::Now);
        self.resolve(
            &mut now,
            crux_time::TimeResponse::Now {
                instant: crux_time::Instant::new(secs, 0),
            },
        );
    }

    /// Resolves every store operation with `Done`, and returns the mutations enqueued.
    pub fn enqueued(&mut self) -> Vec<domain::wire::v1::Mutation> {
        self.store_all_done()
            .into_iter()
            .filter_map(|op| match op {
                StoreOperation::Enqueue(mutation) => Some(mutation),
                _ => None,
            })
            .collect()
    }

    pub fn drop_renders(&mut self) {
        self.effects.retain(|e| !matches!(e, Effect::Render(_)));
    }

    /// Starts with `snapshot` in the local store (and `token` in secure storage if a session exists).
    pub fn started(snapshot: LocalSnapshot, token: Option<&str>) -> Self {
        let mut shell = Shell::new();
        shell.send(Event::Start {
            server_url: SERVER.into(),
            device_name: "Test phone".into(),
        });
        let mut load = shell.take_store().expect("start reads the local store");
        assert_eq!(load.operation, StoreOperation::Load);
        let has_session = snapshot.session.is_some();
        shell.resolve(&mut load, StoreResult::Loaded(Box::new(snapshot)));
        if has_session {
            let mut read = shell
                .take_secret()
                .expect("a stored session needs its token");
            assert_eq!(read.operation, SecretOperation::ReadToken);
            shell.resolve(&mut read, SecretResult::Token(token.map(str::to_owned)));
        }
        shell
    }

    /// Signed in with no data beyond the account.
    pub fn signed_in() -> Self {
        Shell::restored(PersonalState::new(me()))
    }

    /// Restored from the local store with `state` as the confirmed personal state (and the
    /// program's crisis resources), start-up effects (pull, devices, events) still pending.
    pub fn restored(state: PersonalState) -> Self {
        let snapshot = LocalSnapshot {
            install_seed: 7,
            session: Some(StoredSession {
                server_url: SERVER.into(),
                device_id: Uuid::from_u128(3),
            }),
            confirmed: Some(state),
            program: Some(program()),
            ..LocalSnapshot::default()
        };
        let mut shell = Shell::started(snapshot, Some("bcn_token"));
        shell.drop_renders();
        shell
    }
}
