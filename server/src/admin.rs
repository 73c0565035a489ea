//! The admin subcommands, run directly against the database file (safe alongside a running
//! server: SQLite WAL and a busy timeout serialise the writes).

use std::io::BufRead;
use std::path::Path;

use anyhow::{Context, bail};
use domain::account::{Role, normalize_display_name, normalize_email, validate_new_password};
use domain::checkins::CheckInCadence;
use domain::program::{LocaleCrisisResources, ProgramInfo, validate_program};
use domain::wire::v1::ProgramSettings;
use uuid::Uuid;

use crate::auth::password::hash_blocking;
use crate::cli::{AddCoordinator, CreateProgram};
use crate::clock::now_ms;
use crate::db::open_write_connection;
use crate::db::store::{mentoring, programs, users};

/// Creates a program and returns its id.
pub fn create_program(db: &Path, args: &CreateProgram) -> anyhow::Result<Uuid> {
    let json = std::fs::read_to_string(&args.crisis_resources).with_context(|| {
        format!(
            "cannot read crisis resources file {}",
            args.crisis_resources.display()
        )
    })?;
    let crisis_resources: Vec<LocaleCrisisResources> =
        serde_json::from_str(&json).with_context(|| {
            format!(
                "{} is not a valid crisis resources list",
                args.crisis_resources.display()
            )
        })?;
    validate_program(
        &args.organisation,
        &args.name,
        &args.locales,
        &crisis_resources,
    )
    .context("invalid program")?;
    let cadence = args
        .checkin_cadence_days
        .map(CheckInCadence::every_days)
        .transpose()
        .context("invalid program")?;
    let program = ProgramInfo {
        program_id: Uuid::now_v7(),
        organisation: args.organisation.trim().to_owned(),
        name: args.name.trim().to_owned(),
        locales: args.locales.clone(),
        crisis_resources,
        catalog: domain::mentoring::profile::ProgramCatalog::default(),
        checkin_cadence_days: cadence.unwrap_or_default(),
    };
    let mut conn = open_write_connection(db)?;
    let tx = conn.transaction()?;
    programs::insert(&tx, &program, now_ms()).map_err(api_error)?;
    if let Some(cadence) = cadence {
        let settings = ProgramSettings {
            checkin_cadence_days: cadence.days(),
            ..ProgramSettings::default()
        };
        mentoring::settings::put(&tx, program.program_id, &settings).map_err(api_error)?;
    }
    tx.commit()?;
    Ok(program.program_id)
}

/// Adds a coordinator (password read from the first line of `password_source`) and returns the
/// new user id.
pub fn add_coordinator(
    db: &Path,
    args: &AddCoordinator,
    password_source: impl BufRead,
) -> anyhow::Result<Uuid> {
    if !args.password_stdin {
        bail!("pass --password-stdin and give the password on standard input");
    }
    let password = password_source
        .lines()
        .next()
        .transpose()
        .context("cannot read the password from standard input")?
        .unwrap_or_default();
    let email = normalize_email(&args.email).context("invalid email")?;
    validate_new_password(&password, &email).context("invalid password")?;
    let display_name =
        normalize_display_name(&args.display_name).context("invalid display name")?;
    let conn = open_write_connection(db)?;
    let program = programs::get(&conn, args.program)
        .map_err(api_error)?
        .with_context(|| format!("no program with id {}", args.program))?;
    let locale = program
        .locales
        .first()
        .cloned()
        .context("the program has no locales")?;
    let user = users::NewUser {
        user_id: Uuid::now_v7(),
        program_id: args.program,
        email,
        password_hash: hash_blocking(&argon2::Params::default(), &password)
            .map_err(|error| anyhow::anyhow!("cannot hash the password: {error}"))?,
        display_name,
        locale,
        roles: vec![Role::Coordinator],
        created_at_ms: now_ms(),
    };
    users::insert(&conn, &user).map_err(api_error)?;
    Ok(user.user_id)
}

#[allow(clippy::needless_pass_by_value)] // used as `map_err(api_error)`
fn api_error(error: crate::error::AppError) -> anyhow::Error {
    anyhow::anyhow!("{}", error.body.message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(dir: &Path, cadence: Option<u16>) -> CreateProgram {
        let resources = dir.join("crisis.json");
        std::fs::write(
            &resources,
            r#"[{"locale":"en-GB","resources":[{"name":"Samaritans","phone":"116 123","hours":"24/7"}]}]"#,
        )
        .unwrap();
        CreateProgram {
            organisation: "Org".into(),
            name: "Peer support".into(),
            locales: vec!["en-GB".into()],
            crisis_resources: resources,
            checkin_cadence_days: cadence,
        }
    }

    fn program_count(db: &Path) -> i64 {
        open_write_connection(db)
            .unwrap()
            .query_row("SELECT COUNT(*) FROM programs", [], |row| row.get(0))
            .unwrap()
    }

    #[test]
    fn create_program_takes_an_optional_check_in_cadence() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("beacon.db");
        let weekly = create_program(&db, &args(dir.path(), Some(7))).unwrap();
        let plain = create_program(&db, &args(dir.path(), None)).unwrap();
        let conn = open_write_connection(&db).unwrap();
        let cadence = |id| {
            programs::get(&conn, id)
                .unwrap()
                .unwrap()
                .checkin_cadence_days
                .days()
        };
        assert_eq!((cadence(weekly), cadence(plain)), (7, 3));
        for bad in [0, 32] {
            let error = create_program(&db, &args(dir.path(), Some(bad))).unwrap_err();
            assert!(
                format!("{error:#}").contains("checkin_cadence_days"),
                "{error:#}"
            );
        }
        assert_eq!(program_count(&db), 2, "a refused program is not stored");
    }
}
