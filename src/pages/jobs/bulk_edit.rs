//! "Edit selected": a modal dialog of the fields that make sense for many jobs, each left as is
//! until touched, then one update per job (at most four at once) with progress, each job's
//! outcome and "Retry failed". A modal rather than a page: the selection, filters and list stay
//! as they are behind it, and the saved values show in the list as they arrive. The rules live
//! in `bulk_plan`; this file renders and sends.

use std::collections::HashMap;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::bulk_plan::{Answer, Batch, Changes, Outcome, MAX_IN_FLIGHT};
use crate::api::{use_api, ApiClient, ApiError, Folder, Job, Written, ANYONE_USER_ID, FRAMEWORKS};
use crate::components::announcer::announce;
use crate::components::confirm_dialog::{keep_tab_inside, show_modal_from, Opener};
use crate::pages::job_form::leave_guard::guard_unload;

#[component]
pub fn BulkEditDialog(
    /// The selected jobs, in list order, as loaded.
    jobs: Vec<Job>,
    project: Option<i64>,
    release: Option<i64>,
    /// Jobs the server saved, shown in the list at once.
    saved: RwSignal<HashMap<i64, Job>>,
    on_close: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let total = jobs.len();
    let jobs = StoredValue::new(jobs);
    let changes = RwSignal::new(Changes::default());
    let batch = RwSignal::new(None::<Batch>);
    let applying =
        Signal::derive(move || batch.with(|b| b.as_ref().is_some_and(|b| !b.finished())));
    // Closing or reloading the tab mid-way would leave the rest unsent: the browser asks first.
    guard_unload(applying);

    let dialog_ref = NodeRef::<leptos::html::Dialog>::new();
    let opener = Opener::default();
    dialog_ref.on_load({
        let opener = opener.clone();
        move |dialog| {
            show_modal_from(&dialog, &opener);
            focus_first(&dialog);
        }
    });
    on_cleanup(move || {
        if let Some(dialog) = dialog_ref.get_untracked() {
            if dialog.open() {
                dialog.close();
            }
        }
        if let Some(opener) = opener.lock().ok().and_then(|mut o| o.take()) {
            crate::page_title::return_focus_to(opener.take());
        }
    });
    // Escape closes, except while updates are on their way.
    let on_cancel = move |ev: leptos::ev::Event| {
        ev.prevent_default();
        if !applying.get_untracked() {
            on_close.run(());
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if let Some(dialog) = dialog_ref.get_untracked() {
            keep_tab_inside(&ev, &dialog);
        }
    };

    let client = StoredValue::new(api.clone());
    let start = move || {
        announce(format!("Saving {}\u{2026}", jobs_text(total)));
        for _ in 0..MAX_IN_FLIGHT {
            leptos::task::spawn_local(worker(client.get_value(), batch, saved));
        }
    };
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = changes.get_untracked();
        if chosen.count() == 0 || chosen.problem().is_some() {
            return;
        }
        batch.set(Some(jobs.with_value(|jobs| Batch::new(jobs, &chosen))));
        start();
    };
    let retry = move |_| {
        let again = batch.try_update(|b| b.as_mut().map(Batch::retry)).flatten();
        if again.is_some_and(|n| n > 0) {
            start();
        }
    };
    let title = format!("Edit {}", jobs_text(total));
    let apply_label = format!("Apply to {}", jobs_text(total));

    view! {
        <dialog class="dialog bulk-dialog" node_ref=dialog_ref aria-labelledby="bulk-title"
            on:cancel=on_cancel on:keydown=on_keydown>
            <div class="dialog-content">
                <h2 id="bulk-title">{title}</h2>
                <Show
                    when=move || batch.with(Option::is_some)
                    fallback=move || view! {
                        <BulkFields changes=changes project=project release=release api=api.clone()
                            apply_label=apply_label.clone() on_submit=apply on_close=on_close/>
                    }
                >
                    <BulkProgress batch=batch/>
                    <div class="dialog-actions">
                        <Show when=move || batch.with(|b| b.as_ref().is_some_and(|b| b.finished() && b.retryable() > 0))>
                            <button type="button" class="button button-primary" on:click=retry>"Retry failed"</button>
                        </Show>
                        <button type="button" class="button" disabled=move || applying.get() on:click=move |_| on_close.run(())>
                            {move || if applying.get() { "Saving\u{2026}" } else { "Close" }}
                        </button>
                    </div>
                </Show>
            </div>
        </dialog>
    }
}

