//! "Export CSV" and "Export JSON" on the job list: the filtered, sorted list (every page) as a
//! file, handed to the browser through a Blob, an object URL and a temporary `<a download>`
//! (no inline script: the strict CSP stays as it is). The formats are `crate::export`'s.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::api::ListJob;
use crate::browser::now_ms;
use crate::components::announcer::{announce, announce_alert};
use crate::export;
use crate::lazy_pages::{code_not_fetched, split_fn};

/// How long the object URL outlives the click: the browser has started the download by then.
const REVOKE_AFTER_MS: u32 = 10_000;

#[derive(Clone, Copy, PartialEq)]
pub enum Format {
    Csv,
    Json,
}

#[component]
pub fn ExportButtons(
    /// The jobs to export, in the list's order, read when a button is pressed.
    jobs: Callback<(), Vec<ListJob>>,
    /// The project's and release's names, for the file name.
    #[prop(into)]
    scope_names: Signal<(String, String)>,
) -> impl IntoView {
    let export = move |format: Format| {
        let list = jobs.run(());
        let names = scope_names.get_untracked();
        leptos::task::spawn_local(async move {
            match export_file(list, format, names).await {
                Ok(Ok(said)) => announce(said),
                Ok(Err(problem)) => announce_alert(problem),
                Err(_) => announce_alert(code_not_fetched(&format!(
                    "The {} file could not be made",
                    format.label()
                ))),
            }
        });
    };
    view! {
        <div class="export-actions" role="group" aria-label="Export the listed jobs">
            <button type="button" class="button button-quiet" on:click=move |_| export(Format::Csv)>"Export CSV"</button>
            <button type="button" class="button button-quiet" on:click=move |_| export(Format::Json)>"Export JSON"</button>
        </div>
    }
}

impl Format {
    fn label(self) -> &'static str {
        match self {
            Format::Csv => "CSV",
            Format::Json => "JSON",
        }
    }
}

// The formats and the download, from a wasm chunk of their own with the `split` feature
// (src/lazy_pages.rs says how): a first load of the list does not download them.
split_fn!(pub fn export_file(list: Vec<ListJob>, format: Format, names: (String, String))
    -> Result<String, String>; preload preload_export => save(&list, format, &names));

/// Makes the file and hands it to the browser: what to announce, or why there is no file.
fn save(
    list: &[ListJob],
    format: Format,
    (project, release): &(String, String),
) -> Result<String, String> {
    let (text, mime, extension) = match format {
        Format::Csv => (export::to_csv(list), "text/csv;charset=utf-8", "csv"),
        Format::Json => (
            export::to_json(list),
            "application/json;charset=utf-8",
            "json",
        ),
    };
    let label = format.label();
    let name = export::file_name(project, release, now_ms(), extension);
    match download(&text, mime, &name) {
        Ok(()) => Ok(format!(
            "Exported {} job{} as {label}: {name}",
            list.len(),
            if list.len() == 1 { "" } else { "s" }
        )),
        Err(_) => Err(format!("The {label} file could not be made.")),
    }
}

/// Saves `text` as a file named `file_name`.
fn download(text: &str, mime: &str, file_name: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let link: web_sys::HtmlAnchorElement = document().create_element("a")?.dyn_into()?;
    link.set_href(&url);
    link.set_download(file_name);
    link.set_hidden(true);
    let body = document()
        .body()
        .ok_or_else(|| JsValue::from_str("no body"))?;
    body.append_child(&link)?;
    link.click();
    link.remove();
    gloo_timers::callback::Timeout::new(REVOKE_AFTER_MS, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}
