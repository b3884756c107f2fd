//! The fields of "Edit selected", each left as is until touched: text fields behind a tick box,
//! choices whose first option is "Leave as is", and the summary of what will change.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::bulk_plan::Changes;
use crate::api::{ApiClient, Folder, ANYONE_USER_ID, FRAMEWORKS};

/// The fields, each "Leave as is" until touched.
#[component]
pub fn BulkFields(
    changes: RwSignal<Changes>,
    project: Option<i64>,
    release: Option<i64>,
    api: ApiClient,
    apply_label: String,
    /// Apply is reading the jobs it will change.
    reading: RwSignal<bool>,
    read_error: RwSignal<Option<String>>,
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
            {move || read_error.get().map(|text| view! {
                <div class="notice notice-error bulk-read-error"><p>{text}</p></div>
            })}
            <div class="dialog-actions">
                <button type="button" class="button" on:click=move |_| on_close.run(())>"Cancel"</button>
                <button type="submit" class="button button-primary" aria-describedby="bulk-summary"
                    aria-disabled=move || (blocked() || reading.get()).to_string()>
                    {move || if reading.get() { "Reading the jobs\u{2026}".to_string() } else { apply_label.clone() }}
                </button>
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
