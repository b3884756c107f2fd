//! Runs: starting a job from its timeline page, watching the run to its end, cancelling, and how
//! the poller behaves under errors, rate limits, a hidden tab and a reload.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};
use zephyr_sim::SimConfig;

use crate::support::{self, eventually, App, FULL_TOKEN};

const PROGRESS: &str = "get-latest-job-progress";

/// A simulator clock slow enough to see a run's steps (a run takes about 7-13 s).
async fn slow_app() -> App {
    App::start_with(SimConfig {
        speed: 3.0,
        ..support::sim_config()
    })
    .await
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// (status, atMs) of each progress request the app made for `job`, oldest first.
async fn progress_log(app: &App, job: i64) -> Vec<(i64, i64)> {
    app.requests()
        .await
        .into_iter()
        .filter(|r| {
            r["path"].as_str().unwrap_or_default().contains(PROGRESS)
                && r["query"]
                    .as_str()
                    .unwrap_or_default()
                    .contains(&format!("jobid={job}"))
                && !r["query"].as_str().unwrap_or_default().contains("probe")
        })
        .map(|r| {
            (
                r["status"].as_i64().unwrap_or(-1),
                r["atMs"].as_i64().unwrap_or(0),
            )
        })
        .collect()
}

async fn requests_to(app: &App, path_part: &str) -> Vec<Value> {
    app.requests()
        .await
        .into_iter()
        .filter(|r| r["path"].as_str().unwrap_or_default().contains(path_part))
        .collect()
}

/// Waits (longer than the harness's 15 s) until the page shows `needle`.
async fn wait_long_for_text(app: &App, needle: &str, secs: u64) {
    app.browser
        .wait_long_for_text(needle, Duration::from_secs(secs))
        .await;
}

async fn count(app: &App, css: &str) -> usize {
    let script = format!("return document.querySelectorAll({css:?}).length");
    app.browser.eval(&script).await.as_u64().unwrap_or(0) as usize
}

/// The texts of the timeline's entries.
async fn timeline_texts(app: &App) -> Vec<String> {
    let v = app
        .browser
        .eval("return [...document.querySelectorAll('.timeline-item')].map(li => li.innerText.replace(/\\s+/g, ' '))")
        .await;
    v.as_array()
        .into_iter()
        .flatten()
        .map(|s| s.as_str().unwrap_or_default().to_string())
        .collect()
}

/// What the server itself says about a job's latest run (outside the browser).
async fn server_status(app: &App, job: i64) -> String {
    let body = app
        .api_get(&format!(
            "v4/upload-file/automation/schedule/{PROGRESS}?jobid={job}&probe=test"
        ))
        .await;
    body["status"].as_str().unwrap_or_default().to_string()
}

async fn open_timeline(app: &App, job: i64) {
    app.sign_in(FULL_TOKEN).await;
    app.open(&format!("/jobs/{job}/run")).await;
}

#[tokio::test]
async fn run_a_never_run_job_from_its_timeline_and_watch_it_to_the_end() {
    let app = slow_app().await;
    open_timeline(&app, 4104).await;
    app.browser.wait_for_text("This job has not run yet.").await;
    app.browser.click(".run-empty .run-jobs-button").await;

    // Steps appear as the run moves; the progress bar and the step label follow.
    app.browser
        .wait_for(".timeline-item.timeline-running")
        .await;
    app.browser.wait_for(".run-step-label").await;
    app.browser.screenshot("run-running-light").await;
    app.browser.color_scheme("dark").await;
    app.browser.screenshot("run-running-dark").await;
    app.browser.color_scheme("light").await;

    app.browser.wait_for(".run-outcome").await;
    let outcome = app.browser.text(".run-outcome").await;
    assert!(
        outcome.contains("Completed") || outcome.contains("Failed"),
        "{outcome}"
    );
    assert!(
        outcome.contains("Total"),
        "the total duration is shown: {outcome}"
    );
    let entries = timeline_texts(&app).await;
    assert!(
        entries.len() >= 3,
        "several states and steps were observed: {entries:?}"
    );
    assert!(
        entries.iter().any(|e| e.contains("Step ")),
        "steps are listed: {entries:?}"
    );
    assert!(
        entries.last().unwrap().contains("Completed") || entries.last().unwrap().contains("Failed")
    );
    assert!(count(&app, ".timeline-item time[datetime]").await == entries.len());
    let announced = app
        .browser
        .eval("return document.querySelector('[aria-live=polite]').innerText")
        .await;
    assert!(
        announced.as_str().unwrap_or_default().starts_with("Run "),
        "the end is announced: {announced}"
    );
    app.browser.wait_for_text("Run now").await;
    app.browser.screenshot("run-finished-light").await;
    app.browser.color_scheme("dark").await;
    app.browser.screenshot("run-finished-dark").await;

    // One execute-job call for the one job; polling stops once the run has ended.
    let executes = requests_to(&app, "execute-job").await;
    assert_eq!(executes.len(), 1, "{executes:?}");
    assert_eq!(executes[0]["status"], 200);
    let polls = progress_log(&app, 4104).await.len();
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert_eq!(
        progress_log(&app, 4104).await.len(),
        polls,
        "no polls after the end"
    );
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
}

#[tokio::test]
async fn the_timeline_survives_a_reload_of_the_tab() {
    let app = slow_app().await;
    open_timeline(&app, 4100).await;
    app.browser
        .wait_for(".timeline-item.timeline-completed")
        .await;
    app.browser.click(".run-actions .run-jobs-button").await;
    app.browser
        .wait_for(".timeline-item.timeline-running")
        .await;
    let before = timeline_texts(&app).await;
    assert!(before.len() >= 2, "{before:?}");

    app.reload().await;
    app.browser.wait_for(".timeline-item").await;
    let after = timeline_texts(&app).await;
    assert!(after.len() >= before.len(), "{before:?} then {after:?}");
    // The first entries (New / Waiting) cannot be seen again: they came from storage.
    assert_eq!(after[0].split(' ').next(), before[0].split(' ').next());
    let stored = app
        .browser
        .eval("return sessionStorage.getItem('zephyr-jobs.timeline.4100')")
        .await;
    assert!(
        stored.as_str().unwrap_or_default().contains("\"runId\""),
        "{stored}"
    );
    wait_long_for_text(&app, "Total", 30).await;
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
}

#[tokio::test]
async fn cancel_a_running_job_with_its_run_id_and_see_it_cancelled() {
    let app = App::start().await;
    // A slow answer makes the "Cancelling…" state visible.
    app.inject(json!({"path": "/cancel/", "kind": "latency", "latencyMs": 1500, "count": 1}))
        .await;
    open_timeline(&app, 4102).await;
    app.browser.wait_for(".run-cancel").await;
    let run_label = app.browser.text(".run-id").await;
    let run_id: i64 = run_label
        .trim_start_matches("Run #")
        .parse()
        .expect(&run_label);
    assert_ne!(run_id, 4102, "the run id is not the job id");

    app.browser.click(".run-cancel").await;
    app.browser.wait_for(".dialog").await;
    app.browser.click(".dialog .button-danger").await;
    app.browser.wait_for_text("Cancelling\u{2026}").await;
    app.browser.wait_for(".run-outcome").await;
    assert!(app.browser.text(".run-outcome").await.contains("Cancelled"));
    assert!(app.browser.page_text().await.contains("Cancelled by user"));

    let cancels = requests_to(&app, "/cancel/").await;
    assert_eq!(cancels.len(), 1, "{cancels:?}");
    assert!(cancels[0]["path"]
        .as_str()
        .unwrap()
        .ends_with(&format!("/cancel/{run_id}")));
    assert_eq!(cancels[0]["method"], "POST");
    assert_eq!(cancels[0]["status"], 200);
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
}

#[tokio::test]
async fn cancelling_a_run_that_already_ended_shows_the_reason_and_the_real_final_state() {
    let app = slow_app().await;
    open_timeline(&app, 4104).await;
    app.browser.click(".run-empty .run-jobs-button").await;
    app.browser.wait_for(".run-cancel").await;

    // Freeze the view while the run goes on to its end on the server.
    app.browser.click(".run-pause input").await;
    app.browser.wait_for_text("Live updates paused").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let polls_when_paused = progress_log(&app, 4104).await.len();
    eventually(Duration::from_secs(40), "the run never ended", async || {
        let status = server_status(&app, 4104).await;
        matches!(status.as_str(), "completed" | "failed")
            .then_some(())
            .ok_or(status)
    })
    .await;
    assert_eq!(
        progress_log(&app, 4104).await.len(),
        polls_when_paused,
        "no polls while paused"
    );
    assert!(app
        .browser
        .find(".run-cancel")
        .await
        .is_displayed()
        .await
        .unwrap());

    app.browser.click(".run-cancel").await;
    app.browser.click(".dialog .button-danger").await;
    app.browser.wait_for(".run-cancel-refused").await;
    let refusal = app.browser.text(".run-cancel-refused").await;
    assert!(
        refusal.contains("has already finished"),
        "the server's reason: {refusal}"
    );
    app.browser.wait_for(".run-outcome").await;
    let outcome = app.browser.text(".run-outcome").await;
    let final_state = server_status(&app, 4104).await;
    assert!(
        outcome.to_lowercase().contains(&final_state),
        "{outcome} vs {final_state}"
    );
    assert!(progress_log(&app, 4104).await.len() > polls_when_paused);
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
}

#[tokio::test]
async fn polling_backs_off_on_errors_and_honours_retry_after_then_recovers() {
    let app = App::start().await;
    open_timeline(&app, 4102).await;
    app.browser.wait_for(".timeline-item").await;
    // Pin the jitter to its top so the backoff's ceilings show in the request log.
    app.browser
        .eval("Math.random = () => 0.999999; return 1")
        .await;
    app.inject(json!({"path": PROGRESS, "kind": "status", "status": 500, "count": 3}))
        .await;
    app.inject(
        json!({"path": PROGRESS, "kind": "status", "status": 429, "retryAfter": 3, "count": 1}),
    )
    .await;
    wait_long_for_text(&app, "retrying in", 10).await;
    app.browser.screenshot("run-retrying-light").await;

    // After the third 500, no jitter at all: only Retry-After can explain a long wait.
    eventually(
        Duration::from_secs(30),
        "three 500s never happened",
        async || {
            let log = progress_log(&app, 4102).await;
            (log.iter().filter(|(s, _)| *s == 500).count() >= 3)
                .then_some(())
                .ok_or(format!("{log:?}"))
        },
    )
    .await;
    app.browser.eval("Math.random = () => 0; return 1").await;
    eventually(Duration::from_secs(30), "never recovered", async || {
        let log = progress_log(&app, 4102).await;
        log.iter()
            .skip_while(|(s, _)| *s != 429)
            .any(|(s, _)| *s == 200)
            .then_some(())
            .ok_or(format!("{log:?}"))
    })
    .await;
    let log = progress_log(&app, 4102).await;
    let first_error = log.iter().position(|(s, _)| *s != 200).unwrap();
    let tail: Vec<_> = log[first_error - 1..].iter().take(6).collect();
    let statuses: Vec<_> = tail.iter().map(|(s, _)| *s).collect();
    assert_eq!(statuses, [200, 500, 500, 500, 429, 200], "{log:?}");
    let gaps: Vec<i64> = tail.windows(2).map(|w| w[1].1 - w[0].1).collect();
    // 2 s while healthy, then ceilings of 2, 4 and 8 s, then the server's 3 s.
    let slack = 900;
    assert!((2_000 - 50..2_000 + slack).contains(&gaps[0]), "{gaps:?}");
    assert!((2_000 - 50..2_000 + slack).contains(&gaps[1]), "{gaps:?}");
    assert!((4_000 - 50..4_000 + slack).contains(&gaps[2]), "{gaps:?}");
    assert!((8_000 - 50..8_000 + slack).contains(&gaps[3]), "{gaps:?}");
    assert!(
        (3_000 - 50..3_000 + slack).contains(&gaps[4]),
        "Retry-After: {gaps:?}"
    );
    app.browser.wait_for_text("updated").await;
    assert_eq!(
        count(&app, ".run-offline").await,
        0,
        "the banner goes once it recovered"
    );
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
}

#[tokio::test]
async fn a_hidden_tab_sends_no_polls_and_refreshes_when_shown_again() {
    let app = App::start().await;
    open_timeline(&app, 4102).await;
    app.browser.wait_for(".timeline-item").await;
    wait_long_for_text(&app, "Live \u{b7}", 10).await;

    app.browser.set_tab_hidden(true).await;
    app.browser
        .wait_for_text("Updates resume when this tab is visible")
        .await;
    // A request already on its way may still land; count from a quiet moment.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let hidden_polls = progress_log(&app, 4102).await.len();
    tokio::time::sleep(Duration::from_secs(5)).await;
    assert_eq!(
        progress_log(&app, 4102).await.len(),
        hidden_polls,
        "no polls while hidden"
    );

    let shown_at = now_ms();
    app.browser.set_tab_hidden(false).await;
    let first = eventually(
        Duration::from_secs(3),
        "no refresh after the tab came back",
        async || {
            let log = progress_log(&app, 4102).await;
            log.get(hidden_polls)
                .map(|(_, at)| *at)
                .ok_or(format!("{log:?}"))
        },
    )
    .await;
    assert!(
        first - shown_at < 1_000,
        "refreshed {} ms after coming back",
        first - shown_at
    );
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
}

#[tokio::test]
async fn a_run_refused_by_the_server_shows_its_reason_and_the_run_that_is_going() {
    let app = slow_app().await;
    open_timeline(&app, 4100).await;
    app.browser
        .wait_for(".timeline-item.timeline-completed")
        .await;
    // Someone else starts the job; this page stopped polling when the last run ended.
    let started = reqwest::Client::new()
        .post(app.url("/flex/services/rest/v4/upload-file/automation/execute-job"))
        .bearer_auth(FULL_TOKEN)
        .json(&json!({"ids": [4100]}))
        .send()
        .await
        .expect("simulator answers");
    assert!(started.status().is_success());

    app.browser.click(".run-actions .run-jobs-button").await;
    app.browser.wait_for(".run-results").await;
    let results = app.browser.text(".run-results").await;
    assert!(results.contains("job 4100 is already running"), "{results}");
    assert!(results.contains("not started"), "{results}");
    // The page asks again at once and shows the run that is going; the reason stays.
    app.browser.wait_for(".run-cancel").await;
    assert!(app
        .browser
        .find(".run-results")
        .await
        .is_displayed()
        .await
        .unwrap());
    app.browser.screenshot("run-refused-light").await;
    let executes = requests_to(&app, "execute-job").await;
    assert_eq!(executes.len(), 2, "{executes:?}");
    assert_eq!(executes[1]["status"], 400);
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
}
