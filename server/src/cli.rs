//! The command line (clap derive). `server [serve]` runs the HTTP server; `server admin ...`
//! manages programs and coordinators on the database file directly.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use uuid::Uuid;

use crate::push::{ApnsConfig, FcmConfig, PushConfig};

/// Beacon's sync server.
#[derive(Debug, Parser)]
#[command(name = "server", version, about)]
pub struct Cli {
    /// The SQLite database file (created if missing).
    #[arg(long, env = "BEACON_DB", default_value = "./beacon.db", global = true)]
    pub db: PathBuf,
    /// Address to listen on (port 0 picks a free port).
    #[arg(
        long,
        env = "BEACON_ADDR",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    pub addr: SocketAddr,
    /// A device session ends after this many seconds without use.
    #[arg(
        long,
        env = "BEACON_SESSION_IDLE_TTL_SECS",
        default_value_t = domain::account::SESSION_IDLE_TTL_SECS,
        global = true
    )]
    pub session_idle_ttl_secs: u64,
    /// APNs and FCM credentials (optional).
    #[command(flatten)]
    pub push: PushArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Credentials for waking closed iOS (APNs) and Android (FCM) apps. Without them, such devices'
/// registrations are kept but not pushed. The four `--apns-*` values go together.
#[derive(Debug, Default, Args)]
pub struct PushArgs {
    /// The APNs auth key (.p8, PKCS#8 PEM P-256) from the Apple developer account.
    #[arg(long, env = "BEACON_APNS_KEY_FILE", global = true)]
    pub apns_key_file: Option<PathBuf>,
    /// The APNs key's id (10 characters).
    #[arg(long, env = "BEACON_APNS_KEY_ID", global = true)]
    pub apns_key_id: Option<String>,
    /// The Apple developer team id.
    #[arg(long, env = "BEACON_APNS_TEAM_ID", global = true)]
    pub apns_team_id: Option<String>,
    /// The iOS app's bundle id (the APNs topic).
    #[arg(long, env = "BEACON_APNS_TOPIC", global = true)]
    pub apns_topic: Option<String>,
    /// Use APNs' development (sandbox) host, for development builds of the app.
    #[arg(long, env = "BEACON_APNS_SANDBOX", global = true)]
    pub apns_sandbox: bool,
    /// The Firebase service account JSON file (with the FCM send permission).
    #[arg(long, env = "BEACON_FCM_SERVICE_ACCOUNT_FILE", global = true)]
    pub fcm_service_account_file: Option<PathBuf>,
}

impl PushArgs {
    /// Reads and checks the key files: a missing, unreadable or wrong key is an error here, at
    /// startup.
    pub fn load(&self) -> anyhow::Result<PushConfig> {
        let apns = match (
            &self.apns_key_file,
            &self.apns_key_id,
            &self.apns_team_id,
            &self.apns_topic,
        ) {
            (None, None, None, None) => None,
            (Some(key_file), Some(key_id), Some(team_id), Some(topic)) => Some(ApnsConfig::load(
                key_file,
                key_id,
                team_id,
                topic,
                self.apns_sandbox,
            )?),
            _ => anyhow::bail!(
                "APNs needs all of --apns-key-file, --apns-key-id, --apns-team-id and --apns-topic"
            ),
        };
        let fcm = self
            .fcm_service_account_file
            .as_deref()
            .map(FcmConfig::load)
            .transpose()?;
        Ok(PushConfig { apns, fcm })
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP server (the default).
    Serve,
    /// Administer the database.
    #[command(subcommand)]
    Admin(AdminCommand),
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create a program; prints its id.
    CreateProgram(CreateProgram),
    /// Add a coordinator account to a program; prints the user id.
    AddCoordinator(AddCoordinator),
}

#[derive(Debug, Args)]
pub struct CreateProgram {
    /// The organisation running the program.
    #[arg(long)]
    pub organisation: String,
    /// The program's name.
    #[arg(long)]
    pub name: String,
    /// A locale the program serves (repeatable; the first is the default).
    #[arg(long = "locale", required = true)]
    pub locales: Vec<String>,
    /// JSON file: `[{"locale":"en-GB","resources":[{"name":..,"phone":..,"hours":..}]}]`.
    #[arg(long)]
    pub crisis_resources: PathBuf,
    /// How often mentees are expected to check in, in days (1–31; 3 if not given). Coordinators
    /// can change it later in the program's settings.
    #[arg(long)]
    pub checkin_cadence_days: Option<u16>,
}

#[derive(Debug, Args)]
pub struct AddCoordinator {
    /// The program the coordinator works for.
    #[arg(long)]
    pub program: Uuid,
    #[arg(long)]
    pub email: String,
    #[arg(long)]
    pub display_name: String,
    /// Read the password from the first line of standard input (required: never pass it as an
    /// argument, where other users could see it).
    #[arg(long, required = true)]
    pub password_stdin: bool,
}
