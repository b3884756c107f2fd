//! Benchmark (not a test; issue #8): the release build against the simulator with 10,000 jobs in
//! headless Chromium, next to plain-JS baselines (`bench/vanilla/`). Prints a table and writes
//! every figure and run to `target/bench/results.json`.
//!
//!     bash scripts/bench.sh        # or: trunk build --release && cargo run --example bench
//!
//! - P1 transfer size of the wasm, JS and CSS as served: raw, gzip -9, brotli 11.
//! - P2 list response received to the first frame with rows painted: the app's list page and a
//!   vanilla page doing the same work with DOM calls, alternated.
//! - P3 one search keystroke on the 10,000 jobs: `input` event to the re-rendered, laid-out table.
//! - P4 cold load (HTTP cache off) to the first job row painted, against a static page that
//!   fetches the same JSON and writes one row, alternated.
//! - P5 requests while the list watches 20 running jobs for 60 s, then while the tab is hidden;
//!   and 100 runs in the tab's run store for 60 s: requests per second, in flight per job, and
//!   the delay from a run's end on the server to the screen.
//! - Memory: JS heap (after a GC) plus wasm linear memory with the 10,000-job list on screen.
//! - A1 the Activity page with 100 lanes: frame times while the running bars grow.

// Native only: it drives a browser and a simulator (wasm builds see an empty program).
#[cfg(not(target_arch = "wasm32"))]
#[path = "../../tests/e2e/support.rs"]
mod support;

#[cfg(not(target_arch = "wasm32"))]
mod activity;
#[cfg(not(target_arch = "wasm32"))]
mod page;
#[cfg(not(target_arch = "wasm32"))]
mod polling;
#[cfg(not(target_arch = "wasm32"))]
mod report;
#[cfg(not(target_arch = "wasm32"))]
mod scheduler;
// The 100-run helpers of the scheduler's end-to-end test, shared (its tests are not built here).
#[cfg(not(target_arch = "wasm32"))]
#[allow(dead_code, unused_imports)]
#[path = "../../tests/e2e/scheduler.rs"]
mod e2e_scheduler;
#[cfg(not(target_arch = "wasm32"))]
mod size;

#[cfg(not(target_arch = "wasm32"))]
mod bench {
    use std::path::{Path, PathBuf};

    use serde_json::json;

    use crate::page::{self, APP_LIST, VANILLA_FIRST_ROW, VANILLA_LIST};
    use crate::report::{self, median, percentile};
    use crate::support::{self, App, FULL_TOKEN};
    use crate::{activity, polling, scheduler, size};

    pub const JOBS: usize = 10_000;
    /// Runs of each side for P2 and P4, alternated app / baseline.
    const RUNS: usize = 7;
    const KEYS: &str = "nightly api";
    const KEY_ROUNDS: usize = 3;
    /// Slow enough that every run started for P5 is still going when the watch ends
    /// (a run takes 20-40 s at speed 1; P1-P4 run no jobs).
    const SPEED: f64 = 0.2;

