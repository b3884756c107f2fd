//! A1: the Activity page with 100 lanes while the bars grow. Starts 100 jobs through the list's
//! Run selected (two pages of runnable jobs beyond the first, which P5 uses), opens Activity, and
//! records the time between animation frames for 10 s (`requestAnimationFrame` deltas) plus
//! long tasks (over 50 ms), while the page's clock widens every running bar once a second.

use std::time::Duration;

use serde::Serialize;
use serde_json::{json, Value};

use crate::report::{median, percentile};
use crate::support::App;

pub const LANES: usize = 100;
pub const MEASURE: Duration = Duration::from_secs(10);

#[derive(Debug, Serialize)]
pub struct Frames {
    pub lanes: usize,
    pub running_bars: usize,
    pub seconds: u64,
    pub frames: usize,
    pub median_ms: f64,
    pub p95_ms: f64,
    pub max_ms: f64,
    pub long_tasks: usize,
    /// The first running bar's width at the start and at the end: the bars did grow.
    pub bar_width_before: f64,
    pub bar_width_after: f64,
}

/// Ticks the runnable rows of the page shown (their last run ended, or they never ran), up to
/// `arguments[0]`; returns how many.
const TICK_RUNNABLE: &str = r#"
const want = arguments[0];
let n = 0;
for (const tr of document.querySelectorAll('.jobs-table tbody tr')) {
  if (n >= want) break;
  const badge = tr.querySelector('.badge');
  const ok = /badge-(completed|failed|cancelled)/.test(badge.className)
    || (/badge-new/.test(badge.className) && tr.querySelector('span.muted'));
  const box = tr.querySelector('input[type=checkbox]');
  if (ok && box && !box.checked) { box.click(); n++; }
}
return n;
"#;

const FIRST_BAR_WIDTH: &str = r#"
const bar = document.querySelector('.activity-chart .bar-running');
return bar ? parseFloat(bar.getAttribute('width')) : -1;
"#;

const FRAMES: &str = r#"
const done = arguments[arguments.length - 1];
const ms = arguments[0];
const deltas = [];
let longTasks = 0;
const observer = new PerformanceObserver(list => { longTasks += list.getEntries().length; });
try { observer.observe({ type: 'longtask', buffered: false }); } catch (e) {}
let last = performance.now();
const end = last + ms;
function frame(t) {
  deltas.push(t - last);
  last = t;
  if (t < end) requestAnimationFrame(frame);
  else { observer.disconnect(); done({ deltas, longTasks }); }
}
requestAnimationFrame(frame);
"#;

pub async fn measure(app: &App) -> Frames {
    let mut started = 0;
    // Pages 3 onwards of release 10's list (page 1 is P5's).
    let mut page = 3;
    while started < LANES {
        app.open(&format!("/jobs?project=1&release=10&page={page}"))
            .await;
        app.browser.wait_for(".jobs-table tbody tr").await;
        let ticked = app
            .browser
            .client
            .execute(TICK_RUNNABLE, vec![json!(LANES - started)])
            .await
            .expect("tick rows")
            .as_u64()
            .unwrap_or(0) as usize;
        if ticked > 0 {
            app.browser.click(".bulk-actions .run-jobs-button").await;
            app.browser.wait_for(".run-results").await;
            started += ticked;
        }
        page += 1;
        assert!(page < 40, "not enough runnable jobs for {LANES} lanes");
    }

    app.open("/activity").await;
    app.browser.wait_for(".activity-chart .bar-running").await;
    let lanes = count(app, ".activity-chart .lane").await;
    let running_bars = count(
        app,
        ".activity-chart .bar-running, .activity-chart .bar-queued",
    )
    .await;
    // Let the page settle after its first render.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let before = app
        .browser
        .eval(FIRST_BAR_WIDTH)
        .await
        .as_f64()
        .unwrap_or(-1.0);
    let result = app
        .browser
        .client
        .execute_async(FRAMES, vec![json!(MEASURE.as_millis() as u64)])
        .await
        .expect("frames recorded");
    let after = app
        .browser
        .eval(FIRST_BAR_WIDTH)
        .await
        .as_f64()
        .unwrap_or(-1.0);
    let deltas: Vec<f64> = result["deltas"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_f64)
        .skip(1)
        .collect();
    Frames {
        lanes,
        running_bars,
        seconds: MEASURE.as_secs(),
        frames: deltas.len(),
        median_ms: median(&deltas),
        p95_ms: percentile(&deltas, 95.0),
        max_ms: deltas.iter().copied().fold(0.0, f64::max),
        long_tasks: result["longTasks"].as_u64().unwrap_or(0) as usize,
        bar_width_before: before,
        bar_width_after: after,
    }
}

async fn count(app: &App, css: &str) -> usize {
    app.browser
        .client
        .execute(
            "return document.querySelectorAll(arguments[0]).length",
            vec![json!(css)],
        )
        .await
        .expect("count")
        .as_u64()
        .unwrap_or(0) as usize
}
