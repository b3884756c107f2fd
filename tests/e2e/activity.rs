//! The Activity page: a batch started from the list shows up with bars that grow, a run is
//! cancelled from its row, the batch finishes, Re-run failed sends ONE execute-job call with
//! exactly the failed and cancelled jobs; a reload keeps Activity and signing out clears it; and a
//! hidden tab gets a browser notification whose click lands on the run's timeline.
//! Run alone: `cargo test --test e2e -- activity`.

use std::time::Duration;

use serde_json::{json, Value};
use zephyr_sim::SimConfig;

use crate::support::{self, eventually, App, FULL_TOKEN};

const LIST: &str = "/jobs?project=1&release=10";
/// Finished jobs of release 10 that can run again: completed, failed, cancelled, completed.
const BATCH: [i64; 4] = [4100, 4101, 4105, 4106];
const LONG: Duration = Duration::from_secs(60);

/// A clock slow enough to watch bars grow and cancel a run (at 1.5 a run takes 13-27 s).
async fn slow_app(speed: f64) -> App {
    App::start_with(SimConfig {
        speed,
        ..support::sim_config()
    })
    .await
}

/// How many requests to start runs (execute-job) the simulator received.
pub async fn execute_calls(app: &App) -> usize {
    app.requests()
        .await
        .iter()
        .filter(|r| {
            r["path"]
                .as_str()
                .unwrap_or_default()
                .ends_with("execute-job")
        })
        .count()
}

/// The server's latest run of a job: (id, status).
async fn latest_run(app: &App, job: i64) -> (i64, String) {
    let p = app
        .api_get(&format!(
            "v4/upload-file/automation/schedule/get-latest-job-progress?jobid={job}&probe=test"
        ))
        .await;
    (
        p["id"].as_i64().unwrap_or_default(),
        p["status"].as_str().unwrap_or_default().to_string(),
    )
}

async fn run_selected(app: &App, jobs: &[i64]) {
    app.open(LIST).await;
    app.browser.wait_for(".jobs-table").await;
    for id in jobs {
        app.browser
            .click(&format!("tr[data-job-id='{id}'] input[type=checkbox]"))
            .await;
    }
    app.browser.click(".bulk-actions .run-jobs-button").await;
    let n = jobs.len();
    let done = if n == 1 {
        "The run started.".to_string()
    } else {
        format!("Started {n} of {n} jobs.")
    };
    app.browser.wait_for_text(&done).await;
}

/// The width of the bar of `job`'s run in the chart, in user units.
async fn bar_width(app: &App, job: i64) -> f64 {
    let v = app
        .browser
        .eval(&format!(
            "const rows = [...document.querySelectorAll('tr.activity-row[data-job=\"{job}\"]')];
             const lanes = [...document.querySelectorAll('.activity-chart .lane')];
             const names = lanes.map(l => l.querySelector('.lane-label').textContent);
             const name = rows.length ? rows[0].querySelector('td').innerText.trim() : '';
             const lane = lanes[names.indexOf(name)];
             return lane ? parseFloat(lane.querySelector('.bar').getAttribute('width')) : -1;"
        ))
        .await;
    v.as_f64().unwrap_or(-1.0)
}

async fn row_count(app: &App, css: &str) -> usize {
    let script = format!("return document.querySelectorAll({css:?}).length");
    app.browser.eval(&script).await.as_u64().unwrap_or(0) as usize
}

/// The job ids of finished rows in a state (`failed`, `cancelled`, `completed`).
async fn finished_jobs(app: &App, state: &str) -> Vec<i64> {
    let v = app
        .browser
        .eval(&format!(
            "return [...document.querySelectorAll('.runs-finished tr.row-{state}')].map(r => +r.dataset.job)"
        ))
        .await;
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_i64)
        .collect()
}

