//! The time chart's geometry, pure and natively tested: which span of time the chart shows, where
//! an instant lands on it, readable ticks for any span from seconds to days, lane layout, and each
//! bar's extent (growing to *now* while its run goes on).
//!
//! The span ends on a "nice" length past *now* with headroom, so a clock tick moves the now line
//! and widens the running bars but rescales nothing: the whole chart is redrawn only when *now*
//! reaches the end of the span (then the next nice length is taken).

/// The chart's drawing width in SVG user units (the `viewBox` scales it to the page).
pub const WIDTH: f64 = 1000.0;
/// Left gutter for lane labels, and right margin so the last tick label fits.
pub const GUTTER: f64 = 180.0;
pub const RIGHT: f64 = 24.0;
/// Height of the time axis under the lanes.
pub const AXIS: f64 = 28.0;
/// The narrowest bar drawn, so a run of a few milliseconds is still seen (and hoverable).
pub const MIN_BAR: f64 = 3.0;

const SECOND: i64 = 1_000;
const MINUTE: i64 = 60 * SECOND;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

/// Tick steps people read easily, shortest first.
const STEPS: [i64; 18] = [
    SECOND,
    2 * SECOND,
    5 * SECOND,
    10 * SECOND,
    15 * SECOND,
    30 * SECOND,
    MINUTE,
    2 * MINUTE,
    5 * MINUTE,
    10 * MINUTE,
    15 * MINUTE,
    30 * MINUTE,
    HOUR,
    2 * HOUR,
    3 * HOUR,
    6 * HOUR,
    12 * HOUR,
    DAY,
];

/// Spans the chart may show, shortest first (then whole days): close enough together that the
/// time after *now* stays a small part of the chart.
const SPANS: [i64; 27] = [
    15 * SECOND,
    20 * SECOND,
    30 * SECOND,
    45 * SECOND,
    MINUTE,
    90 * SECOND,
    2 * MINUTE,
    3 * MINUTE,
    4 * MINUTE,
    5 * MINUTE,
    7 * MINUTE + 30 * SECOND,
    10 * MINUTE,
    15 * MINUTE,
    20 * MINUTE,
    30 * MINUTE,
    45 * MINUTE,
    HOUR,
    90 * MINUTE,
    2 * HOUR,
    3 * HOUR,
    4 * HOUR,
    6 * HOUR,
    8 * HOUR,
    12 * HOUR,
    18 * HOUR,
    DAY,
    2 * DAY,
];

/// How many ticks fit the axis without their labels touching.
const MAX_TICKS: i64 = 8;

/// The instants the chart shows, left to right.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimeScale {
    pub start_ms: i64,
    pub end_ms: i64,
}

impl TimeScale {
    /// From the earliest start to past `now` (or the last end), with at least a sixth of the span
    /// free after *now*, rounded up to a nice span. `None` when no run has a time.
    pub fn fit(times: impl IntoIterator<Item = (i64, i64)>, now_ms: i64) -> Option<TimeScale> {
        let (mut first, mut last) = (i64::MAX, i64::MIN);
        for (start, end) in times {
            first = first.min(start);
            last = last.max(end);
        }
        if first == i64::MAX {
            return None;
        }
        // The now line is drawn while it is within reach of the runs shown.
        let last = last.max(now_ms.min(last.saturating_add(DAY)));
        let used = last.saturating_sub(first).max(0);
        let wanted = used.saturating_add(used / 5).max(SPANS[0]);
        let span = SPANS
            .iter()
            .copied()
            .find(|s| *s >= wanted)
            .unwrap_or_else(|| wanted.div_euclid(DAY).saturating_add(1).saturating_mul(DAY));
        // Start on a whole second so tick positions do not drift by a fraction of a unit.
        let start = first - first.rem_euclid(SECOND);
        Some(TimeScale {
            start_ms: start,
            end_ms: start.saturating_add(span),
        })
    }

    pub fn span_ms(&self) -> i64 {
        (self.end_ms - self.start_ms).max(1)
    }

    /// The x of an instant, clamped to the drawing area.
    pub fn x(&self, ms: i64) -> f64 {
        let plot = WIDTH - GUTTER - RIGHT;
        let at = (ms.saturating_sub(self.start_ms)) as f64 / self.span_ms() as f64;
        GUTTER + at.clamp(0.0, 1.0) * plot
    }

