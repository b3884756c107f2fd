//! A job as the job list reads it: the columns it shows, sorts, searches and exports, and the
//! ids that place it. The rest of a job (description, folder, cycle dates, environment, the
//! flags) is skipped unread when 10,000 jobs arrive: their page and the forms read the whole
//! [`Job`], and a bulk edit reads the release again before it writes.

use serde::Deserialize;

use super::decode;
use super::models::Job;
use super::run_state::RunState;

/// The list's part of a job: each field read as tolerantly as [`Job`] reads it (the same
/// helpers, names and aliases; `the_list_reads_what_the_job_reads` checks that they agree).
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
    /// The name to show, as [`Job::display_name`] gives it.
    pub fn display_name(&self) -> String {
        super::models::display_name(&self.name, self.id)
    }
}

impl From<&Job> for ListJob {
    fn from(job: &Job) -> Self {
        ListJob {
            id: job.id,
            name: job.input.job_name.clone(),
            framework: job.input.automation_framework.clone(),
            cycle: job.input.cycle_name.clone(),
            status: job.status.clone(),
            created_by: job.created_by.clone(),
            created_at: job.created_at,
            modified_at: job.modified_at,
            scheduled_at: job.scheduled_at,
            project_id: job.input.project_id,
            release_id: job.input.release_id,
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use serde_json::json;

    /// Every form a field may take (contract section 5), read both ways.
    #[test]
    fn the_list_reads_what_the_job_reads() {
        let jobs = [
            json!({
                "id": 7, "jobName": "Nightly API", "automationFramework": "JUnit",
                "cycleName": "Sprint 4", "status": "failed", "createdBy": "dana",
                "jobCrationDate": 1_700_000_000_000_i64, "jobModifyDate": "11/30/2026",
                "jobScheduleDate": "2026-11-29", "projectId": 1, "releaseId": 10,
                "jobDescription": "skipped by the list", "environment": "prod",
                "testRepositoryPath": "Root > API", "assignResultsTo": -10
            }),
            json!({
                "id": "8", "jobName": null, "automatedFramework": "TestNG", "cycleName": 42,
                "status": "IN_PROGRESS", "createdBy": null, "jobCreationDate": "1700000000000",
                "projectId": "1", "releaseId": 10.0, "unknownField": {"nested": [1, 2]}
            }),
            json!({ "id": 9 }),
        ];
        for raw in jobs {
            let listed: ListJob = serde_json::from_value(raw.clone()).expect("list job");
            let whole: Job = serde_json::from_value(raw.clone()).expect("job");
            assert_eq!(listed, ListJob::from(&whole), "{raw}");
            assert_eq!(listed.display_name(), whole.display_name());
        }
    }

    #[test]
    fn what_the_job_refuses_the_list_refuses() {
        for raw in [json!({ "jobName": "no id" }), json!({ "id": [1] })] {
            assert!(
                serde_json::from_value::<ListJob>(raw.clone()).is_err(),
                "{raw}"
            );
            assert!(serde_json::from_value::<Job>(raw.clone()).is_err(), "{raw}");
        }
    }
}
