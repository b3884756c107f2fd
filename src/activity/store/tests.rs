//! The run store's rules, checked natively: batches, watching, what a poll's answer does to a
//! run (including a newer run that hid an end), the cap, and the comparison with a previous run.

use super::*;

fn progress(id: i64, status: &str) -> Progress {
    Progress {
        id: Some(id),
        job_id: Some(7),
        status: RunState::from_raw(status),
        scheduled_at: Some(1_000),
        start_time: Some(2_000),
        end_time: None,
        completed_steps: Some(1),
        total_steps: Some(4),
        step_label: Some("Parsing".into()),
        step_message: None,
        summary_message: None,
        cycle_id: None,
    }
}

fn batch() -> Vec<WatchedRun> {
    let mut runs = Vec::new();
    record_batch(
        &mut runs,
        50,
        &[(7, "Seven".into(), 100), (8, "Eight".into(), 101)],
        60,
    );
    runs
}

#[test]
fn a_batch_is_recorded_newest_first_under_one_id() {
    let mut runs = batch();
    assert_eq!(
        runs.iter().map(|r| r.run_id).collect::<Vec<_>>(),
        [100, 101]
    );
    assert!(runs
        .iter()
        .all(|r| r.batch == Some(50) && r.state == RunState::Queued && r.added_ms == 60));
    record_batch(&mut runs, 90, &[(9, "Nine".into(), 102)], 95);
    assert_eq!(runs[0].run_id, 102);
    assert_eq!(running_count(&runs), 3);
    assert_eq!(live_jobs(&runs), [7, 8, 9]);
}

#[test]
fn watching_a_known_run_changes_nothing() {
    let mut runs = batch();
    assert!(!watch(&mut runs, 7, "Seven".into(), 100, 99));
    assert_eq!(runs[0].batch, Some(50));
    assert!(watch(&mut runs, 9, "Nine".into(), 200, 99));
    assert_eq!(runs[0].batch, None);
}

#[test]
fn an_answer_moves_its_run_on_and_reports_its_end_once() {
    let mut runs = batch();
    assert!(apply_progress(&mut runs, 7, &progress(100, "in-progress"), 3_000, &[]).is_empty());
    let r = &runs[0];
    assert_eq!(
        (r.state.clone(), r.started_ms, r.completed_steps),
        (RunState::Running, Some(2_000), Some(1))
    );
    let mut done = progress(100, "failed");
    done.end_time = Some(9_000);
    let ended = apply_progress(&mut runs, 7, &done, 9_500, &[]);
    assert_eq!(ended.len(), 1);
    assert_eq!(
        (ended[0].state.clone(), ended[0].ended_ms),
        (RunState::Failed, Some(9_000))
    );
    assert_eq!(runs[0].duration_ms(99_999), Some(7_000));
    // Finished runs are not touched again.
    assert!(apply_progress(&mut runs, 7, &done, 10_000, &[]).is_empty());
    assert_eq!(running_count(&runs), 1);
}

#[test]
fn a_newer_run_marks_an_unseen_end_without_inventing_an_outcome() {
    let mut runs = batch();
    let mut newer = progress(150, "in-progress");
    newer.scheduled_at = Some(40_000);
    let ended = apply_progress(&mut runs, 7, &newer, 50_000, &[]);
    assert_eq!(ended.len(), 1);
    let r = &runs[0];
    assert!(r.is_finished() && r.end_unseen());
    assert_eq!(r.state.label(), ENDED_UNSEEN);
    assert_eq!(r.ended_ms, Some(40_000));
    // An answer older than the run leaves it alone.
    assert!(apply_progress(&mut runs, 8, &progress(90, "completed"), 50_000, &[]).is_empty());
    assert!(!runs[1].is_finished());
}

#[test]
fn a_run_only_watched_takes_its_first_state_silently() {
    let mut runs = Vec::new();
    watch(&mut runs, 7, "Seven".into(), 100, 5);
    let ended = apply_progress(&mut runs, 7, &progress(100, "completed"), 6, &[100]);
    assert!(ended.is_empty());
    assert!(runs[0].is_finished());
}

#[test]
fn clearing_keeps_runs_still_going() {
    let mut runs = batch();
    apply_progress(&mut runs, 7, &progress(100, "completed"), 1, &[]);
    clear_finished(&mut runs);
    assert_eq!(runs.iter().map(|r| r.run_id).collect::<Vec<_>>(), [101]);
}

#[test]
fn the_cap_forgets_the_oldest_finished_runs_first() {
    let mut runs: Vec<WatchedRun> = Vec::new();
    for i in 0..CAP as i64 {
        record_batch(&mut runs, i, &[(i, format!("Job {i}"), i)], i);
        if i < 10 {
            apply_progress(&mut runs, i, &progress(i, "completed"), i, &[]);
        }
    }
    record_batch(&mut runs, 999, &[(999, "New".into(), 999)], 999);
    assert_eq!(runs.len(), CAP);
    let kept = |id| runs.iter().any(|r| r.run_id == id);
    assert!(!kept(0), "the oldest finished run goes first");
    assert!(kept(9) && kept(10) && kept(999));
}

#[test]
fn the_previous_run_is_the_newest_earlier_finished_one_of_the_same_job() {
    let mut runs = Vec::new();
    for (run, status) in [(10, "completed"), (20, "failed"), (30, "in-progress")] {
        record_batch(&mut runs, run, &[(7, "Seven".into(), run)], run);
        apply_progress(&mut runs, 7, &progress(run, status), run, &[]);
    }
    let current = runs[0].clone();
    assert_eq!(previous_run(&runs, &current).map(|r| r.run_id), Some(20));
    let first = runs.iter().find(|r| r.run_id == 10).unwrap().clone();
    assert_eq!(previous_run(&runs, &first), None);
}

#[test]
fn the_store_survives_storage_with_unknown_states() {
    let mut runs = batch();
    runs[0].state = RunState::from_raw("Paused by agent");
    let json = serde_json::to_string(&runs).unwrap();
    assert!(json.contains("\"Paused by agent\"") && json.contains("\"new\""));
    let back: Vec<WatchedRun> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, runs);
}
