//! The job list's early request (`web/prefetch.js`, issue #15): a cold load of the list asks the
//! server for it once, before the app has started, and the app shows that answer. How such an
//! answer fails is the failure matrix's (`failures::list` reloads the list into every fault).

use serde_json::json;

use crate::support::{App, FULL_TOKEN};

const LIST: &str = "file-upload-job/list";

#[tokio::test]
async fn a_cold_load_asks_for_the_list_once_before_the_app_starts() {
    let app = App::start().await;
    app.sign_in(FULL_TOKEN).await;
    app.browser.wait_for(".jobs-table").await;
    let asked_for_release_11 = async || {
        app.requests()
            .await
            .iter()
            .filter(|r| {
                r["path"].as_str().unwrap_or_default().contains(LIST)
                    && r["query"]
                        .as_str()
                        .unwrap_or_default()
                        .contains("releaseId=11")
            })
            .count()
    };
    assert_eq!(asked_for_release_11().await, 0);

    // A new document, as a reload or a link from elsewhere opens it, with the tab's session.
    app.open("/jobs?project=1&release=11").await;
    app.browser.wait_for(".jobs-table tbody tr").await;
    app.browser.wait_for_text("Release 3.3").await;
    assert_eq!(
        asked_for_release_11().await,
        1,
        "the app took the early request over instead of asking again"
    );
    // Before the app's own first requests, the look-ups it makes as soon as it starts.
    let timing = app
        .browser
        .eval(
            "const all = performance.getEntriesByType('resource');
             const start = (part) => all.find(e => e.name.includes(part)).startTime;
             return { list: start('file-upload-job/list'), projects: start('project/lite'),
                      left: window.zephyrJobsPrefetch === undefined };",
        )
        .await;
    assert!(
        timing["list"].as_f64() < timing["projects"].as_f64(),
        "the list was asked for before the app started: {timing}"
    );
    assert_eq!(timing["left"], json!(true), "nothing is left waiting");
}
