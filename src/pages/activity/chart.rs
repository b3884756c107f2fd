//! The time chart above the Activity rows: inline SVG, one lane per run, a bar from start to end
//! (or to *now*), coloured AND patterned by outcome, a now line and a time axis.
//!
//! Accessibility: the chart is one tab stop (`role="img"` with a summary label), not one per
//! bar: a screen reader hears one sentence instead of 100 lanes that the rows below already
//! list, and a keyboard user steps through the bars with the arrow keys. Hovering a bar or
//! stepping to it fills the detail panel under the chart with its exact times and step.
//!
//! Smoothness: lanes are keyed by run and state, so a poll re-creates only the lane whose run
//! changed; the scale only changes when *now* reaches its end, so a clock tick moves the now line
//! and the running bars' widths, nothing else.

use leptos::prelude::*;

use super::scale::{bar_x, bar_y, extent, lane_height, lane_label, TimeScale, AXIS, GUTTER, WIDTH};
use crate::api::RunState;
use crate::components::time::local_text;
use crate::dates::duration;

/// Room above the lanes for the now line's label.
const TOP: f64 = 16.0;

/// What the chart draws of one run.
#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    pub run_id: i64,
    pub job_id: i64,
    pub job_name: String,
    pub state: RunState,
    /// A terminal state, or an end this tab did not see (its state then stays unknown).
    pub finished: bool,
    pub started_ms: Option<i64>,
    pub ended_ms: Option<i64>,
    pub added_ms: i64,
    pub step: Option<String>,
}

impl Lane {
    fn extent(&self, now_ms: i64) -> (i64, i64) {
        extent(
            self.started_ms,
            self.ended_ms,
            self.added_ms,
            self.finished,
            now_ms,
        )
    }

    /// The bar's look: outcome for ended runs, "queued" before a run starts.
    fn look(&self) -> Look {
        match self.state {
            RunState::Completed => Look::Completed,
            RunState::Failed => Look::Failed,
            RunState::Cancelled => Look::Cancelled,
            _ if self.finished => Look::Completed,
            _ if self.started_ms.is_none() => Look::Queued,
            _ => Look::Running,
        }
    }
}

/// A bar's class and fill. The patterns are SVG attributes (`fill="url(#...)"`), not CSS, so the
/// stylesheet colours what is inside them and never has to name an id.
#[derive(Clone, Copy)]
enum Look {
    Running,
    Queued,
    Completed,
    Failed,
    Cancelled,
}

impl Look {
    fn class(self) -> &'static str {
        match self {
            Look::Running => "bar bar-running",
            Look::Queued => "bar bar-queued",
            Look::Completed => "bar bar-completed",
            Look::Failed => "bar bar-failed",
            Look::Cancelled => "bar bar-cancelled",
        }
    }

    fn fill(self) -> Option<&'static str> {
        match self {
            Look::Running => Some("url(#act-fill-running)"),
            Look::Failed => Some("url(#act-fill-failed)"),
            Look::Cancelled => Some("url(#act-fill-cancelled)"),
            Look::Completed | Look::Queued => None,
        }
    }
}

/// The local clock's offset east of UTC, for ticks on whole local minutes and hours.
fn local_offset_ms() -> i64 {
    -(js_sys::Date::new_0().get_timezone_offset() * 60_000.0) as i64
}

fn num(v: f64) -> String {
    format!("{v:.1}")
}

