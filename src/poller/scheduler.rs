//! The tab's one poll loop: every job a view shows and every run the store still follows, asked
//! about one request at a time within the tab's budget, in the order `schedule::pick` decides.
//! Each answer goes to the store and to every view of its job. Requests for a job only views
//! follow are aborted when its last view goes; no timer runs while nothing is due.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;
use std::task::Waker;

use gloo_storage::{SessionStorage, Storage};
use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use leptos::reactive::computed::ScopedFuture;
use send_wrapper::SendWrapper;

mod run_loop;
pub(crate) use run_loop::preload;

use super::rules::{
    merge, next_delay_ms, outcome_of, storage_key, Outcome, Timeline, CLOCK_TICK_MS,
};
use super::schedule::{background_waiting, Budget, JobTiming};
use crate::activity::Activity;
use crate::api::{ApiClient, ApiError, Progress};
use crate::browser::{document_hidden, listen, navigator_online, now_ms};
use crate::session::Session;
use run_loop::start;

/// The signals of one view's watch.
#[derive(Clone, Copy)]
pub(super) struct Sink {
    pub progress: RwSignal<Option<Progress>>,
    pub timeline: RwSignal<Timeline>,
    pub error: RwSignal<Option<ApiError>>,
    pub last_updated: RwSignal<Option<i64>>,
    pub next_retry: RwSignal<Option<i64>>,
    pub now: RwSignal<i64>,
    pub hidden: RwSignal<bool>,
    pub online: RwSignal<bool>,
    pub paused: RwSignal<bool>,
}

/// Everything known of one job: its timing, its last answer, and the views that show it.
#[derive(Default)]
struct JobState {
    timing: JobTiming,
    failures: u32,
    timeline: Timeline,
    progress: Option<Progress>,
    error: Option<ApiError>,
    last_updated: Option<i64>,
    sinks: Vec<(u64, Sink)>,
    /// The request in flight runs under this owner; cleaning it aborts the request.
    request: Option<Owner>,
}

struct Core {
    api: ApiClient,
    activity: Option<Activity>,
    jobs: RefCell<BTreeMap<i64, JobState>>,
    budget: Cell<Budget>,
    next_sink: Cell<u64>,
    woken: Cell<bool>,
    waker: RefCell<Option<Waker>>,
    timer: RefCell<Option<Timeout>>,
    clock_second: Cell<i64>,
}

/// The tab's scheduler, provided by context beside the API client. `Copy`.
#[derive(Clone, Copy)]
pub struct Scheduler(StoredValue<Rc<Core>, LocalStorage>);

impl Scheduler {
    /// Starts the loop (idle until something is watched) for as long as the calling owner lives.
    pub fn new(api: ApiClient, activity: Option<Activity>) -> Self {
        let core = Rc::new(Core {
            api,
            activity,
            jobs: RefCell::new(BTreeMap::new()),
            budget: Cell::new(Budget::default()),
            next_sink: Cell::new(0),
            woken: Cell::new(false),
            waker: RefCell::new(None),
            timer: RefCell::new(None),
            clock_second: Cell::new(0),
        });
        // Coming back (tab visible, network back) asks at once about what is due or backing
        // off, and once more about a job a refusal stopped: it may have been lifted meanwhile.
        let weak = Rc::downgrade(&core);
        let woke = move || {
            if let Some(core) = weak.upgrade() {
                core.came_back();
            }
        };
        listen("visibilitychange", true, woke.clone());
        listen("online", false, woke.clone());
        listen("offline", false, woke);
        if let Some(activity) = activity {
            let weak = SendWrapper::new(Rc::downgrade(&core));
            Effect::new(move |_| {
                activity.track_for_scheduler();
                if let Some(core) = weak.upgrade() {
                    core.wake();
                }
            });
        }
        // Signing out forgets what was asked about: the next user of this tab starts afresh.
        if let Some(session) = use_context::<Session>() {
            let weak = SendWrapper::new(Rc::downgrade(&core));
            Effect::watch(
                move || session.is_signed_in(),
                move |signed_in, _, _| {
                    if let (false, Some(core)) = (*signed_in, weak.upgrade()) {
                        core.jobs.borrow_mut().clear();
                    }
                },
                false,
            );
        }
        let held = SendWrapper::new(core.clone());
        on_cleanup(move || {
            held.jobs.borrow_mut().clear();
            held.timer.borrow_mut().take();
        });
        leptos::task::spawn_local(start(Rc::downgrade(&core)));
        Self(StoredValue::new_local(core))
    }

