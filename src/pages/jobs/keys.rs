//! The job list's keys: a row cursor (`j`/`k`), selection (`x`, Shift+`x`), open, edit, run,
//! new job and `/` for search. Each does what a visible control does, through that control's
//! own logic: the checkboxes' click (with its Shift range), the name link, Run selected.

use std::collections::BTreeSet;
use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::JsCast;

use crate::api::ListJob;
use crate::components::job_table::RowClick;
use crate::job_query::JobQuery;
use crate::routes::Link;
use crate::shortcuts::{click, scroll_near, use_page_keys, Command, Scope};

/// Installs the list's keys for the page's lifetime; gives the cursor's row (by job id, so it
/// stays on its job across sorting and filtering, and is gone while that job is not shown).
pub fn use_list_keys(
    rows: Signal<Vec<ListJob>>,
    query: Memo<JobQuery>,
    selected: RwSignal<BTreeSet<i64>>,
    on_row_click: Callback<RowClick>,
) -> Signal<Option<i64>> {
    let navigate = use_navigate();
    let chosen = RwSignal::new(None::<i64>);
    let cursor = Signal::derive(move || {
        let id = chosen.get()?;
        rows.with(|r| r.iter().any(|j| j.id == id)).then_some(id)
    });
    use_page_keys(Scope::List, move |command| {
        let here = cursor.get_untracked();
        let go = |link: Link| navigate(&link.path(), Default::default());
        match command {
            Command::FocusSearch => {
                if let Some(search) = document()
                    .query_selector(".filter-bar input[type=search]")
                    .ok()
                    .flatten()
                    .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = search.focus();
                }
            }
            Command::LeaveField => {
                if let Some(field) = document()
                    .active_element()
                    .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = field.blur();
                }
            }
            Command::CursorDown | Command::CursorUp => {
                let ids: Vec<i64> = rows.with_untracked(|r| r.iter().map(|j| j.id).collect());
                let Some(last) = ids.len().checked_sub(1) else {
                    return;
                };
                let at = here.and_then(|id| ids.iter().position(|x| *x == id));
                let next = match (command, at) {
                    (Command::CursorDown, None) => 0,
                    (_, None) => last,
                    (Command::CursorDown, Some(i)) => (i + 1).min(last),
                    (_, Some(i)) => i.saturating_sub(1),
                };
                chosen.set(Some(ids[next]));
                let row = format!(".jobs-table tr[data-job-id='{}']", ids[next]);
                if let Some(row) = document().query_selector(&row).ok().flatten() {
                    scroll_near(&row);
                }
            }
            Command::ToggleSelect | Command::ExtendSelect => {
                if let Some(job_id) = here {
                    on_row_click.run(RowClick {
                        job_id,
                        shift: command == Command::ExtendSelect,
                    });
                }
            }
            Command::Open => here.into_iter().for_each(|id| go(Link::Job(id))),
            Command::Edit => here.into_iter().for_each(|id| go(Link::EditJob(id))),
            Command::NewJob => query.with_untracked(|q| {
                go(Link::NewJob {
                    project: q.project,
                    release: q.release,
                })
            }),
            Command::Run => {
                // Nothing selected: the cursor's job becomes the selection, so the user sees
                // what runs, and Run selected runs it as if clicked.
                if selected.with_untracked(BTreeSet::is_empty) {
                    let Some(id) = here else {
                        return;
                    };
                    selected.set(BTreeSet::from([id]));
                }
                // After the button has seen the selection (it is disabled without one).
                set_timeout(|| click(".bulk-actions .run-jobs-button"), Duration::ZERO);
            }
            _ => {}
        }
    });
    cursor
}
