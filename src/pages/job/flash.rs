//! A short success message that outlives the page that raised it ("Job deleted." shown on the
//! list the user lands on), without the destination page having to know about it. It is shown
//! in a live region the shell renders from the start, so a screen reader hears it arrive.

use std::cell::Cell;

use leptos::prelude::*;

/// How long a message stays before it removes itself.
const SHOW_FOR_MS: u32 = 8_000;

thread_local! {
    // One message at a time: a newer one replaces the older instead of stacking over it. The
    // number tells an old message's timer not to remove a newer message. Created outside any
    // owner: the page that raises a message is about to go away.
    static CURRENT: ArcRwSignal<Option<String>> = ArcRwSignal::new(None);
    static GENERATION: Cell<u64> = const { Cell::new(0) };
}

/// Shows `message` in a corner of the window for a few seconds, as plain text.
pub fn flash_success(message: impl Into<String>) {
    let generation = GENERATION.with(|g| {
        g.set(g.get() + 1);
        g.get()
    });
    CURRENT.with(|c| c.set(Some(message.into())));
    set_timeout(
        move || {
            if GENERATION.with(Cell::get) == generation {
                dismiss();
            }
        },
        std::time::Duration::from_millis(SHOW_FOR_MS.into()),
    );
}

/// Removes the message on screen, if any.
pub fn dismiss() {
    CURRENT.with(|c| c.set(None));
}

/// The region the messages appear in, always present (empty between messages); rendered once,
/// by the shell.
#[component]
pub fn FlashRegion() -> impl IntoView {
    let current = CURRENT.with(Clone::clone);
    view! {
        <div class="flash-region" role="status" aria-live="polite">
            {move || current.get().map(|message| view! {
                <div class="flash notice notice-success">
                    <span class="flash-text">{message}</span>
                    <button
                        type="button"
                        class="button button-quiet flash-close"
                        aria-label="Dismiss"
                        // Removing the message from inside its own handler would drop the
                        // handler while it runs.
                        on:click=|_| set_timeout(dismiss, std::time::Duration::ZERO)
                    >
                        "\u{2715}"
                    </button>
                </div>
            })}
        </div>
    }
}
