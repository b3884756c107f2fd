//! A toast for each run that ends while this tab watches it, wherever the tester is in the app:
//! job, outcome (icon and word), duration and a link to its timeline. Stacked newest on top, a
//! few at a time ("+N more"); completed ones leave after a while unless hovered or focused;
//! failed, cancelled and unseen ends stay until dismissed. Announced politely, grouped, through
//! the shell's live region (the toasts themselves are not a live region). Runs already ended
//! when first seen, or restored after a reload, get none: the store reports only ends it saw.
//! The stack's code is a wasm chunk, fetched when the first toast comes.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::activity::{use_activity, WatchedRun};
use crate::api::RunState;
use crate::components::announcer::{announce, announce_alert};
use crate::components::status_badge::icon_for;
use crate::dates::duration;
use crate::lazy_pages::{code_not_fetched, split_view};
use crate::routes::Link;

/// How many toasts show at once; the rest wait behind "+N more".
pub const SHOWN: usize = 4;
/// How long a completed run's toast stays (while not hovered or focused).
const LEAVE_AFTER: Duration = Duration::from_secs(8);

/// What a toast says about a run's outcome, by word (the icon repeats it, never colour alone).
pub fn outcome_word(run: &WatchedRun) -> String {
    if run.end_unseen() {
        "Ended, outcome not seen".to_string()
    } else {
        run.state.label().to_string()
    }
}

/// Whether the toast leaves by itself: only a plain success does.
pub fn leaves_by_itself(run: &WatchedRun) -> bool {
    run.state == RunState::Completed
}

/// The one polite sentence for the runs that ended together.
pub fn announcement(ended: &[WatchedRun]) -> String {
    match ended {
        [] => String::new(),
        [run] => format!(
            "Run #{} of {}: {}.",
            run.run_id,
            run.job_name,
            outcome_word(run)
        ),
        runs => {
            let count = |s: RunState| runs.iter().filter(|r| r.state == s).count();
            let parts: Vec<String> = [
                (count(RunState::Completed), "completed"),
                (count(RunState::Failed), "failed"),
                (count(RunState::Cancelled), "cancelled"),
                (
                    runs.iter().filter(|r| !r.state.is_terminal()).count(),
                    "outcome not seen",
                ),
            ]
            .into_iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| format!("{n} {what}"))
            .collect();
            format!("{} runs ended: {}.", runs.len(), parts.join(", "))
        }
    }
}

#[component]
pub fn Toasts() -> impl IntoView {
    let activity = use_activity();
    // Newest first.
    let toasts = RwSignal::new(Vec::<WatchedRun>::new());
    // Whether the stack's code could not be fetched; the next run's end tries again.
    let failed = StoredValue::new(false);
    let retry = RwSignal::new(0u32);
    activity.on_finished(move |ended| {
        announce(announcement(ended));
        toasts.update(|t| {
            for run in ended {
                t.retain(|r| r.run_id != run.run_id);
                t.insert(0, run.clone());
            }
        });
        if failed.get_value() {
            retry.update(|n| *n += 1);
        }
    });
    let dismiss = Callback::new(move |run_id: i64| {
        activity.mark_failures_seen(Some(&[run_id]));
        toasts.update(|t| t.retain(|r| r.run_id != run_id));
    });
    view! {
        <Show when=move || toasts.with(|t| !t.is_empty())>
            {move || {
                retry.track();
                Suspend::new(async move {
                    let stack = toast_stack(toasts, dismiss).await;
                    failed.set_value(stack.is_err());
                    stack.unwrap_or_else(|_| {
                        // The ends were announced all the same, and the title counts them.
                        announce_alert(code_not_fetched("The runs that ended could not be shown"));
                        ().into_any()
                    })
                })
            }}
        </Show>
    }
}

// The stack is fetched when the first toast comes (or when the browser is idle after the first
// page has drawn): a first load does not download it.
split_view!(fn toast_stack(toasts: RwSignal<Vec<WatchedRun>>, dismiss: Callback<i64>)
    preload preload_toast_stack => view! { <ToastStack toasts dismiss/> });

/// Fetches the stack's code ahead, when the browser is idle (`lazy_pages::prefetch_when_idle`).
pub async fn preload() {
    // An `Err` is already on the console; the chunk is fetched again when a toast comes.
    let _ = preload_toast_stack().await;
}

