//! The Activity page at `/activity`: every run started from this tab or watched in it, live
//! through the one poller. A time chart of the runs, then the same runs as rows in two groups
//! (running, finished), state filters, "Clear finished", Re-run failed per batch, cancel per row,
//! and the switch for browser notifications.

mod batches;
mod chart;
pub mod logic;
pub mod notify;
mod rows;
pub mod scale;

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::activity::{use_activity, WatchedRun};
use crate::browser::now_ms;
use crate::components::announcer::announce;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::run_timeline::steps_text;
use crate::job_query::JobQuery;
use crate::page_title::use_page_title;
use crate::routes::Link;
use batches::Batches;
use chart::{Lane, TimeChart};
use logic::{Filter, Kind};
use notify::NotifySwitch;
use rows::RunRows;

/// How often the page's one clock ticks: running bars and "so far" durations follow it.
const TICK: Duration = Duration::from_secs(1);

/// "Step 3 of 5: Deploy", or what is known of it.
pub fn step_of(run: &WatchedRun) -> Option<String> {
    let steps = steps_text(run.completed_steps, run.total_steps);
    let label = run
        .step_label
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty());
    match (steps, label) {
        (Some(s), Some(l)) => Some(format!("{s}: {l}")),
        (Some(s), None) => Some(s),
        (None, Some(l)) => Some(l.to_string()),
        (None, None) => None,
    }
}

fn lane_of(run: &WatchedRun) -> Lane {
    Lane {
        run_id: run.run_id,
        job_id: run.job_id,
        job_name: run.job_name.clone(),
        state: run.state.clone(),
        finished: run.is_finished(),
        started_ms: run.started_ms,
        ended_ms: run.ended_ms,
        added_ms: run.added_ms,
        step: step_of(run),
    }
}

/// The page's clock: one interval for every bar and duration, gone with the page.
fn use_clock() -> Signal<i64> {
    let now = RwSignal::new(now_ms());
    if let Ok(handle) = set_interval_with_handle(move || now.set(now_ms()), TICK) {
        on_cleanup(move || handle.clear());
    }
    now.into()
}

#[component]
pub fn ActivityPage() -> impl IntoView {
    use_page_title(|| "Activity".into());
    let activity = use_activity();
    let runs = activity.runs();
    let now = use_clock();
    let filter = RwSignal::new(Filter::default());
    // Running first, then finished; each newest first, as the store keeps them.
    let shown = Memo::new(move |_| {
        let f = filter.get();
        runs.with(|rs| {
            let (live, ended): (Vec<&WatchedRun>, Vec<&WatchedRun>) = rs
                .iter()
                .filter(|r| f.admits(&r.state, r.is_finished()))
                .partition(|r| !r.is_finished());
            live.into_iter().chain(ended).cloned().collect::<Vec<_>>()
        })
    });
    let lanes = Signal::derive(move || shown.with(|rs| rs.iter().map(lane_of).collect()));
    // The runs on screen are polled first.
    Effect::new(move |_| {
        let jobs: Vec<i64> = shown.with(|rs| {
            rs.iter()
                .filter(|r| !r.is_finished())
                .map(|r| r.job_id)
                .collect()
        });
        activity.set_on_screen(jobs);
    });
    on_cleanup(move || activity.set_on_screen(Vec::new()));
    let any = move || runs.with(|rs| !rs.is_empty());

    view! {
        <section class="page activity-page">
            <div class="page-head activity-head">
                <h1>"Activity"</h1>
                <NotifySwitch/>
            </div>
            <p class="muted activity-intro">
                "Every run started from this tab or watched in it, live. They stay here until you sign out or close the tab."
            </p>
            <Show when=any fallback=|| view! { <EmptyActivity/> }>
                <Toolbar filter/>
                <Show
                    when=move || shown.with(|s| !s.is_empty())
                    fallback=|| view! { <p class="empty-state card">"No run matches the filters."</p> }
                >
                    <TimeChart lanes now/>
                </Show>
                <Batches/>
                <RunRows shown now/>
            </Show>
        </section>
    }
}

#[component]
fn EmptyActivity() -> impl IntoView {
    view! {
        <div class="empty-state card activity-empty">
            <p class="empty-title">"No runs in this tab yet."</p>
            <p>
                "Runs appear here when you start them (" <strong>"Run selected"</strong>
                " on the job list, " <strong>"Run now"</strong>
                " on a job) or open a run\u{2019}s timeline. You can then follow them all at once, re-run the ones that failed and be told when they end."
            </p>
            <p><A href=Link::Jobs(JobQuery::default()).href()>"Go to the jobs"</A></p>
        </div>
    }
}

/// State filters with counts, and "Clear finished".
#[component]
fn Toolbar(filter: RwSignal<Filter>) -> impl IntoView {
    let activity = use_activity();
    let runs = activity.runs();
    let kind_of = |r: &WatchedRun| Kind::of(&r.state, r.is_finished());
    let count = move |kind: Kind| runs.with(|rs| rs.iter().filter(|r| kind_of(r) == kind).count());
    let finished = move || runs.with(|rs| rs.iter().filter(|r| r.is_finished()).count());
    // Failed and cancelled runs are what Re-run failed works from: clearing them loses that.
    let loses_failures = move || {
        runs.with(|rs| {
            rs.iter()
                .any(|r| matches!(kind_of(r), Kind::Failed | Kind::Cancelled))
        })
    };
    let asking = RwSignal::new(false);
    let clear = move || {
        let n = finished();
        activity.clear_finished();
        announce(format!(
            "Cleared {n} finished run{}.",
            if n == 1 { "" } else { "s" }
        ));
    };
    view! {
        <div class="activity-toolbar">
            <fieldset class="state-filters">
                <legend>"Show"</legend>
                {Kind::ALL.into_iter().map(|kind| view! {
                    <label class=format!("state-filter state-filter-{}", kind.key())>
                        <input
                            type="checkbox"
                            name="state"
                            value=kind.key()
                            prop:checked=move || filter.get().shows(kind)
                            on:change=move |ev| filter.update(|f| *f = f.with(kind, event_target_checked(&ev)))
                        />
                        {kind.label()}
                        <span class="filter-count">{move || count(kind)}</span>
                    </label>
                }).collect_view()}
            </fieldset>
            <button
                type="button"
                class="button clear-finished"
                disabled=move || finished() == 0
                on:click=move |_| if loses_failures() { asking.set(true) } else { clear() }
            >
                "Clear finished"
            </button>
        </div>
        <Show when=move || asking.get()>
            <ConfirmDialog
                title=format!("Clear {} finished runs?", finished())
                confirm_label="Clear finished"
                on_confirm=Callback::new(move |_| { asking.set(false); clear(); })
                on_cancel=Callback::new(move |_| asking.set(false))
            >
                <p>"Failed or cancelled runs are among them: their Re-run failed buttons go too. Their timelines stay on the server."</p>
            </ConfirmDialog>
        </Show>
    }
}
