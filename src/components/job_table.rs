//! The job table: sortable headers, selectable rows, one page of jobs. Presentational: the page
//! owns the query, the selection and what clicks mean.

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::api::ListJob;
use crate::components::status_badge::LiveStatusBadge;
use crate::components::time::RelativeTime;
use crate::job_query::SortKey;
use crate::routes::Link;

/// A click on a row's checkbox: which job, and whether Shift was held, so the page can select
/// a range.
#[derive(Clone, Copy, Debug)]
pub struct RowClick {
    pub job_id: i64,
    pub shift: bool,
}

#[component]
pub fn JobTable(
    /// The jobs of the current page.
    #[prop(into)]
    rows: Signal<Vec<ListJob>>,
    #[prop(into)] sort: Signal<(SortKey, bool)>,
    #[prop(into)] selected: Signal<BTreeSet<i64>>,
    /// The keyboard's row cursor (`j`/`k` on the list), by job id.
    #[prop(optional, into)]
    cursor: MaybeProp<i64>,
    /// Whether every job that matches the filters is selected.
    #[prop(into)]
    all_selected: Signal<bool>,
    on_sort: Callback<SortKey>,
    on_row_click: Callback<RowClick>,
    on_select_all: Callback<bool>,
) -> impl IntoView {
    let header = move |key: SortKey| {
        let aria_sort = move || match sort.get() {
            (k, false) if k == key => "ascending",
            (k, true) if k == key => "descending",
            _ => "none",
        };
        let arrow = move || match sort.get() {
            (k, false) if k == key => "\u{25B2}",
            (k, true) if k == key => "\u{25BC}",
            _ => "",
        };
        view! {
            <th scope="col" aria-sort=aria_sort class=format!("col-{}", key.key())>
                <button type="button" class="sort-button" on:click=move |_| on_sort.run(key)>
                    {key.label()}
                    <span class="sort-arrow" aria-hidden="true">{arrow}</span>
                </button>
            </th>
        }
    };

    view! {
        <table class="table jobs-table">
            <thead>
                <tr>
                    <th scope="col" class="col-select">
                        <input
                            type="checkbox"
                            aria-label="Select all jobs that match"
                            prop:checked=move || all_selected.get()
                            on:change=move |ev| on_select_all.run(event_target_checked(&ev))
                        />
                    </th>
                    {SortKey::ALL.into_iter().map(header).collect_view()}
                </tr>
            </thead>
            <tbody>
                <For
                    each=move || rows.get()
                    // Keyed by what a row shows that can change, so rows that stay on screen while
                    // typing a search are kept, and a reload with new data redraws the row.
                    key=|job| (job.id, job.modified_at, job.scheduled_at, job.status.label().to_string())
                    children=move |job| {
                        let id = job.id;
                        let is_selected = move || selected.with(|s| s.contains(&id));
                        let at_cursor = move || cursor.get() == Some(id);
                        let name = job.display_name();
                        let link_text = name.clone();
                        view! {
                            <tr class:selected=is_selected class:cursor=at_cursor aria-current=move || at_cursor().then_some("true") data-job-id=id.to_string()>
                                <td class="col-select">
                                    <input
                                        type="checkbox"
                                        aria-label=format!("Select {name}")
                                        prop:checked=is_selected
                                        on:click=move |ev| on_row_click.run(RowClick {
                                            job_id: id,
                                            shift: ev.shift_key(),
                                        })
                                    />
                                </td>
                                // A plain link: the router follows it all the same, without
                                // the active-link bookkeeping of <A> in every row.
                                <td class="cell-name" title=name.clone()>
                                    <a href=Link::Job(id).href()>{link_text}</a>
                                </td>
                                <td>{job.framework.clone()}</td>
                                <td title=job.cycle.clone()>{job.cycle.clone()}</td>
                                <td><LiveStatusBadge job_id=id known=job.status.clone() scheduled_at=job.scheduled_at/></td>
                                <td><RelativeTime ms=job.scheduled_at empty="never"/></td>
                                <td>{job.created_by.clone().unwrap_or_default()}</td>
                            </tr>
                        }
                    }
                />
            </tbody>
        </table>
    }
}
