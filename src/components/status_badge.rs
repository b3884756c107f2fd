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

/// Whether a job's row should follow its run live: a run is going (or queued: a `new` status
/// with a schedule time). Finished runs and jobs that never ran do not change by themselves.
pub fn is_live(state: &RunState, scheduled_at: Option<i64>) -> bool {
    !state.is_terminal() && (*state != RunState::Queued || scheduled_at.is_some())
}

/// A row's status that follows a live run through the one poller, for as long as the row is on
/// screen (the watch ends with the row).
#[component]
pub fn LiveStatusBadge(job_id: i64, known: RunState, scheduled_at: Option<i64>) -> impl IntoView {
    if !is_live(&known, scheduled_at) {
        // A state that cannot change is drawn once, without the reactive parts.
        return view! {
            <span class=format!("badge badge-{}", known.key())>
                <span class="badge-icon" aria-hidden="true">{icon_for(&known)}</span>
                <span class="badge-text">{known.label().to_string()}</span>
            </span>
        }
        .into_any();
    }
    let watch = crate::poller::watch_job(job_id);
    let state = Signal::derive(move || watch.state().unwrap_or_else(|| known.clone()));
    view! { <StatusBadge state=state/> }.into_any()
}
