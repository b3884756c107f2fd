//! The list's job ([`ListJob`], in the `zephyr-list` crate) made from a whole [`Job`], and the
//! tests that hold the two to the same reading of every form a field may take.

use super::models::Job;
use super::ListJob;

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
