//! The job list: scope pickers, sort, search and filters in the URL, selection, bulk delete,
//! empty states, and server strings shown as text.

use serde_json::json;

use crate::support::{eventually, App, FULL_TOKEN};

async fn row_names(app: &App) -> Vec<String> {
    let names = app
        .browser
        .eval("return [...document.querySelectorAll('.jobs-table tbody .cell-name')].map(e => e.innerText)")
        .await;
    serde_json::from_value(names).unwrap_or_default()
}

/// Each row's whole text, lowercased: what a search can match.
async fn row_texts(app: &App) -> Vec<String> {
    let rows = app
        .browser
        .eval("return [...document.querySelectorAll('.jobs-table tbody tr')].map(e => e.innerText.toLowerCase())")
        .await;
    serde_json::from_value(rows).unwrap_or_default()
}

#[tokio::test]
async fn list_choosing_project_and_release_updates_the_url_and_rows() {
    let app = App::start().await;
    app.sign_in(FULL_TOKEN).await;
    app.browser.wait_for(".jobs-table").await;
    assert!(row_names(&app)
        .await
        .iter()
        .any(|n| n == "Nightly API regression"));

    let project = app.browser.find("select[aria-label=Project]").await;
    project.select_by_value("2").await.unwrap();
    app.browser.wait_for_text("Mobile Banking").await;
    let within = std::time::Duration::from_secs(10);
    eventually(within, "the URL follows the project", async || {
        let path = app.current_path().await;
        path.starts_with("/jobs?project=2")
            .then_some(())
            .ok_or(path)
    })
    .await;
    // The old rows stay while the new ones load; wait for the switch.
    eventually(within, "the rows follow the project", async || {
        let names = row_names(&app).await;
        (!names.iter().any(|n| n == "Nightly API regression"))
            .then_some(())
            .ok_or(format!("{names:?}"))
    })
    .await;
    assert!(!row_names(&app).await.is_empty(), "project 2 has jobs");
}

#[tokio::test]
async fn list_sort_search_and_filters_live_in_the_url_and_reopen_identically() {
    let app = App::start().await;
    app.sign_in(FULL_TOKEN).await;
    app.open("/jobs?project=1&release=10").await;
    app.browser.wait_for(".jobs-table").await;
    let all = row_names(&app).await;
    assert!(all.len() >= 6, "seeded jobs shown: {all:?}");

    // The list starts sorted by name, ascending; one click on the header flips it.
    assert!(app
        .browser
        .find("th.col-name[aria-sort=ascending]")
        .await
        .is_displayed()
        .await
        .unwrap());
    app.browser.click("th.col-name .sort-button").await;
    app.browser
        .wait_for("th.col-name[aria-sort=descending]")
        .await;
    let desc = row_names(&app).await;
    let mut expected = desc.clone();
    expected.sort_by_key(|n| std::cmp::Reverse(n.to_lowercase()));
    assert_eq!(desc, expected, "rows sorted by name, descending");

    app.browser.fill("input[type=search]", "regression").await;
    app.browser.wait_for_text("jobs match").await;
    let found = row_texts(&app).await;
    assert!(!found.is_empty() && found.len() < all.len(), "{found:?}");
    assert!(
        found.iter().all(|row| row.contains("regression")),
        "every row matches somewhere: {found:?}"
    );

    app.browser
        .find(".filter-bar select")
        .await
        .select_by_value("completed")
        .await
        .unwrap();
    app.browser.wait_for_text("jobs match").await;
    let url = eventually(
        std::time::Duration::from_secs(15),
        "the URL takes the search and filter",
        async || {
            let url = app.current_path().await;
            let all_there = url.contains("q=regression")
                && url.contains("status=completed")
                && url.contains("dir=desc");
            if all_there {
                Ok(url)
            } else {
                Err(url)
            }
        },
    )
    .await;
    let filtered = row_names(&app).await;

    // The same URL in a fresh page shows the same view.
    app.open(&url).await;
    app.browser.wait_for(".jobs-table").await;
    assert_eq!(row_names(&app).await, filtered);
    let search = app.browser.find("input[type=search]").await;
    assert_eq!(
        search.prop("value").await.unwrap().unwrap_or_default(),
        "regression"
    );

    // No match: its own empty state, and a way out.
    app.browser
        .fill("input[type=search]", "no job is called this")
        .await;
    app.browser.wait_for_text("No job matches").await;
    app.browser.click(".empty-state button").await;
    app.browser.wait_for(".jobs-table").await;
    assert_eq!(row_names(&app).await.len(), all.len());
}

