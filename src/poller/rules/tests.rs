//! The poller's rules, checked natively: backoff, what stops polling, and timeline merging.

use super::*;

fn progress(id: Option<i64>, status: &str, done: u32, label: Option<&str>) -> Progress {
    Progress {
        id,
        job_id: Some(4104),
        status: RunState::from_raw(status),
        scheduled_at: Some(1_000),
        start_time: None,
        end_time: None,
        completed_steps: Some(done),
        total_steps: Some(4),
        step_label: label.map(str::to_string),
        step_message: None,
        summary_message: None,
        cycle_id: None,
    }
}

#[test]
fn an_active_run_is_asked_about_every_two_seconds_and_a_finished_one_not_at_all() {
    let running = Outcome::Progress { terminal: false };
    assert_eq!(next_delay_ms(running, 0, 0.7), Some(ACTIVE_INTERVAL_MS));
    assert_eq!(
        next_delay_ms(Outcome::Progress { terminal: true }, 0, 0.7),
        None
    );
    assert_eq!(next_delay_ms(Outcome::Fatal, 0, 0.7), None);
}

#[test]
fn failures_back_off_exponentially_with_jitter_up_to_the_cap() {
    let err = Outcome::Retryable {
        retry_after_secs: None,
    };
    let top: Vec<_> = (1..=7)
        .map(|n| next_delay_ms(err, n, 0.999_999).unwrap())
        .collect();
    assert_eq!(top, [1_999, 3_999, 7_999, 15_999, 29_999, 29_999, 29_999]);
    for n in 1..=7 {
        assert_eq!(next_delay_ms(err, n, 0.0), Some(BACKOFF_FLOOR_MS));
    }
    assert!(next_delay_ms(err, 1000, 0.5).unwrap() <= BACKOFF_CAP_MS);
}

#[test]
fn retry_after_is_honoured_even_beyond_the_cap() {
    let limited = |s| Outcome::Retryable {
        retry_after_secs: Some(s),
    };
    assert_eq!(next_delay_ms(limited(5), 1, 0.0), Some(5_000));
    assert_eq!(next_delay_ms(limited(90), 3, 0.9), Some(90_000));
    assert_eq!(next_delay_ms(limited(1), 3, 0.999_999), Some(7_999));
}

#[test]
fn errors_are_sorted_into_retry_or_stop() {
    let retry = |e: ApiError| outcome_of(&Err(e));
    assert_eq!(
        retry(ApiError::RateLimited {
            retry_after_secs: Some(2)
        }),
        Outcome::Retryable {
            retry_after_secs: Some(2)
        }
    );
    assert!(matches!(
        retry(ApiError::Network),
        Outcome::Retryable { .. }
    ));
    assert!(matches!(
        retry(ApiError::Server {
            status: 500,
            message: None
        }),
        Outcome::Retryable { .. }
    ));
    assert!(matches!(
        retry(ApiError::Undecodable(crate::api::Undecodable::Html)),
        Outcome::Retryable { .. }
    ));
    assert!(matches!(
        retry(ApiError::Undecodable(crate::api::Undecodable::Empty)),
        Outcome::Retryable { .. }
    ));
    assert_eq!(retry(ApiError::Unauthorized), Outcome::Fatal);
    // Refusals that asking again cannot change wait for the user.
    assert_eq!(retry(ApiError::Forbidden { message: None }), Outcome::Fatal);
    assert_eq!(retry(ApiError::NotFound), Outcome::Fatal);
    let bad = ApiError::BadRequest {
        message: "job 9 does not exist".into(),
        code: None,
    };
    assert_eq!(retry(bad), Outcome::Fatal);
}

#[test]
fn terminal_states_and_never_run_jobs_end_polling_but_unknown_statuses_do_not() {
    assert!(is_finished(&progress(Some(1), "completed", 4, None)));
    assert!(is_finished(&progress(Some(1), "Cancelled", 2, None)));
    assert!(is_finished(&progress(None, "new", 0, None)));
    assert!(!is_finished(&progress(Some(1), "new", 0, None)));
    assert!(!is_finished(&progress(Some(1), "Paused-By-Agent", 1, None)));
}

#[test]
fn hidden_or_paused_tabs_send_nothing_until_asked() {
    assert!(should_send(10, Some(5), false, false, false));
    assert!(!should_send(4, Some(5), false, false, false));
    assert!(!should_send(10, Some(5), false, true, false));
    assert!(!should_send(10, Some(5), false, false, true));
    assert!(!should_send(10, None, false, false, false));
    assert!(should_send(10, None, true, true, true));
}

