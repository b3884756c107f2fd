//! Reading request inputs the way the real server words its refusals: JSON bodies, the
//! case-sensitive query parameters, numeric path segments.

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use serde_json::error::Category;

use crate::error::{ApiError, ApiResult};

pub type QueryMap = HashMap<String, String>;

pub fn parse_json<T: DeserializeOwned>(body: &[u8], what: &str) -> ApiResult<T> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad_request(format!(
            "The request body is empty; expected {what} as JSON"
        )));
    }
    serde_json::from_slice(body).map_err(|e| match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => {
            ApiError::bad_request(format!("Malformed JSON in {what}: {e}"))
        }
        Category::Data => ApiError::bad_request(format!("Invalid {what}: {e}")),
    })
}

/// A numeric query parameter; `None` when absent or empty (the caller picks the error).
pub fn query_id(query: &QueryMap, name: &str) -> ApiResult<Option<u64>> {
    match query.get(name).map(|v| v.trim()) {
        None | Some("") => Ok(None),
        Some(v) => number(v, name).map(Some),
    }
}

pub fn number(text: &str, name: &str) -> ApiResult<u64> {
    text.parse()
        .map_err(|_| ApiError::bad_request(format!("{name} must be a number, got '{text}'")))
}
