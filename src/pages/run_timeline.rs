//! The status timeline of a job's latest run at `/jobs/:id/run`: live progress, every observed
//! state and step, the outcome, and the actions that fit (cancel a live run, run again).

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::activity::Activity;
use crate::api::{use_api, ApiError, RunState};
use crate::components::announcer::Announce;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::error_notice::ErrorNotice;
use crate::components::run_jobs::RunJobsButton;
use crate::components::run_live::RunLiveStatus;
use crate::components::run_timeline::{RunSummary, TimelineList};
use crate::components::status_badge::StatusBadge;
use crate::page_title::use_page_title;
use crate::poller::{watch_job, JobWatch};
use crate::public_path::href;

#[component]
pub fn RunTimelinePage() -> impl IntoView {
    let params = use_params_map();
    let job_id = Memo::new(move |_| {
        params
            .with(|p| p.get("id"))
            .and_then(|id| id.trim().parse::<i64>().ok())
    });
    // Keyed by id: another job's timeline is a new watch, not this one's signals reused.
    move || match job_id.get() {
        Some(id) => view! { <RunTimeline job_id=id/> }.into_any(),
        None => view! { <NoSuchJob/> }.into_any(),
    }
}

#[component]
fn NoSuchJob() -> impl IntoView {
    use_page_title(|| "Job not found".into());
    view! {
        <section class="page">
            <h1>"Job not found"</h1>
            <div class="notice notice-error"><p>"This address does not name a job."</p></div>
        </section>
    }
}

#[component]
fn RunTimeline(job_id: i64) -> impl IntoView {
    let api = use_api();
    let job = LocalResource::new({
        let api = api.clone();
        move || {
            let api = api.clone();
            async move { api.job(job_id).await }
        }
    });
    let watch = watch_job(job_id);
    let job_name = move || {
        job.get()
            .and_then(Result::ok)
            .map(|j| j.display_name())
            .unwrap_or_else(|| format!("Job {job_id}"))
    };
    // The run joins the tab's store once it is known (and the job's name, if it loads), with the
    // state it has now: opening a finished run's timeline is not seeing it end.
    if let Some(activity) = use_context::<Activity>() {
        Effect::new(move |_| {
            let Some(p) = watch.progress.get().filter(|p| p.id.is_some()) else {
                return;
            };
            if job.with(Option::is_none) {
                return;
            }
            if let Some(run_id) = p.id {
                activity.watch(job_id, job_name(), run_id);
                activity.observe(job_id, &p);
                activity.end_round();
            }
        });
    }
    use_page_title(move || match watch.timeline.with(|t| t.run_id) {
        Some(run) => format!("Run #{run} \u{b7} {}", job_name()),
        None => format!("Latest run \u{b7} {}", job_name()),
    });

    view! {
        <section class="page run-page">
            <nav class="breadcrumbs" aria-label="Breadcrumb">
                <A href=href("/jobs")>"Jobs"</A>
                <span aria-hidden="true">" / "</span>
                <A href=href(&format!("/jobs/{job_id}"))><span class="wrap-anywhere">{job_name}</span></A>
                <span aria-hidden="true">" / "</span>
                <span aria-current="page">"Latest run"</span>
            </nav>
            <Transition fallback=move || view! { <h1>"Latest run"</h1> }>
                <ErrorBoundary fallback=move |errors| {
                    let error = errors.get().into_iter().next().and_then(|(_, e)| e.downcast_ref::<ApiError>().cloned());
                    view! { <ErrorNotice error=error.unwrap_or(ApiError::Network) on_retry=Callback::new(move |_| job.refetch())/> }
                }>
                    {move || Suspend::new(async move {
                        let job = job.await?;
                        Ok::<_, ApiError>(view! {
                            <div class="page-head run-head">
                                <h1>"Latest run of " <span class="wrap-anywhere">{job.display_name()}</span></h1>
                                {move || watch.state().map(|s| view! { <StatusBadge state=s/> })}
                            </div>
                        })
                    })}
                </ErrorBoundary>
            </Transition>
            <RunLiveStatus watch/>
            <RunBody watch job_name=Signal::derive(job_name)/>
            <p class="visually-hidden" aria-live="polite">{move || announcement(&watch)}</p>
        </section>
    }
}

/// What a screen reader hears: only the moment a watched run reaches its end.
fn announcement(watch: &JobWatch) -> String {
    watch.timeline.with(|t| {
        let ended = t.entries.last().filter(|e| e.state().is_terminal());
        let saw_it_running = t.entries.len() > 1;
        match (ended, saw_it_running) {
            (Some(e), true) => {
                let summary = watch
                    .progress
                    .with(|p| p.as_ref().and_then(|p| p.summary_message.clone()))
                    .unwrap_or_default();
                format!(
                    "Run {}: {}. {summary}",
                    t.run_id.unwrap_or_default(),
                    e.state().label()
                )
            }
            _ => String::new(),
        }
    })
}

