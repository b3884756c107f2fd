//! The runs this tab started or watched, for every view that shows them (badges, toasts, the
//! title's counts, the Activity page): one store, provided by context, kept in this tab's
//! sessionStorage under one key so a reload keeps it and signing out clears it. The scheduler
//! feeds it each poll's answer; what changes a run is decided in `store` (pure, tested natively).

pub mod store;

pub use store::{WatchedRun, ENDED_UNSEEN};

use std::cell::RefCell;
use std::rc::Rc;

use gloo_storage::{SessionStorage, Storage};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::Progress;
use crate::browser::now_ms;
use crate::session::Session;

type Listener = Rc<dyn Fn(&[WatchedRun])>;

/// What the one storage key holds.
#[derive(Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct Stored {
    runs: Vec<WatchedRun>,
    /// Failed runs the tester has seen (Activity visited, toast dismissed): the title stops
    /// counting them.
    seen_failures: Vec<i64>,
    notify: bool,
}

#[derive(Default)]
struct Inner {
    listeners: Vec<(u64, Listener)>,
    next_listener: u64,
    /// Runs that ended in the current scheduler round, handed to the listeners at its end.
    round: Vec<WatchedRun>,
    /// Runs only watched and not yet seen by a poll: their first state is not an end seen here.
    silent: Vec<i64>,
}

/// The tab's run store. `Copy`: pass it anywhere.
#[derive(Clone, Copy)]
pub struct Activity {
    runs: RwSignal<Vec<WatchedRun>>,
    seen_failures: RwSignal<Vec<i64>>,
    notify: RwSignal<bool>,
    on_screen: RwSignal<Vec<i64>>,
    running: Memo<usize>,
    inner: StoredValue<Rc<RefCell<Inner>>, LocalStorage>,
}

impl Activity {
    /// The store as this tab's storage has it; cleared when the session ends.
    pub fn new(session: Session) -> Self {
        let stored = SessionStorage::get::<Stored>(store::STORAGE_KEY).unwrap_or_default();
        let runs = RwSignal::new(stored.runs);
        let activity = Self {
            runs,
            seen_failures: RwSignal::new(stored.seen_failures),
            notify: RwSignal::new(stored.notify),
            on_screen: RwSignal::new(Vec::new()),
            running: Memo::new(move |_| runs.with(|r| store::running_count(r))),
            inner: StoredValue::new_local(Rc::new(RefCell::new(Inner::default()))),
        };
        // Signing out (or a refused token) empties the tab's storage; the memory follows, so the
        // next user of this tab sees none of it.
        Effect::watch(
            move || session.is_signed_in(),
            move |signed_in, _, _| {
                if !signed_in {
                    activity.runs.set(Vec::new());
                    activity.seen_failures.set(Vec::new());
                    activity.notify.set(false);
                    SessionStorage::delete(store::STORAGE_KEY);
                }
            },
            false,
        );
        // Every change is written back, so a reload keeps it (storage may be full or off: the
        // store then lasts as long as the page).
        Effect::watch(
            move || {
                (
                    activity.runs.get(),
                    activity.seen_failures.get(),
                    activity.notify.get(),
                )
            },
            move |(runs, seen_failures, notify), _, _| {
                if session.is_signed_in() {
                    let stored = Stored {
                        runs: runs.clone(),
                        seen_failures: seen_failures.clone(),
                        notify: *notify,
                    };
                    let _ = SessionStorage::set(store::STORAGE_KEY, &stored);
                }
            },
            false,
        );
        activity
    }

    /// Every run, newest first.
    pub fn runs(&self) -> Signal<Vec<WatchedRun>> {
        self.runs.into()
    }

    /// Runs not finished yet.
    pub fn running_count(&self) -> Signal<usize> {
        self.running.into()
    }

    /// The runs one execute-job call started (`(job, name, run)`), under one batch id.
    pub fn record_batch(&self, batch: i64, started: &[(i64, String, i64)]) {
        if started.is_empty() {
            return;
        }
        self.runs
            .update(|runs| store::record_batch(runs, batch, started, now_ms()));
    }

    /// Adds a run seen here (its timeline). Its first polled state is not an end seen here.
    pub fn watch(&self, job_id: i64, job_name: String, run_id: i64) {
        let known = self
            .runs
            .with_untracked(|r| r.iter().any(|r| r.run_id == run_id));
        if known {
            return;
        }
        self.with_inner(|i| i.silent.push(run_id));
        self.runs
            .update(|runs| _ = store::watch(runs, job_id, job_name, run_id, now_ms()));
    }

    pub fn clear_finished(&self) {
        self.runs.update(store::clear_finished);
        self.seen_failures.set(Vec::new());
    }

    /// The newest earlier finished run of the same job seen by this tab.
    pub fn previous_run(&self, run: &WatchedRun) -> Option<WatchedRun> {
        self.runs.with(|r| store::previous_run(r, run))
    }

