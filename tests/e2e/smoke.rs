//! The app mounts from the release build and the shell looks right.

use serde_json::json;

use crate::support::{App, FULL_TOKEN};

#[tokio::test]
async fn release_build_mounts_the_shell_without_console_errors() {
    let app = App::start().await;
    app.open("/").await;
    // Signed out, the root sends the visitor to sign in.
    app.browser.wait_for("form #token").await;
    assert!(app.current_path().await.starts_with("/sign-in"));
    app.browser
        .wait_for_title("Sign in \u{b7} Zephyr Jobs")
        .await;
    assert_eq!(app.browser.text(".brand-name").await, "Zephyr Jobs");
    assert_eq!(app.browser.text("h1").await, "Sign in to Zephyr");
    app.browser.screenshot("shell-sign-in-light").await;
    app.browser.color_scheme("dark").await;
    app.browser.screenshot("shell-sign-in-dark").await;
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
}

#[tokio::test]
async fn an_unknown_address_shows_a_real_not_found_page() {
    let app = App::start().await;
    app.open("/no/such/page").await;
    app.browser.wait_for_text("Page not found").await;
    assert!(app.browser.page_text().await.contains("/no/such/page"));
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
}

#[tokio::test]
async fn the_app_runs_under_the_strict_content_security_policy_without_violations() {
    let app = App::start().await;
    // The policy is really sent with the app's files.
    let index = reqwest::get(app.url("/jobs")).await.unwrap();
    let csp = index.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );

    // Record every violation from the first script on, on every page.
    app.browser.record_csp_violations().await;
    let violations = async || app.browser.csp_violations().await;

    app.sign_in(FULL_TOKEN).await;
    app.browser.wait_for(".jobs-table").await;
    assert_eq!(violations().await, json!([]), "jobs list");
    for path in [
        "/jobs/4100",
        "/jobs/new?project=1&release=10",
        "/jobs/4100/run",
    ] {
        app.open(path).await;
        app.browser.wait_for("h1").await;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert_eq!(violations().await, json!([]), "{path}");
    }

    // The recorder is live: an inline script is refused and reported.
    app.browser
        .eval("const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.body.appendChild(s); return 1")
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_ne!(violations().await, json!([]), "an inline script is refused");
    assert_eq!(app.browser.eval("return window.__ran || 0").await, json!(0));
}

/// On a slow link the wasm takes seconds: until it arrives the page shows the brand and a quiet
/// "Loading…" from index.html itself, styled by the stylesheets, under the strict policy. If the
/// wasm cannot start (a browser without WebAssembly SIMD, a download cut short), that line says
/// so instead of loading for ever. Once the app mounts, the shell is gone and only the app's own
/// frame is on the page.
#[tokio::test]
async fn before_the_wasm_arrives_the_page_shows_the_brand_then_only_the_app() {
    let app = App::start().await;
    app.browser.record_csp_violations().await;
    // The wasm held back (its request paused, never answered): still on its way.
    app.browser
        .cdp(
            "Fetch.enable",
            json!({ "patterns": [{ "urlPattern": "*.wasm" }] }),
        )
        .await;
    app.open("/jobs").await;
    app.browser.wait_for_text("Loading…").await;
    assert_eq!(app.browser.text(".brand-name").await, "Zephyr Jobs");
    let styled = app
        .browser
        .eval("return getComputedStyle(document.querySelector('.app-header')).position")
        .await;
    assert_eq!(
        styled,
        json!("sticky"),
        "the header is styled by the stylesheet"
    );
    assert_eq!(app.browser.csp_violations().await, json!([]));
    app.browser.cdp("Fetch.disable", json!({})).await;

    // The wasm refused: the start fails, and the shell says what to do.
    app.browser.cdp("Network.enable", json!({})).await;
    app.browser
        .cdp("Network.setBlockedURLs", json!({ "urls": ["*.wasm"] }))
        .await;
    app.browser.client.refresh().await.unwrap();
    app.browser
        .wait_for_text("Zephyr Jobs could not start")
        .await;
    // Its words, whatever the fade-in's opacity (WebDriver's text() skips a transparent element).
    let status = app
        .browser
        .eval("return document.querySelector('#boot [role=status]').textContent")
        .await;
    assert!(
        status
            .as_str()
            .is_some_and(|s| s.contains("reload the page to try again")),
        "{status}"
    );
    assert_eq!(app.browser.text(".brand-name").await, "Zephyr Jobs");
    assert_eq!(app.browser.csp_violations().await, json!([]));

    app.browser
        .cdp("Network.setBlockedURLs", json!({ "urls": [] }))
        .await;
    app.browser.client.refresh().await.unwrap();
    app.browser.wait_for("form #token").await;
    let frame = app
        .browser
        .eval(
            "return [document.getElementById('boot') === null, \
             document.querySelectorAll('.app-header').length, \
             document.querySelectorAll('main').length, \
             document.body.innerText.includes('Loading…')]",
        )
        .await;
    assert_eq!(frame, json!([true, 1, 1, false]));
    assert_eq!(app.browser.csp_violations().await, json!([]));
}
