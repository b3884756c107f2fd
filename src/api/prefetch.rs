//! The job list's request as the page's first script started it (`web/prefetch.js`), while the
//! wasm was still downloading: the first read of the same URL with the same token takes it
//! over instead of asking again, and reads its answer like any other.

use wasm_bindgen::{JsCast, JsValue};

/// Where `web/prefetch.js` leaves its request.
const SLOT: &str = "zephyrJobsPrefetch";

/// A request started before the app: its answer to come, and how to stop it.
pub(crate) struct Prefetched {
    pub response: js_sys::Promise,
    pub controller: web_sys::AbortController,
}

/// The early request for `url` with `token`, if one was started; taken once.
pub(crate) fn take(url: &str, token: &str) -> Option<Prefetched> {
    let window = web_sys::window()?;
    let slot = JsValue::from_str(SLOT);
    let entry = js_sys::Reflect::get(&window, &slot)
        .ok()
        .filter(JsValue::is_object)?;
    let field = |name: &str| js_sys::Reflect::get(&entry, &JsValue::from_str(name)).ok();
    let same = field("url")?.as_string()? == url && field("token")?.as_string()? == token;
    if !same {
        return None;
    }
    let _ = js_sys::Reflect::delete_property(window.as_ref(), &slot);
    Some(Prefetched {
        response: field("response")?.dyn_into().ok()?,
        controller: field("controller")?.dyn_into().ok()?,
    })
}
