//! Browser notifications when runs end, opted into on the Activity page. The switch asks for
//! permission only when clicked; a refusal is explained beside it and never asked again by the
//! app. While the tab is hidden, each scheduler round's ended runs make one notification (one
//! run: its timeline; several: one summary that opens Activity). A click focuses the tab there.
//!
//! The Notification API is reached through `js_sys::Reflect` rather than web-sys features, whose
//! addition would recompile Leptos for wasm.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::logic::{elapsed, notice, Ended};
use crate::activity::{use_activity, WatchedRun};
use crate::browser::document_hidden;
use crate::routes::Link;

/// `Notification.permission`: "granted", "denied", "default"; `None` without the API.
fn permission() -> Option<String> {
    let api = notification_api()?;
    js_sys::Reflect::get(&api, &"permission".into())
        .ok()?
        .as_string()
}

fn notification_api() -> Option<JsValue> {
    let api = js_sys::Reflect::get(&js_sys::global(), &"Notification".into()).ok()?;
    (!api.is_undefined() && !api.is_null()).then_some(api)
}

/// Asks the browser once, and hands its answer to `answered`.
fn request_permission(answered: impl FnOnce(String) + 'static) {
    let Some(api) = notification_api() else {
        return;
    };
    let ask = js_sys::Reflect::get(&api, &"requestPermission".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(promise) = ask
        .and_then(|f| f.call0(&api).ok())
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok())
    else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let answer = wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_else(|| "default".into());
        answered(answer);
    });
}

/// The "Notify me when runs end" switch, and why it cannot be on when the browser said no.
#[component]
pub fn NotifySwitch() -> impl IntoView {
    let opt_in = use_activity().notify_opt_in();
    let state = RwSignal::new(permission());
    let supported = state.get_untracked().is_some();
    let denied = move || state.get().as_deref() == Some("denied");
    let on = move || opt_in.get() && state.get().as_deref() == Some("granted");
    let toggle = move |_| {
        if on() {
            opt_in.set(false);
            return;
        }
        match permission().as_deref() {
            Some("granted") => {
                state.set(Some("granted".into()));
                opt_in.set(true);
            }
            // The browser's answer stands; the explanation says how to change it.
            Some("denied") => state.set(Some("denied".into())),
            Some(_) => request_permission(move |answer| {
                let granted = answer == "granted";
                state.try_set(Some(answer));
                if granted {
                    opt_in.try_set(true);
                }
            }),
            None => {}
        }
    };
    view! {
        <div class="notify-switch">
            <button
                type="button"
                role="switch"
                class="switch"
                aria-checked=move || if on() { "true" } else { "false" }
                aria-describedby="notify-help"
                disabled=!supported
                on:click=toggle
            >
                <span class="switch-track" aria-hidden="true"><span class="switch-thumb"></span></span>
                "Notify me when runs end"
            </button>
            <p id="notify-help" class=move || if denied() { "switch-help notify-denied" } else { "switch-help" }>
                {move || if !supported {
                    "This browser cannot show notifications."
                } else if denied() {
                    "Notifications are blocked for this site. To get them, allow notifications in the browser\u{2019}s site settings (the icon left of the address), then switch this on."
                } else {
                    "Only while this tab is hidden: one notification per run that ends."
                }}
            </p>
        </div>
    }
}

/// Listens for ended runs, for the whole tab: rendered once by the shell, inside the router.
#[component]
pub fn RunNotifications() -> impl IntoView {
    let activity = use_activity();
    let opt_in = activity.notify_opt_in();
    let navigate = use_navigate();
    activity.on_finished(move |ended: &[WatchedRun]| {
        let wanted = opt_in.get_untracked() && document_hidden();
        if !wanted || permission().as_deref() != Some("granted") {
            return;
        }
        let ended: Vec<Ended> = ended.iter().map(ended_of).collect();
        if let Some(n) = notice(&ended) {
            let to = n.job_id.map(Link::Run).unwrap_or(Link::Activity).path();
            let navigate = navigate.clone();
            show(&n.title, &n.body, move || navigate(&to, Default::default()));
        }
    });
}

fn ended_of(run: &WatchedRun) -> Ended {
    Ended {
        job_id: run.job_id,
        job_name: run.job_name.clone(),
        run_id: run.run_id,
        state: run.state.clone(),
        took_ms: elapsed(run.started_ms, run.ended_ms, true, 0),
    }
}

/// `new Notification(title, { body })`, whose click focuses this tab and calls `open`.
fn show(title: &str, body: &str, open: impl FnOnce() + 'static) {
    let Some(api) = notification_api().and_then(|a| a.dyn_into::<js_sys::Function>().ok()) else {
        return;
    };
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"body".into(), &body.into());
    let args = js_sys::Array::of2(&title.into(), &options);
    let Ok(notification) = js_sys::Reflect::construct(&api, &args) else {
        return;
    };
    let target = notification.clone();
    // Called at most once; a notification never clicked keeps its small closure alive.
    let on_click = Closure::once_into_js(move || {
        if let Some(window) = web_sys::window() {
            let _ = window.focus();
        }
        open();
        if let Ok(close) = js_sys::Reflect::get(&target, &"close".into())
            .and_then(|f| f.dyn_into::<js_sys::Function>())
        {
            let _ = close.call0(&target);
        }
    });
    let _ = js_sys::Reflect::set(&notification, &"onclick".into(), &on_click);
}
