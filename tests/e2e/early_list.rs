//! The job list's early requests (`web/prefetch.js`, issue #15): a cold load of the list asks the
//! server for it and its two look-ups once, before the app has started, and the app shows those
//! answers. How such an
//! answer fails is the failure matrix's (`failures::list` reloads the list into every fault).

use serde_json::json;

use crate::support::{App, FULL_TOKEN};

const LIST: &str = "file-upload-job/list";

#[tokio::test]
async fn a_cold_load_asks_for_the_list_and_its_look_ups_once_before_the_app_starts() {
    let app = App::start().await;
    app.sign_in(FULL_TOKEN).await;
    app.browser.wait_for(".jobs-table").await;
    let asked = async |path: &str, query: &str| {
        app.requests()
            .await
            .iter()
            .filter(|r| {
                r["path"].as_str().unwrap_or_default().contains(path)
                    && r["query"].as_str().unwrap_or_default().contains(query)
            })
            .count()
    };
    let before = (
        asked(LIST, "releaseId=11").await,
        asked("project/lite", "").await,
        asked("release/project/1", "").await,
    );
    assert_eq!(before.0, 0);

    // A new document, as a reload or a link from elsewhere opens it, with the tab's session.
    app.open("/jobs?project=1&release=11").await;
    app.browser.wait_for(".jobs-table tbody tr").await;
    app.browser.wait_for_text("Release 3.3").await;
    assert_eq!(
        app.browser.text(".list-count").await,
        "1 job",
        "the answer shown"
    );
    let after = (
        asked(LIST, "releaseId=11").await,
        asked("project/lite", "").await,
        asked("release/project/1", "").await,
    );
    assert_eq!(
        after,
        (1, before.1 + 1, before.2 + 1),
        "the app took the early requests over instead of asking again"
    );
    // Asked for by the page's first script, in this order, and all taken.
    let timing = app
        .browser
        .eval(
            "const all = performance.getEntriesByType('resource');
             const start = (part) => all.find(e => e.name.includes(part)).startTime;
             return { list: start('file-upload-job/list'), projects: start('project/lite'),
                      releases: start('release/project/1'),
                      left: window.zephyrJobsPrefetch === undefined };",
        )
        .await;
    let at = |name: &str| timing[name].as_f64().unwrap();
    assert!(
        at("list") <= at("projects") && at("projects") <= at("releases"),
        "{timing}"
    );
    assert_eq!(timing["left"], json!(true), "nothing is left waiting");
}
