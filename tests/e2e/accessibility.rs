//! Accessibility: axe-core finds nothing on any page, in the light and the dark theme, and a
//! keyboard-only user can do a tester's whole day (sign in, find a job, run it, watch and cancel
//! the run, create a job and delete it) with focus always visible, every page titled, and focus
//! on the new page's heading after each move; the Activity page with its chart, rows and cancel
//! dialog in both themes. Run alone: `cargo test --test e2e -- accessibility`.

use std::time::Duration;

use serde_json::json;
use zephyr_sim::SimConfig;

use crate::support::{self, eventually, without_run_counts, App, Press, FULL_TOKEN};

/// A realistic clock: a started run stays live for 20-40 s, long enough to look at and cancel.
async fn real_time_app() -> App {
    App::start_with(SimConfig {
        speed: 1.0,
        ..support::sim_config()
    })
    .await
}

const LIST: &str = "/jobs?project=1&release=10";
const LIST_TITLE: &str = "Jobs \u{b7} Payments Platform / Release 3.2 \u{b7} Zephyr Jobs";

/// Opens `path`, waits until `ready` shows and the title is `title`, then runs axe.
async fn check_page(app: &App, scheme: &str, path: &str, ready: &str, title: &str) {
    app.open(path).await;
    app.browser.wait_for(ready).await;
    app.browser.wait_for_title(title).await;
    app.browser
        .assert_accessible(&format!("{path} ({scheme})"))
        .await;
}

#[tokio::test]
async fn accessibility_axe_finds_nothing_on_any_page_in_either_theme() {
    let app = real_time_app().await;
    for scheme in ["light", "dark"] {
        app.browser.color_scheme(scheme).await;
        check_page(
            &app,
            scheme,
            "/sign-in",
            "form #token",
            "Sign in \u{b7} Zephyr Jobs",
        )
        .await;
    }
    app.sign_in(FULL_TOKEN).await;
    for scheme in ["light", "dark"] {
        app.browser.color_scheme(scheme).await;
        check_page(&app, scheme, LIST, ".jobs-table tbody tr", LIST_TITLE).await;
        // The keyboard's pieces over the list: the row cursor, the saved views menu, the
        // shortcut sheet and the palette with results.
        app.browser.type_text("j").await;
        app.browser.wait_for("tr.cursor").await;
        app.browser.click(".views-menu > summary").await;
        app.browser.wait_for(".views-panel").await;
        app.browser
            .assert_accessible(&format!("the cursor and saved views ({scheme})"))
            .await;
        app.browser.type_text("?").await;
        app.browser.wait_for("dialog.shortcut-sheet[open]").await;
        app.browser
            .assert_accessible(&format!("the shortcut sheet ({scheme})"))
            .await;
        app.browser.press(Press::Escape).await;
        app.browser.wait_for_gone("dialog.shortcut-sheet").await;
        app.browser.chord(fantoccini::key::Key::Control, 'k').await;
        app.browser.wait_for("dialog.palette[open]").await;
        app.browser.type_text("re").await;
        app.browser.wait_for(".palette-list [role=option]").await;
        app.browser
            .assert_accessible(&format!("the palette ({scheme})"))
            .await;
        app.browser.press(Press::Escape).await;
        app.browser.wait_for_gone("dialog.palette").await;
        check_page(
            &app,
            scheme,
            "/jobs/4100",
            ".job-title h1",
            "Nightly API regression \u{b7} Zephyr Jobs",
        )
        .await;
        check_page(
            &app,
            scheme,
            "/jobs/new?project=1&release=10",
            "#job-project option[value='1']",
            "New job \u{b7} Zephyr Jobs",
        )
        .await;
        check_page(
            &app,
            scheme,
            "/jobs/4100/edit",
            "#job-release option[value='10']",
            "Edit Nightly API regression \u{b7} Zephyr Jobs",
        )
        .await;
        check_page(
            &app,
            scheme,
            "/jobs/new/execute?project=1&release=10",
            "#result-file",
            "Create and run \u{b7} Zephyr Jobs",
        )
        .await;
        // 4102 is held in progress by the simulator: a run under way, polled live.
        app.open("/jobs/4102/run").await;
        app.browser.wait_for(".run-cancel").await;
        app.browser.wait_for(".timeline-item").await;
        let title = app.browser.client.title().await.unwrap();
        let title = without_run_counts(&title);
        assert!(
            title.starts_with("Run #") && title.ends_with(" \u{b7} Zephyr Jobs"),
            "{title}"
        );
        app.browser
            .assert_accessible(&format!("a live run ({scheme})"))
            .await;
        check_page(
            &app,
            scheme,
            "/jobs/4100/run",
            ".run-outcome",
            &title_of_run(&app, 4100, "Nightly API regression").await,
        )
        .await;
        check_page(
            &app,
            scheme,
            "/no/such/page",
            "main h1",
            "Page not found \u{b7} Zephyr Jobs",
        )
        .await;
        // A failed list: the error notice with its countdown and Retry.
        app.inject(json!({ "path": "file-upload-job/list", "kind": "status", "status": 503 }))
            .await;
        app.open(LIST).await;
        app.browser.wait_for_text("Retrying in").await;
        app.browser
            .assert_accessible(&format!("an error notice ({scheme})"))
            .await;
        app.clear_faults().await;
        // A dialog open over a page, then the notice the list shows once it is confirmed
        // (another job each time: the first is gone).
        let job = if scheme == "light" { 4113 } else { 4105 };
        app.open(&format!("/jobs/{job}")).await;
        app.browser
            .click(".job-actions .button-danger-outline")
            .await;
        app.browser.wait_for("dialog.dialog[open]").await;
        app.browser
            .assert_accessible(&format!("the delete dialog ({scheme})"))
            .await;
        app.browser.click("dialog .button-danger").await;
        app.browser.wait_for(".flash").await;
        app.browser.wait_for(".jobs-table tbody tr").await;
        app.browser
            .assert_accessible(&format!("the list with a notice ({scheme})"))
            .await;
    }
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
}