    /// The tick step: the shortest readable step that gives at most `MAX_TICKS` ticks.
    pub fn step_ms(&self) -> i64 {
        let span = self.span_ms();
        STEPS
            .iter()
            .copied()
            .find(|s| span / s <= MAX_TICKS)
            .unwrap_or_else(|| (span / MAX_TICKS / DAY + 1) * DAY)
    }

    /// Ticks on whole steps of the local clock (`offset_ms` east of UTC), inside the span.
    pub fn ticks(&self, offset_ms: i64) -> Vec<Tick> {
        let step = self.step_ms();
        let local_start = self.start_ms + offset_ms;
        let mut at = local_start - local_start.rem_euclid(step) - offset_ms;
        if at < self.start_ms {
            at += step;
        }
        let mut ticks = Vec::new();
        while at <= self.end_ms && ticks.len() < 2 * MAX_TICKS as usize {
            ticks.push(Tick {
                ms: at,
                x: self.x(at),
                label: clock_label(at + offset_ms, step),
            });
            at += step;
        }
        ticks
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    pub ms: i64,
    pub x: f64,
    pub label: String,
}

/// "14:05:30" when ticks are seconds apart, "14:05" for minutes and hours, "3 Dec" for days.
/// `local_ms` is the instant on the local clock.
pub fn clock_label(local_ms: i64, step_ms: i64) -> String {
    let in_day = local_ms.rem_euclid(DAY);
    let (h, m, s) = (
        in_day / HOUR,
        in_day % HOUR / MINUTE,
        in_day % MINUTE / SECOND,
    );
    if step_ms >= DAY {
        let c = crate::dates::civil(local_ms);
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let month = MONTHS[usize::from(c.month.clamp(1, 12)) - 1];
        format!("{} {month}", c.day)
    } else if step_ms >= MINUTE {
        format!("{h:02}:{m:02}")
    } else {
        format!("{h:02}:{m:02}:{s:02}")
    }
}

/// How tall each lane is: roomy for a few runs, thinner for many, so 100 lanes stay on about two
/// screens and each bar stays big enough to point at.
pub fn lane_height(lanes: usize) -> f64 {
    (360.0 / lanes.max(1) as f64).clamp(10.0, 28.0)
}

/// The chart's total height in user units.
pub fn chart_height(lanes: usize) -> f64 {
    lanes as f64 * lane_height(lanes) + AXIS
}

/// Where a bar sits in its lane: the bar is a bit thinner than the lane, centred.
pub fn bar_y(lane: usize, lanes: usize) -> (f64, f64) {
    let h = lane_height(lanes);
    let pad = (h * 0.18).max(1.5);
    (lane as f64 * h + pad, h - 2.0 * pad)
}

/// A run's time on the chart: from its start (or when it was added, until it starts) to its end,
/// or to *now* while it goes on. An ended run whose end time is unknown is drawn at its start.
pub fn extent(
    started_ms: Option<i64>,
    ended_ms: Option<i64>,
    added_ms: i64,
    terminal: bool,
    now_ms: i64,
) -> (i64, i64) {
    let start = started_ms.unwrap_or(added_ms);
    let end = match (ended_ms, terminal) {
        (Some(end), _) => end,
        (None, false) => now_ms,
        (None, true) => start,
    };
    (start, end.max(start))
}

/// A bar's x and width on a scale, never narrower than `MIN_BAR` and never past the plot.
pub fn bar_x(scale: &TimeScale, start_ms: i64, end_ms: i64) -> (f64, f64) {
    let x = scale.x(start_ms).min(WIDTH - RIGHT - MIN_BAR);
    let width = (scale.x(end_ms) - x).max(MIN_BAR);
    (x, width)
}

/// A lane label that fits the gutter: about 22 characters, with an ellipsis when cut.
pub fn lane_label(name: &str) -> String {
    const FIT: usize = 22;
    let name = name.trim();
    if name.chars().count() <= FIT {
        name.to_string()
    } else {
        let cut: String = name.chars().take(FIT - 1).collect();
        format!("{}\u{2026}", cut.trim_end())
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
