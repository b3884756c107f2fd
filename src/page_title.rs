//! What tells a user that the page changed: each route's `document.title` (led by the counts of
//! the runs this tab watches), and after an in-app
//! navigation, focus on the new page's main heading, so a screen reader reads the new title and
//! heading instead of staying silent on a link that is gone.

use std::cell::Cell;
use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use wasm_bindgen::JsCast;

/// The product name every title ends with.
pub const APP_NAME: &str = "Zephyr Jobs";

/// `"<what> · Zephyr Jobs"`.
pub fn full_title(what: &str) -> String {
    let what = what.trim();
    if what.is_empty() {
        APP_NAME.to_string()
    } else {
        format!("{what} \u{b7} {APP_NAME}")
    }
}

/// What a pinned tab tells while this tab watches runs: `"(3 running, 1 failed) "`, or nothing
/// when no run is going and no failure waits to be seen.
pub fn run_counts(running: usize, failed: usize) -> String {
    let parts: Vec<String> = [(running, "running"), (failed, "failed")]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("({}) ", parts.join(", "))
    }
}

/// Keeps `document.title` at `what()` (plus the product name) while the calling page is shown;
/// `what` may read signals, e.g. a name that is still loading.
pub fn use_page_title(what: impl Fn() -> String + 'static) {
    let activity = use_context::<crate::activity::Activity>();
    Effect::new(move |_| {
        let counts = activity
            .map(|a| run_counts(a.running_count().get(), a.unseen_failures().get()))
            .unwrap_or_default();
        let title = format!("{counts}{}", full_title(&what()));
        if document().title() != title {
            document().set_title(&title);
        }
    });
}

/// How long after a navigation the new page's heading is awaited (it may render only once its
/// data loads) and kept focused while the page replaces it.
const HEADING_WAIT: Duration = Duration::from_secs(10);
const HEADING_POLL: Duration = Duration::from_millis(100);

thread_local! {
    // Which navigation the running focus loop belongs to: a newer one ends the older loop.
    static NAVIGATION: Cell<u64> = const { Cell::new(0) };
}

/// After every in-app change of page (not the first load, and not a change of the query alone,
/// such as typing a search), moves focus to the new page's `<h1>`. Called once, by the shell.
pub fn focus_heading_after_navigation() {
    let pathname = use_location().pathname;
    Effect::new(move |previous: Option<String>| {
        let path = pathname.get();
        // Redirects of the first load (no user action yet) are part of loading, not a change
        // the user made: the browser already starts reading at the top of the page.
        if previous.is_some_and(|p| p != path) && user_has_interacted() {
            let generation = NAVIGATION.with(|n| {
                n.set(n.get() + 1);
                n.get()
            });
            let before = document().active_element();
            leptos::task::spawn_local(focus_heading(generation, before));
        }
        path
    });
}

/// Whether the user has clicked or typed in this page since it loaded.
fn user_has_interacted() -> bool {
    let navigator = window().navigator();
    js_sys::Reflect::get(&navigator, &"userActivation".into())
        .ok()
        .filter(|activation| !activation.is_undefined())
        .and_then(|activation| js_sys::Reflect::get(&activation, &"hasBeenActive".into()).ok())
        .and_then(|active| active.as_bool())
        // A browser without the API: every navigation after the first render is the user's.
        .unwrap_or(true)
}

/// Focuses the page's `<h1>` when it appears, and again if the page replaces it while loading,
/// unless the user has moved focus somewhere else meanwhile.
async fn focus_heading(generation: u64, before: Option<web_sys::Element>) {
    let mut waited = Duration::ZERO;
    let mut focused: Option<web_sys::HtmlElement> = None;
    while waited < HEADING_WAIT {
        // The first try waits a tick too: the page's title is set by then, and is read first.
        gloo_timers::future::sleep(if waited.is_zero() {
            Duration::ZERO
        } else {
            HEADING_POLL
        })
        .await;
        waited += HEADING_POLL;
        if NAVIGATION.with(Cell::get) != generation {
            return;
        }
        let active = document().active_element();
        let body = document().body().map(web_sys::Element::from);
        let on_body = active.is_none() || active == body;
        let still_free = match &focused {
            // Kept while it holds focus; replaced only if the page swapped the heading away
            // under it (a reload of the page's data), never if the user moved on.
            Some(heading) => {
                let heading: &web_sys::Element = heading.unchecked_ref();
                if active.as_ref() == Some(heading) {
                    continue;
                }
                !heading.is_connected() && on_body
            }
            // Focus is the user's own choice unless it is nowhere (the page body), gone with
            // the old page, or still on what started the navigation (a header link).
            None => {
                on_body || active == before || active.as_ref().is_some_and(|a| !a.is_connected())
            }
        };
        if !still_free {
            return;
        }
        if let Some(heading) = focus_main_heading() {
            focused = Some(heading);
        }
    }
}

/// Focuses the page's `<h1>` (focusable by script only), if there is one.
fn focus_main_heading() -> Option<web_sys::HtmlElement> {
    let heading = document()
        .query_selector("main h1")
        .ok()
        .flatten()
        .and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok())?;
    if !heading.has_attribute("tabindex") {
        let _ = heading.set_attribute("tabindex", "-1");
    }
    let _ = heading.focus();
    Some(heading)
}

/// How long a control given focus back is watched, and how often: a cancelled run's button
/// goes when the next poll sees the run end, a selection's Delete when the delete answers.
const CONTROL_WATCH: Duration = Duration::from_secs(30);
const CONTROL_POLL: Duration = Duration::from_millis(250);

/// Gives `control` focus and keeps the keyboard user on the page if it is removed later (the
/// button that opened a dialog whose action ends it): once it has left the page with focus
/// nowhere, focus moves to the page's heading instead of the document's start. The watch ends
/// as soon as focus moves anywhere else. A control already gone hands focus to the heading now.
pub fn return_focus_to(control: web_sys::HtmlElement) {
    if !control.is_connected() {
        if focus_is_nowhere() {
            focus_main_heading();
        }
        return;
    }
    let _ = control.focus();
    leptos::task::spawn_local(async move {
        let mut waited = Duration::ZERO;
        while waited < CONTROL_WATCH {
            gloo_timers::future::sleep(CONTROL_POLL).await;
            waited += CONTROL_POLL;
            if control.is_connected() {
                let active = document().active_element();
                if active.as_ref() == Some(control.unchecked_ref()) {
                    continue;
                }
                return;
            }
            if focus_is_nowhere() {
                focus_main_heading();
            }
            return;
        }
    });
}

/// Focus is on the page body: where the browser leaves it when the focused element goes.
fn focus_is_nowhere() -> bool {
    let active = document().active_element();
    active.is_none() || active == document().body().map(web_sys::Element::from)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::{full_title, run_counts};

    #[test]
    fn the_title_leads_with_the_watched_runs_counts_only_while_there_are_some() {
        assert_eq!(
            format!("{}{}", run_counts(3, 1), full_title("Jobs")),
            "(3 running, 1 failed) Jobs \u{b7} Zephyr Jobs"
        );
        assert_eq!(run_counts(2, 0), "(2 running) ");
        assert_eq!(run_counts(0, 4), "(4 failed) ");
        assert_eq!(run_counts(0, 0), "");
    }

    #[test]
    fn titles_end_with_the_product_and_an_empty_one_is_just_the_product() {
        assert_eq!(
            full_title("Run #1162 \u{b7} Nightly"),
            "Run #1162 \u{b7} Nightly \u{b7} Zephyr Jobs"
        );
        assert_eq!(full_title("  "), "Zephyr Jobs");
    }
}
