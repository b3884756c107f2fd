//! Export: the filtered, sorted list (every page, not the visible 50) downloaded through the
//! browser as CSV and JSON, parsed, and matched row for row with what the list shows; names
//! built to break a spreadsheet come out quoted and defused.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{json, Value};
use zephyr_sim::SimConfig;

use crate::support::{eventually, sim_config, App, FULL_TOKEN};

/// Names a spreadsheet would run or split; each ends in `#` so the list's search finds them.
const HOSTILE: [&str; 8] = [
    "=cmd|' /C calc'!A0 #",
    "@SUM(A1:A9) #",
    "+1 and -1 #",
    "-2 degrees #",
    "\tleading tab #",
    "He said \"hi\", twice #",
    "rocket \u{1f680} launch #",
    "\u{202e}RTL override\u{202c} and \u{200f}mark #",
];

async fn create_job(app: &App, name: &str) {
    let response = reqwest::Client::new()
        .post(app.url("/flex/services/rest/v4/upload-file/automation/create-job-detail"))
        .bearer_auth(FULL_TOKEN)
        .json(&json!({
            "jobName": name,
            "projectId": 1,
            "releaseId": 10,
            "automationFramework": "JUnit",
            "cycleName": "Nightly Automation",
            "assignResultsTo": -10,
        }))
        .send()
        .await
        .expect("the simulator answers");
    assert!(response.status().is_success(), "created {name:?}");
}

/// The ids the list at `path` shows on every page, in order, page after page.
async fn listed_ids(app: &App, path: &str) -> Vec<i64> {
    let mut ids = Vec::new();
    for page in 1.. {
        app.open(&format!("{path}&page={page}")).await;
        app.browser.wait_for(".jobs-table tbody tr").await;
        app.browser.wait_for_text(&format!("Page {page} of")).await;
        let shown = app.browser.text(".pager span").await;
        let rows: Vec<String> = serde_json::from_value(
            app.browser
                .eval("return [...document.querySelectorAll('.jobs-table tbody tr')].map(r => r.dataset.jobId)")
                .await,
        )
        .unwrap();
        ids.extend(rows.iter().map(|id| id.parse::<i64>().unwrap()));
        if shown.ends_with(&format!("of {page}")) {
            break;
        }
    }
    ids
}

/// Lets downloads land in `dir`, without asking.
async fn download_into(app: &App, dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    app.browser
        .cdp(
            "Browser.setDownloadBehavior",
            json!({ "behavior": "allow", "downloadPath": dir.to_str().unwrap() }),
        )
        .await;
}

/// The one finished file in `dir` ending in `extension`, with its bytes. Chromium reserves the
/// file's name with an empty file, writes to a `.crdownload` beside it and renames that over
/// the name at the end: the file is finished when no `.crdownload` is left and it has bytes.
async fn downloaded(dir: &Path, extension: &str) -> (PathBuf, Vec<u8>) {
    eventually(
        Duration::from_secs(15),
        "the file was downloaded",
        async || {
            let entries: Vec<PathBuf> = std::fs::read_dir(dir)
                .map_err(|e| e.to_string())?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .collect();
            if entries
                .iter()
                .any(|p| p.extension().is_some_and(|x| x == "crdownload"))
            {
                return Err(format!("still downloading: {entries:?}"));
            }
            let found: Vec<&PathBuf> = entries
                .iter()
                .filter(|p| p.extension().is_some_and(|x| x == extension))
                .collect();
            let [one] = found.as_slice() else {
                return Err(format!("{found:?}"));
            };
            let bytes = std::fs::read(one).map_err(|e| e.to_string())?;
            if bytes.is_empty() {
                return Err(format!("{one:?} is still empty"));
            }
            Ok(((*one).clone(), bytes))
        },
    )
    .await
}

fn export_config() -> SimConfig {
    SimConfig {
        extra_jobs: 70,
        ..sim_config()
    }
}

