//! Leaving a form with unsaved input asks first: the browser's own question when the tab is
//! closed or reloaded, and "Discard changes?" on Cancel or on any link elsewhere in the app.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::components::confirm_dialog::ConfirmDialog;

/// Asks the browser to confirm closing or reloading the tab while `dirty` holds, for as long
/// as the calling component lives.
pub fn guard_unload(dirty: Signal<bool>) {
    let listener = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if dirty.get_untracked() {
            ev.prevent_default();
            // Browsers show their own words; setting a value is what makes older ones ask.
            ev.set_return_value("Leave this page? Your changes are not saved.");
        }
    });
    on_cleanup(move || listener.remove());
}

/// The form's Cancel: goes to `to`, asking first when something would be lost.
#[component]
pub fn CancelButton(#[prop(into)] dirty: Signal<bool>, to: String) -> impl IntoView {
    let navigate = use_navigate();
    let asking = RwSignal::new(false);
    let leave = move || navigate(&to, NavigateOptions::default());
    let leave_now = leave.clone();
    let cancel = move |_| {
        if dirty.get_untracked() {
            asking.set(true);
        } else {
            leave_now();
        }
    };
    view! {
        <button type="button" class="button" on:click=cancel>"Cancel"</button>
        <Show when=move || asking.get()>
            <ConfirmDialog
                title="Discard changes?"
                confirm_label="Discard"
                destructive=true
                on_confirm=Callback::new({
                    let leave = leave.clone();
                    move |_| {
                        asking.set(false);
                        leave();
                    }
                })
                on_cancel=Callback::new(move |_| asking.set(false))
            >
                <p>"What you typed in this form will be lost."</p>
            </ConfirmDialog>
        </Show>
    }
}

/// Guards the whole page while `dirty` holds: closing or reloading the tab, and following any
/// same-app link (header, breadcrumbs). leptos_router has no navigation blocker, so a
/// capture-phase click listener on `window` holds the link before the router sees it, and the
/// same question as Cancel decides; "Discard" follows the link.
#[component]
pub fn LeaveGuard(#[prop(into)] dirty: Signal<bool>) -> impl IntoView {
    guard_unload(dirty);
    let held = RwSignal::new(None::<SendWrapper<web_sys::HtmlElement>>);
    let released = RwSignal::new(false);

    let on_click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
        if !dirty.get_untracked() || released.get_untracked() {
            return;
        }
        // Let the browser handle new tabs and windows: nothing is lost there.
        if ev.button() != 0 || ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key() {
            return;
        }
        let link = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("a[href]").ok().flatten());
        let Some(link) = link else { return };
        if link.get_attribute("target").is_some_and(|t| t != "_self") {
            return;
        }
        let same_app = link
            .get_attribute("href")
            .is_some_and(|href| href.starts_with('/') && !href.starts_with("//"));
        if !same_app {
            return;
        }
        ev.prevent_default();
        ev.stop_immediate_propagation();
        held.set(
            link.dyn_into::<web_sys::HtmlElement>()
                .ok()
                .map(SendWrapper::new),
        );
    });
    let window = window();
    let _ = window.add_event_listener_with_callback_and_bool(
        "click",
        on_click.as_ref().unchecked_ref(),
        true,
    );
    let listener = SendWrapper::new(on_click);
    on_cleanup(move || {
        let _ = window.remove_event_listener_with_callback_and_bool(
            "click",
            listener.as_ref().unchecked_ref(),
            true,
        );
    });

    view! {
        <Show when=move || held.with(Option::is_some)>
            <ConfirmDialog
                title="Discard changes?"
                confirm_label="Discard"
                destructive=true
                on_confirm=Callback::new(move |_| {
                    if let Some(link) = held.get_untracked() {
                        held.set(None);
                        released.set(true);
                        link.click();
                    }
                })
                on_cancel=Callback::new(move |_| held.set(None))
            >
                <p>"What you typed in this form will be lost."</p>
            </ConfirmDialog>
        </Show>
    }
}
