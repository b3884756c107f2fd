//! The last resort when the app panics: the release build aborts on panic, so instead of a page
//! that silently stops answering, the panic hook logs what happened and replaces the page with a
//! plain "Something went wrong" screen (heading, one sentence, a Reload button, the panic message
//! folded away for a bug report). The screen is built with bare DOM calls: the reactive system
//! may be what broke. The session token never reaches the log or the screen.

use std::sync::atomic::{AtomicBool, Ordering};

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::pages::not_found::NotFound;

/// What stands in for the token in a panic message.
pub const TOKEN_REMOVED: &str = "[token removed]";

/// Set by the first panic: a second one (e.g. while the screen is built) must not rebuild it.
static CRASHED: AtomicBool = AtomicBool::new(false);

/// `text` with every occurrence of the session token replaced. A panic message may quote any
/// value the app held, including a request's headers.
pub fn scrub(text: &str, token: Option<&str>) -> String {
    match token.map(str::trim).filter(|t| !t.is_empty()) {
        Some(token) => text.replace(token, TOKEN_REMOVED),
        None => text.to_string(),
    }
}

/// Installs the panic hook. Replaces `console_error_panic_hook`, which would log the message
/// unscrubbed; the log line keeps its form (message, then the JS stack).
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let token = crate::session::stored_token();
        let message = scrub(&info.to_string(), token.as_deref());
        let stack = js_sys::Reflect::get(&js_sys::Error::new(""), &JsValue::from_str("stack"))
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_default();
        let stack = scrub(&stack, token.as_deref());
        web_sys::console::error_1(&format!("{message}\n\nStack:\n\n{stack}\n\n").into());
        if !CRASHED.swap(true, Ordering::SeqCst) {
            let _ = show_crash_screen(&message);
        }
    }));
}

fn element(
    document: &web_sys::Document,
    tag: &str,
    class: &str,
    text: &str,
) -> Option<web_sys::Element> {
    let el = document.create_element(tag).ok()?;
    if !class.is_empty() {
        el.set_class_name(class);
    }
    if !text.is_empty() {
        el.set_text_content(Some(text));
    }
    Some(el)
}

/// Replaces everything in `<body>` with the crash screen. Styled by `.crash` in
/// style/shell.css (no inline style: the CSP forbids it).
fn show_crash_screen(message: &str) -> Option<()> {
    let window = web_sys::window()?;
    let document = window.document()?;
    let body = document.body()?;
    body.set_text_content(None);
    crate::boot::remove_now();
    document.set_title("Something went wrong \u{b7} Zephyr Jobs");

    let main = element(&document, "main", "crash", "")?;
    let card = element(&document, "div", "crash-card card", "")?;
    let heading = element(&document, "h1", "", "Something went wrong")?;
    heading.set_attribute("tabindex", "-1").ok()?;
    let what = element(
        &document,
        "p",
        "",
        "The app ran into an error it could not recover from and stopped; reload the page to start again (changes you had not saved are lost).",
    )?;
    let reload = element(
        &document,
        "button",
        "button button-primary crash-reload",
        "Reload",
    )?;
    reload.set_attribute("type", "button").ok()?;
    // The listener is the browser's own `location.reload`, bound to the location: no wasm runs
    // on the click, so it works even though the wasm instance has just aborted.
    let location = window.location();
    let reload_fn = js_sys::Reflect::get(&location, &JsValue::from_str("reload"))
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?
        .bind0(&location);
    reload
        .add_event_listener_with_callback("click", &reload_fn)
        .ok()?;
    let details = element(&document, "details", "crash-details", "")?;
    let summary = element(&document, "summary", "", "Details for a bug report")?;
    let pre = element(&document, "pre", "crash-message", message)?;

    details.append_child(&summary).ok()?;
    details.append_child(&pre).ok()?;
    for child in [&heading, &what, &reload, &details] {
        card.append_child(child).ok()?;
    }
    main.append_child(&card).ok()?;
    body.append_child(&main).ok()?;
    // Whoever was somewhere on the page is told that it changed.
    heading.dyn_ref::<web_sys::HtmlElement>()?.focus().ok()
}

/// The route table's fallback: the not-found page. Test builds with the `crash-route` feature
/// also answer `/__crash` here, with a render that panics (quoting the session token, which the
/// hook must scrub); the shipped build has no such route.
pub fn routes_fallback() -> AnyView {
    #[cfg(feature = "crash-route")]
    {
        use crate::public_path::{router_base, strip_base};
        let path = leptos_router::hooks::use_location()
            .pathname
            .get_untracked();
        if strip_base(router_base(), &path) == "/__crash" {
            let token = crate::session::stored_token().unwrap_or_default();
            panic!("the /__crash test route panics on purpose, holding the token {token}");
        }
    }
    view! { <NotFound/> }.into_any()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn the_token_never_survives_scrubbing() {
        let token = "f1d2d2f924e986ac86fdf7b36c94bcdf32beec15";
        let text = format!("panicked at src/x.rs:1:2:\nBearer {token} and again {token}");
        let clean = scrub(&text, Some(token));
        assert!(!clean.contains(token));
        assert_eq!(clean.matches(TOKEN_REMOVED).count(), 2);
        assert!(clean.starts_with("panicked at src/x.rs:1:2:"));
        assert_eq!(scrub("no session", None), "no session");
        assert_eq!(scrub("blank token", Some("  ")), "blank token");
    }
}
