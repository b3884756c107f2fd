//! Bulk edit: twenty jobs edited at once, three refused by the server then saved by "Retry
//! failed"; the list shows the saved values at once; each job is written as the server has it
//! when Apply is pressed, and a job deleted meanwhile is reported, not sent; a read-only token
//! sees one refusal and nothing more is sent. Driven by keyboard.

use std::time::Duration;

use serde_json::{json, Value};
use zephyr_sim::SimConfig;

use crate::support::{eventually, sim_config, App, Press, FULL_TOKEN, READONLY_TOKEN};

/// The twenty generated jobs (5000-5019), named "… #000NN": a search for `#000` lists them all.
const TWENTY: &str = "/jobs?project=1&release=10&q=%23000";

pub fn twenty_jobs() -> SimConfig {
    SimConfig {
        extra_jobs: 20,
        ..sim_config()
    }
}

async fn focus(app: &App, css: &str) {
    app.browser.wait_for(css).await;
    app.browser
        .client
        .execute(
            "document.querySelector(arguments[0]).focus()",
            vec![json!(css)],
        )
        .await
        .expect("focus");
}

/// Selects every listed job and opens "Edit selected", by keyboard.
pub async fn open_bulk_edit(app: &App) {
    app.open(TWENTY).await;
    app.browser.wait_for_text("20 of").await;
    focus(app, ".jobs-table thead input[type=checkbox]").await;
    app.browser.press(Press::Space).await;
    app.browser.wait_for_text("20 selected").await;
    let found = app
        .browser
        .eval(
            "const b = [...document.querySelectorAll('.bulk-actions button')]
               .find(b => b.innerText.trim() === 'Edit selected');
             if (b) b.focus();
             return !!b;",
        )
        .await;
    assert_eq!(found, json!(true), "Edit selected is offered");
    app.browser.press(Press::Enter).await;
    app.browser.wait_for("dialog.bulk-dialog[open]").await;
    app.browser.wait_for_text("Edit 20 jobs").await;
}

async fn updates(app: &App) -> Vec<Value> {
    app.requests()
        .await
        .into_iter()
        .filter(|r| {
            r["path"]
                .as_str()
                .is_some_and(|p| p.contains("update-execute-job"))
        })
        .collect()
}

async fn count(app: &App, css: &str) -> usize {
    app.browser
        .client
        .execute(
            "return document.querySelectorAll(arguments[0]).length",
            vec![json!(css)],
        )
        .await
        .ok()
        .and_then(|v| v.as_u64())
        .unwrap_or(0) as usize
}

