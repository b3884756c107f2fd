//! The outermost layer: remembers every request for `GET /__sim/requests` and prints one line per
//! request to stderr. Neither ever holds a token: only whether one was sent.

use std::time::Instant;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use serde::Serialize;

use crate::dates::now_ms;
use crate::faults::DropConnection;
use crate::state::{lock, AppState};

/// Oldest entries are forgotten beyond this, so a long session cannot grow without bound.
const KEEP: usize = 10_000;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogEntry {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    /// 0 when the connection was dropped on purpose instead of answered.
    pub status: u16,
    pub token_sent: bool,
    pub at_ms: i64,
}

pub async fn record(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if req.uri().path().starts_with("/__sim/") {
        return next.run(req).await;
    }
    let started = Instant::now();
    let at_ms = now_ms();
    let method = req.method().to_string();
    let config = &state.config;
    let redact = |s: &str| {
        [&config.full_token, &config.readonly_token]
            .into_iter()
            .filter(|t| !t.is_empty())
            .fold(s.to_string(), |acc, t| acc.replace(t.as_str(), "REDACTED"))
    };
    let path = redact(req.uri().path());
    let query = req.uri().query().map(redact);
    let token_sent = req
        .headers()
        .contains_key(axum::http::header::AUTHORIZATION);
    let response = next.run(req).await;
    let dropped = response.extensions().get::<DropConnection>().is_some();
    let status = if dropped {
        0
    } else {
        response.status().as_u16()
    };
    if !config.quiet {
        let shown = if dropped {
            "dropped".to_string()
        } else {
            status.to_string()
        };
        eprintln!(
            "{method} {path} {shown} {}ms",
            started.elapsed().as_millis()
        );
    }
    let mut log = lock(&state.requests);
    if log.len() >= KEEP {
        log.pop_front();
    }
    log.push_back(LogEntry {
        method,
        path,
        query,
        status,
        token_sent,
        at_ms,
    });
    response
}
