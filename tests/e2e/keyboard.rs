//! Keyboard-first: the shortcut sheet lists the keys that work on each page, and a tester
//! triages the list without the mouse (search, move, select three, run, open one), then moves
//! around with the job page's keys and `g` sequences. Single keys do nothing while typing.

use fantoccini::key::Key;
use serde_json::json;

use crate::support::{eventually, App, Press, FULL_TOKEN};

const LIST: &str = "/jobs?project=1&release=10";

/// The job id of the row under the keyboard cursor, if any.
async fn cursor_row(app: &App) -> Option<i64> {
    app.browser
        .eval("const r = document.querySelector('.jobs-table tr.cursor[aria-current=true]'); return r ? Number(r.dataset.jobId) : null;")
        .await
        .as_i64()
}

async fn wait_for_cursor_on(app: &App, id: i64) {
    eventually(
        std::time::Duration::from_secs(10),
        &format!("the cursor reaches job {id}"),
        async || match cursor_row(app).await {
            Some(at) if at == id => Ok(()),
            other => Err(format!("{other:?}")),
        },
    )
    .await;
}

async fn wait_for_path(app: &App, prefix: &str) {
    eventually(
        std::time::Duration::from_secs(10),
        &format!("the app goes to {prefix}"),
        async || {
            let path = app.current_path().await;
            path.starts_with(prefix).then_some(()).ok_or(path)
        },
    )
    .await;
}

/// Opens the sheet with `?` and returns its text, then closes it with Escape.
async fn sheet_text(app: &App) -> String {
    app.browser.type_text("?").await;
    app.browser.wait_for("dialog.shortcut-sheet[open]").await;
    let text = app.browser.text("dialog.shortcut-sheet").await;
    app.browser.press(Press::Escape).await;
    app.browser.wait_for_gone("dialog.shortcut-sheet").await;
    text
}

#[tokio::test]
async fn keyboard_the_sheet_lists_the_keys_of_each_page() {
    let app = App::start().await;
    app.sign_in(FULL_TOKEN).await;
    app.open(LIST).await;
    app.browser.wait_for(".jobs-table tbody tr").await;
    let hint = app.browser.text(".shortcut-hint").await;
    assert!(hint.contains("Press ? for shortcuts"), "{hint}");

    let list = sheet_text(&app).await;
    for line in [
        "Search the list",
        "Move the row cursor",
        "Select or unselect the row",
        "Extend the selection",
        "Open the job",
        "Edit the job",
        "Run the selected jobs",
        "New job",
        "Go to a job or a command",
        "Go to the job list",
        "Go to Activity",
    ] {
        assert!(
            list.contains(line),
            "the list's sheet names {line:?}:\n{list}"
        );
    }
    assert!(
        !list.contains("Duplicate"),
        "only this page's keys:\n{list}"
    );

    // The footer's hint is the sheet's visible control; Escape gives focus back to it.
    app.browser.tab_to(".shortcut-hint", Press::Tab).await;
    app.browser.press(Press::Enter).await;
    app.browser.wait_for("dialog.shortcut-sheet[open]").await;
    app.browser.press(Press::Escape).await;
    app.browser.wait_for_gone("dialog.shortcut-sheet").await;
    assert!(
        app.browser.focus_is_on(".shortcut-hint").await,
        "{:?}",
        app.browser.focused().await
    );

    app.open("/jobs/4100").await;
    app.browser.wait_for(".job-title h1").await;
    let job = sheet_text(&app).await;
    for line in [
        "Edit this job",
        "Run this job",
        "Duplicate this job",
        "Back to the job list",
    ] {
        assert!(
            job.contains(line),
            "the job page's sheet names {line:?}:\n{job}"
        );
    }
    assert!(!job.contains("Move the row cursor"), "{job}");
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
}

