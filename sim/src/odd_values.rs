//! `--odd-values`: jobs 4160-4164 in project 1, release 10 carry values a real server may send and
//! an app must still show: dates past year 9999 (up to `i64::MAX`), before 1970 (down to
//! `i64::MIN`), zero, dates as unreadable strings, an empty and a 10,000-character name, statuses
//! no contract names ("Paused", "", "ÉCHOUÉ"), and step counts that make no sense (more done than
//! there are, `u32::MAX`, beyond `u32`, negative).
//!
//! The jobs and their runs live in the store as usual (so run, edit and delete work); the odd
//! dates, statuses and counts are written over the answers that carry these jobs, here, so the
//! simulator's own run clock never computes with them.

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};

use crate::dates::DAY_MS;
use crate::state::AppState;
use crate::store::Store;

/// The first odd job; the other four follow.
pub const ODD_JOB_BASE: u64 = 4160;

/// 10000-01-01T00:00:00Z, the first instant past what a four-digit year holds.
const YEAR_10000: i64 = 253_402_300_800_000;
/// 1900-01-01T00:00:00Z.
const YEAR_1900: i64 = -2_208_988_800_000;

/// The long name: 10,000 characters, recognisable by its start.
pub fn long_name() -> String {
    let start = "Odd values: a name of ten thousand characters ";
    let mut name = start.to_string();
    while name.chars().count() < 10_000 {
        name.push_str("and more ");
    }
    name.chars().take(10_000).collect()
}

/// (name, fields over the job, fields over its latest progress), in id order from 4160.
fn odd_jobs() -> Vec<(String, Value, Value)> {
    vec![
        (
            String::new(),
            json!({ "status": "Paused", "jobCrationDate": YEAR_10000, "jobModifyDate": i64::MAX, "jobScheduleDate": YEAR_10000 }),
            json!({ "status": "Paused", "jobScheduleDate": YEAR_10000, "startTime": i64::MAX, "endTime": null,
                    "completedSteps": 7, "totalSteps": 3, "stepLabel": "", "stepMessage": "" }),
        ),
        (
            long_name(),
            json!({ "status": "", "jobCrationDate": i64::MIN, "jobModifyDate": -1, "jobScheduleDate": 0 }),
            json!({ "status": "", "jobScheduleDate": 0, "startTime": null, "endTime": null,
                    "completedSteps": -3, "totalSteps": 1_000_000_000_000_000_i64 }),
        ),
        (
            "Statut inconnu \u{2014} ÉCHOUÉ".to_string(),
            json!({ "status": "ÉCHOUÉ", "jobCrationDate": YEAR_1900, "jobModifyDate": 0, "jobScheduleDate": -1 }),
            json!({ "status": "ÉCHOUÉ", "jobScheduleDate": i64::MIN, "startTime": YEAR_1900, "endTime": i64::MIN,
                    "completedSteps": u32::MAX, "totalSteps": u32::MAX, "stepLabel": "Étape \u{221e}",
                    "stepMessage": "x".repeat(10_000) }),
        ),
        (
            "Odd dates, failed run".to_string(),
            json!({ "status": "failed", "jobCrationDate": 0, "jobModifyDate": YEAR_1900, "jobScheduleDate": i64::MIN }),
            json!({ "status": "failed", "jobScheduleDate": i64::MIN, "startTime": i64::MAX, "endTime": i64::MAX,
                    "completedSteps": 99_999_999_999_i64, "totalSteps": 0, "stepLabel": null, "summaryMessage": "" }),
        ),
        (
            "Odd dates as text, completed run".to_string(),
            json!({ "status": "completed", "jobCrationDate": "99999999999999999999", "jobModifyDate": "12/31/10000",
                    "jobScheduleDate": format!("{YEAR_10000}") }),
            json!({ "status": "completed", "jobScheduleDate": -1, "startTime": -1, "endTime": YEAR_10000,
                    "completedSteps": 5, "totalSteps": 2, "summaryMessage": "0 test cases processed: 0 passed, -1 failed" }),
        ),
    ]
}