#[tokio::test]
async fn activity_a_batch_grows_finishes_is_cancelled_and_re_runs_what_failed() {
    let app = slow_app(1.5).await;
    app.sign_in(FULL_TOKEN).await;
    run_selected(&app, &BATCH).await;

    // The header counts the runs still going (seen: "4"; heard: "Activity, 4 running").
    let link = app.browser.wait_for(".nav-activity").await;
    eventually(LONG, "the header never counted 4 running", async || {
        let counts = app
            .browser
            .eval(
                "const a = document.querySelector('.nav-activity');
                 const seen = a.querySelector('.nav-count');
                 const heard = a.querySelector('.visually-hidden');
                 return [seen ? seen.textContent : '', heard ? 'Activity' + heard.textContent : ''];",
            )
            .await;
        (counts == json!(["4", "Activity, 4 running"]))
            .then_some(())
            .ok_or(counts.to_string())
    })
    .await;
    link.click().await.expect("click Activity");
    app.browser.wait_for(".activity-page h1").await;
    assert_eq!(app.current_path().await, "/activity");
    // While runs are watched the title starts with their counts, e.g. "(4 running) ".
    let title = app.browser.client.title().await.unwrap();
    assert!(title.ends_with("Activity \u{b7} Zephyr Jobs"), "{title}");
    assert_eq!(row_count(&app, ".runs-running tr.activity-row").await, 4);

    // A running bar grows with the clock.
    app.browser.wait_for(".activity-chart .bar-running").await;
    let first = bar_width(&app, 4100).await;
    eventually(LONG, "the running bar never grew", async || {
        let now = bar_width(&app, 4100).await;
        (first > 0.0 && now > first)
            .then_some(())
            .ok_or(format!("{first} then {now}"))
    })
    .await;

    // Cancel one from its row, through the confirmation.
    app.browser
        .click("tr.activity-row[data-job='4106'] .row-cancel")
        .await;
    app.browser.wait_for("dialog.dialog[open]").await;
    let question = app.browser.text("dialog.dialog h2").await;
    let run_4106 = latest_run(&app, 4106).await.0;
    assert_eq!(question, format!("Cancel run #{run_4106}?"));
    app.browser.click("dialog .button-danger").await;
    eventually(
        LONG,
        "the cancelled run never showed as cancelled",
        async || {
            let cancelled = finished_jobs(&app, "cancelled").await;
            cancelled
                .contains(&4106)
                .then_some(())
                .ok_or(format!("{cancelled:?}"))
        },
    )
    .await;
    assert_eq!(latest_run(&app, 4106).await.1, "cancelled");

    // The batch finishes: every row moves to Finished.
    eventually(LONG, "the batch never finished", async || {
        let n = row_count(&app, ".runs-finished tr.activity-row").await;
        (n == 4).then_some(()).ok_or(format!("{n} finished"))
    })
    .await;
    assert_eq!(row_count(&app, ".runs-running tr").await, 0);
    let again: Vec<i64> = [
        finished_jobs(&app, "failed").await,
        finished_jobs(&app, "cancelled").await,
    ]
    .concat();
    let before: Vec<(i64, String)> = {
        let mut v = Vec::new();
        for job in BATCH {
            v.push(latest_run(&app, job).await);
        }
        v
    };

    // Re-run failed: ONE execute-job call with exactly the failed and cancelled jobs.
    let calls = execute_calls(&app).await;
    app.browser.click(".batch .run-jobs-button").await;
    let n = again.len();
    let done = if n == 1 {
        "The run started.".to_string()
    } else {
        format!("Started {n} of {n} jobs.")
    };
    app.browser.wait_for_text(&done).await;
    assert_eq!(execute_calls(&app).await, calls + 1, "one execute-job call");
    for (job, (old_run, _)) in BATCH.iter().zip(&before) {
        let (new_run, _) = latest_run(&app, *job).await;
        assert_eq!(
            new_run != *old_run,
            again.contains(job),
            "job {job} re-run only if it failed or was cancelled ({again:?})"
        );
    }
    // The new runs are a new batch, running, next to the finished ones.
    app.browser.wait_for(".runs-running tr.activity-row").await;
    // The screenshots the issue asks for: running, failed or cancelled, and completed runs
    // (once the new bars have grown a little, and with the end-of-run toasts dismissed).
    eventually(LONG, "the re-run bars never grew", async || {
        let w = app
            .browser
            .eval(
                "document.querySelectorAll('.toast-dismiss').forEach(b => b.click());
                 return Math.max(0, ...[...document.querySelectorAll('.activity-chart .bar-running')]
                   .map(b => parseFloat(b.getAttribute('width'))));",
            )
            .await;
        (w.as_f64().unwrap_or(0.0) > 40.0)
            .then_some(())
            .ok_or(w.to_string())
    })
    .await;
    app.browser
        .eval("document.querySelector('.activity-toolbar').scrollIntoView(); return true")
        .await;
    app.browser.screenshot("activity-light").await;
    app.browser.color_scheme("dark").await;
    app.browser.screenshot("activity-dark").await;
    app.browser.color_scheme("light").await;

    // A reload keeps Activity; signing out clears it.
    let rows = row_count(&app, "tr.activity-row").await;
    app.reload().await;
    app.browser.wait_for("tr.activity-row").await;
    assert_eq!(row_count(&app, "tr.activity-row").await, rows);
    app.browser.click(".user-menu button").await;
    app.browser.wait_for("form #token").await;
    app.sign_in(FULL_TOKEN).await;
    app.open("/activity").await;
    app.browser.wait_for(".activity-empty").await;
    assert_eq!(row_count(&app, "tr.activity-row").await, 0);
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
}