#[component]
fn ToastStack(toasts: RwSignal<Vec<WatchedRun>>, dismiss: Callback<i64>) -> impl IntoView {
    let hidden_count = move || toasts.with(|t| t.len().saturating_sub(SHOWN));
    view! {
        <section class="toasts" aria-label="Runs that ended">
            <ul class="toast-list">
                <For
                    each=move || toasts.get().into_iter().take(SHOWN)
                    key=|run| run.run_id
                    let(run)
                >
                    <ToastItem run dismiss/>
                </For>
            </ul>
            <Show when=move || { hidden_count() > 0 }>
                <p class="toast-more">{move || format!("+{} more", hidden_count())}</p>
            </Show>
        </section>
    }
}

#[component]
fn ToastItem(run: WatchedRun, dismiss: Callback<i64>) -> impl IntoView {
    let run_id = run.run_id;
    let outcome = outcome_word(&run);
    let took = run
        .duration_ms(run.ended_ms.unwrap_or(run.added_ms))
        .map(duration);
    let state_key = if run.end_unseen() {
        "unseen"
    } else {
        run.state.key()
    };
    let icon = icon_for(&run.state);
    let timer = StoredValue::new_local(None::<TimeoutHandle>);
    let hovered = RwSignal::new(false);
    let focused = RwSignal::new(false);
    let auto = leaves_by_itself(&run);
    // The countdown runs only while the toast is neither hovered nor focused, and starts over
    // when the pointer or focus leaves it.
    let arm = move || {
        if let Some(old) = timer.try_update_value(Option::take).flatten() {
            old.clear();
        }
        if auto && !hovered.get_untracked() && !focused.get_untracked() {
            let handle = set_timeout_with_handle(move || dismiss.run(run_id), LEAVE_AFTER).ok();
            timer.set_value(handle);
        }
    };
    arm();
    on_cleanup(move || {
        if let Some(old) = timer.try_update_value(Option::take).flatten() {
            old.clear();
        }
    });
    let label = format!("Dismiss: run #{run_id} of {}", run.job_name);
    let text = match took {
        Some(took) => format!("Run #{run_id} \u{b7} {outcome} \u{b7} took {took}"),
        None => format!("Run #{run_id} \u{b7} {outcome}"),
    };

    view! {
        <li
            class=format!("toast toast-{state_key}")
            data-run=run_id.to_string()
            on:mouseenter=move |_| { hovered.set(true); arm(); }
            on:mouseleave=move |_| { hovered.set(false); arm(); }
            on:focusin=move |_| { focused.set(true); arm(); }
            on:focusout=move |_| { focused.set(false); arm(); }
        >
            <span class="toast-icon" aria-hidden="true">{icon}</span>
            <div class="toast-body">
                <p class="toast-title wrap-anywhere">{run.job_name.clone()}</p>
                <p class="toast-text">{text}</p>
                <A href=Link::Run(run.job_id).href() attr:class="toast-link">"View timeline"</A>
            </div>
            <button type="button" class="button button-quiet toast-dismiss" aria-label=label on:click=move |_| dismiss.run(run_id)>
                "\u{2715}"
            </button>
        </li>
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn ended(run_id: i64, state: &str) -> WatchedRun {
        WatchedRun {
            run_id,
            job_id: 7,
            job_name: "Nightly".into(),
            batch: None,
            state: RunState::from_raw(state),
            started_ms: Some(0),
            ended_ms: Some(65_000),
            completed_steps: None,
            total_steps: None,
            step_label: None,
            added_ms: 0,
        }
    }

    #[test]
    fn runs_that_end_together_are_announced_in_one_sentence() {
        assert_eq!(
            announcement(&[ended(5, "failed")]),
            "Run #5 of Nightly: Failed."
        );
        let unseen = ended(9, crate::activity::ENDED_UNSEEN);
        assert_eq!(outcome_word(&unseen), "Ended, outcome not seen");
        let all = [
            ended(1, "completed"),
            ended(2, "completed"),
            ended(3, "failed"),
            unseen,
        ];
        assert_eq!(
            announcement(&all),
            "4 runs ended: 2 completed, 1 failed, 1 outcome not seen."
        );
    }

    #[test]
    fn only_a_completed_runs_toast_leaves_by_itself() {
        assert!(leaves_by_itself(&ended(1, "completed")));
        for state in ["failed", "cancelled", crate::activity::ENDED_UNSEEN] {
            assert!(!leaves_by_itself(&ended(1, state)), "{state}");
        }
    }
}
