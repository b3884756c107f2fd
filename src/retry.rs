//! Loads that try again by themselves: a failed look-up or list is asked again on the poller's
//! backoff (a server's `Retry-After` wins), and at once when the tab is shown again or the network
//! comes back. A refusal that asking again cannot change (400, 403, 404) waits for the user.

use std::future::Future;

use gloo_timers::callback::{Interval, Timeout};
use leptos::prelude::*;

use crate::api::ApiError;
use crate::browser::{document_hidden, listen, now_ms};
use crate::poller::{error_outcome, next_delay_ms};

/// The retry state of one load. `Copy`: every part is owned by the component that made it.
#[derive(Clone, Copy)]
pub struct AutoRetry {
    /// Bumped to ask again; the load's source reads it.
    attempt: RwSignal<u32>,
    /// When the next automatic attempt goes out, while one is planned.
    due_at: RwSignal<Option<i64>>,
    /// An attempt is on its way.
    asking: RwSignal<bool>,
    /// The clock of the countdown, to the second.
    now: RwSignal<i64>,
    /// Consecutive failures, for the backoff.
    failures: StoredValue<u32>,
    /// The planned attempt and the countdown's tick; replacing them cancels them.
    timers: StoredValue<Option<(Timeout, Interval)>, LocalStorage>,
}

/// What the user is told about the next attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryStatus {
    In(i64),
    Now,
}

impl RetryStatus {
    pub fn text(self) -> String {
        match self {
            RetryStatus::In(secs) => format!("Retrying in {secs} s"),
            RetryStatus::Now => "Retrying now\u{2026}".to_string(),
        }
    }
}

/// A `LocalResource` over `fetch` that retries its failures by themselves. `fetch` is called
/// inside the resource's source, so the signals it reads are tracked as usual.
pub fn retrying_resource<T, Fut>(
    fetch: impl Fn() -> Fut + 'static,
) -> (LocalResource<Result<T, ApiError>>, AutoRetry)
where
    T: 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let retry = AutoRetry::new();
    let resource = LocalResource::new(move || {
        retry.attempt.track();
        let pending = fetch();
        async move {
            let result = pending.await;
            retry.settle(&result);
            result
        }
    });
    (resource, retry)
}

impl AutoRetry {
    fn new() -> Self {
        let retry = Self {
            attempt: RwSignal::new(0),
            due_at: RwSignal::new(None),
            asking: RwSignal::new(false),
            now: RwSignal::new(now_ms()),
            failures: StoredValue::new(0),
            timers: StoredValue::new_local(None),
        };
        // Coming back to the tab or the network is when a failed load is most likely to work.
        let wake = move || {
            let failed = retry.failures.try_get_value().unwrap_or(0) > 0;
            if failed && !document_hidden() && !retry.asking.try_get_untracked().unwrap_or(true) {
                retry.now();
            }
        };
        listen("visibilitychange", true, wake);
        listen("online", false, wake);
        retry
    }

    /// Asks again at once (the Retry button, a wake-up); a planned attempt is dropped.
    pub fn now(&self) {
        self.timers.try_set_value(None);
        self.ask();
    }

    fn ask(&self) {
        self.due_at.try_set(None);
        self.asking.try_set(true);
        self.attempt.try_update(|n| *n += 1);
    }

    /// The next attempt, while the last load failed and another is planned or on its way.
    pub fn status(&self) -> Option<RetryStatus> {
        if self.asking.get() {
            return Some(RetryStatus::Now);
        }
        let due = self.due_at.get()?;
        let now = self.now.get();
        Some(RetryStatus::In(((due - now + 999) / 1000).max(0)))
    }

    /// Records how a load ended and plans the next attempt after a failure worth retrying.
    fn settle<T>(&self, result: &Result<T, ApiError>) {
        let error = match result {
            // The page that asked is gone; nothing to plan.
            Err(ApiError::Aborted) => return,
            Ok(_) => None,
            Err(e) => Some(e),
        };
        self.asking.try_set(false);
        let failures = match error {
            Some(_) => self.failures.try_get_value().unwrap_or(0) + 1,
            None => 0,
        };
        self.failures.try_set_value(failures);
        let delay =
            error.and_then(|e| next_delay_ms(error_outcome(e), failures, js_sys::Math::random()));
        let Some(delay) = delay else {
            self.timers.try_set_value(None);
            self.due_at.try_set(None);
            return;
        };
        let now = now_ms();
        self.now.try_set(now);
        self.due_at.try_set(Some(now + delay));
        let this = *self;
        let attempt = Timeout::new(delay.clamp(0, i64::from(u32::MAX)) as u32, move || {
            // A hidden tab waits: showing it again asks at once. (The timers are left alone:
            // this one is running.)
            if !document_hidden() {
                this.ask();
            }
        });
        let tick = Interval::new(1_000, move || {
            this.now.try_set(now_ms());
        });
        self.timers.try_set_value(Some((attempt, tick)));
    }
}
