//! The printed table: each figure, the baseline it is compared with, and the issue's target.

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

/// Every run of a figure with its min, median and max: the table prints the spread beside the
/// median so a reader sees the noise, and results.json keeps the runs.
pub fn spread(values: &[f64]) -> Value {
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    json!({ "runs": values, "min": min, "median": median(values), "max": max })
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

/// `/proc/loadavg`: the figures are noisy when other work shares the machine.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .trim()
        .to_string()
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
        "load_average": load_average(),
    })
}

fn n(v: &Value) -> u64 {
    v.as_u64().unwrap_or_default()
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_default()
}

fn kb(bytes: &Value) -> String {
    format!("{:.1} kB", f(bytes) / 1000.0)
}

fn mb(bytes: f64) -> String {
    format!("{:.1} MB", bytes / 1e6)
}

/// `median (min-max) unit` of a [`spread`], each number scaled by `scale`.
fn mmm(s: &Value, unit: &str, scale: f64) -> String {
    format!(
        "{:.1} ({:.1}-{:.1}) {unit}",
        f(&s["median"]) / scale,
        f(&s["min"]) / scale,
        f(&s["max"]) / scale
    )
}

fn ms(s: &Value) -> String {
    mmm(s, "ms", 1.0)
}

fn verdict(met: bool) -> String {
    if met { "met" } else { "NOT MET" }.into()
}

/// One line of the table: figure, app, baseline, target, met / not met.
pub type Row = [String; 5];

pub fn row(figure: &str, app: String, baseline: String, target: &str, met: bool) -> Row {
    [figure.into(), app, baseline, target.into(), verdict(met)]
}

/// A line with no target of its own (shown for context).
pub fn info(figure: &str, app: String, baseline: String) -> Row {
    [figure.into(), app, baseline, "-".into(), "-".into()]
}

/// Baseline `median (min-max) ms (ratio of medians)` and whether the ratio meets `target`.
fn versus(app: &Value, baseline: &Value, label: &str, target: f64) -> (String, bool) {
    let ratio = f(&app["median"]) / f(&baseline["median"]);
    (
        format!("{label} {} = {ratio:.2}x", ms(baseline)),
        ratio <= target,
    )
}

fn p1_files(t: &Value) {
    println!("P1 transfer size: raw, gzip -9, brotli 11, and as served (Accept-Encoding br, gzip)");
    let line = |name: &str, s: &Value| {
        println!(
            "  {:<40} {:>10} {:>10} {:>10} {:>12} {:>12}",
            name,
            n(&s["raw"]),
            n(&s["gzip"]),
            n(&s["brotli"]),
            n(&s["served_br"]),
            n(&s["served_gzip"])
        );
    };
    println!(
        "  {:<40} {:>10} {:>10} {:>10} {:>12} {:>12}",
        "file", "raw", "gzip -9", "brotli 11", "served br", "served gzip"
    );
    for a in t["assets"].as_array().into_iter().flatten() {
        line(a["file"].as_str().unwrap_or_default(), a);
    }
    for (label, key) in [
        ("wasm (main module)", "wasm"),
        ("js", "js"),
        ("css", "css"),
        ("total: a first load", "total"),
        ("chunks: each when its page opens", "chunks"),
        ("all files", "all"),
    ] {
        if !t[key].is_null() {
            line(label, &t[key]);
        }
    }
    println!();
}

