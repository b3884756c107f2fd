//! Zephyr Jobs: a single-page app for managing the automation jobs of a Zephyr Enterprise
//! server. `mount` starts it; the modules are the layers of the app, outermost last.

pub mod activity;
pub mod api;
// Pure, in the `zephyr-list` crate with the list's decoding: dates, and the list's URL query,
// index, search and sort.
pub use zephyr_list::{dates, job_query};
pub mod boot;
pub mod browser;
pub mod crash;
pub mod export;
pub mod page_title;
pub mod palette;
pub mod poller;
pub mod public_path;
pub mod retry;
pub mod routes;
pub mod saved_views;
pub mod session;
pub mod shortcuts;

pub mod components;
pub mod pages;

mod app;
pub mod lazy_pages;
pub use app::App;

/// Mounts the app on `<body>`, with the panic hook that turns a crash into a readable screen.
/// The static shell index.html paints before the wasm arrives gives way as [`boot`] says.
pub fn mount() {
    crash::install();
    boot::at_mount();
    leptos::mount::mount_to_body(App);
    // The browser's first date formatter costs about 20 ms to make (its locale data): made now,
    // while the first list is usually still on its way. Not in a timer: while a page loads, the
    // browser runs timers after the tasks that bring the list's bytes, and one set here fired
    // right after the list's last byte, ahead of the rows (a trace of a cold load).
    components::time::prepare();
}
