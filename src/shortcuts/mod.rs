//! Keyboard shortcuts: the app-wide keys (Ctrl/Cmd+K, `?`, `g` then a letter) on one window
//! listener while signed in, and each page's keys on a listener of its own, registered under the
//! page's owner and removed with it. The app-wide listener listens in the capture phase, so it
//! hears every key first; a key it takes is marked (`preventDefault`) and pages leave it alone.
//! What a key means is decided by the pure rules in `keys`.

pub mod keys;
mod sheet;

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::api::Job;
use crate::browser::now_ms;
use crate::components::palette::Palette;
use crate::job_query::JobQuery;
use crate::lazy_pages::{open_dialog, split_view};
use crate::routes::Link;
pub use keys::{Command, Scope};
use keys::{Focus, Global, KeyPress};
use sheet::ShortcutSheet;

/// How long after `g` the next key still completes the sequence.
const G_WINDOW_MS: i64 = 1_500;

/// What the keyboard layer shows, and the page whose keys the sheet lists.
#[derive(Clone, Copy)]
pub struct Keyboard {
    pub scope: RwSignal<Scope>,
    pub sheet_open: RwSignal<bool>,
    pub palette_open: RwSignal<bool>,
}

/// Provides the keyboard context (and the palette's shared data); called once, by the shell.
pub fn provide_keyboard() {
    provide_context(Keyboard {
        scope: RwSignal::new(Scope::Other),
        sheet_open: RwSignal::new(false),
        palette_open: RwSignal::new(false),
    });
    crate::palette::provide_palette_data();
    crate::saved_views::provide_views();
}

pub fn use_keyboard() -> Keyboard {
    expect_context::<Keyboard>()
}

/// The app-wide keys, and the sheet and palette they open. Mounted by the shell while signed in.
#[component]
pub fn KeyboardLayer() -> impl IntoView {
    let keyboard = use_keyboard();
    let navigate = use_navigate();
    let g_at = Rc::new(Cell::new(None::<i64>));
    on_key(true, move |ev| {
        let pending = g_at.take().is_some_and(|at| now_ms() - at < G_WINDOW_MS);
        let key = ev.key();
        match keys::global(&press(&ev, &key), pending) {
            Global::Pass => {
                if pending && key == "Shift" {
                    g_at.set(Some(now_ms()));
                }
                return;
            }
            Global::Swallow => {}
            Global::StartG => g_at.set(Some(now_ms())),
            Global::Run(command) => match command {
                Command::Palette => keyboard.palette_open.set(true),
                Command::Sheet => keyboard.sheet_open.set(true),
                Command::GoActivity => navigate(&Link::Activity.path(), Default::default()),
                Command::GoJobs => {
                    navigate(&Link::Jobs(JobQuery::default()).path(), Default::default())
                }
                _ => {}
            },
        }
        ev.prevent_default();
    });
    view! {
        <Show when=move || keyboard.sheet_open.get()>
            {move || Suspend::new(open_dialog(sheet_view(), "The keyboard shortcuts", move || {
                keyboard.sheet_open.set(false)
            }))}
        </Show>
        <Show when=move || keyboard.palette_open.get()>
            {move || Suspend::new(open_dialog(palette_view(), "The palette", move || {
                keyboard.palette_open.set(false)
            }))}
        </Show>
    }
}

// The sheet and the palette are fetched the first time they open (or when the browser is idle
// after the first page has drawn): a first load does not download them.
split_view!(pub(crate) fn sheet_view() preload preload_sheet => view! { <ShortcutSheet/> });
split_view!(pub(crate) fn palette_view() preload preload_palette => view! { <Palette/> });

/// Gives the current page its keys while it is on screen: `handle` hears each command.
pub fn use_page_keys(scope: Scope, handle: impl Fn(Command) + 'static) {
    let keyboard = use_keyboard();
    keyboard.scope.set(scope);
    on_cleanup(move || {
        keyboard.scope.try_update(|s| {
            if *s == scope {
                *s = Scope::Other;
            }
        });
    });
    on_key(false, move |ev| {
        // Taken by the app-wide listener (or by a control that handled it).
        if ev.default_prevented() {
            return;
        }
        if let Some(command) = keys::page(&press(&ev, &ev.key()), scope) {
            ev.prevent_default();
            handle(command);
        }
    });
}

/// The job page's keys: edit, run, duplicate, back to its list.
pub fn use_job_keys(job: &Job) {
    let navigate = use_navigate();
    let id = job.id;
    let list = Link::jobs_in(job.input.project_id, job.input.release_id);
    use_page_keys(Scope::Job, move |command| match command {
        Command::Edit => navigate(&Link::EditJob(id).path(), Default::default()),
        Command::Duplicate => navigate(&Link::DuplicateJob(id).path(), Default::default()),
        Command::BackToList => navigate(&list.path(), Default::default()),
        Command::Run => click(".job-actions .run-jobs-button"),
        _ => {}
    });
}

/// Presses a visible control, so a key does exactly what the control does.
pub fn click(selector: &str) {
    if let Some(el) = document()
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        el.click();
    }
}

/// A key press as the rules see it.
fn press<'a>(ev: &web_sys::KeyboardEvent, key: &'a str) -> KeyPress<'a> {
    KeyPress {
        key,
        ctrl: ev.ctrl_key(),
        alt: ev.alt_key(),
        meta: ev.meta_key(),
        shift: ev.shift_key(),
        focus: focus_kind(),
        dialog_open: document()
            .query_selector("dialog[open]")
            .ok()
            .flatten()
            .is_some(),
    }
}

fn focus_kind() -> Focus {
    let Some(el) = document().active_element() else {
        return Focus::Other;
    };
    if el
        .dyn_ref::<web_sys::HtmlElement>()
        .is_some_and(|h| h.is_content_editable())
    {
        return Focus::TextEntry;
    }
    match el.tag_name().to_ascii_lowercase().as_str() {
        "textarea" | "select" => Focus::TextEntry,
        "input" => {
            let kind = el.get_attribute("type").unwrap_or_default();
            match kind.to_ascii_lowercase().as_str() {
                "checkbox" | "radio" | "button" | "submit" | "reset" | "file" => Focus::Control,
                _ => Focus::TextEntry,
            }
        }
        "a" | "button" | "summary" => Focus::Control,
        _ => Focus::Other,
    }
}

/// A `keydown` listener on the window while the current owner lives; `capture` hears keys
/// before any element does.
fn on_key(capture: bool, handler: impl Fn(web_sys::KeyboardEvent) + 'static) {
    let closure = Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(handler);
    let function: js_sys::Function = closure.as_ref().unchecked_ref::<js_sys::Function>().clone();
    let window = window();
    if window
        .add_event_listener_with_callback_and_bool("keydown", &function, capture)
        .is_err()
    {
        return;
    }
    let held = SendWrapper::new((function, closure));
    on_cleanup(move || {
        let (function, _closure) = &*held;
        let _ = web_sys::window()
            .map(|w| w.remove_event_listener_with_callback_and_bool("keydown", function, capture));
    });
}

/// Scrolls `el` into view only as far as needed (a row the cursor reaches, an active option).
pub fn scroll_near(el: &web_sys::Element) {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"block".into(), &"nearest".into());
    if let Ok(scroll) = js_sys::Reflect::get(el, &"scrollIntoView".into()) {
        if let Some(scroll) = scroll.dyn_ref::<js_sys::Function>() {
            let _ = scroll.call1(el, &options);
        }
    }
}
