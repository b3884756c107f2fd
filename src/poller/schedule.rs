//! The tab's one poll schedule, as pure functions tested natively: which job's latest run is
//! asked about next and when, for every job a view shows and every run the store still follows.
//!
//! - **Budget:** at most one request every [`SLOT_MS`] (under 2 per second) for the whole tab, however
//!   many runs are watched; a `Retry-After` from the server pauses the whole tab's budget too.
//! - **On screen first:** a job a view shows is asked about every [`ON_SCREEN_INTERVAL_MS`]; when
//!   both are due, it goes before the runs only the store follows, except that one slot in
//!   [`BACKGROUND_EVERY`] is kept for those (they are never starved).
//! - **Young more often than old:** a run only the store follows is asked about every 2 s in its
//!   first minute, then 1 s less often per minute of age, up to every 10 s ([`background_interval_ms`]).
//! - **Fair:** among the due jobs of a class, the one due longest goes first (round-robin).
//! - **One in flight per job**, and backoff after errors as `rules::next_delay_ms` says.
//! - **Hidden tab:** nothing, unless the tester opted in to notifications: then one request per
//!   [`HIDDEN_SLOT_MS`] for the whole tab. A refresh someone asked for always goes (in budget).

/// The tab's budget: one request per 510 ms, under 2 a second with a little room for the
/// timers' and the event loop's jitter (a request is booked when it actually goes out).
pub const SLOT_MS: i64 = 510;
/// While hidden with notifications on: one request per 10 s for the whole tab.
pub const HIDDEN_SLOT_MS: i64 = 10_000;
/// A job a view shows is asked about this often (the budget permitting).
pub const ON_SCREEN_INTERVAL_MS: i64 = 2_000;
/// Runs only the store follows: this often while young...
pub const YOUNG_INTERVAL_MS: i64 = 2_000;
pub const YOUNG_FOR_MS: i64 = 60_000;
/// ... then this much less often per minute of age, up to [`MAX_INTERVAL_MS`].
pub const SLOWER_PER_MINUTE_MS: i64 = 1_000;
pub const MAX_INTERVAL_MS: i64 = 10_000;
/// One slot in this many goes to the store's runs when both classes are due.
pub const BACKGROUND_EVERY: u32 = 6;

/// How often a run only the store follows is asked about, by its age (since start, else since
/// this tab first saw it): 2 s under a minute, 3 s at one minute, … 10 s from nine minutes on.
pub fn background_interval_ms(age_ms: i64) -> i64 {
    if age_ms < YOUNG_FOR_MS {
        return YOUNG_INTERVAL_MS;
    }
    let minutes = age_ms / 60_000;
    (YOUNG_INTERVAL_MS + minutes * SLOWER_PER_MINUTE_MS).min(MAX_INTERVAL_MS)
}

/// What the schedule knows of one job.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct JobTiming {
    pub job_id: i64,
    /// When the last answer (good or not) came in; `None`: never asked.
    pub last_answer_ms: Option<i64>,
    /// After errors: not before this (backoff, Retry-After).
    pub retry_at_ms: Option<i64>,
    /// The last answer showed the latest run ended (or the job never ran).
    pub ended: bool,
    /// A refusal (403, 404, session over): asking again will not help until someone asks.
    pub fatal: bool,
    /// Someone asked for a fresh answer now.
    pub forced: bool,
    pub in_flight: bool,
    /// A view of this job paused its live updates: no scheduled requests.
    pub paused: bool,
    /// A view shows it now.
    pub on_screen: bool,
    /// The store still follows a run of this job that has not ended.
    pub store_live: bool,
    /// Age of the store's youngest live run of the job.
    pub age_ms: Option<i64>,
}

impl JobTiming {
    /// When its next scheduled request is due, if one is.
    pub fn due_at(&self) -> Option<i64> {
        if self.fatal || self.paused || (self.ended && !self.store_live) {
            return None;
        }
        if !self.on_screen && !self.store_live {
            return None;
        }
        if let Some(retry) = self.retry_at_ms {
            return Some(retry);
        }
        let interval = if self.on_screen {
            ON_SCREEN_INTERVAL_MS
        } else {
            background_interval_ms(self.age_ms.unwrap_or(0))
        };
        Some(self.last_answer_ms.map_or(i64::MIN, |t| t + interval))
    }
}

/// The tab-wide state of the budget.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Budget {
    pub last_sent_ms: Option<i64>,
    /// The server asked the tab to wait (Retry-After) until then.
    pub paused_until_ms: Option<i64>,
    /// On-screen requests sent in a row while store runs were due.
    pub on_screen_streak: u32,
}

impl Budget {
    /// Books a request sent now for a job of that class.
    pub fn sent(&mut self, now: i64, on_screen: bool, background_waiting: bool) {
        self.last_sent_ms = Some(now);
        self.on_screen_streak = if on_screen && background_waiting {
            self.on_screen_streak + 1
        } else {
            0
        };
    }
}

/// The schedule's next step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick {
    /// Ask about this job now.
    Send(i64),
    /// Look again in this many ms.
    After(i64),
    /// Nothing is due: no timer at all until something changes.
    Idle,
}

/// The next request, given every job's timing, the budget, and whether the tab is hidden.
pub fn pick(now: i64, jobs: &[JobTiming], budget: &Budget, hidden: bool, opt_in: bool) -> Pick {
    let slot = if hidden { HIDDEN_SLOT_MS } else { SLOT_MS };
    let scheduled_allowed = !hidden || opt_in;
    let next_free = budget
        .last_sent_ms
        .map_or(i64::MIN, |t| t + slot)
        .max(budget.paused_until_ms.unwrap_or(i64::MIN));
    let ready = |j: &&JobTiming| !j.in_flight;
    let due = |j: &JobTiming| {
        if j.forced {
            Some(i64::MIN)
        } else if scheduled_allowed {
            j.due_at()
        } else {
            None
        }
    };
    // The earliest moment anything could go.
    let Some(first_due) = jobs.iter().filter(ready).filter_map(due).min() else {
        return Pick::Idle;
    };
    let at = first_due.max(next_free);
    if at > now {
        return Pick::After(at.saturating_sub(now).max(1));
    }
    let due_now = |on_screen: bool| {
        jobs.iter()
            .filter(ready)
            .filter(|j| j.on_screen == on_screen || j.forced)
            .filter_map(|j| due(j).filter(|d| *d <= now).map(|d| (d, j.job_id)))
            .min()
    };
    if let Some((_, job)) = jobs
        .iter()
        .filter(ready)
        .filter(|j| j.forced)
        .map(|j| (i64::MIN, j.job_id))
        .min()
    {
        return Pick::Send(job);
    }
    let screen = due_now(true);
    let background = due_now(false);
    let choice = match (screen, background) {
        (Some(_), Some(b)) if budget.on_screen_streak + 1 >= BACKGROUND_EVERY => Some(b),
        (Some(s), _) => Some(s),
        (None, b) => b,
    };
    choice.map_or(Pick::Idle, |(_, job)| Pick::Send(job))
}

/// Whether a store run is waiting while an on-screen one goes (for [`Budget::sent`]).
pub fn background_waiting(now: i64, jobs: &[JobTiming]) -> bool {
    jobs.iter()
        .any(|j| !j.on_screen && !j.in_flight && j.due_at().is_some_and(|d| d <= now))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
