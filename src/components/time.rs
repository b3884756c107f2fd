//! Times as people read them: relative, with the exact time on hover and the ISO value in
//! `<time datetime>` for machines.

use leptos::prelude::*;

use crate::dates;

pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// The exact local time, as the browser formats it.
pub fn local_text(ms: i64) -> String {
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64))
        .to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED)
        .into()
}

#[component]
pub fn RelativeTime(
    ms: Option<i64>,
    #[prop(optional, into)] empty: Option<String>,
) -> impl IntoView {
    match ms {
        Some(ms) => view! {
            <time datetime=dates::epoch_ms_to_iso(ms) title=local_text(ms)>
                {dates::relative(ms, now_ms())}
            </time>
        }
        .into_any(),
        None => view! { <span class="muted">{empty.unwrap_or_else(|| "\u{2014}".into())}</span> }
            .into_any(),
    }
}
