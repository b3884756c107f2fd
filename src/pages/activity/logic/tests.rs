//! The Activity page's rules as a tester meets them.

use super::*;

#[test]
fn the_filter_sorts_every_state_into_one_kind() {
    let f = Filter::default();
    assert!(f.is_default());
    for state in [RunState::Queued, RunState::Waiting, RunState::Running] {
        assert_eq!(Kind::of(&state, false), Kind::Running);
    }
    assert_eq!(
        Kind::of(&RunState::Unknown("Paused".into()), false),
        Kind::Running
    );
    // Ended without this tab seeing how: not going, and not known to have failed.
    assert_eq!(
        Kind::of(&RunState::Unknown("Ended".into()), true),
        Kind::Completed
    );
    let only_failed = Kind::ALL
        .iter()
        .fold(f, |f, k| f.with(*k, *k == Kind::Failed));
    assert!(only_failed.admits(&RunState::Failed, true));
    assert!(!only_failed.admits(&RunState::Cancelled, true));
    assert!(!only_failed.admits(&RunState::Waiting, false));
    assert!(!only_failed.is_default());
}

#[test]
fn elapsed_is_so_far_while_live_and_total_once_ended() {
    assert_eq!(elapsed(Some(1_000), None, false, 4_000), Some(3_000));
    assert_eq!(elapsed(Some(1_000), Some(2_500), true, 9_000), Some(1_500));
    assert_eq!(elapsed(None, None, false, 9_000), None, "not started");
    assert_eq!(elapsed(Some(1_000), None, true, 9_000), None, "end unknown");
    assert_eq!(elapsed(Some(5_000), Some(1_000), true, 9_000), Some(0));
}

#[test]
fn a_run_compares_with_the_previous_one_in_words() {
    assert_eq!(
        vs_previous(21_000, 10_000, false).as_deref(),
        Some("2.1\u{d7} longer")
    );
    assert_eq!(
        vs_previous(8_000, 10_000, false).as_deref(),
        Some("0.8\u{d7} (faster)")
    );
    assert_eq!(
        vs_previous(10_200, 10_000, false).as_deref(),
        Some("about the same")
    );
    // A live run says nothing until it is already longer.
    assert_eq!(vs_previous(5_000, 10_000, true), None);
    assert_eq!(
        vs_previous(14_000, 10_000, true).as_deref(),
        Some("already 1.4\u{d7} longer")
    );
    assert_eq!(
        vs_previous(5_000, 0, false),
        None,
        "an instant previous run"
    );
}

fn ended(job_id: i64, name: &str, state: RunState) -> Ended {
    Ended {
        job_id,
        job_name: name.into(),
        run_id: job_id * 10,
        state,
        took_ms: Some(125_000),
    }
}

#[test]
fn one_ended_run_is_one_notification_that_opens_its_timeline() {
    assert_eq!(notice(&[]), None);
    let n = notice(&[ended(4100, "Nightly API", RunState::Failed)]).unwrap();
    assert_eq!(n.title, "Nightly API: failed");
    assert_eq!(n.body, "Run #41000 failed after 2 min 5 s.");
    assert_eq!(n.job_id, Some(4100));
}

#[test]
fn runs_ending_together_are_one_notification_that_opens_activity() {
    let n = notice(&[
        ended(1, "A", RunState::Failed),
        ended(2, "B", RunState::Completed),
        ended(3, "C", RunState::Failed),
    ])
    .unwrap();
    assert_eq!(n.title, "3 runs ended: 2 failed, 1 completed");
    assert_eq!(n.body, "A, B, C.");
    assert_eq!(n.job_id, None);
    let five: Vec<Ended> = (1..=5)
        .map(|i| ended(i, &format!("J{i}"), RunState::Cancelled))
        .collect();
    let n = notice(&five).unwrap();
    assert_eq!(n.title, "5 runs ended: 5 cancelled");
    assert_eq!(n.body, "J1, J2, J3 and 2 more.");
}
