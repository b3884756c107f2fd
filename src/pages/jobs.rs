//! The job list of one project and release at `/jobs`. Everything the user chooses (scope,
//! search, filters, sort, page) lives in the URL, so any view is a link someone can share.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use gloo_storage::{SessionStorage, Storage};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::{use_api, ApiClient, ApiError, Written};
use crate::components::error_notice::ErrorNotice;
use crate::job_query::{IndexedJob, JobQuery};
use crate::lazy_pages::split_fn;
use crate::page_title::use_page_title;
use crate::pages::job::means_job_is_gone;
use crate::pages::OnScreen;
use crate::retry::{retrying_resource, RetryStatus};
use crate::routes::Link;

mod bulk_edit;
pub use bulk_edit::preload_bulk_edit;
pub use export_buttons::preload_export;
mod bulk_fields;
mod bulk_plan;
mod export_buttons;
mod keys;
mod list;
mod saved_views;
use list::{DeleteOutcome, Deleted, JobList, NotDeleted};

/// How long typing pauses before the URL takes the search.
const SEARCH_TO_URL: std::time::Duration = std::time::Duration::from_millis(300);

/// The scope last chosen in this tab, offered again when the URL names none.
const LAST_SCOPE_KEY: &str = "zephyr-jobs.last-scope";