#[tokio::test]
async fn keyboard_a_whole_triage_without_the_mouse() {
    let app = App::start().await;
    app.sign_in(FULL_TOKEN).await;
    app.open(LIST).await;
    app.browser.wait_for(".jobs-table tbody tr").await;

    // `/` searches; keys typed there are text, not shortcuts; Escape leaves the field.
    app.browser.type_text("/").await;
    assert!(
        app.browser
            .focus_is_on(".filter-bar input[type=search]")
            .await
    );
    app.browser.type_text("regression").await;
    app.browser.wait_for_text("5 of").await;
    assert_eq!(
        cursor_row(&app).await,
        None,
        "j and k typed in the search moved nothing"
    );
    app.browser.press(Press::Escape).await;
    assert!(!app.browser.focus_is_on("input").await);
    let search = app.browser.find(".filter-bar input[type=search]").await;
    assert_eq!(
        search.prop("value").await.unwrap().as_deref(),
        Some("regression")
    );

    // By name: Checkout (4101, failed), Nightly API (4100, completed), Refund flow (4105,
    // cancelled), Smoke (4102, running), then the Arabic name (4104).
    app.browser.type_text("j").await;
    wait_for_cursor_on(&app, 4101).await;
    app.browser.type_text("x").await;
    app.browser.type_text("j").await;
    wait_for_cursor_on(&app, 4100).await;
    app.browser.type_text("x").await;
    app.browser.type_text("jk").await;
    wait_for_cursor_on(&app, 4100).await;
    app.browser.type_text("jx").await;
    wait_for_cursor_on(&app, 4105).await;
    app.browser.wait_for_text("3 selected").await;
    for id in [4101, 4100, 4105] {
        let checked = app
            .browser
            .eval(&format!(
                "return document.querySelector(\"tr[data-job-id='{id}'] input\").checked"
            ))
            .await;
        assert_eq!(checked, json!(true), "{id} selected");
    }

    // `r` runs the selection through Run selected.
    app.browser.type_text("r").await;
    app.browser.wait_for_text("Started 3 of 3 jobs.").await;
    let runs: Vec<_> = app
        .requests()
        .await
        .into_iter()
        .filter(|r| {
            r["path"]
                .as_str()
                .unwrap_or_default()
                .ends_with("execute-job")
        })
        .collect();
    assert_eq!(runs.len(), 1, "one request for the three: {runs:?}");

    // The cursor stays on its job when the search narrows the list around it.
    app.browser.type_text("k").await;
    wait_for_cursor_on(&app, 4100).await;
    app.browser.type_text("/").await;
    app.browser.type_text(" api").await;
    app.browser.wait_for_text("1 of").await;
    app.browser.press(Press::Escape).await;
    wait_for_cursor_on(&app, 4100).await;

    // `o` opens the cursor's job; the job page's keys take over.
    app.browser.type_text("o").await;
    wait_for_path(&app, "/jobs/4100").await;
    app.browser
        .wait_for_title("Nightly API regression \u{b7} Zephyr Jobs")
        .await;
    app.browser.type_text("e").await;
    wait_for_path(&app, "/jobs/4100/edit").await;
    app.browser.wait_for("#job-name").await;
    app.browser.client.back().await.unwrap();
    app.browser.wait_for(".job-title h1").await;
    app.browser.type_text("u").await;
    wait_for_path(&app, "/jobs?project=1&release=10").await;
    app.browser.wait_for(".jobs-table tbody tr").await;

    // `n` new job; `g` then `j` back to the list from anywhere.
    app.browser.type_text("n").await;
    wait_for_path(&app, "/jobs/new?project=1&release=10").await;
    app.browser.wait_for("#job-name").await;
    app.browser.type_text("gj").await;
    eventually(
        std::time::Duration::from_secs(10),
        "g then j goes to the job list",
        async || {
            let path = app.current_path().await;
            (path == "/jobs").then_some(()).ok_or(path)
        },
    )
    .await;
    app.browser.wait_for(".jobs-table tbody tr").await;

    // Ctrl with a letter is the browser's, not a shortcut.
    // The whole release by name: Card tokenisation (4103) comes first.
    app.browser.type_text("j").await;
    wait_for_cursor_on(&app, 4103).await;
    app.browser.chord(Key::Control, 'x').await;
    assert!(!app.browser.page_text().await.contains("1 selected"));
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
}
