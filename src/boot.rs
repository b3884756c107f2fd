//! The static shell of `index.html`: the brand and a quiet "Loading…", painted before the wasm
//! arrives, or the job list's first page, which `web/first_rows.js` draws into it when the list's
//! early answer comes before the app has started (a slow link). Either way the app replaces it.

use std::time::Duration;

use leptos::prelude::{request_animation_frame, set_timeout};
use wasm_bindgen::JsCast;

const BOOT_ID: &str = "boot";
/// On `<body>` while the shell's first page stays over the app (`style/shell.css` hides the
/// app's part meanwhile).
const BEHIND: &str = "app-behind-first-rows";
/// However the app's page turns out, the shell's first page stays no longer than this.
const AT_MOST: Duration = Duration::from_secs(5);

fn boot() -> Option<web_sys::HtmlElement> {
    web_sys::window()?
        .document()?
        .get_element_by_id(BOOT_ID)?
        .dyn_into()
        .ok()
}

/// Called as the app mounts. The plain shell goes in the same task, so no frame shows both or
/// neither. A shell holding the list's first page stays over the app until the app has drawn its
/// own (the list page calls [`give_way`]), so that the rows do not vanish and come back.
pub fn at_mount() {
    let Some(boot) = boot() else {
        return;
    };
    if !boot.has_attribute("data-first-rows") {
        boot.remove();
        return;
    }
    if let Some(body) = boot.owner_document().and_then(|d| d.body()) {
        let _ = body.class_list().add_1(BEHIND);
    }
    set_timeout(give_way, AT_MOST);
}

/// The app's page is drawn (or another page, or an error, is on its way): the shell goes before
/// the next frame, with whatever the app has drawn by then shown in the same frame. Does nothing
/// once the shell is gone.
pub fn give_way() {
    if boot().is_some() {
        request_animation_frame(remove_now);
    }
}

/// The shell goes now, and nothing of the app stays hidden.
fn remove_now() {
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.class_list().remove_1(BEHIND);
    }
    if let Some(boot) = boot() {
        boot.remove();
    }
}
