//! The last resort when the app panics. The page is replaced by a plain "Something went wrong"
//! screen (web/crash.js, built in JS because nothing in the wasm can be trusted after a trap),
//! whatever stopped the wasm: a panic, a stack overflow, memory running out.
//!
//! The release build aborts at once on a panic (`panic=immediate-abort`, README › Performance,
//! round 13): it formats no message, and no hook runs. A build whose panics do format one (a
//! debug build) installs the hook here: it logs the message, with the session token scrubbed,
//! and leaves it in `window.zephyrJobsPanic` for the screen's details.

use leptos::prelude::*;

use crate::pages::not_found::NotFound;

/// What stands in for the token in a panic message (web/crash.js uses the same words).
pub const TOKEN_REMOVED: &str = "[token removed]";

/// `text` with every occurrence of the session token replaced. A panic message may quote any
/// value the app held, including a request's headers.
pub fn scrub(text: &str, token: Option<&str>) -> String {
    match token.map(str::trim).filter(|t| !t.is_empty()) {
        Some(token) => text.replace(token, TOKEN_REMOVED),
        None => text.to_string(),
    }
}

/// Installs the panic hook where panics have a message. Replaces `console_error_panic_hook`,
/// which would log the message unscrubbed; the log line keeps its form (message, then the JS
/// stack). The abort that follows the hook is the trap web/crash.js answers.
pub fn install() {
    #[cfg(not(panic = "immediate-abort"))]
    std::panic::set_hook(Box::new(|info| {
        use wasm_bindgen::JsValue;
        let token = crate::session::stored_token();
        let message = scrub(&info.to_string(), token.as_deref());
        let stack = js_sys::Reflect::get(&js_sys::Error::new(""), &JsValue::from_str("stack"))
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_default();
        let stack = scrub(&stack, token.as_deref());
        web_sys::console::error_1(&format!("{message}\n\nStack:\n\n{stack}\n\n").into());
        if let Some(window) = web_sys::window() {
            let _ = js_sys::Reflect::set(
                &window,
                &JsValue::from_str("zephyrJobsPanic"),
                &JsValue::from_str(&message),
            );
        }
    }));
}

/// The route table's fallback: the not-found page. Test builds with the `crash-route` feature
/// also answer `/__crash` here, with a render that panics (quoting the session token, which a
/// hook must scrub where panics have a message), and `/__trap`, with a render that stops with a
/// trap's error whose text holds the token (web/crash.js must scrub it); the shipped build has
/// no such routes.
pub fn routes_fallback() -> AnyView {
    #[cfg(feature = "crash-route")]
    {
        use crate::public_path::{router_base, strip_base};
        let path = leptos_router::hooks::use_location()
            .pathname
            .get_untracked();
        let token = crate::session::stored_token().unwrap_or_default();
        match strip_base(router_base(), &path) {
            "/__crash" => {
                panic!("the /__crash test route panics on purpose, holding the token {token}")
            }
            "/__trap" => wasm_bindgen::throw_val(
                js_sys::WebAssembly::RuntimeError::new(&format!(
                    "the /__trap test route stops holding the token {token}"
                ))
                .into(),
            ),
            _ => {}
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
