//! Sign-in, the session in sessionStorage, sign-out, and answers at sign-in that are not Zephyr's
//! (what a 401 or 403 does later is in the failure matrix, `failures.rs`).

use serde_json::json;

use crate::job_page::wait_for_path;
use crate::support::{App, FULL_TOKEN};

/// Everything the browser keeps that could leak a token.
pub async fn storage_dump(app: &App) -> (String, String) {
    let local = app
        .browser
        .eval("return JSON.stringify(Object.assign({}, window.localStorage))")
        .await;
    let session = app
        .browser
        .eval("return JSON.stringify(Object.assign({}, window.sessionStorage))")
        .await;
    (
        local.as_str().unwrap_or_default().to_string(),
        session.as_str().unwrap_or_default().to_string(),
    )
}

#[tokio::test]
async fn sign_in_survives_a_reload_and_sign_out_forgets_the_token_everywhere() {
    let app = App::start().await;
    app.sign_in(FULL_TOKEN).await;
    assert!(app.current_path().await.starts_with("/jobs"));
    let user = app.browser.text(".user-name").await;
    assert!(!user.is_empty(), "the header names the signed-in user");

    let (local, session) = storage_dump(&app).await;
    assert_eq!(local, "{}", "nothing in localStorage");
    assert!(
        session.contains(FULL_TOKEN),
        "the token lives in sessionStorage"
    );

    app.reload().await;
    app.browser.wait_for(".user-name").await;
    assert_eq!(
        app.browser.text(".user-name").await,
        user,
        "a reload keeps the session"
    );

    app.browser.click(".user-menu button").await;
    app.browser.wait_for("form #token").await;
    assert!(app.current_path().await.starts_with("/sign-in"));
    let (local, session) = storage_dump(&app).await;
    assert_eq!(local, "{}");
    assert!(
        !session.contains(FULL_TOKEN),
        "sign-out clears the token: {session}"
    );
    assert!(!app.browser.page_text().await.contains(FULL_TOKEN));

    // Signed out, protected pages send the visitor back to sign in.
    app.open("/jobs").await;
    app.browser.wait_for("form #token").await;

    for url in app.visited.lock().unwrap().iter() {
        assert!(!url.contains(FULL_TOKEN), "token in a URL: {url}");
    }
    for (_, message) in app.browser.console().await {
        assert!(
            !message.contains(FULL_TOKEN),
            "token in the console: {message}"
        );
    }
}

#[tokio::test]
async fn a_wrong_token_is_refused_with_a_clear_message() {
    let app = App::start().await;
    app.open("/sign-in").await;
    app.browser
        .fill("#token", "0000000000000000000000000000000000000000")
        .await;
    app.browser.click("form button[type=submit]").await;
    app.browser
        .wait_for_text("The server did not accept this token")
        .await;
    assert!(app.current_path().await.starts_with("/sign-in"));

    app.browser.fill("#token", "two words").await;
    app.browser.click("form button[type=submit]").await;
    app.browser.wait_for_text("has no spaces").await;
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
}

#[tokio::test]
async fn a_non_zephyr_answer_is_named_as_such() {
    let app = App::start().await;
    app.inject(json!({ "path": "user/current", "kind": "html" }))
        .await;
    app.open("/sign-in").await;
    app.browser.fill("#token", FULL_TOKEN).await;
    app.browser.click("form button[type=submit]").await;
    app.browser.wait_for_text("did not come from Zephyr").await;
}

/// Crafted `next` links, each of which some browser-side parser reads as another site or a
/// place outside the app. After sign-in every one of them lands on this origin's job list.
const HOSTILE_NEXT: [&str; 10] = [
    "//evil.example/",
    "/\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "https://evil.example/jobs",
    "JaVaScRiPt:alert(document.domain)",
    "/%2F%2Fevil.example",
    "/%5Cevil.example",
    "\\\\evil.example",
    "/sign-in?next=/jobs",
];

#[tokio::test]
async fn crafted_next_links_never_lead_away_from_this_app() {
    let app = App::start().await;
    let here = url::Url::parse(&app.url("/")).unwrap();
    let sign_in_through = async |next: &str| {
        // Signed out, as the person who follows such a link is.
        app.open("/sign-in").await;
        app.browser.eval("sessionStorage.clear(); return 0").await;
        let encoded: String = url::form_urlencoded::byte_serialize(next.as_bytes()).collect();
        app.open(&format!("/sign-in?next={encoded}")).await;
        app.browser.fill("#token", FULL_TOKEN).await;
        app.browser.click("form button[type=submit]").await;
        app.browser.wait_for(".user-name").await;
    };

    for next in HOSTILE_NEXT {
        sign_in_through(next).await;
        app.browser.wait_for(".jobs-table").await;
        let url = app.browser.client.current_url().await.unwrap();
        assert_eq!(
            (url.host_str(), url.port(), url.path()),
            (here.host_str(), here.port(), "/jobs"),
            "{next:?} led to {url}"
        );
    }

    // A link within the app is still followed, query and all.
    sign_in_through("/jobs/4100?tab=runs").await;
    wait_for_path(&app, |p| p == "/jobs/4100?tab=runs").await;
    app.browser.wait_for(".property-list").await;
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
}
