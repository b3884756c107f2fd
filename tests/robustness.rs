//! Property tests: no value a server sends can make the app panic. Arbitrary JSON in every field
//! of a job, a run and a progress answer goes through decoding and then through every function
//! that turns server data into text (dates, relative times, durations, step counts, progress
//! percentages, labels, names, search and sort); arbitrary `i64` dates and clocks, numeric and
//! date-like strings, empty and 10,000-character strings and any Unicode through the date and
//! status parsers; arbitrary raw answers through the one response interpreter; and arbitrary
//! resolved `next` links through the sign-in redirect rule. The release build aborts on a panic,
//! so each of these would have frozen the page.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use serde_json::{json, Map, Value};
use zephyr_jobs::api::error::{interpret, RawResponse};
use zephyr_jobs::api::{answers, decode, Job, ListJob, Progress, Run, RunState, User};
use zephyr_jobs::components::run_jobs::{plan, report};
use zephyr_jobs::components::run_timeline::{percent, steps_done, steps_text};
use zephyr_jobs::components::status_badge::{icon_for, is_live};
use zephyr_jobs::crash::scrub;
use zephyr_jobs::dates;
use zephyr_jobs::job_query::{page_count, select, IndexedJob, JobQuery, SortKey};
use zephyr_jobs::pages::sign_in::{app_target, ResolvedNext};
use zephyr_jobs::poller::{is_finished, is_stalled, merge, outcome_of, total_duration_ms};

fn config() -> ProptestConfig {
    // Enough to meet every kind of value several times, few enough to run in seconds.
    ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Text a server may send: any Unicode, numbers as text, dates in the forms `decode` reads (with
/// impossible parts), empty, blank and very long.
fn server_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\PC{0,40}",
        any::<i64>().prop_map(|n| n.to_string()),
        any::<i128>().prop_map(|n| format!(" {n} ")),
        (any::<i32>(), any::<i32>(), any::<i64>()).prop_map(|(m, d, y)| format!("{m}/{d}/{y}")),
        (any::<i64>(), any::<i16>(), any::<i16>()).prop_map(|(y, m, d)| format!("{y}-{m}-{d}")),
        Just(String::new()),
        Just("   ".to_string()),
        Just("x".repeat(10_000)),
        Just("é".repeat(10_000)),
        prop::sample::select(vec![
            "Paused",
            "ÉCHOUÉ",
            "in-progress",
            "NEW",
            "\u{202e}",
            "null"
        ])
        .prop_map(str::to_string),
    ]
}

/// Any JSON a field may hold, nested a little.
fn server_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop::sample::select(vec![
            i64::MIN,
            i64::MAX,
            0,
            -1,
            253_402_300_800_000,
            u32::MAX.into()
        ])
        .prop_map(Value::from),
        server_text().prop_map(Value::String),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::vec(("\\PC{0,8}", inner), 0..3)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

const JOB_FIELDS: [&str; 23] = [
    "id",
    "jobName",
    "jobDescription",
    "projectId",
    "releaseId",
    "automationFramework",
    "cycleName",
    "isReuse",
    "timeStamp",
    "cycleStartDateStr",
    "cycleEndDateStr",
    "phaseName",
    "jobDetailTcrCatalogTreeId",
    "testRepositoryPath",
    "createPackage",
    "assignResultsTo",
    "environment",
    "status",
    "createdBy",
    "jobCrationDate",
    "jobModifyDate",
    "jobScheduleDate",
    "automatedFramework",
];

const PROGRESS_FIELDS: [&str; 12] = [
    "id",
    "jobId",
    "status",
    "jobScheduleDate",
    "startTime",
    "endTime",
    "completedSteps",
    "totalSteps",
    "stepLabel",
    "stepMessage",
    "summaryMessage",
    "cycleId",
];

/// An object with each named field absent or holding any value; the id is usually a number so
/// that most objects decode and reach the formatting functions.
fn object_of(fields: &'static [&'static str]) -> impl Strategy<Value = Value> {
    (
        prop::collection::vec(prop::option::of(server_value()), fields.len()),
        prop::option::of(any::<i64>()),
    )
        .prop_map(move |(values, id)| {
            let mut object: Map<String, Value> = fields
                .iter()
                .zip(values)
                .filter_map(|(k, v)| v.map(|v| (k.to_string(), v)))
                .collect();
            if let Some(id) = id {
                object.insert("id".into(), json!(id));
            }
            Value::Object(object)
        })
}

