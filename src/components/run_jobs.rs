//! "Run" for one or many jobs: one `execute-job` request for the jobs that can start, and a
//! per-job account of what happened (run started, already running, or the server's reason).

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::activity::Activity;
use crate::api::{use_api, ApiClient, ApiError, Progress, Run, RunState, Written};
use crate::browser::now_ms;
use crate::lazy_pages::{code_not_fetched, split_fn};
use crate::routes::Link;

/// A job as the caller knows it: id, name, last known state.
pub type KnownJob = (i64, String, RunState);

/// Which jobs go in the request. `Waiting`, `Running` and unknown states are known to be busy,
/// and the server refuses a whole batch for one busy job, so they stay out. `New` is ambiguous
/// (never ran, or a run is queued): it is sent and the server decides.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunPlan {
    pub send: Vec<i64>,
    pub already_running: Vec<i64>,
}

pub fn plan(jobs: &[KnownJob]) -> RunPlan {
    let mut out = RunPlan::default();
    for (id, _, state) in jobs {
        if out.send.contains(id) || out.already_running.contains(id) {
            continue;
        }
        let busy = matches!(
            state,
            RunState::Waiting | RunState::Running | RunState::Unknown(_)
        );
        if busy {
            out.already_running.push(*id);
        } else {
            out.send.push(*id);
        }
    }
    out
}

