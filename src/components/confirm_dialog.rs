//! A modal confirmation: a question, what it affects, and two buttons. Escape or the backdrop
//! cancels; focus starts on the safe choice.

use leptos::prelude::*;

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
    let cancel_ref = NodeRef::<leptos::html::Button>::new();
    cancel_ref.on_load(|button| {
        let _ = button.focus();
    });
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            on_cancel.run(());
        }
    };
    view! {
        <div class="dialog-backdrop" on:click=move |_| on_cancel.run(())></div>
        <div class="dialog card" role="dialog" aria-modal="true" aria-labelledby="dialog-title" on:keydown=on_key>
            <h2 id="dialog-title">{title}</h2>
            <div class="dialog-body">{children()}</div>
            <div class="dialog-actions">
                <button type="button" class="button" node_ref=cancel_ref on:click=move |_| on_cancel.run(())>
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
    }
}
