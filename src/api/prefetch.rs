//! The requests the page's first script started (`web/prefetch.js`) while the wasm was still
//! downloading: the job list and the two look-ups that confirm its scope. The first read of the
//! same URL with the same token takes one over instead of asking again, and reads its answer
//! like any other.

use wasm_bindgen::{JsCast, JsValue};

/// Where `web/prefetch.js` leaves its requests: `{ token, list, requests: { [url]: { response,
/// controller } } }`.
const SLOT: &str = "zephyrJobsPrefetch";

/// A request started before the app: its answer to come, and how to stop it.
pub(crate) struct Prefetched {
    pub response: js_sys::Promise,
    pub controller: web_sys::AbortController,
}

/// The early request for `url` with `token`, if one was started; each is taken once, and the
/// slot goes with the last.
pub(crate) fn take(url: &str, token: &str) -> Option<Prefetched> {
    let window = web_sys::window()?;
    let slot = JsValue::from_str(SLOT);
    let get = |object: &JsValue, name: &str| {
        js_sys::Reflect::get(object, &JsValue::from_str(name))
            .ok()
            .filter(|v| !v.is_undefined())
    };
    let entry = get(&window, SLOT).filter(JsValue::is_object)?;
    if get(&entry, "token")?.as_string()? != token {
        return None;
    }
    let requests = get(&entry, "requests").filter(JsValue::is_object)?;
    let request = get(&requests, url).filter(JsValue::is_object)?;
    let requests: js_sys::Object = requests.dyn_into().ok()?;
    let _ = js_sys::Reflect::delete_property(&requests, &JsValue::from_str(url));
    if js_sys::Object::keys(&requests).length() == 0 {
        let _ = js_sys::Reflect::delete_property(window.as_ref(), &slot);
    }
    Some(Prefetched {
        response: get(&request, "response")?.dyn_into().ok()?,
        controller: get(&request, "controller")?.dyn_into().ok()?,
    })
}
