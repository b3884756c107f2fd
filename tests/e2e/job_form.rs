//! The job forms: create with every field, edit, checks before sending, the input kept for a
//! read-only token, and create-and-execute with a file. (Every failing submit is in the failure
//! matrix, `failures.rs`.)

use std::path::PathBuf;

use crate::job_page::{
    assert_no_horizontal_overflow, choose, screenshot_whole_page, set_date, value_of, wait_for_path,
};
use crate::support::{App, FULL_TOKEN, READONLY_TOKEN};

/// What a tester types into every field of the create form (project 1, release 10 preset by
/// the URL). Returns the names the job page should show for the picked phase and assignee.
async fn fill_every_field(app: &App, name: &str) -> (String, String) {
    app.browser.fill("#job-name", name).await;
    app.browser
        .fill("#job-description", "Runs the checkout suite every night.")
        .await;
    choose(app, "#job-framework", "option[value='Selenium']").await;
    app.browser.click("#job-create-package").await;
    app.browser.fill("#job-cycle", "Sprint 14 Regression").await;
    // An existing cycle offers its phases as a list.
    let phase = app
        .browser
        .text("select#job-phase option:nth-child(2)")
        .await;
    choose(app, "select#job-phase", "option:nth-child(2)").await;
    app.browser.click("#job-reuse").await;
    app.browser.click("#job-time-stamp").await;
    set_date(app, "#job-start-date", "2026-03-02").await;
    set_date(app, "#job-end-date", "2026-03-27").await;
    choose(app, "#job-folder", "option[value='801']").await;
    let assignee = app.browser.text("#job-assignee option:nth-child(2)").await;
    choose(app, "#job-assignee", "option:nth-child(2)").await;
    app.browser
        .fill("#job-environment", "Chrome on staging")
        .await;
    (phase, assignee)
}

/// Opens the new-job form for project 1, release 10 and fills every field.
pub async fn open_new_form_filled(app: &App, name: &str) -> (String, String) {
    app.open("/jobs/new?project=1&release=10").await;
    app.browser
        .wait_for("#job-release option[value='10']")
        .await;
    fill_every_field(app, name).await
}

/// The values a user reads back in the form's main fields.
pub async fn typed_values(app: &App) -> Vec<String> {
    let mut values = Vec::new();
    for css in [
        "#job-name",
        "#job-description",
        "#job-framework",
        "#job-cycle",
        "#job-start-date",
        "#job-end-date",
        "#job-folder",
        "#job-environment",
    ] {
        values.push(value_of(app, css).await);
    }
    values
}

pub fn temp_file(name: &str, contents: &[u8], len: Option<u64>) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zj-job-form-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    if let Some(len) = len {
        // Sparse: a 26 MB file without writing 26 MB.
        std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .unwrap()
            .set_len(len)
            .unwrap();
    }
    path
}

pub const JUNIT_XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="checkout" tests="2" failures="0">
  <testcase classname="checkout.CartTest" name="addsItem" time="0.1"/>
  <testcase classname="checkout.CartTest" name="removesItem" time="0.2"/>
</testsuite>
"#;

#[tokio::test]
async fn job_form_creates_a_job_with_every_field_and_shows_it_on_its_page_and_in_the_list() {
    let app = App::start().await;
    app.sign_in(FULL_TOKEN).await;
    app.open("/jobs/new?project=1&release=10").await;
    app.browser.wait_for("#job-project option[value='1']").await;
    assert_eq!(value_of(&app, "#job-project").await, "1");
    app.browser
        .wait_for("#job-release option[value='10']")
        .await;
    assert_eq!(value_of(&app, "#job-release").await, "10");
    assert_eq!(
        value_of(&app, "#job-assignee").await,
        "-10",
        "Anyone by default"
    );

    let name =
        "Checkout nightly \u{2014} a rather long name that keeps going and going to test wrapping";
    let (phase, assignee) = fill_every_field(&app, name).await;
    assert_no_horizontal_overflow(&app).await;
    screenshot_whole_page(&app, "job-form-light").await;
    app.browser.color_scheme("dark").await;
    screenshot_whole_page(&app, "job-form-dark").await;

    app.browser.click("form button[type=submit]").await;
    let path = wait_for_path(&app, |p| {
        p.starts_with("/jobs/") && p[6..].chars().all(|c| c.is_ascii_digit())
    })
    .await;
    app.browser.wait_for_text("created").await;
    app.browser.wait_for_text("Payments Platform").await;
    app.browser.wait_for_text(&assignee).await;
    let text = app.browser.page_text().await;
    for expected in [
        name,
        "Runs the checkout suite every night.",
        "Release 3.2",
        "Selenium",
        "builds folders from packages",
        "Sprint 14 Regression",
        &phase,
        "Every run reuses this cycle",
        "Appended to the cycle name",
        "03/02/2026 \u{2013} 03/27/2026",
        "Release 3.2 > Automation_Scripts",
        "Chrome on staging",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing on {path}:\n{text}"
        );
    }
    screenshot_whole_page(&app, "job-page-created-dark").await;

    app.open("/jobs?project=1&release=10").await;
    app.browser.wait_for(".jobs-table").await;
    assert!(app.browser.text(".jobs-table").await.contains(name));
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
}

