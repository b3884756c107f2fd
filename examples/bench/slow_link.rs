//! First load on a slow link (issue #15): Chromium's network emulation at 2 Mbit/s with 150 ms
//! latency, HTTP cache off, the app against the static page that fetches the same list and writes
//! one row, alternated. Both open release 11 (one job): the 10,000-job list is 5.6 MB, 22 s on
//! this link for either side, which would drown what the figure is about (what the page shows
//! while the app's own files arrive).

use serde_json::{json, Value};

use crate::page;
use crate::report::spread;
use crate::support::App;

pub const APP: &str = "/jobs?project=1&release=11";
pub const STATIC: &str = "/bench/first-row.html?release=11";
const RUNS: usize = 3;
/// 2 Mbit/s in bytes per second, and the round trip's added latency.
const THROUGHPUT: f64 = 2_000_000.0 / 8.0;
const LATENCY_MS: f64 = 150.0;

const PAINTS: &str = r#"
const done = arguments[arguments.length - 1];
const t0 = performance.now();
const at = n => (performance.getEntriesByName(n)[0] || { startTime: -1 }).startTime;
const poll = () => {
  const p = [at('first-paint'), at('first-contentful-paint')];
  if ((p[0] >= 0 && p[1] >= 0) || performance.now() - t0 > 3000) { done(p); } else { setTimeout(poll, 20); }
};
poll();
"#;

async fn throttle(app: &App, on: bool) {
    let (latency, throughput) = if on {
        (LATENCY_MS, THROUGHPUT)
    } else {
        (0.0, -1.0)
    };
    app.browser
        .cdp(
            "Network.emulateNetworkConditions",
            json!({ "offline": false, "latency": latency,
                    "downloadThroughput": throughput, "uploadThroughput": throughput }),
        )
        .await;
}

/// (first paint, first contentful paint, first row painted), ms from navigation start.
async fn one(app: &App, path: &str) -> (f64, f64, f64) {
    page::cold(app, true).await;
    let render = page::load(app, path).await;
    // Paint entries are queued after the frame: wait for them (at most 3 s, then -1).
    let paints = app
        .browser
        .client
        .execute_async(PAINTS, vec![])
        .await
        .expect("paint timing read");
    let at = |i: usize| paints[i].as_f64().unwrap_or(-1.0);
    (at(0), at(1), render.load_ms)
}

/// Navigation start to the first frame with the sign-in form painted (`page::OBSERVER`).
const FORM_PAINTED: &str = r#"
const done = arguments[arguments.length - 1];
const poll = () => window.__bench && window.__bench.formPaintedAt
  ? done(window.__bench.formPaintedAt) : setTimeout(poll, 20);
poll();
"#;

/// A new tab's first page: no session (it lives in `sessionStorage`), so the list's address
/// leads to the sign-in form. Ms from navigation start to the form painted, `RUNS` cold loads;
/// the bench's session is put back after.
async fn sign_in(app: &App) -> Vec<f64> {
    let session = app
        .browser
        .eval("const s = JSON.stringify({ ...sessionStorage }); sessionStorage.clear(); return s")
        .await;
    let mut runs = Vec::new();
    for run in 0..RUNS {
        page::cold(app, true).await;
        app.open_before_the_app(APP).await;
        let at = app
            .browser
            .client
            .execute_async(FORM_PAINTED, vec![])
            .await
            .expect("the sign-in form painted")
            .as_f64()
            .unwrap_or(-1.0);
        println!(
            "  run {}: a new tab's sign-in form painted at {at:.0} ms",
            run + 1
        );
        runs.push(at);
    }
    let restore = format!(
        "Object.entries(JSON.parse({session})).forEach(([k, v]) => sessionStorage.setItem(k, v))"
    );
    app.browser.eval(&restore).await;
    runs
}

pub async fn measure(app: &App) -> Value {
    throttle(app, true).await;
    let form = sign_in(app).await;
    let (mut a, mut s) = (Vec::new(), Vec::new());
    for run in 0..RUNS {
        // Alternate which side goes first, so neither always meets a warmer browser.
        let (x, y) = if run % 2 == 0 {
            let x = one(app, APP).await;
            (x, one(app, STATIC).await)
        } else {
            let y = one(app, STATIC).await;
            (one(app, APP).await, y)
        };
        println!(
            "  run {}: app paint {:.0} / contentful {:.0} / row {:.0} ms; static {:.0} / {:.0} / {:.0} ms",
            run + 1, x.0, x.1, x.2, y.0, y.1, y.2
        );
        a.push(x);
        s.push(y);
    }
    throttle(app, false).await;
    page::cold(app, false).await;
    let pick = |v: &[(f64, f64, f64)], f: fn(&(f64, f64, f64)) -> f64| {
        spread(&v.iter().map(f).collect::<Vec<_>>())
    };
    json!({
        "link": { "mbit_per_s": THROUGHPUT * 8.0 / 1e6, "latency_ms": LATENCY_MS },
        "app_path": APP, "static_path": STATIC,
        "app_first_paint": pick(&a, |r| r.0), "app_fcp": pick(&a, |r| r.1), "app_row": pick(&a, |r| r.2),
        "static_first_paint": pick(&s, |r| r.0), "static_fcp": pick(&s, |r| r.1),
        "static_row": pick(&s, |r| r.2),
        "app_sign_in": spread(&form),
    })
}
