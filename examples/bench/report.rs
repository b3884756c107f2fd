//! The printed table: each figure, the baseline it is compared with, and the target.

use std::process::Command;

use serde_json::{json, Value};

pub fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Nearest-rank percentile.
pub fn percentile(values: &[f64], p: f64) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    let rank = ((p / 100.0) * v.len() as f64).ceil() as usize;
    v[rank.clamp(1, v.len()) - 1]
}

fn run(cmd: &str, args: &[&str]) -> String {
    Command::new(cmd)
        .args(args)
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

pub fn utc_now() -> String {
    run("date", &["-u", "+%Y-%m-%dT%H:%M:%SZ"])
}

/// Cores, CPU model and Chromium, as the README names the machine.
pub fn machine() -> Value {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_default();
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "chromium".into());
    json!({
        "cores": run("nproc", &[]),
        "cpu": cpu,
        "chromium": run(&chromium, &["--version"]),
        "load_average": std::fs::read_to_string("/proc/loadavg").unwrap_or_default().trim(),
    })
}

fn n(v: &Value) -> u64 {
    v.as_u64().unwrap_or_default()
}

fn kb(bytes: &Value) -> String {
    format!("{:.1} kB", bytes.as_f64().unwrap_or_default() / 1000.0)
}

fn ms(v: &Value) -> String {
    format!("{:.1} ms", v.as_f64().unwrap_or_default())
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// One 60 Hz frame, with the timer jitter headless Chromium's rAF shows when idle.
const A1_FRAME_MS: f64 = 16.7 * 1.1;

fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "NOT MET"
    }
}