#[tokio::test]
async fn bulk_edit_saves_seventeen_lists_three_failures_and_retries_them() {
    let app = App::start_with(twenty_jobs()).await;
    app.sign_in(FULL_TOKEN).await;
    let before = app.api_get("v3/automation/job/detail?jobid=5007").await;
    open_bulk_edit(&app).await;

    // Focus starts on the first field's switch; nothing changes until a field is touched.
    assert!(app.browser.focus_is_on("#bulk-cycle-change").await);
    assert!(app
        .browser
        .page_text()
        .await
        .contains("Every field is left as is"));
    app.browser.press(Press::Space).await;
    eventually(
        Duration::from_secs(5),
        "the cycle field takes focus",
        async || {
            app.browser
                .focus_is_on("#bulk-cycle")
                .await
                .then_some(())
                .ok_or(())
                .map_err(|_| "elsewhere".to_string())
        },
    )
    .await;
    app.browser.type_text("Sprint 99 Bulk").await;
    app.browser.wait_for_text("1 field will change").await;

    app.inject(json!({
        "path": "update-execute-job", "kind": "status", "status": 409,
        "message": "Job is locked by another user", "jobIds": [5003, 5009, 5015]
    }))
    .await;
    app.browser.press(Press::Enter).await;
    app.browser.wait_for_text("17 of 20 saved").await;
    eventually(
        Duration::from_secs(10),
        "three failures listed",
        async || {
            let failed = count(&app, ".bulk-outcome-failed").await;
            (failed == 3)
                .then_some(())
                .ok_or(format!("{failed} failed"))
        },
    )
    .await;
    let text = app.browser.text("dialog.bulk-dialog").await;
    assert_eq!(
        text.matches("Job is locked by another user").count(),
        3,
        "each failure with the server's reason"
    );
    for id in [5003, 5009, 5015] {
        let row = app
            .browser
            .text(&format!(
                ".bulk-outcome[data-job-id='{id}'] .bulk-outcome-text"
            ))
            .await;
        assert!(row.contains("locked by another user"), "{id}: {row}");
    }
    assert_eq!(updates(&app).await.len(), 20, "one update per job");

    // The list behind shows the saved values at once, and not for the failed ones.
    let cycle_of = |id: i64| format!(".jobs-table tr[data-job-id='{id}'] td:nth-child(4)");
    eventually(
        Duration::from_secs(5),
        "the list shows the new cycle",
        async || {
            let saved = app.browser.text(&cycle_of(5000)).await;
            (saved == "Sprint 99 Bulk").then_some(()).ok_or(saved)
        },
    )
    .await;
    assert_ne!(app.browser.text(&cycle_of(5003)).await, "Sprint 99 Bulk");

    // Only the touched field changed on the server.
    let after = app.api_get("v3/automation/job/detail?jobid=5007").await;
    assert_eq!(after["cycleName"], "Sprint 99 Bulk");
    // (A field the server left out comes back empty: the app sends every field.)
    let same = |a: &Value, b: &Value| a == b || a.as_str() == Some("") && b.is_null();
    for field in [
        "jobName",
        "automationFramework",
        "environment",
        "phaseName",
        "assignResultsTo",
        "isReuse",
        "testRepositoryPath",
    ] {
        assert!(
            same(&after[field], &before[field]),
            "{field} left as is: {} then {}",
            before[field],
            after[field]
        );
    }

    // Retry failed, once the fault is gone: only the three are sent again.
    app.clear_faults().await;
    focus(&app, ".bulk-dialog .dialog-actions .button-primary").await;
    assert_eq!(
        app.browser
            .text(".bulk-dialog .dialog-actions .button-primary")
            .await,
        "Retry failed"
    );
    app.browser.press(Press::Enter).await;
    app.browser.wait_for_text("20 of 20 saved").await;
    assert_eq!(
        updates(&app).await.len(),
        23,
        "the 17 saved were not sent twice"
    );
    for id in [5003, 5009, 5015] {
        let job = app
            .api_get(&format!("v3/automation/job/detail?jobid={id}"))
            .await;
        assert_eq!(job["cycleName"], "Sprint 99 Bulk", "{id} saved on retry");
    }
    eventually(
        Duration::from_secs(5),
        "the retried show in the list",
        async || {
            let saved = app.browser.text(&cycle_of(5003)).await;
            (saved == "Sprint 99 Bulk").then_some(()).ok_or(saved)
        },
    )
    .await;

    // Close returns to the list, the selection kept.
    app.browser.press(Press::Escape).await;
    app.browser.wait_for_gone("dialog.bulk-dialog").await;
    assert!(app.browser.page_text().await.contains("20 selected"));
    assert!(app.browser.console_errors().await.is_empty());
}

#[tokio::test]
async fn bulk_edit_with_a_read_only_token_shows_one_refusal_and_stops() {
    let app = App::start_with(twenty_jobs()).await;
    app.sign_in(READONLY_TOKEN).await;
    open_bulk_edit(&app).await;
    let framework = app.browser.find("#bulk-framework").await;
    framework.select_by_value("TestNG").await.unwrap();
    app.browser.wait_for_text("1 field will change").await;
    focus(&app, ".bulk-form button[type=submit]").await;
    app.browser.press(Press::Enter).await;

    app.browser
        .wait_for_text("Your token is read-only: nothing was changed")
        .await;
    eventually(Duration::from_secs(10), "the batch ends", async || {
        let closing = app
            .browser
            .text(".bulk-dialog .dialog-actions .button:last-child")
            .await;
        (closing == "Close").then_some(()).ok_or(closing)
    })
    .await;
    let text = app.browser.text("dialog.bulk-dialog").await;
    assert_eq!(
        text.matches("read-only").count(),
        1,
        "the refusal once, not twenty times:\n{text}"
    );
    let sent = updates(&app).await.len();
    let refused = count(&app, ".bulk-outcome-refused").await;
    let not_sent = count(&app, ".bulk-outcome-not-sent").await;
    assert!(
        (1..=4).contains(&sent),
        "{sent} sent: the first refusal stopped the rest"
    );
    assert_eq!((refused, refused + not_sent), (sent, 20));
    assert!(app.browser.page_text().await.contains("0 of 20 saved"));
    app.assert_still_signed_in().await;
}

