//! Start-up, session restore, sign up, log in, log out, devices and program information.
//!
//! Credentials are checked with the same `domain` rules the server uses before anything is sent,
//! so mistakes are explained instantly and offline. The token goes to secure storage (a platform
//! effect); everything else about the session goes to the local store.

use crux_core::{Command, render::render};
use domain::account::{
    normalize_display_name, normalize_email, validate_login_password, validate_new_password,
};
use domain::program::validate_locale;
use domain::wire::v1::{LogInRequest, SessionCreated, SignUpRequest};

use crate::effects::{
    Effect, SecretOperation, SecretResult, StoreOperation, StoreResult, StoredSession,
};

use super::api::{ApiFailure, Endpoint};
use super::state::PersonalState;
use super::{ActiveSession, Event, Model, Phase, sync};

pub fn update(event: Event, model: &mut Model) -> Command<Effect, Event> {
    match event {
        Event::Start {
            server_url,
            device_name,
        } => {
            model.server_url = server_url;
            model.device_name = device_name;
            model.phase = Phase::Starting;
            Command::request_from_shell(StoreOperation::Load)
                .then_send(Event::Loaded)
                .and(render())
        }
        Event::Loaded(result) => loaded(result, model),
        Event::TokenRead(result) => token_read(result, model),
        Event::LoadProgram { program_id } => fetch_program(&model.server_url, program_id),
        Event::ProgramLoaded(result) => match *result {
            Ok(program) => keep_program(model, program),
            Err(failure) => {
                model.notice = Some(failure.message());
                render()
            }
        },
        Event::ProgramRefreshed(result) => match *result {
            // Only for the program of the session still signed in (an answer can outlive it).
            Ok(program) if session_program(model) == Some(program.program_id) => {
                keep_program(model, program)
            }
            Ok(_) | Err(_) => Command::done(),
        },
        Event::SignUp {
            program_id,
            email,
            password,
            display_name,
            locale,
        } => {
            let checked = (|| {
                let email = normalize_email(&email)?;
                validate_new_password(&password, &email)?;
                let display_name = normalize_display_name(&display_name)?;
                if let Some(locale) = &locale {
                    validate_locale(locale)?;
                }
                Ok::<_, domain::account::FieldError>(SignUpRequest {
                    program_id,
                    email,
                    password,
                    display_name,
                    device_name: model.device_name.clone(),
                    locale,
                })
            })();
            match checked {
                Ok(request) => begin_auth(model, "/v1/auth/signup", &request),
                Err(error) => refuse(model, &error.to_string()),
            }
        }
        Event::LogIn { email, password } => {
            let checked = normalize_email(&email).and_then(|email| {
                validate_login_password(&password)?;
                Ok(LogInRequest {
                    email,
                    password,
                    device_name: model.device_name.clone(),
                })
            });
            match checked {
                Ok(request) => begin_auth(model, "/v1/auth/login", &request),
                Err(error) => refuse(model, &error.to_string()),
            }
        }
        Event::SessionCreated(result) => session_created(*result, model),
        Event::TokenWritten(SecretResult::Failed(reason))
        | Event::Stored(StoreResult::Failed(reason)) => {
            model.notice = Some(format!("Beacon couldn't save on this device: {reason}"));
            render()
        }
        Event::LogOut => {
            let farewell = model.session.as_ref().map(|session| {
                session
                    .endpoint()
                    .call("POST", "/v1/auth/logout", Event::LoggedOutRemotely)
            });
            end_session(model, None).and(farewell.unwrap_or_else(Command::done))
        }
        Event::RefreshDevices => refresh_devices(model),
        Event::DevicesLoaded { epoch, result } if epoch == model.epoch => match result {
            Ok(list) => {
                model.devices.clone_from(&list.devices);
                store(StoreOperation::SaveDevices(list.devices)).and(render())
            }
            Err(failure) => sync::request_failed(model, &failure),
        },
        Event::RevokeDevice { device_id } => {
            let Some(session) = &model.session else {
                return Command::done();
            };
            let epoch = model.epoch;
            session.endpoint().call(
                "DELETE",
                &format!("/v1/devices/{device_id}"),
                move |result| Event::DeviceRevoked {
                    epoch,
                    device_id,
                    result,
                },
            )
        }
        Event::DeviceRevoked {
            epoch,
            device_id,
            result,
        } if epoch == model.epoch => match result {
            Ok(())
                if model
                    .session
                    .as_ref()
                    .is_some_and(|s| s.device_id == device_id) =>
            {
                end_session(model, Some("This device was signed out."))
            }
            Ok(()) => {
                model.devices.retain(|d| d.device_id != device_id);
                refresh_devices(model).and(render())
            }
            Err(failure) => sync::request_failed(model, &failure),
        },
        Event::DismissNotice => {
            model.notice = None;
            render()
        }
        _ => Command::done(),
    }
}

