//! The schedule's rules, checked natively, and the 100-run budget proved on a simulated clock:
//! requests per second, one in flight per job, and how long a run's end takes to be seen.

use super::*;

fn job(id: i64, on_screen: bool) -> JobTiming {
    JobTiming {
        job_id: id,
        on_screen,
        store_live: !on_screen,
        ..JobTiming::default()
    }
}

#[test]
fn young_runs_are_asked_about_more_often_than_old_ones() {
    let at = |minutes: f64| background_interval_ms((minutes * 60_000.0) as i64);
    assert_eq!(at(0.0), 2_000);
    assert_eq!(at(0.99), 2_000);
    assert_eq!(at(1.0), 3_000);
    assert_eq!(at(5.0), 7_000);
    assert_eq!(at(9.0), 10_000);
    assert_eq!(at(30.0), 10_000);
    let mut on_screen = job(1, true);
    on_screen.age_ms = Some(30 * 60_000);
    on_screen.last_answer_ms = Some(0);
    assert_eq!(
        on_screen.due_at(),
        Some(ON_SCREEN_INTERVAL_MS),
        "a view shows it: 2 s"
    );
}

#[test]
fn nothing_is_due_for_an_ended_refused_paused_or_unwatched_job() {
    let mut j = job(1, true);
    j.last_answer_ms = Some(0);
    for change in [
        |j: &mut JobTiming| j.ended = true,
        |j: &mut JobTiming| j.fatal = true,
        |j: &mut JobTiming| j.paused = true,
        |j: &mut JobTiming| j.on_screen = false,
    ] {
        let mut k = j.clone();
        change(&mut k);
        assert_eq!(k.due_at(), None, "{k:?}");
        assert_eq!(
            pick(10_000, &[k], &Budget::default(), false, false),
            Pick::Idle
        );
    }
    // An ended run the store still follows (a newer one was started) stays due.
    let mut k = j.clone();
    k.ended = true;
    k.store_live = true;
    assert_eq!(k.due_at(), Some(2_000));
}

#[test]
fn the_budget_spaces_requests_half_a_second_apart_and_honours_retry_after_tab_wide() {
    let jobs = [job(1, true), job(2, true)];
    let mut budget = Budget::default();
    assert_eq!(pick(0, &jobs, &budget, false, false), Pick::Send(1));
    budget.sent(0, true, false);
    let mut jobs = jobs;
    jobs[0].in_flight = true;
    assert_eq!(
        pick(100, &jobs, &budget, false, false),
        Pick::After(SLOT_MS - 100)
    );
    assert_eq!(pick(SLOT_MS, &jobs, &budget, false, false), Pick::Send(2));
    budget.paused_until_ms = Some(3_000);
    assert_eq!(pick(600, &jobs, &budget, false, false), Pick::After(2_400));
}

#[test]
fn one_request_in_flight_per_job() {
    let mut j = job(1, true);
    j.in_flight = true;
    j.forced = true;
    assert_eq!(
        pick(10_000, &[j], &Budget::default(), false, false),
        Pick::Idle
    );
}

#[test]
fn on_screen_first_but_the_store_keeps_one_slot_in_six() {
    let mut jobs: Vec<JobTiming> = (1..=3).map(|i| job(i, true)).collect();
    jobs.push(job(100, false));
    let mut budget = Budget::default();
    let mut order = Vec::new();
    let mut now = 0;
    for _ in 0..12 {
        let Pick::Send(id) = pick(now, &jobs, &budget, false, false) else {
            panic!("something is always due");
        };
        order.push(id);
        let waiting = background_waiting(now, &jobs);
        let j = jobs.iter_mut().find(|j| j.job_id == id).unwrap();
        j.last_answer_ms = Some(now - 10_000); // answered at once, due again at once
        budget.sent(now, j.on_screen, waiting);
        now += SLOT_MS;
    }
    assert_eq!(
        order.iter().filter(|id| **id == 100).count(),
        2,
        "{order:?}"
    );
    assert_eq!((order[5], order[11]), (100, 100), "{order:?}");
}

#[test]
fn a_hidden_tab_sends_nothing_unless_opted_in_then_one_request_per_ten_seconds() {
    let jobs = [job(1, true), job(2, false)];
    let budget = Budget {
        last_sent_ms: Some(0),
        ..Budget::default()
    };
    assert_eq!(pick(60_000, &jobs, &budget, true, false), Pick::Idle);
    assert_eq!(pick(5_000, &jobs, &budget, true, true), Pick::After(5_000));
    assert_eq!(pick(10_000, &jobs, &budget, true, true), Pick::Send(1));
    // A refresh someone asked for still goes.
    let mut forced = job(3, true);
    forced.forced = true;
    assert_eq!(pick(60_000, &[forced], &budget, true, false), Pick::Send(3));
    // Back in view: what is due goes at once.
    assert_eq!(pick(60_000, &jobs, &budget, false, false), Pick::Send(1));
}

