//! Leaving a form with unsaved input asks first: the browser's own question when the tab is
//! closed or reloaded, and "Discard changes?" on Cancel.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

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
