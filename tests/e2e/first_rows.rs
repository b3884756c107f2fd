//! The list's first page drawn before the wasm has arrived (`web/first_rows.js`, issue #15): on a
//! slow link the list's early answer comes seconds before the app. The page drawn then is the
//! app's own to the pixel (the same rows, texts and places), takes no click, and the app takes
//! over without a frame that has no rows. Data it cannot read exactly as the app does is left
//! to the app.

use serde_json::{json, Value};

use crate::support::{eventually, App, FULL_TOKEN};

const LIST: &str = "/jobs?project=1&release=10";

/// Records, in every frame from the document's start, how many job rows the page has and
/// whether the static shell is still there.
const FRAME_RECORDER: &str = "window.__frames = []; (function record() { \
     window.__frames.push([document.querySelectorAll('.jobs-table tbody tr').length, \
     document.getElementById('boot') !== null]); requestAnimationFrame(record); })();";

/// What a user sees of the list: the heading, the count, the table's head, each row's text
/// (times by their exact value: a relative time may turn a minute meanwhile), the pager, and
/// where each of them is. The saved views' panel is closed, so not seen.
const SNAPSHOT: &str = "const place = (e) => { const r = e.getBoundingClientRect(); \
       return [Math.round(r.left), Math.round(r.top), Math.round(r.width), Math.round(r.height)]; };
     const shown = (e) => { const c = e.cloneNode(true); \
       c.querySelectorAll('time').forEach(t => t.textContent = t.getAttribute('datetime') + ' ' + t.title); \
       c.querySelectorAll('.views-panel').forEach(p => p.remove()); \
       return c.textContent; };
     const visible = [...document.querySelectorAll('.jobs-page')].find(p => p.getClientRects().length > 0);
     return ['h1', '.list-count', '.filter-bar', 'thead', '.pager', 'tbody tr'].flatMap(css => \
       [...visible.querySelectorAll(css)].map(e => [css, e.dataset.jobId || '', shown(e), place(e)]));";

async fn hold_back_the_wasm(app: &App) {
    app.browser
        .cdp(
            "Fetch.enable",
            json!({ "patterns": [{ "urlPattern": "*.wasm" }] }),
        )
        .await;
}

/// Whether `web/first_rows.js` drew the page, once it has decided.
async fn drawn_before_the_app(app: &App) -> bool {
    app.browser
        .eval("window.zephyrJobsFirstRows.then(v => window.__drawn = v); return true")
        .await;
    eventually(
        std::time::Duration::from_secs(15),
        "the first rows never decided",
        async || match app.browser.eval("return window.__drawn").await {
            Value::Bool(drawn) => Ok(drawn),
            other => Err(other.to_string()),
        },
    )
    .await
}

#[tokio::test]
async fn before_the_wasm_the_list_shows_the_apps_first_page_then_the_app_takes_over() {
    let app = App::start_with(zephyr_sim::SimConfig {
        extra_jobs: 70,
        hostile_names: true,
        ..crate::support::sim_config()
    })
    .await;
    app.sign_in(FULL_TOKEN).await;
    app.browser.wait_for(".jobs-table tbody tr").await;
    app.browser
        .cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": FRAME_RECORDER }),
        )
        .await;

    // Running jobs' badges follow their runs once the app has started: held still here, so that
    // both pages show the list's own statuses.
    app.inject(json!({ "path": "get-latest-job-progress", "kind": "latency", "latencyMs": 10000 }))
        .await;
    hold_back_the_wasm(&app).await;
    app.open_before_the_app(LIST).await;
    assert!(drawn_before_the_app(&app).await, "the first page was drawn");
    let before = app.browser.eval(SNAPSHOT).await;
    let rows = before
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e[0] == "tbody tr")
        .count();
    assert_eq!(rows, 50, "{before}");
    let page = app.browser.page_text().await;
    assert!(page.contains("Page 1 of 2"), "{page}");
    assert!(
        page.contains("Checkout <script>alert(1)</script> & \"refunds\""),
        "server text shown as text: {page}"
    );
    let state = app
        .browser
        .eval(
            "const boot = document.getElementById('boot');
             return [boot.inert, boot.getAttribute('aria-busy'), document.querySelectorAll('tbody script').length,
                     typeof window.wasmBindings]",
        )
        .await;
    assert_eq!(
        state,
        json!([true, "true", 0, "undefined"]),
        "inert, busy, no markup from the server, and no app yet"
    );

    app.browser.cdp("Fetch.disable", json!({})).await;
    app.wait_for_the_app().await;
    let after = app.browser.eval(SNAPSHOT).await;
    let (before, after) = (before.as_array().unwrap(), after.as_array().unwrap());
    let short = |v: &Value| v.to_string().chars().take(300).collect::<String>();
    let differ: Vec<_> = before
        .iter()
        .zip(after)
        .filter(|(b, a)| b != a)
        .map(|(b, a)| format!("before the app {}\nthe app       {}", short(b), short(a)))
        .collect();
    assert!(
        differ.is_empty() && before.len() == after.len(),
        "the app drew the same page in the same places:\n{}",
        differ.join("\n")
    );
    // The pickers the app fills in are the only difference.
    app.browser.wait_for_text("Release 3.2").await;

    let frames: Vec<(u64, bool)> =
        serde_json::from_value(app.browser.eval("return window.__frames").await).unwrap();
    let first = frames
        .iter()
        .position(|(rows, _)| *rows > 0)
        .expect("frames with rows");
    let empty: Vec<_> = frames[first..]
        .iter()
        .filter(|(rows, _)| *rows == 0)
        .collect();
    assert!(
        empty.is_empty(),
        "frames without rows after the first rows: {frames:?}"
    );
    assert!(
        frames.last().is_some_and(|(_, boot)| !boot),
        "the shell is gone"
    );
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());

    // The app's page answers: a click on the second page's button.
    app.browser.click(".pager button:last-of-type").await;
    app.browser.wait_for_text("Page 2 of 2").await;
}

#[tokio::test]
async fn values_read_otherwise_than_the_app_reads_them_leave_the_list_to_the_app() {
    let app = App::start_with(zephyr_sim::SimConfig {
        odd_values: true,
        ..crate::support::sim_config()
    })
    .await;
    app.sign_in(FULL_TOKEN).await;
    app.browser.wait_for(".jobs-table tbody tr").await;

    // Dates beyond what a JS number holds exactly, and dates as text: the app's to read.
    hold_back_the_wasm(&app).await;
    app.open_before_the_app(LIST).await;
    assert!(!drawn_before_the_app(&app).await, "nothing was drawn");
    let shell = app
        .browser
        .eval("return [document.querySelectorAll('.jobs-table').length, document.querySelector('#boot [role=status]').textContent]")
        .await;
    assert_eq!(shell, json!([0, "Loading…"]));

    app.browser.cdp("Fetch.disable", json!({})).await;
    app.wait_for_the_app().await;
    app.browser.wait_for_text("Unnamed job #4160").await;
}
