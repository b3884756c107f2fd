//! The Activity rows: the chart's accessible equivalent, in two groups (running, finished), one
//! row per run with its links, badge, step, times, "vs previous run", and Cancel for a live run
//! (the timeline's confirmation, and the run's own id: a row never cancels a newer run).

use leptos::prelude::*;
use leptos_router::components::A;

use super::logic::{elapsed, vs_previous};
use super::step_of;
use crate::activity::{use_activity, WatchedRun};
use crate::api::{use_api, ApiError, Written};
use crate::components::announcer::Announce;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::status_badge::StatusBadge;
use crate::components::time::{local_text, machine_time};
use crate::dates::{duration, relative};
use crate::routes::Link;

/// The one cancel flow of the page: which run is being asked about, and the answers.
#[derive(Clone, Copy)]
struct Cancel {
    asking: RwSignal<Option<(i64, String)>>,
    action: Action<i64, (i64, Result<Written<()>, ApiError>)>,
}

impl Cancel {
    /// Sent and accepted: the row says "Cancelling…" until polling sees the run end.
    fn accepted(&self, run_id: i64) -> bool {
        self.action
            .value()
            .with(|v| matches!(v, Some((id, Ok(_))) if *id == run_id))
            || (self.action.pending().get() && self.action.input().with(|i| *i == Some(run_id)))
    }
}

