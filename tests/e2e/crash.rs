//! A panic is never a frozen page: the test build with the `crash-route` feature has a route,
//! `/__crash`, that panics on render (quoting the session token), and `/__trap`, whose render
//! stops with a trap's error holding the token. The release build aborts at
//! once, and web/crash.js answers the trap: the page is replaced by the "Something went wrong"
//! screen, styled under the strict CSP, focus on its heading, a Reload button that works, and what
//! is known folded away, never with the token, on the screen or in the console. The shipped build
//! has no such routes.

use serde_json::{json, Value};

use crate::job_page::wait_for_path;
use crate::support::{crash_dist_dir, sim_config_serving, App, FULL_TOKEN};

const SCREEN: &str = r#"const main = document.querySelector('main.crash');
const details = document.querySelector('.crash-details');
const card = document.querySelector('.crash-card');
return {
  heading: main && main.querySelector('h1').textContent,
  focused: document.activeElement && document.activeElement.tagName,
  reload: main && main.querySelector('button.crash-reload').getAttribute('type'),
  open: details && details.open,
  message: document.querySelector('.crash-message').textContent,
  styled: card && getComputedStyle(card).borderTopStyle === 'solid',
  title: document.title,
  body: document.body.children.length,
  bodyClass: document.body.className,
};"#;

/// The screen's checks; its message and the console's entries (read once: reading empties them).
async fn assert_crash_screen(app: &App) -> (String, Vec<(String, String)>) {
    app.browser.wait_for("main.crash").await;
    let screen: Value = app.browser.eval(SCREEN).await;
    assert_eq!(screen["heading"], "Something went wrong", "{screen}");
    assert_eq!(screen["focused"], "H1", "focus moves to the heading");
    assert_eq!(screen["reload"], "button");
    assert_eq!(screen["open"], false, "the details start folded");
    assert_eq!(screen["styled"], true, "shell.css styles the card");
    assert_eq!(
        screen["body"], 1,
        "the app's page is gone: only the screen is left"
    );
    assert_eq!(screen["bodyClass"], "", "nothing left hidden");
    assert!(screen["title"]
        .as_str()
        .unwrap()
        .starts_with("Something went wrong"));
    let message = screen["message"].as_str().unwrap().to_string();
    assert!(!message.contains(FULL_TOKEN), "the token is on screen");
    let console = app.browser.console().await;
    for (_, line) in &console {
        assert!(!line.contains(FULL_TOKEN), "token in the console: {line}");
    }
    (message, console)
}

#[tokio::test]
async fn a_panic_shows_a_reloadable_screen_and_never_the_token() {
    let app = App::start_with(sim_config_serving(crash_dist_dir())).await;
    app.browser.record_csp_violations().await;
    app.sign_in(FULL_TOKEN).await;

    app.open("/__crash").await;
    let (message, console) = assert_crash_screen(&app).await;
    // The release build's panic is the wasm's trap: its name and where in the wasm it stopped.
    assert!(message.contains("RuntimeError"), "{message}");
    assert_eq!(app.browser.csp_violations().await, json!([]));
    assert!(
        console
            .iter()
            .any(|(_, m)| m.contains("Zephyr Jobs stopped")),
        "the crash is logged: {console:?}"
    );

    // Opening the details shows what is known, for a bug report.
    app.browser.click(".crash-details summary").await;
    assert_eq!(
        app.browser
            .eval("return document.querySelector('.crash-details').open")
            .await,
        json!(true)
    );
    assert!(app
        .browser
        .text(".crash-message")
        .await
        .contains("RuntimeError"));

    // Reload loads the app again; at a normal address it works as before, still signed in.
    app.browser
        .eval("window.__before_reload = true; history.replaceState(null, '', '/jobs'); return 0")
        .await;
    app.browser.click(".crash-reload").await;
    app.browser.wait_for(".jobs-table").await;
    assert_eq!(
        app.browser
            .eval("return window.__before_reload || false")
            .await,
        json!(false),
        "the page was loaded anew"
    );
    wait_for_path(&app, |p| p.starts_with("/jobs")).await;
    app.assert_still_signed_in().await;
}

/// A trap's text is scrubbed of the token: the `/__trap` route of the same build stops the wasm
/// with a trap's error whose message holds it.
#[tokio::test]
async fn a_trap_shows_the_screen_with_the_token_scrubbed() {
    let app = App::start_with(sim_config_serving(crash_dist_dir())).await;
    app.sign_in(FULL_TOKEN).await;
    app.open("/__trap").await;
    let (message, console) = assert_crash_screen(&app).await;
    assert!(
        message.contains("stops holding the token [token removed]"),
        "{message}"
    );
    assert!(
        console
            .iter()
            .any(|(_, m)| m.contains("stops holding the token [token removed]")),
        "the crash is logged, scrubbed: {console:?}"
    );
}

#[tokio::test]
async fn the_shipped_build_has_no_crash_route() {
    let app = App::start().await;
    app.sign_in(FULL_TOKEN).await;
    for path in ["/__crash", "/__trap"] {
        app.open(path).await;
        app.browser.wait_for_text("Page not found").await;
        assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
    }
}
