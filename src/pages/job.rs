//! The job page at `/jobs/:id`: every property of one job, its latest run state, and the Edit,
//! Run and Delete actions.

pub mod flash;
mod properties;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;

use crate::api::{use_api, ApiError, Job, Written};
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::error_notice::ErrorNotice;
use crate::components::run_jobs::RunJobsButton;
use crate::components::status_badge::StatusBadge;
use crate::page_title::use_page_title;
use crate::pages::OnScreen;
use crate::routes::Link;
use flash::flash_success;
use properties::JobProperties;

/// The `:id` of the current route, when it is a number.
pub fn use_job_id() -> Memo<Option<i64>> {
    let params = use_params_map();
    Memo::new(move |_| {
        params
            .with(|p| p.get("id"))
            .and_then(|id| id.trim().parse().ok())
    })
}

/// Loads the job the route names; an id that is not a number is a job that does not exist.
pub fn job_resource(job_id: Memo<Option<i64>>) -> LocalResource<Result<Job, ApiError>> {
    let api = use_api();
    LocalResource::new(move || {
        let api = api.clone();
        let id = job_id.get();
        async move {
            match id {
                Some(id) => api.job(id).await,
                None => Err(ApiError::NotFound),
            }
        }
    })
}

/// The job detail endpoint answers an unknown id with a 400 (a real server may say 404 or 410):
/// either way the job is not there, which is not a failure of the page.
pub fn means_job_is_gone(error: &ApiError) -> bool {
    matches!(error, ApiError::NotFound | ApiError::BadRequest { .. })
}

/// What a page shows for a job id the server does not know (deleted, or a stale link).
#[component]
pub fn JobGone() -> impl IntoView {
    view! {
        <section class="page page-narrow empty-state job-gone">
            <h1>"This job no longer exists"</h1>
            <p>"It may have been deleted, or the link is out of date."</p>
            <A href=Link::all_jobs().href() attr:class="button button-primary">"Back to the job list"</A>
        </section>
    }
}

/// The shared error fallback of the job pages: the first error, with Retry.
pub fn error_fallback(errors: ArcRwSignal<Errors>, retry: Callback<()>) -> impl IntoView {
    let error = errors
        .get()
        .into_iter()
        .next()
        .and_then(|(_, e)| e.downcast_ref::<ApiError>().cloned())
        .unwrap_or(ApiError::Network);
    view! { <ErrorNotice error=error on_retry=retry/> }
}

