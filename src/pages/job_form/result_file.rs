//! The result file of create-and-execute: picked or dropped, and checked (type, size) in the
//! browser before anything is sent, because the server only says "too large" after the upload.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::components::announcer::Announce;

/// The server's limit for one result file.
pub const MAX_RESULT_FILE_BYTES: f64 = 25.0 * 1024.0 * 1024.0;

/// Why a file cannot be sent, in words for the user; `Ok` when it can.
pub fn check_result_file(name: &str, size: f64) -> Result<(), String> {
    let lower = name.to_ascii_lowercase();
    if !(lower.ends_with(".xml") || lower.ends_with(".json")) {
        return Err(format!(
            "\u{201c}{name}\u{201d} is not a result file: choose an .xml or .json file (JUnit, TestNG or Cucumber results)."
        ));
    }
    if size <= 0.0 {
        return Err(format!("\u{201c}{name}\u{201d} is empty."));
    }
    if size > MAX_RESULT_FILE_BYTES {
        return Err(format!(
            "\u{201c}{name}\u{201d} is {}: the limit is 25 MB.",
            size_text(size)
        ));
    }
    Ok(())
}

/// "812 bytes", "14.2 KB", "31.0 MB".
pub fn size_text(bytes: f64) -> String {
    const KB: f64 = 1024.0;
    if bytes < KB {
        format!("{bytes:.0} bytes")
    } else if bytes < KB * KB {
        format!("{:.1} KB", bytes / KB)
    } else {
        format!("{:.1} MB", bytes / (KB * KB))
    }
}

/// The first file of something with a `files` list (an `<input type=file>` or a drop's
/// `DataTransfer`). Read by name: the web-sys `FileList`/`DataTransfer` features are not enabled.
fn first_file(holder: &JsValue) -> Option<web_sys::File> {
    let files = js_sys::Reflect::get(holder, &JsValue::from_str("files")).ok()?;
    js_sys::Reflect::get_u32(&files, 0)
        .ok()?
        .dyn_into::<web_sys::File>()
        .ok()
}

#[component]
pub fn ResultFilePicker(
    /// The accepted file; only a file that passed the checks is ever stored here.
    file: RwSignal<Option<web_sys::File>, LocalStorage>,
    /// The form was submitted without a file.
    #[prop(into)]
    missing: Signal<bool>,
) -> impl IntoView {
    let input_ref = NodeRef::<leptos::html::Input>::new();
    let refusal = RwSignal::new(None::<String>);
    let dragging = RwSignal::new(false);

    let take = move |candidate: Option<web_sys::File>| {
        let Some(candidate) = candidate else { return };
        match check_result_file(&candidate.name(), candidate.size()) {
            Ok(()) => {
                refusal.set(None);
                file.set(Some(candidate));
            }
            Err(message) => {
                refusal.set(Some(message));
                file.set(None);
                // The refused file must not stay attached to the input either.
                if let Some(input) = input_ref.get_untracked() {
                    input.set_value("");
                }
            }
        }
    };
    let on_pick = move |ev: leptos::ev::Event| {
        if let Some(target) = ev.target() {
            take(first_file(&target));
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        let transfer = js_sys::Reflect::get(&ev, &JsValue::from_str("dataTransfer")).ok();
        take(transfer.as_ref().and_then(first_file));
    };
    let remove = move |_| {
        file.set(None);
        refusal.set(None);
        if let Some(input) = input_ref.get_untracked() {
            input.set_value("");
        }
    };
    let message = move || {
        refusal.get().or_else(|| {
            (missing.get() && file.with(Option::is_none))
                .then(|| "Choose the result file to run the job on.".to_string())
        })
    };

    view! {
        <fieldset class="form-section">
            <legend>"Result file"</legend>
            <div
                class="drop-zone"
                class:drop-zone-active=move || dragging.get()
                class:drop-zone-invalid=move || message().is_some()
                on:dragenter=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); dragging.set(true); }
                on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); dragging.set(true); }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
            >
                <p class="drop-zone-title">"Drop a JUnit, TestNG or Cucumber result file here"</p>
                <label for="result-file" class="drop-zone-or">"or choose one:"</label>
                <input
                    id="result-file"
                    type="file"
                    accept=".xml,.json"
                    aria-describedby="result-file-help result-file-error"
                    aria-invalid=move || message().is_some().to_string()
                    node_ref=input_ref
                    on:change=on_pick
                />
                <p id="result-file-help" class="help">".xml or .json, up to 25 MB."</p>
            </div>
            {move || file.with(|f| f.as_ref().map(|f| (f.name(), f.size()))).map(|(name, size)| view! {
                <p class="chosen-file">
                    <span class="chosen-file-name wrap-anywhere">{name}</span>
                    <span class="muted">{size_text(size)}</span>
                    <button type="button" class="button button-quiet" on:click=remove>"Remove"</button>
                </p>
            })}
            {move || message().map(|text| view! {
                <Announce text=text.clone() alert=true/>
                <p id="result-file-error" class="field-error">{text}</p>
            })}
        </fieldset>
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn only_xml_and_json_up_to_25_mb_are_accepted() {
        assert!(check_result_file("junit.XML", 2048.0).is_ok());
        assert!(check_result_file("cucumber.json", MAX_RESULT_FILE_BYTES).is_ok());
        assert!(check_result_file("notes.txt", 10.0)
            .unwrap_err()
            .contains(".xml or .json"));
        assert!(check_result_file("big.xml", MAX_RESULT_FILE_BYTES + 1.0)
            .unwrap_err()
            .contains("25 MB"));
        assert!(check_result_file("empty.xml", 0.0).is_err());
        assert_eq!(size_text(26.0 * 1024.0 * 1024.0), "26.0 MB");
    }
}
