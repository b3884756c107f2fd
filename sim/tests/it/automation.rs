//! The nine automation operations' happy paths and their contract-named refusals.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::*;

#[tokio::test]
async fn seeded_jobs_show_every_state_and_escaping_hazards() {
    let s = sim().await;
    let jobs = s.jobs(1, 10).await;
    let status_of = |id: u64| {
        jobs.iter()
            .find(|j| j["id"] == id)
            .map(|j| j["status"].clone())
            .unwrap()
    };
    assert_eq!(status_of(4100), "completed");
    assert_eq!(status_of(4101), "failed");
    assert_eq!(status_of(4102), "in-progress");
    assert_eq!(status_of(4103), "Waiting");
    assert_eq!(status_of(4104), "new");
    assert_eq!(status_of(4105), "cancelled");
    assert_eq!(status_of(4107), "new");
    let script = jobs.iter().find(|j| j["id"] == 4101).unwrap();
    assert_eq!(
        script["jobName"],
        "Checkout <script>alert(1)</script> & \"refunds\""
    );
    assert!(script["jobCrationDate"].is_i64() && script["jobScheduleDate"].is_i64());
    assert!(jobs
        .iter()
        .all(|j| j["projectId"] == 1 && j["releaseId"] == 10));
    let never = jobs.iter().find(|j| j["id"] == 4104).unwrap();
    assert_eq!(never["jobScheduleDate"], Value::Null);
}

