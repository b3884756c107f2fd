//! The tab's one poll scheduler at scale: 100 runs in the tab's run store, the request budget
//! (at most 2 progress requests a second over any 5 s, never two in flight for one job), a run's
//! end reaching the screen within 10 s, and a hidden tab that sends nothing without opt-in.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};
use zephyr_sim::SimConfig;

use crate::support::{self, eventually, App, FULL_TOKEN};

pub const PROGRESS: &str = "get-latest-job-progress";
/// The store's sessionStorage key (src/activity/store.rs).
pub const STORE_KEY: &str = "zephyr-jobs.activity";

pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// The server's latest run of `job`, asked outside the browser (marked so logs can skip it).
pub async fn server_progress(app: &App, job: i64) -> Value {
    app.api_get(&format!(
        "v4/upload-file/automation/schedule/{PROGRESS}?jobid={job}&probe=test"
    ))
    .await
}

/// Starts runs of `jobs` with one execute-job call outside the browser: `(job, run)` each.
pub async fn start_runs(app: &App, jobs: &[i64]) -> Vec<(i64, i64)> {
    let runs: Value = reqwest::Client::new()
        .post(app.url("/flex/services/rest/v4/upload-file/automation/execute-job"))
        .bearer_auth(FULL_TOKEN)
        .json(&json!({ "ids": jobs }))
        .send()
        .await
        .expect("simulator answers")
        .json()
        .await
        .expect("runs as JSON");
    runs.as_array()
        .unwrap_or_else(|| panic!("an array of runs: {runs}"))
        .iter()
        .map(|r| match (r["jobId"].as_i64(), r["id"].as_i64()) {
            (Some(job), Some(run)) => (job, run),
            _ => panic!("a run with its job: {r}"),
        })
        .collect()
}

/// Puts `runs` into the tab's run store as if this tab had started them, then reloads so the
/// app restores them.
pub async fn seed_store(app: &App, runs: &[(i64, i64)], after_path: &str) {
    let at = now_ms();
    let stored: Vec<Value> = runs
        .iter()
        .map(|(job, run)| {
            json!({ "runId": run, "jobId": job, "jobName": format!("Job {job}"), "batch": at,
                    "state": "new", "addedMs": at })
        })
        .collect();
    let store = json!({ "runs": stored }).to_string();
    app.browser
        .eval(&format!(
            "sessionStorage.setItem({STORE_KEY:?}, {store:?}); return true"
        ))
        .await;
    app.open(after_path).await;
}

/// From the next page load on, records each progress fetch: job, sent and settled times.
pub async fn record_progress_fetches(app: &App) {
    app.browser.cdp("Page.enable", json!({})).await;
    let source = format!(
        r#"window.__polls = [];
        const original = window.fetch;
        window.fetch = function (input) {{
            const url = input instanceof Request ? input.url : String(input);
            if (!url.includes({PROGRESS:?})) return original.apply(this, arguments);
            const entry = {{ job: Number(new URL(url, location.href).searchParams.get('jobid')), sent: Date.now(), done: null }};
            window.__polls.push(entry);
            const settle = () => {{ entry.done = Date.now(); }};
            return original.apply(this, arguments).then(r => {{ settle(); return r; }}, e => {{ settle(); throw e; }});
        }};"#
    );
    app.browser
        .cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": source }),
        )
        .await;
}

/// `(job, sent, done)` of each recorded progress fetch; `done` is `None` while in flight.
pub async fn recorded_polls(app: &App) -> Vec<(i64, i64, Option<i64>)> {
    let polls = app.browser.eval("return window.__polls || []").await;
    polls
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            (
                p["job"].as_i64().unwrap_or(0),
                p["sent"].as_i64().unwrap_or(0),
                p["done"].as_i64(),
            )
        })
        .collect()
}

/// The most requests sent within any `window_ms`.
pub fn most_in_window(sent: &[i64], window_ms: i64) -> usize {
    sent.iter()
        .map(|start| {
            sent.iter()
                .filter(|t| **t >= *start && **t < start + window_ms)
                .count()
        })
        .max()
        .unwrap_or(0)
}

/// The most requests one job ever had in flight at once.
pub fn most_in_flight_per_job(polls: &[(i64, i64, Option<i64>)]) -> usize {
    polls
        .iter()
        .map(|(job, sent, _)| {
            polls
                .iter()
                .filter(|(j, s, d)| j == job && s <= sent && d.is_none_or(|d| d > *sent))
                .count()
        })
        .max()
        .unwrap_or(0)
}

/// 100 generated jobs whose latest run has ended (or that never ran), so all start together.
pub async fn idle_generated_jobs(app: &App, count: usize) -> Vec<i64> {
    let mut jobs = Vec::new();
    for job in 5000.. {
        if jobs.len() == count || job > 5300 {
            break;
        }
        let p = server_progress(app, job).await;
        let status = p["status"].as_str().unwrap_or_default();
        if p["id"].is_null() && status == "new"
            || ["completed", "failed", "cancelled"].contains(&status)
        {
            jobs.push(job);
        }
    }
    assert_eq!(jobs.len(), count, "enough idle generated jobs");
    jobs
}

