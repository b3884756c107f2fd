//! The test-control API under `/__sim/`: fault rules, the request log and a data reset.
//! Loopback peers only, since it can make the simulator misbehave for everyone.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};

use crate::error::{ApiError, ApiResult};
use crate::faults::FaultRule;
use crate::state::{lock, AppState};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/__sim/faults",
            get(list_faults).post(add_fault).delete(clear_faults),
        )
        .route("/__sim/requests", get(list_requests).delete(clear_requests))
        .route("/__sim/reset", post(reset))
        .route_layer(middleware::from_fn(loopback_only))
}

async fn loopback_only(req: Request, next: Next) -> Response {
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>();
    if peer.is_some_and(|ConnectInfo(addr)| addr.ip().is_loopback()) {
        next.run(req).await
    } else {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "The control API answers loopback clients only",
            "Forbidden",
        )
        .into_response()
    }
}

async fn list_faults(State(state): State<AppState>) -> Json<Vec<FaultRule>> {
    Json(lock(&state.faults).clone())
}

/// Adds a rule after the existing ones (the first matching rule wins) and lists them all.
async fn add_fault(
    State(state): State<AppState>,
    body: axum::body::Bytes,
) -> ApiResult<Json<Vec<FaultRule>>> {
    let rule: FaultRule = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request(format!("Invalid fault rule: {e}")))?;
    rule.check().map_err(ApiError::bad_request)?;
    let mut faults = lock(&state.faults);
    faults.push(rule);
    Ok(Json(faults.clone()))
}

async fn clear_faults(State(state): State<AppState>) -> StatusCode {
    lock(&state.faults).clear();
    StatusCode::NO_CONTENT
}

async fn list_requests(State(state): State<AppState>) -> Response {
    Json(&*lock(&state.requests)).into_response()
}

async fn clear_requests(State(state): State<AppState>) -> StatusCode {
    lock(&state.requests).clear();
    StatusCode::NO_CONTENT
}

async fn reset(State(state): State<AppState>) -> StatusCode {
    state.reset();
    StatusCode::NO_CONTENT
}
