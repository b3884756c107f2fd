//! The automation-job operations of contract section 2, except the multipart one (`upload.rs`).

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};

use super::params::{number, parse_json, query_id, QueryMap};
use crate::auth::Caller;
use crate::dates::now_ms;
use crate::error::{ApiError, ApiResult};
use crate::job_list::list_json;
use crate::model::{Ids, JobInput};
use crate::state::AppState;
use crate::validate::validate;

/// The username a new job records as its creator.
pub fn username(state: &AppState, caller: Caller) -> String {
    state
        .store()
        .user(caller.user_id)
        .map_or_else(|| "unknown".into(), |u| u.username.clone())
}

pub async fn create_job(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    body: Bytes,
) -> ApiResult<Response> {
    let input: JobInput = parse_json(&body, "job details")?;
    let author = username(&state, caller);
    let now = now_ms();
    let mut store = state.store();
    let spec = validate(input, &store)?;
    let id = store.create_job(spec, &author, now);
    let job = store.job(id)?;
    Ok(Json(store.job_view(id, job, now)).into_response())
}

pub async fn update(State(state): State<AppState>, body: Bytes) -> ApiResult<Response> {
    let input: JobInput = parse_json(&body, "job details")?;
    let id = input.id.ok_or_else(ApiError::missing_job_id)?;
    let now = now_ms();
    let mut store = state.store();
    store.job(id)?;
    let spec = validate(input, &store)?;
    store.update_job(id, spec, now)?;
    let job = store.job(id)?;
    Ok(Json(store.job_view(id, job, now)).into_response())
}

/// See `Store::execute` for which ids are refused; a refusal schedules nothing.
pub async fn execute(State(state): State<AppState>, body: Bytes) -> ApiResult<Response> {
    let ids: Ids = parse_json(&body, "job ids")?;
    let runs = state
        .store()
        .execute(&ids.ids.unwrap_or_default(), now_ms())?;
    Ok(Json(runs).into_response())
}

pub async fn progress(
    State(state): State<AppState>,
    Query(query): Query<QueryMap>,
) -> ApiResult<Response> {
    let id = query_id(&query, "jobid")?.ok_or_else(ApiError::missing_job_id)?;
    let progress = state.store().progress(id, now_ms())?;
    Ok(Json(progress).into_response())
}

/// Cancels a run (the schedule id from execute-job), not a job.
pub async fn cancel(
    State(state): State<AppState>,
    Path(schedule_id): Path<String>,
) -> ApiResult<Json<bool>> {
    let id = number(&schedule_id, "schedule id")?;
    state.store().cancel(id, now_ms())?;
    Ok(Json(true))
}

pub async fn detail(
    State(state): State<AppState>,
    Query(query): Query<QueryMap>,
) -> ApiResult<Response> {
    let id = query_id(&query, "jobid")?.ok_or_else(ApiError::missing_job_id)?;
    let store = state.store();
    let job = store.job(id)?;
    Ok(Json(store.job_view(id, job, now_ms())).into_response())
}

pub async fn list(
    State(state): State<AppState>,
    Query(query): Query<QueryMap>,
) -> ApiResult<Response> {
    let release = query_id(&query, "releaseId")?.ok_or_else(ApiError::missing_release_id)?;
    let project = query_id(&query, "projectId")?
        .ok_or_else(|| ApiError::bad_request("project id cannot be null."))?;
    let body = list_json(&state.store(), project, release, now_ms())?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// Deletes every listed job, or none when any id is unknown.
pub async fn delete(State(state): State<AppState>, body: Bytes) -> ApiResult<Json<bool>> {
    let ids: Ids = parse_json(&body, "job ids")?;
    state.store().delete_jobs(&ids.ids.unwrap_or_default())?;
    Ok(Json(true))
}