/// The rows of issue #15's targets, each with the spread of its runs.
fn rows(r: &Value) -> Vec<Row> {
    let t = &r["p1_transfer"]["total"];
    let (p2, p3, p4) = (&r["p2_render"], &r["p3_keystroke"], &r["p4_cold_load"]);
    let (p5, m, slow) = (&r["p5_polling"], &r["memory"], &r["slow_link"]);
    let (p2_base, p2_met) = versus(&p2["app"], &p2["vanilla"], "vanilla", 1.1);
    let (p4_base, p4_met) = versus(&p4["app"], &p4["static_page"], "static", 1.25);
    let mut rows = vec![
        row(
            "P1 wasm+JS+CSS, gzip -9",
            format!(
                "{} (brotli 11: {}; + chunks when opened: {})",
                kb(&t["gzip"]),
                kb(&t["brotli"]),
                kb(&r["p1_transfer"]["chunks"]["gzip"])
            ),
            "-".into(),
            "<= 250 kB",
            f(&t["gzip"]) <= 250_000.0,
        ),
        row(
            "P1 as served, br / gzip",
            format!("{} / {}", kb(&t["served_br"]), kb(&t["served_gzip"])),
            "-".into(),
            "<= 250 kB (br)",
            f(&t["served_br"]) > 0.0 && f(&t["served_br"]) <= 250_000.0,
        ),
        row(
            "P2 render 10,000 jobs",
            ms(&p2["app"]),
            p2_base,
            "<= 1.1x",
            p2_met,
        ),
        row(
            "P3 keystroke median",
            ms(&p3["spread"]),
            format!("vanilla {}", ms(&p3["vanilla"]["spread"])),
            "<= 8 ms",
            f(&p3["spread"]["median"]) <= 8.0,
        ),
        row(
            "P3 keystroke p95",
            format!("{:.1} ms", f(&p3["p95_ms"])),
            format!("vanilla {:.1} ms", f(&p3["vanilla"]["p95_ms"])),
            "<= 16 ms",
            f(&p3["p95_ms"]) <= 16.0,
        ),
        row(
            "P4 cold load to first row",
            ms(&p4["app"]),
            p4_base,
            "<= 1.25x",
            p4_met,
        ),
        row(
            "Memory, JS heap + wasm",
            mmm(&m["app_total_bytes"], "MB", 1e6),
            format!("vanilla {}", mmm(&m["vanilla_total_bytes"], "MB", 1e6)),
            "<= 10 MB",
            f(&m["app_total_bytes"]["median"]) <= 10e6,
        ),
    ];
    if !slow.is_null() {
        let (base, met) = versus(&slow["app_row"], &slow["static_row"], "static", 1.25);
        rows.push(row(
            "Slow link: first contentful paint",
            ms(&slow["app_fcp"]),
            format!("static {}", ms(&slow["static_fcp"])),
            "<= 500 ms",
            f(&slow["app_fcp"]["median"]) <= 500.0,
        ));
        rows.push(info(
            "Slow link: blank until first paint",
            ms(&slow["app_first_paint"]),
            format!("static {}", ms(&slow["static_first_paint"])),
        ));
        rows.push(row(
            "Slow link: first row",
            ms(&slow["app_row"]),
            base,
            "<= 1.25x",
            met,
        ));
        if !slow["app_sign_in"].is_null() {
            rows.push(info(
                "Slow link: a new tab's sign-in form",
                ms(&slow["app_sign_in"]),
                "-".into(),
            ));
        }
    }
    rows.push(row(
        &format!(
            "P5 {} running jobs, {} s",
            p5["jobs_run"], p5["watch_seconds"]
        ),
        format!(
            "{} req. for {} jobs ({:.1}/job/min), max {} in flight/job",
            p5["progress_requests"],
            p5["jobs_polled"],
            f(&p5["requests_per_job_per_minute"]),
            p5["max_in_flight_per_job"]
        ),
        "-".into(),
        "<= 1 in flight per job",
        p5["max_in_flight_per_job"].as_u64().unwrap_or(99) <= 1,
    ));
    rows.push(row(
        &format!("P5 tab hidden, {} s", p5["hidden_seconds"]),
        format!("{} requests", p5["requests_while_hidden"]),
        "-".into(),
        "0",
        p5["requests_while_hidden"].as_u64() == Some(0),
    ));
    rows
}

/// Prints the results: P1's files, then one row per target (median, then min-max of the runs).
/// Figures measured elsewhere add their rows through `extra`.
pub fn print(r: &Value, extra: Vec<Row>) {
    p1_files(&r["p1_transfer"]);
    let header = [
        "figure",
        "app: median (min-max)",
        "baseline",
        "target",
        "result",
    ];
    for row in std::iter::once(header.map(String::from))
        .chain(rows(r))
        .chain(extra)
    {
        println!(
            "  {:<34} {:<48} {:<44} {:<22} {}",
            row[0], row[1], row[2], row[3], row[4]
        );
    }
    println!(
        "\n  {} jobs, list response {}; {} cores, CPU {}; {}; load average {} at the start, {} at the end",
        r["jobs"],
        mb(f(&r["list_response_bytes"])),
        r["machine"]["cores"].as_str().unwrap_or_default(),
        r["machine"]["cpu"].as_str().unwrap_or_default(),
        r["machine"]["chromium"].as_str().unwrap_or_default(),
        r["load_average_start"].as_str().unwrap_or_default(),
        r["machine"]["load_average"].as_str().unwrap_or_default(),
    );
}
