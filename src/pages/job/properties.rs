//! Every property of a job as two labelled lists, with project, release and assignee ids turned
//! into the names people know them by.

use leptos::prelude::*;

use crate::api::{use_api, Job, ANYONE_USER_ID};
use crate::components::time::RelativeTime;

/// The names the page resolves; `None` when a look-up failed or the id is not listed.
#[derive(Clone, Debug, Default, PartialEq)]
struct Names {
    project: Option<String>,
    release: Option<String>,
    assignee: Option<String>,
}

/// A named assignee; the built-in "Anyone", or no one chosen (the same to the server), is `None`.
fn named_assignee(assignee: Option<i64>) -> Option<i64> {
    assignee.filter(|id| *id != ANYONE_USER_ID)
}

fn yes_no(flag: bool, yes: &'static str, no: &'static str) -> &'static str {
    if flag {
        yes
    } else {
        no
    }
}

#[component]
pub fn JobProperties(job: Job) -> impl IntoView {
    let api = use_api();
    let input = job.input.clone();
    let (project_id, release_id, assignee) = (
        input.project_id,
        input.release_id,
        named_assignee(input.assign_results_to),
    );

    // Look-ups are a courtesy: when one fails the page still shows the id instead of an error.
    let names = LocalResource::new(move || {
        let api = api.clone();
        async move {
            let project = api.projects().await.ok().and_then(|list| {
                list.into_iter()
                    .find(|p| p.id == project_id)
                    .map(|p| p.name)
            });
            let release = api.releases(project_id).await.ok().and_then(|list| {
                list.into_iter()
                    .find(|r| r.id == release_id)
                    .map(|r| r.name)
            });
            let assignee = match assignee {
                Some(id) => api.project_users(project_id).await.ok().and_then(|list| {
                    list.into_iter()
                        .find(|u| u.id == id)
                        .map(|u| u.display_name())
                }),
                None => None,
            };
            Names {
                project,
                release,
                assignee,
            }
        }
    });
    let resolved = move |pick: fn(&Names) -> Option<String>, fallback: String| {
        move || match names.get() {
            None => "\u{2026}".to_string(),
            Some(found) => pick(&found).unwrap_or_else(|| fallback.clone()),
        }
    };
    let project_name = resolved(|n| n.project.clone(), format!("Project {project_id}"));
    let release_name = resolved(|n| n.release.clone(), format!("Release {release_id}"));
    let assignee_name = match assignee {
        None => "Anyone".into_any(),
        Some(id) => {
            let name = resolved(|n| n.assignee.clone(), format!("User {id}"));
            view! { <span>{name}</span> }.into_any()
        }
    };

    let dates = match (
        input.cycle_start_date_str.trim(),
        input.cycle_end_date_str.trim(),
    ) {
        ("", "") => None,
        (start, "") => Some(format!("from {start}")),
        ("", end) => Some(format!("until {end}")),
        (start, end) => Some(format!("{start} \u{2013} {end}")),
    };
    let folder = if !input.test_repository_path.trim().is_empty() {
        Some(input.test_repository_path.clone())
    } else {
        input
            .job_detail_tcr_catalog_tree_id
            .map(|id| format!("Folder {id}"))
    };
    let is_selenium = input.automation_framework.eq_ignore_ascii_case("selenium");
    let not_set = || view! { <span class="muted">"Not set"</span> };
    let text_or_not_set = move |text: String| {
        if text.trim().is_empty() {
            not_set().into_any()
        } else {
            view! { <span>{text}</span> }.into_any()
        }
    };

    view! {
        {(!input.job_description.trim().is_empty()).then(|| view! {
            <p class="job-description wrap-anywhere">{input.job_description.clone()}</p>
        })}
        <div class="job-sections">
            <section class="card job-section" aria-labelledby="job-where">
                <h2 id="job-where">"Where results go"</h2>
                <dl class="property-list">
                    <dt>"Project"</dt><dd>{project_name}</dd>
                    <dt>"Release"</dt><dd>{release_name}</dd>
                    <dt>"Framework"</dt>
                    <dd>
                        {text_or_not_set(input.automation_framework.clone())}
                        {is_selenium.then(|| view! {
                            <span class="muted">
                                {yes_no(input.create_package, " \u{00b7} builds folders from packages", " \u{00b7} no package folders")}
                            </span>
                        })}
                    </dd>
                    <dt>"Cycle"</dt><dd>{text_or_not_set(input.cycle_name.clone())}</dd>
                    <dt>"Phase"</dt><dd>{text_or_not_set(input.phase_name.clone())}</dd>
                    <dt>"Cycle per run"</dt>
                    <dd>{yes_no(input.is_reuse, "Every run reuses this cycle", "Each run creates a new cycle")}</dd>
                    <dt>"Time stamp"</dt>
                    <dd>{yes_no(input.time_stamp, "Appended to the cycle name on each run", "Not appended")}</dd>
                    <dt>"Cycle dates"</dt><dd>{text_or_not_set(dates.unwrap_or_default())}</dd>
                    <dt>"Repository folder"</dt><dd>{text_or_not_set(folder.unwrap_or_default())}</dd>
                </dl>
            </section>
            <section class="card job-section" aria-labelledby="job-who">
                <h2 id="job-who">"People and history"</h2>
                <dl class="property-list">
                    <dt>"Results assigned to"</dt><dd>{assignee_name}</dd>
                    <dt>"Environment"</dt><dd>{text_or_not_set(input.environment.clone())}</dd>
                    <dt>"Created by"</dt><dd>{text_or_not_set(job.created_by.clone().unwrap_or_default())}</dd>
                    <dt>"Created"</dt><dd><RelativeTime ms=job.created_at/></dd>
                    <dt>"Last modified"</dt><dd><RelativeTime ms=job.modified_at/></dd>
                    <dt>"Last run"</dt><dd><RelativeTime ms=job.scheduled_at empty="Never run"/></dd>
                    <dt>"Job id"</dt><dd>{job.id}</dd>
                </dl>
            </section>
        </div>
    }
}
