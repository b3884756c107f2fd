//! End-to-end tests: the release build of the app, served by the simulator, driven in headless
//! Chromium through WebDriver. Run by scripts/test.sh after `trunk build --release`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

mod accessibility;
mod activity;
mod answer_shapes;
mod bulk_edit;
mod cancellation;
mod crash;
mod duplicate;
mod early_list;
mod export;
mod failures;
mod first_rows;
mod hostile;
mod job_form;
mod job_page;
mod jobs_list;
mod keyboard;
mod lazy_pages;
mod nginx;
mod odd_values;
mod palette;
mod runs;
mod saved_views;
mod scheduler;
mod sign_in;
mod smoke;
mod toasts;
mod token_hygiene;