#[component]
pub fn JobsPage() -> impl IntoView {
    let api = use_api();
    let params = use_query_map();
    let navigate = use_navigate();
    let url_query = Memo::new(move |_| params.with(|p| JobQuery::from_params(|k| p.get(k))));
    let last_scope = SessionStorage::get::<(i64, i64)>(LAST_SCOPE_KEY).ok();

    let (projects, projects_retry) = retrying_resource({
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
    let (releases, releases_retry) = retrying_resource({
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
    // The chosen project's and release's names, once known.
    let names = Memo::new(move |_| {
        let project_name = project.get().and_then(|id| {
            projects.with(|p| {
                let list = p.as_ref()?.as_ref().ok()?;
                list.iter().find(|x| x.id == id).map(|x| x.name.clone())
            })
        });
        let release_name = release.get().and_then(|id| {
            releases.with(|r| {
                let (_, list) = r.as_ref()?.as_ref().ok()?;
                list.iter().find(|x| x.id == id).map(|x| x.name.clone())
            })
        });
        (project_name, release_name)
    });
    // "Jobs · Payments Platform / Release 3.2", once both names are known.
    use_page_title(move || match names.get() {
        (Some(p), Some(r)) => format!("Jobs \u{b7} {p} / {r}"),
        (Some(p), None) => format!("Jobs \u{b7} {p}"),
        _ => "Jobs".to_string(),
    });
    let scope_names = Signal::derive(move || {
        let (p, r) = names.get();
        (
            p.unwrap_or_else(|| "project".into()),
            r.unwrap_or_else(|| "release".into()),
        )
    });
    let resolved = move || project.get().zip(release.get());
    // The pair whose jobs to fetch: the resolved one, or while the releases are still loading,
    // the pair the URL names (a link or a reload), so the list is fetched alongside the look-ups
    // instead of after them. A memo, so resolving to the same pair does not fetch again.
    let scope =
        Memo::new(move |_| resolved().or_else(|| url_query.with(|q| q.project.zip(q.release))));
    // Each answer is tagged with its pair: one the look-ups did not confirm is never shown.
    let (jobs, jobs_retry) = retrying_resource({
        let api = api.clone();
        move || {
            let api = api.clone();
            let scope = scope.get();
            async move {
                // Indexed as each job is read, once, and shared: the resource's value is cloned
                // by every reader, and cloning 10,000 jobs per read cost more than drawing them.
                let list = match scope {
                    Some((p, r)) => Some(Arc::new(api.jobs::<IndexedJob>(p, r).await?)),
                    None => None,
                };
                Ok((scope, list))
            }
        }
    });
    // Errors are not tagged: a failed list shows (and retries) whichever pair it was for.
    let confirmed = move || {
        jobs.get().and_then(|answer| match answer {
            Ok((of, list)) => (of == resolved()).then_some(Ok(list)),
            Err(error) => Some(Err(error)),
        })
    };
    // Lives on the page, not in the list: the list is rebuilt when the jobs reload after a
    // delete, and the outcome must stay on screen.
    let on_screen = OnScreen::new();
    let delete = Action::new_local({
        let api = api.clone();
        move |ids: &Vec<i64>| {
            let api = api.clone();
            let ids = ids.clone();
            async move {
                let deleted = match delete_jobs_code(api, ids).await {
                    Ok(delete) => delete.await?,
                    Err(_) => return Err(NotDeleted::CodeNotFetched),
                };
                if on_screen.get() {
                    jobs.refetch();
                }
                Ok::<_, NotDeleted>(deleted)
            }
        }
    });
    // The list stays mounted across reloads and is fed the newest successful answer, instead of
    // being rebuilt inside <Suspense>: rebuilding raced Leptos' disposal of the old list's memos
    // (a panic when the project changed). Reloads thus keep the previous rows on screen.
    let loaded = Memo::new(
        move |previous: Option<&Option<Arc<Vec<IndexedJob>>>>| match confirmed() {
            Some(Ok(Some(list))) => Some(list),
            _ => previous.cloned().flatten(),
        },
    );
    // A failed look-up or list must show, never an empty picker or a stale list without a word;
    // it is shown with the retry of the load that failed.
    let retries = [projects_retry, releases_retry, jobs_retry];
    let load_error = Memo::new(move |_| {
        [
            projects.get().and_then(|r| r.err()),
            releases.get().and_then(|r| r.err()),
            confirmed().and_then(|r| r.err()),
        ]
        .into_iter()
        .enumerate()
        .find_map(|(i, e)| e.map(|e| (e, i)))
    });
    let no_releases = move || {
        releases.with(|r| {
            matches!(r, Some(Ok((Some(p), list))) if list.is_empty() && Some(*p) == project.get())
        })
    };
    // The list's first page drawn before the app started (web/first_rows.js, src/boot.rs) gives
    // way once this page shows its own: the rows, an empty state or an error.
    Effect::new(move |_| {
        if loaded.with(Option::is_some) || load_error.with(Option::is_some) || no_releases() {
            crate::boot::give_way();
            crate::lazy_pages::prefetch_when_idle();
        }
    });
    on_cleanup(crate::boot::give_way);
    // The search as typed, ahead of the URL: the list answers each keystroke at once, and the
    // URL follows once typing pauses (a history entry rewritten per keystroke cost more than
    // the search itself). Kept with the URL's query it was typed over: once the URL moves on
    // (Back, a saved view) the URL's own search shows.
    let typed = RwSignal::new(None::<(JobQuery, String)>);
    let pending_url = StoredValue::new(None::<TimeoutHandle>);
    let cancel_pending_url = move || {
        if let Some(handle) = pending_url.get_value() {
            handle.clear();
            pending_url.set_value(None);
        }
    };
    on_cleanup(cancel_pending_url);
    // The query as shown: the URL's, with the scope filled in and the search as typed.
    let query = Memo::new(move |_| {
        let url = url_query.get();
        let search = typed.with(|t| match t {
            Some((over, text)) if *over == url => Some(text.clone()),
            _ => None,
        });
        let typing = search.is_some();
        JobQuery {
            project: project.get(),
            release: release.get(),
            page: if typing { 0 } else { url.page },
            search: search.unwrap_or_else(|| url.search.clone()),
            ..url
        }
    });
    saved_views::use_default_view();
    crate::palette::share_list(crate::palette::ListShare {
        jobs: loaded.into(),
        query: query.into(),
        projects: Signal::derive(move || {
            projects.with(|p| match p {
                Some(Ok(list)) => list.iter().map(|x| (x.id, x.name.clone())).collect(),
                _ => Vec::new(),
            })
        }),
        releases: Signal::derive(move || {
            releases.with(|r| match r {
                Some(Ok((_, list))) => list.iter().map(|x| (x.id, x.name.clone())).collect(),
                _ => Vec::new(),
            })
        }),
    });
    // The scope last written to storage: a search keystroke leaves it as it is, and a storage
    // write on every keystroke is time taken from the list.
    let stored_scope = StoredValue::new(last_scope);
    let go = Callback::new(move |(next, replace): (JobQuery, bool)| {
        // The query given holds the typed search: the URL takes it over from here. The typed
        // search is forgotten a task later, once the router has handed the page the new URL:
        // forgotten at once, the list drew the old URL's search in between, and every row was
        // built and laid out twice (90 ms, 300 ms after the last keystroke).
        cancel_pending_url();
        let over = url_query.get_untracked();
        set_timeout(
            move || {
                let still_over = typed
                    .try_with_untracked(|t| t.as_ref().is_some_and(|(o, _)| *o == over))
                    .unwrap_or(false);
                if still_over {
                    typed.set(None);
                }
            },
            std::time::Duration::ZERO,
        );
        if let (Some(p), Some(r)) = (next.project, next.release) {
            if stored_scope.get_value() != Some((p, r)) {
                let _ = SessionStorage::set(LAST_SCOPE_KEY, (p, r));
                stored_scope.set_value(Some((p, r)));
            }
        }
        navigate(
            &Link::Jobs(next).path(),
            NavigateOptions {
                replace,
                scroll: false,
                ..Default::default()
            },
        );
    });

    let type_search = Callback::new(move |text: String| {
        let url = url_query.get_untracked();
        typed.update(|t| match t {
            Some((over, typed)) if *over == url => *typed = text,
            _ => *t = Some((url, text)),
        });
        cancel_pending_url();
        let handle = set_timeout_with_handle(
            move || {
                pending_url.set_value(None);
                let still_over = typed.with_untracked(|t| {
                    t.as_ref()
                        .is_some_and(|(over, _)| *over == url_query.get_untracked())
                });
                if still_over {
                    go.run((query.get_untracked(), true));
                } else {
                    typed.set(None);
                }
            },
            SEARCH_TO_URL,
        );
        pending_url.set_value(handle.ok());
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
        Link::NewJob {
            project: q.project,
            release: q.release,
        }
        .href()
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
            {move || load_error.get().map(|(error, i)| {
                let retry = retries[i];
                view! {
                    <ErrorNotice
                        error=error
                        on_retry=Callback::new(move |_| retry.now())
                        retrying=Signal::derive(move || retry.status().map(RetryStatus::text))
                    />
                }
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
                    on_search=type_search
                    delete=delete
                    on_ran=Callback::new(move |_| jobs.refetch())
                    scope_names=scope_names
                />
            </Show>
        </section>
    }
}

// Deleting (the request, its answer read in any shape the contract allows, the re-reading when
// it cannot be read) is a wasm chunk: a first load of the list does not need it, nor the
// reading of write answers that comes with it. Fetched when the browser is idle, or on use.
split_fn!(pub(crate) fn delete_jobs_code(api: ApiClient, ids: Vec<i64>)
    -> Pin<Box<dyn Future<Output = Result<Deleted, ApiError>>>>;
    preload preload_delete_jobs => Box::pin(async move { delete_jobs(&api, ids).await }));

/// Deletes the jobs; when the server's answer cannot be read, re-reads each to tell which went.
async fn delete_jobs(api: &ApiClient, ids: Vec<i64>) -> Result<Deleted, ApiError> {
    Ok(match api.delete_jobs(&ids).await? {
        Written::Confirmed(()) => Deleted {
            gone: ids,
            kept: Vec::new(),
            unread: Vec::new(),
            confirmed: true,
        },
        Written::Unconfirmed(_) => re_read_deleted(api, ids).await,
    })
}

/// After a delete whose answer could not be read: which of the jobs are gone, asked one by one.
async fn re_read_deleted(api: &ApiClient, ids: Vec<i64>) -> Deleted {
    let (mut gone, mut kept, mut unread) = (Vec::new(), Vec::new(), Vec::new());
    for id in ids {
        match api.job(id).await {
            Ok(_) => kept.push(id),
            Err(e) if means_job_is_gone(&e) => gone.push(id),
            Err(_) => unread.push(id),
        }
    }
    Deleted {
        gone,
        kept,
        unread,
        confirmed: false,
    }
}
