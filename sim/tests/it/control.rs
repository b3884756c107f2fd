//! The request log (never holding a token), data reset, and the thread-hosted simulator.

use std::io::{Read, Write};
use std::net::TcpStream;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use zephyr_sim::SimConfig;

use crate::common::*;

#[tokio::test]
async fn the_request_log_shows_what_was_asked_and_never_a_token() {
    let s = sim().await;
    s.get("project/lite").await;
    s.send(Method::GET, &s.api("user/current"), None, None)
        .await;
    s.post(&format!("{AUTOMATION}/execute-job"), json!({"ids": [4104]}))
        .await;
    // A careless client puts the token in the query string; the log must not repeat it.
    s.get(&format!(
        "{AUTOMATION}/file-upload-job/list?projectId=1&releaseId=10&token={FULL}"
    ))
    .await;
    let response = s.http.get(s.url("/__sim/requests")).send().await.unwrap();
    let text = response.text().await.unwrap();
    assert!(!text.contains(FULL) && !text.contains(READ_ONLY), "{text}");
    let log: Value = serde_json::from_str(&text).unwrap();
    let entries = log.as_array().unwrap();
    assert_eq!(entries.len(), 4, "control requests are not logged: {log}");
    assert_eq!(entries[0]["method"], "GET");
    assert_eq!(entries[0]["path"], "/flex/services/rest/v4/project/lite");
    assert_eq!(
        (
            entries[0]["status"].as_u64(),
            entries[0]["tokenSent"].as_bool()
        ),
        (Some(200), Some(true))
    );
    assert_eq!(
        (
            entries[1]["status"].as_u64(),
            entries[1]["tokenSent"].as_bool()
        ),
        (Some(401), Some(false))
    );
    assert_eq!(entries[2]["method"], "POST");
    assert_eq!(entries[2]["query"], Value::Null);
    assert!(entries[3]["query"]
        .as_str()
        .unwrap()
        .starts_with("projectId=1&releaseId=10"));
    assert!(entries[3]["atMs"].as_i64().unwrap() >= entries[0]["atMs"].as_i64().unwrap());

    assert_eq!(
        s.http
            .delete(s.url("/__sim/requests"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NO_CONTENT
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
    assert_eq!(log, json!([]));
}

#[tokio::test]
async fn reset_brings_back_the_seeded_data() {
    let s = sim().await;
    s.post("automation/job/delete", json!({"ids": [4100]}))
        .await;
    s.post(
        &format!("{AUTOMATION}/create-job-detail"),
        job_input("temporary"),
    )
    .await;
    let response = s.http.post(s.url("/__sim/reset")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let jobs = s.jobs(1, 10).await;
    assert!(jobs.iter().any(|j| j["id"] == 4100));
    assert!(jobs.iter().all(|j| j["jobName"] != "temporary"));
    assert_eq!(s.progress(4102).await["status"], "in-progress");
}

#[tokio::test]
async fn unknown_api_and_control_paths_are_json_404s() {
    let s = sim().await;
    for path in ["/flex/services/rest/v4/nothing/here", "/__sim/nothing", "/"] {
        let (status, body) = s.send(Method::GET, &s.url(path), Some(FULL), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(body["errorCode"], "Not Found");
    }
}

/// For callers without an async runtime: a plain HTTP request over a std socket.
#[test]
fn a_simulator_in_its_own_thread_serves_and_stops_on_drop() {
    let sim = zephyr_sim::start_in_thread(SimConfig {
        port: 0,
        quiet: true,
        ..SimConfig::default()
    })
    .unwrap();
    let addr = sim.addr;
    assert_eq!(sim.url(), format!("http://127.0.0.1:{}", addr.port()));
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .write_all(b"GET /flex/services/rest/v3/project/lite HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    drop(sim);
    assert!(
        TcpStream::connect(addr).is_err(),
        "the port is closed after drop"
    );
}