fn store(operation: StoreOperation) -> Command<Effect, Event> {
    Command::request_from_shell(operation).then_send(Event::Stored)
}

fn refuse(model: &mut Model, message: &str) -> Command<Effect, Event> {
    model.busy = false;
    model.notice = Some(message.to_owned());
    render()
}

fn begin_auth<B: serde::Serialize>(
    model: &mut Model,
    path: &str,
    body: &B,
) -> Command<Effect, Event> {
    model.busy = true;
    model.notice = None;
    let endpoint = Endpoint {
        base_url: &model.server_url,
        token: None,
    };
    endpoint
        .post(path, body, |r| Event::SessionCreated(Box::new(r)))
        .and(render())
}

fn loaded(result: StoreResult, model: &mut Model) -> Command<Effect, Event> {
    let StoreResult::Loaded(snapshot) = result else {
        model.phase = Phase::SignedOut;
        model.notice = Some("Beacon couldn't read its data on this device.".to_owned());
        return render();
    };
    let snapshot = *snapshot;
    model.install_seed = snapshot.install_seed;
    model.program = snapshot.program;
    model.devices = snapshot.devices;
    model.proposals = snapshot.proposals;
    model.conversations = snapshot
        .conversations
        .into_iter()
        .map(|c| (c.relationship_id, c))
        .collect();
    model.cursor = snapshot.cursor;
    model.outbox = snapshot.outbox;
    model.confirmed = snapshot.confirmed;
    if let Some(session) = snapshot.session {
        model.restoring = Some(session);
        Command::request_from_shell(SecretOperation::ReadToken)
            .then_send(Event::TokenRead)
            .and(render())
    } else {
        model.phase = Phase::SignedOut;
        // Nobody is signed in: nothing may stay scheduled (e.g. a sign-out cut short).
        super::reminders::stop(model).and(render())
    }
}

fn token_read(result: SecretResult, model: &mut Model) -> Command<Effect, Event> {
    let Some(stored) = model.restoring.take() else {
        return Command::done();
    };
    match result {
        SecretResult::Token(Some(token)) => {
            model.session = Some(ActiveSession {
                server_url: stored.server_url,
                device_id: stored.device_id,
                token,
            });
            model.phase = Phase::SignedIn;
            model.epoch += 1;
            sync::session_started(model)
                .and(refresh_devices(model))
                .and(refresh_program(model))
                .and(render())
        }
        SecretResult::Token(None) | SecretResult::Done | SecretResult::Failed(_) => {
            end_session(model, Some("Please log in again."))
        }
    }
}

