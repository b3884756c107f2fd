//! The typed fetch layer: models, tolerant decoding, one error type, one request path, and one
//! function per Zephyr endpoint.

pub mod answers;
mod client;
pub mod decode;
mod endpoints;
pub mod error;
mod list_job;
pub mod list_stream;
pub mod models;
mod prefetch;
pub mod run_state;

pub use answers::{JobRun, Written};
pub use client::{ApiClient, DEFAULT_API_BASE, DEFAULT_TIMEOUT_MS};
pub use error::{ApiError, Undecodable};
pub use list_job::ListJob;
pub use models::*;
pub use run_state::RunState;

use leptos::prelude::*;

/// The API client provided at the app's root.
pub fn use_api() -> ApiClient {
    expect_context::<ApiClient>()
}
