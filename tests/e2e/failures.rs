//! The failure matrix: every way a request can fail (400 with an error body, 401, 403, 404, 429
//! with Retry-After, 500, 503, a dropped connection, an answer slower than the timeout, malformed
//! JSON, an HTML login page with status 200, an empty body) on the job list, the form's submit and
//! the run timeline's poll. Each case must show its own message, keep the session (a 401 signs out
//! and sign-in comes back to the same page), keep typed input, never panic, and end once the
//! fault is gone: by itself where asking again can help, on the user's word where it cannot.

use std::time::Duration;

use serde_json::{json, Value};

use crate::job_form::{open_new_form_filled, typed_values};
use crate::job_page::wait_for_path;
use crate::runs::set_tab_hidden;
use crate::support::{eventually, App, FULL_TOKEN};

/// The app's timeout is 15 s; this answer comes a second later.
const SLOWER_THAN_TIMEOUT_MS: u64 = 16_000;

/// How a case ends once the fault is gone.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Ends {
    /// Asking again may help: the app does, by itself.
    ByItself,
    /// Asking again cannot help (400, 403, 404): the app waits for Retry or the user's return.
    OnRequest,
    /// The session ended: sign-in brings the user back.
    AfterSignIn,
}

struct Case {
    label: &'static str,
    /// The fault rule, without its path.
    rule: Value,
    /// Words only this case's message has.
    shown: &'static str,
    ends: Ends,
    /// The request may have been carried out although no usable answer came back.
    outcome_unknown: bool,
}

fn status(code: u16) -> Value {
    json!({ "kind": "status", "status": code })
}

/// The twelve cases, in the order a reader would list them.
fn matrix() -> Vec<Case> {
    use Ends::*;
    let case = |label, rule, shown, ends, outcome_unknown| Case {
        label,
        rule,
        shown,
        ends,
        outcome_unknown,
    };
    vec![
        case(
            "400 with an error body",
            status(400),
            "Injected fault: HTTP 400",
            OnRequest,
            false,
        ),
        case("401", status(401), "Your session ended", AfterSignIn, false),
        case("403", status(403), "Not permitted", OnRequest, false),
        case(
            "404",
            status(404),
            "Not found: the server does not know",
            OnRequest,
            false,
        ),
        case(
            "429 with Retry-After",
            json!({ "kind": "status", "status": 429, "retryAfter": 3 }),
            "busy. Retrying is allowed in 3 s",
            ByItself,
            false,
        ),
        case("500", status(500), "had a problem (500)", ByItself, false),
        case("503", status(503), "had a problem (503)", ByItself, false),
        case(
            "dropped connection",
            json!({ "kind": "drop" }),
            "could not be reached",
            ByItself,
            true,
        ),
        case(
            "slower than the timeout",
            json!({ "kind": "latency", "latencyMs": SLOWER_THAN_TIMEOUT_MS }),
            "did not answer within 15 seconds",
            ByItself,
            true,
        ),
        case(
            "malformed JSON",
            json!({ "kind": "malformed" }),
            "could not be read as Zephyr data",
            ByItself,
            true,
        ),
        case(
            "HTML login page with 200",
            json!({ "kind": "html" }),
            "a web page instead of Zephyr data",
            ByItself,
            false,
        ),
        case(
            "empty body",
            json!({ "kind": "empty" }),
            "answer was empty",
            ByItself,
            true,
        ),
    ]
}

/// The rule for requests whose path contains `path`; it lasts until the faults are cleared.
fn rule_on(case: &Case, path: &str) -> Value {
    let mut rule = case.rule.clone();
    rule["path"] = json!(path);
    rule
}

/// Long enough for the slow case's timeout plus a retry.
fn patience(case: &Case) -> Duration {
    if case.rule["kind"] == "latency" {
        Duration::from_secs(30)
    } else {
        Duration::from_secs(15)
    }
}

