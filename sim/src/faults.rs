//! Fault injection: rules that make requests whose path contains a substring misbehave the way
//! real networks, proxies and overloaded servers do, so the app's error handling can be tested.
//!
//! CLI spec (`--fault`), fields separated by `:`:
//!   `PATH:status:CODE[/RETRY_AFTER_SECS][:COUNT]`  e.g. `execute-job:status:429/2:1`
//!   `PATH:latency:MS[:COUNT]`                      e.g. `:latency:1500` (empty PATH = every path)
//!   `PATH:malformed|html|empty|drop[:COUNT]`       e.g. `job/list:html`
//! COUNT is how many matching requests the rule affects; without it the rule never expires.
//! Through the control API a rule may also name `jobIds`: it then matches only requests whose
//! JSON body is about one of those jobs (`id` of an update, any of `ids` of a run or delete), so
//! a test can fail some jobs of a batch and not the others.

use std::str::FromStr;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::state::{lock, AppState};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FaultKind {
    /// Answer with `status` (default 500) and an error body; `Retry-After` when `retryAfter` is set or on 429.
    Status,
    /// Wait `latencyMs` (default 3000), then answer normally.
    Latency,
    /// 200 with a truncated JSON body.
    Malformed,
    /// 200 with an SSO login page, as a proxy in front of an expired session answers.
    Html,
    /// 200 with no body at all.
    Empty,
    /// Close the connection without any answer.
    Drop,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FaultRule {
    /// Substring of the request path; empty matches every path.
    #[serde(default)]
    pub path: String,
    pub kind: FaultKind,
    #[serde(default)]
    pub status: Option<u16>,
    #[serde(default)]
    pub retry_after: Option<u64>,
    #[serde(default)]
    pub latency_ms: Option<u64>,
    /// Matching requests left before the rule expires; `None` = forever.
    #[serde(default)]
    pub count: Option<u32>,
    /// The `errorMsg` of a `status` fault's body (default "Injected fault: HTTP <status>"):
    /// lets a test show any server-written text, hostile or long.
    #[serde(default)]
    pub message: Option<String>,
    /// Only requests about these jobs (see the module's doc); `None` = any request.
    #[serde(default)]
    pub job_ids: Option<Vec<i64>>,
}

/// Marks a response the server must not send: the connection is closed instead.
#[derive(Debug, Clone, Copy)]
pub struct DropConnection;

impl FaultRule {
    pub fn check(&self) -> Result<(), String> {
        match self.status {
            Some(s) if !(200..=599).contains(&s) => {
                Err(format!("status {s} is not an HTTP status"))
            }
            _ if self.count == Some(0) => {
                Err("count must be at least 1 (or null for always)".into())
            }
            _ => Ok(()),
        }
    }
}

impl FromStr for FaultRule {
    type Err = String;

    fn from_str(spec: &str) -> Result<Self, String> {
        let fields: Vec<&str> = spec.split(':').collect();
        let (path, kind) = match fields.as_slice() {
            [path, kind, ..] => (path.to_string(), *kind),
            _ => return Err(format!("fault '{spec}' is not PATH:KIND[:PARAM][:COUNT]")),
        };
        let num = |s: &str| {
            s.parse::<u64>()
                .map_err(|_| format!("'{s}' in fault '{spec}' is not a number"))
        };
        let kind_enum = match kind {
            "status" => FaultKind::Status,
            "latency" => FaultKind::Latency,
            "malformed" => FaultKind::Malformed,
            "html" => FaultKind::Html,
            "empty" => FaultKind::Empty,
            "drop" => FaultKind::Drop,
            other => return Err(format!("unknown fault kind '{other}' in '{spec}'")),
        };
        let takes_param = matches!(kind_enum, FaultKind::Status | FaultKind::Latency);
        let rest = &fields[2..];
        let (param, count) = match (takes_param, rest) {
            (_, []) => (None, None),
            (true, [p]) => (Some(*p), None),
            (true, [p, c]) => (Some(*p), Some(*c)),
            (false, [c]) => (None, Some(*c)),
            _ => return Err(format!("too many fields in fault '{spec}'")),
        };
        let mut rule = FaultRule {
            path,
            kind: kind_enum,
            status: None,
            retry_after: None,
            latency_ms: None,
            count: None,
            message: None,
            job_ids: None,
        };
        match (kind_enum, param) {
            (FaultKind::Status, Some(p)) => {
                let (code, retry) = p.split_once('/').map_or((p, None), |(c, r)| (c, Some(r)));
                rule.status = Some(num(code)? as u16);
                rule.retry_after = retry.map(num).transpose()?;
            }
            (FaultKind::Latency, Some(p)) => rule.latency_ms = Some(num(p)?),
            _ => {}
        }
        rule.count = count.map(|c| num(c).map(|n| n as u32)).transpose()?;
        rule.check()?;
        Ok(rule)
    }
}

impl FaultRule {
    /// Whether the rule applies to a request for `path` about the jobs `ids` (from its body).
    fn matches(&self, path: &str, ids: &[i64]) -> bool {
        path.contains(&self.path)
            && self
                .job_ids
                .as_ref()
                .is_none_or(|wanted| ids.iter().any(|id| wanted.contains(id)))
    }
}

/// The jobs a write's JSON body is about: its `id` (an update) and its `ids` (run, delete).
fn body_job_ids(body: &[u8]) -> Vec<i64> {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return Vec::new();
    };
    let one = value.get("id").and_then(serde_json::Value::as_i64);
    let many = value
        .get("ids")
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(serde_json::Value::as_i64);
    one.into_iter().chain(many).collect()
}

