//! A Zephyr Enterprise automation-job API simulator (contract: `shared/zephyr-api.md`, sections
//! 1-4) for developing and testing the browser app without a real Zephyr server: seeded demo data,
//! runs that progress on a configurable clock, fault injection and static hosting of the app.

mod answer_shapes;
mod auth;
mod control;
mod dates;
mod error;
mod faults;
mod job_list;
mod lifecycle;
mod model;
mod odd_values;
mod request_log;
mod rng;
mod routes;
mod seed;
mod seed_jobs;
mod server;
mod state;
mod static_files;
mod store;
mod validate;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::thread::JoinHandle;

use axum::extract::DefaultBodyLimit;
use axum::middleware::from_fn_with_state;
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::{oneshot, watch};

pub use answer_shapes::{AnswerShapes, GARBLED_BODY};
pub use faults::{FaultKind, FaultRule};
pub use static_files::CSP;

pub const DEFAULT_FULL_TOKEN: &str = "f1d2d2f924e986ac86fdf7b36c94bcdf32beec15";
pub const DEFAULT_READONLY_TOKEN: &str = "e242ed3bffccdf271b7fbaf34ed72d089537b42f";

/// Above the 25 MB file limit, so that an oversized upload meets our own check and its message.
const BODY_LIMIT: usize = 30 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct SimConfig {
    /// 0 picks a free port; the simulator always binds 127.0.0.1.
    pub port: u16,
    /// Clock speed: 1.0 is realistic (a run takes 20-40 s), 30.0 runs a whole lifecycle in about 1 s.
    pub speed: f64,
    /// Decides which runs fail, their step counts and the generated jobs.
    pub seed: u64,
    /// Extra generated jobs in project 1, release 10.
    pub extra_jobs: usize,
    /// Serve the built app from here at `/`.
    pub static_dir: Option<PathBuf>,
    pub full_token: String,
    pub readonly_token: String,
    /// Fault rules active from the start.
    pub faults: Vec<FaultRule>,
    /// Add jobs, cycles, phases, folders and users with script-injection and oversized names.
    pub hostile_names: bool,
    /// Add jobs 4160-4164 with dates, names, statuses and step counts a careless app breaks on.
    pub odd_values: bool,
    /// Answer the writes in another shape the contract allows (or garbled), after doing them.
    pub answer_shapes: AnswerShapes,
    /// No per-request log lines on stderr.
    pub quiet: bool,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            port: 8787,
            speed: 1.0,
            seed: 42,
            extra_jobs: 0,
            static_dir: None,
            full_token: DEFAULT_FULL_TOKEN.into(),
            readonly_token: DEFAULT_READONLY_TOKEN.into(),
            faults: Vec::new(),
            hostile_names: false,
            odd_values: false,
            answer_shapes: AnswerShapes::Contract,
            quiet: false,
        }
    }
}

/// A simulator that is listening; dropping it stops the server.
pub struct RunningSim {
    pub addr: SocketAddr,
    /// Dropping this stops the accept loop and every open connection.
    _stop: Option<watch::Sender<()>>,
    /// For `start_in_thread`: tells the thread to finish, then is joined.
    thread: Option<(oneshot::Sender<()>, JoinHandle<()>)>,
}

impl RunningSim {
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for RunningSim {
    fn drop(&mut self) {
        self._stop.take();
        if let Some((stop, thread)) = self.thread.take() {
            let _ = stop.send(());
            let _ = thread.join();
        }
    }
}

/// The whole application: API, control routes, static files, with logging and faults around it.
///
/// Served by anything other than [`start`], two things degrade: the `/__sim/` control API
/// answers 403 (it cannot see a loopback peer address) and a `drop` fault answers 502
/// instead of closing the connection.
pub fn router(config: &SimConfig) -> Router {
    app(Arc::new(state::Shared::new(config.clone())))
}

fn app(state: state::AppState) -> Router {
    Router::new()
        .merge(routes::api(state.clone()))
        .merge(control::routes())
        .fallback(static_files::fallback)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(from_fn_with_state(state.clone(), odd_values::rewrite))
        .layer(from_fn_with_state(state.clone(), faults::inject))
        .layer(from_fn_with_state(state.clone(), request_log::record))
        .with_state(state)
}

/// Binds 127.0.0.1, seeds the data and serves on the current tokio runtime; returns once listening.
pub async fn start(config: SimConfig) -> std::io::Result<RunningSim> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.port)).await?;
    let addr = listener.local_addr()?;
    let app = router(&config);
    let (stop, stopped) = watch::channel(());
    tokio::spawn(server::serve(listener, app, stopped));
    Ok(RunningSim {
        addr,
        _stop: Some(stop),
        thread: None,
    })
}

/// Like [`start`], on its own runtime in a background thread, for callers without one.
/// Dropping the result stops the server and joins the thread.
pub fn start_in_thread(config: SimConfig) -> std::io::Result<RunningSim> {
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    let (stop_tx, stop_rx) = oneshot::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("zephyr-sim".into())
        .spawn(move || {
            let runtime = match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(rt) => rt,
                Err(e) => return drop(ready_tx.send(Err(e))),
            };
            runtime.block_on(async move {
                match start(config).await {
                    Ok(sim) => {
                        let _ = ready_tx.send(Ok(sim.addr));
                        let _ = stop_rx.await;
                        drop(sim);
                    }
                    Err(e) => drop(ready_tx.send(Err(e))),
                }
            });
        })?;
    let addr = ready_rx
        .recv()
        .map_err(|_| std::io::Error::other("the simulator thread ended before listening"))??;
    Ok(RunningSim {
        addr,
        _stop: None,
        thread: Some((stop_tx, thread)),
    })
}
