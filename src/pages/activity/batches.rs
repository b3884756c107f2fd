//! Re-run failed, per batch: each batch (the runs one execute-job call started) with failed or
//! cancelled runs not run again since gets one button that sends them all in ONE execute-job
//! call, through Run selected's own button, so its per-job results show the same way.

use leptos::prelude::*;

use super::logic::Kind;
use crate::activity::{use_activity, WatchedRun};
use crate::components::run_jobs::rerun::{batch_run, rerun_jobs, BatchRun};
use crate::components::run_jobs::{KnownJob, RunJobsButton};
use crate::components::time::local_text;

/// Each run of the batch as Re-run failed sees it, given every run the tab knows (newest first).
pub fn batch_runs(all: &[WatchedRun], batch: i64) -> Vec<BatchRun> {
    all.iter()
        .filter(|r| r.batch == Some(batch))
        .map(|r| batch_run(all, r))
        .collect()
}

/// The batches (newest first) that have something to re-run.
fn with_failures(all: &[WatchedRun]) -> Vec<i64> {
    let mut out: Vec<i64> = Vec::new();
    for b in all.iter().filter_map(|r| r.batch) {
        if !out.contains(&b) && !rerun_jobs(&batch_runs(all, b)).is_empty() {
            out.push(b);
        }
    }
    out
}

#[component]
pub fn Batches() -> impl IntoView {
    let runs = use_activity().runs();
    // A batch stays listed once shown (while its runs are kept), so the results of its Re-run
    // failed stay readable after the re-run leaves nothing more to re-run.
    let batches = Memo::new(move |prev: Option<&Vec<i64>>| {
        runs.with(|rs| {
            let mut out = with_failures(rs);
            for b in prev.into_iter().flatten() {
                if !out.contains(b) && rs.iter().any(|r| r.batch == Some(*b)) {
                    out.push(*b);
                }
            }
            out.sort_unstable_by(|a, b| b.cmp(a));
            out
        })
    });
    view! {
        <Show when=move || batches.with(|b| !b.is_empty())>
            <h2 class="activity-group">"Batches with failures"</h2>
            <ul class="batches">
                <For each=move || batches.get() key=|b| *b let(batch)>
                    <BatchCard batch/>
                </For>
            </ul>
        </Show>
    }
}

#[component]
fn BatchCard(batch: i64) -> impl IntoView {
    let runs = use_activity().runs();
    let members = Memo::new(move |_| runs.with(|rs| batch_runs(rs, batch)));
    let jobs: Signal<Vec<KnownJob>> = Signal::derive(move || members.with(|m| rerun_jobs(m)));
    let summary = move || {
        runs.with(|rs| {
            let m: Vec<&WatchedRun> = rs.iter().filter(|r| r.batch == Some(batch)).collect();
            let mut parts = Vec::new();
            for kind in [
                Kind::Failed,
                Kind::Cancelled,
                Kind::Completed,
                Kind::Running,
            ] {
                let n = m
                    .iter()
                    .filter(|r| Kind::of(&r.state, r.is_finished()) == kind)
                    .count();
                if n > 0 {
                    parts.push(format!("{n} {}", kind.key()));
                }
            }
            format!("{} runs: {}", m.len(), parts.join(", "))
        })
    };
    let to_rerun = move || match jobs.with(Vec::len) {
        0 => "nothing left to re-run".to_string(),
        1 => "1 to re-run".to_string(),
        n => format!("{n} to re-run"),
    };
    view! {
        <li class="batch card" data-batch=batch.to_string()>
            <p class="batch-head">
                <strong>"Started " {local_text(batch)}</strong>
                <span class="muted">" \u{b7} " {summary} " \u{b7} " {to_rerun}</span>
            </p>
            <RunJobsButton jobs label="Re-run failed"/>
        </li>
    }
}