/// The URL takes a typed search once typing pauses; the rows on screen are already the
/// answer, so writing the URL must not rebuild them (it did: the list drew the old URL's search
/// for a moment, then the new one, building and laying out every row twice).
#[tokio::test]
async fn list_writes_a_typed_search_to_the_url_without_redrawing_the_rows() {
    let app = App::start().await;
    app.sign_in(FULL_TOKEN).await;
    app.open("/jobs?project=1&release=10").await;
    app.browser.wait_for(".jobs-table tbody tr").await;
    app.browser
        .eval(
            "window.__redrawnWithSearchInUrl = 0;
             new MutationObserver(records => {
               if (records.some(r => (r.target.nodeType === 1 ? r.target : r.target.parentElement).closest('tbody'))
                   && location.search.includes('q=')) window.__redrawnWithSearchInUrl += 1;
             }).observe(document.body, { subtree: true, childList: true, characterData: true });
             return 0",
        )
        .await;
    app.browser.fill("input[type=search]", "regression").await;
    app.browser.wait_for_text("jobs match").await;
    eventually(
        std::time::Duration::from_secs(15),
        "the URL takes the search",
        async || {
            let url = app.current_path().await;
            if url.contains("q=regression") {
                Ok(())
            } else {
                Err(url)
            }
        },
    )
    .await;
    // Observer records are delivered in the task that wrote the URL, before WebDriver sees it.
    let redrawn = app
        .browser
        .eval("return window.__redrawnWithSearchInUrl")
        .await;
    assert_eq!(
        redrawn,
        json!(0),
        "rows rebuilt after the URL took the search"
    );
    let rows = row_texts(&app).await;
    assert!(
        !rows.is_empty() && rows.iter().all(|row| row.contains("regression")),
        "the rows still answer the search: {rows:?}"
    );
}

#[tokio::test]
async fn list_shows_hostile_names_as_text() {
    let app = App::start().await;
    app.sign_in(FULL_TOKEN).await;
    app.open("/jobs?project=1&release=10").await;
    app.browser.wait_for(".jobs-table").await;
    let text = app.browser.page_text().await;
    assert!(
        text.contains("Checkout <script>alert(1)</script> & \"refunds\""),
        "{text}"
    );
    let injected = app
        .browser
        .eval("return document.querySelectorAll('tbody script').length")
        .await;
    assert_eq!(injected, json!(0));
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
}

#[tokio::test]
async fn list_deletes_one_and_many_and_refusals_bring_rows_back() {
    let app = App::start().await;
    app.sign_in(FULL_TOKEN).await;
    app.open("/jobs?project=1&release=10&sort=name").await;
    app.browser.wait_for(".jobs-table").await;
    let before = row_names(&app).await;

    // A refused delete: the rows come back with the server's reason.
    app.inject(json!({ "path": "job/delete", "kind": "status", "status": 500, "count": 1 }))
        .await;
    app.browser
        .click("tbody tr:nth-child(1) input[type=checkbox]")
        .await;
    app.browser.click(".bulk-actions .button-danger").await;
    app.browser.wait_for(".dialog").await;
    assert!(
        app.browser.text(".dialog").await.contains(&before[0]),
        "the dialog names the job"
    );
    app.browser.click(".dialog .button-danger").await;
    app.browser.wait_for_text("The jobs were not deleted").await;
    assert_eq!(row_names(&app).await, before, "refused: rows back");

    // Shift-click selects a range of three; delete them.
    app.browser
        .click("tbody tr:nth-child(1) input[type=checkbox]")
        .await;
    app.browser
        .eval("const b = document.querySelectorAll('tbody input[type=checkbox]')[2]; b.dispatchEvent(new MouseEvent('click', {bubbles: true, shiftKey: true}));")
        .await;
    app.browser.wait_for_text("3 selected").await;
    app.browser.click(".bulk-actions .button-danger").await;
    app.browser.click(".dialog .button-danger").await;
    app.browser.wait_for_text("Deleted 3 jobs.").await;
    let after = row_names(&app).await;
    assert_eq!(after, before[3..].to_vec());

    // Gone on the server too: a reload agrees.
    app.reload().await;
    app.browser.wait_for(".jobs-table").await;
    assert_eq!(row_names(&app).await, before[3..].to_vec());
}

