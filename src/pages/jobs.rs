//! The job list of one project and release at `/jobs`. Everything the user chooses (scope,
//! search, filters, sort, page) lives in the URL, so any view is a link someone can share.

use std::collections::BTreeSet;
use std::sync::Arc;

use gloo_storage::{SessionStorage, Storage};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::{use_api, ApiError, RunState, FRAMEWORKS};
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::error_notice::ErrorNotice;
use crate::components::job_table::{JobTable, RowClick};
use crate::components::run_jobs::RunJobsButton;
use crate::job_query::{filter, page_count, sort_order, IndexedJob, JobQuery, PAGE_SIZE};

/// The scope last chosen in this tab, offered again when the URL names none.
const LAST_SCOPE_KEY: &str = "zephyr-jobs.last-scope";

#[component]
pub fn JobsPage() -> impl IntoView {
    let api = use_api();
    let params = use_query_map();
    let navigate = use_navigate();
    let url_query = Memo::new(move |_| params.with(|p| JobQuery::from_params(|k| p.get(k))));
    let last_scope = SessionStorage::get::<(i64, i64)>(LAST_SCOPE_KEY).ok();

    let projects = LocalResource::new({
        let api = api.clone();
        move || {
            let api = api.clone();
            async move { api.projects().await }
        }
    });
    // The URL's project, else the one last chosen in this tab, else the first listed.
    let project = Memo::new(move |_| {
        let listed = projects.get().and_then(Result::ok).unwrap_or_default();
        url_query.get().project.or_else(|| {
            let remembered = last_scope
                .map(|(p, _)| p)
                .filter(|p| listed.iter().any(|x| x.id == *p));
            remembered.or_else(|| listed.first().map(|p| p.id))
        })
    });
    // Tagged with their project: while another project's releases load, the old list must not
    // lend its first release to the new project (that asks the server for a mismatched pair).
    let releases = LocalResource::new({
        let api = api.clone();
        move || {
            let api = api.clone();
            let project = project.get();
            async move {
                match project {
                    Some(id) => api.releases(id).await.map(|list| (Some(id), list)),
                    None => Ok((None, Vec::new())),
                }
            }
        }
    });
    let release = Memo::new(move |_| {
        let current = project.get();
        let (of_project, listed) = releases.get().and_then(Result::ok)?;
        if of_project != current {
            return None;
        }
        url_query
            .get()
            .release
            .filter(|r| listed.iter().any(|x| x.id == *r))
            .or_else(|| {
                let remembered = last_scope
                    .filter(|(p, _)| Some(*p) == current)
                    .map(|(_, r)| r)
                    .filter(|r| listed.iter().any(|x| x.id == *r));
                remembered.or_else(|| listed.first().map(|r| r.id))
            })
    });
    let jobs = LocalResource::new({
        let api = api.clone();
        move || {
            let api = api.clone();
            let scope = project.get().zip(release.get());
            async move {
                match scope {
                    Some((p, r)) => api.jobs(p, r).await.map(Some),
                    None => Ok(None),
                }
            }
        }
    });
    // Lives on the page, not in the list: the list is rebuilt when the jobs reload after a
    // delete, and the outcome must stay on screen.
    let delete = Action::new_local({
        let api = api.clone();
        move |ids: &Vec<i64>| {
            let api = api.clone();
            let ids = ids.clone();
            async move {
                api.delete_jobs(&ids).await?;
                jobs.refetch();
                Ok::<_, ApiError>(ids)
            }
        }
    });
    // The list stays mounted across reloads and is fed the newest successful answer, instead of
    // being rebuilt inside <Suspense>: rebuilding raced Leptos' disposal of the old list's memos
    // (a panic when the project changed). Reloads thus keep the previous rows on screen.
    let loaded =
        Memo::new(
            move |previous: Option<&Option<Arc<Vec<IndexedJob>>>>| match jobs.get() {
                Some(Ok(Some(list))) => {
                    Some(Arc::new(list.into_iter().map(IndexedJob::new).collect()))
                }
                _ => previous.cloned().flatten(),
            },
        );
    // A failed look-up or list must show, never an empty picker or a stale list without a word.
    let load_error = Memo::new(move |_| {
        [
            projects.get().and_then(|r| r.err()),
            releases.get().and_then(|r| r.err()),
            jobs.get().and_then(|r| r.err()),
        ]
        .into_iter()
        .flatten()
        .next()
    });
    let no_releases = move || {
        releases.with(|r| {
            matches!(r, Some(Ok((Some(p), list))) if list.is_empty() && Some(*p) == project.get())
        })
    };
    // The query as shown: the URL's, with the scope filled in.
    let query = Memo::new(move |_| JobQuery {
        project: project.get(),
        release: release.get(),
        ..url_query.get()
    });
    let go = Callback::new(move |(next, replace): (JobQuery, bool)| {
        if let (Some(p), Some(r)) = (next.project, next.release) {
            let _ = SessionStorage::set(LAST_SCOPE_KEY, (p, r));
        }
        navigate(
            &next.to_url(),
            NavigateOptions {
                replace,
                scroll: false,
                ..Default::default()
            },
        );
    });

    let pick_project = move |ev: leptos::ev::Event| {
        let project = event_target_value(&ev).parse().ok();
        go.run((
            JobQuery {
                project,
                ..JobQuery::default()
            },
            false,
        ));
    };
    let pick_release = move |ev: leptos::ev::Event| {
        let release = event_target_value(&ev).parse().ok();
        go.run((
            JobQuery {
                release,
                page: 0,
                ..query.get_untracked().cleared()
            },
            false,
        ));
    };
    let new_job_href = move || {
        let q = query.get();
        match (q.project, q.release) {
            (Some(p), Some(r)) => format!("/jobs/new?project={p}&release={r}"),
            _ => "/jobs/new".to_string(),
        }
    };

    view! {
        <section class="page jobs-page">
            <div class="page-head">
                <h1>"Automation jobs"</h1>
                <div class="page-actions">
                    <A href=new_job_href attr:class="button button-primary">"New job"</A>
                </div>
            </div>
            <div class="toolbar scope-bar">
                <label class="picker">
                    <span>"Project"</span>
                    <select on:change=pick_project aria-label="Project">
                        {move || match projects.get() {
                            None => view! { <option>"Loading\u{2026}"</option> }.into_any(),
                            Some(list) => list.unwrap_or_default().into_iter().map(|p| {
                                let selected = move || project.get() == Some(p.id);
                                view! { <option value=p.id.to_string() selected=selected>{p.name}</option> }
                            }).collect_view().into_any(),
                        }}
                    </select>
                </label>
                <label class="picker">
                    <span>"Release"</span>
                    <select on:change=pick_release aria-label="Release">
                        {move || match releases.get() {
                            None => view! { <option>"Loading\u{2026}"</option> }.into_any(),
                            Some(list) => list.map(|(_, l)| l).unwrap_or_default().into_iter().map(|r| {
                                let selected = move || release.get() == Some(r.id);
                                view! { <option value=r.id.to_string() selected=selected>{r.name}</option> }
                            }).collect_view().into_any(),
                        }}
                    </select>
                </label>
            </div>
            <DeleteOutcome delete=delete/>
            {move || load_error.get().map(|error| view! {
                <ErrorNotice error=error on_retry=Callback::new(move |_| { projects.refetch(); releases.refetch(); jobs.refetch(); })/>
            })}
            {move || no_releases().then(|| view! {
                <div class="empty-state card"><h2>"No releases"</h2><p>"This project has no releases yet, so it has no jobs to show."</p></div>
            })}
            <Show
                when=move || loaded.with(Option::is_some) && !no_releases()
                fallback=move || (load_error.with(Option::is_none)).then(|| view! { <p class="muted loading">"Loading jobs\u{2026}"</p> })
            >
                <JobList
                    jobs=Signal::derive(move || loaded.get().unwrap_or_default())
                    query=query
                    go=go
                    delete=delete
                    on_ran=Callback::new(move |_| jobs.refetch())
                />
            </Show>
        </section>
    }
}

