//! The scheduler's loop and its one wait: sleep until a timer or a wake-up (a view came or went,
//! an answer arrived, the tab came back), never with a timer while nothing is due.
//!
//! The loop's code (asking, answering, the timelines' storage, the progress endpoint) is a
//! wasm chunk of its own, fetched when the tab first has a run to follow: a first load of the
//! job list draws its rows without it (issue #15, P1 and P4).

use std::future::Future;
use std::pin::Pin;
use std::rc::{Rc, Weak};
use std::task::{Context, Poll};

use gloo_timers::callback::Timeout;
use leptos::prelude::*;

use super::super::rules::CLOCK_TICK_MS;
use super::super::schedule::{pick, Pick};
use super::Core;
use crate::browser::{document_hidden, now_ms};
use crate::components::announcer::announce_alert;
use crate::lazy_pages::{code_not_fetched, split_fn};

impl Core {
    /// Whether anything is to be asked about: a view's job, or a run the store follows.
    fn has_work(&self) -> bool {
        !self.jobs.borrow().is_empty() || !self.store_live().is_empty()
    }

    pub(super) fn wake(&self) {
        self.woken.set(true);
        if let Some(waker) = self.waker.borrow_mut().take() {
            waker.wake();
        }
    }

    fn wait(self: &Rc<Self>, ms: Option<i64>) -> Woken {
        let timer = ms.map(|ms| {
            let core: Weak<Core> = Rc::downgrade(self);
            Timeout::new(ms.clamp(1, i64::from(u32::MAX)) as u32, move || {
                if let Some(core) = core.upgrade() {
                    core.wake();
                }
            })
        });
        *self.timer.borrow_mut() = timer;
        Woken(self.clone())
    }
}

/// Sleeps until the tab has a run to follow (a view watches a job, or the run store follows
/// one), then fetches the loop's code and runs it. A chunk that cannot be fetched is said once,
/// and fetched again at the next wake-up (a view coming, the tab coming back).
pub(super) async fn start(core: Weak<Core>) {
    let mut said = false;
    loop {
        let Some(has_work) = core.upgrade().map(|c| c.has_work()) else {
            return;
        };
        if has_work {
            match poll_loop(core.clone()).await {
                Ok(run) => return run.await,
                Err(_) if !said => {
                    said = true;
                    announce_alert(code_not_fetched("Live run progress could not start"));
                }
                Err(_) => {}
            }
        }
        let Some(strong) = core.upgrade() else {
            return;
        };
        let woken = strong.wait(None);
        drop(strong);
        woken.await;
    }
}

split_fn!(fn poll_loop(core: Weak<Core>) -> Pin<Box<dyn Future<Output = ()>>>;
    preload preload_poll_loop => Box::pin(run(core)));

/// Fetches the loop's code ahead, when the browser is idle (`lazy_pages::prefetch_when_idle`).
pub(crate) async fn preload() {
    // An `Err` is already on the console; the chunk is fetched again when a run is followed.
    let _ = preload_poll_loop().await;
}

/// The one loop: send what is due, else sleep until something is (or only wake for the views'
/// clocks, or not at all).
async fn run(core: Weak<Core>) {
    loop {
        let Some(strong) = core.upgrade() else {
            return;
        };
        let now = now_ms();
        let hidden = document_hidden();
        let opt_in = strong
            .activity
            .and_then(|a| a.notify_opt_in().try_get_untracked())
            .unwrap_or(false);
        let timings = strong.timings(now);
        let clock = strong.tick(now, &timings, hidden);
        let wait = match pick(now, &timings, &strong.budget.get(), hidden, opt_in) {
            Pick::Send(job) => {
                strong.send(job, now, &timings);
                continue;
            }
            Pick::After(ms) => Some(ms),
            Pick::Idle => None,
        };
        let next_second = CLOCK_TICK_MS - now.rem_euclid(CLOCK_TICK_MS);
        let wait = match (wait, clock) {
            (Some(ms), true) => Some(ms.min(next_second)),
            (None, true) => Some(next_second),
            (w, false) => w,
        };
        let woken = strong.wait(wait);
        drop(strong);
        woken.await;
    }
}

/// The future of [`Core::wait`].
struct Woken(Rc<Core>);

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
