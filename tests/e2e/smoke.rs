//! The app mounts from the release build and the shell looks right.

use crate::support::App;

#[tokio::test]
async fn release_build_mounts_the_shell_without_console_errors() {
    let app = App::start().await;
    app.open("/").await;
    // Signed out, the root sends the visitor to sign in.
    app.browser.wait_for("form #token").await;
    assert!(app.current_path().await.starts_with("/sign-in"));
    assert_eq!(app.browser.client.title().await.unwrap(), "Zephyr Jobs");
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
