//! The failure matrix on the run timeline's poll of a run that stays in progress.

use super::*;

const PROGRESS: &str = "get-latest-job-progress";

#[tokio::test]
async fn every_failure_of_the_poll_is_named_and_polling_resumes() {
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
                    app.browser.set_tab_hidden(true).await;
                    app.browser.set_tab_hidden(false).await;
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
        // The timeline stays (after a new sign-in it is the run's, read again by the next poll).
        app.browser.wait_for(".timeline-item").await;
        assert_eq!(app.current_path().await, run_url, "[{label}] same page");
        assert_no_panic(&app, label).await;
    }
}
