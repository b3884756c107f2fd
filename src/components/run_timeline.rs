//! How a run reads on screen: where it stands (progress bar, step, outcome) and the ordered list
//! of every state and step observed, each with its time and the time since the one before.

use leptos::prelude::*;

use crate::api::{Progress, RunState};
use crate::components::status_badge::StatusBadge;
use crate::components::time::{local_text, machine_time};
use crate::dates;
use crate::poller::{total_duration_ms, Entry, Timeline};

/// A `<time>` whose relative text follows the given clock; the exact time is on hover.
#[component]
pub fn LiveTime(ms: i64, #[prop(into)] now: Signal<i64>) -> impl IntoView {
    view! {
        <time datetime=machine_time(ms) title=local_text(ms)>
            {move || dates::relative(ms, now.get())}
        </time>
    }
}

/// "Step 2 of 4" for the step a run is on: the server counts steps done, and the label names
/// the one under way (or the one it failed or stopped in).
pub fn steps_text(done: Option<u32>, total: Option<u32>) -> Option<String> {
    let total = total.filter(|t| *t > 0)?;
    Some(format!(
        "Step {} of {total}",
        done.unwrap_or(0).saturating_add(1).min(total)
    ))
}

/// Steps done and in all, as the bar shows them; `None` without a usable total. A server may
/// count more steps done than there are: the bar stops at full.
pub fn steps_done(p: &Progress) -> Option<(u32, u32)> {
    let total = p.total_steps.filter(|t| *t > 0)?;
    // A completed run has done all its steps even if the server stopped counting.
    let done = if p.status == RunState::Completed {
        total
    } else {
        p.completed_steps.unwrap_or(0).min(total)
    };
    Some((done, total))
}

/// The bar's width in percent, 0-100, for any counts (computed wide: `done * 100` overflows
/// `u32` for large counts).
pub fn percent(done: u32, total: u32) -> u64 {
    if total == 0 {
        return 0;
    }
    u64::from(done.min(total)) * 100 / u64::from(total)
}

/// Where the run stands now: progress bar, current step, and the outcome once it ended.
#[component]
pub fn RunSummary(
    #[prop(into)] progress: Signal<Option<Progress>>,
    #[prop(into)] timeline: Signal<Timeline>,
) -> impl IntoView {
    let state = move || {
        progress
            .with(|p| p.as_ref().map(|p| p.status.clone()))
            .unwrap_or_default()
    };
    let steps = move || progress.with(|p| p.as_ref().and_then(steps_done));
    let fill = move || steps().map_or(0, |(d, t)| percent(d, t));
    let outcome = move || {
        let p = progress.get()?;
        p.status.is_terminal().then(|| {
            let total = timeline.with(|t| total_duration_ms(Some(&p), t));
            (p.status.clone(), p.summary_message.clone(), total)
        })
    };

    view! {
        <div class=move || format!("run-summary card run-summary-{}", state().key())>
            <div class="run-progress">
                <div
                    class="run-bar"
                    role="progressbar"
                    aria-label="Steps completed"
                    aria-valuemin="0"
                    aria-valuemax=move || steps().map(|(_, t)| t).unwrap_or(0).to_string()
                    aria-valuenow=move || steps().map(|(d, _)| d).unwrap_or(0).to_string()
                >
                    <div class="run-bar-fill" style:width=move || format!("{}%", fill())></div>
                </div>
                <span class="run-steps">
                    {move || steps().map(|(d, t)| format!("{d} of {t} steps done")).unwrap_or_else(|| "No steps yet".into())}
                </span>
            </div>
            {move || progress.with(|p| p.as_ref().filter(|p| !p.status.is_terminal()).map(|p| view! {
                <p class="run-step">
                    <span class="run-step-label wrap-anywhere">{p.step_label.clone().unwrap_or_else(|| state_hint(&p.status))}</span>
                    {p.step_message.clone().map(|m| view! { <span class="run-step-message wrap-anywhere">{m}</span> })}
                </p>
            }))}
            {move || outcome().map(|(state, summary, total)| view! {
                <div class="run-outcome">
                    <p class="run-outcome-head">
                        <StatusBadge state=state/>
                        {total.map(|ms| view! { <span class="run-total">"Total " {dates::duration(ms)}</span> })}
                    </p>
                    {summary.map(|s| view! { <p class="run-outcome-summary wrap-anywhere">{s}</p> })}
                </div>
            })}
        </div>
    }
}

/// A line for states that have no step of their own.
fn state_hint(state: &RunState) -> String {
    match state {
        RunState::Queued => "Scheduled: waiting to be picked up".into(),
        RunState::Waiting => "Waiting for the automation agent".into(),
        RunState::Running => "Running".into(),
        RunState::Unknown(raw) => {
            format!("The server reports \u{201c}{raw}\u{201d}; treated as still running")
        }
        other => other.label().to_string(),
    }
}

/// The ordered list of observed entries.
#[component]
pub fn TimelineList(
    #[prop(into)] timeline: Signal<Timeline>,
    #[prop(into)] now: Signal<i64>,
) -> impl IntoView {
    let rows = move || {
        timeline.with(|t| {
            let mut previous: Option<i64> = None;
            t.entries
                .iter()
                .map(|e| {
                    let gap = previous.map(|p| e.at_ms.saturating_sub(p));
                    previous = Some(e.at_ms);
                    (e.clone(), gap)
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <ol class="timeline" aria-label="Observed states and steps">
            <For
                each=rows
                key=|(e, gap)| (e.status.clone(), e.completed_steps, e.step_label.clone(), e.step_message.clone(), e.at_ms, *gap)
                children=move |(entry, gap)| view! { <TimelineItem entry gap now/> }
            />
        </ol>
    }
}

#[component]
fn TimelineItem(entry: Entry, gap: Option<i64>, now: Signal<i64>) -> impl IntoView {
    let state = entry.state();
    let steps = steps_text(entry.completed_steps, entry.total_steps).filter(|_| {
        matches!(
            state,
            RunState::Running | RunState::Unknown(_) | RunState::Failed | RunState::Cancelled
        )
    });
    let title = match (&steps, &entry.step_label) {
        (Some(s), Some(l)) => Some(format!("{s}: {l}")),
        (None, Some(l)) => Some(l.clone()),
        (Some(s), None) => Some(s.clone()),
        (None, None) => None,
    };
    view! {
        <li class=format!("timeline-item timeline-{}", state.key())>
            <span class="timeline-dot" aria-hidden="true"></span>
            <div class="timeline-body">
                <div class="timeline-head">
                    <StatusBadge state=state.clone()/>
                    {title.map(|t| view! { <span class="timeline-step wrap-anywhere">{t}</span> })}
                </div>
                {entry.step_message.map(|m| view! { <p class="timeline-message wrap-anywhere">{m}</p> })}
            </div>
            <div class="timeline-when">
                <LiveTime ms=entry.at_ms now/>
                {gap.map(|g| view! {
                    <span class="timeline-gap" title="Time since the previous entry">{format!("+{}", dates::duration(g))}</span>
                })}
            </div>
        </li>
    }
}