#[tokio::test]
async fn bulk_edit_writes_each_job_as_the_server_has_it_and_reports_the_deleted() {
    let app = App::start_with(twenty_jobs()).await;
    app.sign_in(FULL_TOKEN).await;
    open_bulk_edit(&app).await;

    // While the dialog is open, someone else edits one job and deletes another.
    let mut other = app.api_get("v3/automation/job/detail?jobid=5004").await;
    other["jobDescription"] = json!("Written by someone else meanwhile");
    app.api_post("v4/upload-file/automation/update-execute-job", &other)
        .await;
    app.api_post("v3/automation/job/delete", &json!({ "ids": [5011] }))
        .await;

    focus(&app, "#bulk-environment-change").await;
    app.browser.press(Press::Space).await;
    focus(&app, "#bulk-environment").await;
    app.browser.type_text("staging-bulk").await;
    app.browser.wait_for_text("1 field will change").await;
    app.browser.press(Press::Enter).await;
    app.browser.wait_for_text("19 of 19 saved").await;
    let text = app.browser.text("dialog.bulk-dialog").await;
    assert!(
        text.contains("1 job is no longer on the server"),
        "the summary names the deleted job: {text}"
    );
    assert_eq!(
        app.browser
            .text(".bulk-outcome[data-job-id='5011'] .bulk-outcome-text")
            .await,
        "No longer on the server"
    );
    let bar = app
        .browser
        .eval(
            "const p = document.querySelector('.bulk-progress progress'); return [p.value, p.max];",
        )
        .await;
    assert_eq!(
        bar,
        json!([19, 19]),
        "the bar is full once every job there is saved"
    );
    assert_eq!(
        updates(&app).await.len(),
        1 + 19,
        "the other user's update, then one per job still there"
    );

    for scheme in ["light", "dark"] {
        app.browser.color_scheme(scheme).await;
        app.browser
            .assert_accessible(&format!("bulk edit with a deleted job ({scheme})"))
            .await;
        app.browser
            .screenshot(&format!("bulk-edit-deleted-job-{scheme}"))
            .await;
    }

    // The other user's change is kept: the body was made from the job as it is now.
    let after = app.api_get("v3/automation/job/detail?jobid=5004").await;
    assert_eq!(after["environment"], "staging-bulk");
    assert_eq!(after["jobDescription"], "Written by someone else meanwhile");
}

/// The dialog's code is a wasm chunk fetched on first use: if it cannot be fetched, "Edit
/// selected" says so (announced) and the list and its selection stay as they were.
#[tokio::test]
async fn bulk_edit_whose_code_cannot_be_fetched_says_so_and_keeps_the_selection() {
    let app = App::start_with(twenty_jobs()).await;
    app.sign_in(FULL_TOKEN).await;
    crate::lazy_pages::refuse_chunks(&app).await;
    app.open(TWENTY).await;
    app.browser.wait_for_text("20 of").await;
    app.browser
        .click(".jobs-table thead input[type=checkbox]")
        .await;
    app.browser.wait_for_text("20 selected").await;
    app.browser
        .eval(
            "[...document.querySelectorAll('.bulk-actions button')]
               .find(b => b.innerText.trim() === 'Edit selected').click()",
        )
        .await;
    crate::lazy_pages::wait_for_alert(&app, "Edit selected could not be opened").await;
    assert_eq!(count(&app, "dialog.bulk-dialog[open]").await, 0);
    assert!(app.browser.page_text().await.contains("20 selected"));
    crate::lazy_pages::assert_no_panic(&app).await;
}
