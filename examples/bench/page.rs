//! In-page measurements: list render (P2), search keystrokes (P3), cold load to the first row
//! (P4) and memory, for the app and for the vanilla baselines. Every time is taken inside the
//! page with `performance.now()`, so the WebDriver round trips do not count.

use serde_json::{json, Value};

use crate::support::App;

/// Injected before any page script: marks when the first job row exists and the first frame
/// after it has been painted (a task after the next animation frame), the same for the sign-in
/// form when the tab has no session, keeps the wasm exports
/// for the memory figure, and keeps every resource timing entry (P5 reads them).
pub const OBSERVER: &str = r#"
window.__bench = {};
performance.setResourceTimingBufferSize(100000);
addEventListener('TrunkApplicationStarted', e => { window.__bench.wasm = e.detail.wasm; });
new MutationObserver((_, observer) => {
  if (!window.__bench.rowsAt && document.querySelector('.jobs-table tbody tr')) {
    observer.disconnect();
    window.__bench.rowsAt = performance.now();
    requestAnimationFrame(() => setTimeout(() => { window.__bench.paintedAt = performance.now(); }, 0));
  }
}).observe(document, { subtree: true, childList: true });
// Without a session (a new tab), the sign-in form instead.
if (!sessionStorage.getItem('zephyr-jobs.token')) {
  new MutationObserver((_, observer) => {
    if (document.querySelector('#token')) {
      observer.disconnect();
      requestAnimationFrame(() => setTimeout(() => { window.__bench.formPaintedAt = performance.now(); }, 0));
    }
  }).observe(document, { subtree: true, childList: true });
}
"#;

/// Waits for the first painted row and the list response; all times relative to the start of
/// the navigation.
const READ_RENDER: &str = r#"
const done = arguments[arguments.length - 1];
const poll = () => {
  const list = performance.getEntriesByType('resource').find(e => e.name.includes('file-upload-job/list'));
  if (window.__bench && window.__bench.paintedAt && list && list.responseEnd > 0) {
    // Whether web/first_rows.js drew the rows before the app (settled by the time they show).
    Promise.resolve(window.zephyrJobsFirstRows).then((drawn) =>
      done({ received: list.responseEnd, painted: window.__bench.paintedAt, drawn: drawn === true,
             rows: document.querySelectorAll('.jobs-table tbody tr').length, bytes: list.encodedBodySize }));
  } else { setTimeout(poll, 20); }
};
poll();
"#;

const KEYSTROKE: &str = r#"
const done = arguments[arguments.length - 1];
const ch = arguments[0];
const input = document.querySelector('input[type=search]');
const t0 = performance.now();
input.value = input.value + ch;
input.dispatchEvent(new Event('input', { bubbles: true }));
const t1 = performance.now();
setTimeout(() => {
  const t2 = performance.now();
  document.body.offsetHeight;
  const t3 = performance.now();
  done({ ms: t3 - t0, sync: t1 - t0, effects: t2 - t1, layout: t3 - t2, count: document.querySelector('.list-count').innerText });
}, 0);
"#;

/// Empties the search the way a user does (an `input` event: WebDriver's clear sends none, and
/// the list kept searching for the old text), then waits until the whole list shows and the
/// URL has taken the empty search.
const CLEAR_SEARCH: &str = r#"
const done = arguments[arguments.length - 1];
const input = document.querySelector('input[type=search]');
input.value = '';
input.dispatchEvent(new Event('input', { bubbles: true }));
const settled = () => !new URLSearchParams(location.search).get('search')
  && /^\d+ jobs$/.test(document.querySelector('.list-count').innerText.trim());
const poll = () => settled() ? done(true) : setTimeout(poll, 20);
poll();
"#;

pub const APP_LIST: &str = "/jobs?project=1&release=10";
pub const VANILLA_LIST: &str = "/bench/list.html";
pub const VANILLA_FIRST_ROW: &str = "/bench/first-row.html";

pub struct Render {
    /// List response fully received (`responseEnd`) to the first frame with rows painted.
    pub render_ms: f64,
    /// Navigation start to the first frame with rows painted.
    pub load_ms: f64,
    pub rows: u64,
    pub bytes: u64,
    /// The first rows were drawn by the early request's script (`web/first_rows.js`), the app
    /// taking over after.
    pub drawn: bool,
}

/// Opens `path` and waits until its first rows are painted.
pub async fn load(app: &App, path: &str) -> Render {
    app.open(path).await;
    let m = app
        .browser
        .client
        .execute_async(READ_RENDER, vec![])
        .await
        .unwrap_or_else(|e| panic!("{path}: rows never painted: {e}"));
    let f = |k: &str| m[k].as_f64().unwrap_or_default();
    Render {
        render_ms: f("painted") - f("received"),
        load_ms: f("painted"),
        rows: m["rows"].as_u64().unwrap_or_default(),
        bytes: m["bytes"].as_u64().unwrap_or_default(),
        drawn: m["drawn"].as_bool().unwrap_or_default(),
    }
}

