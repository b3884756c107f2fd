//! A modal confirmation: a question, what it affects, and two buttons. The platform's modal
//! `<dialog>` (`showModal()`) makes the page behind inert, Tab wraps around inside it; Escape or a
//! click on the backdrop cancels; focus starts on the safe choice and returns to the element
//! that opened the dialog when it closes (or to the page's heading once that element is gone).
//! Callers mount it while asking (`<Show>`), so opening is mounting and closing is unmounting.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;

/// What Tab stops at inside the dialog.
pub(crate) const FOCUSABLE: &str = "button:not([disabled]), a[href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

/// Gives each dialog its own title id, so two on one page cannot share one.
static DIALOGS: AtomicU64 = AtomicU64::new(0);

#[component]
pub fn ConfirmDialog(
    /// The question, e.g. "Delete 3 jobs?".
    #[prop(into)]
    title: String,
    /// The action word on the confirming button, e.g. "Delete".
    #[prop(into)]
    confirm_label: String,
    /// Danger styling for destructive actions.
    #[prop(optional)]
    destructive: bool,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
    children: Children,
) -> impl IntoView {
    let title_id = format!("dialog-title-{}", DIALOGS.fetch_add(1, Ordering::Relaxed));
    let dialog_ref = NodeRef::<leptos::html::Dialog>::new();
    let cancel_ref = NodeRef::<leptos::html::Button>::new();
    // Set when this component closes the dialog itself (it is going away): the `close` event
    // that follows arrives after the callbacks are gone and must not call them.
    let closing = Arc::new(AtomicBool::new(false));
    // Who had focus when the dialog opened; not reactive state, and needed in the cleanup.
    let opener = Opener::default();

    dialog_ref.on_load({
        let opener = opener.clone();
        move |dialog| {
            show_modal_from(&dialog, &opener);
            if let Some(button) = cancel_ref.get_untracked() {
                let _ = button.focus();
            }
        }
    });
    on_cleanup({
        let closing = closing.clone();
        move || {
            closing.store(true, Ordering::Relaxed);
            if let Some(dialog) = dialog_ref.get_untracked() {
                if dialog.open() {
                    dialog.close();
                }
            }
            // Back where the user was; when that control is gone, now or once the action ends
            // it (Cancel run, Delete selected), to the page's heading instead of nowhere.
            if let Some(opener) = opener.lock().ok().and_then(|mut o| o.take()) {
                crate::page_title::return_focus_to(opener.take());
            }
        }
    });

    // Escape closes the dialog natively (`cancel`, then `close`); the caller's state follows.
    let on_close = move |_| {
        if !closing.load(Ordering::Relaxed) {
            on_cancel.run(());
        }
    };
    // A click whose target is the dialog itself landed on the backdrop: the content fills the
    // dialog's box.
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let on_backdrop = match (ev.target(), dialog_ref.get_untracked()) {
            (Some(target), Some(dialog)) => {
                target.unchecked_ref::<web_sys::Node>() == dialog.unchecked_ref::<web_sys::Node>()
            }
            _ => false,
        };
        if on_backdrop {
            on_cancel.run(());
        }
    };

    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if let Some(dialog) = dialog_ref.get_untracked() {
            keep_tab_inside(&ev, &dialog);
        }
    };
    let labelled_by = title_id.clone();
    view! {
        <dialog class="dialog" node_ref=dialog_ref aria-labelledby=labelled_by on:close=on_close on:click=on_click on:keydown=on_keydown>
            <div class="dialog-content">
                <h2 id=title_id>{title}</h2>
                <div class="dialog-body">{children()}</div>
                <div class="dialog-actions">
                    <button type="button" class="button" autofocus node_ref=cancel_ref on:click=move |_| on_cancel.run(())>
                        "Cancel"
                    </button>
                    <button
                        type="button"
                        class=if destructive { "button button-danger" } else { "button button-primary" }
                        on:click=move |_| on_confirm.run(())
                    >
                        {confirm_label}
                    </button>
                </div>
            </div>
        </dialog>
    }
}

/// Who had focus when a modal dialog opened, to give it back when the dialog goes (kept out of
/// reactive state: the cleanup that reads it runs after the owner's signals are gone).
pub(crate) type Opener = Arc<Mutex<Option<SendWrapper<web_sys::HtmlElement>>>>;

/// Opens `dialog` as a modal (the page behind goes inert), remembering in `opener` who had focus.
pub(crate) fn show_modal_from(dialog: &web_sys::HtmlDialogElement, opener: &Opener) {
    if let Ok(mut opener) = opener.lock() {
        *opener = document()
            .active_element()
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
            .map(SendWrapper::new);
    }
    let _ = dialog.show_modal();
}

/// The platform's modal dialog lets Tab past its last control into the browser's own toolbar;
/// as the ARIA dialog pattern asks, Tab wraps around inside the dialog instead.
pub(crate) fn keep_tab_inside(ev: &leptos::ev::KeyboardEvent, dialog: &web_sys::HtmlElement) {
    if ev.key() != "Tab" {
        return;
    }
    let Ok(controls) = dialog.query_selector_all(FOCUSABLE) else {
        return;
    };
    let at = |i: u32| {
        controls
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
    };
    let (Some(first), Some(last)) = (at(0), at(controls.length().saturating_sub(1))) else {
        return;
    };
    let active = document().active_element();
    let on = |el: &web_sys::HtmlElement| active.as_ref() == Some(el.unchecked_ref());
    let wrap_to = if ev.shift_key() && on(&first) {
        Some(last)
    } else if !ev.shift_key() && on(&last) {
        Some(first)
    } else {
        None
    };
    if let Some(target) = wrap_to {
        ev.prevent_default();
        let _ = target.focus();
    }
}
