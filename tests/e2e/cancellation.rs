//! Leaving a page ends its work: a timeline's poll in flight is aborted and no further one goes
//! out; a finished run leaves no timer running; a save or delete answered after the user left
//! its page is still carried out but changes nothing on screen and navigates nowhere.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};
use zephyr_sim::SimConfig;

use crate::job_page::{value_of, wait_for_path};
use crate::support::{self, eventually, App, FULL_TOKEN};

const PROGRESS: &str = "get-latest-job-progress";
/// Several poll intervals (2 s each): long enough to see a poll that should not happen.
const QUIET_WINDOW: Duration = Duration::from_secs(3);

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// From now on in this page (in-app navigation keeps it), records each fetch whose URL contains
/// `part` and what became of it: out, answered, aborted or failed.
async fn record_fetches(app: &App, part: &str) {
    let script = format!(
        r#"window.__fetches = [];
        const original = window.fetch;
        window.fetch = function (input) {{
            const url = input instanceof Request ? input.url : String(input);
            const entry = {{ url, state: 'out' }};
            if (url.includes({part:?})) window.__fetches.push(entry);
            return original.apply(this, arguments).then(
                r => {{ entry.state = 'answered'; return r; }},
                e => {{ entry.state = e && e.name === 'AbortError' ? 'aborted' : 'failed'; throw e; }});
        }};
        return true;"#
    );
    assert_eq!(app.browser.eval(&script).await, json!(true));
}

/// The states of the recorded fetches, oldest first.
async fn fetch_states(app: &App) -> Vec<String> {
    let states = app
        .browser
        .eval("return (window.__fetches || []).map(f => f.state)")
        .await;
    states
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| s.as_str().unwrap_or_default().to_string())
        .collect()
}

/// Progress requests for `job` the simulator saw start after `since_ms`.
async fn polls_since(app: &App, job: i64, since_ms: i64) -> Vec<Value> {
    app.requests()
        .await
        .into_iter()
        .filter(|r| {
            r["path"].as_str().unwrap_or_default().contains(PROGRESS)
                && r["query"].as_str().unwrap_or_default() == format!("jobid={job}")
                && r["atMs"].as_i64().unwrap_or(0) > since_ms
        })
        .collect()
}

/// Still on the job list the user went to: no page of the job, no notice.
async fn assert_on_the_list(app: &App) {
    let path = app.current_path().await;
    assert!(
        path.starts_with("/jobs") && !path.starts_with("/jobs/"),
        "navigated to {path}"
    );
    assert!(app
        .browser
        .find(".jobs-table")
        .await
        .is_displayed()
        .await
        .unwrap());
    let notices = app
        .browser
        .eval("return document.querySelectorAll('.flash').length")
        .await;
    assert_eq!(notices, json!(0), "a notice appeared");
}

#[tokio::test]
async fn cancellation_leaving_a_timeline_aborts_its_poll_in_flight_and_asks_no_more() {
    let app = App::start().await;
    app.sign_in(FULL_TOKEN).await;
    // 4102's run stays in progress: its timeline would poll for as long as it is open.
    app.open("/jobs/4102").await;
    app.browser.wait_for(".job-actions").await;
    record_fetches(&app, PROGRESS).await;
    app.inject(json!({ "path": PROGRESS, "kind": "latency", "latencyMs": 5000 }))
        .await;
    app.browser.click(".job-actions a[href$='/run']").await;
    wait_for_path(&app, |p| p == "/jobs/4102/run").await;
    eventually(Duration::from_secs(5), "a poll went out", async || {
        let states = fetch_states(&app).await;
        (states == ["out"])
            .then_some(())
            .ok_or(format!("{states:?}"))
    })
    .await;

    // Back to the job page while the answer is still 5 s away.
    let left_at = now_ms();
    app.browser
        .click(".breadcrumbs a[href$='/jobs/4102']")
        .await;
    wait_for_path(&app, |p| p == "/jobs/4102").await;
    eventually(
        Duration::from_secs(3),
        "the poll in flight was aborted",
        async || {
            let states = fetch_states(&app).await;
            (states == ["aborted"])
                .then_some(())
                .ok_or(format!("{states:?}"))
        },
    )
    .await;
    tokio::time::sleep(QUIET_WINDOW).await;
    assert_eq!(
        fetch_states(&app).await,
        ["aborted"],
        "no poll after leaving"
    );
    assert_eq!(polls_since(&app, 4102, left_at).await, Vec::<Value>::new());
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
}

