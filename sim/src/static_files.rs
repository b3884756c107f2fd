//! `--static DIR`: serves the built app at `/` with a single-page-app fallback to `index.html`,
//! under the security headers a production reverse proxy would add. A release dist carries
//! `.br` and `.gz` files next to its hashed bundles (scripts/precompress.py): they are sent to a
//! browser that accepts them, as nginx's `brotli_static`/`gzip_static` do.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use crate::error::ApiError;
use crate::state::AppState;

/// Strict on purpose: the app must work with no inline script or style and no third-party origin.
pub const CSP: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
frame-ancestors 'none'";

/// The router's fallback: unknown API and control paths get a JSON 404, anything else is a file.
pub async fn fallback(State(state): State<AppState>, req: Request) -> Response {
    let path = req.uri().path();
    let api = ["/flex/", "/__sim/"].iter().any(|p| path.starts_with(p)) || path == "/flex";
    let dir = match &state.config.static_dir {
        Some(dir) if !api => dir,
        _ => return ApiError::not_found(format!("No such endpoint: {path}")).into_response(),
    };
    let files = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(ServeFile::new(dir.join("index.html")));
    let mut response = match files.oneshot(req).await {
        Ok(r) => r.map(Body::new),
        Err(never) => match never {},
    };
    let headers = response.headers_mut();
    let fixed = [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        // The body depends on Accept-Encoding wherever a precompressed file exists.
        (header::VARY, "accept-encoding"),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    // index.html (also served for every app route) names the hashed bundles: always revalidate it.
    let html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if html {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    response
}
