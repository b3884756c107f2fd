//! TEMPORARY stand-in for runs-core's store (same API), so the Activity page compiles before
//! that branch lands. Reverted before merging runs-core.
#![allow(dead_code, unused_variables)]

use leptos::prelude::*;

use crate::api::RunState;

#[derive(Clone, Debug, PartialEq)]
pub struct WatchedRun {
    pub run_id: i64,
    pub job_id: i64,
    pub job_name: String,
    pub batch: Option<i64>,
    pub state: RunState,
    pub started_ms: Option<i64>,
    pub ended_ms: Option<i64>,
    pub completed_steps: Option<u32>,
    pub total_steps: Option<u32>,
    pub step_label: Option<String>,
    pub added_ms: i64,
}

#[derive(Clone, Copy)]
pub struct Activity {
    runs: RwSignal<Vec<WatchedRun>>,
    notify: RwSignal<bool>,
}

pub fn use_activity() -> Activity {
    use_context::<Activity>().unwrap_or_else(|| {
        let a = Activity {
            runs: RwSignal::new(Vec::new()),
            notify: RwSignal::new(false),
        };
        provide_context(a);
        a
    })
}

impl Activity {
    pub fn runs(&self) -> Signal<Vec<WatchedRun>> {
        self.runs.into()
    }
    pub fn running_count(&self) -> Signal<usize> {
        let runs = self.runs;
        Signal::derive(move || runs.with(|r| r.iter().filter(|r| !r.state.is_terminal()).count()))
    }
    pub fn record_batch(&self, batch: i64, started: &[(i64, String, i64)]) {}
    pub fn watch(&self, job_id: i64, job_name: String, run_id: i64) {}
    pub fn clear_finished(&self) {
        self.runs.update(|r| r.retain(|r| !r.state.is_terminal()));
    }
    pub fn previous_run(&self, run: &WatchedRun) -> Option<WatchedRun> {
        None
    }
    pub fn on_finished(&self, f: impl Fn(&[WatchedRun]) + 'static) {}
    pub fn notify_opt_in(&self) -> RwSignal<bool> {
        self.notify
    }
    pub fn set_on_screen(&self, job_ids: Vec<i64>) {}
}
