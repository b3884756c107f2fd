//! `--answer-shapes`: answers the writes in the other shapes the contract allows (section 5), so
//! the app can be tested against a server that did not make the simulator's [chosen] choices.
//! A layer around the write handlers: the handlers answer the contract's shape, this rewrites a
//! 2xx answer after the write was done. Faults are applied outside it and are never rewritten.

use std::str::FromStr;

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, Response};
use axum::middleware::Next;
use axum::response::IntoResponse;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::state::AppState;

/// Bodies of the writes are small JSON documents; this is far above any of them.
const MAX_ANSWER_BYTES: usize = 4 * 1024 * 1024;

/// A garbled 2xx answer: JSON cut short, as a broken proxy or a crashed serializer leaves it.
pub const GARBLED_BODY: &str = "{\"id\": 12, \"jobId\":";

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AnswerShapes {
    /// The shapes the contract's section 2 chose.
    #[default]
    Contract,
    /// execute-job: one id → the bare run, several → `{"results": [...]}`; create-and-execute →
    /// the bare run with only `id` and `jobId`; update → `true`; delete → an empty body.
    Alternate,
    /// create-job → only `{"id"}`; execute-job → a bare array of runs with only `id` and `jobId`;
    /// create-and-execute → such an array; update → the job; delete → the ids.
    Minimal,
    /// Every write's 2xx answer is JSON cut short (the write itself is done).
    Garbled,
}

impl FromStr for AnswerShapes {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "contract" => Ok(AnswerShapes::Contract),
            "alternate" => Ok(AnswerShapes::Alternate),
            "minimal" => Ok(AnswerShapes::Minimal),
            "garbled" => Ok(AnswerShapes::Garbled),
            other => Err(format!(
                "'{other}' is not one of contract, alternate, minimal, garbled"
            )),
        }
    }
}

/// Which write a path is.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Write {
    Create,
    Execute,
    CreateAndExecute,
    Update,
    Delete,
    Cancel,
}

fn write_of(method: &Method, path: &str) -> Option<Write> {
    if method != Method::POST {
        return None;
    }
    let checks = [
        ("/create-job-detail", Write::Create),
        ("/create-and-execute-job", Write::CreateAndExecute),
        ("/execute-job", Write::Execute),
        ("/update-execute-job", Write::Update),
        ("/automation/job/delete", Write::Delete),
        ("/automation/cancel/", Write::Cancel),
    ];
    checks
        .into_iter()
        .find(|(part, _)| path.contains(part))
        .map(|(_, write)| write)
}

/// Middleware: lets the handler do the write, then answers in the configured shape.
pub async fn reshape(State(state): State<AppState>, req: Request, next: Next) -> Response<Body> {
    let shapes = state.config.answer_shapes;
    let write = write_of(req.method(), req.uri().path());
    let (Some(write), false) = (write, shapes == AnswerShapes::Contract) else {
        return next.run(req).await;
    };
    // Only a delete's ids are needed from the request (the minimal shape answers them).
    let (req, sent_ids) = if write == Write::Delete && shapes == AnswerShapes::Minimal {
        let (parts, body) = req.into_parts();
        let bytes = to_bytes(body, MAX_ANSWER_BYTES).await.unwrap_or_default();
        let ids = serde_json::from_slice::<Value>(&bytes)
            .ok()
            .and_then(|v| v.get("ids").cloned())
            .unwrap_or(Value::Array(Vec::new()));
        (Request::from_parts(parts, Body::from(bytes)), ids)
    } else {
        (req, Value::Null)
    };
    let response = next.run(req).await;
    if !response.status().is_success() {
        return response;
    }
    let (parts, body) = response.into_parts();
    let bytes = to_bytes(body, MAX_ANSWER_BYTES).await.unwrap_or_default();
    let answer: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    let reshaped = match shapes {
        AnswerShapes::Garbled => Some(GARBLED_BODY.to_string()),
        _ => reshaped(shapes, write, &answer, sent_ids),
    };
    let Some(text) = reshaped else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let mut response = Response::from_parts(parts, Body::from(text));
    response.headers_mut().remove(header::CONTENT_LENGTH);
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response.into_response()
}

/// A run reduced to what a terse server sends: `id` and `jobId`.
fn bare(run: &Value) -> Value {
    json!({ "id": run["id"], "jobId": run["jobId"] })
}

/// The new body for `answer` (the contract's shape), or `None` to keep it.
fn reshaped(shapes: AnswerShapes, write: Write, answer: &Value, ids: Value) -> Option<String> {
    let runs = || answer.as_array().cloned().unwrap_or_default();
    let value = match (shapes, write) {
        (AnswerShapes::Alternate, Write::Execute) => match runs().as_slice() {
            [one] => one.clone(),
            many => json!({ "results": many }),
        },
        (AnswerShapes::Alternate, Write::CreateAndExecute) => bare(&answer["run"]),
        (AnswerShapes::Alternate, Write::Update) => json!(true),
        (AnswerShapes::Alternate, Write::Delete) => return Some(String::new()),
        (AnswerShapes::Minimal, Write::Create) => json!({ "id": answer["id"] }),
        (AnswerShapes::Minimal, Write::Execute) => runs().iter().map(bare).collect(),
        (AnswerShapes::Minimal, Write::CreateAndExecute) => json!([bare(&answer["run"])]),
        (AnswerShapes::Minimal, Write::Delete) => ids,
        _ => return None,
    };
    Some(value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_mode_names_parse_and_unknown_ones_are_refused() {
        assert_eq!("Alternate".parse(), Ok(AnswerShapes::Alternate));
        assert_eq!(" minimal ".parse(), Ok(AnswerShapes::Minimal));
        assert_eq!("garbled".parse(), Ok(AnswerShapes::Garbled));
        assert_eq!("contract".parse(), Ok(AnswerShapes::Contract));
        assert!("odd".parse::<AnswerShapes>().is_err());
    }

    #[test]
    fn writes_are_told_apart_by_path() {
        let post = Method::POST;
        let at = |p: &str| write_of(&post, &format!("/flex/services/rest/v4/{p}"));
        assert_eq!(
            at("upload-file/automation/create-and-execute-job"),
            Some(Write::CreateAndExecute)
        );
        assert_eq!(
            at("upload-file/automation/execute-job"),
            Some(Write::Execute)
        );
        assert_eq!(
            at("upload-file/automation/update-execute-job"),
            Some(Write::Update)
        );
        assert_eq!(at("automation/job/delete"), Some(Write::Delete));
        assert_eq!(at("upload-file/automation/cancel/12"), Some(Write::Cancel));
        assert_eq!(write_of(&Method::GET, "/x/automation/job/detail"), None);
    }
}
