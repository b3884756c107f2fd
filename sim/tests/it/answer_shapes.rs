//! `--answer-shapes`: the writes are done as always and answered in the other shapes the contract
//! allows, or garbled; reads and refusals are never touched.

use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;
use serde_json::{json, Value};
use zephyr_sim::{AnswerShapes, SimConfig, GARBLED_BODY};

use crate::common::*;

async fn sim_answering(shapes: AnswerShapes) -> Sim {
    sim_with(SimConfig {
        speed: 30.0,
        answer_shapes: shapes,
        ..SimConfig::default()
    })
    .await
}

/// Create-and-execute with a one-test-case result file; the raw answer text.
async fn create_and_execute(s: &Sim, name: &str) -> (StatusCode, String) {
    let file = Part::bytes(b"<testsuite><testcase name=\"a\"/></testsuite>".to_vec())
        .file_name("results.xml")
        .mime_str("application/xml")
        .unwrap();
    let form = Form::new()
        .part("fileName", file)
        .text("automationJobDetail", job_input(name).to_string());
    let response = s
        .http
        .post(s.api(&format!("{AUTOMATION}/create-and-execute-job")))
        .bearer_auth(FULL)
        .multipart(form)
        .send()
        .await
        .expect("response");
    (response.status(), response.text().await.expect("body"))
}

fn named<'a>(jobs: &'a [Value], name: &str) -> Vec<&'a Value> {
    jobs.iter().filter(|j| j["jobName"] == name).collect()
}

#[tokio::test]
async fn alternate_answers_a_bare_run_wrapped_runs_true_and_an_empty_body() {
    let s = sim_answering(AnswerShapes::Alternate).await;
    let (status, one) = s
        .post(
            &format!("{AUTOMATION}/execute-job"),
            json!({ "ids": [4100] }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one["jobId"], 4100, "one id: the run object itself: {one}");
    assert!(one["id"].is_number());

    let (_, many) = s
        .post(
            &format!("{AUTOMATION}/execute-job"),
            json!({ "ids": [4106, 4108] }),
        )
        .await;
    let results = many["results"].as_array().expect("wrapped runs");
    assert_eq!(results.len(), 2, "{many}");

    let (status, text) = create_and_execute(&s, "Alternate upload").await;
    assert_eq!(status, StatusCode::OK);
    let run: Value = serde_json::from_str(&text).unwrap();
    let keys: Vec<_> = run.as_object().unwrap().keys().cloned().collect();
    assert_eq!(keys, ["id", "jobId"], "only the run's ids: {run}");
    let jobs = s.jobs(1, 10).await;
    let made = named(&jobs, "Alternate upload");
    assert_eq!(made.len(), 1, "the job was created once");
    assert_eq!(made[0]["id"], run["jobId"]);

    let mut update = job_input("Alternate renamed");
    update["id"] = json!(4106);
    let (_, saved) = s
        .post(&format!("{AUTOMATION}/update-execute-job"), update)
        .await;
    assert_eq!(saved, json!(true));
    let (_, job) = s.get("automation/job/detail?jobid=4106").await;
    assert_eq!(job["jobName"], "Alternate renamed", "the update was done");

    let (status, deleted) = s
        .post("automation/job/delete", json!({ "ids": [4106] }))
        .await;
    assert_eq!(
        (status, deleted),
        (StatusCode::OK, Value::String(String::new()))
    );
    assert!(named(&s.jobs(1, 10).await, "Alternate renamed").is_empty());
}

#[tokio::test]
async fn minimal_answers_only_ids() {
    let s = sim_answering(AnswerShapes::Minimal).await;
    let (_, created) = s
        .post(
            &format!("{AUTOMATION}/create-job-detail"),
            job_input("Minimal job"),
        )
        .await;
    let id = created["id"].clone();
    assert_eq!(created, json!({ "id": id }));

    let (_, runs) = s
        .post(
            &format!("{AUTOMATION}/execute-job"),
            json!({ "ids": [4100, id] }),
        )
        .await;
    let runs = runs.as_array().expect("a bare array");
    assert_eq!(runs.len(), 2);
    assert!(
        runs.iter().all(|r| r.as_object().unwrap().len() == 2),
        "{runs:?}"
    );

    let (_, text) = create_and_execute(&s, "Minimal upload").await;
    let listed: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");
    assert!(listed[0]["jobId"].is_number());

    let mut update = job_input("Minimal renamed");
    update["id"] = id.clone();
    let (_, saved) = s
        .post(&format!("{AUTOMATION}/update-execute-job"), update)
        .await;
    assert_eq!(
        saved["jobName"], "Minimal renamed",
        "update answers the job"
    );

    let (_, deleted) = s
        .post("automation/job/delete", json!({ "ids": [id] }))
        .await;
    assert_eq!(deleted, json!([id]), "delete answers the ids");
}

#[tokio::test]
async fn garbled_answers_are_unreadable_but_the_writes_are_done() {
    let s = sim_answering(AnswerShapes::Garbled).await;
    let before = s.jobs(1, 10).await.len();
    let (status, created) = s
        .post_raw(
            &format!("{AUTOMATION}/create-job-detail"),
            &job_input("Garbled").to_string(),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(created, Value::Null, "not JSON");
    assert_eq!(s.jobs(1, 10).await.len(), before + 1, "the job exists");

    let (status, text) = create_and_execute(&s, "Garbled upload").await;
    assert_eq!((status, text.as_str()), (StatusCode::OK, GARBLED_BODY));
    assert_eq!(named(&s.jobs(1, 10).await, "Garbled upload").len(), 1);

    let (_, answer) = s
        .post(
            &format!("{AUTOMATION}/execute-job"),
            json!({ "ids": [4100] }),
        )
        .await;
    assert_eq!(answer, Value::String(GARBLED_BODY.into()));
    let progress = s.progress(4100).await;
    assert_ne!(
        progress["status"], "completed",
        "a new run started: {progress}"
    );
}

#[tokio::test]
async fn refusals_and_reads_keep_their_shape() {
    let s = sim_answering(AnswerShapes::Garbled).await;
    let (status, body) = s
        .post(
            &format!("{AUTOMATION}/execute-job"),
            json!({ "ids": [9999] }),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body["errorMsg"].as_str().unwrap().contains("9999"),
        "{body}"
    );
    let (status, job) = s.get("automation/job/detail?jobid=4100").await;
    assert_eq!((status, job["id"].clone()), (StatusCode::OK, json!(4100)));
}
