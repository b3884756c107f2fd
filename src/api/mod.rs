//! The typed fetch layer: models, tolerant decoding, one error type, one request path, and one
//! function per Zephyr endpoint.

pub mod answers;
mod body;
mod client;
mod endpoints;
pub mod error;
mod list_job;
pub mod models;
mod prefetch;
// Pure decoding, in the `zephyr-list` crate (compiled for speed: it reads 10,000 jobs).
pub use zephyr_list::{decode, list_stream, run_state};

pub use answers::{JobRun, Written};
pub use client::{ApiClient, DEFAULT_API_BASE, DEFAULT_TIMEOUT_MS};
pub use error::{ApiError, Undecodable};
pub use models::*;
pub use run_state::RunState;
pub use zephyr_list::list_job::ListJob;

use leptos::prelude::*;

/// The API client provided at the app's root.
pub fn use_api() -> ApiClient {
    expect_context::<ApiClient>()
}
