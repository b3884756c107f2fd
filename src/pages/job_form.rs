//! The pages that create and edit a job (`/jobs/new`, `/jobs/:id/edit`) and create-and-execute
//! (`/jobs/new/execute`): each wraps the one `JobForm` and decides what sending means.

mod draft;
mod duplicate;
mod fields;
pub mod leave_guard;
mod lookups;
mod pickers;
mod result_file;
mod stash;

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::{
    use_api, ApiClient, ApiError, Job, JobInput, Undecodable, Written, ANYONE_USER_ID,
};
use crate::browser::now_ms;
use crate::job_query::JobQuery;
use crate::page_title::use_page_title;
use crate::pages::job::flash::flash_success;
use crate::pages::job::with_loaded_job;
use crate::pages::OnScreen;
use crate::routes::Link;
use crate::session::{use_session, SessionEnd};
use draft::JobDraft;
use duplicate::DuplicateJobPage;
use fields::JobForm;
use result_file::ResultFilePicker;
pub use stash::{use_draft_stash, DraftStash};

/// The draft of the form on screen: what was stashed for this form (handed over by the other
/// create form, or kept when the session ended under it) over `baseline`, else `baseline`
/// itself. Whatever the user typed is stashed again if the session ends while the form is open.
fn form_draft(baseline: &JobInput) -> JobDraft {
    let stash = use_draft_stash();
    let session = use_session();
    let route = use_location().pathname.get_untracked();
    let user = session.user_untracked().map(|u| u.id);
    let draft = match stash.take(&route, user) {
        Some(typed) => JobDraft::with_baseline(&typed, baseline),
        None => JobDraft::new(baseline),
    };
    // A 401 from any request ends the session and takes the form off screen; the sign-in page
    // brings the user back here, to the same typing. The form never sends it again by itself.
    on_cleanup(move || {
        if session.ended_untracked() == Some(SessionEnd::Expired) {
            if let Some(typed) = draft.unsaved_input() {
                stash.put(&route, user, typed);
            }
        }
    });
    draft
}

/// A create form's draft, and the blank job it starts from (what "unchanged" means for the
/// unsaved-changes guard).
fn starting_draft() -> (JobDraft, JobInput) {
    let blank = blank_input();
    (form_draft(&blank), blank)
}

/// A create form (`execute`: the one that runs a result file) in the scope of `input`.
fn create_form(execute: bool, input: Option<&JobInput>) -> Link {
    let (project, release) = input.map(scope_of).unwrap_or_default();
    if execute {
        Link::CreateAndExecute { project, release }
    } else {
        Link::NewJob { project, release }
    }
}

/// A button to the other create form (`execute`: the one that runs a result file), taking the
/// typing along.
#[component]
fn SwitchForm(draft: JobDraft, execute: bool, label: &'static str) -> impl IntoView {
    let navigate = use_navigate();
    let stash = use_draft_stash();
    let user = use_session().user_untracked().map(|u| u.id);
    let switch = move |_| {
        let typed = draft.input_untracked();
        let url = create_form(execute, Some(&typed)).path();
        // Stashed under the route's path, as the form there reads it (no query).
        stash.put(&create_form(execute, None).path(), user, typed);
        draft.mark_saved();
        navigate(&url, NavigateOptions::default());
    };
    view! {
        <button type="button" class="button button-quiet link-button" on:click=switch>{label}</button>
    }
}

/// A new job's starting point: the project and release of `?project=&release=`, "Anyone".
fn blank_input() -> JobInput {
    let query = use_query_map();
    let id = |key: &str| {
        query
            .with_untracked(|q| q.get(key))
            .and_then(|v| v.trim().parse::<i64>().ok())
            .unwrap_or_default()
    };
    JobInput {
        project_id: id("project"),
        release_id: id("release"),
        assign_results_to: Some(ANYONE_USER_ID),
        ..JobInput::default()
    }
}

/// The project and release of an input, where chosen (a release only with its project).
fn scope_of(input: &JobInput) -> (Option<i64>, Option<i64>) {
    let project = (input.project_id > 0).then_some(input.project_id);
    let release = project.and((input.release_id > 0).then_some(input.release_id));
    (project, release)
}

/// The job list of an input's scope: where Cancel on a create form goes.
fn list_of(input: &JobInput) -> Link {
    let (project, release) = scope_of(input);
    Link::Jobs(JobQuery {
        project,
        release,
        ..JobQuery::default()
    })
}

