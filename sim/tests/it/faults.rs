//! Fault injection: every kind, counts that expire, start-up rules and the control API.

use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use zephyr_sim::{FaultRule, SimConfig};

use crate::common::*;

impl Sim {
    async fn add_fault(&self, rule: Value) -> Value {
        let response = self
            .http
            .post(self.url("/__sim/faults"))
            .json(&rule)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.unwrap()
    }

    async fn raw_get(&self, path: &str) -> reqwest::Result<reqwest::Response> {
        self.http.get(self.api(path)).bearer_auth(FULL).send().await
    }
}

#[tokio::test]
async fn status_faults_answer_with_error_bodies_then_expire() {
    let s = sim().await;
    s.add_fault(json!({"path": "project/lite", "kind": "status", "status": 503, "count": 2}))
        .await;
    for _ in 0..2 {
        let (status, body) = s.get("project/lite").await;
        assert_eq!(
            (status, body["errorCode"].as_str()),
            (StatusCode::SERVICE_UNAVAILABLE, Some("Service Unavailable"))
        );
    }
    assert_eq!(
        s.get("project/lite").await.0,
        StatusCode::OK,
        "the rule expired after its count"
    );
    for code in [400u16, 401, 403, 404, 500] {
        s.add_fault(json!({"path": "user/current", "kind": "status", "status": code, "count": 1}))
            .await;
        let (status, body) = s.get("user/current").await;
        assert_eq!(status.as_u16(), code);
        assert!(body["errorMsg"]
            .as_str()
            .unwrap()
            .contains(&code.to_string()));
    }
}

#[tokio::test]
async fn too_many_requests_says_when_to_retry() {
    let s = sim().await;
    s.add_fault(json!({"path": "execute-job", "kind": "status", "status": 429, "retryAfter": 2, "count": 1})).await;
    let response = s
        .http
        .post(s.api(&format!("{AUTOMATION}/execute-job")))
        .bearer_auth(FULL)
        .json(&json!({"ids": [4104]}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(response.headers()["retry-after"], "2");
    assert_eq!(
        s.progress(4104).await["status"],
        "new",
        "the refused request scheduled nothing"
    );
}

#[tokio::test]
async fn latency_delays_then_answers_normally() {
    let s = sim().await;
    s.add_fault(json!({"path": "project/lite", "kind": "latency", "latencyMs": 400, "count": 1}))
        .await;
    let started = Instant::now();
    let (status, _) = s.get("project/lite").await;
    assert_eq!(status, StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(400));
}

#[tokio::test]
async fn malformed_html_and_empty_bodies_come_with_status_200() {
    let s = sim().await;
    let path = "release/project/1";
    s.add_fault(json!({"path": path, "kind": "malformed", "count": 1}))
        .await;
    let response = s.raw_get(path).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.unwrap();
    assert_eq!(text, "{\"id\": 12,");
    assert!(serde_json::from_str::<Value>(&text).is_err());

    s.add_fault(json!({"path": path, "kind": "html", "count": 1}))
        .await;
    let response = s.raw_get(path).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(response.text().await.unwrap().contains("<form"));

    s.add_fault(json!({"path": path, "kind": "empty", "count": 1}))
        .await;
    let response = s.raw_get(path).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.text().await.unwrap(), "");
    assert_eq!(s.get(path).await.0, StatusCode::OK);
}

#[tokio::test]
async fn a_dropped_connection_is_a_network_error_not_a_response() {
    let s = sim().await;
    s.add_fault(json!({"path": "project/lite", "kind": "drop", "count": 1}))
        .await;
    let error = s
        .raw_get("project/lite")
        .await
        .expect_err("no response at all");
    assert!(!error.is_status() && !error.is_timeout(), "{error:?}");
    assert_eq!(
        s.get("project/lite").await.0,
        StatusCode::OK,
        "the next request is answered"
    );
    let log: Value = s
        .http
        .get(s.url("/__sim/requests"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(log[0]["status"], 0, "the log shows the dropped request");
}

#[tokio::test]
async fn rules_from_start_up_specs_apply_and_the_list_shows_what_is_left() {
    let faults: Vec<FaultRule> = ["lite:status:500:2", "user/current:drop"]
        .iter()
        .map(|s| s.parse().unwrap())
        .collect();
    let s = sim_with(SimConfig {
        faults,
        ..SimConfig::default()
    })
    .await;
    assert_eq!(
        s.get("project/lite").await.0,
        StatusCode::INTERNAL_SERVER_ERROR
    );
    let rules: Value = s
        .http
        .get(s.url("/__sim/faults"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (rules[0]["count"].as_u64(), rules[1]["count"].clone()),
        (Some(1), Value::Null)
    );
    assert!(s.raw_get("user/current").await.is_err());
    assert_eq!(
        s.http
            .delete(s.url("/__sim/faults"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(s.get("project/lite").await.0, StatusCode::OK);
    assert_eq!(s.get("user/current").await.0, StatusCode::OK);
}

#[tokio::test]
async fn the_control_api_is_never_faulted_and_refuses_bad_rules() {
    let s = sim().await;
    s.add_fault(json!({"path": "", "kind": "status", "status": 500}))
        .await;
    assert_eq!(
        s.get("project/lite").await.0,
        StatusCode::INTERNAL_SERVER_ERROR,
        "empty path matches everything"
    );
    let (status, rules) = s
        .send(Method::GET, &s.url("/__sim/faults"), None, None)
        .await;
    assert_eq!(
        (status, rules.as_array().unwrap().len()),
        (StatusCode::OK, 1)
    );
    for bad in [
        json!({"kind": "explode"}),
        json!({"kind": "status", "status": 42}),
        json!({"kind": "drop", "count": 0}),
    ] {
        let (status, body) = s
            .send(Method::POST, &s.url("/__sim/faults"), None, Some(&bad))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(body["errorMsg"].is_string());
    }
}

#[tokio::test]
async fn job_id_rules_refuse_only_the_named_jobs_and_keep_the_body_for_the_others() {
    let s = sim().await;
    s.add_fault(json!({"path": "execute-job", "kind": "status", "status": 500, "jobIds": [4101]}))
        .await;
    let before = s.progress(4101).await;
    let (status, _) = s
        .post(
            &format!("{AUTOMATION}/execute-job"),
            json!({ "ids": [4101] }),
        )
        .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    let (status, runs) = s
        .post(
            &format!("{AUTOMATION}/execute-job"),
            json!({ "ids": [4104] }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "another job passes: {runs}");
    assert!(
        runs.to_string().contains("4104"),
        "its body was read whole: {runs}"
    );
    assert_eq!(
        s.progress(4101).await,
        before,
        "the refused one did not run"
    );
}
