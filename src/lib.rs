//! Zephyr Jobs: a single-page app for managing the automation jobs of a Zephyr Enterprise
//! server. `mount` starts it; the modules are the layers of the app, outermost last.

pub mod api;
pub mod browser;
pub mod dates;
pub mod job_query;
pub mod page_title;
pub mod poller;
pub mod public_path;
pub mod retry;
pub mod session;

pub mod components;
pub mod pages;

mod app;
pub use app::App;

/// Mounts the app on `<body>`.
pub fn mount() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}
