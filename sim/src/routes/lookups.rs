//! The look-ups behind the job form's pickers (contract section 3).

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};

use super::params::number;
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::model::{Member, Release};
use crate::state::AppState;

pub async fn current_user(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
) -> ApiResult<Response> {
    let store = state.store();
    let user = store
        .user(caller.user_id)
        .ok_or_else(|| ApiError::bad_request("the token's user no longer exists"))?;
    Ok(Json(user).into_response())
}

pub async fn projects(State(state): State<AppState>) -> Response {
    Json(&state.store().projects).into_response()
}

pub async fn releases(
    State(state): State<AppState>,
    Path(project): Path<String>,
) -> ApiResult<Response> {
    let project = number(&project, "project id")?;
    let store = state.store();
    store.project(project)?;
    let releases: Vec<&Release> = store
        .releases
        .iter()
        .filter(|r| r.project_id == project)
        .collect();
    Ok(Json(releases).into_response())
}

pub async fn cycles(
    State(state): State<AppState>,
    Path(release): Path<String>,
) -> ApiResult<Response> {
    let release = number(&release, "release id")?;
    let store = state.store();
    store.release(release)?;
    let cycles: Vec<_> = store
        .cycles
        .iter()
        .filter(|c| c.release_id == release)
        .collect();
    Ok(Json(cycles).into_response())
}

pub async fn folders(
    State(state): State<AppState>,
    Path(release): Path<String>,
) -> ApiResult<Response> {
    let release = number(&release, "release id")?;
    let store = state.store();
    store.release(release)?;
    let roots: Vec<_> = store
        .folders
        .iter()
        .filter(|f| f.release_id == release)
        .collect();
    Ok(Json(roots).into_response())
}

/// Project members; "Anyone" (-10) is not among them: the UI adds it, as with the real server.
pub async fn members(
    State(state): State<AppState>,
    Path(project): Path<String>,
) -> ApiResult<Response> {
    let project = number(&project, "project id")?;
    let store = state.store();
    store.project(project)?;
    let members: Vec<Member<'_>> = store
        .members
        .iter()
        .filter(|(p, _)| *p == project)
        .filter_map(|(_, u)| store.user(*u))
        .map(|u| Member {
            id: u.id,
            username: &u.username,
            first_name: &u.first_name,
            last_name: &u.last_name,
        })
        .collect();
    Ok(Json(members).into_response())
}
