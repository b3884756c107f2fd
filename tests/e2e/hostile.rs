//! Injection: every string the server writes (job, cycle, phase, folder and user names, error
//! messages) is shown as text. The simulator's `--hostile-names` seeds `<img src=x onerror=…>`,
//! `"><script>`, a `javascript:` URL, a 10,000-character name and an RTL override into every
//! kind of name; on every page they appear verbatim, nothing runs, no element is made from them,
//! the strict CSP reports nothing, and the page never scrolls sideways.

use serde_json::{json, Value};
use zephyr_sim::SimConfig;

use crate::job_page::{assert_no_horizontal_overflow, screenshot_whole_page};
use crate::support::{sim_config, App, FULL_TOKEN};

const IMG: &str = "<img src=x onerror=alert(1)>";
const SCRIPT: &str = "\"><script>alert(2)</script>";
const JS_URL: &str = "javascript:alert(3)";
const RTL: &str = "Invoice \u{202E}fdp.exe";
/// The first hostile job; the five follow in the order of the names above (long name 4th).
const FIRST: i64 = 4150;

/// What a name rendered as markup would have made: elements, handlers, links.
const EVIDENCE: &str = r#"return {
  images: document.querySelectorAll('img').length,
  scripts: document.querySelectorAll('body script').length,
  bold: document.querySelectorAll('main b').length,
  handlers: document.querySelectorAll('[onerror], [onclick], [onload]').length,
  scriptLinks: [...document.querySelectorAll('a[href]')]
    .filter(a => a.getAttribute('href').trim().toLowerCase().startsWith('javascript:')).length,
  alerted: window.__alerted || 0,
};"#;

async fn hostile_app() -> App {
    let app = App::start_with(SimConfig {
        hostile_names: true,
        ..sim_config()
    })
    .await;
    app.browser.record_csp_violations().await;
    // Any alert() a payload reached would be counted (and a dialog would block the driver).
    app.browser
        .cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": "window.alert = () => { window.__alerted = (window.__alerted || 0) + 1; };" }),
        )
        .await;
    app.sign_in(FULL_TOKEN).await;
    app
}

/// Nothing ran, nothing was made from a name, the layout holds.
async fn assert_inert(app: &App, page: &str) {
    let evidence = app.browser.eval(EVIDENCE).await;
    assert_eq!(
        evidence,
        json!({ "images": 0, "scripts": 0, "bold": 0, "handlers": 0, "scriptLinks": 0, "alerted": 0 }),
        "{page}: a server string became markup"
    );
    assert_eq!(app.browser.csp_violations().await, json!([]), "{page}");
    assert!(app.browser.client.get_alert_text().await.is_err(), "{page}");
    assert_no_horizontal_overflow(app).await;
}

async fn assert_shows(app: &App, page: &str, names: &[&str]) {
    let text = app.browser.page_text().await;
    for name in names {
        assert!(text.contains(name), "{page}: {name:?} not shown as text");
    }
}

#[tokio::test]
async fn hostile_names_are_text_on_the_list_the_job_pages_and_the_timeline() {
    let app = hostile_app().await;
    let long_start = "Long name that never ends Long name";

    app.open("/jobs?project=1&release=10&q=onerror").await;
    app.browser.wait_for(".jobs-table").await;
    assert_shows(&app, "list", &[IMG]).await;
    assert_inert(&app, "list").await;
    app.open("/jobs?project=1&release=10&sort=name").await;
    app.browser.wait_for(".jobs-table").await;
    app.browser.wait_for_text(long_start).await;
    assert_shows(&app, "list", &[SCRIPT, JS_URL, RTL]).await;
    assert_inert(&app, "list").await;
    screenshot_whole_page(&app, "hostile-list-light").await;

    for (offset, name) in [IMG, SCRIPT, JS_URL, long_start, RTL].iter().enumerate() {
        let page = format!("/jobs/{}", FIRST + offset as i64);
        app.open(&page).await;
        app.browser.wait_for(".property-list").await;
        // The name is the job's and its cycle's: both shown, neither parsed.
        assert_shows(&app, &page, &[name]).await;
        assert_inert(&app, &page).await;
    }
    screenshot_whole_page(&app, "hostile-job-page-light").await;

    // The timeline names the job, and the run's result names it again.
    app.open(&format!("/jobs/{FIRST}/run")).await;
    app.browser.wait_for(".run-empty .run-jobs-button").await;
    app.browser.click(".run-empty .run-jobs-button").await;
    app.browser.wait_for(".timeline-item").await;
    assert_shows(&app, "timeline", &[IMG]).await;
    assert_inert(&app, "timeline").await;
    app.browser.color_scheme("dark").await;
    screenshot_whole_page(&app, "hostile-timeline-dark").await;
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
}

#[tokio::test]
async fn hostile_cycle_phase_folder_and_user_names_are_text_in_the_form_pickers() {
    let app = hostile_app().await;
    app.open(&format!("/jobs/{FIRST}/edit")).await;
    app.browser.wait_for("#job-name").await;
    app.browser
        .wait_for("#job-folder option:nth-child(3)")
        .await;
    // Each picker lists the hostile names verbatim as its options' text.
    for picker in ["#job-folder", "#job-assignee", "#job-cycle-options"] {
        let options: Value = app
            .browser
            .eval(&format!(
                "return [...document.querySelectorAll('{picker} option')].map(o => o.textContent + ' ' + o.value)"
            ))
            .await;
        let all = options.to_string();
        assert!(
            all.contains("onerror=alert(1)") && all.contains("javascript:alert(3)"),
            "{picker}: {all}"
        );
    }
    assert_shows(&app, "edit form", &[IMG]).await;
    assert_inert(&app, "edit form").await;
    app.browser.color_scheme("dark").await;
    screenshot_whole_page(&app, "hostile-form-dark").await;
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
}

#[tokio::test]
async fn hostile_error_messages_from_the_server_are_shown_as_text() {
    let app = hostile_app().await;
    let message = format!("{SCRIPT} {IMG} {}", "x".repeat(3000));

    // A refusal on the list, in the server's words.
    app.inject(json!({ "path": "file-upload-job/list", "kind": "status", "status": 403, "message": message }))
        .await;
    app.open("/jobs?project=1&release=10").await;
    app.browser.wait_for_text("Not permitted").await;
    assert_shows(&app, "list refusal", &[SCRIPT, IMG]).await;
    assert_inert(&app, "list refusal").await;
    app.clear_faults().await;

    // A refused save: the server's errorMsg beside the form, the input kept.
    app.inject(json!({ "path": "update-execute-job", "kind": "status", "status": 400, "message": message }))
        .await;
    app.open(&format!("/jobs/{}/edit", FIRST + 1)).await;
    app.browser.wait_for("#job-name").await;
    app.browser.fill("#job-name", "Renamed").await;
    app.browser.click("form button[type=submit]").await;
    app.browser.wait_for_text(IMG).await;
    assert_shows(&app, "refused save", &[SCRIPT]).await;
    assert_inert(&app, "refused save").await;
    screenshot_whole_page(&app, "hostile-error-light").await;
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
}
