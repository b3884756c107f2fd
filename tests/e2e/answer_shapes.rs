//! Writes answered in every shape the contract allows (`--answer-shapes`): running one job from
//! its page, running several from the list, create, create-and-execute, edit and delete all read
//! as done, and each was sent once. Under `garbled` every write's answer is unreadable: the user
//! is told it was done but could not be confirmed, sees what re-reading found, and is never
//! offered a Retry that would do it twice.

use serde_json::{json, Value};
use zephyr_sim::{AnswerShapes, SimConfig};

use crate::job_form::{open_new_form_filled, temp_file, JUNIT_XML};
use crate::job_page::{value_of, wait_for_path};
use crate::lazy_pages::{assert_no_panic, refuse, refuse_chunk_of};
use crate::support::{self, App, FULL_TOKEN};

const UNCONFIRMED: &str = "could not be confirmed";
const LIST: &str = "/jobs?project=1&release=10";

async fn app_answering(shapes: AnswerShapes) -> App {
    App::start_with(SimConfig {
        answer_shapes: shapes,
        ..support::sim_config()
    })
    .await
}

/// How many POSTs whose path contains `part` the simulator received.
async fn posts_to(app: &App, part: &str) -> usize {
    app.requests()
        .await
        .iter()
        .filter(|r| r["method"] == "POST" && r["path"].as_str().unwrap_or_default().contains(part))
        .count()
}

/// No Retry anywhere: a write the server accepted must not be offered again.
async fn assert_no_retry(app: &App, step: &str) {
    let retries = app
        .browser
        .eval("return [...document.querySelectorAll('button')].filter(b => /retry/i.test(b.innerText)).length")
        .await;
    assert_eq!(retries, json!(0), "[{step}] a Retry button is offered");
}

/// The flash notice's text (it stays 8 s: read it at once).
async fn flash(app: &App) -> String {
    app.browser.text(".flash").await
}

/// The jobs of project 1, release 10 named `name`, as the server has them.
async fn jobs_named(app: &App, name: &str) -> Vec<Value> {
    app.api_get("v4/upload-file/automation/file-upload-job/list?projectId=1&releaseId=10")
        .await
        .as_array()
        .into_iter()
        .flatten()
        .filter(|j| j["jobName"] == name)
        .cloned()
        .collect()
}

/// Runs 4100 from its page and follows the link to the run's timeline.
async fn run_one_from_its_page(app: &App, garbled: bool) {
    app.open("/jobs/4100").await;
    app.browser.click(".job-actions .run-jobs-button").await;
    app.browser.wait_for(".run-results").await;
    let results = app.browser.text(".run-results").await;
    assert!(results.contains("The run started."), "{results}");
    assert!(results.contains("Run #"), "{results}");
    assert_eq!(results.contains(UNCONFIRMED), garbled, "{results}");
    assert_no_retry(app, "run one").await;
    assert_eq!(posts_to(app, "/execute-job").await, 1, "sent once");
    app.browser.click(".run-result a").await;
    wait_for_path(app, |p| p == "/jobs/4100/run").await;
    app.browser.wait_for(".timeline-item").await;
}

/// Selects 4105 and 4106 in the list and runs them in one request.
async fn run_two_selected(app: &App, garbled: bool) {
    app.open("/jobs?project=1&release=10").await;
    app.browser.wait_for(".jobs-table").await;
    for id in [4105, 4106] {
        app.browser
            .click(&format!("tr[data-job-id='{id}'] input[type=checkbox]"))
            .await;
    }
    app.browser.wait_for_text("2 selected").await;
    app.browser.click(".bulk-actions .run-jobs-button").await;
    app.browser.wait_for_text("Started 2 of 2 jobs.").await;
    let results = app.browser.text(".run-results").await;
    assert_eq!(results.contains(UNCONFIRMED), garbled, "{results}");
    assert_no_retry(app, "run selected").await;
    assert_eq!(posts_to(app, "/execute-job").await, 2, "one request more");
}

