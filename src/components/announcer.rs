//! The app's two live regions, in the shell from the first render: what a screen reader says
//! when something happens (saved, deleted, a run ended, an error). Screen readers announce a
//! change inside a region that already exists; a notice mounted already filled is often missed,
//! so visible notices carry no live role and hand their words to `announce` instead. Countdowns
//! never come here: only changes of state.

use std::cell::Cell;
use std::time::Duration;

use leptos::prelude::*;

/// How long the words stay in the (invisible) region: long enough to be read, short enough that
/// browsing the page later does not find a stale copy.
const KEEP_FOR: Duration = Duration::from_secs(8);
/// The pause between emptying a region and filling it, so the same words said twice are heard
/// twice.
const REFILL_AFTER: Duration = Duration::from_millis(60);

thread_local! {
    // Created outside any owner on purpose: they live as long as the page, like the shell.
    static POLITE: ArcRwSignal<String> = ArcRwSignal::new(String::new());
    static ASSERTIVE: ArcRwSignal<String> = ArcRwSignal::new(String::new());
    // Which announcement of each region is current, so an older one's timers do not empty or
    // overwrite a newer one.
    static GENERATIONS: [Cell<u64>; 2] = const { [Cell::new(0), Cell::new(0)] };
}

/// Says `text` when the screen reader is next idle ("Run #12: Completed").
pub fn announce(text: impl Into<String>) {
    say(0, POLITE.with(Clone::clone), text.into());
}

/// Says `text` at once, interrupting: for errors.
pub fn announce_alert(text: impl Into<String>) {
    say(1, ASSERTIVE.with(Clone::clone), text.into());
}

fn say(which: usize, region: ArcRwSignal<String>, text: String) {
    let current = move || GENERATIONS.with(|g| g[which].get());
    let generation = GENERATIONS.with(|g| {
        g[which].set(g[which].get() + 1);
        g[which].get()
    });
    region.set(String::new());
    let later = region.clone();
    set_timeout(
        move || {
            if current() == generation {
                later.set(text);
            }
        },
        REFILL_AFTER,
    );
    set_timeout(
        move || {
            if current() == generation {
                region.set(String::new());
            }
        },
        KEEP_FOR,
    );
}

/// The regions themselves; rendered once, by the shell.
#[component]
pub fn LiveRegions() -> impl IntoView {
    let polite = POLITE.with(Clone::clone);
    let assertive = ASSERTIVE.with(Clone::clone);
    view! {
        <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">{move || polite.get()}</div>
        <div class="visually-hidden" role="alert" aria-live="assertive" aria-atomic="true">{move || assertive.get()}</div>
    }
}

/// Announces `text` once, when it is mounted: placed beside a notice that appears, so the
/// notice's words are heard without the notice itself being a live region.
#[component]
pub fn Announce(
    #[prop(into)] text: String,
    /// An error: said at once.
    #[prop(optional)]
    alert: bool,
) -> impl IntoView {
    if alert {
        announce_alert(text);
    } else {
        announce(text);
    }
}