#[tokio::test]
async fn export_downloads_the_whole_filtered_sorted_list_as_csv_and_json() {
    let app = App::start_with(export_config()).await;
    for name in HOSTILE {
        create_job(&app, name).await;
    }
    app.sign_in(FULL_TOKEN).await;
    let dir = std::env::temp_dir().join(format!("zj-export-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    download_into(&app, &dir).await;

    // Filtered (search "#": the 70 generated jobs and the hostile ones), sorted by name
    // descending: two pages.
    let list = "/jobs?project=1&release=10&q=%23&sort=name&dir=desc";
    let listed = listed_ids(&app, list).await;
    assert_eq!(listed.len(), 70 + HOSTILE.len(), "{listed:?}");
    // Exported from the first page: every page goes into the file.
    app.open(list).await;
    app.browser.wait_for_text("Page 1 of 2").await;
    let today = app
        .browser
        .eval("return new Date().toISOString().slice(0, 10)")
        .await;
    let today = today.as_str().unwrap();

    app.browser
        .click(".export-actions button:first-child")
        .await;
    let (csv_path, bytes) = downloaded(&dir, "csv").await;
    assert_eq!(
        csv_path.file_name().unwrap().to_str().unwrap(),
        format!("payments-platform_release-3.2_jobs_{today}.csv")
    );
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "a UTF-8 byte-order mark"
    );
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.ends_with("\r\n"), "the last line ends too");
    assert_eq!(
        text.matches('\n').count(),
        text.matches("\r\n").count(),
        "CRLF line ends"
    );
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        &header[..7],
        [
            "ID",
            "Name",
            "Framework",
            "Cycle",
            "Last status",
            "Last run",
            "Created by"
        ]
    );
    assert!(header.contains(&"Created".to_string()) && header.contains(&"Modified".to_string()));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let csv_ids: Vec<i64> = rows.iter().map(|r| r[0].parse().unwrap()).collect();
    assert_eq!(csv_ids, listed, "the list's rows, in its order, every page");
    for name in HOSTILE {
        let row = rows
            .iter()
            .find(|r| r[1].trim_start_matches('\'') == name)
            .unwrap_or_else(|| panic!("{name:?} exported"));
        let defused = name.starts_with(['=', '+', '-', '@', '\t', '\r']);
        assert_eq!(
            &row[1],
            if defused {
                format!("'{name}")
            } else {
                name.to_string()
            },
            "{name:?}"
        );
        assert_eq!(&row[3], "Nightly Automation");
    }
    let created = &rows[0][header.iter().position(|h| h == "Created").unwrap()];
    assert!(
        created.is_empty() || (created.len() == 20 && created.ends_with('Z')),
        "ISO 8601 UTC: {created}"
    );

    app.browser.click(".export-actions button:last-child").await;
    let (json_path, bytes) = downloaded(&dir, "json").await;
    assert_eq!(
        json_path.file_name().unwrap().to_str().unwrap(),
        format!("payments-platform_release-3.2_jobs_{today}.json")
    );
    let parsed: Value = serde_json::from_slice(&bytes).unwrap();
    let objects = parsed.as_array().expect("an array of jobs");
    let json_ids: Vec<i64> = objects.iter().map(|o| o["id"].as_i64().unwrap()).collect();
    assert_eq!(json_ids, listed);
    for name in HOSTILE {
        let job = objects
            .iter()
            .find(|o| o["name"] == name)
            .unwrap_or_else(|| panic!("{name:?} verbatim in JSON"));
        for key in [
            "framework",
            "cycle",
            "status",
            "lastRun",
            "createdBy",
            "createdAt",
            "modifiedAt",
            "projectId",
            "releaseId",
        ] {
            assert!(job.get(key).is_some(), "{key} in {job}");
        }
    }
    assert_eq!(
        objects[0].as_object().unwrap().len(),
        header.len(),
        "the same fields as the CSV"
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert!(app.browser.console_errors().await.is_empty());
}
