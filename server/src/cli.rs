//! The command line (clap derive). `server [serve]` runs the HTTP server; `server admin ...`
//! manages programs and coordinators on the database file directly.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use uuid::Uuid;

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
    #[command(subcommand)]
    pub command: Option<Command>,
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