    fn root() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    /// The dist plus the vanilla pages (under `/bench/`), with the app's stylesheets linked into
    /// them so both sides lay out the same CSS.
    fn stage_site(dist: &Path) -> PathBuf {
        let site = root().join("target/bench/site");
        let _ = std::fs::remove_dir_all(&site);
        std::fs::create_dir_all(site.join("bench")).expect("create target/bench/site");
        let mut css = Vec::new();
        for entry in std::fs::read_dir(dist).expect("read dist") {
            let path = entry.expect("dist entry").path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.ends_with(".css") {
                css.push(format!(r#"<link rel="stylesheet" href="/{name}" />"#));
            }
            std::fs::copy(&path, site.join(&name)).expect("copy dist file");
        }
        css.sort();
        let vanilla = root().join("bench/vanilla");
        for entry in std::fs::read_dir(&vanilla).expect("read bench/vanilla") {
            let path = entry.expect("vanilla entry").path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let mut text = std::fs::read_to_string(&path).expect("read vanilla file");
            if name.ends_with(".html") {
                text = text.replacen(
                    "<!-- app-css",
                    &format!("{}\n    <!-- app-css", css.join("")),
                    1,
                );
            }
            std::fs::write(site.join("bench").join(&name), text).expect("write vanilla file");
        }
        site
    }

    #[tokio::main]
    pub async fn main() {
        let dist = support::dist_dir();
        let site = stage_site(&dist);
        let app = App::start_with(zephyr_sim::SimConfig {
            extra_jobs: JOBS,
            speed: SPEED,
            static_dir: Some(site),
            ..support::sim_config()
        })
        .await;
        let user_agent = app.browser.eval("return navigator.userAgent").await;

        println!("P1 transfer size ...");
        let transfer = size::measure(&app.sim.url(), &dist).await;

        app.sign_in(FULL_TOKEN).await;
        app.browser.cdp("Page.enable", json!({})).await;
        app.browser
            .cdp(
                "Page.addScriptToEvaluateOnNewDocument",
                json!({ "source": page::OBSERVER }),
            )
            .await;

        // BENCH_ACTIVITY=1: only A1, the Activity page's frame times (about a minute).
        if std::env::var_os("BENCH_ACTIVITY").is_some() {
            let frames = activity::measure(&app).await;
            let out = root().join("target/bench/activity.json");
            std::fs::write(&out, serde_json::to_string_pretty(&frames).unwrap())
                .expect("write activity.json");
            println!("{}", serde_json::to_string_pretty(&frames).unwrap());
            return;
        }

        // BENCH_PROFILE=1: a CPU profile of the list page loading, instead of the figures.
        if std::env::var_os("BENCH_PROFILE").is_some() {
            page::load(&app, APP_LIST).await;
            for (path, name) in [(APP_LIST, "app"), (VANILLA_LIST, "vanilla")] {
                let out = root().join(format!("target/bench/{name}-list.cpuprofile"));
                println!(
                    "\n{name}: self time while loading {path} ({})",
                    out.display()
                );
                for (function, ms) in page::profile(&app, path, &out).await {
                    println!("  {ms:8.1} ms  {function}");
                }
            }
            for (path, name) in [(APP_LIST, "app"), (VANILLA_FIRST_ROW, "static page")] {
                println!("\n{name}: cold load waterfall of {path} (ms from navigation start)");
                for (what, start, end) in page::waterfall(&app, path).await {
                    println!("  {start:7.1} {end:7.1}  {what}");
                }
            }
            return;
        }

        println!("P2 render, {RUNS} runs each, alternated ...");
        let (mut app_render, mut vanilla_render) = (Vec::new(), Vec::new());
        let mut rows = (0, 0);
        let mut list_bytes = 0;
        for run in 0..RUNS {
            let a = page::load(&app, APP_LIST).await;
            let v = page::load(&app, VANILLA_LIST).await;
            println!(
                "  run {}: app {:.1} ms ({} rows), vanilla {:.1} ms ({} rows)",
                run + 1,
                a.render_ms,
                a.rows,
                v.render_ms,
                v.rows
            );
            rows = (a.rows, v.rows);
            list_bytes = a.bytes;
            app_render.push(a.render_ms);
            vanilla_render.push(v.render_ms);
        }

        println!("memory ...");
        page::load(&app, VANILLA_LIST).await;
        let vanilla_memory = page::memory(&app).await;
        page::load(&app, APP_LIST).await;
        let app_memory = page::memory(&app).await;

        println!("P3 keystrokes ...");
        let mut keys = Vec::new();
        for round in 0..KEY_ROUNDS {
            app.browser.fill("input[type=search]", "").await;
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            for (ch, ms, count) in page::keystrokes(&app, KEYS).await {
                if round == 0 {
                    println!("  key {ch:?}: {ms:.1} ms ({count})");
                }
                keys.push(ms);
            }
        }

        println!("P4 cold load, {RUNS} runs each, alternated ...");
        page::cold(&app, true).await;
        let (mut app_load, mut static_load) = (Vec::new(), Vec::new());
        for run in 0..RUNS {
            page::cold(&app, true).await;
            let a = page::load(&app, APP_LIST).await;
            page::cold(&app, true).await;
            let s = page::load(&app, VANILLA_FIRST_ROW).await;
            println!(
                "  run {}: app {:.1} ms, static page {:.1} ms",
                run + 1,
                a.load_ms,
                s.load_ms
            );
            app_load.push(a.load_ms);
            static_load.push(s.load_ms);
        }
        page::cold(&app, false).await;

        println!(
            "P5 polling: {} jobs run, watched {} s, then hidden {} s ...",
            polling::WATCHED,
            polling::WATCH.as_secs(),
            polling::HIDDEN.as_secs()
        );
        let poll = polling::measure(&app).await;

        println!(
            "P5 scheduler: {} runs in the store for {} s, one on screen ...",
            scheduler::RUNS,
            scheduler::WATCH.as_secs()
        );
        let sched = scheduler::measure(root().join("target/bench/site")).await;

        println!(
            "A1 Activity: {} lanes, frames for {} s ...",
            activity::LANES,
            activity::MEASURE.as_secs()
        );
        let frames = activity::measure(&app).await;

        let results = json!({
            "date": report::utc_now(),
            "machine": report::machine(),
            "browser": user_agent,
            "jobs": JOBS,
            "list_response_bytes": list_bytes,
            "p1_transfer": transfer,
            "p2_render": {
                "app_ms": app_render, "vanilla_ms": vanilla_render,
                "app_median_ms": median(&app_render), "vanilla_median_ms": median(&vanilla_render),
                "ratio": median(&app_render) / median(&vanilla_render),
                "rows": { "app": rows.0, "vanilla": rows.1 },
            },
            "p3_keystroke": {
                "text": KEYS, "ms": keys,
                "median_ms": median(&keys), "p95_ms": percentile(&keys, 95.0),
            },
            "p4_cold_load": {
                "app_ms": app_load, "static_page_ms": static_load,
                "app_median_ms": median(&app_load), "static_page_median_ms": median(&static_load),
                "ratio": median(&app_load) / median(&static_load),
            },
            "p5_polling": poll,
            "p5_scheduler": sched,
            "a1_activity_frames": frames,
            "memory": {
                "app": app_memory, "app_total_bytes": app_memory.total(),
                "vanilla": vanilla_memory, "vanilla_total_bytes": vanilla_memory.total(),
            },
        });
        let out = root().join("target/bench/results.json");
        std::fs::write(&out, serde_json::to_string_pretty(&results).unwrap())
            .expect("write results.json");
        println!();
        report::print(&results);
        println!("\nwritten to {}", out.display());
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    bench::main();
}

#[cfg(target_arch = "wasm32")]
fn main() {}