#[tokio::test]
async fn create_a_job_then_find_it_in_list_and_detail() {
    let s = sim().await;
    let mut input = job_input("Nightly <b>smoke</b> 🚀");
    input.as_object_mut().unwrap().remove("automationFramework");
    input["automatedFramework"] = json!("testng");
    let (status, job) = s
        .post(&format!("{AUTOMATION}/create-job-detail"), input)
        .await;
    assert_eq!(status, StatusCode::OK, "{job}");
    let id = job["id"].as_u64().unwrap();
    assert_eq!(id, 4114, "new jobs follow the seeded ones");
    assert_eq!(
        job["automationFramework"], "TestNG",
        "case-insensitive, emitted in the server's spelling"
    );
    assert!(job.get("automatedFramework").is_none());
    assert_eq!(
        (job["status"].as_str(), job["createdBy"].as_str()),
        (Some("new"), Some("dana.whitfield"))
    );
    assert_eq!(job["jobScheduleDate"], Value::Null);
    assert!(s.jobs(1, 10).await.iter().any(|j| j["id"] == id));
    let (status, detail) = s.get(&format!("automation/job/detail?jobid={id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(detail, job);
}

#[tokio::test]
async fn update_a_job_and_refuse_an_unknown_or_missing_id() {
    let s = sim().await;
    let mut input = job_input("Renamed nightly");
    input["id"] = json!(4100);
    input["automationFramework"] = json!("Cucumber");
    let (status, job) = s
        .post(&format!("{AUTOMATION}/update-execute-job"), input.clone())
        .await;
    assert_eq!(status, StatusCode::OK, "{job}");
    assert_eq!(
        (job["jobName"].as_str(), job["automationFramework"].as_str()),
        (Some("Renamed nightly"), Some("Cucumber"))
    );
    assert!(job["jobModifyDate"].as_i64() > job["jobCrationDate"].as_i64());
    assert_eq!(job["status"], "completed", "the run history stays");

    input["id"] = json!(9999);
    let (status, body) = s
        .post(&format!("{AUTOMATION}/update-execute-job"), input.clone())
        .await;
    assert_eq!(
        (status, body["errorMsg"].as_str()),
        (StatusCode::BAD_REQUEST, Some("job 9999 does not exist"))
    );
    input.as_object_mut().unwrap().remove("id");
    let (status, body) = s
        .post(&format!("{AUTOMATION}/update-execute-job"), input)
        .await;
    assert_eq!(
        (status, body),
        (
            StatusCode::BAD_REQUEST,
            error("id to load is required for loading", "143z05")
        )
    );
}

#[tokio::test]
async fn delete_jobs_all_or_nothing() {
    let s = sim().await;
    let path = "automation/job/delete";
    let (status, body) = s.post(path, json!({"ids": [4100, 9999]})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["errorMsg"].as_str().unwrap().contains("9999"));
    assert!(
        s.jobs(1, 10).await.iter().any(|j| j["id"] == 4100),
        "nothing deleted on a refusal"
    );
    let (status, body) = s.post(path, json!({"ids": [4100, 4101]})).await;
    assert_eq!((status, body), (StatusCode::OK, json!(true)));
    let left = s.jobs(1, 10).await;
    assert!(left.iter().all(|j| j["id"] != 4100 && j["id"] != 4101));
    let (status, _) = s
        .get(&format!(
            "{AUTOMATION}/schedule/get-latest-job-progress?jobid=4100"
        ))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = s.post(path, json!({"ids": []})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn run_two_jobs_get_one_run_each() {
    let s = sim().await;
    let (status, runs) = s
        .post(
            &format!("{AUTOMATION}/execute-job"),
            json!({"ids": [4100, 4104]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{runs}");
    let runs = runs.as_array().unwrap();
    assert_eq!(runs.len(), 2);
    for (run, job) in runs.iter().zip([4100, 4104]) {
        assert_eq!(
            (run["jobId"].as_u64(), run["status"].as_str()),
            (Some(job), Some("new"))
        );
        assert!(run["id"].as_u64().unwrap() >= 1000 && run["jobScheduleDate"].is_i64());
        let progress = s.progress(job).await;
        assert_eq!(progress["id"], run["id"], "progress follows the newest run");
    }
    assert_ne!(runs[0]["id"], runs[1]["id"]);
}

#[tokio::test]
async fn run_three_jobs_see_the_unknown_and_the_running_one_refused_and_nothing_scheduled() {
    let s = sim().await;
    let before = s.progress(4100).await;
    let (status, body) = s
        .post(
            &format!("{AUTOMATION}/execute-job"),
            json!({"ids": [4100, 9999, 4102]}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body["errorMsg"],
        "job 9999 does not exist; job 4102 is already running"
    );
    assert_eq!(
        s.progress(4100).await["id"],
        before["id"],
        "the valid job was not scheduled either"
    );
    let (status, _) = s
        .post(
            &format!("{AUTOMATION}/execute-job"),
            json!({"ids": [4100, 4100]}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "an id listed twice is refused"
    );
    let (status, _) = s
        .post(&format!("{AUTOMATION}/execute-job"), json!({"ids": []}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn list_needs_both_ids_with_exact_case_and_a_matching_release() {
    let s = sim().await;
    let list = |q: &str| format!("{AUTOMATION}/file-upload-job/list?{q}");
    let missing_release = error("release id cannot be null.", "143z04");
    for q in [
        "projectId=1",
        "projectId=1&releaseid=10",
        "projectId=1&releaseId=",
    ] {
        assert_eq!(
            s.get(&list(q)).await,
            (StatusCode::BAD_REQUEST, missing_release.clone()),
            "{q}"
        );
    }
    let cases = [
        ("releaseId=10", "project id cannot be null."),
        ("projectId=99&releaseId=10", "project 99 does not exist"),
        ("projectId=1&releaseId=99", "release 99 does not exist"),
        (
            "projectId=1&releaseId=20",
            "release 20 does not belong to project 1",
        ),
        (
            "projectId=1&releaseId=ten",
            "releaseId must be a number, got 'ten'",
        ),
    ];
    for (q, msg) in cases {
        let (status, body) = s.get(&list(q)).await;
        assert_eq!(
            (status, body["errorMsg"].as_str()),
            (StatusCode::BAD_REQUEST, Some(msg)),
            "{q}"
        );
    }
    let other = s.jobs(2, 20).await;
    assert!(other
        .iter()
        .any(|j| j["jobName"] == "Android Espresso → JUnit"));
}

#[tokio::test]
async fn progress_and_detail_need_jobid_spelt_exactly() {
    let s = sim().await;
    let missing = error("id to load is required for loading", "143z05");
    for path in [
        format!("{AUTOMATION}/schedule/get-latest-job-progress"),
        format!("{AUTOMATION}/schedule/get-latest-job-progress?jobId=4100"),
        "automation/job/detail".to_string(),
        "automation/job/detail?JOBID=4100".to_string(),
    ] {
        assert_eq!(
            s.get(&path).await,
            (StatusCode::BAD_REQUEST, missing.clone()),
            "{path}"
        );
    }
    let (status, body) = s
        .get(&format!(
            "{AUTOMATION}/schedule/get-latest-job-progress?jobid=9999"
        ))
        .await;
    assert_eq!(
        (status, body["errorMsg"].as_str()),
        (StatusCode::BAD_REQUEST, Some("job 9999 does not exist"))
    );
    let (status, _) = s.get("automation/job/detail?jobid=9999").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        s.progress(4104).await,
        json!({"jobId": 4104, "status": "new"}),
        "a job that never ran"
    );
}

#[tokio::test]
async fn progress_of_a_seeded_job_has_the_contract_shape() {
    let s = sim().await;
    let p = s.progress(4102).await;
    for field in [
        "id",
        "jobId",
        "status",
        "jobScheduleDate",
        "startTime",
        "endTime",
        "completedSteps",
        "totalSteps",
        "stepLabel",
        "stepMessage",
        "summaryMessage",
        "cycleId",
    ] {
        assert!(p.get(field).is_some(), "{field} missing in {p}");
    }
    assert_eq!(p["status"], "in-progress");
    assert!(p["stepMessage"].as_str().unwrap().ends_with("test cases"));
    let total = p["totalSteps"].as_u64().unwrap();
    assert!((3..=6).contains(&total) && p["completedSteps"].as_u64().unwrap() < total);
    let failed = s.progress(4101).await;
    assert!(failed["summaryMessage"].as_str().unwrap().len() > 10 && failed["endTime"].is_i64());
}
