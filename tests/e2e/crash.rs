//! A panic is never a frozen page: the test build with the `crash-route` feature has a route,
//! `/__crash`, that panics on render (quoting the session token). The panic hook replaces the
//! page with the "Something went wrong" screen: styled under the strict CSP, focus on its
//! heading, a Reload button that works, and the panic message folded away, without the token,
//! on the screen and in the console. The shipped build has no such route.

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
};"#;

#[tokio::test]
async fn a_panic_shows_a_reloadable_screen_with_the_message_and_never_the_token() {
    let app = App::start_with(sim_config_serving(crash_dist_dir())).await;
    app.browser.record_csp_violations().await;
    app.sign_in(FULL_TOKEN).await;

    app.open("/__crash").await;
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
    assert!(screen["title"]
        .as_str()
        .unwrap()
        .starts_with("Something went wrong"));
    let message = screen["message"].as_str().unwrap();
    assert!(
        message.contains("panicked at") && message.contains("panics on purpose"),
        "{message}"
    );
    assert!(message.contains("[token removed]"), "{message}");
    assert!(!message.contains(FULL_TOKEN), "the token is on screen");
    assert_eq!(app.browser.csp_violations().await, json!([]));

    let console = app.browser.console().await;
    assert!(
        console.iter().any(|(_, m)| m.contains("panics on purpose")),
        "the panic is logged: {console:?}"
    );
    for (_, line) in &console {
        assert!(!line.contains(FULL_TOKEN), "token in the console: {line}");
    }

    // Opening the details shows the message for a bug report.
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
        .contains("panics on purpose"));

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

#[tokio::test]
async fn the_shipped_build_has_no_crash_route() {
    let app = App::start().await;
    app.sign_in(FULL_TOKEN).await;
    app.open("/__crash").await;
    app.browser.wait_for_text("Page not found").await;
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
}