/// The last attempt's failure, hidden while a new attempt is under way.
fn failure_of<I, T>(action: Action<I, Result<T, ApiError>>) -> Signal<Option<ApiError>>
where
    I: 'static,
    T: Clone + 'static,
{
    Signal::derive(move || {
        if action.pending().get() {
            None
        } else {
            action.value().get().and_then(Result::err)
        }
    })
}

/// Creates the job (`job_id` `None`) or updates it, then shows the job page with a notice. An
/// accepted save whose answer could not be read is re-read, never reported as a failure; nothing
/// happens on screen if the user left the form meanwhile.
fn save_action(draft: JobDraft, job_id: Option<i64>) -> Action<JobInput, Result<Job, ApiError>> {
    let api = use_api();
    let navigate = use_navigate();
    let on_screen = OnScreen::new();
    Action::new_local(move |input: &JobInput| {
        let (api, navigate, input) = (api.clone(), navigate.clone(), input.clone());
        async move {
            let sent_at = now_ms();
            let written = match job_id {
                Some(id) => api.update_job(id, &input).await?,
                None => api.create_job(&input).await?,
            };
            let (job, note) = match written {
                Written::Confirmed(job) => (job, ""),
                Written::Unconfirmed(why) => {
                    let found = match job_id {
                        Some(id) => api.job(id).await.ok(),
                        None => find_created(&api, &input, sent_at).await,
                    };
                    (found.ok_or(ApiError::Unconfirmed(why))?, UNCONFIRMED_NOTE)
                }
            };
            if !on_screen.get() {
                return Ok(job);
            }
            draft.mark_saved();
            let verb = if job_id.is_some() { "saved" } else { "created" };
            flash_success(format!(
                "Job \u{201c}{}\u{201d} {verb}.{note}",
                job.display_name()
            ));
            navigate(&Link::Job(job.id).path(), NavigateOptions::default());
            Ok(job)
        }
    })
}

/// Added to the notice when the server's answer could not be read and the job was re-read.
const UNCONFIRMED_NOTE: &str =
    " The server\u{2019}s answer could not be confirmed; this is the job as re-read from the server.";

/// How long before the request a job found by re-reading may have been created (clocks differ).
const CREATED_SLACK_MS: i64 = 60_000;

/// The job a create just made, when its answer could not be read: the newest job of its list
/// with the name sent, created since the request went out.
async fn find_created(api: &ApiClient, input: &JobInput, sent_at: i64) -> Option<Job> {
    let jobs = api
        .jobs::<Job>(input.project_id, input.release_id)
        .await
        .ok()?;
    jobs.into_iter()
        .filter(|j| j.input.job_name == input.job_name)
        .filter(|j| {
            j.created_at
                .is_none_or(|at| at >= sent_at - CREATED_SLACK_MS)
        })
        .max_by_key(|j| j.id)
}

/// `/jobs/new`: a blank create form, or with `?from=ID` the create form filled from that job.
#[component]
pub fn NewJobPage() -> impl IntoView {
    let from = use_query_map().with_untracked(|q| q.get("from"));
    match from {
        Some(id) => view! { <DuplicateJobPage from=id.trim().parse().ok()/> }.into_any(),
        None => {
            use_page_title(|| "New job".into());
            let (draft, blank) = starting_draft();
            let heading = view! { <h1>"New job"</h1> }.into_any();
            create_job_form(draft, list_of(&blank), heading)
        }
    }
}

/// The create form with its heading, sending to `create-job-detail`; Cancel goes to `cancel`.
fn create_job_form(draft: JobDraft, cancel: Link, heading: AnyView) -> AnyView {
    let save = save_action(draft, None);
    view! {
        <section class="page job-form-page">
            <div class="page-head">
                {heading}
                <SwitchForm draft=draft execute=true label="Create and run with a result file \u{2192}"/>
            </div>
            <JobForm
                draft=draft
                submit_label="Create job"
                sending_label="Creating\u{2026}"
                sending=save.pending()
                failure=failure_of(save)
                dirty=Signal::derive(move || draft.is_dirty())
                cancel_to=cancel.path()
                on_submit=Callback::new(move |input| {
                    save.dispatch(input);
                })
            />
        </section>
    }
    .into_any()
}