#[test]
fn timers_run_only_while_a_request_is_due() {
    // Due later: wake when it falls due or when the shown second turns, whichever is first.
    assert_eq!(
        next_wake(10_200, Some(12_000), false, false, false),
        Wake::After(800)
    );
    assert_eq!(
        next_wake(10_000, Some(10_300), false, false, false),
        Wake::After(300)
    );
    assert_eq!(
        next_wake(12_000, Some(12_000), false, false, false),
        Wake::Now
    );
    // A finished run, a refusal, a hidden tab, paused updates: nothing is due, no timer at all.
    assert_eq!(next_wake(10_000, None, false, false, false), Wake::Idle);
    assert_eq!(
        next_wake(10_000, Some(9_000), false, true, false),
        Wake::Idle
    );
    assert_eq!(
        next_wake(10_000, Some(9_000), false, false, true),
        Wake::Idle
    );
    // A refresh goes out whatever the state.
    assert_eq!(next_wake(10_000, None, true, true, true), Wake::Now);
    // Clocks before 1970 still tick forward.
    assert_eq!(
        next_wake(-1_200, Some(5_000), false, false, false),
        Wake::After(200)
    );
}

#[test]
fn a_finished_run_leaves_nothing_due() {
    let done = Outcome::Progress { terminal: true };
    assert_eq!(next_delay_ms(done, 0, 0.5), None);
    assert_eq!(next_wake(10_000, None, false, false, false), Wake::Idle);
}

#[test]
fn the_timeline_records_each_new_state_and_step_once() {
    let mut t = Timeline::default();
    t = merge(&t, &progress(Some(7), "new", 0, None), 1_500);
    t = merge(&t, &progress(Some(7), "new", 0, None), 3_500);
    t = merge(&t, &progress(Some(7), "Waiting", 0, None), 5_500);
    let mut p = progress(Some(7), "in-progress", 1, Some("Parsing results"));
    p.step_message = Some("10 of 20 test cases".into());
    t = merge(&t, &p, 7_500);
    p.step_message = Some("15 of 20 test cases".into());
    t = merge(&t, &p, 9_500);
    let states: Vec<_> = t.entries.iter().map(|e| e.status.as_str()).collect();
    assert_eq!(states, ["New", "Waiting", "Running"]);
    // The server's schedule time stands for "new"; the rest are observation times.
    let times: Vec<_> = t.entries.iter().map(|e| e.at_ms).collect();
    assert_eq!(times, [1_000, 5_500, 7_500]);
    assert_eq!(
        t.entries[2].step_message.as_deref(),
        Some("15 of 20 test cases")
    );
    assert_eq!(t.last_change_ms, Some(9_500));

    let mut done = progress(Some(7), "completed", 4, None);
    done.end_time = Some(10_200);
    t = merge(&t, &done, 11_000);
    assert_eq!(t.entries.last().unwrap().at_ms, 10_200);
    // A terminal entry is final.
    let after = merge(&t, &progress(Some(7), "in-progress", 3, None), 12_000);
    assert_eq!(after, t);
    assert_eq!(total_duration_ms(Some(&done), &t), Some(9_200));
}

#[test]
fn a_new_run_starts_a_new_timeline_and_unknown_statuses_keep_their_spelling() {
    let t = merge(
        &Timeline::default(),
        &progress(Some(7), "completed", 4, None),
        5_000,
    );
    let t = merge(&t, &progress(Some(8), "Paused-By-Agent", 0, None), 6_000);
    assert_eq!(t.run_id, Some(8));
    assert_eq!(t.entries.len(), 1);
    assert_eq!(t.entries[0].status, "Paused-By-Agent");
    assert_eq!(
        t.entries[0].state(),
        RunState::Unknown("Paused-By-Agent".into())
    );
    assert!(!t.entries[0].state().is_terminal());
    assert_eq!(
        merge(&t, &progress(None, "new", 0, None), 7_000),
        Timeline::default()
    );
}

#[test]
fn entries_never_go_back_in_time() {
    let t = merge(
        &Timeline::default(),
        &progress(Some(7), "Waiting", 0, None),
        5_000,
    );
    let mut done = progress(Some(7), "failed", 2, Some("Parsing results"));
    done.end_time = Some(4_000);
    let t = merge(&t, &done, 6_000);
    assert_eq!(t.entries[1].at_ms, 5_000);
}

#[test]
fn a_run_without_progress_for_ten_minutes_is_stalled() {
    let t = merge(
        &Timeline::default(),
        &progress(Some(7), "in-progress", 1, None),
        0,
    );
    assert!(!is_stalled(&t, STALL_AFTER_MS - 1));
    assert!(is_stalled(&t, STALL_AFTER_MS));
    let done = merge(&t, &progress(Some(7), "completed", 4, None), 1);
    assert!(!is_stalled(&done, STALL_AFTER_MS * 2));
}

#[test]
fn timelines_survive_a_round_trip_through_storage() {
    let t = merge(
        &Timeline::default(),
        &progress(Some(7), "in-progress", 1, Some("x")),
        9,
    );
    let json = serde_json::to_string(&t).unwrap();
    assert!(json.contains("\"runId\":7"));
    assert_eq!(serde_json::from_str::<Timeline>(&json).unwrap(), t);
    assert_eq!(storage_key(4102), "zephyr-jobs.timeline.4102");
}
