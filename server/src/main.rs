//! The `server` binary: parse the CLI, then serve or run an admin command. See the library's
//! docs (`server::`) for where the work happens.

use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use server::cli::{AdminCommand, Cli, Command};
use server::{Config, admin, serve, telemetry};

fn main() -> ExitCode {
    let cli = Cli::parse();
    telemetry::init();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        None | Some(Command::Serve) => {
            let config = Config::new(cli.db)
                .with_session_idle_ttl(Duration::from_secs(cli.session_idle_ttl_secs))
                .with_push(cli.push.load()?);
            let runtime = tokio::runtime::Runtime::new()?;
            runtime.block_on(serve::run(cli.addr, config))
        }
        Some(Command::Admin(AdminCommand::CreateProgram(args))) => {
            let id = admin::create_program(&cli.db, &args)?;
            println!("{id}");
            Ok(())
        }
        Some(Command::Admin(AdminCommand::AddCoordinator(args))) => {
            let id = admin::add_coordinator(&cli.db, &args, std::io::stdin().lock())?;
            println!("{id}");
            Ok(())
        }
    }
}
