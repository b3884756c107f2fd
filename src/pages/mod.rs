//! One module per route.

pub mod job;
pub mod job_form;
pub mod jobs;
pub mod not_found;
pub mod run_timeline;
pub mod sign_in;