/// The largest body read to find the jobs a request is about (a result upload is not JSON).
const ID_BODY_LIMIT: usize = 1 << 20;

/// Takes the first rule matching `path` and `ids`, using up one of its count.
fn take_matching(rules: &mut Vec<FaultRule>, path: &str, ids: &[i64]) -> Option<FaultRule> {
    let index = rules.iter().position(|r| r.matches(path, ids))?;
    let rule = rules[index].clone();
    match &mut rules[index].count {
        Some(1) => drop(rules.remove(index)),
        Some(n) => *n -= 1,
        None => {}
    }
    Some(rule)
}

/// Middleware: applies the first matching rule; control routes under `/__sim/` are never faulted.
pub async fn inject(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if path.starts_with("/__sim/") {
        return next.run(req).await;
    }
    // The body is read only when a rule asks which jobs the request is about.
    let wants_ids = lock(&state.faults)
        .iter()
        .any(|r| r.job_ids.is_some() && path.contains(&r.path));
    let (req, ids) = if wants_ids {
        let (parts, body) = req.into_parts();
        match axum::body::to_bytes(body, ID_BODY_LIMIT).await {
            Ok(bytes) => {
                let ids = body_job_ids(&bytes);
                (
                    Request::from_parts(parts, axum::body::Body::from(bytes)),
                    ids,
                )
            }
            Err(_) => return StatusCode::PAYLOAD_TOO_LARGE.into_response(),
        }
    } else {
        (req, Vec::new())
    };
    let Some(rule) = take_matching(&mut lock(&state.faults), &path, &ids) else {
        return next.run(req).await;
    };
    match rule.kind {
        FaultKind::Latency => {
            tokio::time::sleep(Duration::from_millis(rule.latency_ms.unwrap_or(3000))).await;
            next.run(req).await
        }
        FaultKind::Status => status_response(&rule),
        FaultKind::Malformed => body(
            header::HeaderValue::from_static("application/json"),
            "{\"id\": 12,",
        ),
        FaultKind::Html => body(
            HeaderValue::from_static("text/html; charset=utf-8"),
            SSO_PAGE,
        ),
        FaultKind::Empty => body(HeaderValue::from_static("application/json"), ""),
        FaultKind::Drop => {
            let mut response = StatusCode::BAD_GATEWAY.into_response();
            response.extensions_mut().insert(DropConnection);
            response
        }
    }
}

fn status_response(rule: &FaultRule) -> Response {
    let status = StatusCode::from_u16(rule.status.unwrap_or(500))
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let code = status.canonical_reason().unwrap_or("Error");
    let mut response = ApiError::new(
        status,
        rule.message
            .clone()
            .unwrap_or_else(|| format!("Injected fault: HTTP {}", status.as_u16())),
        code,
    )
    .into_response();
    let retry = rule
        .retry_after
        .or((status == StatusCode::TOO_MANY_REQUESTS).then_some(1));
    if let Some(secs) = retry {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    response
}

fn body(content_type: HeaderValue, text: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], text).into_response()
}

const SSO_PAGE: &str = "<!DOCTYPE html>\n<html><head><title>Sign in - Corporate SSO</title></head>\n\
<body><h1>Your session has expired</h1><form method=\"post\" action=\"/sso/login\">\n\
<label>User name <input name=\"username\"></label><label>Password <input name=\"password\" type=\"password\"></label>\n\
<button>Sign in</button></form></body></html>\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_cli_specs() {
        let r: FaultRule = "execute-job:status:429/2:1".parse().unwrap();
        assert_eq!(
            (r.kind, r.status, r.retry_after, r.count),
            (FaultKind::Status, Some(429), Some(2), Some(1))
        );
        let r: FaultRule = ":latency:1500".parse().unwrap();
        assert_eq!(
            (r.path.as_str(), r.latency_ms, r.count),
            ("", Some(1500), None)
        );
        let r: FaultRule = "job/list:drop:3".parse().unwrap();
        assert_eq!((r.kind, r.count), (FaultKind::Drop, Some(3)));
        assert!("x:boom".parse::<FaultRule>().is_err());
        assert!("x:html:1:2".parse::<FaultRule>().is_err());
        assert!("x:status:99".parse::<FaultRule>().is_err());
    }

    #[test]
    fn counted_rules_expire() {
        let mut rules = vec!["list:empty:2".parse().unwrap()];
        assert!(take_matching(&mut rules, "/a/list", &[]).is_some());
        assert!(take_matching(&mut rules, "/a/other", &[]).is_none());
        assert!(take_matching(&mut rules, "/a/list", &[]).is_some());
        assert!(take_matching(&mut rules, "/a/list", &[]).is_none());
    }

    #[test]
    fn rules_with_job_ids_match_only_those_jobs() {
        let mut rule: FaultRule = "update:status:403".parse().unwrap();
        rule.job_ids = Some(vec![7, 9]);
        let mut rules = vec![rule];
        assert!(take_matching(&mut rules, "/update", &body_job_ids(br#"{"id":8}"#)).is_none());
        assert!(take_matching(&mut rules, "/update", &body_job_ids(br#"{"id":7}"#)).is_some());
        assert!(take_matching(&mut rules, "/update", &body_job_ids(br#"{"ids":[1,9]}"#)).is_some());
        assert!(take_matching(&mut rules, "/update", &body_job_ids(b"not json")).is_none());
    }
}
