//! The failure matrix on the job list: the page is reloaded into each fault.

use super::*;

#[tokio::test]
async fn every_failure_of_the_list_is_named_and_the_list_comes_back() {
    let app = App::start().await;
    app.sign_in(FULL_TOKEN).await;
    let jobs_url = "/jobs?project=1&release=10";
    app.open(jobs_url).await;
    app.browser.wait_for(".jobs-table").await;

    for case in matrix() {
        let label = case.label;
        app.inject(rule_on(&case, LIST)).await;
        app.reload().await;
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
                    app.browser.set_tab_hidden(true).await;
                    app.browser.set_tab_hidden(false).await;
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
