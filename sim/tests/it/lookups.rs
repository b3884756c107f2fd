//! The form's pickers: who am I, projects, releases, cycles with phases, folders, users.

use reqwest::StatusCode;
use serde_json::Value;

use crate::common::*;

#[tokio::test]
async fn each_token_knows_who_it_belongs_to() {
    let s = sim().await;
    let (status, me) = s.get("user/current").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (me["id"].as_u64(), me["username"].as_str()),
        (Some(1), Some("dana.whitfield"))
    );
    assert!(me["email"].as_str().unwrap().contains('@'));
    let (_, viewer) = s
        .send(
            reqwest::Method::GET,
            &s.api("user/current"),
            Some(READ_ONLY),
            None,
        )
        .await;
    assert_eq!(viewer["firstName"], "Priya");
}

#[tokio::test]
async fn picking_project_release_cycle_phase_and_folder() {
    let s = sim().await;
    let (_, projects) = s.get("project/lite").await;
    let names: Vec<&str> = projects
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Payments Platform", "Mobile Banking", "Data Lake & ETL"]
    );

    let (_, releases) = s.get("release/project/1").await;
    let releases = releases.as_array().unwrap();
    assert!(releases.iter().all(|r| r["projectId"] == 1));
    let pseudo: Vec<&Value> = releases
        .iter()
        .filter(|r| r["projectRelease"] == true)
        .collect();
    assert_eq!(pseudo.len(), 1, "one hidden pseudo-release per project");
    let first = releases
        .iter()
        .find(|r| r["projectRelease"] == false)
        .unwrap();
    assert_eq!(
        (first["id"].as_u64(), first["name"].as_str()),
        (Some(10), Some("Release 3.2"))
    );
    assert!(first["startDate"].is_i64() && first["releaseStartDate"].as_str().unwrap().len() == 10);

    let (_, cycles) = s.get("cycle/release/10").await;
    let cycle = &cycles[0];
    assert_eq!(cycle["releaseId"], 10);
    let phase = &cycle["cyclePhases"][0];
    assert_eq!(phase["cycleId"], cycle["id"]);

    let (_, folders) = s.get("testcasetree/phases/10").await;
    let root = &folders[0];
    assert_eq!(
        (root["name"].as_str(), root["type"].as_str()),
        (Some("Release 3.2"), Some("Phase"))
    );
    assert_eq!(
        phase["tcrCatalogTreeId"], root["id"],
        "phases point at a real folder"
    );
    let child = &root["categories"][0];
    assert_eq!(
        (child["parentId"].clone(), child["name"].as_str()),
        (root["id"].clone(), Some("Automation_Scripts"))
    );
    assert_eq!(
        child["categories"][0]["name"], "Checkout",
        "folders nest more than one level"
    );
}

#[tokio::test]
async fn project_users_include_rtl_and_emoji_names_but_not_anyone() {
    let s = sim().await;
    let (status, users) = s.get("user/project/1").await;
    assert_eq!(status, StatusCode::OK);
    let users = users.as_array().unwrap();
    let names: Vec<String> = users
        .iter()
        .map(|u| {
            format!(
                "{} {}",
                u["firstName"].as_str().unwrap(),
                u["lastName"].as_str().unwrap()
            )
        })
        .collect();
    assert!(names.contains(&"ليلى حداد".to_string()), "{names:?}");
    assert!(names.iter().any(|n| n.contains('🚀')));
    assert!(users
        .iter()
        .all(|u| u["id"] != -10 && u.get("email").is_none()));
}

#[tokio::test]
async fn unknown_or_malformed_ids_in_lookups_get_400() {
    let s = sim().await;
    for path in [
        "release/project/99",
        "cycle/release/99",
        "testcasetree/phases/99",
        "user/project/99",
        "release/project/abc",
    ] {
        let (status, body) = s.get(path).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
        assert!(
            body["errorMsg"].as_str().unwrap().contains("99") || path.ends_with("abc"),
            "{body}"
        );
    }
}

#[tokio::test]
async fn v3_v4_and_latest_answer_the_same() {
    let s = sim().await;
    let paths = [
        "project/lite",
        "cycle/release/10",
        "upload-file/automation/file-upload-job/list?projectId=1&releaseId=10",
        "automation/job/detail?jobid=4101",
        "upload-file/automation/schedule/get-latest-job-progress?jobid=4100",
    ];
    for path in paths {
        let mut answers = Vec::new();
        for version in ["v3", "v4", "latest"] {
            let (status, body) = s
                .send(
                    reqwest::Method::GET,
                    &s.api_at(version, path),
                    Some(FULL),
                    None,
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{version}/{path}");
            answers.push(body);
        }
        assert!(answers.windows(2).all(|w| w[0] == w[1]), "{path}");
    }
    let (status, _) = s
        .send(
            reqwest::Method::GET,
            &s.api_at("v9", "project/lite"),
            Some(FULL),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
