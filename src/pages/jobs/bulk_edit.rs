//! "Edit selected": a modal dialog of the fields that make sense for many jobs, each left as is
//! until touched; Apply reads the release's jobs whole (the list keeps only its columns), then
//! sends one update per job (at most four at once) with progress, each job's outcome and
//! "Retry failed". A modal rather than a page: the selection, filters and list stay
//! as they are behind it, and the saved values show in the list as they arrive. The rules live
//! in `bulk_plan` and the fields in `bulk_fields`; this file renders and sends.

use std::collections::HashMap;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::bulk_fields::BulkFields;
use super::bulk_plan::{Answer, Batch, Changes, Outcome, MAX_IN_FLIGHT};
use crate::api::{use_api, ApiClient, ApiError, Job, Written};
use crate::components::announcer::{announce, announce_alert};
use crate::components::confirm_dialog::{keep_tab_inside, show_modal_from, Opener};
use crate::lazy_pages::{open_dialog, split_view};
use crate::pages::job_form::leave_guard::guard_unload;

#[component]
pub fn BulkEditDialog(
    /// The selected jobs, id and name, in list order.
    selected: Vec<(i64, String)>,
    project: Option<i64>,
    release: Option<i64>,
    /// Jobs the server saved, shown in the list at once.
    saved: RwSignal<HashMap<i64, Job>>,
    on_close: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let total = selected.len();
    let selected = StoredValue::new(selected);
    // Apply reads the jobs before it writes; a failed read is shown above the buttons.
    let reading = RwSignal::new(false);
    let read_error = RwSignal::new(None::<String>);
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
        // The jobs still on the server, once the batch was made.
        let to_save = batch.with_untracked(|b| b.as_ref().map_or(total, Batch::to_save));
        announce(format!("Saving {}\u{2026}", jobs_text(to_save)));
        for _ in 0..MAX_IN_FLIGHT {
            leptos::task::spawn_local(worker(client.get_value(), batch, saved));
        }
    };
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = changes.get_untracked();
        if chosen.count() == 0 || chosen.problem().is_some() || reading.get_untracked() {
            return;
        }
        let (Some(project), Some(release)) = (project, release) else {
            return;
        };
        reading.set(true);
        read_error.set(None);
        let api = client.get_value();
        leptos::task::spawn_local(async move {
            let current = api.jobs::<Job>(project, release).await;
            // The dialog closed meanwhile: nothing to do.
            if reading.try_set(false).is_some() {
                return;
            }
            match current {
                Ok(current) => {
                    let made = selected.with_value(|s| Batch::for_selection(s, &current, &chosen));
                    let ended = made.finished().then(|| made.summary());
                    batch.set(Some(made));
                    match ended {
                        Some(summary) => announce(summary),
                        None => start(),
                    }
                }
                Err(error) => {
                    let text = format!(
                        "The jobs could not be read before saving, so nothing was changed: {error}"
                    );
                    announce_alert(text.clone());
                    read_error.set(Some(text));
                }
            }
        });
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
                            apply_label=apply_label.clone() reading=reading read_error=read_error
                            on_submit=apply on_close=on_close/>
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

/// "12 of 40 saved", the refusal once, and each job's outcome.
#[component]
fn BulkProgress(batch: RwSignal<Option<Batch>>) -> impl IntoView {
    let read = move |f: fn(&Batch) -> String| batch.with(|b| b.as_ref().map(f).unwrap_or_default());
    let total = move || batch.with(|b| b.as_ref().map_or(0, Batch::to_save));
    let saved = move || batch.with(|b| b.as_ref().map_or(0, Batch::saved));
    view! {
        <div class="bulk-progress">
            <p class="bulk-count">{move || read(Batch::progress_text)}</p>
            <progress max=move || total().max(1) value=saved aria-labelledby="bulk-title"></progress>
            {move || batch.with(|b| b.as_ref().and_then(Batch::refusal_text)).map(|text| view! {
                <div class="notice notice-error bulk-refusal"><p>{text}</p></div>
            })}
            {move || batch.with(|b| b.as_ref().and_then(Batch::gone_text)).map(|text| view! {
                <div class="notice notice-warning bulk-gone"><p>{text}</p></div>
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
                        Outcome::Gone => ("gone", "No longer on the server".to_string()),
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

/// What the list hands the dialog when "Edit selected" opens it.
pub struct BulkEditArgs {
    pub selected: Vec<(i64, String)>,
    pub project: Option<i64>,
    pub release: Option<i64>,
    pub saved: RwSignal<HashMap<i64, Job>>,
    pub on_close: Callback<()>,
}

/// The dialog, from a wasm chunk of its own with the `split` feature (src/lazy_pages.rs says
/// how): a first load of the list does not download it. If the chunk cannot be fetched, the
/// dialog closes and says why.
pub async fn lazy_bulk_edit(args: BulkEditArgs) -> AnyView {
    let on_close = args.on_close;
    open_dialog(bulk_edit_view(args), "Edit selected", move || {
        on_close.run(())
    })
    .await
}

split_view!(pub fn bulk_edit_view(args: BulkEditArgs) preload preload_bulk_edit => dialog_view(args));

fn dialog_view(args: BulkEditArgs) -> AnyView {
    let BulkEditArgs {
        selected,
        project,
        release,
        saved,
        on_close,
    } = args;
    view! { <BulkEditDialog selected project release saved on_close/> }.into_any()
}
