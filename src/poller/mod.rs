//! The one poller: watches jobs' latest runs through `get-latest-job-progress` and keeps what
//! was observed. The decisions live in `rules` and `schedule` (pure, tested natively); the tab's
//! one loop is `scheduler`, which every view's [`watch_job`] and the run store share, so the tab
//! stays within its request budget however many runs are watched.

mod rules;
mod schedule;
mod scheduler;

pub use rules::*;
pub use schedule::*;
pub(crate) use scheduler::preload as preload_poll_loop;
pub use scheduler::Scheduler;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::activity::Activity;
use crate::api::{use_api, ApiError, Progress, RunState};
use crate::browser::{document_hidden, navigator_online, now_ms};
use scheduler::Sink;

/// A live view of one job's latest run. `Copy`: pass it to any component.
#[derive(Clone, Copy)]
pub struct JobWatch {
    pub job_id: i64,
    /// The newest answer.
    pub progress: ReadSignal<Option<Progress>>,
    /// What was observed of the latest run, restored from this tab's storage.
    pub timeline: ReadSignal<Timeline>,
    /// The last request's error, cleared by the next success.
    pub error: ReadSignal<Option<ApiError>>,
    pub last_updated_ms: ReadSignal<Option<i64>>,
    /// When the next attempt goes out, while retrying after errors.
    pub next_retry_ms: ReadSignal<Option<i64>>,
    /// The poller's clock, to the second.
    pub now_ms: ReadSignal<i64>,
    pub hidden: ReadSignal<bool>,
    pub online: ReadSignal<bool>,
    /// Set to stop scheduled requests; clearing it asks at once.
    pub paused: RwSignal<bool>,
    scheduler: Scheduler,
}

impl JobWatch {
    /// Asks the server now, even when paused or after the run ended (e.g. a new run started).
    pub fn refresh(&self) {
        self.scheduler.refresh(self.job_id);
    }

    /// Seconds since the last good answer.
    pub fn seconds_since_update(&self) -> Option<i64> {
        let now = self.now_ms.get();
        self.last_updated_ms
            .get()
            .map(|t| ((now - t) / 1000).max(0))
    }

    /// Seconds until the next attempt, while retrying after errors.
    pub fn retry_in_secs(&self) -> Option<i64> {
        let now = self.now_ms.get();
        self.next_retry_ms
            .get()
            .map(|t| ((t - now + 999) / 1000).max(0))
    }

    pub fn stalled(&self) -> bool {
        let now = self.now_ms.get();
        self.timeline.with(|t| is_stalled(t, now))
    }

    /// The state to show: the newest answer's, else the last one observed before a reload.
    pub fn state(&self) -> Option<RunState> {
        self.progress
            .with(|p| p.as_ref().map(|p| p.status.clone()))
            .or_else(|| self.timeline.with(|t| t.entries.last().map(Entry::state)))
    }
}

/// The tab's scheduler; a private one where a view is mounted without the app (tests).
pub fn use_scheduler() -> Scheduler {
    use_context::<Scheduler>()
        .unwrap_or_else(|| Scheduler::new(use_api(), use_context::<Activity>()))
}

/// Starts watching `job_id` for as long as the calling owner lives: the tab's scheduler asks
/// about it (views first, within the tab's budget) and hands every answer to this watch.
pub fn watch_job(job_id: i64) -> JobWatch {
    let scheduler = use_scheduler();
    let sink = Sink {
        progress: RwSignal::new(None),
        timeline: RwSignal::new(Timeline::default()),
        error: RwSignal::new(None),
        last_updated: RwSignal::new(None),
        next_retry: RwSignal::new(None),
        now: RwSignal::new(now_ms()),
        hidden: RwSignal::new(document_hidden()),
        online: RwSignal::new(navigator_online()),
        paused: RwSignal::new(false),
    };
    let id = scheduler.add(job_id, sink);
    // Pausing and un-pausing re-plan at once (un-pausing asks if anything is due).
    Effect::new(move |_| {
        sink.paused.track();
        scheduler.wake();
    });
    let held = SendWrapper::new(id);
    on_cleanup(move || {
        if let Some(id) = *held {
            scheduler.remove(job_id, id);
        }
    });
    JobWatch {
        job_id,
        progress: sink.progress.read_only(),
        timeline: sink.timeline.read_only(),
        error: sink.error.read_only(),
        last_updated_ms: sink.last_updated.read_only(),
        next_retry_ms: sink.next_retry.read_only(),
        now_ms: sink.now.read_only(),
        hidden: sink.hidden.read_only(),
        online: sink.online.read_only(),
        paused: sink.paused,
        scheduler,
    }
}