/// Search, filters, the table, paging and bulk actions over one release's jobs.
#[component]
fn JobList(
    jobs: Signal<Arc<Vec<IndexedJob>>>,
    query: Memo<JobQuery>,
    go: Callback<(JobQuery, bool)>,
    delete: Action<Vec<i64>, Result<Vec<i64>, ApiError>>,
    /// Jobs were started: their statuses changed.
    on_ran: Callback<()>,
) -> impl IntoView {
    let all = jobs;
    let total = move || all.with(|all| all.len());
    let selected = RwSignal::new(BTreeSet::<i64>::new());
    let anchor = RwSignal::new(None::<usize>);
    let confirming = RwSignal::new(false);

    // Rows leave the list as soon as the user confirms, and come back if the server refuses.
    let hidden = Memo::new(move |_| -> BTreeSet<i64> {
        if let Some(ids) = delete.input().get() {
            return ids.into_iter().collect();
        }
        match delete.value().get() {
            Some(Ok(ids)) => ids.into_iter().collect(),
            _ => BTreeSet::new(),
        }
    });
    // Sorting is its own memo: a keystroke only filters the already sorted order.
    let sort = Memo::new(move |_| query.with(|q| (q.sort, q.descending)));
    let order = Memo::new(move |_| {
        let (key, descending) = sort.get();
        all.with(|all| sort_order(all, key, descending))
    });
    let shown = Memo::new(move |_| {
        let q = query.get();
        let hidden = hidden.get();
        all.with(|all| {
            order.with(|order| {
                filter(all, order, &q)
                    .into_iter()
                    .filter(|&i| hidden.is_empty() || !hidden.contains(&all[i].job.id))
                    .collect::<Vec<_>>()
            })
        })
    });
    let pages = Memo::new(move |_| page_count(shown.with(Vec::len)));
    let page = Memo::new(move |_| query.get().page.min(pages.get() - 1));
    let rows = Signal::derive(move || {
        let start = page.get() * PAGE_SIZE;
        shown.with(|shown| {
            all.with(|all| {
                shown
                    .iter()
                    .skip(start)
                    .take(PAGE_SIZE)
                    .map(|&i| all[i].job.clone())
                    .collect::<Vec<_>>()
            })
        })
    });
    let shown_ids = move || {
        shown.with(|s| all.with(|all| s.iter().map(|&i| all[i].job.id).collect::<Vec<_>>()))
    };
    let all_selected = Signal::derive(move || {
        if selected.with(BTreeSet::is_empty) {
            return false;
        }
        let ids = shown_ids();
        !ids.is_empty() && selected.with(|s| ids.iter().all(|id| s.contains(id)))
    });
    let selected_jobs = Signal::derive(move || {
        let chosen = selected.get();
        all.with(|all| {
            all.iter()
                .filter(|j| chosen.contains(&j.job.id) && !hidden.with(|h| h.contains(&j.job.id)))
                .map(|j| (j.job.id, j.job.input.job_name.clone(), j.job.status.clone()))
                .collect::<Vec<(i64, String, RunState)>>()
        })
    });

    let on_row_click = Callback::new(move |click: RowClick| {
        let ids = shown_ids();
        let position = ids.iter().position(|id| *id == click.job_id).unwrap_or(0);
        let range = anchor
            .get_untracked()
            .filter(|_| click.shift)
            .map(|a| (a.min(position), a.max(position)));
        match range {
            Some((from, to)) => {
                let turn_on = !selected.with_untracked(|s| s.contains(&click.job_id));
                selected.update(|s| {
                    for id in &ids[from..=to.min(ids.len() - 1)] {
                        if turn_on {
                            s.insert(*id);
                        } else {
                            s.remove(id);
                        }
                    }
                });
            }
            None => selected.update(|s| {
                if !s.remove(&click.job_id) {
                    s.insert(click.job_id);
                }
            }),
        }
        anchor.set(Some(position));
    });
    let on_select_all = Callback::new(move |on: bool| {
        let ids = shown_ids();
        selected.update(|s| {
            for id in ids {
                if on {
                    s.insert(id);
                } else {
                    s.remove(&id);
                }
            }
        });
    });
    let set = move |change: fn(&mut JobQuery, String), replace: bool| {
        move |ev: leptos::ev::Event| {
            let mut next = query.get_untracked();
            change(&mut next, event_target_value(&ev));
            next.page = 0;
            go.run((next, replace));
        }
    };
    let to_page = move |delta: isize| {
        let mut next = query.get_untracked();
        next.page = page.get_untracked().saturating_add_signed(delta);
        go.run((next, false));
    };

    view! {
        <div class="toolbar filter-bar">
            <label class="picker picker-grow">
                <span>"Search"</span>
                <input
                    type="search"
                    placeholder="Name, framework, cycle, status, creator or id"
                    prop:value=move || query.get().search
                    on:input=set(|q, v| q.search = v, true)
                />
            </label>
            <label class="picker">
                <span>"Status"</span>
                <select on:change=set(|q, v| q.status = v, false)>
                    <option value="" selected=move || query.get().status.is_empty()>"All statuses"</option>
                    {RunState::FILTERABLE.into_iter().map(|s| {
                        let key = s.key();
                        view! { <option value=key selected=move || query.get().status == key>{s.label().to_string()}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label class="picker">
                <span>"Framework"</span>
                <select on:change=set(|q, v| q.framework = v, false)>
                    <option value="" selected=move || query.get().framework.is_empty()>"All frameworks"</option>
                    {FRAMEWORKS.into_iter().map(|f| view! {
                        <option value=f selected=move || query.get().framework.eq_ignore_ascii_case(f)>{f}</option>
                    }).collect_view()}
                </select>
            </label>
        </div>
        <div class="list-bar">
            <span class="list-count" aria-live="polite">
                {move || {
                    let n = shown.with(Vec::len);
                    if query.get().has_filters() { format!("{n} of {} jobs match", total()) } else { format!("{n} jobs") }
                }}
            </span>
            <div class="bulk-actions">
                <Show when=move || !selected.with(BTreeSet::is_empty)>
                    <span class="muted">{move || format!("{} selected", selected_jobs.with(Vec::len))}</span>
                    <button type="button" class="button button-quiet" on:click=move |_| selected.set(BTreeSet::new())>"Clear selection"</button>
                    <button type="button" class="button button-danger" on:click=move |_| confirming.set(true)>"Delete selected"</button>
                </Show>
                // Always mounted, so the outcome of the last run stays readable after the
                // selection changes; disabled while nothing is selected.
                <RunJobsButton jobs=selected_jobs label="Run selected" on_settled=on_ran/>
            </div>
        </div>
        {move || {
            if total() == 0 {
                view! {
                    <div class="empty-state card">
                        <h2>"No jobs yet"</h2>
                        <p>"This release has no automation jobs. Create one to import results from your test runs."</p>
                        <A href=move || format!("/jobs/new?project={}&release={}", query.get().project.unwrap_or_default(), query.get().release.unwrap_or_default()) attr:class="button button-primary">"Create a job"</A>
                    </div>
                }.into_any()
            } else if shown.with(Vec::is_empty) {
                view! {
                    <div class="empty-state card">
                        <h2>"No job matches"</h2>
                        <p>"Nothing in this release matches the search and filters."</p>
                        <button type="button" class="button" on:click=move |_| go.run((query.get_untracked().cleared(), false))>"Clear filters"</button>
                    </div>
                }.into_any()
            } else {
                view! {
                    <JobTable
                        rows=rows
                        sort=sort
                        selected=selected
                        all_selected=all_selected
                        on_sort=Callback::new(move |key| go.run((query.get_untracked().sorted_by(key), false)))
                        on_row_click=on_row_click
                        on_select_all=on_select_all
                    />
                    <Show when=move || { pages.get() > 1 }>
                        <nav class="pager" aria-label="Pages">
                            <button type="button" class="button" disabled=move || page.get() == 0 on:click=move |_| to_page(-1)>"Previous"</button>
                            <span>{move || format!("Page {} of {}", page.get() + 1, pages.get())}</span>
                            <button type="button" class="button" disabled=move || page.get() + 1 >= pages.get() on:click=move |_| to_page(1)>"Next"</button>
                        </nav>
                    </Show>
                }.into_any()
            }
        }}
        <Show when=move || confirming.get()>
            <ConfirmDialog
                title=format!("Delete {} job{}?", selected_jobs.with_untracked(Vec::len), if selected_jobs.with_untracked(Vec::len) == 1 { "" } else { "s" })
                confirm_label="Delete"
                destructive=true
                on_cancel=Callback::new(move |_| confirming.set(false))
                on_confirm=Callback::new(move |_| {
                    let ids: Vec<i64> = selected_jobs.get_untracked().into_iter().map(|(id, _, _)| id).collect();
                    confirming.set(false);
                    selected.set(BTreeSet::new());
                    delete.dispatch(ids);
                })
            >
                <p>"These jobs and their run history will be removed from Zephyr:"</p>
                <ul class="dialog-list">
                    {selected_jobs.get_untracked().into_iter().take(10).map(|(_, name, _)| view! { <li>{name}</li> }).collect_view()}
                </ul>
                {(selected_jobs.with_untracked(Vec::len) > 10).then(|| view! { <p class="muted">{format!("and {} more", selected_jobs.with_untracked(Vec::len) - 10)}</p> })}
            </ConfirmDialog>
        </Show>
    }
}

/// What became of the last delete: how many went, or why none did.
#[component]
fn DeleteOutcome(delete: Action<Vec<i64>, Result<Vec<i64>, ApiError>>) -> impl IntoView {
    move || {
        delete.value().get().map(|result| match result {
            Ok(ids) => view! {
                <div class="notice notice-success" role="status">
                    {format!("Deleted {} job{}.", ids.len(), if ids.len() == 1 { "" } else { "s" })}
                </div>
            }
            .into_any(),
            Err(error) => view! {
                <div class="notice notice-error" role="alert">
                    <p class="notice-title">"The jobs were not deleted"</p>
                    <p>{error.to_string()}</p>
                </div>
            }
            .into_any(),
        })
    }
}
