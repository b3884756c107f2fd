//! Presentational pieces shared by the pages: they show data, they do not fetch it.

pub mod announcer;
pub mod confirm_dialog;
pub mod error_notice;
pub mod job_table;
pub mod run_jobs;
pub mod run_live;
pub mod run_timeline;
pub mod shell;
pub mod status_badge;
pub mod time;
pub mod toasts;