fn session_created(
    result: Result<SessionCreated, ApiFailure>,
    model: &mut Model,
) -> Command<Effect, Event> {
    model.busy = false;
    let created = match result {
        Ok(created) => created,
        Err(failure) => return refuse(model, &failure.message()),
    };
    let program_known = model
        .program
        .as_ref()
        .is_some_and(|p| p.program_id == created.me.program_id);
    let session = StoredSession {
        server_url: model.server_url.clone(),
        device_id: created.device_id,
    };
    model.session = Some(ActiveSession {
        server_url: session.server_url.clone(),
        device_id: created.device_id,
        token: created.token.clone(),
    });
    model.confirmed = Some(PersonalState::new(created.me.clone()));
    model.outbox.clear();
    model.cursor = 0;
    model.devices.clear();
    model.proposals.clear();
    model.conversations.clear();
    model.open = None;
    model.crisis_prompt = None;
    model.desk = super::coordinator::Desk::default();
    model.phase = Phase::SignedIn;
    model.notice = None;
    model.epoch += 1;
    let program_id = created.me.program_id;
    let persist = Command::request_from_shell(SecretOperation::WriteToken(created.token))
        .then_send(Event::TokenWritten)
        .and(store(StoreOperation::BeginSession {
            session,
            confirmed: Box::new(PersonalState::new(created.me)),
            program: if program_known {
                model.program.clone()
            } else {
                None
            },
        }));
    let program_fetch = if program_known {
        refresh_program(model)
    } else {
        model.program = None;
        fetch_program(&model.server_url, program_id)
    };
    // Persist first so a crash right after sign-in still finds the session on restart.
    persist
        .then(
            program_fetch
                .and(sync::session_started(model))
                .and(refresh_devices(model)),
        )
        .and(render())
}

/// Fresh program information: kept, stored, and (when its check-in cadence differs from the one
/// in use) the reminders recomputed.
fn keep_program(
    model: &mut Model,
    program: domain::program::ProgramInfo,
) -> Command<Effect, Event> {
    let cadence_before = model.checkin_cadence();
    model.program = Some(program.clone());
    let reminders = if model.checkin_cadence() == cadence_before {
        Command::done()
    } else {
        super::reminders::refresh(model)
    };
    store(StoreOperation::SaveProgram(program))
        .and(reminders)
        .and(render())
}

/// The program of the signed-in person, if any.
fn session_program(model: &Model) -> Option<uuid::Uuid> {
    model.session.as_ref()?;
    model.confirmed.as_ref().map(|state| state.me.program_id)
}

/// Fetches the session's program information again in the background (a coordinator may have
/// changed its settings since it was cached, e.g. the check-in cadence).
fn refresh_program(model: &Model) -> Command<Effect, Event> {
    let (Some(session), Some(program_id)) = (&model.session, session_program(model)) else {
        return Command::done();
    };
    let endpoint = Endpoint {
        base_url: &session.server_url,
        token: None,
    };
    endpoint.get(&format!("/v1/programs/{program_id}"), |r| {
        Event::ProgramRefreshed(Box::new(r))
    })
}

/// Public program information (name, locales, crisis resources); no token needed.
fn fetch_program(server_url: &str, program_id: uuid::Uuid) -> Command<Effect, Event> {
    let endpoint = Endpoint {
        base_url: server_url,
        token: None,
    };
    endpoint.get(&format!("/v1/programs/{program_id}"), |r| {
        Event::ProgramLoaded(Box::new(r))
    })
}

fn refresh_devices(model: &Model) -> Command<Effect, Event> {
    let Some(session) = &model.session else {
        return Command::done();
    };
    let epoch = model.epoch;
    session
        .endpoint()
        .get("/v1/devices", move |result| Event::DevicesLoaded {
            epoch,
            result,
        })
}

/// Forget the session on this device (token, account, outbox), stop syncing and show `reason`.
pub fn end_session(model: &mut Model, reason: Option<&str>) -> Command<Effect, Event> {
    sync::stop(model);
    model.session = None;
    model.restoring = None;
    model.confirmed = None;
    model.outbox.clear();
    model.devices.clear();
    model.proposals.clear();
    model.conversations.clear();
    model.open = None;
    model.crisis_prompt = None;
    model.desk = super::coordinator::Desk::default();
    model.cursor = 0;
    model.busy = false;
    model.phase = Phase::SignedOut;
    model.epoch += 1;
    model.notice = reason.map(str::to_owned);
    Command::request_from_shell(SecretOperation::DeleteToken)
        .then_send(Event::TokenWritten)
        .and(store(StoreOperation::EndSession))
        .and(super::reminders::stop(model))
        .and(render())
}
