//! The one request path: every call goes through [`ApiClient::send`] (reads) or
//! [`ApiClient::write`], which prefix the base, add the session's token, apply the timeout, abort
//! a read when the calling component goes away, and turn every outcome into
//! `Result<T, ApiError>`. Pages never touch URLs or headers.

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::{Method, RequestBuilder};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsCast;

use super::answers::{interpret_write, Answer};
use super::body::{self, ListFeed, Read};
use super::decode::ListOf;
use super::error::{interpret, is_html_type, ApiError, RawResponse};
use super::list_stream::Element;
use crate::session::Session;

/// Where the Zephyr REST API lives, relative to this page's origin. Set at build time with
/// `ZEPHYR_API_BASE`; relative so the app works behind any reverse proxy.
pub const DEFAULT_API_BASE: &str = match option_env!("ZEPHYR_API_BASE") {
    Some(base) => base,
    None => "/flex/services/rest",
};

pub const DEFAULT_TIMEOUT_MS: u32 = 15_000;

/// A result file of up to 25 MB needs longer than a JSON call on a slow link.
pub const UPLOAD_TIMEOUT_MS: u32 = 120_000;

#[derive(Clone, Debug)]
pub struct ApiClient {
    base: String,
    timeout_ms: u32,
    session: Session,
}

/// What a request carries.
pub(crate) enum Body {
    Empty,
    Json(String),
    Multipart(web_sys::FormData),
}

/// Which token a request uses: the session's, or a candidate being checked at sign-in.
pub(crate) enum Auth<'a> {
    Session,
    Candidate(&'a str),
}

impl ApiClient {
    pub fn new(session: Session) -> Self {
        Self::with_options(session, DEFAULT_API_BASE, DEFAULT_TIMEOUT_MS)
    }

    pub fn with_options(session: Session, base: &str, timeout_ms: u32) -> Self {
        Self {
            base: base.trim_end_matches('/').to_string(),
            timeout_ms,
            session,
        }
    }

