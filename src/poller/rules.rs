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
/// The clock shown while a run is live ("updated 3 s ago", "retrying in 4 s") moves in seconds.
pub const CLOCK_TICK_MS: i64 = 1_000;

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
        Err(e) => error_outcome(e),
    }
}

/// What a failed request calls for, for the poller and for every load that retries by itself:
/// server trouble and answers that are not Zephyr's (a proxy's page) may pass; a refusal will not.
pub fn error_outcome(error: &ApiError) -> Outcome {
    if error.is_transient() || matches!(error, ApiError::Undecodable(_)) {
        Outcome::Retryable {
            retry_after_secs: error.retry_after_secs(),
        }
    } else {
        Outcome::Fatal
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

/// When the poll loop next has something to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wake {
    /// Send a request now.
    Now,
    /// Look again after this many ms: a request falls due, or the shown clock's second turns.
    After(i64),
    /// Nothing is due (the run ended, a refusal stopped polling, the tab is hidden or updates are
    /// paused): no timer at all until a refresh, a wake-up or un-pausing.
    Idle,
}

/// The loop's next step. Timers run only while a request is due, and then wake no more often
/// than the shown clock needs.
pub fn next_wake(now: i64, due_at: Option<i64>, forced: bool, hidden: bool, paused: bool) -> Wake {
    if should_send(now, due_at, forced, hidden, paused) {
        return Wake::Now;
    }
    match due_at {
        Some(due) if !hidden && !paused => {
            let next_second = CLOCK_TICK_MS - now.rem_euclid(CLOCK_TICK_MS);
            Wake::After((due - now).min(next_second).max(1))
        }
        _ => Wake::Idle,
    }
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
            .is_some_and(|c| now.saturating_sub(c) >= STALL_AFTER_MS)
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
    end.checked_sub(begin).filter(|ms| *ms >= 0)
}

pub fn storage_key(job_id: i64) -> String {
    format!("zephyr-jobs.timeline.{job_id}")
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