/// Fails on a Rust panic or an uncaught error in the console since the last read.
async fn assert_no_panic(app: &App, label: &str) {
    let bad: Vec<_> = app
        .browser
        .console()
        .await
        .into_iter()
        .filter(|(level, message)| {
            message.contains("panicked at")
                || message.contains("Uncaught")
                || (level == "SEVERE" && !message.contains("Failed to load resource"))
        })
        .collect();
    assert!(bad.is_empty(), "[{label}] console errors: {bad:?}");
}

async fn wait_for_text(app: &App, label: &str, needle: &str, within: Duration) {
    eventually(
        within,
        &format!("[{label}] the page never showed {needle:?}"),
        async || {
            let text = app.browser.page_text().await;
            text.contains(needle).then_some(()).ok_or(text)
        },
    )
    .await;
}

async fn wait_until_gone(app: &App, label: &str, css: &str, within: Duration) {
    let script = format!("return document.querySelector({css:?}) === null");
    eventually(
        within,
        &format!("[{label}] {css} stayed on the page"),
        async || {
            let gone = app.browser.eval(&script).await == json!(true);
            gone.then_some(()).ok_or(app.browser.page_text().await)
        },
    )
    .await;
}

async fn shows(app: &App, css: &str) -> bool {
    let script = format!("return document.querySelector({css:?}) !== null");
    app.browser.eval(&script).await == json!(true)
}

/// How many requests whose path contains `path` the simulator received (answered or not).
async fn requests_to(app: &App, path: &str) -> Vec<Value> {
    app.requests()
        .await
        .into_iter()
        .filter(|r| r["path"].as_str().unwrap_or_default().contains(path))
        .collect()
}

/// A refusal is not asked again by itself: no new request for `path` for a few seconds.
async fn assert_not_asked_again(app: &App, label: &str, path: &str) {
    let before = requests_to(app, path).await.len();
    tokio::time::sleep(Duration::from_secs(3)).await;
    let after = requests_to(app, path).await.len();
    assert_eq!(
        after, before,
        "[{label}] asked again by itself after a refusal"
    );
}

/// The expired session's sign-in: the reason is shown, the user signs in again and lands on
/// `back_to` (the page they were on).
async fn sign_in_again(app: &App, label: &str, back_to: &str) {
    wait_for_path(app, |p| p.starts_with("/sign-in?next=")).await;
    wait_for_text(
        app,
        label,
        "Sign in again to continue",
        Duration::from_secs(5),
    )
    .await;
    app.clear_faults().await;
    app.browser.fill("#token", FULL_TOKEN).await;
    app.browser.click("form button[type=submit]").await;
    let path = wait_for_path(app, |p| !p.starts_with("/sign-in")).await;
    assert_eq!(path, back_to, "[{label}] back where the user was");
}

const LIST: &str = "file-upload-job/list";

#[tokio::test]
async fn failures_on_the_job_list_are_named_and_the_list_comes_back() {
    let app = App::start().await;
    app.sign_in(FULL_TOKEN).await;
    let jobs_url = "/jobs?project=1&release=10";
    app.open(jobs_url).await;
    app.browser.wait_for(".jobs-table").await;

    for case in matrix() {
        let label = case.label;
        app.inject(rule_on(&case, LIST)).await;
        app.browser.client.refresh().await.expect("reload");
        wait_for_text(&app, label, case.shown, patience(&case)).await;
        assert_no_panic(&app, label).await;

        match case.ends {
            Ends::AfterSignIn => {
                sign_in_again(&app, label, jobs_url).await;
            }
            Ends::ByItself => {
                let notice = app.browser.text(".notice-error").await;
                assert!(
                    notice.contains("Retry"),
                    "[{label}] Retry offered: {notice}"
                );
                assert!(
                    notice.contains("Retrying in") || notice.contains("Retrying now"),
                    "[{label}] says when it tries again: {notice}"
                );
                if label == "429 with Retry-After" {
                    app.browser.screenshot("failures-list-retrying-light").await;
                }
                app.assert_still_signed_in().await;
                app.clear_faults().await;
            }
            Ends::OnRequest => {
                assert!(
                    !shows(&app, ".notice-retrying").await,
                    "[{label}] no automatic retry is announced"
                );
                app.assert_still_signed_in().await;
                assert_not_asked_again(&app, label, LIST).await;
                if label == "403" {
                    app.browser
                        .screenshot("failures-list-forbidden-light")
                        .await;
                }
                app.clear_faults().await;
                if label == "404" {
                    // Coming back to the tab asks once more.
                    set_tab_hidden(&app, true).await;
                    set_tab_hidden(&app, false).await;
                } else {
                    app.browser.click(".notice-error button").await;
                }
            }
        }
        app.browser.wait_for(".jobs-table tbody tr").await;
        wait_until_gone(&app, label, ".notice-error", patience(&case)).await;
        assert_eq!(app.current_path().await, jobs_url, "[{label}] same page");
        assert_no_panic(&app, label).await;
    }
}

