//! The failure matrix: every way a request can fail (400 with an error body, 401, 403, 404, 429
//! with Retry-After, 500, 503, a dropped connection, an answer slower than the timeout, malformed
//! JSON, an HTML login page with status 200, an empty body) on the job list, the form's submit and
//! the run timeline's poll. Each case must show its own message, keep the session (a 401 signs out
//! and sign-in comes back to the same page), keep typed input, never panic, and end once the
//! fault is gone: by itself where asking again can help, on the user's word where it cannot.

mod form;
mod list;
mod poll;

use std::time::Duration;

use serde_json::{json, Value};

use crate::job_page::wait_for_path;
use crate::support::{eventually, App, FULL_TOKEN};

/// The job list's request (also read by the form's check of what was created).
const LIST: &str = "file-upload-job/list";

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
            "busy and asked to wait 3 s",
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
