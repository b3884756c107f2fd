//! The one poller: watches a job's latest run through `get-latest-job-progress` and keeps what
//! was observed. The decisions live in `rules` (pure, tested natively); this module is the thin
//! timer, DOM and storage wiring. Each request runs under a child of the watching view's owner,
//! so leaving the view aborts a request in flight; no timer runs while nothing is due.

mod rules;

pub use rules::*;

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::{Rc, Weak};
use std::task::{Context, Poll, Waker};

use gloo_storage::{SessionStorage, Storage};
use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use leptos::reactive::computed::ScopedFuture;
use send_wrapper::SendWrapper;

use crate::activity::Activity;
use crate::api::{use_api, ApiClient, ApiError, Progress, RunState};
use crate::browser::{document_hidden, listen, navigator_online, now_ms};

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
    control: StoredValue<Rc<Control>, LocalStorage>,
}

struct Control {
    due_at: Cell<Option<i64>>,
    forced: Cell<bool>,
    failures: Cell<u32>,
    disposed: Cell<bool>,
    /// Set by [`Control::wake`]; the loop's wait ends when it sees it.
    woken: Cell<bool>,
    waker: RefCell<Option<Waker>>,
    /// The one pending timer, if something is due; replacing or dropping it cancels it.
    timer: RefCell<Option<Timeout>>,
}

impl Control {
    /// Ends the loop's current wait (a refresh, a wake-up, the view going away, the timer).
    fn wake(&self) {
        self.woken.set(true);
        if let Some(waker) = self.waker.borrow_mut().take() {
            waker.wake();
        }
    }

    /// Waits for [`Control::wake`], after `ms` at the latest when given.
    fn wait(self: &Rc<Self>, ms: Option<i64>) -> Woken {
        let timer = ms.map(|ms| {
            let control: Weak<Control> = Rc::downgrade(self);
            Timeout::new(ms.clamp(1, i64::from(u32::MAX)) as u32, move || {
                if let Some(control) = control.upgrade() {
                    control.wake();
                }
            })
        });
        *self.timer.borrow_mut() = timer;
        Woken(self.clone())
    }
}

/// The future of [`Control::wait`].
struct Woken(Rc<Control>);

impl Future for Woken {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0.woken.replace(false) {
            self.0.timer.borrow_mut().take();
            Poll::Ready(())
        } else {
            *self.0.waker.borrow_mut() = Some(cx.waker().clone());
            Poll::Pending
        }
    }
}

