//! "Run" for one or many jobs: one `execute-job` request for the jobs that can start, and a
//! per-job account of what happened (run started, already running, or the server's reason).

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{use_api, ApiError, Run, RunState};
use crate::public_path::href;

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
}

#[derive(Clone, Debug, PartialEq)]
pub struct RunReport {
    /// The server's reason when it refused the whole request.
    pub batch_error: Option<String>,
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
                            JobOutcome::NotStarted(
                                "The server did not report a run for this job.".into(),
                            )
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
    RunReport { batch_error, items }
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
    let action = Action::new_local(move |jobs: &Vec<KnownJob>| {
        let api = api.clone();
        let jobs = jobs.clone();
        async move {
            let plan = plan(&jobs);
            let outcome = if plan.send.is_empty() {
                None
            } else {
                Some(api.execute_jobs(&plan.send).await)
            };
            if let (Some(callback), Some(_)) = (on_settled, &outcome) {
                callback.run(());
            }
            report(&jobs, &plan, outcome)
        }
    });
    let pending = action.pending();
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
                {move || action.value().get().map(|r| view! {
                    <RunResults report=r on_dismiss=Callback::new(move |_| action.value().set(None))/>
                })}
            </div>
        </div>
    }
}

#[component]
fn RunResults(report: RunReport, on_dismiss: Callback<()>) -> impl IntoView {
    let total = report.items.len();
    let started = report.started();
    let summary = match (started, total) {
        (0, 1) => "The job was not started.".to_string(),
        (1, 1) => "The run started.".to_string(),
        (s, t) => format!("Started {s} of {t} jobs."),
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
            {report.batch_error.map(|e| view! {
                <p class="run-batch-error">"The server said: " <q class="wrap-anywhere">{e}</q></p>
            })}
            <ul class="run-results-list">
                {report.items.into_iter().map(|(id, name, outcome)| {
                    let timeline = href(&format!("/jobs/{id}/run"));
                    let (class, text, link) = match outcome {
                        JobOutcome::Started { run_id } => ("started", format!("Run #{run_id} started"), Some("View timeline")),
                        JobOutcome::AlreadyRunning => ("busy", "Already running: not sent".to_string(), Some("View its run")),
                        JobOutcome::Refused(reason) => ("refused", reason, None),
                        JobOutcome::NotStarted(reason) => ("refused", reason, None),
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
        </div>
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn jobs() -> Vec<KnownJob> {
        vec![
            (4104, "Never ran".into(), RunState::Queued),
            (4102, "Busy".into(), RunState::Running),
            (4100, "Done".into(), RunState::Completed),
            (4110, "Odd".into(), RunState::Unknown("Paused".into())),
        ]
    }

    fn run(id: i64, job: i64) -> Run {
        Run {
            id,
            job_id: Some(job),
            status: RunState::Queued,
            scheduled_at: None,
        }
    }

    #[test]
    fn busy_jobs_stay_out_of_the_request_and_new_ones_go_in() {
        let p = plan(&jobs());
        assert_eq!(p.send, [4104, 4100]);
        assert_eq!(p.already_running, [4102, 4110]);
    }

    #[test]
    fn each_job_gets_its_run_or_its_reason() {
        let jobs = jobs();
        let p = plan(&jobs);
        let r = report(&jobs, &p, Some(Ok(vec![run(2, 4100), run(1, 4104)])));
        assert_eq!(r.items[0].2, JobOutcome::Started { run_id: 1 });
        assert_eq!(r.items[1].2, JobOutcome::AlreadyRunning);
        assert_eq!(r.items[2].2, JobOutcome::Started { run_id: 2 });
        assert_eq!(r.started(), 2);
        assert_eq!(r.batch_error, None);
    }

    #[test]
    fn a_refused_batch_names_the_culprits_and_leaves_the_rest_not_started() {
        let jobs = vec![
            (4107, "Queued".into(), RunState::Queued),
            (41, "Short id".into(), RunState::Completed),
        ];
        let p = plan(&jobs);
        let msg = "job 4107 is already running; job 9999 does not exist";
        let r = report(
            &jobs,
            &p,
            Some(Err(ApiError::BadRequest {
                message: msg.into(),
                code: None,
            })),
        );
        assert_eq!(r.batch_error.as_deref(), Some(msg));
        assert_eq!(
            r.items[0].2,
            JobOutcome::Refused("job 4107 is already running".into())
        );
        assert!(matches!(r.items[1].2, JobOutcome::NotStarted(_)));
        assert_eq!(r.started(), 0);
    }
}
