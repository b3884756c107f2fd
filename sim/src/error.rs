//! The one error type of the API: an HTTP status plus the contract's `{errorMsg, errorCode}` body.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiError {
    #[serde(skip)]
    pub status: StatusCode,
    pub error_msg: String,
    pub error_code: String,
}

impl ApiError {
    pub fn new(status: StatusCode, msg: impl Into<String>, code: impl Into<String>) -> Self {
        ApiError {
            status,
            error_msg: msg.into(),
            error_code: code.into(),
        }
    }

    /// A 400 for a rule this simulator chose; its code is the generic one real servers also send.
    pub fn bad_request(msg: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, msg, "Bad Request")
    }

    /// The confirmed live answer when `jobid` (or an update's `id`) is missing.
    pub fn missing_job_id() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "id to load is required for loading",
            "143z05",
        )
    }

    /// The confirmed live answer when `releaseId` is missing.
    pub fn missing_release_id() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "release id cannot be null.",
            "143z04",
        )
    }

    pub fn not_found(msg: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, msg, "Not Found")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(&self)).into_response()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
