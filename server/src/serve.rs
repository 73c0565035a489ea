//! Running the HTTP server: bind, announce readiness on stdout, serve until SIGTERM/SIGINT (or
//! [`Shutdown::trigger`](crate::shutdown::Shutdown::trigger)), then drain and close the database.

use std::io::Write;
use std::net::SocketAddr;

use tokio::net::TcpListener;

use crate::app::app;
use crate::config::Config;
use crate::shutdown::os_signal;
use crate::state::AppState;

/// Binds `addr`, prints `beacon-server listening on http://IP:PORT` on stdout and serves until a
/// shutdown signal; then ends event streams, drains requests, flushes writes and checkpoints.
pub async fn run(addr: SocketAddr, config: Config) -> anyhow::Result<()> {
    crate::fd_limit::warn_if_low();
    let state = AppState::open(config)?;
    let listener = TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    {
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "beacon-server listening on http://{local}")?;
        stdout.flush()?;
    }
    tracing::info!(%local, "listening");
    serve(listener, state).await?;
    tracing::info!("shut down cleanly");
    Ok(())
}

/// Serves `state` on `listener` until SIGTERM/SIGINT or `state.shutdown().trigger()`, then
/// closes the state (flush + WAL checkpoint).
pub async fn serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    let shutdown = state.shutdown().clone();
    let stopping = async move {
        tokio::select! {
            () = os_signal() => {}
            () = shutdown.wait() => {}
        }
        // Ends SSE streams so that draining in-flight requests can finish.
        shutdown.trigger();
    };
    let sweeper = tokio::spawn(crate::expiry::run(state.clone()));
    let served = axum::serve(listener, app(state.clone()))
        .with_graceful_shutdown(stopping)
        .await;
    sweeper.abort();
    state.close().await;
    served
}
