//! Presentational pieces shared by the pages: they show data, they do not fetch it.

pub mod confirm_dialog;
pub mod error_notice;
pub mod job_table;
pub mod shell;
pub mod status_badge;
pub mod time;
