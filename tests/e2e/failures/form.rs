//! The failure matrix on the new-job form's submit: every field filled once, then each fault.

use super::*;
use crate::job_form::{open_new_form_filled, typed_values};

const CREATE: &str = "create-job-detail";

#[tokio::test]
async fn every_failed_submit_keeps_every_typed_field_and_nothing_is_resent() {
    let app = App::start().await;
    app.sign_in(FULL_TOKEN).await;
    let name = "Kept through every failure";
    open_new_form_filled(&app, name).await;
    let form_url = app.current_path().await;
    let typed = typed_values(&app).await;
    assert_eq!(typed[0], name);

    // The 401 last: signing in again is where the user sends the same input once more.
    let mut cases = matrix();
    cases.sort_by_key(|c| c.ends == Ends::AfterSignIn);
    for case in cases {
        let label = case.label;
        app.inject(rule_on(&case, CREATE)).await;
        app.browser.click("form button[type=submit]").await;
        wait_for_text(&app, label, case.shown, patience(&case)).await;
        assert_no_panic(&app, label).await;
        if case.ends == Ends::AfterSignIn {
            sign_in_again(&app, label, &form_url).await;
            app.browser
                .wait_for("#job-release option[value='10']")
                .await;
        } else {
            let failure = app.browser.text(".form-failure").await;
            assert!(
                failure.contains("Nothing you typed was lost"),
                "[{label}] {failure}"
            );
            assert_eq!(
                failure.contains("may have saved it anyway"),
                case.outcome_unknown,
                "[{label}] warns of a double only when the outcome is unknown: {failure}"
            );
            assert_eq!(
                app.current_path().await,
                form_url,
                "[{label}] still on the form"
            );
            app.assert_still_signed_in().await;
            if label == "slower than the timeout" {
                let script =
                    "document.querySelector('.form-failure').scrollIntoView({block: 'center'})";
                app.browser.eval(script).await;
                app.browser.screenshot("failures-form-timeout-light").await;
            }
            app.clear_faults().await;
        }
        assert_eq!(
            typed_values(&app).await,
            typed,
            "[{label}] every typed field kept"
        );
    }
    app.browser
        .screenshot("failures-form-after-sign-in-light")
        .await;

    // Nothing was sent again by itself: no job exists yet. (The slow request was abandoned by the
    // browser at the timeout, and the simulator drops the work of a request whose client left.)
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(jobs_named(&app, name).await, 0, "no automatic resend");

    // Back from sign-in with the draft, the user sends it and it goes through.
    app.browser.click("form button[type=submit]").await;
    wait_for_path(&app, |p| {
        p.starts_with("/jobs/") && !p.starts_with("/jobs/new")
    })
    .await;
    app.browser.wait_for_text(name).await;
    assert_eq!(jobs_named(&app, name).await, 1, "created once");
    assert_no_panic(&app, "after the last submit").await;
}

/// How many jobs of project 1, release 10 the server has under `name` (asked outside the app).
async fn jobs_named(app: &App, name: &str) -> usize {
    let jobs = app
        .api_get(&format!(
            "v4/upload-file/automation/{LIST}?projectId=1&releaseId=10"
        ))
        .await;
    jobs.as_array()
        .into_iter()
        .flatten()
        .filter(|job| job["jobName"] == name)
        .count()
}