#[tokio::test]
async fn list_runs_three_selected_jobs_and_reports_each_one_refused() {
    let app = App::start().await;
    app.sign_in(FULL_TOKEN).await;
    app.open("/jobs?project=1&release=10").await;
    app.browser.wait_for(".jobs-table").await;
    // 4100 completed and 4101 failed can run; 4102 is still in progress.
    for id in [4100, 4101, 4102] {
        app.browser
            .click(&format!("tr[data-job-id='{id}'] input[type=checkbox]"))
            .await;
    }
    app.browser.wait_for_text("3 selected").await;
    app.browser.click(".bulk-actions .run-jobs-button").await;
    app.browser.wait_for_text("Started 2 of 3 jobs.").await;
    let results = app.browser.text(".run-results-list").await;
    assert_eq!(
        app.browser
            .eval("return document.querySelectorAll('.run-result').length")
            .await,
        json!(3),
        "{results}"
    );
    for id in [4100, 4101] {
        let row = app
            .browser
            .text(&format!(".run-result[data-job='{id}']"))
            .await;
        assert!(row.contains("started"), "{id}: {row}");
    }
    let busy = app.browser.text(".run-result[data-job='4102']").await;
    assert!(busy.contains("Already running"), "{busy}");

    // One execute-job request carried the two runnable jobs.
    let runs: Vec<_> = app
        .requests()
        .await
        .into_iter()
        .filter(|r| {
            r["path"]
                .as_str()
                .unwrap_or_default()
                .ends_with("execute-job")
        })
        .collect();
    assert_eq!(runs.len(), 1, "{runs:?}");
    app.browser.click(".run-result[data-job='4100'] a").await;
    app.browser.wait_for_text("Run #").await;
    assert!(app.current_path().await.starts_with("/jobs/4100/run"));
}

#[tokio::test]
async fn list_rows_of_running_jobs_follow_the_run_live() {
    let app = App::start_with(zephyr_sim::SimConfig {
        speed: 6.0,
        ..crate::support::sim_config()
    })
    .await;
    app.sign_in(FULL_TOKEN).await;
    app.open("/jobs?project=1&release=10").await;
    app.browser.wait_for(".jobs-table").await;
    app.browser
        .click("tr[data-job-id='4100'] input[type=checkbox]")
        .await;
    app.browser.click(".bulk-actions .run-jobs-button").await;
    app.browser.wait_for_text("The run started.").await;
    // Without a reload, the row's badge walks the run to its end.
    eventually(
        std::time::Duration::from_secs(30),
        "the row's badge never reached the end of the run",
        async || {
            let badge = app.browser.text("tr[data-job-id='4100'] .badge").await;
            (badge.ends_with("Completed") || badge.ends_with("Failed"))
                .then_some(())
                .ok_or(badge)
        },
    )
    .await;
    let polls = app
        .requests()
        .await
        .into_iter()
        .filter(|r| r["query"].as_str() == Some("jobid=4100"))
        .count();
    assert!(polls >= 1, "the row was followed through the poller");
    // Rows of finished jobs are not polled.
    let others = app
        .requests()
        .await
        .into_iter()
        .filter(|r| r["query"].as_str() == Some("jobid=4106"))
        .count();
    assert_eq!(others, 0);
}

/// The pager's buttons walk the pages and say where the list is. (Its Next button was parsed
/// wrongly by the view macro, `>=` closing the tag: always disabled, with code for a label.)
#[tokio::test]
async fn list_pages_forward_and_back_with_the_pager_buttons() {
    let app = App::start_with(zephyr_sim::SimConfig {
        extra_jobs: 70,
        ..crate::support::sim_config()
    })
    .await;
    app.sign_in(FULL_TOKEN).await;
    app.open("/jobs?project=1&release=10").await;
    app.browser.wait_for_text("Page 1 of 2").await;
    let buttons = async || {
        let state = app
            .browser
            .eval("return [...document.querySelectorAll('.pager button')].map(b => [b.textContent, b.disabled])")
            .await;
        serde_json::from_value::<Vec<(String, bool)>>(state).unwrap()
    };
    let first_page = row_names(&app).await;
    assert_eq!(first_page.len(), 50);
    assert_eq!(
        buttons().await,
        [("Previous".to_string(), true), ("Next".to_string(), false)]
    );

    app.browser.click(".pager button:last-of-type").await;
    app.browser.wait_for_text("Page 2 of 2").await;
    let within = std::time::Duration::from_secs(10);
    eventually(within, "the URL names page 2", async || {
        let path = app.current_path().await;
        path.contains("page=2").then_some(()).ok_or(path)
    })
    .await;
    let second_page = row_names(&app).await;
    assert!(
        !second_page.is_empty() && second_page.len() < 50,
        "{second_page:?}"
    );
    assert!(
        second_page.iter().all(|n| !first_page.contains(n)),
        "page 2 has its own rows"
    );
    assert_eq!(
        buttons().await,
        [("Previous".to_string(), false), ("Next".to_string(), true)]
    );

    app.browser.click(".pager button:first-of-type").await;
    app.browser.wait_for_text("Page 1 of 2").await;
    assert_eq!(row_names(&app).await, first_page);
}