/// Records each `Notification` the page constructs in `window.__notes`, from the next load on,
/// so the test can read them and call their `onclick` as a click on the notification would.
async fn record_notifications(app: &App) {
    app.browser.cdp("Page.enable", json!({})).await;
    app.browser
        .cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": "(() => {
                const Real = window.Notification;
                if (!Real) return;
                window.__notes = [];
                function Recorded(title, options) {
                    const entry = { title, body: (options || {}).body };
                    window.__notes.push(entry);
                    entry.n = new Real(title, options);
                    return entry.n;
                }
                Object.defineProperty(Recorded, 'permission', { get: () => Real.permission });
                Recorded.requestPermission = (...a) => Real.requestPermission(...a);
                window.Notification = Recorded;
            })();" }),
        )
        .await;
}

async fn notification_permission(app: &App, setting: &str) {
    app.browser
        .cdp(
            "Browser.setPermission",
            json!({ "permission": { "name": "notifications" }, "setting": setting, "origin": app.url("") }),
        )
        .await;
}

#[tokio::test]
async fn activity_a_hidden_tab_is_notified_and_the_click_lands_on_the_timeline() {
    let app = slow_app(3.0).await;
    record_notifications(&app).await;
    app.sign_in(FULL_TOKEN).await;
    app.open("/activity").await;
    app.browser.wait_for(".activity-empty").await;

    // Denied: the switch stays off and says why; nothing asks again by itself.
    notification_permission(&app, "denied").await;
    app.browser.click(".notify-switch .switch").await;
    app.browser.wait_for(".notify-denied").await;
    let switch = app.browser.find(".notify-switch .switch").await;
    assert_eq!(
        switch.attr("aria-checked").await.unwrap().as_deref(),
        Some("false")
    );

    // Granted through the browser's own permission override: the switch turns on.
    app.browser
        .cdp(
            "Browser.grantPermissions",
            json!({ "permissions": ["notifications"], "origin": app.url("") }),
        )
        .await;
    app.browser.click(".notify-switch .switch").await;
    eventually(LONG, "the switch never turned on", async || {
        let on = switch
            .attr("aria-checked")
            .await
            .ok()
            .flatten()
            .unwrap_or_default();
        (on == "true").then_some(()).ok_or(on)
    })
    .await;

    run_selected(&app, &[4100]).await;
    app.browser.set_tab_hidden(true).await;
    let note = eventually(LONG, "no notification came", async || {
        let notes = app
            .browser
            .eval("return (window.__notes || []).map(n => ({ title: n.title, body: n.body }))")
            .await;
        notes
            .as_array()
            .and_then(|a| a.first().cloned())
            .ok_or(notes.to_string())
    })
    .await;
    let title = note["title"].as_str().unwrap_or_default();
    assert!(title.starts_with("Nightly API regression: "), "{note}");
    assert!(
        note["body"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Run #"),
        "{note}"
    );
    // One run ended: one notification.
    assert_eq!(
        app.browser.eval("return window.__notes.length").await,
        json!(1)
    );

    app.browser.set_tab_hidden(false).await;
    app.browser
        .eval("window.__notes[0].n.onclick(); return true")
        .await;
    support::eventually(LONG, "the click did not land on the timeline", async || {
        let path = app.current_path().await;
        (path == "/jobs/4100/run").then_some(()).ok_or(path)
    })
    .await;
    app.browser.wait_for_text("Run #").await;
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
}
