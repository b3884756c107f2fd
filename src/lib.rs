//! Zephyr Jobs: a single-page app for managing the automation jobs of a Zephyr Enterprise
//! server. `mount` starts it; the modules are the layers of the app, outermost last.

pub mod activity;
pub mod api;
pub mod browser;
pub mod crash;
pub mod dates;
pub mod job_query;
pub mod page_title;
pub mod poller;
pub mod public_path;
pub mod retry;
pub mod routes;
pub mod session;

pub mod components;
pub mod pages;

mod app;
pub use app::App;

/// Mounts the app on `<body>`, with the panic hook that turns a crash into a readable screen.
pub fn mount() {
    crash::install();
    leptos::mount::mount_to_body(App);
}
