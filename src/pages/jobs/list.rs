//! The body of the job list: search and filters, the table, paging, selection and the bulk
//! actions (run, delete) over one release's jobs.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::A;

use super::bulk_edit::{lazy_bulk_edit, BulkEditArgs};
use super::bulk_plan::with_saved;
use super::export_buttons::ExportButtons;
use crate::api::{ApiError, Job, RunState, FRAMEWORKS};
use crate::components::announcer::Announce;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::job_table::{JobTable, RowClick};
use crate::components::run_jobs::RunJobsButton;
use crate::job_query::{page_count, IndexedJob, JobQuery, Matches, Order, PAGE_SIZE};
use crate::lazy_pages::code_not_fetched;
use crate::routes::Link;

/// Search, filters, the table, paging and bulk actions over one release's jobs.
#[component]
pub fn JobList(
    jobs: Signal<Arc<Vec<IndexedJob>>>,
    query: Memo<JobQuery>,
    go: Callback<(JobQuery, bool)>,
    /// The search box's text, as typed.
    on_search: Callback<String>,
    delete: Action<Vec<i64>, Result<Deleted, NotDeleted>>,
    /// Jobs were started: their statuses changed.
    on_ran: Callback<()>,
    /// The project's and release's names (for an export's file name).
    #[prop(into)]
    scope_names: Signal<(String, String)>,
) -> impl IntoView {
    // Jobs a bulk edit saved show their new values at once, over the loaded list; compared by
    // pointer, as the list is the same `Arc` while nothing was saved.
    let saved = RwSignal::new(HashMap::<i64, Job>::new());
    let all = Memo::new_with_compare(
        move |_| with_saved(jobs.get(), &saved.get()),
        |old, new| !matches!((old, new), (Some(a), Some(b)) if Arc::ptr_eq(a, b)),
    );
    let editing = RwSignal::new(false);
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
            Some(Ok(deleted)) => deleted.gone.into_iter().collect(),
            _ => BTreeSet::new(),
        }
    });
    // Sorting is its own memo: a keystroke only filters the already sorted order. A new list
    // is painted from its first page alone; the rest is sorted when the browser is idle, or at
    // once if a search, a filter or another page needs it first.
    let sort = Memo::new(move |_| query.with(|q| (q.sort, q.descending)));
    // Which list was sorted whole, by address (a reused address only means sorting at once).
    let list_id = move || all.with(|all| Arc::as_ptr(all) as usize);
    let settled = RwSignal::new(None::<usize>);
    Effect::new(move |_| {
        let id = list_id();
        request_idle_callback(move || {
            settled.try_set(Some(id));
        });
    });
    let settle_now = move || {
        let id = all.with_untracked(|all| Arc::as_ptr(all) as usize);
        if settled.get_untracked() != Some(id) {
            settled.set(Some(id));
        }
    };
    let order = Memo::new(move |previous: Option<&Order>| {
        let complete =
            settled.get() == Some(list_id()) || query.with(|q| q.has_filters() || q.page > 0);
        all.with(|all| Order::of(previous, all, sort.get(), complete))
    });
    // Each keystroke that adds to the search starts from the last one's matches.
    let matched = Memo::new(move |previous: Option<&Matches>| {
        let q = query.get();
        order.with(|order| Matches::find(previous, order, &q))
    });
    let shown = Memo::new(move |_| {
        let hidden = hidden.get();
        matched.with(|m| {
            if hidden.is_empty() {
                return m.rows.clone();
            }
            all.with(|all| {
                m.rows
                    .iter()
                    .copied()
                    .filter(|&i| !hidden.contains(&all[i].job.id))
                    .collect::<Vec<_>>()
            })
        })
    });
    // Which of the three bodies shows; a memo, so typing a search re-renders rows, not the table.
    let view_kind = Memo::new(move |_| {
        if total() == 0 {
            ListView::NoJobs
        } else if shown.with(Vec::is_empty) {
            ListView::NoMatch
        } else {
            ListView::Table
        }
    });
    let pages = Memo::new(move |_| page_count(shown.with(Vec::len)));
    let page = Memo::new(move |_| query.get().page.min(pages.get() - 1));
    // A memo: a keystroke that leaves the first page as it was changes nothing on screen, and
    // every reader (the table, the row cursor) shares one copy of the page.
    let rows = Memo::new(move |_| {
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
                .map(|j| (j.job.id, j.job.display_name(), j.job.status.clone()))
                .collect::<Vec<(i64, String, RunState)>>()
        })
    });

    // Every job the filters and sort show, all pages: what an export holds.
    let listed_jobs = move || {
        // All of the list, so all of it in order.
        settle_now();
        shown.with_untracked(|s| {
            all.with_untracked(|all| s.iter().map(|&i| all[i].job.clone()).collect::<Vec<_>>())
        })
    };
    // The selected jobs, id and name, in the list's sort order, for a bulk edit.
    let selected_in_order = move || {
        let chosen = selected.get_untracked();
        let hidden = hidden.get_untracked();
        order.with_untracked(|order| {
            all.with_untracked(|all| {
                order
                    .positions
                    .iter()
                    .map(|&i| &all[i].job)
                    .filter(|j| chosen.contains(&j.id) && !hidden.contains(&j.id))
                    .map(|j| (j.id, j.display_name()))
                    .collect::<Vec<_>>()
            })
        })
    };

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
                    let last = ids.len().saturating_sub(1);
                    for id in ids.get(from..=to.min(last)).unwrap_or_default() {
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
    let cursor = super::keys::use_list_keys(rows.into(), query, selected, on_row_click);
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
    // A filter's choice is a step of its own in the browser's history (the search is not: it
    // goes to the URL through `on_search`).
    let set = move |change: fn(&mut JobQuery, String)| {
        move |ev: leptos::ev::Event| {
            let mut next = query.get_untracked();
            change(&mut next, event_target_value(&ev));
            next.page = 0;
            go.run((next, false));
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
                    on:input=move |ev| on_search.run(event_target_value(&ev))
                />
            </label>
            <label class="picker">
                <span>"Status"</span>
                <select on:change=set(|q, v| q.status = v)>
                    <option value="" selected=move || query.get().status.is_empty()>"All statuses"</option>
                    {RunState::FILTERABLE.into_iter().map(|s| {
                        let key = s.key();
                        view! { <option value=key selected=move || query.get().status == key>{s.label().to_string()}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label class="picker">
                <span>"Framework"</span>
                <select on:change=set(|q, v| q.framework = v)>
                    <option value="" selected=move || query.get().framework.is_empty()>"All frameworks"</option>
                    {FRAMEWORKS.into_iter().map(|f| view! {
                        <option value=f selected=move || query.get().framework.eq_ignore_ascii_case(f)>{f}</option>
                    }).collect_view()}
                </select>
            </label>
            <super::saved_views::SavedViewsMenu query=query/>
        </div>
        <div class="list-bar">
            <span class="list-count" aria-live="polite">
                {move || {
                    let n = shown.with(Vec::len);
                    if query.get().has_filters() { format!("{n} of {} jobs match", total()) } else { jobs_text(n) }
                }}
            </span>
            <div class="bulk-actions">
                <Show when=move || !selected.with(BTreeSet::is_empty)>
                    <span class="muted">{move || format!("{} selected", selected_jobs.with(Vec::len))}</span>
                    <button type="button" class="button button-quiet" on:click=move |_| selected.set(BTreeSet::new())>"Clear selection"</button>
                    <button type="button" class="button" on:click=move |_| {
                        // The dialog lists the jobs in the list's whole order.
                        settle_now();
                        editing.set(true);
                    }>"Edit selected"</button>
                    <button type="button" class="button button-danger" on:click=move |_| confirming.set(true)>"Delete selected"</button>
                </Show>
                // Always mounted, so the outcome of the last run stays readable after the
                // selection changes; disabled while nothing is selected.
                <RunJobsButton jobs=selected_jobs label="Run selected" on_settled=on_ran/>
            </div>
            <ExportButtons jobs=Callback::new(move |_| listed_jobs()) scope_names=scope_names/>
        </div>
        {move || {
            if view_kind.get() == ListView::NoJobs {
                view! {
                    <div class="empty-state card">
                        <h2>"No jobs yet"</h2>
                        <p>"This release has no automation jobs. Create one to import results from your test runs."</p>
                        <A href=move || Link::NewJob { project: query.get().project, release: query.get().release }.href() attr:class="button button-primary">"Create a job"</A>
                    </div>
                }.into_any()
            } else if view_kind.get() == ListView::NoMatch {
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
                        cursor=cursor
                        all_selected=all_selected
                        on_sort=Callback::new(move |key| go.run((query.get_untracked().sorted_by(key), false)))
                        on_row_click=on_row_click
                        on_select_all=on_select_all
                    />
                    <Show when=move || { pages.get() > 1 }>
                        <nav class="pager" aria-label="Pages">
                            <button type="button" class="button" disabled=move || page.get() == 0 on:click=move |_| to_page(-1)>"Previous"</button>
                            <span>{move || format!("Page {} of {}", page.get() + 1, pages.get())}</span>
                            <button type="button" class="button" disabled=move || { page.get() + 1 >= pages.get() } on:click=move |_| to_page(1)>"Next"</button>
                        </nav>
                    </Show>
                }.into_any()
            }
        }}
        <Show when=move || editing.get()>
            {move || {
                let args = BulkEditArgs {
                    selected: selected_in_order(),
                    project: query.get_untracked().project,
                    release: query.get_untracked().release,
                    saved,
                    on_close: Callback::new(move |_| editing.set(false)),
                };
                Suspend::new(lazy_bulk_edit(args))
            }}
        </Show>
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

/// What a delete did: the jobs gone and, when the server's answer could not be read and the jobs
/// were re-read one by one, those still there and those that could not be re-read.
#[derive(Clone, Debug, PartialEq)]
pub struct Deleted {
    pub gone: Vec<i64>,
    pub kept: Vec<i64>,
    pub unread: Vec<i64>,
    pub confirmed: bool,
}

/// Why no job was deleted.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum NotDeleted {
    #[error(transparent)]
    Api(#[from] ApiError),
    /// The code that deletes could not be fetched: nothing was sent.
    #[error("{}", code_not_fetched("Nothing was sent"))]
    CodeNotFetched,
}

fn jobs_text(n: usize) -> String {
    format!("{n} job{}", if n == 1 { "" } else { "s" })
}

/// What became of the last delete: how many went, or why none did.
#[component]
pub fn DeleteOutcome(delete: Action<Vec<i64>, Result<Deleted, NotDeleted>>) -> impl IntoView {
    move || {
        delete.value().get().map(|result| match result {
            Ok(deleted) if deleted.confirmed => {
                let text = format!("Deleted {}.", jobs_text(deleted.gone.len()));
                view! {
                    <Announce text=text.clone()/>
                    <div class="notice notice-success">{text}</div>
                }
                .into_any()
            }
            Ok(deleted) => {
                let sure = deleted.kept.is_empty() && deleted.unread.is_empty();
                let tone = if sure { "notice-success" } else { "notice-warning" };
                let still = (!deleted.kept.is_empty()).then(|| format!(
                    "{} still {}: look at the list before deleting again.",
                    jobs_text(deleted.kept.len()),
                    if deleted.kept.len() == 1 { "exists" } else { "exist" }
                ));
                let how = if deleted.unread.is_empty() {
                    "The server\u{2019}s answer could not be confirmed, so each job was re-read from the server.".to_string()
                } else {
                    format!(
                        "The server\u{2019}s answer could not be confirmed, and {} could not be re-read: look at the list before deleting again.",
                        jobs_text(deleted.unread.len())
                    )
                };
                // The server accepted the delete: with nothing re-read, it may well have happened.
                let gone = if deleted.gone.is_empty() && !deleted.unread.is_empty() {
                    format!("{} may have been deleted.", jobs_text(deleted.unread.len()))
                } else {
                    format!("Deleted {}.", jobs_text(deleted.gone.len()))
                };
                let announced = format!("{gone} {how} {}", still.clone().unwrap_or_default());
                view! {
                    <Announce text=announced/>
                    <div class=format!("notice {tone} delete-unconfirmed")>
                        <p class="notice-title">{gone}</p>
                        <p>{how}</p>
                        {still.map(|text| view! { <p>{text}</p> })}
                    </div>
                }
                .into_any()
            }
            Err(error) => view! {
                <Announce text=format!("The jobs were not deleted: {error}") alert=true/>
                <div class="notice notice-error">
                    <p class="notice-title">"The jobs were not deleted"</p>
                    <p>{error.to_string()}</p>
                </div>
            }
            .into_any(),
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ListView {
    NoJobs,
    NoMatch,
    Table,
}