    /// Adds a view's watch of `job_id`; it gets what is known at once, then every answer.
    pub(super) fn add(&self, job_id: i64, sink: Sink) -> Option<u64> {
        self.0.try_with_value(|core| {
            let id = core.next_sink.get() + 1;
            core.next_sink.set(id);
            let mut jobs = core.jobs.borrow_mut();
            let job = jobs.entry(job_id).or_insert_with(|| JobState::new(job_id));
            sink.timeline.set(job.timeline.clone());
            sink.progress.set(job.progress.clone());
            sink.error.set(job.error.clone());
            sink.last_updated.set(job.last_updated);
            // A new view asks once more about a run that ended or a refusal, as a page opened
            // afresh would; otherwise it joins the schedule.
            if job.timing.ended || job.timing.fatal {
                job.timing.forced = true;
            }
            job.sinks.push((id, sink));
            drop(jobs);
            core.wake();
            id
        })
    }

    /// Removes a view's watch; a request no one else needs is aborted.
    pub(super) fn remove(&self, job_id: i64, sink: u64) {
        let _ = self.0.try_with_value(|core| {
            let live = core.store_live().contains(&job_id);
            let abort = {
                let mut jobs = core.jobs.borrow_mut();
                let Some(job) = jobs.get_mut(&job_id) else {
                    return;
                };
                job.sinks.retain(|(id, _)| *id != sink);
                (job.sinks.is_empty() && !live)
                    .then(|| job.request.take())
                    .flatten()
            };
            // Cleaned outside the borrow: the abort settles the request's future later.
            if let Some(owner) = abort {
                owner.cleanup();
            }
            core.wake();
        });
    }

    /// Asks about `job_id` now (within the budget), even after its run ended.
    pub fn refresh(&self, job_id: i64) {
        let _ = self.0.try_with_value(|core| {
            if let Some(job) = core.jobs.borrow_mut().get_mut(&job_id) {
                job.timing.forced = true;
            }
            core.wake();
        });
    }

    /// Re-plans (a view paused or resumed).
    pub(super) fn wake(&self) {
        let _ = self.0.try_with_value(|core| core.wake());
    }
}

impl JobState {
    fn new(job_id: i64) -> Self {
        Self {
            timing: JobTiming {
                job_id,
                ..JobTiming::default()
            },
            timeline: SessionStorage::get::<Timeline>(&storage_key(job_id)).unwrap_or_default(),
            ..Self::default()
        }
    }
}

impl Core {
    fn store_live(&self) -> Vec<i64> {
        self.activity
            .map(|a| a.live_jobs_untracked())
            .unwrap_or_default()
    }

    fn came_back(&self) {
        let hidden = document_hidden();
        let online = navigator_online();
        let now = now_ms();
        for job in self.jobs.borrow_mut().values_mut() {
            if let Some(retry) = job.timing.retry_at_ms {
                job.timing.retry_at_ms = Some(retry.min(now));
            }
            if job.timing.fatal && !hidden && !job.sinks.is_empty() {
                job.timing.forced = true;
            }
            for (_, sink) in &job.sinks {
                sink.hidden.try_set(hidden);
                sink.online.try_set(online);
            }
        }
        self.wake();
    }

    /// Every job's timing as the schedule needs it, creating the store's jobs on first sight.
    fn timings(&self, now: i64) -> Vec<JobTiming> {
        let ages = self
            .activity
            .map(|a| a.live_job_ages_untracked(now))
            .unwrap_or_default();
        let shown = self
            .activity
            .map(|a| a.on_screen().get_untracked())
            .unwrap_or_default();
        let mut jobs = self.jobs.borrow_mut();
        for (job_id, _) in &ages {
            jobs.entry(*job_id)
                .or_insert_with(|| JobState::new(*job_id));
        }
        jobs.values_mut()
            .map(|job| {
                let id = job.timing.job_id;
                let t = &mut job.timing;
                t.age_ms = ages.iter().find(|(j, _)| *j == id).map(|(_, a)| *a);
                t.store_live = t.age_ms.is_some();
                t.on_screen = !job.sinks.is_empty() || shown.contains(&id);
                t.paused = job
                    .sinks
                    .iter()
                    .any(|(_, s)| s.paused.try_get_untracked() == Some(true));
                t.clone()
            })
            .collect()
    }

