//! Bearer-token checks for every `/flex/services/rest/...` route: 401 without a known token,
//! 403 when the read-only token tries to write.

use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::seed::{FULL_USER_ID, READONLY_USER_ID};
use crate::state::AppState;

/// Who is calling, as far as the token says; handlers read it from the request extensions.
#[derive(Debug, Clone, Copy)]
pub struct Caller {
    pub user_id: u64,
    pub can_write: bool,
}

/// The token of an `Authorization: Bearer <token>` header, if one was sent.
pub fn bearer(headers: &axum::http::HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

pub async fn require_token(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let config = &state.config;
    let caller = match bearer(req.headers()) {
        None => {
            return unauthorized("An API token is required: send Authorization: Bearer <token>")
        }
        Some(t) if t == config.full_token => Caller {
            user_id: FULL_USER_ID,
            can_write: true,
        },
        Some(t) if t == config.readonly_token => Caller {
            user_id: READONLY_USER_ID,
            can_write: false,
        },
        Some(_) => return unauthorized("The API token is invalid or has been revoked"),
    };
    let reads = [Method::GET, Method::HEAD, Method::OPTIONS];
    if !caller.can_write && !reads.contains(req.method()) {
        return ApiError::new(
            StatusCode::FORBIDDEN,
            "You do not have permission to perform this operation",
            "Forbidden",
        )
        .into_response();
    }
    req.extensions_mut().insert(caller);
    next.run(req).await
}

fn unauthorized(msg: &str) -> Response {
    ApiError::new(StatusCode::UNAUTHORIZED, msg, "Unauthorized").into_response()
}
