//! The job page: every property, hostile names shown as text, a job that is gone, and delete
//! (refused, then done). Also the small form helpers the job-form tests share.

use std::time::Duration;

use serde_json::json;

use crate::support::{eventually, App, FULL_TOKEN};

/// Waits until the browser's path (with query) satisfies `wanted`, and returns it.
pub async fn wait_for_path(app: &App, wanted: impl Fn(&str) -> bool) -> String {
    eventually(
        Duration::from_secs(15),
        "the page did not go where expected",
        async || {
            let path = app.current_path().await;
            if wanted(&path) {
                Ok(path)
            } else {
                Err(path)
            }
        },
    )
    .await
}

/// The current value of a form field, as the browser has it.
pub async fn value_of(app: &App, css: &str) -> String {
    app.browser
        .wait_for(css)
        .await
        .prop("value")
        .await
        .expect("value property")
        .unwrap_or_default()
}

/// Picks an option of a select as a user would (waiting for the look-up to fill it).
pub async fn choose(app: &App, select: &str, option: &str) {
    app.browser.click(&format!("{select} {option}")).await;
}

/// Sets a date input (its picker UI is the browser's own) and tells the app, as typing does.
pub async fn set_date(app: &App, css: &str, iso: &str) {
    app.browser
        .eval(&format!(
            "const el = document.querySelector('{css}'); el.value = '{iso}'; \
             el.dispatchEvent(new Event('input', {{ bubbles: true }}));"
        ))
        .await;
}

/// A screenshot of the whole page, not just the window, for a person to look over.
pub async fn screenshot_whole_page(app: &App, name: &str) {
    let height = app
        .browser
        .eval("return document.documentElement.scrollHeight")
        .await
        .as_u64()
        .unwrap_or(800);
    let metrics =
        json!({ "width": 1280, "height": height, "deviceScaleFactor": 1, "mobile": false });
    app.browser
        .cdp("Emulation.setDeviceMetricsOverride", metrics)
        .await;
    app.browser.screenshot(name).await;
    app.browser
        .cdp("Emulation.clearDeviceMetricsOverride", json!({}))
        .await;
}

/// The page does not scroll sideways, whatever the names on it.
pub async fn assert_no_horizontal_overflow(app: &App) {
    let fits = app
        .browser
        .eval("return document.documentElement.scrollWidth <= window.innerWidth")
        .await;
    assert_eq!(fits, json!(true), "the page overflows horizontally");
}

#[tokio::test]
async fn job_page_shows_every_property_and_hostile_names_only_as_text() {
    let app = App::start().await;
    app.sign_in(FULL_TOKEN).await;
    app.open("/jobs/4101").await;
    let name = r#"Checkout <script>alert(1)</script> & "refunds""#;
    app.browser.wait_for_text(name).await;
    app.browser.wait_for_text("Payments Platform").await;
    let text = app.browser.page_text().await;
    for expected in [
        "Release 3.2",
        "Failed",
        "Framework",
        "Cycle",
        "Phase",
        "Repository folder",
        "Results assigned to",
        "Environment",
        "Created by",
        "Last run",
        "Edit",
        "Latest run",
        "Delete",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    assert_eq!(app.browser.text("h1").await, name);
    assert!(
        app.browser.client.get_alert_text().await.is_err(),
        "a script in a job name never runs"
    );
    let injected = app
        .browser
        .eval("return document.querySelectorAll('main script').length")
        .await;
    assert_eq!(injected, json!(0));
    assert_no_horizontal_overflow(&app).await;
    screenshot_whole_page(&app, "job-page-light").await;
    app.browser.color_scheme("dark").await;
    screenshot_whole_page(&app, "job-page-dark").await;

    // The buttons go where they say.
    app.browser.click(".job-actions a[href$='/edit']").await;
    wait_for_path(&app, |p| p == "/jobs/4101/edit").await;
    assert_eq!(value_of(&app, "#job-name").await, name);
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
}

#[tokio::test]
async fn job_page_for_an_unknown_job_says_it_no_longer_exists() {
    let app = App::start().await;
    app.sign_in(FULL_TOKEN).await;
    app.open("/jobs/987654").await;
    app.browser.wait_for_text("This job no longer exists").await;
    app.open("/jobs/987654/edit").await;
    app.browser.wait_for_text("This job no longer exists").await;
    app.browser.click(".job-gone a").await;
    wait_for_path(&app, |p| p.starts_with("/jobs") && !p.contains("987654")).await;
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
}

#[tokio::test]
async fn job_page_delete_shows_a_refusal_then_deletes_and_returns_to_the_list() {
    let app = App::start().await;
    app.sign_in(FULL_TOKEN).await;
    app.open("/jobs/4100").await;
    let name = app.browser.text("h1").await;
    assert!(!name.is_empty());

    // Refused: the server's reason is shown and the page stays.
    app.inject(json!({ "path": "job/delete", "kind": "status", "status": 400, "count": 1 }))
        .await;
    app.browser
        .click(".job-actions .button-danger-outline")
        .await;
    app.browser.wait_for(".dialog").await;
    assert!(
        app.browser.text(".dialog").await.contains(&name),
        "the dialog names the job"
    );
    app.browser.click(".dialog .button-danger").await;
    app.browser.wait_for_text("The job was not deleted").await;
    app.browser.wait_for_text("Injected fault: HTTP 400").await;
    assert_eq!(app.current_path().await, "/jobs/4100");

    // Cancelling the dialog deletes nothing.
    app.browser
        .click(".job-actions .button-danger-outline")
        .await;
    app.browser
        .click(".dialog .dialog-actions .button:not(.button-danger)")
        .await;
    assert_eq!(app.current_path().await, "/jobs/4100");

    // Done: back to the job's list, with a notice, and the job is gone from it.
    app.browser
        .click(".job-actions .button-danger-outline")
        .await;
    app.browser.click(".dialog .button-danger").await;
    wait_for_path(&app, |p| p == "/jobs?project=1&release=10").await;
    app.browser.wait_for_text("deleted").await;
    app.browser.wait_for(".jobs-table").await;
    let list = app.browser.text(".jobs-table").await;
    assert!(!list.contains(&name), "{name} still listed:\n{list}");
    app.open("/jobs/4100").await;
    app.browser.wait_for_text("This job no longer exists").await;
}
