//! One error type for every API call, and the one function that decides what an HTTP response
//! means. Pure (no browser types) so native tests can feed it every status/body combination.

use serde::de::DeserializeOwned;

use super::models::ErrorBody;

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ApiError {
    #[error("Your session ended: the server no longer accepts this API token. Sign in again.")]
    Unauthorized,
    #[error("Not permitted: {}", .message.as_deref().unwrap_or("your API token does not have the rights for this operation."))]
    Forbidden { message: Option<String> },
    #[error("{message}")]
    BadRequest {
        message: String,
        code: Option<String>,
    },
    #[error("Not found: the server does not know this item (it may have been deleted).")]
    NotFound,
    #[error("{}", rate_limited_text(*.retry_after_secs))]
    RateLimited { retry_after_secs: Option<u32> },
    #[error("The Zephyr server had a problem ({status}){}", .message.as_deref().map(|m| format!(": {m}")).unwrap_or_else(|| ". Try again in a moment.".into()))]
    Server {
        status: u16,
        message: Option<String>,
    },
    #[error("The Zephyr server could not be reached. Check your connection.")]
    Network,
    #[error("The Zephyr server did not answer within {0} seconds.")]
    Timeout(u32),
    #[error("{0}")]
    Undecodable(Undecodable),
    #[error("The request was cancelled.")]
    Aborted,
    /// A write the server accepted (2xx) whose answer could not be read, and whose effect a
    /// re-read could not show either: it may well have happened, so it must not simply be sent
    /// again.
    #[error("{0} The server accepted the request and may have carried it out; re-reading could not show it yet, so look before sending it again.")]
    Unconfirmed(Undecodable),
}

/// Why a response could not be read, kept apart so the message can say what came back.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum Undecodable {
    #[error("The server answered with a web page instead of Zephyr data: a proxy or single sign-on page may be in the way.")]
    Html,
    #[error("The server's answer was empty where Zephyr data was expected.")]
    Empty,
    #[error("The server answered: \u{201c}{0}\u{201d}")]
    BareString(String),
    #[error("The server's answer could not be read as Zephyr data ({0}).")]
    Malformed(String),
}

fn rate_limited_text(retry_after_secs: Option<u32>) -> String {
    match retry_after_secs {
        Some(s) => {
            format!("The Zephyr server is busy and asked to wait {s} s before the next request.")
        }
        None => "The Zephyr server is busy. Try again in a moment.".to_string(),
    }
}

impl ApiError {
    /// Worth trying the same request again later without changing anything.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            ApiError::RateLimited { .. }
                | ApiError::Server { .. }
                | ApiError::Network
                | ApiError::Timeout(_)
        )
    }

    /// The request may have been carried out although no usable answer came back (the
    /// connection broke, the answer was late, or it was cut short): sending a change again may
    /// do it twice.
    pub fn outcome_unknown(&self) -> bool {
        matches!(
            self,
            ApiError::Network
                | ApiError::Timeout(_)
                | ApiError::Undecodable(Undecodable::Empty | Undecodable::Malformed(_))
                | ApiError::Unconfirmed(_)
        )
    }

    /// The server's requested pause, when it gave one.
    pub fn retry_after_secs(&self) -> Option<u32> {
        match self {
            ApiError::RateLimited { retry_after_secs } => *retry_after_secs,
            _ => None,
        }
    }
}

/// What a response looked like on the wire.
pub struct RawResponse<'a> {
    pub status: u16,
    pub content_type: Option<&'a str>,
    pub retry_after: Option<&'a str>,
    pub body: &'a str,
}

/// Decides what a response means: 2xx decodes `T`, anything else becomes an [`ApiError`].
pub fn interpret<T: DeserializeOwned>(raw: &RawResponse<'_>) -> Result<T, ApiError> {
    if (200..300).contains(&raw.status) {
        decode_success(raw)
    } else {
        Err(error_for(raw))
    }
}

pub(crate) fn looks_like_html(raw: &RawResponse<'_>) -> bool {
    is_html_type(raw.content_type) || raw.body.trim_start().starts_with('<')
}

/// A `Content-Type` that says the body is a web page.
pub(crate) fn is_html_type(content_type: Option<&str>) -> bool {
    content_type.is_some_and(|t| t.to_ascii_lowercase().contains("text/html"))
}

fn decode_success<T: DeserializeOwned>(raw: &RawResponse<'_>) -> Result<T, ApiError> {
    let body = success_body(raw)?;
    serde_json::from_str::<T>(body).map_err(|err| undecodable(body, &err))
}

/// A 2xx body worth decoding: not empty and not a web page.
fn success_body<'a>(raw: &RawResponse<'a>) -> Result<&'a str, ApiError> {
    let body = raw.body.trim();
    if body.is_empty() {
        return Err(ApiError::Undecodable(Undecodable::Empty));
    }
    if looks_like_html(raw) {
        return Err(ApiError::Undecodable(Undecodable::Html));
    }
    Ok(body)
}

/// Why a 2xx body did not decode as the data asked for. Not generic: one copy for every type
/// (README › Performance, round 16).
fn undecodable(body: &str, err: &serde_json::Error) -> ApiError {
    // An old server reports a failed login as a 200 with a bare JSON string.
    if let Ok(text) = serde_json::from_str::<String>(body) {
        return ApiError::Undecodable(Undecodable::BareString(clip(&text, 200)));
    }
    // An error body with a 200 status is still an error the user should read.
    if let Some(message) = error_body(body).and_then(|b| b.error_msg) {
        return ApiError::BadRequest {
            message,
            code: None,
        };
    }
    ApiError::Undecodable(Undecodable::Malformed(clip(&err.to_string(), 120)))
}

fn error_body(body: &str) -> Option<ErrorBody> {
    serde_json::from_str::<ErrorBody>(body)
        .ok()
        .filter(|b| b.error_msg.is_some() || b.error_code.is_some())
}

/// The server's own words, when the body is an error body or short plain text.
fn server_message(raw: &RawResponse<'_>) -> (Option<String>, Option<String>) {
    let body = raw.body.trim();
    if body.is_empty() || looks_like_html(raw) {
        return (None, None);
    }
    if let Some(parsed) = error_body(body) {
        return (parsed.error_msg.map(|m| clip(&m, 300)), parsed.error_code);
    }
    if let Ok(text) = serde_json::from_str::<String>(body) {
        return (Some(clip(&text, 300)), None);
    }
    if body.starts_with('{') || body.starts_with('[') {
        return (None, None);
    }
    (Some(clip(body, 300)), None)
}

pub(crate) fn error_for(raw: &RawResponse<'_>) -> ApiError {
    let (message, code) = server_message(raw);
    match raw.status {
        401 => ApiError::Unauthorized,
        403 => ApiError::Forbidden { message },
        404 | 410 => ApiError::NotFound,
        429 => ApiError::RateLimited {
            retry_after_secs: raw.retry_after.and_then(parse_retry_after),
        },
        400..=499 => ApiError::BadRequest {
            message: message
                .unwrap_or_else(|| format!("The server refused the request ({}).", raw.status)),
            code,
        },
        status => ApiError::Server { status, message },
    }
}

/// `Retry-After` as seconds; the HTTP-date form is rare from APIs and treated as unknown.
pub fn parse_retry_after(value: &str) -> Option<u32> {
    value.trim().parse::<u32>().ok()
}

pub(crate) fn clip(text: &str, max_chars: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max_chars {
        text.to_string()
    } else {
        let mut clipped: String = text.chars().take(max_chars).collect();
        clipped.push('\u{2026}');
        clipped
    }
}
