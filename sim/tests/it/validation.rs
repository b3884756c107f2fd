//! Contract section 4: every bad job input is a 400 naming the problem, and writes nothing.

use reqwest::StatusCode;
use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn each_bad_job_input_is_refused_with_a_specific_message_and_nothing_is_written() {
    let s = sim().await;
    let before = s.job_count().await;
    let with = |field: &str, value: serde_json::Value| {
        let mut input = job_input("Valid name");
        input[field] = value;
        input
    };
    let cases = [
        (
            with("jobName", json!("   ")),
            "jobName is required and cannot be blank",
        ),
        (with("projectId", json!(99)), "project 99 does not exist"),
        (with("releaseId", json!(99)), "release 99 does not exist"),
        (
            with("releaseId", json!(20)),
            "release 20 does not belong to project 1",
        ),
        (
            with("cycleName", json!("")),
            "cycleName is required and cannot be blank",
        ),
        (
            with("cycleStartDateStr", json!("04/02/2025")),
            "cycle start date 04/02/2025 is after end date 03/31/2025",
        ),
        (
            with("cycleEndDateStr", json!("2025-03-31")),
            "cycleEndDateStr '2025-03-31' is not a date in MM/dd/yyyy form",
        ),
        (
            with("cycleEndDateStr", json!("02/30/2025")),
            "cycleEndDateStr '02/30/2025' is not a date in MM/dd/yyyy form",
        ),
    ];
    for path in ["create-job-detail", "update-execute-job"] {
        for (input, msg) in &cases {
            let mut input = input.clone();
            input["id"] = json!(4100);
            let (status, body) = s.post(&format!("{AUTOMATION}/{path}"), input).await;
            assert_eq!(
                (status, body["errorMsg"].as_str()),
                (StatusCode::BAD_REQUEST, Some(*msg)),
                "{path}"
            );
            assert_eq!(body["errorCode"], "Bad Request");
        }
    }
    let (status, body) = s
        .post(
            &format!("{AUTOMATION}/create-job-detail"),
            with("automationFramework", json!("Robot Framework")),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let msg = body["errorMsg"].as_str().unwrap();
    assert!(
        msg.starts_with("unknown automationFramework 'Robot Framework'")
            && msg.contains("SoapUI PRO"),
        "{msg}"
    );

    let mut no_release = job_input("x");
    no_release.as_object_mut().unwrap().remove("releaseId");
    let (status, body) = s
        .post(&format!("{AUTOMATION}/create-job-detail"), no_release)
        .await;
    assert_eq!(
        (status, body),
        (
            StatusCode::BAD_REQUEST,
            error("release id cannot be null.", "143z04")
        )
    );

    assert_eq!(
        s.job_count().await,
        before,
        "no refused request created a job"
    );
    let (_, unchanged) = s.get("automation/job/detail?jobid=4100").await;
    assert_eq!(
        unchanged["jobName"], "Nightly API regression",
        "no refused update changed the job"
    );
}

#[tokio::test]
async fn broken_json_bodies_are_400_not_a_crash() {
    let s = sim().await;
    for path in ["create-job-detail", "execute-job", "update-execute-job"] {
        let (status, body) = s
            .post_raw(&format!("{AUTOMATION}/{path}"), "{\"jobName\": \"x\",")
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
        assert!(
            body["errorMsg"]
                .as_str()
                .unwrap()
                .starts_with("Malformed JSON"),
            "{body}"
        );
        let (status, body) = s.post_raw(&format!("{AUTOMATION}/{path}"), "").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body["errorMsg"].as_str().unwrap().contains("empty"));
    }
    let (status, body) = s
        .post_raw(
            &format!("{AUTOMATION}/create-job-detail"),
            r#"{"jobName":"x","projectId":"one"}"#,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body["errorMsg"]
            .as_str()
            .unwrap()
            .starts_with("Invalid job details"),
        "{body}"
    );
    let (status, _) = s.post_raw("automation/job/delete", "[1,2]").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}
