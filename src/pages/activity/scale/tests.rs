//! The chart's geometry at the spans a tester meets: a few seconds, minutes, hours, days.

use super::*;

const T0: i64 = 1_700_000_000_000; // 2023-11-14 22:13:20 UTC

fn fit(start: i64, end: i64, now: i64) -> TimeScale {
    TimeScale::fit([(start, end)], now).expect("a scale")
}

#[test]
fn no_runs_no_scale() {
    assert_eq!(TimeScale::fit([], T0), None);
}

#[test]
fn the_span_is_a_nice_length_with_room_after_now() {
    let s = fit(T0, T0 + 3_000, T0 + 3_000);
    assert_eq!(s.span_ms(), 15_000, "a few seconds show as 15 s");
    let s = fit(T0, T0 + 40 * MINUTE, T0 + 40 * MINUTE);
    assert_eq!(s.span_ms(), HOUR);
    // Never much more than the headroom after now: the chart is mostly runs.
    for minutes in 1..600 {
        let now = T0 + minutes * MINUTE;
        let s = fit(T0, now, now);
        let after_now = (s.end_ms - now) as f64 / s.span_ms() as f64;
        assert!(after_now < 0.45, "{minutes} min: {after_now}");
    }
    // Exactly at a nice length, now still gets headroom.
    let s = fit(T0, T0 + 10 * MINUTE, T0 + 10 * MINUTE);
    assert_eq!(s.span_ms(), 15 * MINUTE);
    let s = fit(T0, T0 + 9 * DAY, T0 + 9 * DAY);
    assert_eq!(s.span_ms() % DAY, 0);
    assert!(s.end_ms > T0 + 9 * DAY);
}

#[test]
fn a_clock_tick_changes_no_scale_until_now_reaches_the_end() {
    let first = fit(T0, T0 + 20_000, T0 + 20_000);
    for second in 21..=24 {
        let now = T0 + second * 1_000;
        assert_eq!(fit(T0, now, now), first, "at {second} s");
    }
    let later = T0 + 3 * MINUTE;
    assert_ne!(fit(T0, later, later), first);
}

#[test]
fn ended_runs_far_in_the_past_do_not_stretch_to_now() {
    // A run that ended two days ago still shows at a readable scale, not a sliver.
    let s = fit(T0, T0 + 5 * MINUTE, T0 + 2 * DAY);
    assert!(s.span_ms() <= 2 * DAY, "{}", s.span_ms());
    let s = TimeScale::fit([(T0, T0 + MINUTE)], T0 + 90_000).unwrap();
    assert!(s.end_ms > T0 + 90_000, "a recent now is shown");
}

#[test]
fn instants_map_into_the_plot_and_clamp_outside_it() {
    let s = TimeScale {
        start_ms: T0,
        end_ms: T0 + 10_000,
    };
    assert_eq!(s.x(T0), GUTTER);
    assert_eq!(s.x(T0 + 10_000), WIDTH - RIGHT);
    assert!((s.x(T0 + 5_000) - (GUTTER + (WIDTH - GUTTER - RIGHT) / 2.0)).abs() < 1e-9);
    assert_eq!(s.x(T0 - 99_999), GUTTER);
    assert_eq!(s.x(i64::MAX), WIDTH - RIGHT);
    assert_eq!(s.x(i64::MIN), GUTTER);
}

#[test]
fn ticks_are_few_readable_and_on_whole_clock_steps() {
    let cases = [
        (15 * SECOND, 2 * SECOND, "22:13:20"),
        (MINUTE, 10 * SECOND, "22:13:20"),
        (5 * MINUTE, MINUTE, "22:14"),
        (HOUR, 10 * MINUTE, "22:20"),
        (6 * HOUR, HOUR, "23:00"),
        (DAY, 3 * HOUR, "00:00"),
        (7 * DAY, DAY, "15 Nov"),
    ];
    for (span, step, first_label) in cases {
        let s = TimeScale {
            start_ms: T0,
            end_ms: T0 + span,
        };
        assert_eq!(s.step_ms(), step, "span {span}");
        let ticks = s.ticks(0);
        assert!(
            (2..=8).contains(&ticks.len()),
            "span {span}: {} ticks",
            ticks.len()
        );
        assert_eq!(ticks[0].label, first_label, "span {span}");
        for t in &ticks {
            assert_eq!(t.ms.rem_euclid(step), 0, "on a whole step");
            assert!(t.ms >= s.start_ms && t.ms <= s.end_ms);
        }
        for pair in ticks.windows(2) {
            assert!(pair[1].x - pair[0].x >= 90.0, "labels do not touch");
        }
    }
}

#[test]
fn ticks_follow_the_local_clock() {
    let s = TimeScale {
        start_ms: T0,
        end_ms: T0 + HOUR,
    };
    // UTC+05:30: 22:13:20 UTC is 03:43:20 local; the first 10-minute tick is 03:50.
    let ticks = s.ticks(5 * HOUR + 30 * MINUTE);
    assert_eq!(ticks[0].label, "03:50");
    assert_eq!(ticks[0].ms, T0 + 6 * MINUTE + 40 * SECOND);
}

#[test]
fn lanes_shrink_for_many_runs_but_stay_pointable() {
    assert_eq!(lane_height(1), 28.0);
    assert_eq!(lane_height(100), 10.0);
    assert!(chart_height(100) < 1100.0);
    let (y, h) = bar_y(3, 10);
    assert!(y > 3.0 * lane_height(10) && y + h < 4.0 * lane_height(10));
    assert!(h >= 6.0);
}

#[test]
fn a_running_bar_grows_to_now_and_an_ended_one_stops() {
    assert_eq!(extent(Some(T0), None, T0 - 5, false, T0 + 7), (T0, T0 + 7));
    assert_eq!(
        extent(Some(T0), Some(T0 + 3), T0, true, T0 + 99),
        (T0, T0 + 3)
    );
    // Queued: drawn from when it was added.
    assert_eq!(extent(None, None, T0, false, T0 + 4), (T0, T0 + 4));
    // Ended without an end time: a mark at its start, not a bar to now.
    assert_eq!(extent(Some(T0), None, T0, true, T0 + 99), (T0, T0));
    // Clocks that disagree: never a negative bar.
    assert_eq!(extent(Some(T0), Some(T0 - 50), T0, true, T0), (T0, T0));

    let s = fit(T0, T0 + 10_000, T0 + 10_000);
    let (x1, w1) = bar_x(&s, T0, T0 + 4_000);
    let (x2, w2) = bar_x(&s, T0, T0 + 5_000);
    assert_eq!(x1, x2, "only the width changes as now moves");
    assert!(w2 > w1);
    let (_, tiny) = bar_x(&s, T0, T0);
    assert_eq!(tiny, MIN_BAR);
    let (x, w) = bar_x(&s, T0 + 99_999, T0 + 99_999);
    assert!(x + w <= WIDTH - RIGHT + 1e-9, "inside the plot");
}

#[test]
fn lane_labels_fit_the_gutter() {
    assert_eq!(lane_label("  Nightly API  "), "Nightly API");
    let long = "A very long job name that would run over the bars";
    let label = lane_label(long);
    assert!(label.chars().count() <= 22, "{label}");
    assert!(label.ends_with('\u{2026}'));
    assert_eq!(lane_label(&"é".repeat(40)).chars().count(), 22);
}