/// DevTools' network domain, which the two switches below need, without its copy of each
/// response body: kept, that copy makes the renderer decode the 5.6 MB list as text when it
/// ends (20-36 ms of main thread in a trace of a cold load, on both sides of P2 and P4), work
/// no user's browser does.
async fn network_domain(app: &App) {
    app.browser
        .cdp(
            "Network.enable",
            json!({ "maxTotalBufferSize": 0, "maxResourceBufferSize": 0 }),
        )
        .await;
}

/// Disables the HTTP cache (and with it V8's compiled-wasm cache) for cold loads, or enables it.
pub async fn cold(app: &App, cold: bool) {
    network_domain(app).await;
    if cold {
        app.browser
            .cdp("Network.clearBrowserCache", json!({}))
            .await;
    }
    app.browser
        .cdp("Network.setCacheDisabled", json!({ "cacheDisabled": cold }))
        .await;
}

/// Lets the page's early request for the list (`web/prefetch.js`) run, or blocks it. P2 is the
/// time from the list's answer to its rows: with the early request the answer arrives before
/// the app has even started, and the figure would time the app's start instead of the list.
/// P4 and the slow link measure the cold load with it.
pub async fn early_request(app: &App, on: bool) {
    network_domain(app).await;
    let blocked: Vec<&str> = if on { vec![] } else { vec!["*/prefetch-*.js"] };
    app.browser
        .cdp("Network.setBlockedURLs", json!({ "urls": blocked }))
        .await;
}

/// Empties the list's search box and waits until the list shows every job again.
pub async fn clear_search(app: &App) {
    app.browser
        .client
        .execute_async(CLEAR_SEARCH, vec![])
        .await
        .expect("search cleared");
}

/// Types `text` into the list's search box one character at a time; each keystroke's time.
pub async fn keystrokes(app: &App, text: &str) -> Vec<(char, f64, String)> {
    let mut out = Vec::new();
    for ch in text.chars() {
        let m = app
            .browser
            .client
            .execute_async(KEYSTROKE, vec![json!(ch.to_string())])
            .await
            .expect("keystroke measured");
        let f = |k: &str| m[k].as_f64().unwrap_or_default();
        out.push((
            ch,
            f("ms"),
            format!(
                "{}; handler {:.1}, effects {:.1}, layout {:.1} ms",
                m["count"].as_str().unwrap_or_default(),
                f("sync"),
                f("effects"),
                f("layout")
            ),
        ));
    }
    out
}

#[derive(Debug, serde::Serialize)]
pub struct Memory {
    pub js_heap_bytes: u64,
    /// Zero for a page without wasm.
    pub wasm_memory_bytes: u64,
}

impl Memory {
    pub fn total(&self) -> u64 {
        self.js_heap_bytes + self.wasm_memory_bytes
    }
}

/// The current page's live JS heap after a full garbage collection, and its wasm linear memory.
pub async fn memory(app: &App) -> Memory {
    app.browser
        .cdp("HeapProfiler.collectGarbage", json!({}))
        .await;
    let heap: Value = app.browser.cdp("Runtime.getHeapUsage", json!({})).await;
    let wasm = app
        .browser
        .eval(
            "const w = window.__bench && window.__bench.wasm; \
             return w && w.memory ? w.memory.buffer.byteLength : 0;",
        )
        .await;
    Memory {
        js_heap_bytes: heap["usedSize"].as_f64().unwrap_or_default() as u64,
        wasm_memory_bytes: wasm.as_u64().unwrap_or_default(),
    }
}

/// How deep the wasm stack has reached in this page so far. The stack is the first part of
/// wasm memory (256 kB, `.cargo/config.toml`), starts zero-filled and grows down from its top,
/// so its lowest byte ever written marks the deepest point (approximately: a frame may leave
/// zeros).
pub async fn stack_depth(app: &App) -> u64 {
    app.browser
        .eval(
            "const w = window.__bench && window.__bench.wasm;
             const size = 262144;
             const m = new Uint8Array(w.memory.buffer, 0, size);
             let i = 1024;
             while (i < size && m[i] === 0) i++;
             return size - i;",
        )
        .await
        .as_u64()
        .unwrap_or_default()
}

