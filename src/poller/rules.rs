//! The poller's rules, as pure functions tested natively: when to ask next, what counts as
//! finished, and how a new answer joins the observed timeline.

use serde::{Deserialize, Serialize};

use crate::api::{ApiError, Progress, RunState};

/// How often an active run is asked about.
pub const ACTIVE_INTERVAL_MS: i64 = 2_000;
/// Backoff after the n-th consecutive failure is drawn from [FLOOR, min(CAP, BASE * 2^n)].
pub const BACKOFF_BASE_MS: i64 = 1_000;
/// Full jitter would allow ~0 ms; a floor keeps a failing server from being hammered.
pub const BACKOFF_FLOOR_MS: i64 = 500;
pub const BACKOFF_CAP_MS: i64 = 30_000;
/// A run whose progress has not changed for this long gets a watchdog message.
pub const STALL_AFTER_MS: i64 = 10 * 60_000;
/// The loop's heartbeat: how soon a wake-up (visible again, online, manual refresh) is acted on.
pub(super) const TICK_MS: u32 = 250;

/// What the last request came back with, as the scheduler sees it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Outcome {
    Progress {
        terminal: bool,
    },
    /// Worth asking again later (server trouble, network, rate limit, an unreadable answer).
    Retryable {
        retry_after_secs: Option<u32>,
    },
    /// Asking again will not help (no such job, no permission, session ended).
    Fatal,
}

pub fn outcome_of(result: &Result<Progress, ApiError>) -> Outcome {
    match result {
        Ok(p) => Outcome::Progress {
            terminal: is_finished(p),
        },
        Err(e) if e.is_transient() || matches!(e, ApiError::Undecodable(_)) => Outcome::Retryable {
            retry_after_secs: e.retry_after_secs(),
        },
        Err(_) => Outcome::Fatal,
    }
}

/// Nothing more will change: the run ended, or the job never ran (only a new run changes that,
/// and whoever starts it asks for a refresh).
pub fn is_finished(p: &Progress) -> bool {
    p.id.is_none() || p.status.is_terminal()
}

/// Milliseconds until the next request, or `None` to stop. `failures` counts consecutive failed
/// requests including this one; `jitter` is uniform in [0, 1).
pub fn next_delay_ms(outcome: Outcome, failures: u32, jitter: f64) -> Option<i64> {
    match outcome {
        Outcome::Progress { terminal: false } => Some(ACTIVE_INTERVAL_MS),
        Outcome::Progress { terminal: true } | Outcome::Fatal => None,
        Outcome::Retryable { retry_after_secs } => {
            let ceiling = BACKOFF_BASE_MS
                .saturating_mul(1_i64 << failures.clamp(1, 16))
                .min(BACKOFF_CAP_MS);
            let jittered = BACKOFF_FLOOR_MS
                + ((ceiling - BACKOFF_FLOOR_MS) as f64 * jitter.clamp(0.0, 1.0)) as i64;
            // The server's own pause wins even beyond the cap: it knows its load.
            let asked = retry_after_secs.map_or(0, |s| i64::from(s) * 1000);
            Some(jittered.max(asked))
        }
    }
}

/// Whether the loop should send a request now. A manual refresh goes out even while paused or
/// hidden (someone just asked for it); scheduled polls wait for a visible, unpaused tab.
pub fn should_send(
    now: i64,
    due_at: Option<i64>,
    forced: bool,
    hidden: bool,
    paused: bool,
) -> bool {
    forced || (!hidden && !paused && due_at.is_some_and(|due| now >= due))
}

/// A run that is still going but whose progress has not moved for [`STALL_AFTER_MS`].
pub fn is_stalled(timeline: &Timeline, now: i64) -> bool {
    let going = timeline
        .entries
        .last()
        .is_some_and(|e| !e.state().is_terminal());
    going
        && timeline
            .last_change_ms
            .is_some_and(|c| now - c >= STALL_AFTER_MS)
}

/// Everything observed about one run, in order. Stored per job, keyed by run id.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Timeline {
    pub run_id: Option<i64>,
    pub entries: Vec<Entry>,
    /// When anything about the run last changed (for the watchdog).
    pub last_change_ms: Option<i64>,
}

/// One observed state or step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    /// The state's label; unknown statuses keep the server's spelling.
    pub status: String,
    pub completed_steps: Option<u32>,
    pub total_steps: Option<u32>,
    pub step_label: Option<String>,
    pub step_message: Option<String>,
    /// The server's time for it where it gives one (schedule, start, end), else when seen.
    pub at_ms: i64,
}

impl Entry {
    pub fn state(&self) -> RunState {
        RunState::from_raw(&self.status)
    }
}

/// The server's own timestamp for a state, when the answer carries one.
fn server_time(p: &Progress) -> Option<i64> {
    match &p.status {
        RunState::Queued => p.scheduled_at,
        RunState::Running if p.completed_steps.unwrap_or(0) == 0 => p.start_time,
        s if s.is_terminal() => p.end_time,
        _ => None,
    }
}

/// Adds a new answer to what was observed. A different run id starts a new timeline; a terminal
/// entry is final; a new state or step adds an entry; a new message updates the last one.
pub fn merge(timeline: &Timeline, p: &Progress, now: i64) -> Timeline {
    let Some(run_id) = p.id else {
        return Timeline::default();
    };
    let mut out = if timeline.run_id == Some(run_id) {
        timeline.clone()
    } else {
        Timeline {
            run_id: Some(run_id),
            ..Timeline::default()
        }
    };
    let last = out.entries.last_mut();
    if last.as_ref().is_some_and(|e| e.state().is_terminal()) {
        return out;
    }
    let same_step = last.as_ref().is_some_and(|e| {
        e.state() == p.status
            && e.completed_steps == p.completed_steps
            && e.step_label == p.step_label
    });
    if let (true, Some(e)) = (same_step, last) {
        if e.step_message != p.step_message || e.total_steps != p.total_steps {
            e.step_message.clone_from(&p.step_message);
            e.total_steps = p.total_steps;
            out.last_change_ms = Some(now);
        }
        return out;
    }
    let previous = out.entries.last().map(|e| e.at_ms);
    let at = server_time(p).unwrap_or(now);
    // Clocks disagree sometimes; an ordered list must not go back in time.
    let at = previous.map_or(at, |prev| at.max(prev));
    out.entries.push(Entry {
        status: p.status.label().to_string(),
        completed_steps: p.completed_steps,
        total_steps: p.total_steps,
        step_label: p.step_label.clone(),
        step_message: p.step_message.clone(),
        at_ms: at,
    });
    out.last_change_ms = Some(now);
    out
}

/// Time from schedule (or start) to end, from the server's times, else from what was observed.
pub fn total_duration_ms(p: Option<&Progress>, timeline: &Timeline) -> Option<i64> {
    let begin = p
        .and_then(|p| p.scheduled_at.or(p.start_time))
        .or_else(|| timeline.entries.first().map(|e| e.at_ms))?;
    let end = p
        .and_then(|p| p.end_time)
        .or_else(|| timeline.entries.last().map(|e| e.at_ms))?;
    (end >= begin).then_some(end - begin)
}

pub fn storage_key(job_id: i64) -> String {
    format!("zephyr-jobs.timeline.{job_id}")
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
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
        assert_eq!(retry(ApiError::Unauthorized), Outcome::Fatal);
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
}