#[component]
pub fn RunRows(shown: Memo<Vec<WatchedRun>>, now: Signal<i64>) -> impl IntoView {
    let api = use_api();
    let cancel = Cancel {
        asking: RwSignal::new(None),
        action: Action::new_local(move |run_id: &i64| {
            let api = api.clone();
            let run_id = *run_id;
            async move { (run_id, api.cancel_run(run_id).await) }
        }),
    };
    let live = Memo::new(move |_| {
        shown.with(|rs| {
            rs.iter()
                .filter(|r| !r.is_finished())
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let ended = Memo::new(move |_| {
        shown.with(|rs| {
            rs.iter()
                .filter(|r| r.is_finished())
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let refusal = move || {
        cancel
            .action
            .value()
            .get()
            .and_then(|(id, r)| r.err().map(|e| (id, e)))
    };

    view! {
        {move || refusal().map(|(id, error)| view! {
            <Announce text=format!("Run #{id} was not cancelled: {error}") alert=true/>
            <div class="notice notice-warning run-cancel-refused">
                <p class="notice-title">{format!("Run #{id} was not cancelled")}</p>
                <p class="wrap-anywhere">{error.to_string()}</p>
            </div>
        })}
        <Group title="Running" class="runs-running" runs=live now cancel/>
        <Group title="Finished" class="runs-finished" runs=ended now cancel/>
        {move || cancel.asking.get().map(|(run_id, job)| view! {
            <ConfirmDialog
                title=format!("Cancel run #{run_id}?")
                confirm_label="Yes, cancel run"
                destructive=true
                on_confirm=Callback::new(move |_| {
                    cancel.asking.set(None);
                    cancel.action.dispatch(run_id);
                })
                on_cancel=Callback::new(move |_| cancel.asking.set(None))
            >
                <p>
                    "Run #" {run_id} " of " <span class="wrap-anywhere">{job}</span>
                    " stops where it is; steps already done stay done. This cannot be undone."
                </p>
            </ConfirmDialog>
        })}
    }
}

#[component]
fn Group(
    title: &'static str,
    class: &'static str,
    runs: Memo<Vec<WatchedRun>>,
    now: Signal<i64>,
    cancel: Cancel,
) -> impl IntoView {
    let heading = format!("activity-{class}");
    view! {
        <Show when=move || runs.with(|r| !r.is_empty())>
            <h2 class="activity-group" id=heading.clone()>
                {title} " " <span class="group-count">{move || runs.with(Vec::len)}</span>
            </h2>
            <div class="activity-table-wrap">
                <table class=format!("table activity-table {class}") aria-labelledby=heading.clone()>
                    <thead>
                        <tr>
                            <th scope="col">"Job"</th>
                            <th scope="col">"Run"</th>
                            <th scope="col">"State"</th>
                            <th scope="col">"Step"</th>
                            <th scope="col">"Started"</th>
                            <th scope="col">"Duration"</th>
                            <th scope="col">"vs previous run"</th>
                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        <For
                            each=move || runs.get()
                            key=|r| r.run_id
                            let(run)
                        >
                            <Row run group=runs now cancel/>
                        </For>
                    </tbody>
                </table>
            </div>
        </Show>
    }
}

/// One run's row. Keyed by run alone, so a poll that moves the run on updates the row in
/// place: its Cancel button keeps focus while the step changes (a run that ends moves to the
/// other group).
#[component]
fn Row(
    run: WatchedRun,
    group: Memo<Vec<WatchedRun>>,
    now: Signal<i64>,
    cancel: Cancel,
) -> impl IntoView {
    let activity = use_activity();
    let live = !run.is_finished();
    let (run_id, job_id, name) = (run.run_id, run.job_id, run.job_name.clone());
    let current = Memo::new(move |_| {
        group
            .with(|rs| rs.iter().find(|r| r.run_id == run_id).cloned())
            .unwrap_or_else(|| run.clone())
    });
    let started = Memo::new(move |_| current.with(|r| r.started_ms));
    let took = move || {
        current.with(|r| {
            elapsed(
                r.started_ms,
                r.ended_ms,
                !live,
                if live { now.get() } else { 0 },
            )
        })
    };
    let prev_took = Memo::new(move |_| {
        let previous = current.with(|r| activity.previous_run(r))?;
        elapsed(previous.started_ms, previous.ended_ms, true, 0)
    });
    let vs = move || vs_previous(took()?, prev_took.get()?, live);
    let state = Signal::derive(move || current.with(|r| r.state.clone()));
    let link_text = name.clone();
    view! {
        <tr class=move || format!("activity-row row-{}", state.with(|s| s.key())) data-run=run_id.to_string() data-job=job_id.to_string()>
            <td class="wrap-anywhere"><A href=Link::Job(job_id).href()>{link_text}</A></td>
            <td>
                <A href=Link::Run(job_id).href() attr:aria-label=format!("Run #{run_id} timeline")>
                    {format!("#{run_id}")}
                </A>
            </td>
            <td><StatusBadge state/></td>
            <td class="wrap-anywhere">{move || current.with(step_of).unwrap_or_else(|| "\u{2014}".into())}</td>
            <td>
                {move || match started.get() {
                    Some(ms) => view! {
                        <time datetime=machine_time(ms) title=local_text(ms)>{move || relative(ms, now.get())}</time>
                    }.into_any(),
                    None => view! { <span class="muted">"Not started"</span> }.into_any(),
                }}
            </td>
            <td class="num">
                {move || match took() {
                    Some(ms) if live => format!("{} so far", duration(ms)),
                    Some(ms) => duration(ms),
                    None => "\u{2014}".into(),
                }}
            </td>
            <td class=move || vs_class(vs().as_deref())>{move || vs().unwrap_or_else(|| "\u{2014}".into())}</td>
            <td class="row-actions">
                {live.then(|| view! {
                    <Show
                        when=move || !cancel.accepted(run_id)
                        fallback=|| view! { <button type="button" class="button button-small" disabled=true>"Cancelling\u{2026}"</button> }
                    >
                        <button
                            type="button"
                            class="button button-small button-danger-outline row-cancel"
                            aria-label=format!("Cancel run #{run_id} of {name}")
                            on:click={
                                let name = name.clone();
                                move |_| cancel.asking.set(Some((run_id, name.clone())))
                            }
                        >
                            "Cancel"
                        </button>
                    </Show>
                })}
            </td>
        </tr>
    }
}

fn vs_class(text: Option<&str>) -> &'static str {
    match text {
        Some(t) if t.contains("longer") => "vs vs-longer",
        Some(t) if t.contains("faster") => "vs vs-faster",
        _ => "vs",
    }
}
