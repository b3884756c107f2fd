//! P5 scheduler: 100 runs in the tab's run store for 60 s, one of them on screen (its timeline),
//! on a simulator of its own at speed 1 so that runs end during the watch. Measures the progress
//! requests (per second, most in any 5 s, most in flight per job) from the page's own fetches,
//! and how long each end took to show: on screen (the timeline's outcome) and in the store.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::Value;

use crate::e2e_scheduler::{
    idle_generated_jobs, most_in_flight_per_job, most_in_window, now_ms, record_progress_fetches,
    recorded_polls, seed_store, server_progress, start_runs, STORE_KEY,
};
use crate::support::{self, App, FULL_TOKEN};

pub const RUNS: usize = 100;
pub const WATCH: Duration = Duration::from_secs(60);

#[derive(Debug, Serialize)]
pub struct SchedulerFigures {
    pub runs: usize,
    pub watch_seconds: u64,
    pub progress_requests: usize,
    pub requests_per_second: f64,
    pub most_in_any_5_s: usize,
    pub max_in_flight_per_job: usize,
    /// The run whose timeline was open: its end on the server to its outcome on screen.
    pub on_screen_delay_ms: Option<i64>,
    /// Runs that ended during the watch, and the worst delay until the store had their end.
    pub store_ended: usize,
    pub store_worst_delay_ms: Option<i64>,
    pub store_median_delay_ms: Option<i64>,
}

const STORE_ENDS: &str = "const s = JSON.parse(sessionStorage.getItem(arguments[0]) || '{\"runs\":[]}');
    return s.runs.filter(r => ['completed','failed','cancelled'].includes(r.state) || r.endedMs != null).map(r => r.runId);";

pub async fn measure(dist: std::path::PathBuf) -> SchedulerFigures {
    let app = App::start_with(zephyr_sim::SimConfig {
        extra_jobs: 260,
        speed: 1.0,
        static_dir: Some(dist),
        ..support::sim_config()
    })
    .await;
    app.sign_in(FULL_TOKEN).await;
    let jobs = idle_generated_jobs(&app, RUNS).await;
    let runs = start_runs(&app, &jobs).await;
    record_progress_fetches(&app).await;
    let (target, _) = runs[0];
    seed_store(&app, &runs, &format!("/jobs/{target}/run")).await;
    app.browser.wait_for(".run-id").await;
    let started = Instant::now();
    let mut seen: BTreeMap<i64, i64> = BTreeMap::new();
    let mut on_screen_at = None;
    while started.elapsed() < WATCH {
        let ended = app
            .browser
            .client
            .execute(STORE_ENDS, vec![STORE_KEY.into()])
            .await
            .unwrap_or(Value::Null);
        let now = now_ms();
        for run in ended
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_i64)
        {
            seen.entry(run).or_insert(now);
        }
        if on_screen_at.is_none()
            && app
                .browser
                .eval("return !!document.querySelector('.run-outcome')")
                .await
                == Value::Bool(true)
        {
            on_screen_at = Some(now);
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let polls = recorded_polls(&app).await;
    let sent: Vec<i64> = polls.iter().map(|(_, s, _)| *s).collect();
    let mut delays = Vec::new();
    let mut on_screen_delay = None;
    for (job, run) in &runs {
        let p = server_progress(&app, *job).await;
        let (Some(end), true) = (p["endTime"].as_i64(), p["id"].as_i64() == Some(*run)) else {
            continue;
        };
        if let Some(at) = seen.get(run) {
            delays.push(at - end);
        }
        if *job == target {
            on_screen_delay = on_screen_at.map(|at| at - end);
        }
    }
    delays.sort_unstable();
    SchedulerFigures {
        runs: runs.len(),
        watch_seconds: WATCH.as_secs(),
        progress_requests: sent.len(),
        requests_per_second: sent.len() as f64 / WATCH.as_secs_f64(),
        most_in_any_5_s: most_in_window(&sent, 5_000),
        max_in_flight_per_job: most_in_flight_per_job(&polls),
        on_screen_delay_ms: on_screen_delay,
        store_ended: delays.len(),
        store_worst_delay_ms: delays.last().copied(),
        store_median_delay_ms: delays.get(delays.len() / 2).copied(),
    }
}
