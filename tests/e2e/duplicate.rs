//! Duplicate: the job page's Duplicate opens the create form filled from the job, the name
//! selected for typing; nothing is sent until Create, which makes one new job. A source that is
//! gone says so instead of offering an empty form.

use serde_json::Value;

use crate::job_page::{value_of, wait_for_path};
use crate::support::{App, Press, FULL_TOKEN};

async fn creates(app: &App) -> usize {
    app.requests()
        .await
        .iter()
        .filter(|r| {
            r["path"]
                .as_str()
                .is_some_and(|p| p.contains("create-job-detail"))
        })
        .count()
}

#[tokio::test]
async fn duplicate_fills_the_create_form_and_creates_a_second_job_only_on_create() {
    let app = App::start().await;
    app.sign_in(FULL_TOKEN).await;
    let source: Value = app.api_get("v3/automation/job/detail?jobid=4100").await;
    let source_name = source["jobName"].as_str().unwrap().to_string();

    app.open("/jobs/4100").await;
    let duplicate = app
        .browser
        .wait_for(".job-actions a[href='/jobs/new?from=4100']")
        .await;
    assert_eq!(duplicate.text().await.unwrap(), "Duplicate");
    // By keyboard: the link takes focus and Enter follows it.
    app.browser
        .eval("document.querySelector(\".job-actions a[href='/jobs/new?from=4100']\").focus()")
        .await;
    app.browser.press(Press::Enter).await;
    wait_for_path(&app, |p| p == "/jobs/new?from=4100").await;
    app.browser
        .wait_for_title(&format!("Duplicate {source_name} \u{b7} Zephyr Jobs"))
        .await;
    assert!(app.browser.text("h1").await.starts_with("Duplicate "));

    // Every field of the source, the name "Copy of …", focused and wholly selected.
    let copy_name = format!("Copy of {source_name}");
    crate::support::eventually(
        std::time::Duration::from_secs(10),
        "the copy's name is focused and selected",
        async || {
            let state = app
                .browser
                .eval(
                    "const el = document.getElementById('job-name');
                     return el && document.activeElement === el && el.selectionStart === 0
                       && el.selectionEnd === el.value.length ? el.value : null;",
                )
                .await;
            match state.as_str() {
                Some(v) if v == copy_name => Ok(()),
                _ => Err(state.to_string()),
            }
        },
    )
    .await;
    assert_eq!(
        value_of(&app, "#job-cycle").await,
        source["cycleName"].as_str().unwrap()
    );
    assert_eq!(
        value_of(&app, "#job-environment").await,
        source["environment"].as_str().unwrap()
    );
    assert_eq!(
        value_of(&app, "#job-framework").await,
        source["automationFramework"].as_str().unwrap()
    );
    assert_eq!(
        value_of(&app, "#job-project").await,
        source["projectId"].to_string()
    );
    assert_eq!(
        value_of(&app, "#job-release").await,
        source["releaseId"].to_string()
    );
    assert_eq!(creates(&app).await, 0, "nothing is sent before Create");

    // Typing replaces the selected name; Enter in the field is Create.
    app.browser.type_text("Nightly copy for 3.3").await;
    assert_eq!(creates(&app).await, 0, "still nothing sent while typing");
    app.browser.press(Press::Enter).await;
    let path = wait_for_path(&app, |p| {
        p.strip_prefix("/jobs/")
            .is_some_and(|id| id.parse::<i64>().is_ok_and(|id| id != 4100))
    })
    .await;
    app.browser
        .wait_for_text("Job \u{201c}Nightly copy for 3.3\u{201d} created.")
        .await;
    assert_eq!(creates(&app).await, 1, "one create, on Create");

    let id = path.trim_start_matches("/jobs/");
    let copy = app
        .api_get(&format!("v3/automation/job/detail?jobid={id}"))
        .await;
    assert_eq!(copy["jobName"], "Nightly copy for 3.3");
    for field in [
        "projectId",
        "releaseId",
        "automationFramework",
        "cycleName",
        "phaseName",
        "isReuse",
        "timeStamp",
        "environment",
        "jobDetailTcrCatalogTreeId",
        "testRepositoryPath",
        "assignResultsTo",
        "jobDescription",
    ] {
        assert_eq!(copy[field], source[field], "{field} copied");
    }
    let original = app.api_get("v3/automation/job/detail?jobid=4100").await;
    assert_eq!(
        original["jobName"], source["jobName"],
        "the source is untouched"
    );
    assert!(app.browser.console_errors().await.is_empty());
}

#[tokio::test]
async fn duplicate_of_a_missing_job_says_so_and_offers_no_copy() {
    let app = App::start().await;
    app.sign_in(FULL_TOKEN).await;
    for link in ["/jobs/new?from=999999", "/jobs/new?from=abc"] {
        app.open(link).await;
        app.browser
            .wait_for_text("The job to duplicate no longer exists")
            .await;
        assert!(
            app.browser
                .eval("return !document.getElementById('job-name')")
                .await
                == Value::Bool(true),
            "no form is offered as a copy"
        );
        assert!(app
            .browser
            .page_text()
            .await
            .contains("Nothing was copied."));
    }

    // A source that cannot be read (a server failure) is an error with Retry, not a blank form.
    app.inject(
        serde_json::json!({"path": "job/detail", "kind": "status", "status": 500, "count": 1}),
    )
    .await;
    app.open("/jobs/new?from=4100").await;
    app.browser
        .wait_for_text("The job to duplicate could not be loaded")
        .await;
    assert!(
        app.browser
            .eval("return !document.getElementById('job-name')")
            .await
            == Value::Bool(true)
    );
    app.browser.click(".duplicate-failed .notice button").await;
    app.browser.wait_for("#job-name").await;
    assert!(value_of(&app, "#job-name").await.starts_with("Copy of "));
}
