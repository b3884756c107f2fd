//! The pages a first load of the list does not need come in wasm chunks of their own
//! (src/lazy_pages.rs, scripts/split_wasm.py): the other pages, the palette, the shortcut
//! sheet, the export, the live progress's poll loop, the toasts, starting runs and deleting. A
//! chunk that cannot be fetched (the network, or a server updated since the tab opened) is an
//! error on that page with Reload, or an alert or a notice where it was needed, not a crashed
//! app; once it can be fetched, Reload (or trying again) brings it. A server that sends the
//! chunks without `application/wasm` (a proxy's type map without it) still gets every page.

use std::time::Duration;

use fantoccini::key::Key;
use serde_json::json;

use crate::activity::execute_calls;
use crate::scheduler::PROGRESS;
use crate::support::{eventually, App, Press, FULL_TOKEN};

const LIST: &str = "/jobs?project=1&release=10";

#[tokio::test]
async fn a_page_whose_code_cannot_be_fetched_says_so_and_reload_brings_it() {
    let app = App::start().await;
    app.sign_in(FULL_TOKEN).await;

    // Every chunk refused from here on (the list page fetched them ahead once it had drawn its
    // jobs); then a fresh load of a lazily loaded page.
    refuse_chunks(&app).await;
    app.open("/activity").await;
    app.browser
        .wait_for_text("This page could not be loaded")
        .await;
    assert_eq!(
        app.browser.text("h1").await,
        "This page could not be loaded"
    );
    assert_eq!(
        app.browser.eval("return document.title").await,
        json!("Page not loaded · Zephyr Jobs")
    );
    // The app is still running (its header, no crash screen, no panic).
    app.assert_still_signed_in().await;
    assert!(!app
        .browser
        .page_text()
        .await
        .contains("Something went wrong"));
    assert_no_panic(&app).await;
    app.browser
        .assert_accessible("a page that could not be loaded")
        .await;

    app.browser
        .cdp("Network.setBlockedURLs", json!({ "urls": [] }))
        .await;
    app.browser.click("main button.button-primary").await;
    wait_for_heading(&app, "Activity").await;
    app.assert_still_signed_in().await;
}

#[tokio::test]
async fn chunks_sent_without_the_wasm_type_still_bring_their_pages() {
    let app = App::start().await;
    app.sign_in(FULL_TOKEN).await;
    // From the next page load on, every chunk comes as `application/octet-stream`.
    let source = r#"
        const original = window.fetch;
        window.fetch = async function (input) {
            const url = input instanceof Request ? input.url : String(input);
            const response = await original.apply(this, arguments);
            if (!/\/chunk-[0-9a-f]+\.wasm$/.test(url)) return response;
            window.__retyped = (window.__retyped || 0) + 1;
            const headers = { "Content-Type": "application/octet-stream" };
            return new Response(await response.arrayBuffer(), { status: 200, headers });
        };"#;
    app.browser.cdp("Page.enable", json!({})).await;
    app.browser
        .cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": source }),
        )
        .await;
    app.open("/jobs/4101").await;
    app.browser.wait_for(".job-actions").await;
    app.browser.click(".nav-activity").await;
    wait_for_heading(&app, "Activity").await;
    let retyped = app.browser.eval("return window.__retyped || 0").await;
    assert!(
        retyped.as_u64().is_some_and(|n| n >= 2),
        "the chunks came through the retyping fetch: {retyped}"
    );
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
}

#[tokio::test]
async fn a_palette_or_sheet_whose_code_cannot_be_fetched_says_so_and_opens_later() {
    let app = App::start().await;
    app.sign_in(FULL_TOKEN).await;
    open_list_with_chunks_refused(&app).await;

    app.browser.chord(Key::Control, 'k').await;
    wait_for_alert(&app, "The palette could not be opened").await;
    app.browser.type_text("?").await;
    wait_for_alert(&app, "The keyboard shortcuts could not be opened").await;
    assert_eq!(count(&app, "dialog[open]").await, 0, "no dialog stays open");
    assert_no_panic(&app).await;

    // Once the code can be fetched, the same keys open both.
    app.browser
        .cdp("Network.setBlockedURLs", json!({ "urls": [] }))
        .await;
    app.browser.chord(Key::Control, 'k').await;
    app.browser.wait_for("dialog.palette[open] input").await;
    app.browser.press(Press::Escape).await;
    app.browser.wait_for_gone("dialog.palette").await;
    app.browser.type_text("?").await;
    app.browser.wait_for("dialog.shortcut-sheet[open]").await;
}

