//! Create-and-execute: a multipart result file plus job details, with its size limit.

use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::*;

const JUNIT: &str = r#"<?xml version="1.0"?><testsuite name="checkout" tests="3">
<testcase classname="Checkout" name="pays"/><testcase classname="Checkout" name="refunds"/>
<testcase classname="Checkout" name="voids"><failure message="boom"/></testcase></testsuite>"#;

async fn upload(s: &Sim, form: Form) -> (StatusCode, Value) {
    let response = s
        .http
        .post(s.api(&format!("{AUTOMATION}/create-and-execute-job")))
        .bearer_auth(FULL)
        .multipart(form)
        .send()
        .await
        .expect("response");
    (
        response.status(),
        response.json().await.unwrap_or(Value::Null),
    )
}

fn file(bytes: Vec<u8>) -> Part {
    Part::bytes(bytes)
        .file_name("results.xml")
        .mime_str("application/xml")
        .unwrap()
}

#[tokio::test]
async fn upload_results_creates_a_job_and_runs_it() {
    let s = sim().await;
    let form = Form::new()
        .part("fileName", file(JUNIT.as_bytes().to_vec()))
        .text(
            "automationJobDetail",
            job_input("Uploaded checkout run").to_string(),
        );
    let (status, body) = upload(&s, form).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (job, run) = (&body["job"], &body["run"]);
    assert_eq!(job["jobName"], "Uploaded checkout run");
    assert_eq!(
        (run["jobId"].clone(), run["status"].as_str()),
        (job["id"].clone(), Some("new"))
    );
    assert_eq!(job["jobScheduleDate"], run["jobScheduleDate"]);
    // The run counts the file's three test cases while it works through them.
    let job_id = job["id"].as_u64().unwrap();
    let mut messages = Vec::new();
    let end = loop {
        let p = s.progress(job_id).await;
        if let Some(m) = p["stepMessage"].as_str() {
            messages.push(m.to_string());
        }
        if ["completed", "failed"].contains(&p["status"].as_str().unwrap()) {
            break p;
        }
        tokio::time::sleep(std::time::Duration::from_millis(15)).await;
    };
    assert!(
        messages.iter().all(|m| m.ends_with("of 3 test cases")),
        "{messages:?}"
    );
    assert!(!messages.is_empty(), "saw the run in progress");
    if end["status"] == "completed" {
        assert!(end["summaryMessage"]
            .as_str()
            .unwrap()
            .starts_with("3 test cases processed"));
    }
}

#[tokio::test]
async fn a_missing_part_or_bad_details_is_refused_and_creates_nothing() {
    let s = sim().await;
    let before = s.job_count().await;
    let details = || job_input("Upload").to_string();
    let cases: Vec<(Form, &str)> = vec![
        (Form::new().text("automationJobDetail", details()), "Missing multipart part 'fileName'"),
        (Form::new().part("fileName", file(JUNIT.into())), "Missing multipart part 'automationJobDetail'"),
        (Form::new().part("fileName", file(JUNIT.into())).text("automationJobDetail", "{oops"), "Malformed JSON"),
        (
            Form::new().part("fileName", file(JUNIT.into())).text("automationJobDetail", json!({"jobName": "x", "projectId": 1, "releaseId": 10, "automationFramework": "Nope", "cycleName": "c"}).to_string()),
            "unknown automationFramework 'Nope'",
        ),
        (Form::new().part("fileName", file(Vec::new())).text("automationJobDetail", details()), "The result file in part 'fileName' is empty"),
    ];
    for (form, msg) in cases {
        let (status, body) = upload(&s, form).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{msg}");
        assert!(
            body["errorMsg"].as_str().unwrap().starts_with(msg),
            "{body}"
        );
    }
    let response = s
        .http
        .post(s.api(&format!("{AUTOMATION}/create-and-execute-job")))
        .bearer_auth(FULL)
        .json(&job_input("x"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        StatusCode::BAD_REQUEST,
        "JSON instead of multipart"
    );
    assert_eq!(s.job_count().await, before);
}

#[tokio::test]
async fn a_result_file_over_25_mb_is_refused() {
    let s = sim().await;
    let before = s.job_count().await;
    let just_over = vec![b'x'; 25 * 1024 * 1024 + 1];
    let form = Form::new()
        .text("automationJobDetail", job_input("Too big").to_string())
        .part("fileName", file(just_over));
    let (status, body) = upload(&s, form).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body["errorMsg"],
        "The result file is too large: the limit is 25 MB (26214400 bytes)"
    );
    assert_eq!(s.job_count().await, before);

    let exactly = vec![b'x'; 25 * 1024 * 1024];
    let form = Form::new()
        .part("fileName", file(exactly))
        .text("automationJobDetail", job_input("Just fits").to_string());
    let (status, body) = upload(&s, form).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}