/// Creates a job through the form; returns its id.
async fn create(app: &App, name: &str, garbled: bool) -> i64 {
    open_new_form_filled(app, name).await;
    app.browser.click("form button[type=submit]").await;
    let path = wait_for_path(app, |p| {
        p.strip_prefix("/jobs/")
            .is_some_and(|id| id.parse::<i64>().is_ok())
    })
    .await;
    let notice = flash(app).await;
    assert!(notice.contains("created"), "{notice}");
    assert_eq!(notice.contains(UNCONFIRMED), garbled, "{notice}");
    app.browser.wait_for(".job-actions").await;
    assert_eq!(app.browser.text("h1").await, name);
    assert_eq!(jobs_named(app, name).await.len(), 1, "created once");
    assert_eq!(posts_to(app, "create-job-detail").await, 1);
    path.trim_start_matches("/jobs/").parse().expect("a job id")
}

async fn edit(app: &App, id: i64, name: &str, garbled: bool) {
    app.open(&format!("/jobs/{id}/edit")).await;
    assert_eq!(
        value_of(app, "#job-name").await,
        name,
        "the form holds the job"
    );
    let renamed = format!("{name} (edited)");
    app.browser.fill("#job-name", &renamed).await;
    app.browser.click("form button[type=submit]").await;
    wait_for_path(app, |p| p == format!("/jobs/{id}")).await;
    let notice = flash(app).await;
    assert!(notice.contains("saved"), "{notice}");
    assert_eq!(notice.contains(UNCONFIRMED), garbled, "{notice}");
    app.browser.wait_for_text(&renamed).await;
    assert_eq!(app.browser.text("h1").await, renamed, "the job as saved");
    assert_eq!(jobs_named(app, &renamed).await.len(), 1);
    assert_eq!(posts_to(app, "update-execute-job").await, 1);
}

async fn delete(app: &App, id: i64, garbled: bool) {
    app.browser
        .click(".job-actions .button-danger-outline")
        .await;
    app.browser.click(".dialog .button-danger").await;
    wait_for_path(app, |p| p == "/jobs?project=1&release=10").await;
    let notice = flash(app).await;
    assert!(notice.contains("deleted"), "{notice}");
    assert_eq!(notice.contains(UNCONFIRMED), garbled, "{notice}");
    assert_no_retry(app, "delete").await;
    assert_eq!(posts_to(app, "job/delete").await, 1);
    app.open(&format!("/jobs/{id}")).await;
    app.browser.wait_for_text("This job no longer exists").await;
}

/// Deletes the list's first row with "Delete selected".
async fn delete_first_row(app: &App) {
    app.browser
        .click("tbody tr:nth-child(1) input[type=checkbox]")
        .await;
    app.browser.click(".bulk-actions .button-danger").await;
    app.browser.click(".dialog .button-danger").await;
}