/// Replays the schedule on a simulated clock: `live` jobs (the first `on_screen` of them shown by
/// a view), each answer taking `latency_ms`, job `i`'s run ending on the server at `ends[i]`.
/// Returns the send times, and per job the delay from its end to the answer that showed it.
fn replay(
    live: usize,
    on_screen: usize,
    latency_ms: i64,
    ends: &[i64],
    until: i64,
) -> (Vec<i64>, Vec<Option<i64>>) {
    let mut jobs: Vec<JobTiming> = (0..live)
        .map(|i| {
            let mut j = job(i as i64, i < on_screen);
            j.store_live = true;
            j.age_ms = Some((i as i64 % 12) * 60_000);
            j
        })
        .collect();
    let mut budget = Budget::default();
    let mut answers: Vec<(i64, usize, i64)> = Vec::new(); // (answer at, job, sent at)
    let mut sends = Vec::new();
    let mut delays = vec![None; live];
    let mut now = 0;
    while now < until {
        answers.sort_unstable();
        while answers.first().is_some_and(|(at, _, _)| *at <= now) {
            let (at, i, sent) = answers.remove(0);
            let j = &mut jobs[i];
            assert!(j.in_flight);
            j.in_flight = false;
            j.last_answer_ms = Some(at);
            if sent >= ends[i] {
                j.ended = true;
                j.store_live = false;
                delays[i].get_or_insert(at - ends[i]);
            }
        }
        match pick(now, &jobs, &budget, false, false) {
            Pick::Send(id) => {
                let i = id as usize;
                assert!(!jobs[i].in_flight, "two requests in flight for job {id}");
                let waiting = background_waiting(now, &jobs);
                jobs[i].in_flight = true;
                budget.sent(now, jobs[i].on_screen, waiting);
                sends.push(now);
                answers.push((now + latency_ms, i, now));
            }
            Pick::After(ms) => {
                let next_answer = answers.iter().map(|a| a.0).min().unwrap_or(i64::MAX);
                now = (now + ms).min(next_answer);
            }
            Pick::Idle => match answers.iter().map(|a| a.0).min() {
                Some(at) => now = at,
                None => break,
            },
        }
    }
    (sends, delays)
}

fn max_in_window(sends: &[i64], window_ms: i64) -> usize {
    sends
        .iter()
        .map(|start| {
            sends
                .iter()
                .filter(|t| **t >= *start && **t < start + window_ms)
                .count()
        })
        .max()
        .unwrap_or(0)
}

/// The arithmetic: a slot every 510 ms is 1.96 requests a second; on-screen jobs get at least 5
/// of every 6 slots, 1.63 a second, so 15 of them are each asked at least every 15 / 1.63 = 9.2 s;
/// with answers in 0.5 s, a run's end reaches its badge within 10 s. The other 85 share what is left, and are never starved.
#[test]
fn a_hundred_live_runs_hold_the_budget_and_an_end_on_screen_shows_within_ten_seconds() {
    let live = 100;
    let on_screen = 15;
    let latency = 500;
    // The runs end spread over two minutes, at times that do not line up with the slots.
    let ends: Vec<i64> = (0..live as i64).map(|i| 30_000 + i * 997).collect();
    let (sends, delays) = replay(live, on_screen, latency, &ends, 10 * 60_000);
    assert!(
        max_in_window(&sends, 5_000) <= 10,
        "at most 2 requests/s over any 5 s"
    );
    assert!(max_in_window(&sends, 1_000) <= 2);
    let slots_per_second = 1_000.0 / SLOT_MS as f64;
    assert!(slots_per_second <= 2.0);
    let on_screen_share =
        slots_per_second * f64::from(BACKGROUND_EVERY - 1) / f64::from(BACKGROUND_EVERY);
    let bound = on_screen as f64 / on_screen_share * 1_000.0 + latency as f64;
    assert!(bound <= 10_000.0, "the arithmetic: {bound} ms");
    let worst_on_screen = delays[..on_screen]
        .iter()
        .map(|d| d.expect("every end is seen"))
        .max()
        .unwrap();
    assert!(
        worst_on_screen as f64 <= bound,
        "worst on screen: {worst_on_screen} ms"
    );
    assert!(
        delays.iter().all(Option::is_some),
        "the store's runs are not starved: {delays:?}"
    );
}

#[test]
fn with_only_its_timeline_on_screen_a_run_among_a_hundred_is_seen_within_three_seconds() {
    let ends: Vec<i64> = (0..100).map(|i| 20_000 + i * 1_313).collect();
    let (sends, delays) = replay(100, 1, 300, &ends, 5 * 60_000);
    assert!(max_in_window(&sends, 5_000) <= 10);
    assert!(
        delays[0].unwrap() <= ON_SCREEN_INTERVAL_MS + SLOT_MS + 300,
        "{:?}",
        delays[0]
    );
}