    /// Moves every view's clock on when the second turns; whether a clock is needed at all.
    fn tick(&self, now: i64, timings: &[JobTiming], hidden: bool) -> bool {
        let second = now / CLOCK_TICK_MS;
        let turned = self.clock_second.replace(second) != second;
        let mut needed = false;
        for (job, timing) in self.jobs.borrow().values().zip(timings) {
            if job.sinks.is_empty() {
                continue;
            }
            needed |= !hidden && timing.due_at().is_some();
            if turned {
                for (_, sink) in &job.sinks {
                    sink.now.try_set(now);
                }
            }
        }
        needed
    }

    fn send(self: &Rc<Self>, job_id: i64, now: i64, timings: &[JobTiming]) {
        let on_screen = timings
            .iter()
            .find(|t| t.job_id == job_id)
            .is_some_and(|t| t.on_screen);
        let mut budget = self.budget.get();
        budget.sent(now, on_screen, background_waiting(now, timings));
        self.budget.set(budget);
        let owner = Owner::new();
        {
            let mut jobs = self.jobs.borrow_mut();
            let Some(job) = jobs.get_mut(&job_id) else {
                return;
            };
            job.timing.in_flight = true;
            job.timing.forced = false;
            job.request = Some(owner.clone());
        }
        let api = self.api.clone();
        let request = owner
            .with(|| ScopedFuture::new_untracked(async move { api.latest_progress(job_id).await }));
        let core = Rc::downgrade(self);
        let budget = Rc::downgrade(self);
        leptos::task::spawn_local(async move {
            // Booked when it really goes out: the task may start a little after it was planned.
            if let Some(core) = budget.upgrade() {
                let mut b = core.budget.get();
                b.last_sent_ms = Some(now_ms().max(b.last_sent_ms.unwrap_or(i64::MIN)));
                core.budget.set(b);
            }
            let result = request.await;
            owner.cleanup();
            if let Some(core) = core.upgrade() {
                core.answer(job_id, result);
                core.wake();
            }
        });
    }

    fn answer(&self, job_id: i64, result: Result<Progress, ApiError>) {
        let now = now_ms();
        if let (Ok(p), Some(activity)) = (&result, self.activity) {
            activity.observe(job_id, p);
        }
        let mut jobs = self.jobs.borrow_mut();
        let Some(job) = jobs.get_mut(&job_id) else {
            return;
        };
        job.timing.in_flight = false;
        job.request = None;
        if matches!(result, Err(ApiError::Aborted)) {
            return;
        }
        let outcome = outcome_of(&result);
        job.failures = match outcome {
            Outcome::Retryable { .. } => job.failures + 1,
            _ => 0,
        };
        let delay = next_delay_ms(outcome, job.failures, js_sys::Math::random());
        let t = &mut job.timing;
        t.last_answer_ms = Some(now);
        t.retry_at_ms = None;
        t.fatal = false;
        match outcome {
            Outcome::Progress { terminal } => t.ended = terminal,
            Outcome::Retryable { retry_after_secs } => {
                t.retry_at_ms = delay.map(|d| now + d);
                // The server's pause is for the whole tab, not only this job.
                if let Some(secs) = retry_after_secs {
                    let mut budget = self.budget.get();
                    budget.paused_until_ms = Some(now + i64::from(secs) * 1000);
                    self.budget.set(budget);
                }
            }
            Outcome::Fatal => t.fatal = true,
        }
        let retry_at = t.retry_at_ms;
        match result {
            Ok(p) => {
                let merged = merge(&job.timeline, &p, now);
                if merged != job.timeline {
                    // Storage may be full or off; the timeline then lasts as long as the page.
                    let _ = SessionStorage::set(storage_key(job_id), &merged);
                    job.timeline = merged;
                }
                job.progress = Some(p);
                job.error = None;
                job.last_updated = Some(now);
            }
            Err(e) => job.error = Some(e),
        }
        for (_, sink) in &job.sinks {
            if job.error.is_none() {
                sink.timeline.try_set(job.timeline.clone());
                sink.progress.try_set(job.progress.clone());
                sink.last_updated.try_set(job.last_updated);
            }
            sink.error.try_set(job.error.clone());
            sink.next_retry.try_set(retry_at);
            sink.now.try_set(now);
        }
        let quiet = jobs.values().all(|j| !j.timing.in_flight);
        drop(jobs);
        // Runs that ended while requests overlapped are handed out together.
        if let (true, Some(activity)) = (quiet, self.activity) {
            activity.end_round();
        }
    }
}
