//! Many jobs (`--jobs 10000`), hostile names (`--hostile-names`) and odd values (`--odd-values`).

use std::time::Instant;

use reqwest::StatusCode;
use serde_json::Value;
use zephyr_sim::SimConfig;

use crate::common::*;

#[tokio::test]
async fn ten_thousand_extra_jobs_start_fast_and_list_fast() {
    let started = Instant::now();
    let s = sim_with(SimConfig {
        extra_jobs: 10_000,
        ..SimConfig::default()
    })
    .await;
    let startup = started.elapsed();
    eprintln!("startup with 10,000 extra jobs: {startup:?}");
    assert!(startup.as_secs_f64() < 2.0, "{startup:?}");

    let url = s.api(&format!(
        "{AUTOMATION}/file-upload-job/list?projectId=1&releaseId=10"
    ));
    s.http
        .get(&url)
        .bearer_auth(FULL)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let started = Instant::now();
    let response = s.http.get(&url).bearer_auth(FULL).send().await.unwrap();
    let body = response.bytes().await.unwrap();
    let elapsed = started.elapsed();
    eprintln!("list of 10,000+ jobs: {elapsed:?}, {} bytes", body.len());
    assert!(elapsed.as_secs_f64() < 1.0, "{elapsed:?}");
    let jobs: Vec<Value> = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        jobs.len(),
        10_000 + 9,
        "nine seeded jobs live in release 10"
    );
    assert!(jobs.iter().any(|j| j["id"] == 14_999));
    let statuses = ["new", "completed", "failed"];
    for status in statuses {
        assert!(
            jobs.iter()
                .filter(|j| j["id"].as_u64() >= Some(5000))
                .any(|j| j["status"] == status),
            "{status}"
        );
    }
}

#[tokio::test]
async fn hostile_names_reach_jobs_cycles_phases_folders_and_users() {
    let s = sim_with(SimConfig {
        hostile_names: true,
        ..SimConfig::default()
    })
    .await;
    let expected = [
        "<img src=x onerror=alert(1)>",
        "\"><script>alert(2)</script>",
        "javascript:alert(3)",
        "Invoice \u{202E}fdp.exe",
    ];
    let jobs = s.jobs(1, 10).await;
    let (_, cycles) = s.get("cycle/release/10").await;
    let (_, folders) = s.get("testcasetree/phases/10").await;
    let (_, users) = s.get("user/project/1").await;
    let text = [Value::Array(jobs.clone()), cycles.clone(), folders, users].map(|v| v.to_string());
    for name in expected {
        let encoded = serde_json::to_string(name).unwrap();
        let encoded = &encoded[1..encoded.len() - 1];
        for (what, body) in ["jobs", "cycles and phases", "folders", "users"]
            .iter()
            .zip(&text)
        {
            assert!(body.contains(encoded), "{name} missing from {what}");
        }
    }
    let long = jobs
        .iter()
        .find(|j| j["jobName"].as_str().unwrap().chars().count() == 10_000);
    assert!(long.is_some(), "a 10,000-character job name");
    assert!(cycles
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["cyclePhases"][0]["name"]
            .as_str()
            .unwrap()
            .chars()
            .count()
            == 10_000));
    let (status, job) = s.get("automation/job/detail?jobid=4150").await;
    assert_eq!(
        (status, job["jobName"].as_str()),
        (StatusCode::OK, Some(expected[0]))
    );
    // The list is written by a faster path than the single job; both must say the same.
    for listed in &jobs {
        let (_, detail) = s
            .get(&format!("automation/job/detail?jobid={}", listed["id"]))
            .await;
        assert_eq!(&detail, listed);
    }
}

#[tokio::test]
async fn odd_values_reach_the_list_the_job_and_its_progress_and_leave_the_rest_alone() {
    let s = sim_with(SimConfig {
        odd_values: true,
        ..SimConfig::default()
    })
    .await;
    let jobs = s.jobs(1, 10).await;
    let job = |id: u64| jobs.iter().find(|j| j["id"] == id).expect("odd job listed");
    assert_eq!(job(4160)["jobName"], "");
    assert_eq!(job(4160)["status"], "Paused");
    assert_eq!(job(4160)["jobModifyDate"], i64::MAX);
    assert_eq!(job(4161)["jobCrationDate"], i64::MIN);
    assert_eq!(
        job(4161)["jobName"].as_str().unwrap().chars().count(),
        10_000
    );
    assert_eq!(job(4162)["status"], "ÉCHOUÉ");
    assert_eq!(job(4164)["jobModifyDate"], "12/31/10000");
    assert_eq!(
        job(4100)["status"],
        "completed",
        "seeded jobs keep their values"
    );

    let (status, detail) = s.get("automation/job/detail?jobid=4160").await;
    assert_eq!((status, &detail), (StatusCode::OK, job(4160)));
    let progress = s.progress(4162).await;
    assert_eq!(progress["completedSteps"], u32::MAX);
    assert_eq!(progress["endTime"], i64::MIN);
    assert!(progress["id"].as_u64().is_some(), "a real run behind it");
    assert_eq!(s.progress(4100).await["status"], "completed");

    // The odd jobs are real jobs: they run again (their stored runs have ended).
    let (status, runs) = s
        .post(
            &format!("{AUTOMATION}/execute-job"),
            serde_json::json!({ "ids": [4163] }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{runs}");
}