fn jobs_text(n: usize) -> String {
    format!("{n} job{}", if n == 1 { "" } else { "s" })
}

fn focus_first(dialog: &web_sys::HtmlDialogElement) {
    if let Some(el) = dialog
        .query_selector("input, select, button")
        .ok()
        .flatten()
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// Sends the batch's jobs one after another until none waits; four of these run at once. The
/// one whose answer ends the batch announces the outcome. After the dialog is gone the
/// signals are too: the worker stops.
async fn worker(
    api: ApiClient,
    batch: RwSignal<Option<Batch>>,
    saved: RwSignal<HashMap<i64, Job>>,
) {
    loop {
        let Some(Some((id, body))) = batch.try_update(|b| b.as_mut().and_then(Batch::take_next))
        else {
            return;
        };
        let answer = match api.update_job(id, &body).await {
            Ok(Written::Confirmed(job)) => Ok(job),
            // Accepted, answer unreadable: the job as re-read shows what was saved.
            Ok(Written::Unconfirmed(_)) => api.job(id).await.map_err(|_| {
                Answer::Failed("The server\u{2019}s answer could not be confirmed: look at the job before retrying.".into())
            }),
            Err(ApiError::Forbidden { message }) => Err(Answer::ReadOnly(
                message.unwrap_or_else(|| "the server refused the change (403)".into()),
            )),
            Err(e) => Err(Answer::Failed(e.to_string())),
        };
        let answer = match answer {
            Ok(job) => {
                saved.try_update(|s| s.insert(id, job));
                Answer::Saved
            }
            Err(answer) => answer,
        };
        let ended = batch.try_update(|b| {
            b.as_mut().and_then(|b| {
                b.record(id, answer);
                b.finished().then(|| b.summary())
            })
        });
        if let Some(Some(summary)) = ended {
            announce(summary);
        }
    }
}

/// The fields, each "Leave as is" until touched.
#[component]
fn BulkFields(
    changes: RwSignal<Changes>,
    project: Option<i64>,
    release: Option<i64>,
    api: ApiClient,
    apply_label: String,
    on_submit: impl Fn(leptos::ev::SubmitEvent) + 'static,
    on_close: Callback<()>,
) -> impl IntoView {
    let users = LocalResource::new({
        let api = api.clone();
        move || {
            let api = api.clone();
            async move {
                match project {
                    Some(p) => api.project_users(p).await,
                    None => Ok(Vec::new()),
                }
            }
        }
    });
    let folders = LocalResource::new(move || {
        let api = api.clone();
        async move {
            match release {
                Some(r) => api.folders(r).await.map(|f| Folder::flatten(&f)),
                None => Ok(Vec::new()),
            }
        }
    });
    let user_options = move || -> Vec<(String, String)> {
        match users.get() {
            None => vec![(String::new(), "Loading users\u{2026}".into())],
            Some(Err(e)) => vec![(String::new(), format!("Users could not be loaded: {e}"))],
            Some(Ok(list)) => list
                .into_iter()
                .map(|u| (u.id.to_string(), u.display_name()))
                .collect(),
        }
    };
    let folder_options = move || -> Vec<(String, String)> {
        match folders.get() {
            None => vec![(String::new(), "Loading folders\u{2026}".into())],
            Some(Err(e)) => vec![(String::new(), format!("Folders could not be loaded: {e}"))],
            Some(Ok(list)) => list
                .into_iter()
                .map(|(id, path, _)| (id.to_string(), path))
                .collect(),
        }
    };
    let folder_path = move |id: i64| {
        folders
            .get_untracked()
            .and_then(Result::ok)
            .and_then(|list| list.into_iter().find(|(f, _, _)| *f == id))
            .map(|(_, path, _)| path)
            .unwrap_or_default()
    };
    let summary = move || {
        let c = changes.get();
        match (c.count(), c.problem()) {
            (_, Some(problem)) => problem.to_string(),
            (0, None) => "Every field is left as is: choose what to change.".to_string(),
            (1, None) => "1 field will change; everything else stays as each job has it.".into(),
            (n, None) => {
                format!("{n} fields will change; everything else stays as each job has it.")
            }
        }
    };
    let blocked = move || changes.with(|c| c.count() == 0 || c.problem().is_some());
    let flag = |v: &str| match v {
        "on" => Some(true),
        "off" => Some(false),
        _ => None,
    };

    view! {
        <form class="form bulk-form" on:submit=on_submit novalidate>
            <p class="help bulk-intro">"Fields left as is keep each job\u{2019}s own value."</p>
            <div class="bulk-grid">
                <TextChange id="bulk-cycle" label="Cycle" changes=changes
                    get=|c| c.cycle.clone() set=|c, v| c.cycle = v/>
                <TextChange id="bulk-phase" label="Phase" changes=changes
                    get=|c| c.phase.clone() set=|c, v| c.phase = v/>
                <PickChange id="bulk-folder" label="Repository folder"
                    fixed=vec![("none".to_string(), "No folder".to_string())]
                    options=Signal::derive(folder_options)
                    on_pick=Callback::new(move |v: String| changes.update(|c| c.folder = match v.as_str() {
                        "" => None,
                        "none" => Some((None, String::new())),
                        id => id.parse().ok().map(|id| (Some(id), folder_path(id))),
                    }))/>
                <PickChange id="bulk-assignee" label="Assign results to"
                    fixed=vec![(ANYONE_USER_ID.to_string(), "Anyone".to_string())]
                    options=Signal::derive(user_options)
                    on_pick=Callback::new(move |v: String| changes.update(|c| c.assignee = v.parse().ok()))/>
                <PickChange id="bulk-framework" label="Automation framework"
                    fixed=FRAMEWORKS.iter().map(|f| (f.to_string(), f.to_string())).collect()
                    options=Signal::derive(Vec::new)
                    on_pick=Callback::new(move |v: String| changes.update(|c| c.framework = (!v.is_empty()).then_some(v)))/>
                <TextChange id="bulk-environment" label="Environment" changes=changes
                    get=|c| c.environment.clone() set=|c, v| c.environment = v/>
                <PickChange id="bulk-reuse" label="Cycle per run"
                    fixed=vec![("on".into(), "Reuse the same cycle".into()), ("off".into(), "A fresh cycle each run".into())]
                    options=Signal::derive(Vec::new)
                    on_pick=Callback::new(move |v: String| changes.update(|c| c.is_reuse = flag(&v)))/>
                <PickChange id="bulk-time-stamp" label="Time stamp on the cycle name"
                    fixed=vec![("on".into(), "Append a time stamp".into()), ("off".into(), "No time stamp".into())]
                    options=Signal::derive(Vec::new)
                    on_pick=Callback::new(move |v: String| changes.update(|c| c.time_stamp = flag(&v)))/>
            </div>
            <p class="bulk-summary" id="bulk-summary">{summary}</p>
            <div class="dialog-actions">
                <button type="button" class="button" on:click=move |_| on_close.run(())>"Cancel"</button>
                <button type="submit" class="button button-primary" aria-describedby="bulk-summary"
                    aria-disabled=move || blocked().to_string()>{apply_label}</button>
            </div>
        </form>
    }
}

/// A text field that is changed only when its box is ticked (an empty text is a value too).
#[component]
fn TextChange(
    id: &'static str,
    label: &'static str,
    changes: RwSignal<Changes>,
    get: fn(&Changes) -> Option<String>,
    set: fn(&mut Changes, Option<String>),
) -> impl IntoView {
    let value = Signal::derive(move || changes.with(get));
    let check_id = format!("{id}-change");
    let check_for = check_id.clone();
    let on_toggle = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        changes.update(|c| set(c, on.then(String::new)));
        if on {
            if let Some(el) = document()
                .get_element_by_id(id)
                .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
            {
                // Focus follows once the input is enabled.
                request_animation_frame(move || {
                    let _ = el.focus();
                });
            }
        }
    };
    view! {
        <div class="field bulk-field">
            <label class="check" for=check_for>
                <input id=check_id type="checkbox" prop:checked=move || value.with(Option::is_some) on:change=on_toggle/>
                <span>{format!("Change {}", label.to_lowercase())}</span>
            </label>
            <label class="visually-hidden" for=id>{format!("New {}", label.to_lowercase())}</label>
            <input id=id type="text" autocomplete="off"
                disabled=move || value.with(Option::is_none)
                placeholder=move || if value.with(Option::is_none) { "Leave as is" } else { "" }
                prop:value=move || value.get().unwrap_or_default()
                on:input=move |ev| { let v = event_target_value(&ev); changes.update(|c| set(c, Some(v))); }/>
        </div>
    }
}

