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

/// The batch of every job given, all selected and all still on the server.
fn batch_of(jobs: &[Job]) -> Batch {
    let selected: Vec<(i64, String)> = jobs.iter().map(|j| (j.id, j.display_name())).collect();
    Batch::for_selection(&selected, jobs, &Changes::default())
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
    let mut batch = batch_of(&jobs(6));
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
    let mut batch = batch_of(&jobs(20));
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
    let mut batch = batch_of(&jobs(40));
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
    let mut batch = batch_of(&jobs(6));
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
    let listed = |job: &Job| IndexedJob::new(ListJob::from(job));
    let loaded: Arc<Vec<IndexedJob>> = Arc::new(jobs(3).iter().map(listed).collect());
    let none = with_saved(loaded.clone(), &HashMap::new());
    assert!(Arc::ptr_eq(&none, &loaded), "nothing saved: the same list");

    let mut saved_job = job(2);
    saved_job.input.cycle_name = "Sprint 2".into();
    saved_job.modified_at = Some(2000);
    let saved = HashMap::from([(2, saved_job.clone())]);
    let shown = with_saved(loaded.clone(), &saved);
    assert_eq!(shown[1].job, ListJob::from(&saved_job));
    assert_eq!(shown[1].job.cycle, "Sprint 2");
    assert_eq!(shown[0].job, ListJob::from(&job(1)));

    // A reload since then brought a newer copy: it wins.
    let mut newer = job(2);
    newer.modified_at = Some(3000);
    let reloaded: Arc<Vec<IndexedJob>> = Arc::new(vec![listed(&newer)]);
    let shown = with_saved(reloaded.clone(), &saved);
    assert!(Arc::ptr_eq(&shown, &reloaded));
}

#[test]
fn a_selection_is_sent_as_the_server_has_it_now_and_gone_jobs_never() {
    // Selected in the list: 3, 1, 2 in its order; the server no longer has 1, and job 3's
    // description changed since the list was loaded.
    let selected: Vec<(i64, String)> = [3, 1, 2].map(|id| (id, format!("Job {id}"))).to_vec();
    let mut current = vec![job(2), job(3)];
    current[1].input.job_description = "changed by someone else".into();
    let changes = Changes {
        environment: Some("prod".into()),
        ..Changes::default()
    };
    let mut batch = Batch::for_selection(&selected, &current, &changes);
    assert_eq!(
        batch.items.iter().map(|i| i.id).collect::<Vec<_>>(),
        [3, 1, 2]
    );
    assert_eq!(batch.items[1].outcome, Outcome::Gone);
    assert_eq!(batch.items[1].name, "Job 1");

    let sent: Vec<(i64, JobInput)> = std::iter::from_fn(|| batch.take_next()).collect();
    assert_eq!(sent.iter().map(|(id, _)| *id).collect::<Vec<_>>(), [3, 2]);
    assert_eq!(sent[0].1.job_description, "changed by someone else");
    assert_eq!(sent[0].1.environment, "prod");
    batch.record(3, Answer::Saved);
    batch.record(2, Answer::Failed("boom".into()));
    assert!(batch.finished());
    assert_eq!(batch.progress_text(), "1 of 2 saved");
    assert_eq!(batch.to_save(), 2);
    assert_eq!(
        batch.summary(),
        "1 of 2 saved. 1 failed. 1 job is no longer on the server: it was not changed."
    );
    assert_eq!(batch.retry(), 1, "the gone job is not retried");
    assert_eq!(batch.take_next().map(|(id, _)| id), Some(2));
}

#[test]
fn a_selection_wholly_gone_is_finished_at_once() {
    let batch = Batch::for_selection(&[(9, "Job 9".into())], &[job(1)], &Changes::default());
    assert!(batch.finished());
    assert_eq!(
        batch.summary(),
        "Nothing to save. 1 job is no longer on the server: it was not changed."
    );
}
