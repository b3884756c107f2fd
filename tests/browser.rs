//! Browser tests (wasm-bindgen-test in headless Chromium): components mount and render server
//! text as text, and the one request path sends the session's token, times out, and aborts when
//! the component that asked is gone. `window.fetch` is replaced by a stub per test.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use zephyr_jobs::api::{ApiClient, ApiError, RunState, User};
use zephyr_jobs::components::error_notice::ErrorNotice;
use zephyr_jobs::components::status_badge::StatusBadge;
use zephyr_jobs::session::Session;

wasm_bindgen_test_configure!(run_in_browser);

fn js(code: &str) -> wasm_bindgen::JsValue {
    js_sys::eval(code).expect("test script runs")
}

async fn pause(ms: u64) {
    gloo_timers::future::sleep(Duration::from_millis(ms)).await;
}

fn container() -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

fn signed_in(token: &str) -> Session {
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let user: User = serde_json::from_str(r#"{"id": 7, "username": "ada"}"#).unwrap();
    let session = Session::restore();
    session.begin(token.to_string(), &user);
    session
}

/// A fetch that records each request and answers `body` with status 200.
fn stub_fetch_answering(body: &str) {
    js(&format!(
        r#"window.__calls = [];
        window.fetch = (req) => {{
            window.__calls.push({{ url: req.url, method: req.method, auth: req.headers.get('Authorization') }});
            return Promise.resolve(new Response({body:?}, {{ status: 200, headers: {{ 'Content-Type': 'application/json' }} }}));
        }};"#
    ));
}

/// A fetch that never answers, but rejects as browsers do when its signal aborts.
fn stub_fetch_hanging() {
    js(r#"window.__calls = [];
        window.fetch = (req) => new Promise((resolve, reject) => {
            window.__calls.push({ url: req.url, signal: req.signal });
            req.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        });"#);
}

#[wasm_bindgen_test]
fn a_status_badge_shows_an_icon_and_a_word() {
    let parent = container();
    let _mounted = leptos::mount::mount_to(parent.clone(), || {
        view! {
            <StatusBadge state=RunState::Failed/>
            <StatusBadge state=RunState::Unknown("Uploading to S3".into())/>
        }
    });
    let badges = parent.query_selector_all(".badge").unwrap();
    assert_eq!(badges.length(), 2);
    let failed = badges.item(0).unwrap().unchecked_into::<web_sys::Element>();
    assert_eq!(failed.class_name(), "badge badge-failed");
    assert_eq!(failed.text_content().unwrap(), "\u{2715}Failed");
    let unknown = badges.item(1).unwrap().text_content().unwrap();
    assert!(
        unknown.ends_with("Uploading to S3"),
        "shown as the server sent it"
    );
}

#[wasm_bindgen_test]
fn server_messages_are_rendered_as_text_never_as_html() {
    let parent = container();
    let hostile = "<img src=x onerror=\"window.__pwned = 1\"> & <b>bold</b>";
    let _mounted = leptos::mount::mount_to(parent.clone(), move || {
        view! { <ErrorNotice error=ApiError::BadRequest { message: hostile.into(), code: None }/> }
    });
    assert!(parent.text_content().unwrap().contains(hostile));
    assert!(parent.query_selector("img").unwrap().is_none());
    assert!(parent.query_selector("b").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn every_request_carries_the_sessions_bearer_token_under_the_relative_base() {
    let session = signed_in("tok-from-session");
    stub_fetch_answering(
        r#"{"id": 7, "username": "ada", "firstName": "Ada", "lastName": "Lovelace"}"#,
    );
    let api = ApiClient::new(session);
    let me = api.current_user().await.expect("the stub answers");
    assert_eq!(me.display_name(), "Ada Lovelace");
    assert_eq!(
        js("window.__calls[0].auth").as_string().unwrap(),
        "Bearer tok-from-session"
    );
    let url = js("window.__calls[0].url").as_string().unwrap();
    let origin = web_sys::window().unwrap().location().origin().unwrap();
    assert_eq!(url, format!("{origin}/flex/services/rest/v3/user/current"));

    // Signed out, nothing is sent at all.
    session.sign_out();
    assert_eq!(api.projects().await, Err(ApiError::Unauthorized));
    assert_eq!(js("window.__calls.length").as_f64(), Some(1.0));
}

#[wasm_bindgen_test]
async fn a_request_that_hangs_fails_with_a_timeout() {
    let session = signed_in("tok");
    stub_fetch_hanging();
    let api = ApiClient::with_options(session, "/flex/services/rest", 150);
    let result = api.projects().await;
    assert_eq!(result, Err(ApiError::Timeout(1)));
    assert_eq!(js("window.__calls[0].signal.aborted").as_bool(), Some(true));
    assert_eq!(
        result.unwrap_err().to_string(),
        "The Zephyr server did not answer within 1 seconds."
    );
}

#[wasm_bindgen_test]
async fn a_request_is_aborted_when_the_component_that_made_it_is_disposed() {
    let session = signed_in("tok");
    stub_fetch_hanging();
    let api = ApiClient::new(session);
    let owner = Owner::new();
    let wrote = RwSignal::new(false);
    let resource = owner.with(|| {
        LocalResource::new(move || {
            let api = api.clone();
            async move {
                let result = api.projects().await;
                // What a page does with an answer: write it to its own state.
                if result.is_ok() {
                    wrote.set(true);
                }
                result
            }
        })
    });
    pause(50).await;
    assert_eq!(
        js("window.__calls.length").as_f64(),
        Some(1.0),
        "the request went out"
    );
    assert_eq!(
        js("window.__calls[0].signal.aborted").as_bool(),
        Some(false)
    );

    owner.cleanup();
    pause(50).await;
    assert_eq!(
        js("window.__calls[0].signal.aborted").as_bool(),
        Some(true),
        "disposing the component aborted its request"
    );
    assert!(
        !wrote.get_untracked(),
        "nothing was written for a component that is gone"
    );
    assert!(resource.try_get().flatten().is_none());
}

/// The sign-in redirect, with the browser's own `URL` parser doing the resolving.
#[wasm_bindgen_test]
fn next_links_are_resolved_as_the_browser_does_and_only_this_apps_are_followed() {
    use zephyr_jobs::pages::sign_in::resolve_next;
    let page = "http://127.0.0.1:8787/sign-in?next=x";
    for hostile in [
        "//evil.example/",
        "///evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "\t//evil.example",
        " //evil.example",
        "/\r\n/evil.example",
        "https://evil.example/jobs",
        "HTTP://127.0.0.1:9999/jobs",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "/%2F%2Fevil.example",
        "/%2f%2fevil.example",
        "/%5Cevil.example",
        "/%5C%5Cevil.example",
        "/..%2f..%2fevil",
        "/sign-in",
        "/sign-in?next=/jobs",
        "sign-in",
        "",
        "?next=//evil.example",
    ] {
        assert_eq!(resolve_next(hostile, page, ""), "/jobs", "{hostile:?}");
    }
    for (good, app_path) in [
        ("/jobs/4100?x=1", "/jobs/4100?x=1"),
        ("/jobs#top", "/jobs#top"),
        ("jobs/new", "/jobs/new"),
        ("/jobs/4100/run", "/jobs/4100/run"),
        ("http://127.0.0.1:8787/jobs/4101", "/jobs/4101"),
        ("/jobs/../jobs/4102", "/jobs/4102"),
    ] {
        assert_eq!(resolve_next(good, page, ""), app_path, "{good:?}");
    }

    // Under a public path, only what resolves beneath it is followed, without the base.
    let page = "http://127.0.0.1:8787/automation/sign-in?next=x";
    for hostile in [
        "/jobs/4100",
        "/automation/../evil",
        "/automation/..%2f..%2fevil",
        "/automation/%2e%2e/evil",
        "/automationx/jobs",
        "../jobs",
        "//evil.example/automation/jobs",
        "/automation/sign-in",
    ] {
        assert_eq!(
            resolve_next(hostile, page, "/automation"),
            "/jobs",
            "{hostile:?}"
        );
    }
    for (good, app_path) in [
        ("/automation/jobs/4100?x=1", "/jobs/4100?x=1"),
        ("jobs/4100", "/jobs/4100"),
        ("/automation", "/"),
    ] {
        assert_eq!(
            resolve_next(good, page, "/automation"),
            app_path,
            "{good:?}"
        );
    }
}

/// A fetch that answers `body` as a stream of `size`-byte chunks, one per task, and fails the
/// stream instead of sending the chunk at `fail_at` bytes, if given.
fn stub_fetch_streaming(body: &str, size: usize, fail_at: Option<usize>) {
    js(&format!(
        r#"window.fetch = () => {{
            const bytes = new TextEncoder().encode({body:?});
            const size = {size}, failAt = {fail_at};
            let at = 0;
            const stream = new ReadableStream({{ pull(c) {{
                return new Promise(r => setTimeout(r, 0)).then(() => {{
                    if (failAt !== null && at >= failAt) {{ c.error(new TypeError('network')); return; }}
                    if (at >= bytes.length) {{ c.close(); return; }}
                    c.enqueue(bytes.slice(at, at + size));
                    at += size;
                }});
            }} }});
            return Promise.resolve(new Response(stream, {{ status: 200, headers: {{ 'Content-Type': 'application/json' }} }}));
        }};"#,
        fail_at = fail_at.map_or("null".to_string(), |n| n.to_string()),
    ));
}

/// A release's jobs are decoded as their body arrives: chunks cut inside names, escapes and
/// multi-byte characters give the list the whole body gives, and a body that is not a plain
/// list reads the same streamed as whole.
#[wasm_bindgen_test]
async fn a_list_streamed_in_chunks_cut_anywhere_reads_as_the_whole_body() {
    let api = ApiClient::new(signed_in("tok"));
    let list = r#"[{"id": 1, "jobName": "Café ☕ nightly, [smoke]"},
                   {"id": 2, "jobName": "quote \" and \\ {x}"}, {"id": 3, "jobName": ""}]"#;
    let names = |jobs: Vec<zephyr_jobs::api::Job>| {
        jobs.iter()
            .map(|j| (j.id, j.display_name()))
            .collect::<Vec<_>>()
    };
    stub_fetch_answering(list);
    let whole = names(api.jobs(1, 10).await.expect("the whole list reads"));
    assert_eq!(whole.len(), 3);
    assert_eq!(whole[0].1, "Café ☕ nightly, [smoke]");
    for size in [1, 2, 3, 5, 7, 64, 4096] {
        stub_fetch_streaming(list, size, None);
        let streamed = names(api.jobs(1, 10).await.expect("the streamed list reads"));
        assert_eq!(streamed, whole, "in chunks of {size} bytes");
    }
    let indexed = {
        stub_fetch_streaming(list, 3, None);
        api.jobs::<zephyr_jobs::job_query::IndexedJob>(1, 10)
            .await
            .expect("the list's rows read")
    };
    assert_eq!(indexed.len(), 3);

    for other in [
        r#"{"total": 2, "results": [{"id": 4, "jobName": "wrapped"}]}"#,
        r#"{"errorMsg": "bad"}"#,
        r#""Login failed""#,
        r#"[{"id": 5, "jobName": "cut short"}"#,
    ] {
        stub_fetch_answering(other);
        let whole = api.jobs(1, 10).await.map(names);
        stub_fetch_streaming(other, 4, None);
        let streamed = api.jobs(1, 10).await.map(names);
        assert_eq!(streamed, whole, "{other}");
    }

    // The connection drops halfway: the list fails as a network error, not as a short list.
    stub_fetch_streaming(list, 8, Some(40));
    assert_eq!(api.jobs(1, 10).await.map(names), Err(ApiError::Network));
}

/// The exact time on hover reads as the browser's own `toLocaleString()` does, from the
/// earliest to the latest date a JS `Date` holds.
#[wasm_bindgen_test]
fn the_exact_time_reads_as_the_browsers_own_local_time() {
    use zephyr_jobs::components::time::local_text;
    for ms in [
        0,
        1_700_000_000_000,
        1_764_543_210_987,
        -62_135_596_800_000,
        8.64e15 as i64,
        -8.64e15 as i64,
        951_782_400_000,
    ] {
        let expected = js(&format!("new Date({ms}).toLocaleString()"))
            .as_string()
            .unwrap();
        assert_eq!(local_text(ms), expected, "{ms}");
    }
}
