//! A run state as a badge: an icon and a word, never colour alone.

use leptos::prelude::*;

use crate::api::RunState;

pub fn icon_for(state: &RunState) -> &'static str {
    match state {
        RunState::Queued => "\u{25CB}",    // ○
        RunState::Waiting => "\u{25F7}",   // ◷
        RunState::Running => "\u{25B6}",   // ▶
        RunState::Completed => "\u{2713}", // ✓
        RunState::Failed => "\u{2715}",    // ✕
        RunState::Cancelled => "\u{2298}", // ⊘
        RunState::Unknown(_) => "?",
    }
}

#[component]
pub fn StatusBadge(#[prop(into)] state: Signal<RunState>) -> impl IntoView {
    view! {
        <span class=move || format!("badge badge-{}", state.with(RunState::key))>
            <span class="badge-icon" aria-hidden="true">{move || state.with(icon_for)}</span>
            <span class="badge-text">{move || state.with(|s| s.label().to_string())}</span>
        </span>
    }
}