#[tokio::test]
async fn scheduler_a_hundred_watched_runs_keep_the_budget_and_an_end_on_screen_shows_within_ten_seconds(
) {
    let app = App::start_with(SimConfig {
        extra_jobs: 260,
        ..support::sim_config()
    })
    .await;
    app.sign_in(FULL_TOKEN).await;
    let jobs = idle_generated_jobs(&app, 100).await;
    let runs = start_runs(&app, &jobs).await;
    assert_eq!(runs.len(), 100);
    record_progress_fetches(&app).await;
    // The first run's timeline is on screen; the other 99 are followed by the store only.
    let (target, _) = runs[0];
    seed_store(&app, &runs, &format!("/jobs/{target}/run")).await;
    app.browser.wait_for(".run-id").await;
    let loaded_at = now_ms();

    // Until the target's run ends on the server, and its end is on screen.
    let started = Instant::now();
    let mut ended_at = None;
    let seen_at = loop {
        assert!(
            started.elapsed() < Duration::from_secs(90),
            "the run never ended"
        );
        if ended_at.is_none() {
            let p = server_progress(&app, target).await;
            if ["completed", "failed"].contains(&p["status"].as_str().unwrap_or_default()) {
                ended_at = Some(p["endTime"].as_i64().expect("an end time"));
            }
        }
        let shown = app
            .browser
            .eval("return !!document.querySelector('.run-outcome')")
            .await;
        if shown == json!(true) {
            break now_ms();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let ended_at = match ended_at {
        Some(at) => at,
        None => server_progress(&app, target).await["endTime"]
            .as_i64()
            .unwrap(),
    };
    let delay = seen_at - ended_at;
    assert!(
        delay <= 10_000,
        "its end reached the screen {delay} ms after it happened"
    );

    // Measured over everything since the page loaded (at least 20 s of 100 live runs).
    tokio::time::sleep(Duration::from_millis(
        (20_000 - (now_ms() - loaded_at)).max(0) as u64,
    ))
    .await;
    let polls = recorded_polls(&app).await;
    let sent: Vec<i64> = polls.iter().map(|(_, s, _)| *s).collect();
    assert!(
        sent.len() >= 30,
        "the scheduler kept polling: {}",
        sent.len()
    );
    let most = most_in_window(&sent, 5_000);
    assert!(most <= 10, "{most} progress requests within 5 s");
    assert_eq!(
        most_in_flight_per_job(&polls),
        1,
        "two requests in flight for one job"
    );
    // The server's own log agrees (arrival jitter may squeeze one more into a window).
    let mut arrived: Vec<i64> = app
        .requests()
        .await
        .into_iter()
        .filter(|r| {
            r["path"].as_str().unwrap_or_default().contains(PROGRESS)
                && !r["query"].as_str().unwrap_or_default().contains("probe")
                && r["atMs"].as_i64().unwrap_or(0) >= loaded_at - 2_000
        })
        .map(|r| r["atMs"].as_i64().unwrap_or(0))
        .collect();
    arrived.sort_unstable();
    assert!(
        most_in_window(&arrived, 5_000) <= 11,
        "server saw {}",
        most_in_window(&arrived, 5_000)
    );

    // Hidden without opt-in: nothing at all.
    app.browser.set_tab_hidden(true).await;
    tokio::time::sleep(Duration::from_millis(700)).await;
    let before = recorded_polls(&app).await.len();
    tokio::time::sleep(Duration::from_secs(5)).await;
    assert_eq!(
        recorded_polls(&app).await.len(),
        before,
        "no polls while hidden"
    );
    // Visible again: what is due goes out at once.
    app.browser.set_tab_hidden(false).await;
    eventually(Duration::from_secs(2), "polling resumed", async || {
        let n = recorded_polls(&app).await.len();
        (n > before).then_some(()).ok_or(n.to_string())
    })
    .await;
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
}

#[tokio::test]
async fn scheduler_a_hidden_tab_opted_in_to_notifications_asks_once_per_ten_seconds() {
    let app = App::start_with(SimConfig {
        extra_jobs: 60,
        ..support::sim_config()
    })
    .await;
    app.sign_in(FULL_TOKEN).await;
    let jobs = idle_generated_jobs(&app, 20).await;
    let runs = start_runs(&app, &jobs).await;
    record_progress_fetches(&app).await;
    seed_store(&app, &runs, "/jobs").await;
    app.browser
        .eval(&format!(
            "const s = JSON.parse(sessionStorage.getItem({STORE_KEY:?})); s.notify = true;
             sessionStorage.setItem({STORE_KEY:?}, JSON.stringify(s)); return true"
        ))
        .await;
    app.reload().await;
    app.browser.wait_for(".jobs-table").await;
    app.browser.set_tab_hidden(true).await;
    tokio::time::sleep(Duration::from_millis(700)).await;
    let from = now_ms();
    tokio::time::sleep(Duration::from_secs(21)).await;
    let hidden: Vec<i64> = recorded_polls(&app)
        .await
        .into_iter()
        .map(|(_, s, _)| s)
        .filter(|s| *s >= from)
        .collect();
    assert!(
        (1..=3).contains(&hidden.len()),
        "one request per 10 s while hidden: {hidden:?}"
    );
    assert!(
        hidden.windows(2).all(|w| w[1] - w[0] >= 9_900),
        "{hidden:?}"
    );
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
}