/// Adds the odd jobs (each with one finished run) to a seeded store, keeping ids stable.
pub fn seed(store: &mut Store, now: i64) {
    let next_free = store.next_job_id;
    store.next_job_id = ODD_JOB_BASE;
    for (name, _, _) in odd_jobs() {
        let spec = crate::seed_jobs::generated_spec(name, "JUnit", None);
        let id = store.create_job(spec, "dana.whitfield", now - DAY_MS);
        // An hour ago: over by now at any clock speed.
        store.schedule(id, now - DAY_MS / 24, None);
    }
    store.next_job_id = next_free.max(store.jobs.keys().next_back().map_or(0, |id| id + 1));
}

/// Writes the odd fields over every job and progress object of an answer that names an odd job.
fn patch(value: &mut Value, table: &[(String, Value, Value)]) {
    match value {
        Value::Array(items) => items.iter_mut().for_each(|v| patch(v, table)),
        Value::Object(object) => {
            let is_job = object.contains_key("jobName");
            let key = if is_job { "id" } else { "jobId" };
            let odd = object
                .get(key)
                .and_then(Value::as_u64)
                .and_then(|id| id.checked_sub(ODD_JOB_BASE))
                .and_then(|k| table.get(usize::try_from(k).ok()?));
            let Some((_, job_fields, progress_fields)) = odd else {
                return;
            };
            let is_progress = object.contains_key("completedSteps");
            let fields = match (is_job, is_progress) {
                (true, _) => job_fields,
                (false, true) => progress_fields,
                (false, false) => return,
            };
            if let Value::Object(fields) = fields {
                overwrite(object, fields);
            }
        }
        _ => {}
    }
}

fn overwrite(object: &mut Map<String, Value>, fields: &Map<String, Value>) {
    for (k, v) in fields {
        object.insert(k.clone(), v.clone());
    }
}

/// The middleware: a pass-through unless `--odd-values` is on and the answer is a job list, a
/// job or a job's progress.
pub async fn rewrite(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let carries_jobs = [
        "/file-upload-job/list",
        "/job/detail",
        "/get-latest-job-progress",
    ]
    .iter()
    .any(|p| path.ends_with(p));
    if !state.config.odd_values || !carries_jobs {
        return next.run(req).await;
    }
    let response = next.run(req).await;
    if !response.status().is_success() {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, usize::MAX).await else {
        return StatusCode::BAD_GATEWAY.into_response();
    };
    let Ok(mut json) = serde_json::from_slice::<Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    patch(&mut json, &odd_jobs());
    parts.headers.remove(header::CONTENT_LENGTH);
    let body = serde_json::to_vec(&json).unwrap_or_else(|_| bytes.to_vec());
    Response::from_parts(parts, Body::from(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_fields_land_on_odd_jobs_and_their_progress_only() {
        let table = odd_jobs();
        let mut list = json!([
            { "id": 4100, "jobName": "A", "status": "completed" },
            { "id": 4160, "jobName": "", "status": "completed", "jobCrationDate": 1 },
        ]);
        patch(&mut list, &table);
        assert_eq!(list[0]["status"], "completed");
        assert_eq!(list[1]["status"], "Paused");
        assert_eq!(list[1]["jobModifyDate"], i64::MAX);

        let mut progress =
            json!({ "id": 1, "jobId": 4162, "status": "completed", "completedSteps": 3 });
        patch(&mut progress, &table);
        assert_eq!(progress["status"], "ÉCHOUÉ");
        assert_eq!(progress["completedSteps"], u32::MAX);
        assert_eq!(progress["id"], 1, "the run id stays");

        let mut run = json!({ "id": 1, "jobId": 4162, "status": "new" });
        patch(&mut run, &table);
        assert_eq!(run["status"], "new", "execute-job's runs are left alone");
        assert_eq!(long_name().chars().count(), 10_000);
    }
}
