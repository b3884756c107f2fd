//! Shared helpers: start a quiet simulator on a free port and talk to it as the app would.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::Value;
use zephyr_sim::{RunningSim, SimConfig, DEFAULT_FULL_TOKEN, DEFAULT_READONLY_TOKEN};

pub const FULL: &str = DEFAULT_FULL_TOKEN;
pub const READ_ONLY: &str = DEFAULT_READONLY_TOKEN;
pub const AUTOMATION: &str = "upload-file/automation";

pub struct Sim {
    pub sim: RunningSim,
    pub http: reqwest::Client,
}

/// A quiet simulator with a fast clock (a whole run in about a second).
pub async fn sim() -> Sim {
    sim_with(SimConfig {
        speed: 30.0,
        ..SimConfig::default()
    })
    .await
}

pub async fn sim_with(config: SimConfig) -> Sim {
    let config = SimConfig {
        port: 0,
        quiet: true,
        ..config
    };
    let sim = zephyr_sim::start(config).await.expect("simulator starts");
    Sim {
        sim,
        http: client(),
    }
}

/// Loopback only: never let an environment proxy see this traffic.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client")
}

impl Sim {
    /// The URL of an API path under the `v4` version segment.
    pub fn api(&self, path: &str) -> String {
        self.api_at("v4", path)
    }

    pub fn api_at(&self, version: &str, path: &str) -> String {
        format!("{}/flex/services/rest/{version}/{path}", self.sim.url())
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.sim.url())
    }

    pub async fn send(
        &self,
        method: Method,
        url: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> (StatusCode, Value) {
        let mut request = self.http.request(method, url);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await.expect("response");
        let status = response.status();
        let text = response.text().await.expect("body");
        let json = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, json)
    }

    /// GET an API path with the full-rights token.
    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.send(Method::GET, &self.api(path), Some(FULL), None)
            .await
    }

    /// POST JSON to an API path with the full-rights token.
    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(Method::POST, &self.api(path), Some(FULL), Some(&body))
            .await
    }

    /// POST a raw (possibly broken) body with the full-rights token.
    pub async fn post_raw(&self, path: &str, body: &str) -> (StatusCode, Value) {
        let response = self
            .http
            .post(self.api(path))
            .bearer_auth(FULL)
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .expect("response");
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub async fn jobs(&self, project: u64, release: u64) -> Vec<Value> {
        let (status, body) = self
            .get(&format!(
                "{AUTOMATION}/file-upload-job/list?projectId={project}&releaseId={release}"
            ))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body.as_array().expect("a list").clone()
    }

    pub async fn progress(&self, job: u64) -> Value {
        let (status, body) = self
            .get(&format!(
                "{AUTOMATION}/schedule/get-latest-job-progress?jobid={job}"
            ))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body
    }

    pub async fn job_count(&self) -> usize {
        let mut n = 0;
        for (p, r) in [(1, 10), (1, 11), (2, 20), (2, 21), (3, 30)] {
            n += self.jobs(p, r).await.len();
        }
        n
    }

    /// Polls a job's progress until its status is terminal, collecting every status seen.
    pub async fn run_to_end(&self, job: u64) -> (Value, Vec<String>) {
        let mut seen: Vec<String> = Vec::new();
        for _ in 0..400 {
            let progress = self.progress(job).await;
            let status = progress["status"].as_str().unwrap().to_string();
            if seen.last() != Some(&status) {
                seen.push(status.clone());
            }
            if ["completed", "failed", "cancelled"].contains(&status.as_str()) {
                return (progress, seen);
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("job {job} never finished; saw {seen:?}");
    }
}

/// A valid `JobInput` for project 1, release 10.
pub fn job_input(name: &str) -> Value {
    serde_json::json!({
        "jobName": name,
        "jobDescription": "created by a test",
        "projectId": 1,
        "releaseId": 10,
        "automationFramework": "JUnit",
        "cycleName": "Nightly Automation",
        "isReuse": true,
        "timeStamp": false,
        "cycleStartDateStr": "03/01/2025",
        "cycleEndDateStr": "03/31/2025",
        "phaseName": "API",
        "jobDetailTcrCatalogTreeId": 801,
        "testRepositoryPath": "Release 3.2 > Automation_Scripts",
        "createPackage": false,
        "assignResultsTo": -10,
        "environment": "staging"
    })
}

pub fn error(msg: &str, code: &str) -> Value {
    serde_json::json!({ "errorMsg": msg, "errorCode": code })
}