/// The export's code comes in a chunk too: with it refused, Export says the file could not be
/// made; once it can be fetched, the file is made.
#[tokio::test]
async fn an_export_whose_code_cannot_be_fetched_says_so_and_works_later() {
    let app = App::start().await;
    app.sign_in(FULL_TOKEN).await;
    open_list_with_chunks_refused(&app).await;

    app.browser
        .click(".export-actions button:first-child")
        .await;
    wait_for_alert(&app, "The CSV file could not be made").await;
    assert_no_panic(&app).await;

    app.browser
        .cdp("Network.setBlockedURLs", json!({ "urls": [] }))
        .await;
    app.browser.click(".export-actions button:last-child").await;
    wait_for_status(&app, "as JSON: ").await;
}

/// The live progress's code (the tab's poll loop) comes in a chunk too, fetched when the tab
/// first has a run to follow: with it refused, a list that shows a running job says live
/// progress could not start, and nothing is asked; once it can be fetched, the next wake-up
/// (here the tab shown again) starts it and the job's progress is asked for.
#[tokio::test]
async fn live_progress_whose_code_cannot_be_fetched_says_so_and_starts_later() {
    let app = App::start().await;
    app.sign_in(FULL_TOKEN).await;
    open_list_with_chunks_refused(&app).await;
    let job = app
        .browser
        .eval(
            "const badge = document.querySelector('.jobs-table tbody .badge-running');
             return badge && Number(badge.closest('tr').dataset.jobId)",
        )
        .await
        .as_i64()
        .expect("the demo data's first page shows a running job");
    let asked = progress_asked(&app, job).await;
    wait_for_alert(&app, "Live run progress could not start").await;
    assert_no_panic(&app).await;
    assert_eq!(
        progress_asked(&app, job).await,
        asked,
        "no progress asked without the loop"
    );

    app.browser
        .cdp("Network.setBlockedURLs", json!({ "urls": [] }))
        .await;
    app.browser.set_tab_hidden(true).await;
    app.browser.set_tab_hidden(false).await;
    eventually(
        Duration::from_secs(15),
        "the job's progress is asked for",
        async || match progress_asked(&app, job).await {
            n if n > asked => Ok(n),
            n => Err(format!("asked {n} times")),
        },
    )
    .await;
    assert_no_panic(&app).await;
}

/// The toasts' stack comes in a chunk of its own, fetched when the first toast comes: with it
/// refused, a run that ends is said in an alert instead of a toast; once it can be fetched, the
/// next run's end brings the toasts of both.
#[tokio::test]
async fn toasts_whose_code_cannot_be_fetched_say_so_and_come_later() {
    let app = App::start().await;
    app.sign_in(FULL_TOKEN).await;
    app.open(LIST).await;
    app.browser.wait_for(".jobs-table tbody tr").await;
    // Only the stack's own chunk is refused (the loop that sees runs end must come).
    refuse_chunk_of(&app, "toast_stack").await;
    app.reload().await;
    app.browser.wait_for(".jobs-table tbody tr").await;

    run_from_the_list(&app, 4100).await;
    wait_for_alert(&app, "The runs that ended could not be shown").await;
    assert_eq!(count(&app, ".toast").await, 0);
    assert_no_panic(&app).await;

    app.browser
        .cdp("Network.setBlockedURLs", json!({ "urls": [] }))
        .await;
    run_from_the_list(&app, 4101).await;
    // Both runs' toasts: the one that could not be shown is not lost.
    eventually(
        Duration::from_secs(15),
        "two toasts",
        async || match count(&app, ".toast[data-run]").await {
            2 => Ok(()),
            n => Err(format!("{n} toasts")),
        },
    )
    .await;
    assert_no_panic(&app).await;
}

/// Starting runs is a chunk fetched on the first Run (or when the browser is idle): with it
/// refused, Run says no run was requested and sends nothing; once it can be fetched, Run starts
/// the job.
#[tokio::test]
async fn runs_whose_code_cannot_be_fetched_say_nothing_was_sent_and_start_later() {
    let app = App::start().await;
    app.sign_in(FULL_TOKEN).await;
    app.open(LIST).await;
    app.browser.wait_for(".jobs-table tbody tr").await;
    refuse_chunk_of(&app, "start_runs_code").await;
    app.reload().await;
    app.browser.wait_for(".jobs-table tbody tr").await;

    app.browser
        .click("tr[data-job-id='4100'] input[type=checkbox]")
        .await;
    app.browser.click(".bulk-actions .run-jobs-button").await;
    app.browser
        .wait_for_text("No run was requested: the app could not fetch its code")
        .await;
    assert_eq!(
        app.browser.text(".run-results .notice-title").await,
        "The job was not started."
    );
    assert_eq!(execute_calls(&app).await, 0, "nothing sent");
    assert_no_panic(&app).await;
    app.browser
        .assert_accessible("a run whose code could not be fetched")
        .await;
    app.browser.screenshot("run-not-sent").await;

    app.browser
        .cdp("Network.setBlockedURLs", json!({ "urls": [] }))
        .await;
    app.browser.click(".bulk-actions .run-jobs-button").await;
    app.browser.wait_for_text("The run started.").await;
    assert_eq!(execute_calls(&app).await, 1);
    assert_no_panic(&app).await;
}