/// The Activity page, empty and then with running and cancelled runs and its cancel dialog open,
/// in both themes.
#[tokio::test]
async fn accessibility_axe_finds_nothing_on_activity_in_either_theme() {
    const TITLE: &str = "Activity \u{b7} Zephyr Jobs";
    let app = real_time_app().await;
    app.sign_in(FULL_TOKEN).await;
    for scheme in ["light", "dark"] {
        app.browser.color_scheme(scheme).await;
        check_page(&app, scheme, "/activity", ".activity-empty", TITLE).await;
    }
    app.open(LIST).await;
    app.browser.wait_for(".jobs-table").await;
    for id in [4100, 4101, 4106] {
        app.browser
            .click(&format!("tr[data-job-id='{id}'] input[type=checkbox]"))
            .await;
    }
    app.browser.click(".bulk-actions .run-jobs-button").await;
    app.browser.wait_for_text("Started 3 of 3 jobs.").await;
    app.open("/activity").await;
    app.browser.wait_for(".activity-chart .bar-running").await;
    app.browser
        .click("tr.activity-row[data-job='4106'] .row-cancel")
        .await;
    app.browser.wait_for("dialog.dialog[open]").await;
    app.browser
        .assert_accessible("the Activity cancel dialog")
        .await;
    app.browser.click("dialog .button-danger").await;
    app.browser
        .wait_for(".runs-finished tr.row-cancelled")
        .await;
    for scheme in ["light", "dark"] {
        app.browser.color_scheme(scheme).await;
        app.open("/activity").await;
        app.browser
            .wait_for(".runs-finished tr.row-cancelled")
            .await;
        app.browser.wait_for(".activity-chart .bar-running").await;
        // While runs are watched the title starts with their counts, e.g. "(2 running) ".
        let title = app.browser.client.title().await.unwrap();
        assert!(title.ends_with(TITLE), "{title}");
        app.browser
            .assert_accessible(&format!("Activity with runs ({scheme})"))
            .await;
    }
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
}