/// "Delete selected" whose answer cannot be read: each job is re-read. With the re-reading's
/// requests refused the notice says the job could not be re-read, never that it still exists;
/// once they can be sent, the next delete is re-read and found done. Deleting is a chunk: with
/// it refused nothing is sent, and the notice says so.
#[tokio::test]
async fn a_list_delete_whose_answer_cannot_be_read_is_re_read_or_says_it_could_not_be() {
    let app = app_answering(AnswerShapes::Garbled).await;
    app.sign_in(FULL_TOKEN).await;
    app.open(LIST).await;
    app.browser.wait_for(".jobs-table tbody tr").await;
    refuse_chunk_of(&app, "delete_jobs_code").await;
    app.reload().await;
    app.browser.wait_for(".jobs-table tbody tr").await;

    delete_first_row(&app).await;
    app.browser
        .wait_for_text("Nothing was sent: the app could not fetch its code")
        .await;
    assert_eq!(
        app.browser.text(".notice-error .notice-title").await,
        "The jobs were not deleted"
    );
    assert_no_panic(&app).await;
    assert_eq!(posts_to(&app, "job/delete").await, 0, "nothing sent");
    app.browser
        .assert_accessible("a delete whose code could not be fetched")
        .await;
    app.browser.screenshot("delete-not-sent").await;

    // The chunk may come now; the re-reading's requests may not.
    refuse(&app, "*/automation/job/detail*").await;
    delete_first_row(&app).await;
    app.browser.wait_for(".delete-unconfirmed").await;
    let notice = app.browser.text(".delete-unconfirmed").await;
    assert!(notice.contains("1 job may have been deleted."), "{notice}");
    assert!(notice.contains("1 job could not be re-read"), "{notice}");
    assert!(!notice.contains("still exist"), "{notice}");
    assert_no_retry(&app, "delete, not re-read").await;
    for scheme in ["light", "dark"] {
        app.browser.color_scheme(scheme).await;
        app.browser
            .assert_accessible(&format!("a delete that could not be re-read ({scheme})"))
            .await;
        app.browser
            .screenshot(&format!("delete-not-re-read-{scheme}"))
            .await;
    }
    assert_eq!(posts_to(&app, "job/delete").await, 1);

    app.browser
        .cdp("Network.setBlockedURLs", json!({ "urls": [] }))
        .await;
    app.browser.wait_for(".jobs-table tbody tr").await;
    delete_first_row(&app).await;
    app.browser
        .wait_for_text("so each job was re-read from the server")
        .await;
    let notice = app.browser.text(".delete-unconfirmed").await;
    assert!(notice.contains("Deleted 1 job."), "{notice}");
    assert!(notice.contains(UNCONFIRMED), "{notice}");
    assert_no_retry(&app, "delete, re-read").await;
    assert_eq!(posts_to(&app, "job/delete").await, 2);
}

/// Creates a job and runs it on a result file; lands on its run's timeline.
async fn create_and_execute(app: &App, name: &str, garbled: bool) {
    open_new_form_filled(app, name).await;
    app.browser.eval("window.scrollTo(0, 0)").await;
    app.browser.click(".page-head .link-button").await;
    wait_for_path(app, |p| p.starts_with("/jobs/new/execute")).await;
    let file = temp_file(
        &format!("{}.xml", name.replace(' ', "-")),
        JUNIT_XML.as_bytes(),
        None,
    );
    app.browser
        .wait_for("#result-file")
        .await
        .send_keys(file.to_str().unwrap())
        .await
        .unwrap();
    app.browser.click("form button[type=submit]").await;
    let path = wait_for_path(app, |p| p.ends_with("/run")).await;
    let notice = flash(app).await;
    assert!(notice.contains("created and running"), "{notice}");
    assert!(notice.contains(name), "the job's name, re-read: {notice}");
    assert_eq!(notice.contains(UNCONFIRMED), garbled, "{notice}");
    let made = jobs_named(app, name).await;
    assert_eq!(made.len(), 1, "created once");
    assert_eq!(path, format!("/jobs/{}/run", made[0]["id"]));
    assert_eq!(posts_to(app, "create-and-execute-job").await, 1);
    // The run's timeline works: its states come in and it reaches its end.
    app.browser.wait_for(".timeline-item").await;
    app.browser.wait_for(".run-outcome").await;
}

/// The whole journey under one answer shape.
async fn journey(shapes: AnswerShapes) {
    let garbled = shapes == AnswerShapes::Garbled;
    let app = app_answering(shapes).await;
    app.sign_in(FULL_TOKEN).await;
    let name = format!("Answered {shapes:?}");

    run_one_from_its_page(&app, garbled).await;
    run_two_selected(&app, garbled).await;
    let id = create(&app, &name, garbled).await;
    edit(&app, id, &name, garbled).await;
    delete(&app, id, garbled).await;
    create_and_execute(&app, &format!("{name} upload"), garbled).await;
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
}

#[tokio::test]
async fn answer_shapes_alternate_bare_run_wrapped_runs_true_and_empty_read_as_done() {
    journey(AnswerShapes::Alternate).await;
}

#[tokio::test]
async fn answer_shapes_minimal_ids_only_read_as_done() {
    journey(AnswerShapes::Minimal).await;
}

#[tokio::test]
async fn answer_shapes_garbled_answers_are_done_unconfirmed_then_re_read_never_retried() {
    journey(AnswerShapes::Garbled).await;
}