#[tokio::test]
async fn job_form_edits_a_name_and_the_job_page_shows_it() {
    let app = App::start().await;
    app.sign_in(FULL_TOKEN).await;
    app.open("/jobs/4100/edit").await;
    assert_eq!(value_of(&app, "#job-name").await, "Nightly API regression");
    // The form starts from the job's own values.
    app.browser
        .wait_for("#job-framework option[value='JUnit']")
        .await;
    assert_eq!(value_of(&app, "#job-framework").await, "JUnit");
    assert_eq!(value_of(&app, "#job-cycle").await, "Nightly Automation");
    app.browser
        .fill("#job-name", "Nightly API regression (v2)")
        .await;
    app.browser.click("form button[type=submit]").await;
    wait_for_path(&app, |p| p == "/jobs/4100").await;
    app.browser.wait_for_text("saved").await;
    assert_eq!(app.browser.text("h1").await, "Nightly API regression (v2)");
}

#[tokio::test]
async fn job_form_checks_fields_before_sending_and_asks_before_discarding() {
    let app = App::start().await;
    app.sign_in(FULL_TOKEN).await;
    app.open("/jobs/new").await;
    app.browser.wait_for("#job-project option[value='1']").await;
    app.browser.click("form button[type=submit]").await;
    app.browser.wait_for_text("Give the job a name.").await;
    for (field, message) in [
        ("#job-name", "Give the job a name."),
        ("#job-project", "Choose a project."),
        ("#job-release", "Choose a release."),
        ("#job-framework", "Choose the framework"),
        ("#job-cycle", "Choose a cycle"),
    ] {
        let invalid = app
            .browser
            .find(field)
            .await
            .attr("aria-invalid")
            .await
            .unwrap();
        assert_eq!(invalid.as_deref(), Some("true"), "{field} marked invalid");
        assert!(app.browser.page_text().await.contains(message));
    }
    screenshot_whole_page(&app, "job-form-invalid-light").await;

    app.browser.fill("#job-name", "Dates backwards").await;
    set_date(&app, "#job-start-date", "2026-03-10").await;
    set_date(&app, "#job-end-date", "2026-03-01").await;
    app.browser
        .wait_for_text("The end date is before the start date.")
        .await;
    assert!(!app
        .browser
        .page_text()
        .await
        .contains("Give the job a name."));
    let sent = app.requests().await;
    assert!(
        !sent
            .iter()
            .any(|r| r.to_string().contains("create-job-detail")),
        "nothing was sent"
    );

    // Cancel with typing asks first; staying keeps everything.
    app.browser.click(".form-actions button[type=button]").await;
    app.browser.wait_for_text("Discard changes?").await;
    app.browser
        .click(".dialog .dialog-actions .button:not(.button-danger)")
        .await;
    assert_eq!(value_of(&app, "#job-name").await, "Dates backwards");
    app.browser.click(".form-actions button[type=button]").await;
    app.browser.click(".dialog .button-danger").await;
    wait_for_path(&app, |p| {
        p.starts_with("/jobs") && !p.starts_with("/jobs/new")
    })
    .await;
}

