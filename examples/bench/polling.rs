//! P5: what the list page asks the server while it shows running jobs. Runs 20 jobs of the
//! first page, watches them for a minute, then emulates a hidden tab (as tests/e2e/runs.rs does)
//! and counts what arrives at the simulator meanwhile.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Serialize;
use serde_json::{json, Value};

use crate::page;
use crate::support::{App, FULL_TOKEN};

const PROGRESS: &str = "get-latest-job-progress";
const EXECUTE: &str = "/flex/services/rest/v4/upload-file/automation/execute-job";
pub const WATCHED: usize = 20;
pub const WATCH: Duration = Duration::from_secs(60);
pub const HIDDEN: Duration = Duration::from_secs(20);

#[derive(Debug, Serialize)]
pub struct Polling {
    pub jobs_run: usize,
    pub watch_seconds: u64,
    /// Jobs whose progress was asked for while watching (the 20, plus any held run on screen).
    pub jobs_polled: usize,
    pub progress_requests: usize,
    /// Every API request while watching (progress and anything else).
    pub all_requests: usize,
    pub requests_per_job_per_minute: f64,
    /// The most progress requests for one job that were open at the same time (Resource Timing).
    pub max_in_flight_per_job: usize,
    /// Of the jobs run, how many the page still showed as running at the end.
    pub still_running_at_end: usize,
    pub hidden_seconds: u64,
    pub requests_while_hidden: usize,
    /// Progress requests within 3 s of the tab showing again.
    pub requests_after_shown: usize,
}

/// Rows of the list's first page that may be run now: their last run ended, or they never ran.
const RUNNABLE_ROWS: &str = r#"
return Array.from(document.querySelectorAll('.jobs-table tbody tr'))
  .filter(tr => {
    const badge = tr.querySelector('.badge');
    return /badge-(completed|failed|cancelled)/.test(badge.className)
      || (/badge-new/.test(badge.className) && tr.querySelector('span.muted'));
  })
  .map(tr => Number(tr.dataset.jobId));
"#;

/// Per job, the most progress requests open at once, from the page's Resource Timing.
const IN_FLIGHT: &str = r#"
const byJob = {};
for (const e of performance.getEntriesByType('resource')) {
  const m = e.name.match(/get-latest-job-progress\?jobid=(\d+)/);
  if (!m) continue;
  (byJob[m[1]] = byJob[m[1]] || []).push([e.startTime, e.responseEnd || Infinity]);
}
let most = 0;
for (const spans of Object.values(byJob)) {
  for (const [start] of spans) {
    most = Math.max(most, spans.filter(([s, end]) => s <= start && start < end).length);
  }
}
return most;
"#;

const STILL_RUNNING: &str = r#"
const ids = arguments[0];
return Array.from(document.querySelectorAll('.jobs-table tbody tr'))
  .filter(tr => ids.includes(Number(tr.dataset.jobId))
    && /badge-(new|waiting|running)/.test(tr.querySelector('.badge').className)).length;
"#;

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

async fn clear_log(http: &reqwest::Client, app: &App) {
    http.delete(app.url("/__sim/requests"))
        .send()
        .await
        .expect("request log answers");
}

fn api_requests(log: &[Value], since_ms: i64) -> Vec<&Value> {
    log.iter()
        .filter(|r| r["path"].as_str().unwrap_or_default().starts_with("/flex/"))
        .filter(|r| r["atMs"].as_i64().unwrap_or_default() >= since_ms)
        .collect()
}

pub async fn measure(app: &App) -> Polling {
    let http = reqwest::Client::new();
    page::load(app, page::APP_LIST).await;
    let runnable: Vec<i64> =
        serde_json::from_value(app.browser.eval(RUNNABLE_ROWS).await).expect("row ids");
    assert!(
        runnable.len() >= WATCHED,
        "only {} runnable jobs on the first page",
        runnable.len()
    );
    let ids = &runnable[..WATCHED];
    let res = http
        .post(app.url(EXECUTE))
        .bearer_auth(FULL_TOKEN)
        .json(&json!({ "ids": ids }))
        .send()
        .await
        .expect("execute-job answers");
    assert!(res.status().is_success(), "execute-job: {}", res.status());

    // A fresh page, so its rows start watching the new runs.
    clear_log(&http, app).await;
    let started = now_ms();
    page::load(app, page::APP_LIST).await;
    tokio::time::sleep(WATCH).await;
    let log = app.requests().await;
    let watched = api_requests(&log, started);
    let progress: Vec<&&Value> = watched
        .iter()
        .filter(|r| r["path"].as_str().unwrap_or_default().contains(PROGRESS))
        .collect();
    let mut per_job: BTreeMap<String, usize> = BTreeMap::new();
    for r in &progress {
        let job = r["query"].as_str().unwrap_or_default().to_string();
        *per_job.entry(job).or_default() += 1;
    }
    let max_in_flight = app.browser.eval(IN_FLIGHT).await.as_u64().unwrap_or(0) as usize;
    let still_running = app
        .browser
        .client
        .execute(STILL_RUNNING, vec![json!(ids)])
        .await
        .expect("row states")
        .as_u64()
        .unwrap_or(0) as usize;

    app.browser.set_tab_hidden(true).await;
    let hidden_at = now_ms();
    tokio::time::sleep(HIDDEN).await;
    let log = app.requests().await;
    let while_hidden = api_requests(&log, hidden_at).len();

    app.browser.set_tab_hidden(false).await;
    let shown_at = now_ms();
    tokio::time::sleep(Duration::from_secs(3)).await;
    let log = app.requests().await;
    let after_shown = api_requests(&log, shown_at)
        .iter()
        .filter(|r| r["path"].as_str().unwrap_or_default().contains(PROGRESS))
        .count();

    Polling {
        jobs_run: ids.len(),
        watch_seconds: WATCH.as_secs(),
        jobs_polled: per_job.len(),
        progress_requests: progress.len(),
        all_requests: watched.len(),
        requests_per_job_per_minute: progress.len() as f64
            / per_job.len().max(1) as f64
            / (WATCH.as_secs_f64() / 60.0),
        max_in_flight_per_job: max_in_flight,
        still_running_at_end: still_running,
        hidden_seconds: HIDDEN.as_secs(),
        requests_while_hidden: while_hidden,
        requests_after_shown: after_shown,
    }
}