/// A choice whose first option is "Leave as is"; `fixed` options come before the loaded ones.
#[component]
fn PickChange(
    id: &'static str,
    label: &'static str,
    fixed: Vec<(String, String)>,
    options: Signal<Vec<(String, String)>>,
    on_pick: Callback<String>,
) -> impl IntoView {
    view! {
        <div class="field bulk-field">
            <label for=id>{label}</label>
            <select id=id on:change=move |ev| on_pick.run(event_target_value(&ev))>
                <option value="">"Leave as is"</option>
                {fixed.into_iter().map(|(v, text)| view! { <option value=v>{text}</option> }).collect_view()}
                {move || options.get().into_iter().map(|(v, text)| {
                    let disabled = v.is_empty();
                    view! { <option value=v disabled=disabled>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// "12 of 40 saved", the refusal once, and each job's outcome.
#[component]
fn BulkProgress(batch: RwSignal<Option<Batch>>) -> impl IntoView {
    let read = move |f: fn(&Batch) -> String| batch.with(|b| b.as_ref().map(f).unwrap_or_default());
    let total = move || batch.with(|b| b.as_ref().map_or(0, |b| b.items.len()));
    let saved = move || batch.with(|b| b.as_ref().map_or(0, Batch::saved));
    view! {
        <div class="bulk-progress">
            <p class="bulk-count">{move || read(Batch::progress_text)}</p>
            <progress max=move || total().max(1) value=saved aria-labelledby="bulk-title"></progress>
            {move || batch.with(|b| b.as_ref().and_then(Batch::refusal_text)).map(|text| view! {
                <div class="notice notice-error bulk-refusal"><p>{text}</p></div>
            })}
            <ul class="bulk-outcomes">
                {move || batch.with(|b| b.as_ref().map(|b| b.items.clone()).unwrap_or_default()).into_iter().map(|item| {
                    let (class, text) = match item.outcome {
                        Outcome::Queued => ("queued", "Waiting".to_string()),
                        Outcome::Sending => ("sending", "Saving\u{2026}".to_string()),
                        Outcome::Saved => ("saved", "Saved".to_string()),
                        Outcome::Failed(reason) => ("failed", format!("Failed: {reason}")),
                        Outcome::Refused => ("refused", "Refused: not changed".to_string()),
                        Outcome::NotSent => ("not-sent", "Not sent".to_string()),
                    };
                    view! {
                        <li class=format!("bulk-outcome bulk-outcome-{class}") data-job-id=item.id.to_string()>
                            <span class="bulk-outcome-name wrap-anywhere">{item.name}</span>
                            <span class="bulk-outcome-text wrap-anywhere">{text}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}