#[tokio::test]
async fn job_form_read_only_token_is_not_permitted_and_the_input_stays() {
    let app = App::start().await;
    app.sign_in(READONLY_TOKEN).await;
    open_new_form_filled(&app, "Not mine to create").await;
    let typed = typed_values(&app).await;
    app.browser.click("form button[type=submit]").await;
    app.browser.wait_for_text("Not permitted").await;
    assert_eq!(typed_values(&app).await, typed);
    assert!(app.current_path().await.starts_with("/jobs/new"));
    app.assert_still_signed_in().await;
}

#[tokio::test]
async fn job_form_file_picker_refuses_other_types_and_files_over_25_mb() {
    let app = App::start().await;
    app.sign_in(FULL_TOKEN).await;
    app.open("/jobs/new/execute?project=1&release=10").await;
    let picker = app.browser.wait_for("#result-file").await;

    let text = temp_file("notes.txt", b"not results", None);
    picker.send_keys(text.to_str().unwrap()).await.unwrap();
    app.browser
        .wait_for_text("choose an .xml or .json file")
        .await;
    assert_eq!(
        value_of(&app, "#result-file").await,
        "",
        "the refused file is not kept"
    );

    let big = temp_file("huge-results.xml", b"<testsuite>", Some(26 * 1024 * 1024));
    picker.send_keys(big.to_str().unwrap()).await.unwrap();
    app.browser.wait_for_text("the limit is 25 MB").await;
    screenshot_whole_page(&app, "job-execute-refused-light").await;

    // Nothing was uploaded for either.
    let sent = app.requests().await;
    assert!(!sent
        .iter()
        .any(|r| r.to_string().contains("create-and-execute")));
}

#[tokio::test]
async fn job_form_create_and_execute_with_a_junit_file_lands_on_the_run() {
    let app = App::start().await;
    app.sign_in(FULL_TOKEN).await;
    // Typing starts on the create form and is carried to create-and-execute.
    open_new_form_filled(&app, "Run on upload").await;
    // Scrolled to the bottom by the filling, the link would sit under the sticky header.
    app.browser.eval("window.scrollTo(0, 0)").await;
    app.browser.click(".page-head .link-button").await;
    wait_for_path(&app, |p| p.starts_with("/jobs/new/execute")).await;
    assert_eq!(value_of(&app, "#job-name").await, "Run on upload");

    // Submitting without a file says so.
    app.browser.click("form button[type=submit]").await;
    app.browser.wait_for_text("Choose the result file").await;

    let xml = temp_file("junit-results.xml", JUNIT_XML.as_bytes(), None);
    app.browser
        .wait_for("#result-file")
        .await
        .send_keys(xml.to_str().unwrap())
        .await
        .unwrap();
    app.browser.wait_for_text("junit-results.xml").await;
    app.browser.color_scheme("dark").await;
    screenshot_whole_page(&app, "job-execute-dark").await;
    app.browser.click("form button[type=submit]").await;
    let path = wait_for_path(&app, |p| p.ends_with("/run")).await;
    let id: i64 = path
        .trim_start_matches("/jobs/")
        .trim_end_matches("/run")
        .parse()
        .expect("a job id in the run URL");
    assert!(id >= 4114, "a new job: {path}");
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
}

#[tokio::test]
async fn job_form_asks_before_a_header_link_discards_typed_input() {
    let app = App::start().await;
    app.sign_in(FULL_TOKEN).await;
    app.open("/jobs/new?project=1&release=10").await;
    app.browser.fill("#job-name", "Half-typed job").await;

    // The header's Jobs link is held and the question asked.
    app.browser.click(".app-nav a").await;
    app.browser.wait_for_text("Discard changes?").await;
    assert!(app.current_path().await.starts_with("/jobs/new"));

    // Keep editing: the input is still there.
    app.browser
        .click(".dialog .button:not(.button-danger)")
        .await;
    let name = app.browser.find("#job-name").await;
    assert_eq!(
        name.prop("value").await.unwrap().unwrap_or_default(),
        "Half-typed job"
    );

    // Discard: the link is followed.
    app.browser.click(".app-nav a").await;
    app.browser.click(".dialog .button-danger").await;
    app.browser.wait_for(".jobs-table").await;
    assert!(app.current_path().await.starts_with("/jobs"));
    assert!(!app.current_path().await.starts_with("/jobs/new"));
}