/// Prints the results as a table of figure, app, baseline, ratio and target.
pub fn print(r: &Value) {
    let t = &r["p1_transfer"];
    println!("P1 transfer size (as served, then gzip -9 and brotli 11)");
    println!(
        "  {:<40} {:>12} {:>12} {:>12}",
        "file", "raw", "gzip", "brotli"
    );
    for a in t["assets"].as_array().into_iter().flatten() {
        println!(
            "  {:<40} {:>12} {:>12} {:>12}",
            a["file"].as_str().unwrap_or_default(),
            n(&a["raw"]),
            n(&a["gzip"]),
            n(&a["brotli"])
        );
    }
    for kind in ["wasm", "js", "css", "total"] {
        println!(
            "  {:<40} {:>12} {:>12} {:>12}",
            kind,
            n(&t[kind]["raw"]),
            n(&t[kind]["gzip"]),
            n(&t[kind]["brotli"])
        );
    }
    println!();

    let gz = t["total"]["gzip"].as_f64().unwrap_or_default();
    let p2 = &r["p2_render"];
    let p3 = &r["p3_keystroke"];
    let p4 = &r["p4_cold_load"];
    let p5 = &r["p5_polling"];
    let s5 = &r["p5_scheduler"];
    let m = &r["memory"];
    let ratio = |v: &Value| v.as_f64().unwrap_or_default();
    let rows: Vec<[String; 5]> = vec![
        [
            "P1 wasm+JS+CSS, gzip".into(),
            kb(&t["total"]["gzip"]),
            "-".into(),
            "<= 250 kB".into(),
            verdict(gz <= 250_000.0).into(),
        ],
        [
            "P2 render 10,000 jobs (median)".into(),
            ms(&p2["app_median_ms"]),
            format!(
                "{} ({:.2}x)",
                ms(&p2["vanilla_median_ms"]),
                ratio(&p2["ratio"])
            ),
            "<= 1.3x".into(),
            verdict(ratio(&p2["ratio"]) <= 1.3).into(),
        ],
        [
            "P3 keystroke median / p95".into(),
            format!("{} / {}", ms(&p3["median_ms"]), ms(&p3["p95_ms"])),
            "-".into(),
            "median <= 16 ms".into(),
            verdict(ratio(&p3["median_ms"]) <= 16.0).into(),
        ],
        [
            "P4 cold load to first row (median)".into(),
            ms(&p4["app_median_ms"]),
            format!(
                "{} ({:.2}x)",
                ms(&p4["static_page_median_ms"]),
                ratio(&p4["ratio"])
            ),
            "<= 1.5x".into(),
            verdict(ratio(&p4["ratio"]) <= 1.5).into(),
        ],
        [
            format!(
                "P5 {} running jobs, {} s",
                p5["jobs_run"], p5["watch_seconds"]
            ),
            format!(
                "{} req. for {} jobs ({:.1}/job/min), max {} in flight/job",
                p5["progress_requests"],
                p5["jobs_polled"],
                ratio(&p5["requests_per_job_per_minute"]),
                p5["max_in_flight_per_job"]
            ),
            "-".into(),
            "<= 1 in flight per job".into(),
            verdict(p5["max_in_flight_per_job"].as_u64().unwrap_or(99) <= 1).into(),
        ],
        [
            format!("P5 tab hidden, {} s", p5["hidden_seconds"]),
            format!("{} requests", p5["requests_while_hidden"]),
            "-".into(),
            "0".into(),
            verdict(p5["requests_while_hidden"].as_u64() == Some(0)).into(),
        ],
        [
            format!(
                "P5 scheduler, {} runs, {} s",
                s5["runs"], s5["watch_seconds"]
            ),
            format!(
                "{:.2} req/s (most {} in 5 s), max {} in flight/job",
                ratio(&s5["requests_per_second"]),
                s5["most_in_any_5_s"],
                s5["max_in_flight_per_job"]
            ),
            "-".into(),
            "<= 2/s, 1 in flight".into(),
            verdict(
                ratio(&s5["requests_per_second"]) <= 2.0
                    && s5["most_in_any_5_s"].as_u64().unwrap_or(99) <= 10
                    && s5["max_in_flight_per_job"].as_u64().unwrap_or(99) <= 1,
            )
            .into(),
        ],
        [
            "P5 scheduler, end to screen".into(),
            format!(
                "on screen {} ms; store worst {} ms ({} ended)",
                s5["on_screen_delay_ms"], s5["store_worst_delay_ms"], s5["store_ended"]
            ),
            "-".into(),
            "on screen <= 10 s".into(),
            verdict(
                s5["on_screen_delay_ms"]
                    .as_i64()
                    .is_some_and(|d| d <= 10_000),
            )
            .into(),
        ],
        [
            format!(
                "A1 Activity, {} lanes growing",
                r["a1_activity_frames"]["lanes"]
            ),
            format!(
                "frame median {} / p95 {} / max {}, {} long tasks",
                ms(&r["a1_activity_frames"]["median_ms"]),
                ms(&r["a1_activity_frames"]["p95_ms"]),
                ms(&r["a1_activity_frames"]["max_ms"]),
                r["a1_activity_frames"]["long_tasks"]
            ),
            "-".into(),
            format!("p95 <= {A1_FRAME_MS:.1} ms, no long task"),
            verdict(
                ratio(&r["a1_activity_frames"]["p95_ms"]) <= A1_FRAME_MS
                    && r["a1_activity_frames"]["long_tasks"].as_u64() == Some(0),
            )
            .into(),
        ],
        [
            "Memory, JS heap + wasm".into(),
            format!(
                "{} ({} + {})",
                mb(m["app_total_bytes"].as_u64().unwrap_or_default()),
                mb(m["app"]["js_heap_bytes"].as_u64().unwrap_or_default()),
                mb(m["app"]["wasm_memory_bytes"].as_u64().unwrap_or_default())
            ),
            format!(
                "{} (vanilla)",
                mb(m["vanilla_total_bytes"].as_u64().unwrap_or_default())
            ),
            "-".into(),
            "(no target)".into(),
        ],
    ];
    let header = ["figure", "app", "baseline", "target", "result"].map(String::from);
    for row in std::iter::once(header).chain(rows) {
        println!(
            "  {:<36} {:<52} {:<22} {:<22} {}",
            row[0], row[1], row[2], row[3], row[4]
        );
    }
    println!(
        "\n  {} jobs, list response {}; {} cores, {}; {}; load average {}",
        r["jobs"],
        mb(r["list_response_bytes"].as_u64().unwrap_or_default()),
        r["machine"]["cores"].as_str().unwrap_or_default(),
        r["machine"]["cpu"].as_str().unwrap_or_default(),
        r["machine"]["chromium"].as_str().unwrap_or_default(),
        r["machine"]["load_average"].as_str().unwrap_or_default(),
    );
}