#[derive(Clone, Debug, PartialEq)]
pub enum JobOutcome {
    Started {
        run_id: i64,
    },
    AlreadyRunning,
    /// The server named this job in its refusal.
    Refused(String),
    /// Sent, but the batch failed for another reason (or another job).
    NotStarted(String),
    /// Sent and accepted, but neither the answer nor a re-read shows its run yet.
    Unconfirmed,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunReport {
    /// The server's reason when it refused the whole request.
    pub batch_error: Option<String>,
    /// Why the app sent nothing (its code to start runs could not be fetched).
    pub not_sent: Option<String>,
    /// The server accepted the request but its answer could not be read: the runs shown are
    /// what re-reading each job found.
    pub unconfirmed: bool,
    pub items: Vec<(i64, String, JobOutcome)>,
}

impl RunReport {
    pub fn started(&self) -> usize {
        self.items
            .iter()
            .filter(|(_, _, o)| matches!(o, JobOutcome::Started { .. }))
            .count()
    }
}

/// The part of a "; "-joined refusal that names `job {id}`, if any.
fn reason_for(message: &str, id: i64) -> Option<String> {
    let needle = format!("job {id}");
    message.split(';').map(str::trim).find_map(|part| {
        let at = part.find(&needle)?;
        let rest = &part[at + needle.len()..];
        // "job 41" must not match "job 4102".
        (!rest.starts_with(|c: char| c.is_ascii_digit())).then(|| part.to_string())
    })
}

pub fn report(
    jobs: &[KnownJob],
    plan: &RunPlan,
    outcome: Option<Result<Vec<Run>, ApiError>>,
    unconfirmed: bool,
) -> RunReport {
    let mut batch_error = None;
    let mut seen = Vec::new();
    let mut items = Vec::new();
    for (id, name, _) in jobs {
        if seen.contains(id) {
            continue;
        }
        seen.push(*id);
        let result = if plan.already_running.contains(id) {
            JobOutcome::AlreadyRunning
        } else {
            match &outcome {
                Some(Ok(runs)) => {
                    let position = plan.send.iter().position(|s| s == id);
                    // Match by job id; servers that omit it answer in request order.
                    runs.iter()
                        .find(|r| r.job_id == Some(*id))
                        .or_else(|| {
                            position.and_then(|i| runs.get(i).filter(|r| r.job_id.is_none()))
                        })
                        .map(|r| JobOutcome::Started { run_id: r.id })
                        .unwrap_or_else(|| {
                            if unconfirmed {
                                JobOutcome::Unconfirmed
                            } else {
                                JobOutcome::NotStarted(
                                    "The server did not report a run for this job.".into(),
                                )
                            }
                        })
                }
                Some(Err(ApiError::BadRequest { message, .. })) => {
                    batch_error = Some(message.clone());
                    reason_for(message, *id)
                        .map(JobOutcome::Refused)
                        .unwrap_or_else(|| {
                            JobOutcome::NotStarted(
                                "Not started: the server runs all of a request or none of it."
                                    .into(),
                            )
                        })
                }
                Some(Err(e)) => {
                    batch_error = Some(e.to_string());
                    JobOutcome::NotStarted("Not started.".into())
                }
                None => JobOutcome::NotStarted("Not sent.".into()),
            }
        };
        items.push((*id, name.clone(), result));
    }
    RunReport {
        batch_error,
        unconfirmed,
        items,
        not_sent: None,
    }
}

/// `(job, name, run)` of every run a report says started.
pub fn started_runs(report: &RunReport) -> Vec<(i64, String, i64)> {
    report
        .items
        .iter()
        .filter_map(|(job, name, outcome)| match outcome {
            JobOutcome::Started { run_id } => Some((*job, name.clone(), *run_id)),
            _ => None,
        })
        .collect()
}

/// How far back (ms) a run found by re-reading may have been scheduled and still be the one this
/// request started: a fast run may already have ended, and clocks differ a little.
const RE_READ_SLACK_MS: i64 = 5_000;

/// Whether the latest run a re-read found is the one a request sent at `sent_at` started: it is
/// still going (the job was not busy when sent), or it was scheduled since.
pub fn started_since(run: &Progress, sent_at: i64) -> bool {
    run.id.is_some()
        && (!run.status.is_terminal()
            || run
                .scheduled_at
                .or(run.start_time)
                .is_some_and(|at| at >= sent_at - RE_READ_SLACK_MS))
}

// Starting runs (the request, its answer read in any shape the contract allows, the re-reading
// when it cannot be read, the report) is a wasm chunk: a first load of the list does not need it.
// It is fetched when the browser is idle, or on the first click.
split_fn!(pub(crate) fn start_runs_code(api: ApiClient, jobs: Vec<KnownJob>, confirming: RwSignal<bool>)
    -> Pin<Box<dyn Future<Output = Started>>>;
    preload preload_start_runs => Box::pin(async move { start_runs(&api, &jobs, confirming).await }));

/// What a click on Run came to.
pub struct Started {
    pub report: RunReport,
    /// When the request was sent (or would have been): the batch's time in the run store.
    pub sent_at: i64,
    /// Whether the server answered (started or refused): what the caller shows may have changed.
    pub answered: bool,
}

/// Sends the jobs that can start and reports on each; `confirming` is on while the runs are
/// re-read after an answer that could not be read.
async fn start_runs(api: &ApiClient, jobs: &[KnownJob], confirming: RwSignal<bool>) -> Started {
    let plan = plan(jobs);
    let sent_at = now_ms();
    let (outcome, unconfirmed) = match plan.send.is_empty() {
        true => (None, false),
        false => match api.execute_jobs(&plan.send).await {
            Ok(Written::Confirmed(runs)) => (Some(Ok(runs)), false),
            Ok(Written::Unconfirmed(_)) => {
                confirming.try_set(true);
                let runs = re_read_runs(api, &plan.send, sent_at).await;
                confirming.try_set(false);
                (Some(Ok(runs)), true)
            }
            Err(e) => (Some(Err(e)), false),
        },
    };
    Started {
        sent_at,
        answered: outcome.is_some(),
        report: report(jobs, &plan, outcome, unconfirmed),
    }
}

/// The report when the code that starts runs could not be fetched: nothing was sent.
fn nothing_sent(jobs: &[KnownJob]) -> RunReport {
    let mut items: Vec<(i64, String, JobOutcome)> = Vec::new();
    for (id, name, _) in jobs {
        if !items.iter().any(|(seen, _, _)| seen == id) {
            items.push((
                *id,
                name.clone(),
                JobOutcome::NotStarted("Not sent.".into()),
            ));
        }
    }
    RunReport {
        not_sent: Some(code_not_fetched("No run was requested")),
        items,
        ..RunReport::default()
    }
}

/// After an answer that could not be read: each job's latest run, where it is the one just started.
async fn re_read_runs(api: &ApiClient, ids: &[i64], sent_at: i64) -> Vec<Run> {
    let mut runs = Vec::new();
    for &id in ids {
        if let Ok(p) = api.latest_progress(id).await {
            if let (true, Some(run_id)) = (started_since(&p, sent_at), p.id) {
                runs.push(Run {
                    id: run_id,
                    job_id: Some(id),
                    status: p.status,
                    scheduled_at: p.scheduled_at,
                });
            }
        }
    }
    runs
}

/// Runs the given jobs and shows what happened to each. `on_settled` hears when the server has
/// answered, started or refused, so the caller can refresh what it shows at once.
#[component]
pub fn RunJobsButton(
    #[prop(into)] jobs: Signal<Vec<KnownJob>>,
    #[prop(optional, into)] label: Option<String>,
    #[prop(optional, into)] on_settled: Option<Callback<()>>,
    /// Turns the button off while keeping the last results on screen.
    #[prop(optional, into)]
    disabled: MaybeProp<bool>,
) -> impl IntoView {
    let api = use_api();
    // Absent only where a component is mounted alone (browser tests): nothing is recorded then.
    let activity = use_context::<Activity>();
    // The server took the request but its answer could not be read: the runs are being re-read.
    let confirming = RwSignal::new(false);
    let action = Action::new_local(move |jobs: &Vec<KnownJob>| {
        let api = api.clone();
        let jobs = jobs.clone();
        async move {
            let Started {
                report,
                sent_at,
                answered,
            } = match start_runs_code(api, jobs.clone(), confirming).await {
                Ok(start) => start.await,
                Err(_) => Started {
                    report: nothing_sent(&jobs),
                    sent_at: now_ms(),
                    answered: false,
                },
            };
            // The caller may be gone by now (writes run to their answer): nothing to tell then.
            if let (Some(callback), true) = (on_settled, answered) {
                let _ = callback.try_run(());
            }
            // Every run this one call started is one batch of the tab's run store.
            if let Some(activity) = activity {
                activity.record_batch(sent_at, &started_runs(&report));
            }
            report
        }
    });
    let pending = action.pending();
    // Re-run failed: the runs the last request started that have since failed or been
    // cancelled (the tab's run store follows them), not run again since.
    let again = Memo::new(move |_| {
        let Some(activity) = activity else {
            return Vec::new();
        };
        action.value().with(|r| {
            r.as_ref()
                .map(|r| {
                    activity
                        .runs()
                        .with(|all| rerun::rerun_jobs(&rerun::report_runs(r, all)))
                })
                .unwrap_or_default()
        })
    });
    let rerun = Callback::new(move |_| {
        action.dispatch(again.get_untracked());
    });
    let label = label.unwrap_or_else(|| "Run".to_string());
    let off = move || pending.get() || disabled.get().unwrap_or(false) || jobs.with(Vec::is_empty);

    view! {
        <div class="run-jobs">
            <button
                type="button"
                class="button button-primary run-jobs-button"
                disabled=off
                on:click=move |_| {
                    action.dispatch(jobs.get_untracked());
                }
            >
                {move || if pending.get() { "Starting\u{2026}".to_string() } else { label.clone() }}
            </button>
            <div class="run-results-slot" role="status">
                <Show when=move || confirming.get()>
                    <p class="notice notice-warning run-confirming">
                        "Run requested \u{2014} the server\u{2019}s answer could not be confirmed; refreshing\u{2026}"
                    </p>
                </Show>
                {move || action.value().get().map(|r| view! {
                    <RunResults report=r again pending rerun on_dismiss=Callback::new(move |_| action.value().set(None))/>
                })}
            </div>
        </div>
    }
}

#[component]
fn RunResults(
    report: RunReport,
    again: Memo<Vec<KnownJob>>,
    pending: Memo<bool>,
    rerun: Callback<()>,
    on_dismiss: Callback<()>,
) -> impl IntoView {
    let total = report.items.len();
    let started = report.started();
    let summary = match (started, total, report.unconfirmed) {
        (0, 1, false) => "The job was not started.".to_string(),
        (0, 1, true) => "Run requested \u{2014} not confirmed yet.".to_string(),
        (1, 1, _) => "The run started.".to_string(),
        (s, t, _) => format!("Started {s} of {t} jobs."),
    };
    let tone = if started == total {
        "notice-success"
    } else {
        "notice-warning"
    };
    view! {
        <div class=format!("notice {tone} run-results")>
            <div class="run-results-head">
                <p class="notice-title">{summary}</p>
                <button type="button" class="button button-quiet" aria-label="Dismiss" on:click=move |_| on_dismiss.run(())>
                    "\u{2715}"
                </button>
            </div>
            {report.unconfirmed.then(|| view! {
                <p class="run-unconfirmed">"The server\u{2019}s answer could not be confirmed, so each job was re-read from the server: look at a job\u{2019}s timeline before running it again."</p>
            })}
            {report.not_sent.map(|why| view! { <p class="run-batch-error">{why}</p> })}
            {report.batch_error.map(|e| view! {
                <p class="run-batch-error">"The server said: " <q class="wrap-anywhere">{e}</q></p>
            })}
            <ul class="run-results-list">
                {report.items.into_iter().map(|(id, name, outcome)| {
                    let timeline = Link::Run(id).href();
                    let (class, text, link) = match outcome {
                        JobOutcome::Started { run_id } => ("started", format!("Run #{run_id} started"), Some("View timeline")),
                        JobOutcome::AlreadyRunning => ("busy", "Already running: not sent".to_string(), Some("View its run")),
                        JobOutcome::Refused(reason) => ("refused", reason, None),
                        JobOutcome::NotStarted(reason) => ("refused", reason, None),
                        JobOutcome::Unconfirmed => ("unconfirmed", "Requested; no new run seen yet".to_string(), Some("View timeline")),
                    };
                    view! {
                        <li class=format!("run-result run-result-{class}") data-job=id.to_string()>
                            <span class="run-result-name wrap-anywhere">{name}</span>
                            <span class="run-result-text wrap-anywhere">{text}</span>
                            {link.map(|l| view! { <A href=timeline>{l}</A> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <Show when=move || again.with(|a| !a.is_empty())>
                <button type="button" class="button rerun-failed" disabled=move || pending.get() on:click=move |_| rerun.run(())>
                    {move || match again.with(Vec::len) {
                        1 => "Re-run the failed job".to_string(),
                        n => format!("Re-run {n} failed jobs"),
                    }}
                </button>
            </Show>
        </div>
    }
}

pub mod rerun;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
