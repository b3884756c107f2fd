//! A short success message that outlives the page that raised it ("Job deleted." shown on the
//! list the user lands on), without the destination page having to know about it.

use std::any::Any;
use std::cell::RefCell;

use leptos::prelude::*;

/// How long a message stays before it removes itself.
const SHOW_FOR_MS: u32 = 8_000;

thread_local! {
    // One message at a time: a newer one replaces the older instead of stacking over it. The
    // number tells an old message's timer not to remove a newer message.
    static CURRENT: RefCell<(u64, Option<Box<dyn Any>>)> = const { RefCell::new((0, None)) };
}

/// Shows `message` in a corner of the window for a few seconds, as plain text.
pub fn flash_success(message: impl Into<String>) {
    let message = message.into();
    let Some(body) = document().body() else {
        return;
    };
    // Mounted outside the router on purpose: the page that raised it is about to go away.
    let handle = leptos::mount::mount_to(body, move || {
        view! {
            <div class="flash notice notice-success" role="status">
                <span class="flash-text">{message}</span>
                <button
                    type="button"
                    class="button button-quiet flash-close"
                    aria-label="Dismiss"
                    // Unmounting from inside this handler would drop it while it runs.
                    on:click=|_| set_timeout(dismiss, std::time::Duration::ZERO)
                >
                    "\u{2715}"
                </button>
            </div>
        }
    });
    let (generation, previous) = CURRENT.with(|current| {
        let mut current = current.borrow_mut();
        current.0 += 1;
        (current.0, current.1.replace(Box::new(handle)))
    });
    drop(previous);
    set_timeout(
        move || dismiss_if(generation),
        std::time::Duration::from_millis(SHOW_FOR_MS.into()),
    );
}

/// Removes the message on screen, if any.
pub fn dismiss() {
    let handle = CURRENT.with(|current| current.borrow_mut().1.take());
    drop(handle);
}

fn dismiss_if(generation: u64) {
    let handle = CURRENT.with(|current| {
        let mut current = current.borrow_mut();
        if current.0 == generation {
            current.1.take()
        } else {
            None
        }
    });
    drop(handle);
}
