//! Values a real server may send and no contract names (the simulator's `--odd-values`, jobs
//! 4160-4164): dates past year 9999 and before 1970 up to `i64::MAX`/`MIN`, dates as unreadable
//! text, an empty and a 10,000-character name, unknown statuses, step counts beyond reason. The
//! list, each job's page and each timeline show them honestly, nothing panics, and the app
//! still answers afterwards.

use serde_json::Value;
use zephyr_sim::SimConfig;

use crate::job_page::{assert_no_horizontal_overflow, wait_for_path};
use crate::support::{sim_config, App, FULL_TOKEN};

const LONG_NAME_START: &str = "Odd values: a name of ten thousand characters";

async fn odd_app() -> App {
    let app = App::start_with(SimConfig {
        odd_values: true,
        ..sim_config()
    })
    .await;
    app.sign_in(FULL_TOKEN).await;
    app
}

/// The page says all of `needles` (waiting for the first), and nothing has panicked.
async fn assert_shows(app: &App, page: &str, needles: &[&str]) {
    app.browser.wait_for_text(needles[0]).await;
    let text = app.browser.page_text().await;
    for needle in needles {
        assert!(
            text.contains(needle),
            "{page}: {needle:?} not shown in\n{text}"
        );
    }
    assert_no_panic(app, page).await;
}

async fn assert_no_panic(app: &App, page: &str) {
    let errors = app.browser.console_errors().await;
    assert_eq!(errors, Vec::<String>::new(), "{page}");
}

#[tokio::test]
async fn odd_server_values_show_on_the_list_the_job_pages_and_the_timelines() {
    let app = odd_app().await;

    app.open("/jobs?project=1&release=10").await;
    app.browser
        .wait_for(".jobs-table tr[data-job-id='4164']")
        .await;
    assert_shows(
        &app,
        "list",
        &[
            "Unnamed job #4160",
            LONG_NAME_START,
            "Statut inconnu \u{2014} ÉCHOUÉ",
            "Paused",
            "ÉCHOUÉ",
            "unknown date (year 10000)",
            "unknown date (year -292275055)",
            "1970-01-01",
            "1969-12-31",
        ],
    )
    .await;
    assert_no_horizontal_overflow(&app).await;

    for (id, needles) in [
        (
            4160,
            &["Unnamed job #4160", "unknown date (year 292278994)"][..],
        ),
        (
            4161,
            &[LONG_NAME_START, "unknown date (year -292275055)"][..],
        ),
        (4162, &["Statut inconnu", "1900-01-01", "1969-12-31"][..]),
        (
            4163,
            &["Odd dates, failed run", "1970-01-01", "1900-01-01"][..],
        ),
        (
            4164,
            &[
                "Odd dates as text, completed run",
                "unknown date (year 10000)",
            ][..],
        ),
    ] {
        let page = format!("/jobs/{id}");
        app.open(&page).await;
        app.browser.wait_for(".property-list").await;
        assert_shows(&app, &page, needles).await;
        let job_id = app
            .browser
            .eval("return [...document.querySelectorAll('.property-list dd')].pop().textContent")
            .await;
        assert_eq!(job_id, Value::from(id.to_string()), "{page}");
        assert_no_horizontal_overflow(&app).await;
    }

    for (id, steps) in [
        (4160, "3 of 3 steps done"),
        (4161, "No steps yet"),
        (4162, "4294967295 of 4294967295 steps done"),
        (4163, "No steps yet"),
        (4164, "2 of 2 steps done"),
    ] {
        let page = format!("/jobs/{id}/run");
        app.open(&page).await;
        app.browser.wait_for(".timeline-item").await;
        assert_eq!(app.browser.text(".run-steps").await, steps, "{page}");
        let fill = app
            .browser
            .eval("return parseFloat(document.querySelector('.run-bar-fill').style.width || '0')")
            .await;
        assert!(
            fill.as_f64().is_some_and(|w| (0.0..=100.0).contains(&w)),
            "{page}: bar at {fill}%"
        );
        assert_no_panic(&app, &page).await;
    }
    // The failed run's schedule (i64::MIN) and end (i64::MAX) make no total: none is shown.
    app.open("/jobs/4163/run").await;
    app.browser.wait_for(".run-outcome").await;
    assert!(!app.browser.page_text().await.contains("Total "));
    assert_shows(&app, "failed run", &["unknown date (year 292278994)"]).await;

    // The app still answers: the header's link leads back to a working list.
    app.browser.click(".app-nav a").await;
    wait_for_path(&app, |p| p.starts_with("/jobs?") || p == "/jobs").await;
    app.browser
        .wait_for(".jobs-table tr[data-job-id='4100']")
        .await;
    assert_no_panic(&app, "back on the list").await;
}
