//! The shortcut sheet (`?`, or the footer's "Keyboard shortcuts"): a modal dialog listing the
//! keys of the current page, then those that work everywhere.

use leptos::prelude::*;

use super::keys::{sheet, SheetLine};
use super::use_keyboard;
use crate::components::modal::Modal;

#[component]
pub fn ShortcutSheet() -> impl IntoView {
    let keyboard = use_keyboard();
    let close = Callback::new(move |_| keyboard.sheet_open.set(false));
    let (here, everywhere) = sheet(keyboard.scope.get_untracked());
    view! {
        <Modal label="Keyboard shortcuts" class="shortcut-sheet" on_close=close>
            <div class="dialog-content">
                <h2>"Keyboard shortcuts"</h2>
                <p class="muted">"Single keys work when the focus is not in a text field."</p>
                {(!here.is_empty()).then(|| view! {
                    <h3>"On this page"</h3>
                    <Lines lines=here/>
                })}
                <h3>"Anywhere"</h3>
                <Lines lines=everywhere/>
                <div class="dialog-actions">
                    <button type="button" class="button" autofocus on:click=move |_| close.run(())>"Close"</button>
                </div>
            </div>
        </Modal>
    }
}

#[component]
fn Lines(lines: Vec<SheetLine>) -> impl IntoView {
    view! {
        <dl class="shortcut-list">
            {lines.into_iter().map(|(keys, what)| {
                // "g then a" is a sequence; "Shift x", "Ctrl K" are held together; "j k" are
                // alternatives.
                let joiner = match keys.first() {
                    Some(&"g") => " then ",
                    Some(&"Shift" | &"Ctrl") => " + ",
                    _ => " / ",
                };
                let last = keys.len().saturating_sub(1);
                view! {
                    <div class="shortcut">
                        <dt>
                            {keys.iter().enumerate().map(|(i, k)| view! {
                                <kbd>{*k}</kbd>
                                {(i < last).then_some(joiner)}
                            }).collect_view()}
                        </dt>
                        <dd>{what}</dd>
                    </div>
                }
            }).collect_view()}
        </dl>
    }
}
