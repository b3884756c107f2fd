//! Bulk edit's planner: bodies, the four-at-once limit, retries and the refusal-once rule.

use super::*;
use crate::api::RunState;

fn job(id: i64) -> Job {
    Job {
        id,
        input: JobInput {
            job_name: format!("Job {id}"),
            job_description: "kept".into(),
            project_id: 1,
            release_id: 10,
            automation_framework: "Selenium".into(),
            create_package: true,
            cycle_name: "Sprint 1".into(),
            phase_name: "Smoke".into(),
            job_detail_tcr_catalog_tree_id: Some(5),
            test_repository_path: "Root > UI".into(),
            assign_results_to: Some(3),
            environment: "staging".into(),
            is_reuse: true,
            time_stamp: false,
            ..JobInput::default()
        },
        status: RunState::Completed,
        created_by: None,
        created_at: None,
        modified_at: Some(1000),
        scheduled_at: None,
    }
}

fn jobs(n: i64) -> Vec<Job> {
    (1..=n).map(job).collect()
}

#[test]
fn untouched_fields_keep_each_jobs_own_values() {
    let changes = Changes {
        cycle: Some("  Sprint 2 ".into()),
        ..Changes::default()
    };
    assert_eq!(changes.count(), 1);
    let body = changes.apply(&job(1).input);
    assert_eq!(body.cycle_name, "Sprint 2");
    assert_eq!(
        JobInput {
            cycle_name: "Sprint 1".into(),
            ..body
        },
        job(1).input,
        "every other field is the job's own"
    );
    assert_eq!(Changes::default().apply(&job(1).input), job(1).input);
}

#[test]
fn each_field_replaces_its_part_of_the_body() {
    let changes = Changes {
        cycle: Some("C".into()),
        phase: Some("".into()),
        folder: Some((None, "ignored".into())),
        assignee: Some(-10),
        framework: Some("JUnit".into()),
        environment: Some("prod".into()),
        is_reuse: Some(false),
        time_stamp: Some(true),
    };
    assert_eq!(changes.count(), 8);
    let body = changes.apply(&job(1).input);
    assert_eq!(body.cycle_name, "C");
    assert_eq!(body.phase_name, "");
    assert_eq!(body.job_detail_tcr_catalog_tree_id, None);
    assert_eq!(body.test_repository_path, "", "no folder, no path");
    assert_eq!(body.assign_results_to, Some(-10));
    assert_eq!(body.automation_framework, "JUnit");
    assert!(!body.create_package, "a package is Selenium's only");
    assert_eq!(body.environment, "prod");
    assert!(!body.is_reuse && body.time_stamp);
    assert_eq!(body.job_name, "Job 1");
    assert_eq!(body.job_description, "kept");
}

#[test]
fn an_empty_cycle_is_refused_before_sending() {
    let changes = Changes {
        cycle: Some("  ".into()),
        ..Changes::default()
    };
    assert!(changes.problem().is_some());
    assert!(Changes::default().problem().is_none());
}

#[test]
fn at_most_four_are_in_flight_and_each_is_sent_once() {
    let mut batch = Batch::new(&jobs(6), &Changes::default());
    let first: Vec<i64> = std::iter::from_fn(|| batch.take_next().map(|(id, _)| id)).collect();
    assert_eq!(first, [1, 2, 3, 4]);
    batch.record(2, Answer::Saved);
    assert_eq!(batch.take_next().map(|(id, _)| id), Some(5));
    assert_eq!(batch.take_next(), None, "four in flight again");
    for id in [1, 3, 4, 5] {
        batch.record(id, Answer::Saved);
    }
    assert_eq!(batch.take_next().map(|(id, _)| id), Some(6));
    assert!(!batch.finished());
    batch.record(6, Answer::Failed("boom".into()));
    assert!(batch.finished());
    assert_eq!(batch.take_next(), None);
    assert_eq!(batch.progress_text(), "5 of 6 saved");
    assert_eq!(batch.summary(), "5 of 6 saved. 1 failed.");
}

#[test]
fn retry_sends_only_the_failed_again() {
    let mut batch = Batch::new(&jobs(20), &Changes::default());
    while let Some((id, _)) = batch.take_next() {
        let answer = if [4, 9, 17].contains(&id) {
            Answer::Failed(format!("Injected fault for {id}"))
        } else {
            Answer::Saved
        };
        batch.record(id, answer);
    }
    assert!(batch.finished());
    assert_eq!(
        (batch.saved(), batch.failed(), batch.retryable()),
        (17, 3, 3)
    );
    assert_eq!(batch.retry(), 3);
    let again: Vec<i64> = std::iter::from_fn(|| batch.take_next().map(|(id, _)| id)).collect();
    assert_eq!(again, [4, 9, 17]);
    for id in again {
        batch.record(id, Answer::Saved);
    }
    assert_eq!(batch.progress_text(), "20 of 20 saved");
    assert_eq!(batch.retryable(), 0);
}

#[test]
fn the_first_refusal_stops_the_rest_and_is_reported_once() {
    let mut batch = Batch::new(&jobs(40), &Changes::default());
    let sent: Vec<i64> = std::iter::from_fn(|| batch.take_next().map(|(id, _)| id)).collect();
    assert_eq!(sent.len(), MAX_IN_FLIGHT);
    batch.record(1, Answer::ReadOnly("Not permitted".into()));
    assert_eq!(batch.take_next(), None, "nothing more is sent");
    // The other three were already on their way: refused too, still one message.
    for id in [2, 3, 4] {
        batch.record(id, Answer::ReadOnly(format!("Not permitted {id}")));
    }
    assert!(batch.finished());
    assert_eq!(batch.count(|o| *o == Outcome::Refused), 4);
    assert_eq!(batch.count(|o| *o == Outcome::NotSent), 36);
    assert_eq!(
        batch.refusal_text().as_deref(),
        Some("Your token is read-only: nothing was changed. (Not permitted)")
    );
    assert_eq!(batch.summary().matches("read-only").count(), 1);
}

#[test]
fn a_refusal_after_some_saves_says_the_rest_was_not_changed() {
    let mut batch = Batch::new(&jobs(6), &Changes::default());
    let (first, _) = batch.take_next().unwrap();
    batch.record(first, Answer::Saved);
    let (second, _) = batch.take_next().unwrap();
    batch.record(second, Answer::ReadOnly("No".into()));
    assert!(batch
        .refusal_text()
        .unwrap()
        .contains("the rest was not changed"));
    assert_eq!(batch.retry(), 5, "retry offers the refused and the unsent");
}

#[test]
fn saved_jobs_show_at_once_until_a_newer_load() {
    let loaded: Arc<Vec<IndexedJob>> = Arc::new(jobs(3).into_iter().map(IndexedJob::new).collect());
    let none = with_saved(loaded.clone(), &HashMap::new());
    assert!(Arc::ptr_eq(&none, &loaded), "nothing saved: the same list");

    let mut saved_job = job(2);
    saved_job.input.cycle_name = "Sprint 2".into();
    saved_job.modified_at = Some(2000);
    let saved = HashMap::from([(2, saved_job.clone())]);
    let shown = with_saved(loaded.clone(), &saved);
    assert_eq!(shown[1].job, saved_job);
    assert_eq!(shown[0].job, job(1));

    // A reload since then brought a newer copy: it wins.
    let mut newer = job(2);
    newer.modified_at = Some(3000);
    let reloaded: Arc<Vec<IndexedJob>> = Arc::new(vec![IndexedJob::new(newer.clone())]);
    let shown = with_saved(reloaded.clone(), &saved);
    assert!(Arc::ptr_eq(&shown, &reloaded));
}
