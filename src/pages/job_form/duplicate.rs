//! "Duplicate" (`/jobs/new?from=ID`): the create form filled from an existing job, named
//! "Copy of …" with the name selected for typing. Nothing is sent until Create. A source job
//! that is gone or cannot be read says so; an empty form is never offered as a copy.

use leptos::prelude::*;
use leptos_router::components::A;
use wasm_bindgen::JsCast;

use super::{create_job_form, form_draft};
use crate::api::{use_api, ApiError, Job, JobInput};
use crate::page_title::use_page_title;
use crate::pages::job::{error_fallback, means_job_is_gone};
use crate::routes::Link;

/// The copy's input: every field of the source, under the name "Copy of <name>".
pub fn copy_of(job: &Job) -> JobInput {
    JobInput {
        job_name: format!("Copy of {}", job.display_name()),
        ..job.input.clone()
    }
}

/// Loads the source job (`from` is `None` when the link's id is not a number) and shows the
/// create form filled from it.
#[component]
pub fn DuplicateJobPage(from: Option<i64>) -> impl IntoView {
    let api = use_api();
    let source = LocalResource::new(move || {
        let api = api.clone();
        async move {
            match from {
                Some(id) => api.job(id).await,
                None => Err(ApiError::NotFound),
            }
        }
    });
    use_page_title(move || {
        source.with(|loaded| match loaded {
            None => "Loading the job to duplicate\u{2026}".to_string(),
            Some(Ok(job)) => format!("Duplicate {}", job.display_name()),
            Some(Err(e)) if means_job_is_gone(e) => "Job to duplicate not found".to_string(),
            Some(Err(_)) => "The job to duplicate could not be loaded".to_string(),
        })
    });
    let retry = Callback::new(move |_| source.refetch());
    view! {
        <Transition fallback=|| view! { <section class="page"><p class="muted">"Loading the job to duplicate\u{2026}"</p></section> }>
            <ErrorBoundary fallback=move |errors| view! {
                <section class="page page-narrow duplicate-failed">
                    <h1>"The job to duplicate could not be loaded"</h1>
                    {error_fallback(errors, retry)}
                    <p><A href=Link::NewJob { project: None, release: None }.href()>"Start a blank job instead"</A></p>
                </section>
            }>
                {move || Suspend::new(async move {
                    match source.await {
                        Ok(job) => Ok(view! { <DuplicateForm job=job/> }.into_any()),
                        Err(e) if means_job_is_gone(&e) => Ok(view! { <SourceGone/> }.into_any()),
                        Err(e) => Err(e),
                    }
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn SourceGone() -> impl IntoView {
    view! {
        <section class="page page-narrow empty-state duplicate-gone">
            <h1>"The job to duplicate no longer exists"</h1>
            <p>"It may have been deleted, or the link is out of date. Nothing was copied."</p>
            <div class="empty-state-actions">
                <A href=Link::all_jobs().href() attr:class="button button-primary">"Back to the job list"</A>
                <A href=Link::NewJob { project: None, release: None }.href() attr:class="button">"Start a blank job"</A>
            </div>
        </section>
    }
}

/// The create form over the copy; made once per loaded job, so a reload never replaces typing.
#[component]
fn DuplicateForm(job: Job) -> impl IntoView {
    let draft = form_draft(&copy_of(&job));
    let name = job.display_name();
    let heading = view! {
        <div>
            <p class="eyebrow">"Duplicate job"</p>
            <h1 class="wrap-anywhere">"Duplicate " {name}</h1>
        </div>
    }
    .into_any();
    select_name_once_shown(NAME_WAIT_FRAMES);
    create_job_form(draft, Link::Job(job.id), heading)
}

/// How many frames the form may take to be in the document (it is built, then mounted).
const NAME_WAIT_FRAMES: u32 = 120;

/// The name is what a copy changes first: focused and selected once the form is in the
/// document, so typing replaces it.
fn select_name_once_shown(frames_left: u32) {
    request_animation_frame(move || {
        let input = document()
            .get_element_by_id("job-name")
            .and_then(|el| el.dyn_into::<web_sys::HtmlInputElement>().ok())
            .filter(|el| el.is_connected());
        match input {
            Some(input) => {
                let _ = input.focus();
                input.select();
            }
            None if frames_left > 0 => select_name_once_shown(frames_left - 1),
            None => {}
        }
    });
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::api::RunState;

    #[test]
    fn a_copy_keeps_every_field_but_the_name() {
        let job = Job {
            id: 7,
            input: JobInput {
                job_name: "Nightly".into(),
                job_description: "d".into(),
                project_id: 1,
                release_id: 10,
                automation_framework: "Selenium".into(),
                create_package: true,
                cycle_name: "Sprint".into(),
                job_detail_tcr_catalog_tree_id: Some(3),
                test_repository_path: "Root".into(),
                assign_results_to: Some(2),
                environment: "staging".into(),
                ..JobInput::default()
            },
            status: RunState::Completed,
            created_by: None,
            created_at: None,
            modified_at: None,
            scheduled_at: None,
        };
        let copy = copy_of(&job);
        assert_eq!(copy.job_name, "Copy of Nightly");
        assert_eq!(
            JobInput {
                job_name: "Nightly".into(),
                ..copy
            },
            job.input
        );
        let unnamed = Job {
            input: JobInput::default(),
            ..job
        };
        assert_eq!(copy_of(&unnamed).job_name, "Copy of Unnamed job #7");
    }
}