impl JobWatch {
    /// Asks the server now, even when paused or after the run ended (e.g. a new run started).
    pub fn refresh(&self) {
        // After the page is gone there is nothing to refresh.
        let _ = self.control.try_with_value(|c| {
            c.forced.set(true);
            c.wake();
        });
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

/// Starts watching `job_id` for as long as the calling owner lives.
pub fn watch_job(job_id: i64) -> JobWatch {
    let api = use_api();
    let stored = SessionStorage::get::<Timeline>(&storage_key(job_id)).unwrap_or_default();
    let control = Rc::new(Control {
        due_at: Cell::new(Some(0)),
        forced: Cell::new(false),
        failures: Cell::new(0),
        disposed: Cell::new(false),
        woken: Cell::new(false),
        waker: RefCell::new(None),
        timer: RefCell::new(None),
    });
    let progress = RwSignal::new(None);
    let timeline = RwSignal::new(stored);
    let error = RwSignal::new(None);
    let last_updated = RwSignal::new(None);
    let next_retry = RwSignal::new(None);
    let now = RwSignal::new(now_ms());
    let hidden = RwSignal::new(document_hidden());
    let online = RwSignal::new(navigator_online());
    let paused = RwSignal::new(false);

    // Coming back (tab visible again, network back) asks at once if the run is still live, or
    // once more if a refusal (403, 404…) stopped the polling: it may have been lifted meanwhile.
    let wake = {
        let control = control.clone();
        move || {
            hidden.try_set(document_hidden());
            online.try_set(navigator_online());
            match control.due_at.get() {
                Some(due) => control.due_at.set(Some(due.min(now_ms()))),
                None if !document_hidden()
                    && error.try_with_untracked(Option::is_some) == Some(true) =>
                {
                    control.forced.set(true);
                }
                None => {}
            }
            control.wake();
        }
    };
    listen("visibilitychange", true, wake.clone());
    listen("online", false, wake.clone());
    listen("offline", false, wake);

    // Un-pausing asks at once; pausing lets the loop drop its timer.
    {
        let control = SendWrapper::new(control.clone());
        Effect::new(move |_| {
            paused.track();
            control.wake();
        });
    }
    // A child of this view's owner: each request's abort is tied to it, and it is cleaned after
    // each request so nothing piles up on the view while it stays open.
    let requests = Owner::new();
    let flag = SendWrapper::new(control.clone());
    on_cleanup(move || {
        flag.disposed.set(true);
        flag.timer.borrow_mut().take();
        flag.wake();
    });

    let watch = JobWatch {
        job_id,
        progress: progress.read_only(),
        timeline: timeline.read_only(),
        error: error.read_only(),
        last_updated_ms: last_updated.read_only(),
        next_retry_ms: next_retry.read_only(),
        now_ms: now.read_only(),
        hidden: hidden.read_only(),
        online: online.read_only(),
        paused,
        control: StoredValue::new_local(control.clone()),
    };
    let signals = Signals {
        progress,
        timeline,
        error,
        last_updated,
        next_retry,
        now,
        hidden,
        paused,
    };
    leptos::task::spawn_local(poll_loop(api, job_id, control, signals, requests));
    watch
}

struct Signals {
    progress: RwSignal<Option<Progress>>,
    timeline: RwSignal<Timeline>,
    error: RwSignal<Option<ApiError>>,
    last_updated: RwSignal<Option<i64>>,
    next_retry: RwSignal<Option<i64>>,
    now: RwSignal<i64>,
    hidden: RwSignal<bool>,
    paused: RwSignal<bool>,
}

/// One loop per watch, so at most one request per job is ever in flight.
async fn poll_loop(api: ApiClient, job_id: i64, control: Rc<Control>, s: Signals, requests: Owner) {
    let activity = requests.with(use_context::<Activity>);
    loop {
        if control.disposed.get() {
            return;
        }
        let now = now_ms();
        if s.now.get_untracked() / 1000 != now / 1000 {
            s.now.try_set(now);
        }
        let wake = next_wake(
            now,
            control.due_at.get(),
            control.forced.get(),
            s.hidden.get_untracked(),
            s.paused.get_untracked(),
        );
        match wake {
            Wake::Now => {}
            Wake::After(ms) => {
                control.wait(Some(ms)).await;
                continue;
            }
            Wake::Idle => {
                control.wait(None).await;
                continue;
            }
        }
        control.forced.set(false);
        control.due_at.set(None);
        // Polled under the request owner, so the client ties its abort to this view.
        let request = requests.with(|| ScopedFuture::new_untracked(api.latest_progress(job_id)));
        let result = request.await;
        requests.cleanup();
        if control.disposed.get() {
            return;
        }
        let now = now_ms();
        let outcome = outcome_of(&result);
        let failures = match outcome {
            Outcome::Retryable { .. } => control.failures.get() + 1,
            _ => 0,
        };
        control.failures.set(failures);
        let delay = next_delay_ms(outcome, failures, js_sys::Math::random());
        let due = delay.map(|d| now + d);
        // A manual refresh may have arrived while this request was out; it keeps its turn.
        control.due_at.set(due);
        match result {
            Ok(p) => {
                if let Some(activity) = &activity {
                    activity.observe(job_id, &p);
                    activity.end_round();
                }
                let merged = merge(&s.timeline.get_untracked(), &p, now);
                if merged != s.timeline.get_untracked() {
                    // Storage may be full or off; the timeline then lasts as long as the page.
                    let _ = SessionStorage::set(storage_key(job_id), &merged);
                    s.timeline.try_set(merged);
                }
                s.progress.try_set(Some(p));
                s.error.try_set(None);
                s.last_updated.try_set(Some(now));
                s.next_retry.try_set(None);
            }
            Err(ApiError::Aborted) => {}
            Err(e) => {
                let retrying = matches!(outcome, Outcome::Retryable { .. });
                s.error.try_set(Some(e));
                s.next_retry.try_set(if retrying { due } else { None });
            }
        }
        s.now.try_set(now);
    }
}
