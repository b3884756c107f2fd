//! P6, the go-to palette on 10,000 jobs: real keystrokes (WebDriver key actions) typed into the
//! palette letter by letter; each is timed in the page from the `keydown` event to a task after
//! the next animation frame following the app's handling of the `input` (Leptos updates the
//! listbox in microtasks before that frame), i.e. the results painted.

use std::time::Duration;

use fantoccini::key::Key;
use serde_json::json;

use crate::support::{eventually, App, Press};

/// Typed letter by letter: the first letters rank thousands of matches, the last few.
pub const TEXT: &str = "card vault regression";
const ROUNDS: usize = 3;

/// Installed on the open palette's box: one record per keydown, completed once painted.
const RECORDER: &str = r#"
window.__palette = [];
const input = document.querySelector('dialog.palette input[role=combobox]');
const list = document.getElementById('palette-listbox');
input.addEventListener('keydown', e => {
  window.__palette.push({ key: e.key, t0: e.timeStamp });
});
// Added after the app's own listener: the app redraws the listbox in microtasks right after
// it, before the next animation frame.
input.addEventListener('input', () => {
  const rec = window.__palette[window.__palette.length - 1];
  requestAnimationFrame(() => setTimeout(() => { rec.painted = performance.now(); }, 0));
});
return !!input && !!list;
"#;

/// Each keystroke's time (ms), keydown to results painted, over `ROUNDS` typings of `TEXT`.
pub async fn measure(app: &App) -> Vec<f64> {
    app.open("/jobs?project=1&release=10").await;
    app.browser.wait_for(".jobs-table tbody tr").await;
    let mut times = Vec::new();
    for round in 0..ROUNDS {
        app.browser.chord(Key::Control, 'k').await;
        app.browser
            .wait_for("dialog.palette[open] input[role=combobox]")
            .await;
        assert_eq!(app.browser.eval(RECORDER).await, json!(true));
        for (i, ch) in TEXT.chars().enumerate() {
            app.browser.type_text(&ch.to_string()).await;
            let rec = eventually(
                Duration::from_secs(10),
                &format!("keystroke {ch:?} painted"),
                async || {
                    let rec = app
                        .browser
                        .eval(&format!("return window.__palette[{i}] || null"))
                        .await;
                    if rec["painted"].is_number() {
                        Ok(rec)
                    } else {
                        Err(rec.to_string())
                    }
                },
            )
            .await;
            let ms = rec["painted"].as_f64().unwrap_or_default()
                - rec["t0"].as_f64().unwrap_or_default();
            if round == 0 {
                let shown = app
                    .browser
                    .eval("return document.querySelectorAll('.palette-list [role=option]').length")
                    .await;
                println!("  key {ch:?}: {ms:.1} ms ({shown} options)");
            }
            times.push(ms);
        }
        app.browser.press(Press::Escape).await;
        app.browser.wait_for_gone("dialog.palette").await;
    }
    times
}