/// Everything the app shows of a job, as the list and the job page compute it.
fn show_job(job: &Job, now: i64) {
    let _ = job.display_name();
    for ms in [job.created_at, job.modified_at, job.scheduled_at]
        .into_iter()
        .flatten()
    {
        show_date(ms, now);
    }
    show_state(&job.status);
    let _ = is_live(&job.status, job.scheduled_at);
    let _ = dates::us_to_iso(&job.input.cycle_start_date_str);
    let _ = dates::us_to_iso(&job.input.cycle_end_date_str);
}

fn show_date(ms: i64, now: i64) {
    let _ = dates::relative(ms, now);
    let _ = dates::epoch_ms_to_iso(ms);
    let _ = dates::date_text(ms);
    let _ = dates::duration(ms);
    let _ = dates::duration(now.wrapping_sub(ms));
}

fn show_state(state: &RunState) {
    let _ = (
        state.label(),
        state.key(),
        icon_for(state),
        state.is_terminal(),
    );
}

/// Everything the timeline and the run summary compute from a progress answer.
fn show_progress(p: &Progress, now: i64) {
    show_state(&p.status);
    let _ = (is_finished(p), outcome_of(&Ok(p.clone())));
    if let Some((done, total)) = steps_done(p) {
        let fill = percent(done, total);
        assert!(fill <= 100, "{done} of {total} fills {fill}%");
    }
    let _ = steps_text(p.completed_steps, p.total_steps);
    let once = merge(&Default::default(), p, now);
    let twice = merge(&once, p, now.saturating_add(2_000));
    let _ = is_stalled(&twice, now);
    if let Some(ms) = total_duration_ms(Some(p), &twice) {
        assert!(ms >= 0);
        let _ = dates::duration(ms);
    }
    let mut previous = None;
    for entry in &twice.entries {
        show_date(entry.at_ms, now);
        if let Some(prev) = previous {
            let _ = dates::duration(i64::saturating_sub(entry.at_ms, prev));
        }
        previous = Some(entry.at_ms);
        let _ = steps_text(entry.completed_steps, entry.total_steps);
        show_state(&entry.state());
    }
    for ms in [p.scheduled_at, p.start_time, p.end_time]
        .into_iter()
        .flatten()
    {
        show_date(ms, now);
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_instant_and_clock_give_a_date_text(ms in any::<i64>(), now in any::<i64>()) {
        show_date(ms, now);
        let iso = dates::epoch_ms_to_iso(ms);
        prop_assert!(iso.is_empty() || iso.len() == 20, "{iso}");
        let text = dates::relative(ms, now);
        prop_assert!(!text.is_empty());
    }

    #[test]
    fn any_text_goes_through_the_date_and_status_parsers(text in server_text()) {
        let _ = dates::parse_us_date(&text);
        let _ = dates::parse_iso_date(&text);
        let _ = dates::us_to_iso(&text);
        let _ = dates::iso_to_us(&text);
        let _ = decode::parse_date_text(&text);
        show_state(&RunState::from_raw(&text));
        let _ = scrub(&text, Some("f1d2d2f924e986ac86fdf7b36c94bcdf32beec15"));
        let _ = JobQuery::from_params(|_| Some(text.clone()));
    }

    #[test]
    fn any_job_decodes_or_fails_cleanly_and_shows(
        objects in prop::collection::vec(object_of(&JOB_FIELDS), 1..4),
        now in any::<i64>(),
        search in server_text(),
        sort in prop::sample::select(SortKey::ALL.to_vec()),
        descending in any::<bool>(),
    ) {
        let jobs: Vec<Job> = objects
            .iter()
            .filter_map(|o| serde_json::from_value::<Job>(o.clone()).ok())
            .collect();
        for job in &jobs {
            show_job(job, now);
        }
        // The list reads its columns alone: whatever reads as a job reads as the same row.
        let listed: Vec<ListJob> = objects
            .iter()
            .filter_map(|o| serde_json::from_value::<ListJob>(o.clone()).ok())
            .collect();
        for o in &objects {
            if let Ok(job) = serde_json::from_value::<Job>(o.clone()) {
                let row = serde_json::from_value::<ListJob>(o.clone());
                prop_assert_eq!(row.ok(), Some(ListJob::from(&job)));
            }
        }
        let indexed: Vec<IndexedJob> = listed.into_iter().map(IndexedJob::new).collect();
        let query = JobQuery { search, sort, descending, ..JobQuery::default() };
        let shown = select(&indexed, &query);
        prop_assert!(shown.iter().all(|&i| i < indexed.len()));
        let _ = page_count(shown.len());
        let known: Vec<_> = jobs.iter().map(|j| (j.id, j.display_name(), j.status.clone())).collect();
        let planned = plan(&known);
        let _ = report(&known, &planned, None, false);
        // The list as one answer, bare and wrapped, through the response interpreter.
        let body = Value::Array(objects).to_string();
        let _ = interpret::<decode::ListOf<Job>>(&RawResponse { status: 200, content_type: None, retry_after: None, body: &body });
        let wrapped = format!("{{\"results\": {body}}}");
        let _ = interpret::<decode::ListOf<Job>>(&RawResponse { status: 200, content_type: None, retry_after: None, body: &wrapped });
    }

    #[test]
    fn any_progress_decodes_or_fails_cleanly_and_shows(
        object in object_of(&PROGRESS_FIELDS),
        now in any::<i64>(),
    ) {
        if let Ok(p) = serde_json::from_value::<Progress>(object) {
            show_progress(&p, now);
        }
    }

    #[test]
    fn any_run_or_user_decodes_or_fails_cleanly_and_shows(
        run in object_of(&PROGRESS_FIELDS),
        user in object_of(&["id", "username", "firstName", "lastName", "email"]),
        job in any::<i64>(),
    ) {
        if let Ok(run) = serde_json::from_value::<Run>(run) {
            show_state(&run.status);
            let known = vec![(job, "A job".to_string(), RunState::Completed)];
            let _ = report(&known, &plan(&known), Some(Ok(vec![run.clone()])), false);
            let _ = report(&known, &plan(&known), Some(Ok(vec![run])), true);
        }
        if let Ok(user) = serde_json::from_value::<User>(user) {
            prop_assert!(!user.display_name().is_empty());
        }
    }

    #[test]
    fn any_raw_answer_is_interpreted_without_panicking(
        status in any::<u16>(),
        body in prop_oneof![server_text(), server_value().prop_map(|v| v.to_string())],
        content_type in prop::option::of(server_text()),
        retry_after in prop::option::of(server_text()),
    ) {
        let raw = RawResponse {
            status,
            content_type: content_type.as_deref(),
            retry_after: retry_after.as_deref(),
            body: &body,
        };
        if let Err(e) = interpret::<Progress>(&raw) {
            let _ = (e.to_string(), e.is_transient(), e.retry_after_secs());
        }
        let _ = interpret::<decode::ListOf<Job>>(&raw);
        let _ = interpret::<bool>(&raw);
        // Every write's answer, read by shape: a 2xx in any form is a result, never a panic.
        if let Ok(answer) = answers::interpret_write(&raw) {
            let _ = answers::read_runs(answer.clone());
            let _ = answers::read_job_run(answer.clone());
            let _ = answers::read_saved(answer.clone());
            let _ = answers::read_deleted(answer.clone());
            let _ = answers::read_cancelled(answer);
        }
    }

    #[test]
    fn a_followed_next_link_is_always_an_unambiguous_app_path(
        pathname in prop_oneof![server_text(), "/[a-z%/\\\\.0-9A-F]{0,24}"],
        search in server_text(),
        hash in server_text(),
        base in prop::sample::select(vec!["", "/automation"]),
    ) {
        let here = "http://127.0.0.1:8787";
        let next = ResolvedNext { origin: here, pathname: &pathname, search: &search, hash: &hash };
        if let Some(path) = app_target(&next, here, base) {
            // The router reads the part before the query: one path of this app, nothing else.
            let route = path.split(['?', '#']).next().unwrap_or_default();
            prop_assert!(route.starts_with('/') && !route.starts_with("//"), "{path}");
            prop_assert!(!route.contains('\\') && !route.split('/').any(|s| s == ".."), "{path}");
        }
    }
}