#[tokio::test]
async fn cancellation_a_finished_run_leaves_no_timer_and_run_now_resumes() {
    let app = App::start_with(SimConfig {
        speed: 30.0,
        ..support::sim_config()
    })
    .await;
    app.sign_in(FULL_TOKEN).await;
    app.open("/jobs/4100/run").await;
    app.browser.wait_for(".run-outcome").await;
    let first_run = app.browser.text(".run-id").await;

    // Count every timer the page sets from now on.
    let count_timers = "window.__timers = 0;
        for (const name of ['setTimeout', 'setInterval']) {
            const original = window[name];
            window[name] = function () { window.__timers++; return original.apply(this, arguments); };
        }
        return true;";
    assert_eq!(app.browser.eval(count_timers).await, json!(true));
    let quiet_from = now_ms();
    tokio::time::sleep(QUIET_WINDOW).await;
    assert_eq!(
        app.browser.eval("return window.__timers").await,
        json!(0),
        "no timer while nothing is due"
    );
    assert_eq!(
        polls_since(&app, 4100, quiet_from).await,
        Vec::<Value>::new()
    );

    // A new run wakes the poller: its states come in and it reaches its end.
    app.browser.click(".run-actions .run-jobs-button").await;
    eventually(
        Duration::from_secs(15),
        "the new run is shown",
        async || {
            let shown = app.browser.text(".run-id").await;
            (shown != first_run && !shown.is_empty())
                .then_some(())
                .ok_or(shown)
        },
    )
    .await;
    app.browser.wait_for(".run-outcome").await;
    assert!(!polls_since(&app, 4100, quiet_from).await.is_empty());
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
}

#[tokio::test]
async fn cancellation_a_save_or_delete_answered_after_leaving_changes_nothing_on_screen() {
    let app = App::start().await;
    app.sign_in(FULL_TOKEN).await;

    // A slow save; the user leaves for the job list (discarding) before it is answered.
    app.open("/jobs/4100/edit").await;
    assert_eq!(value_of(&app, "#job-name").await, "Nightly API regression");
    record_fetches(&app, "update-execute-job").await;
    app.inject(
        json!({ "path": "update-execute-job", "kind": "latency", "latencyMs": 3000, "count": 1 }),
    )
    .await;
    app.browser.fill("#job-name", "Renamed while leaving").await;
    app.browser.click("form button[type=submit]").await;
    app.browser.wait_for_text("Saving\u{2026}").await;
    app.browser.click(".app-nav a").await;
    app.browser.click(".dialog .button-danger").await;
    app.browser.wait_for(".jobs-table").await;
    wait_answered(&app, "the save was answered").await;
    // The save itself went through (it was not abandoned half-way) ...
    let job = app.api_get("v3/automation/job/detail?jobid=4100").await;
    assert_eq!(job["jobName"], "Renamed while leaving");
    // ... and changed nothing on the page the user is on now (its continuation runs as soon as
    // the answer is in: a second is plenty to see a navigation or a notice).
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_on_the_list(&app).await;

    // A slow delete from the job page; the user goes back to the list first.
    app.open("/jobs/4106").await;
    app.browser.wait_for(".job-actions").await;
    record_fetches(&app, "job/delete").await;
    app.inject(json!({ "path": "job/delete", "kind": "latency", "latencyMs": 3000, "count": 1 }))
        .await;
    app.browser
        .click(".job-actions .button-danger-outline")
        .await;
    app.browser.click(".dialog .button-danger").await;
    app.browser.wait_for_text("Deleting\u{2026}").await;
    app.browser.click(".breadcrumb a").await;
    app.browser.wait_for(".jobs-table").await;
    wait_answered(&app, "the delete was answered").await;
    let gone = app.api_get("v3/automation/job/detail?jobid=4106").await;
    assert!(
        gone["errorMsg"].is_string(),
        "deleted on the server: {gone}"
    );
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_on_the_list(&app).await;
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
}

/// Waits until the one recorded write has its answer.
async fn wait_answered(app: &App, what: &str) {
    eventually(Duration::from_secs(10), what, async || {
        let states = fetch_states(app).await;
        (states == ["answered"])
            .then_some(())
            .ok_or(format!("{states:?}"))
    })
    .await;
}
