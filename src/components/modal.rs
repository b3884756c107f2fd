//! A modal `<dialog>` for panels that are not a yes/no question (the shortcut sheet, the
//! palette), built like `confirm_dialog`: `showModal()` makes the page behind inert, Escape or a
//! click on the backdrop closes, Tab wraps inside, focus starts on the `autofocus` element (or
//! the first control) and returns to where it was when the dialog goes. Callers mount it while
//! it is open.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::confirm_dialog::{keep_tab_inside, show_modal_from, Opener, FOCUSABLE};

#[component]
pub fn Modal(
    /// The dialog's accessible name.
    #[prop(into)]
    label: String,
    /// Extra class on the `<dialog>`, e.g. "palette".
    #[prop(optional, into)]
    class: String,
    /// Escape, the backdrop, or a close button inside: the caller unmounts the dialog.
    on_close: Callback<()>,
    /// True when the dialog closes because the user is going to another page: focus is then
    /// left to that page's heading instead of returning to the opener.
    #[prop(optional, into)]
    moving_on: Signal<bool>,
    children: Children,
) -> impl IntoView {
    let dialog_ref = NodeRef::<leptos::html::Dialog>::new();
    // Set when the dialog goes away: the `close` event that follows must not call back.
    let closing = Arc::new(AtomicBool::new(false));
    let opener = Opener::default();
    dialog_ref.on_load({
        let opener = opener.clone();
        move |dialog| {
            show_modal_from(&dialog, &opener);
            let first = dialog
                .query_selector("[autofocus]")
                .ok()
                .flatten()
                .or_else(|| dialog.query_selector(FOCUSABLE).ok().flatten())
                .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(first) = first {
                let _ = first.focus();
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
            let leaving = moving_on.try_get_untracked().unwrap_or(false);
            if let Some(opener) = opener.lock().ok().and_then(|mut o| o.take()) {
                if !leaving {
                    crate::page_title::return_focus_to(opener.take());
                }
            }
        }
    });
    // The browser may close the dialog by itself (a second Escape it will not let a page
    // refuse): the caller's state follows.
    let on_closed = move |_| {
        if !closing.load(Ordering::Relaxed) {
            on_close.run(());
        }
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if let (Some(target), Some(dialog)) = (ev.target(), dialog_ref.get_untracked()) {
            if target.unchecked_ref::<web_sys::Node>() == dialog.unchecked_ref::<web_sys::Node>() {
                on_close.run(());
            }
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if let Some(dialog) = dialog_ref.get_untracked() {
            keep_tab_inside(&ev, &dialog);
        }
    };
    // `cancel` (Escape) is taken over so the caller's state closes the dialog, through its
    // cleanup, the one way out.
    let on_cancel = move |ev: leptos::ev::Event| {
        ev.prevent_default();
        on_close.run(());
    };
    view! {
        <dialog
            class=format!("dialog {class}")
            aria-label=label
            node_ref=dialog_ref
            on:cancel=on_cancel
            on:close=on_closed
            on:click=on_click
            on:keydown=on_keydown
        >
            {children()}
        </dialog>
    }
}
