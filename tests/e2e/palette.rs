//! The go-to palette (Ctrl+K): an ARIA combobox that finds a job among 10,000 by name or id and
//! opens it with Enter, offers commands, and gives focus back where it was on Escape.

use std::time::Duration;

use fantoccini::key::Key;
use zephyr_sim::SimConfig;

use crate::support::{self, eventually, App, Press, FULL_TOKEN};

const INPUT: &str = "dialog.palette[open] input[role=combobox]";

async fn option_labels(app: &App) -> Vec<String> {
    let labels = app
        .browser
        .eval("return [...document.querySelectorAll('.palette-list [role=option] .palette-label')].map(e => e.innerText)")
        .await;
    serde_json::from_value(labels).unwrap_or_default()
}

/// Waits until the first option is `label`.
async fn first_option_is(app: &App, label: &str) {
    eventually(
        Duration::from_secs(10),
        &format!("the palette's first option becomes {label:?}"),
        async || {
            let labels = option_labels(app).await;
            (labels.first().map(String::as_str) == Some(label))
                .then_some(())
                .ok_or(format!("{labels:?}"))
        },
    )
    .await;
}

#[tokio::test]
async fn palette_finds_a_job_among_ten_thousand_and_opens_it() {
    let app = App::start_with(SimConfig {
        extra_jobs: 10_000,
        ..support::sim_config()
    })
    .await;
    app.sign_in(FULL_TOKEN).await;
    app.open("/jobs?project=1&release=10").await;
    app.browser.wait_for(".jobs-table tbody tr").await;

    // Ctrl+K works even while typing in the search box; Escape gives focus back to it.
    app.browser.type_text("/").await;
    app.browser.chord(Key::Control, 'k').await;
    app.browser.wait_for(INPUT).await;
    assert!(
        app.browser.focus_is_on(INPUT).await,
        "focus starts in the box"
    );
    app.browser.press(Press::Escape).await;
    app.browser.wait_for_gone("dialog.palette").await;
    assert!(
        app.browser
            .focus_is_on(".filter-bar input[type=search]")
            .await,
        "Escape returns focus: {:?}",
        app.browser.focused().await
    );
    app.browser.press(Press::Escape).await;

    // The 123rd generated job is id 5122, named "… #00123".
    app.browser.chord(Key::Control, 'k').await;
    app.browser.wait_for(INPUT).await;
    app.browser.type_text("#00123").await;
    eventually(
        Duration::from_secs(10),
        "the job is the first option",
        async || {
            let labels = option_labels(&app).await;
            match labels.first() {
                Some(first) if first.ends_with("#00123") => Ok(()),
                _ => Err(format!("{labels:?}")),
            }
        },
    )
    .await;
    let detail = app
        .browser
        .text(".palette-list [role=option] .palette-detail")
        .await;
    assert!(detail.starts_with("Job #5122"), "{detail}");
    // The combobox points at the active option, which is the first.
    let aria = app
        .browser
        .eval(&format!(
            "const i = document.querySelector('{INPUT}'); const id = i.getAttribute('aria-activedescendant');
             return [i.getAttribute('aria-expanded'), i.getAttribute('aria-controls'), id,
                     document.getElementById(id).getAttribute('aria-selected'),
                     document.getElementById(id).getAttribute('role')];"
        ))
        .await;
    assert_eq!(
        aria,
        serde_json::json!([
            "true",
            "palette-listbox",
            "palette-option-0",
            "true",
            "option"
        ])
    );
    app.browser.press(Press::Enter).await;
    app.browser.wait_for_gone("dialog.palette").await;
    app.browser.wait_for(".job-title h1").await;
    assert_eq!(app.current_path().await, "/jobs/5122");

    // Away from the list, the last release's jobs are still found; arrows move the choice.
    app.browser.chord(Key::Control, 'k').await;
    app.browser.wait_for(INPUT).await;
    app.browser.type_text("nightly").await;
    first_option_is(&app, "Nightly API regression").await;
    assert_eq!(option_labels(&app).await.len(), 20, "the best 20 of many");
    app.browser.press(Press::Down).await;
    let active = app
        .browser
        .eval(&format!(
            "return document.querySelector('{INPUT}').getAttribute('aria-activedescendant')"
        ))
        .await;
    assert_eq!(active, serde_json::json!("palette-option-1"));
    app.browser.press(Press::Up).await;
    app.browser.press(Press::Enter).await;
    app.browser
        .wait_for_title("Nightly API regression \u{b7} Zephyr Jobs")
        .await;
    assert_eq!(app.current_path().await, "/jobs/4100");

    // Commands: switch release by name.
    app.browser.chord(Key::Control, 'k').await;
    app.browser.wait_for(INPUT).await;
    app.browser.type_text("switch release").await;
    first_option_is(&app, "Switch release: Release 3.3").await;
    app.browser.press(Press::Enter).await;
    eventually(
        Duration::from_secs(10),
        "the list of release 3.3",
        async || {
            let path = app.current_path().await;
            (path == "/jobs?project=1&release=11")
                .then_some(())
                .ok_or(path)
        },
    )
    .await;
    app.browser.wait_for_text("Statement PDFs (Eggplant)").await;
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
}
