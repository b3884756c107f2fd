//! Noticing runs that end: a toast per run started from the list (outcome, duration, a link to its
//! timeline), completed ones leave by themselves, failed and cancelled ones stay until dismissed,
//! and the tab's title carries the counts while runs are watched.

use std::time::Duration;

use serde_json::{json, Value};
use zephyr_sim::SimConfig;

use crate::scheduler::server_progress;
use crate::support::{self, eventually, App, FULL_TOKEN};

/// Records every toast the page ever shows (`run id -> class`), so one that left is still known.
async fn record_toasts(app: &App) {
    let script = "window.__toasts = {};
        new MutationObserver(() => {
            for (const t of document.querySelectorAll('.toast')) {
                window.__toasts[t.dataset.run] = { cls: t.className, text: t.innerText,
                    href: t.querySelector('a').getAttribute('href') };
            }
        }).observe(document.body, { childList: true, subtree: true });
        return true;";
    assert_eq!(app.browser.eval(script).await, json!(true));
}

async fn title(app: &App) -> String {
    app.browser.client.title().await.unwrap_or_default()
}

async fn wait_for_title_start(app: &App, prefix: &str) {
    eventually(
        Duration::from_secs(20),
        &format!("title never began {prefix:?}"),
        async || {
            let t = title(app).await;
            t.starts_with(prefix).then_some(()).ok_or(t)
        },
    )
    .await;
}

#[tokio::test]
async fn toasts_tell_each_run_that_ended_and_the_title_counts_them() {
    let app = App::start_with(SimConfig {
        speed: 3.0,
        ..support::sim_config()
    })
    .await;
    app.sign_in(FULL_TOKEN).await;
    app.open("/jobs?project=1&release=10").await;
    app.browser.wait_for(".jobs-table").await;
    record_toasts(&app).await;
    let jobs = [4100, 4101, 4104, 4106];
    for id in jobs {
        app.browser
            .click(&format!("tr[data-job-id='{id}'] input[type=checkbox]"))
            .await;
    }
    app.browser.click(".bulk-actions .run-jobs-button").await;
    app.browser.wait_for_text("Started 4 of 4 jobs.").await;
    wait_for_title_start(&app, "(4 running) Jobs").await;

    // One is cancelled on the server while it runs: its toast must stay too.
    let cancelled = server_progress(&app, 4106).await["id"].as_i64().unwrap();
    let answer = reqwest::Client::new()
        .post(app.url(&format!(
            "/flex/services/rest/v4/upload-file/automation/cancel/{cancelled}"
        )))
        .bearer_auth(FULL_TOKEN)
        .send()
        .await
        .unwrap();
    assert!(answer.status().is_success());

    // Every run gets a toast with its outcome and a link to its timeline.
    let mut outcomes = Vec::new();
    for job in jobs {
        let p = eventually(Duration::from_secs(40), "the run never ended", async || {
            let p = server_progress(&app, job).await;
            let s = p["status"].as_str().unwrap_or_default().to_string();
            ["completed", "failed", "cancelled"]
                .contains(&s.as_str())
                .then_some(p.clone())
                .ok_or(s)
        })
        .await;
        outcomes.push((
            job,
            p["id"].as_i64().unwrap(),
            p["status"].as_str().unwrap().to_string(),
        ));
    }
    for (job, run, status) in &outcomes {
        let toast = eventually(Duration::from_secs(15), "no toast", async || {
            let all = app.browser.eval("return window.__toasts").await;
            let t: Value = all[run.to_string()].clone();
            (!t.is_null()).then_some(t).ok_or(all.to_string())
        })
        .await;
        let cls = toast["cls"].as_str().unwrap();
        assert!(cls.contains(&format!("toast-{status}")), "{job}: {cls}");
        assert!(toast["href"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/jobs/{job}/run")));
        let text = toast["text"].as_str().unwrap();
        assert!(
            text.contains(&format!("Run #{run}")) && text.contains("took"),
            "{text}"
        );
    }
    let failed = outcomes.iter().filter(|o| o.2 == "failed").count();
    let staying = outcomes.iter().filter(|o| o.2 != "completed").count();

    // Completed ones leave after about 8 s; the others stay until dismissed.
    eventually(
        Duration::from_secs(15),
        "completed toasts never left",
        async || {
            let n = app
                .browser
                .eval("return document.querySelectorAll('.toast-completed').length")
                .await;
            (n == json!(0)).then_some(()).ok_or(n.to_string())
        },
    )
    .await;
    assert_eq!(
        app.browser
            .eval("return document.querySelectorAll('.toast').length")
            .await,
        json!(staying)
    );
    let expected = if failed > 0 {
        format!("({failed} failed) Jobs")
    } else {
        "Jobs".to_string()
    };
    wait_for_title_start(&app, &expected).await;
    let polite = app
        .browser
        .eval("return [...document.querySelectorAll('[aria-live=polite]')].map(e => e.innerText).join(' ')")
        .await;
    assert!(
        polite.as_str().unwrap_or_default().contains("Run #")
            || polite.as_str().unwrap_or_default().contains("runs ended"),
        "announced: {polite}"
    );

    // Dismissing every staying toast (by its named button) empties the stack and the count.
    for (job, run, status) in outcomes.iter().filter(|o| o.2 != "completed") {
        let label = app
            .browser
            .eval(&format!("return document.querySelector('.toast[data-run=\"{run}\"] .toast-dismiss').getAttribute('aria-label')"))
            .await;
        assert!(
            label
                .as_str()
                .unwrap_or_default()
                .starts_with(&format!("Dismiss: run #{run}")),
            "{job} {status}: {label}"
        );
        app.browser
            .click(&format!(".toast[data-run='{run}'] .toast-dismiss"))
            .await;
    }
    app.browser.wait_for_gone(".toasts").await;
    wait_for_title_start(&app, "Jobs").await;
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
}
