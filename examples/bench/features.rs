//! The table rows of the figures the round-two features added (the scheduler at 100 runs, the
//! palette, the Activity page), beside issue #15's rows in `report`.

use serde_json::Value;

use crate::report::{row, Row};

/// One 60 Hz frame, with the timer jitter headless Chromium's rAF shows when idle.
const A1_FRAME_MS: f64 = 16.7 * 1.1;

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_default()
}

pub fn rows(r: &Value) -> Vec<Row> {
    let (s5, p6, a1) = (
        &r["p5_scheduler"],
        &r["p6_palette"],
        &r["a1_activity_frames"],
    );
    let palette = &p6["spread"];
    vec![
        row(
            &format!(
                "P5 scheduler, {} runs, {} s",
                s5["runs"], s5["watch_seconds"]
            ),
            format!(
                "{:.2} req/s (most {} in 5 s), max {} in flight/job",
                f(&s5["requests_per_second"]),
                s5["most_in_any_5_s"],
                s5["max_in_flight_per_job"]
            ),
            "-".into(),
            "<= 2/s, 1 in flight",
            f(&s5["requests_per_second"]) <= 2.0
                && s5["most_in_any_5_s"].as_u64().unwrap_or(99) <= 10
                && s5["max_in_flight_per_job"].as_u64().unwrap_or(99) <= 1,
        ),
        row(
            "P5 scheduler, end to screen",
            format!(
                "on screen {} ms; store worst {} ms ({} ended)",
                s5["on_screen_delay_ms"], s5["store_worst_delay_ms"], s5["store_ended"]
            ),
            "-".into(),
            "on screen <= 10 s",
            s5["on_screen_delay_ms"]
                .as_i64()
                .is_some_and(|d| d <= 10_000),
        ),
        row(
            "P6 palette keystroke",
            format!(
                "{:.1} ({:.1}-{:.1}) ms, p95 {:.1} ms",
                f(&palette["median"]),
                f(&palette["min"]),
                f(&palette["max"]),
                f(&p6["p95_ms"])
            ),
            "-".into(),
            "median <= 16 ms",
            f(&palette["median"]) <= 16.0,
        ),
        row(
            &format!("A1 Activity, {} lanes growing", a1["lanes"]),
            format!(
                "frame median {:.1} / p95 {:.1} / max {:.1} ms, {} long tasks",
                f(&a1["median_ms"]),
                f(&a1["p95_ms"]),
                f(&a1["max_ms"]),
                a1["long_tasks"]
            ),
            "-".into(),
            &format!("p95 <= {A1_FRAME_MS:.1} ms, no long task"),
            f(&a1["p95_ms"]) <= A1_FRAME_MS && a1["long_tasks"].as_u64() == Some(0),
        ),
    ]
}