/// "Run #N · <job> · Zephyr Jobs" for the job's latest run, as the server knows it.
async fn title_of_run(app: &App, job: i64, name: &str) -> String {
    let progress = app
        .api_get(&format!(
            "v4/upload-file/automation/schedule/get-latest-job-progress?jobid={job}&probe=test"
        ))
        .await;
    let run = progress["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("job {job} has a run: {progress}"));
    format!("Run #{run} \u{b7} {name} \u{b7} Zephyr Jobs")
}

/// Presses Tab (or Shift-Tab) until focus is on `css`, checking every stop on the way.
async fn tab_to(app: &App, css: &str, key: Press) {
    app.browser.tab_to(css, key).await;
}

/// After an in-app navigation: the new title, and focus on the page's main heading.
async fn arrived(app: &App, title: &str) {
    app.browser.wait_for_title(title).await;
    focus_reaches_heading(app, "focus lands on the new page's heading").await;
}

/// Waits until focus is on the page's main heading.
async fn focus_reaches_heading(app: &App, what: &str) {
    eventually(Duration::from_secs(15), what, async || {
        if app.browser.focus_is_on("main h1").await {
            Ok(())
        } else {
            Err(format!("{:?}", app.browser.focused().await))
        }
    })
    .await;
}

/// The focused element is visible and shows its focus.
async fn focus_shows(app: &App, step: &str) {
    if let Err(problem) = app.browser.focused().await {
        panic!("{step}: {problem}");
    }
}

/// Focus is inside the open dialog.
async fn focus_in_dialog(app: &App) -> bool {
    app.browser
        .eval("const d = document.querySelector('dialog[open]'); return !!d && d.contains(document.activeElement);")
        .await
        .as_bool()
        .unwrap_or(false)
}

#[tokio::test]
async fn accessibility_keyboard_only_a_testers_day() {
    let app = real_time_app().await;

    // Sign in.
    app.open("/sign-in").await;
    app.browser.wait_for("form #token").await;
    app.browser
        .wait_for_title("Sign in \u{b7} Zephyr Jobs")
        .await;
    tab_to(&app, "#token", Press::Tab).await;
    app.browser.type_text(FULL_TOKEN).await;
    app.browser.press(Press::Enter).await;
    arrived(&app, LIST_TITLE).await;

    // Find a job and open it.
    tab_to(&app, "input[type=search]", Press::Tab).await;
    app.browser.type_text("Nightly API").await;
    app.browser.wait_for_text("1 of").await;
    tab_to(&app, ".cell-name a", Press::Tab).await;
    app.browser.press(Press::Enter).await;
    arrived(&app, "Nightly API regression \u{b7} Zephyr Jobs").await;
    assert_eq!(app.current_path().await, "/jobs/4100");

    // Run it, and follow the run to its timeline.
    tab_to(&app, ".run-jobs-button", Press::Tab).await;
    app.browser.press(Press::Space).await;
    app.browser.wait_for_text("The run started.").await;
    tab_to(&app, ".run-result a", Press::Tab).await;
    app.browser.press(Press::Enter).await;
    let run_title = eventually(
        Duration::from_secs(15),
        "the timeline is titled with its run",
        async || {
            let title = app.browser.client.title().await.unwrap_or_default();
            if without_run_counts(&title).starts_with("Run #") {
                Ok(without_run_counts(&title).to_string())
            } else {
                Err(title)
            }
        },
    )
    .await;
    assert_eq!(
        run_title,
        title_of_run(&app, 4100, "Nightly API regression").await
    );
    arrived(&app, &run_title).await;
    app.browser.wait_for(".timeline-item").await;

    // Cancel it: Escape closes the dialog and focus goes back to the button that opened it;
    // Tab and Shift-Tab stay inside the dialog while it is open.
    tab_to(&app, ".run-cancel", Press::Tab).await;
    app.browser.press(Press::Enter).await;
    app.browser.wait_for("dialog.dialog[open]").await;
    assert!(
        app.browser
            .focus_is_on("dialog .button:not(.button-danger)")
            .await,
        "the dialog opens on its safe choice"
    );
    focus_shows(&app, "the dialog's Cancel").await;
    for key in [
        Press::Tab,
        Press::Tab,
        Press::Tab,
        Press::ShiftTab,
        Press::ShiftTab,
        Press::ShiftTab,
    ] {
        app.browser.press(key).await;
        assert!(
            focus_in_dialog(&app).await,
            "{key:?} left the dialog: {:?}",
            app.browser.focused().await
        );
        focus_shows(&app, "inside the dialog").await;
    }
    app.browser.press(Press::Escape).await;
    app.browser.wait_for_gone("dialog").await;
    assert!(
        app.browser.focus_is_on(".run-cancel").await,
        "Escape returns focus to Cancel run: {:?}",
        app.browser.focused().await
    );
    focus_shows(&app, "back on Cancel run").await;
    app.browser.press(Press::Enter).await;
    app.browser.wait_for("dialog.dialog[open]").await;
    tab_to(&app, "dialog .button-danger", Press::Tab).await;
    app.browser.press(Press::Enter).await;
    app.browser.wait_for_gone("dialog").await;
    app.browser
        .wait_long_for_text("Cancelled", Duration::from_secs(30))
        .await;
    // Cancel run is gone with the live run: focus goes to the page's heading, not nowhere.
    focus_reaches_heading(&app, "focus on the heading once Cancel run is gone").await;

    // Create a job, from the list's "New job".
    tab_to(&app, ".breadcrumbs a:first-child", Press::ShiftTab).await;
    app.browser.press(Press::Enter).await;
    arrived(&app, LIST_TITLE).await;
    tab_to(&app, ".page-actions a", Press::Tab).await;
    app.browser.press(Press::Enter).await;
    arrived(&app, "New job \u{b7} Zephyr Jobs").await;
    app.browser
        .wait_for("#job-release option[value='10']")
        .await;
    tab_to(&app, "#job-name", Press::Tab).await;
    app.browser.type_text("Keyboard-made job").await;
    tab_to(&app, "#job-framework", Press::Tab).await;
    app.browser.press(Press::Down).await;
    tab_to(&app, "#job-cycle", Press::Tab).await;
    app.browser.type_text("Nightly Automation").await;
    tab_to(&app, "form button[type=submit]", Press::Tab).await;
    app.browser.press(Press::Enter).await;
    arrived(&app, "Keyboard-made job \u{b7} Zephyr Jobs").await;
    app.browser.wait_for_text("created").await;

    // Delete it, through its dialog.
    let path = app.current_path().await;
    tab_to(&app, ".button-danger-outline", Press::Tab).await;
    app.browser.press(Press::Enter).await;
    app.browser.wait_for("dialog.dialog[open]").await;
    tab_to(&app, "dialog .button-danger", Press::Tab).await;
    app.browser.press(Press::Space).await;
    arrived(&app, LIST_TITLE).await;
    app.browser.wait_for_text("deleted").await;
    app.open(&path).await;
    app.browser.wait_for_text("This job no longer exists").await;
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
}

#[tokio::test]
async fn accessibility_bulk_edit_and_duplicate_in_either_theme() {
    let app = App::start_with(crate::bulk_edit::twenty_jobs()).await;
    app.sign_in(FULL_TOKEN).await;
    for scheme in ["light", "dark"] {
        app.browser.color_scheme(scheme).await;
        crate::bulk_edit::open_bulk_edit(&app).await;
        app.browser
            .assert_accessible(&format!("bulk edit, open ({scheme})"))
            .await;
        focus_shows(&app, "bulk edit's first field").await;
        // One field touched, then applied, with one job refused: progress and outcomes.
        app.browser.press(Press::Space).await;
        app.browser.wait_for("#bulk-cycle:not([disabled])").await;
        app.browser
            .fill("#bulk-cycle", &format!("Sprint {scheme}"))
            .await;
        app.inject(json!({ "path": "update-execute-job", "kind": "status", "status": 500, "jobIds": [5004] }))
            .await;
        app.browser.click(".bulk-form button[type=submit]").await;
        app.browser.wait_for_text("19 of 20 saved").await;
        app.browser.wait_for_text("Retry failed").await;
        app.browser
            .assert_accessible(&format!("bulk edit, applied ({scheme})"))
            .await;
        app.clear_faults().await;
        app.browser.press(Press::Escape).await;
        app.browser.wait_for_gone("dialog.bulk-dialog").await;

        check_page(
            &app,
            scheme,
            "/jobs/new?from=4100",
            "#job-release option[value='10']",
            "Duplicate Nightly API regression \u{b7} Zephyr Jobs",
        )
        .await;
    }
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
}
