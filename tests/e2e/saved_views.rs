//! Saved views, by keyboard: save the list's search as a view, make it the default, restart the
//! browser (same profile), sign in again and land on it; it is a palette command too; rename and
//! delete it. What is stored holds names and query strings only, never the token.

use std::time::Duration;

use fantoccini::key::Key;

use crate::support::{eventually, App, Press, FULL_TOKEN};

async fn view_names(app: &App) -> Vec<String> {
    let names = app
        .browser
        .eval("return [...document.querySelectorAll('.views-list .saved-view-link')].map(e => e.innerText)")
        .await;
    serde_json::from_value(names).unwrap_or_default()
}

async fn wait_for_views(app: &App, expected: &[&str]) {
    eventually(
        Duration::from_secs(10),
        &format!("the saved views become {expected:?}"),
        async || {
            let names = view_names(app).await;
            (names == expected)
                .then_some(())
                .ok_or(format!("{names:?}"))
        },
    )
    .await;
}

#[tokio::test]
async fn saved_views_a_default_view_reopens_after_a_browser_restart() {
    let mut app = App::start().await;
    app.sign_in(FULL_TOKEN).await;
    app.open("/jobs?project=1&release=10&sort=last-run&dir=desc")
        .await;
    app.browser.wait_for(".jobs-table tbody tr").await;

    // Search, then save the view under a name.
    app.browser.type_text("/").await;
    app.browser.type_text("nightly").await;
    app.browser.wait_for_text("jobs match").await;
    app.browser.press(Press::Escape).await;
    app.browser.tab_to(".save-view", Press::Tab).await;
    app.browser.press(Press::Enter).await;
    app.browser.wait_for(".save-view-form .view-name").await;
    assert!(app.browser.focus_is_on(".save-view-form .view-name").await);
    app.browser.type_text("Morning triage").await;
    app.browser.press(Press::Enter).await;
    app.browser.wait_for(".save-view").await;
    assert_eq!(app.browser.text(".views-count").await, "(1)");

    // Make it the default, from the menu.
    app.browser
        .tab_to(".views-menu > summary", Press::Tab)
        .await;
    app.browser.press(Press::Enter).await;
    wait_for_views(&app, &["Morning triage"]).await;
    app.browser
        .tab_to(".saved-view-actions button[aria-pressed]", Press::Tab)
        .await;
    app.browser.press(Press::Space).await;
    app.browser
        .wait_for(".saved-view-actions button[aria-pressed=true]")
        .await;
    let stored = app
        .browser
        .eval("return JSON.stringify(Object.entries(localStorage))")
        .await;
    let stored = stored.as_str().unwrap_or_default().to_string();
    assert!(
        stored.contains("Morning triage") && stored.contains("q=nightly"),
        "{stored}"
    );
    assert!(
        !stored.contains(FULL_TOKEN),
        "no token in localStorage: {stored}"
    );
    assert!(
        !stored.contains("Nightly API regression"),
        "no job data: {stored}"
    );

    // A new browser on the same profile: signed out (the token lived in the tab), the view kept.
    app.browser.restart().await;
    app.sign_in(FULL_TOKEN).await;
    eventually(
        Duration::from_secs(10),
        "/jobs opens the default view",
        async || {
            let path = app.current_path().await;
            (path == "/jobs?project=1&release=10&q=nightly&sort=last-run&dir=desc")
                .then_some(())
                .ok_or(path)
        },
    )
    .await;
    app.browser.wait_for_text("jobs match").await;
    let search = app.browser.find(".filter-bar input[type=search]").await;
    assert_eq!(
        search.prop("value").await.unwrap().as_deref(),
        Some("nightly")
    );
    app.browser
        .wait_for("th.col-last-run[aria-sort=descending]")
        .await;

    // The palette offers it as a command.
    app.browser.chord(Key::Control, 'k').await;
    app.browser.wait_for("dialog.palette[open]").await;
    app.browser.type_text("morning").await;
    eventually(Duration::from_secs(10), "the view is a command", async || {
        let first = app
            .browser
            .eval("const o = document.querySelector('.palette-list [role=option] .palette-label'); return o ? o.innerText : ''")
            .await;
        (first == "View: Morning triage")
            .then_some(())
            .ok_or(first.to_string())
    })
    .await;
    app.browser.press(Press::Escape).await;
    app.browser.wait_for_gone("dialog.palette").await;

    // Rename it, then delete it.
    app.browser
        .tab_to(".views-menu > summary", Press::Tab)
        .await;
    app.browser.press(Press::Enter).await;
    app.browser
        .tab_to(".saved-view-actions button:first-child", Press::Tab)
        .await;
    app.browser.press(Press::Enter).await;
    app.browser.wait_for(".rename-view-form input").await;
    assert!(app.browser.focus_is_on(".rename-view-form input").await);
    app.browser.type_text("Daily triage").await;
    app.browser.press(Press::Enter).await;
    wait_for_views(&app, &["Daily triage"]).await;
    assert!(
        app.browser
            .find(".default-mark")
            .await
            .is_displayed()
            .await
            .unwrap(),
        "still the default"
    );
    app.browser
        .tab_to(".saved-view-actions button:last-child", Press::Tab)
        .await;
    app.browser.press(Press::Enter).await;
    wait_for_views(&app, &[]).await;
    assert_eq!(app.browser.text(".views-count").await, "(0)");
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
}
