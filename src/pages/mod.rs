//! One module per route.

pub mod jobs;
pub mod not_found;
pub mod sign_in;
