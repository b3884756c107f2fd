//! The live-updates strip of a watched run: how fresh the data is, the pause toggle, and the
//! banners for retrying after errors, a fatal error, and a run that stopped moving. None of it
//! is a live region: the clocks tick every second; each banner is announced once, when it
//! appears.

use leptos::prelude::*;

use crate::components::announcer::Announce;
use crate::components::error_notice::ErrorNotice;
use crate::poller::JobWatch;

#[component]
pub fn RunLiveStatus(watch: JobWatch) -> impl IntoView {
    let finished = move || watch.state().is_some_and(|s| s.is_terminal());
    let freshness = move || {
        let since = watch.seconds_since_update();
        if watch.paused.get() {
            "Live updates paused".to_string()
        } else if watch.hidden.get() {
            "Updates resume when this tab is visible".to_string()
        } else if finished() {
            "Final state".to_string()
        } else if watch.error.with(Option::is_some) {
            // Without a planned retry, a refusal stopped the updates until Retry.
            let stopped = watch.next_retry_ms.with(Option::is_none);
            match (since, stopped) {
                (Some(s), true) => {
                    format!("Live updates stopped \u{b7} last good update {s} s ago")
                }
                (Some(s), false) => format!("Last good update {s} s ago"),
                (None, true) => "Live updates stopped".to_string(),
                (None, false) => "Not updated yet".to_string(),
            }
        } else {
            match since {
                Some(s) if s < 2 => "Live \u{b7} updated just now".to_string(),
                Some(s) => format!("Live \u{b7} last updated {s} s ago"),
                None => "Live \u{b7} connecting\u{2026}".to_string(),
            }
        }
    };
    // Which trouble the banner is about, without its countdown: the banner (and its
    // announcement) is made once per trouble, and only the seconds in it tick.
    let trouble = Memo::new(move |_| {
        watch
            .next_retry_ms
            .with(Option::is_some)
            .then(|| watch.error.get())
            .flatten()
            .map(|error| (error, watch.online.get()))
    });
    let fatal = move || {
        watch
            .next_retry_ms
            .get()
            .is_none()
            .then(|| watch.error.get())
            .flatten()
    };

    view! {
        <div class="run-live">
            <span class=move || dot_class(&watch) aria-hidden="true"></span>
            <span class="run-live-text">{freshness}</span>
            <label class="run-pause">
                <input
                    type="checkbox"
                    prop:checked=move || watch.paused.get()
                    on:change=move |ev| watch.paused.set(event_target_checked(&ev))
                />
                "Pause live updates"
            </label>
        </div>
        {move || trouble.get().map(|(error, online)| {
            let trouble_text = if online { "Connection trouble" } else { "Offline" };
            let countdown = move || watch.retry_in_secs().map(|secs| format!(", retrying in {secs} s")).unwrap_or_default();
            view! {
                <Announce text=format!("{trouble_text}: {error}. Retrying automatically.")/>
                <div class="notice notice-warning run-offline">
                    <p class="notice-title">{trouble_text}{countdown}</p>
                    <p class="wrap-anywhere">{error.to_string()}</p>
                    <button type="button" class="button" on:click=move |_| watch.refresh()>"Retry now"</button>
                </div>
            }
        })}
        {move || fatal().map(|error| view! {
            <ErrorNotice error on_retry=Callback::new(move |_| watch.refresh())/>
        })}
        <Show when=move || watch.stalled()>
            <Announce text="No progress for 10 minutes: the run has not moved on since then."/>
            <div class="notice notice-warning run-stalled">
                <p class="notice-title">"No progress for 10 minutes"</p>
                <p>"The run has not moved on since then. The automation agent may be busy or stopped; you can keep waiting or cancel the run."</p>
            </div>
        </Show>
    }
}

fn dot_class(watch: &JobWatch) -> &'static str {
    if watch.error.with(Option::is_some) {
        "run-live-dot run-live-dot-trouble"
    } else if watch.paused.get()
        || watch.hidden.get()
        || watch.state().is_some_and(|s| s.is_terminal())
    {
        "run-live-dot"
    } else {
        "run-live-dot run-live-dot-on"
    }
}