/// Runs `job` with the list's Run button for the selection.
async fn run_from_the_list(app: &App, job: i64) {
    let row = format!("tr[data-job-id='{job}'] input[type=checkbox]");
    app.browser.click(&row).await;
    app.browser.click(".bulk-actions .run-jobs-button").await;
    app.browser.wait_for_text("The run started.").await;
    app.browser.click(&row).await;
}

/// How many times the simulator was asked for `job`'s latest progress.
async fn progress_asked(app: &App, job: i64) -> usize {
    let wanted = format!("jobid={job}");
    app.requests()
        .await
        .iter()
        .filter(|r| {
            let text = r.to_string();
            text.contains(PROGRESS) && text.contains(&wanted)
        })
        .count()
}

async fn count(app: &App, css: &str) -> u64 {
    let script = format!("return document.querySelectorAll({css:?}).length");
    app.browser.eval(&script).await.as_u64().unwrap_or_default()
}

/// Waits until the page's alert region says `wanted`.
pub async fn wait_for_alert(app: &App, wanted: &str) {
    wait_until_said(
        app,
        "document.querySelector('[role=alert]')?.textContent ?? ''",
        wanted,
    )
    .await;
}

/// Waits until one of the page's status regions says `wanted`.
async fn wait_for_status(app: &App, wanted: &str) {
    wait_until_said(
        app,
        "[...document.querySelectorAll('[role=status]')].map(e => e.textContent).join(' ')",
        wanted,
    )
    .await;
}

/// Waits until the text that the JavaScript expression `text` gives contains `wanted`.
async fn wait_until_said(app: &App, text: &str, wanted: &str) {
    let script = format!("return {text}");
    eventually(
        Duration::from_secs(15),
        &format!("nothing said {wanted:?}"),
        async || {
            let said = app.browser.eval(&script).await;
            let said = said.as_str().unwrap_or_default().to_string();
            said.contains(wanted).then_some(()).ok_or(said)
        },
    )
    .await;
}

/// The console shows no panic: what failed was handled, the app still runs.
/// Nothing stopped the wasm: no trap (the release build's panic, web/crash.js), no panic
/// message (a build that formats them), no crash screen. Other console errors (a refused chunk's
/// failed load) are allowed.
pub async fn assert_no_panic(app: &App) {
    let errors = app.browser.console_errors().await;
    assert!(
        errors.iter().all(|e| !e.contains("panicked")
            && !e.contains("RuntimeError")
            && !e.contains("Zephyr Jobs stopped")),
        "no panic: {errors:?}"
    );
    assert_eq!(
        app.browser
            .eval("return document.querySelector('main.crash') === null")
            .await,
        json!(true),
        "no crash screen"
    );
}

/// Refuses, from now on, the chunk that holds the split function `name` (its own code; what it
/// shares with others may come). Found in the split loader, which names each function's chunk.
pub async fn refuse_chunk_of(app: &App, name: &str) {
    let script = format!(
        r#"const loader = document.querySelector('link[rel=modulepreload][href*="split-"]');
           return fetch(loader.href).then(r => r.text()).then(js => {{
               const at = js.indexOf('__wasm_split_load_{name} =');
               const found = at < 0 ? null : js.slice(at).match(/chunk-[0-9a-f]+\.wasm/);
               return found && found[0];
           }});"#
    );
    let chunk = app.browser.eval(&script).await;
    let chunk = chunk
        .as_str()
        .unwrap_or_else(|| panic!("the split loader names the chunk of {name}"));
    refuse(app, &format!("*/{chunk}")).await;
}

/// A fresh load of the list with every chunk refused: no chunk's code is in the tab.
async fn open_list_with_chunks_refused(app: &App) {
    refuse_chunks(app).await;
    app.open(LIST).await;
    app.browser.wait_for(".jobs-table tbody tr").await;
}

/// Waits until the page's `<h1>` reads `wanted` (a lazily loaded page comes after its chunk).
async fn wait_for_heading(app: &App, wanted: &str) {
    eventually(
        Duration::from_secs(15),
        &format!("the page headed {wanted:?} did not open"),
        async || {
            let heading = app.browser.text("h1").await;
            (heading == wanted).then_some(()).ok_or(heading)
        },
    )
    .await;
}

/// From now on every wasm chunk is refused, from the network and from the cache.
pub async fn refuse_chunks(app: &App) {
    refuse(app, "*/chunk-*.wasm").await;
}

/// From now on the URLs that `pattern` matches are refused, from the network and from the cache.
pub async fn refuse(app: &App, pattern: &str) {
    app.browser.cdp("Network.enable", json!({})).await;
    app.browser
        .cdp("Network.setCacheDisabled", json!({ "cacheDisabled": true }))
        .await;
    app.browser
        .cdp("Network.setBlockedURLs", json!({ "urls": [pattern] }))
        .await;
}