/// Loads the job of the route's `:id` and renders it with `render`; a job that no longer
/// exists gets its own page, any other failure the error with Retry. The job page and the edit
/// form share this shape; `title` makes the page's title from the job's name.
pub fn with_loaded_job(render: fn(Job) -> AnyView, title: fn(&str) -> String) -> impl IntoView {
    let job_id = use_job_id();
    let job = job_resource(job_id);
    use_page_title(move || {
        job.with(|loaded| match loaded {
            None => "Loading the job\u{2026}".to_string(),
            Some(Ok(job)) => title(&job.display_name()),
            Some(Err(e)) if means_job_is_gone(e) => "Job not found".to_string(),
            Some(Err(_)) => "The job could not be loaded".to_string(),
        })
    });
    view! {
        <Transition fallback=|| view! { <section class="page"><p class="muted">"Loading the job\u{2026}"</p></section> }>
            <ErrorBoundary fallback=move |errors| error_fallback(errors, Callback::new(move |_| job.refetch()))>
                {move || Suspend::new(async move {
                    match job.await {
                        Ok(job) => Ok(render(job)),
                        Err(e) if means_job_is_gone(&e) => Ok(view! { <JobGone/> }.into_any()),
                        Err(e) => Err(e),
                    }
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
pub fn JobPage() -> impl IntoView {
    with_loaded_job(
        |job| view! { <JobView job=job/> }.into_any(),
        str::to_string,
    )
}

#[component]
fn JobView(job: Job) -> impl IntoView {
    let id = job.id;
    let name = job.display_name();
    let back = Link::list_of(&job);
    let asking = RwSignal::new(false);
    let delete = delete_action(&job);
    let refusal = move || {
        delete
            .value()
            .get()
            .and_then(Result::err)
            .filter(|_| !delete.pending().get())
    };
    let status = job.status.clone();
    let run_target = StoredValue::new((id, name.clone(), status.clone()));
    // The dialog is rebuilt each time it opens, so it reads the name from storage.
    let dialog_name = StoredValue::new(name.clone());
    crate::shortcuts::use_job_keys(&job);

    view! {
        <section class="page job-page">
            <nav class="breadcrumb" aria-label="Breadcrumb">
                <A href=back.href()>"\u{2190} Jobs"</A>
            </nav>
            <div class="page-head job-head">
                <div class="job-title">
                    <h1 class="wrap-anywhere">{name}</h1>
                    <StatusBadge state=status/>
                </div>
                <div class="job-actions">
                    <A href=Link::EditJob(id).href() attr:class="button">"Edit"</A>
                    <A href=Link::DuplicateJob(id).href() attr:class="button">"Duplicate"</A>
                    <A href=Link::Run(id).href() attr:class="button">"Latest run"</A>
                    <RunJobsButton jobs=Signal::derive(move || vec![run_target.get_value()]) label="Run now"/>
                    <button
                        type="button"
                        class="button button-danger-outline"
                        disabled=move || delete.pending().get()
                        on:click=move |_| asking.set(true)
                    >
                        {move || if delete.pending().get() { "Deleting\u{2026}" } else { "Delete" }}
                    </button>
                </div>
            </div>
            {move || refusal().map(|error| view! {
                <div class="job-delete-refused">
                    <p class="notice-title">"The job was not deleted."</p>
                    <ErrorNotice error=error/>
                </div>
            })}
            <JobProperties job=job/>
            <Show when=move || asking.get()>
                <ConfirmDialog
                    title="Delete this job?"
                    confirm_label="Delete job"
                    destructive=true
                    on_confirm=Callback::new(move |_| {
                        asking.set(false);
                        delete.dispatch(());
                    })
                    on_cancel=Callback::new(move |_| asking.set(false))
                >
                    <p>
                        "The job \u{201c}" <strong class="wrap-anywhere">{dialog_name.get_value()}</strong>
                        "\u{201d} and its run history will be deleted. This cannot be undone."
                    </p>
                </ConfirmDialog>
            </Show>
        </section>
    }
}

/// Deletes the job; on success goes to its list with a notice, on refusal stays (the page shows
/// the server's reason). An accepted delete whose answer could not be read is checked by
/// re-reading the job. Nothing happens on screen if the user left the page meanwhile.
fn delete_action(job: &Job) -> Action<(), Result<(), ApiError>> {
    let api = use_api();
    let navigate = use_navigate();
    let on_screen = OnScreen::new();
    let id = job.id;
    let name = job.display_name();
    let back = Link::list_of(job).path();
    Action::new_local(move |_: &()| {
        let api = api.clone();
        let navigate = navigate.clone();
        let name = name.clone();
        let back = back.clone();
        async move {
            let note = match api.delete_jobs(&[id]).await? {
                Written::Confirmed(()) => "",
                Written::Unconfirmed(why) => match api.job(id).await {
                    Err(e) if means_job_is_gone(&e) => {
                        " The server\u{2019}s answer could not be confirmed; re-reading shows the job is gone."
                    }
                    Ok(_) => {
                        return Err(ApiError::BadRequest {
                            message: "The server\u{2019}s answer could not be read, and re-reading shows the job is still there.".into(),
                            code: None,
                        })
                    }
                    Err(_) => return Err(ApiError::Unconfirmed(why)),
                },
            };
            if !on_screen.get() {
                return Ok(());
            }
            flash_success(format!("Job \u{201c}{name}\u{201d} deleted.{note}"));
            navigate(&back, NavigateOptions::default());
            Ok(())
        }
    })
}
