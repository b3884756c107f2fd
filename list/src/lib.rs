//! The job list's data path, pure Rust: jobs decoded from what a Zephyr server sends (tolerant
//! of every form its fields take), a release's list decoded window by window, the index that
//! search and sort read, and the list's state as it lives in the URL.
//!
//! A crate of its own so that it can be compiled for speed while the app is compiled for size
//! (the workspace's `[profile.release.package.zephyr-list]`): generic code, serde's decoders
//! included, is compiled in the crate that names the concrete types, and the list's decoding
//! and search are named here (see [`list_stream::Element`]).

pub mod dates;
pub mod decode;
pub mod job_query;
pub mod job_scan;
pub mod list_job;
pub mod list_stream;
pub mod run_state;
