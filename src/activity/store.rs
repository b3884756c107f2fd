//! The run store's pure part: which runs this tab has started or watched, and how a poll's answer
//! moves them on. No browser here, so it is tested natively.

use serde::{Deserialize, Serialize};

use crate::api::{Progress, RunState};

/// The one sessionStorage key the store lives under.
pub const STORAGE_KEY: &str = "zephyr-jobs.activity";
/// The newest runs kept; older ones are forgotten (the oldest finished ones first).
pub const CAP: usize = 500;
/// The state shown for a run whose job started a newer run before this tab saw it end: the API
/// only reports a job's latest run, so its outcome is not known and none is invented.
pub const ENDED_UNSEEN: &str = "Ended (state not seen)";

/// A run this tab started or watched.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WatchedRun {
    pub run_id: i64,
    pub job_id: i64,
    pub job_name: String,
    /// Runs started by one execute-job call share a batch id (the call's send time in ms); None
    /// when the run was only watched here (opened its timeline), not started from this tab.
    pub batch: Option<i64>,
    pub state: RunState,
    /// The server's start time, else its schedule time.
    pub started_ms: Option<i64>,
    pub ended_ms: Option<i64>,
    pub completed_steps: Option<u32>,
    pub total_steps: Option<u32>,
    pub step_label: Option<String>,
    /// When this tab first saw it.
    pub added_ms: i64,
}

impl WatchedRun {
    /// Nothing more will change: a terminal state, or it ended without this tab seeing how.
    /// Use this rather than `state.is_terminal()`: an unseen end keeps an unknown state.
    pub fn is_finished(&self) -> bool {
        self.state.is_terminal() || self.ended_ms.is_some()
    }

    /// It ended, but a newer run of its job replaced it before its outcome was seen.
    pub fn end_unseen(&self) -> bool {
        matches!(&self.state, RunState::Unknown(s) if s == ENDED_UNSEEN)
    }

    /// From start (or schedule, or first sight) to end, or to `now` while it runs.
    pub fn duration_ms(&self, now: i64) -> Option<i64> {
        let begin = self.started_ms.unwrap_or(self.added_ms);
        let end = self.ended_ms.unwrap_or(now);
        end.checked_sub(begin).filter(|d| *d >= 0)
    }

    fn new(job_id: i64, job_name: String, run_id: i64, batch: Option<i64>, now: i64) -> Self {
        Self {
            run_id,
            job_id,
            job_name,
            batch,
            state: RunState::Queued,
            started_ms: None,
            ended_ms: None,
            completed_steps: None,
            total_steps: None,
            step_label: None,
            added_ms: now,
        }
    }
}

/// Adds the runs one execute-job call started, newest first. A run already known keeps its
/// history and joins the batch.
pub fn record_batch(
    runs: &mut Vec<WatchedRun>,
    batch: i64,
    started: &[(i64, String, i64)],
    now: i64,
) {
    for (job_id, name, run_id) in started.iter().rev() {
        match runs.iter_mut().find(|r| r.run_id == *run_id) {
            Some(known) => known.batch = Some(batch),
            None => runs.insert(
                0,
                WatchedRun::new(*job_id, name.clone(), *run_id, Some(batch), now),
            ),
        }
    }
    cap(runs);
}

/// Adds a run seen elsewhere (its timeline); `false` when it was already there.
pub fn watch(
    runs: &mut Vec<WatchedRun>,
    job_id: i64,
    job_name: String,
    run_id: i64,
    now: i64,
) -> bool {
    if runs.iter().any(|r| r.run_id == run_id) {
        return false;
    }
    runs.insert(0, WatchedRun::new(job_id, job_name, run_id, None, now));
    cap(runs);
    true
}

pub fn clear_finished(runs: &mut Vec<WatchedRun>) {
    runs.retain(|r| !r.is_finished());
}

/// The newest earlier finished run of the same job (for "2.1× longer").
pub fn previous_run(runs: &[WatchedRun], run: &WatchedRun) -> Option<WatchedRun> {
    runs.iter()
        .filter(|r| {
            r.job_id == run.job_id && r.run_id < run.run_id && r.is_finished() && !r.end_unseen()
        })
        .max_by_key(|r| r.run_id)
        .cloned()
}

pub fn running_count(runs: &[WatchedRun]) -> usize {
    runs.iter().filter(|r| !r.is_finished()).count()
}

/// Jobs with a run still going, each once: what the scheduler polls for the store.
pub fn live_jobs(runs: &[WatchedRun]) -> Vec<i64> {
    let mut jobs: Vec<i64> = runs
        .iter()
        .filter(|r| !r.is_finished())
        .map(|r| r.job_id)
        .collect();
    // `sort` for the same reason as `Activity`'s seen failures: one sort of ids in the wasm.
    jobs.sort();
    jobs.dedup();
    jobs
}

/// `(job, age)` of each job's youngest run still going: how often the scheduler asks about it.
pub fn live_job_ages(runs: &[WatchedRun], now: i64) -> Vec<(i64, i64)> {
    let mut ages: Vec<(i64, i64)> = Vec::new();
    for r in runs.iter().filter(|r| !r.is_finished()) {
        let age = now
            .saturating_sub(r.started_ms.unwrap_or(r.added_ms))
            .max(0);
        match ages.iter_mut().find(|(job, _)| *job == r.job_id) {
            Some((_, a)) => *a = (*a).min(age),
            None => ages.push((r.job_id, age)),
        }
    }
    ages
}

/// Keeps the newest [`CAP`] runs, dropping finished ones before live ones.
pub fn cap(runs: &mut Vec<WatchedRun>) {
    while runs.len() > CAP {
        let victim = runs
            .iter()
            .rposition(WatchedRun::is_finished)
            .unwrap_or(runs.len() - 1);
        runs.remove(victim);
    }
}

/// Moves the job's runs on with its latest progress. Returns the runs that reached their end
/// with it, as they are now. `silent` runs (first sight of a run only watched) take the state
/// without counting as an end this tab saw happen.
pub fn apply_progress(
    runs: &mut [WatchedRun],
    job_id: i64,
    p: &Progress,
    now: i64,
    silent: &[i64],
) -> Vec<WatchedRun> {
    let Some(latest) = p.id else {
        return Vec::new();
    };
    let mut ended = Vec::new();
    for run in runs
        .iter_mut()
        .filter(|r| r.job_id == job_id && !r.is_finished())
    {
        if run.run_id == latest {
            run.state = p.status.clone();
            run.started_ms = p.start_time.or(p.scheduled_at).or(run.started_ms);
            run.completed_steps = p.completed_steps;
            run.total_steps = p.total_steps;
            run.step_label.clone_from(&p.step_label);
            if p.status.is_terminal() {
                run.ended_ms = Some(p.end_time.unwrap_or(now));
            }
        } else if run.run_id < latest {
            // A newer run replaced it: it ended by the time the newer one was scheduled, but
            // how is not knowable from the latest-run API.
            run.state = RunState::Unknown(ENDED_UNSEEN.to_string());
            run.ended_ms = Some(p.scheduled_at.or(p.start_time).unwrap_or(now));
        } else {
            // The server's latest is older than this run: an answer from before it was
            // scheduled. The next poll will see it.
            continue;
        }
        if run.is_finished() && !silent.contains(&run.run_id) {
            ended.push(run.clone());
        }
    }
    ended
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
