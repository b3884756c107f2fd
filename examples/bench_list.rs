//! Benchmark (not a test): how long the job list takes to render 10,000 jobs, and how long one
//! search keystroke takes on them, in headless Chromium against the simulator.
//!
//!     trunk build --release && cargo run --example bench_list
//!
//! Render time runs from the moment the list response has fully arrived (Resource Timing's
//! `responseEnd`) to the first frame after the rows exist (decode, index, render, paint). A
//! keystroke runs from the `input` event to the end of the task that re-rendered the table,
//! layout included.

// Native only: it drives a browser and a simulator (wasm builds see an empty program).
#[cfg(not(target_arch = "wasm32"))]
#[path = "../tests/e2e/support.rs"]
mod support;

#[cfg(not(target_arch = "wasm32"))]
mod bench {

    use crate::support::{self, App, FULL_TOKEN};
    use serde_json::json;

    const JOBS: usize = 10_000;
    const LOADS: usize = 5;
    const KEYS: &str = "nightly api";

    const OBSERVER: &str = r#"
    window.__bench = {};
    new MutationObserver(() => {
      if (!window.__bench.rowsAt && document.querySelector('.jobs-table tbody tr')) {
        window.__bench.rowsAt = performance.now();
        requestAnimationFrame(() => { window.__bench.paintedAt = performance.now(); });
      }
    }).observe(document, { subtree: true, childList: true });
    "#;

    const READ_RENDER: &str = r#"
    const done = arguments[arguments.length - 1];
    const poll = () => {
      const list = performance.getEntriesByType('resource').find(e => e.name.includes('file-upload-job/list'));
      if (window.__bench && window.__bench.paintedAt && list) {
        done({ received: list.responseEnd, painted: window.__bench.paintedAt, rows: document.querySelectorAll('.jobs-table tbody tr').length, bytes: list.encodedBodySize });
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
    setTimeout(() => {
      document.body.offsetHeight;
      done({ ms: performance.now() - t0, count: document.querySelector('.list-count').innerText });
    }, 0);
    "#;

    fn median(values: &mut [f64]) -> f64 {
        values.sort_by(|a, b| a.total_cmp(b));
        values[values.len() / 2]
    }

    fn percentile(values: &mut [f64], p: f64) -> f64 {
        values.sort_by(|a, b| a.total_cmp(b));
        let rank = ((p / 100.0) * values.len() as f64).ceil() as usize;
        values[rank.clamp(1, values.len()) - 1]
    }

    #[tokio::main]
    pub async fn main() {
        let app = App::start_with(zephyr_sim::SimConfig {
            extra_jobs: JOBS,
            ..support::sim_config()
        })
        .await;
        app.sign_in(FULL_TOKEN).await;
        app.browser.cdp("Page.enable", json!({})).await;
        app.browser
            .cdp(
                "Page.addScriptToEvaluateOnNewDocument",
                json!({ "source": OBSERVER }),
            )
            .await;

        let mut render = Vec::new();
        for _ in 0..LOADS {
            app.open("/jobs?project=1&release=10").await;
            let m = app
                .browser
                .client
                .execute_async(READ_RENDER, vec![])
                .await
                .expect("render measured");
            let ms = m["painted"].as_f64().unwrap() - m["received"].as_f64().unwrap();
            println!(
                "load: {} rows on screen of {} jobs ({:.1} MB), data received to rows painted {:.1} ms",
                m["rows"],
                JOBS + 9,
                m["bytes"].as_f64().unwrap_or(0.0) / 1e6,
                ms
            );
            render.push(ms);
        }

        let mut keys = Vec::new();
        for round in 0..3 {
            app.browser.fill("input[type=search]", "").await;
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            for ch in KEYS.chars() {
                let m = app
                    .browser
                    .client
                    .execute_async(KEYSTROKE, vec![json!(ch.to_string())])
                    .await
                    .expect("keystroke measured");
                let ms = m["ms"].as_f64().unwrap();
                if round == 0 {
                    println!(
                        "key {ch:?}: {ms:.1} ms ({})",
                        m["count"].as_str().unwrap_or_default()
                    );
                }
                keys.push(ms);
            }
        }
        println!();
        println!(
            "render 10,000-job list, median of {LOADS}: {:.1} ms",
            median(&mut render)
        );
        println!(
            "search keystroke on 10,000 jobs, {} keystrokes: median {:.1} ms, p95 {:.1} ms",
            keys.len(),
            median(&mut keys.clone()),
            percentile(&mut keys, 95.0)
        );
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    bench::main();
}

#[cfg(target_arch = "wasm32")]
fn main() {}