const CREATE: &str = "create-job-detail";

#[tokio::test]
async fn failures_on_the_form_submit_keep_every_typed_field_and_never_resend() {
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
    let url = app.url(&format!(
        "/flex/services/rest/v4/upload-file/automation/{LIST}?projectId=1&releaseId=10"
    ));
    let jobs: Value = reqwest::Client::new()
        .get(url)
        .bearer_auth(FULL_TOKEN)
        .send()
        .await
        .expect("simulator answers")
        .json()
        .await
        .expect("the job list is JSON");
    jobs.as_array()
        .into_iter()
        .flatten()
        .filter(|job| job["jobName"] == name)
        .count()
}

const PROGRESS: &str = "get-latest-job-progress";

#[tokio::test]
async fn failures_on_the_timeline_poll_are_named_and_polling_resumes() {
    let app = App::start().await;
    app.sign_in(FULL_TOKEN).await;
    // Job 4102's run stays in progress until cancelled: it is polled every 2 s.
    let run_url = "/jobs/4102/run";
    app.open(run_url).await;
    app.browser.wait_for(".timeline-item").await;
    wait_for_text(&app, "healthy", "Live \u{b7}", Duration::from_secs(10)).await;

    for case in matrix() {
        let label = case.label;
        app.inject(rule_on(&case, PROGRESS)).await;
        wait_for_text(&app, label, case.shown, patience(&case)).await;
        assert_no_panic(&app, label).await;

        match case.ends {
            Ends::AfterSignIn => sign_in_again(&app, label, run_url).await,
            Ends::ByItself => {
                let banner = app.browser.text(".run-offline").await;
                assert!(banner.contains("retrying in"), "[{label}] {banner}");
                app.assert_still_signed_in().await;
                app.clear_faults().await;
            }
            Ends::OnRequest => {
                let notice = app.browser.text(".notice-error").await;
                if label == "403" {
                    assert!(notice.starts_with("Not permitted"), "[{label}] {notice}");
                    app.browser
                        .screenshot("failures-poll-forbidden-light")
                        .await;
                }
                app.assert_still_signed_in().await;
                assert_not_asked_again(&app, label, PROGRESS).await;
                app.clear_faults().await;
                if label == "404" {
                    set_tab_hidden(&app, true).await;
                    set_tab_hidden(&app, false).await;
                } else {
                    app.browser.click(".notice-error button").await;
                }
            }
        }
        wait_for_text(&app, label, "Live \u{b7}", patience(&case)).await;
        wait_until_gone(&app, label, ".run-live-dot-trouble", Duration::from_secs(5)).await;
        assert!(
            !shows(&app, ".notice-error").await && !shows(&app, ".run-offline").await,
            "[{label}] no error left once it recovered"
        );
        assert!(
            shows(&app, ".timeline-item").await,
            "[{label}] the timeline stays"
        );
        assert_eq!(app.current_path().await, run_url, "[{label}] same page");
        assert_no_panic(&app, label).await;
    }
}
