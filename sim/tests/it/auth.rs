//! Tokens: none or unknown is 401, the read-only token reads freely and gets 403 on every write.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn no_token_or_an_unknown_one_is_401_with_an_error_body() {
    let s = sim().await;
    let url = s.api("project/lite");
    for token in [None, Some("0000000000000000000000000000000000000000")] {
        let (status, body) = s.send(Method::GET, &url, token, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(body["errorCode"], "Unauthorized");
        assert!(body["errorMsg"].as_str().unwrap().len() > 10);
    }
    let response = s
        .http
        .get(&url)
        .header("authorization", "Basic abc")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let (status, _) = s
        .send(
            Method::POST,
            &s.api(&format!("{AUTOMATION}/execute-job")),
            None,
            Some(&json!({"ids": [4100]})),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn read_only_token_reads_but_every_write_is_403_and_changes_nothing() {
    let s = sim().await;
    let reads = [
        "user/current",
        "project/lite",
        "release/project/1",
        &format!("{AUTOMATION}/file-upload-job/list?projectId=1&releaseId=10"),
    ];
    for path in reads {
        let (status, _) = s
            .send(Method::GET, &s.api(path), Some(READ_ONLY), None)
            .await;
        assert_eq!(status, StatusCode::OK, "{path}");
    }
    let before = s.jobs(1, 10).await;
    let writes = [
        (
            format!("{AUTOMATION}/create-job-detail"),
            job_input("viewer job"),
        ),
        (format!("{AUTOMATION}/execute-job"), json!({"ids": [4100]})),
        (
            format!("{AUTOMATION}/update-execute-job"),
            json!({"id": 4100, "jobName": "x"}),
        ),
        (format!("{AUTOMATION}/cancel/1008"), json!(null)),
        ("automation/job/delete".to_string(), json!({"ids": [4100]})),
        (format!("{AUTOMATION}/create-and-execute-job"), json!(null)),
    ];
    for (path, body) in &writes {
        let (status, err) = s
            .send(Method::POST, &s.api(path), Some(READ_ONLY), Some(body))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        assert_eq!(err["errorCode"], "Forbidden");
        assert!(err["errorMsg"]
            .as_str()
            .unwrap()
            .starts_with("You do not have permission"));
    }
    assert_eq!(s.jobs(1, 10).await, before);
    assert_eq!(
        s.progress(4102).await["status"],
        "in-progress",
        "the cancel was refused"
    );
}
