//! The job list of one project and release. The choice lives in the URL
//! (`/jobs?project=…&release=…`) so every view is a link someone can share.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::{use_api, ApiError, Job, Project, Release};
use crate::components::error_notice::ErrorNotice;
use crate::components::status_badge::StatusBadge;
use crate::components::time::RelativeTime;

fn parse_id(text: Option<String>) -> Option<i64> {
    text.and_then(|t| t.parse().ok())
}

#[component]
pub fn JobsPage() -> impl IntoView {
    let api = use_api();
    let query = use_query_map();
    let navigate = use_navigate();

    let url_project = Memo::new(move |_| parse_id(query.with(|q| q.get("project"))));
    let url_release = Memo::new(move |_| parse_id(query.with(|q| q.get("release"))));

    let projects = LocalResource::new({
        let api = api.clone();
        move || {
            let api = api.clone();
            async move { api.projects().await }
        }
    });
    // The project shown: the URL's, else the first one the server lists.
    let project = Memo::new(move |_| {
        url_project.get().or_else(|| {
            projects
                .get()
                .and_then(|r| r.ok())
                .and_then(|p| p.first().map(|p| p.id))
        })
    });
    let releases = LocalResource::new({
        let api = api.clone();
        move || {
            let api = api.clone();
            let project = project.get();
            async move {
                match project {
                    Some(id) => api.releases(id).await,
                    None => Ok(Vec::new()),
                }
            }
        }
    });
    let release = Memo::new(move |_| {
        url_release.get().or_else(|| {
            releases
                .get()
                .and_then(|r| r.ok())
                .and_then(|r| r.first().map(|r| r.id))
        })
    });
    let jobs = LocalResource::new({
        let api = api.clone();
        move || {
            let api = api.clone();
            let scope = project.get().zip(release.get());
            async move {
                match scope {
                    Some((p, r)) => api.jobs(p, r).await,
                    None => Ok(Vec::new()),
                }
            }
        }
    });

    let go = move |project: Option<i64>, release: Option<i64>| {
        let mut url = String::from("/jobs");
        if let Some(p) = project {
            url.push_str(&format!("?project={p}"));
            if let Some(r) = release {
                url.push_str(&format!("&release={r}"));
            }
        }
        navigate(&url, NavigateOptions::default());
    };
    let go_project = go.clone();

    view! {
        <section class="page">
            <div class="page-head">
                <h1>"Automation jobs"</h1>
            </div>
            <div class="toolbar">
                <label class="picker">
                    <span>"Project"</span>
                    <select on:change=move |ev| go_project(parse_id(Some(event_target_value(&ev))), None)>
                        <Transition fallback=|| view! { <option>"Loading\u{2026}"</option> }>
                            {move || Suspend::new(async move {
                                let list: Vec<Project> = projects.await.unwrap_or_default();
                                list.into_iter().map(|p| {
                                    let selected = move || project.get() == Some(p.id);
                                    view! { <option value=p.id.to_string() selected=selected>{p.name}</option> }
                                }).collect_view()
                            })}
                        </Transition>
                    </select>
                </label>
                <label class="picker">
                    <span>"Release"</span>
                    <select on:change=move |ev| go(project.get_untracked(), parse_id(Some(event_target_value(&ev))))>
                        <Transition fallback=|| view! { <option>"Loading\u{2026}"</option> }>
                            {move || Suspend::new(async move {
                                let list: Vec<Release> = releases.await.unwrap_or_default();
                                list.into_iter().map(|r| {
                                    let selected = move || release.get() == Some(r.id);
                                    view! { <option value=r.id.to_string() selected=selected>{r.name}</option> }
                                }).collect_view()
                            })}
                        </Transition>
                    </select>
                </label>
            </div>
            <Transition fallback=|| view! { <p class="muted">"Loading jobs\u{2026}"</p> }>
                <ErrorBoundary fallback=move |errors| {
                    let error = errors.get().into_iter().next().and_then(|(_, e)| e.downcast_ref::<ApiError>().cloned());
                    view! { <ErrorNotice error=error.unwrap_or(ApiError::Network) on_retry=Callback::new(move |_| jobs.refetch())/> }
                }>
                    {move || Suspend::new(async move {
                        let list = jobs.await?;
                        Ok::<_, ApiError>(view! { <JobTable jobs=list/> })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn JobTable(jobs: Vec<Job>) -> impl IntoView {
    if jobs.is_empty() {
        return view! {
            <div class="empty-state card"><p>"No jobs in this release yet."</p></div>
        }
        .into_any();
    }
    view! {
        <table class="table jobs-table">
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Framework"</th>
                    <th scope="col">"Cycle"</th>
                    <th scope="col">"Last status"</th>
                    <th scope="col">"Last run"</th>
                    <th scope="col">"Created by"</th>
                </tr>
            </thead>
            <tbody>
                {jobs.into_iter().map(|job| view! {
                    <tr>
                        <td class="cell-name">{job.input.job_name}</td>
                        <td>{job.input.automation_framework}</td>
                        <td>{job.input.cycle_name}</td>
                        <td><StatusBadge state=job.status/></td>
                        <td><RelativeTime ms=job.scheduled_at empty="never"/></td>
                        <td>{job.created_by.unwrap_or_default()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