    /// Calls `f` once per scheduler round with the runs that ended in it. Dropped with the
    /// calling owner, if any.
    pub fn on_finished(&self, f: impl Fn(&[WatchedRun]) + 'static) {
        let Some(id) = self.with_inner(|i| {
            i.next_listener += 1;
            i.listeners.push((i.next_listener, Rc::new(f)));
            i.next_listener
        }) else {
            return;
        };
        let inner = self.inner;
        on_cleanup(move || {
            let _ = inner.try_with_value(|i| i.borrow_mut().listeners.retain(|(l, _)| *l != id));
        });
    }

    /// Whether the tester asked for browser notifications (the Activity page's switch).
    pub fn notify_opt_in(&self) -> RwSignal<bool> {
        self.notify
    }

    /// The jobs whose runs a view shows now: polled first.
    pub fn set_on_screen(&self, job_ids: Vec<i64>) {
        self.on_screen.set(job_ids);
    }

    /// The jobs `set_on_screen` named last.
    pub fn on_screen(&self) -> Signal<Vec<i64>> {
        self.on_screen.into()
    }

    /// Jobs with a run still going, each once.
    pub fn live_jobs_untracked(&self) -> Vec<i64> {
        self.runs.with_untracked(|r| store::live_jobs(r))
    }

    /// `(job, age)` of every job with a run still going (its youngest run's age).
    pub fn live_job_ages_untracked(&self, now: i64) -> Vec<(i64, i64)> {
        self.runs.with_untracked(|r| store::live_job_ages(r, now))
    }

    /// Whether anything the scheduler reads changed (runs, what is on screen, the opt-in).
    pub fn track_for_scheduler(&self) {
        self.runs.track();
        self.on_screen.track();
        self.notify.track();
    }

    /// Failed runs the title counts: not cleared, not seen on Activity, not dismissed.
    pub fn unseen_failures(&self) -> Signal<usize> {
        let (runs, seen) = (self.runs, self.seen_failures);
        Signal::derive(move || {
            seen.with(|seen| {
                runs.with(|r| {
                    r.iter()
                        .filter(|r| {
                            r.state == crate::api::RunState::Failed && !seen.contains(&r.run_id)
                        })
                        .count()
                })
            })
        })
    }

    /// The tester has seen these failures (visited Activity, dismissed a toast).
    pub fn mark_failures_seen(&self, run_ids: Option<&[i64]>) {
        let ids: Vec<i64> = match run_ids {
            Some(ids) => ids.to_vec(),
            None => self.runs.with_untracked(|r| {
                r.iter()
                    .filter(|r| r.state == crate::api::RunState::Failed)
                    .map(|r| r.run_id)
                    .collect()
            }),
        };
        let new = self
            .seen_failures
            .with_untracked(|seen| ids.iter().any(|id| !seen.contains(id)));
        if new {
            self.seen_failures.update(|seen| {
                seen.extend(ids);
                // `sort`, not `sort_unstable`: for ids both give the same, and the stable sort's
                // code is in the wasm already (`BTreeSet`'s), where the other would be a copy.
                seen.sort();
                seen.dedup();
                // Only runs still in the store need remembering.
                let known = self
                    .runs
                    .with_untracked(|r| r.iter().map(|r| r.run_id).collect::<Vec<_>>());
                seen.retain(|id| known.contains(id));
            });
        }
    }

    /// A poll's answer for `job_id`: moves its runs on; ends are handed out at the round's end.
    pub fn observe(&self, job_id: i64, progress: &Progress) {
        let touches = self
            .runs
            .with_untracked(|r| r.iter().any(|r| r.job_id == job_id && !r.is_finished()));
        if !touches {
            return;
        }
        let silent = self.with_inner(|i| i.silent.clone()).unwrap_or_default();
        let mut runs = self.runs.get_untracked();
        let ended = store::apply_progress(&mut runs, job_id, progress, now_ms(), &silent);
        // Only a change wakes the views (and the storage write): most answers change nothing.
        if self.runs.with_untracked(|old| *old != runs) {
            self.runs.set(runs);
        }
        let seen: Vec<i64> = progress.id.into_iter().collect();
        self.with_inner(|i| {
            i.silent.retain(|id| !seen.contains(id));
            i.round.extend(ended);
        });
    }

    /// Ends a scheduler round: the runs that ended in it go to every listener, together.
    pub fn end_round(&self) {
        let Some((ended, listeners)) = self.with_inner(|i| {
            let ended = std::mem::take(&mut i.round);
            let listeners: Vec<Listener> = i.listeners.iter().map(|(_, l)| l.clone()).collect();
            (ended, listeners)
        }) else {
            return;
        };
        if ended.is_empty() {
            return;
        }
        for listener in listeners {
            listener(&ended);
        }
    }

    fn with_inner<T>(&self, f: impl FnOnce(&mut Inner) -> T) -> Option<T> {
        self.inner.try_with_value(|i| f(&mut i.borrow_mut()))
    }
}

pub fn use_activity() -> Activity {
    expect_context::<Activity>()
}
