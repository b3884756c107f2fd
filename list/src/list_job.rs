//! A job as the job list reads it: the columns it shows, sorts, searches and exports, and the
//! ids that place it. The rest of a job (description, folder, cycle dates, environment, the
//! flags) is skipped unread when 10,000 jobs arrive: their page and the forms read the app's
//! whole `Job`, and a bulk edit reads the release again before it writes.

use serde::Deserialize;

use crate::decode;
use crate::run_state::RunState;

/// The list's part of a job: each field read as tolerantly as the app's `Job` reads it (the
/// same helpers, names and aliases; the app's `the_list_reads_what_the_job_reads` checks that
/// they agree).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListJob {
    #[serde(deserialize_with = "decode::id")]
    pub id: i64,
    #[serde(
        rename = "jobName",
        default,
        deserialize_with = "decode::opt_text_or_empty"
    )]
    pub name: String,
    #[serde(
        rename = "automationFramework",
        alias = "automatedFramework",
        default,
        deserialize_with = "decode::opt_text_or_empty"
    )]
    pub framework: String,
    #[serde(
        rename = "cycleName",
        default,
        deserialize_with = "decode::opt_text_or_empty"
    )]
    pub cycle: String,
    #[serde(default, deserialize_with = "decode::opt_status")]
    pub status: RunState,
    #[serde(default, deserialize_with = "decode::opt_text")]
    pub created_by: Option<String>,
    #[serde(
        default,
        alias = "jobCreationDate",
        rename = "jobCrationDate",
        deserialize_with = "decode::opt_date"
    )]
    pub created_at: Option<i64>,
    #[serde(
        default,
        rename = "jobModifyDate",
        deserialize_with = "decode::opt_date"
    )]
    pub modified_at: Option<i64>,
    #[serde(
        default,
        rename = "jobScheduleDate",
        deserialize_with = "decode::opt_date"
    )]
    pub scheduled_at: Option<i64>,
    #[serde(default, deserialize_with = "decode::id")]
    pub project_id: i64,
    #[serde(default, deserialize_with = "decode::id")]
    pub release_id: i64,
}

impl ListJob {
    /// The name to show, as the app's `Job::display_name` gives it.
    pub fn display_name(&self) -> String {
        display_name(&self.name, self.id)
    }
}

/// A job's name as shown: "Unnamed job #N" for a blank one (an empty link or heading would be
/// invisible, and unreadable to a screen reader).
pub fn display_name(name: &str, id: i64) -> String {
    if name.trim().is_empty() {
        format!("Unnamed job #{id}")
    } else {
        name.to_string()
    }
}