#[component]
fn RunBody(watch: JobWatch, job_name: Signal<String>) -> impl IntoView {
    let job_id = watch.job_id;
    let never_ran = move || {
        watch
            .progress
            .with(|p| p.as_ref().is_some_and(|p| p.id.is_none()))
    };
    let has_timeline = move || watch.timeline.with(|t| !t.entries.is_empty());
    let run_jobs = Signal::derive(move || {
        vec![(
            job_id,
            job_name.get(),
            watch.state().unwrap_or(RunState::Queued),
        )]
    });
    let refresh = Callback::new(move |_| watch.refresh());
    // Which view to show, as a memo: each poll must not rebuild the view (and its actions' state).
    let mode = Memo::new(move |_| {
        if never_ran() {
            Mode::NeverRan
        } else if has_timeline() || watch.progress.with(Option::is_some) {
            Mode::Run
        } else if watch.error.with(Option::is_some) {
            Mode::Failed
        } else {
            Mode::Loading
        }
    });

    move || match mode.get() {
        Mode::NeverRan => view! {
            <div class="empty-state card run-empty">
                <p>"This job has not run yet."</p>
                <RunJobsButton jobs=run_jobs label="Run now" on_settled=refresh/>
            </div>
        }
        .into_any(),
        Mode::Run => view! {
            <RunActions watch run_jobs/>
            <RunSummary progress=watch.progress timeline=watch.timeline/>
            <h2 class="timeline-title">"Timeline"</h2>
            <TimelineList timeline=watch.timeline now=watch.now_ms/>
        }
        .into_any(),
        // The live-status strip shows the error.
        Mode::Failed => ().into_any(),
        Mode::Loading => view! { <p class="muted">"Loading the latest run\u{2026}"</p> }.into_any(),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    NeverRan,
    Run,
    Failed,
    Loading,
}

/// Cancel for a live run, "Run now" for an ended one. Cancelling stays shown until polling sees
/// the run end; a refusal (e.g. it had already finished) shows the server's reason.
#[component]
fn RunActions(watch: JobWatch, run_jobs: Signal<Vec<(i64, String, RunState)>>) -> impl IntoView {
    let api = use_api();
    let confirming = RwSignal::new(false);
    let cancel = Action::new_local(move |run_id: &i64| {
        let api = api.clone();
        let run_id = *run_id;
        async move {
            let result = api.cancel_run(run_id).await;
            // Either way the real state is what the server says next.
            watch.refresh();
            (run_id, result)
        }
    });
    let run_id = move || watch.timeline.with(|t| t.run_id);
    let live = move || watch.state().is_some_and(|s| !s.is_terminal());
    let cancel_answer = move || cancel.value().get().filter(|(id, _)| Some(*id) == run_id());
    let cancelling = move || {
        cancel.pending().get() || (live() && cancel_answer().is_some_and(|(_, r)| r.is_ok()))
    };
    let refusal = move || cancel_answer().and_then(|(id, r)| r.err().map(|e| (id, e)));
    let refresh = Callback::new(move |_| watch.refresh());

    view! {
        <div class="run-actions">
            <span class="run-id">{move || run_id().map(|id| format!("Run #{id}"))}</span>
            {move || if cancelling() {
                view! { <button type="button" class="button" disabled=true>"Cancelling\u{2026}"</button> }.into_any()
            } else if live() {
                view! {
                    <button type="button" class="button button-danger run-cancel" on:click=move |_| confirming.set(true)>
                        "Cancel run"
                    </button>
                }
                .into_any()
            } else {
                ().into_any()
            }}
            // Stays mounted while the run is live so a refusal's reason stays readable.
            <RunJobsButton jobs=run_jobs label="Run now" on_settled=refresh disabled=Signal::derive(live)/>
        </div>
        {move || refusal().map(|(id, error)| view! {
            <Announce text=format!("Run #{id} was not cancelled: {error}") alert=true/>
            <div class="notice notice-warning run-cancel-refused">
                <p class="notice-title">{format!("Run #{id} was not cancelled")}</p>
                <p class="wrap-anywhere">{error.to_string()}</p>
            </div>
        })}
        <Show when=move || confirming.get()>
            <ConfirmDialog
                title=format!("Cancel run #{}?", run_id().unwrap_or_default())
                confirm_label="Yes, cancel run"
                destructive=true
                on_confirm=Callback::new(move |_| {
                    confirming.set(false);
                    if let Some(id) = run_id() {
                        cancel.dispatch(id);
                    }
                })
                on_cancel=Callback::new(move |_| confirming.set(false))
            >
                <p>"The run stops where it is; steps already done stay done. This cannot be undone."</p>
            </ConfirmDialog>
        </Show>
    }
}