#[component]
pub fn TimeChart(#[prop(into)] lanes: Signal<Vec<Lane>>, now: Signal<i64>) -> impl IntoView {
    let offset = local_offset_ms();
    let count = Memo::new(move |_| lanes.with(Vec::len));
    let scale = Memo::new(move |_| {
        let now = now.get();
        lanes.with(|ls| TimeScale::fit(ls.iter().map(|l| l.extent(now)), now))
    });
    let ticks = Memo::new(move |_| scale.get().map(|s| s.ticks(offset)).unwrap_or_default());
    let lanes_h = move || count.get() as f64 * lane_height(count.get());
    let height = move || TOP + lanes_h() + AXIS;
    // The run whose details the panel shows: hovered, or stepped to with the keyboard.
    let active = RwSignal::new(None::<i64>);

    let summary = move || {
        lanes.with(|ls| {
            let n = |k: &[&str]| ls.iter().filter(|l| k.contains(&l.state.key())).count();
            let live = ls.iter().filter(|l| !l.finished).count();
            format!(
                "Time chart of {} runs: {live} going, {} completed, {} failed, {} cancelled. \
                 Arrow keys step through the runs; the table below lists them.",
                ls.len(),
                n(&["completed"]),
                n(&["failed"]),
                n(&["cancelled"]),
            )
        })
    };

    let step = move |by: isize| {
        lanes.with(|ls| {
            if ls.is_empty() {
                return;
            }
            let at = active
                .get_untracked()
                .and_then(|id| ls.iter().position(|l| l.run_id == id));
            let next = match (at, by) {
                (None, _) => 0,
                (Some(_), isize::MIN) => 0,
                (Some(_), isize::MAX) => ls.len() - 1,
                (Some(i), by) => (i as isize + by).clamp(0, ls.len() as isize - 1) as usize,
            };
            active.set(Some(ls[next].run_id));
        })
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let by = match ev.key().as_str() {
            "ArrowDown" | "ArrowRight" => 1,
            "ArrowUp" | "ArrowLeft" => -1,
            "Home" => isize::MIN,
            "End" => isize::MAX,
            "Escape" => {
                active.set(None);
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        step(by);
    };

    view! {
        <div class="chart-figure">
            <svg
                class="activity-chart"
                viewBox=move || format!("0 0 {WIDTH} {}", num(height()))
                role="img"
                aria-label=summary
                tabindex="0"
                on:keydown=on_keydown
                on:focus=move |_| if active.get_untracked().is_none() { step(0) }
                on:blur=move |_| active.set(None)
                on:mouseleave=move |_| active.set(None)
            >
                <Patterns/>
                <g class="chart-axis">
                    // Keyed by instant and place: a rescale moves a tick that stays.
                    <For each=move || ticks.get() key=|t| (t.ms, t.x.to_bits()) let(tick)>
                        <line class="chart-grid" x1=num(tick.x) x2=num(tick.x) y1=num(TOP) y2=move || num(TOP + lanes_h() + 4.0)/>
                        <text class="chart-tick" x=num(tick.x) y=move || num(TOP + lanes_h() + 18.0) text-anchor="middle">{tick.label}</text>
                    </For>
                </g>
                <g class="chart-lanes">
                    <ForEnumerate
                        each=move || lanes.get()
                        key=|l| (l.run_id, l.state.key(), l.started_ms, l.ended_ms)
                        children=move |index, lane| view! { <LaneBars index count lane scale now active/> }
                    />
                </g>
                {move || scale.get().map(|s| {
                    let x = move || num(s.x(now.get()));
                    view! {
                        <g class="chart-now">
                            <line x1=x x2=x y1=num(TOP - 4.0) y2=move || num(TOP + lanes_h() + 4.0)/>
                            <text x=x y=num(TOP - 6.0) text-anchor="middle">"now"</text>
                        </g>
                    }
                })}
            </svg>
            <div class="chart-detail">
                <Detail lanes active/>
            </div>
            <Legend/>
        </div>
    }
}

/// One lane: a faint band when it is the active one, the label in the gutter, and the bar.
#[component]
fn LaneBars(
    index: ReadSignal<usize>,
    count: Memo<usize>,
    lane: Lane,
    scale: Memo<Option<TimeScale>>,
    now: Signal<i64>,
    active: RwSignal<Option<i64>>,
) -> impl IntoView {
    let live = !lane.finished;
    let look = lane.look();
    let run_id = lane.run_id;
    let (start, fixed_end) = lane.extent(0);
    let (started, ended, added, terminal) = (lane.started_ms, lane.ended_ms, lane.added_ms, !live);
    // Only a live bar follows the clock.
    let end = move || {
        if live {
            extent(started, ended, added, terminal, now.get()).1
        } else {
            fixed_end
        }
    };
    let lane_y = move || TOP + index.get() as f64 * lane_height(count.get());
    let bar = move || bar_y(index.get(), count.get());
    let x = move || scale.with(|s| s.map(|s| bar_x(&s, start, start).0).unwrap_or(GUTTER));
    let width = move || scale.with(|s| s.map(|s| bar_x(&s, start, end()).1).unwrap_or(0.0));
    let font = move || num((lane_height(count.get()) * 0.72).min(12.0));
    view! {
        <g
            class=move || if active.get() == Some(run_id) { "lane lane-active" } else { "lane" }
            on:mouseenter=move |_| active.set(Some(run_id))
        >
            <rect class="lane-band" x="0" width=num(WIDTH) y=move || num(lane_y()) height=move || num(lane_height(count.get()))/>
            <text class="lane-label" x=num(GUTTER - 8.0) y=move || num(lane_y() + lane_height(count.get()) / 2.0) dominant-baseline="central" text-anchor="end" font-size=font>
                {lane_label(&lane.job_name)}
            </text>
            <rect
                class=look.class()
                fill=look.fill()
                x=move || num(x())
                width=move || num(width())
                y=move || num(TOP + bar().0)
                height=move || num(bar().1)
                rx="2"
            />
        </g>
    }
}

/// The tooltip-like panel: exact times and step of the active run, or how to get them.
#[component]
fn Detail(lanes: Signal<Vec<Lane>>, active: RwSignal<Option<i64>>) -> impl IntoView {
    move || {
        let lane = active
            .get()
            .and_then(|id| lanes.with(|ls| ls.iter().find(|l| l.run_id == id).cloned()));
        match lane {
            None => view! {
                <span class="muted">"Point at a bar, or focus the chart and use the arrow keys, for a run\u{2019}s exact times."</span>
            }
            .into_any(),
            Some(l) => {
                let start = l.started_ms.map(local_text).unwrap_or_else(|| "not started yet".into());
                let end = match (l.ended_ms, l.finished) {
                    (Some(ms), _) => local_text(ms),
                    (None, true) => "end time unknown".into(),
                    (None, false) => "still going".into(),
                };
                let took = match (l.started_ms, l.ended_ms) {
                    (Some(s), Some(e)) => format!(" ({})", duration(e - s)),
                    _ => String::new(),
                };
                view! {
                    <strong class="wrap-anywhere">{l.job_name.clone()}</strong>
                    <span>{format!(" \u{b7} Run #{} \u{b7} {}", l.run_id, l.state.label())}</span>
                    <span>{format!(" \u{b7} {start} \u{2192} {end}{took}")}</span>
                    {l.step.map(|s| view! { <span>{format!(" \u{b7} {s}")}</span> })}
                }
                .into_any()
            }
        }
    }
}

/// The fills that tell outcomes apart without colour: hatching for failed, dots for cancelled,
/// stripes for running, solid for completed, an outline for queued.
#[component]
fn Patterns() -> impl IntoView {
    view! {
        <defs>
            <pattern id="act-fill-failed" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
                <rect class="pat-failed-bg" width="6" height="6"/>
                <rect class="pat-failed-ink" width="2.5" height="6"/>
            </pattern>
            <pattern id="act-fill-cancelled" patternUnits="userSpaceOnUse" width="5" height="5">
                <rect class="pat-cancelled-bg" width="5" height="5"/>
                <circle class="pat-cancelled-ink" cx="2.5" cy="2.5" r="1.3"/>
            </pattern>
            <pattern id="act-fill-running" patternUnits="userSpaceOnUse" width="10" height="10" patternTransform="rotate(-45)">
                <rect class="pat-running-bg" width="10" height="10"/>
                <rect class="pat-running-ink" width="4" height="10"/>
            </pattern>
        </defs>
    }
}

/// What each fill means, drawn with the same fills.
#[component]
fn Legend() -> impl IntoView {
    let items = [
        (Look::Running, "Running"),
        (Look::Queued, "Not started"),
        (Look::Completed, "Completed"),
        (Look::Failed, "Failed"),
        (Look::Cancelled, "Cancelled"),
    ];
    view! {
        <ul class="chart-legend">
            {items.into_iter().map(|(look, label)| view! {
                <li>
                    <svg class="legend-swatch" viewBox="0 0 24 12" aria-hidden="true">
                        <rect class=look.class() fill=look.fill() x="1" y="1" width="22" height="10" rx="2"/>
                    </svg>
                    {label}
                </li>
            }).collect_view()}
        </ul>
    }
}
