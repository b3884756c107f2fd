//! Token hygiene: through sign-in, use, a 401 and sign-out, the token is kept in sessionStorage
//! only while signed in, and never shows up in localStorage, cookies, a URL the browser visited
//! or requested, the browser history, the console, the page or the simulator's request log.

use std::time::Duration;

use serde_json::{json, Value};

use crate::sign_in::storage_dump;
use crate::support::{App, FULL_TOKEN};

/// Every URL this page asked for (documents, scripts, API calls), before it is navigated away.
async fn requested_urls(app: &App) -> Vec<String> {
    let names = app
        .browser
        .eval("return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource')).map(e => e.name)")
        .await;
    names
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|n| n.as_str().map(str::to_string))
        .collect()
}

/// Every entry of the tab's history, the app's own pushState entries included.
async fn history_urls(app: &App) -> Vec<String> {
    let history = app
        .browser
        .cdp("Page.getNavigationHistory", json!({}))
        .await;
    history["entries"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["url"].as_str().map(str::to_string))
        .collect()
}

/// The token is nowhere the browser keeps or shows anything, at `moment`.
async fn assert_token_gone(app: &App, moment: &str, urls: &mut Vec<String>) {
    let (local, session) = storage_dump(app).await;
    assert_eq!(local, "{}", "{moment}: localStorage holds something");
    assert!(
        !session.contains(FULL_TOKEN),
        "{moment}: sessionStorage: {session}"
    );
    let cookies = app.browser.eval("return document.cookie").await;
    assert_eq!(cookies, json!(""), "{moment}: cookies");
    let html = app
        .browser
        .eval("return document.documentElement.outerHTML + [...document.querySelectorAll('input')].map(i => i.value).join(' ')")
        .await;
    assert!(
        !html.to_string().contains(FULL_TOKEN),
        "{moment}: in the page"
    );
    for (_, message) in app.browser.console().await {
        assert!(
            !message.contains(FULL_TOKEN),
            "{moment}: console: {message}"
        );
    }
    urls.extend(requested_urls(app).await);
    urls.extend(history_urls(app).await);
    for url in urls.iter().chain(app.visited.lock().unwrap().iter()) {
        assert!(!url.contains(FULL_TOKEN), "{moment}: token in a URL: {url}");
    }
}

#[tokio::test]
async fn the_token_is_gone_everywhere_after_a_401_and_after_sign_out() {
    let app = App::start().await;
    let mut urls = Vec::new();

    // Sign in and use the app: list, a job, a run.
    app.sign_in(FULL_TOKEN).await;
    app.browser.wait_for(".jobs-table").await;
    let (_, session) = storage_dump(&app).await;
    assert!(
        session.contains(FULL_TOKEN),
        "signed in, the tab keeps the token"
    );
    app.open("/jobs/4104/run").await;
    app.browser.wait_for(".run-empty .run-jobs-button").await;
    app.browser.click(".run-empty .run-jobs-button").await;
    app.browser.wait_for(".timeline-item").await;
    urls.extend(requested_urls(&app).await);

    // The server forgets the token: the next request answers 401.
    app.inject(
        json!({ "path": "file-upload-job/list", "kind": "status", "status": 401, "count": 1 }),
    )
    .await;
    app.browser.click(".app-nav a").await;
    app.browser.wait_for_text("Your session ended").await;
    assert!(app.current_path().await.starts_with("/sign-in"));
    assert_token_gone(&app, "after a 401", &mut urls).await;

    // Signing in again returns to the list; signing out forgets the token again.
    app.browser.fill("#token", FULL_TOKEN).await;
    app.browser.click("form button[type=submit]").await;
    app.browser.wait_for(".jobs-table").await;
    app.open("/jobs/4100").await;
    app.browser.wait_for(".property-list").await;
    urls.extend(requested_urls(&app).await);
    app.browser.click(".user-menu button").await;
    app.browser.wait_for("form #token").await;
    assert_token_gone(&app, "after sign-out", &mut urls).await;

    // Signed out, the app sends nothing with the token any more.
    let before = app.requests().await.len();
    app.open("/jobs/4100").await;
    app.browser.wait_for("form #token").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let after: Vec<Value> = app.requests().await.split_off(before);
    let api_calls: Vec<&Value> = after
        .iter()
        .filter(|r| {
            r["path"].as_str().unwrap_or_default().starts_with("/flex/")
                || r["tokenSent"] == json!(true)
        })
        .collect();
    assert!(
        api_calls.is_empty(),
        "a signed-out tab calls no API: {api_calls:?}"
    );
    assert_token_gone(&app, "signed out, reopened", &mut urls).await;
    // The URLs checked are the real ones: the API calls and the app's own history entries.
    assert!(
        urls.iter().any(|u| u.contains("/flex/services/rest/")),
        "{urls:?}"
    );
    assert!(
        urls.iter().any(|u| u.ends_with("/jobs/4104/run")),
        "{urls:?}"
    );
}
