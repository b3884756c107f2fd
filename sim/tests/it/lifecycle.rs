//! Runs on the clock: new -> Waiting -> in-progress -> completed/failed, cancel, and the seed.

use reqwest::StatusCode;
use serde_json::json;
use zephyr_sim::SimConfig;

use crate::common::*;

#[tokio::test]
async fn a_run_walks_through_every_state_to_the_end_and_the_job_follows() {
    let s = sim().await;
    let (_, runs) = s
        .post(&format!("{AUTOMATION}/execute-job"), json!({"ids": [4104]}))
        .await;
    let run = &runs[0];
    let (end, seen) = s.run_to_end(4104).await;
    let order = ["new", "Waiting", "in-progress", "completed", "failed"];
    let positions: Vec<usize> = seen
        .iter()
        .map(|st| order.iter().position(|o| o == st).expect("known status"))
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "statuses only move forward: {seen:?}"
    );
    assert!(seen.contains(&"in-progress".to_string()), "{seen:?}");
    assert_eq!(end["id"], run["id"]);
    let total = end["totalSteps"].as_u64().unwrap();
    assert!((3..=6).contains(&total));
    assert!(
        end["startTime"].as_i64() >= end["jobScheduleDate"].as_i64()
            && end["endTime"].as_i64() > end["startTime"].as_i64()
    );
    assert!(end["summaryMessage"].is_string());
    if end["status"] == "completed" {
        assert_eq!(end["completedSteps"].as_u64(), Some(total));
    } else {
        assert!(end["completedSteps"].as_u64().unwrap() < total);
    }
    let job = s
        .jobs(1, 10)
        .await
        .into_iter()
        .find(|j| j["id"] == 4104)
        .unwrap();
    assert_eq!(
        (job["status"].clone(), job["jobScheduleDate"].clone()),
        (end["status"].clone(), run["jobScheduleDate"].clone())
    );
}

#[tokio::test]
async fn a_running_job_cannot_run_again_until_it_ends() {
    let s = sim().await;
    let execute = format!("{AUTOMATION}/execute-job");
    let (status, _) = s.post(&execute, json!({"ids": [4100]})).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = s.post(&execute, json!({"ids": [4100]})).await;
    assert_eq!(
        (status, body["errorMsg"].as_str()),
        (StatusCode::BAD_REQUEST, Some("job 4100 is already running"))
    );
    s.run_to_end(4100).await;
    let (status, _) = s.post(&execute, json!({"ids": [4100]})).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn cancel_a_run_then_cancelling_again_or_after_the_end_is_refused() {
    let s = sim_with(SimConfig {
        speed: 2.0,
        ..SimConfig::default()
    })
    .await;
    let (_, runs) = s
        .post(&format!("{AUTOMATION}/execute-job"), json!({"ids": [4100]}))
        .await;
    let run_id = runs[0]["id"].as_u64().unwrap();
    let cancel = |id: u64| format!("{AUTOMATION}/cancel/{id}");
    let (status, body) = s.post(&cancel(run_id), json!(null)).await;
    assert_eq!((status, body), (StatusCode::OK, json!(true)));
    let p = s.progress(4100).await;
    assert_eq!(
        (p["status"].as_str(), p["id"].as_u64()),
        (Some("cancelled"), Some(run_id))
    );
    assert!(p["endTime"].is_i64());
    let (status, body) = s.post(&cancel(run_id), json!(null)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["errorMsg"]
        .as_str()
        .unwrap()
        .contains("already finished (cancelled)"));
    assert_eq!(
        s.jobs(1, 10)
            .await
            .iter()
            .find(|j| j["id"] == 4100)
            .unwrap()["status"],
        "cancelled"
    );

    // The seeded in-progress and Waiting runs stay put until someone cancels them.
    for job in [4102, 4103, 4107] {
        let run = s.progress(job).await["id"].as_u64().unwrap();
        assert_eq!(s.post(&cancel(run), json!(null)).await.0, StatusCode::OK);
        assert_eq!(s.progress(job).await["status"], "cancelled");
    }
    let finished = s.progress(4101).await["id"].as_u64().unwrap();
    let (status, body) = s.post(&cancel(finished), json!(null)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["errorMsg"]
        .as_str()
        .unwrap()
        .contains("already finished (failed)"));
    let (status, body) = s.post(&cancel(4101), json!(null)).await;
    assert_eq!(
        (status, body["errorMsg"].as_str()),
        (
            StatusCode::BAD_REQUEST,
            Some("schedule 4101 does not exist")
        ),
        "a job id is not a run id"
    );
    assert_eq!(
        s.post(&format!("{AUTOMATION}/cancel/abc"), json!(null))
            .await
            .0,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn a_run_cancelled_after_it_ended_stays_ended() {
    let s = sim().await;
    let (_, runs) = s
        .post(&format!("{AUTOMATION}/execute-job"), json!({"ids": [4106]}))
        .await;
    let (end, _) = s.run_to_end(4106).await;
    let (status, body) = s
        .post(
            &format!("{AUTOMATION}/cancel/{}", runs[0]["id"]),
            json!(null),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["errorCode"].is_string());
    assert_eq!(s.progress(4106).await["status"], end["status"]);
}

#[tokio::test]
async fn the_same_seed_gives_the_same_data_and_outcomes() {
    async fn outcome(seed: u64) -> (Vec<(String, String)>, String, u64) {
        let s = sim_with(SimConfig {
            speed: 30.0,
            seed,
            extra_jobs: 40,
            ..SimConfig::default()
        })
        .await;
        let jobs = s
            .jobs(1, 10)
            .await
            .iter()
            .map(|j| {
                (
                    j["jobName"].as_str().unwrap().to_string(),
                    j["status"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        s.post(&format!("{AUTOMATION}/execute-job"), json!({"ids": [4104]}))
            .await;
        let (end, _) = s.run_to_end(4104).await;
        (
            jobs,
            end["status"].as_str().unwrap().to_string(),
            end["totalSteps"].as_u64().unwrap(),
        )
    }
    let (a, b, other) = tokio::join!(outcome(7), outcome(7), outcome(8));
    assert_eq!(a, b);
    assert_ne!(a.0, other.0, "another seed generates other jobs");
}
