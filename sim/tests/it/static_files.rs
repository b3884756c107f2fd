//! `--static DIR`: the app's files at `/`, SPA fallback, wasm MIME type and security headers.

use std::path::PathBuf;

use reqwest::StatusCode;
use zephyr_sim::{SimConfig, CSP};

use crate::common::*;

fn app_dir() -> PathBuf {
    app_dir_named("static")
}

/// Each test its own directory: tests run at the same time and each removes its own at the end.
fn app_dir_named(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zephyr-sim-{name}-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("pkg")).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<!DOCTYPE html><title>Zephyr jobs</title>",
    )
    .unwrap();
    std::fs::write(dir.join("pkg/app_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dir.join("pkg/app.js"), "export default 1;").unwrap();
    dir
}

#[tokio::test]
async fn serves_the_app_with_spa_fallback_and_security_headers() {
    let dir = app_dir();
    let s = sim_with(SimConfig {
        static_dir: Some(dir.clone()),
        ..SimConfig::default()
    })
    .await;
    for path in ["/", "/index.html", "/jobs/4100", "/jobs/new?project=1"] {
        let response = s.http.get(s.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let headers = response.headers().clone();
        assert_eq!(headers["content-security-policy"], CSP);
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["referrer-policy"], "no-referrer");
        assert_eq!(headers["cache-control"], "no-cache", "{path}");
        assert!(
            response.text().await.unwrap().contains("Zephyr jobs"),
            "{path}"
        );
    }
    let wasm = s.http.get(s.url("/pkg/app_bg.wasm")).send().await.unwrap();
    assert_eq!(wasm.headers()["content-type"], "application/wasm");
    assert_eq!(wasm.headers()["content-security-policy"], CSP);
    assert!(wasm.headers().get("cache-control").is_none());
    assert_eq!(&wasm.bytes().await.unwrap()[..4], b"\0asm");
    let js = s.http.get(s.url("/pkg/app.js")).send().await.unwrap();
    assert!(js.headers()["content-type"]
        .to_str()
        .unwrap()
        .contains("javascript"));

    // API and control paths never fall back to the app.
    for path in [
        "/flex/services/rest/v4/unknown",
        "/flex/anything",
        "/__sim/unknown",
    ] {
        let response = s
            .http
            .get(s.url(path))
            .bearer_auth(FULL)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert!(response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json"));
    }
    let _ = std::fs::remove_dir_all(dir);
}

/// A release dist's precompressed siblings are sent to whoever accepts them, the file itself to
/// anyone else, with the encoding named.
#[tokio::test]
async fn sends_precompressed_files_by_accept_encoding() {
    let dir = app_dir_named("precompressed");
    let file = "pkg/app-0123456789abcdef_bg.wasm";
    std::fs::write(dir.join(file), b"\0asm\x01\0\0\0 raw").unwrap();
    std::fs::write(dir.join(format!("{file}.br")), b"brotli bytes").unwrap();
    std::fs::write(dir.join(format!("{file}.gz")), b"gzip bytes").unwrap();
    let s = sim_with(SimConfig {
        static_dir: Some(dir.clone()),
        ..SimConfig::default()
    })
    .await;
    for (accept, encoding, body) in [
        (Some("gzip, deflate, br"), Some("br"), &b"brotli bytes"[..]),
        (Some("gzip"), Some("gzip"), b"gzip bytes"),
        (None, None, b"\0asm\x01\0\0\0 raw"),
    ] {
        let mut request = s.http.get(s.url(&format!("/{file}")));
        if let Some(accept) = accept {
            request = request.header("accept-encoding", accept);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{accept:?}");
        let headers = response.headers().clone();
        assert_eq!(
            headers.get("content-encoding").map(|v| v.to_str().unwrap()),
            encoding,
            "{accept:?}"
        );
        assert_eq!(headers["content-type"], "application/wasm", "{accept:?}");
        assert_eq!(headers["vary"], "accept-encoding");
        assert_eq!(&response.bytes().await.unwrap()[..], body, "{accept:?}");
    }
    let _ = std::fs::remove_dir_all(dir);
}