    pub fn session(&self) -> Session {
        self.session
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}/{}", self.base, path.trim_start_matches('/'))
    }

    pub(crate) async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        self.send(Method::GET, path, Body::Empty, Auth::Session)
            .await
    }

    /// A GET of a list that may be long (a release's jobs): decoded as its body arrives, a
    /// window at a time, instead of copied whole into wasm memory (see `body`).
    pub(crate) async fn get_list<J: DeserializeOwned + Element + 'static>(
        &self,
        path: &str,
    ) -> Result<Vec<J>, ApiError> {
        let reader = Reader::List(interpret_list::<J>, body::list_of::<J>);
        self.send_with(Method::GET, path, Body::Empty, Auth::Session, reader)
            .await
    }

    /// A POST of `body` as JSON, read as a write's answer.
    pub(crate) async fn post<B: Serialize>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<Answer, ApiError> {
        let json = serde_json::to_string(body).expect("request bodies are plain data");
        self.write(path, Body::Json(json)).await
    }

    pub(crate) async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Body,
        auth: Auth<'_>,
    ) -> Result<T, ApiError> {
        self.send_with(method, path, body, auth, Reader::Read(interpret::<T>))
            .await
    }

    /// A write: the same path as every request, but a 2xx answer is read by shape afterwards
    /// (see `answers`), so an answer in an unexpected shape is never taken for a failure. A write
    /// is not abandoned when its page goes away: the server may already be carrying it out, so
    /// it runs to its answer and the page's continuation checks it is still on screen.
    pub(crate) async fn write(&self, path: &str, body: Body) -> Result<Answer, ApiError> {
        let reader = Reader::Write(interpret_write);
        self.send_with(Method::POST, path, body, Auth::Session, reader)
            .await
    }

    async fn send_with<T>(
        &self,
        method: Method,
        path: &str,
        body: Body,
        auth: Auth<'_>,
        reader: Reader<T>,
    ) -> Result<T, ApiError> {
        let token = self.token_for(&auth)?;
        // Only the list's reading depends on `T`: the request, its timeout and the reading of a
        // whole answer are one copy for every endpoint (README › Performance, round 16).
        let result = match reader {
            Reader::Read(read) => self
                .exchange(method, path, body, &token, true)
                .await
                .and_then(|answer| answer.read_with(read)),
            Reader::Write(read) => self
                .exchange(method, path, body, &token, false)
                .await
                .and_then(|answer| answer.read_with(read)),
            Reader::List(read, windowed) => self.exchange_list(path, &token, read, windowed).await,
        };
        self.after_answer(matches!(result, Err(ApiError::Unauthorized)), &auth, &token);
        result
    }

    /// The token a request carries; none in the session ends it as a 401 would.
    fn token_for(&self, auth: &Auth<'_>) -> Result<String, ApiError> {
        match auth {
            Auth::Candidate(token) => Ok(token.to_string()),
            Auth::Session => self.session.token_untracked().ok_or(ApiError::Unauthorized),
        }
    }

    /// A 401 to a request made with the session's token ends the session, if it is still the
    /// one the request was made with.
    fn after_answer(&self, unauthorized: bool, auth: &Auth<'_>, token: &str) {
        if unauthorized
            && matches!(auth, Auth::Session)
            && self.session.token_untracked().as_deref() == Some(token)
        {
            self.session.expire();
        }
    }

    /// A request whose answer is read whole.
    async fn exchange(
        &self,
        method: Method,
        path: &str,
        body: Body,
        token: &str,
        follow_owner: bool,
    ) -> Result<Answered, ApiError> {
        let (response, abort) = self.start(method, path, body, token, follow_owner).await?;
        let head = Head::of(&response);
        let bytes = body::read_whole(response.into())
            .await
            .map_err(|_| abort.reason())?;
        Ok(Answered { head, bytes })
    }

    /// A GET of a long list: a 2xx body that is not a web page is decoded as it arrives, a
    /// window at a time; anything else is read whole, as [`exchange`](Self::exchange) reads it.
    async fn exchange_list<T>(
        &self,
        path: &str,
        token: &str,
        read: fn(&RawResponse<'_>) -> Result<T, ApiError>,
        windowed: fn(usize) -> Box<dyn ListFeed<T>>,
    ) -> Result<T, ApiError> {
        let (response, abort) = self
            .start(Method::GET, path, Body::Empty, token, true)
            .await?;
        let head = Head::of(&response);
        let bytes = if head.plain_list() {
            match body::read_list(response.into(), windowed(head.decoded_length())).await {
                Ok(Read::List(list)) => return Ok(list),
                Ok(Read::Whole(bytes)) => bytes,
                Err(_) => return Err(abort.reason()),
            }
        } else {
            body::read_whole(response.into())
                .await
                .map_err(|_| abort.reason())?
        };
        Answered { head, bytes }.read_with(read)
    }

    /// Sends the request, or takes over the early one the page's first script made for the same
    /// URL (see `prefetch`); the answer's body is still to be read under the same [`Abort`].
    async fn start(
        &self,
        method: Method,
        path: &str,
        body: Body,
        token: &str,
        follow_owner: bool,
    ) -> Result<(gloo_net::http::Response, Abort), ApiError> {
        let timeout_ms = match body {
            Body::Multipart(_) => self.timeout_ms.max(UPLOAD_TIMEOUT_MS),
            _ => self.timeout_ms,
        };
        let abort = Abort::arm(timeout_ms, follow_owner);
        let url = self.url(path);
        // The list the page's first script already asked for (see `prefetch`).
        let prefetched = (method == Method::GET && matches!(body, Body::Empty))
            .then(|| super::prefetch::take(&url, token))
            .flatten();
        let builder = RequestBuilder::new(&url)
            .method(method)
            .header("Accept", "application/json")
            .header("Authorization", &format!("Bearer {token}"))
            .abort_signal(abort.signal().as_ref());
        let request = match body {
            Body::Empty => builder.build(),
            Body::Json(json) => builder
                .header("Content-Type", "application/json")
                .body(json),
            Body::Multipart(form) => builder.body(form),
        }
        .map_err(|_| ApiError::Network)?;

        let response = match prefetched {
            Some(early) => {
                abort.also_abort(early.controller);
                let raw = wasm_bindgen_futures::JsFuture::from(early.response)
                    .await
                    .map_err(|_| abort.reason())?;
                gloo_net::http::Response::from(web_sys::Response::from(raw))
            }
            None => request.send().await.map_err(|_| abort.reason())?,
        };
        Ok((response, abort))
    }
}

/// What an answer's reader looks at in its head.
struct Head {
    status: u16,
    content_type: Option<String>,
    retry_after: Option<String>,
    content_encoding: Option<String>,
    content_length: Option<String>,
}