/// Samples the CPU in Chromium while `path` loads and its rows are painted, saves the profile
/// (open it in DevTools › Performance) and returns the functions with the most self time.
/// Wasm functions have names only in a build that keeps them (see scripts/bench.sh --profile).
pub async fn profile(app: &App, path: &str, out: &std::path::Path) -> Vec<(String, f64)> {
    app.browser.cdp("Profiler.enable", json!({})).await;
    app.browser
        .cdp("Profiler.setSamplingInterval", json!({ "interval": 100 }))
        .await;
    app.browser.cdp("Profiler.start", json!({})).await;
    load(app, path).await;
    stop_profile(app, out).await
}

/// The same for search keystrokes on the list page already open: `text` typed three times.
pub async fn profile_keys(app: &App, text: &str, out: &std::path::Path) -> Vec<(String, f64)> {
    app.browser.cdp("Profiler.enable", json!({})).await;
    app.browser
        .cdp("Profiler.setSamplingInterval", json!({ "interval": 100 }))
        .await;
    app.browser.cdp("Profiler.start", json!({})).await;
    for _ in 0..3 {
        clear_search(app).await;
        keystrokes(app, text).await;
    }
    stop_profile(app, out).await
}

/// Stops the CPU profile, saves it and returns the functions with the most self time.
async fn stop_profile(app: &App, out: &std::path::Path) -> Vec<(String, f64)> {
    let profile = app.browser.cdp("Profiler.stop", json!({})).await["profile"].clone();
    std::fs::write(out, profile.to_string()).expect("write the CPU profile");
    // Self time per function: samples hit a node; each node names its function.
    let nodes = profile["nodes"].as_array().cloned().unwrap_or_default();
    let name_of = |id: &Value| {
        nodes
            .iter()
            .find(|n| &n["id"] == id)
            .map(|n| {
                let f = &n["callFrame"];
                let name = f["functionName"].as_str().unwrap_or_default();
                let url = f["url"].as_str().unwrap_or_default();
                let file = url.rsplit('/').next().unwrap_or_default();
                format!(
                    "{} ({file})",
                    if name.is_empty() { "(anonymous)" } else { name }
                )
            })
            .unwrap_or_default()
    };
    let mut by_name: std::collections::HashMap<String, f64> = Default::default();
    let samples = profile["samples"].as_array().cloned().unwrap_or_default();
    let deltas = profile["timeDeltas"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut names: std::collections::HashMap<String, String> = Default::default();
    for (sample, delta) in samples.iter().zip(deltas.iter().skip(1).chain([&json!(0)])) {
        let key = sample.to_string();
        let name = names.entry(key).or_insert_with(|| name_of(sample)).clone();
        *by_name.entry(name).or_default() += delta.as_f64().unwrap_or_default() / 1000.0;
    }
    let mut top: Vec<(String, f64)> = by_name.into_iter().collect();
    top.sort_by(|a, b| b.1.total_cmp(&a.1));
    top.truncate(30);
    // Then the time spent in (not only directly in) the list's steps, which self time splits
    // among their callees: decoding the windows, and sorting.
    let parent: std::collections::HashMap<&Value, &Value> = nodes
        .iter()
        .flat_map(|n| {
            let children = n["children"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default();
            children.iter().map(move |c| (c, &n["id"]))
        })
        .collect();
    let functions: std::collections::HashMap<&Value, &str> = nodes
        .iter()
        .map(|n| {
            (
                &n["id"],
                n["callFrame"]["functionName"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    let function = |id: &Value| functions.get(id).copied().unwrap_or_default();
    for (step, pattern) in [
        ("decoding the list", "ListFeed"),
        ("sorting", "index::comparison"),
    ] {
        let mut ms = 0.0;
        for (sample, delta) in samples.iter().zip(deltas.iter().skip(1).chain([&json!(0)])) {
            let mut at = Some(sample);
            while let Some(id) = at {
                if function(id).contains(pattern) {
                    ms += delta.as_f64().unwrap_or_default() / 1000.0;
                    break;
                }
                at = parent.get(id).copied();
            }
        }
        if ms > 0.0 {
            top.push((format!("[in all] {step} ({pattern})"), ms));
        }
    }
    top
}

/// A cold load's network waterfall: each resource's start and end, then the first row painted.
pub async fn waterfall(app: &App, path: &str) -> Vec<(String, f64, f64)> {
    cold(app, true).await;
    let render = load(app, path).await;
    cold(app, false).await;
    let entries = app
        .browser
        .eval(
            "return performance.getEntriesByType('resource').map(e => \
             [e.name.replace(location.origin, ''), e.startTime, e.responseEnd]);",
        )
        .await;
    let mut out: Vec<(String, f64, f64)> = serde_json::from_value(entries).unwrap_or_default();
    out.push(("first row painted".into(), render.load_ms, render.load_ms));
    out
}