#[component]
pub fn EditJobPage() -> impl IntoView {
    with_loaded_job(
        |job| view! { <EditJobForm job=job/> }.into_any(),
        |name| format!("Edit {name}"),
    )
}

#[component]
fn EditJobForm(job: Job) -> impl IntoView {
    // Made once per loaded job: a reload of the page's data must never replace the typing.
    let draft = form_draft(&job.input);
    let save = save_action(draft, Some(job.id));
    view! {
        <section class="page job-form-page">
            <div class="page-head">
                <div>
                    <p class="eyebrow">"Edit job"</p>
                    <h1 class="wrap-anywhere">{job.display_name()}</h1>
                </div>
            </div>
            <JobForm
                draft=draft
                submit_label="Save changes"
                sending_label="Saving\u{2026}"
                sending=save.pending()
                failure=failure_of(save)
                dirty=Signal::derive(move || draft.is_dirty())
                cancel_to=Link::Job(job.id).path()
                on_submit=Callback::new(move |input| {
                    save.dispatch(input);
                })
            />
        </section>
    }
}

#[component]
pub fn CreateAndExecutePage() -> impl IntoView {
    let (draft, blank) = starting_draft();
    use_page_title(|| "Create and run".into());
    let file = RwSignal::new_local(None::<web_sys::File>);
    let file_missing = RwSignal::new(false);
    let api = use_api();
    let navigate = use_navigate();
    let on_screen = OnScreen::new();
    let run = Action::new_local(move |input: &JobInput| {
        let (api, navigate, input) = (api.clone(), navigate.clone(), input.clone());
        let chosen = file.get_untracked();
        async move {
            let Some(chosen) = chosen else {
                return Err(ApiError::BadRequest {
                    message: "Choose the result file to run the job on.".into(),
                    code: None,
                });
            };
            let sent_at = now_ms();
            let (job_id, name, note) = match api.create_and_execute(&input, &chosen).await? {
                Written::Confirmed(created) if created.job_id().is_some() => (
                    created.job_id().unwrap_or_default(),
                    created
                        .job
                        .map_or_else(|| input.job_name.clone(), |j| j.display_name()),
                    "",
                ),
                // Accepted, but which job it made is unknown: find it by re-reading its list.
                Written::Confirmed(_) => {
                    let job = find_created(&api, &input, sent_at).await.ok_or_else(|| {
                        ApiError::Unconfirmed(Undecodable::Malformed(
                            "no job id in the answer".into(),
                        ))
                    })?;
                    (job.id, job.display_name(), UNCONFIRMED_NOTE)
                }
                Written::Unconfirmed(why) => {
                    let job = find_created(&api, &input, sent_at)
                        .await
                        .ok_or(ApiError::Unconfirmed(why))?;
                    (job.id, job.display_name(), UNCONFIRMED_NOTE)
                }
            };
            if !on_screen.get() {
                return Ok(job_id);
            }
            draft.mark_saved();
            flash_success(format!(
                "Job \u{201c}{name}\u{201d} created and running.{note}"
            ));
            navigate(&Link::Run(job_id).path(), NavigateOptions::default());
            Ok(job_id)
        }
    });
    let dirty = Signal::derive(move || {
        draft.is_dirty() || (!draft.is_saved() && file.with(Option::is_some))
    });
    let on_submit = Callback::new(move |input: JobInput| {
        if file.with_untracked(Option::is_none) {
            file_missing.set(true);
            if let Some(el) = document().get_element_by_id("result-file") {
                use wasm_bindgen::JsCast;
                if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
            return;
        }
        run.dispatch(input);
    });
    view! {
        <section class="page job-form-page">
            <div class="page-head">
                <h1>"Create a job and run a result file"</h1>
                <SwitchForm draft=draft execute=false label="Create without running \u{2192}"/>
            </div>
            <p class="lead">"The job is created and runs once on the file you give; later runs reuse the job."</p>
            <JobForm
                draft=draft
                submit_label="Create and run"
                sending_label="Uploading\u{2026}"
                sending=run.pending()
                failure=failure_of(run)
                dirty=dirty
                cancel_to=list_of(&blank).path()
                on_submit=on_submit
            >
                <ResultFilePicker file=file missing=file_missing/>
            </JobForm>
        </section>
    }
}
