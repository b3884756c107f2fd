//! Times as people read them: relative, with the exact time on hover and the ISO value in
//! `<time datetime>` for machines.

use leptos::prelude::*;

use crate::dates;

pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// The exact local time, as the browser formats it; beyond what a JS `Date` holds (about
/// 275,000 years either side of 1970) what is known of the date instead of "Invalid Date".
pub fn local_text(ms: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    if date.get_time().is_nan() {
        return dates::date_text(ms);
    }
    LOCAL_FORMAT
        .with(|format| format.call1(&wasm_bindgen::JsValue::NULL, &date))
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_else(|| dates::date_text(ms))
}

/// Makes the formatter of [`local_text`] ahead of its first use.
pub fn prepare() {
    LOCAL_FORMAT.with(|_| ());
}

thread_local! {
    /// What `Date.toLocaleString()` gives (the default locale; date and time, each part
    /// numeric), from one formatter: `toLocaleString` builds a new one per call, about half a
    /// millisecond each on the CI machine, and a page of 50 rows spent 28 ms on it.
    static LOCAL_FORMAT: js_sys::Function = {
        let options = js_sys::Object::new();
        for part in ["year", "month", "day", "hour", "minute", "second"] {
            let _ = js_sys::Reflect::set(&options, &part.into(), &"numeric".into());
        }
        js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &options).format()
    };
}

/// The `<time datetime>` value, left out where no valid one exists.
pub fn machine_time(ms: i64) -> Option<String> {
    Some(dates::epoch_ms_to_iso(ms)).filter(|iso| !iso.is_empty())
}

#[component]
pub fn RelativeTime(
    ms: Option<i64>,
    #[prop(optional, into)] empty: Option<String>,
) -> impl IntoView {
    match ms {
        Some(ms) => view! {
            <time datetime=machine_time(ms) title=local_text(ms)>
                {dates::relative(ms, now_ms())}
            </time>
        }
        .into_any(),
        None => view! { <span class="muted">{empty.unwrap_or_else(|| "\u{2014}".into())}</span> }
            .into_any(),
    }
}