impl Head {
    fn of(response: &gloo_net::http::Response) -> Self {
        let headers = response.headers();
        Self {
            status: response.status(),
            content_type: headers.get("content-type"),
            retry_after: headers.get("retry-after"),
            content_encoding: headers.get("content-encoding"),
            content_length: headers.get("content-length"),
        }
    }

    /// A 2xx answer that does not say it is a web page: a list to decode as it arrives.
    fn plain_list(&self) -> bool {
        (200..300).contains(&self.status) && !is_html_type(self.content_type.as_deref())
    }

    /// The decoded length, to size the list once: a compressed answer's length says nothing
    /// about it, so it counts as unknown (0).
    fn decoded_length(&self) -> usize {
        let encoded = self
            .content_encoding
            .as_deref()
            .is_some_and(|e| !e.eq_ignore_ascii_case("identity"));
        self.content_length
            .as_deref()
            .filter(|_| !encoded)
            .and_then(|l| l.parse().ok())
            .unwrap_or(0)
    }
}

/// An answer read whole.
struct Answered {
    head: Head,
    bytes: Vec<u8>,
}

impl Answered {
    fn read_with<T>(
        &self,
        read: fn(&RawResponse<'_>) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let text = body::body_text(&self.bytes);
        read(&RawResponse {
            status: self.head.status,
            content_type: self.head.content_type.as_deref(),
            retry_after: self.head.retry_after.as_deref(),
            body: &text,
        })
    }
}

/// How a response is read, and so whether the request follows its caller's lifetime: a read
/// is aborted when the component that asked goes away, a write is not.
enum Reader<T> {
    Read(fn(&RawResponse<'_>) -> Result<T, ApiError>),
    Write(fn(&RawResponse<'_>) -> Result<T, ApiError>),
    /// A read of a long list: a 2xx body is decoded as it arrives (given its length when the
    /// server says it); the function reads it whole when it is not a plain list (an error body,
    /// another shape).
    List(
        fn(&RawResponse<'_>) -> Result<T, ApiError>,
        fn(usize) -> Box<dyn ListFeed<T>>,
    ),
}

fn interpret_list<J: DeserializeOwned>(raw: &RawResponse<'_>) -> Result<Vec<J>, ApiError> {
    interpret::<ListOf<J>>(raw).map(ListOf::into_vec)
}

/// An `AbortController` that fires after the timeout, or (for reads) when the reactive owner that
/// made the request is disposed (so a page that is gone never receives a late answer).
struct Abort {
    controller: Option<web_sys::AbortController>,
    timed_out: Rc<Cell<bool>>,
    timeout_secs: u32,
    _timer: Option<gloo_timers::callback::Timeout>,
}

impl Abort {
    fn arm(timeout_ms: u32, follow_owner: bool) -> Self {
        let controller = web_sys::AbortController::new().ok();
        let timed_out = Rc::new(Cell::new(false));
        let timer = controller.clone().map(|c| {
            let flag = timed_out.clone();
            gloo_timers::callback::Timeout::new(timeout_ms, move || {
                flag.set(true);
                c.abort();
            })
        });
        let owner = Owner::current().filter(|_| follow_owner);
        if let (Some(c), Some(_)) = (controller.clone(), owner) {
            let c = SendWrapper::new(c);
            on_cleanup(move || c.abort());
        }
        Self {
            controller,
            timed_out,
            timeout_secs: timeout_ms.div_ceil(1000),
            _timer: timer,
        }
    }

    /// Stops `other` too when this one fires (a request the app took over).
    fn also_abort(&self, other: web_sys::AbortController) {
        if let Some(signal) = self.signal() {
            if signal.aborted() {
                other.abort();
                return;
            }
            let stop = wasm_bindgen::closure::Closure::once_into_js(move || other.abort());
            let _ = signal.add_event_listener_with_callback("abort", stop.unchecked_ref());
        }
    }

    fn signal(&self) -> Option<web_sys::AbortSignal> {
        self.controller.as_ref().map(|c| c.signal())
    }

    /// Why a fetch failed: our timer, our owner going away, or the network.
    fn reason(&self) -> ApiError {
        if self.timed_out.get() {
            ApiError::Timeout(self.timeout_secs)
        } else if self.signal().is_some_and(|s| s.aborted()) {
            ApiError::Aborted
        } else {
            ApiError::Network
        }
    }
}
