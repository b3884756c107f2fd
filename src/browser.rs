//! The few browser facts and events that timers and retries need: the clock, whether the tab is
//! hidden or offline, and listeners that go away with the component that added them.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

pub fn document_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

pub fn navigator_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// Listens on the document (or the window) while the current owner lives.
pub fn listen(event: &'static str, on_document: bool, handler: impl Fn() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let target: web_sys::EventTarget = if on_document {
        match window.document() {
            Some(d) => d.into(),
            None => return,
        }
    } else {
        window.into()
    };
    let closure = Closure::<dyn Fn()>::new(handler);
    let function: js_sys::Function = closure.as_ref().unchecked_ref::<js_sys::Function>().clone();
    if target
        .add_event_listener_with_callback(event, &function)
        .is_err()
    {
        return;
    }
    let held = SendWrapper::new((target, function, closure));
    on_cleanup(move || {
        let (target, function, _closure) = &*held;
        let _ = target.remove_event_listener_with_callback(event, function);
    });
}
